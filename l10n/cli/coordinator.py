"""The coordinator's questions: ``l10n todo`` (what is left) and ``l10n analyze`` (what it
costs). Both only read."""

from __future__ import annotations

import json
import shutil
import textwrap
from typing import Annotated, Optional

import typer

from l10n.analyze import Analysis, analyze
from l10n.cli.common import WorkspaceOpt, open_workspace, progress_bar, reported_errors
from l10n.todo import STATES, TodoItem, TodoReport, open_work

ReleasesArg = Annotated[Optional[list[str]], typer.Argument(
    metavar="[RELEASE]...", help="Release names (default: all).", show_default=False)]
_NAMES = {"untranslated": "untranslated", "fuzzy": "fuzzy", "qa-error": "with QA errors"}


def todo_command(
    releases: ReleasesArg = None,
    lang: Annotated[str, typer.Option("--lang", "-l", metavar="LANG",
                                      help="The target language.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """List the open work of one language: untranslated and fuzzy entries, and
    translations with QA errors, each with its full text and FILE:LINE.

    Entries come release by release, in document order. A fuzzy entry shows its
    suggestion and where it came from (memory or machine), or the source it was
    translated from before the release changed. QA errors are those 'l10n check'
    fails on (errors on confirmed translations that no reviewer accepted). Totals
    count entries and source words. Nothing is written; the exit code is 0.
    Hand the same work out to a CAT tool with 'l10n xliff export RELEASE --lang
    LANG --only-open'.

    Example: l10n todo kazakhstan-impunity-2019 --lang kk
    """
    with reported_errors():
        ws = open_workspace(workspace)
        with progress_bar(f"Checking {lang}") as tick:
            report = open_work(ws, releases or (), lang, progress=tick)
        if as_json:
            typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            _print_todo(report)
        for note in report.skipped:
            typer.echo(f"note: {note}", err=True)


def _width() -> int:
    return max(40, min(shutil.get_terminal_size((100, 24)).columns, 120))


def _print_todo(report: TodoReport) -> None:
    width = _width()
    for item in report.items:
        typer.echo(f"{item.file}:{item.line}: {_headline(item)}")
        for label, text in _texts(item):
            typer.echo(_wrapped(label, text, width))
        for p in item.problems:
            typer.echo(_wrapped(f"{p.severity} [{p.check}]", p.message, width, sep=" "))
    typer.echo(_summary(report))


def _headline(item: TodoItem) -> str:
    if not item.msgid:
        return "QA error in the header"
    state = "QA error" if item.state == "qa-error" else item.state
    if item.origin:
        state += f" (suggestion: {item.origin})"
    elif item.state == "fuzzy" and item.previous_msgid is not None:
        state += " (the source changed)"
    words = f"{item.words} word{'' if item.words == 1 else 's'}"
    context = f", context {item.msgctxt!r}" if item.msgctxt is not None else ""
    return f"{state}, {words}{context}"


def _texts(item: TodoItem) -> list[tuple[str, str]]:
    if not item.msgid:
        return []
    out = [("source", item.msgid)]
    if item.previous_msgid is not None:
        out.append(("was", item.previous_msgid))
    if item.msgstr:
        out.append(("suggestion" if item.origin else "translation", item.msgstr))
    return out


def _wrapped(label: str, text: str, width: int, sep: str = ": ") -> str:
    """A label and a full text, wrapped to the terminal under an indent; the text's own
    line breaks are kept."""
    head = f"    {label}{sep}"
    pad = " " * 8
    lines = []
    for n, paragraph in enumerate(text.split("\n")):
        lines.extend(textwrap.wrap(paragraph, width, initial_indent=head if n == 0 else pad,
                                   subsequent_indent=pad, break_long_words=False,
                                   break_on_hyphens=False, drop_whitespace=True)
                     or [head.rstrip() if n == 0 else ""])
    return "\n".join(lines)


def _summary(report: TodoReport) -> str:
    totals = report.totals()
    where = (report.releases[0] if len(report.releases) == 1
             else f"{len(report.releases)} releases")
    if not report.items:
        return (f"{where} {report.lang}: nothing open ({report.entries} entries, "
                f"{report.words} words)")
    parts = ", ".join(f"{totals[s]['entries']} {_NAMES[s]} ({totals[s]['words']} words)"
                      for s in STATES if totals[s]["entries"])
    return (f"{where} {report.lang}: {totals['open']['entries']} open entries "
            f"({totals['open']['words']} words) of {report.entries} ({report.words} words): "
            f"{parts}")


def analyze_command(
    releases: ReleasesArg = None,
    lang: Annotated[Optional[list[str]], typer.Option(
        "--lang", "-l", metavar="LANG", help="Only these languages (repeatable).",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Count source words and segments per language by translation-memory match band,
    as translation vendors quote: repetitions, 100%, 95-99%, 85-94%, 75-84%, 50-74%,
    no match.

    A segment repeated in the releases counts once, in its memory band, at its
    first occurrence; later ones are repetitions. The memory is the one
    'pretranslate' uses, less the analysed releases' own translations. Every
    segment is analysed, translated or not. Nothing is written.

    Example: l10n analyze new-release-1 new-release-2 --lang kk
    """
    with reported_errors():
        result = analyze(open_workspace(workspace), releases or (), lang)
        if as_json:
            typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            _print_analysis(result)


def _print_analysis(result: Analysis) -> None:
    names = result.releases
    listed = ", ".join(names[:5]) + (f", … ({len(names) - 5} more)" if len(names) > 5 else "")
    where = names[0] if len(names) == 1 else f"{len(names)} releases: {listed}"
    typer.echo(f"Memory analysis of {where}")
    typer.echo(f"{'lang':<6}{'band':<13}{'segments':>9}{'words':>8}{'% words':>9}")
    for a in result.languages:
        rows = [(b.band, b.segments, b.words) for b in a.bands]
        for n, (band, segments, words) in enumerate([*rows, ("total", a.segments, a.words)]):
            share = 100.0 * words / a.words if a.words else 0.0
            typer.echo(f"{a.lang if n == 0 else '':<6}{band:<13}{segments:>9}{words:>8}"
                       f"{share:>8.1f}%")
        typer.echo(f"{'':<6}(memory: {a.memory_units} units {result.source}→{a.lang}, without the "
                   f"analysed releases' own)")
