"""HTML lexer: tags, comments, raw text and character references, by exact source offsets."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.entities import html5 as _HTML5_ENTITIES

from l10n.documents.base import Run

_SPACE = "\t\n\f\r "
# Their content is not markup: it runs to the matching end tag (RCDATA keeps entities).
RAWTEXT = {"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript"}
RCDATA = {"title", "textarea"}

_COMMENT_RE = re.compile(r"<!--(?:-?>|.*?(?:--!?>|\Z))", re.S)
_CDATA_RE = re.compile(r"<!\[CDATA\[.*?(?:\]\]>|\Z)", re.S)
_BOGUS_RE = re.compile(r"<(?:[!?]|/(?![A-Za-z]))[^>]*(?:>|\Z)")
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][^\t\n\f\r />]*)")
_ATTR_NAME_RE = re.compile(r"[^\t\n\f\r />][^\t\n\f\r /=>]*")
_UNQUOTED_RE = re.compile(r"[^\t\n\f\r >]*")
_SPACES_RE = re.compile(r"[\t\n\f\r ]*")
_REF_RE = re.compile(r"&(?:#[xX][0-9A-Fa-f]+;?|#[0-9]+;?|([A-Za-z][A-Za-z0-9]*)(;?))")
_LONGEST_LEGACY = max(len(k) for k in _HTML5_ENTITIES if not k.endswith(";"))


@dataclass(frozen=True)
class Attr:
    """One attribute of a tag, by offsets into the source."""

    name: str  # lower-cased
    start: int  # where the name starts
    end: int  # just after the value and its closing quote
    value_start: int = 0  # the value is text[value_start:value_end], empty if none
    value_end: int = 0
    quoted: bool = False


@dataclass(frozen=True)
class Token:
    """A lexical piece of the source: text, start, end, comment or raw (all other markup)."""

    kind: str
    start: int
    end: int
    name: str = ""  # lower-cased tag name
    attrs: tuple[Attr, ...] = ()
    self_closing: bool = False


# --- tokenizer -------------------------------------------------------------------------


def tokenize(text: str) -> list[Token]:
    """Split HTML source into tokens that cover it exactly, in order.

    Anything that is not well-formed markup (a ``<`` before a space or digit) is text;
    a tag cut off by the end of the file runs to the end as raw markup, as browsers
    drop it.
    """
    tokens: list[Token] = []
    pos = text_start = 0
    while (lt := text.find("<", pos)) >= 0:
        token = _markup_at(text, lt)
        if token is None:
            pos = lt + 1
            continue
        if lt > text_start:
            tokens.append(Token("text", text_start, lt))
        tokens.append(token)
        pos = token.end
        if token.kind == "start" and token.name in RAWTEXT | RCDATA | {"plaintext"}:
            pos = _content_end(text, token)
            if pos > token.end:
                kind = "text" if token.name in RCDATA else "raw"
                tokens.append(Token(kind, token.end, pos))
        text_start = pos
    if text_start < len(text):
        tokens.append(Token("text", text_start, len(text)))
    return tokens


def _markup_at(text: str, lt: int) -> Token | None:
    """The markup token starting at ``text[lt] == "<"``, or None if it is plain text."""
    for pattern, kind in ((_COMMENT_RE, "comment"), (_CDATA_RE, "raw"), (_BOGUS_RE, "raw")):
        m = pattern.match(text, lt)
        if m:
            return Token(kind, lt, m.end())
    m = _TAG_NAME_RE.match(text, lt)
    if m is None:
        return None
    kind = "end" if text[lt + 1] == "/" else "start"
    scanned = _scan_attrs(text, m.end())
    if scanned is None:  # cut off by the end of the file
        return Token("raw", lt, len(text))
    attrs, end = scanned
    return Token(kind, lt, end, m.group(1).lower(), attrs, text[end - 2] == "/")


def _scan_attrs(text: str, i: int) -> tuple[tuple[Attr, ...], int] | None:
    """Attributes from ``i`` to the closing ``>``; None if the file ends first."""
    attrs: list[Attr] = []
    n = len(text)
    while True:
        while i < n and (text[i] in _SPACE or (text[i] == "/" and text[i + 1 : i + 2] != ">")):
            i += 1
        if i >= n:
            return None
        if text[i] == ">" or text.startswith("/>", i):
            return tuple(attrs), text.index(">", i) + 1
        attr = _scan_attr(text, i)
        if attr is None:
            return None
        attrs.append(attr)
        i = attr.end


def _scan_attr(text: str, start: int) -> Attr | None:
    """One attribute (name and optional value) at ``start``; None if a quote never closes."""
    name_end = _ATTR_NAME_RE.match(text, start).end()  # type: ignore[union-attr]
    name = text[start:name_end].lower()
    eq = _SPACES_RE.match(text, name_end).end()  # type: ignore[union-attr]
    if not text.startswith("=", eq):
        return Attr(name, start, name_end)
    value = _SPACES_RE.match(text, eq + 1).end()  # type: ignore[union-attr]
    quote = text[value : value + 1]
    if quote in ('"', "'"):
        close = text.find(quote, value + 1)
        if close < 0:
            return None
        return Attr(name, start, close + 1, value + 1, close, True)
    value_end = _UNQUOTED_RE.match(text, value).end()  # type: ignore[union-attr]
    return Attr(name, start, value_end, value, value_end)


def _content_end(text: str, token: Token) -> int:
    """Where the raw content after a script/style/title/... start tag ends."""
    if token.name == "plaintext":
        return len(text)
    end_tag = re.compile(rf"</{re.escape(token.name)}(?=[\t\n\f\r />])", re.I)
    m = end_tag.search(text, token.end)
    return m.start() if m else len(text)


# --- character references --------------------------------------------------------------


def text_runs(text: str, start: int, end: int, *, attribute: bool = False) -> list[Run]:
    """Text runs for ``text[start:end]``: plain text and one run per character reference."""
    runs: list[Run] = []
    plain = start
    for ref_start, ref_end, decoded in _char_refs(text, start, end, attribute):
        if ref_start > plain:
            runs.append(Run.plain(text[plain:ref_start]))
        runs.append(Run("text", text[ref_start:ref_end], decoded))
        plain = ref_end
    if end > plain:
        runs.append(Run.plain(text[plain:end]))
    return runs


def _char_refs(text: str, start: int, end: int, attribute: bool) -> list[tuple[int, int, str]]:
    """(start, end, decoded) of each character reference in ``text[start:end]``."""
    refs: list[tuple[int, int, str]] = []
    for m in _REF_RE.finditer(text, start, end):
        ref_end = m.end() if m.group(1) is None else _named_ref_end(m, end, attribute)
        decoded = html.unescape(text[m.start() : ref_end]) if ref_end else ""
        # Control characters decode to nothing: leave such a reference as plain text.
        if decoded and decoded != text[m.start() : ref_end]:
            refs.append((m.start(), ref_end, decoded))
    return refs


def _named_ref_end(m: re.Match[str], limit: int, attribute: bool) -> int:
    """End of a named reference: ``&name;``, or the longest legacy one (``&amp``); 0 if none."""
    name, semicolon = m.group(1), m.group(2)
    if semicolon and name + ";" in _HTML5_ENTITIES:
        return m.end()
    for size in range(min(len(name), _LONGEST_LEGACY), 1, -1):
        if name[:size] in _HTML5_ENTITIES:
            after = m.start() + 1 + size
            follower = m.string[after : after + 1] if after < limit else ""
            # In attribute values browsers keep "&copy=" and "&copyx" literally.
            if attribute and (follower.isalnum() or follower == "="):
                return 0
            return after
    return 0
