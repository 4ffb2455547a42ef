"""Write a document's blocks in another format (a Markdown release exported as HTML, …).

Exporting in the source's own format re-uses its skeleton and is lossless; this module
serves the other direction, where structure (titles, headings, paragraphs, lists, quotes,
table cells, and plain text's captions, datelines and line blocks) and the meaning of
inline markup carry over:

* markup wrapping a whole sentence or paragraph (``<p><strong>…</strong></p>``,
  ``*…*``) is kept, though it stays out of the msgid;
* the title is written once: an HTML ``<title>`` and a first-level heading become one
  ``# heading`` and, when their texts differ, a front-matter ``title``;
* list items stay tight (no blank line between them), nested as they were, and a numbered
  list of a text or Markdown source stays numbered (``<ol>``, ``1.``);
* a link keeps its target in plain text: ``text (URL)``;
* a sentence without a translation (kept in the source language) is marked
  ``<span lang="en">`` in HTML and Markdown, so readers and screen readers know.
"""

from __future__ import annotations

import bisect
import html as html_lib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from l10n.documents.base import PLACEHOLDER_RE, Block, Document, Inline, Segment
from l10n.workspace.locales import same_language

Translate = Callable[[Segment], str | None]
InlineFn = Callable[[str, Inline | None, str], str]

# Plain-text blocks whose lines are kept as lines (the reader's layout is the meaning).
LINE_KINDS = frozenset({"contact", "label", "signature", "line block", "caption", "credit"})
# HTML classes of the paragraphs plain text's kinds become.
_HTML_CLASS = {"caption": "caption", "credit": "credit", "dateline": "dateline",
               "release label": "release-label", "end mark": "end-mark",
               "contact": "contact", "label": "label", "signature": "signature",
               "salutation": "salutation",
               "line block": "lines"}
_NEWLINE_RE = re.compile("\r\n|\r|\n")
# What would start a Markdown block (a heading, a quote, a list, a rule) at a line start.
_MD_BLOCK_START_RE = re.compile(r"(?:[#>+=-]|\d{1,9}[.)](?=\s|$))")
# A numbered list item's marker, just before its text in a text or Markdown source.
_NUMBER_RE = re.compile(r"(\d{1,9})[.)][ \t]*$")
# The start and end tags of HTML lists, to tell an <ol>'s items from a <ul>'s.
_HTML_LIST_TAG_RE = re.compile(r"<(/?)(ol|ul|menu)\b[^>]*>", re.I)


@dataclass(frozen=True)
class _Style:
    """How one output format writes inline markup, text, line breaks and a sentence kept
    in the source language."""

    inline: InlineFn
    escape: Callable[[str], str]
    line_break: str
    mark: Callable[[str, str], str]  # (rendered sentence, source language) -> output


def convert(document: Document, translate: Translate, fmt: str, *, lang: str,
            source_lang: str | None = None) -> str:
    """Render ``document`` with its translations as a new ``fmt`` document (txt, md, html).

    Args:
        document: the parsed release.
        translate: a segment's translation, or None to keep its source text.
        fmt: ``txt``, ``md`` or ``html``.
        lang: the output's language (``<html lang>``).
        source_lang: the language of kept source sentences (default: the document's).

    Raises:
        ValueError: an unknown format.
    """
    blocks = [b for b in document.blocks if b.kind != "attribute"]
    render = _Renderer(document, translate, source_lang or document.lang)
    # the source language's own version keeps its sentences unmarked: nothing fell back
    render.marks = not same_language(lang, render.source_lang)
    if fmt == "txt":
        return _join(render.txt(blocks))
    if fmt == "md":
        return _join(render.md(blocks))
    if fmt == "html":
        return render.html(blocks, lang)
    raise ValueError(f"unknown format {fmt!r}")


def _join(chunks: Iterator[tuple[str, str]]) -> str:
    """Blocks separated by a blank line, consecutive list items by a line end."""
    out: list[str] = []
    previous = ""
    for kind, chunk in chunks:
        if not chunk:
            continue
        if out:
            out.append("\n" if kind == previous == "list item" else "\n\n")
        out.append(chunk)
        previous = kind
    return "".join(out) + "\n"


class _Renderer:
    """Renders blocks of one document, with its translations, in each output format."""

    def __init__(self, document: Document, translate: Translate, source_lang: str) -> None:
        self.document, self.translate = document, translate
        self.source_lang = source_lang.replace("_", "-")
        self.marks = True  # mark sentences kept in the source language
        self._newlines = [m.end() - 1 for m in _NEWLINE_RE.finditer(document.text)]
        self._html_lists = _html_lists(document.text) if document.format == "html" else None
        self._counts: dict[int, int] = {}  # <ol> start offset -> items numbered so far
        self._numbers: dict[int, int] = {}  # id(block) -> its number

    # --- the formats -----------------------------------------------------------------

    def txt(self, blocks: list[Block]) -> Iterator[tuple[str, str]]:
        style = _Style(_txt_inline, lambda s: s, "\n", lambda text, _: text)
        title, h1 = _title_and_h1(blocks, self.document.format)
        for block in blocks:
            if block is title and h1 is not None and _same_text(title, h1):
                continue  # the heading says it
            text = self._text(block, style)
            if block.kind == "list item":
                number = self._number(block)
                marker = "- " if number is None else f"{number}. "
                text = "  " * max(block.level - 1, 0) + marker + text
            yield block.kind, text

    def md(self, blocks: list[Block]) -> Iterator[tuple[str, str]]:
        style = _Style(_md_inline, _md_escape, "\\\n", _span)
        title, h1 = _title_and_h1(blocks, self.document.format)
        if title is not None and h1 is not None and not _same_text(title, h1):
            plain = self._text(title, _Style(_plain_inline, lambda s: s, " ", lambda t, _: t))
            yield "front matter", f"---\ntitle: {json.dumps(plain, ensure_ascii=False)}\n---"
        least = 2 if h1 is None else 1  # a heading never repeats the title's level
        indents: list[int] = []  # where the text of each open list level starts
        for block in blocks:
            if block is title and h1 is not None:
                continue
            if block.kind != "list item":
                indents.clear()
            text = self._text(block, style, md=True)
            if block.kind == "title":
                yield block.kind, f"# {text}"
            elif block.kind == "heading":
                yield block.kind, "#" * min(max(block.level, least), 6) + f" {text}"
            elif block.kind == "list item":
                yield block.kind, self._md_item(block, text, indents)
            elif block.kind == "quote":
                yield block.kind, f"> {text}"
            else:
                yield block.kind, text

    def html(self, blocks: list[Block], lang: str) -> str:
        style = _Style(_html_inline, _html_escape, "<br>\n", _span)
        title, h1 = _title_and_h1(blocks, self.document.format)
        head = "" if title is None else self._text(
            title, _Style(_plain_inline, _html_escape, " ", lambda t, _: t))
        least = 2 if h1 is None else 1
        body: list[str] = []
        lists: list[str] = []  # open <ul>/<ol>, each with an open <li>
        for block in blocks:
            if block is title and h1 is not None:
                continue  # in <title> only: the page's own heading follows
            if block.kind == "list item":
                self._html_item(block, self._text(block, style), lists, body)
                continue
            _close_lists(lists, 0, body)
            body.append(self._html_block(block, self._text(block, style), least))
        _close_lists(lists, 0, body)
        return ("<!DOCTYPE html>\n"
                f'<html lang="{html_lib.escape(lang.replace("_", "-"))}">\n<head>\n'
                '<meta charset="utf-8">\n'
                f"<title>{head}</title>\n</head>\n<body>\n" + "\n".join(body)
                + "\n</body>\n</html>\n")

    @staticmethod
    def _html_block(block: Block, text: str, least: int) -> str:
        if block.kind == "title":
            return f"<h1>{text}</h1>"
        if block.kind == "heading":
            level = min(max(block.level, least), 6)
            return f"<h{level}>{text}</h{level}>"
        if block.kind == "quote":
            return f"<blockquote><p>{text}</p></blockquote>"
        css = _HTML_CLASS.get(block.kind)
        return f'<p class="{css}">{text}</p>' if css else f"<p>{text}</p>"

    def _html_item(self, block: Block, text: str, lists: list[str], body: list[str]) -> None:
        """Open, close or continue lists so that this item sits at its level."""
        level = max(block.level, 1)
        tag = "ul" if self._number(block) is None else "ol"
        if len(lists) >= level:
            _close_lists(lists, level, body)
            if lists[-1] == tag:
                body[-1] += "</li>"
            else:
                _close_lists(lists, level - 1, body)
        while len(lists) < level:
            body.append(f"<{tag}>")
            lists.append(tag)
        body.append(f"<li>{text}")

    def _md_item(self, block: Block, text: str, indents: list[int]) -> str:
        """A Markdown list item indented under its parent item's text."""
        level = max(block.level, 1)
        del indents[level:]
        while len(indents) < level - 1:
            indents.append(indents[-1] + 2 if indents else 2)
        indent = indents[level - 2] if level > 1 else 0
        number = self._number(block)
        marker = "- " if number is None else f"{number}. "
        if len(indents) < level:
            indents.append(indent + len(marker))
        else:
            indents[level - 1] = indent + len(marker)
        return " " * indent + marker + text

    def _number(self, block: Block) -> int | None:
        """The number of a numbered list item (in HTML: an item of an ``<ol>``, counted
        as 1), else None."""
        if self._html_lists is not None:
            positions, lists = self._html_lists
            at = bisect.bisect_right(positions, block.span[0]) - 1
            owner = lists[at] if at >= 0 else None
            if owner is None:
                return None
            if id(block) not in self._numbers:  # the items of one <ol> count 1, 2, 3…
                self._counts[owner] = self._counts.get(owner, 0) + 1
                self._numbers[id(block)] = self._counts[owner]
            return self._numbers[id(block)]
        if self.document.format not in ("txt", "md") or not block.segments:
            return None
        start = block.span[0]
        line_start = max(self.document.text.rfind("\n", 0, start),
                         self.document.text.rfind("\r", 0, start)) + 1
        m = _NUMBER_RE.search(self.document.text, line_start, start)
        return int(m.group(1)) if m else None

    # --- a block's text --------------------------------------------------------------

    def _text(self, block: Block, style: _Style, *, md: bool = False) -> str:
        """The block's sentences, translated, joined by spaces (or by line breaks where
        a plain-text line block had them)."""
        if block.kind in LINE_KINDS and self.document.format == "txt":
            lines = self._lines(block, style)
        else:
            lines = [" ".join(self._sentence(s, style) for s in block.segments)]
        if md:
            lines = [_md_line_start(line) for line in lines]
        return style.line_break.join(lines)

    def _sentence(self, segment: Segment, style: _Style) -> str:
        target = self.translate(segment)
        text = _inline_render(target or segment.msgid, segment, style.inline, style.escape)
        for meaning in reversed(segment.outer):
            text = style.inline("pair", meaning, text)
        return text if target is not None or not self.marks else style.mark(text, self.source_lang)

    def _lines(self, block: Block, style: _Style) -> list[str]:
        """A plain-text line block line by line: the sentences starting on each line, or
        the line itself where it has nothing to translate (a phone number)."""
        start, end = block.span
        first = bisect.bisect_right(self._newlines, start - 1) + 1
        starting: dict[int, list[Segment]] = {}
        covered: set[int] = set()
        for segment in block.segments:
            starting.setdefault(segment.line, []).append(segment)
            last = segment.line + len(_NEWLINE_RE.findall(segment.raw))
            covered.update(range(segment.line + 1, last + 1))
        out: list[str] = []
        for number, line in enumerate(_NEWLINE_RE.split(self.document.text[start:end]),
                                      start=first):
            if number in starting:
                out.append(" ".join(self._sentence(s, style) for s in starting[number]))
            elif number not in covered and line.strip():
                out.append(style.escape(line.strip()))
        return out


def _html_lists(text: str) -> tuple[list[int], list[int | None]]:
    """After each list tag of an HTML page (its end offset): the start offset of the
    innermost open list when it is an ``<ol>``, else None. Unmatched end tags are
    ignored, as browsers do."""
    positions: list[int] = []
    lists: list[int | None] = []
    stack: list[tuple[str, int]] = []
    for m in _HTML_LIST_TAG_RE.finditer(text):
        name = m.group(2).lower()
        if not m.group(1):
            stack.append((name, m.start()))
        elif any(open_ == name for open_, _ in stack):
            while stack.pop()[0] != name:
                pass
        positions.append(m.end())
        lists.append(stack[-1][1] if stack and stack[-1][0] == "ol" else None)
    return positions, lists


def _close_lists(lists: list[str], level: int, body: list[str]) -> None:
    """Close the open lists deeper than ``level`` with their open items."""
    while len(lists) > level:
        body[-1] += "</li>"
        body.append(f"</{lists.pop()}>")


def _title_and_h1(blocks: list[Block], fmt: str) -> tuple[Block | None, Block | None]:
    """The document's title block and its first first-level heading, if any (in
    Markdown with a front-matter title, the first ``#`` heading is a second title).

    A Word document's Title paragraph is on the page above its Heading 1 sections, so
    there a first-level heading is never a second title."""
    titles = [b for b in blocks if b.kind == "title"]
    h1 = None if fmt == "docx" else next(
        (b for b in blocks if b.kind == "heading" and b.level == 1), None)
    return (titles[0] if titles else None), (titles[1] if len(titles) > 1 else h1)


def _same_text(a: Block, b: Block) -> bool:
    """Whether two blocks say the same words (markup and case aside)."""
    def words(block: Block) -> str:
        text = " ".join(PLACEHOLDER_RE.sub("", s.msgid) for s in block.segments)
        return " ".join(text.split()).casefold()
    return words(a) == words(b)


def _span(text: str, lang: str) -> str:
    return f'<span lang="{html_lib.escape(lang)}">{text}</span>'


def _inline_render(text: str, segment: Segment, inline: InlineFn,
                   escape: Callable[[str], str]) -> str:
    """Replace placeholders by ``inline(role, meaning, content)``; escape the text."""
    meanings = dict(segment.inlines)
    out: list[str] = []
    stack: list[tuple[int, list[str]]] = []
    pos = 0

    def emit(piece: str) -> None:
        (stack[-1][1] if stack else out).append(piece)

    for m in PLACEHOLDER_RE.finditer(text):
        emit(escape(text[pos : m.start()]))
        pos = m.end()
        closing, number, standalone = m.group(1), int(m.group(2)), m.group(3)
        meaning = meanings.get(number)
        if standalone:
            emit(inline("atom", meaning, ""))
        elif not closing:
            stack.append((number, []))
        elif stack and stack[-1][0] == number:
            _, inner = stack.pop()
            emit(inline("pair", meaning, "".join(inner)))
    emit(escape(text[pos:]))
    while stack:  # an opening the translator left unclosed: keep its text
        _, inner = stack.pop()
        emit("".join(inner))
    return "".join(out)


def _plain_inline(role: str, meaning: Inline | None, content: str) -> str:
    """Only the words: for a ``<title>`` or a front-matter title."""
    return content if role == "pair" else ""


def _txt_inline(role: str, meaning: Inline | None, content: str) -> str:
    if role == "pair":
        href = (meaning.attr("href") or "") if meaning is not None and meaning.kind == "link" \
            else ""
        shown = href.removeprefix("mailto:")
        if shown and not shown.startswith("#") and shown not in content:
            return f"{content} ({shown})"
        return content
    if meaning is None:
        return ""
    if meaning.kind == "br":
        return "\n"
    if meaning.kind == "image":
        return meaning.attr("alt") or ""
    return meaning.text


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>" else ch for ch in text)


def _md_line_start(line: str) -> str:
    """Escape what would make a line of text a Markdown heading, quote or list."""
    m = _MD_BLOCK_START_RE.match(line)
    if m is None:
        return line
    marker = m.group(0)
    return ("\\" + line) if len(marker) == 1 else marker[:-1] + "\\" + line[len(marker) - 1:]


def _md_inline(role: str, meaning: Inline | None, content: str) -> str:
    kind = meaning.kind if meaning else ""
    if role == "pair":
        if kind == "em" or (kind == "html" and meaning is not None
                            and meaning.attr("tag") in ("i", "em")):
            return f"*{content}*"
        if kind == "strong" or (kind == "html" and meaning is not None
                                and meaning.attr("tag") in ("b", "strong")):
            return f"**{content}**"
        if kind == "link" and meaning is not None and meaning.attr("href"):
            return f"[{content}]({meaning.attr('href')})"
        return content
    if meaning is None:
        return ""
    if kind == "br":
        return "\\\n"
    if kind == "code":
        return f"`{meaning.text}`"
    if kind == "image":
        return f"![{_md_escape(meaning.attr('alt') or '')}]({meaning.attr('src') or ''})"
    if kind == "url":
        return f"<{meaning.text}>" if "://" in meaning.text else meaning.text
    return _md_escape(meaning.text)


def _html_escape(text: str) -> str:
    return html_lib.escape(text, quote=False)


def _html_inline(role: str, meaning: Inline | None, content: str) -> str:
    kind = meaning.kind if meaning else ""

    def attr(name: str) -> str:
        value = meaning.attr(name) if meaning else None
        return f' {name}="{html_lib.escape(value)}"' if value else ""

    if role == "pair":
        tag = {"em": "em", "strong": "strong", "link": "a"}.get(kind)
        if tag is None and meaning is not None and kind == "html":
            tag = {"b": "b", "i": "i", "u": "u", "sup": "sup", "sub": "sub"}.get(
                meaning.attr("tag") or "")
        if tag is None:
            return content
        extra = attr("href") + attr("title") if tag == "a" else ""
        return f"<{tag}{extra}>{content}</{tag}>"
    if meaning is None:
        return ""
    if kind == "br":
        return "<br>"
    if kind == "code":
        return f"<code>{_html_escape(meaning.text)}</code>"
    if kind == "image":
        return f"<img{attr('src')}{attr('alt')}>"
    if kind == "url" and "://" in meaning.text:
        url = html_lib.escape(meaning.text)
        return f'<a href="{url}">{url}</a>'
    return _html_escape(meaning.text)
