"""The ``l10n publish`` and ``l10n compile`` commands (registered in app.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from l10n.catalog.mo import compile_catalogs
from l10n.cli.common import WorkspaceOpt, open_workspace, reported_errors
from l10n.publish import (NothingReady, PublishAllReport, PublishReport, publish,
                          publish_all, qa_gate_lines, refusal_message)
from l10n.workspace.config import Workspace
from l10n.workspace.errors import UsageError


def publish_command(
    release: Annotated[Optional[str], typer.Argument(
            metavar="[RELEASE]", help="Release name (its file name without suffix); "
                                      "or --all.", show_default=False)] = None,
    every: Annotated[bool, typer.Option(
        "--all", help="Every ingested release with at least one ready language.")] = False,
    lang: Annotated[Optional[list[str]], typer.Option(
        "--lang", "-l", metavar="LANG",
            help="Only these languages (repeatable; default: all targets).",
        show_default=False)] = None,
    formats: Annotated[Optional[str], typer.Option(
        "--formats", "-f", help="Comma-separated formats: md, html, txt, docx (default: the "
                                "source's format plus html).", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Publication folder (default: out/publish).",
        show_default=False)] = None,
    min_complete: Annotated[Optional[float], typer.Option(
        "--min-complete", help="Refuse a language below this % of translated, non-fuzzy "
                               "entries (default: the workspace's, 100).",
        show_default=False)] = None,
    require_reviewed: Annotated[Optional[bool], typer.Option(
        "--require-reviewed/--no-require-reviewed",
        help="Refuse a language unless every entry is reviewed (default: [publish] "
             "require_reviewed, true in workspaces made by 'l10n init').",
        show_default=False)] = None,
    allow_qa_errors: Annotated[bool, typer.Option(
        "--allow-qa-errors", help="Publish a language despite QA errors.")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="With --all: exit 1 when any language of any release is not "
                         "ready (the ready ones are still published).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Publish a release in every ready language: files per format, manifest.json and a zip.

    Writes DIR/RELEASE/<lang>/RELEASE.<ext> (the source language too),
    DIR/RELEASE/manifest.json and DIR/RELEASE.zip, replacing a previous publication
    in one swap. HTML pages are set into the [publish] template (default: l10n's own
    page, with a language switcher; template = false for the bare export). Languages
    not ready (below --min-complete, QA errors, not reviewed with --require-reviewed)
    are left out and listed with the reason; a translation with broken placeholders
    counts as missing. QA errors on confirmed translations
    block a language, each listed as FILE:LINE: error [CHECK] message with the
    'l10n review --accept LINE:CHECK' command that accepts it; errors on fuzzy
    entries (not published) and accepted ones do not block. Only an earlier publication is
    replaced: an output that is, lies in or holds the workspace or its folders, or a
    DIR/RELEASE or zip that l10n did not make, is refused. Exit code 0 when every
    language asked for was published, 1 when some were refused (or none was ready:
    then nothing is written), 2 on bad usage or a template error (nothing is written).

    --all publishes every release with a ready language and lists the languages and
    releases not ready; it exits 0 when something was published, 1 when nothing was
    (or, with --strict, when any language was not ready).

    Example: l10n publish kazakhstan-impunity-2019 --formats md,html,txt

    Example: l10n publish --all --strict --json
    """
    with reported_errors():
        if every == (release is not None):
            raise UsageError("give a RELEASE or --all (not both)")
        if strict and not every:
            raise UsageError("--strict goes with --all (publishing one release already "
                             "exits 1 when a language is not ready)")
        ws = open_workspace(workspace)
        chosen = formats.split(",") if formats else None
        if every:
            result = publish_all(ws, langs=lang, formats=chosen, out_dir=output,
                                 min_complete=min_complete, require_reviewed=require_reviewed,
                                 allow_qa_errors=allow_qa_errors, strict=strict)
            code = result.exit_code
            if as_json:
                typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            else:
                _echo_all(ws, result)
        else:
            assert release is not None
            try:
                report = publish(ws, release, langs=lang, formats=chosen, out_dir=output,
                                 min_complete=min_complete, require_reviewed=require_reviewed,
                                 allow_qa_errors=allow_qa_errors)
            except NothingReady as refused:
                if not as_json:
                    raise
                report = refused.report  # nothing written: the reasons, for a script
            code = report.exit_code
            if as_json:
                typer.echo(json.dumps(dict(report.as_dict(), exit_code=code),
                                      ensure_ascii=False, indent=2))
            else:
                _echo(ws, report)
    if code:
        raise typer.Exit(code)


def _echo(ws: Workspace, report: PublishReport, *, prefix: str = "") -> None:
    for r in report.published:
        typer.echo(f"{prefix}{r.lang}: published {', '.join(r.files)} ({r.complete:.1f}% "
                   f"translated, {r.reviewed_share:.1f}% reviewed, {r.qa.errors} QA "
                   f"errors, {r.qa.warnings} warnings)")
    for r in report.refused:
        typer.echo(f"{prefix}{r.lang}: not published: {r.reason}", err=True)
        for line in qa_gate_lines(ws, report.release, r):
            typer.echo(line, err=True)
    if report.published:
        typer.echo(f"{report.folder} and {report.archive}")


def _echo_all(ws: Workspace, result: PublishAllReport) -> None:
    for report in result.published:
        _echo(ws, report, prefix=f"{report.release} ")
    for report in result.nothing_ready:
        typer.echo(f"not published: {refusal_message(ws, report)}", err=True)
    refused = sum(len(r.refused) for r in result.published)
    typer.echo(f"{len(result.published)} release(s) published, {len(result.nothing_ready)} "
               f"with no language ready; {refused} language(s) of published releases "
               "not ready", err=True)


def compile_command(
    lang: Annotated[Optional[list[str]], typer.Option(
        "--lang", "-l", metavar="LANG",
            help="Only these languages (repeatable; default: all targets).",
        show_default=False)] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Compile every PO file into a GNU MO file next to it, for gettext-based software.

    Fuzzy and untranslated entries are left out, as msgfmt does.

    Example: l10n compile --lang kk --lang ru
    """
    with reported_errors():
        ws = open_workspace(workspace)
        for path in compile_catalogs(ws, lang):
            typer.echo(ws.relative(path))
