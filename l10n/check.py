"""Check: run the QA checks over the translations of chosen releases and languages, or the
source checks over the English releases themselves (``--source``)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from l10n.documents import parse_document, read_release
from l10n.glossary.csvfile import load_glossary
from l10n.ingest import source_files, source_of
from l10n.qa.runner import Finding, QAResult, check_catalogs
from l10n.qa.source import (
    DEFAULT_MAX_WORDS,
    SourceFinding,
    check_document,
    english_words,
    learn_words,
)
from l10n.workspace.config import Workspace, chosen_releases
from l10n.workspace.config import releases as ingested
from l10n.workspace.errors import ConfigError, UsageError
from l10n.workspace.fsutil import display_path

#: Which entries' findings ``l10n check --only`` shows: "translated" (non-fuzzy: what a
#: translator confirmed, the default), "fuzzy" (unconfirmed suggestions and other fuzzy
#: entries) or "all".
ONLY = ("translated", "fuzzy", "all")


def check_workspace(ws: Workspace, releases: Sequence[str] = (),
                    langs: Sequence[str] | None = None, *,
                    progress: Callable[[int, int], None] | None = None,
                    workers: int | None = None) -> QAResult:
    """Check every translated entry (fuzzy ones too, labelled) of releases × languages.

    Args:
        ws: The workspace (``[check]`` settings: see :func:`l10n.qa.runner.check_catalogs`).
        releases: Release names (default: every ingested release).
        langs: Target languages (default: all of the workspace's).
        progress: called with (catalogs checked, catalogs to check).
        workers: Processes checking languages side by side (default: chosen by run size).

    Returns:
        A QAResult: the findings sorted by file and line, plus notes on skipped checks.

    Raises:
        UsageError: an unknown release or language.
        ConfigError: an unknown check in ``[check] disable``.
        CatalogError: a PO file cannot be read.
    """
    return check_catalogs(ws, chosen_releases(ws, releases), ingested(ws), langs,
                          progress=progress, workers=workers)


def qa_findings(ws: Workspace, names: Sequence[str],
                langs: Sequence[str] | None) -> tuple[list[Finding], list[str]]:
    """Run the QA checks once: (findings, skipped)."""
    result = check_workspace(ws, tuple(names), list(langs) if langs else None)
    return list(result.findings), list(result.skipped)


@dataclass(frozen=True)
class Selection:
    """The findings shown for an ``--only`` choice, and how many were left out.

    Attributes:
        only: "translated", "fuzzy" or "all".
        shown: The findings on the chosen entries, in the runner's order.
        hidden: How many findings are on the other entries.
    """

    only: str
    shown: list[Finding]
    hidden: int

    def count(self, severity: str) -> int:
        """Shown findings of this severity, accepted ones included."""
        return sum(1 for f in self.shown if f.severity == severity)

    @property
    def accepted(self) -> int:
        """Shown findings a reviewer accepted."""
        return sum(1 for f in self.shown if f.accepted)

    def blocking(self, severities: Collection[str]) -> list[Finding]:
        """Shown findings of these severities that no reviewer accepted."""
        return [f for f in self.shown if f.severity in severities and not f.accepted]


def select_findings(findings: Sequence[Finding], only: str = "translated") -> Selection:
    """The findings on confirmed translations, on fuzzy entries, or all of them.

    Raises:
        UsageError: ``only`` is not one of :data:`ONLY`.
    """
    if only not in ONLY:
        raise UsageError(f"--only must be {', '.join(ONLY[:-1])} or {ONLY[-1]}, not {only!r}")
    shown = [f for f in findings if only == "all" or f.fuzzy == (only == "fuzzy")]
    return Selection(only, shown, len(findings) - len(shown))


@dataclass(frozen=True)
class SourceResult:
    """What ``check_sources`` found.

    Attributes:
        findings: In file, then line order.
        skipped: Notes on checks that could not run (no English dictionary), one line each.
        releases: The releases checked.
        sentences: How many sentences were checked.
    """

    findings: list[SourceFinding]
    skipped: list[str]
    releases: list[str]
    sentences: int

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def check_sources(ws: Workspace, releases: Sequence[str] = ()) -> SourceResult:
    """Check the English source of releases before translation (issue 13).

    Args:
        ws: The workspace; ``[check] source_max_words`` sets the longest sentence not
            reported (default :data:`l10n.qa.source.DEFAULT_MAX_WORDS`), and
            ``glossary/spelling.en.txt`` lists words the dictionaries lack.
        releases: Release names: files in the sources folder, ingested or not (default:
            every release there).

    Returns:
        A SourceResult; a finding's file is the source file, its line the source line.

    Raises:
        UsageError: an unknown release, or two files for one release name.
        ConfigError: a bad ``[check] source_max_words``.
        SourceError: a release that cannot be read or parsed.
    """
    max_words = source_max_words(ws)
    paths = [source_of(ws, name) for name in dict.fromkeys(releases)] if releases \
        else source_files(ws)
    glossary = load_glossary(ws.glossary_dir, ws.targets)
    unknown, skipped = english_words(ws.source, ws.glossary_dir)
    documents = [parse_document(display_path(p), read_release(p), lang=ws.source)
                 for p in paths]
    if unknown is not None:
        learn_words(documents, unknown)
    findings: list[SourceFinding] = []
    for path, document in zip(paths, documents):
        findings += check_document(document, file=ws.relative(path), release=path.stem,
                                   unknown=unknown, glossary=glossary, max_words=max_words)
    sentences = sum(len(d.segments) for d in documents)
    return SourceResult(findings, [skipped] if skipped else [], [p.stem for p in paths],
                        sentences)


def source_max_words(ws: Workspace) -> int:
    """``[check] source_max_words``: a whole number above 0.

    Raises:
        ConfigError: anything else, naming the setting.
    """
    value = ws.check_options.get("source_max_words", DEFAULT_MAX_WORDS)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{ws.setting('check.source_max_words')}: "
                          f"expected a whole number of words above 0, not {value!r}")
    return value
