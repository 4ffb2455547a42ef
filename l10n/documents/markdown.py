"""Markdown releases: a CommonMark/GFM subset parsed with exact source offsets.

markdown-it and friends build a tree but lose where each character came from, and
an export must reproduce the source byte for byte; so this is a small parser of
its own. Block structure (front matter, headings, paragraphs, nested lists and
quotes, GFM tables, code, HTML blocks, link reference definitions, thematic
breaks) is found line by line; each translatable leaf block is then read by an
inline parser (emphasis, links, images, code spans, autolinks, inline HTML, hard
breaks, escapes, entities) that follows CommonMark's delimiter algorithm.

A soft line break inside a block (the line ending, then the next line's container
prefixes such as ``> `` and its indentation) is handed to the builder as one text
run whose text is a space, like an entity: the prefixes never reach a msgid, the
sentence around the break stays whole, and a translation simply flows on one line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from l10n.documents.base import Document, DocumentBuilder, Run, Segment
from l10n.documents.markdown_inline import (
    CLOSE_TAG,
    OPEN_TAG,
    InlineParser,
    escape,
    normalize_label,
    unescape,
)

NAME = "md"

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_MAX_DEPTH = 32  # container nesting beyond this is read as plain paragraph text

# --- block syntax -----------------------------------------------------------
_FENCE_RE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_ATX_RE = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")
_ATX_CLOSE_RE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$|[ \t]+$")
_SETEXT_RE = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_THEMATIC_RE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE_RE = re.compile(r" {0,3}>[ \t]?")
_LIST_RE = re.compile(r"( {0,3})([-+*]|\d{1,9}[.)])([ \t]+|$)")
_TABLE_DELIM_RE = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_REFDEF_RE = re.compile(
    r" {0,3}\[((?:[^\\\[\]]|\\.){1,999})\]:[ \t]*(<[^<>\n]*>|\S+)"
    r"(?:[ \t]+(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?[ \t]*$"
)
_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h1|"
    "h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|"
    "noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|track|ul"
)
# (start, end) of CommonMark's HTML block kinds 1-5; None: ends at a blank line.
_HTML_BLOCKS: list[tuple[re.Pattern[str], re.Pattern[str] | None]] = [
    (re.compile(r" {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)", re.I),
     re.compile(r"</(?:script|pre|style|textarea)>", re.I)),
    (re.compile(r" {0,3}<!--"), re.compile(r"-->")),
    (re.compile(r" {0,3}<\?"), re.compile(r"\?>")),
    (re.compile(r" {0,3}<![A-Za-z]"), re.compile(r">")),
    (re.compile(r" {0,3}<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(rf" {{0,3}}</?(?:{_BLOCK_TAGS})(?:\s|/?>|$)", re.I), None),
]
_HTML_BLOCK_7 = re.compile(rf" {{0,3}}(?:{OPEN_TAG}|{CLOSE_TAG})[ \t]*$")




@dataclass(frozen=True)
class _Line:
    """A line as a container sees it: its prefixes (``> ``, list indent) stripped."""

    start: int  # source offset of text[0]
    text: str  # up to, not including, the line ending


@dataclass(frozen=True)
class _Context:
    kind: str = "paragraph"  # what a paragraph here is: paragraph, quote, list item
    level: int = 0
    lists: int = 0
    quotes: int = 0

    @property
    def depth(self) -> int:
        return self.lists + self.quotes


@dataclass
class _Leaf:
    kind: str
    level: int
    spans: list[tuple[int, int]]  # (start, end) source offsets of the text on each line


def keep_source(lang: str) -> Callable[[Segment], str]:
    """How export writes a sentence left in the source language ``lang``: inside an
    inline ``<span lang="…">`` (Markdown allows HTML), so the published page says so.

    Front matter values stay as they are (YAML, not Markdown).

    >>> from l10n.documents.base import Segment
    >>> keep_source("en")(Segment("Hi *you*.", "Hi *you*.", 1, "paragraph", 1, 1, 1))
    '<span lang="en">Hi *you*.</span>'
    """
    attr = html.escape(lang.replace("_", "-"), quote=True)

    def keep(segment: Segment) -> str:
        if segment.context != "text":
            return segment.raw
        return f'<span lang="{attr}">{segment.raw}</span>'

    return keep


def parse(path: Path, text: str, *, bom: bool, lang: str) -> Document:
    """Parse a Markdown release.

    Front matter, code, HTML blocks, reference definitions, list markers, quote
    prefixes, table pipes and link targets are skeleton; headings (the first
    level-1 heading is the title), paragraphs, list items, quoted paragraphs and
    table cells are translatable blocks whose inline markup becomes placeholders.

    Args:
        path: The file, named in messages.
        text: The decoded source, BOM removed, newlines untouched.
        bom: Whether the file started with a UTF-8 BOM (restored on export).
        lang: Source language, for sentence splitting.

    Returns:
        The parsed document.
    """
    b = DocumentBuilder(path, NAME, text, bom=bom, lang=lang, escape=escape)
    lines = _lines(text)
    front = _front_matter(lines)
    for line in lines[1 : front - 1] if front else ():
        _front_matter_field(b, line)
    blocks = _BlockParser()
    blocks.parse(lines[front:], _Context())
    has_title = False
    for leaf in blocks.leaves:
        kind = leaf.kind
        if kind == "heading" and leaf.level == 1 and not has_title:
            kind = "title"
        b.skip_to(leaf.spans[0][0])
        runs = InlineParser(text, leaf.spans, blocks.refs).runs()
        if b.block(kind, runs, level=leaf.level) is not None and kind == "title":
            has_title = True
    return b.finish()




def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    for m in _LINE_RE.finditer(text):
        if m.start() == len(text) and m.start() > 0:
            break  # the empty match after a final line ending
        lines.append(_Line(m.start(), m.group(0).rstrip("\r\n")))
    return lines


def _front_matter(lines: list[_Line]) -> int:
    """Number of lines of YAML front matter (``---`` … ``---`` at the very top)."""
    if not lines or lines[0].start != 0 or lines[0].text.rstrip() != "---":
        return 0
    for i, line in enumerate(lines[1:], start=1):
        if line.text.rstrip() in ("---", "..."):
            return i + 1
    return 0


# Front-matter fields readers see (a site's page title, its description); other fields
# (date, tags, layout, byline…) stay as they are. Only one-line values are translated.
_FIELD_RE = re.compile(r"(title|subtitle|description|summary)[ \t]*:[ \t]*(.*?)[ \t]*$")
_YAML_DOUBLE_ESCAPE = re.compile(r'\\["\\/]')
_YAML_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`]|: | #|\t")


def _front_matter_field(b: DocumentBuilder, line: _Line) -> None:
    """Hand a translatable YAML field's value to the builder (everything else is skeleton)."""
    content = line.text.rstrip("\r\n")
    found = _FIELD_RE.fullmatch(content)
    if not found or not found.group(2):
        return
    key, value = found.group(1), found.group(2)
    start = line.start + found.start(2)
    kind = "title" if key == "title" else f"front matter {key}"
    if len(value) >= 2 and value[0] == value[-1] == '"':
        inner = value[1:-1]
        if "\\" in _YAML_DOUBLE_ESCAPE.sub("", inner) or '"' in _YAML_DOUBLE_ESCAPE.sub("", inner):
            return  # other escapes (\n, \u…) or a stray quote: leave the field as it is
        runs, pos = [], 0
        for m in _YAML_DOUBLE_ESCAPE.finditer(inner):
            if m.start() > pos:
                runs.append(Run.plain(inner[pos : m.start()]))
            runs.append(Run("text", m.group(0), m.group(0)[1]))
            pos = m.end()
        if pos < len(inner):
            runs.append(Run.plain(inner[pos:]))
        b.skip_to(start + 1)
        b.block(kind, runs, context="yaml-double", split=False)
    elif len(value) >= 2 and value[0] == value[-1] == "'":
        inner = value[1:-1]
        runs = [Run("text", "''", "'") if piece == "''" else Run.plain(piece)
                for piece in re.split(r"('')", inner) if piece]
        b.skip_to(start + 1)
        b.block(kind, runs, context="yaml-single", split=False)
    elif not _YAML_PLAIN_UNSAFE.search(value):
        # A translation may need quotes a plain value did not ("Kazakhstan : l’impunité").
        b.skip_to(start)
        b.block(kind, [Run.plain(value)], context="yaml-double", split=False,
                wrap=('"', '"'))


def _blank(text: str) -> bool:
    return not text.strip(" \t")


def _indent(text: str) -> int:
    """Columns of leading whitespace, tabs stopping at multiples of 4."""
    col = 0
    for ch in text:
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            break
    return col


def _columns(text: str) -> int:
    """Width of ``text`` in columns, tabs stopping at multiples of 4."""
    col = 0
    for ch in text:
        col += 4 - col % 4 if ch == "\t" else 1
    return col




def _dedent(line: _Line, columns: int) -> _Line:
    """Strip up to ``columns`` columns of indentation (a tab is stripped whole)."""
    col = 0
    i = 0
    while i < len(line.text) and col < columns and line.text[i] in " \t":
        col += 1 if line.text[i] == " " else 4 - col % 4
        i += 1
    return _Line(line.start + i, line.text[i:])


def _content_span(line: _Line, end: int | None = None) -> tuple[int, int]:
    """Source span of a line's text without its leading whitespace."""
    lead = len(line.text) - len(line.text.lstrip(" \t"))
    stop = len(line.text) if end is None else end
    return line.start + lead, line.start + stop


def _table_cells(text: str) -> list[tuple[int, int]]:
    """Offsets of a table row's cells, split at pipes not escaped by a backslash."""
    pipes: list[int] = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "|":
            pipes.append(i)
        i += 1
    stripped = text.strip(" \t")
    lead = len(text) - len(text.lstrip(" \t"))
    bounds = [-1, *pipes, len(text)]
    cells = list(zip([p + 1 for p in bounds], bounds[1:]))
    if stripped.startswith("|"):
        cells = [c for c in cells if c[1] != lead]
    if stripped.endswith("|") and len(stripped) > 1:
        cells = cells[:-1]
    return cells


class _BlockParser:
    """Finds the translatable leaf blocks and the link reference definitions."""

    def __init__(self) -> None:
        self.leaves: list[_Leaf] = []
        self.refs: dict[str, tuple[str, str]] = {}

    def parse(self, lines: list[_Line], ctx: _Context) -> None:
        i = 0
        while i < len(lines):
            i = self._block(lines, i, ctx)

    def _block(self, lines: list[_Line], i: int, ctx: _Context) -> int:
        """Read the block starting at ``lines[i]``; return the index after it."""
        text = lines[i].text
        if _blank(text):
            return i + 1
        if _indent(text) >= 4:
            return self._indented_code(lines, i)
        if fence := _FENCE_RE.match(text):
            if not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
                return self._fenced_code(lines, i, fence.group(1))
        if (html_end := self._html_block(lines, i, interrupting=False)) is not None:
            return html_end
        if _THEMATIC_RE.match(text):
            return i + 1
        if atx := _ATX_RE.match(text):
            self._atx_heading(lines[i], atx)
            return i + 1
        if ctx.depth < _MAX_DEPTH and _QUOTE_RE.match(text):
            return self._quote(lines, i, ctx)
        if ctx.depth < _MAX_DEPTH and (item := _LIST_RE.match(text)):
            return self._list_item(lines, i, ctx, item)
        if self._table_starts(lines, i):
            return self._table(lines, i)
        if self._reference(text):
            return i + 1
        return self._paragraph(lines, i, ctx)

    def _indented_code(self, lines: list[_Line], i: int) -> int:
        i += 1
        while i < len(lines) and (_blank(lines[i].text) or _indent(lines[i].text) >= 4):
            i += 1
        return i

    def _fenced_code(self, lines: list[_Line], i: int, fence: str) -> int:
        closing = re.compile(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        for j in range(i + 1, len(lines)):
            if closing.match(lines[j].text):
                return j + 1
        return len(lines)

    def _html_block(self, lines: list[_Line], i: int, *, interrupting: bool) -> int | None:
        """End index of an HTML block starting at ``lines[i]``, or None."""
        text = lines[i].text
        for start, end in _HTML_BLOCKS:
            if m := start.match(text):
                if end is None:
                    return self._until_blank(lines, i)
                if end.search(text, m.end()):
                    return i + 1
                j = next((j for j in range(i + 1, len(lines)) if end.search(lines[j].text)),
                         len(lines) - 1)
                return j + 1
        if not interrupting and _HTML_BLOCK_7.match(text):
            return self._until_blank(lines, i)
        return None

    def _until_blank(self, lines: list[_Line], i: int) -> int:
        while i < len(lines) and not _blank(lines[i].text):
            i += 1
        return i

    def _atx_heading(self, line: _Line, m: re.Match[str]) -> None:
        body = line.text[m.end():]
        lead = len(body) - len(body.lstrip(" \t"))
        content = body[lead:]
        close = _ATX_CLOSE_RE.search(content)  # the optional closing #'s are skeleton
        end = close.start() if close else len(content)
        if end > 0:
            start = line.start + m.end() + lead
            self.leaves.append(_Leaf("heading", len(m.group(1)), [(start, start + end)]))

    def _quote(self, lines: list[_Line], i: int, ctx: _Context) -> int:
        inner: list[_Line] = []
        while i < len(lines):
            line = lines[i]
            if m := _QUOTE_RE.match(line.text):
                inner.append(_Line(line.start + m.end(), line.text[m.end():]))
            elif inner and self._lazy(inner[-1].text, line.text):
                inner.append(line)
            else:
                break
            i += 1
        quotes = ctx.quotes + 1
        self.parse(inner, _Context("quote", quotes, ctx.lists, quotes))
        return i

    def _list_item(self, lines: list[_Line], i: int, ctx: _Context, m: re.Match[str]) -> int:
        first = lines[i]
        marker_end = m.end(2)
        spaces = _columns(first.text[: m.end()]) - _columns(first.text[:marker_end])
        if _blank(first.text[m.end():]) or spaces > 4:
            content = marker_end + min(1, len(m.group(3)))  # empty item, or indented code
        else:
            content = m.end()
        width = _columns(first.text[:content])
        inner = [_Line(first.start + content, first.text[content:])]
        j = i + 1
        while j < len(lines):
            text = lines[j].text
            if _blank(text) or _indent(text) >= width:
                inner.append(_dedent(lines[j], width))
            elif not _blank(lines[j - 1].text) and self._lazy(inner[-1].text, text):
                inner.append(lines[j])
            else:
                break
            j += 1
        while j > i + 1 and _blank(lines[j - 1].text):
            j -= 1  # trailing blank lines belong to the outer container
            inner.pop()
        lists = ctx.lists + 1
        self.parse(inner, _Context("list item", lists, lists, ctx.quotes))
        return j

    def _lazy(self, previous: str, text: str) -> bool:
        """Whether ``text`` continues a paragraph whose last line was ``previous``."""
        if _blank(previous) or _blank(text) or _indent(previous) >= 4:
            return False
        if _FENCE_RE.match(previous) or _ATX_RE.match(previous) or _THEMATIC_RE.match(previous):
            return False
        if (item := _LIST_RE.match(text)) and not _blank(text[item.end():]):
            return False  # a sibling item, even one that could not interrupt a paragraph
        return not self._interrupts([_Line(0, text)], 0)

    def _interrupts(self, lines: list[_Line], i: int) -> bool:
        """Whether ``lines[i]`` starts a block that ends a paragraph before it."""
        text = lines[i].text
        if _indent(text) >= 4:
            return False
        if _FENCE_RE.match(text) or _THEMATIC_RE.match(text) or _ATX_RE.match(text):
            return True
        if _QUOTE_RE.match(text) or self._html_block(lines, i, interrupting=True) is not None:
            return True
        item = _LIST_RE.match(text)
        if item and not _blank(text[item.end():]):
            return item.group(2)[0] in "-+*" or item.group(2)[:-1] == "1"
        return False

    def _table_starts(self, lines: list[_Line], i: int) -> bool:
        if i + 1 >= len(lines) or "|" not in lines[i].text or "|" not in lines[i + 1].text:
            return False
        if not _TABLE_DELIM_RE.match(lines[i + 1].text):
            return False
        return len(_table_cells(lines[i].text)) == len(_table_cells(lines[i + 1].text))

    def _table(self, lines: list[_Line], i: int) -> int:
        self._table_row(lines[i])
        j = i + 2  # the delimiter row is skeleton
        while j < len(lines) and not _blank(lines[j].text) and not self._interrupts(lines, j):
            self._table_row(lines[j])
            j += 1
        return j

    def _table_row(self, line: _Line) -> None:
        for start, end in _table_cells(line.text):
            cell = line.text[start:end]
            lead = len(cell) - len(cell.lstrip(" \t"))
            stop = len(cell.rstrip(" \t"))
            if stop > lead:
                span = (line.start + start + lead, line.start + start + stop)
                self.leaves.append(_Leaf("table cell", 0, [span]))

    def _reference(self, text: str) -> bool:
        """Record a one-line link reference definition; False if ``text`` is none."""
        m = _REFDEF_RE.match(text)
        if not m or not m.group(1).strip():
            return False
        url = m.group(2)[1:-1] if m.group(2).startswith("<") else m.group(2)
        title = m.group(3)[1:-1] if m.group(3) else ""
        self.refs.setdefault(normalize_label(m.group(1)), (unescape(url), unescape(title)))
        return True

    def _paragraph(self, lines: list[_Line], i: int, ctx: _Context) -> int:
        j = i + 1
        level = 0
        while j < len(lines) and not _blank(lines[j].text):
            if setext := _SETEXT_RE.match(lines[j].text):
                level = 1 if setext.group(1)[0] == "=" else 2
                break
            if self._interrupts(lines, j) or self._table_starts(lines, j):
                break
            j += 1
        spans = [_content_span(line) for line in lines[i:j]]
        if level:
            self.leaves.append(_Leaf("heading", level, spans))
            return j + 1
        self.leaves.append(_Leaf(ctx.kind, ctx.level, spans))
        return j
























