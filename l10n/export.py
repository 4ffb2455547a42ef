"""Export: rebuild a release in a target language from its PO file.

A translation whose placeholders are broken (see
:func:`l10n.documents.base.placeholder_problems`) is not used: its markup could not be
put back, so the sentence counts as missing, as an untranslated one does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polib

from l10n.catalog.entries import translations, word_count
from l10n.catalog.merge import check_ingested
from l10n.catalog.pofile import read_po
from l10n.documents import (FORMAT_NAMES, Document, Segment, find_release, format_of,
                            parse_document)
from l10n.documents.base import placeholders_intact
from l10n.documents.convert import convert
from l10n.documents.docx_new import new_docx
from l10n.documents.docx_read import DocxDocument
from l10n.documents.docx_write import write_docx
from l10n.workspace.config import Workspace
from l10n.workspace.errors import Refused, UsageError
from l10n.workspace.fsutil import atomic_write, display_path
from l10n.workspace.guard import check_output
from l10n.workspace.locales import same_language

FALLBACKS = ("source", "fail")
SUFFIX = {"txt": ".txt", "md": ".md", "html": ".html", "docx": ".docx"}


@dataclass(frozen=True)
class Missing:
    """A source sentence with no usable translation."""

    ref: str  # source_texts/x.txt:12
    msgid: str
    broken: bool = False  # translated, but its placeholders are broken


@dataclass
class ExportReport:
    """What an export wrote, or would have written."""

    release: str
    lang: str
    format: str
    path: Path
    segments: int  # distinct sentences in the release
    translated: int
    missing: list[Missing] = field(default_factory=list)
    fuzzy: int = 0  # of the translated sentences, those from fuzzy entries (--include-fuzzy)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.segments if self.segments else 100.0

    @property
    def fallback_words(self) -> int:
        """Words of the sentences kept in the source language (each distinct one once)."""
        return sum(word_count(m.msgid) for m in self.missing)

    @property
    def broken(self) -> int:
        """Missing sentences whose translation has broken placeholders."""
        return sum(m.broken for m in self.missing)


def load_release(ws: Workspace, release: str) -> tuple[Path, bytes, Document]:
    """A release's source path, bytes and parsed document, checked against its template."""
    source = find_release(ws, release)
    data = source.read_bytes()
    check_ingested(ws, release, source, data)
    return source, data, parse_document(source, data, lang=ws.source)


def export_release(ws: Workspace, release: str, lang: str, *, fmt: str | None = None,
                   out: Path | None = None, fallback: str = "source",
                   min_complete: float | None = None, include_fuzzy: bool = False) -> ExportReport:
    """Write ``release`` in ``lang``; refuse (writing nothing) when it is not complete enough.

    Args:
        fmt: txt, md, html or docx; default: the source's own format.
        out: the output file; default ``out/<lang>/<release>.<ext>`` in the workspace.
        fallback: ``source`` keeps the English sentence where a translation is missing;
            ``fail`` refuses the export when any is missing.
        min_complete: the % of translated sentences required (default: the workspace's).
        include_fuzzy: use fuzzy (unreviewed) translations too.

    Raises:
        UsageError: ``out`` is (or is inside) one of the workspace's own files or folders.
        Refused: below ``min_complete``, or a gap with ``fallback="fail"``; a translation
            with broken placeholders is a gap.
    """
    (lang,) = ws.check_targets([lang])
    if fallback not in FALLBACKS:
        raise UsageError(f"--fallback must be one of {', '.join(FALLBACKS)}")
    if fmt is not None and fmt not in FORMAT_NAMES:
        raise UsageError(f"--format must be one of {', '.join(FORMAT_NAMES)}")
    threshold = ws.min_complete if min_complete is None else min_complete
    if not 0 <= threshold <= 100:
        raise UsageError("--min-complete must be a percentage between 0 and 100")
    source, _, document = load_release(ws, release)
    po_path = ws.po_path(release, lang)
    if not po_path.exists():
        raise UsageError(f"no catalog {ws.relative(po_path)}: run 'l10n ingest' first")
    fmt = fmt or format_of(source)
    target = Path(out) if out else ws.root / "out" / lang / f"{release}{SUFFIX[fmt]}"
    check_output(ws, target)
    if target.is_dir():
        raise UsageError(f"{target}: refused as an output: it is a folder; give a file name")
    po = read_po(display_path(po_path))
    table, broken = usable_translations(po, include_fuzzy=include_fuzzy)
    report = _coverage(ws, release, lang, fmt, target, document, table, broken)
    if include_fuzzy:
        confirmed = translations(po)
        report.fuzzy = sum(1 for msgid in {s.msgid for s in document.segments}
                           if msgid in table and msgid not in confirmed)
    if report.percent < threshold or (fallback == "fail" and report.missing):
        raise Refused(_refusal(report, threshold, fallback))

    if fmt == "docx":
        atomic_write(target, render_docx(document, lang, table, source_lang=ws.source))
    else:
        atomic_write(target, render_version(document, fmt, lang, table))
    return report


def usable_translations(po: polib.POFile, *,
                        include_fuzzy: bool = False) -> tuple[dict[str, str], set[str]]:
    """The translations export may use (msgid → msgstr, see
    :func:`l10n.catalog.entries.translations`), and the msgids left out of them because
    their placeholders are broken."""
    table = translations(po, include_fuzzy=include_fuzzy)
    broken = {msgid for msgid, msgstr in table.items() if not placeholders_intact(msgid, msgstr)}
    return {k: v for k, v in table.items() if k not in broken}, broken


def render_docx(document: Document, lang: str, table: Mapping[str, str], *,
                source_lang: str = "en") -> bytes:
    """``document`` as a Word file for ``lang``: a .docx release is its own file with the
    paragraphs translated (styles, images, untranslated parts kept byte for byte); any
    other release becomes a new document of the same structure."""

    def translate(segment: Segment) -> str | None:
        return table.get(segment.msgid)

    if isinstance(document, DocxDocument):
        return write_docx(document, translate, lang)
    return new_docx(document, translate, lang, source_lang=source_lang)


def render_version(document: Document, fmt: str, lang: str, table: Mapping[str, str]) -> str:
    """``document`` in ``fmt`` (txt, md, html) for ``lang`` with the translations of
    ``table`` (msgid → msgstr); a sentence missing from it stays in the source language,
    marked as such (``<span lang="en">``) in HTML and Markdown.

    Raises:
        UsageError: ``fmt`` is docx, a binary format: :func:`render_docx` writes it.
    """

    def translate(segment: Segment) -> str | None:
        return table.get(segment.msgid)

    if fmt == "docx":
        raise UsageError(f"{document.path.stem}: a Word document is bytes, not text: "
                         "render it with render_docx")
    if fmt != document.format:
        return convert(document, translate, fmt, lang=lang)
    module = FORMAT_NAMES[fmt]
    marks = hasattr(module, "keep_source") and not same_language(lang, document.lang)
    keep = module.keep_source(document.lang) if marks else None
    text = document.render(translate, keep)
    if hasattr(module, "set_lang"):
        text = module.set_lang(text, lang.replace("_", "-"))
    return text


def _coverage(ws: Workspace, release: str, lang: str, fmt: str, target: Path,
              document: Document, table: dict[str, str], broken: set[str]) -> ExportReport:
    seen: dict[str, Segment] = {}
    for segment in document.segments:
        seen.setdefault(segment.msgid, segment)
    missing = [Missing(f"{ws.relative(document.path)}:{s.line}", s.msgid, s.msgid in broken)
               for s in seen.values() if s.msgid not in table]
    return ExportReport(release, lang, fmt, target, len(seen), len(seen) - len(missing), missing)


def _refusal(report: ExportReport, threshold: float, fallback: str) -> str:
    why = (f"{report.percent:.1f}% translated, below the required {threshold:g}%"
           if report.percent < threshold else "--fallback fail and translations are missing")
    broken = f" ({report.broken} with broken placeholders)" if report.broken else ""
    lines = [f"export of {report.release} in {report.lang} refused: {why}; "
             f"{len(report.missing)} of {report.segments} sentences missing{broken}:"]
    for item in report.missing[:20]:
        note = " (broken placeholders: see 'l10n check')" if item.broken else ""
        lines.append(f"  {item.ref}: {_short(item.msgid)}{note}")
    if len(report.missing) > 20:
        lines.append(f"  … and {len(report.missing) - 20} more (see 'l10n status')")
    return "\n".join(lines)


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
