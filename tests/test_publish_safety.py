"""publish replaces only what it made, survives a kill at any step, and leaves out broken
translations."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import polib
import pytest
from typer.testing import CliRunner

import l10n.check
import l10n.publish as module
from l10n.cli.app import app
from l10n.publish import KIND, publish
from l10n.workspace.config import Workspace, init_workspace
from l10n.workspace.errors import UsageError
from tests.conftest import ROOT, SAMPLE

RELEASE = SAMPLE.stem
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, .l10n included (but the lock), with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "lock"}


def cli(runner: CliRunner, ws: Workspace, *args: str) -> Any:
    return runner.invoke(app, [*args, "--workspace", str(ws.root)])


@pytest.fixture
def no_qa(monkeypatch: pytest.MonkeyPatch) -> None:
    """QA stands aside: these tests are about files, not findings."""
    monkeypatch.setattr(l10n.check, "check_workspace",
                        lambda ws, releases=(), langs=None: SimpleNamespace(findings=[],
                                                                            skipped=[]))


def with_release(runner: CliRunner, ws: Workspace, name: str) -> None:
    """The sample release ingested again under ``name``."""
    shutil.copy(SAMPLE, ws.sources_dir / f"{name}.txt")
    result = cli(runner, ws, "ingest", str(ws.sources_dir / f"{name}.txt"))
    assert result.exit_code == 0, result.output


def assert_refused(result: Any, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert "refused as an output" in result.stderr
    for word in words:
        assert word in result.stderr


# --- item 1: never a workspace folder, nor anything holding one ----------------------------


@pytest.mark.parametrize("name, why", [("locales", "catalogs and templates"),
                                       ("source_texts", "source texts"),
                                       ("glossary", "glossary"),
                                       ("l10n.toml", "configuration")])
def test_release_named_like_a_workspace_folder_is_refused(
        runner: CliRunner, workspace: Workspace, name: str, why: str) -> None:
    with_release(runner, workspace, name)
    before = tree(workspace.root)
    result = cli(runner, workspace, "publish", name, "-o", str(workspace.root),
                 "--min-complete", "0", "--allow-qa-errors")
    assert_refused(result, str(workspace.root / name), why)
    assert tree(workspace.root) == before
    assert sorted(p.name for p in workspace.root.iterdir()) == \
        sorted([".l10n", "glossary", "l10n.toml", "locales", "source_texts"])


def test_release_named_like_the_workspace_is_refused_in_its_parent(
        runner: CliRunner, workspace: Workspace) -> None:
    name = workspace.root.name
    with_release(runner, workspace, name)
    parent = workspace.root.parent
    before, listing = tree(workspace.root), sorted(p.name for p in parent.iterdir())
    result = cli(runner, workspace, "publish", name, "-o", str(parent), "--min-complete", "0",
                 "--allow-qa-errors")
    assert_refused(result, "it is the workspace folder")
    assert tree(workspace.root) == before
    assert sorted(p.name for p in parent.iterdir()) == listing


def test_a_publication_folder_holding_the_workspace_is_refused(runner: CliRunner,
                                                               tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "press" / "ws", "en", ["kk", "ru", "fr"])
    with_release(runner, ws, "press")
    before = tree(tmp_path)
    result = cli(runner, ws, "publish", "press", "-o", str(tmp_path), "--min-complete", "0",
                 "--allow-qa-errors")
    assert_refused(result, "it holds the workspace folder")
    assert tree(tmp_path) == before and sorted(os.listdir(tmp_path)) == ["press"]


def test_symbolic_links_into_the_workspace_are_followed(
        runner: CliRunner, translated_sample: Workspace, tmp_path: Path, no_qa: None) -> None:
    ws = translated_sample
    before = tree(ws.root)
    (tmp_path / "site").symlink_to(ws.locales_dir)
    result = cli(runner, ws, "publish", RELEASE, "-o", str(tmp_path / "site"))
    assert_refused(result, "lies in the workspace's catalogs and templates folder locales/")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / RELEASE).symlink_to(ws.root)
    result = cli(runner, ws, "publish", RELEASE, "-o", str(tmp_path / "out"))
    assert_refused(result, "it is the workspace folder")
    assert tree(ws.root) == before
    assert sorted(os.listdir(tmp_path / "out")) == [RELEASE]


def test_a_folder_or_zip_l10n_did_not_make_is_refused(
        translated_sample: Workspace, tmp_path: Path, no_qa: None) -> None:
    ws = translated_sample
    out = tmp_path / "site"
    (out / RELEASE).mkdir(parents=True)
    (out / RELEASE / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="not an l10n publication"):
        publish(ws, RELEASE, out_dir=out, now=NOW)
    (out / RELEASE / "manifest.json").write_text('{"release": "other", "generator": "l10n 1"}',
                                                 encoding="utf-8")
    with pytest.raises(UsageError, match="not an l10n publication"):
        publish(ws, RELEASE, out_dir=out, now=NOW)
    shutil.rmtree(out / RELEASE)
    (out / f"{RELEASE}.zip").write_bytes(b"not a zip")
    with pytest.raises(UsageError, match=rf"{RELEASE}\.zip: refused as an output"):
        publish(ws, RELEASE, out_dir=out, now=NOW)
    with zipfile.ZipFile(out / f"{RELEASE}.zip", "w") as archive:
        archive.writestr("report.pdf", b"%PDF")
    with pytest.raises(UsageError, match="not an l10n publication"):
        publish(ws, RELEASE, out_dir=out, now=NOW)
    assert sorted(os.listdir(out)) == [f"{RELEASE}.zip"]


def test_earlier_publications_are_recognised(translated_sample: Workspace, tmp_path: Path,
                                             no_qa: None) -> None:
    ws = translated_sample
    out = tmp_path / "site"
    report = publish(ws, RELEASE, formats=["txt"], out_dir=out, now=NOW)
    assert report.manifest["kind"] == KIND and report.manifest["release"] == RELEASE
    # A publication made before manifests said "kind" (its generator names l10n).
    old = {k: v for k, v in report.manifest.items() if k != "kind"}
    data = json.dumps(old).encode()
    (report.folder / "manifest.json").write_bytes(data)
    with zipfile.ZipFile(report.archive, "a") as archive:
        names = archive.namelist()
    with zipfile.ZipFile(report.archive, "w") as archive:
        for name in names:
            archive.writestr(name, data if name.endswith("manifest.json") else b"x")
    again = publish(ws, RELEASE, formats=["html"], out_dir=out, now=NOW)
    assert sorted(p.name for p in (again.folder / "kk").iterdir()) == [f"{RELEASE}.html"]


# --- item 1: a kill at any step leaves a whole publication --------------------------------

PRIMITIVES = ("_make_staging", "_write", "_keep", "_rename", "_exchange", "_unlink",
              "_remove_tree")


class Killed(BaseException):
    """The process died here: nothing after this point touches the disk."""


def kill_at(monkeypatch: pytest.MonkeyPatch, step: int, *, exchange: bool) -> dict[str, Any]:
    """Make the ``step``-th change on disk the moment of a kill (counting from 1)."""
    state = {"calls": 0, "dead": False}
    for name in PRIMITIVES:
        real: Callable[..., Any] = getattr(module, name)
        if name == "_exchange" and not exchange:
            real = lambda a, b: False  # noqa: E731 - a system without exchange

        def call(*args: Any, _real: Callable[..., Any] = real) -> Any:
            if state["dead"]:
                raise Killed
            state["calls"] += 1
            if state["calls"] == step:
                state["dead"] = True
                raise Killed
            return _real(*args)

        monkeypatch.setattr(module, name, call)
    return state


def contents(out: Path) -> tuple[Any, Any]:
    """The publication folder's and the zip's files (None when absent)."""
    folder, archive = out / RELEASE, out / f"{RELEASE}.zip"
    files = tree(folder) if folder.exists() else None
    if not archive.exists():
        return files, None
    with zipfile.ZipFile(archive) as zf:
        return files, {n.split("/", 1)[1]: zf.read(n) for n in zf.namelist()}


def label(state: tuple[Any, Any], old: Any, new: Any) -> tuple[str, str]:
    def name(value: Any) -> str:
        return "none" if value is None else ("old" if value == old else
                                              "new" if value == new else "other")
    return name(state[0]), name(state[1])


@pytest.fixture
def kill_matrix(translated_sample: Workspace, tmp_path: Path,
                no_qa: None) -> Iterator[Callable[..., set[tuple[str, str]]]]:
    ws = translated_sample
    expected = publish(ws, RELEASE, formats=["html"], out_dir=tmp_path / "expected", now=NOW)
    new = tree(expected.folder)

    def run(monkeypatch: pytest.MonkeyPatch, *, exchange: bool,
            first: bool) -> set[tuple[str, str]]:
        pristine = tmp_path / "pristine"
        old = None
        if not first:
            old = tree(publish(ws, RELEASE, formats=["txt"], out_dir=pristine, now=NOW).folder)
        seen = set()
        step = 0
        while True:
            step += 1
            out = tmp_path / "out"
            shutil.rmtree(out, ignore_errors=True)
            shutil.copytree(pristine, out) if pristine.exists() else out.mkdir()
            with monkeypatch.context() as patch:
                state = kill_at(patch, step, exchange=exchange)
                try:
                    publish(ws, RELEASE, formats=["html"], out_dir=out, now=NOW)
                except Killed:
                    pass
            after = label(contents(out), old, new)
            seen.add(after)
            assert after in {("old", "old"), ("old", "new"), ("new", "new"), ("none", "new"),
                             ("none", "none")}, (step, after)
            assert after != ("none", "none") or first, step  # never neither
            publish(ws, RELEASE, formats=["html"], out_dir=out, now=NOW)  # the rerun
            assert label(contents(out), old, new) == ("new", "new"), step
            assert sorted(os.listdir(out)) == [RELEASE, f"{RELEASE}.zip"], step
            if not state["dead"]:  # the run went through: every step was tried
                return seen

    yield run


def test_a_kill_at_any_step_with_an_atomic_exchange(
        kill_matrix: Callable[..., set[tuple[str, str]]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert module._exchange.__module__ == "l10n.publish"
    seen = kill_matrix(monkeypatch, exchange=True, first=False)
    assert seen == {("old", "old"), ("old", "new"), ("new", "new")}


def test_a_kill_at_any_step_with_two_renames(
        kill_matrix: Callable[..., set[tuple[str, str]]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen = kill_matrix(monkeypatch, exchange=False, first=False)
    # Between the old folder going aside and the new one coming in there is no folder,
    # beside the new zip; the next publish moves the staged folder in.
    assert seen == {("old", "old"), ("old", "new"), ("none", "new"), ("new", "new")}


def test_a_kill_at_any_step_of_a_first_publication(
        kill_matrix: Callable[..., set[tuple[str, str]]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen = kill_matrix(monkeypatch, exchange=True, first=True)
    assert seen == {("none", "none"), ("none", "new"), ("new", "new")}


KILLER = """
import os, signal, sys
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
import l10n.check, l10n.publish as module
from l10n.workspace.config import load_workspace

root, out, name, step = sys.argv[1:]
l10n.check.check_workspace = lambda ws, releases=(), langs=None: SimpleNamespace(
    findings=[], skipped=[])
if name == "_rename":
    module._exchange = lambda a, b: False
real, calls = getattr(module, name), [0]
def killer(*args):
    calls[0] += 1
    if calls[0] == int(step):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args)
setattr(module, name, killer)
module.publish(load_workspace(Path(root) / "l10n.toml"), sys.argv[0] and %r,
               formats=["html"], out_dir=Path(out),
               now=datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc))
""" % RELEASE


@pytest.mark.parametrize("name, step, left", [
    ("_exchange", 1, ("old", "new")),  # killed just before the folders are exchanged
    ("_rename", 3, ("none", "new")),  # no exchange: killed after the old folder went aside
])
def test_a_real_kill(translated_sample: Workspace, tmp_path: Path, no_qa: None, name: str,
                     step: int, left: tuple[str, str]) -> None:
    ws = translated_sample
    out = tmp_path / "site"
    old = tree(publish(ws, RELEASE, formats=["txt"], out_dir=out, now=NOW).folder)
    new = tree(publish(ws, RELEASE, formats=["html"], out_dir=tmp_path / "expected",
                       now=NOW).folder)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", KILLER, str(ws.root), str(out), name,
                           str(step)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert label(contents(out), old, new) == left
    assert any(p.name.startswith(f".{RELEASE}.publish-") for p in out.iterdir())
    publish(ws, RELEASE, formats=["html"], out_dir=out, now=NOW)
    assert label(contents(out), old, new) == ("new", "new")
    assert sorted(os.listdir(out)) == [RELEASE, f"{RELEASE}.zip"]


# --- item 4: a translation with broken placeholders is not published -----------------------

MARKDOWN = "# The title\n\nThe court **rejected** the appeal.\n\nAnother sentence here.\n"
FRENCH = {"The title": "Le titre",
          "The court <1>rejected</1> the appeal.": "Le tribunal a <1>rejeté l’appel.",
          "Another sentence here.": "Une autre phrase ici."}


def test_broken_placeholders_are_published_as_the_source(runner: CliRunner,
                                                         workspace: Workspace) -> None:
    (workspace.sources_dir / "ruling.md").write_text(MARKDOWN, encoding="utf-8")
    assert cli(runner, workspace, "ingest").exit_code == 0
    path = workspace.po_path("ruling", "fr")
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = FRENCH[entry.msgid]
    po.save(str(path))
    result = cli(runner, workspace, "publish", "ruling", "-l", "fr", "--allow-qa-errors",
                 "--no-require-reviewed")
    assert result.exit_code == 1, result.output
    assert ("fr: 66.7% translated (not fuzzy), below the required 100% (1 of 3 "
            "entries missing or fuzzy, 1 of them with broken placeholders)") in result.stderr
    result = cli(runner, workspace, "publish", "ruling", "-l", "fr", "--allow-qa-errors",
                 "--no-require-reviewed", "--min-complete", "50", "--formats", "md,html")
    assert result.exit_code == 0, result.output
    assert "fr: published md, html (66.7% translated" in result.stdout
    folder = workspace.root / "out" / "publish" / "ruling"
    md = (folder / "fr" / "ruling.md").read_text(encoding="utf-8")
    # kept in English, and marked so (issue 14)
    assert '\n<span lang="en">The court **rejected** the appeal.</span>\n' in md
    assert "rejeté" not in md
    assert md.count("**") == 2
    html = (folder / "fr" / "ruling.html").read_text(encoding="utf-8")
    assert "The court <strong>rejected</strong> the appeal." in html and "rejeté" not in html
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    (fr,) = manifest["languages"]
    assert (fr["translated"], fr["broken"], fr["complete"]) == (2, 1, 66.7)
