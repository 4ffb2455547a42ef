"""The ``l10n check`` command: QA findings as compiler-style lines or JSON."""

from __future__ import annotations

import json
import shutil
import textwrap
from typing import Annotated, Optional

import typer

from l10n.check import Selection, SourceResult, check_sources, check_workspace, select_findings
from l10n.cli.common import WorkspaceOpt, open_workspace, progress_bar, reported_errors
from l10n.qa.runner import list_checks
from l10n.qa.source import SOURCE_CHECKS
from l10n.workspace.errors import UsageError

FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning"), "never": ()}


def check_command(
    releases: Annotated[Optional[list[str]], typer.Argument(
        metavar="RELEASE", help="Release names (default: all).", show_default=False)] = None,
    lang: Annotated[Optional[list[str]], typer.Option(
        "--lang", "-l", metavar="LANG", help="Only these languages (repeatable).",
        show_default=False)] = None,
    source: Annotated[bool, typer.Option(
        "--source", help="Check the English releases in source_texts/ instead of the "
                         "translations: doubled words, words run together, spacing, "
                         "unbalanced quotes and brackets, names spelt two ways, long "
                         "sentences, numbers written two ways.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    fail_on: Annotated[str, typer.Option(
        "--fail-on", metavar="LEVEL", help="Exit 1 when a finding of this severity or worse "
                                           "exists: error, warning or never.")] = "error",
    only: Annotated[str, typer.Option(
        "--only", metavar="ENTRIES", help="Whose findings to show: translated (confirmed, "
                                          "not fuzzy), fuzzy (unconfirmed suggestions) or "
                                          "all.")] = "translated",
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

    With --source the English releases themselves are checked, before translation: an
    error there is copied into every language. The lines point into the source files;
    errors are what is surely wrong, warnings matters of style. [check] source_max_words
    (default 50) sets the longest sentence not reported; glossary/spelling.en.txt lists
    words the dictionaries lack.

    Example: l10n check kazakhstan-impunity-2019 --lang kk --fail-on warning

    Example: l10n check --source kazakhstan-impunity-2019
    """
    with reported_errors():
        if fail_on not in FAIL_LEVELS:
            raise UsageError(f"--fail-on must be error, warning or never, not {fail_on!r}")
        select_findings([], only)  # a bad --only is refused before the checks run
        if list_:
            _print_list()
            return
        if source:
            if lang:
                raise UsageError("--lang does not apply to --source: the source is English")
            _report_source(check_sources(open_workspace(workspace), releases or ()),
                           as_json, fail_on)
            return
        ws = open_workspace(workspace)
        with progress_bar("Checking", ws.check_targets(lang)) as tick:
            result = check_workspace(ws, releases or (), lang, progress=tick)
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


def _print_list() -> None:
    """The checks in aligned columns, explanations wrapped under their column: the
    translations' checks, then the source's (``--source``)."""
    sections = [("Translations (l10n check):",
                 [(i.name, i.severity, i.explanation) for i in list_checks()]),
                ("Source (l10n check --source):",
                 [(name, sev, text) for name, (sev, text) in SOURCE_CHECKS.items()])]
    width = max(len(name) for _, rows in sections for name, _, _ in rows)
    indent = width + 2 + len("warning") + 2
    columns = max(shutil.get_terminal_size().columns, indent + 30)
    for n, (title, rows) in enumerate(sections):
        typer.echo(("\n" if n else "") + title)
        for name, severity, explanation in rows:
            text = textwrap.fill(explanation, width=columns - 1,
                                 initial_indent=" " * indent, subsequent_indent=" " * indent)
            typer.echo(f"{name:<{width}}  {severity:<7}  {text[indent:]}")


def _report_source(result: SourceResult, as_json: bool, fail_on: str) -> None:
    """``check --source``: the findings, a summary line, the exit code."""
    if as_json:
        typer.echo(json.dumps([f.as_dict() for f in result.findings], ensure_ascii=False,
                              indent=2))
    else:
        for f in result.findings:
            typer.echo(f"{f.file}:{f.line}: {f.severity} [{f.check}] {f.message}")
        typer.echo(f"{result.count('error')} error(s), {result.count('warning')} warning(s) "
                   f"in {result.sentences} sentences of {len(result.releases)} source "
                   f"release(s) ({len(SOURCE_CHECKS)} checks)")
    for note in result.skipped:
        typer.echo(f"note: {note}", err=True)
    if any(f.severity in FAIL_LEVELS[fail_on] for f in result.findings):
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
