"""Glossary enforcement on machine translations: verify, repair, or mask and restore.

The engine translates unmasked first, so that it can inflect a fixed term (ru
"в Нур-Султане", kk "Нұр-Сұлтанда"). Each glossary term of the source is then looked
for in an admissible form of any accepted rendering; a known wrong rendering is
repaired to the preferred one keeping its ending;
only a term still missing is masked as ``[X0X]`` for a second translation and
restored in the case its context asks for (see shared notes on MT engines).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from l10n.glossary.model import Glossary, TermMatch
from l10n.glossary.termcheck.match import (
    attach_suffix,
    case_from_context,
    find_rendering,
    inflect,
    repair,
)

_MASK_RE = re.compile(r"\[\s*X\s*(\d+)\s*X\s*\]")
_KK_SUFFIX_RE = re.compile(r"-?[^\W\d_]+")


@dataclass
class Checked:
    """A translation after verification and repair."""

    text: str
    notes: list[str] = field(default_factory=list)
    missing: list[TermMatch] = field(default_factory=list)  # terms still to be enforced


def rendering_of(glossary: Glossary, match: TermMatch, lang: str) -> str | None:
    """The preferred rendering of a matched term in ``lang`` (a dnt term: itself)."""
    return glossary.rendering(match.term, lang)


def verify(glossary: Glossary, source: str, target: str, lang: str) -> Checked:
    """Check every glossary term of ``source`` in ``target``; repair known wrong renderings.

    A term is in place when any of its accepted renderings is (the preferred one or an
    admitted one: "ОБСЕ" for the Organization for Security and Co-operation in Europe);
    a repair always writes the preferred one.
    """
    result = Checked(target)
    matches = glossary.find(source)
    # "Astana" is wrong for Nur-Sultan but right where the source names Astana too, and
    # fr "Noursoultan" is wrong for the city but part of "Noursoultan Nazarbaïev".
    approved = [r for m in matches for r in glossary.accepted(m.term, lang)]
    for match in matches:
        accepted = glossary.accepted(match.term, lang)
        if not accepted or any(find_rendering(result.text, r, lang) for r in accepted):
            continue
        rendering = accepted[0]
        wrong = tuple(w for w in match.term.avoid.get(lang, ())
                      if not any(w in other for other in approved))
        fixed = repair(result.text, rendering, wrong, lang) if wrong else None
        if fixed is not None and find_rendering(fixed, rendering, lang):
            result.text = fixed
            result.notes.append(f"glossary: repaired to {rendering}")
        else:
            result.missing.append(match)
    return result


def mask(source: str, matches: Sequence[TermMatch]) -> str:
    """Replace the given term occurrences of ``source`` by ``[X0X]``, ``[X1X]``…"""
    out: list[str] = []
    pos = 0
    for number, match in enumerate(sorted(matches, key=lambda m: m.start)):
        out.append(source[pos : match.start])
        out.append(f"[X{number}X]")
        pos = match.end
    out.append(source[pos:])
    return "".join(out)


def unmask(glossary: Glossary, masked_translation: str, matches: Sequence[TermMatch],
           lang: str) -> tuple[str, list[str]] | None:
    """Put each masked term back, inflected as its context asks; None if a mask was lost."""
    ordered = sorted(matches, key=lambda m: m.start)
    found = {int(m.group(1)) for m in _MASK_RE.finditer(masked_translation)}
    if found != set(range(len(ordered))):
        return None
    notes: list[str] = []
    text = masked_translation
    for number, match in enumerate(ordered):
        rendering = rendering_of(glossary, match, lang) or match.surface
        m = next(m for m in _MASK_RE.finditer(text) if int(m.group(1)) == number)
        before, after = text[: m.start()], text[m.end():]
        form, absorbed = _inflected(rendering, lang, before, after)
        after = after[absorbed:]
        if form == rendering and lang[:2] in ("kk", "ru"):
            notes.append(f"glossary: inserted {rendering} in its base form; check its case")
        else:
            notes.append(f"glossary: inserted {form}")
        text = before + form + after
    return text, notes


def _inflected(rendering: str, lang: str, before: str, after: str) -> tuple[str, int]:
    """The form of ``rendering`` for its place, and how many characters of ``after``
    it absorbed (a Kazakh suffix glued to the mask)."""
    if lang.startswith("kk"):
        suffix = _KK_SUFFIX_RE.match(after)
        if suffix:
            return attach_suffix(rendering, suffix.group(0)), suffix.end()
    elif lang.startswith("ru"):
        case = case_from_context("ru", before, after)
        if case and case != "nominative":
            return inflect(rendering, "ru", case), 0
    return rendering, 0
