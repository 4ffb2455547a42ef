"""Find glossary renderings in a translation in any admissible inflected form, and repair wrong ones.

Target languages differ in how a term may change inside a sentence:

* fr: exact (first letter may change case; ``'`` and ``’`` are the same).
* ru: the leading words of the term (adjectives, the head noun, names in apposition) take case
  endings; known words use their pymorphy3 lexeme, unknown words (names) a list of endings.
  Words after the head ("ООН по правам человека") stay as they are.
* kk: suffixes (plural × possessive × case) attach to the last word only, with vowel harmony,
  consonant assimilation and п/к/қ voicing; after acronyms and digits a hyphen comes first.

The Russian and Kazakh forms live in ru.py and kk.py, what they share in text.py.
Everything works on plain strings; see ``notes/mt-engines.md`` ("Glossary enforcement that
survives inflection").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

try:  # CPython's regex parser: only a speed-up, so a Python without it just searches
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _sre = _sre_parser = None

from l10n.glossary.termcheck.kk import (
    _KK_VOWELS,
    _Chain,
    _kk_any_chain,
    _kk_suffixes,
    _kk_yo,
    _kk_parse_suffix,
    _kk_pattern,
    _kk_with_chain,
    attach_suffix,
)
from l10n.glossary.termcheck.ru import _morph, _ru_analyse, _ru_cases_of, _ru_inflect, _ru_pattern
from l10n.glossary.termcheck.text import (
    _CYR,
    _HYPHENS,
    _LAT,
    _LEFT,
    _RIGHT,
    CASES,
    TermHit,
    _canon_case,
    _common_suffix,
    _lang,
    _lit,
)

__all__ = [
    "CASES", "TermHit", "attach_suffix", "case_from_context", "find_rendering",
    "find_renderings", "find_wrong", "inflect", "mixed_script_words", "repair",
]


class _Compiled(NamedTuple):
    """A rendering's pattern, the index of its head word (ru), the literals one of which
    every match contains (None: unknown) and, for a kk pattern whose suffix group takes any
    letters, the suffixes allowed there (ё read as е; None: the pattern lists them)."""

    pattern: re.Pattern[str]
    head: int
    required: frozenset[str] | None
    suffixes: frozenset[str] | None


@lru_cache(maxsize=4096)
def _compiled(rendering: str, lang: str) -> _Compiled:
    rendering = " ".join(rendering.split())
    suffixes = None
    if lang == "ru":
        pattern, head = _ru_pattern(rendering)
    elif lang == "kk":
        suffixes = _kk_suffixes(rendering)
        pattern, head = _kk_pattern(rendering, any_suffix=suffixes is not None), 0
    else:
        pattern, head = _LEFT + _lit(rendering, fold_first=True) + _RIGHT, 0
    return _Compiled(re.compile(pattern), head, _required_literals(pattern), suffixes)


def _required_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains (None: no such set known).

    A cheap ``in`` test with them skips most searches: the patterns start with a look-behind,
    which leaves the regex engine no literal prefix to scan for.
    """
    if _sre_parser is None:
        return None
    try:
        parsed = _sre_parser.parse(pattern)
    except Exception:  # an internal API: never let it break matching
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None  # literals would match in other cases too
    found = _required_in(list(parsed))
    return found if found and all(found) else None


def _required_in(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items + [(None, None)]:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:  # consecutive literals: one contiguous string that every match contains
            candidates.append(frozenset(["".join(run)]))
            run = []
        sub: frozenset[str] | None = None
        if op is _sre.SUBPATTERN:
            if av[1] or av[2]:
                return None  # a scoped flag such as (?i:...): give up
            sub = _required_in(list(av[3]))
        elif op is _sre.BRANCH:
            alternatives = [_required_in(list(a)) for a in av[1]]
            if all(alternatives):
                sub = frozenset().union(*(a for a in alternatives if a))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            sub = _required_in(list(av[2]))
        elif op is _sre.ATOMIC_GROUP:
            sub = _required_in(list(av))
        if sub:
            candidates.append(sub)
        # Anything else (classes, look-arounds, anchors, optional parts) requires nothing.
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def find_renderings(text: str, rendering: str, lang: str) -> list[TermHit]:
    """Every occurrence of ``rendering`` in ``text`` in an admissible form, left to right.

    Args:
        text: A translation.
        rendering: The term as the glossary gives it (nominative, singular).
        lang: Target language: "kk", "ru", "fr" (others are matched like fr: exactly).

    Returns:
        The hits, not overlapping.
    """
    if not rendering.strip():
        return []
    lang = _lang(lang)
    pattern, head, required, suffixes = _compiled(rendering, lang)
    if required is not None and not any(r in text for r in required):
        return []
    base = " ".join(rendering.split())
    hits = []
    pos = 0
    # pattern.finditer, except that a kk match whose letters after the stem are no suffix
    # of the rendering is no match there (the listing pattern would fail at that start).
    while (m := pattern.search(text, pos)) is not None:
        pos = m.end()
        if lang == "ru":
            suffix = _common_suffix(m.group(f"w{head}"), base.split()[head])
        elif lang == "kk":
            suffix = m.group("suffix") or ""
            if suffix and suffixes is not None and _kk_yo(
                    suffix.lstrip(_HYPHENS)) not in suffixes:
                pos = m.start() + 1
                continue
            voiced = m.group("stem")[-1:] != base[-1:]
            if voiced and suffix[:1].lower() not in _KK_VOWELS:
                continue  # "Қазағ", "Қазағқа": voicing only before a vowel-initial suffix
        else:
            suffix = ""
        hits.append(TermHit(m.start(), m.end(), m.group(0), suffix, rendering))
    return hits


def find_rendering(text: str, rendering: str, lang: str) -> TermHit | None:
    """The first occurrence of the approved ``rendering`` in ``text``, in any admissible form.

    >>> find_rendering("Встреча прошла в Нур-Султане.", "Нур-Султан", "ru").text
    'Нур-Султане'
    >>> find_rendering("Кездесу Нұр-Сұлтанда өтті.", "Нұр-Сұлтан", "kk").suffix
    'да'
    >>> find_rendering("Встреча прошла в Нурсултане.", "Нур-Султан", "ru") is None
    True
    """
    hits = find_renderings(text, rendering, lang)
    return hits[0] if hits else None


def find_wrong(text: str, wrong_renderings: Sequence[str], lang: str) -> list[TermHit]:
    """Occurrences of known wrong renderings, inflection-tolerant, sorted, without overlaps.

    A longer hit wins over a shorter one at the same place. In ru, a one-word wrong rendering
    directly followed by a surname is taken for a first name and skipped ("Нурсултан
    Назарбаев" is not a misspelt "Нур-Султан").
    """
    lang = _lang(lang)
    found = [h for w in wrong_renderings for h in find_renderings(text, w, lang)
             if not (lang == "ru" and len(w.split()) == 1 and _before_surname(text, h.end))]
    found.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[TermHit] = []
    for h in found:
        if not out or h.start >= out[-1].end:
            out.append(h)
    return out


_NEXT_WORD = re.compile(r"\s+([А-ЯЁ][а-яё]+)")


def _before_surname(text: str, end: int) -> bool:
    """"Нурсултан Назарбаев" is a first name, not a misspelt city (ru only)."""
    m = _NEXT_WORD.match(text, end)
    if not m:
        return False
    word = m.group(1)
    return bool(re.search(r"(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ом|е|ой|ы|ых)?$", word)) or any(
        "Surn" in p.tag for p in _morph().parse(word)[:3])


def _ru_replacement(text: str, hit: TermHit, rendering: str) -> str:
    words = _ru_analyse(" ".join(hit.rendering.split()))
    heads = [i for i, w in enumerate(words) if w.role == "inflect"]
    if not heads:
        return rendering
    found = hit.text.split()
    i = heads[-1] if len(found) == len(words) else 0
    cases = _ru_cases_of(found[min(i, len(found) - 1)], words[i])
    if not cases:
        return rendering
    hinted = case_from_context("ru", text[:hit.start], text[hit.end:])
    case = hinted if hinted in cases else cases[0]
    if "nominative" in cases and hinted not in cases:
        case = "nominative"
    return _ru_inflect(" ".join(rendering.split()), case)


def repair(text: str, rendering: str, wrong_renderings: Sequence[str], lang: str) -> str | None:
    """Replace known wrong renderings by the approved one, keeping the case/suffix they carried.

    >>> repair("Форум прошёл в Нурсултане.", "Нур-Султан", ["Нурсултан"], "ru")
    'Форум прошёл в Нур-Султане.'
    >>> repair("Форум Астанада өтті.", "Нұр-Сұлтан", ["Астана"], "kk")
    'Форум Нұр-Сұлтанда өтті.'

    Returns:
        The repaired text, or None when no wrong rendering was found.
    """
    lang = _lang(lang)
    approved = find_renderings(text, rendering, lang)
    hits = [h for h in find_wrong(text, wrong_renderings, lang)
            if not any(a.start < h.end and h.start < a.end for a in approved)]
    if not hits:
        return None
    out = text
    for h in reversed(hits):
        if lang == "kk":
            chain = _kk_parse_suffix(" ".join(h.rendering.split()), h.suffix) if h.suffix else None
            new = _kk_with_chain(rendering, chain) if chain else (
                attach_suffix(rendering, h.suffix) if h.suffix else rendering)
        elif lang == "ru":
            new = _ru_replacement(text, h, rendering)
        else:
            new = rendering
        if h.text[:1].isupper() and new[:1].islower():  # a sentence starts with it
            new = new[:1].upper() + new[1:]
        out = out[:h.start] + new + out[h.end:]
    return out


def inflect(rendering: str, lang: str, case: str) -> str:
    """Best-effort form of ``rendering`` in ``case`` (see ``CASES``; pymorphy codes accepted).

    kk: the case suffix with vowel harmony on the last word (hyphen after acronyms/digits).
    ru: pymorphy3 for known words, an ending table for names, else the base form.
    fr and others: unchanged. ``"ablt"`` is pymorphy's instrumental; the Kazakh ablative is
    ``"ablative"``.

    >>> inflect("Нұр-Сұлтан", "kk", "locative")
    'Нұр-Сұлтанда'
    >>> inflect("Уголовный кодекс", "ru", "gent")
    'Уголовного кодекса'
    """
    c, lang = _canon_case(case), _lang(lang)
    rendering = " ".join(rendering.split())
    if lang == "kk":
        return _kk_with_chain(rendering, _Chain(case=c))
    if lang == "ru":
        if c == "ablative":
            c = "genitive"  # Russian has no ablative; "from" is из/от + genitive
        return _ru_inflect(rendering, c)
    return rendering


_RU_PREPOSITIONS = {
    **dict.fromkeys(("в", "во", "на", "о", "об", "обо", "при"), "locative"),
    **dict.fromkeys(("из", "от", "до", "для", "у", "без", "около", "после", "вокруг", "против",
                     "кроме", "среди", "возле", "вблизи", "из-за", "из-под", "со стороны"),
                   "genitive"),
    **dict.fromkeys(("к", "ко", "по", "благодаря", "согласно", "вопреки"), "dative"),
    **dict.fromkeys(("через", "про", "сквозь"), "accusative"),
    **dict.fromkeys(("над", "под", "перед", "между", "с", "со"), "instrumental"),
}
_RU_MOTION = re.compile(r"(?:прибы|приех|поех|прилет|прилёт|отправ|верну|визит|поездк|направ|"
                        r"переех|перенес|пригла|командир|ехать|летет)\w*\s+(?:в|во|на)\s*$",
                        re.IGNORECASE)
_MASK_SUFFIX = re.compile(r"^[-\u2010\u2011]?([^\W\d_]+)")


def case_from_context(lang: str, before: str, after: str) -> str | None:
    """Guess the case a term should take from the text around a mask (or a found form).

    ru: the preposition just before (в/на → locative, but accusative after verbs of motion;
    из/от/до/для/у → genitive; к/по → dative; с/над/под/перед/между → instrumental).
    kk: a suffix glued to the mask ("[X0X]-те", "[X0X]да"). Others: None.

    >>> case_from_context("ru", "встреча в ", "")
    'locative'
    >>> case_from_context("kk", "Кездесу ", "-те өтті")
    'locative'
    """
    lang = _lang(lang)
    if lang == "ru":
        m = re.search(r"(?:^|[^\w-])((?:со\s+стороны)|[\w-]+)\s*[«\"„“(]?\s*$", before.lower())
        if not m:
            return None
        prep = " ".join(m.group(1).split())
        if prep in {"в", "во", "на"} and _RU_MOTION.search(before):
            return "accusative"
        if prep in {"с", "со"}:
            return "instrumental"
        return _RU_PREPOSITIONS.get(prep)
    if lang == "kk":
        m = _MASK_SUFFIX.match(after)
        if not m:
            return None
        chain = _kk_any_chain(m.group(1))
        return chain.case if chain else None
    return None


def mixed_script_words(text: str) -> list[str]:
    """Words that mix Latin and Cyrillic letters ("Нур-Sultan", Latin "a" in "Кaзахстан").

    Each such word once, in order of appearance.
    """
    words = re.findall(r"[^\W\d_]+(?:[-\u2010\u2011'\u2019][^\W\d_]+)*", text)
    return list(dict.fromkeys(w for w in words if _CYR.search(w) and _LAT.search(w)))
