"""Source documents: read a release file in any supported format into a Document.

Readers and writers per format, the sentence segmenter and release metadata. May import
``l10n.workspace`` only.
"""

from __future__ import annotations

import codecs
import math
import os
from pathlib import Path
from types import ModuleType

from l10n.documents import docx_read, html, markdown, plaintext
from l10n.documents.base import Block, Document, Inline, Run, Segment
from l10n.workspace.config import Workspace, validate_release_name
from l10n.workspace.errors import SourceError, UsageError

__all__ = ["Block", "Document", "Inline", "Run", "Segment", "FORMATS", "MAX_RELEASE_BYTES",
           "load_document", "read_release", "parse_document", "format_of", "decode_source",
           "find_release"]

# The largest release l10n reads: a press release is 10-50 KB, so 5 MB leaves room for
# a long report pasted as text while refusing a data dump (a 39 MB file took minutes and
# hundreds of MB). Checked before the file is read. MB here is 1,000,000 bytes.
MAX_RELEASE_BYTES = 5_000_000

# suffix -> format module; each text module has parse(path, text, bom=, lang=) and
# escape(); a binary one (BINARY = True: .docx) has parse_bytes(path, data, lang=).
FORMATS: dict[str, ModuleType] = {
    ".txt": plaintext, ".text": plaintext,
    ".md": markdown, ".markdown": markdown,
    ".html": html, ".htm": html,
    ".docx": docx_read,
}
FORMAT_NAMES = {"txt": plaintext, "md": markdown, "html": html, "docx": docx_read}


def format_of(path: Path) -> str:
    """The format name (txt, md, html, docx) of a release file, from its suffix."""
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


def check_size(path: Path, size: int) -> None:
    """Refuse a release larger than `MAX_RELEASE_BYTES`."""
    if size > MAX_RELEASE_BYTES:
        megabytes = math.ceil(size / 100_000) / 10  # never rounded down to the limit
        raise SourceError(path, None, f"release is {megabytes:.1f} MB; the limit is "
                                      f"{MAX_RELEASE_BYTES / 1_000_000:g} MB")


def read_release(path: Path) -> bytes:
    """Read a release file's bytes, refusing one over the size limit before reading it."""
    try:
        with Path(path).open("rb") as f:
            check_size(path, os.fstat(f.fileno()).st_size)
            data = f.read(MAX_RELEASE_BYTES + 1)
    except OSError as exc:
        raise SourceError(path, None, f"cannot read: {exc.strerror}") from None
    check_size(path, len(data))  # it grew while we looked
    return data


def parse_document(path: Path, data: bytes, *, lang: str = "en") -> Document:
    """Parse a release's bytes; ``path`` names it in errors and decides its format.

    Raises:
        SourceError: an unsupported format, a release over `MAX_RELEASE_BYTES`, bytes
            that are not UTF-8 text (or not a Word document, for .docx: see
            `l10n.documents.docx_package`), or nothing to translate.
    """
    format_of(path)
    check_size(path, len(data))
    module = FORMATS[path.suffix.lower()]
    if getattr(module, "BINARY", False):
        document: Document = module.parse_bytes(path, data, lang=lang)
        if not document.segments:
            raise SourceError(path, None, "no translatable text found in this document")
        return document
    text, bom = decode_source(path, data)
    if not text.strip():
        raise SourceError(path, 1, "empty release: nothing to translate")
    document = module.parse(path, text, bom=bom, lang=lang)
    if not document.segments:
        raise SourceError(path, 1, "no translatable text found in this release")
    return document


def load_document(path: Path, *, lang: str = "en") -> Document:
    """Read and parse a release file."""
    return parse_document(Path(path), read_release(Path(path)), lang=lang)


def find_release(ws: Workspace, release: str) -> Path:
    """The source file of a release, by name (export, publish and align find it here).

    Raises:
        UsageError: an invalid name, no such release, or several files with its name.
    """
    validate_release_name(release)
    found = sorted(p for p in ws.sources_dir.glob(f"{release}.*")
                   if p.stem == release and p.suffix.lower() in FORMATS)
    if not found:
        raise UsageError(f"no release {release!r} in {ws.relative(ws.sources_dir)}/")
    if len(found) > 1:
        raise UsageError(f"release {release!r} has several files: "
                         + ", ".join(ws.relative(p) for p in found))
    return found[0]
