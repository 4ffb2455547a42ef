"""The document model every source format shares: a skeleton with translatable segments.

A parsed document is a list of *parts*: literal skeleton strings, copied to the output
as they are, and `Segment`s, one per sentence. Joining the skeleton with each segment's
``raw`` source text gives the original file back exactly, so an export with identity
translations is byte for byte the source.

Inline markup inside a sentence (emphasis, links, HTML tags, code spans, URLs) is
replaced in the msgid by short numbered placeholders, numbered from 1 in each segment:
``<1>`` … ``</1>`` around a paired element and ``<2/>`` for a standalone one. The
translator moves them with the words they belong to; export puts the original markup
back. Text that merely looks like a placeholder is itself protected as ``<N/>``, so the
notation is unambiguous in every format.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from l10n.documents.segment import split_sentences

PLACEHOLDER_RE = re.compile(r"<(/?)(\d+)(/?)>")
# What must never reach a translator even in plain text: web addresses, e-mail
# addresses, and text that would read as one of our placeholders.
_PROTECTED_RE = re.compile(
    r"(?:https?|ftp)://[^\s<>\"'«»“”‘’()\[\]]*[^\s<>\"'«»“”‘’()\[\].,;:!?…]"
    r"|\bwww\.[^\s<>\"'«»“”‘’()\[\]]*[^\s<>\"'«»“”‘’()\[\].,;:!?…]"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"
    r"|</?\d+/?>"
)
_ASCII_SPACE_RE = re.compile(r"[ \t\r\n\f\v]+")

Role = Literal["text", "open", "close", "atom"]


def well_nested(text: str) -> bool:
    """True when every ``<N>`` in ``text`` is closed by its ``</N>`` in nesting order.

    >>> well_nested("<1>a <2>b</2></1> <3/>"), well_nested("<1>a</2>")
    (True, False)
    """
    return _nesting_error(text) is None


def _nesting_error(text: str) -> str | None:
    """The first placeholder of ``text`` that breaks the nesting (a ``</N>`` out of order,
    or a ``<N>`` never closed), or None."""
    stack: list[str] = []
    for match in PLACEHOLDER_RE.finditer(text):
        closing, number, standalone = match.groups()
        if standalone:
            continue
        if not closing:
            stack.append(number)
        elif not stack or stack.pop() != number:
            return match.group(0)
    return f"<{stack[-1]}>" if stack else None


def placeholder_problems(source: str, target: str) -> list[str]:
    """What is wrong with the placeholders of ``target``, a translation of ``source``.

    Each placeholder must be kept exactly, as often as in the source, and pairs must
    nest well; otherwise the markup cannot be put back (a lone ``<1>`` would leave a
    literal ``**`` in Markdown). The QA check, export, publish and status all ask this.

    >>> placeholder_problems("<1>a</1> <2/>", "<2/> <1>b</1>")
    []
    >>> placeholder_problems("<1>a</1>", "<1>b")
    ['placeholder(s) missing: </1>']
    """
    if "<" not in source and "<" not in target:
        return []
    want = [m.group(0) for m in PLACEHOLDER_RE.finditer(source)]
    got = [m.group(0) for m in PLACEHOLDER_RE.finditer(target)]
    missing = [p for p in dict.fromkeys(want) if got.count(p) < want.count(p)]
    extra = [p for p in dict.fromkeys(got) if got.count(p) > want.count(p)]
    problems = []
    if missing:
        problems.append(f"placeholder(s) missing: {' '.join(missing)}")
    if extra:
        problems.append(f"placeholder(s) not in the source (or repeated): {' '.join(extra)}")
    wrong = None if problems else _nesting_error(target)
    if wrong:
        problems.append(f"placeholder {wrong} closes out of order: keep the pairs nested as "
                        "in the source")
    return problems


def placeholders_intact(source: str, target: str) -> bool:
    """True when ``target`` keeps the placeholders of ``source`` (see
    :func:`placeholder_problems`), so that export can put the markup back."""
    return not placeholder_problems(source, target)


@dataclass(frozen=True)
class Inline:
    """A piece of inline markup kept out of the translator's way.

    ``kind`` says what it means so other formats can render it: ``em``, ``strong``,
    ``code``, ``link``, ``image``, ``br``, ``html`` (any other tag), ``url`` or
    ``literal`` (protected text). ``attrs`` carries the meaningful attributes
    (``href``, ``src``, ``title``, ``alt``, ``tag``) and ``text`` what a reader sees of a
    standalone piece (a code span's content, a URL).
    """

    kind: str
    attrs: tuple[tuple[str, str], ...] = ()
    text: str = ""

    def attr(self, name: str) -> str | None:
        return dict(self.attrs).get(name)


@dataclass(frozen=True)
class Run:
    """A contiguous piece of a block's source.

    A ``text`` run has the translator-facing ``text`` (entities and escapes resolved);
    its ``raw`` either equals ``text`` or is one indivisible piece of source: an escape,
    an entity, or a soft line break (a line end with the next line's prefixes, such as
    ``"\n> "``, read as ``" "``). ``open``/``close``
    runs delimit a paired inline element (matched by ``key``); an ``atom`` is a
    standalone inline element.
    """

    role: Role
    raw: str
    text: str = ""
    inline: Inline | None = None
    key: int = 0

    @staticmethod
    def plain(raw: str) -> Run:
        return Run("text", raw, raw)


@dataclass(frozen=True)
class Segment:
    """One translatable sentence (a gettext entry's msgid) and where it came from."""

    msgid: str
    raw: str
    line: int
    kind: str  # title, heading, paragraph, list item, quote, table cell, attribute
    block: int  # 1-based ordinal among the document's blocks of this kind
    sentence: int  # 1-based position in its block
    sentences: int  # sentences in the block
    markup: tuple[tuple[str, str], ...] = ()  # placeholder -> raw source markup
    inlines: tuple[tuple[int, Inline], ...] = ()  # placeholder number -> meaning
    context: str = "text"  # how translations are escaped: "text", "attribute", …
    wrap: tuple[str, str] = ("", "")  # put around a translation (never around the source)

    @property
    def comment(self) -> str:
        """Where the segment sits, for the translator's ``#.`` comment."""
        place = self.kind if self.kind in ("title", "attribute") else f"{self.kind} {self.block}"
        if self.sentences > 1:
            place += f", sentence {self.sentence}"
        return place

    def render(self, translation: str, escape: Callable[[str, str], str]) -> str:
        """Put the segment's markup back into ``translation``, escaping the text."""
        markup = dict(self.markup)
        out: list[str] = []
        pos = 0
        for m in PLACEHOLDER_RE.finditer(translation):
            out.append(escape(translation[pos : m.start()], self.context))
            out.append(markup.get(m.group(0)) or escape(m.group(0), self.context))
            pos = m.end()
        out.append(escape(translation[pos:], self.context))
        return self.wrap[0] + "".join(out) + self.wrap[1]


@dataclass
class Block:
    """A structural unit: title, heading, paragraph, list item, quote, table cell."""

    kind: str
    level: int
    segments: list[Segment] = field(default_factory=list)


Part = str | Segment


@dataclass
class Document:
    """A parsed release: skeleton and segments, plus what is needed to write it back."""

    path: Path
    format: str  # txt, md, html
    text: str  # decoded source, without BOM
    bom: bool
    parts: list[Part]
    blocks: list[Block]
    escape: Callable[[str, str], str]

    @property
    def segments(self) -> list[Segment]:
        return [p for p in self.parts if isinstance(p, Segment)]

    def render(self, translate: Callable[[Segment], str | None]) -> str:
        """Rebuild the document in the same format with each segment's translation.

        ``translate`` returns the translation of a segment or None to keep the source.
        A translation equal to the msgid reproduces the original source bytes.
        """
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            target = translate(part)
            if target is None or target == part.msgid:
                out.append(part.raw)
            else:
                out.append(part.render(target, self.escape))
        return ("\ufeff" if self.bom else "") + "".join(out)


class DocumentBuilder:
    """Assembles a Document while a format's parser walks its source left to right.

    The parser hands over every character of the source exactly once, either as
    skeleton (`skip`) or as the runs of a translatable block (`block`); `finish`
    checks that nothing was lost.
    """

    def __init__(self, path: Path, fmt: str, text: str, *, bom: bool, lang: str,
                 escape: Callable[[str, str], str]) -> None:
        self.path, self.format, self.text, self.bom = path, fmt, text, bom
        self.lang, self.escape = lang, escape
        self.parts: list[Part] = []
        self.blocks: list[Block] = []
        self.pos = 0
        self._ordinals: dict[str, int] = {}
        # Line ends as editors count them: LF, CRLF, and a lone CR (old Mac files).
        self._newlines = [m.end() - 1 for m in re.finditer("\r\n|\r|\n", text)]

    def line_at(self, offset: int) -> int:
        """1-based line number of a character offset in the source."""
        return bisect.bisect_right(self._newlines, offset - 1) + 1

    def skip(self, raw: str) -> None:
        """Append skeleton text that is copied to every output as it is."""
        if not raw:
            return
        self._advance(raw)
        if self.parts and isinstance(self.parts[-1], str):
            self.parts[-1] += raw
        else:
            self.parts.append(raw)

    def skip_to(self, offset: int) -> None:
        """Append the source up to ``offset`` as skeleton."""
        self.skip(self.text[self.pos : offset])

    def block(self, kind: str, runs: Sequence[Run], *, level: int = 0,
              context: str = "text", split: bool = True,
              wrap: tuple[str, str] = ("", "")) -> Block | None:
        """Append a translatable block; returns it, or None if it had nothing to translate.

        ``split=False`` keeps the block one segment; ``wrap`` is put around a translation
        of it (e.g. quotes a YAML value needs once translated).
        """
        runs = list(_protect(runs))
        pieces = list(_sentences(runs, self.lang if split else None))
        count = sum(1 for _, body, _ in pieces if body)
        if count == 0:
            self.skip("".join(r.raw for r in runs))
            return None
        ordinal = self._ordinals.get(kind, 0) + 1
        self._ordinals[kind] = ordinal
        block = Block(kind, level)
        n = 0
        for lead, body, trail in pieces:
            self.skip("".join(r.raw for r in lead))
            if body:
                n += 1
                segment = _make_segment(body, line=self.line_at(self.pos), kind=kind,
                                        block=ordinal, sentence=n, sentences=count,
                                        context=context, wrap=wrap)
                self._advance(segment.raw)
                self.parts.append(segment)
                block.segments.append(segment)
            self.skip("".join(r.raw for r in trail))
        self.blocks.append(block)
        return block

    def finish(self) -> Document:
        self.skip_to(len(self.text))
        rebuilt = "".join(p if isinstance(p, str) else p.raw for p in self.parts)
        if rebuilt != self.text:  # a parser bug, never a user error
            raise AssertionError(f"{self.path}: parser lost text at offset "
                                 f"{_first_difference(rebuilt, self.text)}")
        return Document(self.path, self.format, self.text, self.bom, self.parts,
                        self.blocks, self.escape)

    def _advance(self, raw: str) -> None:
        if not self.text.startswith(raw, self.pos):
            raise AssertionError(f"{self.path}: parser out of step at offset {self.pos}: "
                                 f"{raw[:30]!r} != {self.text[self.pos:self.pos + 30]!r}")
        self.pos += len(raw)


def _first_difference(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def _protect(runs: Iterable[Run]) -> Iterable[Run]:
    """Turn URLs, e-mail addresses and placeholder look-alikes in text into atoms."""
    for run in runs:
        if run.role != "text" or run.raw != run.text or not _PROTECTED_RE.search(run.text):
            yield run
            continue
        pos = 0
        for m in _PROTECTED_RE.finditer(run.text):
            if m.start() > pos:
                yield Run.plain(run.text[pos : m.start()])
            kind = "literal" if m.group(0).startswith("<") else "url"
            yield Run("atom", m.group(0), inline=Inline(kind, text=m.group(0)))
            pos = m.end()
        if pos < len(run.text):
            yield Run.plain(run.text[pos:])


def _reader_text(run: Run) -> str:
    """What the sentence splitter sees of a run: a reader's view of it."""
    if run.role == "text":
        return run.text
    if run.role == "atom" and run.inline is not None:
        return " " if run.inline.kind == "br" else run.inline.text
    return ""


def _split_run(run: Run, cut: int) -> tuple[Run, Run]:
    return Run.plain(run.text[:cut]), Run.plain(run.text[cut:])


def _sentences(runs: list[Run],
               lang: str | None) -> Iterable[tuple[list[Run], list[Run], list[Run]]]:
    """Split a block's runs into (leading space, sentence, trailing space) triples;
    ``lang`` None keeps the block whole."""
    plain = "".join(_reader_text(r) for r in runs)
    if not plain.strip():
        return
    cuts = set(split_sentences(plain, lang)) if lang is not None else set()
    pieces: list[list[Run]] = [[]]
    pos = 0
    depth = 0
    for run in runs:
        view = _reader_text(run)
        if run.role == "text" and run.raw == run.text and depth == 0:
            inner = sorted(c - pos for c in cuts if pos < c < pos + len(view))
            rest = run
            done = 0
            for cut in inner:
                head, rest = _split_run(rest, cut - done)
                done = cut
                pieces[-1].append(head)
                pieces.append([])
            if rest.raw:
                pieces[-1].append(rest)
        else:
            pieces[-1].append(run)
            depth += {"open": 1, "close": -1}.get(run.role, 0)
        pos += len(view)
        if depth == 0 and pos in cuts and pieces[-1]:
            pieces.append([])
    for piece in pieces:
        lead, body, trail = _trim(piece)
        if body and any(ch.isalpha() for r in body if r.role == "text" for ch in r.text):
            yield lead, body, trail
        elif piece:
            # Nothing to translate (spaces, numbers, punctuation): keep it as skeleton.
            yield from _as_skeleton(piece)


def _as_skeleton(piece: list[Run]) -> Iterable[tuple[list[Run], list[Run], list[Run]]]:
    yield piece, [], []


def _trim(piece: list[Run]) -> tuple[list[Run], list[Run], list[Run]]:
    """Move whitespace and markup that wraps the whole sentence out of it."""
    body = list(piece)
    lead: list[Run] = []
    trail: list[Run] = []
    changed = True
    while changed and body:
        changed = False
        first, last = body[0], body[-1]
        if first.role == "text" and first.text[:1].isspace():
            if first.raw != first.text or not first.text.strip():
                lead.append(body.pop(0))
            else:
                n = len(first.text) - len(first.text.lstrip())
                lead.append(Run.plain(first.text[:n]))
                body[0] = Run.plain(first.text[n:])
            changed = True
        elif last.role == "text" and last.text[-1:].isspace():
            if last.raw != last.text or not last.text.strip():
                trail.insert(0, body.pop())
            else:
                kept = last.text.rstrip()
                trail.insert(0, Run.plain(last.text[len(kept):]))
                body[-1] = Run.plain(kept)
            changed = True
        elif _is_break(first):  # a line break at a sentence's edge is layout, not text
            lead.append(body.pop(0))
            changed = True
        elif _is_break(last):
            trail.insert(0, body.pop())
            changed = True
        elif (first.role == "open" and last.role == "close" and first.key == last.key
              and _pair_closes_at_end(body)):
            lead.append(body.pop(0))
            trail.insert(0, body.pop())
            changed = True
    return lead, body, trail


def _is_break(run: Run) -> bool:
    return run.role == "atom" and run.inline is not None and run.inline.kind == "br"


def _pair_closes_at_end(body: list[Run]) -> bool:
    """True when the opening run at body[0] is closed only by the last run."""
    key = body[0].key
    return not any(r.role == "close" and r.key == key for r in body[1:-1])


def _make_segment(body: list[Run], *, line: int, kind: str, block: int, sentence: int,
                  sentences: int, context: str, wrap: tuple[str, str]) -> Segment:
    numbers: dict[int, int] = {}  # run key of an open element -> its placeholder number
    markup: list[tuple[str, str]] = []
    inlines: list[tuple[int, Inline]] = []
    words: list[str] = []
    count = 0
    for run in body:
        if run.role == "text":
            words.append(run.text)
            continue
        if run.role == "close" and run.key in numbers:
            token = f"</{numbers.pop(run.key)}>"
        else:  # an opening, a standalone piece, or a close with no opening here
            count += 1
            if run.role == "open":
                numbers[run.key] = count
            token = f"<{count}>" if run.role == "open" else f"<{count}/>"
            if run.inline is not None:
                inlines.append((count, run.inline))
        markup.append((token, run.raw))
        words.append(token)
    msgid = _ASCII_SPACE_RE.sub(" ", "".join(words))
    return Segment(msgid=msgid, raw="".join(r.raw for r in body), line=line, kind=kind,
                   block=block, sentence=sentence, sentences=sentences,
                   markup=tuple(markup), inlines=tuple(inlines), context=context,
                   wrap=wrap)
