"""publish refusing for QA: every blocking finding, and the command that accepts it.

Real QA checks on the repository's sample with one planted error; the commands publish
prints are run as printed, through the l10n app.
"""

from __future__ import annotations

import re
import shlex
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.catalog.pofile import read_po, write_po
from l10n.cli.app import app
from l10n.publish import publish
from l10n.workspace.config import Workspace, load_workspace
from l10n.workspace.errors import Refused

RELEASE = "kazakhstan-impunity-2019"
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=timezone.utc)
PO = f"locales/ru/LC_MESSAGES/{RELEASE}.po"


@pytest.fixture
def planted(translated_sample: Workspace) -> Workspace:
    """The sample with one wrong date in a confirmed Russian translation."""
    path = translated_sample.po_path(RELEASE, "ru")
    po = read_po(path)
    (entry,) = [e for e in po if "9 июня 2019" in e.msgstr]
    entry.msgstr = entry.msgstr.replace("9 июня 2019", "19 июня 2019")
    write_po(po, path)
    config = translated_sample.config_file  # the QA gate alone: sign-offs not required
    config.write_text(config.read_text(encoding="utf-8").replace(
        "require_reviewed = true", "require_reviewed = false"), encoding="utf-8")
    return load_workspace(config)


def line_of_wrong_date(ws: Workspace) -> int:
    return next(e.linenum for e in read_po(ws.po_path(RELEASE, "ru"))
                if "19 июня 2019" in e.msgstr)


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def test_refusal_lists_the_finding_and_the_command_that_accepts_it(
        planted: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(planted.root)
    result = run("publish", RELEASE)
    assert result.exit_code == 1, result.output
    line = line_of_wrong_date(planted)
    err = result.stderr.splitlines()
    start = err.index(next(x for x in err if x.startswith("ru: not published: ")))
    assert err[start].startswith("ru: not published: 1 QA error(s) on confirmed translations")
    assert "fix the translation or accept the finding" in err[start]
    assert "--allow-qa-errors" in err[start]
    assert re.fullmatch(rf"  {PO}:{line}: error \[numbers\] .+", err[start + 1]), err
    command = f"l10n review {RELEASE} --lang ru --accept {line}:numbers"
    assert err[start + 2] == f"    to accept it: {command}"
    assert "kk: published" in result.stdout and "fr: published" in result.stdout

    accepted = run(*shlex.split(command)[1:])  # exactly as printed
    assert accepted.exit_code == 0, accepted.output
    again = run("publish", RELEASE)
    assert again.exit_code == 0, again.output
    assert "ru: published" in again.stdout and "ru: not published" not in again.stderr


def test_the_command_names_the_workspace_when_run_from_elsewhere(
        planted: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run("publish", RELEASE, "-w", str(planted.root))
    assert result.exit_code == 1
    (command,) = [x.split(": ", 1)[1] for x in result.stderr.splitlines()
                  if x.startswith("    to accept it: ")]
    assert command.endswith(f" -w {shlex.quote(str(planted.root))}")
    assert run(*shlex.split(command)[1:]).exit_code == 0
    assert run("publish", RELEASE, "-w", str(planted.root)).exit_code == 0


def test_no_language_ready_lists_the_findings_too(planted: Workspace) -> None:
    with pytest.raises(Refused) as caught:
        publish(planted, RELEASE, langs=["ru"], now=NOW)
    text = str(caught.value)
    line = line_of_wrong_date(planted)
    assert f"\n    {PO}:{line}: error [numbers] " in text
    assert f"--accept {line}:numbers" in text
    result = run("publish", RELEASE, "-l", "ru", "-w", str(planted.root))
    assert result.exit_code == 1 and f"--accept {line}:numbers" in result.stderr


def test_several_findings_get_one_command_for_all(planted: Workspace,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = planted.po_path(RELEASE, "ru")
    po = read_po(path)
    entry = next(e for e in po if "PEN International" in e.msgid and "2019" not in e.msgstr
                 and "PEN International" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("PEN International", "ПЕН Интернешнл")
    write_po(po, path)
    monkeypatch.chdir(planted.root)
    result = run("publish", RELEASE, "-l", "ru", "-l", "kk")
    assert result.exit_code == 1
    singles = [x.split(": ", 1)[1] for x in result.stderr.splitlines()
               if x.startswith("    to accept it: ")]
    (every,) = [x.split(": ", 1)[1] for x in result.stderr.splitlines()
                if x.startswith("  to accept them all: ")]
    assert len(singles) >= 2
    assert every == singles[0] + "".join(s[s.index(" --accept"):] for s in singles[1:])
    assert run(*shlex.split(every)[1:]).exit_code == 0
    assert run("publish", RELEASE, "-l", "ru").exit_code == 0


def test_accepted_and_fuzzy_errors_do_not_block_and_are_counted(planted: Workspace) -> None:
    line = line_of_wrong_date(planted)
    assert run("review", RELEASE, "-l", "ru", "--accept", f"{line}:numbers",
               "-w", str(planted.root)).exit_code == 0
    report = publish(planted, RELEASE, now=NOW)
    ru = next(r for r in report.published if r.lang == "ru")
    assert (ru.qa.errors, ru.qa.accepted) == (0, 1)
    assert ru.as_dict()["qa"]["errors_accepted"] == 1
    # The msgstr changes again: the acceptance lapses and the error blocks once more.
    path = planted.po_path(RELEASE, "ru")
    po = read_po(path)
    (entry,) = [e for e in po if "19 июня 2019" in e.msgstr]
    entry.msgstr = entry.msgstr.replace("19 июня 2019", "29 июня 2019")
    write_po(po, path)
    refused = publish(planted, RELEASE, now=NOW)
    assert [r.lang for r in refused.refused] == ["ru"]
    # A fuzzy entry is not published: its error does not block.
    po = read_po(path)
    (entry,) = [e for e in po if "29 июня 2019" in e.msgstr]
    entry.flags.append("fuzzy")
    write_po(po, path)
    fuzzy = publish(planted, RELEASE, now=NOW, min_complete=90)
    ru = next(r for r in fuzzy.published if r.lang == "ru")
    assert (ru.qa.errors, ru.qa.fuzzy_errors) == (0, 1)
