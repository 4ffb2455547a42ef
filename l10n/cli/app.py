"""The l10n command line: thin Typer commands over the library."""

from __future__ import annotations

from typing import Annotated

import typer

from l10n import __version__
from l10n.cli.align import align_command
from l10n.cli.check import check_command
from l10n.cli.coordinator import analyze_command, todo_command
from l10n.cli.common import tidy_help
from l10n.cli.pipeline import export_command, ingest_command, init_command, pretranslate_command
from l10n.cli.publish import compile_command, publish_command
from l10n.cli.resources import engines_app, glossary_app, tm_app
from l10n.cli.review import review_command, status_command
from l10n.cli.xliff import xliff_app

app = typer.Typer(
    help="Translate press releases through gettext PO files.\n\n"
         "Example: l10n ingest && l10n status && l10n export my-release --lang kk",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(glossary_app, name="glossary")
app.add_typer(tm_app, name="tm")
app.add_typer(engines_app, name="engines")
app.add_typer(xliff_app, name="xliff", help="Exchange releases with CAT tools (XLIFF 1.2, 2.0).")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"l10n {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """Translate press releases through gettext PO files."""


# The order of registration is the order of `l10n --help`: the pipeline, then the groups.
app.command("init")(init_command)
app.command("ingest")(ingest_command)
app.command("export")(export_command)
app.command("check")(check_command)
app.command("status")(status_command)
app.command("review")(review_command)
app.command("todo")(todo_command)
app.command("analyze")(analyze_command)
app.command("publish")(publish_command)
app.command("compile")(compile_command)
app.command("pretranslate")(pretranslate_command)
app.command("align")(align_command)
tidy_help(app)  # after every registration: --help paragraphs wrapped once, by rich
