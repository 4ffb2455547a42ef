"""The l10n error tree: every error a user can cause, with its exit code."""

from __future__ import annotations

from pathlib import Path


class L10nError(Exception):
    """Base of every error the CLI reports as one line instead of a traceback.

    Exit code 1 means "the command ran and found problems"; 2 means bad input,
    usage or configuration (as click's own usage errors).
    """

    exit_code = 1


class UsageError(L10nError):
    """The command was asked for something that cannot be done (exit 2)."""

    exit_code = 2


class ConfigError(UsageError):
    """The workspace configuration is missing or invalid."""


class InputError(UsageError):
    """A file given to l10n is unreadable or malformed; names the file and line."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = message
        where = f"{path}:{line}" if line is not None else f"{path}"
        super().__init__(f"{where}: {message}")


class SourceError(InputError):
    """A source document (release) cannot be read or parsed."""


class CatalogError(InputError):
    """A PO or POT file cannot be read: syntax, duplicates, header."""


class LockedError(UsageError):
    """Another l10n process is working on the same workspace."""


class Refused(L10nError):
    """The command ran but refused to produce its output (e.g. export below threshold)."""
