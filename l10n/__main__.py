"""Run the CLI as ``python -m l10n``."""

from l10n.cli.app import app

if __name__ == "__main__":
    app(prog_name="l10n")
