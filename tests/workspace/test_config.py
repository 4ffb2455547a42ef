"""The workspace: its settings, the releases it holds, and how a bad setting is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.engines import check_chains
from l10n.workspace.config import Workspace, chosen_releases, load_workspace, releases
from l10n.workspace.errors import ConfigError, UsageError


def ingested(ws: Workspace, *names: str) -> None:
    (ws.locales_dir / "templates").mkdir(parents=True, exist_ok=True)
    for name in names:
        ws.template_path(name).write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")


def test_releases_are_the_templates_in_name_order(workspace: Workspace) -> None:
    assert releases(workspace) == []
    ingested(workspace, "b-release", "a-release")
    assert releases(workspace) == ["a-release", "b-release"]


def test_chosen_releases_default_to_all_and_refuse_unknown_names(workspace: Workspace) -> None:
    ingested(workspace, "one", "two")
    assert chosen_releases(workspace) == ["one", "two"]
    assert chosen_releases(workspace, ["two"]) == ["two"]
    with pytest.raises(UsageError, match="no release 'three' has been ingested"):
        chosen_releases(workspace, ["three"])
    with pytest.raises(UsageError, match="invalid release name"):
        chosen_releases(workspace, ["../one"])


def with_chain(ws: Workspace, chain: str) -> Workspace:
    with open(ws.config_file, "a", encoding="utf-8") as fh:
        fh.write(f"\n[pretranslate]\n{chain}\n")
    return load_workspace(ws.config_file)


def test_an_unknown_engine_in_a_chain_names_its_setting(workspace: Workspace) -> None:
    ws = with_chain(workspace, 'engines = ["pseudo"]\nchains.kk = ["pseudo", "nope"]')
    with pytest.raises(ConfigError) as caught:
        check_chains(ws)
    assert str(caught.value).startswith(f"{ws.config_file}: pretranslate.chains.kk[1]: "
                                        "unknown engine 'nope' (known: ")


def test_known_engines_pass(workspace: Workspace) -> None:
    check_chains(with_chain(workspace, 'engines = ["pseudo", "offline"]'))


@pytest.mark.parametrize("command", [["status"], ["check"], ["ingest"], ["tm", "stats"]])
def test_every_command_refuses_a_workspace_with_an_unknown_engine(
        runner: CliRunner, workspace: Workspace, command: list[str]) -> None:
    with_chain(workspace, 'engines = ["pseudo", "nope"]')
    result = runner.invoke(app, [*command, "--workspace", str(workspace.root)])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {workspace.config_file}: pretranslate.engines[1]: "
                             f"unknown engine 'nope' (known: deepl, google, libretranslate, llm, "
                             f"microsoft, mymemory, offline, pseudo, yandex)\n")


def test_settings_in_pyproject_are_named_with_their_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.l10n]\ntargets = ["kk"]\n[tool.l10n.pretranslate]\nengines = ["nope"]\n',
        encoding="utf-8")
    ws = load_workspace(tmp_path / "pyproject.toml")
    with pytest.raises(ConfigError, match=r"pyproject.toml: tool.l10n.pretranslate.engines\[0\]"):
        check_chains(ws)
