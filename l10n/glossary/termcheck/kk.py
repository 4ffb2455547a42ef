"""Kazakh term forms: suffix chains on the last word, vowel harmony, voicing, hyphens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from l10n.glossary.termcheck.text import (
    _CYR,
    _HYPHEN_RE,
    _HYPHENS,
    _LAT,
    _LEFT,
    _RIGHT,
    _alternation,
    _lit,
)

_KK_BACK, _KK_FRONT = set("аоұыяёю"), set("әеөүіэи")
_KK_VOWELS = _KK_BACK | _KK_FRONT | {"у"}
_KK_VOICING = {"к": "г", "қ": "ғ", "п": "б"}
_KK_CASES = ("nominative", "genitive", "dative", "accusative", "locative", "ablative",
             "instrumental")
_KK_POSS = ("", "p3", "p1sg", "p1pl", "p2sg", "p2pol")
# (tens or units digit -> Kazakh numeral word) for the harmony of "2019-да", "2021-де".
_KK_UNITS = {"1": "бір", "2": "екі", "3": "үш", "4": "төрт", "5": "бес", "6": "алты",
             "7": "жеті", "8": "сегіз", "9": "тоғыз"}
_KK_TENS = {"1": "он", "2": "жиырма", "3": "отыз", "4": "қырық", "5": "елу", "6": "алпыс",
            "7": "жетпіс", "8": "сексен", "9": "тоқсан"}


_LATIN_READING = str.maketrans(dict(zip(
    "abcdefghijklmnopqrstuvwxyzéèêëïîôûüäö",
    "абкдефгхіжклмнопкрстұвусызееееііоұүәө", strict=True)))


@dataclass(frozen=True)
class _Chain:
    """A Kazakh suffix chain: plural, possessive, case and the attributive -ғы after locative."""

    plural: bool = False
    poss: str = ""
    case: str = "nominative"
    gy: bool = False


def _kk_all_chains(after_poss3: bool) -> list[_Chain]:
    if after_poss3:
        return [_Chain(case=c) for c in _KK_CASES] + [_Chain(case="locative", gy=True)]
    chains = [_Chain(pl, po, c) for pl, po, c in product((False, True), _KK_POSS, _KK_CASES)]
    chains += [_Chain(pl, po, "locative", True) for pl, po in product((False, True), _KK_POSS)]
    return chains


def _kk_spoken(stem: str) -> str:
    """What the harmony/assimilation rules look at: digits become their last numeral word,
    Latin letters a rough Cyrillic reading ("Amnesty International-ға")."""
    m = re.search(r"(\d+)$", stem)
    if not m:
        return stem.lower().translate(_LATIN_READING)
    digits = m.group(1).rstrip("0") or "0"
    if digits == "0" or len(m.group(1)) - len(digits) >= 3:
        return "мың" if digits != "0" else "нөл"
    if len(m.group(1)) - len(digits) == 2:
        return "жүз"
    if len(m.group(1)) - len(digits) == 1:
        return _KK_TENS[digits[-1]]
    return _KK_UNITS[digits[-1]]


def _kk_harmony(stem: str) -> str:
    # Russian-style surnames take the harmony of their root: Тоқаевқа, Назарбаевтың, Әлиевке.
    spoken = re.sub(r"(?<=[^\W\d_]{2})[её]ва?$", "", _kk_spoken(stem))
    for ch in reversed(spoken):
        if ch in _KK_BACK:
            return "back"
        if ch in _KK_FRONT:
            return "front"
    return "back"


def _kk_final(word: str) -> str:
    """Sound class of the end of ``word``: vowel, ryu (р й у), l, mnn (м н ң), zj, voiceless."""
    w = _kk_spoken(word).rstrip("ьъ")
    last = w[-1:]
    if last in _KK_VOWELS - {"у"}:
        return "vowel"
    if last in "рйу":
        return "ryu"
    if last == "л":
        return "l"
    if last in "мнң":
        return "mnn"
    if last in "зж":
        return "zj"
    return "voiceless"


_KK_CASE_FORMS = {  # case -> {final class -> (back, front)}
    "genitive": {"vowel": ("ның", "нің"), "mnn": ("ның", "нің"), "ryu": ("дың", "дің"),
                 "l": ("дың", "дің"), "zj": ("дың", "дің"), "voiceless": ("тың", "тің")},
    "accusative": {"vowel": ("ны", "ні"), "mnn": ("ды", "ді"), "ryu": ("ды", "ді"),
                   "l": ("ды", "ді"), "zj": ("ды", "ді"), "voiceless": ("ты", "ті")},
    "dative": {"vowel": ("ға", "ге"), "mnn": ("ға", "ге"), "ryu": ("ға", "ге"),
               "l": ("ға", "ге"), "zj": ("ға", "ге"), "voiceless": ("қа", "ке")},
    "locative": {"vowel": ("да", "де"), "mnn": ("да", "де"), "ryu": ("да", "де"),
                 "l": ("да", "де"), "zj": ("да", "де"), "voiceless": ("та", "те")},
    "ablative": {"vowel": ("дан", "ден"), "mnn": ("нан", "нен"), "ryu": ("дан", "ден"),
                 "l": ("дан", "ден"), "zj": ("дан", "ден"), "voiceless": ("тан", "тен")},
    "instrumental": {"vowel": ("мен", "мен"), "mnn": ("мен", "мен"), "ryu": ("мен", "мен"),
                     "l": ("мен", "мен"), "zj": ("бен", "бен"), "voiceless": ("пен", "пен")},
    "plural": {"vowel": ("лар", "лер"), "ryu": ("лар", "лер"), "l": ("дар", "дер"),
               "mnn": ("дар", "дер"), "zj": ("дар", "дер"), "voiceless": ("тар", "тер")},
}
_KK_AFTER_POSS3 = {"nominative": ("", ""), "genitive": ("ның", "нің"), "dative": ("на", "не"),
                   "accusative": ("н", "н"), "locative": ("нда", "нде"),
                   "ablative": ("нан", "нен"), "instrumental": ("мен", "мен")}
_KK_POSS_FORMS = {  # possessive -> (after vowel (back, front), after consonant (back, front))
    "p3": (("сы", "сі"), ("ы", "і")), "p1sg": (("м", "м"), ("ым", "ім")),
    "p1pl": (("мыз", "міз"), ("ымыз", "іміз")), "p2sg": (("ң", "ң"), ("ың", "ің")),
    "p2pol": (("ңыз", "ңіз"), ("ыңыз", "іңіз")),
}


def _kk_generate(stem: str, chain: _Chain, *, after_poss3: bool = False,
                 harmony: str | None = None, final: str | None = None) -> tuple[str, str]:
    """Attach ``chain`` to ``stem``: returns (stem as written before the suffix, suffix).

    ``harmony``/``final`` override what is read from the stem (used to list every variant
    after acronyms and digits, whose pronunciation the spelling does not tell).
    """
    h = 0 if (harmony or _kk_harmony(stem)) == "back" else 1
    cur_final = final or _kk_final(stem)
    suffix, poss3 = "", after_poss3

    def add(piece: str) -> None:
        nonlocal suffix, cur_final
        suffix += piece
        if piece:
            cur_final = _kk_final(piece)

    if chain.plural:
        add(_KK_CASE_FORMS["plural"][cur_final][h])
    if chain.poss:
        vowel_final = cur_final == "vowel"
        add(_KK_POSS_FORMS[chain.poss][0 if vowel_final else 1][h])
        poss3 = chain.poss == "p3"
    if chain.case != "nominative":
        if poss3:
            add(_KK_AFTER_POSS3[chain.case][h])
        elif chain.poss in {"p1sg", "p2sg"} and chain.case == "dative":
            add(("а", "е")[h])
        else:
            add(_KK_CASE_FORMS[chain.case][cur_final][h])
    if chain.gy:
        add(("ғы", "гі")[h])
    written = stem
    if suffix[:1] in _KK_VOWELS and stem[-1:].lower() in _KK_VOICING and not _kk_hyphenated(stem):
        voiced = _KK_VOICING[stem[-1:].lower()]
        written = stem[:-1] + (voiced.upper() if stem[-1:].isupper() else voiced)
    return written, suffix


def _kk_hyphenated(stem: str) -> bool:
    """Suffixes follow a hyphen after acronyms (БҰҰ-ға, ЕҚЫҰ-ның) and digits (2019-да)."""
    letters = [c for c in stem.split()[-1] if c.isalpha()]
    return (stem[-1:].isdigit() or (len(letters) >= 2 and all(c.isupper() for c in letters))
            or bool(letters and _LAT.search(letters[-1])))


def _kk_after_poss3(rendering: str) -> bool:
    """A multi-word kk term whose last word carries the izafet possessive (Қазақстан Республикасы).

    Agent nouns in -шы/-ші (құқық қорғаушы) end in the same vowel but are not possessive.
    """
    last = rendering.split()[-1].lower()
    return len(rendering.split()) > 1 and last[-1:] in "ыі" and not last.endswith(("шы", "ші"))


@lru_cache(maxsize=2048)
def _kk_suffix_table(rendering: str) -> dict[str, list[tuple[str, _Chain]]]:
    """Every admissible (written stem, chain) for each suffix surface of a kk rendering."""
    after = _kk_after_poss3(rendering)
    table: dict[str, list[tuple[str, _Chain]]] = {}
    variants: list[tuple[str | None, str | None]] = [(None, None)]
    if _kk_hyphenated(rendering):
        variants += list(product(("back", "front"),
                                 ("vowel", "ryu", "l", "mnn", "zj", "voiceless")))
    for chain in _kk_all_chains(after):
        for harmony, final in variants:
            written, suffix = _kk_generate(rendering, chain, after_poss3=after,
                                           harmony=harmony, final=final)
            table.setdefault(suffix, []).append((written, chain))
            if chain.case == "instrumental" and not chain.gy:  # мен/бен/пен vary in use
                for alt in ("мен", "бен", "пен"):
                    table.setdefault(suffix[:-3] + alt, []).append((written, chain))
        if _kk_front_loan(rendering) and chain != _Chain():  # пакт → пакт-і-нің, пакт-і-ге
            _, suffix = _kk_generate(rendering, chain, after_poss3=after, harmony="front",
                                     final="vowel")
            table.setdefault("і" + suffix, []).append((rendering, chain))
    return table


def _kk_front_loan(rendering: str) -> bool:
    """A back-vowel loanword ending in a consonant cluster, which may take front suffixes.

    Official Kazakh writes пакт → пактінің, пактіні, Пактіге and акт → актісі, факт → фактілер:
    an epenthetic і closes the cluster and the suffixes follow it (front, after a vowel),
    whatever the stem's vowels. Both spellings are accepted.
    """
    last = rendering.split()[-1].lower()
    return (len(last) >= 3 and bool(_CYR.search(last)) and last[-1] not in _KK_VOWELS
            and last[-2] not in _KK_VOWELS and last[-1] not in "йуьъ"
            and last[-2] not in "йуьъ" and _kk_harmony(last) == "back")


#: Any run of letters: the suffix group of ``_kk_pattern(..., any_suffix=True)``.
_KK_ANY_SUFFIX = r"[^\W\d_]+"
_LETTERS = re.compile(_KK_ANY_SUFFIX)


def _kk_yo(text: str) -> str:
    """``text`` with ё read as е: the suffixes' patterns (``_lit``) take either."""
    return text.replace("ё", "е").replace("Ё", "Е")


@lru_cache(maxsize=2048)
def _kk_suffixes(rendering: str) -> frozenset[str] | None:
    """The suffix surfaces of a kk rendering (ё read as е), for checking what the letters
    after a match of ``_kk_pattern(rendering, any_suffix=True)`` are; None when a suffix is
    not all letters (the pattern must then list them)."""
    keys = [s for s in _kk_suffix_table(rendering) if s]
    if not keys or not all(_LETTERS.fullmatch(s) for s in keys):
        return None
    return frozenset(_kk_yo(s) for s in keys)


def _kk_pattern(rendering: str, *, any_suffix: bool = False) -> str:
    """Regex for a kk rendering: group ``stem``, then group ``suffix`` (a hyphen first after
    acronyms and digits) listing every suffix chain; with ``any_suffix`` (only when
    ``_kk_suffixes`` is not None) any run of letters instead, which ``find_renderings``
    then checks against ``_kk_suffixes``: the same matches from a pattern a hundred times
    smaller (a regex listing several hundred suffixes takes ~50 ms to compile)."""
    table = _kk_suffix_table(rendering)
    hyphen = _HYPHEN_RE if _kk_hyphenated(rendering) else ""
    body, last = rendering[:-1], rendering[-1:]
    if last.lower() in _KK_VOICING:  # Қазақ -> Қазағы; accept the unvoiced spelling too
        v = _KK_VOICING[last.lower()]
        last_re = f"[{re.escape(last)}{re.escape(v.upper() if last.isupper() else v)}]"
    else:
        last_re = re.escape(last)
    stem_re = (_lit(body, fold_first=True) if body else "") + (
        last_re if body else _lit(last, fold_first=True))
    suffixes = _KK_ANY_SUFFIX if any_suffix else _alternation([_lit(s) for s in table if s])
    return f"{_LEFT}(?P<stem>{stem_re})(?P<suffix>{hyphen}{suffixes})?{_RIGHT}"


def _kk_parse_suffix(rendering: str, suffix: str) -> _Chain | None:
    chains = _kk_suffix_table(rendering).get(suffix.lstrip(_HYPHENS))
    return chains[0][1] if chains else None


def _kk_any_chain(suffix: str) -> _Chain | None:
    """Parse a suffix glued to a mask token, whatever stem it was made for."""
    s = suffix.lstrip(_HYPHENS).lower()
    for probe in ("ала", "әке", "Нұр-Сұлтан", "Бішкек", "Қазақстан Республикасы", "Тараз",
                  "Тоқаев", "ел", "жер", "БҰҰ", "2019"):
        chains = _kk_suffix_table(probe).get(s)
        if chains:
            return chains[0][1]
    return None


def attach_suffix(rendering: str, suffix: str) -> str:
    """Put a Kazakh suffix chain, taken from another stem, on ``rendering`` with its own harmony.

    Example: ``attach_suffix("Нұр-Сұлтан", "да")`` is ``"Нұр-Сұлтанда"`` and
    ``attach_suffix("Бішкек", "-ға")`` is ``"Бішкекке"``. An unparsable suffix is kept as is.

    Args:
        rendering: The approved Kazakh term in the nominative.
        suffix: The suffix found on a wrong variant or glued to a mask (leading hyphen allowed).

    Returns:
        The term with the suffix re-harmonised.
    """
    if not suffix.strip(_HYPHENS):
        return rendering
    chain = _kk_any_chain(suffix)
    if chain is None:
        return rendering + suffix
    return _kk_with_chain(rendering, chain)


def _kk_with_chain(rendering: str, chain: _Chain) -> str:
    after = _kk_after_poss3(rendering)
    if after and (chain.plural or chain.poss):
        chain = _Chain(case=chain.case, gy=chain.gy)
    written, suffix = _kk_generate(rendering, chain, after_poss3=after)
    if not suffix:
        return rendering
    return written + ("-" if _kk_hyphenated(rendering) else "") + suffix
