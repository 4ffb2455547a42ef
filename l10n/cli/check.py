"""The ``l10n check`` command: QA findings as compiler-style lines or JSON."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from l10n.check import Selection, check_workspace, select_findings
from l10n.cli.common import WorkspaceOpt, open_workspace, progress_bar, reported_errors
from l10n.qa.runner import list_checks
from l10n.workspace.errors import UsageError

FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning"), "never": ()}


def check_command(
    releases: Annotated[Optional[list[str]], typer.Argument(
        help="Release names (default: all).", show_default=False)] = None,
    lang: Annotated[Optional[list[str]], typer.Option(
        "--lang", "-l", help="Only these languages (repeatable).", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    fail_on: Annotated[str, typer.Option(
        "--fail-on", help="Exit 1 when a finding of this severity or worse exists: "
                          "error, warning or never.")] = "error",
    only: Annotated[str, typer.Option(
        "--only", help="Whose findings to show: translated (confirmed, not fuzzy), fuzzy "
                       "(unconfirmed suggestions) or all.")] = "translated",
    list_: Annotated[bool, typer.Option("--list", help="List the checks and exit.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Check translations: glossary, numbers, language, placeholders, typography, spelling.

    Every translated entry is checked. Shown are the findings on what a translator
    confirmed (not fuzzy); those on unconfirmed suggestions are only counted, unless
    --only fuzzy or --only all (they are marked "(fuzzy)"). The exit code follows
    what is shown: 1 when a shown finding at or above --fail-on is not accepted.
    A reviewer accepts a finding with 'l10n review RELEASE --lang L --accept
    LINE:CHECK': it is still shown, marked "(accepted)", until the msgstr changes.
    Silence a check for one entry with the flag "#, ignore-<check>" or the comment
    "# l10n-ignore: <check>"; turn a check off with [check] disable = ["<check>"].

    Example: l10n check kazakhstan-impunity-2019 --lang kk --fail-on warning
    """
    with reported_errors():
        if fail_on not in FAIL_LEVELS:
            raise UsageError(f"--fail-on must be error, warning or never, not {fail_on!r}")
        select_findings([], only)  # a bad --only is refused before the checks run
        if list_:
            for info in list_checks():
                typer.echo(f"{info.name:<15} {info.severity:<8} {info.explanation}")
            return
        with progress_bar("Checking") as tick:
            result = check_workspace(open_workspace(workspace), releases or (), lang,
                                     progress=tick)
        chosen = select_findings(result.findings, only)
        if as_json:
            typer.echo(json.dumps([f.as_dict() for f in chosen.shown], ensure_ascii=False,
                                  indent=2))
            if chosen.hidden:
                typer.echo(f"note: {_hidden(chosen)}", err=True)
        else:
            for f in chosen.shown:
                typer.echo(f"{f.file}:{f.line}: {f.severity} [{f.check}] {f.message}{_tags(f)}")
            typer.echo(_summary(chosen, result.entries, len(result.checks)))
        for note in result.skipped:
            typer.echo(f"note: {note}", err=True)
        if chosen.blocking(FAIL_LEVELS[fail_on]):
            raise typer.Exit(1)


def _tags(finding: object) -> str:
    tags = [t for t, on in (("fuzzy", getattr(finding, "fuzzy", False)),
                            ("accepted", getattr(finding, "accepted", False))) if on]
    return f" ({', '.join(tags)})" if tags else ""


def _hidden(chosen: Selection) -> str:
    """What --only left out, and how to see it."""
    if chosen.only == "fuzzy":
        return f"{chosen.hidden} findings on confirmed translations: --only translated to see them"
    return f"{chosen.hidden} findings on unconfirmed suggestions: --only fuzzy to see them"


def _summary(chosen: Selection, entries: int, checks: int) -> str:
    where = " on unconfirmed suggestions" if chosen.only == "fuzzy" else ""
    text = (f"{chosen.count('error')} error(s), {chosen.count('warning')} warning(s){where} "
            f"in {entries} entries checked, fuzzy ones included ({checks} checks)")
    if chosen.accepted:
        text += f", {chosen.accepted} of them accepted by a reviewer"
    return text + (f"; and {_hidden(chosen)}" if chosen.hidden else "")
