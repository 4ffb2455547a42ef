"""Todo: the open work of one language, entry by entry, in document order.

An entry is open when it is untranslated, fuzzy (a machine or memory suggestion, or a
translation of a sentence that has changed since), or translated but with a QA error that
blocks (the findings ``l10n check`` reports and fails on: severity error, on a confirmed
translation, not accepted by a reviewer). ``l10n todo`` lists them and ``l10n xliff export
--only-open`` hands out exactly them: both use :func:`open_work`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polib

from l10n.catalog.entries import (
    has_any_translation,
    is_translated,
    suggestion_origin,
    word_count,
)
from l10n.catalog.pofile import read_po
from l10n.check import check_workspace
from l10n.qa.runner import Finding
from l10n.status import has_broken_placeholders
from l10n.workspace.config import Workspace, chosen_releases
from l10n.workspace.errors import UsageError
from l10n.workspace.fsutil import display_path
from l10n.xliff.exporter import export_xliff

#: The states of open entries, in the order the totals list them.
STATES = ("untranslated", "fuzzy", "qa-error")


@dataclass(frozen=True)
class Problem:
    """A QA error on an open entry (as ``l10n check`` prints it)."""

    check: str
    severity: str
    message: str


@dataclass(frozen=True)
class TodoItem:
    """One open entry.

    Attributes:
        release: The release name.
        file: The PO file, workspace-relative; ``file:line`` opens the entry.
        line: The line of the entry's msgctxt or msgid (of the header for a header error).
        state: "untranslated", "fuzzy" or "qa-error".
        msgid: The full source text ("" for the header).
        msgstr: The translation or suggestion as it stands ("" when there is none).
        words: Source words.
        msgctxt: The entry's context, if any.
        previous_msgid: For a fuzzy entry whose source changed, the source it was
            translated from (``#| msgid``).
        origin: For a suggestion, where it came from (``#. suggestion: tm 92`` gives
            "tm 92", ``mt pseudo`` a machine engine).
        problems: The entry's QA errors not accepted by a reviewer (on a fuzzy entry:
            those on the suggestion, which do not block until it is confirmed).
    """

    release: str
    file: str
    line: int
    state: str
    msgid: str
    msgstr: str
    words: int
    msgctxt: str | None = None
    previous_msgid: str | None = None
    origin: str | None = None
    problems: tuple[Problem, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"problems": [asdict(p) for p in self.problems]}


@dataclass
class TodoReport:
    """The open work of one language in the chosen releases.

    Attributes:
        lang: The language.
        releases: The releases looked at, in the order given (default: by name).
        items: The open entries, release by release, each release's in document order.
        entries: Every active entry of those catalogs (open or not).
        words: Their source words.
        skipped: Notes on QA checks that could not run.
    """

    lang: str
    releases: list[str]
    items: list[TodoItem] = field(default_factory=list)
    entries: int = 0
    words: int = 0
    skipped: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, dict[str, int]]:
        """Entries and source words per state, and "open": all of them."""
        out = {state: {"entries": 0, "words": 0} for state in (*STATES, "open")}
        for item in self.items:
            for key in (item.state, "open"):
                out[key]["entries"] += 1
                out[key]["words"] += item.words
        return out

    def as_dict(self) -> dict[str, Any]:
        """The report for ``--json``: a stable shape, one object per open entry."""
        return {"lang": self.lang, "releases": self.releases,
                "items": [item.as_dict() for item in self.items],
                "totals": self.totals(),
                "catalog": {"entries": self.entries, "words": self.words}}


def open_work(ws: Workspace, releases: Sequence[str] = (), lang: str = "", *,
              progress: Callable[[int, int], None] | None = None) -> TodoReport:
    """The open entries of one language: untranslated, fuzzy, or with a blocking QA error.

    The QA errors are those ``l10n check`` reports (one run of the same checks, so
    cross-release checks see every release): severity error, not accepted by a reviewer,
    on a translation that is not fuzzy. A non-fuzzy translation whose placeholders are
    broken counts as untranslated when no check reports it (as ``l10n status`` counts it).
    Nothing is written.

    Args:
        ws: The workspace.
        releases: Release names (default: every ingested release).
        lang: One target language.
        progress: Called with (catalogs checked, catalogs to check) during QA.

    Returns:
        The report; catalogs that do not exist (yet) are left out.

    Raises:
        UsageError: An unknown release or language, or no language given.
        CatalogError: A PO file cannot be read.
    """
    if not lang:
        raise UsageError("--lang is required: the open work of which language?")
    (lang,) = ws.check_targets([lang])
    chosen = chosen_releases(ws, releases)
    result = check_workspace(ws, chosen, [lang], progress=progress)
    errors: dict[tuple[str, int], list[Finding]] = {}
    for finding in result.findings:
        if finding.severity == "error" and not finding.accepted:
            # A file-level finding (language-header) has no msgid: it is keyed by line 0.
            key = (finding.file, finding.line if finding.msgid else 0)
            errors.setdefault(key, []).append(finding)
    report = TodoReport(lang, chosen, skipped=list(result.skipped))
    for release in chosen:
        path = ws.po_path(release, lang)
        if path.exists():
            _catalog(report, release, ws.relative(path), read_po(display_path(path)), errors)
    return report


def _catalog(report: TodoReport, release: str, file: str, po: polib.POFile,
             errors: dict[tuple[str, int], list[Finding]]) -> None:
    """Add one catalog's open entries (and its size) to the report."""
    header = errors.get((file, 0), [])
    if header:  # a file-level error (language-header) stands at the header's line
        report.items.append(TodoItem(release, file, header[0].line, "qa-error", "", "", 0,
                                     problems=_problems(header)))
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        report.entries += 1
        words = word_count(entry.msgid)
        report.words += words
        found = [f for f in errors.get((file, entry.linenum), []) if f.msgid == entry.msgid]
        state = open_state(entry, bool(found))
        if state is None:
            continue
        fuzzy = state == "fuzzy"
        report.items.append(TodoItem(
            release, file, entry.linenum, state, entry.msgid, _translation(entry), words,
            msgctxt=entry.msgctxt,
            previous_msgid=entry.previous_msgid if fuzzy else None,
            origin=suggestion_origin(entry) if fuzzy else None,
            problems=_problems(found)))


def open_state(entry: polib.POEntry, has_errors: bool) -> str | None:
    """Whether an entry is open work, and why: "untranslated", "fuzzy", "qa-error" or
    None (done). ``has_errors``: a QA error blocks on it (see :func:`open_work`)."""
    fuzzy = "fuzzy" in entry.flags
    if fuzzy:
        return "fuzzy" if has_any_translation(entry) else "untranslated"
    if not is_translated(entry):
        return "untranslated"
    if has_errors:
        return "qa-error"
    return "untranslated" if has_broken_placeholders(entry) else None


def _translation(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return "\n".join(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)
                         if entry.msgstr_plural[k])
    return entry.msgstr


def _problems(findings: Sequence[Finding]) -> tuple[Problem, ...]:
    # A plural entry's forms may repeat one finding: keep each once.
    return tuple(dict.fromkeys(Problem(f.check, f.severity, f.message) for f in findings))


def export_open(ws: Workspace, release: str, lang: str, path: Path, *,
                version: str = "1.2") -> int:
    """Write the open work of one release in one language as an XLIFF file.

    The units are those :func:`open_work` lists for the release (header errors aside),
    written as ``export_xliff`` writes them, in a file marked as holding the open work
    only, so that importing it does not take the missing entries for a changed release.

    Returns:
        The number of units written (0: nothing is open, and no file is written).

    Raises:
        UsageError, CatalogError: as for :func:`open_work` and ``export_xliff``.
    """
    work = open_work(ws, [release], lang)
    keys = {(item.msgctxt, item.msgid) for item in work.items if item.msgid}
    return export_xliff(ws, release, lang, path, version=version, only=keys)
