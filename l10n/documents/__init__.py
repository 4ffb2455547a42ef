"""Source documents: read a release file in any supported format into a Document.

Readers and writers per format, the sentence segmenter and release metadata. May import
``l10n.workspace`` only.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from types import ModuleType

from l10n.documents import html, markdown, plaintext
from l10n.documents.base import Block, Document, Inline, Run, Segment
from l10n.workspace.errors import SourceError

__all__ = ["Block", "Document", "Inline", "Run", "Segment", "FORMATS", "load_document",
           "parse_document", "format_of", "decode_source"]

# suffix -> format module; each module has parse(path, text, bom=, lang=) and escape().
FORMATS: dict[str, ModuleType] = {
    ".txt": plaintext, ".text": plaintext,
    ".md": markdown, ".markdown": markdown,
    ".html": html, ".htm": html,
}
FORMAT_NAMES = {"txt": plaintext, "md": markdown, "html": html}


def format_of(path: Path) -> str:
    """The format name (txt, md, html) of a release file, from its suffix."""
    module = FORMATS.get(path.suffix.lower())
    if module is None:
        known = ", ".join(sorted(FORMATS))
        raise SourceError(path, None, f"unsupported file type {path.suffix!r} (known: {known})")
    return module.NAME


def decode_source(path: Path, data: bytes) -> tuple[str, bool]:
    """Decode a release's bytes as UTF-8; return (text without BOM, had a BOM)."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError(path, line, "binary file (NUL byte): expected UTF-8 text")
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8):] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise SourceError(
            path, line, f"not valid UTF-8 (byte 0x{body[exc.start]:02x}); re-save the file as UTF-8"
        ) from None
    return text, bom


def parse_document(path: Path, data: bytes, *, lang: str = "en") -> Document:
    """Parse a release's bytes; ``path`` names it in errors and decides its format."""
    format_of(path)
    text, bom = decode_source(path, data)
    if not text.strip():
        raise SourceError(path, 1, "empty release: nothing to translate")
    document = FORMATS[path.suffix.lower()].parse(path, text, bom=bom, lang=lang)
    if not document.segments:
        raise SourceError(path, 1, "no translatable text found in this release")
    return document


def load_document(path: Path, *, lang: str = "en") -> Document:
    """Read and parse a release file."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SourceError(path, None, f"cannot read: {exc.strerror}") from None
    return parse_document(Path(path), data, lang=lang)
