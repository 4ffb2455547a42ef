"""The ``l10n check`` command, registered on a Typer app of the test's own."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from l10n.cli.check import check_command
from l10n.qa.runner import list_checks
from tests.qa.test_checks import make_workspace

app = typer.Typer()
app.command("check")(check_command)
app.command("other")(lambda: None)  # two commands: "check" is a subcommand as in l10n

BAD = (None, "Tokayev was elected with 71% of the vote.", "Тоқаев был избран, набрав 17 % голосов.")
GOOD = (None, "Tokayev was elected with 71% of the vote.", "Токаев был избран, набрав 71\u00a0% голосов.")


def _ws(tmp_path: Path, entry: tuple, fuzzy: bool = False) -> Path:
    import polib

    e = polib.POEntry(msgid=entry[1], msgstr=entry[2], flags=["fuzzy"] if fuzzy else [])
    return make_workspace(tmp_path / "ws", {("r1", "ru"): [e]}).root


def test_lines_summary_and_exit_code(tmp_path: Path) -> None:
    root = _ws(tmp_path, BAD, fuzzy=True)
    result = CliRunner().invoke(app, ["check", "--workspace", str(root)])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("locales/ru/LC_MESSAGES/r1.po:")
    assert ": error [glossary] " in result.stdout and ": error [numbers] " in result.stdout
    assert all(line.endswith(" (fuzzy)") for line in lines[:-1])
    assert lines[-1].startswith("2 error(s), ") and "in 1 translated entries" in lines[-1]


def test_json_and_fail_on(tmp_path: Path) -> None:
    root = _ws(tmp_path, BAD)
    result = CliRunner().invoke(app, ["check", "r1", "--lang", "ru", "--json",
                                      "--fail-on", "never", "-w", str(root)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"glossary", "numbers"} <= {d["check"] for d in data}
    assert set(data[0]) == {"file", "line", "release", "lang", "msgid", "check", "severity",
                            "message", "fuzzy"}


def test_clean_workspace_exits_0_and_warning_threshold(tmp_path: Path) -> None:
    root = _ws(tmp_path, GOOD)
    assert CliRunner().invoke(app, ["check", "-w", str(root)]).exit_code == 0
    warn = (None, "Tokayev was elected.", "Токаев был избран")  # punctuation: a warning
    root2 = _ws(tmp_path / "b", warn)
    assert CliRunner().invoke(app, ["check", "-w", str(root2)]).exit_code == 0
    assert CliRunner().invoke(app, ["check", "-w", str(root2), "--fail-on", "warning"]
                              ).exit_code == 1


def test_list_and_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", "--list"])
    assert result.exit_code == 0
    assert any(line.split()[:2] == ["glossary", "error"] for line in result.stdout.splitlines())
    assert len(result.stdout.splitlines()) == len(list_checks())
    root = _ws(tmp_path, GOOD)
    bad = CliRunner().invoke(app, ["check", "nope", "-w", str(root)])
    assert bad.exit_code == 2 and "no release 'nope'" in bad.stderr
    assert CliRunner().invoke(app, ["check", "--fail-on", "x", "-w", str(root)]).exit_code == 2
    assert "Example: l10n check" in (check_command.__doc__ or "")
