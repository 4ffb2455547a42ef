"""Markdown inline syntax: emphasis, links, code, HTML, escapes and entities as runs."""

from __future__ import annotations

import bisect
import html
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.entities import html5

from l10n.documents.base import PLACEHOLDER_RE, Inline, Role, Run

_TAG_NAME = r"[A-Za-z][A-Za-z0-9-]*"
_ATTRIBUTE = r"(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)"
OPEN_TAG = rf"<({_TAG_NAME}){_ATTRIBUTE}*\s*(/?)>"
CLOSE_TAG = rf"</({_TAG_NAME})\s*>"

# --- inline syntax ----------------------------------------------------------
_ASCII_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_AUTOLINK_RE = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>]*)>")
_EMAIL_RE = re.compile(
    r"<([a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>"
)
_INLINE_HTML_RE = re.compile(
    rf"{OPEN_TAG}|{CLOSE_TAG}|<!-->|<!--->|<!--[\s\S]*?-->|<\?[\s\S]*?\?>"
    r"|<![A-Za-z][^>]*>|<!\[CDATA\[[\s\S]*?\]\]>"
)
# Same shape as the builder's protection, so a bare URL is one atom before any
# emphasis or escape inside it could be read as markup.
_BARE_URL_RE = re.compile(
    r"(?:https?|ftp)://[^\s<>\"'«»“”‘’()\[\]]*[^\s<>\"'«»“”‘’()\[\].,;:!?…]"
    r"|www\.[^\s<>\"'«»“”‘’()\[\]]*[^\s<>\"'«»“”‘’()\[\].,;:!?…]"
)
# Limits that keep every step cheap on pathological input (CommonMark allows them):
# a link destination nests parentheses at most 32 deep, a link label is at most 999
# characters, at most 100 brackets wait for their closing one (a further ``[`` is
# text), and at most 32 inline HTML elements nest (a deeper one stays a standalone
# placeholder, as an unmatched tag does).
MAX_PARENS = 32
MAX_LABEL = 999
MAX_BRACKETS = 100
MAX_HTML_DEPTH = 32
_DESTINATION_STOP_RE = re.compile(r"[\s\x00-\x1f()\\]")
_PUNCT_SET = frozenset(_ASCII_PUNCT)
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())

# --- escaping ---------------------------------------------------------------
_BREAK_RE = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_SPECIAL_RE = re.compile(r"[\\`*_\[\]<>|~]")
_ATTRIBUTE_SPECIAL_RE = re.compile(r"[\\`*_\[\]<>|~\"'()]")
# What starts a block at the beginning of a line: "#", "+", "-", "=", "1." or "1)".
_LINE_START_RE = re.compile(r"^([ \t]*)(?=[#+\-=])|^([ \t]*\d{1,9})(?=[.)](?:[ \t]|$))")


def escape(text: str, context: str) -> str:
    r"""Make a translation's text read as text, never as Markdown markup.

    Backslash-escapes the ASCII punctuation that could start markup anywhere
    (``\ ` * _ [ ] < > | ~``, and ``&`` when it would start an entity), and what
    would start a block at the beginning of a line (``#``, ``+``, ``-``, ``=``, ``1.``).
    Line breaks become spaces: a translation must stay inside its block.

    Args:
        text: Translated text (outside placeholders).
        context: "text", or "attribute" (inside a link title: quotes and
            parentheses are escaped too).

    Returns:
        Markdown source that renders as ``text``.

    >>> escape("<script>alert(1)</script> *x*", "text")
    '\\<script\\>alert(1)\\</script\\> \\*x\\*'
    """
    text = _BREAK_RE.sub(" ", text)
    if context == "yaml-double":  # a front-matter value inside "…"
        return text.replace("\\", "\\\\").replace('"', '\\"')
    if context == "yaml-single":  # a front-matter value inside '…'
        return text.replace("'", "''")
    special = _ATTRIBUTE_SPECIAL_RE if context == "attribute" else _SPECIAL_RE
    text = special.sub(r"\\\g<0>", text)
    text = ENTITY_RE.sub(lambda m: "\\" + m.group(0), text)
    return _LINE_START_RE.sub(lambda m: m.group(0) + "\\", text, count=1)


def run_end(text: str, i: int, ch: str) -> int:
    """End of the run of ``ch`` characters starting at ``text[i]``."""
    while i < len(text) and text[i] == ch:
        i += 1
    return i

def normalize_label(text: str) -> str:
    """A link label as references match it: case-folded, whitespace collapsed."""
    return " ".join(text.split()).casefold()

def unescape(text: str) -> str:
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text))

def _is_punct(ch: str) -> bool:
    return ch in _ASCII_PUNCT or unicodedata.category(ch)[0] in "PS"

@dataclass
class _Mark:
    """A recognised inline piece, at offsets of the parser's logical text."""

    start: int
    end: int
    role: str  # text (escape, entity), open, close, atom
    text: str = ""
    inline: Inline | None = None
    key: int = 0
    tag: str = ""  # inline HTML: tag name
    tag_role: str = ""  # inline HTML: open, close or "" (standalone)

@dataclass
class _Delimiter:
    char: str
    start: int  # first character not yet used by an emphasis
    count: int  # characters not yet used
    length: int  # length of the whole run (CommonMark's "rule of 3")
    can_open: bool
    can_close: bool

@dataclass
class _Bracket:
    start: int
    end: int  # after ``[`` or ``![``
    image: bool
    marks: int  # how many marks there were when it opened

@dataclass
class InlineParser:
    """Reads one leaf block's inline markup into builder runs.

    The block's lines are joined with ``\\n`` into a logical text (container
    prefixes and indentation removed) which CommonMark's algorithms work on;
    `runs` maps every piece back to its exact source.
    """

    source: str
    spans: list[tuple[int, int]]
    refs: dict[str, tuple[str, str]]
    text: str = ""
    starts: list[int] = field(default_factory=list)
    marks: list[_Mark] = field(default_factory=list)
    delimiters: list[_Delimiter] = field(default_factory=list)
    brackets: list[_Bracket] = field(default_factory=list)
    # brackets[:links_below] were open when a link closed: they can no longer be links
    links_below: int = 0
    backticks: dict[int, list[int]] | None = None  # run length -> where such runs start
    last: dict[str, int] = field(default_factory=dict)  # terminator -> its last offset
    _keys: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.text = "\n".join(self.source[s:e] for s, e in self.spans)
        pos = 0
        for s, e in self.spans:
            self.starts.append(pos)
            pos += e - s + 1

    def runs(self) -> list[Run]:
        """The block's runs, covering its source from first to last span exactly."""
        self._scan()
        self._emphasis(-1)
        self._pair_html()
        runs: list[Run] = []
        pos = 0
        for mark in sorted(self.marks, key=lambda m: m.start):
            runs.extend(self._plain(pos, mark.start))
            runs.append(self._run(mark))
            pos = mark.end
        runs.extend(self._plain(pos, len(self.text)))
        return _protect_lookalikes(_merge(runs))

    # -- mapping back to the source

    def _offset(self, pos: int) -> int:
        line = bisect.bisect_right(self.starts, pos) - 1
        return self.spans[line][0] + pos - self.starts[line]

    def _raw(self, start: int, end: int) -> str:
        return self.source[self._offset(start) : self._offset(end)]

    def _plain(self, start: int, end: int) -> list[Run]:
        """Plain text runs; each line break becomes a soft-break run reading as a space."""
        runs: list[Run] = []
        while start < end:
            newline = self.text.find("\n", start, end)
            stop = end if newline < 0 else newline
            if stop > start:
                runs.append(Run.plain(self._raw(start, stop)))
            if newline < 0:
                break
            runs.append(Run("text", self._raw(newline, newline + 1), " "))
            start = newline + 1
        return runs

    def _run(self, mark: _Mark) -> Run:
        raw = self._raw(mark.start, mark.end)
        if mark.role == "text":
            return Run("text", raw, mark.text)
        role: Role = "open" if mark.role == "open" else "close" if mark.role == "close" else "atom"
        return Run(role, raw, inline=mark.inline, key=mark.key)

    # -- scanning

    def _scan(self) -> None:
        handlers = {"\\": self._backslash, "`": self._code, "&": self._entity, "<": self._angle,
                    "*": self._delimiter, "_": self._delimiter, "[": self._bracket,
                    "!": self._bracket, "]": self._close_bracket, " ": self._hard_break,
                    "h": self._bare_url, "w": self._bare_url, "f": self._bare_url}
        i = 0
        while i < len(self.text):
            handler = handlers.get(self.text[i])
            end = handler(i) if handler else None
            i = end if end is not None else i + 1

    def _atom(self, start: int, end: int, inline: Inline) -> int:
        self.marks.append(_Mark(start, end, "atom", inline=inline))
        return end

    def _backslash(self, i: int) -> int | None:
        nxt = self.text[i + 1 : i + 2]
        if nxt == "\n":
            return self._atom(i, i + 2, Inline("br"))
        if nxt and nxt in _ASCII_PUNCT:
            self.marks.append(_Mark(i, i + 2, "text", text=nxt))
            return i + 2
        return None

    def _code(self, i: int) -> int:
        n = run_end(self.text, i, "`") - i
        j = self._backtick_run(n, i + n)
        if j is None:
            return i + n  # no closing run: the backticks are literal text
        end = j + n
        code = self.text[i + n : j].replace("\n", " ")
        if code.startswith(" ") and code.endswith(" ") and code.strip(" "):
            code = code[1:-1]
        return self._atom(i, end, Inline("code", text=code))

    def _backtick_run(self, length: int, pos: int) -> int | None:
        """Start of the first run of exactly ``length`` backticks at or after ``pos``.

        Every run is indexed once, so a paragraph of backtick runs that never close
        is not rescanned for each of them.
        """
        if self.backticks is None:
            self.backticks = {}
            for m in re.finditer("`+", self.text):
                self.backticks.setdefault(len(m.group(0)), []).append(m.start())
        starts = self.backticks.get(length, [])
        k = bisect.bisect_left(starts, pos)
        return starts[k] if k < len(starts) else None

    def _entity(self, i: int) -> int | None:
        m = ENTITY_RE.match(self.text, i)
        if not m or (m.group(0)[1] != "#" and m.group(0)[1:] not in html5):
            return None
        self.marks.append(_Mark(i, m.end(), "text", text=html.unescape(m.group(0))))
        return m.end()

    def _angle(self, i: int) -> int | None:
        for regex, prefix in ((_AUTOLINK_RE, ""), (_EMAIL_RE, "mailto:")):
            if m := regex.match(self.text, i):
                url = m.group(1)
                return self._atom(i, m.end(), Inline("url", (("href", prefix + url),), url))
        if not self._may_close(i):
            return None
        m = _INLINE_HTML_RE.match(self.text, i)
        if not m:
            return None
        if m.group(1):  # an opening tag
            tag = m.group(1).lower()
            role = "" if m.group(2) or tag in _VOID_TAGS else "open"
        elif m.group(3):
            tag, role = m.group(3).lower(), "close"
        else:
            tag, role = "!", ""  # comment, processing instruction, declaration, CDATA
        self.marks.append(_Mark(i, m.end(), "atom", inline=Inline("html", (("tag", tag),)),
                                tag=tag, tag_role=role))
        return m.end()

    def _may_close(self, i: int) -> bool:
        """False when a comment, processing instruction, declaration or CDATA section
        at ``i`` has no terminator anywhere after it (its pattern would scan to the
        end of the block for every ``<!--`` in it)."""
        text = self.text
        for opening, closing, special in (("<!--", "-->", ("<!-->", "<!--->")),
                                          ("<![CDATA[", "]]>", ()), ("<?", "?>", ()),
                                          ("<!", ">", ())):
            if text.startswith(opening, i):
                if any(text.startswith(s, i) for s in special):
                    return True
                if closing not in self.last:
                    self.last[closing] = text.rfind(closing)
                return self.last[closing] >= i + len(opening)
        return True

    def _hard_break(self, i: int) -> int:
        j = i
        while j < len(self.text) and self.text[j] == " ":
            j += 1
        if j - i >= 2 and self.text[j : j + 1] == "\n":
            return self._atom(i, j + 1, Inline("br"))
        return j

    def _bare_url(self, i: int) -> int | None:
        if i and (self.text[i - 1].isalnum() or self.text[i - 1] in "_/.:@"):
            return None
        m = _BARE_URL_RE.match(self.text, i)
        if not m:
            return None
        return self._atom(i, m.end(), Inline("url", (("href", m.group(0)),), m.group(0)))

    def _delimiter(self, i: int) -> int:
        ch = self.text[i]
        j = run_end(self.text, i, ch)
        before = self.text[i - 1] if i else "\n"
        after = self.text[j] if j < len(self.text) else "\n"
        left = not after.isspace() and (
            not _is_punct(after) or before.isspace() or _is_punct(before))
        right = not before.isspace() and (
            not _is_punct(before) or after.isspace() or _is_punct(after))
        if ch == "*":
            can_open, can_close = left, right
        else:  # intraword underscores are not emphasis: snake_case_name
            can_open = left and (not right or _is_punct(before))
            can_close = right and (not left or _is_punct(after))
        self.delimiters.append(_Delimiter(ch, i, j - i, j - i, can_open, can_close))
        return j

    def _bracket(self, i: int) -> int | None:
        image = self.text[i] == "!"
        if image and self.text[i + 1 : i + 2] != "[":
            return None
        if len(self.brackets) >= MAX_BRACKETS:
            return None  # too many waiting: this one is text
        end = i + (2 if image else 1)
        self.brackets.append(_Bracket(i, end, image, len(self.marks)))
        return end

    # -- links and images

    def _close_bracket(self, i: int) -> int | None:
        if not self.brackets:
            return None
        opener = self.brackets.pop()
        inactive = not opener.image and len(self.brackets) < self.links_below
        self.links_below = min(self.links_below, len(self.brackets))
        if inactive:
            return None
        target = self._link_target(i + 1, opener.end, i)
        if target is None:
            return None
        end, href, title = target
        attrs = (("href", href), ("title", title)) if title else (("href", href),)
        if opener.image:
            # The whole image is one atom: drop what was recognised inside it (all of
            # it recognised since the bracket opened; delimiters are in order).
            self.marks[opener.marks:] = [m for m in self.marks[opener.marks:]
                                         if m.start < opener.start]
            del self.delimiters[self._delimiters_from(opener.start, strict=False):]
            alt = self.text[opener.end : i].replace("\n", " ")
            image = Inline("image", (("src", href), ("alt", alt), *attrs[1:]))
            return self._atom(opener.start, end, image)
        self._emphasis(opener.start)
        key = next(self._keys)
        link = Inline("link", attrs)
        self.marks.append(_Mark(opener.start, opener.end, "open", inline=link, key=key))
        self.marks.append(_Mark(i, end, "close", inline=link, key=key))
        self.links_below = len(self.brackets)  # no links inside links
        return end

    def _link_target(self, pos: int, start: int, end: int) -> tuple[int, str, str] | None:
        """(end, href, title) of the link whose text ``text[start:end]`` ends before
        ``pos``, or None."""
        if self.text[pos : pos + 1] == "(" and (inline := self._inline_target(pos + 1)):
            return inline
        # A label is at most MAX_LABEL characters: a longer text is not even looked up.
        label = self.text[start:end] if self.refs and end - start <= MAX_LABEL else None
        if self.text[pos : pos + 1] == "[":
            close = re.compile(r"((?:[^\\\[\]]|\\.){0,999})\]").match(self.text, pos + 1)
            if close:
                wanted = close.group(1) or label
                ref = self.refs.get(normalize_label(wanted)) if wanted is not None else None
                return (close.end(), *ref) if ref else None
        ref = self.refs.get(normalize_label(label)) if label is not None else None
        return (pos, *ref) if ref else None

    def _inline_target(self, pos: int) -> tuple[int, str, str] | None:
        m = re.compile(r"[ \t]*\n?[ \t]*").match(self.text, pos)
        assert m is not None  # the pattern matches the empty string
        pos = m.end()
        if self.text[pos : pos + 1] == "<":
            dest = re.compile(r"<((?:[^<>\n\\]|\\.)*)>").match(self.text, pos)
            if not dest:
                return None
            href, pos = dest.group(1), dest.end()
        else:
            bare = self._bare_destination(pos)
            if bare is None:
                return None
            href, pos = bare
        space = re.compile(r"[ \t]*\n?[ \t]*").match(self.text, pos)
        assert space is not None
        title = ""
        quote = re.compile(r"\"((?:[^\"\\]|\\[\s\S])*)\"|'((?:[^'\\]|\\[\s\S])*)'"
                           r"|\(((?:[^()\\]|\\[\s\S])*)\)")
        if space.end() > pos and (t := quote.match(self.text, space.end())):
            title = next(g for g in t.groups() if g is not None)
            pos = t.end()
            space = re.compile(r"[ \t]*\n?[ \t]*").match(self.text, pos)
            assert space is not None
        pos = space.end()
        if self.text[pos : pos + 1] != ")":
            return None
        return pos + 1, unescape(href), unescape(title).replace("\n", " ")

    def _bare_destination(self, pos: int) -> tuple[str, int] | None:
        """A destination without ``<…>``: up to a space, a control character or an
        unbalanced ``)``; None if its parentheses nest deeper than MAX_PARENS."""
        depth = 0
        start = pos
        text = self.text
        while (stop := _DESTINATION_STOP_RE.search(text, pos)) is not None:
            pos = stop.start()
            ch = text[pos]
            if ch == "\\":
                pos += 2 if text[pos + 1 : pos + 2] in _PUNCT_SET else 1
                continue
            if ch == "(":
                depth += 1
                if depth > MAX_PARENS:
                    return None
            elif ch == ")" and depth:
                depth -= 1
            else:  # a space, a control character or the ")" that ends the link
                break
            pos += 1
        else:
            pos = len(text)
        return text[start:pos], pos

    # -- emphasis (CommonMark's "process emphasis")

    def _emphasis(self, bottom: int) -> None:
        """Pair the delimiters after offset ``bottom`` (CommonMark's algorithm).

        ``openers`` holds the delimiters before the current closer that may still
        open; ``floors`` remembers, per kind of closer, below which index a search
        already found no opener (CommonMark's ``openers_bottom``), so a long row of
        closers without openers costs one look each.
        """
        first = self._delimiters_from(bottom, strict=True)
        pending = self.delimiters[first:]
        del self.delimiters[first:]
        openers: list[_Delimiter] = []
        floors: dict[tuple[str, bool, int], int] = {}
        p = 0
        while p < len(pending):
            closer = pending[p]
            kind = (closer.char, closer.can_open, closer.length % 3)
            floor = min(floors.get(kind, 0), len(openers))
            o = next((o for o in range(len(openers) - 1, floor - 1, -1)
                      if _can_pair(openers[o], closer)), None) if closer.can_close else None
            if o is None:
                if closer.can_close:
                    floors[kind] = len(openers)
                openers.append(closer)
                p += 1
                continue
            opener = openers[o]
            n = 2 if opener.count >= 2 and closer.count >= 2 else 1
            key = next(self._keys)
            inline = Inline("strong" if n == 2 else "em")
            opener.count -= n
            start = opener.start + opener.count
            self.marks.append(_Mark(start, start + n, "open", inline=inline, key=key))
            self.marks.append(_Mark(closer.start, closer.start + n, "close", inline=inline,
                                    key=key))
            closer.start += n
            closer.count -= n
            del openers[o + 1 :]  # delimiters between the pair: no longer delimiters
            if opener.count == 0:
                openers.pop()
            for k, index in floors.items():
                floors[k] = min(index, len(openers))
            if closer.count == 0:
                p += 1

    def _delimiters_from(self, offset: int, *, strict: bool) -> int:
        """Index of the first delimiter after (``strict``) or at ``offset``; the
        delimiters not yet paired are in the order of their offsets."""
        if strict:
            return bisect.bisect_right(self.delimiters, offset, key=lambda d: d.start)
        return bisect.bisect_left(self.delimiters, offset, key=lambda d: d.start)

    # -- inline HTML pairs

    def _pair_html(self) -> None:
        """Pair ``<b>`` with its ``</b>``; an unmatched or crossing tag stays an atom.

        At most MAX_HTML_DEPTH elements are open at once: a deeper start tag, and the
        end tag that matches it, stay atoms.
        """
        order = sorted(self.marks, key=lambda m: m.start)
        starts = [m.start for m in order]
        pairs: dict[int, list[int]] = {}  # key -> offsets of its opening and closing
        for m in order:
            if m.role in ("open", "close"):
                pairs.setdefault(m.key, []).append(m.start)
        stack: list[_Mark] = []
        too_deep: list[str] = []
        for mark in (m for m in order if m.tag_role):
            if mark.tag_role == "open":
                if len(stack) < MAX_HTML_DEPTH:
                    stack.append(mark)
                else:
                    too_deep.append(mark.tag)
                continue
            if too_deep and too_deep[-1] == mark.tag:
                too_deep.pop()
                continue
            for k in range(len(stack) - 1, -1, -1):
                if stack[k].tag == mark.tag:
                    if self._nests(stack[k], mark, order, starts, pairs):
                        key = next(self._keys)
                        stack[k].role, stack[k].key = "open", key
                        mark.role, mark.key = "close", key
                        pairs[key] = [stack[k].start, mark.start]
                    del stack[k:]
                    too_deep.clear()
                    break

    @staticmethod
    def _nests(opening: _Mark, closing: _Mark, order: list[_Mark], starts: list[int],
               pairs: dict[int, list[int]]) -> bool:
        """Whether the pair encloses every other pair it overlaps: each pair with a
        mark strictly between them has its other mark there too."""
        inside = order[bisect.bisect_right(starts, opening.start)
                       : bisect.bisect_left(starts, closing.start)]
        return all(opening.start < at < closing.start
                   for m in inside if m.role in ("open", "close") for at in pairs[m.key])

def _can_pair(opener: _Delimiter, closer: _Delimiter) -> bool:
    if opener.char != closer.char or not opener.can_open or not opener.count:
        return False
    if (opener.can_close or closer.can_open) and (opener.length + closer.length) % 3 == 0:
        return opener.length % 3 == 0 and closer.length % 3 == 0
    return True

def _merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring plain runs, so the builder sees a URL or a word whole."""
    merged: list[Run] = []
    for plain, group in itertools.groupby(runs, key=_is_plain):
        if plain:
            pieces = list(group)
            merged.append(pieces[0] if len(pieces) == 1
                          else Run.plain("".join(r.raw for r in pieces)))
        else:
            merged.extend(group)
    return merged

def _is_plain(run: Run) -> bool:
    return run.role == "text" and run.raw == run.text

def _protect_lookalikes(runs: list[Run]) -> list[Run]:
    """Make text that reads as a placeholder only through escapes (``\\<1>``) an atom.

    The builder protects look-alikes inside one plain run; an escape or entity in
    the middle (``&lt;1&gt;``) would slip past it and confuse the translator.
    """
    out: list[Run] = []
    i = 0
    while i < len(runs):
        if runs[i].role != "text":
            out.append(runs[i])
            i += 1
            continue
        j = i
        while j < len(runs) and runs[j].role == "text":
            j += 1
        out.extend(_protect_text(runs[i:j]))
        i = j
    return out

def _protect_text(runs: list[Run]) -> list[Run]:
    text = "".join(r.text for r in runs)
    if not PLACEHOLDER_RE.search(text) or all(_is_plain(r) for r in runs):
        return runs
    # One unit per character of plain text, one per escape or entity.
    units = [u for r in runs for u in ([Run.plain(c) for c in r.raw] if _is_plain(r) else [r])]
    ends = list(itertools.accumulate(len(u.text) for u in units))
    out: list[Run] = []
    done = 0  # units[:done] are emitted
    for m in PLACEHOLDER_RE.finditer(text):
        first = bisect.bisect_right(ends, m.start())
        last = bisect.bisect_left(ends, m.end())
        covered = units[first : last + 1]
        if first < done or all(_is_plain(u) for u in covered):
            continue
        out.extend(units[done:first])
        raw = "".join(u.raw for u in covered)
        out.append(Run("atom", raw, inline=Inline("literal", text=m.group(0))))
        done = last + 1
    out.extend(units[done:])
    return _merge(out)
