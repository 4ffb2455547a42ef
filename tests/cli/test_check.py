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
    root = _ws(tmp_path, BAD)
    result = CliRunner().invoke(app, ["check", "--workspace", str(root)])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("locales/ru/LC_MESSAGES/r1.po:")
    assert ": error [glossary] " in result.stdout and ": error [numbers] " in result.stdout
    assert not any("(fuzzy)" in line for line in lines)
    assert lines[-1].startswith("2 error(s), ") and "in 1 entries checked" in lines[-1]


def test_fuzzy_findings_are_shown_with_only_fuzzy(tmp_path: Path) -> None:
    """Issue 10: these findings used to be shown (and exit 1) by default; a suggestion
    nobody confirmed is now only counted unless --only fuzzy or --only all."""
    root = _ws(tmp_path, BAD, fuzzy=True)
    result = CliRunner().invoke(app, ["check", "--only", "fuzzy", "--workspace", str(root)])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert ": error [glossary] " in result.stdout and ": error [numbers] " in result.stdout
    assert all(line.endswith(" (fuzzy)") for line in lines[:-1])
    assert lines[-1].startswith("2 error(s), ") and "on unconfirmed suggestions" in lines[-1]


def test_json_and_fail_on(tmp_path: Path) -> None:
    root = _ws(tmp_path, BAD)
    result = CliRunner().invoke(app, ["check", "r1", "--lang", "ru", "--json",
                                      "--fail-on", "never", "-w", str(root)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"glossary", "numbers"} <= {d["check"] for d in data}
    assert set(data[0]) == {"file", "line", "release", "lang", "msgid", "check", "severity",
                            "message", "fuzzy", "accepted", "translation"}
    assert data[0]["translation"] == BAD[2] and data[0]["accepted"] is False


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
    starts = [line.split()[0] for line in result.stdout.splitlines() if line[:1].strip()]
    assert all(starts.count(info.name) == 1 for info in list_checks())
    root = _ws(tmp_path, GOOD)
    bad = CliRunner().invoke(app, ["check", "nope", "-w", str(root)])
    assert bad.exit_code == 2 and "no release 'nope'" in bad.stderr
    assert CliRunner().invoke(app, ["check", "--fail-on", "x", "-w", str(root)]).exit_code == 2
    assert "Example: l10n check" in (check_command.__doc__ or "")


def _mixed(tmp_path: Path) -> Path:
    """One confirmed translation with a warning, one suggestion with two errors."""
    import polib

    confirmed = polib.POEntry(msgid="Tokayev was elected.", msgstr="Токаев был избран")
    suggestion = polib.POEntry(msgid=BAD[1], msgstr=BAD[2], flags=["fuzzy"])
    return make_workspace(tmp_path / "mixed", {("r1", "ru"): [confirmed, suggestion]}).root


def test_only_chooses_whose_findings_are_shown_and_counted(tmp_path: Path) -> None:
    root = str(_mixed(tmp_path))
    default = CliRunner().invoke(app, ["check", "-w", root])
    assert default.exit_code == 0, default.output  # suggestions' errors do not block
    lines = default.stdout.splitlines()
    assert len(lines) == 2 and ": warning [punctuation] " in lines[0]
    fuzzy = CliRunner().invoke(app, ["check", "--only", "fuzzy", "-w", root])
    assert fuzzy.exit_code == 1
    shown = fuzzy.stdout.splitlines()[:-1]
    assert len(shown) >= 2 and all(x.endswith(" (fuzzy)") for x in shown)
    assert {": error [glossary] ", ": error [numbers] "} <= {
        x[x.index(": "):x.index("]") + 2] for x in shown}
    assert lines[-1].startswith("0 error(s), 1 warning(s)")
    assert lines[-1].endswith(f"; and {len(shown)} findings on unconfirmed suggestions: "
                              "--only fuzzy to see them")
    assert fuzzy.stdout.splitlines()[-1].endswith(
        "; and 1 findings on confirmed translations: --only translated to see them")
    every = CliRunner().invoke(app, ["check", "--only", "all", "-w", root])
    assert every.exit_code == 1 and len(every.stdout.splitlines()) == len(shown) + 2
    assert "; and" not in every.stdout
    data = CliRunner().invoke(app, ["check", "--json", "--fail-on", "warning", "-w", root])
    assert data.exit_code == 1
    assert [d["check"] for d in json.loads(data.stdout)] == ["punctuation"]
    assert (f"note: {len(shown)} findings on unconfirmed suggestions: --only fuzzy"
            in data.stderr)
    bad = CliRunner().invoke(app, ["check", "--only", "mine", "-w", root])
    assert bad.exit_code == 2 and "--only must be translated, fuzzy or all" in bad.stderr
