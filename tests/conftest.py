"""Shared fixtures: a fresh workspace holding the sample release, and a CLI runner."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from l10n.workspace.config import Workspace, init_workspace
from tests.engines.enginefakes import guard_network

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source_texts" / "kazakhstan-impunity-2019.txt"

# CI explores a fixed set of examples (a red build must mean a change broke something);
# developers' runs explore new random examples each time.
settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reaches the network, or a developer's keys, URLs and installed models."""
    guard_network(monkeypatch)
    for name in list(os.environ):
        if name.startswith("L10N_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("L10N_MODELS_DIR", str(tmp_path_factory.mktemp("no-models")))


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A new workspace (en → kk, ru, fr) with the sample release in source_texts/."""
    ws = init_workspace(tmp_path / "ws", "en", ["kk", "ru", "fr"])
    shutil.copy(SAMPLE, ws.sources_dir / SAMPLE.name)
    return ws


@pytest.fixture
def translated_sample(tmp_path: Path) -> Workspace:
    """The repository's sample (release, reviewed catalogs, glossary) in a fresh workspace."""
    ws = init_workspace(tmp_path / "ws", "en", ["kk", "ru", "fr"])
    for name in ("source_texts", "locales", "glossary"):
        shutil.copytree(ROOT / name, ws.root / name, dirs_exist_ok=True)
    return ws


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def in_workspace(workspace: Workspace) -> Iterator[Workspace]:
    """The workspace, with the current folder set to it (as a coordinator works)."""
    before = Path.cwd()
    os.chdir(workspace.root)
    try:
        yield workspace
    finally:
        os.chdir(before)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (except the private .l10n state) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".l10n" not in p.parts}
