"""Plain-text releases: blank-line separated blocks, each given the kind a reader sees in it.

How a block is read (the first rule that fits wins; README "How plain text is read"):

* **list**: lines starting with bullets (``-``, ``*``, ``•``), numbers (``1.``, ``1)``) or
  letters (``a)``, ``(a)``, ``(iv)``; not ``(c) 2023``, a credit), one list item per bullet;
* **end mark**: ``###``, ``***``, ``-ENDS-``, ``– Ends –``, ``-30-`` alone;
* **release label**: ``FOR IMMEDIATE RELEASE``, ``Press release``, ``Statement``,
  ``EMBARGOED UNTIL …`` (an embargo line may wrap onto a second line);
* **credit**: starts with ``©``, ``(c) 2023``, ``Copyright 2023`` (or ``©``/``:``),
  ``Credit:``, ``Photo credit:``, ``Photo by``; **caption**: starts with ``Photo:``, ``Caption:``, ``Image:``,
  ``Pictured:`` (also inside ``[…]`` or ``(…)``), or a short line ending in a credit
  (``Protesters in Almaty. © 2019 A. Writer``);
* **dateline**: a single line holding a date, alone or after a place
  (``ALMATY, 5 May 2022 –``, ``Monday 5 May 2022``, ``May 5, 2022``); a dateline that
  opens a paragraph stays part of it, so its sentence keeps its msgid;
* **contact**: a block opening with ``Contact:``, ``Media contacts``, ``For more
  information, contact:``… (its lines may be longer when they hold an e-mail address or
  a phone number), or short lines holding an e-mail address or a phone number;
  such a block at the end of a paragraph (after a sentence's end) is split off it;
* **label**: every line is a short ``Label: value`` (``Issued by: PEN Kazakhstan``); a
  single line only with a label releases use (``Issued by``, ``Date``, ``Tel``, ``Note``,
  ``Cc``…): ``Background: the 2019 elections`` is a heading;
* **salutation**: a single line ``Dear …,`` or ``To …,``;
* **signature**: a single line ending in a comma (``Yours sincerely,``, ``The Chair and
  Board,``), short lines of which one ends in a comma, or short lines without final
  punctuation right after one (a name, a position);
* **line block**: two or more short lines that do not read as one wrapped paragraph (at
  most 40 characters each, none ending with a word a sentence goes on after such as
  "of", "the", "and", or with a dash, none after the first starting with a small
  letter), most of them without final punctuation (an address, a list of names); the
  same test decides for signatures and contact blocks of several lines;
* **title**: the first single-line block (or a title in capitals over two or three
  lines) that is not a release label, dateline, caption, credit, end mark or block of
  labels, when no paragraph comes before it (``Kazakhstan: Impunity…`` is a
  title, not a label);
* **heading**: a single line without final punctuation (nor a comma) of at most 12 words,
  a short question ("What happens next?") or a few words ending in a colon ("Notes to
  editors:"), followed by a paragraph or a list (a colon heading also by a block of
  lines); a longer unpunctuated line is a sentence (a standfirst), a paragraph;
* **paragraph**: anything else, however it is hard-wrapped.

In contact, label, signature and line blocks every line is a segment of its own (the
line end is skeleton), so exports in other formats keep the lines; in captions a line
starting with a credit starts a new segment. Everywhere else a line end inside a block is
a soft break read as a space. The ``#.`` comment of each entry names its block's kind
(``caption 1``, ``signature 2, sentence 1``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from l10n.documents.base import Document, DocumentBuilder, Inline, Run, without_protected

NAME = "txt"

# CR LF, a lone LF and an old Mac lone CR all end a line.
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# "- ", "* ", "• ", "1." or "1)", "a)", "(a)", "(iv)"; not "(c) 2023", a credit.
_BULLET_RE = re.compile(
    r"[ \t]*(?:[-*•–]|\d{1,3}[.)]|[a-z]\)|\((?!c\) *\d)(?:[a-z]|[ivx]{1,4}|\d{1,2})\))"
    r"[ \t]+(?=\S)")
# Sentence-final punctuation, optionally followed by closing quotes or brackets.
_FINAL_RE = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_BREAK_RE = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")

SHORT = 60  # the longest single-line block read as a dateline, signature or salutation
LINE = 40  # the longest line of a block of lines (a wrapped paragraph's lines are longer)
_END_MARK_RE = re.compile(
    r"(?:#{3,}|\*{3,}|[-–—]+ *(?:ends?|30) *[-–—]+|ends?|end of (?:press )?release)", re.I)
_RELEASE_LABEL_RE = re.compile(
    r"(?:for immediate release|immediate release|(?:press|news|media) release|media advisory"
    r"|(?:joint |public )?statement|news"
    r"|(?:embargoed?|under embargo|not for (?:publication|release))\b[^\n]{0,60}"
    r"|for release\b[^\n]{0,60})[:.]?", re.I)
# An embargo line wrapped onto a second line (both lines joined by a space).
_EMBARGO_RE = re.compile(r"(?:embargoed?|under embargo)\b[^\n]{0,110}", re.I)
# "Copyright" and "(c)" only before a year or a ©: "Copyright law reform…" is prose and a
# legal "(c) ensure that…" a list item.
_CREDIT_RE = re.compile(r"[\[(]?(?:©|\(c\) *\d{4}|copyright *(?:©|\(c\)|\d{4}|:)"
                        r"|(?:photo |image |picture )?credits?:|photo(?:graph)? by\b)", re.I)
_CAPTION_RE = re.compile(r"[\[(]?(?:photo(?:graph)?|caption|image|picture|pictured|illustration"
                         r"|video|above|top|left|right|main image|cover):", re.I)
_TRAILING_CREDIT_RE = re.compile(r"(?:©|\(c\) *\d{4}|\b(?:photo|credit|image):)[^.!?]{1,60}$",
                                 re.I)
_MONTH = (r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?"
          r"|july?|aug(?:ust|\.)?|sep(?:tember|t\.|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?"
          r"|dec(?:ember|\.)?)")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? +)?"
         rf"(?:{_DAY} +{_MONTH}(?:,? +\d{{4}})?|{_MONTH} +{_DAY}(?:,? +\d{{4}})?"
         rf"|{_MONTH} +\d{{4}}|\d{{4}}-\d\d-\d\d|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})")
# An optional place (a few words, "ALMATY", "Almaty/Geneva", "London (UK)"), a comma.
_PLACE = r"(?:[^\W\d_][\w.'’-]*(?:[ /][\w.'’-]+){0,3}(?: \([^()\n]{1,20}\))?, *)?"
_DATELINE_RE = re.compile(rf"{_PLACE}{_DATE} *[-–—:]?", re.I)
# A single line "Label: value" is a label only with a label a release uses: "Background:
# the 2019 elections" before a paragraph is a heading.
_KNOWN_LABEL_RE = re.compile(
    r"(?:issued by|released by|published by|signed|date|dated|embargo|ref(?:erence)?|tel|phone"
    r"|mobile|fax|e-?mail|web(?:site)?|twitter|x|facebook|instagram|telegram|whatsapp"
    r"|address|venue|location|place|time|when|where|cc|to|from|subject|re|attn|note|notes"
    r"|source|author|language|tags?|categor(?:y|ies)|keywords)[ \t]*:", re.I)
_LABEL_RE = re.compile(r"[^\W\d_][\w'’&/.()-]*(?: [\w'’&/.()-]+){0,3}:[ \t]+\S")
# "Contact:", "Media contacts", "For interviews, please contact:"; not "For more
# information contact Jane Doe at", a sentence wrapped onto the next line.
_CONTACT_RE = re.compile(
    r"(?:[\w,'’ -]{0,60}\b)?(?:contacts?|enquiries|inquiries)(?:\b[^:\n]{0,20}:|\s*$)", re.I)
# Words a wrapped line may end with but a line of an address or a signature does not.
_CONTINUES_RE = re.compile(
    r"(?:\b(?:a|an|the|of|on|in|at|to|for|and|or|but|nor|with|by|from|as|that|which|who"
    r"|whom|whose|is|are|was|were|has|have|had|will|would|be|been|its|their|his|her|our"
    r"|this|these|those|than|into|over|under|about|after|before|between|where|when|while"
    r"|not|no|said|says)|[-–—])$", re.I)
_SALUTATION_RE = re.compile(r"(?:dear|to)\b", re.I)
_ADDRESS_RE = re.compile(r"[\w.+-]+@|www\.|[a-z]+://")
_PHONE_RE = re.compile(r"\+?\d[\d ()./-]{6,}\d")


@dataclass(frozen=True)
class _Line:
    start: int  # source offset of the first character
    end: int  # source offset after the text, before the line ending
    text: str


def parse(path: Path, text: str, *, bom: bool, lang: str) -> Document:
    """Parse a plain-text release.

    Blocks are separated by blank lines; each gets a kind by the rules of this module's
    docstring (title, heading, paragraph, list item, caption, credit, dateline, contact,
    label, salutation, signature, line block, release label, end mark).

    Args:
        path: The file, named in messages.
        text: The decoded source, BOM removed, newlines untouched.
        bom: Whether the file started with a UTF-8 BOM (restored on export).
        lang: Source language, for sentence splitting.

    Returns:
        The parsed document.
    """
    b = DocumentBuilder(path, NAME, text, bom=bom, lang=lang, escape=escape)
    blocks = [part for block in _blocks(text) for listed in _split_list(block)
              for part in _split_contact(listed)]
    for lines, kind in zip(blocks, classify(blocks)):
        if kind == "list":
            _emit_list(b, lines)
            continue
        b.skip_to(lines[0].start)
        b.block(kind, _runs(text, lines, lines[0].start, hard=_hard_breaks(kind, lines)))
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


def _split_contact(lines: list[_Line]) -> list[list[_Line]]:
    """Split a contact block off the paragraph it ends ("…across Central Asia." then
    "For interviews, please contact:" and short lines)."""
    texts = [line.text.strip() for line in lines]
    # ok[i]: the lines after i are separate lines (see `_separate`) and line i may start
    # a contact block after them. Computed once from the end: a long block stays linear.
    ok = [True] * (len(lines) + 1)
    short = True  # every line after i is at most LINE characters
    for i in range(len(lines) - 1, 0, -1):
        ok[i] = (ok[i + 1] and short and _line_starts(["", texts[i]])
                 and (i == len(lines) - 1 or not _CONTINUES_RE.search(texts[i])))
        short = short and len(texts[i]) <= LINE
    for i in range(1, len(lines)):
        if (ok[i] and len(texts[i]) <= SHORT and _CONTACT_RE.match(texts[i])
                and _FINAL_RE.search(texts[i - 1])):
            return [lines[:i], lines[i:]]
    return [lines]


def _is_list(lines: list[_Line]) -> bool:
    """Every line is a bullet, or an indented continuation of the bullet above it."""
    first = _BULLET_RE.match(lines[0].text)
    if not first:
        return False
    mark = first.group(0).strip()
    if len(lines) == 1 and mark in "-*•–" and lines[0].text.rstrip().endswith(mark):
        return False  # "– Ends –", "- 30 -": a centred mark, not a list
    return all(_BULLET_RE.match(line.text) or line.text[:1] in (" ", "\t") for line in lines)


def classify(blocks: list[list[_Line]]) -> list[str]:
    """The kind of each block ("list" for a list), by the rules of the module docstring."""
    own = [_own_kind(lines) for lines in blocks]
    for i, kind in enumerate(own):  # short lines right after a signature sign it too
        if (kind in (None, "line block") and i and own[i - 1] == "signature"
                and all(len(line.text.strip()) <= LINE
                        and not _FINAL_RE.search(line.text.rstrip()) for line in blocks[i])):
            own[i] = "signature"
    title = next((i for i, kind in enumerate(own)
                  if kind not in ("release label", "dateline", "end mark", "caption", "credit")
                  and not (kind == "label" and len(blocks[i]) > 1)),  # "Issued by:", "Date:"
                 None)
    if title is not None and (own[title] not in (None, "label") or (
            len(blocks[title]) > 1 and not _capitals_title(blocks[title]))):
        title = None  # a paragraph (or a signature…) came first: no title
    kinds = [""] * len(blocks)
    for i in range(len(blocks) - 1, -1, -1):
        kind = own[i]
        if i == title:
            kind = "title"
        elif kind is None:
            after = kinds[i + 1] if i + 1 < len(blocks) else ""
            follows = ("paragraph", "list", "line block") \
                if blocks[i][0].text.rstrip().endswith(":") else ("paragraph", "list")
            kind = "heading" if _heading(blocks[i]) and after in follows else "paragraph"
        kinds[i] = kind
    return kinds


def _capitals_title(lines: list[_Line]) -> bool:
    """A title set in capitals and wrapped over two or three lines."""
    text = " ".join(line.text.strip() for line in lines)
    letters = [c for c in text if c.isalpha()]
    return (len(lines) <= 3 and len(letters) >= 10 and all(c.isupper() for c in letters)
            and not _FINAL_RE.search(text))


def _own_kind(lines: list[_Line]) -> str | None:
    """The kind a block has whatever surrounds it; None for prose (title, heading or
    paragraph, which depend on the neighbours)."""
    if _is_list(lines):
        return "list"
    texts = [line.text.strip() for line in lines]
    first = texts[0]
    if len(lines) == 1 and _END_MARK_RE.fullmatch(first):
        return "end mark"
    if len(lines) == 1 and _RELEASE_LABEL_RE.fullmatch(first):
        return "release label"
    if len(lines) == 2 and _EMBARGO_RE.fullmatch(" ".join(texts)):
        return "release label"  # "Embargoed: not for publication before 06:00 GMT on" + date
    if _CREDIT_RE.match(first):
        return "credit"
    if _CAPTION_RE.match(first) or (len(lines) == 1 and len(first) <= 2 * SHORT
                                    and _TRAILING_CREDIT_RE.search(first)):
        return "caption"
    if len(lines) == 1 and len(first) <= SHORT and _DATELINE_RE.fullmatch(first):
        return "dateline"
    if _CONTACT_RE.match(first) and len(first) <= 2 * SHORT and (
            _separate(texts, first=True)
            or (not _CONTINUES_RE.search(first) and _reachable(texts[1:]))):
        return "contact"
    if all(len(text) <= 2 * SHORT and _LABEL_RE.match(text) for text in texts) and (
            len(texts) > 1 or _KNOWN_LABEL_RE.match(first)):
        return "label"
    if len(lines) == 1 and first.endswith(",") and len(first) <= SHORT:
        return "salutation" if _SALUTATION_RE.match(first) else "signature"
    if len(lines) == 1:
        return None
    if not _separate(texts):
        return None
    if any("@" in text or _PHONE_RE.search(text) for text in texts):
        return "contact"  # before a signature: "Jane Doe, Almaty office," then a phone
    if any(text.endswith(",") for text in texts[:-1]):
        return "signature"
    if sum(1 for text in texts if not _FINAL_RE.search(text)) >= 2:
        return "line block"
    return None


def _reachable(texts: list[str]) -> bool:
    """Lines of a contact block: short ones (a name, "Almaty office,") and ones giving a
    way to reach someone (an e-mail address or a phone number), which may be longer:
    "Lucía Ferrante (+41 22 917 0000 / lucia@example.org)"."""
    reach = ["@" in text or bool(_PHONE_RE.search(without_protected(text))) for text in texts]
    return any(reach) and all(
        len(text) <= 2 * SHORT and (ok or len(text) <= LINE) and not _CONTINUES_RE.search(text)
        for text, ok in zip(texts, reach))


def _separate(texts: list[str], *, first: bool = False) -> bool:
    """Whether the lines read as lines of their own rather than one wrapped paragraph:
    each at most `LINE` characters (the first one excepted when ``first``), none ending
    with a word a sentence goes on after ("of", "the", "and"…), none after the first
    starting with a small letter."""
    return (all(len(text) <= LINE for text in texts[1 if first else 0:])
            and not any(_CONTINUES_RE.search(text) for text in texts[:-1])
            and _line_starts(texts))


def _line_starts(texts: list[str]) -> bool:
    """No line after the first starts with a small letter (as a wrapped line would);
    an e-mail or web address may."""
    return not any(text[:1].islower() and not _ADDRESS_RE.match(text) for text in texts[1:])


def _heading(lines: list[_Line]) -> bool:
    """A single line without final punctuation, or a short question ("What happens
    next?"), or a few words ending in a colon ("Notes to editors:")."""
    text = lines[0].text.rstrip()
    if len(lines) != 1 or not without_protected(text).strip() or text.endswith(","):
        return False
    if text.endswith("?"):
        return len(text) <= SHORT and text.count("?") == 1 and not _QUOTE_END_RE.search(text)
    if text.endswith(":"):
        return _COLON_HEADING_RE.fullmatch(text) is not None
    return not _FINAL_RE.search(text) and len(text.split()) <= HEADING_WORDS


# A longer unpunctuated line is a sentence (a standfirst under the title), not a heading.
HEADING_WORDS = 12
_QUOTE_END_RE = re.compile(r"[\"'”’»)\]]$|^[\"'“‘«(]")
# At most four words, the first capitalised, then the colon: "Notes to editors:",
# "Key facts:"; not "Land Defenders Watch is calling for:", a sentence leading into a list.
_COLON_HEADING_RE = re.compile(r"[^\W\d_][\w’'&-]*(?: [\w’'&-]+){0,3}:")


_LINE_KINDS = {"contact", "label", "signature", "line block"}


def _hard_breaks(kind: str, lines: list[_Line]) -> Callable[[int], bool]:
    """Which line ends of a block end a segment: before line ``i`` (from 1)."""
    if kind in _LINE_KINDS:
        return lambda i: True
    if kind in ("caption", "credit"):
        return lambda i: bool(_CREDIT_RE.match(lines[i].text.strip())
                              or _CAPTION_RE.match(lines[i].text.strip()))
    return lambda i: False


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


def _runs(text: str, lines: list[_Line], start: int,
          hard: Callable[[int], bool] = lambda i: False) -> list[Run]:
    """A block's runs from ``start``: each line's text, joined by line breaks.

    The line ending plus the next line's indentation is one run. A soft break is a
    text run whose text is a space, like an entity: the msgid reads as flowing text,
    and the sentence splitter never sees a newline (pysbd cuts sentences at newlines).
    A hard break (before line ``i`` when ``hard(i)``) is an atom of kind ``line``: the
    builder ends a segment there and keeps the break as skeleton.
    """
    runs = [Run.plain(text[start : lines[0].end])]
    for i, (prev, line) in enumerate(zip(lines, lines[1:]), start=1):
        indent = len(line.text) - len(line.text.lstrip())
        raw = text[prev.end : line.start + indent]
        runs.append(Run("atom", raw, inline=Inline("line", text=" ")) if hard(i)
                    else Run("text", raw, " "))
        runs.append(Run.plain(text[line.start + indent : line.end]))
    return [run for run in runs if run.raw]


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
