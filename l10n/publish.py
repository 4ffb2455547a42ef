"""Publish: every ready language of a release, in several formats, with a manifest and a zip.

A publication of ``RELEASE`` in ``DIR`` (default ``out/publish``) is::

    DIR/RELEASE/manifest.json
    DIR/RELEASE/<lang>/RELEASE.<ext>   for the source language and each published target
    DIR/RELEASE.zip                    all of the above, under RELEASE/

A target language is published when its non-fuzzy translated share reaches the
threshold, it has no QA error (unless allowed) and, when asked, every entry is reviewed;
the others are listed in the report and the manifest with the reason. The source
language is always part of a publication: it is what ``x-default`` links point to.

A translation whose placeholders are broken is used nowhere: it counts as missing, as
in ``l10n export``.

Publishing replaces only what an earlier publication made: ``DIR/RELEASE`` and
``DIR/RELEASE.zip`` must not exist, or hold l10n's ``manifest.json`` for ``RELEASE``;
and neither may be, lie in or hold the workspace or one of its folders. Otherwise it
is refused (exit 2) before anything is written.

Nothing half-written is ever visible: the publication is built in a hidden staging
folder next to the destination, then switched in, the zip first (one rename), then the
folder (one atomic exchange on Linux; elsewhere the old folder is renamed aside and the
new one in). A run killed at any point leaves the old publication, the new one, or the
old folder beside the new zip, never a new folder beside an old zip; the next publish
finishes or undoes what a killed run left (see :func:`_recover`). When no target
language is ready, nothing is written and a previous publication stays as it was.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import hashlib
import io
import json
import os
import re
import shlex
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import polib

from l10n import __version__
from l10n.catalog.merge import SOURCE_DIGEST_HEADER
from l10n.catalog.pofile import read_po
from l10n.catalog.states import Status
from l10n.check import qa_findings
from l10n.documents import FORMAT_NAMES, Document, format_of
from l10n.documents.base import PLACEHOLDER_RE
from l10n.documents.metadata import Alternate, ReleaseMeta, localize, long_date, read_metadata
from l10n.export import SUFFIX, load_release, render_docx, render_version, usable_translations
from l10n.status import has_broken_placeholders, state_of
from l10n.documents.page import PageTemplate, html_body, load_template, page_context
from l10n.workspace.config import Workspace, releases
from l10n.workspace.errors import ConfigError, Refused, UsageError
from l10n.workspace.fsutil import display_path, workspace_lock
from l10n.workspace.guard import check_output
from l10n.workspace.locales import display_name

DEFAULT_OUT = Path("out") / "publish"
MANIFEST = "manifest.json"
KIND = "l10n publication"  # the manifest's "kind": l10n made this folder and zip
READY = "ready"  # in the staging folder: the new publication is complete
PREVIOUS = "previous"  # in the staging folder: the old folder, while it is swapped
PREVIOUS_ZIP = "previous.zip"  # in the staging folder: the old zip, until the switch is done
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class QASummary:
    """QA findings of one language: errors block publication, warnings do not.

    Errors on fuzzy entries (which a publication does not use) and errors a reviewer
    accepted (``l10n review --accept``) are counted apart and block nothing.
    """

    errors: int = 0
    warnings: int = 0
    fuzzy_errors: int = 0
    accepted: int = 0
    blocking: tuple[Any, ...] = ()  # the findings behind ``errors``, in file order

    def as_dict(self) -> dict[str, Any]:
        return {"checked": True, "errors": self.errors, "warnings": self.warnings,
                "errors_in_fuzzy_entries": self.fuzzy_errors,
                "errors_accepted": self.accepted}


@dataclass
class LanguageResult:
    """One language of a publication: published (``files`` set) or refused (``reason`` set)."""

    lang: str
    name: str  # the language's name in itself, e.g. қазақ тілі
    entries: int = 0
    translated: int = 0  # non-fuzzy, placeholders intact
    reviewed: int = 0
    broken: int = 0  # translated but with broken placeholders: not used
    qa: QASummary = field(default_factory=QASummary)
    files: dict[str, str] = field(default_factory=dict)  # format -> path in the release folder
    reason: str = ""

    @property
    def complete(self) -> float:
        """Non-fuzzy translated share, 0-100."""
        return 100.0 * self.translated / self.entries if self.entries else 100.0

    @property
    def reviewed_share(self) -> float:
        """Reviewed share, 0-100."""
        return 100.0 * self.reviewed / self.entries if self.entries else 100.0

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "lang": self.lang, "name": self.name, "entries": self.entries,
            "translated": self.translated, "reviewed": self.reviewed, "broken": self.broken,
            "complete": round(self.complete, 1), "reviewed_share": round(self.reviewed_share, 1),
            "qa": self.qa.as_dict()}
        if self.reason:
            data["reason"] = self.reason
        else:
            data["files"] = dict(self.files)
        return data


@dataclass
class PublishReport:
    """What a publication contains and what it left out."""

    release: str
    folder: Path  # DIR/RELEASE
    archive: Path  # DIR/RELEASE.zip
    formats: tuple[str, ...]
    source: LanguageResult
    published: list[LanguageResult] = field(default_factory=list)
    refused: list[LanguageResult] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Every language asked for was published."""
        return not self.refused

    @property
    def exit_code(self) -> int:
        return 0 if self.complete else 1

    def as_dict(self) -> dict[str, Any]:
        """What ``--json`` prints for this release."""
        return {"release": self.release, "written": bool(self.published),
                "folder": str(self.folder),
                "archive": str(self.archive), "formats": list(self.formats),
                "published": [r.as_dict() for r in self.published],
                "not_published": [r.as_dict() for r in self.refused]}


class NothingReady(Refused):
    """No target language of a release is ready: nothing was written."""

    def __init__(self, message: str, report: PublishReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class PublishAllReport:
    """``publish --all``: a publication per release with a ready language, and the rest."""

    published: list[PublishReport] = field(default_factory=list)
    nothing_ready: list[PublishReport] = field(default_factory=list)  # nothing written
    strict: bool = False

    @property
    def exit_code(self) -> int:
        """1 when nothing was published, or with ``strict`` when a language was not ready."""
        if not self.published:
            return 1
        if self.strict and (self.nothing_ready or any(r.refused for r in self.published)):
            return 1
        return 0

    def as_dict(self) -> dict[str, Any]:
        return {"published": [r.as_dict() for r in self.published],
                "nothing_ready": [{"release": r.release,
                                   "not_published": [x.as_dict() for x in r.refused]}
                                  for r in self.nothing_ready],
                "strict": self.strict, "exit_code": self.exit_code}


@dataclass(frozen=True)
class _Settings:
    """A publication's settings, arguments first, then ``[publish]``, then defaults."""

    formats: tuple[str, ...]  # () = the source's format plus html
    threshold: float
    require_reviewed: bool
    allow_qa_errors: bool
    targets: tuple[str, ...]
    destination: Path
    moment: datetime
    options: Mapping[str, Any]
    page: PageTemplate | None


def _settings(ws: Workspace, *, langs: Sequence[str] | None, formats: Sequence[str] | None,
              out_dir: Path | None, min_complete: float | None, require_reviewed: bool | None,
              allow_qa_errors: bool, now: datetime | None) -> _Settings:
    options = _options(ws)
    chosen_formats = _formats(formats if formats is not None else options.get("formats"))
    threshold = _threshold(ws, min_complete if min_complete is not None
                           else options.get("min_complete"))
    if require_reviewed is None:
        require_reviewed = _flag(ws, options, "require_reviewed")
    allow_qa_errors = allow_qa_errors or _flag(ws, options, "allow_qa_errors")
    targets = ws.check_targets(list(langs) if langs else None)
    destination = Path(out_dir if out_dir is not None
                       else options.get("out_dir", DEFAULT_OUT))
    if not destination.is_absolute():
        destination = ws.root / destination
    moment = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    page = load_template(ws, options.get("template"))
    return _Settings(chosen_formats, threshold, require_reviewed, allow_qa_errors, targets,
                     destination, moment, options, page)


def _flag(ws: Workspace, options: Mapping[str, Any], name: str) -> bool:
    value = options.get(name, False)
    if not isinstance(value, bool):
        raise ConfigError(f"{ws.setting('publish.' + name)}: expected true or false, "
                          f"got {value!r}")
    return value


def publish(ws: Workspace, release: str, *, langs: Sequence[str] | None = None,
            formats: Sequence[str] | None = None, out_dir: Path | None = None,
            min_complete: float | None = None, require_reviewed: bool | None = None,
            allow_qa_errors: bool = False, now: datetime | None = None) -> PublishReport:
    """Publish ``release`` in every ready language and format, with a manifest and a zip.

    Settings not given fall back to the ``[publish]`` table (``formats``, ``out_dir``,
    ``min_complete``, ``require_reviewed``, ``allow_qa_errors``, ``template``), then to the
    defaults. HTML pages are set into the page template (see :mod:`l10n.documents.page`).

    Args:
        langs: target languages (default: all the workspace's).
        formats: any of txt, md, html, docx (default: the source's format plus html).
        out_dir: where the publication goes (default: ``out/publish`` in the workspace).
        min_complete: % of non-fuzzy translated entries required (default: the
            workspace's ``export.min_complete``).
        require_reviewed: refuse a language unless every entry is reviewed (None: the
            ``[publish] require_reviewed`` setting, false when absent).
        allow_qa_errors: publish a language despite QA errors.
        now: the publication time written in the manifest (default: now, UTC).

    Returns:
        The report; ``report.refused`` lists the languages left out, with the reason.

    Raises:
        UsageError: an unknown format, release or language, a bad threshold, or an output
            that is not l10n's to replace (see the module's docstring); nothing is written.
        InputError: the page template is missing or wrong (``file:line``).
        Refused: no target language is ready (nothing is written).
    """
    settings = _settings(ws, langs=langs, formats=formats, out_dir=out_dir,
                         min_complete=min_complete, require_reviewed=require_reviewed,
                         allow_qa_errors=allow_qa_errors, now=now)
    with workspace_lock(ws.root):
        report, files = _prepare(ws, release, settings)
        if not report.published:
            raise NothingReady(refusal_message(ws, report), report)
        _install(settings.destination, release, files, settings.moment)
    return report


def publish_all(ws: Workspace, *, langs: Sequence[str] | None = None,
                formats: Sequence[str] | None = None, out_dir: Path | None = None,
                min_complete: float | None = None, require_reviewed: bool | None = None,
                allow_qa_errors: bool = False, strict: bool = False,
                now: datetime | None = None) -> PublishAllReport:
    """Publish every ingested release that has at least one ready language.

    Every release is assessed and rendered before anything is written, so that bad input
    in one (a source changed since ingest, a template error, a refused output) writes
    nothing at all. A release with no ready language is reported and left as it was.
    The arguments are those of :func:`publish`; ``strict`` makes the report's exit code 1
    when any language of any release was not ready (the ready ones are still published).

    Raises:
        UsageError: as :func:`publish`, or no release has been ingested.
    """
    settings = _settings(ws, langs=langs, formats=formats, out_dir=out_dir,
                         min_complete=min_complete, require_reviewed=require_reviewed,
                         allow_qa_errors=allow_qa_errors, now=now)
    names = releases(ws)
    if not names:
        raise UsageError("no release has been ingested: put releases in "
                         f"{ws.relative(ws.sources_dir)}/ and run 'l10n ingest' first")
    result = PublishAllReport(strict=strict)
    with workspace_lock(ws.root):
        staged = [_prepare(ws, name, settings) for name in names]
        for report, files in staged:
            if not report.published:
                result.nothing_ready.append(report)
                continue
            _install(settings.destination, report.release, files, settings.moment)
            result.published.append(report)
    return result


def refusal_message(ws: Workspace, report: PublishReport) -> str:
    """Why no language of ``report`` is ready, one language a line (QA gate included)."""
    return f"{report.release}: no language is ready to publish:\n" + "\n".join(
        "\n".join([f"  {r.lang}: {r.reason}",
                   *qa_gate_lines(ws, report.release, r, indent="    ")])
        for r in report.refused)


def _prepare(ws: Workspace, release: str,
             settings: _Settings) -> tuple[PublishReport, dict[str, str | bytes]]:
    """Assess every language of ``release`` and render the publication's files (nothing
    written; no file when no language is ready)."""
    source, data, document = load_release(ws, release)
    destination = settings.destination
    check_destination(ws, destination, release)
    fmts = settings.formats or _default_formats(format_of(source))
    release_config = _release_config(settings.options, release)
    meta = read_metadata(document, release_config, where=f"publish.releases.{release}")
    qa = run_qa(ws, release, settings.targets)
    results = [_assess(ws, release, lang, threshold=settings.threshold,
                       require_reviewed=settings.require_reviewed,
                       allow_qa_errors=settings.allow_qa_errors, qa=qa)
               for lang in settings.targets]
    source_result = LanguageResult(ws.source, display_name(ws.source, ws.source))
    source_result.entries = source_result.translated = source_result.reviewed = \
        len({s.msgid for s in document.segments})
    report = PublishReport(release, destination / release, destination / f"{release}.zip",
                           fmts, source_result)
    report.refused = [r for r, _ in results if r.reason]
    versions: list[tuple[LanguageResult, dict[str, str]]] = [(source_result, {})]
    versions += [(r, table) for r, table in results if not r.reason]
    report.published = [r for r, _ in versions[1:]]
    if not report.published:
        return report, {}
    page = _PageInput(settings.page, ws.relative(source), settings.moment) \
        if settings.page else None
    files = _render_all(release, document, versions, fmts, meta, page)
    report.manifest = _manifest(ws, release, source, data, document, report, meta,
                                settings.moment, settings.threshold, settings.require_reviewed,
                                settings.allow_qa_errors, qa)
    files[MANIFEST] = json.dumps(report.manifest, ensure_ascii=False, indent=2) + "\n"
    return report, files


def run_qa(ws: Workspace, release: str, langs: Sequence[str]) -> dict[str, QASummary]:
    """QA errors and warnings per language.

    Findings on fuzzy entries are counted apart: a publication does not use those
    entries, so their errors do not block it; nor do errors a reviewer accepted.
    """
    findings, _ = qa_findings(ws, [release], langs)
    counts: dict[str, dict[str, int]] = {lang: {"w": 0, "f": 0, "a": 0} for lang in langs}
    blocking: dict[str, list[Any]] = {lang: [] for lang in langs}
    for finding in findings:
        if finding.lang not in counts or finding.release != release:
            continue
        if finding.severity == "error":
            if finding.fuzzy:
                counts[finding.lang]["f"] += 1
            elif getattr(finding, "accepted", False):
                counts[finding.lang]["a"] += 1
            else:
                blocking[finding.lang].append(finding)
        elif finding.severity == "warning":
            counts[finding.lang]["w"] += 1
    return {lang: QASummary(len(blocking[lang]), c["w"], c["f"], c["a"], tuple(blocking[lang]))
            for lang, c in counts.items()}


def qa_gate_lines(ws: Workspace, release: str, result: LanguageResult, *,
                  indent: str = "  ") -> list[str]:
    """What to do about the QA errors that keep a language out: each finding as
    ``file:line: error [check] message`` and the ``l10n review`` command accepting it.

    Returns:
        No line when QA errors did not refuse the language (none, or allowed).
    """
    if not result.reason or not result.qa.blocking:
        return []
    base = f"l10n review {shlex.quote(release)} --lang {shlex.quote(result.lang)}"
    here = Path.cwd().resolve()
    root = ws.root.resolve()
    elsewhere = "" if here == root or root in here.parents else \
        f" -w {shlex.quote(str(display_path(ws.root)))}"
    groups: dict[tuple[int, str], list[Any]] = {}
    for finding in result.qa.blocking:
        groups.setdefault((finding.line, finding.check), []).append(finding)
    lines = []
    for (line, check), found in groups.items():
        lines += [f"{indent}{f.file}:{f.line}: {f.severity} [{f.check}] {f.message}"
                  for f in found]
        lines.append(f"{indent}  to accept it: {base} --accept {line}:{check}{elsewhere}")
    if len(groups) > 1:
        every = "".join(f" --accept {line}:{check}" for line, check in groups)
        lines.append(f"{indent}to accept them all: {base}{every}{elsewhere}")
    return lines


# --- settings ---------------------------------------------------------------------------


def _options(ws: Workspace) -> Mapping[str, Any]:
    options = ws.publish_options or {}
    known = {"formats", "out_dir", "min_complete", "require_reviewed", "allow_qa_errors",
             "releases", "template"}
    for key in options:
        if key not in known:
            raise ConfigError(f"{ws.config_file}: publish.{key}: unknown setting "
                              f"(known: {', '.join(sorted(known))})")
    return options


def _release_config(options: Mapping[str, Any], release: str) -> Mapping[str, Any]:
    table = (options.get("releases") or {}).get(release, {})
    if not isinstance(table, Mapping):
        raise ConfigError(f"publish.releases.{release}: expected a table with date and byline")
    return table


def _formats(value: Sequence[str] | str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    chosen: list[str] = []
    for item in items:
        name = str(item).strip().lower().lstrip(".")
        if not name:
            continue
        if name not in FORMAT_NAMES:
            raise UsageError(f"unknown format {item!r}: use any of {', '.join(FORMAT_NAMES)}")
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise UsageError(f"no format given: use any of {', '.join(FORMAT_NAMES)}")
    return tuple(chosen)


def _default_formats(source_format: str) -> tuple[str, ...]:
    """The source's own format (lossless) plus HTML (for the web), once each."""
    return (source_format,) if source_format == "html" else (source_format, "html")


def _threshold(ws: Workspace, value: Any) -> float:
    threshold = ws.min_complete if value is None else value
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) \
            or not 0 <= threshold <= 100:
        raise UsageError("--min-complete must be a percentage between 0 and 100")
    return float(threshold)


# --- readiness --------------------------------------------------------------------------


def _assess(ws: Workspace, release: str, lang: str, *, threshold: float,
            require_reviewed: bool, allow_qa_errors: bool,
            qa: dict[str, QASummary]) -> tuple[LanguageResult, dict[str, str]]:
    result = LanguageResult(lang, display_name(lang, lang), qa=qa.get(lang, QASummary()))
    po_path = ws.po_path(release, lang)
    if not po_path.exists():
        result.reason = f"no catalog {ws.relative(po_path)}: run 'l10n ingest' first"
        return result, {}
    po = read_po(display_path(po_path))
    _count(result, po)
    reasons = []
    if result.complete < threshold:
        broken = f", {result.broken} of them with broken placeholders" if result.broken else ""
        reasons.append(f"{result.complete:.1f}% translated (not fuzzy), below the required "
                       f"{threshold:g}% ({result.entries - result.translated} of "
                       f"{result.entries} entries missing or fuzzy{broken})")
    if require_reviewed and result.reviewed < result.entries:
        reasons.append(f"{result.entries - result.reviewed} of {result.entries} entries not "
                       f"reviewed (--require-reviewed)")
    if result.qa.errors and not allow_qa_errors:
        reasons.append(f"{result.qa.errors} QA error(s) on confirmed translations: fix the "
                       "translation or accept the finding as shown below (or publish with "
                       "--allow-qa-errors)")
    result.reason = "; ".join(reasons)
    return result, usable_translations(po)[0]


def _count(result: LanguageResult, po: polib.POFile) -> None:
    entries = [e for e in po if not e.obsolete]
    states = [state_of(e) for e in entries]
    result.entries = len(states)
    result.translated = sum(s in (Status.TRANSLATED, Status.REVIEWED) for s in states)
    result.reviewed = sum(s is Status.REVIEWED for s in states)
    result.broken = sum("fuzzy" not in e.flags and has_broken_placeholders(e) for e in entries)


# --- building ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _PageInput:
    """What every page of a publication shares: the template and the page's metadata."""

    template: PageTemplate
    source_file: str
    moment: datetime


def _render_all(release: str, document: Document,
                versions: list[tuple[LanguageResult, dict[str, str]]],
                formats: Sequence[str], meta: ReleaseMeta,
                page: _PageInput | None = None) -> dict[str, str | bytes]:
    """Every file of the publication (path in the release folder → text, or bytes for a
    Word document)."""
    files: dict[str, str | bytes] = {}
    source_lang = versions[0][0].lang
    for fmt in formats:
        name = f"{release}{SUFFIX[fmt]}"
        alternates = [Alternate(r.lang.replace("_", "-"), f"../{r.lang}/{name}")
                      for r, _ in versions]
        alternates.append(Alternate("x-default", f"../{source_lang}/{name}"))
        for result, table in versions:
            path = f"{result.lang}/{name}"
            if fmt == "docx":
                files[path] = render_docx(document, result.lang, table, source_lang=source_lang)
                result.files[fmt] = path
                continue
            text = render_version(document, fmt, result.lang, table)
            if fmt == "html" and page is not None:
                text = _page(release, document, text, result, table, meta, page,
                             [(r.lang, f"../{r.lang}/{name}") for r, _ in versions])
            else:
                text = localize(text, fmt, lang=result.lang, meta=meta, translations=table,
                                alternates=alternates if fmt == "html" else ())
            files[path] = text
            result.files[fmt] = path
    return files


def _page(release: str, document: Document, html: str, result: LanguageResult,
          table: Mapping[str, str], meta: ReleaseMeta, page: _PageInput,
          versions: list[tuple[str, str]]) -> str:
    """One language's HTML version set into the page template."""
    body = html_body(localize(html, "html", lang=result.lang, meta=ReleaseMeta()))
    byline = meta.byline and table.get(meta.byline, meta.byline)
    context = page_context(
        title=release_title(document, table) or release, body=body, lang=result.lang,
        date_iso=meta.date.isoformat() if meta.date else None,
        date_display=long_date(meta.date, result.lang) if meta.date else None,
        byline=byline or None, versions=versions, source_lang=versions[0][0],
        meta={"release": release, "source_file": page.source_file, "entries": result.entries,
              "translated": result.translated, "reviewed": result.reviewed,
              "generator": f"l10n {__version__}", "published_at": page.moment.isoformat()})
    return page.template.render(context)


def release_title(document: Document, table: Mapping[str, str]) -> str:
    """The release's title in the language of ``table`` (msgid → msgstr), as plain text:
    its title block, else its first heading; a sentence not translated stays as it is."""
    blocks = [b for b in document.blocks if b.kind == "title"] or \
        [b for b in document.blocks if b.kind == "heading"]
    if not blocks:
        return ""
    sentences = [table.get(s.msgid, s.msgid) for s in blocks[0].segments]
    return " ".join(PLACEHOLDER_RE.sub("", text).strip() for text in sentences)


def _manifest(ws: Workspace, release: str, source: Path, data: bytes, document: Document,
              report: PublishReport, meta: ReleaseMeta, moment: datetime, threshold: float,
              require_reviewed: bool, allow_qa_errors: bool,
              qa: dict[str, QASummary]) -> dict[str, Any]:
    languages = []
    for r in report.published:
        entry = r.as_dict()
        if meta.date:
            entry["date_display"] = long_date(meta.date, r.lang)
        languages.append(entry)
    summaries = [r.qa for r in report.published + report.refused]
    return {
        "kind": KIND,
        "release": release,
        "source": {"file": ws.relative(source), "format": document.format,
                   "lang": ws.source, "name": report.source.name,
                   "sha256": hashlib.sha256(data).hexdigest(),
                   "header": SOURCE_DIGEST_HEADER, "files": dict(report.source.files)},
        "published_at": moment.isoformat(),
        "generator": f"l10n {__version__}",
        "formats": list(report.formats),
        "date": meta.date.isoformat() if meta.date else None,
        "byline": meta.byline,
        "settings": {"min_complete": threshold, "require_reviewed": require_reviewed,
                     "allow_qa_errors": allow_qa_errors},
        "qa": {"checked": True, "errors": sum(s.errors for s in summaries),
               "warnings": sum(s.warnings for s in summaries)},
        "languages": languages,
        "not_published": [r.as_dict() for r in report.refused],
    }


# --- the destination --------------------------------------------------------------------


def check_destination(ws: Workspace, destination: Path, release: str) -> None:
    """Refuse a destination where publishing ``release`` would replace what it did not make.

    ``DIR/RELEASE`` and ``DIR/RELEASE.zip`` may not be, lie in or hold the workspace or one
    of its folders, and each must be absent or an earlier publication of ``release``.

    Raises:
        UsageError: naming the path and why.
    """
    folder, archive = destination / release, destination / f"{release}.zip"
    check_output(ws, folder)
    check_output(ws, archive)
    for path, ours in ((folder, _is_publication), (archive, _is_publication_zip)):
        if _exists(path) and not ours(path, release):
            raise UsageError(f"{path}: refused as an output: it exists and is not an l10n "
                             f"publication of {release} (no manifest.json of one); move it "
                             "away or choose another --output")


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _is_manifest_of(data: Any, release: str) -> bool:
    """A manifest l10n wrote for ``release`` (earlier ones name l10n only as generator)."""
    return (isinstance(data, dict) and data.get("release") == release
            and (data.get("kind") == KIND or str(data.get("generator", "")).startswith("l10n ")))


def _is_publication(path: Path, release: str) -> bool:
    if path.is_symlink() or not path.is_dir():
        return False
    try:
        return _is_manifest_of(json.loads((path / MANIFEST).read_bytes()), release)
    except (OSError, ValueError):
        return False


def _is_publication_zip(path: Path, release: str) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if not names or not all(n.startswith(f"{release}/") for n in names):
                return False
            return _is_manifest_of(json.loads(archive.read(f"{release}/{MANIFEST}")), release)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return False


# --- installing -------------------------------------------------------------------------
# Every change on disk goes through the primitives below, so that a test can stop a run
# at any of them as a kill would.


def _write(path: Path, data: str | bytes) -> None:
    """Write one file of the staged publication."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _rename(src: Path, dst: Path) -> None:
    os.replace(src, dst)


def _keep(src: Path, dst: Path) -> None:
    """A second name for ``src`` (a hard link, or a copy where links are not possible)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _unlink(path: Path) -> None:
    path.unlink(missing_ok=True)


def _make_staging(destination: Path, release: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f".{release}.publish-", dir=destination))


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``).

    Returns False where the system or file system cannot; raises OSError on a failure.
    """
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not glibc ≥ 2.28 (or another libc without it)
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                     ctypes.c_uint]
    func.restype = ctypes.c_int
    return func  # type: ignore[no-any-return]


def _install(destination: Path, release: str, files: Mapping[str, str | bytes],
             moment: datetime) -> None:
    """Stage the publication next to ``destination`` and switch it in."""
    destination.mkdir(parents=True, exist_ok=True)
    _recover(destination, release)
    staging = _make_staging(destination, release)
    try:
        folder = staging / release
        for name, text in sorted(files.items()):
            _write(folder / name, text)
        archive = staging / f"{release}.zip"
        _write(archive, _zip(release, files, moment))
        for path in (archive, *folder.rglob("*")):
            if path.is_file():
                with open(path, "rb") as fh:
                    os.fsync(fh.fileno())
        _write(staging / READY, "")
        _switch(staging, destination / release, destination / f"{release}.zip")
    finally:
        _remove_tree(staging)
    _fsync_folder(destination)


def _switch(staging: Path, target: Path, target_zip: Path) -> None:
    """Put the staged folder and zip in place of ``target`` and ``target_zip``.

    The zip goes first, in one rename; the folder follows, exchanged with the old one in
    one step where the system can (else renamed aside, then the new one in). Killed in
    between, the old folder stands beside the new zip: never a new folder beside an old
    zip. On an error, the old ones are put back.
    """
    folder, archive = staging / target.name, staging / target_zip.name
    had_zip = _exists(target_zip)
    if had_zip:
        _keep(target_zip, staging / PREVIOUS_ZIP)
    _rename(archive, target_zip)
    try:
        if not _exists(target):
            _rename(folder, target)
        elif not _exchange(folder, target):  # the old folder is now in staging
            _rename(target, staging / PREVIOUS)
            try:
                _rename(folder, target)
            except BaseException:
                _rename(staging / PREVIOUS, target)
                raise
    except BaseException:
        if had_zip:
            _rename(staging / PREVIOUS_ZIP, target_zip)
        else:
            _unlink(target_zip)
        raise


def _recover(destination: Path, release: str) -> None:
    """Finish or undo what a killed publish of ``release`` left, and remove its staging.

    Only one state needs repair: no folder at all (killed between the two renames that
    replace a folder where no exchange is possible, or before the first publication's
    folder went in). If the staged zip is gone, the new zip is in place: the staged
    folder, complete, follows it; otherwise the old folder set aside goes back.
    """
    pattern = re.compile(rf"\.{re.escape(release)}\.publish-\w+")
    target = destination / release
    for staging in sorted(destination.iterdir()):
        if not pattern.fullmatch(staging.name) or staging.is_symlink() or not staging.is_dir():
            continue
        if not _exists(target):
            new, aside = staging / release, staging / PREVIOUS
            if ((staging / READY).exists() and not (staging / f"{release}.zip").exists()
                    and new.is_dir()):
                _rename(new, target)
            elif aside.is_dir():
                _rename(aside, target)
        _remove_tree(staging)


def _fsync_folder(path: Path) -> None:
    """Make the renames in ``path`` durable (where folders can be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

def _zip(release: str, files: Mapping[str, str | bytes], moment: datetime) -> bytes:
    """The publication as a zip (stable bytes for the same content and time)."""
    stamp = max(_ZIP_EPOCH, moment.timetuple()[:6])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{release}/{name}", date_time=stamp)  # type: ignore[arg-type]
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = files[name]
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()

