"""Whether an engine's answer belongs to the text it was sent: notices, anchors, alignment.

Providers fail in ways HTTP does not show: a quota message arrives with status 200 as the
"translation" (in the language of the request: MyMemory's warning exists in Russian too),
a batch comes back in the wrong order, or an answer repeats itself. These checks need no
language model; they look at what a translation shares with its own source whatever the
language: numbers, web and e-mail addresses, our inline placeholders, Latin-script words
kept in a Cyrillic answer, names (compared by their consonants across scripts), length.

* `provider_notice` recognises a provider's message (quota, rate limit, length limit,
  bad key, bad language pair, server error page) in English, Russian, French or Kazakh.
* `mismatch` says why an answer cannot be its source's translation (a number, address or
  placeholder of the source missing, Latin words the source does not have, three times
  too long, written twice over, in capitals).
* `misplaced` finds answers that fit another source of the same request better than their
  own: the request's answers were shuffled or shifted.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from l10n.documents.base import PLACEHOLDER_RE

__all__ = ["Anchors", "anchors", "fit", "mismatch", "misplaced", "only_names", "provider_notice"]

# -- provider notices ----------------------------------------------------------------

#: kind -> what gives it away, in en, ru, fr and kk. "quota", "key" and "pair" stop the
#: engine for the run; "rate" is worth a retry; "length" and "server" concern one request.
_NOTICES: dict[str, tuple[str, ...]] = {
    "quota": (
        r"mymemory warning", r"you used all available free translations",
        r"\bquota\b.{0,30}\b(?:exceeded|reached|used up|exhausted)",
        r"\b(?:exceeded|reached|used up)\b.{0,20}\bquota\b",
        r"\bdaily (?:limit|quota)\b", r"next available in\b",
        r"использовали все (?:доступные )?бесплатные переводы",
        r"(?:превышен|исчерпан|израсходован)\w*\s+(?:\w+\s+){0,2}(?:лимит|квот)",
        r"(?:лимит|квот)\w*\s+(?:\w+\s+){0,2}(?:превышен|исчерпан|израсходован)",
        r"следующие (?:переводы )?(?:будут )?доступны через",
        r"vous avez utilisé toutes les traductions gratuites",
        r"\b(?:quota|limite)\b.{0,30}\b(?:dépassée?|atteinte?|épuisée?)",
        r"(?:dépassement|épuisement) (?:du|de la|de) (?:quota|limite)",
        r"барлық (?:қолжетімді )?тегін аудармалар\w*\s+(?:пайдаланды|қолданды)",
        r"(?:лимит|квота)\w*\s+(?:\w+\s+){0,2}(?:асып кетті|асырылды|таусылды|бітті)",
    ),
    "length": (
        r"query length limit", r"max(?:imum)? allowed query", r"text (?:is )?too long",
        r"(?:превышена )?максимальн\w+ длин\w+ (?:запроса|текста)",
        r"longueur maximale (?:de la requête|du texte)",
        r"сұраныстың ұзындығы", r"мәтін тым ұзын",
    ),
    "rate": (
        r"too many requests", r"rate limit", r"слишком много запросов", r"trop de requêtes",
        r"сұраныстар(?:ыңыз)? тым көп",
    ),
    "key": (
        r"\bapi ?key\b.{0,20}\b(?:invalid|missing|required|expired)",
        r"\b(?:invalid|missing) api ?key\b", r"\bunauthori[sz]ed\b", r"\baccess denied\b",
        r"(?:неверный|недействительный) (?:api[- ]?)?ключ", r"ключ api (?:неверен|недействителен)",
        r"clé (?:d'api|api) (?:invalide|manquante)", r"api кілті (?:жарамсыз|қате)",
    ),
    "pair": (
        r"invalid language pair", r"please select two distinct languages",
        r"no query specified", r"invalid email",
        r"(?:недопустим|неверн)\w+ языков\w+ пар", r"paire de langues (?:non valide|invalide)",
        r"тіл жұбы (?:жарамсыз|қате)",
    ),
    "server": (
        r"<!doctype html", r"<html\b", r"<body\b", r"\binternal server error\b",
        r"\bbad gateway\b", r"\bservice (?:temporarily )?unavailable\b",
        r"\bgateway time-?out\b", r"внутренняя ошибка сервера", r"сервис (?:временно )?недоступен",
        r"erreur interne du serveur", r"service (?:temporairement )?indisponible",
        r"сервердің ішкі қатесі", r"қызмет (?:уақытша )?қолжетімсіз",
    ),
}
_NOTICE_RES = {kind: re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
               for kind, patterns in _NOTICES.items()}
_NOTICE_WORDS = {"quota": "a quota message", "length": "a length-limit message",
                 "rate": "a rate-limit message", "key": "an API key message",
                 "pair": "a language-pair error", "server": "a server error page"}
#: Notices that mean the engine can do nothing more in this run.
STOPPING = frozenset({"quota", "key", "pair"})


def notice_kind(answer: str, source: str = "") -> str | None:
    """The kind of provider notice ``answer`` is ("quota", "rate", ...), or None.

    A source that itself speaks of the same thing (a press release about quotas) may get
    a translation that does too, so a kind found in the source is not a notice.

    >>> notice_kind("ВЫ ИСПОЛЬЗОВАЛИ ВСЕ ДОСТУПНЫЕ БЕСПЛАТНЫЕ ПЕРЕВОДЫ НА СЕГОДНЯ")
    'quota'
    >>> notice_kind("Квота превышена.", "The quota was exceeded.") is None
    True
    """
    for kind, pattern in _NOTICE_RES.items():
        if pattern.search(answer) and not pattern.search(source):
            return kind
    return None


def provider_notice(answer: str, source: str = "") -> str | None:
    """Why ``answer`` is a provider's message rather than a translation, or None."""
    kind = notice_kind(answer, source)
    return f"{_NOTICE_WORDS[kind]} from the provider, not a translation" if kind else None


# -- anchors -----------------------------------------------------------------------------

_ADDRESS_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>«»\"“”‘’]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A grouped number (4,000 / 4 000 / 4.000) or a plain run of digits; decimals split in two.
_NUMBER_RE = re.compile(r"(?<![\d])\d{1,3}(?:[,.\u00a0\u202f\u2009 ]\d{3})+(?![\d])|\d+")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_TOKEN_RE = re.compile(r"[^\W_]+")
_VOWELS = frozenset("aeiouyаеёиоуыэюяәөүұіїєi")
_CONSONANT = str.maketrans({
    **dict.fromkeys("бb", "b"), **dict.fromkeys("вwv", "v"), **dict.fromkeys("гғg", "g"),
    **dict.fromkeys("дd", "d"), **dict.fromkeys("жjџ", "j"), **dict.fromkeys("зz", "z"),
    **dict.fromkeys("кқcqkхһh", "k"), **dict.fromkeys("лl", "l"), **dict.fromkeys("мm", "m"),
    **dict.fromkeys("нңn", "n"), **dict.fromkeys("пp", "p"), **dict.fromkeys("рr", "r"),
    **dict.fromkeys("сшщчцs", "s"), **dict.fromkeys("тt", "t"), **dict.fromkeys("фf", "f"),
    "x": "ks", "ъ": "", "ь": "",
})
_DIGRAPHS = (("sch", "s"), ("zh", "j"), ("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "s"),
             ("ts", "s"), ("ph", "f"), ("th", "t"))
MIN_SKELETON = 3  # consonants a name needs before it counts as evidence
MISPLACED_MARGIN = 2


@dataclass(frozen=True)
class Anchors:
    """What a translation keeps from its source, whatever the language."""

    numbers: tuple[str, ...]       # digit strings without separators or leading zeros
    addresses: frozenset[str]      # web and e-mail addresses, lower case
    placeholders: tuple[str, ...]  # <1>, </1>, <2/> in order
    latin: frozenset[str]          # Latin-script words, case-folded
    names: tuple[str, ...]         # consonant skeletons of capitalised words
    skeletons: frozenset[str]      # consonant skeletons of every word
    script: str | None             # the script most letters are in


def _script(text: str) -> str | None:
    counts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            counts[unicodedata.name(ch, "?").split(" ", 1)[0]] += 1
    return counts.most_common(1)[0][0] if counts else None


def _skeleton(word: str) -> str:
    word = word.casefold()
    for digraph, single in _DIGRAPHS:
        word = word.replace(digraph, single)
    consonants = "".join(ch for ch in word if ch not in _VOWELS).translate(_CONSONANT)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", consonants))


@lru_cache(maxsize=4096)
def anchors(text: str) -> Anchors:
    """The anchors of one text (placeholders and addresses are not read as words or numbers)."""
    placeholders = tuple(m.group(0) for m in PLACEHOLDER_RE.finditer(text))
    addresses = [a.rstrip(".,;:!?)]'’").lower() for a in _ADDRESS_RE.findall(text)]
    rest = _ADDRESS_RE.sub(" ", PLACEHOLDER_RE.sub(" ", text))
    numbers = tuple(str(int(re.sub(r"\D", "", m))) for m in _NUMBER_RE.findall(rest))
    words = _WORD_RE.findall(rest)
    latin = frozenset(w.casefold() for w in words
                      if len(w) >= 2 and all("LATIN" in unicodedata.name(c, "") for c in w))
    names = tuple(s for w in words if w[:1].isupper() and len(s := _skeleton(w)) >= MIN_SKELETON)
    skeletons = frozenset(s for w in words if len(s := _skeleton(w)) >= MIN_SKELETON)
    return Anchors(tuple(n for n in numbers if n != "0"), frozenset(addresses), placeholders,
                   latin, names, skeletons, _script(rest))


def _number_found(value: str, found: Sequence[str]) -> bool:
    """A number is there as is, with its thousands written out ("15 тыс." for 15,000), or as
    the end of a longer year ("2019–20" becoming "2019–2020")."""
    for other in found:
        if other == value:
            return True
        longer, shorter = (value, other) if len(value) > len(other) else (other, value)
        if longer.startswith(shorter) and not longer[len(shorter):].strip("0"):
            return True
        if len(value) == 2 and len(other) == 4 and other.endswith(value):
            return True
    return False


def _names_match(a: str, b: str) -> bool:
    """Two skeletons are one name: equal, or one (of 4+ consonants) begins the other, as an
    inflected form does (Sarsenova, Сарсеновой)."""
    short, long = sorted((a, b), key=len)
    return short == long or (len(short) > MIN_SKELETON and long.startswith(short))


# -- one answer against its source ------------------------------------------------------

#: Length of a translation from English relative to the source, by target language
#: (measured on press releases: fr and ru run longer, kk about the same).
EXPANSION = {"fr": 1.2, "ru": 1.12, "uk": 1.12, "kk": 1.05, "de": 1.25, "es": 1.2, "it": 1.15}
REPEATED_RUN = 6  # words
LENGTH_MIN_SOURCE = 20  # characters; shorter sources vary too much to judge their length
_CAPITALS_MIN_LETTERS = 20


def length_bounds(source_chars: int, target: str) -> tuple[float, float]:
    """The shortest and longest acceptable answer, as a multiple of the source's length.

    The tolerance widens for short sources (a 20-character source: 3× either way around the
    language's usual expansion; a long paragraph: 2×).
    """
    expected = EXPANSION.get(re.split(r"[_\-]", target, maxsplit=1)[0].lower(), 1.1)
    factor = 2.0 + 20.0 / max(source_chars, 1)
    return expected / factor, expected * factor


def _repeats_itself(source: str, answer: str) -> bool:
    """The answer is one text written several times, or holds a run of six words written
    twice where the source repeats no three words."""
    words = [w.casefold() for w in _TOKEN_RE.findall(answer)]
    source_words = [w.casefold() for w in _TOKEN_RE.findall(source)]
    if _copies(words) > 1 and _copies(source_words) == 1:
        return True
    return _repeated(words, REPEATED_RUN) and not _repeated(source_words, 3)


def _copies(tokens: list[str]) -> int:
    """How many times over ``tokens`` are one run written again and again (1: not so)."""
    for size in range(1, len(tokens) // 2 + 1):
        if len(tokens) % size == 0 and tokens == tokens[:size] * (len(tokens) // size):
            return len(tokens) // size
    return 1


def _repeated(tokens: list[str], n: int) -> bool:
    grams = Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return any(count > 1 for count in grams.values())


def _capitals(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def mismatch(source: str, answer: str, target: str) -> str | None:
    """Why ``answer`` cannot be the translation of ``source`` into ``target``, or None.

    >>> mismatch("Turnout was 97.7% in 2019.", "Явка составила 97,7 % в 2019 году.", "ru")
    >>> mismatch("Turnout was 97.7% in 2019.", "Явка составила 97,7 %.", "ru")
    'the number 2019 of the source is missing'
    """
    notice = provider_notice(answer, source)
    if notice:
        return notice
    src, ans = anchors(source), anchors(answer)
    if Counter(src.placeholders) != Counter(ans.placeholders):
        return "its placeholders or markup differ from the source's"
    for address in sorted(src.addresses - ans.addresses):
        return f"the address {address} of the source is missing"
    for address in sorted(ans.addresses - src.addresses):
        return f"the address {address} is not in the source"
    for number in src.numbers:
        if not _number_found(number, ans.numbers):
            return f"the number {number} of the source is missing"
    if ans.script not in (None, "LATIN"):
        folded = source.casefold()
        foreign = sorted(w for w in ans.latin if w not in folded)
        if foreign:
            return f"Latin-script words the source does not have: {', '.join(foreign[:3])}"
    chars = len(" ".join(source.split()))
    if chars >= LENGTH_MIN_SOURCE:
        low, high = length_bounds(chars, target)
        ratio = len(" ".join(answer.split())) / chars
        if not low <= ratio <= high:
            return f"{ratio:.2f}× the source's length (expected {low:.2f}–{high:.2f}×)"
    if _repeats_itself(source, answer):
        return "it repeats itself"
    if (sum(c.isalpha() for c in answer) >= _CAPITALS_MIN_LETTERS and _capitals(answer) > 0.9
            and _capitals(source) < 0.5):
        return "written in capitals, unlike the source"
    return None


def only_names(source: str, answer: str) -> bool:
    """Whether every word of ``answer`` is a word or a name of ``source`` (kept, or written
    in another script: "Мари Дюбуа" for "Marie Dubois" is only names, "Справка" for
    "Background" is not).
    """
    words = [w for w in _WORD_RE.findall(_ADDRESS_RE.sub(" ", PLACEHOLDER_RE.sub(" ", answer)))
             if len(w) > 1]
    if not words:
        return True
    folded = source.casefold()
    skeletons = {_skeleton(w) for w in _WORD_RE.findall(source)} - {""}

    def transliterated(word: str) -> bool:
        mine = _skeleton(word)
        return bool(mine) and any(
            mine == s or min(len(mine), len(s)) > 1 and (mine.startswith(s) or s.startswith(mine))
            for s in skeletons)
    return all(w.casefold() in folded or transliterated(w) for w in words)


# -- answers against each other's sources ------------------------------------------------

def fit(source: str, answer: str) -> int:
    """How well ``answer`` fits ``source``: anchors shared minus anchors missing or extra.

    Zero says nothing (no anchors either way); a translation scores higher against its own
    source than against any other, unless the two share their anchors.
    """
    src, ans = anchors(source), anchors(answer)
    score = 0
    for number in src.numbers:
        score += 1 if _number_found(number, ans.numbers) else -1
    score -= sum(1 for n in ans.numbers if not _number_found(n, src.numbers))
    score += len(src.addresses & ans.addresses) - len(src.addresses ^ ans.addresses)
    wanted, got = Counter(src.placeholders), Counter(ans.placeholders)
    score += len(src.placeholders) if wanted == got else -sum(((wanted - got) + (got - wanted))
                                                                 .values())
    if ans.script not in (None, "LATIN"):
        folded = source.casefold()
        score += sum(1 if w in folded else -1 for w in ans.latin)
    names = ans.names
    first = _WORD_RE.search(answer)
    if names and first and first.group(0)[:1].isupper():
        names = names[1:]  # capitalised by its place, not as a name ("Протестующие заявляли")
    score += sum(1 for name in set(names) if any(_names_match(name, s) for s in src.skeletons))
    return score


def misplaced(sources: Sequence[str], answers: Sequence[str]) -> set[int]:
    """Indexes of answers that fit another source of the list clearly better than their own
    (by two anchors or more: one name that happens to match proves nothing).

    >>> sorted(misplaced(["Omarov, 12 days.", "Sarsenova, 34."],
    ...                  ["Сарсенова, 34.", "Омаров, 12 дней."]))
    [0, 1]
    """
    found: set[int] = set()
    if len(sources) < 2:
        return found
    for i, answer in enumerate(answers):
        own = fit(sources[i], answer)
        best = max(fit(s, answer) for j, s in enumerate(sources) if j != i)
        if best > 0 and best - own >= MISPLACED_MARGIN:
            found.add(i)
    return found
