"""``l10n align``: bring a delivered translation into a release's PO file or the memory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from l10n.align import MIN_MEMORY_SCORE, AlignReport, align_release
from l10n.cli.common import WorkspaceOpt, conversion_note, open_workspace, reported_errors


def align_command(
    source: Annotated[str, typer.Argument(
        metavar="RELEASE", help="The release (its file name without suffix); with --memory "
                                "also any English document's path.")],
    path: Annotated[Path, typer.Argument(
        metavar="FILE", help="The translated document (txt, md, html, docx).")],
    lang: Annotated[str, typer.Option("--lang", "-l", metavar="LANG",
                                      help="The translation's language.")],
    memory: Annotated[bool, typer.Option(
        "--memory", help="Add the confident 1-1 sentence pairs to the translation memory "
                         "instead of writing the PO file.")] = False,
    min_score: Annotated[float, typer.Option(
        "--min-score", metavar="S", min=0.0, max=1.0,
        help="With --memory: the score (0-1) a pair needs.")] = MIN_MEMORY_SCORE,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what would change; write nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Align a partner's translated document with a release, sentence by sentence.

    Blocks are paired by structure, sentences by length (Gale–Church) and anchors
    (numbers, names, links, glossary terms). Aligned sentences are written as fuzzy
    entries with '#. aligned from FILE'; a translator's work is never replaced. The
    report lists the blocks and sentences that could not be aligned, with file:line.
    With --memory the confident pairs go to the translation memory instead (origin
    aligned:FILE), e.g. from an old release and its published translation.

    Example: l10n align kazakhstan-impunity-2019 --lang ru delivered/ru.md
    """
    with reported_errors():
        ws = open_workspace(workspace)
        report = align_release(ws, source, lang, path, memory=memory, dry_run=dry_run,
                               min_score=min_score)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    _print_report(report)
    if report.catalog:
        conversion_note(report.catalog, report.converted_from)


def _print_report(r: AlignReport) -> None:
    shapes = ", ".join(f"{n} {shape}" for shape, n in sorted(r.shapes.items()))
    typer.echo(f"{r.file} ({r.lang}) against {r.source}: {r.sentences} sentences; "
               f"beads: {shapes}")
    verb = "would be" if r.dry_run else "were"
    if r.memory:
        typer.echo(f"memory: {len(r.changes)} confident pairs ({r.low_score} 1-1 pairs below "
                   f"the score, {r.no_markup} with markup that did not map); "
                   + (f"{r.added} would be added or changed" if r.dry_run
                      else f"{r.added} units added or changed"))
    else:
        typer.echo(f"{r.catalog}: {len(r.changes)} entries {verb} written as fuzzy, "
                   f"{r.unchanged} unchanged, {len(r.kept)} translators' entries kept, "
                   f"{r.markup_notes} without their markup")
    if r.dry_run:
        for change in r.changes:
            typer.echo(f"  {change.where} [{change.shape} {change.score:.2f}]: {change.msgstr}")
    for where in r.kept:
        typer.echo(f"{where}: kept: a translator's msgstr is not replaced", err=True)
    counts = r.counts()
    typer.echo("not aligned: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
    for u in r.unaligned:
        typer.echo(f"{u.where}: {u.side} {u.what} not aligned: {_short(u.text)}")
    if r.dry_run:
        typer.echo("dry run: nothing written")


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
