"""A Word (.docx) file as a package: its zip parts, the XML of its text parts, checks.

A .docx file is a zip of XML parts tied together by relationship files. l10n reads the
main document, its footnotes and endnotes, and its headers and footers (the *text
parts*) with lxml and leaves every other part (styles, numbering, images, settings)
alone. A document with tracked changes or comments is refused: what the translator
should see would depend on decisions only its author can take.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from l10n.workspace.errors import SourceError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W = f"{{{W_NS}}}"
R = f"{{{R_NS}}}"
MC = f"{{{MC_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
OFFICE_DOCUMENT = _REL_TYPE + "officeDocument"
HYPERLINK = _REL_TYPE + "hyperlink"
#: relationship type (last segment) -> the kind of text part it leads to, in reading order
TEXT_PART_TYPES = {"footnotes": "footnote", "endnotes": "endnote", "header": "header",
                   "footer": "footer"}

#: No XML part of a document l10n reads may be larger than this once unpacked (a 50-page
#: report's document.xml is about 2 MB): a zip bomb is refused before it is inflated.
MAX_PART_BYTES = 50_000_000

# Parsing never resolves entities nor reaches the network; huge_tree stays off.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

#: tracked-change element -> how the refusal names it (singular, plural)
_CHANGES = {
    "ins": ("insertion", "insertions"),
    "del": ("deletion", "deletions"),
    "moveFrom": ("move", "moves"),
    "rPrChange": ("formatting change", "formatting changes"),
    "pPrChange": ("formatting change", "formatting changes"),
    "sectPrChange": ("formatting change", "formatting changes"),
    "tblPrChange": ("formatting change", "formatting changes"),
    "trPrChange": ("formatting change", "formatting changes"),
    "tcPrChange": ("formatting change", "formatting changes"),
    "numberingChange": ("formatting change", "formatting changes"),
}


@dataclass
class TextPart:
    """One XML part holding text: its name in the zip, what it is, its parsed tree."""

    name: str  # word/document.xml
    kind: str  # body, footnote, endnote, header, footer
    root: Any  # lxml element
    links: dict[str, str] = field(default_factory=dict)  # relationship id -> external target


@dataclass
class Package:
    """A .docx file opened for reading: its bytes, text parts and paragraph styles."""

    path: Path
    data: bytes
    parts: list[TextPart]
    styles: dict[str, Style]


@dataclass(frozen=True)
class Style:
    """What l10n needs of a paragraph style: its name, parent, outline level and list
    level (0-based, None when the style is not a list)."""

    name: str
    based_on: str | None
    outline: int | None
    list_level: int | None


def open_package(path: Path, data: bytes) -> Package:
    """Open a .docx file's bytes and parse its text parts.

    Raises:
        SourceError: not a zip, not a Word document, Strict Open XML, a malformed or
            oversized XML part, tracked changes or comments.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SourceError(path, None, "not a Word document (.docx is a zip file; this is "
                                      "not one): save it from Word as 'Word Document'") from None
    with archive:
        names = set(archive.namelist())
        main = _main_part(path, archive, names)
        root = _parse(path, archive, main)
        if root.tag == f"{{{STRICT_W_NS}}}document":
            raise SourceError(path, None, "Strict Open XML documents are not supported: save "
                                          "it from Word as 'Word Document (.docx)'")
        if root.tag != W + "document":
            raise SourceError(path, None, f"{main}: not a Word main document")
        rels = _relationships(path, archive, main, names)
        parts = [TextPart(main, "body", root, _links(rels))]
        for kind_key, kind in TEXT_PART_TYPES.items():
            targets = [t for (typ, t, _) in rels.values() if typ == _REL_TYPE + kind_key]
            for name in sorted(dict.fromkeys(targets), key=_natural):
                if name in names:
                    part_rels = _relationships(path, archive, name, names)
                    parts.append(TextPart(name, kind, _parse(path, archive, name),
                                          _links(part_rels)))
        comments = [t for (typ, t, _) in rels.values() if typ == _REL_TYPE + "comments"]
        _refuse_revisions(path, parts)
        _refuse_comments(path, archive, parts, [c for c in comments if c in names])
        styles_name = next((t for (typ, t, _) in rels.values() if typ == _REL_TYPE + "styles"),
                           None)
        styles = (_styles(_parse(path, archive, styles_name))
                  if styles_name and styles_name in names else {})
    return Package(path, data, parts, styles)


def _natural(name: str) -> list[Any]:
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", name)]


def _main_part(path: Path, archive: zipfile.ZipFile, names: set[str]) -> str:
    if "_rels/.rels" in names:
        for typ, target, _ in _relationships(path, archive, "", names).values():
            if typ in (OFFICE_DOCUMENT, "http://purl.oclc.org/ooxml/officeDocument/"
                                        "relationships/officeDocument"):
                if target in names:
                    return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise SourceError(path, None, "not a Word document: the file has no main document part "
                                  "(word/document.xml)")


def _parse(path: Path, archive: zipfile.ZipFile, name: str) -> Any:
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise SourceError(path, None, f"{name} is {info.file_size / 1e6:.0f} MB unpacked; "
                                      f"the limit is {MAX_PART_BYTES / 1e6:g} MB")
    try:
        raw = archive.read(name)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:  # CRC error, unknown method
        raise SourceError(path, None, f"{name}: cannot unpack: {exc}") from None
    try:
        return etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SourceError(path, None, f"{name}:{exc.lineno}: malformed XML: {exc.msg}") from None


def part_rels_name(part: str) -> str:
    """The relationships part of ``part`` (``word/_rels/document.xml.rels``)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _relationships(path: Path, archive: zipfile.ZipFile, part: str,
                   names: set[str]) -> dict[str, tuple[str, str, str]]:
    """Relationship id -> (type, target, mode) of ``part`` ("" for the package);
    internal targets are resolved to part names."""
    rels_name = part_rels_name(part) if part else "_rels/.rels"
    if rels_name not in names:
        return {}
    root = _parse(path, archive, rels_name)
    folder = posixpath.dirname(part)
    found = {}
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        target = rel.get("Target", "")
        mode = rel.get("TargetMode", "Internal")
        if mode != "External":
            target = (target.lstrip("/") if target.startswith("/")
                      else posixpath.normpath(posixpath.join(folder, target)))
        found[rel.get("Id", "")] = (rel.get("Type", ""), target, mode)
    return found


def _links(rels: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    return {rid: target for rid, (typ, target, _) in rels.items() if typ == HYPERLINK}


def _refuse_revisions(path: Path, parts: list[TextPart]) -> None:
    counts: dict[tuple[str, str], int] = {}
    for part in parts:
        for element in part.root.iter(*(W + name for name in _CHANGES)):
            names = _CHANGES[etree.QName(element).localname]
            counts[names] = counts.get(names, 0) + 1
    if counts:
        what = ", ".join(f"{n} {one if n == 1 else many}" for (one, many), n in counts.items())
        raise SourceError(path, None, f"the document has tracked changes ({what}): accept or "
                                      "reject them in Word first")


def _refuse_comments(path: Path, archive: zipfile.ZipFile, parts: list[TextPart],
                     comment_parts: list[str]) -> None:
    refs = sum(1 for part in parts for _ in part.root.iter(W + "commentReference"))
    stored = sum(1 for name in comment_parts
                 for _ in _parse(path, archive, name).iter(W + "comment"))
    count = max(refs, stored)
    if count:
        raise SourceError(path, None, f"the document has comments ({count}): delete them "
                                      "in Word first (Review > Delete > Delete All Comments)")


def _styles(root: Any) -> dict[str, Style]:
    styles = {}
    for style in root.iter(W + "style"):
        if style.get(W + "type") != "paragraph":
            continue
        name = style.find(W + "name")
        based = style.find(W + "basedOn")
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        num = style.find(f"{W}pPr/{W}numPr/{W}numId")
        ilvl = style.find(f"{W}pPr/{W}numPr/{W}ilvl")
        numbered = num is not None and num.get(W + "val") not in (None, "0")
        styles[style.get(W + "styleId", "")] = Style(
            (name.get(W + "val", "") if name is not None else "").lower(),
            based.get(W + "val") if based is not None else None,
            _int(outline.get(W + "val")) if outline is not None else None,
            (_int(ilvl.get(W + "val")) if ilvl is not None else 0) if numbered else None)
    return styles


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def serialize(root: Any) -> bytes:
    """An XML part's bytes as Word writes them (declaration with standalone="yes")."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                standalone=True))


def repack(data: bytes, replaced: dict[str, bytes]) -> bytes:
    """The zip ``data`` with the parts of ``replaced`` swapped in; every other part's
    bytes, order, dates and compression stay as they were."""
    if not replaced:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = replaced.get(info.filename)
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            target.writestr(copy, body if body is not None else source.read(info))
    return out.getvalue()
