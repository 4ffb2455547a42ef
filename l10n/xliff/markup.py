"""The XML side of XLIFF: safe line-numbered parsing, escaping and inline codes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from l10n.documents.base import PLACEHOLDER_RE
from l10n.workspace.errors import InputError

# Characters XML 1.0 cannot carry, even escaped.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XML_NS = "http://www.w3.org/XML/1998/namespace"

Token = tuple[str, str]  # ("text", s) | ("open"|"close"|"atom", number)


class CodeError(ValueError):
    """A segment's inline markup cannot be turned back into our placeholders."""


@dataclass
class Node:
    """An element with its mixed content in document order and its start line."""

    name: str  # local name
    ns: str
    attrs: dict[str, str]
    line: int
    items: list[str | Node] = field(default_factory=list)

    @property
    def children(self) -> list[Node]:
        return [item for item in self.items if isinstance(item, Node)]

    def child(self, name: str) -> Node | None:
        return next((c for c in self.children if c.name == name), None)

    def text(self) -> str:
        return "".join(i if isinstance(i, str) else i.text() for i in self.items)

    def iter(self, name: str) -> list[Node]:
        """Descendants called ``name`` (not below a match), in document order."""
        found: list[Node] = []
        for child in self.children:
            if child.name == name:
                found.append(child)
            else:
                found.extend(child.iter(name))
        return found


def parse(path: Path) -> Node:
    """Parse an XML file into a tree, refusing internal DTD subsets and entities.

    A ``<!DOCTYPE xliff SYSTEM "...">`` line as CAT tools write it is accepted; its DTD is
    never loaded or fetched, so an entity it would define is refused as undefined.

    Raises:
        InputError: unreadable file, malformed XML (with its line), an internal DTD subset,
            an entity declaration or an entity reference no DTD we read defines.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read file: {exc.strerror or exc}") from None
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[Node] = []
    roots: list[Node] = []

    def refuse(*_: object) -> int:  # raises; the type expat expects of a handler
        # No DTDs at all: entity expansion ("billion laughs") and external fetches.
        raise InputError(path, parser.CurrentLineNumber, "DOCTYPE internal subsets and "
                         "entity declarations are not accepted in XLIFF files")

    def doctype(name: str, system: str | None, public: str | None, internal: int) -> None:
        if internal:
            refuse()

    def skipped(name: str, is_parameter: int) -> None:
        raise InputError(path, parser.CurrentLineNumber, f"entity &{name}; is not defined: "
                         "l10n never loads a DTD; write the character itself")

    def start(name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition(" ")
        node = Node(local, ns, {_attr_name(k): v for k, v in attrs.items()},
                    parser.CurrentLineNumber)
        (stack[-1].items if stack else roots).append(node)
        stack.append(node)

    def chars(data: str) -> None:
        if stack:
            items = stack[-1].items
            if items and isinstance(items[-1], str):
                items[-1] += data
            else:
                items.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: stack.pop()
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.SkippedEntityHandler = skipped
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise InputError(path, exc.lineno,
                         f"malformed XML: {expat.ErrorString(exc.code)}") from None
    return roots[0]


def _attr_name(name: str) -> str:
    """``xml:space``, ``id`` and ``{namespace}status`` for a tool's own attributes."""
    ns, _, local = name.rpartition(" ")
    return f"xml:{local}" if ns == XML_NS else f"{{{ns}}}{local}" if ns else local


def escape(text: str, *, attribute: bool = False) -> str:
    """Escape text for XML content (or a double-quoted attribute)."""
    # \r is escaped because parsers turn a literal CR (or CRLF) into LF.
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


# ---------------------------------------------------------------------------
# Our placeholders <1>…</1>, <2/> ↔ XLIFF inline codes
# ---------------------------------------------------------------------------

def tokens(text: str) -> list[Token]:
    """Split a msgid or msgstr into text and placeholder tokens."""
    out: list[Token] = []
    pos = 0
    for m in PLACEHOLDER_RE.finditer(text):
        closing, number, empty = m.groups()
        if closing and empty:
            continue  # "</1/>" is no placeholder: stays text
        out.append(("text", text[pos:m.start()]))
        out.append(("close" if closing else "atom" if empty else "open", number))
        pos = m.end()
    out.append(("text", text[pos:]))
    return [t for t in out if t != ("text", "")]


def placeholders(text: str) -> Counter[tuple[str, str]]:
    """The placeholders of a text, as a multiset."""
    return Counter(t for t in tokens(text) if t[0] != "text")


def _paired(toks: list[Token]) -> tuple[set[int], bool]:
    """Indexes of the open/close tokens that pair up (by number), and whether they nest."""
    opened: dict[str, list[int]] = {}
    paired: set[int] = set()
    for i, (kind, value) in enumerate(toks):
        if kind == "open":
            opened.setdefault(value, []).append(i)
        elif kind == "close" and opened.get(value):
            paired.update((i, opened[value].pop()))
    stack: list[str] = []
    nested = True
    for i, (kind, value) in enumerate(toks):
        if kind in ("open", "close") and i not in paired:
            nested = False
        elif kind == "open":
            stack.append(value)
        elif kind == "close":
            nested = nested and bool(stack) and stack.pop() == value
    return paired, nested


def to_inline(text: str, version: str) -> str:
    """Our placeholders as XLIFF inline codes, text escaped.

    Well-nested pairs become ``<g>`` (1.2) or ``<pc>`` (2.0), standalone ones ``<x/>`` or
    ``<ph/>``; pairs that overlap become ``<bpt>``/``<ept>`` (1.2) or ``<sc/>``/``<ec/>``
    (2.0), and an unpaired open or close ``<it>`` (1.2) or an isolated ``<sc/>``/``<ec/>``.
    """
    toks = tokens(text)
    paired, nested = _paired(toks)
    v2 = version.startswith("2")
    out: list[str] = []
    for i, (kind, value) in enumerate(toks):
        if kind == "text":
            out.append(escape(value))
        elif kind == "atom":
            out.append(f'<ph id="{value}"/>' if v2 else f'<x id="{value}"/>')
        elif nested:
            tag = "pc" if v2 else "g"
            out.append(f'<{tag} id="{value}">' if kind == "open" else f"</{tag}>")
        else:
            out.append(_loose_code(kind, value, i in paired, v2))
    return "".join(out)


def _loose_code(kind: str, value: str, paired: bool, v2: bool) -> str:
    native = escape(f"<{value}>" if kind == "open" else f"</{value}>")
    if v2:
        if kind == "open":
            return f'<sc id="{value}"/>' if paired else f'<sc id="{value}" isolated="yes"/>'
        return f'<ec startRef="{value}"/>' if paired else f'<ec id="{value}" isolated="yes"/>'
    if paired:
        tag = "bpt" if kind == "open" else "ept"
        return f'<{tag} id="{value}">{native}</{tag}>'
    pos = "open" if kind == "open" else "close"
    return f'<it id="{value}" pos="{pos}">{native}</it>'


_TRANSPARENT = frozenset({"mrk"})  # annotations (terms, segments): their text counts
_EMPTY_MARKERS = frozenset({"sm", "em"})  # 2.0 annotation start/end markers


def from_inline(node: Node) -> str:
    """The content of a ``<source>`` or ``<target>`` in our placeholder notation.

    Raises:
        CodeError: an inline element we cannot map back to a placeholder.
    """
    out: list[str] = []
    for item in node.items:
        if isinstance(item, str):
            out.append(item)
        else:
            out.append(_code_text(item))
    return "".join(out)


def _code_text(el: Node) -> str:
    name, a = el.name, el.attrs
    if name in ("g", "pc"):
        return f"<{_number(el, 'id')}>{from_inline(el)}</{_number(el, 'id')}>"
    if name in ("x", "ph"):
        return f"<{_number(el, 'id')}/>"
    if name in ("bpt", "sc"):
        return f"<{_number(el, 'rid' if 'rid' in a else 'id')}>"
    if name == "bx":
        return f"<{_number(el, 'rid' if 'rid' in a else 'id')}>"
    if name in ("ept", "ex"):
        return f"</{_number(el, 'rid' if 'rid' in a else 'id')}>"
    if name == "ec":
        return f"</{_number(el, 'startRef' if 'startRef' in a else 'id')}>"
    if name == "it":
        pos = a.get("pos")
        if pos not in ("open", "close"):
            raise CodeError(f"<it> without pos=\"open\" or \"close\" (line {el.line})")
        number = _number(el, "id")
        return f"<{number}>" if pos == "open" else f"</{number}>"
    if name in _TRANSPARENT:
        return from_inline(el)
    if name in _EMPTY_MARKERS:
        return ""
    if name == "cp":
        try:
            return chr(int(a.get("hex", ""), 16))
        except ValueError:
            raise CodeError(f"<cp> with a bad hex value (line {el.line})") from None
    raise CodeError(f"unknown inline element <{name}> (line {el.line})")


def _number(el: Node, attr: str) -> str:
    value = el.attrs.get(attr, "")
    if not value.isdigit():
        raise CodeError(f"inline code <{el.name} {attr}=\"{value}\"> (line {el.line}) was not "
                        "in the exported source")
    return str(int(value))


_SPACE_RUN = re.compile(r"\s*\n\s*")
_LEAD = re.compile(r"^\s*")
_TRAIL = re.compile(r"\s*$")


def layout_free(text: str, source: str) -> str:
    """``text`` without the layout a pretty-printer added: whitespace the source did not have.

    A run of whitespace holding a line break (an XML writer's indentation) becomes one space
    inside the text when the source has no line break, and at either end becomes the
    source's own whitespace there. Other whitespace is the translator's and stays.
    """
    lead, trail = _LEAD.match(text), _TRAIL.search(text)
    assert lead is not None and trail is not None
    if lead.end() == len(text):  # only whitespace
        return text if "\n" not in text or "\n" in source else ""
    head, body, tail = text[:lead.end()], text[lead.end():trail.start()], text[trail.start():]
    src_head = _LEAD.match(source)
    src_tail = _TRAIL.search(source)
    assert src_head is not None and src_tail is not None
    if "\n" in head and head != src_head.group():
        head = src_head.group()
    if "\n" in tail and tail != src_tail.group():
        tail = src_tail.group()
    if "\n" not in source:
        body = _SPACE_RUN.sub(" ", body)
    return head + body + tail
