"""The ``l10n publish`` and ``l10n compile`` commands (registered in app.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from l10n.catalog.mo import compile_catalogs
from l10n.cli.common import WorkspaceOpt, open_workspace, reported_errors
from l10n.publish import publish, qa_gate_lines


def publish_command(
    release: Annotated[str, typer.Argument(
            metavar="RELEASE", help="Release name (its file name without suffix).")],
    lang: Annotated[Optional[list[str]], typer.Option(
        "--lang", "-l", metavar="LANG",
            help="Only these languages (repeatable; default: all targets).",
        show_default=False)] = None,
    formats: Annotated[Optional[str], typer.Option(
        "--formats", "-f", help="Comma-separated formats: md, html, txt (default: the "
                                "source's format plus html).", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Publication folder (default: out/publish).",
        show_default=False)] = None,
    min_complete: Annotated[Optional[float], typer.Option(
        "--min-complete", help="Refuse a language below this % of translated, non-fuzzy "
                               "entries (default: the workspace's, 100).",
        show_default=False)] = None,
    require_reviewed: Annotated[bool, typer.Option(
        "--require-reviewed", help="Refuse a language unless every entry is reviewed.")] = False,
    allow_qa_errors: Annotated[bool, typer.Option(
        "--allow-qa-errors", help="Publish a language despite QA errors.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Publish a release in every ready language: files per format, manifest.json and a zip.

    Writes DIR/RELEASE/<lang>/RELEASE.<ext> (the source language too),
    DIR/RELEASE/manifest.json and DIR/RELEASE.zip, replacing a previous publication
    in one swap. Languages not ready (below --min-complete, QA errors, not reviewed
    with --require-reviewed) are left out and listed with the reason; a translation
    with broken placeholders counts as missing. QA errors on confirmed translations
    block a language, each listed as FILE:LINE: error [CHECK] message with the
    'l10n review --accept LINE:CHECK' command that accepts it; errors on fuzzy
    entries (not published) and accepted ones do not block. Only an earlier publication is
    replaced: an output that is, lies in or holds the workspace or its folders, or a
    DIR/RELEASE or zip that l10n did not make, is refused. Exit code 0 when every
    language asked for was published, 1 when some were refused (or none was ready:
    then nothing is written), 2 on bad usage (nothing is written).

    Example: l10n publish kazakhstan-impunity-2019 --formats md,html,txt
    """
    with reported_errors():
        ws = open_workspace(workspace)
        report = publish(ws, release, langs=lang, formats=formats.split(",") if formats
                         else None, out_dir=output, min_complete=min_complete,
                         require_reviewed=require_reviewed, allow_qa_errors=allow_qa_errors)
        for r in report.published:
            typer.echo(f"{r.lang}: published {', '.join(r.files)} ({r.complete:.1f}% "
                       f"translated, {r.reviewed_share:.1f}% reviewed, {r.qa.errors} QA "
                       f"errors, {r.qa.warnings} warnings)")
        for r in report.refused:
            typer.echo(f"{r.lang}: not published: {r.reason}", err=True)
            for line in qa_gate_lines(ws, release, r):
                typer.echo(line, err=True)
        typer.echo(f"{report.folder} and {report.archive}")
    if report.exit_code:
        raise typer.Exit(report.exit_code)


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
