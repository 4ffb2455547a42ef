"""The QA check registry: the Issue a check yields, its context, and the ``@check`` decorator."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple, TypeVar, cast
from weakref import WeakKeyDictionary

from l10n.glossary.model import Glossary, TermMatch

T = TypeVar("T")
SEVERITIES = ("warning", "error")  # in increasing order
# Terms are not looked for inside web and e-mail addresses (".../news/kazakhstan").
_ADDRESS_RE = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")


@dataclass(frozen=True)
class Issue:
    """One problem a check found in one translation.

    Attributes:
        message: What is wrong and how to fix it.
        severity: Overrides the check's severity (e.g. a glossary check's softer case);
            None means the check's own.
    """

    message: str
    severity: str | None = None


@dataclass(frozen=True)
class CheckInfo:
    """A registered check: its name (for ``ignore-<name>``), severity and what it looks for."""

    name: str
    severity: str
    explanation: str


class LengthRatio(NamedTuple):
    """How long a language's reviewed translations run, in characters, against their source.

    Attributes:
        median: The median target/source length ratio.
        spread: A robust standard deviation of the ratio (1.4826 × the median absolute
            deviation from the median).
        pairs: How many reviewed pairs it was learned from (0: a documented default).
    """

    median: float
    spread: float
    pairs: int


@dataclass(frozen=True)
class CheckContext:
    """What a check may know besides the source and the target.

    Attributes:
        lang: The target language of the file ("kk").
        source_lang: The workspace's source language ("en").
        langs: The workspace's target languages.
        glossary: The workspace glossary.
        options: ``[check]`` options for this language: a table keyed by language
            (``quotes.kk = "«»"``) is resolved to its value for ``lang``.
        release: The release the entry belongs to.
        msgctxt: The entry's msgctxt, if any.
        misspelled: Words the dictionary rejects in the files checked with this one (None:
            no spell checker).
        translations: For consistency: (msgctxt, msgid) -> {translation: releases} over
            the workspace's other non-fuzzy entries in this language.
        length_ratio: For omission: the length ratio of this language's reviewed pairs,
            learned once per run by the runner (None: the check's documented default).
    """

    lang: str
    source_lang: str = "en"
    langs: tuple[str, ...] = ()
    glossary: Glossary = field(default_factory=lambda: Glossary([]))
    options: Mapping[str, Any] = field(default_factory=dict)
    release: str = ""
    msgctxt: str | None = None
    misspelled: frozenset[str] | None = None
    translations: Mapping[tuple[str | None, str], Mapping[str, list[str]]] = field(
        default_factory=dict)
    length_ratio: LengthRatio | None = None
    _terms: dict[str, list[TermMatch]] = field(default_factory=dict, compare=False, repr=False)
    _memo: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False, repr=False)
    _tallies: dict[tuple[str | None, str], tuple[Any, Tally]] = field(
        default_factory=dict, compare=False, repr=False)

    def terms(self, source: str) -> list[TermMatch]:
        """The glossary terms found in ``source``, outside addresses (cached: several checks ask)."""
        found = self._terms.get(source)
        if found is None:
            # The terms depend on the source and the glossary only: one language's contexts
            # find them for the others too.
            shared = _TERMS_BY_GLOSSARY.setdefault(self.glossary, {})
            found = shared.get(source)
            if found is None:
                masked = _ADDRESS_RE.sub(lambda m: " " * len(m.group()), source)
                found = shared[source] = [replace(m, surface=source[m.start:m.end])
                                          for m in self.glossary.find(masked)]
            self._terms[source] = found
        return found


    def memo(self, name: str, source: str, compute: Callable[[str, CheckContext], T]) -> T:
        """``compute(source, self)``, computed once per source: for what a check derives from
        the source alone (the glossary terms, their renderings). ``name`` tells checks apart;
        the memo is shared by the contexts ``replace`` derives from this one, so ``compute``
        must not read ``release``, ``msgctxt``, ``misspelled`` or ``translations``."""
        key = (name, source)
        try:
            return cast(T, self._memo[key])
        except KeyError:
            found = self._memo[key] = compute(source, self)
            return found


    def tally(self, key: tuple[str | None, str]) -> Tally:
        """For consistency: the translations of ``key`` (msgctxt, source) in ``translations``
        with how many releases give each, the highest of these numbers and how many
        translations reach it; counted once per translations table, not per entry (a
        sentence repeated in a thousand releases is looked up a thousand times)."""
        votes = self.translations.get(key, {})
        cached = self._tallies.get(key)
        if cached is None or cached[0] is not votes:
            counts = {text: len(releases) for text, releases in votes.items()}
            most = max(counts.values(), default=0)
            cached = self._tallies[key] = (votes, (counts, most, sum(
                c == most for c in counts.values())))
        return cached[1]


#: Glossary -> source -> its terms (``CheckContext.terms``), for as long as the glossary lives.
_TERMS_BY_GLOSSARY: WeakKeyDictionary[Glossary, dict[str, list[TermMatch]]] = WeakKeyDictionary()

#: What ``CheckContext.tally`` counts: (translation → releases, most releases, how many
#: translations have that many).
Tally = tuple[dict[str, int], int, int]
CheckFunc = Callable[[str, str, CheckContext], Iterable[Issue]]


@dataclass(frozen=True)
class Check:
    """A registered check function with its description."""

    info: CheckInfo
    func: CheckFunc
    per_file: bool  # depends on more than (source, target, lang): never cached


REGISTRY: dict[str, Check] = {}


def check(name: str, severity: str, explanation: str, *,
          per_file: bool = False) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check function under ``name``.

    Args:
        name: The check's name, as used in ``ignore-<name>`` flags and ``[check] disable``.
        severity: "error" (certainly wrong) or "warning" (may be wrong).
        explanation: One line for ``l10n check --list``.
        per_file: The check reads per-file context (spelling, consistency): its results
            are not cached across files.

    Returns:
        A decorator returning the function unchanged.
    """
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}, not {severity!r}")

    def register(func: CheckFunc) -> CheckFunc:
        if name in REGISTRY:
            raise ValueError(f"check {name!r} is registered twice")
        REGISTRY[name] = Check(CheckInfo(name, severity, explanation), func, per_file)
        return func

    return register
