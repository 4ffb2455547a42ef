"""Fixtures of the coordinator tests: one workspace built per module (several releases, a
real update, suggestions, a planted QA error), and a private copy of it per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.workspace.config import Workspace, load_workspace
from tests.coordinator.workspaces import coordinator_workspace


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return coordinator_workspace(tmp_path_factory.mktemp("coordinator"), CliRunner())


@pytest.fixture
def ws(built: Workspace, tmp_path: Path) -> Workspace:
    """A private copy of the built workspace (tests may write into it)."""
    shutil.copytree(built.root, tmp_path / "ws")
    return load_workspace(tmp_path / "ws" / "l10n.toml")
