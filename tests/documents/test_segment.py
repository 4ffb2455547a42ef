"""Sentence boundaries: pysbd plus our repairs for quotation marks and line breaks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from l10n.documents import load_document, segment
from l10n.documents.segment import sentence_cache, split_sentences
from tests.conftest import SAMPLE


def sentences(text: str, lang: str = "en") -> list[str]:
    cuts = split_sentences(text, lang)
    return [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)])]


@pytest.mark.parametrize("text", [
    "Mr. J. R. Smith paid $3.50 on Jan. 5 in the U.S. capital.",  # abbreviations, initials
    "Turnout was 97.7% and 4.5 million voted.",  # decimals
    "He called it ‘a farce. A sham.’ and left.",  # inside a quotation
    "The festival runs from\n5 to 7 July.",  # a wrapped line is no sentence end
    "The festival runs from\r\n5 to 7 July.",
    "Il a dit : « Non. » puis il est parti.",  # lower case after the quotation
])
def test_no_split(text: str) -> None:
    assert sentences(text) == [text.strip()]


@pytest.mark.parametrize("text, expected", [
    ("It rained. It poured.", ["It rained.", "It poured."]),
    # a closing quote stays with its sentence
    ("She said ‘we will win.’ Then she left.", ["She said ‘we will win.’", "Then she left."]),
    ("‘It ended.’\u00a0The end came.", ["‘It ended.’", "The end came."]),
    ("Il a dit « Non. Jamais. » Puis il est parti.",
     ["Il a dit « Non. Jamais. »", "Puis il est parti."]),
    ("They want “freedom.” Nobody disagreed.", ["They want “freedom.”", "Nobody disagreed."]),
])
def test_split(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_russian_and_french_rules() -> None:
    assert sentences("В 2019 г. прошли выборы. Итоги известны.", "ru") == [
        "В 2019 г. прошли выборы.", "Итоги известны."]
    assert sentences("M. Dupont est arrivé. Il parle.", "fr") == [
        "M. Dupont est arrivé.", "Il parle."]


def test_sample_release_segments() -> None:
    document = load_document(SAMPLE)
    msgids = [s.msgid for s in document.segments]
    assert len(msgids) == 24
    # the closing quote of the long quotation is not a sentence of its own
    assert not any(m in ("’", "”") for m in msgids)
    assert "destabilise society.’" in msgids[13] and msgids[14].startswith("Despite")


def test_cache_persists_between_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "sentences.json"
    text = "A first unusual sentence. And a second one."
    segment._cached_cuts.cache_clear()
    with sentence_cache(cache):
        first = split_sentences(text)
    stored = json.loads(cache.read_text())
    assert stored["rules"] == segment.RULES_VERSION and len(stored["blocks"]) == 1

    segment._cached_cuts.cache_clear()
    monkeypatch.setattr(segment, "_compute_cuts", lambda *a: pytest.fail("not cached"))
    with sentence_cache(cache):
        assert split_sentences(text) == first


def test_damaged_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "sentences.json"
    cache.write_text("{not json")
    segment._cached_cuts.cache_clear()
    with sentence_cache(cache):
        assert sentences("One here. Two there.") == ["One here.", "Two there."]
    assert json.loads(cache.read_text())["blocks"]
