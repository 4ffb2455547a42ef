"""Checks on the English source of a release, before it is translated (issue 13).

An error in the source is multiplied by every target language, so ``l10n check --source``
looks for what a careful editor would: doubled words, words run together, missing or
stray spaces around punctuation and quotation marks, unbalanced quotes and brackets, one
name spelt two ways, sentences too long for a translator or an engine, and numbers written
two ways. Each check is a small function over the parsed document (``documents/``); a
finding points at a line of the source file. Errors are what is surely wrong; matters of
style are warnings.
"""

from __future__ import annotations

import bisect
import re
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from l10n.documents.base import PLACEHOLDER_RE, Document, Segment
from l10n.glossary.model import Glossary, Term
from l10n.qa.spelling import Speller, accepted_words

__all__ = ["DEFAULT_MAX_WORDS", "SOURCE_CHECKS", "SourceFinding", "Unknown", "check_document",
           "english_words", "learn_words"]

#: Sentences longer than this many words get a warning (``[check] source_max_words``).
#: Translators and engines both do worse past about 40–50 words; a press release's
#: sentences average about 25.
DEFAULT_MAX_WORDS = 50

#: name -> (severity, what it finds), in report order.
SOURCE_CHECKS: dict[str, tuple[str, str]] = {
    "doubled-word": ("error", 'a word written twice ("the the"), or two quantity words in '
                              'a row ("thousands hundreds of")'),
    "run-together": ("error", 'two words without the space between them ("severallocal"): '
                              "unknown to the en_US and en_GB dictionaries, two known words "
                              "once split"),
    "punctuation-spacing": ("error", 'no space after , ; : . ! ? before a word ("a,b", '
                                     '"end.Next"), or a space before one ("word ,")'),
    "quote-spacing": ("error", 'no space before an opening or after a closing quotation '
                               'mark ("said‘The"), or a space inside one ("“ word")'),
    "unbalanced": ("error", "a bracket or quotation mark opened and not closed, or closed "
                            "and not opened, within one paragraph"),
    "name-variants": ("warning", 'one name spelt two ways in a release ("Tokayev"/"Tokaev", '
                                 '"PEN International"/"PEN international"), or a glossary '
                                 "term's spelling variant"),
    "long-sentence": ("warning", "a sentence longer than [check] source_max_words "
                                 f"(default {DEFAULT_MAX_WORDS}) words"),
    "number-format": ("warning", 'numbers written two ways in one release: "1,000" and '
                                 '"1000", "10 per cent" and "10%"'),
}

#: Given words, returns those the English dictionaries do not know.
Unknown = Callable[[Iterable[str]], set[str]]


@dataclass(frozen=True)
class SourceFinding:
    """One problem in a release's source: ``file:line`` opens it in an editor."""

    file: str
    line: int
    release: str
    check: str
    severity: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def english_words(source: str, glossary_dir: Path) -> tuple[Unknown | None, str]:
    """What the en_US and en_GB Hunspell dictionaries (either) and the project's word list
    ``glossary/spelling.en.txt`` do not know, or None and why not (a note for the report).

    British and American spellings are both correct in a release ("honour", "honor").
    """
    if source.split("_")[0].split("-")[0].lower() != "en":
        return None, f"run-together: the source language is {source}, not English"
    accepted = accepted_words(glossary_dir, "en")
    spellers = []
    for region in ("en_US", "en_GB"):
        speller, why = Speller.for_lang(region, accepted=accepted)
        if speller is None:
            return None, f"run-together: {why}"
        if speller.dictionary.name == region:
            spellers.append(speller)
    if not spellers:
        return None, ("run-together: no en_US or en_GB Hunspell dictionary "
                      "(apt-get install hunspell-en-us)")

    def unknown(words: Iterable[str]) -> set[str]:
        words = list(words)
        rejected = set(words)
        try:
            for speller in spellers:
                rejected &= speller.rejected(words)
        except (OSError, subprocess.SubprocessError):
            return set()
        return rejected

    return unknown, ""


# --------------------------------------------------------------------------- the text

@dataclass
class _Block:
    """A paragraph (heading, list item, …) as plain text: its sentences without inline
    markup, joined by the spacing found between them in the source."""

    kind: str = ""
    text: str = ""
    starts: list[int] = field(default_factory=list)  # offset of each segment in text
    segments: list[Segment] = field(default_factory=list)
    cleans: list[str] = field(default_factory=list)


def _clean(msgid: str) -> str:
    """A msgid without placeholders: paired tags vanish, a standalone one (a link, a URL)
    reads as a word."""
    return PLACEHOLDER_RE.sub(lambda m: "X" if m.group(3) else "", msgid)


def _blocks(document: Document) -> list[_Block]:
    owner = {id(s): i for i, b in enumerate(document.blocks) for s in b.segments}
    blocks = [_Block(b.kind) for b in document.blocks]
    between = ""  # skeleton since the last segment
    for part in document.parts:
        if isinstance(part, str):
            between += part
            continue
        block = blocks[owner[id(part)]]
        if block.segments and between:  # "end.Next" stays joined: a missing space
            # lines of an address or a signature stay lines: "Speaker of Parliament" then
            # "Parliament Building" is no doubled word
            block.text += "\n" if "\n" in between or "\r" in between else " "
        block.starts.append(len(block.text))
        block.segments.append(part)
        block.cleans.append(_clean(part.msgid))
        block.text += block.cleans[-1]
        between = ""
    return blocks


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def _line(block: _Block, offset: int) -> int:
    """The source line of ``offset`` in a block's text: the segment's first line, plus the
    line breaks in its raw source before the same word."""
    n = max(bisect.bisect_right(block.starts, offset) - 1, 0)
    segment, clean = block.segments[n], block.cleans[n]
    local = max(offset - block.starts[n], 0)
    word = _WORD.search(clean, local)
    if word is None or "\n" not in segment.raw and "\r" not in segment.raw:
        return segment.line
    token = re.compile(rf"(?<!\w){re.escape(word.group())}(?!\w)")
    nth = len(token.findall(clean[:word.start()]))
    found = list(token.finditer(segment.raw))
    if nth >= len(found):
        return segment.line
    return segment.line + len(_NEWLINE.findall(segment.raw[:found[nth].start()]))


class _Report:
    def __init__(self, file: str, release: str) -> None:
        self.file, self.release = file, release
        self.findings: list[SourceFinding] = []

    def add(self, check: str, block: _Block, offset: int, message: str) -> None:
        self.findings.append(SourceFinding(self.file, _line(block, offset), self.release,
                                           check, SOURCE_CHECKS[check][0], message))


def _snippet(text: str, start: int, end: int) -> str:
    """The words around text[start:end], for a message."""
    left = text.rfind(" ", 0, max(start - 1, 0)) + 1 if start else 0
    right = text.find(" ", min(end + 1, len(text)))
    return text[left: right if right != -1 else len(text)].strip()


# --------------------------------------------------------------------------- the checks

#: Doubles that are grammatical ("He had had enough", "that that is").
_GOOD_DOUBLES = frozenset({"had", "that"})
#: Plural quantity words: one cannot be followed by another quantity word.
_QUANTITIES = frozenset({"hundreds", "thousands", "millions", "billions", "dozens", "tens"})
_QUANTIFIERS = frozenset({"several", "many", "numerous"})
_AMOUNTS = _QUANTITIES | _QUANTIFIERS


_DOUBLE = re.compile(r"(?<![\w’'-])([^\W\d_]+)[^\S\n]+\1(?![\w’'-])", re.IGNORECASE)
_AMOUNT_WORDS = "|".join(sorted(_AMOUNTS))
_AMOUNT_PAIR = re.compile(rf"(?<![\w’'-])({_AMOUNT_WORDS})[^\S\n]+({_AMOUNT_WORDS})(?![\w’'-])",
                          re.IGNORECASE)


def _doubled(block: _Block, report: _Report) -> None:
    for m in _DOUBLE.finditer(block.text):
        word = m.group(1).lower()
        if word not in _GOOD_DOUBLES and (len(word) > 1 or word == "a"):
            report.add("doubled-word", block, m.start(), f'doubled word: "{m.group()}"')
    for m in _AMOUNT_PAIR.finditer(block.text):
        first, second = m.group(1).lower(), m.group(2).lower()
        if first != second and not (first in _QUANTIFIERS and second in _QUANTITIES):
            report.add("doubled-word", block, m.start(),
                       f'two quantity words in a row: "{m.group()}" (one is left over)')


_PUNCT_AFTER = re.compile(r"[^\W\d_]{2}[,;:][^\W\d_]|[a-z]{2}[.!?][A-Z][a-z]")
_PUNCT_BEFORE = re.compile(r"[\w)\]’”] +[,;:!?](?![\w!?])|[\w)\]’”] +\.(?=\s|$)")


def _punctuation(block: _Block, report: _Report) -> None:
    for m in _PUNCT_AFTER.finditer(block.text):
        mark = m.group()[2]
        report.add("punctuation-spacing", block, m.start(),
                   f'no space after "{mark}": "{_snippet(block.text, m.start(), m.end())}"')
    for m in _PUNCT_BEFORE.finditer(block.text):
        mark = m.group()[-1]
        report.add("punctuation-spacing", block, m.start(),
                   f'space before "{mark}": "{_snippet(block.text, m.start(), m.end())}"')


_OPENING = "“‘"
_CLOSING = "”"
_QUOTE_ISSUES = re.compile(r"[\w.,;:!?][“‘](?=\w)|”[^\W_]|[“‘]\s|\s”(?=[\s.,;:!?)]|$)")


def _straight_quotes(text: str) -> Iterator[tuple[int, bool]]:
    """Each straight double quote of a paragraph with an even number of them, as
    (offset, opening): they alternate."""
    found = [m.start() for m in re.finditer('"', text)]
    if len(found) % 2:
        return
    for n, offset in enumerate(found):
        yield offset, n % 2 == 0


def _quotes(block: _Block, report: _Report) -> None:
    text = block.text
    for m in _QUOTE_ISSUES.finditer(text):
        piece = m.group()
        if piece[0] == "”" or piece[-1] == "”":
            what = ("no space after the closing quotation mark" if piece[0] == "”"
                    else "space before the closing quotation mark")
        elif piece[1:2] in _OPENING and not piece[0].isspace():
            what = "no space before the opening quotation mark"
        else:
            what = "space after the opening quotation mark"
        report.add("quote-spacing", block, m.start(),
                   f'{what}: "{_snippet(text, m.start(), m.end())}"')
    for offset, opening in _straight_quotes(text):
        before = text[offset - 1] if offset else " "
        after = text[offset + 1] if offset + 1 < len(text) else " "
        what = ""
        if opening and re.match(r"[\w.,;:!?]", before):
            what = "no space before the opening quotation mark"
        elif opening and after.isspace():
            what = "space after the opening quotation mark"
        elif not opening and re.match(r"[^\W_]", after):
            what = "no space after the closing quotation mark"
        elif not opening and before.isspace():
            what = "space before the closing quotation mark"
        if what:
            report.add("quote-spacing", block, offset,
                       f'{what}: "{_snippet(text, offset, offset + 1)}"')


_PAIRS = {")": "(", "]": "[", "}": "{"}
_MARKS = re.compile("[][(){}“”‘’]")
#: "1)", "b)", "iv)": a point of a list, no bracket ("a) first; b) second").
_LIST_MARK = re.compile(r"(?<![^\s(\[])(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})\)")


def _unbalanced(block: _Block, following: str, report: _Report) -> None:
    text = block.text
    stack: list[tuple[str, int]] = []
    listed = {m.end() - 1 for m in _LIST_MARK.finditer(text)}
    marks = [(m.start(), m.group()) for m in _MARKS.finditer(text)]
    for offset, char in marks:
        if char in "([{":
            stack.append((char, offset))
        elif char in _PAIRS:
            if stack and stack[-1][0] == _PAIRS[char]:
                stack.pop()
            elif offset not in listed:
                report.add("unbalanced", block, offset,
                           f'"{char}" closes nothing: "{_snippet(text, offset, offset + 1)}"')
                return
    if stack:
        char, offset = stack[0]
        report.add("unbalanced", block, offset,
                   f'"{char}" is never closed: "{_snippet(text, offset, offset + 1)}"')
        return
    # A quotation running over several paragraphs opens each and closes the last one.
    continued = following[:1]
    depth, first = 0, -1
    for offset, char in marks:
        if char == "“":
            depth, first = depth + 1, offset if depth == 0 else first
        elif char == "”":
            if depth == 0:
                report.add("unbalanced", block, offset,
                           f'"”" closes no quotation: "{_snippet(text, offset, offset + 1)}"')
                return
            depth -= 1
    if depth and continued != "“":
        report.add("unbalanced", block, first,
                   f'"“" is never closed: "{_snippet(text, first, first + 1)}"')
        return
    # ’ is also the apostrophe ("voters’ ability"): only an opening ‘ with no possible
    # closing ’ after it is surely unbalanced.
    open_at = -1
    for offset, char in marks:
        if char == "‘" and not text[offset + 1: offset + 2].isdigit():  # ‘90s
            if open_at < 0:
                open_at = offset
        elif char == "’" and open_at >= 0:
            inside = text[offset + 1: offset + 2].isalpha() and text[offset - 1].isalpha()
            if not inside:
                open_at = -1
    if open_at >= 0 and continued != "‘":
        report.add("unbalanced", block, open_at,
                   f'"‘" is never closed: "{_snippet(text, open_at, open_at + 1)}"')
        return
    if text.count('"') % 2 and continued != '"':
        offset = text.rfind('"')
        report.add("unbalanced", block, offset,
                   f'"\\"" has no partner: "{_snippet(text, offset, offset + 1)}"')


def _long(block: _Block, max_words: int, report: _Report) -> None:
    for start, clean in zip(block.starts, block.cleans):
        count = len(re.findall(r"\w+(?:['’.,-]\w+)*", clean))
        if count > max_words:
            report.add("long-sentence", block, start,
                       f"sentence of {count} words (more than {max_words}): split it for "
                       f"translators and engines ({clean[:40].rstrip()}…)")


# Words that may start a two-word split: common short words ("alot" → "a lot").
_SHORT_WORDS = frozenset({"a", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in",
                          "is", "it", "me", "my", "no", "of", "on", "or", "so", "to", "up",
                          "us", "we"})


def _splits(word: str) -> Iterator[tuple[str, str]]:
    for n in range(1, len(word)):
        left, right = word[:n], word[n:]
        if (len(left) >= 3 or left in _SHORT_WORDS) and (len(right) >= 3
                                                          or right in _SHORT_WORDS):
            yield left, right


def _run_together(blocks: Sequence[_Block], unknown: Unknown, report: _Report) -> None:
    """Lower-case words (or a capitalised one opening a sentence) the dictionaries do not
    know that are two known words once split: "severallocal" → "several local"."""
    where: dict[str, tuple[_Block, int]] = {}
    capitalised: dict[str, str] = {}  # "monday" -> "Monday", as it opened a sentence
    for block in blocks:
        starts = set(block.starts)
        for m in _WORD.finditer(block.text):
            word = m.group()
            if "’" in word or "'" in word or len(word) < 6:
                continue
            if word.islower() or (word[0].isupper() and word[1:].islower()
                                  and m.start() in starts):
                where.setdefault(word.lower(), (block, m.start()))
                if not word.islower():
                    capitalised.setdefault(word.lower(), word)
    strange = unknown(where)
    # A word the dictionary knows only capitalised ("Monday", "Kazakhstan") is a word.
    asked = {capitalised[w] for w in strange if w in capitalised}
    strange -= {w.lower() for w in asked - unknown(asked)}
    candidates = {w: list(_splits(w)) for w in strange}
    parts = {p for pairs in candidates.values() for pair in pairs for p in pair}
    bad_parts = unknown(parts)
    for word in sorted(strange, key=lambda w: (where[w][1], w)):
        good = [(a, b) for a, b in candidates[word] if a not in bad_parts
                and b not in bad_parts]
        if good:
            a, b = max(good, key=lambda pair: min(len(pair[0]), len(pair[1])))
            if word in capitalised and min(len(a), len(b)) < 4:
                continue  # a name opening a sentence or a line: "Pieter" is no "pie ter"
            block, offset = where[word]
            report.add("run-together", block, offset,
                       f'"{block.text[offset:offset + len(word)]}" is not a word: '
                       f'"{a} {b}"?')


_NAME = re.compile(r"(?<![\w’'-])[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*(?![\w-])")


def _distance_one(a: str, b: str) -> bool:
    """Damerau–Levenshtein distance exactly 1 (one letter added, dropped, changed or two
    swapped)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    return a[i + 1:] == b[i + 1:] or (i + 1 < len(a) and a[i] == b[i + 1]
                                      and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:])


def _plural_of(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    return long_ in (short + "s", short + "es") or (short.endswith("y")
                                                     and long_ == short[:-1] + "ies")


def _names(blocks: Sequence[_Block], unknown: Unknown | None, report: _Report) -> None:
    """A capitalised word and another one letter away ("Tokaev", "Tokayev") where the
    dictionaries do not know both: one name spelt two ways."""
    seen: dict[str, list[tuple[_Block, int]]] = {}
    for block in blocks:
        starts = set(block.starts)
        for m in _NAME.finditer(block.text):
            if m.start() not in starts:  # a sentence's first word need not be a name
                seen.setdefault(m.group(), []).append((block, m.start()))
    names = sorted((n for n in seen if len(n) >= 5), key=len)
    known = set(names) - (unknown(names) if unknown else set(names))
    by_length: dict[int, list[str]] = {}
    for name in names:
        by_length.setdefault(len(name), []).append(name)
    for a in names:
        for b in by_length.get(len(a), []) + by_length.get(len(a) + 1, []):
            if a >= b and len(a) == len(b) or not _distance_one(a, b) or _plural_of(a, b):
                continue
            if a in known and b in known:
                continue
            rare, usual = sorted((a, b), key=lambda n: (len(seen[n]), -seen[n][0][1]))
            block, offset = seen[rare][0]
            lines = sorted({_line(bl, o) for bl, o in seen[usual]})
            report.add("name-variants", block, offset,
                       f'"{rare}" here, "{usual}" at line {", ".join(map(str, lines))}: '
                       "one name spelt two ways?")
    _name_case(blocks, report)


_PAIR = re.compile(r"(?<![\w’'-])([A-Z][\w-]*) +([A-Za-z][a-z]+)(?=[\s.,;:!?’”‘“)]|$)")
_SENTENCE_OPENERS = " ‘“'\"(["


#: Blocks written in title case: "Peaceful Protests" there is no name.
_TITLE_CASE = frozenset({"title", "heading"})


def _name_case(blocks: Sequence[_Block], report: _Report) -> None:
    """A name's last word written with a capital and without: "PEN International" and
    "PEN international", when it ends the name both times."""
    pairs: dict[tuple[str, str], list[tuple[_Block, int]]] = {}
    for block in blocks:
        if block.kind in _TITLE_CASE:
            continue
        openings = {s + len(c) - len(c.lstrip(_SENTENCE_OPENERS))
                    for s, c in zip(block.starts, block.cleans)}
        for m in _PAIR.finditer(block.text):
            if m.start() in openings:
                continue
            after = block.text[m.end():].lstrip()
            if after[:1].isupper() and not m.group(2)[0].isupper():
                continue
            if m.group(2)[0].isupper() and after[:1].isupper():
                continue  # "UN Human Rights": the name goes on
            pairs.setdefault((m.group(1), m.group(2)), []).append((block, m.start(2)))
    for (first, word), places in pairs.items():
        if not word[0].islower():
            continue
        capital = (first, word.capitalize())
        if capital in pairs:
            block, offset = places[0]
            lines = sorted({_line(b, o) for b, o in pairs[capital]})
            report.add("name-variants", block, offset,
                       f'"{first} {word}" here, "{first} {capital[1]}" at line '
                       f'{", ".join(map(str, lines))}')


def _form_regex(form: str) -> str:
    words = [re.escape(w).replace(r"\-", "[-‐‑]").replace("’", "['’]").replace("'", "['’]")
             for w in form.split()]
    return r"\s+".join(words)


def _glossary_variants(blocks: Sequence[_Block], glossary: Glossary, report: _Report) -> None:
    """A glossary term's spelling variant ("Tokaev" for Tokayev), or a variant where the
    release also uses the term itself."""
    text = "\n".join(b.text for b in blocks)
    for term in glossary:
        for variant in term.variants:
            close = _close_spelling(variant, term.term)
            if not close and not re.search(rf"(?<!\w){_form_regex(term.term)}", text,
                                           0 if term.case_sensitive else re.IGNORECASE):
                continue
            _report_variant(blocks, term, variant, close, report)


def _close_spelling(a: str, b: str) -> bool:
    """Two spellings at most two letters apart (``Kazak``, ``Kazakh``), case aside."""
    a, b = a.lower(), b.lower()
    if a == b:
        return False
    if _distance_one(a, b):
        return True
    return any(_distance_one(a[:i] + a[i + 1:], b) for i in range(len(a)))


def _report_variant(blocks: Sequence[_Block], term: Term, variant: str, close: bool,
                    report: _Report) -> None:
    pattern = re.compile(rf"(?<!\w){_form_regex(variant)}(?:e?s)?(?:['’]s?)?(?!\w)")
    for block in blocks:
        for m in pattern.finditer(block.text):
            how = "a misspelling?" if close else "this release also writes the term itself"
            where = f"{Path(term.source).name}:{term.line}" if term.line else "glossary"
            report.add("name-variants", block, m.start(),
                       f'"{m.group()}": the glossary writes "{term.term}" ({how}; {where})')
            return


_SEPARATED = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,]|\.\d)")
# Not a group of a telephone number or a code: "+44 (0)20 7405 0338", "0338".
_PLAIN = re.compile(r"(?<![\w.,/+-])(?<![\d)] )[1-9]\d{3,}(?![\w/-]|[.,]\d| \d)")
_PERCENT_SIGN = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*\s?%")
_PERCENT_WORD = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*\s+(per\s?cent)\b", re.IGNORECASE)
#: A number from 1000 to 2100 is read as a year unless a word before it says it counts.
_COUNT_CUES = frozenset({"almost", "about", "around", "over", "some", "nearly", "than",
                         "least", "approximately", "roughly", "only", "just", "another",
                         "additional", "estimated", "more", "fewer", "exactly"})


def _numbers(blocks: Sequence[_Block], report: _Report) -> None:
    styles: dict[str, list[tuple[_Block, int, str]]] = {}
    for block in blocks:
        text = block.text
        for m in _SEPARATED.finditer(text):
            styles.setdefault("1,000", []).append((block, m.start(), m.group()))
        for m in _PLAIN.finditer(text):
            value = int(m.group())
            before = re.findall(r"[A-Za-z]+", text[max(0, m.start() - 20):m.start()])
            if 1000 <= value <= 2100 and not (before and before[-1].lower() in _COUNT_CUES):
                continue
            styles.setdefault("1000", []).append((block, m.start(), m.group()))
        for m in _PERCENT_SIGN.finditer(text):
            styles.setdefault("%", []).append((block, m.start(), m.group()))
        for m in _PERCENT_WORD.finditer(text):
            key = "per cent" if " " in m.group(1) else "percent"
            styles.setdefault(key, []).append((block, m.start(), m.group()))
    for group in (("1,000", "1000"), ("%", "per cent", "percent")):
        used = [s for s in group if s in styles]
        if len(used) < 2:
            continue
        usual = max(used, key=lambda s: (len(styles[s]), -group.index(s)))
        first = styles[usual][0]
        for style in used:
            if style == usual:
                continue
            for block, offset, found in styles[style]:
                report.add("number-format", block, offset,
                           f'"{found}" here, "{first[2]}" at line {_line(first[0], first[1])}: '
                           "write numbers one way")


# --------------------------------------------------------------------------- entry point

def learn_words(documents: Iterable[Document], unknown: Unknown) -> None:
    """Ask the dictionaries about every word of many releases at once (and about the
    pieces of those they do not know), so that checking each release sends nothing more:
    two hunspell calls per dictionary for a whole run instead of two per release."""
    found = {m.group() for d in documents for s in d.segments
             for m in _WORD.finditer(_clean(s.msgid)) if len(m.group()) >= 5}
    words = {w.lower() for w in found if len(w) >= 6} | {n for n in found if _NAME.fullmatch(n)}
    strange = unknown(words)
    unknown({p for w in strange for pair in _splits(w) for p in pair})



def check_document(document: Document, *, file: str, release: str,
                   unknown: Unknown | None = None, glossary: Glossary | None = None,
                   max_words: int = DEFAULT_MAX_WORDS) -> list[SourceFinding]:
    """Run every source check on one parsed release.

    Args:
        document: The release, parsed (``l10n.documents.parse_document``).
        file: Its path as findings name it (workspace-relative).
        release: Its name.
        unknown: Returns the words the English dictionaries do not know; without it
            "run-together" does not run and "name-variants" treats every word as a name.
        glossary: Its terms' spelling variants are looked for.
        max_words: The longest sentence that is not reported.

    Returns:
        The findings in line order (then check order).
    """
    report = _Report(file, release)
    blocks = [b for b in _blocks(document) if b.segments]
    for n, block in enumerate(blocks):
        following = blocks[n + 1].text if n + 1 < len(blocks) else ""
        _doubled(block, report)
        _punctuation(block, report)
        _quotes(block, report)
        _unbalanced(block, following, report)
        _long(block, max_words, report)
    if unknown is not None:
        _run_together(blocks, unknown, report)
    _names(blocks, unknown, report)
    if glossary is not None:
        _glossary_variants(blocks, glossary, report)
    _numbers(blocks, report)
    order = list(SOURCE_CHECKS)
    unique = {(f.line, f.check, f.message): f for f in report.findings}
    return sorted(unique.values(), key=lambda f: (f.line, order.index(f.check), f.message))


def count_by_severity(findings: Iterable[SourceFinding]) -> Counter[str]:
    """How many findings of each severity."""
    return Counter(f.severity for f in findings)
