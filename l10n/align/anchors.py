"""Anchors: what a sentence holds that survives translation (numbers, names, links, terms)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from l10n.documents import Segment
from l10n.documents.base import PLACEHOLDER_RE
from l10n.glossary.model import Glossary
from l10n.qa.langid import name_key, same_name

# Cost (in nats, the unit of the length cost) of each anchor found on one side only.
ANCHOR_WEIGHTS = {"number": 1.5, "link": 1.5, "term": 1.0}
NAME_BONUS = 0.5  # taken off a bead's cost for each name found on both sides
_NUMBER_RE = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Capitalised in English, in small letters in Russian, Kazakh and French: no names.
_NOT_NAMES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday i".split())


@dataclass(frozen=True)
class Anchors:
    """What a text holds that survives translation, to compare two sides by.

    ``terms`` (source side only) are the glossary terms found, each with the casefolded
    stems of its accepted renderings; ``text`` (target side) is where those are looked for.
    """

    numbers: Counter[str] = field(default_factory=Counter)
    links: Counter[str] = field(default_factory=Counter)
    names: tuple[str, ...] = ()
    terms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    text: str = ""

    def __add__(self, other: Anchors) -> Anchors:
        return Anchors(self.numbers + other.numbers, self.links + other.links,
                       self.names + other.names, self.terms + other.terms,
                       f"{self.text}\n{other.text}")


NO_ANCHORS = Anchors()


class AnchorFinder:
    """Finds the anchors of source and target sentences for one target language."""

    def __init__(self, glossary: Glossary | None, lang: str) -> None:
        self.glossary, self.lang = glossary, lang

    def source(self, segment: Segment) -> Anchors:
        """A release sentence's anchors, glossary terms included."""
        base = _anchors(segment)
        if self.glossary is None:
            return base
        terms = []
        for match in self.glossary.find(segment.msgid):
            stems = tuple(_stem(r) for r in self.glossary.accepted(match.term, self.lang))
            if stems:
                terms.append((match.term.term, stems))
        return Anchors(base.numbers, base.links, base.names, tuple(terms), base.text)

    def target(self, segment: Segment) -> Anchors:
        """A delivered sentence's anchors."""
        return _anchors(segment)


def _anchors(segment: Segment) -> Anchors:
    text = plain_text(segment.msgid)
    numbers = Counter(re.sub(r"\D", "", m.group()) for m in _NUMBER_RE.finditer(text))
    links = Counter(inline.attr("href") or inline.text for _, inline in segment.inlines
                    if inline.kind in ("link", "url"))
    words = _WORD_RE.findall(text)
    capitals = [w for w in words[1:] if w[:1].isupper() and w.casefold() not in _NOT_NAMES]
    if len(capitals) * 2 > len(words):
        capitals = []  # a title in title case: its capitals are no names
    names = tuple(key for word in capitals for key in [name_key(word)] if len(key) >= 2)
    return Anchors(numbers, links, names, (), text.casefold())


def _stem(rendering: str) -> str:
    """The start of a rendering that its inflected forms keep (``Нур-Султан`` in
    ``Нур-Султане``): the whole of a short one, less its last two letters otherwise."""
    folded = rendering.casefold()
    return folded if len(folded) <= 5 else folded[:-2]


def anchor_penalty(source: Anchors, target: Anchors) -> float:
    """The anchors' part of a bead's cost: ``ANCHOR_WEIGHTS`` for each number, link and
    glossary term found on one side only, less ``NAME_BONUS`` for each name found on both.

    Names earn rather than cost: English capitalises what Russian and French write in
    small letters or translate (``Human Rights Committee``), so a name missing on one
    side says little, while one found on both says much.
    """
    numbers = _apart(source.numbers, target.numbers)
    links = _apart(source.links, target.links)
    terms = sum(1 for _, stems in source.terms if not any(s in target.text for s in stems))
    return (ANCHOR_WEIGHTS["number"] * numbers + ANCHOR_WEIGHTS["link"] * links
            + ANCHOR_WEIGHTS["term"] * terms
            - NAME_BONUS * _names_shared(source.names, target.names))


def _apart(a: Counter[str], b: Counter[str]) -> int:
    """How many of the items counted are on one side only."""
    if not a and not b:
        return 0
    return sum(abs(a[k] - b[k]) for k in a.keys() | b.keys())


@lru_cache(maxsize=65536)
def _same(a: str, b: str) -> bool:
    return same_name(a, b) or same_name(b, a)


def _names_shared(source: Sequence[str], target: Sequence[str]) -> int:
    """Names of one side that the other side writes too (maybe in another script)."""
    if not source or not target:
        return 0
    unused = list(target)
    matched = 0
    for key in source:
        for i, other in enumerate(unused):
            if _same(key, other):
                del unused[i]
                matched += 1
                break
    return matched


def plain_text(msgid: str) -> str:
    """A sentence without its placeholders, spaces collapsed: what its length is."""
    return " ".join(PLACEHOLDER_RE.sub("", msgid).split())
