"""Run the CLI as ``python -m l10n``."""

from l10n.cli import app

app(prog_name="l10n")
