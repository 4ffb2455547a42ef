"""The l10n command line: thin Typer commands over the library."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from l10n import __version__
from l10n.config import Workspace, find_workspace, init_workspace
from l10n.errors import L10nError
from l10n.export import export_release
from l10n.ingest import ingest
from l10n.status import status

app = typer.Typer(
    help="Translate press releases through gettext PO files.\n\n"
         "Example: l10n ingest && l10n status && l10n export my-release --lang kk",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

WorkspaceOpt = Annotated[Optional[Path], typer.Option(
    "--workspace", "-w", help="Workspace folder (default: found from the current folder up).",
    show_default=False)]


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn an L10nError into one message on stderr and its exit code."""
    try:
        yield
    except L10nError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None


def _workspace(path: Path | None) -> Workspace:
    return find_workspace(path)


def _progress(message: str) -> None:
    """Progress goes to stderr, and only to a terminal: scripts and logs get results only."""
    if sys.stderr.isatty():
        typer.echo(message, err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"l10n {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """Translate press releases through gettext PO files."""


@app.command("init")
def init_command(
    folder: Annotated[Path, typer.Argument(help="Folder to make a workspace (created if needed).")],
    source: Annotated[str, typer.Option("--source", help="Source language code.")] = "en",
    targets: Annotated[str, typer.Option("--targets", help="Target language codes, "
                                                         "comma-separated.")] = "kk,ru,fr",
) -> None:
    """Create a workspace: l10n.toml, source_texts/, locales/, glossary/.

    Example: l10n init releases --source en --targets kk,ru,fr
    """
    with reported_errors():
        ws = init_workspace(folder, source, [t for t in targets.split(",") if t.strip()])
        typer.echo(f"Created {ws.config_file} ({ws.source} → {', '.join(ws.targets)}). "
                   f"Put releases in {ws.sources_dir}/ and run 'l10n ingest'.")


@app.command("ingest")
def ingest_command(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Release files (.txt, .md, .html); default: every file in source_texts/.",
        show_default=False)] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Segment releases and create or update their template and PO files.

    Translations are never lost: changed sentences keep their old translation as
    fuzzy, removed ones become obsolete (#~) entries.

    Example: l10n ingest source_texts/kazakhstan-impunity-2019.txt
    """
    with reported_errors():
        ws = _workspace(workspace)
        for report in ingest(ws, paths, progress=_progress):
            if report.unchanged:
                typer.echo(f"{report.release}: unchanged")
                continue
            typer.echo(f"{report.release}: {report.segments} segments, "
                       f"{report.entries} entries → {ws.relative(report.template)}")
            for u in report.languages:
                state = "created" if u.created else ("updated" if u.changed else "unchanged")
                typer.echo(f"  {u.lang}: {state} {ws.relative(u.path)} ({u.kept} kept, "
                           f"{u.fuzzy} fuzzy, {u.new} new, {u.obsoleted} obsolete)")


@app.command("export")
def export_command(
    release: Annotated[str, typer.Argument(help="Release name (its file name without suffix).")],
    lang: Annotated[str, typer.Option("--lang", "-l", help="Target language.")],
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f", help="txt, md or html (default: the source's format).",
        show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Output file (default: out/LANG/RELEASE.EXT).",
        show_default=False)] = None,
    fallback: Annotated[str, typer.Option(
        "--fallback", help="Where a translation is missing: 'source' keeps the original "
                           "sentence, 'fail' refuses the export.")] = "source",
    min_complete: Annotated[Optional[float], typer.Option(
        "--min-complete", help="Refuse below this % of translated sentences "
                               "(default: the workspace's export.min_complete, 100).",
        show_default=False)] = None,
    include_fuzzy: Annotated[bool, typer.Option(
        "--include-fuzzy", help="Use fuzzy (unreviewed) translations too.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Rebuild a release in a target language, structure and formatting intact.

    Refused (exit 1, nothing written) below --min-complete, or with --fallback fail
    when a translation is missing; the message lists what is missing.

    Example: l10n export kazakhstan-impunity-2019 --lang kk --format html -o kk.html
    """
    with reported_errors():
        ws = _workspace(workspace)
        report = export_release(ws, release, lang, fmt=fmt, out=output, fallback=fallback,
                                min_complete=min_complete, include_fuzzy=include_fuzzy)
        note = f", {len(report.missing)} kept in the source language" if report.missing else ""
        typer.echo(f"{report.path} ({report.lang}, {report.format}, "
                   f"{report.percent:.1f}% translated{note})")


@app.command("status")
def status_command(
    releases: Annotated[Optional[list[str]], typer.Argument(
        help="Release names (default: all).", show_default=False)] = None,
    lang: Annotated[Optional[list[str]], typer.Option(
        "--lang", "-l", help="Only these languages (repeatable).", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Show, per release and language, how much is translated.

    Example: l10n status kazakhstan-impunity-2019 --json
    """
    with reported_errors():
        rows = status(_workspace(workspace), releases or (), lang)
        if as_json:
            typer.echo(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
            return
        width = max([len(r.release) for r in rows] + [7])
        typer.echo(f"{'release':<{width}}  lang  entries  words  translated  fuzzy  "
                   f"untranslated  complete")
        for r in rows:
            typer.echo(f"{r.release:<{width}}  {r.lang:<4}  {r.entries:>7}  {r.words:>5}  "
                       f"{r.translated:>10}  {r.fuzzy:>5}  {r.untranslated:>12}  "
                       f"{r.percent:>7.1f}%")
