"""Status: how far each release is translated and reviewed, per language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import polib

from l10n.catalog.entries import has_any_translation, is_translated, word_count
from l10n.catalog.pofile import read_po
from l10n.catalog.states import Status, status_of
from l10n.check import qa_findings
from l10n.documents.base import placeholders_intact
from l10n.qa.runner import Finding
from l10n.workspace.config import Workspace, chosen_releases
from l10n.workspace.fsutil import display_path


@dataclass(frozen=True)
class StatusRow:
    """One release in one language: entries and source words by review state.

    ``translated`` counts every non-fuzzy translated entry, reviewed ones included
    (as it always has); ``reviewed`` is the part of it that a reviewer signed off.
    ``fuzzy`` counts every fuzzy entry with a translation; ``suggested`` is the part
    of it that holds machine or memory suggestions. Words are those of the source.
    ``broken`` counts the entries with a translation whose placeholders are broken: they
    cannot be exported, so they count as untranslated (and are part of ``untranslated``).
    ``qa_errors``/``qa_warnings`` count the findings that block, as ``check`` shows them
    by default: on confirmed (non-fuzzy) translations and not accepted by a reviewer. They
    are None when QA was not run.
    """

    release: str
    lang: str
    entries: int
    words: int
    translated: int
    fuzzy: int
    untranslated: int
    translated_words: int
    reviewed: int = 0
    suggested: int = 0
    reviewed_words: int = 0
    fuzzy_words: int = 0
    suggested_words: int = 0
    untranslated_words: int = 0
    broken: int = 0
    qa_errors: int | None = None
    qa_warnings: int | None = None

    @property
    def percent(self) -> float:
        """Share of entries translated and not fuzzy (reviewed or not), 0-100."""
        return _share(self.translated, self.entries)

    @property
    def percent_reviewed(self) -> float:
        """Share of entries signed off by a reviewer, 0-100."""
        return _share(self.reviewed, self.entries)

    @property
    def percent_words(self) -> float:
        """Share of source words in translated, non-fuzzy entries, 0-100."""
        return _share(self.translated_words, self.words)

    @property
    def percent_reviewed_words(self) -> float:
        """Share of source words in reviewed entries, 0-100."""
        return _share(self.reviewed_words, self.words)

    def as_dict(self) -> dict[str, object]:
        """The row for ``--json``: every field plus the percentages."""
        return {**asdict(self), "percent": self.percent,
                "percent_reviewed": self.percent_reviewed,
                "percent_words": self.percent_words,
                "percent_reviewed_words": self.percent_reviewed_words}


def _share(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 100.0


@dataclass
class StatusReport:
    """Rows for every release × language asked for, and the QA findings behind them."""

    rows: list[StatusRow] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)  # l10n.check findings
    qa_ran: bool = False
    qa_skipped: list[Any] = field(default_factory=list)  # what QA could not check


def state_of(entry: polib.POEntry) -> Status:
    """An entry's state as status counts it.

    Like :func:`l10n.catalog.states.status_of`, except that a non-fuzzy entry that cannot
    be exported counts as untranslated: a plural entry with an empty form (as it always
    has here), or a translation whose placeholders are broken.
    """
    fuzzy = "fuzzy" in entry.flags
    if not fuzzy and (not is_translated(entry) or has_broken_placeholders(entry)):
        return Status.UNTRANSLATED
    if fuzzy and not has_any_translation(entry):
        return Status.UNTRANSLATED
    return status_of(entry)


def has_broken_placeholders(entry: polib.POEntry) -> bool:
    """A translation (any plural form) does not keep its source's placeholders."""
    if entry.msgid_plural:
        return any(text and not placeholders_intact(entry.msgid if i == 0
                                                    else entry.msgid_plural, text)
                   for i, text in entry.msgstr_plural.items())
    return bool(entry.msgstr) and not placeholders_intact(entry.msgid, entry.msgstr)


def row_for(release: str, lang: str, po: polib.POFile,
            findings: Iterable[Finding] | None = None) -> StatusRow:
    """Count one catalog's entries (and their source words) by state.

    Args:
        release: The release name.
        lang: The target language.
        po: The catalog.
        findings: QA findings for this catalog; None when QA was not run.

    Returns:
        The row.
    """
    entries = Counter[Status]()
    words = Counter[Status]()
    broken = 0
    for entry in po:
        if entry.obsolete:
            continue
        state = state_of(entry)
        entries[state] += 1
        words[state] += word_count(entry.msgid)
        broken += "fuzzy" not in entry.flags and has_broken_placeholders(entry)
    done = (Status.TRANSLATED, Status.REVIEWED)
    fuzzy = (Status.SUGGESTED, Status.FUZZY)
    severities = (Counter(f.severity for f in findings if not f.fuzzy and not f.accepted)
                  if findings is not None else None)
    return StatusRow(
        release=release, lang=lang, entries=entries.total(), words=words.total(),
        translated=sum(entries[s] for s in done), fuzzy=sum(entries[s] for s in fuzzy),
        untranslated=entries[Status.UNTRANSLATED],
        translated_words=sum(words[s] for s in done),
        reviewed=entries[Status.REVIEWED], suggested=entries[Status.SUGGESTED],
        reviewed_words=words[Status.REVIEWED], fuzzy_words=sum(words[s] for s in fuzzy),
        suggested_words=words[Status.SUGGESTED], untranslated_words=words[Status.UNTRANSLATED],
        broken=broken,
        qa_errors=severities["error"] if severities is not None else None,
        qa_warnings=severities["warning"] if severities is not None else None)


def status_report(ws: Workspace, names: Sequence[str] = (),
                  langs: Sequence[str] | None = None, *, with_qa: bool = True) -> StatusReport:
    """Rows for the given releases × languages, with QA counts from one QA run.

    Args:
        ws: The workspace.
        names: Release names (default: every ingested release).
        langs: Target languages (default: all of the workspace's).
        with_qa: Run the QA checks and count their errors and warnings per row.

    Returns:
        The rows (catalogs that do not exist yet are left out) and the findings.

    Raises:
        UsageError: A release has not been ingested, or a language is no target.
    """
    chosen = chosen_releases(ws, names)
    targets = ws.check_targets(list(langs) if langs else None)
    report = StatusReport()
    by_catalog: dict[tuple[str, str], list[Any]] | None = None
    if with_qa and chosen:
        found, report.qa_skipped = qa_findings(ws, chosen, targets)
        report.qa_ran = True
        by_catalog = {}
        for finding in found:
            if finding.release in chosen and finding.lang in targets:
                report.findings.append(finding)
                by_catalog.setdefault((finding.release, finding.lang), []).append(finding)
    for release in chosen:
        for lang in targets:
            path = ws.po_path(release, lang)
            if path.exists():
                mine = None if by_catalog is None else by_catalog.get((release, lang), [])
                report.rows.append(row_for(release, lang, read_po(display_path(path)), mine))
    return report


def status(ws: Workspace, names: Sequence[str] = (), langs: Sequence[str] | None = None,
           *, with_qa: bool = True) -> list[StatusRow]:
    """Rows for the given releases (default: all) × the workspace's target languages.

    See :func:`status_report`, which also returns the QA findings.
    """
    return status_report(ws, names, langs, with_qa=with_qa).rows
