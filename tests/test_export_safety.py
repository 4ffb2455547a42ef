"""export never writes over the workspace's own files, and never puts out broken markup."""

from __future__ import annotations

import os
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.export import export_release
from l10n.workspace.config import Workspace
from l10n.workspace.errors import Refused, UsageError
from tests.conftest import snapshot

RELEASE = "kazakhstan-impunity-2019"


def export(runner: CliRunner, ws: Workspace, *args: str) -> object:
    return runner.invoke(app, ["export", *args, "--workspace", str(ws.root)])


# --- item 2: the output is never one of the workspace's own files --------------------------

OWN_FILES = {
    "source": (f"source_texts/{RELEASE}.txt", "source texts"),
    "catalog": (f"locales/kk/LC_MESSAGES/{RELEASE}.po", "catalogs and templates"),
    "template": (f"locales/templates/{RELEASE}.pot", "catalogs and templates"),
    "new file among the catalogs": ("locales/kk/notes.txt", "catalogs and templates"),
    "glossary": ("glossary/terms.csv", "glossary"),
    "memory": (".l10n/tm.sqlite", "translation memory and caches"),
    "config": ("l10n.toml", "configuration"),
}


@pytest.mark.parametrize("name", sorted(OWN_FILES))
def test_export_refuses_to_write_a_workspace_file(runner: CliRunner, translated_sample: Workspace,
                                                  name: str) -> None:
    ws = translated_sample
    relative, why = OWN_FILES[name]
    before = snapshot(ws.root)
    result = export(runner, ws, RELEASE, "--lang", "kk", "-o", str(ws.root / relative))
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert relative.split("/")[-1] in result.stderr and why in result.stderr
    assert snapshot(ws.root) == before
    assert not (ws.root / "locales" / "kk" / "notes.txt").exists()


def test_export_refuses_relative_and_symlinked_paths_into_the_workspace(
        runner: CliRunner, translated_sample: Workspace, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ws = translated_sample
    before = snapshot(ws.root)
    monkeypatch.chdir(ws.root / "locales")
    result = export(runner, ws, RELEASE, "--lang", "kk", "-o", f"kk/LC_MESSAGES/{RELEASE}.po")
    assert result.exit_code == 2 and "catalogs and templates" in result.stderr
    link = tmp_path / "catalogs"
    link.symlink_to(ws.root / "locales" / "kk" / "LC_MESSAGES")
    result = export(runner, ws, RELEASE, "--lang", "kk", "-o", str(link / f"{RELEASE}.po"))
    assert result.exit_code == 2 and "catalogs and templates" in result.stderr
    result = export(runner, ws, RELEASE, "--lang", "kk", "-o", str(ws.root))
    assert result.exit_code == 2 and "folder" in result.stderr
    assert snapshot(ws.root) == before


def test_export_still_writes_anywhere_else(runner: CliRunner, translated_sample: Workspace,
                                          tmp_path: Path) -> None:
    ws = translated_sample
    for out in (ws.root / "site" / "kk.txt", tmp_path / "kk.txt", ws.root / "kk.txt"):
        result = export(runner, ws, RELEASE, "--lang", "kk", "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8").startswith("Қазақстан")


def test_library_refuses_too(translated_sample: Workspace) -> None:
    ws = translated_sample
    with pytest.raises(UsageError, match="catalogs and templates"):
        export_release(ws, RELEASE, "kk", out=ws.po_path(RELEASE, "kk"))


# --- item 4: a translation with broken placeholders is not exported ------------------------

MARKDOWN = "# The title\n\nThe court **rejected** the appeal.\n\nAnother sentence here.\n"
FRENCH = {"The title": "Le titre",
          "The court <1>rejected</1> the appeal.": "Le tribunal a <1>rejeté l’appel.",
          "Another sentence here.": "Une autre phrase ici."}


@pytest.fixture
def broken(runner: CliRunner, workspace: Workspace) -> Workspace:
    """A Markdown release whose French translation lost a ``</1>`` (QA: placeholders)."""
    (workspace.sources_dir / "ruling.md").write_text(MARKDOWN, encoding="utf-8")
    assert runner.invoke(app, ["ingest", "-w", str(workspace.root)]).exit_code == 0
    path = workspace.po_path("ruling", "fr")
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = FRENCH[entry.msgid]
    po.save(str(path))
    return workspace


def test_broken_entry_falls_back_to_the_source(runner: CliRunner, broken: Workspace,
                                               tmp_path: Path) -> None:
    md, html = tmp_path / "fr.md", tmp_path / "fr.html"
    result = export(runner, broken, "ruling", "--lang", "fr", "--min-complete", "0", "-o", str(md))
    assert result.exit_code == 0, result.output
    assert ("66.7% translated, 1 kept in the source language (5 words; 1 with broken "
            "placeholders)") in result.stdout
    text = md.read_text(encoding="utf-8")
    assert text == ('# Le titre\n\n<span lang="en">The court **rejected** the appeal.</span>\n\n'
                    "Une autre phrase ici.\n")
    assert text.count("**") == 2 and "rejeté" not in text
    result = export(runner, broken, "ruling", "--lang", "fr", "--min-complete", "0",
                    "--format", "html", "-o", str(html))
    assert result.exit_code == 0, result.output
    page = html.read_text(encoding="utf-8")
    assert "The court <strong>rejected</strong> the appeal." in page and "rejeté" not in page


def test_broken_entry_counts_as_missing(runner: CliRunner, broken: Workspace,
                                        tmp_path: Path) -> None:
    out = tmp_path / "fr.md"
    result = export(runner, broken, "ruling", "--lang", "fr", "-o", str(out))
    assert result.exit_code == 1 and "66.7% translated, below the required 100%" in result.stderr
    assert "source_texts/ruling.md:3: The court <1>rejected</1> the appeal. (broken " \
           "placeholders: see 'l10n check')" in result.stderr
    result = export(runner, broken, "ruling", "--lang", "fr", "--min-complete", "0",
                    "--fallback", "fail", "-o", str(out))
    assert result.exit_code == 1 and "broken placeholders" in result.stderr
    assert not out.exists()


def test_broken_fuzzy_entry_is_not_used_either(broken: Workspace, tmp_path: Path) -> None:
    path = broken.po_path("ruling", "fr")
    po = polib.pofile(str(path))
    for entry in po:
        entry.flags.append("fuzzy")
    po.save(str(path))
    with pytest.raises(Refused, match="broken placeholders"):
        export_release(broken, "ruling", "fr", include_fuzzy=True, out=tmp_path / "x.md")
    report = export_release(broken, "ruling", "fr", include_fuzzy=True, min_complete=0,
                            out=tmp_path / "x.md")
    assert [m.msgid for m in report.missing] == ["The court <1>rejected</1> the appeal."]
    assert report.missing[0].broken and os.path.exists(tmp_path / "x.md")
