"""Any release as a new Word document (a Markdown release exported as .docx, …).

Built with python-docx on its default template: a title in the Title style, headings
in Heading 1-9, list items in List Bullet (2, 3 by depth), quotes in Quote, everything
else a Normal paragraph; bold, italic, underline, code and links from the placeholders'
meaning. The document's default language and every translated run carry ``w:lang``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor

from l10n.documents.base import PLACEHOLDER_RE, Block, Document, Inline, Segment
from l10n.documents.docx_write import language_tag, set_lang

Translate = Callable[[Segment], str | None]


def new_docx(document: Document, translate: Translate, lang: str, *,
             source_lang: str = "en") -> bytes:
    """``document``'s blocks with their translations as a new .docx file's bytes.

    A sentence without a translation stays in ``source_lang`` and is marked so.
    """
    tag = language_tag(lang)
    source_tag = language_tag(source_lang)
    out = docx.Document()
    _default_language(out, source_tag)
    for block in document.blocks:
        if block.kind == "attribute":
            continue
        paragraph = out.add_paragraph(style=_style(block))
        for n, segment in enumerate(block.segments):
            if n:
                paragraph.add_run(" ")
            target = translate(segment)
            translated = target is not None and target != segment.msgid
            _Inline(paragraph, segment, tag if translated else source_tag).render(
                target if translated and target is not None else segment.msgid)
    _properties(out, document, translate, tag)
    buffer = io.BytesIO()
    out.save(buffer)
    return _fixed_dates(buffer.getvalue())


def _properties(out: Any, document: Document, translate: Translate, tag: str) -> None:
    """The document's title and language; nothing from python-docx's template."""
    props = out.core_properties
    title = next((b for b in document.blocks if b.kind == "title"), None)
    if title is not None:
        text = " ".join(translate(s) or s.msgid for s in title.segments)
        props.title = PLACEHOLDER_RE.sub("", text)
    props.language = tag
    props.author = props.comments = props.last_modified_by = ""


def _fixed_dates(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, so that the same release and
    translations always give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info))
    return out.getvalue()


def _default_language(out: Any, tag: str) -> None:
    defaults = out.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is not None:
        set_lang(rpr, tag)


def _style(block: Block) -> str:
    if block.kind == "title":
        return "Title"
    if block.kind == "heading":
        return f"Heading {min(max(block.level - 1, 1), 9)}"  # h1 is the title
    if block.kind == "list item":
        depth = min(max(block.level, 1), 3)
        return "List Bullet" if depth == 1 else f"List Bullet {depth}"
    if block.kind == "quote":
        return "Quote"
    return "Normal"


class _Inline:
    """Adds a sentence's text and markup to a python-docx paragraph."""

    def __init__(self, paragraph: Any, segment: Segment, tag: str) -> None:
        self.paragraph, self.tag = paragraph, tag
        self.meanings = dict(segment.inlines)
        self.active: list[Inline] = []
        self.link: Any = None

    def render(self, text: str) -> None:
        pos = 0
        opened: list[int] = []
        for m in PLACEHOLDER_RE.finditer(text):
            self._text(text[pos : m.start()])
            pos = m.end()
            closing, number, standalone = m.group(1), int(m.group(2)), m.group(3)
            meaning = self.meanings.get(number)
            if standalone:
                self._atom(meaning)
            elif not closing:
                opened.append(number)
                self.active.append(meaning or Inline("html"))
                if meaning is not None and meaning.kind == "link" and meaning.attr("href"):
                    self.link = self._hyperlink(meaning.attr("href") or "")
            elif opened and opened[-1] == number:
                opened.pop()
                done = self.active.pop()
                if done.kind == "link":
                    self.link = None
        self._text(text[pos:])

    def _text(self, text: str, **extra: bool) -> None:
        if not text:
            return
        run = self.paragraph.add_run(text)
        kinds = {i.kind for i in self.active} | {f"html:{i.attr('tag')}" for i in self.active}
        run.bold = True if {"strong", "html:b", "html:strong"} & kinds else None
        run.italic = True if {"em", "html:i", "html:em"} & kinds or extra.get("italic") else None
        run.underline = True if "html:u" in kinds else None
        if "code" in kinds or extra.get("code"):
            run.font.name = "Courier New"
        if self.link is not None:
            run.font.underline = True
            run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
            self.link.append(run._r)
        set_lang(run._r.get_or_add_rPr(), self.tag)

    def _atom(self, meaning: Inline | None) -> None:
        if meaning is None:
            return
        if meaning.kind == "br":
            self.paragraph.add_run().add_break()
        elif meaning.kind == "code":
            self._text(meaning.text, code=True)
        elif meaning.kind == "image":
            self._text(meaning.attr("alt") or "", italic=True)
        elif meaning.kind == "url" and "://" in meaning.text:
            self.link = self._hyperlink(meaning.text)
            self._text(meaning.text)
            self.link = None
        else:
            self._text(meaning.text)

    def _hyperlink(self, href: str) -> Any:
        rid = self.paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK,
                                            is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rid)
        self.paragraph._p.append(link)
        return link
