"""Plain-text releases: blank-line separated blocks read as title, headings, lists and paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from l10n.documents.base import Document, DocumentBuilder, Run

NAME = "txt"

# CR LF, a lone LF and an old Mac lone CR all end a line.
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_BULLET_RE = re.compile(r"[ \t]*(?:[-*•–]|\d{1,3}[.)])[ \t]+(?=\S)")
# Sentence-final punctuation, optionally followed by closing quotes or brackets.
_FINAL_RE = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_BREAK_RE = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class _Line:
    start: int  # source offset of the first character
    end: int  # source offset after the text, before the line ending
    text: str


def parse(path: Path, text: str, *, bom: bool, lang: str) -> Document:
    """Parse a plain-text release.

    Blocks are separated by blank lines. The first block is the title when it is
    a single line; a single line without sentence-final punctuation followed by
    more text is a heading; a block whose lines start with bullets or numbers is a
    list (one item per bullet, markers kept as skeleton); anything else is a
    paragraph, however it is hard-wrapped.

    Args:
        path: The file, named in messages.
        text: The decoded source, BOM removed, newlines untouched.
        bom: Whether the file started with a UTF-8 BOM (restored on export).
        lang: Source language, for sentence splitting.

    Returns:
        The parsed document.
    """
    b = DocumentBuilder(path, NAME, text, bom=bom, lang=lang, escape=escape)
    blocks = [part for block in _blocks(text) for part in _split_list(block)]
    for index, lines in enumerate(blocks):
        if _is_list(lines):
            _emit_list(b, lines)
            continue
        kind = _kind(lines, first=index == 0, last=index == len(blocks) - 1)
        b.skip_to(lines[0].start)
        b.block(kind, _runs(text, lines, lines[0].start))
    return b.finish()


def escape(text: str, context: str) -> str:
    """Make a translation safe for plain text: line breaks would split its block.

    Args:
        text: Translated text (outside placeholders).
        context: "text" or "attribute"; plain text treats both alike.

    Returns:
        ``text`` with every line break replaced by a space.

    >>> escape("one\\r\\ntwo", "text")
    'one two'
    """
    return _BREAK_RE.sub(" ", text)


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    for m in _LINE_RE.finditer(text):
        if m.start() == len(text) and m.start() > 0:
            break  # the empty match after a final line ending
        body = m.group(0).rstrip("\r\n")
        lines.append(_Line(m.start(), m.start() + len(body), body))
    return lines


def _blocks(text: str) -> list[list[_Line]]:
    """Group consecutive non-blank lines; blank means empty or whitespace only."""
    blocks: list[list[_Line]] = [[]]
    for line in _lines(text):
        if line.text.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _split_list(lines: list[_Line]) -> list[list[_Line]]:
    """Split a list off the lines that introduce it ("Key facts:" then bullets).

    A single bullet line after text that does not end with a colon is more likely
    a wrapped line starting with a dash, so it stays in its paragraph.
    """
    first = next((i for i, line in enumerate(lines) if _BULLET_RE.match(line.text)), 0)
    if not first or not _is_list(lines[first:]):
        return [lines]
    bullets = sum(1 for line in lines[first:] if _BULLET_RE.match(line.text))
    if bullets < 2 and not lines[first - 1].text.rstrip().endswith(":"):
        return [lines]
    return [lines[:first], lines[first:]]


def _is_list(lines: list[_Line]) -> bool:
    """Every line is a bullet, or an indented continuation of the bullet above it."""
    first = _BULLET_RE.match(lines[0].text)
    if not first:
        return False
    if len(lines) == 1 and lines[0].text.rstrip().endswith(first.group(0).strip()[-1]):
        return False  # "– Ends –", "- 30 -": a centred mark, not a list
    return all(_BULLET_RE.match(line.text) or line.text[:1] in (" ", "\t") for line in lines)


def _kind(lines: list[_Line], *, first: bool, last: bool) -> str:
    if len(lines) > 1:
        return "paragraph"
    if first:
        return "title"
    if not last and not _FINAL_RE.search(lines[0].text.rstrip()):
        return "heading"
    return "paragraph"


def _emit_list(b: DocumentBuilder, lines: list[_Line]) -> None:
    """One "list item" block per bullet; the bullet and its spaces are skeleton."""
    items: list[list[_Line]] = []
    for line in lines:
        if _BULLET_RE.match(line.text):
            items.append([line])
        else:
            items[-1].append(line)
    indents = {indent: level for level, indent in
               enumerate(sorted({_indent(item[0].text) for item in items}), start=1)}
    for item in items:
        marker = _BULLET_RE.match(item[0].text)
        assert marker is not None  # items start at bullet lines
        b.skip_to(item[0].start + marker.end())
        level = indents[_indent(item[0].text)]
        b.block("list item", _runs(b.text, item, b.pos), level=level)


def _runs(text: str, lines: list[_Line], start: int) -> list[Run]:
    """A block's runs from ``start``: each line's text, joined by soft line breaks.

    The line ending plus the next line's indentation is one run whose text is a
    space, like an entity: the msgid reads as flowing text, and the sentence
    splitter never sees a newline (pysbd cuts sentences at newlines).
    """
    runs = [Run.plain(text[start : lines[0].end])]
    for prev, line in zip(lines, lines[1:]):
        indent = len(line.text) - len(line.text.lstrip())
        runs.append(Run("text", text[prev.end : line.start + indent], " "))
        runs.append(Run.plain(text[line.start + indent : line.end]))
    return [run for run in runs if run.raw]


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
