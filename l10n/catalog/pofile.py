"""Read and validate gettext PO/POT files as editors write them, with file:line errors.

Writing lives in poformat.py; format_po and write_po are re-exported here so that
callers have one module for PO files.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import polib

from l10n.catalog.gnucheck import message_problem, plural_rule
from l10n.catalog.poformat import Layout, format_po, layout_of, set_layout, write_po
from l10n.workspace.errors import CatalogError

__all__ = ["Layout", "format_po", "header_line", "layout_of", "parse_po", "read_po",
           "set_layout", "write_po"]


# The escapes GNU gettext 0.21 accepts inside strings (po-lex.c control_sequence);
# anything else after a backslash is a syntax error there, so it is one here too.
_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a",
            "\\": "\\", '"': '"'}
_ESCAPE_RE = re.compile(r'\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.)|$)|"')
_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[\s\"]|$)\s*(.*)$")
_HEADER_LINE_RE = re.compile(r"([^:\s][^:]*):(.*)$")
_CHARSET_RE = re.compile(r"charset=(\S*)")
_AFTER_NEWLINE = re.compile(r"(?<=\n)")
_HEADER_LINES = "l10n_header_lines"  # the POFile attribute: header field -> file line


@dataclass
class _Entry:
    """One message as it is being read, with the line numbers errors need."""

    line: int = 0
    obsolete: bool = False
    tcomments: list[str] = field(default_factory=list)
    xcomments: list[str] = field(default_factory=list)
    refs: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    prev: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    plurals: dict[int, str] = field(default_factory=dict)
    segments: list[tuple[int, str]] = field(default_factory=list)  # msgstr strings by line
    target: tuple[str, str | int] | None = None  # where a continuation string goes

    @property
    def started(self) -> bool:
        return "msgid" in self.fields or "msgctxt" in self.fields

    @property
    def has_msgstr(self) -> bool:
        return "msgstr" in self.fields or bool(self.plurals)


class _Reader:
    """Line-by-line PO parser with the same grammar as GNU gettext's po-gram."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: list[_Entry] = []
        self.cur = _Entry()

    def fail(self, line: int, message: str) -> CatalogError:
        return CatalogError(self.path, line, message)

    def run(self, text: str) -> list[_Entry]:
        lineno = 0
        line, statement, comment = self.line, self.statement, self.comment
        for lineno, raw in enumerate(text.split("\n"), start=1):
            # Comments keep trailing blanks (msgcat does); only the CR of CRLF goes.
            s = raw.removesuffix("\r").lstrip(" \t")
            # Fast paths for the commonest lines; each does what ``line`` would do.
            first = s[:1]
            if first == '"':
                self.fast_continuation(lineno, s.rstrip(" \t"))
            elif first == "#":
                if s[1:2] in (".", ":", ","):
                    comment(lineno, s[1:])
                else:
                    line(lineno, s)
            elif first:
                statement(lineno, s.rstrip(" \t"), obsolete=False)
        self.finish(lineno)
        return self.entries

    def fast_continuation(self, n: int, s: str) -> None:
        """``continuation`` of an active message's field in one plain string."""
        cur = self.cur
        target = cur.target
        if target is None or target[0] != "field" or cur.obsolete or not cur.started:
            self.continuation(n, s, False)
            return
        end = s.find('"', 1)
        if end == len(s) - 1 and s.find("\\", 1, end) < 0:
            value = s[1:end]
        else:
            value = self.strings(n, s)
        key = str(target[1])
        if "\x04" in value:
            self.check_eot(n, key, value)
        cur.fields[key] += value
        if key == "msgstr":
            cur.segments.append((n, value))

    def line(self, n: int, s: str) -> None:
        if not s.strip(" \t") or s.rstrip(" \t") == "#~":
            return
        if s.startswith("#~|"):
            self.previous(n, s[3:].strip(" \t"), obsolete=True)
        elif s.startswith("#~"):
            self.statement(n, s[2:].strip(" \t"), obsolete=True)
        elif s.startswith("#|"):
            self.previous(n, s[2:].strip(" \t"), obsolete=False)
        elif s.startswith("#"):
            self.comment(n, s[1:])
        else:
            self.statement(n, s.rstrip(" \t"), obsolete=False)

    def new_entry_if_done(self) -> None:
        if self.cur.has_msgstr:
            self.entries.append(self.cur)
            self.cur = _Entry()

    def comment(self, n: int, s: str) -> None:
        self.new_entry_if_done()
        if self.cur.started:
            raise self.fail(n, "comment inside a message; comments go before msgctxt/msgid")
        kind, rest = s[:1], s[1:]
        if not kind:
            self.cur.tcomments.append("")
        elif kind == ".":
            self.cur.xcomments.append(rest[1:] if rest.startswith(" ") else rest)
        elif kind == ":":
            self.cur.refs.extend(_split_reference(tok) for tok in rest.split())
        elif kind in ",!":
            self.cur.flags.extend(f for f in _split_flags(rest) if f not in self.cur.flags)
        else:
            self.cur.tcomments.append(s[1:] if s.startswith(" ") else s)

    def previous(self, n: int, s: str, *, obsolete: bool) -> None:
        self.new_entry_if_done()
        match = _KEYWORD_RE.match(s)
        if match and match.group(1) != "msgstr" and match.group(2) is None:
            if self.cur.started:
                raise self.fail(n, "#| previous-message line inside a message")
            key = match.group(1)
            self.cur.prev[key] = self.strings(n, match.group(3))
            self.cur.target = ("prev", key)
        elif s.startswith('"') and self.cur.target and self.cur.target[0] == "prev":
            key = str(self.cur.target[1])
            self.cur.prev[key] += self.strings(n, s)
        else:
            raise self.fail(n, f"invalid previous-message line {s!r}; expected "
                            '#| msgctxt/msgid/msgid_plural "..." or #| "..."')

    def statement(self, n: int, s: str, *, obsolete: bool) -> None:
        if s.startswith('"'):
            self.continuation(n, s, obsolete)
            return
        match = _KEYWORD_RE.match(s)
        if not match:
            word = s.split()[0] if s.split() else s
            raise self.fail(n, f"unknown keyword or stray text {word!r}; expected msgctxt, "
                            'msgid, msgid_plural, msgstr, msgstr[N], a "string" or a # comment')
        key, index, rest = match.group(1), match.group(2), match.group(3)
        if index is not None and key != "msgstr":
            raise self.fail(n, f"{key}[{index}] is not a keyword; only msgstr takes [N]")
        value = self.strings(n, rest)
        self.check_eot(n, key, value)
        if key in ("msgctxt", "msgid"):
            self.start(n, key, obsolete)
        elif self.cur.started and self.cur.obsolete != obsolete:
            raise self.fail(n, "obsolete (#~) and active lines are mixed in one message")
        getattr(self, f"keyword_{key}")(n, index, value)

    def start(self, n: int, key: str, obsolete: bool) -> None:
        self.new_entry_if_done()
        if key in self.cur.fields or (key == "msgctxt" and self.cur.started):
            raise self.fail(n, f"{key} follows a msgid that has no msgstr")
        if not self.cur.started:
            self.cur.line, self.cur.obsolete = n, obsolete
        elif self.cur.obsolete != obsolete:
            raise self.fail(n, "obsolete (#~) and active lines are mixed in one message")

    def keyword_msgctxt(self, n: int, index: str | None, value: str) -> None:
        self.cur.fields["msgctxt"] = value
        self.cur.target = ("field", "msgctxt")

    def keyword_msgid(self, n: int, index: str | None, value: str) -> None:
        self.cur.fields["msgid"] = value
        self.cur.target = ("field", "msgid")

    def keyword_msgid_plural(self, n: int, index: str | None, value: str) -> None:
        if "msgid" not in self.cur.fields or self.cur.has_msgstr:
            raise self.fail(n, "msgid_plural must directly follow a msgid")
        if "msgid_plural" in self.cur.fields:
            raise self.fail(n, "second msgid_plural in one message")
        self.cur.fields["msgid_plural"] = value
        self.cur.target = ("field", "msgid_plural")

    def keyword_msgstr(self, n: int, index: str | None, value: str) -> None:
        if "msgid" not in self.cur.fields:
            raise self.fail(n, "msgstr without a msgid before it")
        plural = "msgid_plural" in self.cur.fields
        if index is None:
            if plural:
                raise self.fail(n, "a message with msgid_plural needs msgstr[0], msgstr[1], "
                                "... instead of msgstr")
            if "msgstr" in self.cur.fields:
                raise self.fail(n, "msgstr without a msgid before it (the message above "
                                "already has its msgstr)")
            self.cur.fields["msgstr"] = value
            self.cur.target = ("field", "msgstr")
        else:
            if not plural:
                raise self.fail(n, f"msgstr[{index}] without msgid_plural; use msgstr")
            if int(index) != len(self.cur.plurals):
                raise self.fail(n, f"msgstr[{index}] out of order; expected "
                                f"msgstr[{len(self.cur.plurals)}]")
            self.cur.plurals[int(index)] = value
            self.cur.target = ("plural", int(index))
        self.cur.segments.append((n, value))

    def continuation(self, n: int, s: str, obsolete: bool) -> None:
        target = self.cur.target
        if target is None or target[0] == "prev" or not self.cur.started:
            raise self.fail(n, "string without a keyword (msgid, msgstr, ...) before it")
        if obsolete != self.cur.obsolete:
            raise self.fail(n, "obsolete (#~) and active lines are mixed in one message")
        value = self.strings(n, s)
        self.check_eot(n, str(target[1]), value)
        if target[0] == "plural":
            self.cur.plurals[int(target[1])] += value
        else:
            self.cur.fields[str(target[1])] += value
        if target[0] == "plural" or target[1] == "msgstr":
            self.cur.segments.append((n, value))

    def check_eot(self, n: int, key: str, value: str) -> None:
        # The .mo format joins msgctxt and msgid with EOT, so gettext forbids it there.
        if "\x04" in value and key in ("msgctxt", "msgid", "msgid_plural"):
            raise self.fail(n, f"{key} contains the context separator EOT (\\x04)")

    def strings(self, n: int, s: str) -> str:
        """Decode one or more adjacent "..." strings filling the rest of a line."""
        # Most lines hold one plain string: no escape, nothing after the closing quote.
        end = s.find('"', 1)
        if s.startswith('"') and end == len(s) - 1 and s.find("\\", 1, end) < 0:
            return s[1:end]
        parts = []
        rest = s
        while True:
            if not rest.startswith('"'):
                what = repr(rest) if rest else "end of line"
                raise self.fail(n, f'expected a "string", found {what}')
            value, rest = _decode_string(rest, lambda msg: self.fail(n, msg))
            parts.append(value)
            rest = rest.strip(" \t")
            if not rest:
                return "".join(parts)

    def finish(self, n: int) -> None:
        if self.cur.started and not self.cur.has_msgstr:
            raise self.fail(self.cur.line, "msgid without msgstr (end of file reached)")
        if self.cur.started:
            self.entries.append(self.cur)


# The fast path (``_fast_entries``): one regular expression matches a whole message in
# the shapes editors and polib write: comments (not #~ or #|), an optional msgctxt, msgid,
# then msgstr or msgid_plural and msgstr[N], each a keyword followed by one space and a
# string, continued by lines holding one string each, then blank lines. Strings hold only
# the simple escapes; nothing has leading or trailing blanks. A file with anything else is
# read by ``_Reader`` alone, which gives the same entries and the file:line errors.
_FAST_STRING = r'"[^"\\\n]*(?:\\[ntbrfva\\"][^"\\\n]*)*"\n'
_FAST_ENTRY_RE = re.compile(
    r"(?P<comments>(?:#(?![~|])[^\n]*\n)*)"
    rf"(?:msgctxt (?P<msgctxt>{_FAST_STRING}(?:{_FAST_STRING})*))?"
    rf"msgid (?P<msgid>{_FAST_STRING}(?:{_FAST_STRING})*)"
    rf"(?:msgid_plural (?P<msgid_plural>{_FAST_STRING}(?:{_FAST_STRING})*)"
    rf"(?P<forms>(?:msgstr\[\d+\] {_FAST_STRING}(?:{_FAST_STRING})*)+)"
    rf"|msgstr (?P<msgstr>{_FAST_STRING}(?:{_FAST_STRING})*))"
    r"\n*")
_FAST_FORM_RE = re.compile(r"msgstr\[(\d+)\] ")
_SIMPLE_ESCAPE_RE = re.compile(r"\\(.)")


def _fast_entries(path: Path, text: str) -> list[_Entry] | None:
    """The entries ``_Reader(path).run(text)`` returns, read message by message with one
    regular expression; None when the text has a shape the expression does not cover."""
    if "\r" in text or "\x04" in text:
        return None
    if not text.endswith("\n"):
        text += "\n"
    end = len(text)
    pos = len(text) - len(text.lstrip("\n"))
    lineno = pos + 1
    reader = _Reader(path)  # its ``comment`` files comment lines
    entries: list[_Entry] = []
    match_entry = _FAST_ENTRY_RE.match
    while pos < end:
        match = match_entry(text, pos)
        if match is None:
            return None
        start, entry = lineno, _Entry()
        reader.cur = entry
        comments, msgctxt, msgid, msgid_plural, forms, msgstr = match.groups()
        if comments:
            for line in comments[:-1].split("\n"):
                kind = line[1:2]
                if kind == ".":  # the commonest kinds as ``_Reader.comment`` files them
                    entry.xcomments.append(line[3:] if line[2:3] == " " else line[2:])
                elif kind == ":":
                    entry.refs.extend(_split_reference(tok) for tok in line[2:].split())
                elif kind == ",":
                    flags = entry.flags
                    flags.extend(f for f in _split_flags(line[2:]) if f not in flags)
                else:
                    reader.comment(lineno, line[1:])
                lineno += 1
        entry.line = lineno
        fields = entry.fields
        for key, block in (("msgctxt", msgctxt), ("msgid", msgid),
                           ("msgid_plural", msgid_plural)):
            if block is not None:
                fields[key], lineno = _fast_value(block), lineno + block.count("\n")
        if msgstr is not None:
            fields["msgstr"] = _fast_segments(msgstr, lineno, entry.segments)
            entry.target = ("field", "msgstr")
        elif not _fast_forms(forms, lineno, entry):
            return None
        entries.append(entry)
        lineno, pos = start + match.group(0).count("\n"), match.end()
    return entries


def _fast_decode(string: str) -> str:
    """The text of one quoted string of the fast path (its line without the newline)."""
    return _unescape(string[1:-1])


def _unescape(value: str) -> str:
    """The text of what is between the quotes of a fast-path string."""
    if "\\" in value:
        value = _SIMPLE_ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(1)], value)
    return value


def _fast_value(block: str) -> str:
    """The text of a keyword's strings, one per line of ``block``. The strings are joined
    first, then decoded: a quote ends a line's string only, so '"\\n"' is always a joint."""
    value = block[1:-2]
    if '"\n"' in value:
        value = value.replace('"\n"', "")
    return _unescape(value)


def _fast_segments(block: str, lineno: int, segments: list[tuple[int, str]]) -> str:
    """``_fast_value``, each string also appended to ``segments`` with its line."""
    if block.find("\n") == len(block) - 1:
        value = _fast_value(block)
        segments.append((lineno, value))
        return value
    parts = block[1:-2].split('"\n"')  # see _fast_value
    if "\\" in block:
        parts = [_unescape(part) for part in parts]
    segments.extend(enumerate(parts, start=lineno))
    return "".join(parts)


def _fast_forms(block: str, lineno: int, entry: _Entry) -> bool:
    """Read the msgstr[N] of a plural message into ``entry``; False if they are out of
    order (the slow reader then reports it)."""
    index = -1
    for n, line in enumerate(block.split("\n")[:-1], start=lineno):
        if line.startswith('"'):
            value = _fast_decode(line)
            entry.plurals[index] += value
        else:
            form = _FAST_FORM_RE.match(line)
            assert form is not None
            index = int(form.group(1))
            if index != len(entry.plurals):
                return False
            value = _fast_decode(line[form.end():])
            entry.plurals[index] = value
            entry.target = ("plural", index)
        entry.segments.append((n, value))
    return True


def _decode_string(s: str, fail: Callable[[str], CatalogError]) -> tuple[str, str]:
    """Decode the quoted string that starts ``s``; return it and what follows it."""
    out = bytearray()  # octal/hex escapes are bytes of the UTF-8 text, not characters
    pos = 1
    while True:
        match = _ESCAPE_RE.search(s, pos)
        if match is None:
            raise fail('unterminated string: missing closing "')
        out += s[pos:match.start()].encode("utf-8")
        if match.group(0) == '"':
            try:
                return out.decode("utf-8"), s[match.end():]
            except UnicodeDecodeError:
                raise fail("octal or hex escapes do not form valid UTF-8") from None
        octal, hexa, char = match.groups()
        if octal is not None:
            out.append(int(octal, 8) & 0xFF)
        elif hexa is not None:
            out.append(int(hexa, 16) & 0xFF)
        elif char is not None and char in _ESCAPES:
            out += _ESCAPES[char].encode()
        elif char is None:
            raise fail('unterminated string: missing closing "')
        else:
            raise fail(f"invalid escape sequence '\\{char}' (gettext knows \\n \\t \\r \\\" "
                       "\\\\ \\a \\b \\f \\v, octal \\ooo and hex \\xHH)")
        pos = match.end()


def _split_reference(token: str) -> tuple[str, str]:
    name, sep, line = token.rpartition(":")
    return (name, line) if sep and name and line.isdigit() else (token, "")


def _split_flags(text: str) -> Iterator[str]:
    # gettext separates flags by commas and blanks; "range: 1..3" is one flag.
    for part in text.split(","):
        part = part.strip()
        if part.startswith("range:"):
            yield "range: " + part[6:].strip()
        else:
            yield from part.split()


def parse_po(path: Path, data: bytes) -> polib.POFile:
    """Parse the bytes of a PO or POT file, refusing anything GNU gettext would refuse.

    Accepts LF or CRLF line ends and a UTF-8 byte order mark (both remembered, see
    :func:`~l10n.catalog.poformat.layout_of`, and kept by :func:`write_po`), any
    wrapping, obsolete (``#~``) entries with ``#~|`` previous fields, comments and
    flags of any kind and a header entry anywhere in the file.

    Args:
        path: The file name used in error messages and stored as ``fpath``.
        data: The file's bytes, in the charset its header declares: UTF-8, or a legacy
            charset GNU gettext and Python both know (CP1251, KOI8-R, ISO-8859-15,
            ...), which the catalog then says is UTF-8 (see :func:`_decode`).

    Returns:
        The catalog; its header is in ``metadata``/``header``, not among the entries.

    Raises:
        CatalogError: For the first problem found, with its 1-based line number.
    """
    path = Path(path)
    text, legacy = _decode(path, data)
    entries = _fast_entries(path, text)
    if entries is None:
        entries = _Reader(path).run(text)
    header = _find_header(path, entries)
    _check_duplicates(path, entries)
    po = polib.POFile(encoding="utf-8")
    po.fpath = str(path)
    # Written back the way it was saved, except that a legacy charset becomes UTF-8.
    set_layout(po, replace(Layout.of_bytes(data), legacy_charset=legacy))
    _apply_header(path, po, header)
    _say_utf8(path, po, header, legacy)
    setattr(po, _HEADER_LINES, {line.partition(":")[0]: n for n, line in _header_lines(header)})
    _check_like_msgfmt(path, entries, header)
    po.extend(_to_polib(e) for e in entries if e is not header)
    return po


def header_line(po: polib.POFile, name: str) -> int | None:
    """The file line of the header field ``name`` ("Language") of a catalog read by
    :func:`parse_po`; None if the header has no such field or ``po`` was not read."""
    lines: dict[str, int] = getattr(po, _HEADER_LINES, {})
    return lines.get(name)


def read_po(path: Path) -> polib.POFile:
    """Read and parse a PO or POT file (see :func:`parse_po`).

    Raises:
        CatalogError: The file cannot be read or is not a valid catalog.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CatalogError(path, None, f"cannot read file: {exc.strerror or exc}") from None
    return parse_po(path, data)


def _decode(path: Path, data: bytes) -> tuple[str, str | None]:
    """The file's text, and the legacy charset it was decoded from (None: UTF-8).

    GNU gettext's rule: a PO file's header is ASCII, and its charset decides how the
    whole file is decoded, so the header's charset is read from the bytes first.
    """
    declared = _declared_charset(data)
    bom = data.startswith(b"\xef\xbb\xbf")
    if declared is not None and not _is_utf8(declared[0]):
        name, line = declared
        if bom:
            raise CatalogError(path, line, f"the file starts with a UTF-8 byte order mark, but "
                               f"its header says charset={name}; make them agree")
        try:
            return data.decode(_codec(path, line, name)), name
        except UnicodeDecodeError as exc:
            bad = data[exc.start:exc.end].hex(" ").upper()
            raise CatalogError(path, data[: exc.start].count(b"\n") + 1,
                               f"bytes {bad} are not {name}, the header's charset (line "
                               f"{line}); fix the charset or the text") from None
    if bom:
        # Some Windows editors write a BOM; GNU gettext 0.21 calls it a syntax error, we
        # skip it (and keep it when writing the file back: the translator's format).
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(path, line, "file is not valid UTF-8; convert it with "
                           "`msgconv --to-code=UTF-8 FILE -o FILE`") from None


def _is_utf8(charset: str) -> bool:
    # "CHARSET" is xgettext's placeholder in fresh templates; GNU treats it as ASCII.
    return charset.upper().replace("-", "").replace("_", "") in ("UTF8", "CHARSET")


def _lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """The lines of ``data`` with their numbers, read lazily (a header is near the top)."""
    start, lineno = 0, 1
    while start <= len(data):
        end = data.find(b"\n", start)
        if end < 0:
            end = len(data)
        yield lineno, data[start:end].rstrip(b"\r")
        start, lineno = end + 1, lineno + 1


def _declared_charset(data: bytes) -> tuple[str, int] | None:
    """The charset of the header entry's Content-Type and its line, read from raw bytes.

    The header is the first active ``msgid ""`` without a msgctxt, as in GNU gettext.
    None when there is no such header or it declares no charset: decoding is then UTF-8's
    and the reader reports what is missing.
    """
    candidate = after_ctxt = False
    pieces: list[tuple[int, bytes]] | None = None  # the header msgstr's strings
    for lineno, raw in _lines(data):
        s = raw.strip(b" \t")
        if s.startswith(b"#") or (not s and pieces is None):
            continue
        if pieces is not None:
            if s.startswith(b'"'):
                pieces.append((lineno, s[1:-1] if s.endswith(b'"') else s[1:]))
                continue
            return _charset_in(pieces)
        if s.startswith(b"msgctxt"):
            after_ctxt, candidate = True, False
        elif s.startswith(b"msgid_plural"):
            candidate = False
        elif s.startswith(b"msgid"):
            candidate = not after_ctxt and re.fullmatch(rb'msgid[ \t]+""', s) is not None
            after_ctxt = False
        elif s.startswith(b'"'):
            candidate = candidate and s == b'""'
        elif s.startswith(b"msgstr") and candidate:
            rest = s[len(b"msgstr"):].strip(b" \t")
            pieces = [(lineno, rest[1:-1])] if rest.startswith(b'"') else []
    return _charset_in(pieces) if pieces is not None else None


def _charset_in(pieces: list[tuple[int, bytes]]) -> tuple[str, int] | None:
    """The charset in the Content-Type field of a header's strings, with its line."""
    text = b"".join(piece for _, piece in pieces)
    for match in re.finditer(rb"(?:^|\\n)Content-Type:[^\\]*?charset=([^\s\\;]*)", text):
        offset, name = match.start(1), match.group(1)
        for lineno, piece in pieces:
            if offset < len(piece):
                return (name.decode("ascii", "replace"), lineno) if name else None
            offset -= len(piece)
    return None


def _codec(path: Path, line: int, charset: str) -> str:
    """Python's codec for a header's legacy charset; refused (at ``line``) when Python
    does not know it or it is not ASCII-compatible, as PO syntax needs."""
    try:
        info = codecs.lookup(charset)
    except LookupError:
        raise CatalogError(path, line, f"charset {charset} is not one l10n can decode; "
                           "convert the file with `msgconv --to-code=UTF-8 FILE -o FILE`"
                           ) from None
    ascii_ = bytes(range(128))
    try:
        compatible = getattr(info, "_is_text_encoding", True) and \
            ascii_.decode(info.name) == ascii_.decode("ascii")
    except (UnicodeDecodeError, ValueError):
        compatible = False
    if not compatible:
        raise CatalogError(path, line, f"charset {charset} is not ASCII-compatible, as a "
                           "PO file's must be; convert the file with "
                           "`msgconv --to-code=UTF-8 FILE -o FILE`")
    return info.name


def _say_utf8(path: Path, po: polib.POFile, header: _Entry, legacy: str | None) -> None:
    """Make the header of a catalog decoded from ``legacy`` say UTF-8, as it is written."""
    value = po.metadata.get("Content-Type", "")
    match = _CHARSET_RE.search(value)
    declared = match.group(1) if match else ""
    if declared != legacy and not (legacy is None and _is_utf8(declared)):
        # The header the reader found is not the one whose charset decoded the file.
        raise CatalogError(path, header.line, f"the header says charset={declared}, but the "
                           f"file was read as {legacy or 'UTF-8'}; keep one header entry, "
                           'msgid "" first in the file')
    if legacy is not None and match is not None:
        po.metadata["Content-Type"] = value[:match.start(1)] + "UTF-8" + value[match.end(1):]


def _find_header(path: Path, entries: list[_Entry]) -> _Entry:
    for entry in entries:
        if not entry.obsolete and entry.fields["msgid"] == "" and "msgctxt" not in entry.fields:
            return entry
    raise CatalogError(path, 1, 'no header entry (msgid "" with Content-Type: text/plain; '
                       "charset=UTF-8); add one, e.g. with msginit or by copying a .pot header")


def _check_duplicates(path: Path, entries: list[_Entry]) -> None:
    # GNU gettext also counts obsolete (#~) entries, and refuses such files, so we do.
    seen: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        key = (entry.fields.get("msgctxt"), entry.fields["msgid"])
        if key in seen:
            raise CatalogError(path, entry.line, f"duplicate message {key[1]!r}"
                               + (f" (msgctxt {key[0]!r})" if key[0] is not None else "")
                               + f"; the first definition is at line {seen[key]}")
        seen[key] = entry.line


def _header_lines(entry: _Entry) -> Iterator[tuple[int, str]]:
    """Yield each "Name: value" line of the header's msgstr with its file line."""
    pending, start = "", 0
    for lineno, text in entry.segments:
        for piece in _AFTER_NEWLINE.split(text):
            if not piece:
                continue
            if not pending:
                start = lineno
            pending += piece
            if pending.endswith("\n"):
                yield start, pending[:-1]
                pending = ""
    if pending:
        yield start, pending


def _apply_header(path: Path, po: polib.POFile, entry: _Entry) -> None:
    charset_line = None
    for lineno, line in _header_lines(entry):
        match = _HEADER_LINE_RE.match(line)
        if not match:
            raise CatalogError(path, lineno, f"header line {line!r} is not 'Name: value'")
        name, value = match.group(1), match.group(2)
        # Keep the value exactly (minus the one space after the colon) so that odd
        # spacing such as "Plural-Forms:  nplurals=3" survives a rewrite unchanged.
        po.metadata[name] = value[1:] if value.startswith(" ") else value
        if name == "Content-Type":
            charset_line = lineno
            _check_charset(path, lineno, value)
    if charset_line is None:
        raise CatalogError(path, entry.line, "header has no Content-Type; add "
                           '"Content-Type: text/plain; charset=UTF-8\\n"')
    po.header = "\n".join(entry.tcomments)
    po.metadata_is_fuzzy = list(entry.flags)


def _check_like_msgfmt(path: Path, entries: list[_Entry], header: _Entry) -> None:
    """Refuse what ``msgfmt -c`` refuses in a well-formed file (see gnucheck.py)."""
    rule = plural_rule(header.fields.get("msgstr", ""), template=path.suffix == ".pot")
    if rule.problem:
        raise CatalogError(path, _plural_line(header), rule.problem)
    for entry in entries:
        flags = entry.flags
        if entry.obsolete or (flags and "fuzzy" in flags) or entry is header:
            continue  # msgfmt checks only what goes into the MO file
        fields = entry.fields
        msgstr = fields.get("msgstr")
        if msgstr is not None:  # singular
            if not msgstr:
                continue
            msgid = fields["msgid"]
            # Fast path: most messages have no flag and agree on newlines.
            if not flags and msgid[:1] != "\n" != msgstr[:1] and msgid[-1:] != "\n" != msgstr[-1:]:
                continue
            problem = message_problem(msgid, None, [msgstr], flags, rule)
        else:
            forms = [entry.plurals[i] for i in range(len(entry.plurals))]
            if not forms[0]:
                continue
            if rule.nplurals is None:
                raise CatalogError(path, entry.line, "a translated plural message, but the "
                                   "header has no 'nplurals=N' and 'plural=EXPRESSION' "
                                   "(no spaces before '='); add the language's "
                                   '"Plural-Forms: nplurals=N; plural=EXPRESSION;\\n"')
            if len(forms) != rule.nplurals:
                raise CatalogError(path, entry.line, f"{len(forms)} plural forms, but the "
                                   f"header's Plural-Forms says nplurals={rule.nplurals} "
                                   f"(line {_plural_line(header)}); give msgstr[0] to "
                                   f"msgstr[{rule.nplurals - 1}]")
            problem = message_problem(fields["msgid"], fields["msgid_plural"], forms, flags,
                                      rule)
        if problem:
            raise CatalogError(path, entry.line, problem)


def _plural_line(header: _Entry) -> int:
    """The file line of the header's Plural-Forms (or its entry's first line)."""
    return next((lineno for lineno, line in _header_lines(header)
                 if "plural=" in line or "nplurals=" in line), header.line)


def _check_charset(path: Path, lineno: int, value: str) -> None:
    match = _CHARSET_RE.search(value)
    if not match or not match.group(1):
        raise CatalogError(path, lineno, "Content-Type has no charset; "
                           'use "Content-Type: text/plain; charset=UTF-8\\n"')
    charset = match.group(1)
    if not _is_utf8(charset):
        _codec(path, lineno, charset)  # the file was decoded with it (see _decode)


def _to_polib(e: _Entry) -> polib.POEntry:
    entry = polib.POEntry(
        msgid=e.fields["msgid"], msgstr=e.fields.get("msgstr", ""),
        msgid_plural=e.fields.get("msgid_plural", ""), msgstr_plural=dict(e.plurals),
        msgctxt=e.fields.get("msgctxt"), obsolete=e.obsolete, encoding="utf-8",
        tcomment="\n".join(e.tcomments), comment="\n".join(e.xcomments),
        occurrences=list(e.refs), flags=list(e.flags),
        previous_msgctxt=e.prev.get("msgctxt"), previous_msgid=e.prev.get("msgid"),
        previous_msgid_plural=e.prev.get("msgid_plural"), linenum=e.line)
    return entry
