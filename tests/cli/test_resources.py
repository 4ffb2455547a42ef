"""The glossary, tm and engines commands: wiring and messages through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.ingest import ingest
from l10n.workspace.config import Workspace
from tests.conftest import ROOT
from tests.engines import tinymodel


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    shutil.copy(ROOT / "glossary" / "terms.csv", workspace.glossary_dir / "terms.csv")
    for lang in workspace.targets:  # the reviewed sample translations
        target = workspace.po_path("kazakhstan-impunity-2019", lang)
        target.parent.mkdir(parents=True)
        shutil.copy(ROOT / "locales" / lang / "LC_MESSAGES" / target.name, target)
    ingest(workspace)
    return workspace


def cli(ws: Workspace, *args: str) -> object:
    return CliRunner().invoke(app, [*args, "--workspace", str(ws.root)])


def test_glossary_list_add_export_import(ws: Workspace, tmp_path: Path) -> None:
    listed = cli(ws, "glossary", "list", "--lang", "kk", "--json")
    assert listed.exit_code == 0, listed.output
    terms = {row["term"]: row for row in json.loads(listed.stdout)}
    assert terms["Nur-Sultan"]["kk"] == "Нұр-Сұлтан"

    added = cli(ws, "glossary", "add", "Semey", "-r", "kk=Семей", "-r", "ru=Семей",
                "-r", "fr=Semeï", "--avoid", "ru=Семипалатинск", "--note", "city")
    assert added.exit_code == 0, added.output
    assert "Semey" in cli(ws, "glossary", "list").stdout

    conflict = cli(ws, "glossary", "add", "Nur-Sultan", "-r", "ru=Нурсултан",
                   "--variant", "Astana")
    assert conflict.exit_code == 2 and "terms.csv:" in conflict.stderr

    tbx = tmp_path / "glossary.tbx"
    assert cli(ws, "glossary", "export", str(tbx)).exit_code == 0
    assert "<martif" in tbx.read_text(encoding="utf-8")
    before = (ws.glossary_dir / "terms.csv").read_bytes()
    again = cli(ws, "glossary", "import", str(tbx))
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("0 new terms")
    assert (ws.glossary_dir / "terms.csv").read_bytes() == before


def test_glossary_import_refuses_a_conflicting_file_and_changes_nothing(
        ws: Workspace, tmp_path: Path) -> None:
    bad = tmp_path / "partner.csv"
    bad.write_text("term,kind,ru\nNur-Sultan,fixed,Астана\n", encoding="utf-8")
    before = (ws.glossary_dir / "terms.csv").read_bytes()
    result = cli(ws, "glossary", "import", str(bad))
    assert result.exit_code == 2
    assert "partner.csv:2" in result.stderr and "Traceback" not in result.output
    assert (ws.glossary_dir / "terms.csv").read_bytes() == before


def test_tm_stats_export_import(ws: Workspace, tmp_path: Path) -> None:
    stats = cli(ws, "tm", "stats", "--json")
    assert stats.exit_code == 0, stats.output
    data = json.loads(stats.stdout)
    assert data["pairs"] == {"en:fr": 24, "en:kk": 24, "en:ru": 24}
    tmx = tmp_path / "memory.tmx"
    exported = cli(ws, "tm", "export", str(tmx))
    assert exported.exit_code == 0 and exported.stdout.startswith("24 units")
    assert 'srclang="en"' in tmx.read_text(encoding="utf-8")
    imported = cli(ws, "tm", "import", str(tmx))
    assert imported.exit_code == 0, imported.output
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx version='1.4'><body><tu>", encoding="utf-8")
    refused = cli(ws, "tm", "import", str(broken))
    assert refused.exit_code == 2 and "broken.tmx:1" in refused.stderr


def test_engines_list_and_install(ws: Workspace, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("L10N_MODELS_DIR", str(tmp_path / "models"))
    listed = cli(ws, "engines")
    assert listed.exit_code == 0, listed.output
    assert "offline" in listed.stdout and "no models installed" in listed.stdout
    assert "chain kk: offline" in listed.stdout
    package = tinymodel.make_argos_package(tmp_path)
    installed = cli(ws, "engines", "install", str(package))
    assert installed.exit_code == 0, installed.output
    assert "argos-en-ru" in installed.stdout
    data = json.loads(cli(ws, "engines", "--json").stdout)
    assert any("argos-en-ru" in model for model in data["models"])
    assert {e["name"]: e["available"] for e in data["engines"]}["offline"] is True
    bad = tmp_path / "not-a-model.zip"
    bad.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    refused = cli(ws, "engines", "install", str(bad))
    assert refused.exit_code == 2 and "not-a-model.zip" in refused.stderr
