"""Write a .docx release in a target language: its own file with the paragraphs translated.

The writer reads the source package afresh, renders every paragraph's line with the
translations (see `l10n.documents.docx_read`), and rebuilds only the paragraphs whose
line changed: their runs are made again from the tokens, each with a copy of the
formatting it had, and the language of translated text (``w:lang``) set so that Word
checks its spelling in that language. Every other paragraph, and every part of a package
whose paragraphs all stay, keeps its bytes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from babel.core import Locale, UnknownLocaleError, get_global
from lxml import etree

from l10n.documents.base import Segment
from l10n.documents.docx_package import MC, W, XML_SPACE, repack, serialize
from l10n.documents.docx_read import (
    LANG_OFF,
    LANG_ON,
    TOKEN_RE,
    DocxDocument,
    Paragraph,
    Ref,
    read_structure,
)

Translate = Callable[[Segment], str | None]

# The children of w:rPr in the schema's order (CT_RPr): w:lang must go in its place.
_RPR_ORDER = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
              "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz "
              "szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang "
              "eastAsianLayout specVanish oMath rPrChange").split()
_AFTER_LANG = {W + name for name in _RPR_ORDER[_RPR_ORDER.index("lang") + 1:]}


def language_tag(lang: str) -> str:
    """The tag Word uses for a language, with its likeliest region (kk → kk-KZ).

    >>> language_tag("kk"), language_tag("fr"), language_tag("pt_BR")
    ('kk-KZ', 'fr-FR', 'pt-BR')
    """
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return lang.replace("_", "-")
    territory = locale.territory
    if territory is None:
        likely = get_global("likely_subtags").get(locale.language, "")
        territory = next((p for p in likely.split("_")[1:]
                          if len(p) == 2 and p.isupper() or p.isdigit()), None)
    return f"{locale.language}-{territory}" if territory else locale.language


def write_docx(document: DocxDocument, translate: Translate, lang: str) -> bytes:
    """``document`` in ``lang``: the source file with its translated paragraphs rebuilt.

    ``translate`` returns a segment's translation or None to keep the source; a
    translation equal to the msgid keeps the paragraph as it was. With no translation
    at all the result is the source file, byte for byte.
    """
    structure = read_structure(document.path, document.data)
    lines = _render_lines(document, translate)
    tag = language_tag(lang)
    changed: set[str] = set()
    rebuilt: set[Any] = set()
    for para, line in zip(structure.paragraphs, lines, strict=True):
        if line != para.line:
            _rebuild(para, line, structure.refs, tag)
            changed.add(para.part)
            rebuilt.add(para.element)
    replaced = {}
    for part in structure.package.parts:
        if part.name in changed:
            _sync_fallbacks(part.root, rebuilt)
            replaced[part.name] = serialize(part.root)
    return repack(document.data, replaced)


def _render_lines(document: DocxDocument, translate: Translate) -> list[str]:
    """Each paragraph's line with translations in place, translated text between
    language tokens."""
    out: list[str] = []
    for part in document.parts:
        if isinstance(part, str):
            out.append(part)
            continue
        target = translate(part)
        if target is None or target == part.msgid:
            out.append(part.raw)
        else:
            out.append(LANG_ON + part.render(target, document.escape) + LANG_OFF)
    return "".join(out).split("\n")


def _rebuild(para: Paragraph, line: str, refs: list[Ref], tag: str) -> None:
    """Replace the content of ``para`` by the runs ``line`` describes."""
    p = para.element
    for child in list(p):
        if child.tag != W + "pPr":
            p.remove(child)
    containers: list[tuple[Any, Any]] = [(p, para.rpr)]  # (element, its usual rPr)
    formats: list[Any] = []
    translated = False
    pos = 0
    for m in TOKEN_RE.finditer(line):
        if m.start() > pos:
            rpr = formats[-1] if formats else containers[-1][1]
            _text_run(containers[-1][0], line[pos : m.start()], rpr,
                      tag if translated else None)
        pos = m.end()
        code, number = m.group(1), m.group(2)
        if code in "Ll":
            translated = code == "L"
            continue
        ref = refs[int(number)]
        if code == "o" and ref.kind == "fmt":
            formats.append(ref.rpr)
        elif code == "c" and ref.kind == "fmt":
            if formats:
                formats.pop()
        elif code == "o":  # a hyperlink: same attributes, new content
            link = etree.SubElement(containers[-1][0], ref.element.tag,
                                    dict(ref.element.attrib))
            containers.append((link, ref.rpr))
        elif code == "c":
            if len(containers) > 1:
                containers.pop()
        else:
            _put_atom(containers[-1][0], ref)
    if pos < len(line):
        rpr = formats[-1] if formats else containers[-1][1]
        _text_run(containers[-1][0], line[pos:], rpr, tag if translated else None)


def _put_atom(container: Any, ref: Ref) -> None:
    if ref.kind == "mark":
        container.append(ref.element)
    elif ref.in_run:
        run = etree.SubElement(container, W + "r")
        if ref.rpr is not None:
            run.append(copy.deepcopy(ref.rpr))
        run.extend(ref.elements)
    else:
        container.extend(ref.elements)


def _text_run(container: Any, text: str, rpr: Any, tag: str | None) -> None:
    """Append a run of ``text`` with a copy of ``rpr`` (and ``w:lang`` = ``tag``)."""
    run = etree.SubElement(container, W + "r")
    if rpr is not None and len(rpr):
        run.append(copy.deepcopy(rpr))
    if tag is not None:
        props = run[0] if len(run) else etree.SubElement(run, W + "rPr")
        set_lang(props, tag)
    t = etree.SubElement(run, W + "t")
    t.text = text
    if text != text.strip(" \t") or "  " in text:
        t.set(XML_SPACE, "preserve")


def set_lang(rpr: Any, tag: str) -> None:
    """Set ``w:lang/@w:val`` of a run's properties, placing ``w:lang`` where the schema
    wants it (Word refuses a file with children out of order)."""
    lang = rpr.find(W + "lang")
    if lang is None:
        lang = rpr.makeelement(W + "lang", {})
        follower = next((c for c in rpr if c.tag in _AFTER_LANG), None)
        if follower is None:
            rpr.append(lang)
        else:
            follower.addprevious(lang)
    lang.set(W + "val", tag)


def _sync_fallbacks(root: Any, rebuilt: set[Any]) -> None:
    """A text box is stored twice (DrawingML and VML for old readers): once its first
    copy is translated, the fallback copy gets the same paragraphs (box by box, when
    both copies have as many boxes)."""
    for alternate in root.iter(MC + "AlternateContent"):
        choice = alternate.find(MC + "Choice")
        fallback = alternate.find(MC + "Fallback")
        if choice is None or fallback is None:
            continue
        firsts = list(choice.iter(W + "txbxContent"))
        seconds = list(fallback.iter(W + "txbxContent"))
        if len(firsts) != len(seconds):
            continue
        for first, second in zip(firsts, seconds):
            if any(p in rebuilt for p in first.iter(W + "p")):
                for child in list(second):
                    second.remove(child)
                second.extend(copy.deepcopy(child) for child in first)
