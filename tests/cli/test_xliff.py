"""The ``l10n xliff`` commands: wiring, output paths, messages and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from l10n.cli.xliff import xliff_app
from l10n.workspace.config import Workspace
from tests.conftest import ROOT, snapshot

SAMPLE = "kazakhstan-impunity-2019"
DATA = Path(__file__).resolve().parents[1] / "data" / "xliff"

app = typer.Typer()
app.add_typer(xliff_app, name="xliff")


@pytest.fixture
def ws(in_workspace: Workspace) -> Workspace:
    for lang in in_workspace.targets:
        target = in_workspace.po_path(SAMPLE, lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "locales" / lang / "LC_MESSAGES" / f"{SAMPLE}.po", target)
    shutil.copy(DATA / "demo.kk.po", in_workspace.po_path("demo", "kk"))
    return in_workspace


def test_export_default_path_and_import(ws: Workspace, runner: CliRunner) -> None:
    result = runner.invoke(app, ["xliff", "export", SAMPLE, "--lang", "kk"])
    assert result.exit_code == 0, result.output
    path = ws.root / "out" / "xliff" / f"{SAMPLE}.kk.xlf"
    assert path.is_file() and "XLIFF 1.2, 24 units" in result.stdout
    result = runner.invoke(app, ["xliff", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"locales/kk/LC_MESSAGES/{SAMPLE}.po: unchanged (24 units")


def test_export_20_to_a_given_file(ws: Workspace, runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "fr.xlf"
    result = runner.invoke(app, ["xliff", "export", SAMPLE, "-l", "fr", "--version", "2.0",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert 'version="2.0"' in out.read_text(encoding="utf-8")


def test_bad_version_is_a_usage_error(ws: Workspace, runner: CliRunner) -> None:
    result = runner.invoke(app, ["xliff", "export", SAMPLE, "-l", "kk", "--version", "3"])
    assert result.exit_code == 2
    assert "unknown XLIFF version '3'" in result.stderr


def test_memoq_file_import(ws: Workspace, runner: CliRunner) -> None:
    result = runner.invoke(app, ["xliff", "import", str(DATA / "memoq.kk.xlf")])
    assert result.exit_code == 0, result.output
    assert "updated (12 units: 12 taken = 3 translations, 4 state changes" in result.stdout


def test_stale_import_exits_2_and_merge_matching_merges(ws: Workspace, runner: CliRunner,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "d.xlf"
    assert runner.invoke(app, ["xliff", "export", "demo", "-l", "kk", "-o", str(out)]
                         ).exit_code == 0
    po = ws.po_path("demo", "kk")
    po.write_text(po.read_text(encoding="utf-8").replace('msgid "May"', 'msgid "June"'),
                  encoding="utf-8")
    before = snapshot(ws.root)
    result = runner.invoke(app, ["xliff", "import", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {out}:")
    assert "--merge-matching" in result.stderr and len(result.stderr.splitlines()) == 1
    assert snapshot(ws.root) == before
    result = runner.invoke(app, ["xliff", "import", str(out), "--merge-matching"])
    assert result.exit_code == 0, result.output
    assert "skipped unit ue3200dab6c6a17f0" in result.stderr
    assert "1 entries of locales/kk/LC_MESSAGES/demo.po were not in the file" in result.stderr


def test_refused_units_exit_1(ws: Workspace, runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "d.xlf"
    runner.invoke(app, ["xliff", "export", "demo", "-l", "kk", "-o", str(out)])
    out.write_text(out.read_text(encoding="utf-8").replace('<x id="2"/> қараңыз', "қараңыз"),
                   encoding="utf-8")
    result = runner.invoke(app, ["xliff", "import", str(out)])
    assert result.exit_code == 1
    assert "refused unit ub4397241ef84c3e3: inline codes differ" in result.stderr


def test_malformed_file(ws: Workspace, runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlf"
    bad.write_text("<xliff version='1.2'>\n<file>\n", encoding="utf-8")
    result = runner.invoke(app, ["xliff", "import", str(bad)])
    assert result.exit_code == 2 and "malformed XML" in result.stderr


def test_help_has_examples(runner: CliRunner) -> None:
    for command in ("export", "import"):
        result = runner.invoke(app, ["xliff", command, "--help"])
        assert result.exit_code == 0 and "Example: l10n xliff " + command in result.stdout


def test_import_refuses_when_the_catalog_is_saved_meanwhile(
        ws: Workspace, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """A translator's editor saves the PO file while the import works: exit 2, a message,
    and the translator's file as saved."""
    from l10n.xliff import importer

    xlf = ws.root / "kk.xlf"
    assert runner.invoke(app, ["xliff", "export", SAMPLE, "-l", "kk", "-o", str(xlf)]
                         ).exit_code == 0
    text = xlf.read_text(encoding="utf-8")
    xlf.write_text(text.replace("<target state=\"signed-off\">Қазақстан:",
                                "<target state=\"signed-off\">ҚАЗАҚСТАН:", 1), encoding="utf-8")
    po_path = ws.po_path(SAMPLE, "kk")
    real_match = importer._match

    def match_then_editor_saves(*args):  # type: ignore[no-untyped-def]
        matched = real_match(*args)
        po_path.write_bytes(po_path.read_bytes().replace("Жаңалықтар".encode(),
                                                         "ЖАҢАЛЫҚТАР".encode(), 1))
        return matched

    monkeypatch.setattr(importer, "_match", match_then_editor_saves)
    result = runner.invoke(app, ["xliff", "import", str(xlf)])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: locales/kk/LC_MESSAGES/{SAMPLE}.po changed while "
                             f"importing; nothing written, rerun 'l10n xliff import {xlf}'\n")
    saved = po_path.read_text(encoding="utf-8")
    assert "ЖАҢАЛЫҚТАР" in saved and "ҚАЗАҚСТАН:" not in saved
