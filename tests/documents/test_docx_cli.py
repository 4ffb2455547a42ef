"""A Word release through the pipeline: ingest, translate, export as docx and as text;
any release exported as docx; publish and refusals, through the CLI."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import polib
import pytest
from lxml import etree
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.documents import load_document
from l10n.workspace.config import Workspace
from tests.conftest import snapshot
from tests.documents.test_docx import INSERTIONS, TEXT_PARTS, W, as_bytes, build_release

RELEASE = "statement"
TRANSLATIONS = {
    "ru": {"Kazakhstan must free jailed journalists":
           "Казахстан должен освободить заключённых журналистов",
           "<1>Both deny the charges</1>, which their lawyers call <2>absurd</2>.":
           "Оба <1>отрицают обвинения</1>, которые их адвокаты называют <2>абсурдными</2>.",
           "What happened": "Что произошло"},
    "fr": {"Kazakhstan must free jailed journalists":
           "Le Kazakhstan doit libérer les journalistes emprisonnés",
           "Read the <1>full statement</1> on our website.":
           "Lisez la <1>déclaration complète</1> sur notre site.",
           "Release the reporters": "Libérez les reporters"},
}


def run(runner: CliRunner, ws: Workspace, *args: str) -> object:
    return runner.invoke(app, [*args, "--workspace", str(ws.root)])


@pytest.fixture
def ws(workspace: Workspace, runner: CliRunner) -> Workspace:
    """A workspace holding the Word release only, ingested."""
    for old in workspace.sources_dir.iterdir():
        old.unlink()
    (workspace.sources_dir / f"{RELEASE}.docx").write_bytes(as_bytes(build_release()))
    result = run(runner, workspace, "ingest")
    assert result.exit_code == 0, result.output
    return workspace


def translate(ws: Workspace, lang: str, table: dict[str, str]) -> None:
    path = ws.po_path(RELEASE, lang)
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
    po.save(str(path))


def test_ingest_writes_a_template_with_paragraph_references(ws: Workspace) -> None:
    pot = polib.pofile(str(ws.template_path(RELEASE)))
    entry = pot.find("<1>Both deny the charges</1>, which their lawyers call <2>absurd</2>.")
    assert entry is not None
    assert entry.occurrences == [(f"source_texts/{RELEASE}.docx", "2")]
    assert entry.comment == "paragraph 1, sentence 2"
    assert pot.find("Journalists are not criminals.").comment == "text box 1"
    assert pot.find("PEN International press release").comment == "header 1"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")
def test_catalogs_of_a_word_release_pass_msgfmt(ws: Workspace) -> None:
    translate(ws, "ru", TRANSLATIONS["ru"])
    for path in [ws.template_path(RELEASE), ws.po_path(RELEASE, "ru")]:
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)


@pytest.mark.parametrize("lang", ["ru", "fr"])
def test_export_as_docx_in_the_target_language(runner: CliRunner, ws: Workspace, tmp_path: Path,
                                                lang: str) -> None:
    translate(ws, lang, TRANSLATIONS[lang])
    out = tmp_path / f"{lang}.docx"
    result = run(runner, ws, "export", RELEASE, "--lang", lang, "--format", "docx",
                 "--min-complete", "0", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"({lang}, docx, " in result.stdout
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == TRANSLATIONS[lang]["Kazakhstan must free jailed "
                                                             "journalists"]
    root = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    tags = {e.get(W + "val") for e in root.iter(W + "lang")}
    assert tags == {f"{lang}-{lang.upper()}"}


def test_identity_translations_export_the_source_file(runner: CliRunner, ws: Workspace,
                                                      tmp_path: Path) -> None:
    path = ws.po_path(RELEASE, "kk")
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = entry.msgid
    po.save(str(path))
    out = tmp_path / "kk.docx"
    result = run(runner, ws, "export", RELEASE, "--lang", "kk", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "100.0% translated" in result.stdout
    assert out.read_bytes() == (ws.sources_dir / f"{RELEASE}.docx").read_bytes()


def test_pseudo_translated_export_keeps_every_other_part(runner: CliRunner, ws: Workspace,
                                                         tmp_path: Path) -> None:
    result = run(runner, ws, "pretranslate", "--lang", "kk", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    out = tmp_path / "kk.docx"
    result = run(runner, ws, "export", RELEASE, "--lang", "kk", "--include-fuzzy", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "100.0% translated" in result.stdout
    source = zipfile.ZipFile(ws.sources_dir / f"{RELEASE}.docx")
    target = zipfile.ZipFile(out)
    assert target.namelist() == source.namelist()
    for name in source.namelist():
        if name not in TEXT_PARTS:
            assert target.read(name) == source.read(name), name
        else:
            assert target.read(name) != source.read(name), name
    new = docx.Document(str(out))
    old = docx.Document(str(ws.sources_dir / f"{RELEASE}.docx"))
    assert [p.style.name for p in new.paragraphs] == [p.style.name for p in old.paragraphs]
    assert all(p.text.startswith("[kk: ") for p in new.paragraphs
               if p.text.strip() and "poster" not in p.text)
    assert new.sections[0].footer.paragraphs[0].text.startswith("[kk: ")


@pytest.mark.parametrize("fmt, expected", [
    ("md", ["# Казахстан должен освободить заключённых журналистов",
            "Оба **отрицают обвинения**, которые их адвокаты называют *абсурдными*.",
            "[full statement](https://pen-international.org/statement)"]),
    ("html", ['<html lang="ru">', "<h1>Казахстан должен освободить заключённых журналистов</h1>",
              "<strong>отрицают обвинения</strong>",
              '<a href="https://pen-international.org/statement">full statement</a>',
              "<li><span lang=\"en\">Release the reporters</span>\n<ul>"]),
    ("txt", ["Казахстан должен освободить заключённых журналистов\n\n",
             "- Release the reporters"]),
])
def test_a_word_release_exports_as_text(runner: CliRunner, ws: Workspace, tmp_path: Path,
                                         fmt: str, expected: list[str]) -> None:
    translate(ws, "ru", TRANSLATIONS["ru"])
    out = tmp_path / f"ru.{fmt}"
    result = run(runner, ws, "export", RELEASE, "--lang", "ru", "--format", fmt,
                 "--min-complete", "0", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for piece in expected:
        assert piece in text


MARKDOWN = """# Kazakhstan must free jailed journalists

## What happened

A court sentenced **two reporters** on *Monday*. Read the [full statement](https://example.org/s).

- Release the reporters
- Drop all charges
"""


def test_any_release_exports_as_a_new_word_document(runner: CliRunner, workspace: Workspace,
                                                    tmp_path: Path) -> None:
    (workspace.sources_dir / "note.md").write_text(MARKDOWN, encoding="utf-8")
    assert run(runner, workspace, "ingest", "note").exit_code == 0
    po_path = workspace.po_path("note", "fr")
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgid == "A court sentenced <1>two reporters</1> on <2>Monday</2>.":
            entry.msgstr = "Un tribunal a condamné <1>deux reporters</1> <2>lundi</2>."
    po.save(str(po_path))
    out = tmp_path / "note.docx"
    result = run(runner, workspace, "export", "note", "--lang", "fr", "--format", "docx",
                 "--min-complete", "0", "-o", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled == [
        ("Title", "Kazakhstan must free jailed journalists"),
        ("Heading 1", "What happened"),
        ("Normal", "Un tribunal a condamné deux reporters lundi. Read the full statement."),
        ("List Bullet", "Release the reporters"),
        ("List Bullet", "Drop all charges"),
    ]
    runs = document.paragraphs[2].runs
    assert [r.text for r in runs if r.bold] == ["deux reporters"]
    assert [r.text for r in runs if r.italic] == ["lundi"]
    root = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    (link,) = root.iter(W + "hyperlink")
    assert "".join(link.itertext()) == "full statement"
    rels = zipfile.ZipFile(out).read("word/_rels/document.xml.rels").decode()
    assert "https://example.org/s" in rels
    langs = [e.get(W + "val") for r in root.iter(W + "r") for e in r.iter(W + "lang")
             if "deux reporters" in "".join(r.itertext())]
    assert langs == ["fr-FR"]
    assert document.core_properties.language == "fr-FR"
    assert document.core_properties.title == "Kazakhstan must free jailed journalists"
    # same release, same translations: same bytes, whenever it is written
    assert {i.date_time for i in zipfile.ZipFile(out).infolist()} == {(1980, 1, 1, 0, 0, 0)}
    styles = etree.fromstring(zipfile.ZipFile(out).read("word/styles.xml"))
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default is not None and default.get(W + "val") == "en-US"


def test_ingest_copies_a_word_file_in(runner: CliRunner, workspace: Workspace,
                                      tmp_path: Path) -> None:
    source = tmp_path / "briefing.docx"
    source.write_bytes(as_bytes(build_release()))
    result = run(runner, workspace, "ingest", str(source))
    assert result.exit_code == 0, result.output
    assert (workspace.sources_dir / "briefing.docx").read_bytes() == source.read_bytes()
    assert workspace.po_path("briefing", "kk").exists()


def test_word_lock_file_is_not_a_release(runner: CliRunner, ws: Workspace) -> None:
    """Word keeps "~$name.docx" next to a document it has open."""
    (ws.sources_dir / f"~${RELEASE[2:]}.docx").write_bytes(b"\x0bEditor" + b"\x00" * 40)
    result = run(runner, ws, "ingest")
    assert result.exit_code == 0, result.output
    assert "~$" not in result.output


def test_tracked_changes_refuse_ingest_and_write_nothing(runner: CliRunner,
                                                         workspace: Workspace,
                                                         tmp_path: Path) -> None:
    source = tmp_path / "draft.docx"
    source.write_bytes(as_bytes(build_release(extra=INSERTIONS)))
    before = snapshot(workspace.root)
    result = run(runner, workspace, "ingest", str(source))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: {source}: the document has tracked changes (3 insertions): accept or "
        "reject them in Word first"]
    assert snapshot(workspace.root) == before


def test_check_source_points_at_the_paragraph(runner: CliRunner, workspace: Workspace) -> None:
    d = build_release()
    d.add_paragraph("The the police detained them.")
    (workspace.sources_dir / "draft.docx").write_bytes(as_bytes(d))
    result = run(runner, workspace, "check", "--source", "draft")
    assert result.exit_code == 1, result.output
    assert 'source_texts/draft.docx:18: error [doubled-word] doubled word: "The the"' \
        in result.stdout


def test_publish_of_a_word_release_writes_word_files_and_pages(
        runner: CliRunner, ws: Workspace, tmp_path: Path) -> None:
    """By default a Word release is published as Word documents and web pages, in the
    zip too; the source language's document is the release's own file."""
    for lang in ("kk", "ru", "fr"):
        translate(ws, lang, TRANSLATIONS.get(lang, {}))
    result = run(runner, ws, "publish", RELEASE, "--min-complete", "0",
                 "--no-require-reviewed", "-o", str(tmp_path / "pub"))
    assert result.exit_code == 0, result.output
    folder = tmp_path / "pub" / RELEASE
    assert (folder / "en" / f"{RELEASE}.docx").read_bytes() == \
        (ws.sources_dir / f"{RELEASE}.docx").read_bytes()
    document = docx.Document(str(folder / "ru" / f"{RELEASE}.docx"))
    assert document.paragraphs[0].text == "Казахстан должен освободить заключённых журналистов"
    page = (folder / "ru" / f"{RELEASE}.html").read_text(encoding="utf-8")
    assert "Казахстан должен освободить" in page
    with zipfile.ZipFile(tmp_path / "pub" / f"{RELEASE}.zip") as archive:
        assert archive.read(f"{RELEASE}/ru/{RELEASE}.docx") == \
            (folder / "ru" / f"{RELEASE}.docx").read_bytes()


def test_the_translated_sample_exports_as_a_word_document(runner: CliRunner,
                                                          translated_sample: Workspace,
                                                          tmp_path: Path) -> None:
    """A plain-text release with reviewed Kazakh: every block a paragraph, in Kazakh."""
    ws = translated_sample
    release = "kazakhstan-impunity-2019"
    out = tmp_path / "kk.docx"
    result = run(runner, ws, "export", release, "--lang", "kk", "--format", "docx",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    source = load_document(ws.sources_dir / f"{release}.txt")
    document = docx.Document(str(out))
    assert len(document.paragraphs) == len(source.blocks)
    assert document.paragraphs[0].style.name == "Title"
    po = polib.pofile(str(ws.po_path(release, "kk")))
    first = po.find(source.blocks[0].segments[0].msgid)
    assert document.paragraphs[0].text.startswith(first.msgstr)
    root = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    assert {e.get(W + "val") for e in root.iter(W + "lang")} == {"kk-KZ"}
