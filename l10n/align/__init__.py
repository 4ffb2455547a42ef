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

Modules: ``anchors`` (what both sides share), ``galechurch`` (the length model and the
dynamic programme), ``pairing`` (documents: blocks, then sentences; the text a bead
writes, markup placed), ``release`` (the command's library function: the PO file or the
memory). May import ``l10n.workspace``, ``documents``, ``catalog``, ``memory``,
``glossary`` and ``qa`` (names are compared by ``qa.langid``'s skeletons); the verbs and
the command line stand above it.
"""

from __future__ import annotations

from l10n.align.anchors import NO_ANCHORS, AnchorFinder, Anchors, anchor_penalty, plain_text
from l10n.align.galechurch import (
    BLOCK_PRIORS,
    LENGTH_MODELS,
    SENTENCE_PRIORS,
    Item,
    LengthModel,
    align_items,
    best_path,
    length_cost,
    length_model,
)
from l10n.align.pairing import Alignment, Bead, align_documents, sentence_accuracy, target_text
from l10n.align.release import (
    ALIGNED_FROM,
    MIN_MEMORY_SCORE,
    AlignReport,
    Change,
    Unaligned,
    align_release,
)

__all__ = ["ALIGNED_FROM", "BLOCK_PRIORS", "LENGTH_MODELS", "MIN_MEMORY_SCORE", "NO_ANCHORS",
           "SENTENCE_PRIORS", "AlignReport", "Alignment", "AnchorFinder", "Anchors", "Bead",
           "Change", "Item", "LengthModel", "Unaligned", "align_documents", "align_items",
           "align_release", "anchor_penalty", "best_path", "length_cost", "length_model",
           "plain_text", "sentence_accuracy", "target_text"]
