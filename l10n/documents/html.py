"""HTML releases: split the markup into skeleton and translatable blocks and attributes.

The parser is a small tokenizer (`l10n.documents.html_tokens`: tags, comments,
doctype, CDATA, raw text, character references, text) with exact source offsets,
followed by a walk that hands every character to the `DocumentBuilder` exactly once,
so an identity export is the source byte for byte, however malformed the markup.

What a translator sees:

* block text: ``<title>``, headings, paragraphs, list items, table cells, quotes, and
  text sitting directly in ``<body>``, ``<div>`` and similar containers; a block ends
  at the next block-level tag;
* the values of ``title`` and ``alt`` attributes, and the ``content`` of
  ``<meta>`` description, keywords, Open Graph and Twitter text fields, each as its own
  block of kind ``attribute``.

Never translated: doctype, comments, ``<script>``, ``<style>``, ``<pre>``,
``<template>``, ``<svg>``, ``<math>``, ``<nav>`` (site chrome), ``<code>``/``<kbd>``/
``<samp>`` content, any element with ``translate="no"`` or ``class="notranslate"``, and
every other attribute.

Known limitations:

* An element inside a translatable block becomes a placeholder whose markup is its whole
  start tag, so the ``title``/``alt`` of an ``<img>``, ``<abbr>`` or ``<a>`` inside
  running text is not translated (an image outside any text block does get its ``alt``
  translated).
* Unquoted attribute values (``alt=Logo``) are not translated: a translation with a
  space in it would break the tag.
* Block structure follows a simplified version of the HTML tree-building rules; it only
  decides segment kinds and boundaries, never what is copied to the output.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# The builder's own rule for addresses it protects, so both agree on what is a word.
from l10n.documents.base import (Document, DocumentBuilder, Inline, Run, Segment,
                                 without_protected)
from l10n.documents.html_tokens import _SPACE, Attr, Token, text_runs, tokenize

NAME = "html"

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
VOID = {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
        "input", "keygen", "link", "meta", "param", "source", "track", "wbr"}
# Tags that end the current text block.
BLOCK = {"address", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body",
         "caption", "center", "col", "colgroup", "datalist", "dd", "details", "dialog", "dir",
         "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame",
         "frameset", "head", "header", "hgroup", "hr", "html", "legend", "li", "link",
         "listing", "main", "menu", "meta", "nav", "ol", "optgroup", "option", "p",
         "plaintext", "pre", "search", "section", "select", "summary", "table", "tbody",
         "td", "template", "tfoot", "th", "thead", "title", "tr", "ul", "xmp", *HEADINGS}
# Elements kept whole out of the translator's way: skeleton between blocks, a single
# placeholder inside one.
SKIP = {"audio", "canvas", "code", "iframe", "kbd", "listing", "math", "nav", "noembed",
        "noframes", "noscript", "object", "plaintext", "pre", "samp", "script", "style",
        "svg", "template", "textarea", "video", "xmp"}
CODE = {"code", "kbd", "samp"}
# Inline in running text, but a block of their own between blocks (form controls).
OWN_BLOCK = {"label", "button"}
LISTS = {"ul", "ol", "menu", "dir"}
# Meta fields whose content is text for people (twitter:card, :site and :image hold
# machine values: a card type, a handle, a URL).
META_TEXT = {"description", "keywords", "og:title", "og:description", "og:image:alt",
             "twitter:title", "twitter:description", "twitter:image:alt"}
INLINE_KINDS = {"a": "link", "em": "em", "i": "em", "strong": "strong", "b": "strong",
                "img": "image", "br": "br"}

_LOOKALIKE_RE = re.compile(r"</?\d+/?>")
# Nesting deeper than this is not followed, so that every step stays cheap: a block-level
# element deeper than MAX_BLOCK_DEPTH counts as part of its container (its kind and the
# levels of lists come from the elements above it), and an inline element deeper than
# MAX_INLINE_DEPTH inside a block, with its end tag, is a standalone placeholder.
MAX_BLOCK_DEPTH = 100
MAX_INLINE_DEPTH = 32


def escape(text: str, context: str) -> str:
    """Escape a translation for its place in the document.

    Args:
        text: translated text, without markup.
        context: ``"text"`` for element content, ``"attribute"`` for a quoted attribute value.

    Returns:
        ``text`` with ``& < >`` (and in attributes also both quotes) escaped.
    """
    return html.escape(text, quote=context == "attribute")


def parse(path: Path, text: str, *, bom: bool, lang: str) -> Document:
    """Parse an HTML release into skeleton and segments.

    Args:
        path: names the file in messages.
        text: the decoded source, without BOM; newlines are kept as they are.
        bom: whether the file had a UTF-8 BOM (restored on export).
        lang: the source language, for sentence splitting.

    Returns:
        The Document; rendering it with identity translations gives ``text`` back.
    """
    builder = DocumentBuilder(path, NAME, text, bom=bom, lang=lang, escape=escape)
    _Walker(builder, text, tokenize(text)).run()
    return builder.finish()


def set_lang(html_text: str, lang: str) -> str:
    """Set ``lang="LANG"`` on the ``<html>`` start tag of a rendered document.

    An existing ``lang`` attribute is replaced, otherwise one is inserted after the tag
    name; nothing else changes. A document without an ``<html>`` start tag (a fragment)
    is returned unchanged.

    >>> set_lang('<html lang=en><p>Hi</p>', 'de')
    '<html lang="de"><p>Hi</p>'
    """
    tag = next((t for t in tokenize(html_text) if t.kind == "start" and t.name == "html"), None)
    if tag is None:
        return html_text
    new = f'lang="{html.escape(lang, quote=True)}"'
    old = next((a for a in tag.attrs if a.name == "lang"), None)
    if old is not None:
        return html_text[: old.start] + new + html_text[old.end :]
    at = tag.start + len("<html")
    return html_text[:at] + " " + new + html_text[at:]


def keep_source(lang: str) -> Callable[[Segment], str]:
    """How export writes a sentence left in the source language ``lang``: inside
    ``<span lang="…">`` so that browsers and screen readers switch language.

    Text in an attribute or in ``<title>`` (where markup is not allowed) stays as it is.

    >>> from l10n.documents.base import Segment
    >>> keep_source("en")(Segment("Hi.", "Hi.", 1, "paragraph", 1, 1, 1))
    '<span lang="en">Hi.</span>'
    """
    attr = html.escape(lang.replace("_", "-"), quote=True)

    def keep(segment: Segment) -> str:
        if segment.context != "text" or segment.kind == "title":
            return segment.raw
        return f'<span lang="{attr}">{segment.raw}</span>'

    return keep


# --- the walk ----------------------------------------------------------------------------


@dataclass
class _OpenBlock:
    """The text block being collected: its runs with the tag token each came from."""

    kind: str
    level: int
    items: list[tuple[Run, Token | None]] = field(default_factory=list)
    open: list[tuple[str, int]] = field(default_factory=list)  # (tag, index in items)
    too_deep: list[str] = field(default_factory=list)  # tags opened beyond MAX_INLINE_DEPTH
    keys: int = 0
    closer: int = 0  # key of an element whose end tag ends the block (a label, a button)


class _Walker:
    """Walks the tokens left to right, handing skeleton and blocks to the builder."""

    def __init__(self, builder: DocumentBuilder, text: str, tokens: list[Token]) -> None:
        self.b, self.text, self.tokens = builder, text, tokens
        self.stack: list[str] = []  # open block-level elements, for kinds and levels
        self.block: _OpenBlock | None = None
        self.ends = _matching_end_tags(tokens)
        self.next_block = _next_block_tags(tokens)

    def run(self) -> None:
        i = 0
        while i < len(self.tokens):
            i = self._flow(i) if self.block is None else self._inline(i)
        self._end_block()

    # Between blocks.

    def _flow(self, i: int) -> int:
        tok = self.tokens[i]
        if tok.kind in ("comment", "raw") or (tok.kind == "text" and self._blank(tok)):
            self.b.skip_to(tok.end)
        elif tok.kind == "end":
            if tok.name in BLOCK:
                self._pop(tok.name)
            self.b.skip_to(tok.end)
        elif tok.kind == "start" and (tok.name in SKIP or _no_translate(tok, self.text)):
            return self._skip_element(i)
        elif tok.kind == "start" and tok.name in BLOCK:
            self._enter(tok)
        elif tok.kind == "start" and tok.name in VOID:
            self._skip_tag(tok)
        else:  # text or an inline element: the start of an implicit paragraph
            self.block = _OpenBlock(*self._kind())
            if tok.kind == "start" and tok.name in OWN_BLOCK:
                self.block.closer = 1  # the key _inline gives this first element
            return self._inline(i)
        return i + 1

    def _skip_element(self, i: int) -> int:
        """A script, code, no-translate... element between blocks: all skeleton."""
        last = self._element_end(i)
        if last is None:  # no end tag: only the start tag is kept out
            last = i
        self.b.skip_to(self.tokens[last].end)
        return last + 1

    def _enter(self, tok: Token) -> None:
        """A block-level start tag: skeleton (with its attributes) and a new container."""
        self._close_implied(tok.name)
        self._skip_tag(tok)
        if tok.name not in VOID and len(self.stack) < MAX_BLOCK_DEPTH:
            self.stack.append(tok.name)

    def _skip_tag(self, tok: Token) -> None:
        """A tag as skeleton, except the values of its translatable attributes."""
        self.b.skip_to(tok.start)
        for attr in tok.attrs:
            if _translatable(tok, attr, self.text):
                self.b.skip_to(attr.value_start)
                runs = text_runs(self.text, attr.value_start, attr.value_end, attribute=True)
                self.b.block("attribute", runs, context="attribute")
        self.b.skip_to(tok.end)

    def _kind(self) -> tuple[str, int]:
        """Kind and level of a block opened now, from its nearest meaningful container."""
        for depth in range(len(self.stack) - 1, -1, -1):
            name = self.stack[depth]
            if name == "title":
                return "title", 0
            if name in HEADINGS:
                return "heading", HEADINGS[name]
            if name == "li":
                return "list item", max(1, sum(1 for n in self.stack[:depth] if n in LISTS))
            if name in ("td", "th"):
                return "table cell", 0
            if name == "blockquote":
                return "quote", 0
        return "paragraph", 0

    def _close_implied(self, name: str) -> None:
        """Close the elements a new block-level start tag ends implicitly (li, p, td...)."""
        if name == "li":
            self._pop_through({"li"}, LISTS)
        elif name in ("dt", "dd"):
            self._pop_through({"dt", "dd"}, {"dl"})
        elif name in ("td", "th"):
            self._pop_through({"td", "th"}, {"tr", "table"})
        elif name == "tr":
            self._pop_through({"tr"}, {"table", "thead", "tbody", "tfoot"})
        elif name in ("option", "optgroup"):
            self._pop_through({"option"}, {"select", "datalist", "optgroup"})
        if name not in VOID and self.stack and (
                self.stack[-1] == "p" or (name in HEADINGS and self.stack[-1] in HEADINGS)):
            self.stack.pop()

    def _pop_through(self, targets: set[str], barriers: set[str]) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth] in barriers:
                return
            if self.stack[depth] in targets:
                del self.stack[depth:]
                return

    def _pop(self, name: str) -> None:
        if name in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(name):]

    def _blank(self, tok: Token) -> bool:
        return not self.text[tok.start : tok.end].strip(_SPACE)

    def _element_end(self, i: int) -> int | None:
        """Index of the end tag closing the element started at ``tokens[i]``, if any.

        An inline element must end before the next block-level tag; a block or foreign
        element (``<nav>``, ``<svg>``) may hold any markup.
        """
        tok = self.tokens[i]
        if tok.name in VOID or (tok.self_closing and tok.name in ("svg", "math")):
            return i
        end = self.ends.get(i)
        if end is None or (tok.name not in BLOCK | {"svg", "math"} and self.next_block[i] < end):
            return None
        return end

    # Inside a block.

    def _inline(self, i: int) -> int:
        tok, block = self.tokens[i], self.block
        assert block is not None
        if tok.kind in ("start", "end") and tok.name in BLOCK:
            self._end_block()
            return i  # the tag itself is handled between blocks
        if tok.kind == "text":
            block.items.extend((run, None) for run in text_runs(self.text, tok.start, tok.end))
        elif tok.kind in ("comment", "raw"):
            block.items.append((Run("atom", self._raw(tok), inline=Inline("html")), tok))
        elif tok.kind == "end":
            self._close(tok)
        elif tok.name in SKIP or _no_translate(tok, self.text):
            return self._atom_element(i)
        elif tok.name in VOID:
            block.items.append((Run("atom", self._raw(tok), inline=self._inline_of(tok)), tok))
        elif len(block.open) >= MAX_INLINE_DEPTH:
            block.too_deep.append(tok.name)
            block.items.append((Run("atom", self._raw(tok), inline=self._inline_of(tok)), tok))
        else:
            block.keys += 1
            run = Run("open", self._raw(tok), inline=self._inline_of(tok), key=block.keys)
            block.open.append((tok.name, len(block.items)))
            block.items.append((run, tok))
        return i + 1

    def _atom_element(self, i: int) -> int:
        """A code span, script or no-translate element inside a block: one placeholder."""
        assert self.block is not None
        tok = self.tokens[i]
        last = self._element_end(i)
        if last is None:  # no end tag in this block: only the start tag is kept out
            run = Run("atom", self._raw(tok), inline=self._inline_of(tok))
            self.block.items.append((run, tok))
            return i + 1
        inner = self.tokens[i + 1 : last]
        words = "".join(html.unescape(self._raw(t)) for t in inner if t.kind == "text")
        attrs = (("tag", tok.name),)
        if tok.name in CODE:
            inline = Inline("code", attrs, words)
        elif tok.name in SKIP:  # script, svg...: nothing a reader sees as words
            inline = Inline("html", attrs)
        else:  # a no-translate name: its words still matter to the sentence splitter
            inline = Inline("html", attrs, words)
        raw = self.text[tok.start : self.tokens[last].end]
        self.block.items.append((Run("atom", raw, inline=inline), None))
        return last + 1

    def _close(self, tok: Token) -> None:
        """An end tag inside a block: closes its element, or is a stray atom."""
        block = self.block
        assert block is not None
        names = [name for name, _ in block.open]
        if block.too_deep and block.too_deep[-1] == tok.name:
            block.too_deep.pop()  # the end of an element nested too deep: an atom too
            names = []
        if tok.name not in names:
            block.items.append((Run("atom", self._raw(tok), inline=self._inline_of(tok)), tok))
            return
        block.too_deep.clear()  # whatever was opened inside it ends with it
        depth = len(names) - 1 - names[::-1].index(tok.name)
        for _, index in block.open[depth + 1 :]:  # left open inside it: unpaired
            _demote(block, index)
        opening = block.items[block.open[depth][1]][0]
        del block.open[depth:]
        run = Run("close", self._raw(tok), inline=opening.inline, key=opening.key)
        block.items.append((run, tok))
        if opening.key == block.closer:
            self._end_block()

    def _end_block(self) -> None:
        """Hand the collected block to the builder (or as skeleton if it has no words)."""
        block, self.block = self.block, None
        if block is None:
            return
        for _, index in block.open:  # never closed in this block: unpaired
            _demote(block, index)
        items = block.items
        lo, hi = 0, len(items)
        while lo < hi and _is_edge(*items[lo]):
            lo += 1
        while hi > lo and _is_edge(*items[hi - 1]):
            hi -= 1
        self.b.skip("".join(run.raw for run, _ in items[:lo]))
        runs = _guard_lookalikes([run for run, _ in items[lo:hi]])
        if _has_words(runs):
            self.b.block(block.kind, runs, level=block.level)
        else:  # only markup, numbers or punctuation: images may still have an alt text
            for run, tok in items[lo:hi]:
                if tok is not None and tok.kind == "start":
                    self._skip_tag(tok)
                else:
                    self.b.skip(run.raw)
        self.b.skip("".join(run.raw for run, _ in items[hi:]))

    def _inline_of(self, tok: Token) -> Inline:
        """What an inline tag means, with the attributes other formats can use."""
        if tok.kind != "start":
            return Inline("html", (("tag", tok.name or self._raw(tok)),))
        kind = INLINE_KINDS.get(tok.name, "html")
        wanted = {"link": ("href", "title"), "image": ("src", "alt", "title")}.get(kind, ())
        attrs = [("tag", tok.name)]
        for attr in tok.attrs:
            if attr.name in wanted and attr.name not in dict(attrs):
                value = self.text[attr.value_start : attr.value_end]
                attrs.append((attr.name, html.unescape(value)))
        return Inline(kind, tuple(attrs))

    def _raw(self, tok: Token) -> str:
        return self.text[tok.start : tok.end]


def _has_words(runs: list[Run]) -> bool:
    """Whether the block's own text has a letter outside web and e-mail addresses.

    Letters inside placeholders (code, addresses the builder protects) do not count: a
    block of only those would give the translator a msgid like ``<1/>``.
    """
    for run in runs:
        if run.role == "text":
            words = without_protected(run.text) if run.raw == run.text else run.text
            if any(ch.isalpha() for ch in words):
                return True
    return False


def _guard_lookalikes(runs: list[Run]) -> list[Run]:
    """Protect placeholder look-alikes spelt with references (``&lt;1&gt;``) as atoms.

    The builder protects ``<1>`` typed literally, but only inside one plain run.
    """
    out: list[Run] = []
    group: list[Run] = []
    for run in [*runs, None]:
        if run is not None and run.role == "text":
            group.append(run)
            continue
        out.extend(_guard_group(group) if any(r.raw != r.text for r in group) else group)
        group = []
        if run is not None:
            out.append(run)
    return out


def _guard_group(group: list[Run]) -> list[Run]:
    """Regroup consecutive text runs so that each look-alike becomes one literal atom."""
    spans = [m.span() for m in _LOOKALIKE_RE.finditer("".join(run.text for run in group))]
    if not spans:
        return group
    # Plain text can be cut anywhere, a reference nowhere: label each piece with the
    # look-alike it overlaps (-1: none), then merge neighbours with the same label.
    labelled: list[tuple[int, Run]] = []
    pos = 0
    n = 0  # spans[:n] end before pos (they are in order and do not overlap)
    for run in group:
        for unit in [Run.plain(ch) for ch in run.text] if run.raw == run.text else [run]:
            end = pos + len(unit.text)
            while n < len(spans) and spans[n][1] <= pos:
                n += 1
            label = n if n < len(spans) and spans[n][0] < end else -1
            labelled.append((label, unit))
            pos = end
    out: list[Run] = []
    for label, same in itertools.groupby(labelled, key=lambda item: item[0]):
        units = [unit for _, unit in same]
        if label >= 0:
            out.append(_literal(units))
            continue
        for is_plain, runs in itertools.groupby(units, key=lambda u: u.raw == u.text):
            out.extend([Run.plain("".join(u.raw for u in runs))] if is_plain else runs)
    return out


def _literal(runs: list[Run]) -> Run:
    text = "".join(run.text for run in runs)
    return Run("atom", "".join(run.raw for run in runs), inline=Inline("literal", text=text))


def _matching_end_tags(tokens: list[Token]) -> dict[int, int]:
    """Start tag index -> index of the end tag of the same name that closes it,
    counting nested elements of that name (one pass, a stack per name)."""
    ends: dict[int, int] = {}
    opened: dict[str, list[int]] = {}
    for i, tok in enumerate(tokens):
        if tok.kind == "start":
            opened.setdefault(tok.name, []).append(i)
        elif tok.kind == "end" and opened.get(tok.name):
            ends[opened[tok.name].pop()] = i
    return ends


def _next_block_tags(tokens: list[Token]) -> list[int]:
    """For each token index, the index of the first block-level tag after it."""
    after = [len(tokens)] * len(tokens)
    following = len(tokens)
    for i in range(len(tokens) - 1, -1, -1):
        after[i] = following
        if tokens[i].kind in ("start", "end") and tokens[i].name in BLOCK:
            following = i
    return after


def _demote(block: _OpenBlock, index: int) -> None:
    """Turn an opening run whose end tag is missing into a standalone atom."""
    run, tok = block.items[index]
    block.items[index] = (Run("atom", run.raw, inline=run.inline), tok)


def _is_edge(run: Run, tok: Token | None) -> bool:
    """Whether a run at a block's edge can go to the skeleton: space, comment, <br>."""
    if run.role == "text":
        return not run.text.strip()
    return tok is not None and (tok.kind == "comment" or (tok.kind == "start" and tok.name == "br"))


def _attr_value(tok: Token, name: str, text: str) -> str | None:
    """The decoded value of a tag's first attribute ``name`` ("" if it has no value)."""
    for attr in tok.attrs:
        if attr.name == name:
            return html.unescape(text[attr.value_start : attr.value_end])
    return None


def _no_translate(tok: Token, text: str) -> bool:
    """``translate="no"`` or ``class="notranslate"`` on a start tag."""
    if (_attr_value(tok, "translate", text) or "").strip().lower() == "no":
        return True
    return "notranslate" in (_attr_value(tok, "class", text) or "").split()


def _translatable(tok: Token, attr: Attr, text: str) -> bool:
    """Whether an attribute's value is text for people: title, alt, some meta content."""
    if not attr.quoted or attr.value_end <= attr.value_start:
        return False
    if attr.name in ("title", "alt"):
        return True
    if tok.name != "meta" or attr.name != "content":
        return False
    field_name = _attr_value(tok, "name", text) or _attr_value(tok, "property", text) or ""
    return field_name.strip().lower() in META_TEXT
