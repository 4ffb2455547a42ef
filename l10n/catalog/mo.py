"""Compile: write each PO catalog as a GNU MO file for gettext-based software.

``locales/<lang>/LC_MESSAGES/<release>.po`` becomes ``<release>.mo`` next to it, as
GNU ``msgfmt`` would write it without ``--use-fuzzy``: fuzzy, untranslated (including
partly translated plural entries) and obsolete entries are left out, the header is
kept (less its ``POT-Creation-Date``, as msgfmt drops it). The file is written in the GNU MO layout (little-endian, revision 0, no hash
table: readers fall back to a binary search, and Python's gettext builds its own
dictionary anyway).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path

import polib

from l10n.catalog.entries import is_translated
from l10n.catalog.pofile import read_po
from l10n.workspace.config import Workspace
from l10n.workspace.fsutil import atomic_write_many, display_path, workspace_lock

MO_MAGIC = 0x950412DE
_CONTEXT_SEPARATOR = "\x04"


def compile_catalogs(ws: Workspace, langs: Sequence[str] | None = None) -> list[Path]:
    """Write a MO file next to every PO file of the given languages (default: all).

    All MO files are written together and atomically: an error in one catalog leaves
    every MO file as it was.

    Args:
        ws: the workspace.
        langs: target languages (validated against the workspace's targets).

    Returns:
        The MO files written, in language then release order.

    Raises:
        UsageError: a language is not a target of the workspace.
        CatalogError: a PO file cannot be read.
    """
    chosen = ws.check_targets(list(langs) if langs else None)
    with workspace_lock(ws.root):
        outputs: list[tuple[Path, bytes]] = []
        for lang in chosen:
            folder = ws.locales_dir / lang / "LC_MESSAGES"
            for po_path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
                outputs.append((po_path.with_suffix(".mo"),
                                mo_bytes(read_po(display_path(po_path)))))
        atomic_write_many(outputs)
    return [path for path, _ in outputs]


def mo_entries(po: polib.POFile) -> dict[str, str]:
    """The MO file's keys and values: the header under ``""``, then usable translations.

    A key is ``msgctxt`` + EOT + ``msgid`` when there is a context, and ``msgid`` NUL
    ``msgid_plural`` for a plural entry, whose value is its forms joined by NUL.
    """
    entries = {"": _header(po)}
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags or not is_translated(entry):
            continue
        key = entry.msgid
        if entry.msgid_plural:
            key += "\x00" + entry.msgid_plural
            value = "\x00".join(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
        else:
            value = entry.msgstr
        if entry.msgctxt is not None:
            key = entry.msgctxt + _CONTEXT_SEPARATOR + key
        entries[key] = value
    return entries


def mo_bytes(po: polib.POFile) -> bytes:
    """The GNU MO file of a catalog (see `mo_entries` for what goes in)."""
    pairs = sorted((k.encode("utf-8"), v.encode("utf-8")) for k, v in mo_entries(po).items())
    count = len(pairs)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + 8 * count
    data_at = translations_at + 8 * count
    table: list[int] = []
    blob = bytearray()
    for key, _ in pairs:
        table += [len(key), data_at + len(blob)]
        blob += key + b"\x00"
    for _, value in pairs:
        table += [len(value), data_at + len(blob)]
        blob += value + b"\x00"
    head = struct.pack("<7I", MO_MAGIC, 0, count, originals_at, translations_at, 0, data_at)
    return head + struct.pack(f"<{len(table)}I", *table) + bytes(blob)


def _header(po: polib.POFile) -> str:
    """The header entry's msgstr, always declaring UTF-8 (the encoding written).

    ``POT-Creation-Date`` is dropped, as msgfmt does: the MO file does not change just
    because the template was regenerated.
    """
    fields = {k: v for k, v in po.metadata.items() if k != "POT-Creation-Date"}
    fields["Content-Type"] = "text/plain; charset=UTF-8"
    fields.setdefault("MIME-Version", "1.0")
    fields.setdefault("Content-Transfer-Encoding", "8bit")
    return "".join(f"{name}: {value}\n" for name, value in fields.items())
