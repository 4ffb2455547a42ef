"""Catalogs translators save while l10n works on them: notice a save before overwriting it.

The workspace lock keeps other l10n commands out, but translators' editors (Poedit,
Lokalize, a text editor) do not take it. A command that rewrites a PO file therefore
keeps the bytes it read and compares them with the file once more right before writing:
if a translator saved meanwhile, it writes nothing and asks for a rerun, which then
starts from the translator's file.
"""

from __future__ import annotations

from pathlib import Path

from l10n.workspace.errors import CatalogError, UsageError
from l10n.workspace.fsutil import display_path

__all__ = ["read_catalog_bytes", "refuse_if_saved_meanwhile"]


def read_catalog_bytes(path: Path) -> bytes:
    """The bytes of a catalog, to parse now and compare with before writing.

    Raises:
        CatalogError: the file cannot be read.
    """
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CatalogError(display_path(path), None,
                           f"cannot read file: {exc.strerror or exc}") from None


def refuse_if_saved_meanwhile(path: Path, before: bytes | None, *, doing: str,
                              rerun: str) -> None:
    """Refuse to write ``path`` when it no longer holds the bytes ``before`` that were read.

    Call it under the workspace lock, as late as possible before the write.

    Args:
        path: the catalog about to be written.
        before: its bytes when the command read it (None: it did not exist).
        doing: what the command was doing, for the message ("importing").
        rerun: how to rerun it, for the message ("'l10n xliff import x.xlf'").

    Raises:
        UsageError: the file changed (exit 2, like ingest's and review's refusals:
            nothing was written and the input has to be read again).
    """
    try:
        now: bytes | None = Path(path).read_bytes()
    except FileNotFoundError:
        now = None
    if now != before:
        raise UsageError(f"{display_path(path)} changed while {doing}; nothing written, "
                         f"rerun {rerun}")
