"""Word (.docx) releases: paragraphs of the body, footnotes, text boxes, headers, footers.

The reader works on the XML with lxml rather than through python-docx, whose object
model has no footnotes, text boxes or fields and rebuilds what it saves: l10n must
put a translated paragraph back into the very tree it came from, so that every part
and paragraph it does not translate stays byte for byte the same.

Every ``w:p`` becomes one line of the document's *text*, a plain-text view of the
release, so ``source_texts/x.docx:12`` names the 12th paragraph (body first, then
footnotes, endnotes, headers and footers). Runs whose formatting differs from the
paragraph's usual one (bold, italic, underline, a colour…) and hyperlinks become paired
placeholders; tabs, breaks, images, text boxes, footnote marks and fields become
standalone ones. In the text they are short tokens (``\\ufdd0o3\\ufdd1``: a
Unicode noncharacter around a code) that the writer turns back into XML.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from l10n.documents.base import Document, DocumentBuilder, Inline, Run
from l10n.documents.docx_package import MC, R, Package, TextPart, W, open_package

NAME = "docx"
BINARY = True

OPEN, CLOSE, ATOM, MARK = "o", "c", "a", "z"
TOKEN_RE = re.compile("\ufdd0([ocazLl])(\\d*)\ufdd1")
LANG_ON, LANG_OFF = "\ufdd0L\ufdd1", "\ufdd0l\ufdd1"
_NOT_TEXT_RE = re.compile("[\ufdd0\ufdd1]")

_SKIPPED = {W + "pPr", W + "proofErr", W + "rsid", W + "smartTagPr", W + "customXmlPr"}
_FLATTENED = {W + "smartTag", W + "customXml"}  # wrappers read through (and dropped on rewrite)
_MARK_START = {W + "bookmarkStart", W + "permStart", W + "commentRangeStart",
               W + "moveFromRangeStart", W + "moveToRangeStart"}
_MARK_END = {W + "bookmarkEnd", W + "permEnd", W + "commentRangeEnd",
             W + "moveFromRangeEnd", W + "moveToRangeEnd"}
_TEXT_CHILDREN = {W + "t": None, W + "noBreakHyphen": "\u2011", W + "softHyphen": "\u00ad"}
_RUN_SKIPPED = {W + "rPr", W + "lastRenderedPageBreak"}
# rPr children that change nothing a reader sees: runs differing only in them are one run.
_INVISIBLE = {W + "lang", W + "noProof", W + "webHidden", W + "rPrChange"}
_NOTE_MARKS = {W + "footnoteRef", W + "endnoteRef"}
_LIST_STYLE_RE = re.compile(r"list(?: bullet| number)? (\d)$")
_QUOTE_STYLES = {"quote", "intense quote"}


@dataclass
class Ref:
    """What a token stands for: a formatting (``rpr``), a hyperlink (``element``, with
    the ``rpr`` of its plain text), an atom (``elements`` kept as they are, wrapped in a
    run with ``rpr`` when ``in_run``) or a zero-width mark (a bookmark's start or end)."""

    kind: str  # fmt, link, atom, mark
    rpr: Any = None
    element: Any = None
    elements: list[Any] = field(default_factory=list)
    in_run: bool = False


@dataclass
class Paragraph:
    """A ``w:p`` read: where it is, what block it makes, and its line of the text."""

    element: Any
    part: str
    kind: str
    level: int
    runs: list[Run]
    starts: list[str]
    ends: list[str]
    rpr: Any  # the w:rPr of its usual formatting, or None

    @property
    def line(self) -> str:
        return "".join(self.starts) + "".join(r.raw for r in self.runs) + "".join(self.ends)


@dataclass
class Structure:
    """A package's paragraphs in reading order and the table their tokens index."""

    package: Package
    paragraphs: list[Paragraph]
    refs: list[Ref]


@dataclass
class DocxDocument(Document):
    """A parsed .docx release; ``data`` is the file, re-read by the writer."""

    data: bytes = b""


def parse_bytes(path: Path, data: bytes, *, lang: str) -> DocxDocument:
    """Parse a .docx release's bytes.

    Raises:
        SourceError: not a Word document, tracked changes, comments (see
            `l10n.documents.docx_package.open_package`).
    """
    structure = read_structure(path, data)
    text = "\n".join(p.line for p in structure.paragraphs)
    builder = DocumentBuilder(path, NAME, text, bom=False, lang=lang, escape=escape)
    for n, para in enumerate(structure.paragraphs):
        if n:
            builder.skip("\n")
        for mark in para.starts:
            builder.skip(mark)
        if para.runs:
            builder.block(para.kind, para.runs, level=para.level)
        for mark in para.ends:
            builder.skip(mark)
    doc = builder.finish()
    return DocxDocument(doc.path, doc.format, doc.text, doc.bom, doc.parts, doc.blocks,
                        doc.escape, data=data)


def escape(text: str, context: str) -> str:
    """A translation as text of a paragraph: one line, no token characters."""
    return _NOT_TEXT_RE.sub("", text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def read_structure(path: Path, data: bytes) -> Structure:
    """Open the package and read every paragraph of its text parts, in reading order.

    Deterministic: reading the same bytes twice gives the same tokens, so the writer
    can read a fresh tree and apply a document parsed earlier to it.
    """
    package = open_package(path, data)
    reader = _Reader(package)
    for part in package.parts:
        reader.read_part(part)
    return Structure(package, reader.paragraphs, reader.refs)


class _Reader:
    def __init__(self, package: Package) -> None:
        self.package = package
        self.paragraphs: list[Paragraph] = []
        self.refs: list[Ref] = []
        self.notes = 0  # footnote and endnote marks seen, numbered as Word shows them
        self._keys: dict[bytes, bytes] = {}

    def read_part(self, part: TextPart) -> None:
        for p in part.root.iter(W + "p"):
            if _in_fallback(p) or _is_separator_note(p):
                continue
            kind, level = self._kind(p, part.kind)
            starts: list[str] = []
            ends: list[str] = []
            items = self._items(p, part, starts, ends)
            base = _dominant(items)
            runs = self._runs(self._edges(items, starts, ends), base)
            self.paragraphs.append(Paragraph(p, part.name, kind, level, runs, starts, ends,
                                             _rpr_of(items, base)))

    # --- what a paragraph is -------------------------------------------------------------

    def _kind(self, p: Any, part_kind: str) -> tuple[str, int]:
        for ancestor in p.iterancestors():
            if ancestor.tag == W + "txbxContent":
                return "text box", 0
            if ancestor.tag == W + "tc":
                return "table cell", 0
        if part_kind != "body":
            return part_kind, 0
        ppr = p.find(W + "pPr")
        style_id = None
        num_level: int | None = None
        outline: int | None = None
        if ppr is not None:
            pstyle = ppr.find(W + "pStyle")
            style_id = pstyle.get(W + "val") if pstyle is not None else None
            num = ppr.find(W + "numPr")
            if num is not None:
                num_id = num.find(W + "numId")
                if num_id is None or num_id.get(W + "val") != "0":
                    ilvl = num.find(W + "ilvl")
                    num_level = _int(ilvl.get(W + "val") if ilvl is not None else "0")
            lvl = ppr.find(W + "outlineLvl")
            outline = _int(lvl.get(W + "val")) if lvl is not None else None
        for style in self._style_chain(style_id):
            if style.name == "title":
                return "title", 1
            if style.name.startswith("heading ") and style.name[8:].isdigit():
                return "heading", int(style.name[8:])
            if style.name in _QUOTE_STYLES:
                return "quote", 0
            outline = style.outline if outline is None else outline
            if num_level is None and style.list_level is not None:
                # Word's built-in "List Bullet 2" is the second level of its own list
                depth = _LIST_STYLE_RE.match(style.name)
                num_level = style.list_level + (int(depth.group(1)) - 1 if depth else 0)
        if num_level is not None:
            return "list item", num_level + 1
        if outline is not None and outline < 9:
            return "heading", outline + 1
        return "paragraph", 0

    def _style_chain(self, style_id: str | None) -> Iterator[Any]:
        seen = set()
        while style_id and style_id not in seen and style_id in self.package.styles:
            seen.add(style_id)
            style = self.package.styles[style_id]
            yield style
            style_id = style.based_on

    # --- a paragraph's content as items --------------------------------------------------

    def _items(self, container: Any, part: TextPart, starts: list[str],
               ends: list[str]) -> list[Any]:
        """The container's content: ("text", text, key, rpr), ("atom", Inline, Ref) and
        ("link", element, [items]); zero-width marks go to ``starts``/``ends``."""
        items: list[Any] = []
        children = list(container)
        i = 0
        while i < len(children):
            child = children[i]
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                i += 1
                continue
            if tag == W + "r":
                end = _field_end(children, i)
                if end is not None:
                    group = children[i : end + 1]
                    items.append(("atom", Inline("field", text=_field_result(group)),
                                  Ref("atom", elements=group)))
                    i = end + 1
                    continue
                for item in self._run_items(child):
                    if item[0] == "mark":  # a note's own number: stays at the start
                        starts.append(self._token(ATOM, item[1]))
                    else:
                        items.append(item)
            elif tag == W + "hyperlink":
                items.append(("link", child, self._items(child, part, starts, ends),
                              _href(child, part)))
            elif tag in _FLATTENED:
                items.extend(self._items(child, part, starts, ends))
            elif tag in _MARK_START or tag in _MARK_END:
                target = starts if tag in _MARK_START else ends
                target.append(self._token(MARK, Ref("mark", element=child)))
            else:  # fldSimple, sdt, oMath, anything else: kept whole
                items.append(("atom", Inline("html", (("tag", etree.QName(child).localname),),
                                             text="".join(child.itertext())),
                              Ref("atom", elements=[child])))
            i += 1
        return items

    def _run_items(self, run: Any) -> Iterator[Any]:
        rpr = run.find(W + "rPr")
        key = self._key(rpr)
        for child in run:
            tag = child.tag
            if not isinstance(tag, str) or tag in _RUN_SKIPPED:
                continue
            if tag in _TEXT_CHILDREN:
                text = _TEXT_CHILDREN[tag]
                text = _clean(child.text or "") if text is None else text
                if text:
                    yield ("text", text, key, rpr)
                continue
            ref = Ref("atom", rpr=rpr, elements=[child], in_run=True)
            if tag in _NOTE_MARKS:
                yield ("mark", ref)
            else:
                yield ("atom", self._atom_inline(child), ref)

    def _atom_inline(self, child: Any) -> Inline:
        name = etree.QName(child).localname
        if name == "tab":
            return Inline("tab", text="\t")
        if name in ("br", "cr"):
            kind = child.get(W + "type", "textWrapping")
            return Inline("br") if kind == "textWrapping" else Inline("html", (("tag", name),))
        if name in ("footnoteReference", "endnoteReference"):
            self.notes += 1
            return Inline("footnote", (("id", child.get(W + "id", "")),), text=f"[{self.notes}]")
        if any(True for _ in child.iter(W + "txbxContent")):
            return Inline("html", (("tag", "textbox"),))
        if name in ("drawing", "pict", "object") or child.tag == MC + "AlternateContent":
            alt = next((d.get("descr") or d.get("title") or "" for d in child.iter()
                        if etree.QName(d).localname == "docPr"), "")
            return Inline("image", (("alt", alt), ("src", "")))
        return Inline("html", (("tag", name),))

    def _key(self, rpr: Any) -> bytes:
        """What of a run's formatting a reader sees, as comparable bytes."""
        if rpr is None:
            return b""
        raw = etree.tostring(rpr)
        key = self._keys.get(raw)
        if key is None:
            copy = etree.fromstring(raw)
            for child in list(copy):
                if child.tag in _INVISIBLE:
                    copy.remove(child)
                elif child.tag == W + "rFonts":
                    child.attrib.pop(W + "hint", None)
            key = etree.tostring(copy, method="c14n") if len(copy) else b""
            self._keys[raw] = key
        return key

    # --- items as runs of the document model --------------------------------------------

    def _runs(self, items: list[Any], base: bytes) -> list[Run]:
        items = _absorb_spaces(items, base)
        runs: list[Run] = []
        i = 0
        while i < len(items):
            item = items[i]
            if item[0] == "text" and item[2] == base:
                runs.append(Run.plain(item[1]))
            elif item[0] == "text":
                j = i
                while j < len(items) and items[j][0] == "text" and items[j][2] == item[2]:
                    j += 1
                number = self._add(Ref("fmt", rpr=item[3]))
                inline = _format_inline(item[3], _rpr_of(items, base))
                runs.append(Run("open", _tok(OPEN, number), inline=inline, key=number))
                runs.extend(Run.plain(t[1]) for t in items[i:j])
                runs.append(Run("close", _tok(CLOSE, number), inline=inline, key=number))
                i = j
                continue
            elif item[0] == "atom":
                runs.append(Run("atom", self._token(ATOM, item[2]), inline=item[1]))
            else:  # a hyperlink: its own usual formatting inside
                _, element, inner, href = item
                inner_base = _dominant(inner)
                number = self._add(Ref("link", rpr=_rpr_of(inner, inner_base),
                                       element=element))
                inline = Inline("link", (("href", href),) if href else ())
                runs.append(Run("open", _tok(OPEN, number), inline=inline, key=number))
                runs.extend(self._runs(inner, inner_base))
                runs.append(Run("close", _tok(CLOSE, number), inline=inline, key=number))
            i += 1
        return runs

    def _edges(self, items: list[Any], starts: list[str], ends: list[str]) -> list[Any]:
        """Keep objects at a paragraph's very start or end (a text box, an image, a tab)
        out of its sentences: they stay where they are; a footnote mark stays a placeholder,
        as a translation may need it before the final stop."""
        lo, hi = 0, len(items)
        while lo < hi and _edge_object(items[lo]):
            lo += 1
        while hi > lo and _edge_object(items[hi - 1]):
            hi -= 1
        if lo == 0 and hi == len(items):
            return items
        starts.extend(self._token(ATOM, item[2]) for item in items[:lo])
        ends[:0] = [self._token(ATOM, item[2]) for item in items[hi:]]
        return items[lo:hi]

    def _add(self, ref: Ref) -> int:
        self.refs.append(ref)
        return len(self.refs) - 1

    def _token(self, code: str, ref: Ref) -> str:
        return _tok(code, self._add(ref))


def _absorb_spaces(items: list[Any], base: bytes) -> list[Any]:
    """A run of spaces formatted unlike its paragraph would be a placeholder pair of its
    own (``word<1> </1>word``): it joins the formatting around it, or the usual one."""
    out = list(items)
    texts = [i for i, item in enumerate(out) if item[0] == "text"]
    for n, i in enumerate(texts):
        item = out[i]
        if item[2] == base or item[1].strip():
            continue
        before = out[texts[n - 1]] if n else None
        after = out[texts[n + 1]] if n + 1 < len(texts) else None
        if before is not None and after is not None and before[2] == after[2] \
                and texts[n - 1] == i - 1 and texts[n + 1] == i + 1:
            out[i] = ("text", item[1], before[2], before[3])
        else:
            out[i] = ("text", item[1], base, _rpr_of(items, base))
    return out


def _edge_object(item: Any) -> bool:
    return bool(item[0] == "atom" and item[1].kind not in ("footnote", "field"))


def _tok(code: str, number: int) -> str:
    return f"\ufdd0{code}{number}\ufdd1"


def _dominant(items: list[Any]) -> bytes:
    """The formatting most of the (top-level) text has: it needs no placeholder."""
    weight: Counter[bytes] = Counter()
    for item in items:
        if item[0] == "text":
            weight[item[2]] += len(item[1])
    return weight.most_common(1)[0][0] if weight else b""


def _rpr_of(items: list[Any], key: bytes) -> Any:
    return next((item[3] for item in items if item[0] == "text" and item[2] == key), None)


def _flag(rpr: Any, name: str) -> bool:
    if rpr is None:
        return False
    element = rpr.find(W + name)
    if element is None:
        return False
    value = element.get(W + "val", "true")
    return value not in ("0", "false", "off", "none")


def _format_inline(rpr: Any, usual: Any) -> Inline:
    """What a run's formatting adds to its paragraph's ``usual`` one, for other formats:
    strong, em, u, or a span when it is none of these (a colour, a size)."""
    for flag, inline in (("b", Inline("strong")), ("i", Inline("em")),
                         ("u", Inline("html", (("tag", "u"),)))):
        if _flag(rpr, flag) and not _flag(usual, flag):
            return inline
    return Inline("html", (("tag", "span"),))


def _href(link: Any, part: TextPart) -> str:
    rid = link.get(R + "id")
    target = part.links.get(rid, "") if rid else ""
    anchor = link.get(W + "anchor")
    return target + (f"#{anchor}" if anchor else "")


def _field_end(children: list[Any], start: int) -> int | None:
    """Where the complex field beginning in run ``children[start]`` ends, among its
    siblings; None when that run begins none or the field ends elsewhere."""
    char = children[start].find(W + "fldChar")
    if char is None or char.get(W + "fldCharType") != "begin":
        return None
    depth = 0
    for i in range(start, len(children)):
        if children[i].tag != W + "r":
            if children[i].tag == W + "hyperlink" or not isinstance(children[i].tag, str):
                return None
            continue
        for char in children[i].iter(W + "fldChar"):
            kind = char.get(W + "fldCharType")
            depth += {"begin": 1, "end": -1}.get(kind or "", 0)
            if depth == 0:
                return i
    return None


def _field_result(group: list[Any]) -> str:
    """The text a field shows (between its ``separate`` and ``end``)."""
    out: list[str] = []
    showing = False
    for run in group:
        for child in run.iter(W + "fldChar", W + "t"):
            if child.tag == W + "fldChar":
                showing = child.get(W + "fldCharType") == "separate"
            elif showing:
                out.append(child.text or "")
    return _clean("".join(out))


def _clean(text: str) -> str:
    if text.isprintable():  # no line ends; the noncharacters are printable
        return _NOT_TEXT_RE.sub("", text) if "\ufdd0" in text or "\ufdd1" in text else text
    return _NOT_TEXT_RE.sub("", text).replace("\r", " ").replace("\n", " ")


def _in_fallback(p: Any) -> bool:
    """A paragraph in the fallback copy of a text box (VML for old Word): the writer
    fills it from the translated first copy."""
    return any(a.tag == MC + "Fallback" for a in p.iterancestors())


def _is_separator_note(p: Any) -> bool:
    parent = p.getparent()
    return (parent is not None and parent.tag in (W + "footnote", W + "endnote")
            and parent.get(W + "type") in ("separator", "continuationSeparator",
                                           "continuationNotice"))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
