"""Two documents aligned: blocks by structure (or by length and anchors), then sentences."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from l10n.align.anchors import Anchors, AnchorFinder, plain_text
from l10n.align.galechurch import BLOCK_PRIORS, Item, LengthModel, align_items, sum_anchors
from l10n.documents import Block, Document, Segment
from l10n.documents.base import PLACEHOLDER_RE, Inline, placeholders_intact

KIND_MISMATCH = 3.0  # the cost of pairing a heading with a paragraph


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
                    sum_anchors([anchors[id(s)] for s in block.segments]), block.kind)

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
