"""Every command has --help with an example, and the README shows every command."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from tests.conftest import ROOT

COMMANDS = [["init"], ["ingest"], ["export"], ["status"], ["pretranslate"],
            ["glossary", "list"], ["glossary", "add"], ["glossary", "import"],
            ["glossary", "export"], ["tm", "import"], ["tm", "export"], ["tm", "stats"],
            ["engines"], ["engines", "install"], ["check"], ["review"], ["publish"], ["compile"], ["xliff", "export"],
            ["xliff", "import"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_has_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example: l10n " + command[0] in result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_readme_shows_the_command(command: list[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"l10n {command[0]}" in readme
    if len(command) > 1:
        assert command[1] in readme


def test_readme_starts_with_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:600]
    assert "make demo" in head and "make test" in head
