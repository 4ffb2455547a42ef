"""Issue 13, item 2: `l10n ingest --dry-run [--json]` says what an ingest would do and
writes nothing; a real ingest prints the same report in short, with the same counts."""

from __future__ import annotations

import json
from pathlib import Path

from l10n.catalog.states import mark_reviewed
from l10n.workspace.config import init_workspace
from tests.conftest import SAMPLE
from tests.coordinator.issue13 import (
    ALPHA_V1,
    ALPHA_V2,
    catalog,
    cli,
    entries,
    make_workspace,
    state_of_files,
    translate_all,
)

CHANGED_OLD = "The police arrested thousands of protesters in Almaty."
CHANGED_NEW = "The police arrested thousands of peaceful protesters in Almaty."
REMOVED = "Nobody believed the promises of the government."
ADDED = "Observers reported serious irregularities."


def _updated(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Three releases ingested, alpha translated in kk, then alpha revised on disk."""
    ws = make_workspace(tmp_path, sample=True)
    translate_all(ws, "alpha", "kk")
    (ws.sources_dir / "alpha.txt").write_text(ALPHA_V2, encoding="utf-8")
    return ws


def test_dry_run_lists_sentences_and_consequences_per_language(tmp_path: Path) -> None:
    ws = _updated(tmp_path)
    result = cli(ws, "ingest", "--dry-run")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "alpha: " in out and "sentences: 1 added, 1 changed, 1 removed" in out
    assert f"  + source_texts/alpha.txt:5: {ADDED}\n" in out
    assert "  ~ source_texts/alpha.txt:3: changed (similarity 0.92)\n" in out
    assert f"      old: {CHANGED_OLD}\n      new: {CHANGED_NEW}\n" in out
    assert f"  - removed (was source_texts/alpha.txt:5): {REMOVED}\n" in out
    # kk had translations: one goes fuzzy, one obsolete; ru had none to lose.
    assert ("  kk: would be updated locales/kk/LC_MESSAGES/alpha.po (2 kept, 1 fuzzy, 1 new, "
            "1 obsolete, 0 revived)") in out
    assert ("  ru: would be updated locales/ru/LC_MESSAGES/alpha.po (2 kept, 0 fuzzy, 2 new, "
            "0 obsolete, 0 revived)") in out
    assert "beta: unchanged" in out and f"{SAMPLE.stem}: unchanged" in out
    assert out.endswith("dry run: nothing written\n")


def test_dry_run_writes_nothing_at_all(tmp_path: Path) -> None:
    ws = _updated(tmp_path)
    (ws.root / "elsewhere.txt").write_text(ALPHA_V1.replace("Almaty", "Aktau"), encoding="utf-8")
    before = state_of_files(ws.root)
    for args in (["--dry-run"], ["--dry-run", "--json"],
                 ["--dry-run", str(ws.root / "elsewhere.txt")]):
        result = cli(ws, "ingest", *args)
        assert result.exit_code == 0, result.output
    # Bytes and modification times of every file, the lock, the caches and no temporary file.
    assert state_of_files(ws.root) == before


def test_dry_run_in_a_new_workspace_creates_nothing(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", "en", ["kk", "ru"])
    (ws.sources_dir / "alpha.txt").write_text(ALPHA_V1, encoding="utf-8")
    before = state_of_files(ws.root)
    result = cli(ws, "ingest", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    assert state_of_files(ws.root) == before
    assert not (ws.root / ".l10n").exists()
    (release,) = json.loads(result.stdout)["releases"]
    assert not release["updated"] and len(release["added"]) == release["entries"] == 4
    assert [u["new"] for u in release["languages"]] == [4, 4]
    assert all(u["created"] for u in release["languages"])


def test_dry_run_json_matches_what_the_real_ingest_then_does(tmp_path: Path) -> None:
    ws = _updated(tmp_path)
    result = cli(ws, "ingest", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dry_run"] is True
    alpha = next(r for r in data["releases"] if r["release"] == "alpha")
    assert [c["msgid"] for c in alpha["added"]] == [ADDED]
    assert alpha["changed"] == [{"msgid": CHANGED_NEW, "where": "source_texts/alpha.txt:3",
                                 "old": CHANGED_OLD, "similarity": 0.92}]
    assert [c["msgid"] for c in alpha["removed"]] == [REMOVED]
    kk = next(u for u in alpha["languages"] if u["lang"] == "kk")
    assert (kk["kept"], kk["fuzzy"], kk["new"], kk["obsolete"], kk["revived"]) == (2, 1, 1, 1, 0)

    real = cli(ws, "ingest")
    assert real.exit_code == 0, real.output
    # The same report in short: the same counts, no sentence listing.
    assert "  sentences: 1 added, 1 changed, 1 removed\n" in real.stdout
    assert ("  kk: updated locales/kk/LC_MESSAGES/alpha.po (2 kept, 1 fuzzy, 1 new, "
            "1 obsolete, 0 revived)") in real.stdout
    assert CHANGED_OLD not in real.stdout and "dry run" not in real.stdout
    # ... and the catalog holds what the dry run announced.
    kk_po = entries(ws, "alpha", "kk")
    assert "fuzzy" in kk_po[CHANGED_NEW].flags
    assert kk_po[CHANGED_NEW].previous_msgid == CHANGED_OLD
    assert [e.msgid for e in catalog(ws, "alpha", "kk") if e.obsolete] == [REMOVED]


def test_a_returning_sentence_is_counted_as_revived(tmp_path: Path) -> None:
    ws = _updated(tmp_path)
    assert cli(ws, "ingest").exit_code == 0
    (ws.sources_dir / "alpha.txt").write_text(ALPHA_V1, encoding="utf-8")
    dry = json.loads(cli(ws, "ingest", "--dry-run", "--json").stdout)
    kk = next(u for r in dry["releases"] if r["release"] == "alpha"
              for u in r["languages"] if u["lang"] == "kk")
    assert kk["revived"] == 1
    result = cli(ws, "ingest")
    assert result.exit_code == 0, result.output
    assert ("  kk: updated locales/kk/LC_MESSAGES/alpha.po (2 kept, 1 fuzzy, 0 new, "
            "0 obsolete, 1 revived)") in result.stdout
    back = entries(ws, "alpha", "kk")[REMOVED]
    assert back.msgstr == f"[kk] {REMOVED}" and "fuzzy" not in back.flags


def test_a_sign_off_does_not_survive_going_fuzzy(tmp_path: Path) -> None:
    """Item 8: an entry that goes fuzzy on ingest loses its l10n-reviewed comment."""
    ws = make_workspace(tmp_path)
    translate_all(ws, "alpha", "kk")
    po = catalog(ws, "alpha", "kk")
    for entry in po:
        mark_reviewed(entry, reviewer="Aigerim")
    po.save(str(ws.po_path("alpha", "kk")))
    (ws.sources_dir / "alpha.txt").write_text(ALPHA_V2, encoding="utf-8")
    assert cli(ws, "ingest").exit_code == 0
    got = entries(ws, "alpha", "kk")
    assert "fuzzy" in got[CHANGED_NEW].flags
    assert "l10n-reviewed" not in (got[CHANGED_NEW].tcomment or "")
    # An unchanged sentence keeps its sign-off.
    assert "l10n-reviewed: " in got["Journalists were detained."].tcomment
