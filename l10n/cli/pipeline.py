"""The pipeline's own commands: ``l10n init``, ``ingest``, ``pretranslate`` and ``export``."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer

from l10n.cli.common import (
    WorkspaceOpt,
    conversion_note,
    open_workspace,
    print_ingest,
    print_pretranslate,
    progress_bar,
    progress_line,
    report_as_dict,
    reported_errors,
)
from l10n.check import check_sources, source_max_words
from l10n.export import export_release
from l10n.ingest import ingest
from l10n.pretranslate import pretranslate
from l10n.workspace.config import Workspace, init_workspace


def init_command(
    folder: Annotated[Path, typer.Argument(
            metavar="DIR", help="Folder to make a workspace (created if needed).")],
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
                   f"Put releases in {ws.sources_dir}/ and run 'l10n ingest'; bring an "
                   f"existing glossary in with 'l10n glossary import FILE' (TBX or CSV).")


def ingest_command(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        metavar="RELEASE", help="Release names (files in source_texts/) or release files "
                                "(.txt, .md, .html, .docx; copied in); default: every file in "
                                "source_texts/.", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Write nothing; show the sentences that would be added, changed "
                          "and removed, and what would happen to each language's "
                          "translations.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Segment releases and create or update their template and PO files.

    Translations are never lost: changed sentences keep their old translation as
    fuzzy, removed ones become obsolete (#~) entries, and one that comes back is
    revived with its translation. --dry-run shows, per release, the sentences that
    would be added, changed (old → new, with their similarity) and removed, and per
    language how many translations would go fuzzy, obsolete or be revived. Two files
    with one name (x.txt and x.md) are refused: a release is its file's name without
    suffix. When the English source has errors, a line says so: see 'l10n check --source'.

    Example: l10n ingest kazakhstan-impunity-2019

    Example: l10n ingest ~/Downloads/new-release.md

    Example: l10n ingest --dry-run
    """
    with reported_errors():
        ws = open_workspace(workspace)
        source_max_words(ws)  # a bad setting is refused before anything is written
        reports = ingest(ws, paths, progress=progress_line, dry_run=dry_run)
        if as_json:
            typer.echo(json.dumps({"dry_run": dry_run,
                                   "releases": [r.as_dict() for r in reports]},
                                  ensure_ascii=False, indent=2))
        else:
            print_ingest(ws, reports, dry_run=dry_run)
        for report in reports:
            for u in report.languages:
                if not dry_run:
                    conversion_note(ws.relative(u.path), u.converted_from)
        if not dry_run:  # a release from elsewhere is not in source_texts/ yet
            source_hint(ws, [r.release for r in reports if not r.unchanged])


def source_hint(ws: Workspace, releases: list[str]) -> None:
    """One line per ingested release whose English source has errors (issue 13): each is
    copied into every language, so it is cheapest to fix now."""
    if not releases or not ws.source.lower().startswith("en"):
        return  # the source checks are written for English
    errors = Counter(f.release for f in check_sources(ws, releases).findings
                     if f.severity == "error")
    for release in releases:
        if errors[release]:
            typer.echo(f"{release}: source: {errors[release]} error(s), run "
                       f"l10n check --source {release}", err=True)


def export_command(
    release: Annotated[str, typer.Argument(
            metavar="RELEASE", help="Release name (its file name without suffix).")],
    lang: Annotated[str, typer.Option("--lang", "-l", metavar="LANG", help="Target language.")],
    fmt: Annotated[Optional[str], typer.Option(
        "--format", "-f", help="txt, md, html or docx (default: the source's format).",
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
    when a translation is missing; the message lists what is missing. A translation
    with broken placeholders (see 'l10n check') counts as missing. An output that is,
    or lies in, the workspace's own files (sources, catalogs, glossary, .l10n, the
    settings) is refused (exit 2).

    --format docx writes a Word document: a .docx release keeps its styles, images
    and layout with the translated text marked in the target language for spelling;
    any other release becomes a simple document (headings, lists, links, emphasis).

    Example: l10n export kazakhstan-impunity-2019 --lang kk --format html -o kk.html

    Example: l10n export annual-statement --lang ru --format docx -o ru.docx
    """
    with reported_errors():
        ws = open_workspace(workspace)
        report = export_release(ws, release, lang, fmt=fmt, out=output, fallback=fallback,
                                min_complete=min_complete, include_fuzzy=include_fuzzy)
        note = ""
        if report.fuzzy:
            note += f", {report.fuzzy} from fuzzy suggestions not yet confirmed"
        if report.missing:
            broken = f"; {report.broken} with broken placeholders" if report.broken else ""
            note += (f", {len(report.missing)} kept in the source language "
                     f"({report.fallback_words} words{broken})")
        typer.echo(f"{report.path} ({report.lang}, {report.format}, "
                   f"{report.percent:.1f}% translated{note})")


def pretranslate_command(
    releases: Annotated[Optional[list[str]], typer.Argument(
        metavar="RELEASE", help="Release names (default: all).", show_default=False)] = None,
    lang: Annotated[Optional[list[str]], typer.Option(
        "--lang", "-l", metavar="LANG",
            help="Only these languages (repeatable).", show_default=False)] = None,
    engine: Annotated[Optional[str], typer.Option(
        "--engine", "-e", help="Use this engine instead of the configured chain "
                               "(see 'l10n engines').", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Send and write nothing; show what would be sent.")] = False,
    refresh: Annotated[bool, typer.Option(
        "--refresh", help="Redo the unconfirmed suggestions too (memory, then the engine).")
    ] = False,
    clear: Annotated[bool, typer.Option(
        "--clear", help="Remove the unconfirmed suggestions; suggest nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Suggest translations for untranslated entries: memory first, then machine translation.

    Suggestions are written as fuzzy with a '#. suggestion:' note naming their origin
    and the text's fingerprint. An exact memory match replaces an unconfirmed
    suggestion; --refresh redoes them all, --clear removes them. A translator's
    msgstr (confirmed, or fuzzy and edited since it was suggested) is never touched.
    The default engine is the offline one: nothing leaves the machine unless you
    choose an online engine.

    Example: l10n pretranslate kazakhstan-impunity-2019 --lang kk --engine pseudo --dry-run

    Example: l10n pretranslate --refresh --engine google
    """
    with reported_errors():
        ws = open_workspace(workspace)
        with progress_bar("Translating", ws.check_targets(lang)) as tick:
            report = pretranslate(ws, releases or (), langs=lang, engine=engine,
                                  dry_run=dry_run, refresh=refresh, clear=clear,
                                  progress=tick)
        if as_json:
            typer.echo(json.dumps(report_as_dict(report), ensure_ascii=False, indent=2))
        else:
            print_pretranslate(report)
        for o in report.outcomes:
            conversion_note(ws.relative(o.path), o.converted_from)
    if report.waiting and report.problems:
        raise typer.Exit(1)  # an engine failed: what is left needs a rerun or translators
