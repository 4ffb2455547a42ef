"""Every command has --help with an example, and the README shows every command."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from tests.conftest import ROOT

def _commands() -> list[list[str]]:
    """Every command of the CLI, as the words that call it (groups walked), so that a new
    command is held to the same rules as soon as it is registered."""
    import typer.main

    def walk(command: Any, path: list[str]) -> list[list[str]]:
        if not hasattr(command, "commands"):  # a group (Typer vendors its own click)
            return [path]
        found = [path] if path and command.callback is not None else []
        for name, sub in sorted(command.commands.items()):
            if not sub.hidden:
                found += walk(sub, [*path, name])
        return found

    return walk(typer.main.get_command(app), [])


COMMANDS = _commands()


def test_the_command_list_is_complete() -> None:
    names = {" ".join(c) for c in COMMANDS}
    assert {"init", "ingest", "align", "publish", "check", "xliff export", "tm import"} <= names


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
