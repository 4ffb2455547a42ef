"""What every l10n command shares: the workspace option, error reporting, progress."""

from __future__ import annotations

import inspect
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Optional, get_args, get_origin

import typer
from rich.markup import escape
from typer.core import TyperArgument, TyperOption

from l10n.engines import check_chains
from l10n.workspace.config import Workspace, find_workspace
from l10n.workspace.errors import L10nError

def tidy_help(app: typer.Typer) -> None:
    """Hand every command's docstring to Typer with its paragraphs unwrapped, so that rich
    wraps them once to the terminal (a docstring's own line breaks would be kept and
    wrapped again), and with ``[`` escaped (``[check] disable`` is no rich markup).
    Lines that start a list (``- ``) stay lines. Sub-apps (``l10n glossary …``) too."""
    for info in app.registered_commands:
        info.help = unwrapped(info.help or inspect.getdoc(info.callback) or "")
    for group in app.registered_groups:
        if group.typer_instance is not None:
            tidy_help(group.typer_instance)
            group_info = group.typer_instance.info
            for holder in (group, group_info):
                if isinstance(holder.help, str):
                    holder.help = unwrapped(holder.help)
    if isinstance(app.info.help, str):
        app.info.help = unwrapped(app.info.help)


def unwrapped(doc: str) -> str:
    """``doc`` with each paragraph on one line (list items on their own), rich-escaped."""
    paragraphs = []
    for paragraph in inspect.cleandoc(doc).split("\n\n"):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if lines and not line.lstrip().startswith(("- ", "* ")):
                lines[-1] += " " + line.strip()
            else:
                lines.append(line.rstrip())
        paragraphs.append("\n".join(lines))
    return escape("\n\n".join(paragraphs))


def _type_in_words(param: Any, ctx: Any) -> str | None:
    """What --help shows beside a parameter: its metavar (RELEASE, LANG), else click's word
    for its type (TEXT, PATH, FLOAT), nothing for a flag or an argument named by its
    metavar. Typer ≥ 0.2x would show a Python type there ("<list[str]>", "<bool>")."""
    is_argument = not hasattr(param, "is_flag")
    if param.metavar:
        return None if is_argument else str(param.metavar)
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return None
    described = getattr(param, "type_descriptor", None)
    annotation = getattr(described, "annotation", str)
    if get_origin(annotation) is list:
        annotation = get_args(annotation)[0]
    if getattr(described, "is_path", False):
        return "PATH"
    return _TYPE_WORDS.get(annotation, "VALUE")


_TYPE_WORDS: dict[Any, str] = {str: "TEXT", int: "INTEGER", float: "FLOAT", Path: "PATH"}


for _param_class in (TyperArgument, TyperOption):
    if hasattr(_param_class, "display_type_rich"):
        _param_class.display_type_rich = _type_in_words  # type: ignore[method-assign,assignment]


def _usage_name(argument: Any) -> str:
    """An argument in the usage line as click and man pages write it: ``RELEASE`` when
    required, ``[RELEASE]...`` when optional and repeatable (Typer would write
    ``{RELEASE}``)."""
    name = argument.display_name_raw if argument.required else f"[{argument.display_name_raw}]"
    return str(name) + ("..." if argument.nargs != 1 else "")


if hasattr(TyperArgument, "_usage_display_name"):
    TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign,assignment]


WorkspaceOpt = Annotated[Optional[Path], typer.Option(
    "--workspace", "-w", metavar="DIR",
        help="Workspace folder (default: found from the current folder up).",
    show_default=False)]


def open_workspace(folder: Path | None) -> Workspace:
    """The workspace a command works in (``--workspace`` or found from the current folder),
    with its whole configuration checked, engine chains included."""
    ws = find_workspace(folder)
    check_chains(ws)
    return ws


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn an L10nError into one message on stderr and its exit code."""
    try:
        yield
    except L10nError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None


def conversion_note(where: str, charset: str | None) -> None:
    """Say once that a catalog read in a legacy charset was written back in UTF-8."""
    if charset:
        typer.echo(f"note: {where}: converted from {charset} to UTF-8", err=True)


def progress_line(message: str) -> None:
    """Progress goes to stderr, and only to a terminal: scripts and logs get results only."""
    if sys.stderr.isatty():
        typer.echo(message, err=True)


@contextmanager
def progress_bar(label: str, langs: Sequence[str] = ()) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr (terminals only) fed with (done, total): it names the
    languages at work and shows the time left, estimated from the pace so far."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    if langs:
        label = f"{label} {', '.join(langs)}"
    state: dict[str, Any] = {}

    def tick(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None or state.get("total") != total:
            if bar is not None:
                bar.render_finish()
            bar = state["bar"] = typer.progressbar(
                length=total, label=label, file=sys.stderr, show_eta=False, show_pos=True,
                item_show_func=lambda _: eta_text(state))
            state["total"], state["done"], state["start"] = total, 0, time.monotonic()
        state["pace"] = done, total
        bar.update(done - state["done"])
        state["done"] = done

    try:
        yield tick
    finally:
        if state.get("bar") is not None:
            state["bar"].render_finish()


def eta_text(state: dict[str, Any]) -> str:
    """``ETA 0:42`` from the time taken so far for (done, total), ``ETA …`` before the
    first step."""
    done, total = state.get("pace", (0, 0))
    if not done:
        return "ETA …"
    left = (time.monotonic() - state["start"]) / done * max(total - done, 0)
    minutes, seconds = divmod(round(left), 60)
    return f"ETA {minutes}:{seconds:02d}"


def report_as_dict(report: Any) -> dict[str, Any]:
    return asdict(report) | {"outcomes": [
        {k: str(v) if isinstance(v, Path) else v for k, v in asdict(o).items()}
        for o in report.outcomes]}


def _tokens(use: Any) -> str:
    """", 1,234 tokens in, 456 out, cost 0.0031" for token-billed engines (llm), else ""."""
    if not (use.tokens_in or use.tokens_out):
        return ""
    cost = f", cost {use.cost:.4f}" if use.cost is not None else ""
    return f"; {use.tokens_in} tokens in, {use.tokens_out} out{cost}"


def print_ingest(ws: Workspace, reports: list[Any], *, dry_run: bool = False) -> None:
    """What ingest did (or, with ``dry_run``, would do): in short, or sentence by sentence."""
    for report in reports:
        if report.unchanged:
            typer.echo(f"{report.release}: unchanged")
            continue
        verb = "would write" if dry_run else "→"
        typer.echo(f"{report.release}: {report.segments} segments, "
                   f"{report.entries} entries {verb} {ws.relative(report.template)}")
        if report.updated:
            typer.echo(f"  sentences: {len(report.added)} added, {len(report.changed)} "
                       f"changed, {len(report.removed)} removed")
        if dry_run:
            _print_sentences(report)
        for u in report.languages:
            state = "created" if u.created else ("updated" if u.changed else "unchanged")
            if dry_run:
                state = f"would be {state}" if u.changed or u.created else state
            typer.echo(f"  {u.lang}: {state} {ws.relative(u.path)} ({u.kept} kept, "
                       f"{u.fuzzy} fuzzy, {u.new} new, {u.obsoleted} obsolete, "
                       f"{u.revived} revived)")
    if dry_run:
        typer.echo("dry run: nothing written")


def _print_sentences(report: Any) -> None:
    """Every sentence added, changed and removed, in full (a changed one: old, then new)."""
    if not report.updated:
        return  # a new release: every sentence is new, its count says enough
    for change in report.added:
        typer.echo(f"  + {change.where}: {change.msgid}")
    for change in report.changed:
        typer.echo(f"  ~ {change.where}: changed (similarity {change.similarity:.2f})")
        typer.echo(f"      old: {change.old}")
        typer.echo(f"      new: {change.msgid}")
    for change in report.removed:
        typer.echo(f"  - removed (was {change.where}): {change.msgid}")


def print_pretranslate(report: Any) -> None:
    """The pre-translation report, one line per release and language."""
    for o in report.outcomes:
        if o.cleared:
            verb = "would be removed" if report.dry_run else "removed"
            typer.echo(f"{o.release} {o.lang}: {o.cleared} unconfirmed suggestions {verb}, "
                       f"{o.left} untranslated")
            continue
        replaced = (f" ({o.replaced} of them replacing earlier suggestions)"
                    if o.replaced else "")
        typer.echo(f"{o.release} {o.lang}: {o.untranslated} untranslated: {o.tm_exact} from "
                   f"memory (exact), {o.tm_fuzzy} (fuzzy), {o.machine} machine{replaced}, "
                   f"{o.left} left")
    for use in report.sent:
        cached = f", {use.cached} from the cache" if use.cached else ""
        if report.dry_run:
            typer.echo(f"{use.lang}: would send {use.segments} segments, {use.chars} characters "
                       f"to {use.engine}{cached}")
            continue
        trouble = "".join(f", {n} {what}" for n, what in ((use.failed, "failed"),
                                                          (use.rejected, "rejected")) if n)
        requests = f"{use.requests} request" + ("" if use.requests == 1 else "s")
        typer.echo(f"{use.lang}: {use.engine} translated {use.segments} segments, {use.chars} "
                   f"characters ({requests}){cached}{trouble}{_tokens(use)}")
    for line in report.rejected:
        typer.echo(f"rejected: {line}", err=True)
    for failure in report.failed:
        typer.echo(f"error: {failure}", err=True)
    for line in report.unusable:
        typer.echo(f"note: {line}; left for translators", err=True)
    for line in report.problems:
        typer.echo(f"error: {line}; run 'l10n pretranslate' again to finish", err=True)
