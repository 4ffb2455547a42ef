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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from l10n.documents.segment import split_sentences

PLACEHOLDER_RE = re.compile(r"<(/?)(\d+)(/?)>")
# What must never reach a translator even in plain text: web addresses, e-mail
# addresses, and text that would read as one of our placeholders. As one pattern:
#   (?:https?|ftp)://…  |  \bwww\.…  |  \b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b  |  </?\d+/?>
# The e-mail branch is searched apart (`protected_spans`): tried at every word start of
# a long run like "a.a.a.a…", it would scan the rest of the run each time.
_URL_RE = re.compile(
    r"(?:https?|ftp)://[^\s<>\"'«»“”‘’()\[\]]*[^\s<>\"'«»“”‘’()\[\].,;:!?…]"
    r"|\bwww\.[^\s<>\"'«»“”‘’()\[\]]*[^\s<>\"'«»“”‘’()\[\].,;:!?…]"
    r"|</?\d+/?>"
)
_LOCAL_PART_RE = re.compile(r"(?<![\w.+-])[\w.+-]++(?=@)")  # a whole run, each scanned once
_DOMAIN_RE = re.compile(r"@[\w-]+(?:\.[\w-]+)+\b")
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
    # Paired markup wrapping the whole sentence, outermost first: kept out of the msgid
    # (it stays in the skeleton), but another format needs it to keep a paragraph bold.
    outer: tuple[Inline, ...] = ()

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
    """A structural unit: title, heading, paragraph, list item, quote, table cell (and in
    plain text: caption, credit, dateline, signature, contact, label, release label…)."""

    kind: str
    level: int
    segments: list[Segment] = field(default_factory=list)
    span: tuple[int, int] = (0, 0)  # source offsets of the block's runs


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
    lang: str = "en"  # the source language

    @property
    def segments(self) -> list[Segment]:
        return [p for p in self.parts if isinstance(p, Segment)]

    def render(self, translate: Callable[[Segment], str | None],
               keep: Callable[[Segment], str] | None = None) -> str:
        """Rebuild the document in the same format with each segment's translation.

        ``translate`` returns the translation of a segment or None to keep the source;
        ``keep`` (default: the source as it is) writes such a kept segment, e.g. marked
        as being in the source language. A translation equal to the msgid reproduces
        the original source bytes.
        """
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            target = translate(part)
            if target is None:
                out.append(part.raw if keep is None else keep(part))
            elif target == part.msgid:
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
        self._skeleton: list[str] = []  # skeleton not yet in parts
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
        self._skeleton.append(raw)  # joined once a segment follows: no quadratic +=

    def _flush(self) -> None:
        if self._skeleton:
            self.parts.append("".join(self._skeleton))
            self._skeleton.clear()

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
        start = self.pos
        block = Block(kind, level)
        n = 0
        for lead, body, trail in pieces:
            self.skip("".join(r.raw for r in lead))
            if body:
                n += 1
                outer = tuple(r.inline for r in lead if r.role == "open" and r.inline)
                segment = _make_segment(body, line=self.line_at(self.pos), kind=kind,
                                        block=ordinal, sentence=n, sentences=count,
                                        context=context, wrap=wrap, outer=outer)
                self._advance(segment.raw)
                self._flush()
                self.parts.append(segment)
                block.segments.append(segment)
            self.skip("".join(r.raw for r in trail))
        block.span = (start, self.pos)
        self.blocks.append(block)
        return block

    def finish(self) -> Document:
        self.skip_to(len(self.text))
        self._flush()
        rebuilt = "".join(p if isinstance(p, str) else p.raw for p in self.parts)
        if rebuilt != self.text:  # a parser bug, never a user error
            raise AssertionError(f"{self.path}: parser lost text at offset "
                                 f"{_first_difference(rebuilt, self.text)}")
        return Document(self.path, self.format, self.text, self.bom, self.parts,
                        self.blocks, self.escape, self.lang)

    def _advance(self, raw: str) -> None:
        if not self.text.startswith(raw, self.pos):
            raise AssertionError(f"{self.path}: parser out of step at offset {self.pos}: "
                                 f"{raw[:30]!r} != {self.text[self.pos:self.pos + 30]!r}")
        self.pos += len(raw)


def _first_difference(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def protected_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the web addresses, e-mail addresses and placeholder look-alikes in
    ``text``, left to right, in time linear in its length.

    The same spans as one pattern of all four would give (an address at the same place
    as an e-mail address wins, as it comes first in that pattern).

    >>> text = "Write to a.b@example.org or see www.example.org/x. <1> is no tag."
    >>> [text[a:b] for a, b in protected_spans(text)]
    ['a.b@example.org', 'www.example.org/x', '<1>']
    """
    if "@" not in text:
        yield from (m.span() for m in _URL_RE.finditer(text))
        return
    locals_ = _LOCAL_PART_RE.finditer(text)
    run = next(locals_, None)
    # The next match of each kind at or after pos; None once there is none left.
    url = _URL_RE.search(text)
    email, run = _next_email(text, 0, run, locals_)
    pos = 0
    while True:
        if url is not None and url.start() < pos:
            url = _URL_RE.search(text, pos)
        if email is not None and email[0] < pos:
            email, run = _next_email(text, pos, run, locals_)
        if url is not None and (email is None or url.start() <= email[0]):
            span = url.span()
        elif email is not None:
            span = email
        else:
            return
        yield span
        pos = span[1]


def _next_email(text: str, pos: int, run: re.Match[str] | None,
                runs: Iterator[re.Match[str]]) -> tuple[tuple[int, int] | None,
                                                       re.Match[str] | None]:
    """The first e-mail address starting at or after ``pos``, and the run of
    ``[\\w.+-]`` before an ``@`` to look at next time."""
    while run is not None:
        if run.end() > pos:
            start = _word_boundary(text, max(pos, run.start()), run.end())
            domain = _DOMAIN_RE.match(text, run.end()) if start is not None else None
            if start is not None and domain is not None:
                return (start, domain.end()), run
        run = next(runs, None)
    return None, None


def _word_boundary(text: str, start: int, end: int) -> int | None:
    """The first position in ``text[start:end]`` where ``\\b`` matches."""
    before = start > 0 and _is_word(text[start - 1])
    for i in range(start, end):
        now = _is_word(text[i])
        if now != before:
            return i
        before = now
    return None


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def without_protected(text: str) -> str:
    """``text`` with every span of `protected_spans` replaced by a space."""
    out: list[str] = []
    pos = 0
    for start, end in protected_spans(text):
        out.append(text[pos:start])
        out.append(" ")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _protect(runs: Iterable[Run]) -> Iterable[Run]:
    """Turn URLs, e-mail addresses and placeholder look-alikes in text into atoms."""
    for run in runs:
        if run.role != "text" or run.raw != run.text:
            yield run
            continue
        pos = 0
        for start, end in protected_spans(run.text):
            if start > pos:
                yield Run.plain(run.text[pos:start])
            found = run.text[start:end]
            kind = "literal" if found.startswith("<") else "url"
            yield Run("atom", found, inline=Inline(kind, text=found))
            pos = end
        if pos == 0:
            yield run
        elif pos < len(run.text):
            yield Run.plain(run.text[pos:])


def _reader_text(run: Run) -> str:
    """What the sentence splitter sees of a run: a reader's view of it."""
    if run.role == "text":
        return run.text
    if run.role == "atom" and run.inline is not None:
        return " " if run.inline.kind == "br" else run.inline.text
    return ""


def _sentences(runs: list[Run],
               lang: str | None) -> Iterable[tuple[list[Run], list[Run], list[Run]]]:
    """Split a block's runs into (leading space, sentence, trailing space) triples;
    ``lang`` None keeps the block whole."""
    plain = "".join(_reader_text(r) for r in runs)
    if not plain.strip():
        return
    cuts = sorted(set(split_sentences(plain, lang)) | set(_line_ends(runs))
                  if lang is not None else [])
    at_cut = set(cuts)
    pieces: list[list[Run]] = [[]]
    pos = 0
    depth = 0
    for run in runs:
        view = _reader_text(run)
        if run.role == "text" and run.raw == run.text and depth == 0:
            first = bisect.bisect_right(cuts, pos)
            inner = [c - pos for c in cuts[first : bisect.bisect_left(cuts, pos + len(view))]]
            done = 0
            for cut in inner:  # sliced from the run itself: no copy of what is left
                pieces[-1].append(Run.plain(run.text[done:cut]))
                pieces.append([])
                done = cut
            rest = Run.plain(run.text[done:]) if inner else run
            if rest.raw:
                pieces[-1].append(rest)
        else:
            pieces[-1].append(run)
            depth += {"open": 1, "close": -1}.get(run.role, 0)
        pos += len(view)
        if depth == 0 and pos in at_cut and pieces[-1]:
            pieces.append([])
    for piece in pieces:
        lead, body, trail = _trim(piece)
        if body and any(ch.isalpha() for r in body if r.role == "text" for ch in r.text):
            yield lead, body, trail
        elif piece:
            # Nothing to translate (spaces, numbers, punctuation): keep it as skeleton.
            yield from _as_skeleton(piece)


def _line_ends(runs: list[Run]) -> Iterator[int]:
    """Offsets (in the reader's text) just after each hard line end of a line block
    (an atom of kind ``line``): every line there is a sentence of its own."""
    pos = 0
    for run in runs:
        pos += len(_reader_text(run))
        if run.role == "atom" and run.inline is not None and run.inline.kind == "line":
            yield pos


def _as_skeleton(piece: list[Run]) -> Iterable[tuple[list[Run], list[Run], list[Run]]]:
    yield piece, [], []


def _trim(piece: list[Run]) -> tuple[list[Run], list[Run], list[Run]]:
    """Move whitespace and markup that wraps the whole sentence out of it.

    The sentence is ``body[lo:hi]``: moving its ends inwards costs nothing, however
    many pairs of markup wrap it.
    """
    body = list(piece)
    lo, hi = 0, len(body)
    lead: list[Run] = []
    trail: list[Run] = []  # in reverse order
    closes: dict[int, list[int]] = {}  # key -> where its closing runs are
    for i, run in enumerate(body):
        if run.role == "close":
            closes.setdefault(run.key, []).append(i)
    changed = True
    while changed and lo < hi:
        changed = False
        first, last = body[lo], body[hi - 1]
        if first.role == "text" and first.text[:1].isspace():
            if first.raw != first.text or not first.text.strip():
                lead.append(first)
                lo += 1
            else:
                n = len(first.text) - len(first.text.lstrip())
                lead.append(Run.plain(first.text[:n]))
                body[lo] = Run.plain(first.text[n:])
            changed = True
        elif last.role == "text" and last.text[-1:].isspace():
            if last.raw != last.text or not last.text.strip():
                trail.append(last)
                hi -= 1
            else:
                kept = last.text.rstrip()
                trail.append(Run.plain(last.text[len(kept):]))
                body[hi - 1] = Run.plain(kept)
            changed = True
        elif _is_break(first):  # a line break at a sentence's edge is layout, not text
            lead.append(first)
            lo += 1
            changed = True
        elif _is_break(last):
            trail.append(last)
            hi -= 1
            changed = True
        elif (first.role == "open" and last.role == "close" and first.key == last.key
              and not any(lo < i < hi - 1 for i in closes[first.key])):
            # the pair is closed only by the last run: it wraps the whole sentence
            lead.append(first)
            trail.append(last)
            lo += 1
            hi -= 1
            changed = True
    return lead, body[lo:hi], trail[::-1]


def _is_break(run: Run) -> bool:
    return run.role == "atom" and run.inline is not None and run.inline.kind in ("br", "line")


def _make_segment(body: list[Run], *, line: int, kind: str, block: int, sentence: int,
                  sentences: int, context: str, wrap: tuple[str, str],
                  outer: tuple[Inline, ...] = ()) -> Segment:
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
                   wrap=wrap, outer=outer)
