"""The command line: thin Typer commands over the library, one module per command group.

``app`` builds the ``l10n`` command and registers the others; ``common`` holds the workspace
option, error reporting and progress. May import anything in l10n; nothing imports it.
"""
