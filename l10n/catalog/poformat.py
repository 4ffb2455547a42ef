"""Write gettext PO/POT files exactly as GNU msgcat and msgmerge write them.

A catalog read from a file remembers that file's layout (LF or CRLF line ends, a UTF-8
byte order mark) and is written back with it, so that rewriting a translator's file
changes only the lines whose content changed. A file read in a legacy charset (CP1251,
KOI8-R, ...) is written back in UTF-8; its layout names the charset, for the note the
writing command gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polib

from l10n.catalog.linebreak import line_breaks
from l10n.workspace.fsutil import atomic_write

__all__ = ["Layout", "format_po", "layout_of", "set_layout", "write_po"]

_WRITE_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t",
                  "\v": "v", "\\": "\\", '"': '"'}
# gettext 0.21's format_language[] order: the order msgcat prints *-format flags in.
_FORMATS = ("c objc python python-brace java java-printf csharp javascript scheme lisp elisp "
            "librep ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost "
            "tcl perl perl-brace php gcc-internal gfc-internal ycp").split()
_FORMAT_RANK = {name: i for i, name in enumerate(_FORMATS)}
_NO_WRAP = 10**9


_BOM = "\ufeff"
_LAYOUT_ATTRIBUTE = "l10n_layout"


@dataclass(frozen=True)
class Layout:
    """How a PO file's bytes are laid out beyond the PO grammar."""

    newline: str = "\n"  # or "\r\n"
    bom: bool = False  # starts with a UTF-8 byte order mark
    legacy_charset: str | None = None  # the charset it was read in, if not UTF-8

    @classmethod
    def of_bytes(cls, data: bytes) -> Layout:
        """The layout of a file's bytes; its first line end decides LF or CRLF."""
        end = data.find(b"\n")
        return cls(newline="\r\n" if end > 0 and data[end - 1:end] == b"\r" else "\n",
                   bom=data.startswith(b"\xef\xbb\xbf"))


def layout_of(po: polib.POFile) -> Layout:
    """The layout ``po`` is written with: that of the file it was read from, else LF."""
    return getattr(po, _LAYOUT_ATTRIBUTE, None) or Layout()


def set_layout(po: polib.POFile, layout: Layout) -> None:
    """Write ``po`` with ``layout`` (a catalog made from another keeps that one's)."""
    setattr(po, _LAYOUT_ATTRIBUTE, layout)


def _escape_portion(portion: str) -> tuple[str, list[bool | None]]:
    """Escape one \\n-terminated piece; return its text and per-character break overrides."""
    chars: list[str] = []
    overrides: list[bool | None] = []
    for ch in portion:
        if ch in _WRITE_ESCAPES:
            chars += ["\\", _WRITE_ESCAPES[ch]]
            overrides += [None, False]  # never split an escape sequence
        else:
            chars.append(ch)
            overrides.append(None)
    if portion.endswith("\n"):
        overrides[-2] = False  # gettext never breaks right before the final "\n"
    return "".join(chars), overrides


@lru_cache(maxsize=16384)  # a msgid is laid out alike in the template and every PO file
def _wrap(prefix: str, name: str, value: str, width: int) -> tuple[str, ...]:
    """Lay out ``name "value"`` as GNU gettext's write-po.c wrap() does."""
    portions = re.findall(r"[^\n]*\n|[^\n]+", value) or [""]
    indent = len(prefix) + 1
    avail = width - 1 - indent
    lines: list[str] = []
    first = True
    for number, portion in enumerate(portions):
        text, overrides = _escape_portion(portion)
        start = len(name) + 1 if first else 0
        breaks = line_breaks(text, overrides, avail, start)
        more = number + 1 < len(portions)
        if first and text and (more or start > avail or any(breaks)):
            lines.append(f'{prefix}{name} ""')
            first, start = False, 0
            breaks = line_breaks(text, overrides, avail, start)
        pieces, last = [], 0
        for i, brk in enumerate(breaks):
            if brk:
                pieces.append(text[last:i])
                last = i
        pieces.append(text[last:])
        head = f"{prefix}{name} " if first else prefix
        lines.append(f'{head}"{pieces[0]}"')
        lines.extend(f'{prefix}"{piece}"' for piece in pieces[1:])
        first = False
    return tuple(lines)


def _flag_key(item: tuple[int, str]) -> tuple[int, int]:
    index, flag = item
    if flag == "fuzzy":
        return (0, 0)
    language = flag.removeprefix("no-").removeprefix("possible-").removesuffix("-format")
    if flag.endswith("-format") and language in _FORMAT_RANK:
        return (1, _FORMAT_RANK[language])
    if flag.startswith("range:"):
        return (2, 0)
    if flag in ("wrap", "no-wrap"):
        return (3, 0)
    return (4, index)  # flags gettext does not know: msgcat drops them, we keep them


def _sorted_flags(flags: list[str]) -> list[str]:
    unique = list(dict.fromkeys(f.strip() for f in flags if f.strip()))
    return [flag for _, flag in sorted(enumerate(unique), key=_flag_key)]


def _comment_lines(marker: str, text: str | None) -> list[str]:
    if not text:
        return []
    return [f"{marker} {line}" if line else marker for line in text.split("\n")]


def _reference_lines(occurrences: list[tuple[str, str]], width: int) -> list[str]:
    """Fill "#:" lines with as many file:line tokens as fit, as GNU does."""
    lines: list[str] = []
    column = 2
    current = "#:"
    seen = set()
    for name, line in occurrences:
        token = f"{name}:{line}" if line not in (None, "") else str(name)
        if token in seen:
            continue
        seen.add(token)
        if column > 2 and column + len(token) + 1 > width:
            lines.append(current)
            current, column = "#:", 2
        current += " " + token
        column += len(token) + 1
    if column > 2:
        lines.append(current)
    return lines


def _entry_lines(entry: polib.POEntry, width: int) -> list[str]:
    flags = _sorted_flags(list(entry.flags))
    first = (entry.msgstr_plural or {}).get(0, "") if entry.msgid_plural else entry.msgstr
    if not first and "fuzzy" in flags:
        flags.remove("fuzzy")  # gettext never writes fuzzy on an untranslated message
    wrap_width = _NO_WRAP if "no-wrap" in flags else width
    obsolete = bool(entry.obsolete)
    lines = _comment_lines("#", entry.tcomment) + _comment_lines("#.", entry.comment)
    lines += _reference_lines(list(entry.occurrences), width)
    if flags:
        lines.append("#, " + ", ".join(flags))
    prev_prefix, prefix = ("#~| ", "#~ ") if obsolete else ("#| ", "")
    for name in ("msgctxt", "msgid", "msgid_plural"):
        value = getattr(entry, f"previous_{name}")
        if value is not None:
            lines += _wrap(prev_prefix, name, value, wrap_width)
    if entry.msgctxt is not None:
        lines += _wrap(prefix, "msgctxt", entry.msgctxt, wrap_width)
    lines += _wrap(prefix, "msgid", entry.msgid, wrap_width)
    if entry.msgid_plural:
        lines += _wrap(prefix, "msgid_plural", entry.msgid_plural, wrap_width)
        forms = entry.msgstr_plural or {0: ""}
        for index in sorted(int(k) for k in forms):
            value = forms.get(index, forms.get(str(index), ""))  # type: ignore[call-overload]
            lines += _wrap(prefix, f"msgstr[{index}]", value, wrap_width)
    else:
        lines += _wrap(prefix, "msgstr", entry.msgstr, wrap_width)
    return lines


def _header_entry(po: polib.POFile) -> polib.POEntry | None:
    if not po.metadata and not po.header:
        return None
    fuzzy = po.metadata_is_fuzzy
    flags = list(fuzzy) if isinstance(fuzzy, list) else (["fuzzy"] if fuzzy else [])
    msgstr = "".join(f"{name}: {value}\n" for name, value in po.metadata.items())
    return polib.POEntry(msgid="", msgstr=msgstr, tcomment=po.header or "", flags=flags)


def format_po(po: polib.POFile, *, width: int = 79) -> str:
    """Serialise a catalog exactly as GNU msgcat/msgmerge (gettext 0.21) would.

    The header comes first, then active entries in order, then obsolete entries
    (those with an empty msgstr are dropped, as msgcat does). Line ends and a byte
    order mark follow :func:`layout_of` (msgcat writes LF and no BOM, which is also
    the layout of a catalog not read from a file).

    Args:
        po: The catalog.
        width: Page width for wrapping strings and ``#:`` lines (GNU's default 79).

    Returns:
        The file text, ending with exactly one line end.
    """
    blocks = []
    header = _header_entry(po)
    if header is not None:
        blocks.append(_entry_lines(header, width))
    active = [e for e in po if not e.obsolete]
    obsolete = [e for e in po if e.obsolete and (e.msgstr or any(e.msgstr_plural.values()))]
    blocks += [_entry_lines(e, width) for e in active + obsolete]
    text = "\n\n".join("\n".join(block) for block in blocks) + "\n"
    layout = layout_of(po)
    if layout.newline != "\n":
        text = text.replace("\n", layout.newline)
    return _BOM + text if layout.bom else text


def write_po(po: polib.POFile, path: Path) -> bool:
    """Write ``po`` to ``path`` atomically, unless the file already holds those bytes.

    Args:
        po: The catalog.
        path: Destination file.

    Returns:
        True if the file was written, False if it was already identical (untouched).
    """
    path = Path(path)
    data = format_po(po).encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write(path, data)
    return True
