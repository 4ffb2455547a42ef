"""Issue 13, item 6: counts and messages that do not mislead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.workspace.config import Workspace
from tests.coordinator.issue13 import (
    ALPHA_V2,
    catalog,
    cli,
    entries,
    make_workspace,
    translate_all,
)

LONG = ("The police arrested thousands of protesters in Almaty, and journalists who reported "
        "on the arrests were detained for several hours without charge.")


def _status(ws: Workspace, release: str, lang: str) -> dict[str, int]:
    result = cli(ws, "status", release, "--lang", lang, "--json", "--no-qa")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    return row


def test_pretranslate_untranslated_and_left_agree_with_status(tmp_path: Path) -> None:
    """A suggestion made for a sentence since changed has a previous msgid: it was counted
    as untranslated (and left) by pretranslate while status counted it as fuzzy."""
    ws = make_workspace(tmp_path)
    assert cli(ws, "pretranslate", "--engine", "pseudo").exit_code == 0
    (ws.sources_dir / "alpha.txt").write_text(ALPHA_V2, encoding="utf-8")
    assert cli(ws, "ingest").exit_code == 0
    before = _status(ws, "alpha", "kk")
    assert (before["fuzzy"], before["untranslated"]) == (3, 1)
    # The default chain (offline) has no model here: nothing is translated by machine.
    result = cli(ws, "pretranslate", "alpha", "--lang", "kk")
    assert result.exit_code == 0, result.output
    after = _status(ws, "alpha", "kk")
    assert (f"alpha kk: {before['untranslated']} untranslated: 0 from memory (exact), "
            f"0 (fuzzy), 0 machine, {after['untranslated']} left") in result.stdout
    data = json.loads(cli(ws, "pretranslate", "alpha", "--lang", "kk", "--json").stdout)
    (outcome,) = data["outcomes"]
    assert outcome["untranslated"] == outcome["left"] == after["untranslated"] == 1


def test_check_does_not_call_fuzzy_entries_translated(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    assert cli(ws, "pretranslate", "--engine", "pseudo").exit_code == 0  # all fuzzy
    result = cli(ws, "check", "--lang", "kk")
    assert result.exit_code == 0, result.output
    summary = result.stdout.splitlines()[-1]
    assert "translated entries" not in summary
    assert "entries checked, fuzzy ones included" in summary


def test_export_says_what_came_from_fuzzy_suggestions_and_the_source(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    translate_all(ws, "alpha", "kk")
    po = catalog(ws, "alpha", "kk")
    po.find("Journalists were detained.").flags = ["fuzzy"]
    po.find("Nobody believed the promises of the government.").msgstr = ""
    po.save(str(ws.po_path("alpha", "kk")))
    out = tmp_path / "kk.txt"
    result = cli(ws, "export", "alpha", "--lang", "kk", "--include-fuzzy", "--min-complete",
                 "0", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert ("75.0% translated, 1 from fuzzy suggestions not yet confirmed, "
            "1 kept in the source language") in result.stdout
    assert "[kk] Journalists were detained." in out.read_text(encoding="utf-8")
    result = cli(ws, "export", "alpha", "--lang", "kk", "--min-complete", "0", "-o", str(out))
    assert "fuzzy" not in result.stdout and "2 kept in the source language" in result.stdout


def _long_entry(ws: Workspace) -> None:
    """alpha kk holds one confirmed translation of a long sentence, nothing fuzzy."""
    (ws.sources_dir / "alpha.txt").write_text(f"{LONG}\n", encoding="utf-8")
    assert cli(ws, "ingest").exit_code == 0
    po = catalog(ws, "alpha", "kk")
    po.find(LONG).msgstr = f"[kk] {LONG}"
    po.save(str(ws.po_path("alpha", "kk")))


def test_review_shows_full_texts_and_no_phantom_fuzzy(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    _long_entry(ws)
    result = cli(ws, "review", "alpha", "--lang", "kk")
    assert result.exit_code == 0, result.output
    assert f"{LONG} → [kk] {LONG}" in result.stdout  # not cut at 60 characters
    assert "…" not in result.stdout
    assert "fuzzy" not in result.stdout.splitlines()[-1]
    assert result.stdout.splitlines()[-1] == "alpha kk: 1 awaiting review (1 with QA errors)"


def test_review_wraps_long_entries_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from l10n.cli.review import _wrapped

    monkeypatch.setenv("COLUMNS", "60")
    line = f"x.po:12: translated: {LONG} → [kk] {LONG}"
    lines = _wrapped(line, terminal=True).split("\n")
    assert len(lines) > 3 and all(len(x) <= 60 for x in lines)
    assert lines[0].startswith("x.po:12: translated: The police")
    assert all(x.startswith("    ") for x in lines[1:])
    assert " ".join(x.strip() for x in lines) == line
    assert _wrapped(line, terminal=False) == line  # piped: one line per entry


def test_glossary_list_on_an_empty_glossary_says_so(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    result = cli(ws, "glossary", "list")
    assert result.exit_code == 0, result.output
    assert "The glossary is empty (glossary/)" in result.stdout
    assert "l10n glossary import" in result.stdout
    assert json.loads(cli(ws, "glossary", "list", "--json").stdout) == []


def test_init_mentions_glossary_import(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    assert "'l10n glossary import FILE'" in result.stdout


def test_ingest_counts_revived_entries_as_revived(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    translate_all(ws, "beta", "ru")
    text = (ws.sources_dir / "beta.txt").read_text(encoding="utf-8")
    (ws.sources_dir / "beta.txt").write_text(text.replace(" The vote was held on 9 June.", ""),
                                             encoding="utf-8")
    assert "(2 kept, 0 fuzzy, 0 new, 1 obsolete, 0 revived)" in cli(ws, "ingest").stdout
    (ws.sources_dir / "beta.txt").write_text(text, encoding="utf-8")
    result = cli(ws, "ingest")
    assert "ru: updated locales/ru/LC_MESSAGES/beta.po (2 kept, 0 fuzzy, 0 new, 0 obsolete, " \
           "1 revived)" in result.stdout
    assert entries(ws, "beta", "ru")["The vote was held on 9 June."].msgstr
