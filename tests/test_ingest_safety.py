"""Ingest and bad input (issue 9, item 8): a failing run changes no file, the segmentation
cache included; a killed run's temporary files go at the next run; a release that is a link
leading out of the workspace is refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.documents import segment
from l10n.ingest import ingest
from l10n.workspace.config import Workspace, init_workspace, load_workspace
from tests.conftest import ROOT, SAMPLE, snapshot

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
NEW_RELEASE = ("An unusual opening sentence for the cache. A second one follows it!\n\n"
               "Another paragraph, never seen before. It ends here.\n")


def cli(ws: Workspace, *args: str) -> object:
    return CliRunner().invoke(app, [*args, "--workspace", str(ws.root)])


def everything(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, the private .l10n state included (but not the lock)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "lock"}


@pytest.mark.parametrize("cache_before", [True, False])
def test_a_failing_ingest_leaves_the_sentence_cache_as_it_was(
        workspace: Workspace, cache_before: bool) -> None:
    cache = workspace.state_dir / "sentences.json"
    segment._cached_cuts.cache_clear()  # blocks split earlier in this process skip the cache
    if cache_before:
        assert cli(workspace, "ingest").exit_code == 0
        assert cache.is_file()
    segment._cached_cuts.cache_clear()
    (workspace.sources_dir / "a-new.txt").write_text(NEW_RELEASE, encoding="utf-8")
    (workspace.sources_dir / "z-broken.html").write_bytes(b"<p>Not \xff UTF-8.</p>")
    before = everything(workspace.root)
    stamp = cache.stat().st_mtime_ns if cache_before else None
    result = cli(workspace, "ingest")
    assert result.exit_code == 2, result.output
    assert "z-broken.html:1:" in result.stderr
    assert everything(workspace.root) == before
    assert cache.exists() == cache_before
    if cache_before:
        assert cache.stat().st_mtime_ns == stamp


def test_the_sentence_cache_is_written_when_ingest_succeeds(workspace: Workspace) -> None:
    segment._cached_cuts.cache_clear()
    (workspace.sources_dir / "a-new.txt").write_text(NEW_RELEASE, encoding="utf-8")
    assert cli(workspace, "ingest").exit_code == 0
    assert (workspace.state_dir / "sentences.json").is_file()


KILLED_INGEST = """
import os, signal, sys
from datetime import datetime, timezone
from pathlib import Path
from l10n.workspace import fsutil
from l10n.workspace.config import load_workspace
from l10n.ingest import ingest

def killed(src, dst):  # every temporary file is on disk: die before the first rename
    os.kill(os.getpid(), signal.SIGKILL)

fsutil.os.replace = killed
ingest(load_workspace(Path(sys.argv[1])), now=datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc))
"""


def leftovers(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*l10n-tmp-*"))


def test_a_rerun_removes_what_a_killed_ingest_left_and_writes_correct_files(
        tmp_path: Path) -> None:
    killed = init_workspace(tmp_path / "killed" / "ws", "en", ["kk", "ru", "fr"])
    clean = init_workspace(tmp_path / "clean" / "ws", "en", ["kk", "ru", "fr"])
    for ws in (killed, clean):
        shutil.copy(SAMPLE, ws.sources_dir / SAMPLE.name)
        shutil.copy(ROOT / "glossary" / "terms.csv", ws.glossary_dir / "terms.csv")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", KILLED_INGEST, str(killed.config_file)],
                          env=env, capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    left = leftovers(killed.root)
    assert len(left) == 4, left  # the template and the three catalogs
    assert not killed.template_path(SAMPLE.stem).exists()

    ingest(load_workspace(killed.config_file), now=NOW)
    ingest(clean, now=NOW)
    assert leftovers(killed.root) == []
    assert snapshot(killed.root) == snapshot(clean.root)


def test_a_release_linked_out_of_the_workspace_is_refused(workspace: Workspace,
                                                          tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (workspace.sources_dir / "passwd.txt").symlink_to(secret)
    before = snapshot(workspace.root)
    result = cli(workspace, "ingest")
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"Error: {workspace.sources_dir}/passwd.txt: a link to {secret}, "
                             "outside the "
                             "workspace: copy the file into source_texts/ instead of linking "
                             "to it\n")
    assert snapshot(workspace.root) == before
    assert not (workspace.state_dir / "sentences.json").exists()


def test_a_release_given_as_a_link_out_of_the_workspace_is_refused(
        workspace: Workspace, tmp_path: Path) -> None:
    link = tmp_path / "release.txt"
    link.symlink_to("/etc/passwd")
    before = snapshot(workspace.root)
    result = cli(workspace, "ingest", str(link))
    assert result.exit_code == 2 and "a link to /etc/passwd, outside the workspace" in \
        result.stderr
    assert snapshot(workspace.root) == before


def test_a_release_linked_inside_the_workspace_is_ingested(workspace: Workspace) -> None:
    drafts = workspace.root / "drafts"
    drafts.mkdir()
    shutil.move(workspace.sources_dir / SAMPLE.name, drafts / SAMPLE.name)
    (workspace.sources_dir / SAMPLE.name).symlink_to(Path("..") / "drafts" / SAMPLE.name)
    result = cli(workspace, "ingest")
    assert result.exit_code == 0, result.output
    assert workspace.template_path(SAMPLE.stem).is_file()
