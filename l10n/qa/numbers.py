"""Locale-aware matching of the source's numbers, percentages and dates in a translation."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel.core import UnknownLocaleError
from babel.dates import format_date, get_month_names
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

__all__ = ["SourceNumber", "missing_numbers", "source_numbers", "target_values"]

# Our inline placeholders and web addresses carry digits that are not numbers.
_NOISE_RE = re.compile(r"</?\d+/?>|\b(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_NON_DIGITS = re.compile(r"\D")
_PERCENT = re.compile(r"\s?%")
_SPACES = " \u00a0\u202f\u2009"

_EN_MONTHS = {
    "January": 1, "Jan": 1, "February": 2, "Feb": 2, "March": 3, "Mar": 3, "April": 4,
    "Apr": 4, "May": 5, "June": 6, "Jun": 6, "July": 7, "Jul": 7, "August": 8, "Aug": 8,
    "September": 9, "Sept": 9, "Sep": 9, "October": 10, "Oct": 10, "November": 11, "Nov": 11,
    "December": 12, "Dec": 12,
}
_MONTH = "(?P<m>" + "|".join(sorted(_EN_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_EN_DATES = [
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<y>\d{{4}})\b)?"),
    re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH}(?![\w])(?:,?\s+(?P<y>\d{{4}})\b)?"),
    re.compile(rf"\b{_MONTH}\s+(?P<y>\d{{4}})\b"),
]

# Month stems that take any case ending: ru genitive (июня) and prepositional (в июне),
# kk suffixes (маусымда, маусымның). Other languages use Babel's names, with any ending.
_MONTH_STEMS = {
    "ru": ("январ", "феврал", "март", "апрел", "ма[йяею]", "июн", "июл", "август", "сентябр",
           "октябр", "ноябр", "декабр"),
    "kk": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
           "қыркүйек", "қазан", "қараша", "желтоқсан"),
    "fr": ("janvier", "f[ée]vrier", "mars", "avril", "mai", "juin", "juillet", "ao[ûu]t",
           "septembre", "octobre", "novembre", "d[ée]cembre"),
}
_PERCENT_WORDS = re.compile(r"\s*(?:%|процент|пайыз|pour\s*cent|per\s*cent|percent)",
                            re.IGNORECASE)

# A date range sharing one month: "from 11 to 25 January", "11–25 January", "between 11 and
# 25 January", "January 11–25", "January 11 to 25, 2021". Both days are dates of that month.
_RANGE_LINK = r"\s*(?:[-\u2010-\u2015]|\bto\b|\band\b|\buntil\b|\btill\b|\bthrough\b)\s*"
_EN_RANGES = [
    re.compile(rf"\b(?P<d1>\d{{1,2}}){_ORD}{_RANGE_LINK}(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?"
               rf"{_MONTH}(?![\w])(?:,?\s+(?P<y>\d{{4}})\b)?"),
    re.compile(rf"\b{_MONTH}\s+(?P<d1>\d{{1,2}}){_ORD}{_RANGE_LINK}(?P<d>\d{{1,2}}){_ORD}\b"
               rf"(?:,?\s+(?P<y>\d{{4}})\b)?"),
]

# Small numbers written in words, and ordinals, per language: (value, pattern) pairs, matched
# as whole words, case-insensitively. A translation may write a number of the source in words
# ("2 activists" → "двух активистов", "deux militants", "екі белсенді") or an ordinal in words
# ("2nd report" → "второй доклад", "deuxième rapport", "екінші баяндама"), and the source may
# write "two" where the translation has "2". Only the cardinals of ``_SOURCE_WORDS`` count as
# numbers of a source: "one" is too often a pronoun ("one of", "no one") and the ordinal words
# too often idioms ("for the first time" → "впервые", kk "тұңғыш").
_ADJ = "(?:ый|ой|ий|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ых|их|ыми|ими|ей)"
_LETTERS = "[^\\W\\d]*"  # the rest of a word (kk suffixes)
# ru compounds: двухдневный, пятилетний, трёхкратный.
_RU_COMPOUND = f"(?:летн|дневн|недельн|месячн|часов|этажн|кратн|сторонн|значн|процентн){_LETTERS}"
_RU_COLLECTIVE = "еро|ерых|ерым|ерыми"  # пятеро, пятерых
_CARDINALS: dict[str, tuple[tuple[int, str], ...]] = {
    "en": ((1, "one"), (2, "two"), (3, "three"), (4, "four"), (5, "five"), (6, "six"),
           (7, "seven"), (8, "eight"), (9, "nine"), (10, "ten"), (11, "eleven"), (12, "twelve")),
    "ru": ((1, "од(?:ин|на|но|ного|ной|ному|ним|ном|ну|ни|них|ними)"),
           (2, f"дв(?:а|е|ух|ум|умя|ое|оих|оим|оими)|об(?:а|е|оих|еих|оим|еим|оими|еими)"
               f"|двух{_RU_COMPOUND}|дву(?:кратн|сторонн){_LETTERS}"),
           (3, f"тр(?:и|[её]х|[её]м|емя|ое|оих|оим|оими)|тр[её]х{_RU_COMPOUND}"),
           (4, f"четыр(?:е|[её]х|[её]м|ьмя)|четвер(?:о|ых|ым|ыми)|четыр[её]х{_RU_COMPOUND}"),
           *((v, f"{stem}(?:ь|и|ью|{_RU_COLLECTIVE})|{stem}и{_RU_COMPOUND}")
             for v, stem in ((5, "пят"), (6, "шест"), (7, "сем"), (9, "девят"), (10, "десят"))),
           (8, f"восемь|восемью|восьм(?:и|ью|{_RU_COLLECTIVE})|восьми{_RU_COMPOUND}"),
           (11, f"одиннадцат(?:ь|и|ью)|одиннадцати{_RU_COMPOUND}"),
           (12, f"двенадцат(?:ь|и|ью)|двенадцати{_RU_COMPOUND}")),
    "fr": ((1, "une?"), (2, "deux"), (3, "trois"), (4, "quatre"), (5, "cinq"), (6, "six"),
           (7, "sept"), (8, "huit"), (9, "neuf"), (10, "dix"), (11, "onze"), (12, "douze")),
    # kk numerals take suffixes (екіге, бесеуіне: "to the five of them"); the stems that
    # begin other common words are held back: үшін "for", алтын "gold", жетік "versed",
    # жетілдіру "improve", жетіспеу "lack", онда "there", оның "his". Ordinals are below.
    "kk": ((11, f"он\\s+бір{_LETTERS}"), (12, f"он\\s+екі(?!нші){_LETTERS}"), (1, "бір"),
           (2, f"екі(?!нші){_LETTERS}|екеу{_LETTERS}"), (3, f"үш(?!ін){_LETTERS}"),
           (4, f"төрт(?!інші){_LETTERS}"), (5, f"бес(?!інші){_LETTERS}"),
           (6, f"алты(?!н){_LETTERS}|алтау{_LETTERS}"),
           (7, f"жеті(?![сктлн]){_LETTERS}|жетеу{_LETTERS}"),
           (8, f"сегіз(?!інші){_LETTERS}"), (9, f"тоғыз(?!ыншы){_LETTERS}"),
           (10, f"он|онау{_LETTERS}")),
}
_ORDINALS: dict[str, tuple[tuple[int, str], ...]] = {
    "en": ((1, "first"), (2, "second"), (3, "third"), (4, "fourth"), (5, "fifth"),
           (6, "sixth"), (7, "seventh"), (8, "eighth"), (9, "ninth"), (10, "tenth"),
           (11, "eleventh"), (12, "twelfth")),
    "ru": ((1, f"перв{_ADJ}"), (2, f"втор{_ADJ}"),
           (3, "трет(?:ий|ья|ье|ьи|ьего|ьей|ьему|ьим|ьем|ью|ьих|ьими)"),
           *((v, f"{stem}{_ADJ}") for v, stem in (
               (4, "четв[её]рт"), (5, "пят"), (6, "шест"), (7, "седьм"), (8, "восьм"),
               (9, "девят"), (10, "десят"), (11, "одиннадцат"), (12, "двенадцат")))),
    "fr": ((1, "premi(?:er|ère|ere)s?"), (2, "secondes?|seconds?|deuxi[èe]mes?"),
           *((v, f"{stem}i[èe]mes?") for v, stem in (
               (3, "trois"), (4, "quatr"), (5, "cinqu"), (6, "six"), (7, "sept"), (8, "huit"),
               (9, "neuv"), (10, "dix"), (11, "onz"), (12, "douz")))),
    "kk": tuple((v, f"{stem}{_LETTERS}") for v, stem in (
        (1, "бірінші"), (1, "тұңғыш"), (2, "екінші"), (3, "үшінші"), (4, "төртінші"),
        (5, "бесінші"), (6, "алтыншы"), (7, "жетінші"), (8, "сегізінші"), (9, "тоғызыншы"),
        (10, "оныншы"), (11, "он\\s+бірінші"), (12, "он\\s+екінші"))),
}
#: The word numbers a source must keep: cardinals from two to twelve (fr "neuf" is also "new").
_SOURCE_WORDS = {"en": range(2, 13), "ru": range(2, 13), "fr": (*range(2, 9), 10, 11, 12),
                 "kk": range(2, 10)}


@dataclass(frozen=True)
class SourceNumber:
    """A number, percentage or date found in the source.

    Attributes:
        kind: "number", "percent" or "date".
        surface: The text as the source writes it ("97.7%", "June 9, 2019").
        value: The canonical value ("97.7", "4000"); "" for dates.
        day, month, year: The date's parts (0 when absent).
    """

    kind: str
    surface: str
    value: str = ""
    day: int = 0
    month: int = 0
    year: int = 0


def _base(lang: str) -> str:
    return re.split(r"[_\-@.]", lang, maxsplit=1)[0].lower()


@lru_cache(maxsize=64)
def _symbols(lang: str) -> tuple[str, str]:
    """(decimal symbol, group symbol) of a locale; English ones when Babel does not know it."""
    try:
        return get_decimal_symbol(lang), get_group_symbol(lang)
    except (UnknownLocaleError, ValueError):
        return ".", ","


@lru_cache(maxsize=64)
def _number_re(lang: str) -> re.Pattern[str]:
    decimal, group = _symbols(lang)
    groups = re.escape(group) if group.strip(_SPACES) else ""
    groups = f"[{re.escape(_SPACES)}{groups}]"
    return re.compile(rf"(?<![\d])(?P<int>\d{{1,3}}(?:{groups}\d{{3}})+|\d+)"
                      rf"(?:{re.escape(decimal)}(?P<frac>\d+))?(?![\d])")


def _canon(integer: str, fraction: str | None) -> str:
    digits = _NON_DIGITS.sub("", integer)
    frac = (fraction or "").rstrip("0")
    return str(int(digits)) + (f".{frac}" if frac else "")


def _masked(text: str) -> str:
    # Every match of _NOISE_RE holds "<", "://", "www." or "@": most texts hold none, and the
    # unanchored "\S+@" alternative makes the search cost quadratic in a word's length.
    if "<" not in text and "@" not in text and "://" not in text and "www." not in text:
        return text
    return _NOISE_RE.sub(lambda m: " " * len(m.group()), text)


def source_numbers(text: str, lang: str = "en") -> list[SourceNumber]:
    """The numbers, percentages and dates written with digits in a source text.

    Dates are recognised in English sources only ("June 9, 2019", "9 June", "March 2019");
    a date's day is not also reported as a number, its year is.

    >>> [(n.kind, n.value or n.surface) for n in source_numbers("On June 9, 2019, 71.5% of 4,000")]
    [('date', 'June 9'), ('number', '2019'), ('percent', '71.5'), ('number', '4000')]
    """
    return list(_source_numbers(text, lang))


@lru_cache(maxsize=65536)  # a release corpus repeats its source sentences in every language
def _source_numbers(text: str, lang: str) -> tuple[SourceNumber, ...]:
    text = _masked(text)
    found: list[tuple[int, SourceNumber]] = []
    if _base(lang) == "en":
        taken: list[tuple[int, int]] = []
        text = _en_ranges(text, taken, found)
        for pattern in _EN_DATES:
            for m in pattern.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                day = int(m.groupdict().get("d") or 0)
                if day > 31:
                    continue
                surface = m.group(0)
                if day and m.group("y"):
                    surface = surface[:m.start("y") - m.start()]
                surface = surface.rstrip(", .")
                found.append((m.start(), SourceNumber("date", surface, day=day,
                                                       month=_EN_MONTHS[m.group("m")],
                                                       year=int(m.group("y") or 0))))
                if day:  # the day is checked with its month; the year as a number
                    text = text[:m.start("d")] + " " * len(m.group("d")) + text[m.end("d"):]
    for m in _number_re(lang).finditer(text):
        value = _canon(m.group("int"), m.group("frac"))
        sign = _PERCENT.match(text[m.end():m.end() + 2])
        kind = "percent" if sign or _PERCENT_WORDS.match(text, m.end()) else "number"
        surface = m.group(0).strip() + ("%" if sign else "")
        found.append((m.start(), SourceNumber(kind, surface, value)))
    words = _words_re(lang, source=True)
    if words is not None:
        for m in words.finditer(text):
            kind = "percent" if _PERCENT_WORDS.match(text, m.end()) else "number"
            found.append((m.start(), SourceNumber(kind, m.group(0), _word_value(m))))
    found.sort(key=lambda item: item[0])
    return tuple(n for _, n in found)


def _en_ranges(text: str, taken: list[tuple[int, int]],
               found: list[tuple[int, SourceNumber]]) -> str:
    """Add both days of each date range sharing a month ("January 11 to 25, 2021") to
    ``found`` as dates; returns ``text`` with those days blanked (the year stays a number)."""
    for pattern in _EN_RANGES:
        for m in pattern.finditer(text):
            first, last = int(m.group("d1")), int(m.group("d"))
            if not 0 < first < last <= 31 or any(m.start() < e and s < m.end()
                                                 for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            month_first = m.start("m") < m.start("d1")
            for group, day in (("d1", first), ("d", last)):
                surface = (f"{m.group('m')} {day}" if month_first else f"{day} {m.group('m')}")
                found.append((m.start(group), SourceNumber(
                    "date", surface, day=day, month=_EN_MONTHS[m.group("m")],
                    year=int(m.group("y") or 0))))
            for group in ("d1", "d"):
                text = text[:m.start(group)] + " " * len(m.group(group)) + text[m.end(group):]
    return text


@lru_cache(maxsize=64)
def _words_re(lang: str, *, source: bool) -> re.Pattern[str] | None:
    """One pattern for the number words of ``lang``, a group ``n<value>`` per value: in a
    source, the cardinals of ``_SOURCE_WORDS``; in a translation, every cardinal and ordinal."""
    base = _base(lang)
    pairs = list(_CARDINALS.get(base, ()))
    if source:
        pairs = [(v, p) for v, p in pairs if v in _SOURCE_WORDS.get(base, ())]
    else:
        pairs += _ORDINALS.get(base, ())
    if not pairs:
        return None
    by_value: dict[int, list[str]] = {}
    for value, pattern in pairs:
        by_value.setdefault(value, []).append(pattern)
    # Larger values first: kk "он екі" (12) before "он" (10) and "екі" (2).
    body = "|".join(f"(?P<n{v}>{'|'.join(ps)})" for v, ps in sorted(by_value.items(),
                                                                    reverse=True))
    # en and fr: not after a hyphen ("twenty-two", "vingt-deux" are not 2; "two-day" is 2);
    # ru and kk join alternatives so: два-три, екі-үш ("two or three").
    after = r"\w\-\u2010\u2011" if base in {"en", "fr"} else r"\w"
    return re.compile(rf"(?<![{after}])(?:{body})(?!\w)", re.IGNORECASE)


def _word_value(m: re.Match[str]) -> str:
    return (m.lastgroup or "n0")[1:]


def target_values(text: str, lang: str) -> tuple[set[str], set[str]]:
    """(every number value, the values followed by a percent sign or word) in a translation.

    Grouped numbers count both as a whole and by group ("4 000" gives 4000, 4 and 0), so a
    run of unrelated numbers separated by spaces never hides one.
    """
    return _masked_values(_masked(text), lang)


# A number followed by a scale word stands for its product: 10,000 may be written
# "10 тысяч", "10 мың" or "10 mille" (and 1.5 million "1,5 млн"), in any case form.
_SCALE_RE = re.compile(
    r"[\s\u00a0\u202f]*(?:(?P<k>thousand|тысяч[а-я]*|тыс\.|мың[а-яәғқңөұүһі]*|mille)"
    r"|(?P<m>million\w*|миллион[а-я]*|млн\.?|milli?on[а-яәғқңөұүһі]*)"
    r"|(?P<g>billion\w*|milliard\w*|миллиард[а-яәғқңөұүһі]*|млрд\.?))(?!\w)",
    re.IGNORECASE)
_SCALES = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def _scaled(value: str, m: re.Match[str]) -> str:
    """``value`` times the scale word ``m`` matched, written as _canon writes numbers."""
    product = Decimal(value) * _SCALES[m.lastgroup or "k"]
    return _canon(str(int(product)), None) if product == int(product) else format(product, "f")


def _masked_values(text: str, lang: str) -> tuple[set[str], set[str]]:
    values: set[str] = set()
    percent: set[str] = set()
    words = _words_re(lang, source=False)
    if words is not None:
        for m in words.finditer(text):
            values.add(_word_value(m))
            if _PERCENT_WORDS.match(text, m.end()):
                percent.add(_word_value(m))
    for m in _number_re(lang).finditer(text):
        value = _canon(m.group("int"), m.group("frac"))
        values.add(value)
        parts = re.split(f"[{_SPACES}]", m.group("int"))
        if len(parts) > 1:
            values.update(str(int(p)) for p in parts)
        scale = _SCALE_RE.match(text, m.end())
        if scale is not None:
            values.add(_scaled(value, scale))
        if _PERCENT_WORDS.match(text, m.end()):
            percent.add(value)
    return values, percent


@lru_cache(maxsize=64)
def _month_res(lang: str) -> tuple[str, ...]:
    stems = _MONTH_STEMS.get(_base(lang))
    if stems:
        return stems
    try:
        names = [(get_month_names("wide", "format", lang)[i],
                  get_month_names("wide", "stand-alone", lang)[i]) for i in range(1, 13)]
    except (UnknownLocaleError, ValueError):
        return ()
    out = []
    for a, b in names:
        n = 0
        while n < min(len(a), len(b)) and a[n].lower() == b[n].lower():
            n += 1
        out.append(re.escape(a[:max(n, 3)].lower()))
    return tuple(out)


# What joins the days of a range or list in a translation: a dash, a comma, a word (ru по,
# до, и; fr au, à, et (le); kk мен, бен, пен, және; en), or a space after a day with a case
# suffix (kk "11-нен 25 қаңтарға дейін").
_DAY_LINK = (r"(?:\s*[-\u2010-\u2015]\s*|,\s*|\s+(?:по|до|и|au|à|et(?:\s+le)?|мен|бен|пен|"
             r"және|to|and|through|until|till)\s+|(?<=[^\W\d])\s+)")


@lru_cache(maxsize=4096)
def _date_re(lang: str, day: int, month: int) -> re.Pattern[str] | None:
    stems = _month_res(lang)
    if not stems:
        return None
    stem = stems[month - 1] + r"\w*"
    sp = f"[{_SPACES}]+"
    if not day:
        return re.compile(rf"(?<!\w){stem}", re.IGNORECASE)
    suffix = r"(?:er|re|e|-?[^\W\d]{1,5})?"  # 1er, 11-го, 11-нен
    d = rf"(?<!\d)0?{day}{suffix}"
    numeric = rf"(?<!\d)0?{day}[./]0?{month}(?:[./]\d{{2,4}})?(?!\d)"
    # The day in a range or list sharing the month: "11–25 қаңтар", "с 11 по 25 января",
    # "du 11 au 25 janvier", "entre le 11 et le 25 janvier", "January 11–25".
    others = rf"(?:{_DAY_LINK}\d{{1,2}}{suffix}){{1,3}}"
    shared = (rf"{d}{others}[{_SPACES}-]+{stem}|"
              rf"(?<!\w){stem}{sp}(?:\d{{1,2}}{suffix}{_DAY_LINK}){{1,3}}0?{day}(?!\d)")
    return re.compile(rf"{d}[{_SPACES}-]+{stem}|(?<!\w){stem}{sp}0?{day}(?!\d)|{numeric}|"
                      rf"{shared}", re.IGNORECASE)


def _example(n: SourceNumber, lang: str) -> str:
    """How ``lang`` writes the number or date, for messages (Babel/CLDR)."""
    try:
        if n.kind == "date":
            if n.day and n.year:
                return format_date(datetime.date(n.year, n.month, n.day), "long", locale=lang)
            if n.day:
                return format_date(datetime.date(2000, n.month, n.day), "d MMMM", locale=lang)
            return format_date(datetime.date(n.year or 2000, n.month, 1), "LLLL y", locale=lang)
        # A year is never grouped (kk would show 2021 as "2 021").
        grouped = not (len(n.surface) == 4 and n.surface.isdigit()
                       and 1000 <= int(n.value) < 2200)
        text = format_decimal(Decimal(n.value), locale=lang, group_separator=grouped)
        return f"{text}\u00a0%" if n.kind == "percent" and _base(lang) != "kk" else (
            f"{text}%" if n.kind == "percent" else text)
    except (UnknownLocaleError, ValueError):
        return n.surface


def missing_numbers(source: str, target: str, lang: str, source_lang: str = "en") -> list[str]:
    """Messages for each number, percentage or date of ``source`` that ``target`` lacks.

    A number must appear in the target as ``lang`` writes it: 97.7 as 97,7 in ru/fr/kk,
    4,000 as 4000 or with a (no-break, narrow no-break) space; a percentage with a percent
    sign or word after it; a date as day and month name in any case ending (ru "9 июня",
    kk "9 маусымда", fr "9 juin", "1er juin") or numerically (09.06.2019).

    >>> missing_numbers("Turnout was 97.7%.", "Явка составила 97,7 %.", "ru")
    []
    >>> missing_numbers("Turnout was 97.7%.", "Явка составила 97.7%.", "ru")
    ['97.7% is written the English way: write 97,7\\xa0% in ru']
    """
    wanted = _source_numbers(source, source_lang)
    if not wanted:
        return []
    masked = _masked(target)
    values, percent = _masked_values(masked, lang)
    messages = []
    for n in wanted:
        if n.kind == "date":
            pattern = _date_re(lang, n.day, n.month)
            if pattern is not None and not pattern.search(masked):
                messages.append(f"date {n.surface!r} not found: write it as in "
                                f"{_example(n, lang)!r}")
            continue
        if n.value not in values and not n.surface[:1].isdigit():
            messages.append(f"{n.surface!r} ({n.value}) is missing: write it in words or "
                            "digits")
        elif n.value not in values:
            if re.search(rf"(?<![\d.,]){re.escape(n.surface.rstrip('%').strip())}(?!\d)",
                         masked):  # "97.7" in "97.7%", not "5" in "15"
                messages.append(f"{n.surface} is written the English way: write "
                                f"{_example(n, lang)} in {lang}")
            else:
                messages.append(f"{n.surface} is missing (in {lang}: {_example(n, lang)})")
        elif n.kind == "percent" and n.value not in percent:
            messages.append(f"{n.surface}: the percent sign is missing (in {lang}: "
                            f"{_example(n, lang)})")
    return messages
