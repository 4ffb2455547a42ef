"""The review and status commands: thin Typer wrappers over review, status and dashboard."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from l10n.cli.common import WorkspaceOpt, conversion_note, open_workspace, reported_errors
from l10n.dashboard import render_dashboard
from l10n.review import (
    REVIEWER_ENV,
    ReviewItem,
    ReviewReport,
    pending_report,
    review,
)
from l10n.status import StatusRow, status_report
from l10n.workspace.fsutil import atomic_write, display_path

WIDTH = 100  # columns a listed entry wraps at in a terminal whose width is unknown


def review_command(
    release: Annotated[str, typer.Argument(
            metavar="RELEASE", help="Release name (its file name without suffix).")],
    lang: Annotated[str, typer.Option("--lang", "-l", metavar="LANG", help="Target language.")],
    approve_all_clean: Annotated[bool, typer.Option(
        "--approve-all-clean", help="Sign off every translated entry with no QA error.")] = False,
    approve: Annotated[list[int] | None, typer.Option(
        "--approve", metavar="LINE", help="Sign off the entry listed at this PO line, QA "
                                          "errors or not (repeatable).",
        show_default=False)] = None,
    accept: Annotated[list[str] | None, typer.Option(
        "--accept", metavar="LINE:CHECK", help="Accept the finding of CHECK on the entry at "
                                               "this PO line, as 'l10n check' prints them "
                                               "(FILE:LINE:CHECK too; repeatable).",
        show_default=False)] = None,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help=f"Name on the sign-off (default: ${REVIEWER_ENV}, else no name).",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """List the entries awaiting review, or sign them off.

    Without --approve, --approve-all-clean or --accept nothing is written: each
    entry awaiting review is listed as FILE:LINE: STATUS: MSGID → MSGSTR,
    followed by its QA findings. Suggested and fuzzy entries are listed too, but
    they cannot be signed off until a translator removes their fuzzy flag.

    Signing off adds a '# l10n-reviewed:' comment; accepting a finding adds
    '# l10n-accepted: CHECK': the finding is still reported, as accepted, but
    no longer blocks 'l10n check' or 'l10n publish'. Both hold for the msgstr
    as it is: when it changes, they lapse and are dropped at the next write.
    Translations are never changed. Lines move when comments are added: list
    (or check) again before giving more lines. A line with no entry, or no
    finding of that check on it, exits 2 and writes nothing. Exit code 1 when a
    line given to --approve could not be signed off.

    Example: l10n review kazakhstan-impunity-2019 --lang kk --approve-all-clean
    """
    with reported_errors():
        ws = open_workspace(workspace)
        if approve_all_clean or approve or accept:
            report = review(ws, release, lang, approve_all_clean=approve_all_clean,
                            approve=approve or (), accept=accept or (), reviewer=reviewer)
        else:
            report = pending_report(ws, release, lang)
        if as_json:
            typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            _print_review(report)
        conversion_note(ws.relative(report.path), report.converted_from)
    if report.refused:
        raise typer.Exit(1)


def _print_review(report: ReviewReport) -> None:
    where = display_path(report.path)
    for item in report.approved:
        typer.echo(_wrapped(f"{where}:{item.line}: signed off: {_pair(item)}"))
    for acceptance in report.accepted:
        for finding in acceptance.findings:
            typer.echo(f"{where}:{acceptance.line}: accepted [{acceptance.check}] "
                       f"{_one_line(finding.message, 200)}")
    for acceptance in report.already_accepted:
        typer.echo(f"{where}:{acceptance.line}: already accepted [{acceptance.check}]")
    for refusal in report.refused:
        typer.echo(f"{where}:{refusal.line}: not signed off: {refusal.reason}", err=True)
    for item in report.pending:
        typer.echo(_wrapped(f"{where}:{item.line}: {_state(item)}: {_pair(item)}"))
        for finding in item.findings:
            accepted = " (accepted)" if getattr(finding, "accepted", False) else ""
            typer.echo(f"{where}:{item.line}: {finding.severity}: {finding.check}: "
                       f"{_one_line(finding.message, 200)}{accepted}")
    typer.echo(_summary(report))


def _state(item: ReviewItem) -> str:
    if item.stale:
        return f"{item.status.value} (changed since its sign-off)"
    return item.status.value if item.reviewable else f"{item.status.value}, not reviewable"


def _pair(item: ReviewItem) -> str:
    """The full source and translation: a reviewer judges the whole sentence."""
    return f"{_one_line(item.msgid, None)} → {_one_line(item.msgstr, None)}"


def _wrapped(line: str, terminal: bool | None = None) -> str:
    """A long listed entry wrapped to the terminal, its continuation lines indented.

    Piped into a file or grep it stays one line per entry (file:line and both texts).
    """
    if not (sys.stdout.isatty() if terminal is None else terminal):
        return line
    width = max(shutil.get_terminal_size((WIDTH, 24)).columns, 40)
    return "\n".join(textwrap.wrap(line, width, subsequent_indent="    ",
                                   break_long_words=False, break_on_hyphens=False)) or line


def _one_line(text: str, width: int | None) -> str:
    flat = text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
    return flat if width is None or len(flat) <= width else flat[:width - 1] + "…"


def _summary(report: ReviewReport) -> str:
    ready = [i for i in report.pending if i.reviewable]
    blocked = sum(1 for i in ready if i.errors)
    fuzzy = len(report.pending) - len(ready)
    parts = []
    if report.approved:
        by = f" by {report.reviewer}" if report.reviewer else ""
        parts.append(f"{len(report.approved)} signed off{by}")
    if report.accepted:
        by = f" by {report.reviewer}" if report.reviewer else ""
        n = len(report.accepted)
        parts.append(f"{n} finding{'' if n == 1 else 's'} accepted{by}")
    if report.stale_dropped:
        parts.append(f"{len(report.stale_dropped)} stale sign-offs dropped")
    if report.lapsed_dropped:
        parts.append(f"{len(report.lapsed_dropped)} lapsed acceptances dropped (msgstr "
                     "changed: decide again)")
    parts.append(f"{len(ready)} awaiting review"
                 + (f" ({blocked} with QA errors)" if blocked else ""))
    if fuzzy:  # no word of fuzzy entries a catalog does not have
        parts.append(f"{fuzzy} fuzzy, not yet reviewable")
    if not report.qa_ran:
        parts.append("QA not run")
    tail = f"; {display_path(report.path)} updated" if report.written else ""
    return f"{report.release} {report.lang}: {', '.join(parts)}{tail}"


def status_command(
    releases: Annotated[list[str] | None, typer.Argument(
        metavar="RELEASE", help="Release names (default: all).", show_default=False)] = None,
    lang: Annotated[list[str] | None, typer.Option(
        "--lang", "-l", metavar="LANG",
            help="Only these languages (repeatable).", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    html: Annotated[Path | None, typer.Option(
        "--html", metavar="FILE", help="Also write a self-contained HTML dashboard to FILE.",
        show_default=False, dir_okay=False)] = None,
    qa: Annotated[bool, typer.Option(
        "--qa/--no-qa", help="Run the QA checks for the error and warning counts "
                             "(--no-qa is faster on large workspaces).")] = True,
    workspace: WorkspaceOpt = None,
) -> None:
    """Show, per release and language, how much is translated, reviewed, QA-clean.

    'translated' counts non-fuzzy translations, reviewed ones included;
    'complete' is their share of entries and 'reviewed' the share signed off;
    'fuzzy' counts suggestions and other fuzzy entries. A second line gives
    entries/words per state. --html also writes a dashboard (contents, progress
    bars, QA findings per release and language with each translation beside
    its source, suggestions' findings after the rest) as one HTML file that
    opens from disk, with no network.

    Example: l10n status kazakhstan-impunity-2019 --json --html status.html
    """
    with reported_errors():
        ws = open_workspace(workspace)
        report = status_report(ws, releases or (), lang, with_qa=qa)
        if html is not None:
            page = render_dashboard(report.rows, report.findings,
                                    title=f"{ws.project}: translation status",
                                    generated=datetime.now().astimezone(),
                                    source_lang=ws.source)
            atomic_write(html, page)
            typer.echo(f"Dashboard written to {display_path(html)}", err=True)
        if as_json:
            typer.echo(json.dumps([r.as_dict() for r in report.rows], ensure_ascii=False,
                                  indent=2))
        else:
            _print_status(report.rows)


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def _print_status(rows: list[StatusRow]) -> None:
    width = max([len(r.release) for r in rows] + [7])
    typer.echo(f"{'release':<{width}}  lang  entries  words  translated  fuzzy  "
               f"untranslated  complete  reviewed  errors  warnings")
    for r in rows:
        typer.echo(f"{r.release:<{width}}  {r.lang:<4}  {r.entries:>7}  {r.words:>5}  "
                   f"{r.translated:>10}  {r.fuzzy:>5}  {r.untranslated:>12}  "
                   f"{r.percent:>7.1f}%  {r.percent_reviewed:>7.1f}%  "
                   f"{_count(r.qa_errors):>6}  {_count(r.qa_warnings):>8}")
        typer.echo(f"{'':<{width}}  {_by_state(r)}")


def _by_state(r: StatusRow) -> str:
    unreviewed = (r.translated - r.reviewed, r.translated_words - r.reviewed_words)
    return (f"entries/words: reviewed {r.reviewed}/{r.reviewed_words}, "
            f"unreviewed {unreviewed[0]}/{unreviewed[1]}, fuzzy {r.fuzzy}/{r.fuzzy_words} "
            f"(suggested {r.suggested}/{r.suggested_words}), "
            f"untranslated {r.untranslated}/{r.untranslated_words}")

