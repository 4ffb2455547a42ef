"""A glossary file without a column for a target language is refused by every command, and
an empty rendering never shows as ``None`` (issue 9, item 8)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.workspace.config import Workspace
from tests.conftest import snapshot

PARTIAL = "term,kind,kk,ru,kk_avoid,ru_avoid\nKazakhstan,fixed,Қазақстан,Казахстан,,\n"


def cli(ws: Workspace, *args: str) -> object:
    return CliRunner().invoke(app, [*args, "--workspace", str(ws.root)])


@pytest.mark.parametrize("command", [["ingest"], ["glossary", "list"], ["check"],
                                     ["glossary", "export", "out.tbx"]])
def test_a_glossary_without_a_target_column_is_refused_and_changes_nothing(
        workspace: Workspace, command: list[str]) -> None:
    assert cli(workspace, "ingest").exit_code == 0
    terms = workspace.glossary_dir / "terms.csv"
    terms.write_text(PARTIAL, encoding="utf-8")
    before = snapshot(workspace.root)
    result = cli(workspace, *[str(workspace.root / a) if a.endswith(".tbx") else a
                              for a in command])
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"Error: {terms}:1: no column for the target language fr: add "
                             "the columns fr and fr_avoid (their cells may stay empty)\n")
    assert "None" not in result.output
    assert snapshot(workspace.root) == before


def test_an_empty_rendering_is_listed_as_a_dash(workspace: Workspace) -> None:
    (workspace.glossary_dir / "terms.csv").write_text(
        "term,kind,kk,ru,fr\nKazakhstan,fixed,Қазақстан,Казахстан,\n", encoding="utf-8")
    result = cli(workspace, "glossary", "list")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Kazakhstan [fixed]  kk: Қазақстан  ru: Казахстан  fr: —\n"
