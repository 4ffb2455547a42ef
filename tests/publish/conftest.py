"""Fixtures for the publishing tests: the sample workspace with a date and a byline."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

import l10n.check
from l10n.cli.app import app
from l10n.workspace.config import Workspace, load_workspace

RELEASE = "kazakhstan-impunity-2019"
NOW = datetime(2026, 12, 6, 9, 30, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def no_qa(monkeypatch: pytest.MonkeyPatch) -> None:
    """QA stands aside (tests/test_publish_qa_gate.py covers it): these tests are about
    pages and which releases are published."""
    monkeypatch.setattr(l10n.check, "check_workspace",
                        lambda ws, releases=(), langs=None: SimpleNamespace(findings=[],
                                                                            skipped=[]))


@pytest.fixture
def sample(translated_sample: Workspace) -> Workspace:
    """The repository's sample (translated and reviewed) in a workspace `l10n init`
    made, with the release's date and byline in the configuration."""
    ws = translated_sample
    with open(ws.config_file, "a", encoding="utf-8") as fh:
        fh.write(f'\n[publish.releases.{RELEASE}]\ndate = "2019-07-09"\n'
                 'byline = "PEN International"\n')
    return load_workspace(ws.config_file)


def set_publish(ws: Workspace, **settings: str) -> Workspace:
    """Put ``key = value`` lines (TOML values as written) into the ``[publish]`` table."""
    text = "".join(line for line in ws.config_file.read_text(encoding="utf-8").splitlines(True)
                   if line.split("=")[0].strip() not in settings)
    lines = "".join(f"{key} = {value}\n" for key, value in settings.items())
    text = text.replace("[publish]\n", "[publish]\n" + lines, 1)
    ws.config_file.write_text(text, encoding="utf-8")
    return load_workspace(ws.config_file)


def cli(ws: Workspace, *args: str) -> Any:
    return CliRunner().invoke(app, [*args, "--workspace", str(ws.root)])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}
