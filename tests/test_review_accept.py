"""A reviewer accepts a QA finding: a translator comment for that msgstr, kept by msgmerge.

Real QA checks, real PO files and GNU msgmerge; the command line through the l10n app.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from l10n.catalog.pofile import read_po
from l10n.catalog.states import (
    Status,
    accepted_checks,
    fingerprint,
    mark_accepted,
    status_of,
)
from l10n.check import check_workspace
from l10n.cli.app import app
from l10n.review import review
from l10n.workspace.config import Workspace
from l10n.workspace.errors import LockedError, UsageError
from l10n.workspace.fsutil import workspace_lock
from tests.qa.test_checks import make_workspace

DAY = date(2026, 12, 5)
PO = "locales/ru/LC_MESSAGES/r1.po"
WRONG_NUMBER = ("Tokayev was elected with 71% of the vote.",
                "Токаев был избран, набрав 17\u00a0% голосов.")
CLEAN = ("Journalists were detained.", "Журналисты были задержаны.")
MSGMERGE = shutil.which("msgmerge")


def entries() -> list[polib.POEntry]:
    return [polib.POEntry(msgid=WRONG_NUMBER[0], msgstr=WRONG_NUMBER[1]),
            polib.POEntry(msgid=CLEAN[0], msgstr=CLEAN[1]),
            polib.POEntry(msgid="Tokayev won 71% of the vote.",
                          msgstr="Токаев набрал 17\u00a0% голосов.", flags=["fuzzy"])]


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws", {("r1", "ru"): entries()})


def po_path(ws: Workspace) -> Path:
    return ws.root / PO


def line_of(ws: Workspace, msgid: str) -> int:
    return next(e.linenum for e in read_po(po_path(ws)) if e.msgid == msgid)


def entry(ws: Workspace, msgid: str) -> polib.POEntry:
    return next(e for e in read_po(po_path(ws)) if e.msgid == msgid)


def invoke(*args: str) -> object:
    return CliRunner().invoke(app, list(args))


def check(ws: Workspace, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["check", "r1", "-l", "ru", "-w", str(ws.root), *args])


def translations(path: Path) -> list[tuple[object, ...]]:
    """Everything of every entry but its translator comment."""
    return [(e.msgid, e.msgstr, e.flags, e.comment) for e in read_po(path)]


def test_an_accepted_finding_is_recorded_and_stops_blocking(ws: Workspace) -> None:
    line = line_of(ws, WRONG_NUMBER[0])
    before = check(ws)
    assert before.exit_code == 1, before.output
    assert f"{PO}:{line}: error [numbers] " in before.stdout
    kept = translations(po_path(ws))

    result = CliRunner().invoke(app, ["review", "r1", "--lang", "ru", "--accept",
                                      f"{line}:numbers", "--reviewer", "Dana",
                                      "-w", str(ws.root)])
    assert result.exit_code == 0, result.output
    assert f"{PO}:{line}: accepted [numbers] " in result.stdout
    assert "1 finding accepted by Dana" in result.stdout
    e = entry(ws, WRONG_NUMBER[0])
    assert (f"l10n-accepted: numbers {date.today().isoformat()} by Dana "
            f"[{fingerprint(WRONG_NUMBER[1])}]") in e.tcomment
    assert accepted_checks(e) == {"numbers"}
    assert status_of(e) is Status.TRANSLATED  # accepting is not signing off
    assert translations(po_path(ws)) == kept  # msgstr, flags, notes: as they were
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po_path(ws))], check=True)

    after = check(ws)
    assert after.exit_code == 0, after.output
    line = line_of(ws, WRONG_NUMBER[0])
    assert re.search(rf"^{PO}:{line}: error \[numbers\] .* \(accepted\)$", after.stdout, re.M)
    assert ", 1 of them accepted by a reviewer" in after.stdout.splitlines()[-1]
    data = json.loads(check(ws, "--json").stdout)
    assert [(d["check"], d["accepted"]) for d in data] == [("numbers", True)]
    listing = CliRunner().invoke(app, ["review", "r1", "-l", "ru", "-w", str(ws.root)])
    assert f":{line}: error: numbers: " in listing.stdout
    assert listing.stdout.split(f":{line}: error: numbers: ")[1].split("\n")[0].endswith(
        " (accepted)")
    assert "2 awaiting review, 1 fuzzy" in listing.stdout  # no "with QA errors"


def test_accept_json_report(ws: Workspace) -> None:
    line = line_of(ws, WRONG_NUMBER[0])
    result = CliRunner().invoke(app, ["review", "r1", "-l", "ru", "--accept", f"{line}:numbers",
                                      "--json", "-w", str(ws.root)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (accepted,) = data["accepted"]
    assert (accepted["msgid"], accepted["check"], accepted["line"]) == (
        WRONG_NUMBER[0], "numbers", line_of(ws, WRONG_NUMBER[0]))
    assert accepted["findings"][0]["translation"] == WRONG_NUMBER[1]
    assert data["written"] is True and data["already_accepted"] == []


def test_file_line_check_as_check_prints_it(ws: Workspace) -> None:
    printed = next(x for x in check(ws).stdout.splitlines() if "[numbers]" in x)
    where = printed.split(": error")[0]  # locales/ru/LC_MESSAGES/r1.po:LINE
    result = invoke("review", "r1", "-l", "ru", "--accept", f"{where}:numbers",
                    "-w", str(ws.root))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert accepted_checks(entry(ws, WRONG_NUMBER[0])) == {"numbers"}


@pytest.mark.parametrize("given, message", [
    ("9999:numbers", "no entry starts at line 9999"),
    ("{clean}:numbers", "has no [numbers] finding"),
    ("{line}:glossary", "has no [glossary] finding"),
    ("{line}:no-such-check", "has no [no-such-check] finding"),
    ("numbers", "expected LINE:CHECK"),
    ("x:numbers", "expected LINE:CHECK"),
    ("locales/kk/LC_MESSAGES/r1.po:{line}:numbers", "not the catalog"),
])
def test_a_bad_accept_exits_2_and_writes_nothing(ws: Workspace, given: str,
                                                 message: str) -> None:
    before = po_path(ws).read_bytes()
    value = given.format(line=line_of(ws, WRONG_NUMBER[0]), clean=line_of(ws, CLEAN[0]))
    result = CliRunner().invoke(app, ["review", "r1", "-l", "ru", "--accept", value,
                                      "--accept", f"{line_of(ws, WRONG_NUMBER[0])}:numbers",
                                      "-w", str(ws.root)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output
    assert po_path(ws).read_bytes() == before


@pytest.mark.skipif(MSGMERGE is None, reason="needs GNU gettext (msgmerge)")
def test_msgmerge_keeps_the_acceptance(ws: Workspace, tmp_path: Path) -> None:
    review(ws, "r1", "ru", accept=[f"{line_of(ws, WRONG_NUMBER[0])}:numbers"],
           reviewer="Dana", day=DAY)
    template = tmp_path / "r1.pot"
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid in ("A new sentence first.", WRONG_NUMBER[0], CLEAN[0]):
        pot.append(polib.POEntry(msgid=msgid, msgstr=""))
    pot.save(str(template))
    merged = tmp_path / "merged.po"
    subprocess.run([str(MSGMERGE), "--quiet", "-o", str(merged), str(po_path(ws)),
                    str(template)], check=True)
    text = merged.read_text(encoding="utf-8")
    assert f"# l10n-accepted: numbers 2026-12-05 by Dana [{fingerprint(WRONG_NUMBER[1])}]" \
        in text
    shutil.copy(merged, po_path(ws))
    found = check_workspace(ws, ["r1"], ["ru"]).findings
    assert [(f.check, f.accepted) for f in found if not f.fuzzy] == [("numbers", True)]
    assert check(ws).exit_code == 0


def test_a_changed_msgstr_makes_the_acceptance_lapse(ws: Workspace) -> None:
    review(ws, "r1", "ru", accept=[f"{line_of(ws, WRONG_NUMBER[0])}:numbers"], day=DAY)
    assert check(ws).exit_code == 0
    po = polib.pofile(str(po_path(ws)))  # a translator edits the msgstr in another tool
    po.find(WRONG_NUMBER[0]).msgstr = "Токаев был избран, набрав 77\u00a0% голосов."
    po.save(str(po_path(ws)))
    assert accepted_checks(entry(ws, WRONG_NUMBER[0])) == set()
    again = check(ws)
    assert again.exit_code == 1 and "(accepted)" not in again.stdout
    # The next review that writes drops the lapsed line; it must be decided anew.
    report = review(ws, "r1", "ru", approve=[line_of(ws, CLEAN[0])], day=DAY)
    assert report.written and [i.msgid for i in report.lapsed_dropped] == [WRONG_NUMBER[0]]
    assert "l10n-accepted" not in (entry(ws, WRONG_NUMBER[0]).tcomment or "")
    review(ws, "r1", "ru", accept=[f"{line_of(ws, WRONG_NUMBER[0])}:numbers"], day=DAY)
    assert check(ws).exit_code == 0


def test_accepting_twice_changes_nothing_and_approve_all_clean_passes_it(
        ws: Workspace) -> None:
    line = line_of(ws, WRONG_NUMBER[0])
    first = review(ws, "r1", "ru", accept=[f"{line}:numbers"], reviewer="Dana", day=DAY)
    assert first.written and [(a.line, a.check) for a in first.accepted] == [
        (line_of(ws, WRONG_NUMBER[0]), "numbers")]
    before = po_path(ws).read_bytes()
    second = review(ws, "r1", "ru", accept=[f"{line_of(ws, WRONG_NUMBER[0])}:numbers"],
                    reviewer="Aigerim", day=date(2026, 12, 6))
    assert not second.written and [(a.line, a.check) for a in second.already_accepted] == [
        (line_of(ws, WRONG_NUMBER[0]), "numbers")]
    assert po_path(ws).read_bytes() == before
    # Its only error is accepted: the entry counts as clean for --approve-all-clean.
    signed = review(ws, "r1", "ru", approve_all_clean=True, reviewer="Dana", day=DAY)
    assert {i.msgid for i in signed.approved} == {WRONG_NUMBER[0], CLEAN[0]}
    e = entry(ws, WRONG_NUMBER[0])
    assert status_of(e) is Status.REVIEWED and accepted_checks(e) == {"numbers"}


def test_a_fuzzy_entry_finding_can_be_accepted(ws: Workspace) -> None:
    line = line_of(ws, "Tokayev won 71% of the vote.")
    review(ws, "r1", "ru", accept=[f"{line}:numbers"], day=DAY)
    shown = check(ws, "--only", "fuzzy")
    assert shown.exit_code == 0, shown.output
    assert "(fuzzy, accepted)" in shown.stdout


def test_accept_takes_the_lock_and_rechecks_the_file(monkeypatch: pytest.MonkeyPatch,
                                                     ws: Workspace) -> None:
    import l10n.review

    spec = f"{line_of(ws, WRONG_NUMBER[0])}:numbers"
    before = po_path(ws).read_bytes()
    with workspace_lock(ws.root), pytest.raises(LockedError):
        review(ws, "r1", "ru", accept=[spec])
    assert po_path(ws).read_bytes() == before
    real = l10n.review.qa_findings

    def qa_while_translator_saves(*args):  # type: ignore[no-untyped-def]
        found = real(*args)
        po_path(ws).write_bytes(before.replace("Журналисты".encode(), "Репортёры".encode()))
        return found

    monkeypatch.setattr(l10n.review, "qa_findings", qa_while_translator_saves)
    with pytest.raises(UsageError, match="changed while it was being checked"):
        review(ws, "r1", "ru", accept=[spec])
    assert po_path(ws).read_bytes() == before.replace("Журналисты".encode(),
                                                      "Репортёры".encode())


def test_the_comment_itself() -> None:
    e = polib.POEntry(msgid="a", msgstr="b", tcomment="a note")
    mark_accepted(e, "numbers", reviewer="Dana", day=DAY)
    mark_accepted(e, "quotes", day=DAY)
    assert e.tcomment.splitlines() == [
        "a note", f"l10n-accepted: numbers 2026-12-05 by Dana [{fingerprint('b')}]",
        f"l10n-accepted: quotes 2026-12-05 [{fingerprint('b')}]"]
    assert accepted_checks(e) == {"numbers", "quotes"}
    e.msgstr = "c"
    assert accepted_checks(e) == set()
    plural = polib.POEntry(msgid="one", msgid_plural="many",
                           msgstr_plural={0: "один", 1: "два", 2: "много"})
    mark_accepted(plural, "length", day=DAY)
    assert accepted_checks(plural) == {"length"}
    with pytest.raises(ValueError):
        mark_accepted(polib.POEntry(msgid="x", msgstr=""), "numbers")
