"""Sentence segmentation: where one sentence of a block ends and the next begins.

pysbd does the language-aware work (abbreviations, decimals, initials, quotations);
two repairs follow it, both about quotation marks:

* a piece holding no letter or digit (a closing quote pysbd cut off, as in
  ``…power.’``) is glued back onto the sentence before it;
* a quotation that ends a sentence (``…society.’ Despite…``, ``« Non. » Puis…``) ends the
  sentence too when the next word starts with a capital letter; pysbd misses this for
  single curly quotes and guillemets.

pysbd's running time grows faster than its input (with the number of sentences and of
abbreviations), so a block longer than `MAX_BLOCK` characters, which no press release
has, is split in overlapping windows of that size (see `split_sentences`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pysbd
import pysbd.languages

from l10n.workspace.fsutil import atomic_write

# Bump when the splitting rules change: cached boundaries of older rules are dropped.
RULES_VERSION = f"3/pysbd-{pysbd.__version__}"
_stored: dict[str, list[int]] = {}  # block digest -> cuts, loaded by sentence_cache()

# Blocks up to this many characters go to pysbd whole; a longer one in windows.
MAX_BLOCK = 3000
_MARGIN = 500  # a window's cuts this close to its end may lack context: not kept
_CLOSERS = "’”»"
_CLOSING_QUOTE_END = re.compile(r"[.!?…]\s?[’”»\"']+(\s+)(?=[«“‘\"']?[^\W\d_])")


@lru_cache(maxsize=None)
def _segmenter(lang: str) -> pysbd.Segmenter:
    code = lang.split("_")[0].split("-")[0].lower()
    if code not in pysbd.languages.LANGUAGE_CODES:
        code = "en"
    return pysbd.Segmenter(language=code, clean=False)


def split_sentences(text: str, lang: str = "en") -> list[int]:
    """Return the offsets in ``text`` where a new sentence starts (0 excluded).

    Each sentence keeps the whitespace that follows it, so the pieces
    ``text[a:b]`` for consecutive cuts cover the whole text.

    >>> text = "Mr. Smith paid $3.50. He left."
    >>> cuts = split_sentences(text)
    >>> [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    ['Mr. Smith paid $3.50. ', 'He left.']

    A block longer than `MAX_BLOCK` is split window by window: each window of
    `MAX_BLOCK` characters starts where a sentence starts, and its cuts up to
    `_MARGIN` before its end are kept (pysbd decides from a few words around a
    boundary, so these are the cuts it would make in the whole block); the next window
    starts at the last of them. A window with no such cut (one endless "sentence")
    is followed by one starting at a space near its end, or at its end.
    """
    if len(text) <= MAX_BLOCK:
        return list(_cached_cuts(text, lang))
    cuts: list[int] = []
    start = 0
    while len(text) - start > MAX_BLOCK:
        keep = [c for c in _cached_cuts(text[start : start + MAX_BLOCK], lang)
                if c <= MAX_BLOCK - _MARGIN]
        if keep:
            cuts.extend(start + c for c in keep)
            start += keep[-1]
        else:
            space = text.rfind(" ", start + MAX_BLOCK - _MARGIN, start + MAX_BLOCK)
            start = space + 1 if space > 0 else start + MAX_BLOCK
    cuts.extend(start + c for c in _cached_cuts(text[start:], lang))
    return cuts


@contextmanager
def sentence_cache(path: Path) -> Iterator[None]:
    """Keep sentence boundaries of the blocks seen in a file between runs.

    pysbd is the costliest step of ingesting; a revised release mostly repeats
    paragraphs already split, and their boundaries are read back instead. The file is
    written when the block ends without an exception only: a failed run changes nothing.
    """
    global _stored
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        stored = data["blocks"] if data.get("rules") == RULES_VERSION else {}
    except (OSError, ValueError, KeyError, TypeError):
        stored = {}  # a missing or damaged cache only costs time
    before = len(stored)
    _stored = stored
    try:
        yield
    finally:
        _stored = {}
    if len(stored) != before:
        atomic_write(path, json.dumps({"rules": RULES_VERSION, "blocks": stored},
                                      separators=(",", ":")))


def _digest(text: str, lang: str) -> str:
    return hashlib.blake2b(f"{lang}\x1f{text}".encode(), digest_size=12).hexdigest()


@lru_cache(maxsize=65536)
def _cached_cuts(text: str, lang: str) -> tuple[int, ...]:
    if not any(ch in text for ch in ".!?…;:"):
        return ()  # no sentence-final punctuation: one sentence, pysbd not needed
    key = _digest(text, lang)
    found = _stored.get(key)
    if isinstance(found, list) and all(isinstance(c, int) and 0 < c < len(text) for c in found):
        return tuple(found)
    cuts = _compute_cuts(text, lang)
    _stored[key] = list(cuts)
    return cuts


def _compute_cuts(text: str, lang: str) -> tuple[int, ...]:
    ends = _pysbd_ends(text, lang)
    cuts: list[int] = []
    start = 0
    for end in ends:
        piece = text[start:end]
        if cuts and not any(ch.isalnum() for ch in piece):
            cuts.pop()  # a stray closing quote or bracket: back to its sentence
        cuts.append(end)
        start = end
    cuts = [_after_closing_quote(text, cut) for cut in cuts]
    if cuts and cuts[-1] >= len(text):
        cuts.pop()
    cuts.extend(_quote_ends(text, cuts))
    return tuple(sorted(c for c in set(cuts) if 0 < c < len(text)))


def _pysbd_ends(text: str, lang: str) -> list[int]:
    """End offsets of pysbd's sentences, located in ``text`` itself."""
    ends: list[int] = []
    pos = 0
    # pysbd (clean=False) ends a sentence at every line break; a wrapped line is not
    # a sentence end. Spaces keep the offsets.
    flat = text.replace("\r", " ").replace("\n", " ")
    for sentence in _segment(_segmenter(lang), flat):
        found = flat.find(sentence.strip(), pos)
        if found < 0 or not sentence.strip():
            return []  # pysbd altered the text: trust no boundary rather than a wrong one
        pos = found + len(sentence.strip())
        while pos < len(text) and text[pos].isspace():
            pos += 1
        ends.append(pos)
    return ends


def _segment(segmenter: pysbd.Segmenter, text: str) -> list[str]:
    """``segmenter.segment(text)`` (``clean=False``), minus a quadratic step.

    pysbd locates each sentence by scanning the text from its start for every sentence
    (``Segmenter.sentences_with_char_spans``): ten thousand repeats of ``a. `` (30 KB)
    take 18 s of CPU. This takes the same matches in the same order, keeping one scan per
    distinct sentence and resuming it: pysbd's own scan skips every match that ends
    before the previous sentence, and that end only moves forward.
    """
    if not text:
        return []
    scans: dict[str, Iterator[tuple[int, int]]] = {}
    located: list[str] = []
    prior_end = 0
    for sentence in segmenter.processor(text).process():
        scan = scans.get(sentence)
        if scan is None:
            scan = scans[sentence] = _followed_by_space(text, sentence)
        for start, end in scan:
            if end > prior_end:
                located.append(text[start:end])
                prior_end = end
                break
    return located


def _followed_by_space(text: str, literal: str) -> Iterator[tuple[int, int]]:
    """The spans ``re.finditer(re.escape(literal) + "\\s*", text)`` yields, without
    compiling a pattern per sentence."""
    if not literal:
        yield from (m.span() for m in re.finditer(r"\s*", text))
        return
    pos = 0
    while (start := text.find(literal, pos)) >= 0:
        end = start + len(literal)
        while end < len(text) and text[end].isspace():
            end += 1
        yield start, end
        pos = end


def _after_closing_quote(text: str, cut: int) -> int:
    """Move a cut that would start a sentence with a closing quote past that quote."""
    end = cut
    while end < len(text) and text[end] in _CLOSERS:
        end += 1
    if end == cut or (end < len(text) and not text[end].isspace()):
        return cut
    while end < len(text) and text[end].isspace():
        end += 1
    return end


def _quote_ends(text: str, cuts: list[int]) -> list[int]:
    bounds = [0, *sorted(cuts), len(text)]
    extra: list[int] = []
    for start, end in zip(bounds, bounds[1:]):
        for m in _CLOSING_QUOTE_END.finditer(text, start, end):
            cut = m.end(1)
            if cut < end and _next_word_is_capitalised(text, cut):
                extra.append(cut)
    return extra


def _next_word_is_capitalised(text: str, pos: int) -> bool:
    for i in range(pos, len(text)):  # by index: no copy of the rest of the block
        ch = text[i]
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return False
    return False
