"""Ingest: turn new or revised releases into an up-to-date template and PO files.

Everything is read and checked first; only then is anything written, so bad input
leaves every file as it was. The template is written last: its source digest is what
marks a release as fully ingested, so an interrupted run is finished by rerunning.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import polib

from l10n.catalog.merge import (
    GLOSSARY_DIGEST_HEADER,
    SOURCE_DIGEST_HEADER,
    ReleaseInfo,
    build_template,
    merge,
    pair_entries,
    read_header,
    same_entries,
)
from l10n.catalog.ondisk import refuse_if_saved_meanwhile
from l10n.catalog.pofile import format_po, layout_of, parse_po
from l10n.documents import FORMATS, parse_document, read_release
from l10n.documents.segment import sentence_cache
from l10n.glossary.csvfile import load_glossary
from l10n.glossary.model import Glossary
from l10n.workspace.config import Workspace, validate_release_name
from l10n.workspace.errors import SourceError, UsageError
from l10n.workspace.fsutil import atomic_write_many, display_path, workspace_lock

Progress = Callable[[str], None]


@dataclass
class LanguageUpdate:
    """What a merge did to one language's PO file."""

    lang: str
    path: Path
    created: bool = False
    changed: bool = False
    kept: int = 0
    fuzzy: int = 0
    new: int = 0
    obsoleted: int = 0
    revived: int = 0  # obsolete entries back with their translation (the sentence returned)
    converted_from: str | None = None  # written in UTF-8 instead of this legacy charset

    def as_dict(self) -> dict[str, object]:
        """The update for ``--json``."""
        return {"lang": self.lang, "path": str(self.path), "created": self.created,
                "changed": self.changed, "kept": self.kept, "fuzzy": self.fuzzy,
                "new": self.new, "obsolete": self.obsoleted, "revived": self.revived}


@dataclass(frozen=True)
class SentenceChange:
    """A sentence of the release added, changed or removed by this ingest.

    ``where`` is its source reference (``source_texts/x.txt:12``; the old one for a
    removed sentence); a changed sentence has its ``old`` text and the ``similarity``
    (0-1, msgmerge's) that paired them.
    """

    msgid: str
    where: str
    old: str | None = None
    similarity: float | None = None

    def as_dict(self) -> dict[str, object]:
        """The change for ``--json``."""
        found: dict[str, object] = {"msgid": self.msgid, "where": self.where}
        if self.old is not None:
            found |= {"old": self.old, "similarity": self.similarity}
        return found


@dataclass
class IngestReport:
    """The outcome of ingesting one release."""

    release: str
    source: Path
    template: Path
    segments: int = 0
    entries: int = 0
    unchanged: bool = False
    languages: list[LanguageUpdate] = field(default_factory=list)
    updated: bool = False  # the release had a template: added/changed/removed say what changed
    added: list[SentenceChange] = field(default_factory=list)
    changed: list[SentenceChange] = field(default_factory=list)
    removed: list[SentenceChange] = field(default_factory=list)

    @property
    def written(self) -> list[Path]:
        paths = [u.path for u in self.languages if u.changed]
        return paths + ([self.template] if not self.unchanged else [])

    def as_dict(self) -> dict[str, object]:
        """The report for ``--json``."""
        return {"release": self.release, "source": str(self.source),
                "template": str(self.template), "unchanged": self.unchanged,
                "segments": self.segments, "entries": self.entries, "updated": self.updated,
                "added": [c.as_dict() for c in self.added],
                "changed": [c.as_dict() for c in self.changed],
                "removed": [c.as_dict() for c in self.removed],
                "languages": [u.as_dict() for u in self.languages]}


@dataclass
class _Pending:
    report: IngestReport
    files: dict[Path, str | bytes] = field(default_factory=dict)
    read: dict[Path, bytes | None] = field(default_factory=dict)  # catalogs as merged


def release_sources(ws: Workspace, paths: Sequence[Path] | None = None) -> list[Path]:
    """The release files to ingest: those given, or every supported file in sources_dir.

    A given path that is no file but a release's name (``kazakhstan-impunity-2019``) means
    that release's file in sources_dir.

    Raises:
        UsageError: a missing file or release, or two files for one release name (``x.txt``
            and ``x.md``): the message names both and a rename that fixes it.
        SourceError: an unsupported file type, or a link out of the workspace.
    """
    if paths:
        chosen = [_given(ws, Path(p)) for p in paths]
    else:
        chosen = source_files(ws)
        if not chosen:
            raise UsageError(f"{ws.relative(ws.sources_dir)}: no release to ingest "
                             f"(supported: {', '.join(sorted(FORMATS))})")
    present = source_files(ws) if ws.sources_dir.is_dir() else []
    seen: dict[str, Path] = {}
    for path in chosen:
        _refuse_link_outside(ws, path)
        name = validate_release_name(path.stem)
        if name in seen and seen[name].resolve() != path.resolve():
            raise _one_name_two_files(ws, name, seen[name], path)
        seen[name] = path
        for other in present:
            if other.stem == name and other.name != path.name:
                raise _one_name_two_files(ws, name, other, path)
    return list(dict.fromkeys(chosen))


def source_files(ws: Workspace) -> list[Path]:
    """Every release file in sources_dir (supported suffix, not hidden), sorted by name.

    Raises:
        UsageError: there is no sources folder.
    """
    if not ws.sources_dir.is_dir():
        raise UsageError(f"{ws.relative(ws.sources_dir)}: no such folder; put releases there")
    return sorted(p for p in ws.sources_dir.iterdir()
                  if p.is_file() and not p.name.startswith((".", "~$"))  # ~$: Word's lock file
                  and p.suffix.lower() in FORMATS)


def source_of(ws: Workspace, name: str) -> Path:
    """The file of the release ``name`` in sources_dir.

    Raises:
        UsageError: an invalid name, no such release, or two files for it.
    """
    validate_release_name(name)
    files = source_files(ws)
    found = [p for p in files if p.stem == name]
    if not found:
        known = ", ".join(dict.fromkeys(p.stem for p in files)) or "none"
        raise UsageError(f"no release {name!r} in {ws.relative(ws.sources_dir)}/ "
                         f"(releases: {known})")
    if len(found) > 1:
        raise _one_name_two_files(ws, name, found[0], found[1])
    return found[0]


def _given(ws: Workspace, path: Path) -> Path:
    """A path given to ingest: a file, or a release's name."""
    if path.is_file():
        if path.suffix.lower() not in FORMATS:
            raise SourceError(path, None, f"unsupported file type {path.suffix!r} "
                              f"(known: {', '.join(sorted(FORMATS))})")
        return path
    if path.suffix.lower() not in FORMATS and len(path.parts) == 1 and ws.sources_dir.is_dir():
        if any(p.stem == path.name for p in source_files(ws)):
            return source_of(ws, path.name)
    raise UsageError(f"{path}: no such file or release in {ws.relative(ws.sources_dir)}/")


def _one_name_two_files(ws: Workspace, name: str, first: Path, second: Path) -> UsageError:
    """Two files would be one release (one template, one PO file per language)."""
    a, b = (ws.relative(p) for p in (first, second))
    renamed = Path(b).with_name(f"{name}-{Path(b).suffix.lstrip('.').lower()}{Path(b).suffix}")
    return UsageError(f"{a} and {b} are both release {name!r} (a release is its file's name "
                      f"without suffix): rename one, e.g. {b} to {renamed.as_posix()}")


def _refuse_link_outside(ws: Workspace, path: Path) -> None:
    """A release that is a link out of the workspace (``x.txt -> /etc/passwd``) is refused:
    ingest would copy whatever it points to into the catalogs (issue 9)."""
    if not path.is_symlink():
        return
    real = path.resolve()
    if ws.root.resolve() not in real.parents:
        raise SourceError(display_path(path), None, f"a link to {real}, outside the workspace: "
                          f"copy the file into {ws.relative(ws.sources_dir)}/ instead of "
                          "linking to it")


def ingest(ws: Workspace, paths: Sequence[Path] | None = None, *,
           now: datetime | None = None, progress: Progress | None = None,
           dry_run: bool = False) -> list[IngestReport]:
    """Segment releases and create or update their template and PO files.

    Args:
        ws: the workspace.
        paths: release files; a file outside the sources folder is copied into it.
            None ingests every release in the sources folder.
        now: the time written into headers (tests freeze it).
        progress: called with a short message per release.
        dry_run: merge in memory only and write nothing (no file, no lock, no cache):
            the reports say what an ingest would do.

    Returns:
        One report per release: the sentences added, changed and removed, and per
        language what the merge did.

    Raises:
        SourceError, CatalogError: bad input (a release that is a link out of the
            workspace included); nothing has been written.
    """
    moment = now or datetime.now(timezone.utc).astimezone()
    if dry_run:  # a reader, as check and status are: no lock, no segmentation cache
        glossary = load_glossary(ws.glossary_dir, ws.targets)
        glossary_digest = digest_of_glossary(ws)
        return [_prepare(ws, path, moment, glossary, glossary_digest, progress).report
                for path in release_sources(ws, paths)]
    with workspace_lock(ws.root):
        glossary = load_glossary(ws.glossary_dir, ws.targets)
        glossary_digest = digest_of_glossary(ws)
        # The segmentation cache is saved only when the whole run succeeds, as the catalogs.
        with sentence_cache(ws.state_dir / "sentences.json"):
            pending = [_prepare(ws, path, moment, glossary, glossary_digest, progress)
                       for path in release_sources(ws, paths)]
            _refuse_if_edited_meanwhile(pending)
            # Per release the template comes last: it marks the release as done.
            atomic_write_many([item for p in pending for item in p.files.items()])
    return [item.report for item in pending]


def digest_of_glossary(ws: Workspace) -> str:
    """One digest of every glossary file: when it changes, the PO files' hints do."""
    digest = hashlib.sha256()
    if ws.glossary_dir.is_dir():
        for path in sorted(ws.glossary_dir.glob("*.csv")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _prepare(ws: Workspace, path: Path, now: datetime, glossary: Glossary,
             glossary_digest: str, progress: Progress | None) -> _Pending:
    release = path.stem
    data = _read(path)
    digest = hashlib.sha256(data).hexdigest()
    inside = ws.sources_dir / path.name
    report = IngestReport(release, inside, ws.template_path(release))
    pending = _Pending(report)
    if path.resolve() != inside.resolve():
        if not inside.exists() or inside.read_bytes() != data:
            pending.files[inside] = data  # a revised release replaces the old one
    if progress:
        progress(f"{release}: reading {ws.relative(path)}")
    if not pending.files and _is_current(ws, release, digest, glossary_digest):
        report.unchanged = True
        report.languages = [LanguageUpdate(lang, ws.po_path(release, lang)) for lang in ws.targets]
        return pending
    document = parse_document(display_path(path), data, lang=ws.source)
    info = ReleaseInfo(ws.project, release, ws.relative(inside), digest, glossary_digest)
    template = build_template(document.segments, info, now=now)
    report.segments = len(document.segments)
    report.entries = len(template)
    template_before = report.template.read_bytes() if report.template.exists() else None
    old_template = (parse_po(display_path(report.template), template_before)
                    if template_before is not None else None)
    if old_template is not None and same_entries(old_template, template):
        template.metadata["POT-Creation-Date"] = old_template.metadata["POT-Creation-Date"]
        template.metadata["PO-Revision-Date"] = old_template.metadata["PO-Revision-Date"]
    _sentence_changes(report, old_template, template)
    for lang in ws.targets:
        target = ws.po_path(release, lang)
        before = pending.read[target] = target.read_bytes() if target.exists() else None
        old = parse_po(display_path(target), before) if before is not None else None
        merged = merge(old, template, lang, now=now,
                       hints=functools.partial(_hints, glossary, lang))
        update = LanguageUpdate(lang, target, created=old is None, kept=merged.kept,
                                fuzzy=merged.fuzzy, new=merged.new, obsoleted=merged.obsoleted,
                                revived=merged.revived)
        text = format_po(merged.po)
        if before is None or before != text.encode("utf-8"):
            update.changed = True
            update.converted_from = layout_of(merged.po).legacy_charset
            pending.files[target] = text
        report.languages.append(update)
    text = format_po(template)
    if template_before is None or template_before.decode("utf-8") != text:
        pending.files[report.template] = text
    else:
        report.unchanged = not pending.files
    return pending


def _sentence_changes(report: IngestReport, old: polib.POFile | None,
                      template: polib.POFile) -> None:
    """The sentences added, changed and removed, paired as the merge pairs entries."""
    report.updated = old is not None
    if old is None:
        report.added = [SentenceChange(t.msgid, _where(t)) for t in template]
        return
    pairings, left = pair_entries(old, template, candidate=lambda entry: True)
    for pairing in pairings:
        where = _where(pairing.entry)
        if pairing.how == "new":
            report.added.append(SentenceChange(pairing.entry.msgid, where))
        elif pairing.how == "fuzzy" and pairing.previous is not None:
            report.changed.append(SentenceChange(pairing.entry.msgid, where,
                                                 pairing.previous.msgid,
                                                 round(pairing.similarity, 2)))
    report.removed = [SentenceChange(e.msgid, _where(e)) for e in left if not e.obsolete]


def _where(entry: polib.POEntry) -> str:
    return ":".join(filter(None, entry.occurrences[0])) if entry.occurrences else ""


def _hints(glossary: Glossary, lang: str, msgid: str) -> list[str]:
    return glossary.hints(msgid, lang)


def _read(path: Path) -> bytes:
    return read_release(display_path(path))  # over the size limit: refused unread


def _refuse_if_edited_meanwhile(pending: list[_Pending]) -> None:
    """A translator who saved a catalog while we merged it must not lose that save."""
    for item in pending:
        for path, before in item.read.items():
            if path in item.files:
                refuse_if_saved_meanwhile(path, before, doing="ingest ran",
                                          rerun="'l10n ingest'")


def _is_current(ws: Workspace, release: str, digest: str, glossary_digest: str) -> bool:
    """True when the template has this source and glossary, and every PO file was
    merged with it."""
    head = read_header(ws.template_path(release))
    if not head or (head.get(SOURCE_DIGEST_HEADER), head.get(GLOSSARY_DIGEST_HEADER)) != (
            digest, glossary_digest):
        return False
    return all(read_header(ws.po_path(release, lang)).get("POT-Creation-Date")
               == head.get("POT-Creation-Date") for lang in ws.targets)
