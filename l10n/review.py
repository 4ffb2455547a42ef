"""The review workflow: list a catalog's entries awaiting review, sign them off, accept findings.

Only sign-off and acceptance comments change (see :mod:`l10n.catalog.states`): a msgstr or
a fuzzy flag is never touched. Entries are named by their PO line, the line of their
``msgctxt`` or ``msgid`` keyword, as ``file:line`` in every message and in QA findings.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import polib

from l10n.catalog.entries import drop_stale_notes
from l10n.catalog.ondisk import read_catalog_bytes, refuse_if_saved_meanwhile
from l10n.catalog.pofile import format_po, layout_of, parse_po, read_po, write_po
from l10n.catalog.states import (
    Status,
    clear_review,
    drop_lapsed_acceptances,
    mark_accepted,
    mark_reviewed,
    stale_sign_off,
    status_of,
)
from l10n.check import qa_findings
from l10n.workspace.config import Workspace, validate_release_name
from l10n.workspace.errors import UsageError
from l10n.workspace.fsutil import display_path, workspace_lock

REVIEWER_ENV = "L10N_REVIEWER"
AWAITING = (Status.TRANSLATED, Status.SUGGESTED, Status.FUZZY)


@dataclass(frozen=True)
class ReviewItem:
    """One entry awaiting review (or just signed off), with its QA findings."""

    line: int
    msgid: str
    msgstr: str  # plural forms joined with " | "
    status: Status
    findings: tuple[Any, ...] = ()  # l10n.qa.runner findings of this entry
    msgctxt: str | None = None
    stale: bool = False  # it carries a sign-off for an earlier msgstr

    @property
    def reviewable(self) -> bool:
        """Only translated, non-fuzzy entries can be signed off."""
        return self.status in (Status.TRANSLATED, Status.REVIEWED)

    @property
    def errors(self) -> int:
        """Its QA findings of severity "error" that no reviewer accepted."""
        return sum(1 for f in self.findings
                   if f.severity == "error" and not getattr(f, "accepted", False))

    def as_dict(self) -> dict[str, object]:
        """The item for ``--json``."""
        return {"line": self.line, "msgctxt": self.msgctxt, "msgid": self.msgid,
                "msgstr": self.msgstr, "status": self.status.value,
                "reviewable": self.reviewable, "stale_sign_off": self.stale,
                "findings": [finding_dict(f) for f in self.findings]}


@dataclass(frozen=True)
class Refusal:
    """A line given to ``approve`` that could not be signed off, and why."""

    line: int
    msgid: str
    reason: str


@dataclass(frozen=True)
class Acceptance:
    """The findings of one check on one entry, accepted by a reviewer (or already so)."""

    line: int
    msgid: str
    check: str
    findings: tuple[Any, ...]
    msgctxt: str | None = None

    def as_dict(self) -> dict[str, object]:
        """The acceptance for ``--json``."""
        return {"line": self.line, "msgctxt": self.msgctxt, "msgid": self.msgid,
                "check": self.check, "findings": [finding_dict(f) for f in self.findings]}


@dataclass
class ReviewReport:
    """What a review run did to one catalog. Lines are those of the file as it is now."""

    release: str
    lang: str
    path: Path
    reviewer: str | None
    approved: list[ReviewItem] = field(default_factory=list)
    already_reviewed: list[int] = field(default_factory=list)  # asked for, nothing to do
    refused: list[Refusal] = field(default_factory=list)
    held: list[ReviewItem] = field(default_factory=list)  # not clean: left for a human
    stale_dropped: list[ReviewItem] = field(default_factory=list)
    pending: list[ReviewItem] = field(default_factory=list)  # still awaiting review
    accepted: list[Acceptance] = field(default_factory=list)
    already_accepted: list[Acceptance] = field(default_factory=list)  # nothing to do
    lapsed_dropped: list[ReviewItem] = field(default_factory=list)  # for an earlier msgstr
    written: bool = False
    converted_from: str | None = None  # written in UTF-8 instead of this legacy charset
    qa_ran: bool = False

    def as_dict(self) -> dict[str, object]:
        """The report for ``--json``."""
        return {"release": self.release, "lang": self.lang, "path": str(self.path),
                "reviewer": self.reviewer, "written": self.written,
                "converted_from": self.converted_from, "qa_ran": self.qa_ran,
                "approved": [i.as_dict() for i in self.approved],
                "already_reviewed": self.already_reviewed,
                "refused": [{"line": r.line, "msgid": r.msgid, "reason": r.reason}
                            for r in self.refused],
                "held": [i.line for i in self.held],
                "stale_dropped": [i.line for i in self.stale_dropped],
                "pending": [i.as_dict() for i in self.pending],
                "accepted": [a.as_dict() for a in self.accepted],
                "already_accepted": [a.as_dict() for a in self.already_accepted],
                "lapsed_acceptances_dropped": [i.line for i in self.lapsed_dropped]}


def finding_dict(finding: Any) -> dict[str, object]:
    """A QA finding as plain JSON-able values."""
    keys = ("file", "line", "release", "lang", "msgid", "check", "severity", "message", "fuzzy",
            "accepted", "translation")
    return {k: (str(v) if isinstance(v, Path) else v)
            for k in keys if (v := getattr(finding, k, None)) is not None or k == "line"}


def default_reviewer(reviewer: str | None = None) -> str | None:
    """The name a sign-off carries: ``reviewer``, else $L10N_REVIEWER, else none.

    The PO header's Last-Translator is deliberately not used: it names who
    translated, and a sign-off in the translator's name would claim a second pair
    of eyes that never looked.

    Raises:
        UsageError: The name has a line break or other control character.
    """
    name = (reviewer if reviewer is not None else os.environ.get(REVIEWER_ENV, "")).strip()
    if any(not ch.isprintable() for ch in name):
        raise UsageError(f"reviewer name {name!r} has a line break or control character; "
                         f"give a plain name with --reviewer or {REVIEWER_ENV}")
    return name or None


def pending_review(ws: Workspace, release: str, lang: str) -> list[ReviewItem]:
    """Entries of one catalog awaiting review, in file order, with their QA findings.

    Translated entries (including those whose sign-off went stale because their
    msgstr changed) can be signed off; suggested and fuzzy ones are listed too,
    with ``reviewable`` False, since a translator must settle them first.

    Args:
        ws: The workspace.
        release: The release name.
        lang: The target language.

    Returns:
        The items; reviewed and untranslated entries are left out.

    Raises:
        UsageError: Unknown release or language, or no catalog for them yet.
        CatalogError: The PO file cannot be read.
    """
    return pending_report(ws, release, lang).pending


def pending_report(ws: Workspace, release: str, lang: str) -> ReviewReport:
    """:func:`pending_review` as a report that changed nothing (for the CLI's listing)."""
    path, lang = catalog_path(ws, release, lang)
    findings, _ = qa_findings(ws, [release], [lang])
    po = read_po(display_path(path))
    return ReviewReport(release=release, lang=lang, path=path, reviewer=None,
                        qa_ran=True, pending=_awaiting(po, _by_entry(po, findings)))


def review(ws: Workspace, release: str, lang: str, *, approve_all_clean: bool = False,
           approve: Sequence[int] = (), accept: Sequence[str] = (),
           reviewer: str | None = None, day: date | None = None) -> ReviewReport:
    """Sign off entries of one catalog, accept QA findings, drop what went stale.

    The PO file is written atomically, under the workspace lock, and only when a
    sign-off or acceptance was added or dropped; msgstr and fuzzy flags are never
    changed. Every line and check given is verified before anything is written.

    Args:
        ws: The workspace.
        release: The release name.
        lang: The target language.
        approve_all_clean: Sign off every translated entry with no QA error.
        approve: PO lines (of an entry's msgctxt/msgid keyword, as listed) to sign
            off, QA errors or not: the reviewer has looked at them.
        accept: Findings to accept, as ``LINE:CHECK`` or ``FILE:LINE:CHECK`` with the
            file and line ``l10n check`` prints: they stop blocking until the msgstr
            changes (see :func:`l10n.catalog.states.mark_accepted`).
        reviewer: Name for the sign-off (default: see :func:`default_reviewer`).
        day: Date of the sign-off (default: today).

    Returns:
        What was signed off, refused or left, with line numbers of the file as written.

    Raises:
        UsageError: Unknown release, language or line; a finding to accept that is not
            there; or the file changed while QA ran.
        LockedError: Another l10n command holds the workspace.
        CatalogError: The PO file cannot be read.
    """
    path, lang = catalog_path(ws, release, lang)
    name = default_reviewer(reviewer)
    wanted = list(dict.fromkeys(parse_accept(ws, path, release, lang, spec) for spec in accept))
    before = read_catalog_bytes(path)
    found, _ = qa_findings(ws, [release], [lang])  # read-only; run outside the lock
    report = ReviewReport(release=release, lang=lang, path=path, reviewer=name,
                          qa_ran=True)
    with workspace_lock(ws.root):
        # QA findings are about the bytes read; a translator may have saved since.
        refuse_if_saved_meanwhile(path, before, doing="it was being checked",
                                  rerun="the review")
        po = parse_po(display_path(path), before)
        findings = _by_entry(po, found)
        changed = _drop_stale(po, findings, report)
        changed |= _accept(po, findings, report, wanted, name, day)
        changed |= _approve(po, findings, report, set(approve), approve_all_clean, name, day)
        if changed:
            drop_stale_notes(po)  # a confirmed entry keeps no "suggestion:" note (issue 13)
            report.written = write_po(po, path)
            report.converted_from = layout_of(po).legacy_charset if report.written else None
            # Lines move when sign-off comments come and go: report those of the new file.
            po = parse_po(display_path(path), format_po(po).encode("utf-8"))
    report.pending = _awaiting(po, findings)
    report.approved = _renumbered(report.approved, po)
    report.held = _renumbered(report.held, po)
    report.stale_dropped = _renumbered(report.stale_dropped, po)
    report.lapsed_dropped = _renumbered(report.lapsed_dropped, po)
    lines = {_key(e): e.linenum for e in po if not e.obsolete}
    for name_ in ("accepted", "already_accepted"):
        setattr(report, name_, [replace(a, line=lines.get((a.msgctxt, a.msgid), a.line))
                                for a in getattr(report, name_)])
    return report


def parse_accept(ws: Workspace, path: Path, release: str, lang: str,
                 spec: str) -> tuple[int, str]:
    """``LINE:CHECK`` or ``FILE:LINE:CHECK`` (as ``l10n check`` prints) as (line, check).

    Raises:
        UsageError: Not of that form, or FILE is not the catalog of ``release`` in ``lang``.
    """
    parts = spec.strip().rsplit(":", 2)
    if len(parts) < 2 or not parts[-2].strip().isdigit() or not parts[-1].strip() \
            or len(parts[-1].split()) != 1:
        raise UsageError(f"--accept {spec!r}: expected LINE:CHECK (or FILE:LINE:CHECK) as "
                         f"'l10n check {release} --lang {lang}' prints them, e.g. 23:numbers")
    if len(parts) == 3 and not _same_file(ws, parts[0], path):
        raise UsageError(f"--accept {spec!r}: {parts[0]} is not the catalog of {release} "
                         f"in {lang} ({display_path(path)})")
    return int(parts[-2]), parts[-1].strip()


def _same_file(ws: Workspace, name: str, path: Path) -> bool:
    """``name`` (workspace-relative as printed, or relative to here) is ``path``."""
    try:
        target = path.resolve()
        return any(Path(candidate).resolve() == target
                   for candidate in (ws.root / name, Path(name)))
    except (OSError, RuntimeError):
        return False


def catalog_path(ws: Workspace, release: str, lang: str) -> tuple[Path, str]:
    """The PO file of a release in a language, and the language's normalised code.

    Raises:
        UsageError: Invalid release name, no target language, or no such catalog yet.
    """
    validate_release_name(release)
    code = ws.check_targets([lang])[0]
    path = ws.po_path(release, code)
    if not path.is_file():
        raise UsageError(f"no {code} catalog for release {release!r} ({display_path(path)}); "
                         "run 'l10n ingest' first")
    return path, code


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _by_entry(po: polib.POFile, findings: Sequence[Any]) -> dict[Any, tuple[Any, ...]]:
    """Findings per entry (msgctxt, msgid): by the finding's line, else by its msgid."""
    active = [e for e in po if not e.obsolete]
    by_line = {e.linenum: e for e in active}
    by_msgid: dict[str, list[polib.POEntry]] = {}
    for e in active:
        by_msgid.setdefault(e.msgid, []).append(e)
    result: dict[Any, list[Any]] = {}
    for finding in findings:
        entry = by_line.get(getattr(finding, "line", None))
        targets = [entry] if entry is not None else by_msgid.get(finding.msgid, [])
        for target in targets:
            result.setdefault(_key(target), []).append(finding)
    return {k: tuple(v) for k, v in result.items()}


def _item(entry: polib.POEntry, findings: dict[Any, tuple[Any, ...]]) -> ReviewItem:
    text = (" | ".join(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
            if entry.msgid_plural else entry.msgstr)
    return ReviewItem(line=entry.linenum, msgid=entry.msgid, msgstr=text,
                      status=status_of(entry), findings=findings.get(_key(entry), ()),
                      msgctxt=entry.msgctxt, stale=stale_sign_off(entry))


def _awaiting(po: polib.POFile, findings: dict[Any, tuple[Any, ...]]) -> list[ReviewItem]:
    return [_item(e, findings) for e in po if not e.obsolete and status_of(e) in AWAITING]


def _drop_stale(po: polib.POFile, findings: dict[Any, tuple[Any, ...]],
                report: ReviewReport) -> bool:
    """Remove sign-offs and acceptances whose msgstr has changed since; True if any was."""
    changed = False
    for entry in po:
        if entry.obsolete:
            continue
        if stale_sign_off(entry):
            report.stale_dropped.append(_item(entry, findings))
            changed |= clear_review(entry)
        if drop_lapsed_acceptances(entry):
            report.lapsed_dropped.append(_item(entry, findings))
            changed = True
    return changed


def _accept(po: polib.POFile, findings: dict[Any, tuple[Any, ...]], report: ReviewReport,
            wanted: Sequence[tuple[int, str]], reviewer: str | None, day: date | None) -> bool:
    """Record the acceptances asked for, all verified first; True if any was added."""
    active = {e.linenum: e for e in po if not e.obsolete}
    where = display_path(report.path)
    unknown = sorted({line for line, _ in wanted} - active.keys())
    if unknown:
        raise UsageError(f"{where}: no entry starts at line {', '.join(map(str, unknown))}; "
                         f"give the lines that 'l10n check {report.release} --lang "
                         f"{report.lang}' prints")
    chosen = []
    for line, check in wanted:
        entry = active[line]
        mine = findings.get(_key(entry), ())
        found = tuple(f for f in mine if f.check == check)
        if not found:
            checks = ", ".join(dict.fromkeys(f.check for f in mine)) or "none"
            raise UsageError(f"{where}:{line}: the entry has no [{check}] finding to accept "
                             f"(its findings: {checks})")
        chosen.append((entry, Acceptance(line, entry.msgid, check, found, entry.msgctxt)))
    changed = False
    for entry, acceptance in chosen:
        if all(getattr(f, "accepted", False) for f in acceptance.findings):
            report.already_accepted.append(acceptance)
            continue
        mark_accepted(entry, acceptance.check, reviewer=reviewer, day=day)
        report.accepted.append(acceptance)
        changed = True
    return changed


def _approve(po: polib.POFile, findings: dict[Any, tuple[Any, ...]], report: ReviewReport,
             lines: set[int], all_clean: bool, reviewer: str | None, day: date | None) -> bool:
    """Sign off the entries asked for; True if any sign-off was added."""
    active = {e.linenum: e for e in po if not e.obsolete}
    unknown = sorted(lines - active.keys())
    if unknown:
        raise UsageError(f"{display_path(report.path)}: no entry starts at line "
                         f"{', '.join(map(str, unknown))}; give the lines that "
                         f"'l10n review {report.release} --lang {report.lang}' lists")
    changed = False
    for line, entry in active.items():
        state, item = status_of(entry), _item(entry, findings)
        if line in lines:
            if state is Status.REVIEWED:
                report.already_reviewed.append(line)
                continue
            if state is not Status.TRANSLATED:
                report.refused.append(Refusal(line, entry.msgid, _why_not(state)))
                continue
        elif not (all_clean and state is Status.TRANSLATED):
            continue
        elif item.errors:
            report.held.append(item)
            continue
        mark_reviewed(entry, reviewer=reviewer, day=day)
        report.approved.append(_item(entry, findings))
        changed = True
    return changed


def _why_not(state: Status) -> str:
    if state is Status.UNTRANSLATED:
        return "untranslated: there is nothing to review"
    return (f"{state.value}: a translator must confirm the translation (remove the "
            "fuzzy flag) before it can be reviewed")


def _renumbered(items: list[ReviewItem], po: polib.POFile) -> list[ReviewItem]:
    """The items with their line in ``po`` (the file as written)."""
    lines = {_key(e): e.linenum for e in po if not e.obsolete}
    return [ReviewItem(line=lines.get((i.msgctxt, i.msgid), i.line), msgid=i.msgid,
                       msgstr=i.msgstr, status=i.status, findings=i.findings,
                       msgctxt=i.msgctxt, stale=i.stale) for i in items]
