"""The aligner itself: Gale–Church costs, the dynamic programme, anchors, markup, accuracy."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.align import (
    NO_ANCHORS,
    SENTENCE_PRIORS,
    AnchorFinder,
    Anchors,
    Item,
    LengthModel,
    align_documents,
    align_items,
    anchor_penalty,
    best_path,
    length_cost,
    length_model,
    sentence_accuracy,
    target_text,
)
from l10n.align.galechurch import BAND_SLACK
from l10n.documents import Segment, load_document, parse_document
from l10n.glossary.model import Glossary, Term

DATA = Path(__file__).resolve().parent / "data"
RELEASE = DATA / "shymkent-journalists.md"
MODEL = LengthModel(1.1, 6.8)
#: The share of release sentences the aligner must get right on our hand-made pairs (each
#: has a merged sentence, a split one and a missing paragraph). Measured: 24/24 each.
ACCURACY_FLOOR = 0.9


def items(lengths: list[int]) -> list[Item]:
    return [Item(n, NO_ANCHORS) for n in lengths]


def shapes(sources: list[int], targets: list[int]) -> list[tuple[int, int]]:
    return [(i1 - i0, j1 - j0) for (i0, i1, j0, j1), _ in
            align_items(items(sources), items(targets), MODEL)]


def test_length_cost_is_zero_at_the_expected_length_and_grows_away_from_it() -> None:
    assert length_cost(100, 110, MODEL) == pytest.approx(0.0)
    costs = [length_cost(100, n, MODEL) for n in (110, 130, 160, 220, 400)]
    assert costs == sorted(costs) and costs[0] < costs[1]
    assert length_cost(0, 0, MODEL) == 0.0


@given(st.integers(0, 5000), st.integers(0, 5000))
def test_length_cost_is_finite_and_continuous_at_the_tail(a: int, b: int) -> None:
    cost = length_cost(a, b, MODEL)
    assert math.isfinite(cost) and cost >= 0
    # The asymptotic tail joins the exact value: no jump where one hands over to the other.
    assert length_cost(a, b + 1, MODEL) == pytest.approx(cost, abs=max(1.0, cost * 0.1))


def test_one_to_one_when_lengths_agree() -> None:
    assert shapes([40, 120, 75, 60], [45, 130, 80, 66]) == [(1, 1)] * 4


def test_a_merged_and_a_split_sentence_are_found() -> None:
    # 60 + 70 chars rendered as one sentence of 140; one of 100 as two of 55 and 56.
    assert shapes([80, 60, 70, 100, 90], [88, 140, 55, 56, 99]) == [
        (1, 1), (2, 1), (1, 2), (1, 1)]


def test_a_dropped_sentence_is_a_one_to_zero_bead() -> None:
    # A merge would be 160 characters rendered in 99; the left-out one's number is nowhere.
    src = [Item(90, NO_ANCHORS), Item(70, Anchors(numbers=Counter(["1998"]))),
           Item(90, NO_ANCHORS)]
    tgt = [Item(99, NO_ANCHORS), Item(99, NO_ANCHORS)]
    spans = [span for span, _ in align_items(src, tgt, MODEL)]
    assert [(i1 - i0, j1 - j0) for i0, i1, j0, j1 in spans] == [(1, 1), (1, 0), (1, 1)]


def test_best_path_covers_both_sides_in_order() -> None:
    path = best_path(3, 2, SENTENCE_PRIORS, lambda i0, i1, j0, j1: 0.0)
    assert path[0][0][:1] == (0,) and path[-1][0][1] == 3 and path[-1][0][3] == 2
    for (a, b), (c, d) in zip(path, path[1:]):
        assert a[1] == c[0] and a[3] == c[2]


def test_length_models_per_pair() -> None:
    assert length_model("en", "fr").c > length_model("en", "ru").c >= 1.0
    assert length_model("en", "kk_KZ") == length_model("en", "kk")
    assert length_model("en", "de") == LengthModel()


def test_numbers_names_and_terms_as_anchors() -> None:
    glossary = Glossary([Term("Nur-Sultan", renderings={"ru": "Нур-Султан"})], ["ru"])
    finder = AnchorFinder(glossary, "ru")
    src = load_segment("In Nur-Sultan, police fined Tokayev’s critics 150,000 tenge.")
    good = load_segment("В Нур-Султане полиция оштрафовала критиков Токаева на 150 000 тенге.",
                        lang="ru")
    bad = load_segment("В столице полиция оштрафовала критиков на 15 000 тенге.", lang="ru")
    assert anchor_penalty(finder.source(src), finder.target(good)) < 0  # names shared
    assert anchor_penalty(finder.source(src), finder.target(bad)) >= 2 * 1.5 + 1.0


def load_segment(text: str, lang: str = "en") -> Segment:
    return parse_document(Path("x.txt"), text.encode(), lang=lang).segments[0]


def test_markup_is_renumbered_to_the_release() -> None:
    [src] = md_segments("Read *the* [report](https://a.org/r) now.")
    [tgt] = md_segments("Lisez [le rapport](https://a.org/r) *maintenant*.", "fr")
    text, note = target_text([src], [tgt])
    assert src.msgid == "Read <1>the</1> <2>report</2> now."
    assert (text, note) == ("Lisez <2>le rapport</2> <1>maintenant</1>.", None)


def test_markup_that_does_not_map_is_dropped_with_a_note() -> None:
    [src] = md_segments("Read the [report](https://a.org/r) now.")
    [tgt] = md_segments("Lisez le rapport *maintenant*.", "fr")
    text, note = target_text([src], [tgt])
    assert text == "Lisez le rapport maintenant."
    assert note is not None and "1 link" in note and "1 em" in note


def test_two_delivered_sentences_are_joined_with_their_markup() -> None:
    [src] = md_segments("A *b* c and *d* e.")
    tgt = md_segments("Un *b* c. Et *d* e.", "fr")
    assert target_text([src], tgt) == ("Un <1>b</1> c. Et <2>d</2> e.", None)


def md_segments(text: str, lang: str = "en") -> list[Segment]:
    return parse_document(Path("x.md"), text.encode(), lang=lang).segments


@pytest.mark.parametrize("lang", ["ru", "fr"])
def test_accuracy_on_a_release_and_its_translation(lang: str) -> None:
    release = load_document(RELEASE)
    delivered = load_document(DATA / f"shymkent-journalists.{lang}.md", lang=lang)
    alignment = align_documents(release, delivered, model=length_model("en", lang),
                                finder=AnchorFinder(None, lang))
    reference = json.loads((DATA / f"shymkent-journalists.{lang}.truth.json")
                           .read_text(encoding="utf-8"))
    correct, total = sentence_accuracy(alignment.beads, reference)
    print(f"{lang}: {correct}/{total} sentences aligned correctly")
    assert total == 24 and correct / total >= ACCURACY_FLOOR
    # The pair's deliberate differences are all seen: a merge, a split, a missing paragraph.
    found = {b.shape for b in alignment.beads}
    assert {"2-1", "1-2"} <= found
    assert len(alignment.source_blocks) == 1


def test_accuracy_counts_a_wrong_bead_as_wrong() -> None:
    release = load_document(RELEASE)
    delivered = load_document(DATA / "shymkent-journalists.ru.md", lang="ru")
    alignment = align_documents(release, delivered, model=length_model("en", "ru"),
                                finder=AnchorFinder(None, "ru"))
    reference = json.loads((DATA / "shymkent-journalists.fr.truth.json")
                           .read_text(encoding="utf-8"))
    correct, total = sentence_accuracy(alignment.beads, reference)
    assert correct <= 3  # the French reference fits the Russian alignment's gaps only
    with pytest.raises(ValueError):
        sentence_accuracy(alignment.beads, reference[1:])


@given(st.lists(st.integers(1, 300), max_size=14), st.lists(st.integers(1, 300), max_size=14))
def test_beads_cover_both_sides_in_order_and_the_band_loses_nothing_when_wide(
        sources: list[int], targets: list[int]) -> None:
    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        return length_cost(sum(sources[i0:i1]), sum(targets[j0:j1]), MODEL)

    full = best_path(len(sources), len(targets), SENTENCE_PRIORS, cost)
    assert [s[0] for s, _ in full] == [s[1] for s, _ in [((0, 0, 0, 0), 0.0), *full]][:-1]
    assert sum(s[1] - s[0] for s, _ in full) == len(sources)
    assert sum(s[3] - s[2] for s, _ in full) == len(targets)
    wide = max(len(sources), len(targets)) + 1
    assert best_path(len(sources), len(targets), SENTENCE_PRIORS, cost, wide) == full


def test_the_band_finds_what_the_full_table_finds_on_a_long_document() -> None:
    # 120 paragraphs; the translation lacks the first 5 and joins two later ones.
    lengths = [100 + (i * 37) % 250 for i in range(120)]
    rendered = [round(n * 1.1) for n in lengths[5:]]
    rendered[50:52] = [rendered[50] + rendered[51] + 1]

    def cost(i0: int, i1: int, j0: int, j1: int) -> float:
        return length_cost(sum(lengths[i0:i1]), sum(rendered[j0:j1]), MODEL)

    n, m = len(lengths), len(rendered)
    full = best_path(n, m, SENTENCE_PRIORS, cost)
    assert best_path(n, m, SENTENCE_PRIORS, cost, abs(n - m) + BAND_SLACK) == full
    assert any(span == (55, 57, 50, 51) for span, _ in full)  # the joined paragraphs
