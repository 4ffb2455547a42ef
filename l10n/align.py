"""Alignment: bring a partner's translated document into a release's PO file or the memory.

A delivered translation (any format ``l10n.documents`` reads) is matched to the release in
two passes. Blocks first, by structure: when both documents have the same blocks in the
same order they pair one to one; otherwise a dynamic programme over the blocks weighs
their lengths, kinds and anchors (1-1, 1-0, 0-1, 2-1, 1-2). Then sentences within each
pair of blocks, by the length model of Gale and Church (1993): the target's length in
characters is taken to be normally distributed around ``c`` times the source's, with
variance ``s2`` per source character, and each kind of bead (1-1, 1-0, 0-1, 2-1, 1-2,
2-2) has a prior; a sentence left out or added (1-0, 0-1) costs its prior only, not the
length cost the paper gives it. Anchors weigh in: each number, link or glossary term
(with its approved renderings) found on one side only adds to a bead's cost, each name
found on both sides (compared by consonant skeleton, so ``Tokayev`` meets ``Токаев``)
takes off from it.

What was aligned is written as fuzzy entries with ``#. aligned from FILE`` (never over a
translator's work), or, with ``memory=True``, the confident 1-1 pairs go to the
translation memory with origin ``aligned:<file name>``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from l10n.catalog.entries import (
    add_notes,
    clear_notes,
    comment_lines,
    is_unconfirmed_suggestion,
    suggestion_note,
)
from l10n.catalog.ondisk import read_catalog_bytes, refuse_if_saved_meanwhile
from l10n.catalog.pofile import layout_of, parse_po, write_po
from l10n.documents import FORMATS, Block, Document, Segment, load_document
from l10n.documents.base import PLACEHOLDER_RE, Inline, placeholders_intact
from l10n.export import find_release
from l10n.glossary.csvfile import load_glossary
from l10n.glossary.model import Glossary
from l10n.qa.langid import name_key, same_name
from l10n.resources import open_memory
from l10n.workspace.config import Workspace
from l10n.workspace.errors import InputError, UsageError
from l10n.workspace.fsutil import display_path, workspace_lock


@dataclass(frozen=True)
class LengthModel:
    """Gale–Church's length model for one language pair.

    Attributes:
        c: target characters expected per source character.
        s2: variance of the target's length per source character.
    """

    c: float = 1.0
    s2: float = 6.8


# Defaults per pair. s2 = 6.8 is Gale and Church's estimate (English–German/French); c from
# the usual expansion of English into each language (Russian and Kazakh about 10% longer,
# French about 15%). TICO-19's en-ru and en-fr memories give c = 1.16 and 1.19.
LENGTH_MODELS: Mapping[tuple[str, str], LengthModel] = {
    ("en", "ru"): LengthModel(1.10, 6.8),
    ("en", "kk"): LengthModel(1.10, 6.8),
    ("en", "fr"): LengthModel(1.15, 6.8),
}

# Gale and Church's priors (their table 5), each shared equally by its two directions.
SENTENCE_PRIORS: Mapping[tuple[int, int], float] = {
    (1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2, (1, 2): 0.089 / 2, (2, 2): 0.011,
}
# Blocks: a partner drops, adds or joins paragraphs more rarely than sentences; no 2-2.
BLOCK_PRIORS: Mapping[tuple[int, int], float] = {
    (1, 1): 0.94, (1, 0): 0.02, (0, 1): 0.02, (2, 1): 0.01, (1, 2): 0.01,
}
# Cost (in nats, the unit of the length cost) of each anchor found on one side only.
ANCHOR_WEIGHTS = {"number": 1.5, "link": 1.5, "term": 1.0}
NAME_BONUS = 0.5  # taken off a bead's cost for each name found on both sides
KIND_MISMATCH = 3.0  # a heading paired with a paragraph
MIN_MEMORY_SCORE = 0.3  # the default confidence a pair needs to enter the memory
ALIGNED_FROM = "aligned from "  # the "#." line naming the delivered file
ALIGNED_NOTE = "aligned: "  # further "#." lines about a merge, a split or markup
ORIGIN_PREFIX = "aligned:"  # memory origin: aligned:<file name>
_NUMBER_RE = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Capitalised in English, in small letters in Russian, Kazakh and French: no names.
_NOT_NAMES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday i".split())


def length_model(source: str, target: str) -> LengthModel:
    """The length model for a language pair (``kk_KZ`` is read as ``kk``)."""
    pair = (source.split("_")[0].lower(), target.split("_")[0].lower())
    return LENGTH_MODELS.get(pair, LengthModel())


# -- anchors ----------------------------------------------------------------------------------


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
    numbers = sum(((source.numbers - target.numbers) + (target.numbers - source.numbers))
                  .values())
    links = sum(((source.links - target.links) + (target.links - source.links)).values())
    terms = sum(1 for _, stems in source.terms if not any(s in target.text for s in stems))
    return (ANCHOR_WEIGHTS["number"] * numbers + ANCHOR_WEIGHTS["link"] * links
            + ANCHOR_WEIGHTS["term"] * terms
            - NAME_BONUS * _names_shared(source.names, target.names))


def _names_shared(source: Sequence[str], target: Sequence[str]) -> int:
    """Names of one side that the other side writes too (maybe in another script)."""
    unused = list(target)
    matched = 0
    for key in source:
        for i, other in enumerate(unused):
            if same_name(key, other) or same_name(other, key):
                del unused[i]
                matched += 1
                break
    return matched


def plain_text(msgid: str) -> str:
    """A sentence without its placeholders, spaces collapsed: what its length is."""
    return " ".join(PLACEHOLDER_RE.sub("", msgid).split())


# -- Gale–Church ------------------------------------------------------------------------------


def length_cost(source_chars: int, target_chars: int, model: LengthModel) -> float:
    """−log of the probability of so great a length difference, under ``model``.

    Gale and Church's δ = (l2 − c·l1) / √(s²·l), with l the mean of l1 and l2/c (their
    program's choice: a 0-1 bead then has a finite cost); P = 2·(1 − Φ(|δ|)).
    """
    if source_chars == 0 and target_chars == 0:
        return 0.0
    mean = (source_chars + target_chars / model.c) / 2
    delta = (target_chars - source_chars * model.c) / math.sqrt(model.s2 * mean)
    x = abs(delta) / math.sqrt(2)
    if x < 5:
        return -math.log(math.erfc(x))
    # erfc(x) ~ e^(-x²) / (x·√π): far differences stay comparable instead of underflowing
    return x * x + math.log(x * math.sqrt(math.pi))


Span = tuple[int, int, int, int]  # source items [i0, i1), target items [j0, j1)


def best_path(n: int, m: int, priors: Mapping[tuple[int, int], float],
              cost: Callable[[int, int, int, int], float]) -> list[tuple[Span, float]]:
    """The cheapest sequence of beads covering ``n`` source and ``m`` target items.

    Args:
        n, m: how many items each side has.
        priors: the bead shapes allowed, (source items, target items) → prior probability.
        cost: a bead's cost apart from its prior, from its span ``(i0, i1, j0, j1)``.

    Returns:
        The beads in order, each with its cost (prior excluded).
    """
    moves = [(di, dj, -math.log(p)) for (di, dj), p in priors.items()]
    table = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    table[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for di, dj, prior in moves:
                if i < di or j < dj or table[i - di][j - dj] == math.inf:
                    continue
                own = cost(i - di, i, j - dj, j)
                total = table[i - di][j - dj] + own + prior
                if total < table[i][j]:
                    table[i][j] = total
                    back[i][j] = (di, dj, own)
    path: list[tuple[Span, float]] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None  # every cell is reachable through 1-0 and 0-1 beads
        di, dj, own = step
        path.append(((i - di, i, j - dj, j), own))
        i, j = i - di, j - dj
    return path[::-1]


@dataclass(frozen=True)
class Item:
    """One side's sentence or block as the aligner sees it: its length and anchors."""

    chars: int
    anchors: Anchors
    kind: str = ""


def align_items(sources: Sequence[Item], targets: Sequence[Item], model: LengthModel,
                priors: Mapping[tuple[int, int], float] = SENTENCE_PRIORS,
                kind_mismatch: float = 0.0, free_gaps: bool = True,
                ) -> list[tuple[Span, float]]:
    """Gale–Church alignment of two sequences, anchors and kinds added to the cost.

    Args:
        sources, targets: the items of each side.
        model: the length model.
        priors: the bead shapes and their priors.
        kind_mismatch: the cost of pairing items of different kinds.
        free_gaps: a 1-0 or 0-1 bead costs its prior and anchors only, not its length.
            Gale and Church charge it the length cost of a 0-character translation,
            which makes a left-out sentence look like a 2-1 merge with its neighbour
            (TICO-19 en-ru, one sentence of 8 dropped: 77% right with their cost, 91%
            without); False restores their cost.

    Returns:
        The beads as spans with their score: e^−cost at most 1, high when the lengths are
        as expected and the anchors agree, towards 0 otherwise.
    """
    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        src, tgt = sources[i0:i1], targets[j0:j1]
        chars = (sum(x.chars for x in src), sum(x.chars for x in tgt))
        gap = free_gaps and not (src and tgt)
        total = 0.0 if gap else length_cost(chars[0], chars[1], model)
        total += anchor_penalty(_sum(x.anchors for x in src), _sum(x.anchors for x in tgt))
        if src and tgt and kind_mismatch and not {x.kind for x in src} & {x.kind for x in tgt}:
            total += kind_mismatch
        return total

    return [(span, min(1.0, math.exp(-own))) for span, own in
            best_path(len(sources), len(targets), priors, cost)]


def _sum(anchors: Iterable[Anchors]) -> Anchors:
    total = NO_ANCHORS
    for a in anchors:
        total = total + a
    return total


# -- documents --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bead:
    """Release sentences and the delivered sentences that translate them.

    One side may be empty: a sentence the translation leaves out (1-0) or adds (0-1).
    """

    sources: tuple[Segment, ...]
    targets: tuple[Segment, ...]
    score: float

    @property
    def shape(self) -> str:
        return f"{len(self.sources)}-{len(self.targets)}"


@dataclass
class Alignment:
    """Two documents aligned: sentence beads in order, and the blocks left unpaired."""

    beads: list[Bead]
    source_blocks: list[Block]  # blocks of the release with no counterpart
    target_blocks: list[Block]  # blocks of the translation with no counterpart


def align_documents(source: Document, target: Document, *, model: LengthModel,
                    finder: AnchorFinder) -> Alignment:
    """Align a release with its translation: blocks by structure, then sentences."""
    src_blocks = [b for b in source.blocks if b.segments]
    tgt_blocks = [b for b in target.blocks if b.segments]
    src_anchor = {id(s): finder.source(s) for b in src_blocks for s in b.segments}
    tgt_anchor = {id(s): finder.target(s) for b in tgt_blocks for s in b.segments}
    alignment = Alignment([], [], [])
    for blocks_a, blocks_b in _block_pairs(src_blocks, tgt_blocks, model, src_anchor,
                                           tgt_anchor):
        if not blocks_b:
            alignment.source_blocks.extend(blocks_a)
        if not blocks_a:
            alignment.target_blocks.extend(blocks_b)
        segs_a = [s for b in blocks_a for s in b.segments]
        segs_b = [s for b in blocks_b for s in b.segments]
        items_a = [Item(len(plain_text(s.msgid)), src_anchor[id(s)]) for s in segs_a]
        items_b = [Item(len(plain_text(s.msgid)), tgt_anchor[id(s)]) for s in segs_b]
        for (i0, i1, j0, j1), score in align_items(items_a, items_b, model):
            alignment.beads.append(Bead(tuple(segs_a[i0:i1]), tuple(segs_b[j0:j1]), score))
    return alignment


def _block_pairs(sources: list[Block], targets: list[Block], model: LengthModel,
                 src_anchor: dict[int, Anchors], tgt_anchor: dict[int, Anchors],
                 ) -> list[tuple[list[Block], list[Block]]]:
    """Blocks paired by structure when both documents have the same sequence of kinds,
    else by a dynamic programme on length, kind and anchors."""
    if [b.kind for b in sources] == [b.kind for b in targets]:
        return [([a], [b]) for a, b in zip(sources, targets)]

    def item(block: Block, anchors: dict[int, Anchors]) -> Item:
        return Item(sum(len(plain_text(s.msgid)) for s in block.segments),
                    _sum(anchors[id(s)] for s in block.segments), block.kind)

    spans = align_items([item(b, src_anchor) for b in sources],
                        [item(b, tgt_anchor) for b in targets], model, BLOCK_PRIORS,
                        KIND_MISMATCH)
    return [(sources[i0:i1], targets[j0:j1]) for (i0, i1, j0, j1), _ in spans]


def sentence_accuracy(beads: Sequence[Bead],
                      reference: Sequence[tuple[str, Sequence[str]]]) -> tuple[int, int]:
    """How many release sentences were aligned as a reference says: (correct, total).

    Args:
        beads: an alignment's beads, in order.
        reference: for each release sentence in order, the start of its text and the
            starts of the delivered sentences that translate it (none: left out). A
            sentence is right when its bead holds exactly those delivered sentences.

    Raises:
        ValueError: the reference does not list the release's sentences.
    """
    sentences = [(s, bead) for bead in beads for s in bead.sources]
    if len(sentences) != len(reference):
        raise ValueError(f"the reference has {len(reference)} sentences, the release "
                         f"{len(sentences)}")
    correct = 0
    for (segment, bead), (start, wanted) in zip(sentences, reference):
        if not plain_text(segment.msgid).startswith(start):
            raise ValueError(f"line {segment.line}: {segment.msgid[:40]!r} is not {start!r}")
        got = [plain_text(t.msgid) for t in bead.targets]
        correct += len(got) == len(wanted) and all(g.startswith(w) for g, w in zip(got, wanted))
    return correct, len(reference)


# -- the target text of a bead ----------------------------------------------------------------


def target_text(sources: Sequence[Segment], targets: Sequence[Segment]) -> tuple[str, str | None]:
    """The translation to write for a bead, and a note when its markup could not be placed.

    The delivered sentences are joined with a space and their placeholders renumbered
    in order. When the release's sentences and the translation hold the same inline
    markup (as many links, emphases… of each kind), the translation's placeholders are
    renumbered to the release's (links matched by address, others by order); otherwise
    they are dropped, leaving the words, and the note says so.
    """
    text, inlines = _joined(targets)
    wanted = [inline for s in sources for _, inline in sorted(s.inlines, key=lambda p: p[0])]
    if not wanted and not inlines:
        return text, None
    mapping = _markup_map(wanted, inlines)
    # A merged bead's translation goes on its first entry: only that one's markup can be
    # placed, so a later sentence's markup makes it unplaceable.
    if mapping is not None and not any(s.inlines for s in sources[1:]):
        mapped = PLACEHOLDER_RE.sub(
            lambda m: f"<{m.group(1)}{mapping[int(m.group(2))]}{m.group(3)}>", text)
        if placeholders_intact(sources[0].msgid, mapped):
            return mapped, None
    plain = " ".join(PLACEHOLDER_RE.sub("", text).split())
    kinds = _kind_counts(wanted), _kind_counts(inlines)
    return plain, (f"markup not placed: the release has {kinds[0] or 'none'}, the translation "
                   f"{kinds[1] or 'none'}; put the tags back")


def _joined(targets: Sequence[Segment]) -> tuple[str, list[Inline]]:
    """The delivered sentences joined, placeholders renumbered from 1 across them."""
    pieces: list[str] = []
    inlines: list[Inline] = []
    for segment in targets:
        offset = len(inlines)
        ordered = sorted(segment.inlines, key=lambda p: p[0])
        inlines.extend(inline for _, inline in ordered)
        pieces.append(PLACEHOLDER_RE.sub(
            lambda m: f"<{m.group(1)}{int(m.group(2)) + offset}{m.group(3)}>", segment.msgid))
    return " ".join(pieces), inlines


def _kind_counts(inlines: Sequence[Inline]) -> str:
    counts = Counter(i.kind for i in inlines)
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))


def _markup_map(wanted: Sequence[Inline], given: Sequence[Inline]) -> dict[int, int] | None:
    """Target placeholder number → release placeholder number, when the markup maps
    clearly: the same count of each kind; links by address when those differ, the
    others in order of appearance."""
    kinds = [i.kind for i in wanted]
    if Counter(kinds) != Counter(i.kind for i in given):
        return None
    mapping: dict[int, int] = {}
    free = {kind: [n for n, k in enumerate(kinds, 1) if k == kind] for kind in set(kinds)}
    for number, inline in enumerate(given, 1):
        choices = free[inline.kind]
        href = inline.attr("href")
        chosen = next((n for n in choices if href and wanted[n - 1].attr("href") == href),
                      choices[0])
        choices.remove(chosen)
        mapping[number] = chosen
    return mapping


# -- the release's PO file --------------------------------------------------------------------


@dataclass(frozen=True)
class Unaligned:
    """A block or sentence of either document that found no counterpart."""

    where: str  # file:line
    side: str  # "release" or "translation"
    what: str  # "block" or "sentence"
    text: str


@dataclass(frozen=True)
class Change:
    """One entry written (or, in a dry run, that would be)."""

    where: str  # the release's file:line
    msgid: str
    msgstr: str
    shape: str  # 1-1, 2-1…
    score: float


@dataclass
class AlignReport:
    """What aligning a translation did, or (dry run) would do."""

    source: str  # the release's file, workspace-relative when inside
    file: str  # the delivered translation, as given
    lang: str
    memory: bool
    dry_run: bool
    sentences: int = 0  # sentences of the release
    shapes: Counter[str] = field(default_factory=Counter)  # beads by shape: 1-1, 2-1…
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0  # already held this aligned translation
    kept: list[str] = field(default_factory=list)  # file:line of translators' work left alone
    markup_notes: int = 0  # written without their markup (see the entry's note)
    unaligned: list[Unaligned] = field(default_factory=list)
    catalog: str | None = None
    written: bool = False
    low_score: int = 0  # memory: 1-1 pairs below the score threshold
    no_markup: int = 0  # memory: pairs whose markup did not map
    added: int = 0  # memory: units added or changed
    converted_from: str | None = None  # the catalog was written in UTF-8 instead of this

    def counts(self) -> dict[str, int]:
        """Unaligned blocks and sentences, per side."""
        found = Counter(f"{u.side} {u.what}s" for u in self.unaligned)
        return {key: found.get(key, 0) for key in ("release blocks", "release sentences",
                                                   "translation blocks",
                                                   "translation sentences")}

    def as_dict(self) -> dict[str, object]:
        """The report for ``--json``."""
        return {"source": self.source, "file": self.file, "lang": self.lang,
                "memory": self.memory, "dry_run": self.dry_run, "catalog": self.catalog,
                "sentences": self.sentences, "beads": dict(sorted(self.shapes.items())),
                "written": self.written, "changed": len(self.changes),
                "unchanged": self.unchanged, "kept": self.kept,
                "markup_notes": self.markup_notes, "low_score": self.low_score,
                "no_markup": self.no_markup, "added": self.added,
                "unaligned_counts": self.counts(),
                "unaligned": [vars(u) for u in self.unaligned],
                "changes": [vars(c) for c in self.changes]}


def align_release(ws: Workspace, source: str | Path, lang: str, path: Path, *,
                  memory: bool = False, dry_run: bool = False,
                  min_score: float = MIN_MEMORY_SCORE) -> AlignReport:
    """Align a delivered translation with a release; write it into the PO file or memory.

    Into the PO file (``locales/L/LC_MESSAGES/RELEASE.po``): each aligned bead becomes a
    fuzzy msgstr on its first release sentence's entry, with ``#. aligned from FILE``
    and a ``#. suggestion: aligned [fingerprint]`` line (so that status counts it as a
    suggestion to review). A translator's msgstr is never replaced: only empty entries
    and unconfirmed suggestions (machine, memory or an earlier alignment) are. A 2-1 or
    2-2 bead puts the whole translation on the first entry with a note naming the
    sentence it also covers; that sentence's entry is left empty with a note. A 1-2 bead
    joins the two delivered sentences.

    With ``memory``: the confident 1-1 pairs (score at least ``min_score``, markup
    placed) are added to the workspace's translation memory, origin
    ``aligned:<file name>``; ``source`` may then be any file, in the workspace or not.

    Args:
        ws: the workspace.
        source: a release name, or (with ``memory``) a path to an English document.
        lang: the translation's language, a target of the workspace.
        path: the delivered translation (txt, md, html, or any format l10n reads).
        memory: fill the memory instead of the PO file.
        dry_run: work out the changes, write nothing.
        min_score: the score a pair needs to enter the memory.

    Raises:
        SourceError: a document is missing, unreadable or of an unsupported format.
        InputError: the translation is not in ``lang``.
        UsageError: ``lang`` is not a target; no such release; no PO file yet.
    """
    lang = ws.check_targets([lang])[0]
    source_path = _source_path(ws, source, memory)
    path = Path(path)
    original = load_document(source_path, lang=ws.source)
    delivered = load_document(path, lang=lang)
    _check_language(ws, path, delivered, lang)
    finder = AnchorFinder(load_glossary(ws.glossary_dir, ws.targets), lang)
    alignment = align_documents(original, delivered, model=length_model(ws.source, lang),
                                finder=finder)
    report = AlignReport(ws.relative(source_path), str(path), lang, memory, dry_run,
                         sentences=len(original.segments))
    _fill_unaligned(report, alignment)
    report.shapes = Counter(b.shape for b in alignment.beads)
    if memory:
        _into_memory(ws, alignment, report, path, min_score)
    else:
        _into_catalog(ws, source_path.stem, alignment, report, path)
    return report


def _source_path(ws: Workspace, source: str | Path, memory: bool) -> Path:
    candidate = Path(source)
    if memory and (candidate.is_file() or len(candidate.parts) > 1
                   or candidate.suffix.lower() in FORMATS):
        return candidate  # any English document; load_document says if it is missing
    return find_release(ws, str(source))


def _check_language(ws: Workspace, path: Path, document: Document, lang: str) -> None:
    """Refuse a translation written in another language than ``lang``."""
    from l10n.qa.langid import detect  # lingua is loaded only when a command needs it

    sample = " ".join(plain_text(s.msgid) for s in document.segments)[:3000]
    found = detect(sample, tuple(dict.fromkeys([lang, ws.source, *ws.targets])))
    if found is not None and found != lang:
        raise InputError(path, 1, f"this document reads as {found}, not {lang}: "
                         f"give the --lang it is written in")


def _fill_unaligned(report: AlignReport, alignment: Alignment) -> None:
    for side, blocks, where in (("release", alignment.source_blocks, report.source),
                                ("translation", alignment.target_blocks, report.file)):
        for block in blocks:
            first = block.segments[0]
            report.unaligned.append(Unaligned(f"{where}:{first.line}", side, "block",
                                              plain_text(" ".join(s.msgid
                                                                  for s in block.segments))))
    in_blocks = {id(s) for b in alignment.source_blocks + alignment.target_blocks
                 for s in b.segments}
    for bead in alignment.beads:
        if bead.sources and bead.targets:
            continue
        side, where = ("release", report.source) if bead.sources else ("translation",
                                                                        report.file)
        for segment in bead.sources or bead.targets:
            if id(segment) not in in_blocks:
                report.unaligned.append(Unaligned(f"{where}:{segment.line}", side,
                                                  "sentence", plain_text(segment.msgid)))


def _into_catalog(ws: Workspace, release: str, alignment: Alignment, report: AlignReport,
                  path: Path) -> None:
    po_path = ws.po_path(release, report.lang)
    report.catalog = ws.relative(po_path)
    if not po_path.exists():
        raise UsageError(f"no catalog {report.catalog}: run 'l10n ingest {release}' first")
    label = ws.relative(path)
    with workspace_lock(ws.root):
        before = read_catalog_bytes(po_path)
        po = parse_po(display_path(po_path), before)
        entries = {e.msgid: e for e in po if not e.obsolete and not e.msgctxt}
        done: set[str] = set()
        for bead in alignment.beads:
            if bead.sources and bead.targets:
                _write_bead(bead, entries, done, report, label)
        if report.changes and not report.dry_run:
            refuse_if_saved_meanwhile(po_path, before, doing="aligning",
                                      rerun=f"'l10n align {release} --lang {report.lang} "
                                            f"{path}'")
            report.written = write_po(po, po_path)
            report.converted_from = layout_of(po).legacy_charset if report.written else None


def _write_bead(bead: Bead, entries: dict[str, polib.POEntry], done: set[str],
                report: AlignReport, label: str) -> None:
    """Write one bead's translation onto its entries, when they are free to take it."""
    ids = [s.msgid for s in bead.sources]
    if any(i in done for i in ids) or len(set(ids)) < len(ids):
        return  # a repeated sentence: its entry took the first occurrence's translation
    found = [entries.get(i) for i in ids]
    if any(e is None for e in found):
        return  # the PO file is older than the release: 'l10n ingest' brings it up to date
    chosen = [e for e in found if e is not None]
    done.update(ids)
    where = [f"{report.source}:{s.line}" for s in bead.sources]
    if not all(_replaceable(e) for e in chosen):
        report.kept.extend(w for w, e in zip(where, chosen) if not _replaceable(e))
        return
    text, markup = target_text(bead.sources, bead.targets)
    notes = [ALIGNED_FROM + label]
    if len(bead.targets) > 1:
        notes.append(f"{ALIGNED_NOTE}{len(bead.targets)} sentences of the translation "
                     f"joined ({label}:{bead.targets[0].line})")
    if len(chosen) > 1:
        notes.append(f"{ALIGNED_NOTE}also translates the next sentence ({where[1]}): the "
                     "translation joined them")
    if markup:
        notes.append(ALIGNED_NOTE + markup)
        report.markup_notes += 1
    later = [f"{ALIGNED_NOTE}translated with the previous sentence ({where[0]}) in {label}"]
    wanted = [(text, True, notes)] + [("", False, later)] * (len(chosen) - 1)
    if [(e.msgstr, "fuzzy" in e.flags, _aligned_lines(e)) for e in chosen] == wanted:
        report.unchanged += 1
        return
    _suggest(chosen[0], text, notes)
    for other in chosen[1:]:
        _clear(other, later)
    report.changes.append(Change(where[0], chosen[0].msgid, text, bead.shape,
                                 round(bead.score, 3)))


def _replaceable(entry: polib.POEntry) -> bool:
    """Empty, or an unconfirmed suggestion: never a translator's work, fuzzy or not."""
    if entry.msgid_plural:
        return False
    return not entry.msgstr or is_unconfirmed_suggestion(entry)


def _aligned_lines(entry: polib.POEntry) -> list[str]:
    return [line for line in comment_lines(entry)
            if line.startswith((ALIGNED_FROM, ALIGNED_NOTE))]


def _without_aligned(entry: polib.POEntry) -> None:
    clear_notes(entry)
    entry.comment = "\n".join(line for line in comment_lines(entry)
                              if not line.startswith((ALIGNED_FROM, ALIGNED_NOTE)))


def _suggest(entry: polib.POEntry, text: str, notes: list[str]) -> None:
    _without_aligned(entry)
    entry.msgstr = text
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    add_notes(entry, [*notes, suggestion_note("aligned", text)])


def _clear(entry: polib.POEntry, notes: list[str]) -> None:
    _without_aligned(entry)
    entry.msgstr = ""
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    add_notes(entry, notes)


# -- the memory -------------------------------------------------------------------------------


def _into_memory(ws: Workspace, alignment: Alignment, report: AlignReport, path: Path,
                 min_score: float) -> None:
    pairs: dict[str, str] = {}
    for bead in alignment.beads:
        if bead.shape != "1-1":
            continue
        if bead.score < min_score:
            report.low_score += 1
            continue
        text, markup = target_text(bead.sources, bead.targets)
        if markup or not text.strip():
            report.no_markup += 1
            continue
        source = bead.sources[0]
        if source.msgid not in pairs:
            pairs[source.msgid] = text
            report.changes.append(Change(f"{report.source}:{source.line}", source.msgid, text,
                                         bead.shape, round(bead.score, 3)))
    if report.dry_run or not pairs:
        return
    with workspace_lock(ws.root):
        tm, _ = open_memory(ws)
        with tm:
            report.added = tm.add_many(pairs.items(), source_lang=ws.source,
                                       target_lang=report.lang,
                                       origin=ORIGIN_PREFIX + path.name)
    report.written = report.added > 0
