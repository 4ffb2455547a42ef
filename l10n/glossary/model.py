"""The glossary of fixed terms: its model, and finding its terms in English source text.

Loading it from a folder and reading and writing its CSV files is `l10n.glossary.csvfile`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from l10n.workspace.errors import InputError, UsageError
from l10n.workspace.locales import normalize_locale

__all__ = ["KINDS", "SEPARATOR", "Glossary", "Term", "TermMatch", "check_term", "normalized"]

KINDS = ("dnt", "fixed", "abbrev")
#: Separates several values in one glossary cell (variants, renderings, wrong renderings).
SEPARATOR = "|"

# Same shape as l10n.documents.base.PLACEHOLDER_RE: <1>, </1>, <2/>.
_PLACEHOLDER_RE = re.compile(r"</?\d+/?>")
_HYPHENS = "-\u2010\u2011"
_APOSTROPHES = "'\u2019"


@dataclass(frozen=True)
class Term:
    """One fixed term: an English base form and how each language must render it.

    ``renderings`` maps a language code to the preferred rendering (for ``dnt`` the
    term itself applies when no rendering is given); ``admitted`` maps a language code
    to further accepted renderings (an abbreviation allowed instead of the full name,
    an official full name, a house variant), in order; ``avoid`` maps a language code
    to known wrong renderings. ``source`` and ``line`` say where the term was
    defined; they take no part in comparisons.
    """

    term: str
    kind: str = "fixed"
    renderings: Mapping[str, str] = field(default_factory=dict, hash=False)
    avoid: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    variants: tuple[str, ...] = ()
    case_sensitive: bool = False
    note: str = ""
    admitted: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    source: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    @property
    def forms(self) -> tuple[str, ...]:
        """The base form followed by the variants."""
        return (self.term, *self.variants)

    @property
    def where(self) -> str:
        """``path:line`` of the definition, for messages."""
        return f"{self.source}:{self.line}" if self.line else self.source or "<glossary>"


@dataclass(frozen=True)
class TermMatch:
    """An occurrence of a term in a text: ``text[start:end] == surface``."""

    term: Term
    start: int
    end: int
    surface: str


class Glossary:
    """A checked set of terms with lookup, matching and translator hints.

    Raises:
        InputError: two terms share a form (term or variant) but disagree on kind
            or renderings; the message names both definitions.
    """

    def __init__(self, terms: Iterable[Term], langs: Sequence[str] = ()) -> None:
        self.langs: tuple[str, ...] = tuple(dict.fromkeys(langs))
        self._by_form: dict[str, Term] = {}
        kept: list[Term] = []
        for term in terms:
            if self._register(term):
                kept.append(term)
        self.terms: tuple[Term, ...] = tuple(kept)
        self._patterns = [(term, _term_pattern(term), _needles(term)) for term in self.terms]
        self._found: dict[str, list[TermMatch]] = {}

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def _register(self, term: Term) -> bool:
        """Index the term's forms; False when it merely repeats an earlier term."""
        for form in term.forms:
            known = self._by_form.get(form.casefold())
            if known is None or known is term:
                continue
            if not _agree(known, term):
                raise InputError(
                    term.source or "<glossary>",
                    term.line or None,
                    f"{form!r} is already defined at {known.where} "
                    f"with {_difference(known, term)}; keep one definition or make them agree",
                )
            if known.term.casefold() == term.term.casefold():
                return False
        for form in term.forms:
            self._by_form.setdefault(form.casefold(), term)
        return True

    def lookup(self, form: str) -> Term | None:
        """The term whose base form or variant is ``form`` (any case), if any."""
        return self._by_form.get(form.strip().casefold())

    def rendering(self, term: Term | str, lang: str) -> str | None:
        """The preferred rendering of a term in ``lang`` (``accepted`` gives the others too).

        Args:
            term: a Term or an English form (base form or variant) of one.
            lang: a language code; ``kk_KZ`` falls back to ``kk``.

        Returns:
            The rendering; the term itself for a ``dnt`` term without one; None when
            the term is unknown or has no approved rendering in that language.
        """
        found = term if isinstance(term, Term) else self.lookup(term)
        if found is None:
            return None
        value = _for_lang(found.renderings, lang)
        if value:
            return value
        return found.term if found.kind == "dnt" else None

    def accepted(self, term: Term | str, lang: str) -> tuple[str, ...]:
        """Every accepted rendering of a term in ``lang``: the preferred one, then the
        admitted ones (issue 10).

        Args:
            term: a Term or an English form (base form or variant) of one.
            lang: a language code; ``kk_KZ`` falls back to ``kk``.

        Returns:
            The renderings, preferred first; () when the term is unknown or has none in
            that language.

        >>> osce = Term("OSCE", "abbrev", {"ru": "ОБСЕ"}, admitted={"ru": ("Организация",)})
        >>> Glossary([osce]).accepted("OSCE", "ru_RU")
        ('ОБСЕ', 'Организация')
        """
        found = term if isinstance(term, Term) else self.lookup(term)
        if found is None:
            return ()
        preferred = self.rendering(found, lang)
        if preferred is None:
            return ()
        return tuple(dict.fromkeys((preferred, *(_for_lang(found.admitted, lang) or ()))))

    def terms_for(self, lang: str) -> list[Term]:
        """Terms that have an approved rendering in ``lang`` (every ``dnt`` term has one)."""
        return [term for term in self.terms if self.rendering(term, lang) is not None]

    def find(self, text: str) -> list[TermMatch]:
        """Find the glossary's terms in English text.

        Matches the base form and variants with English possessive and plural endings
        (``Kazakhstan’s``, ``Criminal Codes``, ``NGOs``), at word boundaries, with each
        term's case rule. Placeholders (``<1>``, ``</1>``, ``<2/>``) are never matched
        or matched across. Overlaps are resolved longest first.

        Args:
            text: a source string, e.g. a msgid.

        Returns:
            Non-overlapping matches in text order.

        >>> g = Glossary([Term("Nur-Sultan", renderings={"ru": "Нур-Султан"})])
        >>> [(m.surface, m.start) for m in g.find("Capital: Nur-Sultan’s mayor")]
        [('Nur-Sultan’s', 9)]
        """
        cached = self._found.get(text)
        if cached is None:  # the same msgid is looked up for every language and check
            cached = self._found[text] = self._find(text)
        return list(cached)

    def _find(self, text: str) -> list[TermMatch]:
        masked = _PLACEHOLDER_RE.sub(lambda m: "\0" * len(m.group()), text)
        folded = masked.translate(_ASCII_CASE_FOLDS).lower()
        candidates = [
            (match.start(), match.end(), term)
            for term, pattern, needles in self._patterns
            if needles is None or any(n in folded for n in needles)
            for match in pattern.finditer(masked)
        ]
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
        chosen: list[tuple[int, int, Term]] = []
        for start, end, term in candidates:
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, term))
        chosen.sort(key=lambda c: c[0])
        return [TermMatch(term, start, end, text[start:end]) for start, end, term in chosen]

    def hints(self, text: str, lang: str) -> list[str]:
        """One line per term found in ``text``, for a PO ``#.`` comment.

        Example lines: ``Nur-Sultan → Нур-Султан (not: Нурсултан, Астана)``,
        ``PEN Canada → PEN Canada (keep as is)``, ``OSCE → ОБСЕ (also: Организация по
        безопасности…)``: the preferred rendering, then the admitted ones, each cut to
        about 30 characters at a word (but past the words it shares with the preferred
        one) so that the line stays short. Each term appears once, in order of first
        occurrence; terms without an approved rendering in ``lang`` are left out.
        """
        lines: list[str] = []
        seen: set[str] = set()
        for match in self.find(text):
            term = match.term
            rendering, *admitted = self.accepted(term, lang) or (None,)
            if rendering is None or term.term in seen:
                continue
            seen.add(term.term)
            remarks = ["keep as is"] if term.kind == "dnt" and rendering == term.term else []
            if admitted:
                shown = (_shortened(other, rendering) for other in admitted)
                remarks.append(f"also: {', '.join(shown)}")
            avoid = _for_lang(term.avoid, lang)
            if avoid:
                remarks.append(f"not: {', '.join(avoid)}")
            extra = f" ({'; '.join(remarks)})" if remarks else ""
            lines.append(f"{term.term} → {rendering}{extra}")
        return lines


_HINT_WIDTH = 30


def _shortened(text: str, preferred: str) -> str:
    """``text`` cut to about ``_HINT_WIDTH`` characters at a word, without a dangling short
    word ("Организация по безопасности и сотрудничеству…" → "Организация по безопасности…"),
    but never before the first word where it differs from the ``preferred`` rendering."""
    words = text.split()
    if len(text) <= _HINT_WIDTH:
        return text
    same = 0
    for mine, theirs in zip(words, preferred.split()):
        if mine.casefold() != theirs.casefold():
            break
        same += 1
    keep = same + 1
    while keep < len(words) and len(" ".join(words[: keep + 1])) <= _HINT_WIDTH:
        keep += 1
    while keep > same + 1 and len(words[keep - 1]) <= 2:
        keep -= 1
    return text if keep >= len(words) else " ".join(words[:keep]) + "…"


_V = TypeVar("_V")


def _for_lang(mapping: Mapping[str, _V], lang: str) -> _V | None:
    """Look ``lang`` up exactly, then normalized, then by its base language."""
    if lang in mapping:
        return mapping[lang]
    try:
        code = normalize_locale(lang)
    except UsageError:
        return None
    return mapping.get(code) or mapping.get(code.split("_")[0])


def _agree(a: Term, b: Term) -> bool:
    return a.kind == b.kind and _cells(a) == _cells(b)


def _cells(term: Term) -> dict[str, str]:
    """Each language's renderings as a glossary cell writes them: ``preferred|admitted…``."""
    langs = [*term.renderings, *(lang for lang in term.admitted if lang not in term.renderings)]
    return {lang: SEPARATOR.join(_accepted_in(term, lang)) for lang in langs}


def _accepted_in(term: Term, lang: str) -> tuple[str, ...]:
    """The term's own renderings for exactly ``lang`` (a ``dnt`` term's first is itself)."""
    preferred = term.renderings.get(lang) or (term.term if term.kind == "dnt" else "")
    return tuple(r for r in (preferred, *term.admitted.get(lang, ())) if r)


def _difference(a: Term, b: Term) -> str:
    if a.kind != b.kind:
        return f"kind {a.kind!r} there and {b.kind!r} here"
    cells_a, cells_b = _cells(a), _cells(b)
    for lang in sorted(set(cells_a) | set(cells_b)):
        there, here = cells_a.get(lang, ""), cells_b.get(lang, "")
        if there != here:
            return f"different renderings ({lang}: {there!r} there, {here!r} here)"
    return "a different definition"


def _term_pattern(term: Term) -> re.Pattern[str]:
    forms = sorted(term.forms, key=len, reverse=True)
    body = "|".join(_form_pattern(form) for form in forms)
    possessive = rf"(?:[{_APOSTROPHES}]s|(?<=[sS])[{_APOSTROPHES}])?"
    flags = 0 if term.case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<!\w)(?:{body}){possessive}(?!\w)", flags)


# The characters other than A-Z that Python's re.IGNORECASE takes for an ASCII letter
# (re/_casefix.py and its one-character lowercasing): ſ for s, ı and İ for i, the Kelvin
# sign for k. Mapped to the letter, a lower-cased text contains the lower-cased literal
# of every case-insensitive match.
_ASCII_CASE_FOLDS = str.maketrans({"\u017f": "s", "\u0131": "i", "\u0130": "i",
                                   "\u212a": "k"})
_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")


def _needles(term: Term) -> frozenset[str] | None:
    """Lower-case ASCII strings one of which the lower-cased text (``_ASCII_CASE_FOLDS``
    applied) contains wherever ``_term_pattern(term)`` matches: the longest run of ASCII
    letters and digits of each form's first word (its last word's stem when it takes
    -ies); None when a form has none of two characters or more. A cheap ``in`` test then
    skips most terms' searches (issue 10: a regex search per term and source)."""
    needles = set()
    for form in term.forms:
        words = form.split()
        first = words[0]
        if len(words) == 1 and len(first) > 1 and first[-1] in "yY" and \
                first[-2].lower() not in "aeiou":
            first = first[:-1]  # _form_pattern: (?:y|ies)
        runs = _ASCII_RUN.findall(first)
        best = max(runs, key=len, default="")
        if len(best) < 2:
            return None
        needles.add(best.lower())
    return frozenset(needles)


def _form_pattern(form: str) -> str:
    """A form's words, any run of spaces between them, plural endings on the last word."""
    words = [_literal(word) for word in form.split()]
    last = form.split()[-1]
    if len(last) > 1 and last[-1] in "yY" and last[-2].lower() not in "aeiou":
        words[-1] = _literal(last[:-1]) + "(?:y|ies)"
    elif last[-1].isalnum():
        words[-1] += "(?:e?s)?"
    return r"\s+".join(words)


def _literal(word: str) -> str:
    out = []
    for char in word:
        if char in _HYPHENS:
            out.append(f"[{_HYPHENS}]")
        elif char in _APOSTROPHES:
            out.append(f"[{_APOSTROPHES}]")
        else:
            out.append(re.escape(char))
    return "".join(out)


# --- loading and checking -------------------------------------------------------------


def check_term(term: Term) -> None:
    """Refuse a term that cannot be used: empty, unknown kind, admitted renderings without
    a preferred one, a ``|`` inside one value (glossary files separate values with it), an
    accepted rendering that is also to avoid.

    Raises:
        InputError: at the term's source and line.
    """
    where = (term.source or "<glossary>", term.line or None)
    if not term.term.strip():
        raise InputError(*where, "empty term: every row needs an English term")
    if term.kind not in KINDS:
        raise InputError(*where, f"unknown kind {term.kind!r}: use dnt, fixed or abbrev")
    for lang, admitted in term.admitted.items():
        if admitted and not term.renderings.get(lang) and term.kind != "dnt":
            raise InputError(*where, f"{lang}: admitted renderings without a preferred one: "
                             "the first rendering given is the preferred one")
    values = [*term.variants, *term.renderings.values(),
              *(v for group in [*term.admitted.values(), *term.avoid.values()] for v in group)]
    for value in values:
        if SEPARATOR in value:
            raise InputError(*where, f"{value!r} contains {SEPARATOR!r}, which separates "
                             "values in glossary files: give each value on its own")
    for lang, wrong in term.avoid.items():
        for approved in _accepted_in(term, lang):
            if approved in wrong:
                raise InputError(*where, f"{lang}: {approved!r} is both approved and to avoid")


def normalized(term: Term) -> Term:
    """The term with canonical language codes, no redundant ``dnt`` renderings and no
    admitted rendering repeating an accepted one."""
    renderings = {
        normalize_locale(lang): value
        for lang, value in term.renderings.items()
        if value and not (term.kind == "dnt" and value == term.term)
    }
    admitted: dict[str, tuple[str, ...]] = {}
    for lang, values in term.admitted.items():
        code = normalize_locale(lang)
        first = renderings.get(code) or (term.term if term.kind == "dnt" else "")
        kept = tuple(v for v in dict.fromkeys((*admitted.get(code, ()), *values))
                     if v and v != first)
        if kept:
            admitted[code] = kept
    avoid = {normalize_locale(lang): tuple(v) for lang, v in term.avoid.items() if v}
    return replace(term, renderings=renderings, admitted=admitted, avoid=avoid,
                   variants=tuple(term.variants))
