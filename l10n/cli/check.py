"""The ``l10n check`` command: QA findings as compiler-style lines or JSON."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from l10n.check import check_workspace
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
    list_: Annotated[bool, typer.Option("--list", help="List the checks and exit.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Check translations: glossary, numbers, language, placeholders, typography, spelling.

    Every translated entry is checked, fuzzy ones too (marked "(fuzzy)"). Silence a check
    for one entry with the flag "#, ignore-<check>" or the comment "# l10n-ignore: <check>";
    turn a check off with [check] disable = ["<check>"] in the workspace config.

    Example: l10n check kazakhstan-impunity-2019 --lang kk --fail-on warning
    """
    with reported_errors():
        if fail_on not in FAIL_LEVELS:
            raise UsageError(f"--fail-on must be error, warning or never, not {fail_on!r}")
        if list_:
            for info in list_checks():
                typer.echo(f"{info.name:<15} {info.severity:<8} {info.explanation}")
            return
        with progress_bar("Checking") as tick:
            result = check_workspace(open_workspace(workspace), releases or (), lang,
                                     progress=tick)
        if as_json:
            typer.echo(json.dumps([f.as_dict() for f in result.findings], ensure_ascii=False,
                                  indent=2))
        else:
            for f in result.findings:
                fuzzy = " (fuzzy)" if f.fuzzy else ""
                typer.echo(f"{f.file}:{f.line}: {f.severity} [{f.check}] {f.message}{fuzzy}")
            typer.echo(f"{result.count('error')} error(s), {result.count('warning')} "
                       f"warning(s) in {result.entries} translated entries "
                       f"({len(result.checks)} checks)")
        for note in result.skipped:
            typer.echo(f"note: {note}", err=True)
        if any(f.severity in FAIL_LEVELS[fail_on] for f in result.findings):
            raise typer.Exit(1)
