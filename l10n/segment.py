"""Sentence segmentation: where one sentence of a block ends and the next begins.

pysbd does the language-aware work (abbreviations, decimals, initials, quotations);
two repairs follow it, both about quotation marks:

* a piece holding no letter or digit (a closing quote pysbd cut off, as in
  ``…power.’``) is glued back onto the sentence before it;
* a quotation that ends a sentence (``…society.’ Despite…``, ``« Non. » Puis…``) ends the
  sentence too when the next word starts with a capital letter; pysbd misses this for
  single curly quotes and guillemets.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd
import pysbd.languages

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
    """
    return list(_cached_cuts(text, lang))


@lru_cache(maxsize=65536)
def _cached_cuts(text: str, lang: str) -> tuple[int, ...]:
    if not any(ch in text for ch in ".!?…;:"):
        return ()  # no sentence-final punctuation: one sentence, pysbd not needed
    ends = _pysbd_ends(text, lang)
    cuts: list[int] = []
    start = 0
    for end in ends:
        piece = text[start:end]
        if cuts and not any(ch.isalnum() for ch in piece):
            cuts.pop()  # a stray closing quote or bracket: back to its sentence
        cuts.append(end)
        start = end
    if cuts and cuts[-1] >= len(text):
        cuts.pop()
    cuts.extend(_quote_ends(text, cuts))
    return tuple(sorted(c for c in set(cuts) if 0 < c < len(text)))


def _pysbd_ends(text: str, lang: str) -> list[int]:
    """End offsets of pysbd's sentences, located in ``text`` itself."""
    ends: list[int] = []
    pos = 0
    for sentence in _segmenter(lang).segment(text):
        found = text.find(sentence.strip(), pos)
        if found < 0 or not sentence.strip():
            return []  # pysbd altered the text: trust no boundary rather than a wrong one
        pos = found + len(sentence.strip())
        while pos < len(text) and text[pos].isspace():
            pos += 1
        ends.append(pos)
    return ends


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
    for ch in text[pos:]:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return False
    return False
