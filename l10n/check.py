"""Check: run the QA checks over the translations of chosen releases and languages."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from l10n.qa.runner import Finding, QAResult, check_catalogs
from l10n.workspace.config import Workspace, chosen_releases
from l10n.workspace.config import releases as ingested


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
