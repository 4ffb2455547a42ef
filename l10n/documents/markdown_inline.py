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
    active: bool = True

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
        fence = "`" * n
        j = i + n
        while (j := self.text.find(fence, j)) >= 0:
            end = j + n
            if self.text[end : end + 1] != "`" and self.text[j - 1] != "`":
                code = self.text[i + n : j].replace("\n", " ")
                if code.startswith(" ") and code.endswith(" ") and code.strip(" "):
                    code = code[1:-1]
                return self._atom(i, end, Inline("code", text=code))
            j = run_end(self.text, end, "`")
        return i + n  # no closing run: the backticks are literal text

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
        end = i + (2 if image else 1)
        self.brackets.append(_Bracket(i, end, image))
        return end

    # -- links and images

    def _close_bracket(self, i: int) -> int | None:
        if not self.brackets:
            return None
        opener = self.brackets.pop()
        if not opener.active:
            return None
        target = self._link_target(i + 1, self.text[opener.end : i])
        if target is None:
            return None
        end, href, title = target
        attrs = (("href", href), ("title", title)) if title else (("href", href),)
        if opener.image:
            # The whole image is one atom: drop what was recognised inside it.
            self.marks = [m for m in self.marks if m.start < opener.start]
            self.delimiters = [d for d in self.delimiters if d.start < opener.start]
            alt = self.text[opener.end : i].replace("\n", " ")
            image = Inline("image", (("src", href), ("alt", alt), *attrs[1:]))
            return self._atom(opener.start, end, image)
        self._emphasis(opener.start)
        key = next(self._keys)
        link = Inline("link", attrs)
        self.marks.append(_Mark(opener.start, opener.end, "open", inline=link, key=key))
        self.marks.append(_Mark(i, end, "close", inline=link, key=key))
        for bracket in self.brackets:  # no links inside links
            if not bracket.image:
                bracket.active = False
        return end

    def _link_target(self, pos: int, label: str) -> tuple[int, str, str] | None:
        """(end, href, title) of the link whose text ends before ``pos``, or None."""
        if self.text[pos : pos + 1] == "(" and (inline := self._inline_target(pos + 1)):
            return inline
        if self.text[pos : pos + 1] == "[":
            close = re.compile(r"((?:[^\\\[\]]|\\.){0,999})\]").match(self.text, pos + 1)
            if close:
                ref = self.refs.get(normalize_label(close.group(1) or label))
                return (close.end(), *ref) if ref else None
        ref = self.refs.get(normalize_label(label))
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
            href, pos = self._bare_destination(pos)
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

    def _bare_destination(self, pos: int) -> tuple[str, int]:
        depth = 0
        start = pos
        while pos < len(self.text):
            ch = self.text[pos]
            if ch == "\\" and pos + 1 < len(self.text) and self.text[pos + 1] in _ASCII_PUNCT:
                pos += 2
                continue
            if ch.isspace() or ord(ch) < 0x20 or (ch == ")" and depth == 0):
                break
            depth += {"(": 1, ")": -1}.get(ch, 0)
            pos += 1
        return self.text[start:pos], pos

    # -- emphasis (CommonMark's "process emphasis")

    def _emphasis(self, bottom: int) -> None:
        stack = [d for d in self.delimiters if d.start > bottom]
        self.delimiters = [d for d in self.delimiters if d.start <= bottom]
        c = 0
        while c < len(stack):
            closer = stack[c]
            o = next((o for o in range(c - 1, -1, -1) if _can_pair(stack[o], closer)), None)
            if not closer.can_close or o is None:
                c += 1
                continue
            opener = stack[o]
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
            del stack[o + 1 : c]
            c = o + 1
            if opener.count == 0:
                del stack[o]
                c -= 1
            if closer.count == 0:
                del stack[c]

    # -- inline HTML pairs

    def _pair_html(self) -> None:
        """Pair ``<b>`` with its ``</b>``; an unmatched or crossing tag stays an atom."""
        stack: list[_Mark] = []
        for mark in sorted((m for m in self.marks if m.tag_role), key=lambda m: m.start):
            if mark.tag_role == "open":
                stack.append(mark)
                continue
            for k in range(len(stack) - 1, -1, -1):
                if stack[k].tag == mark.tag:
                    if self._nests(stack[k], mark):
                        key = next(self._keys)
                        stack[k].role, stack[k].key = "open", key
                        mark.role, mark.key = "close", key
                    del stack[k:]
                    break

    def _nests(self, opening: _Mark, closing: _Mark) -> bool:
        """Whether the pair encloses every other pair it overlaps."""
        pairs: dict[int, list[int]] = {}
        for m in self.marks:
            if m.role in ("open", "close"):
                pairs.setdefault(m.key, []).append(m.start)
        for a, b in pairs.values():
            if (opening.start < a < closing.start) != (opening.start < b < closing.start):
                return False
        return True

def _can_pair(opener: _Delimiter, closer: _Delimiter) -> bool:
    if opener.char != closer.char or not opener.can_open or not opener.count:
        return False
    if (opener.can_close or closer.can_open) and (opener.length + closer.length) % 3 == 0:
        return opener.length % 3 == 0 and closer.length % 3 == 0
    return True

def _merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring plain runs, so the builder sees a URL or a word whole."""
    merged: list[Run] = []
    for run in runs:
        if merged and _is_plain(run) and _is_plain(merged[-1]):
            merged[-1] = Run.plain(merged[-1].raw + run.raw)
        else:
            merged.append(run)
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
