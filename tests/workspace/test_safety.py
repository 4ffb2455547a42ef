"""Bad input changes no file (issue 9, item 8): temporary files and workspace folders that
are links leading out of the workspace."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.workspace import fsutil
from l10n.workspace.config import Workspace, init_workspace, load_workspace
from l10n.workspace.errors import ConfigError
from l10n.workspace.fsutil import atomic_write, atomic_write_many
from tests.conftest import SAMPLE, snapshot

RELEASE = SAMPLE.stem


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(proc.stdout)


def cli(ws: Workspace | Path, *args: str) -> object:
    root = ws.root if isinstance(ws, Workspace) else ws
    return CliRunner().invoke(app, [*args, "--workspace", str(root)])


# --- temporary files ------------------------------------------------------------------------


def test_temporary_files_are_named_after_their_target_and_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        seen.append(Path(src).name)
        real_replace(src, dst)

    monkeypatch.setattr(fsutil.os, "replace", replace)
    atomic_write(tmp_path / "x.po", "text")
    (name,) = seen
    assert re.fullmatch(rf"\.x\.po\.l10n-tmp-{os.getpid()}-\w+", name), name
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]


def test_a_write_removes_what_dead_processes_left_in_its_folder(tmp_path: Path) -> None:
    dead, alive = dead_pid(), os.getppid()
    stale = tmp_path / f".x.po.l10n-tmp-{dead}-abc123"
    stale_other = tmp_path / f".y.pot.l10n-tmp-{dead}-zz"
    running = tmp_path / f".x.po.l10n-tmp-{alive}-def456"  # a live process is still writing
    foreign = tmp_path / ".x.po.abc.tmp"  # not ours: another tool's file is left alone
    for path in (stale, stale_other, running, foreign):
        path.write_text("half", encoding="utf-8")
    atomic_write_many([(tmp_path / "x.po", "new")])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [running.name, foreign.name, "x.po"])
    assert (tmp_path / "x.po").read_text(encoding="utf-8") == "new"


# --- workspace folders that are links ---------------------------------------------------------

LINKED = ["locales/kk", "locales", "source_texts", "glossary", ".l10n", "locales/templates",
          "locales/kk/LC_MESSAGES"]


def link_outside(ws: Workspace, name: str, tmp_path: Path) -> Path:
    """Move the workspace folder ``name`` out of the workspace and leave a link to it."""
    folder = ws.root / name
    folder.mkdir(parents=True, exist_ok=True)
    outside = tmp_path / "outside" / name.replace("/", "_")
    outside.parent.mkdir(exist_ok=True)
    folder.rename(outside)
    folder.symlink_to(outside, target_is_directory=True)
    return outside


@pytest.mark.parametrize("name", LINKED)
def test_a_folder_linked_out_of_the_workspace_is_refused_before_any_write(
        workspace: Workspace, tmp_path: Path, name: str) -> None:
    assert cli(workspace, "ingest").exit_code == 0
    outside = link_outside(workspace, name, tmp_path)
    (workspace.sources_dir / "second.txt").write_text("A second release. It is new.\n",
                                                      encoding="utf-8")
    before, before_outside = snapshot(workspace.root), snapshot(outside)
    state = snapshot(outside.parent)
    result = cli(workspace, "ingest")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {name} is a link to {outside}, outside the "
                                    f"workspace {workspace.root}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(workspace.root) == before
    assert snapshot(outside) == before_outside and snapshot(outside.parent) == state


@pytest.mark.parametrize("command", [
    ["ingest"], ["pretranslate"], ["review", RELEASE, "--lang", "kk", "--approve-all-clean"],
    ["glossary", "add", "Astana", "-r", "kk=Астана"], ["tm", "stats"], ["compile"],
    ["export", RELEASE, "--lang", "kk"], ["status"],
])
def test_every_command_refuses_a_linked_language_folder(
        workspace: Workspace, tmp_path: Path, command: list[str]) -> None:
    assert cli(workspace, "ingest").exit_code == 0
    outside = link_outside(workspace, "locales/kk", tmp_path)
    before_outside = snapshot(outside.parent)
    result = cli(workspace, *command)
    assert result.exit_code == 2, result.output
    assert "locales/kk is a link to" in result.stderr
    assert snapshot(outside.parent) == before_outside


def test_a_dangling_link_out_of_the_workspace_is_refused(workspace: Workspace,
                                                         tmp_path: Path) -> None:
    (workspace.locales_dir / "kk").symlink_to(tmp_path / "nowhere" / "kk")
    with pytest.raises(ConfigError, match=r"^locales/kk is a link to .*nowhere/kk, outside"):
        load_workspace(workspace.config_file)
    assert not (tmp_path / "nowhere").exists()


def test_a_memory_file_linked_out_of_the_workspace_is_refused(workspace: Workspace,
                                                              tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.sqlite"
    workspace.state_dir.mkdir(exist_ok=True)
    workspace.tm_path.symlink_to(outside)
    result = cli(workspace, "tm", "stats")
    assert result.exit_code == 2 and ".l10n/tm.sqlite is a link to" in result.stderr
    assert not outside.exists()


def test_init_refuses_a_folder_linked_outside_before_writing(tmp_path: Path) -> None:
    root = tmp_path / "new"
    root.mkdir()
    (tmp_path / "shared").mkdir()
    (root / "locales").symlink_to(tmp_path / "shared")
    result = CliRunner().invoke(app, ["init", str(root), "--source", "en", "--targets", "kk"])
    assert result.exit_code == 2 and "locales is a link to" in result.stderr
    assert sorted(p.name for p in root.iterdir()) == ["locales"]
    assert list((tmp_path / "shared").iterdir()) == []


def test_links_that_stay_inside_the_workspace_keep_working(workspace: Workspace) -> None:
    real = workspace.root / "translations" / "kk"
    real.mkdir(parents=True)
    workspace.locales_dir.mkdir(exist_ok=True)
    (workspace.locales_dir / "kk").symlink_to(Path("..") / "translations" / "kk")
    result = cli(workspace, "ingest")
    assert result.exit_code == 0, result.output
    assert (real / "LC_MESSAGES" / f"{RELEASE}.po").is_file()


def test_a_configured_folder_outside_the_workspace_is_refused(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", "en", ["kk"])
    config = ws.config_file.read_text(encoding="utf-8")
    ws.config_file.write_text(config.replace('locales = "locales"', 'locales = "../shared"'),
                              encoding="utf-8")
    (tmp_path / "shared").mkdir()
    with pytest.raises(ConfigError, match=r"^\.\./shared is outside the workspace"):
        load_workspace(ws.config_file)
