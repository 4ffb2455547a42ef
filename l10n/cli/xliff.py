"""Commands for XLIFF exchange with CAT tools: ``l10n xliff export`` and ``l10n xliff import``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from l10n.cli.common import WorkspaceOpt, conversion_note, open_workspace, reported_errors
from l10n.todo import export_open
from l10n.xliff.exporter import export_xliff
from l10n.xliff.importer import import_xliff

xliff_app = typer.Typer(help="Exchange a release with CAT tools (OmegaT, memoQ, Trados) "
                             "as XLIFF 1.2 or 2.0.", no_args_is_help=True)


@xliff_app.command("export")
def xliff_export(
    release: Annotated[str, typer.Argument(
            metavar="RELEASE", help="Release name (its file name without suffix).")],
    lang: Annotated[str, typer.Option("--lang", "-l", metavar="LANG", help="Target language.")],
    version: Annotated[str, typer.Option("--version", help="XLIFF version: 1.2 or 2.0.")
                       ] = "1.2",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Output file (default: out/xliff/RELEASE.LANG.xlf).",
        show_default=False)] = None,
    only_open: Annotated[bool, typer.Option(
        "--only-open", help="Only the open work, as 'l10n todo' lists it: untranslated "
                            "and fuzzy entries, translations with QA errors.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Write a release's translations in one language as an XLIFF file for a CAT tool.

    With --only-open the file holds just the open work (no file when nothing is
    open); 'l10n xliff import' merges it back like a full export.

    Example: l10n xliff export kazakhstan-impunity-2019 --lang kk --only-open
    """
    with reported_errors():
        ws = open_workspace(workspace)
        path = output or ws.root / "out" / "xliff" / f"{release}.{lang}.xlf"
        if only_open:
            count = export_open(ws, release, lang, path, version=version)
            if not count:
                typer.echo(f"{release} {lang}: nothing open; no file written")
                return
        else:
            count = export_xliff(ws, release, lang, path, version=version)
        typer.echo(f"{path} (XLIFF {version}, {count} units{' open' if only_open else ''})")


@xliff_app.command("import")
def xliff_import(
    path: Annotated[Path, typer.Argument(
            metavar="FILE", help="The XLIFF file returned by the translator.")],
    merge_matching: Annotated[bool, typer.Option(
        "--merge-matching", help="If the release changed since the export, merge the units "
                                 "that still match instead of refusing the file.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Merge a translated XLIFF file (1.2 or 2.0) back into its release's PO file.

    Nobody's work is lost: an empty target never erases a translation, a unit whose
    inline codes were lost or invented is refused, and a file exported before the
    release changed is refused as a whole (exit 2) unless --merge-matching.

    Example: l10n xliff import out/xliff/kazakhstan-impunity-2019.kk.xlf
    """
    with reported_errors():
        ws = open_workspace(workspace)
        r = import_xliff(ws, path, merge_matching=merge_matching)
        if as_json:
            data = r.as_dict() | {"catalog": ws.relative(r.po_path)}
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            state = "updated" if r.written else "unchanged"
            skipped = sum(r.skipped.values())
            reasons = "".join(f", {n} {why}" for why, n in r.skipped.items())
            typer.echo(f"{ws.relative(r.po_path)}: {state} ({r.units} units: {r.taken} taken "
                       f"= {r.updated} translations, {r.state_changed} state changes, "
                       f"{r.unchanged} unchanged, {r.empty_kept} empty targets kept; "
                       f"{skipped} skipped{reasons})")
        for issue in r.refused:
            typer.echo(f"{path}:{issue.line}: refused unit {issue.unit}: {issue.reason}",
                       err=True)
        for issue in r.stale + r.ignored:
            typer.echo(f"{path}:{issue.line}: skipped unit {issue.unit}: {issue.reason}",
                       err=True)
        if r.missing:
            typer.echo(f"{r.missing} entries of {ws.relative(r.po_path)} were not in the file "
                       "(left as they are)", err=True)
        conversion_note(ws.relative(r.po_path), r.converted_from)
    if r.refused:
        raise typer.Exit(1)
