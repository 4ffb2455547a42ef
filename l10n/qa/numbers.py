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
    digits = re.sub(r"\D", "", integer)
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
        sign = re.match(r"\s?%", text[m.end():m.end() + 2])
        kind = "percent" if sign or _PERCENT_WORDS.match(text, m.end()) else "number"
        surface = m.group(0).strip() + ("%" if sign else "")
        found.append((m.start(), SourceNumber(kind, surface, value)))
    found.sort(key=lambda item: item[0])
    return tuple(n for _, n in found)


def target_values(text: str, lang: str) -> tuple[set[str], set[str]]:
    """(every number value, the values followed by a percent sign or word) in a translation.

    Grouped numbers count both as a whole and by group ("4 000" gives 4000, 4 and 0), so a
    run of unrelated numbers separated by spaces never hides one.
    """
    return _masked_values(_masked(text), lang)


def _masked_values(text: str, lang: str) -> tuple[set[str], set[str]]:
    values: set[str] = set()
    percent: set[str] = set()
    for m in _number_re(lang).finditer(text):
        value = _canon(m.group("int"), m.group("frac"))
        values.add(value)
        parts = re.split(f"[{_SPACES}]", m.group("int"))
        if len(parts) > 1:
            values.update(str(int(p)) for p in parts)
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


@lru_cache(maxsize=4096)
def _date_re(lang: str, day: int, month: int) -> re.Pattern[str] | None:
    stems = _month_res(lang)
    if not stems:
        return None
    stem = stems[month - 1] + r"\w*"
    sp = f"[{_SPACES}]+"
    if not day:
        return re.compile(rf"(?<!\w){stem}", re.IGNORECASE)
    d = rf"(?<!\d)0?{day}(?:er|re|e|-?[^\W\d]{{1,5}})?"
    numeric = rf"(?<!\d)0?{day}[./]0?{month}(?:[./]\d{{2,4}})?(?!\d)"
    return re.compile(rf"{d}[{_SPACES}-]+{stem}|(?<!\w){stem}{sp}0?{day}(?!\d)|{numeric}",
                      re.IGNORECASE)


def _example(n: SourceNumber, lang: str) -> str:
    """How ``lang`` writes the number or date, for messages (Babel/CLDR)."""
    try:
        if n.kind == "date":
            if n.day and n.year:
                return format_date(datetime.date(n.year, n.month, n.day), "long", locale=lang)
            if n.day:
                return format_date(datetime.date(2000, n.month, n.day), "d MMMM", locale=lang)
            return format_date(datetime.date(n.year or 2000, n.month, 1), "LLLL y", locale=lang)
        text = format_decimal(Decimal(n.value), locale=lang)
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
        if n.value not in values:
            if n.surface.rstrip("%").strip() in target:
                messages.append(f"{n.surface} is written the English way: write "
                                f"{_example(n, lang)} in {lang}")
            else:
                messages.append(f"{n.surface} is missing (in {lang}: {_example(n, lang)})")
        elif n.kind == "percent" and n.value not in percent:
            messages.append(f"{n.surface}: the percent sign is missing (in {lang}: "
                            f"{_example(n, lang)})")
    return messages
