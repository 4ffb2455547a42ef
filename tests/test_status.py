"""Status counts entries and words by review state, with QA errors and warnings per catalog."""

from __future__ import annotations

import json
import re
import shutil
import types
from pathlib import Path
from typing import Any

import polib

import pytest
import typer
from typer.testing import CliRunner

import l10n.check
from l10n.catalog.pofile import read_po
from l10n.cli.review import status_command
from l10n.qa.runner import Finding
from l10n.status import StatusRow, row_for, status, status_report
from l10n.workspace.config import Workspace

DATA = Path(__file__).parent / "data" / "dashboard"
CRAFTED = DATA / "crafted.ru.po"
OLD_KEYS = {"release", "lang", "entries", "words", "translated", "fuzzy", "untranslated",
            "translated_words", "percent"}


def fake_qa(monkeypatch: pytest.MonkeyPatch, findings: list[Any]) -> list[tuple[Any, ...]]:
    """Replace the QA run with a fake; returns the list of calls it receives."""
    calls: list[tuple[Any, ...]] = []

    def check_workspace(ws: Workspace, releases: Any = (), langs: Any = None) -> Any:
        calls.append((tuple(releases), None if langs is None else tuple(langs)))
        return types.SimpleNamespace(findings=findings, skipped=["x"])

    monkeypatch.setattr(l10n.check, "check_workspace", check_workspace)
    return calls


def crafted_workspace(ws: Workspace, release: str = "crafted") -> Path:
    """The crafted catalog installed as the ru catalog of ``release``."""
    (ws.locales_dir / "templates").mkdir(parents=True, exist_ok=True)
    ws.template_path(release).write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    path = ws.po_path(release, "ru")
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(CRAFTED, path)
    return path


def test_counts_by_state_on_a_crafted_catalog() -> None:
    row = row_for("crafted", "ru", read_po(CRAFTED))
    # 1 reviewed, 1 stale sign-off, 1 translated, 1 plural (translated); 1 suggested,
    # 1 fuzzy; 1 empty, 1 fuzzy without msgstr (untranslated); the obsolete one is not counted.
    assert (row.entries, row.translated, row.reviewed, row.fuzzy, row.suggested,
            row.untranslated) == (8, 4, 1, 2, 1, 2)
    assert (row.words, row.translated_words, row.reviewed_words, row.fuzzy_words,
            row.suggested_words, row.untranslated_words) == (32, 15, 4, 9, 4, 8)
    assert row.percent == 50.0 and row.percent_reviewed == 12.5
    assert row.percent_words == 46.9
    assert row.qa_errors is None and row.qa_warnings is None  # QA not run


def test_old_fields_keep_their_meaning() -> None:
    row = StatusRow("r", "kk", entries=4, words=10, translated=3, fuzzy=1, untranslated=0,
                    translated_words=8)
    assert row.percent == 75.0 and row.reviewed == 0
    assert OLD_KEYS <= row.as_dict().keys()
    assert StatusRow("r", "kk", 0, 0, 0, 0, 0, 0).percent == 100.0


def test_status_counts_qa_findings_from_one_run(monkeypatch: pytest.MonkeyPatch,
                                                workspace: Workspace) -> None:
    crafted_workspace(workspace)
    crafted_workspace(workspace, "other")
    calls = fake_qa(monkeypatch, [
        Finding("a.po", 13, "crafted", "ru", "x", "placeholders", "error", "m"),
        Finding("a.po", 19, "crafted", "ru", "x", "spaces", "warning", "m"),
        Finding("a.po", 23, "crafted", "ru", "x", "spaces", "warning", "m"),
        Finding("b.po", 13, "other", "ru", "x", "length", "error", "m"),
        Finding("c.po", 1, "crafted", "kk", "x", "length", "error", "m"),  # not asked for
    ])
    report = status_report(workspace, ["crafted", "other"], ["ru"])
    assert len(calls) == 1 and calls[0] == (("crafted", "other"), ("ru",))
    rows = {r.release: r for r in report.rows}
    assert (rows["crafted"].qa_errors, rows["crafted"].qa_warnings) == (1, 2)
    assert (rows["other"].qa_errors, rows["other"].qa_warnings) == (1, 0)
    assert len(report.findings) == 4 and report.qa_ran and report.qa_skipped == ["x"]


def test_status_without_qa_runs_no_check(monkeypatch: pytest.MonkeyPatch,
                                         workspace: Workspace) -> None:
    crafted_workspace(workspace)
    calls = fake_qa(monkeypatch, [])
    rows = status(workspace, with_qa=False)
    assert calls == [] and [r.qa_errors for r in rows] == [None]
    assert [r.qa_errors for r in status(workspace)] == [0] and len(calls) == 1


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("status")(status_command)
    app.command("other")(lambda: None)  # two commands: the name stays on the command line
    return app


def test_status_command_json_and_table(monkeypatch: pytest.MonkeyPatch, runner: CliRunner,
                                       workspace: Workspace) -> None:
    crafted_workspace(workspace)
    fake_qa(monkeypatch, [Finding("a.po", 13, "crafted", "ru", "x", "c", "error", "m")])
    result = runner.invoke(_app(), ["status", "--json", "-w", str(workspace.root)])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert OLD_KEYS | {"reviewed", "suggested", "reviewed_words", "fuzzy_words",
                       "suggested_words", "untranslated_words", "qa_errors", "qa_warnings",
                       "percent_reviewed"} <= row.keys()
    assert (row["translated"], row["reviewed"], row["qa_errors"], row["percent"],
            row["percent_reviewed"]) == (4, 1, 1, 50.0, 12.5)
    table = runner.invoke(_app(), ["status", "-w", str(workspace.root)])
    assert table.exit_code == 0, table.output
    # The columns tests/test_workflow.py::test_status_json reads stay where they were.
    assert re.search(r"crafted\s+ru\s+8\s+32\s+4\s+2\s+2\s+50.0%\s+12.5%\s+1\s+0\n",
                     table.stdout)
    assert ("entries/words: reviewed 1/4, unreviewed 3/11, fuzzy 2/9 (suggested 1/4), "
            "untranslated 2/8") in table.stdout


def test_status_command_writes_the_dashboard(monkeypatch: pytest.MonkeyPatch,
                                             runner: CliRunner, workspace: Workspace,
                                             tmp_path: Path) -> None:
    crafted_workspace(workspace)
    fake_qa(monkeypatch, [Finding("a.po", 13, "crafted", "ru", "<b>x</b>", "c", "error", "m")])
    out = tmp_path / "report" / "status.html"
    result = runner.invoke(_app(), ["status", "--html", str(out), "-w", str(workspace.root)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'aria-valuenow="50.0"' in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    assert "Dashboard written to" in result.stderr and "crafted" in result.stdout
    assert [p.name for p in out.parent.iterdir()] == ["status.html"]  # no temp file left


def test_status_command_help_has_an_example(runner: CliRunner) -> None:
    result = runner.invoke(_app(), ["status", "--help"])
    assert result.exit_code == 0 and "Example: l10n status" in result.stdout
    assert "--html" in result.stdout


def test_status_without_qa_shows_no_counts(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from l10n.cli.app import app
    from tests.conftest import ROOT

    result = CliRunner().invoke(app, ["status", "--no-qa", "--json",
                                      "--workspace", str(ROOT)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(r["qa_errors"] is None and r["qa_warnings"] is None for r in rows)


BROKEN_PO = '''msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#: source_texts/r.md:1
msgid "The court <1>rejected</1> the appeal."
msgstr "Le tribunal a <1>rejeté l’appel."

# l10n-reviewed: 2026-11-28 by Aigerim [00000000]
#: source_texts/r.md:3
msgid "Read the <1>report</1> <2/>."
msgstr "Lisez le <1>rapport</1>."

#: source_texts/r.md:5
msgid "See <1><2>this</2></1>."
msgstr "Voir <1><2>ceci</1></2>."

#: source_texts/r.md:7
msgid "Kept <1>intact</1>."
msgstr "Gardé <1>intact</1>."

#: source_texts/r.md:9
#, fuzzy
msgid "A <1>suggestion</1>."
msgstr "Une <1>suggestion."
'''


def test_broken_placeholders_do_not_count_as_translated(tmp_path: Path) -> None:
    path = tmp_path / "r.po"
    path.write_text(BROKEN_PO, encoding="utf-8")
    row = row_for("r", "fr", read_po(path))
    # a missing </1>, a missing <2/> (reviewed, still broken), pairs crossed: 3 broken,
    # counted as untranslated; the fuzzy one stays fuzzy.
    assert (row.entries, row.translated, row.reviewed, row.fuzzy, row.untranslated,
            row.broken) == (5, 1, 0, 1, 3, 3)
    assert row.translated_words == 2 and row.percent == 20.0
    data = row.as_dict()
    assert OLD_KEYS <= data.keys() and data["broken"] == 3


def test_qa_counts_are_the_findings_that_block() -> None:
    """Findings on unconfirmed suggestions and accepted ones are shown apart by `check`;
    the status row counts what blocks publishing, as the dashboard's cards do."""
    po = polib.POFile()
    po.append(polib.POEntry(msgid="One.", msgstr="Бір."))

    def finding(severity: str, **kw: bool) -> Finding:
        return Finding(file="x.po", line=1, release="x", lang="kk", msgid="One.",
                       check="numbers", severity=severity, message="m", **kw)

    row = row_for("x", "kk", po, [finding("error"), finding("error", fuzzy=True),
                                  finding("error", accepted=True), finding("warning"),
                                  finding("warning", fuzzy=True)])
    assert (row.qa_errors, row.qa_warnings) == (1, 1)
