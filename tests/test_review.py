"""The review workflow: list entries awaiting review, sign them off, drop stale sign-offs."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import polib
import pytest
import typer
from typer.testing import CliRunner

from l10n.catalog.entries import has_any_translation
from l10n.catalog.pofile import read_po
from l10n.catalog.states import Status, sign_off, status_of
from l10n.cli.review import review_command
from l10n.review import default_reviewer, pending_review, review
from l10n.workspace.config import Workspace
from l10n.workspace.errors import LockedError, UsageError
from l10n.workspace.fsutil import workspace_lock
from tests.test_status import Finding, crafted_workspace, fake_qa

DAY = date(2026, 11, 30)
# Lines of the crafted catalog's entries (their msgid keyword), see tests/data/dashboard.
REVIEWED, STALE, TRANSLATED, SUGGESTED, FUZZY, EMPTY, PLURAL, FUZZY_EMPTY = (
    13, 19, 23, 29, 35, 39, 43, 51)


@pytest.fixture
def po_path(workspace: Workspace) -> Path:
    return crafted_workspace(workspace)


def translations(path: Path) -> list[tuple[object, ...]]:
    """Everything of every translated entry except its translator comment (sign-offs).

    (Our writer, like GNU gettext, drops "fuzzy" from an entry with no msgstr at all.)
    """
    return [(e.msgid, e.msgstr, sorted(e.msgstr_plural.items()), e.flags, e.obsolete,
             e.comment, e.previous_msgid) for e in read_po(path) if has_any_translation(e)]


def entry_at(path: Path, msgid: str) -> polib.POEntry:
    return next(e for e in read_po(path) if e.msgid == msgid)


def test_pending_lists_translated_and_fuzzy_entries_with_findings(
        monkeypatch: pytest.MonkeyPatch, workspace: Workspace, po_path: Path) -> None:
    fake_qa(monkeypatch, [
        Finding(str(po_path), TRANSLATED, "crafted", "ru", "Elections were held on 9 June.",
                "numbers", "error", "9 is missing"),
        Finding(str(po_path), None, "crafted", "ru", "Journalists were detained.",
                "spaces", "warning", "double space"),  # no line: matched by msgid
    ])
    items = pending_review(workspace, "crafted", "ru")
    assert [(i.line, i.status) for i in items] == [
        (STALE, Status.TRANSLATED), (TRANSLATED, Status.TRANSLATED),
        (SUGGESTED, Status.SUGGESTED), (FUZZY, Status.FUZZY), (PLURAL, Status.TRANSLATED)]
    assert [i.reviewable for i in items] == [True, True, False, False, True]
    assert items[0].stale and not items[1].stale
    assert [f.check for f in items[1].findings] == ["numbers"] and items[1].errors == 1
    assert [f.check for f in items[0].findings] == ["spaces"] and items[0].errors == 0
    assert items[4].msgstr == "Один арест | Несколько арестов | Много арестов"


def test_approve_all_clean_skips_qa_errors_and_never_touches_translations(
        monkeypatch: pytest.MonkeyPatch, workspace: Workspace, po_path: Path) -> None:
    fake_qa(monkeypatch, [
        Finding(str(po_path), TRANSLATED, "crafted", "ru", "Elections were held on 9 June.",
                "numbers", "error", "9 is missing"),
        Finding(str(po_path), PLURAL, "crafted", "ru", "One arrest", "length", "warning", "w"),
    ])
    before = translations(po_path)
    report = review(workspace, "crafted", "ru", approve_all_clean=True, reviewer="Aigerim",
                    day=DAY)
    assert report.written and report.qa_ran
    assert {i.msgid for i in report.approved} == {"Journalists were detained.", "One arrest"}
    assert [i.msgid for i in report.held] == ["Elections were held on 9 June."]
    assert translations(po_path) == before  # msgstr, flags, notes: all as they were
    statuses = {e.msgid: status_of(e) for e in read_po(po_path)}
    assert statuses["Journalists were detained."] is Status.REVIEWED
    assert statuses["One arrest"] is Status.REVIEWED
    assert statuses["Elections were held on 9 June."] is Status.TRANSLATED
    assert statuses["The protests were peaceful."] is Status.SUGGESTED  # fuzzy: never approved
    assert statuses["Thousands of people were arrested."] is Status.FUZZY
    assert sign_off(entry_at(po_path, "One arrest")) == ("2026-11-30", "Aigerim")
    # The existing valid sign-off is kept as it was.
    assert sign_off(entry_at(po_path, "The police arrested protesters.")) == (
        "2026-11-28", "Aigerim")
    # The report's lines are those of the file as written (sign-off lines moved them).
    lines = {e.msgid: e.linenum for e in read_po(po_path)}
    assert all(lines[i.msgid] == i.line for i in report.approved + report.pending)
    assert [i.msgid for i in report.pending if i.reviewable] == [
        "Elections were held on 9 June."]


def test_approve_by_line_overrides_qa_but_refuses_fuzzy(
        monkeypatch: pytest.MonkeyPatch, workspace: Workspace, po_path: Path) -> None:
    fake_qa(monkeypatch, [Finding(str(po_path), TRANSLATED, "crafted", "ru", "x", "numbers",
                                  "error", "9 is missing")])
    report = review(workspace, "crafted", "ru", approve=[TRANSLATED, SUGGESTED, EMPTY, REVIEWED],
                    day=DAY)
    assert [i.msgid for i in report.approved] == ["Elections were held on 9 June."]
    assert report.approved[0].errors == 1  # the reviewer looked and approved it anyway
    assert [r.line for r in report.refused] == [SUGGESTED, EMPTY]
    assert "fuzzy flag" in report.refused[0].reason
    assert report.already_reviewed == [REVIEWED]
    assert status_of(entry_at(po_path, "The protests were peaceful.")) is Status.SUGGESTED


def test_unknown_line_is_refused_and_nothing_written(monkeypatch: pytest.MonkeyPatch,
                                                     workspace: Workspace,
                                                     po_path: Path) -> None:
    fake_qa(monkeypatch, [])
    before = po_path.read_bytes()
    with pytest.raises(UsageError, match=r"no entry starts at line 14, 999"):
        review(workspace, "crafted", "ru", approve=[TRANSLATED, 14, 999])
    assert po_path.read_bytes() == before


def test_stale_sign_off_is_dropped(monkeypatch: pytest.MonkeyPatch, workspace: Workspace,
                                   po_path: Path) -> None:
    fake_qa(monkeypatch, [])
    report = review(workspace, "crafted", "ru")
    assert [i.msgid for i in report.stale_dropped] == ["Journalists were detained."]
    assert report.written and not report.approved
    stale = entry_at(po_path, "Journalists were detained.")
    assert stale.tcomment == "Signed off for an earlier msgstr: stale, so only translated."
    assert status_of(stale) is Status.TRANSLATED
    # Nothing is left to do: a second run leaves the file alone.
    again = review(workspace, "crafted", "ru")
    assert not again.written and not again.stale_dropped


def test_a_later_edit_makes_a_sign_off_stale(monkeypatch: pytest.MonkeyPatch,
                                             workspace: Workspace, po_path: Path) -> None:
    fake_qa(monkeypatch, [])
    review(workspace, "crafted", "ru", approve=[TRANSLATED], reviewer="Aigerim", day=DAY)
    po = polib.pofile(str(po_path))  # a translator edits the msgstr in another tool
    po.find("Elections were held on 9 June.").msgstr = "Выборы состоялись 9 июня."
    po.save(str(po_path))
    (item,) = [i for i in pending_review(workspace, "crafted", "ru")
               if i.msgid == "Elections were held on 9 June."]
    assert item.status is Status.TRANSLATED and item.stale
    report = review(workspace, "crafted", "ru")
    assert "Elections were held on 9 June." in [i.msgid for i in report.stale_dropped]


def test_nothing_to_do_leaves_the_file_untouched(monkeypatch: pytest.MonkeyPatch,
                                                 workspace: Workspace, po_path: Path) -> None:
    fake_qa(monkeypatch, [])
    po = polib.pofile(str(po_path))  # saved by polib: not byte-identical to our own writer
    po.find("Journalists were detained.").tcomment = ""
    po.save(str(po_path))
    before, stamp = po_path.read_bytes(), po_path.stat().st_mtime_ns
    report = review(workspace, "crafted", "ru", approve=[REVIEWED])
    assert not report.written and report.already_reviewed == [REVIEWED]
    assert po_path.read_bytes() == before and po_path.stat().st_mtime_ns == stamp


def test_write_is_atomic(monkeypatch: pytest.MonkeyPatch, workspace: Workspace,
                         po_path: Path) -> None:
    fake_qa(monkeypatch, [])
    before = po_path.read_bytes()

    def fail(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        review(workspace, "crafted", "ru", approve_all_clean=True)
    assert po_path.read_bytes() == before
    assert sorted(p.name for p in po_path.parent.iterdir()) == ["crafted.po"]


def test_review_waits_for_no_one_holding_the_lock(monkeypatch: pytest.MonkeyPatch,
                                                  workspace: Workspace, po_path: Path) -> None:
    fake_qa(monkeypatch, [])
    before = po_path.read_bytes()
    with workspace_lock(workspace.root), pytest.raises(LockedError):
        review(workspace, "crafted", "ru", approve_all_clean=True)
    assert po_path.read_bytes() == before


def test_approve_all_clean_with_the_real_qa_checks(workspace: Workspace,
                                                   po_path: Path) -> None:
    from l10n.check import check_workspace

    errors = {f.msgid for f in check_workspace(workspace, ["crafted"], ["ru"]).findings
              if f.severity == "error"}
    report = review(workspace, "crafted", "ru", approve_all_clean=True, day=DAY)
    assert report.qa_ran
    approved = {i.msgid for i in report.approved}
    assert approved and not approved & errors
    assert {i.msgid for i in report.held} == errors & {
        "Journalists were detained.", "Elections were held on 9 June.", "One arrest"}


def test_reviewer_name(monkeypatch: pytest.MonkeyPatch, workspace: Workspace,
                       po_path: Path) -> None:
    assert default_reviewer() is None  # Last-Translator names the translator: never used
    monkeypatch.setenv("L10N_REVIEWER", " Dana ")
    assert default_reviewer() == "Dana" and default_reviewer("Aigerim") == "Aigerim"
    assert default_reviewer("") is None  # an explicit empty name: no name
    with pytest.raises(UsageError, match="line break"):
        default_reviewer("Dana\n# l10n-reviewed: forged")
    fake_qa(monkeypatch, [])
    review(workspace, "crafted", "ru", approve=[TRANSLATED], day=DAY)
    assert sign_off(entry_at(po_path, "Elections were held on 9 June.")) == (
        "2026-11-30", "Dana")


def test_unknown_release_or_language(workspace: Workspace, po_path: Path) -> None:
    with pytest.raises(UsageError, match="no ru catalog"):
        pending_review(workspace, "missing", "ru")
    with pytest.raises(UsageError, match="not a target"):
        review(workspace, "crafted", "de")
    with pytest.raises(UsageError, match="invalid release name"):
        review(workspace, "../crafted", "ru")


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("review")(review_command)
    app.command("other")(lambda: None)  # two commands: the name stays on the command line
    return app


def test_review_command_lists_without_writing(monkeypatch: pytest.MonkeyPatch,
                                              runner: CliRunner, workspace: Workspace,
                                              po_path: Path) -> None:
    fake_qa(monkeypatch, [Finding(str(po_path), TRANSLATED, "crafted", "ru", "x", "numbers",
                                  "error", "9 is missing")])
    before = po_path.read_bytes()
    os.chdir(workspace.root)  # file:line relative to here, as an editor wants it
    result = runner.invoke(_app(), ["review", "crafted", "--lang", "ru"])
    assert result.exit_code == 0, result.output
    where = "locales/ru/LC_MESSAGES/crafted.po"
    assert (f"{where}:{TRANSLATED}: translated: Elections were held on 9 June. → "
            "Выборы прошли 9 июня.\n") in result.stdout
    assert f"{where}:{TRANSLATED}: error: numbers: 9 is missing\n" in result.stdout
    assert f"{where}:{SUGGESTED}: suggested, not reviewable: The protests" in result.stdout
    assert f"{where}:{STALE}: translated (changed since its sign-off): " in result.stdout
    assert result.stdout.endswith("crafted ru: 3 awaiting review (1 with QA errors), "
                                  "2 fuzzy, not yet reviewable\n")
    assert po_path.read_bytes() == before


def test_review_command_signs_off(monkeypatch: pytest.MonkeyPatch, runner: CliRunner,
                                  workspace: Workspace, po_path: Path) -> None:
    fake_qa(monkeypatch, [])
    result = runner.invoke(_app(), ["review", "crafted", "-l", "ru", "--approve-all-clean",
                                    "--reviewer", "Aigerim", "-w", str(workspace.root)])
    assert result.exit_code == 0, result.output
    assert "crafted ru: 3 signed off by Aigerim, 1 stale sign-offs dropped, 0 awaiting " \
           "review, 2 fuzzy, not yet reviewable; " in result.stdout
    assert result.stdout.rstrip().endswith("crafted.po updated")


def test_review_command_refusal_exits_1_and_json(monkeypatch: pytest.MonkeyPatch,
                                                 runner: CliRunner, workspace: Workspace,
                                                 po_path: Path) -> None:
    fake_qa(monkeypatch, [])
    result = runner.invoke(_app(), ["review", "crafted", "-l", "ru", "--approve",
                                    str(TRANSLATED), "--approve", str(FUZZY), "--json",
                                    "-w", str(workspace.root)])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert [i["msgid"] for i in data["approved"]] == ["Elections were held on 9 June."]
    assert data["refused"][0]["line"] == FUZZY and data["written"] is True
    assert {"line", "msgid", "msgstr", "status", "reviewable", "findings"} <= \
        data["pending"][0].keys()
    bad = runner.invoke(_app(), ["review", "crafted", "-l", "ru", "--approve", "2",
                                 "-w", str(workspace.root)])
    assert bad.exit_code == 2 and "no entry starts at line 2" in bad.stderr


def test_review_command_help_has_an_example(runner: CliRunner) -> None:
    result = runner.invoke(_app(), ["review", "--help"])
    assert result.exit_code == 0
    assert "Example: l10n review kazakhstan-impunity-2019 --lang kk --approve-all-clean" in \
        result.stdout


def test_a_save_while_qa_runs_is_not_overwritten(monkeypatch: pytest.MonkeyPatch,
                                                 workspace: Workspace, po_path: Path) -> None:
    import l10n.review

    def qa_while_translator_saves(*args):  # type: ignore[no-untyped-def]
        po_path.write_bytes(po_path.read_bytes().replace("Journalists".encode(),
                                                         "Reporters".encode()))
        return [], []

    monkeypatch.setattr(l10n.review, "qa_findings", qa_while_translator_saves)
    saved_before = po_path.read_bytes()
    with pytest.raises(UsageError) as info:
        review(workspace, "crafted", "ru", approve_all_clean=True, reviewer="A", day=DAY)
    assert str(info.value).endswith("changed while it was being checked; nothing written, "
                                    "rerun the review")
    assert po_path.read_bytes() == saved_before.replace(b"Journalists", b"Reporters")
