"""The new commands have --help with an example and stand in the README."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from tests.conftest import ROOT


@pytest.mark.parametrize("command", [["todo"], ["analyze"], ["xliff", "export"]], ids=" ".join)
def test_help_example_and_readme(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example: l10n " + command[0] in result.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"l10n {' '.join(command)}" in readme


def test_only_open_is_documented() -> None:
    result = CliRunner().invoke(app, ["xliff", "export", "--help"])
    assert "--only-open" in result.stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--only-open" in readme and "| repetitions |" in readme
