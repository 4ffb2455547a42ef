"""Identify the language and script of a translation, telling Kazakh from Russian.

``detect`` first looks at the script and at the Kazakh-only Cyrillic letters
(ә ғ қ ң ө ұ ү һ і), and only then asks lingua-language-detector, restricted to the
candidate languages. langdetect cannot do this: it has no Kazakh profile and reports Kazakh
text as Russian (or Ukrainian), see ``tests/qa/test_langid.py``.

``answer_language`` judges a machine translation: it compares every candidate language
(all of the workspace's and the source's), and on texts too short for a model it still
tells Kazakh from Russian by their letters and little words ("Анықтама" is not Russian,
"Справочная информация" is not Kazakh).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

__all__ = ["answer_language", "detect", "is_language", "name_key", "same_name", "script_of",
           "short_language", "without_kept_words"]

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
# An e-mail address, matched in linear time: tried only where a run of its letters starts,
# and never given back (\S+@\S+\.\w+ takes cubic time on "a@a@a@…").
EMAIL_PATTERN = r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+"
# Not language: placeholders ({0}, %s, [X0X], <x id="0"/>), URLs, e-mails, numbers.
_NOISE = re.compile(
    r"\[\s*X\s*\d+\s*X\s*\]|<[^>]{0,80}>|\{[^{}]{0,40}\}|%(?:\(\w+\))?[-+ #0]*\d*(?:\.\d+)?[sdifr%]"
    r"|\b(?:https?://|www\.)\S+|" + EMAIL_PATTERN + r"|\d+(?:[.,:/-]\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019\u2011][^\W\d_]+)*")
# A run of letters and underscores: a word as ``without_kept_words`` compares them.
_RUN = re.compile(r"[^\W\d]+")


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


# Words that give a short Cyrillic text away: Russian prepositions, conjunctions and pronouns
# Kazakh does not have, and Kazakh postpositions and particles written without a Kazakh-only
# letter (those with one count anyway).
_RU_WORDS = frozenset(
    "и в во на что по с со к ко о об от из за для при до без под над как это этот эта эти "
    "его её ее их она они был была были было также который которая которое которые которых "
    "но или же ли бы уже ещё только после против между чтобы если так все всех свои своих "
    "более около через".split())
_KK_WORDS = frozenset(
    "мен бен пен деп туралы бойынша бар ол осы сол тек бері та те ма ме ба бе па пе еді екен "
    "емес жыл жылы немесе олар оны сайын ретінде байланысты кезде керек тиіс".split())
# Russian inflections Kazakh words do not end in (adjectives, participles, reflexive verbs).
_RU_ENDINGS = re.compile(
    r"(?:ая|ое|ые|ый|ого|ому|ыми|ими|ых|ться|тся|енн|ённ|ение|ения|ании|ание|ений)$")


def _kk_ru_evidence(words: list[str]) -> tuple[int, int]:
    """(Kazakh clues, Russian clues) in a list of Cyrillic words."""
    kk = ru = 0
    for word in words:
        lower = word.lower()
        if _KK_ONLY & set(word) or lower in _KK_WORDS:
            kk += 1
        elif lower in _RU_WORDS or (len(lower) >= 5 and _RU_ENDINGS.search(lower)):
            ru += 1
    return kk, ru


@lru_cache(maxsize=65536)  # the same source is checked in every target language
def _runs(source: str) -> frozenset[str]:
    return frozenset(_RUN.findall(source))


def without_kept_words(text: str, source: str, lang: str) -> str:
    """``text`` without the words it keeps from ``source``: names, acronyms, identifiers
    (``SYS_UID_MAX``, ``chroot``) say nothing about the language of the translation. In a
    Cyrillic-script language every Latin word from the source is such a word; in a
    Latin-script one only those in capitals are (others may be English left untranslated)."""
    if not source:
        return text
    kept = _runs(source)
    if kept.isdisjoint(_RUN.findall(text)):
        return text  # nothing kept (most translations): no script to look at
    # A Cyrillic answer without a Cyrillic word is English left as is, not kept names.
    cyrillic = _SCRIPT_OF.get(_code(lang)) == "Cyrillic" and any(
        script_of(w) == "Cyrillic" and len(w) > 1 for w in _WORD.findall(text))

    def drop(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in kept and (word.isupper() and len(word) > 1
                             or cyrillic and script_of(word) == "Latin"):
            return " "
        return word
    return _RUN.sub(drop, text)


def answer_language(text: str, lang: str, candidates: Sequence[str],
                    source: str = "") -> str | None:
    """The candidate a machine translation into ``lang`` reads as instead, or None.

    None means it reads as ``lang`` or nothing tells otherwise. Every candidate is
    compared (pass the workspace's languages and the source's), so an answer in another
    workspace language is caught. Words kept from ``source`` (names, acronyms) are left
    out of the judgement. Texts too short for ``is_language`` are still judged between
    Kazakh and Russian by the Kazakh-only letters and by words only one of the two
    languages has.

    >>> answer_language("Анықтама", "ru", ["en", "kk", "ru", "fr"])
    'kk'
    >>> answer_language("Справочная информация", "kk", ["en", "kk", "ru", "fr"])
    'ru'
    >>> answer_language("Мари Дюбуа", "kk", ["en", "kk", "ru", "fr"]) is None
    True
    """
    pool = list(candidates) if any(_code(c) == _code(lang) for c in candidates) else [
        *candidates, lang]
    text = without_kept_words(text, source, lang)
    verdict = is_language(text, lang, pool)
    if verdict is True:
        return None
    if verdict is False:
        found = detect(text, pool)
        return found if found is not None and _code(found) != _code(lang) else None
    given = {_code(c): c for c in pool}
    base = _code(lang)
    if not {"kk", "ru"} <= set(given) or base not in ("kk", "ru"):
        return None
    cleaned = _clean(text)
    words = [w for w in _WORD.findall(cleaned) if script_of(w) == "Cyrillic"]
    if not words or script_of(cleaned) != "Cyrillic":
        return None
    kk, ru = _kk_ru_evidence(words)
    if base == "kk" and ru and not kk:
        return given["ru"]
    if base == "ru" and kk and not ru:
        return given["kk"]
    return None


# -- names across scripts: Tokayev, Токаевтың and Tokaïev are one name --------------------------

# Each consonant's class; vowels (and й, ъ, ь) have none: transliterations disagree on vowels
# (Kassym, Қасым; Yevgeniy, Евгений) far more than on consonants. ж, zh, j and g are one class
# (Zhomart, Jomart; Geneva, Женева).
_CYRILLIC_KEY = dict(zip("бвгғджзклмнңпрстфхһцчшщқ", "BVGGDGZKLMNNPRSTFHHSCSSK", strict=True))
_LATIN_DIGRAPHS = re.compile(r"dzh|dj|zh|kh|sch|sh|tch|ch|ts|tz|ph|th|ck|[^aeiouy]")
_LATIN_KEY = {"dzh": "G", "dj": "G", "zh": "G", "j": "G", "kh": "H", "sch": "S", "sh": "S",
              "tch": "C", "ch": "C", "ts": "S", "tz": "S", "ph": "F", "th": "T", "ck": "K",
              "c": "K", "q": "K", "x": "KS", "w": "V"}


@lru_cache(maxsize=65536)
def name_key(word: str) -> str:
    """A rough consonant skeleton of a name in Latin or Cyrillic letters: the same for its
    spellings in English, French, Russian and Kazakh, inflections added at the end.

    >>> name_key("Tokayev"), name_key("Тоқаевтың"), name_key("Tokaïev")
    ('TKV', 'TKVTN', 'TKV')
    >>> name_key("Zhanaozen") == name_key("Жаңаөзен")
    True
    """
    text = "".join(c for c in unicodedata.normalize("NFKD", word.lower())
                   if not unicodedata.combining(c))
    out: list[str] = []
    if script_of(text) == "Cyrillic":
        out = [_CYRILLIC_KEY[c] for c in text if c in _CYRILLIC_KEY]
    else:
        for m in _LATIN_DIGRAPHS.finditer(text):
            part = m.group()
            if part == "c" and text[m.end():m.end() + 1] in ("e", "i", "y"):
                out.append("S")  # Cyril, Facebook
            elif part.isalpha():
                out.append(_LATIN_KEY.get(part, part.upper()))
    key = "".join(out)
    return re.sub(r"(.)\1+", r"\1", key)


def same_name(key: str, word_key: str) -> bool:
    """Whether a word (its ``name_key``) writes the name with key ``key``, maybe inflected
    (a suffix) or spelt a little differently (one consonant: Shymkent, Chymkent)."""
    if len(key) < 2:
        return False
    if word_key.startswith(key):
        return True
    # One consonant more, less or other, in names long enough for that to leave them
    # recognisable (and, below five consonants, with the same first one).
    if len(key) < 4 or len(key) < 5 and key[0] != word_key[:1]:
        return False
    from rapidfuzz.distance import Levenshtein

    return any(Levenshtein.distance(key, word_key[:n]) <= 1
               for n in (len(key) - 1, len(key), len(key) + 1))


# -- short texts: a heading left in another workspace language --------------------------------

# Little words that give a short text away, each a word of one of the languages only.
_CLUE_WORDS = {
    "ru": _RU_WORDS | frozenset("для у мы вы наш наши ваш кто где когда нет тоже ещё всё "
                                "про перед среди".split()),
    "kk": _KK_WORDS | frozenset("үшін арналған жөнінде кейін дейін арқылы бірге сияқты "
                                "жалпы болды болып және мен".split()),
    "fr": frozenset("le la les des du de un une et à au aux pour par sur dans avec est sont "
                    "qui que ce cette ces sa ses leur leurs nous vous il elle ils elles ne pas "
                    "été ont ou où selon contre entre après avant sans sous vers chez lors "
                    "depuis".split()),
    "en": frozenset("the of and to in for on with by from at is are was were that this these "
                    "those be been has have had it its their our we you they he she will "
                    "would should must which who what when where how about after before "
                    "during into".split()),
}
_FR_LETTERS = frozenset("éèêëàâçùûîïôœÉÈÊÀÇÔ")
#: ``short_language`` judges texts of at most this many words (a heading, a caption); a
#: longer text of capitalised words only is a list of names.
SHORT_MAX_WORDS = 12


def _clue_language(word: str) -> str | None:
    """The language a word of a short text points to, if any."""
    lower = word.lower()
    if script_of(word) == "Cyrillic":
        if _KK_ONLY & set(word) or lower in _CLUE_WORDS["kk"]:
            return "kk"
        if lower in _CLUE_WORDS["ru"] or (len(lower) >= 5 and _RU_ENDINGS.search(lower)):
            return "ru"
        return None
    if lower in _CLUE_WORDS["fr"] or _FR_LETTERS & set(word):
        return "fr"
    return "en" if lower in _CLUE_WORDS["en"] else None


def _kept_from(source: str) -> tuple[set[str], set[str]]:
    """(words of ``source`` in lower case, name keys of its capitalised words)."""
    words = _WORD.findall(_clean(source))
    names = {name_key(w) for w in words if w[:1].isupper()}
    return {w.lower() for w in words}, {k for k in names if len(k) >= 2}


def short_language(text: str, lang: str, candidates: Sequence[str],
                   source: str = "") -> tuple[str, list[str]] | None:
    """The candidate a text too short for ``is_language`` is written in instead of ``lang``,
    judged by letters (the Kazakh-only ә ғ қ ң ө ұ ү һ і, French accents) and by little words
    only one language has (ru для, kk үшін, fr pour, en the), and the words that told.

    Words the translation keeps from ``source`` (names, copied or transliterated, acronyms)
    tell nothing; a text with a clue of its own language, or with no clue, is not judged.
    Long texts are left to the model (None).

    >>> short_language("Основные выводы", "kk", ["kk", "ru", "fr", "en"])
    ('ru', ['Основные'])
    >>> short_language("Шолу", "kk", ["kk", "ru"]) is None   # no clue either way
    True
    """
    if not _too_short(text) or len(_WORD.findall(text)) > SHORT_MAX_WORDS:
        return None
    given = {_code(c): c for c in candidates}
    base = _code(lang)
    copied, names = _kept_from(source) if source else (set(), set())
    cyrillic = _SCRIPT_OF.get(base) == "Cyrillic"
    clues: dict[str, list[str]] = {}
    for word in _WORD.findall(_clean(text)):
        if len(word) > 1 and word.isupper():
            continue  # an acronym
        if (word[:1].isupper() or cyrillic and script_of(word) == "Latin") and (
                word.lower() in copied or any(same_name(k, name_key(word)) for k in names)):
            continue  # a name or a term kept from the source
        found = _clue_language(word)
        if found is not None:
            clues.setdefault(found, []).append(word)
    if base in clues:
        return None
    others = [(len(words), code) for code, words in clues.items() if code in given]
    if not others:
        return None
    best = max(others)[1]
    return given[best], clues[best]
