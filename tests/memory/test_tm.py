"""Tests for the SQLite translation memory: storage, exact/fuzzy lookup, PO refresh, crash safety."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from l10n.memory.tm import RefreshCounts, TMMatch, TranslationMemory, normalize_lang
from l10n.workspace.errors import CatalogError, InputError, UsageError

ROOT = Path(__file__).resolve().parents[2]
EN_KK = {"source_lang": "en", "target_lang": "kk"}


@pytest.fixture
def tm() -> TranslationMemory:
    with TranslationMemory(":memory:", clock=lambda: "2024-01-01T00:00:00Z") as memory:
        yield memory


def tt_similarity(a: str, b: str) -> float:
    """Translate Toolkit's LevenshteinComparer score for untruncated texts."""
    return 100 - 100 * Levenshtein.distance(a, b) / max(len(a), len(b))


def test_add_and_exact(tm: TranslationMemory) -> None:
    assert tm.add("Hello <1>world</1>.", "Сәлем <1>әлем</1>.", origin="t", **EN_KK)
    assert tm.exact("Hello <1>world</1>.", **EN_KK) == "Сәлем <1>әлем</1>."
    assert tm.exact("Hello <1>world</1>.", source_lang="en", target_lang="ru") is None
    assert tm.exact("hello <1>world</1>.", **EN_KK) is None


def test_later_target_replaces_and_keeps_created() -> None:
    stamps = iter(["2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"])
    with TranslationMemory(":memory:", clock=lambda: next(stamps)) as tm:
        tm.add("Hi.", "Old.", origin="a", **EN_KK)
        assert tm.add("Hi.", "New.", origin="b", **EN_KK)
        (unit,) = tm.units()
    assert (unit.target, unit.origin) == ("New.", "b")
    assert (unit.created, unit.changed) == ("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z")


def test_same_unit_again_is_no_change(tm: TranslationMemory) -> None:
    assert tm.add("Hi.", "Сәлем.", origin="a", **EN_KK)
    assert not tm.add("Hi.", "Сәлем.", origin="a", **EN_KK)


def test_language_codes_are_normalised(tm: TranslationMemory) -> None:
    tm.add("Hi.", "Привет.", origin="t", source_lang="EN-US", target_lang="ru_RU")
    assert tm.exact("Hi.", source_lang="en", target_lang="ru") == "Привет."
    assert normalize_lang("kk-KZ") == "kk"
    assert normalize_lang("fr-CA") == "fr_CA"
    with pytest.raises(UsageError):
        normalize_lang("xx-nope")


def test_empty_unit_refused_and_nothing_stored(tm: TranslationMemory) -> None:
    with pytest.raises(UsageError):
        tm.add_many([("A.", "Ә."), ("B.", "")], origin="t", **EN_KK)
    assert tm.stats()["units"] == 0


def test_fuzzy_scores_follow_translate_toolkit(tm: TranslationMemory) -> None:
    sources = ["The police detained five journalists in Almaty.",
               "The police detained six journalists in Almaty.",
               "The police released five journalists in Astana.",
               "Completely different sentence about the weather."]
    tm.add_many([(s, s.upper()) for s in sources], origin="t", **EN_KK)
    query = "The police detained four journalists in Almaty."
    matches = tm.fuzzy(query, threshold=50, limit=10, **EN_KK)
    assert [m.source for m in matches] == sources[:3]
    for match in matches:
        assert match.score == int(tt_similarity(query, match.source))
        assert match.target == match.source.upper() and match.origin == "t"
    assert all(a.score >= b.score for a, b in zip(matches, matches[1:]))


def test_exact_match_scores_100_and_comes_first(tm: TranslationMemory) -> None:
    tm.add_many([("Read the report.", "A"), ("Read the reports.", "B")], origin="t", **EN_KK)
    matches = tm.fuzzy("Read the report.", **EN_KK)
    assert matches[0] == TMMatch(100, "Read the report.", "A", "t")
    assert matches[1].score < 100


def test_threshold_and_limit(tm: TranslationMemory) -> None:
    tm.add_many([("abcdefghij", "1"), ("abcdefghXY", "2"), ("abcdeXYZWV", "3")],
                origin="t", **EN_KK)
    assert [m.score for m in tm.fuzzy("abcdefghij", threshold=0, limit=5, **EN_KK)] == [100, 80, 50]
    assert [m.score for m in tm.fuzzy("abcdefghij", threshold=80, **EN_KK)] == [100, 80]
    assert [m.score for m in tm.fuzzy("abcdefghij", threshold=81, **EN_KK)] == [100]
    assert len(tm.fuzzy("abcdefghij", threshold=0, limit=1, **EN_KK)) == 1
    with pytest.raises(UsageError):
        tm.fuzzy("x", threshold=101, **EN_KK)


def test_fuzzy_sees_later_writes(tm: TranslationMemory) -> None:
    assert tm.fuzzy("Hello there.", **EN_KK) == []
    tm.add("Hello there!", "Сәлем!", origin="t", **EN_KK)
    assert tm.fuzzy("Hello there.", **EN_KK)[0].target == "Сәлем!"


def test_fuzzy_in_a_large_memory_uses_the_index(tm: TranslationMemory) -> None:
    pairs = [(f"Press release number {i} about case {i * 7} in region {i % 13}.", f"t{i}")
             for i in range(6000)]
    tm.add_many(pairs, origin="t", **EN_KK)
    query = "Press release number 4321 about case 30247 in region 5!"
    best = tm.fuzzy(query, **EN_KK)[0]
    assert best.source == "Press release number 4321 about case 30247 in region 5."
    assert best.score == int(tt_similarity(query, best.source))


def test_remove_origin_and_stats(tm: TranslationMemory) -> None:
    tm.add_many([("A.", "Ә."), ("B.", "Б.")], origin="one", **EN_KK)
    tm.add("C.", "С.", origin="two", source_lang="en", target_lang="ru")
    stats = tm.stats()
    assert stats["units"] == 3 and stats["pairs"] == {"en:kk": 2, "en:ru": 1}
    assert stats["size_bytes"] > 0
    assert tm.remove_origin("one") == 2
    assert tm.stats()["pairs"] == {"en:ru": 1}


def write_po(path: Path, language: str, entries: list[dict]) -> Path:
    po = polib.POFile()
    po.metadata = {"Language": language, "Content-Type": "text/plain; charset=UTF-8"}
    for fields in entries:
        po.append(polib.POEntry(**fields))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def test_refresh_from_po_takes_reviewed_entries_only(tm: TranslationMemory, tmp_path: Path) -> None:
    po = write_po(tmp_path / "kk" / "x.po", "kk_KZ", [
        {"msgid": "Reviewed.", "msgstr": "Қаралды."},
        {"msgid": "Fuzzy.", "msgstr": "Анық емес.", "flags": ["fuzzy"]},
        {"msgid": "Empty.", "msgstr": ""},
        {"msgid": "Old.", "msgstr": "Ескі.", "obsolete": True},
    ])
    counts = tm.refresh_from_po([po], source_lang="en")
    assert counts == RefreshCounts(files=1, added=1, skipped=3)
    assert [u.source for u in tm.units()] == ["Reviewed."]
    assert tm.exact("Reviewed.", **EN_KK) == "Қаралды."
    assert tm.units().__next__().origin == f"po:{po.as_posix()}"


def test_refresh_updates_and_removes(tm: TranslationMemory, tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    write_po(path, "kk", [{"msgid": "One.", "msgstr": "Бір."}, {"msgid": "Two.", "msgstr": "Екі."},
                          {"msgid": "Three.", "msgstr": "Үш."}])
    tm.refresh_from_po([path], source_lang="en")
    write_po(path, "kk", [{"msgid": "One.", "msgstr": "Бір!"}, {"msgid": "Two.", "msgstr": "Екі."},
                          {"msgid": "Three.", "msgstr": "Үш.", "flags": ["fuzzy"]}])
    counts = tm.refresh_from_po([path], source_lang="en")
    assert (counts.updated, counts.unchanged, counts.removed, counts.added) == (1, 1, 1, 0)
    assert tm.exact("One.", **EN_KK) == "Бір!"
    assert tm.exact("Three.", **EN_KK) is None


def test_refresh_later_file_wins(tm: TranslationMemory, tmp_path: Path) -> None:
    a = write_po(tmp_path / "a.po", "ru", [{"msgid": "Hi.", "msgstr": "Привет."}])
    b = write_po(tmp_path / "b.po", "ru", [{"msgid": "Hi.", "msgstr": "Здравствуйте."}])
    tm.refresh_from_po([a, b], source_lang="en")
    assert tm.exact("Hi.", source_lang="en", target_lang="ru") == "Здравствуйте."
    # Refreshing a alone re-applies its reviewed entry: the most recent write wins.
    tm.refresh_from_po([a], source_lang="en")
    assert tm.exact("Hi.", source_lang="en", target_lang="ru") == "Привет."


def test_refresh_without_language_header(tm: TranslationMemory, tmp_path: Path) -> None:
    po = write_po(tmp_path / "x.po", "", [{"msgid": "A.", "msgstr": "B."}])
    with pytest.raises(CatalogError, match="Language"):
        tm.refresh_from_po([po], source_lang="en")


def test_reopen_file_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    with TranslationMemory(path) as tm:
        tm.add("A.", "Ә.", origin="t", **EN_KK)
    with TranslationMemory(path) as tm:
        assert tm.exact("A.", **EN_KK) == "Ә."
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.execute("UPDATE schema_version SET version = 99")
    db.commit()
    db.close()
    with pytest.raises(InputError, match="newer"):
        TranslationMemory(path)


def test_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "tm.sqlite"
    bogus.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InputError):
        TranslationMemory(bogus)


def test_failed_transaction_rolls_back(tm: TranslationMemory) -> None:
    with pytest.raises(RuntimeError):
        with tm.transaction():
            tm.add("A.", "Ә.", origin="t", **EN_KK)
            raise RuntimeError("boom")
    assert tm.stats()["units"] == 0


WRITER = textwrap.dedent("""
    import sys
    from l10n.memory.tm import TranslationMemory
    tm = TranslationMemory(sys.argv[1])
    batch = 0
    while True:
        pairs = [(f"Sentence {batch}-{i} " + "x" * 200, f"Target {batch}-{i}") for i in range(2000)]
        tm.add_many(pairs, source_lang="en", target_lang="kk", origin=f"batch{batch}")
        batch += 1
        print(batch, flush=True)
""")


def test_killed_writer_leaves_a_consistent_memory(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE,
                            env=env, text=True)
    try:
        for _ in range(3):  # three batches committed, the fourth is being written
            assert proc.stdout.readline().strip()
        time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    with TranslationMemory(path) as tm:
        assert tm._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = tm.stats()["units"]
        assert count >= 6000 and count % 2000 == 0  # whole batches only
        assert tm.exact("Sentence 0-0 " + "x" * 200, **EN_KK) == "Target 0-0"
        tm.add("After.", "Кейін.", origin="t", **EN_KK)
        assert tm.exact("After.", **EN_KK) == "Кейін."


text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1)


@given(source=text, target=text)
def test_put_get_identity(source: str, target: str) -> None:
    with TranslationMemory(":memory:") as tm:
        tm.add(source, target, origin="h", **EN_KK)
        assert tm.exact(source, **EN_KK) == target
        assert tm.fuzzy(source, **EN_KK)[0] == TMMatch(100, source, target, "h")
