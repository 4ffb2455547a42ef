"""Honest language marking (issue 14 item 3): a sentence exported in the source language
sits inside an element with lang="en" in HTML (and Markdown, as inline HTML); the page
is in the target language; export says how much fell back."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.export import export_release
from l10n.workspace.config import Workspace

RELEASES = {
    "appeal.txt": ("Floods in the North\n\nSpring floods forced 96,000 people from their "
                   "homes. Volunteers are in Petropavl.\n\nPhoto: A shelter in Petropavl.\n\n"
                   "Contact:\nAsel Nurova\nasel@example.org\n"),
    "appeal-md.md": ("# Floods in the North\n\nSpring floods forced 96,000 people from their "
                     "homes. *Volunteers are in Petropavl.*\n\n- Water.\n- Blankets.\n"),
    "appeal-html.html": ("<!DOCTYPE html>\n<html lang=\"en\"><head><title>Floods in the North"
                         "</title><meta name=\"description\" content=\"Volunteers help.\">"
                         "</head>\n<body>\n<h1>Floods in the North</h1>\n<p>Spring floods "
                         "forced 96,000 people from their homes. Volunteers are in "
                         "<b>Petropavl</b>.</p>\n<p><img src=\"a.jpg\" alt=\"A shelter\"></p>\n"
                         "</body></html>\n"),
}
# Translated into Russian: the titles and the first sentence; the rest falls back.
RUSSIAN = {"Floods in the North": "Наводнения на севере",
           "Spring floods forced 96,000 people from their homes.":
               "Весенние паводки вынудили 96 000 человек покинуть свои дома."}


class _LangTree(HTMLParser):
    """The text of the page with, for each piece, the nearest lang attribute around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.pieces: list[tuple[str, str | None]] = []
        self.root_lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        lang = dict(attrs).get("lang")
        if tag == "html":
            self.root_lang = lang
        if tag not in ("br", "img", "meta", "link"):
            self.stack.append((tag, lang))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip() and not any(tag in ("title", "style", "script") for tag, _ in self.stack):
            lang = next((lang for _, lang in reversed(self.stack) if lang), None)
            self.pieces.append((data, lang))

    def lang_of(self, sentence: str) -> set[str | None]:
        """The languages the words of ``sentence`` are marked with (all of its pieces)."""
        return {lang for data, lang in self.pieces
                if any(ch.isalpha() for ch in data) and data.strip() in sentence}


def lang_tree(page: str) -> _LangTree:
    tree = _LangTree()
    tree.feed(page)
    tree.close()
    return tree


@pytest.fixture
def half_done(runner: CliRunner, workspace: Workspace) -> Workspace:
    for name, text in RELEASES.items():
        (workspace.sources_dir / name).write_text(text, encoding="utf-8")
    assert runner.invoke(app, ["ingest", "-w", str(workspace.root)]).exit_code == 0
    for name in RELEASES:
        path = workspace.po_path(Path(name).stem, "ru")
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = RUSSIAN.get(entry.msgid, "")
        po.save(str(path))
    return workspace


def fallback_msgids(ws: Workspace, release: str) -> list[str]:
    po = polib.pofile(str(ws.po_path(release, "ru")))
    return [e.msgid for e in po if not e.msgstr]


@pytest.mark.parametrize("release", ["appeal", "appeal-md", "appeal-html"])
def test_every_fallback_sentence_is_marked_english_in_html(half_done: Workspace,
                                                          release: str, tmp_path: Path) -> None:
    out = tmp_path / f"{release}.html"
    report = export_release(half_done, release, "ru", fmt="html", out=out, min_complete=0)
    page = out.read_text(encoding="utf-8")
    tree = lang_tree(page)
    assert tree.root_lang == "ru"
    missing = fallback_msgids(half_done, release)
    assert len(report.missing) == len(missing) > 0
    visible = [m for m in missing if m not in ("Volunteers help.", "A shelter")]  # attributes
    for msgid in visible:
        words = msgid.replace("<1>", "").replace("</1>", "")
        assert tree.lang_of(words) == {"en"}, msgid
    for translated in RUSSIAN.values():
        if translated in page:
            assert tree.lang_of(translated) == {"ru"}  # the page's own language
    assert "<title>Наводнения на севере</title>" in page or release == "appeal-html"


def test_html_source_keeps_attributes_and_title_unmarked(half_done: Workspace,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    export_release(half_done, "appeal-html", "ru", out=out, min_complete=0)
    page = out.read_text(encoding="utf-8")
    assert '<html lang="ru">' in page
    assert 'content="Volunteers help."' in page and 'alt="A shelter"' in page
    assert "<title>Наводнения на севере</title>" in page
    assert ('<span lang="en">Volunteers are in <b>Petropavl</b>.</span>' in page)


def test_markdown_marks_with_a_span_and_text_does_not(half_done: Workspace,
                                                      tmp_path: Path) -> None:
    md, txt = tmp_path / "x.md", tmp_path / "x.txt"
    export_release(half_done, "appeal-md", "ru", out=md, min_complete=0)
    assert md.read_text(encoding="utf-8") == (
        "# Наводнения на севере\n\n"
        "Весенние паводки вынудили 96 000 человек покинуть свои дома. "
        '*<span lang="en">Volunteers are in Petropavl.</span>*\n\n'
        '- <span lang="en">Water.</span>\n- <span lang="en">Blankets.</span>\n')
    export_release(half_done, "appeal", "ru", out=txt, min_complete=0)
    assert "lang" not in txt.read_text(encoding="utf-8")
    assert "Volunteers are in Petropavl." in txt.read_text(encoding="utf-8")


def test_a_complete_translation_has_no_span(half_done: Workspace, tmp_path: Path) -> None:
    path = half_done.po_path("appeal-md", "ru")
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = entry.msgstr or f"[ru] {entry.msgid}"
    po.save(str(path))
    out = tmp_path / "x.html"
    report = export_release(half_done, "appeal-md", "ru", fmt="html", out=out)
    assert not report.missing and report.fallback_words == 0
    assert "lang=\"en\"" not in out.read_text(encoding="utf-8")


def test_export_says_how_much_fell_back(runner: CliRunner, half_done: Workspace,
                                        tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    result = runner.invoke(app, ["export", "appeal", "--lang", "ru", "--format", "html",
                                 "--min-complete", "0", "-o", str(out),
                                 "--workspace", str(half_done.root)])
    assert result.exit_code == 0, result.output
    missing = fallback_msgids(half_done, "appeal")
    words = sum(len(m.replace("<1/>", " ").split()) for m in missing)
    assert f"{len(missing)} kept in the source language ({words} words)" in result.stdout
    report = export_release(half_done, "appeal", "ru", fmt="html", out=out, min_complete=0)
    assert report.fallback_words == words and json.dumps(report.fallback_words)
