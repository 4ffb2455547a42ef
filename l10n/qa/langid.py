"""Identify the language and script of a translation, telling Kazakh from Russian.

``detect`` first looks at the script and at the Kazakh-only Cyrillic letters
(ә ғ қ ң ө ұ ү һ і), and only then asks lingua-language-detector, restricted to the
candidate languages. langdetect cannot do this: it has no Kazakh profile and reports Kazakh
text as Russian (or Ukrainian), see ``tests/qa/test_langid.py``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

__all__ = ["detect", "is_language", "script_of"]

_KK_ONLY = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
#: Share of Cyrillic words with a Kazakh-only letter above which a text is Kazakh.
KK_WORD_SHARE = 0.2
#: Below these a text is too short to judge (``is_language`` returns None).
MIN_WORDS, MIN_LETTERS = 3, 12
#: Texts shorter than this (in characters, placeholders removed) use lingua's high-accuracy
#: mode: low-accuracy mode misreads 3-word English fragments as French (3 of 10 in our corpus),
#: but its models load in ~0.1 s instead of ~2 s, and it is exact on sentence-length texts.
HIGH_ACCURACY_BELOW = 40

_SCRIPT_OF = {
    **dict.fromkeys(("kk", "ru", "uk", "be", "bg", "mk", "sr", "mn", "ky", "tg", "tt", "ba"),
                    "Cyrillic"),
    **dict.fromkeys(("en", "fr", "de", "es", "it", "pt", "nl", "tr", "pl", "uz", "az", "ro",
                     "cs", "sv", "da", "no", "nb", "fi", "et", "lv", "lt", "hu", "id", "ms"),
                    "Latin"),
    "ar": "Arabic", "fa": "Arabic", "ur": "Arabic", "he": "Hebrew", "el": "Greek",
    "zh": "Han", "ja": "Han", "ko": "Hangul", "hy": "Armenian", "ka": "Georgian",
}
# Not language: placeholders ({0}, %s, [X0X], <x id="0"/>), URLs, e-mails, numbers.
_NOISE = re.compile(
    r"\[\s*X\s*\d+\s*X\s*\]|<[^>]{0,80}>|\{[^{}]{0,40}\}|%(?:\(\w+\))?[-+ #0]*\d*(?:\.\d+)?[sdifr%]"
    r"|\b(?:https?://|www\.)\S+|\S+@\S+\.\w+|\d+(?:[.,:/-]\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019\u2011][^\W\d_]+)*")


def _code(lang: str) -> str:
    return re.split(r"[_\-@.]", lang.strip().lower(), maxsplit=1)[0]


def _clean(text: str) -> str:
    return _NOISE.sub(" ", text)


def _script_of_char(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first == "CJK":
        return "Han"
    return first.title() if first else None


def script_of(text: str) -> str | None:
    """The script most of the letters of ``text`` are written in, None if it has no letters.

    >>> script_of("Нұр-Сұлтан, 2019")
    'Cyrillic'
    >>> script_of("Tokaïev") , script_of("123 {0}")
    ('Latin', None)
    """
    counts = Counter(s for s in map(_script_of_char, text) if s)
    return counts.most_common(1)[0][0] if counts else None


def _kazakh_share(words: list[str]) -> float:
    cyrillic = [w for w in words if script_of(w) == "Cyrillic"]
    if not cyrillic:
        return 0.0
    return sum(1 for w in cyrillic if _KK_ONLY & set(w)) / len(cyrillic)


@lru_cache(maxsize=32)
def _detector(codes: frozenset[str], high: bool = False) -> tuple[Any, dict[Any, str]]:
    """A lingua detector for these languages, built once (lingua loads models lazily too)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs: dict[Any, str] = {}
    for code in codes:
        try:
            langs[Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))] = code
        except (AttributeError, ValueError):
            continue  # not a language lingua knows: it cannot be detected
    if len(langs) < 2:
        return None, langs
    builder = LanguageDetectorBuilder.from_languages(*langs)
    return (builder if high else builder.with_low_accuracy_mode()).build(), langs


def detect(text: str, candidates: Sequence[str]) -> str | None:
    """The candidate language ``text`` is most likely written in.

    Args:
        text: Any text; placeholders, URLs and numbers are ignored.
        candidates: Language ids ("kk", "ru", "fr", "en"; "kk_KZ" is read as "kk"). Include
            the source language if an untranslated segment should be recognised as such.

    Returns:
        One of ``candidates`` (as given), or None when the text has no letters or no candidate
        is written in its script (and none is unknown to us).
    """
    given = {_code(c): c for c in candidates}
    cleaned = _clean(text)
    words = _WORD.findall(cleaned)
    script = script_of(cleaned)
    if not words or script is None:
        return None
    pool = {c for c in given if _SCRIPT_OF.get(c, script) == script}
    if not pool:
        return None
    if len(pool) == 1:
        return given[next(iter(pool))]
    if "kk" in pool and script == "Cyrillic" and _kazakh_share(words) >= KK_WORD_SHARE:
        return given["kk"]
    joined = " ".join(words)
    detector, langs = _detector(frozenset(pool), len(joined) < HIGH_ACCURACY_BELOW)
    if detector is None:
        return given[next(iter(langs.values()))] if len(langs) == 1 else None
    found = detector.detect_language_of(joined)
    return given[langs[found]] if found is not None else None


def _too_short(text: str) -> bool:
    words = [w for w in _WORD.findall(_clean(text)) if len(w) >= 2]
    letters = sum(len(w) for w in words)
    if len(words) < MIN_WORDS or letters < MIN_LETTERS:
        return True
    # Names, acronyms and title-case headings only: nothing to tell a language by.
    return all(w[:1].isupper() for w in words)


def is_language(text: str, lang: str, candidates: Sequence[str]) -> bool | None:
    """Whether ``text`` is in ``lang`` rather than another candidate.

    Returns:
        True or False, or None when the text is too short to tell (fewer than 3 words or 12
        letters once placeholders, URLs and numbers are removed, or only capitalised words
        such as names) — so placeholders, names and numbers never raise a false alarm.

    >>> is_language("Касым-Жомарт Токаев", "kk", ["kk", "ru"]) is None
    True
    """
    if _too_short(text):
        return None
    pool = list(candidates) if any(_code(c) == _code(lang) for c in candidates) else [
        *candidates, lang]
    found = detect(text, pool)
    return None if found is None else _code(found) == _code(lang)
