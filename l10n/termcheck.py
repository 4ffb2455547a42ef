"""Find glossary renderings in a translation in any admissible inflected form, and repair wrong ones.

Target languages differ in how a term may change inside a sentence:

* fr: exact (first letter may change case; ``'`` and ``’`` are the same).
* ru: the leading words of the term (adjectives, the head noun, names in apposition) take case
  endings; known words use their pymorphy3 lexeme, unknown words (names) a list of endings.
  Words after the head ("ООН по правам человека") stay as they are.
* kk: suffixes (plural × possessive × case) attach to the last word only, with vowel harmony,
  consonant assimilation and п/к/қ voicing; after acronyms and digits a hyphen comes first.

Everything works on plain strings; see ``notes/mt-engines.md`` ("Glossary enforcement that
survives inflection").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any

__all__ = [
    "CASES", "TermHit", "attach_suffix", "case_from_context", "find_rendering",
    "find_renderings", "find_wrong", "inflect", "mixed_script_words", "repair",
]

#: Canonical case names accepted and returned by this module.
CASES = ("nominative", "genitive", "dative", "accusative", "locative", "ablative", "instrumental")

# pymorphy3 codes and short names. Careful: pymorphy's "ablt" is the Russian *instrumental*
# (творительный); the Kazakh ablative (шығыс септік) is "ablative"/"abl".
_CASE_ALIASES = {
    "nomn": "nominative", "nom": "nominative", "gent": "genitive", "gen": "genitive",
    "datv": "dative", "dat": "dative", "accs": "accusative", "acc": "accusative",
    "loct": "locative", "loc": "locative", "prepositional": "locative", "ablt": "instrumental",
    "ins": "instrumental", "instr": "instrumental", "abl": "ablative",
}
_PYMORPHY_CASE = {"nominative": "nomn", "genitive": "gent", "dative": "datv",
                  "accusative": "accs", "locative": "loct", "instrumental": "ablt"}
_FROM_PYMORPHY = {v: k for k, v in _PYMORPHY_CASE.items()}

_HYPHENS = "-\u2010\u2011"
_HYPHEN_RE = "[-\u2010\u2011]"
_APOSTROPHES = "'\u2019\u02bc"
_LEFT = r"(?<![\w\-\u2010\u2011])"
_RIGHT = r"(?!\w|[-\u2010\u2011]\w)"
_CYR = re.compile(r"[\u0400-\u052f]")
_LAT = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True)
class TermHit:
    """One occurrence of a rendering (approved or wrong) in a text.

    Attributes:
        start: Offset of the first character in the text.
        end: Offset just past the last character.
        text: The form as it appears, e.g. "Нур-Султане".
        suffix: The ending (ru) or suffix chain (kk, with its hyphen after acronyms/digits) that
            the form adds to the rendering's stem; "" for the base form and for fr.
        rendering: The rendering that matched (useful for ``find_wrong``).
    """

    start: int
    end: int
    text: str
    suffix: str
    rendering: str


def _canon_case(case: str) -> str:
    c = case.strip().lower()
    c = _CASE_ALIASES.get(c, c)
    if c not in CASES:
        raise ValueError(f"unknown case {case!r}; expected one of {', '.join(CASES)}")
    return c


def _lang(lang: str) -> str:
    return re.split(r"[_\-@.]", lang.strip().lower(), maxsplit=1)[0]


def _lit(s: str, *, fold_first: bool = False) -> str:
    """Regex for a literal with е/ё, hyphens, apostrophes and spaces made tolerant."""
    out = []
    for i, ch in enumerate(s):
        if ch in "еёЕЁ":
            out.append("[ЕЁеё]" if i == 0 and fold_first else ("[её]" if ch in "её" else "[ЕЁ]"))
        elif ch in _HYPHENS:
            out.append(_HYPHEN_RE)
        elif ch in _APOSTROPHES:
            out.append("['\u2019\u02bc]")
        elif ch.isspace():
            out.append(r"\s+")
        elif i == 0 and fold_first and ch.lower() != ch.upper():
            out.append(f"[{re.escape(ch.upper())}{re.escape(ch.lower())}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alternation(options: Sequence[str]) -> str:
    return "(?:" + "|".join(sorted(set(options), key=lambda x: (-len(x), x))) + ")"


def _match_case(form: str, model: str) -> str:
    """Give ``form`` (lowercase, from pymorphy) the capitalisation of ``model``, part by part."""
    fparts, mparts = re.split(r"([-\u2010\u2011])", form), re.split(r"([-\u2010\u2011])", model)
    if len(fparts) != len(mparts):
        mparts = [model] * len(fparts)
    out = []
    for f, m in zip(fparts, mparts):
        if len(m) > 1 and m.isupper():
            out.append(f.upper())
        elif m[:1].isupper():
            out.append(f[:1].upper() + f[1:])
        else:
            out.append(f)
    return "".join(out)


def _common_suffix(form: str, base: str) -> str:
    """What ``form`` adds after the longest prefix it shares with ``base`` (е/ё, case folded)."""
    def norm(s: str) -> str:
        return re.sub(_HYPHEN_RE, "-", s.lower().replace("ё", "е"))
    f, b = norm(form), norm(base)
    i = 0
    while i < min(len(f), len(b)) and f[i] == b[i]:
        i += 1
    return form[i:]


# ---------------------------------------------------------------------------------------------
# Russian
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3  # imported lazily: ~0.1 s and 16 MB of dictionaries

    return pymorphy3.MorphAnalyzer()


_RU_ENDINGS = ("", "а", "я", "у", "ю", "ом", "ем", "ём", "ым", "им", "е", "и", "ы", "ой", "ей",
               "ою", "ею", "ов", "ев", "ам", "ям", "ами", "ями", "ах", "ях", "ых", "их", "ого",
               "его", "ому", "ему", "ую", "юю", "ая", "яя", "ое", "ее", "ые", "ие", "ь", "й")
_RU_NAME_TAGS = {"Name", "Surn", "Patr"}
_RU_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын)$")


@dataclass(frozen=True)
class _RuWord:
    text: str
    role: str  # "inflect", "optional" (apposition that may or may not agree) or "fixed"
    parse: Any  # pymorphy3 Parse of the nominative form, or None (unknown: use endings)


def _ru_nominative_parse(word: str) -> Any:
    parses = [p for p in _morph().parse(word)
              if p.is_known and "nomn" in p.tag and p.tag.POS in {"NOUN", "ADJF", "PRTF"}]
    return max(parses, key=lambda p: p.score) if parses else None


@lru_cache(maxsize=2048)
def _ru_analyse(rendering: str) -> tuple[_RuWord, ...]:
    """Decide which words of a Russian rendering inflect: modifiers + head + names after it."""
    words, out, state = rendering.split(), [], "before"
    for w in words:
        p = _ru_nominative_parse(w)
        name_like = (w[:1].isupper() and bool(_CYR.search(w))
                     and (p is None or bool(_RU_NAME_TAGS & p.tag.grammemes)))
        role = "fixed"
        if state == "before":
            if p is not None and p.tag.POS in {"ADJF", "PRTF"}:
                role = "inflect"
            elif (p is not None and p.tag.POS == "NOUN") or name_like:
                role, state = "inflect", "after"
            else:
                state = "done"
        elif state == "after":
            if name_like:
                role = "inflect"
            elif p is not None and "Geox" in p.tag:
                role = "optional"
            else:
                state = "done"
        out.append(_RuWord(w, role, p))
    return tuple(out)


def _ru_lexeme(word: _RuWord) -> list[str]:
    p = word.parse
    forms = []
    for f in p.lexeme:
        if p.tag.number and f.tag.number and f.tag.number != p.tag.number:
            continue
        if p.tag.POS == "ADJF" and p.tag.gender and f.tag.gender and f.tag.gender != p.tag.gender:
            continue
        forms.append(_match_case(f.word, word.text))
    return forms


def _ru_fallback_regex(word: str, fold_first: bool) -> str:
    parts = re.split(r"[-\u2010\u2011]", word)
    out = []
    for i, part in enumerate(parts):
        ff = fold_first and i == 0
        low = part.lower()
        if low[-1:] in "аяьй" and len(part) > 2:
            out.append(_lit(part[:-1], fold_first=ff) + _alternation(_RU_ENDINGS))
        elif low[-1:] in "оеиуыюэ" or not part.isalpha():
            out.append(_lit(part, fold_first=ff))
        else:
            out.append(_lit(part, fold_first=ff) + _alternation(_RU_ENDINGS))
    return _HYPHEN_RE.join(out)


def _ru_pattern(rendering: str) -> tuple[str, int]:
    """Regex for a Russian rendering; group ``w<i>`` holds word i. Returns (regex, head index)."""
    words = _ru_analyse(rendering)
    pieces, head = [], 0
    for i, w in enumerate(words):
        first = i == 0
        if w.role == "fixed":
            body = _lit(w.text, fold_first=first)
        elif w.parse is not None:
            body = _alternation([_lit(f, fold_first=first) for f in _ru_lexeme(w)]
                                + [_lit(w.text, fold_first=first)])
        else:
            body = _ru_fallback_regex(w.text, first)
        if w.role == "inflect":
            head = i
        pieces.append(f"(?P<w{i}>{body})")
    return _LEFT + r"\s+".join(pieces) + _RIGHT, head


def _ru_fallback_form(word: str, case: str, animate: bool) -> str:
    """Inflect an unknown (name-like) word by its ending; hyphenated parts inflect each."""
    if any(h in word for h in _HYPHENS):
        parts = re.split(r"([-\u2010\u2011])", word)
        return "".join(p if p in _HYPHENS else _ru_fallback_form(p, case, animate) for p in parts)
    if case == "nominative" or len(word) < 2:
        return word
    low, stem, last = word.lower(), word[:-1], word[-1:].lower()
    hush = stem[-1:].lower() in "гкхжшчщ"
    if last in "оеиуыюэ":
        return word  # indeclinable (Алматы, Тбилиси, Бишкеке is not a nominative)
    if re.search(r"(?:ова|ева|ёва|ина|ына)$", low):  # female surname
        return word[:-1] + {"accusative": "у"}.get(case, "ой")
    if last == "а":
        return stem + {"genitive": "и" if hush else "ы", "dative": "е", "accusative": "у",
                       "instrumental": "ей" if stem[-1:].lower() in "жшчщц" else "ой",
                       "locative": "е"}[case]
    if last == "я":
        return stem + {"genitive": "и", "dative": "и" if low.endswith("ия") else "е",
                       "accusative": "ю", "instrumental": "ей",
                       "locative": "и" if low.endswith("ия") else "е"}[case]
    if last in "ьй":
        acc = "я" if animate else last
        return stem + {"genitive": "я", "dative": "ю", "accusative": acc, "instrumental": "ем",
                       "locative": "е"}[case]
    surname = bool(_RU_SURNAME.search(low))
    ins = "ым" if surname else ("ем" if last in "жшчщц" else "ом")
    return word + {"genitive": "а", "dative": "у", "accusative": "а" if animate else "",
                   "instrumental": ins, "locative": "е"}[case]


def _ru_inflect(rendering: str, case: str) -> str:
    words = _ru_analyse(rendering)
    if case == "nominative":
        return rendering
    heads = [w for w in words if w.role == "inflect"]
    names = [w for w in heads if w.parse is None or _RU_NAME_TAGS & w.parse.tag.grammemes]
    head_nouns = [w for w in heads if w.parse is not None and w.parse.tag.POS == "NOUN"]
    if head_nouns:
        animate = head_nouns[0].parse.tag.animacy == "anim"
    else:
        animate = len(names) >= 2 or any(_RU_SURNAME.search(w.text.lower()) for w in names)
    out = []
    for w in words:
        if w.role != "inflect":
            out.append(w.text)
            continue
        if w.parse is None:
            out.append(_ru_fallback_form(w.text, case, animate))
            continue
        grams = {_PYMORPHY_CASE[case]}
        if case == "accusative" and w.parse.tag.POS in {"ADJF", "PRTF"}:
            grams.add("anim" if animate else "inan")
        form = w.parse.inflect(grams) or w.parse.inflect({_PYMORPHY_CASE[case]})
        out.append(_match_case(form.word, w.text) if form else w.text)
    return " ".join(out)


def _ru_cases_of(form: str, word: _RuWord) -> list[str]:
    """Cases that ``form`` may express as a form of ``word`` (most likely first)."""
    if word.parse is not None:
        nf, pos = word.parse.normal_form, word.parse.tag.POS
        found = [_FROM_PYMORPHY.get(p.tag.case) for p in _morph().parse(form)
                 if p.normal_form == nf and p.tag.POS == pos]
        cases = [c for c in found if c]
    else:
        cases = [c for c in _PYMORPHY_CASE
                 for anim in (False, True)
                 if _ru_fallback_form(word.text, c, anim).lower().replace("ё", "е")
                 == form.lower().replace("ё", "е")]
    return list(dict.fromkeys(cases))


# ---------------------------------------------------------------------------------------------
# Kazakh
# ---------------------------------------------------------------------------------------------

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


def _kk_pattern(rendering: str) -> str:
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
    suffixes = _alternation([_lit(s) for s in table if s])
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


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _compiled(rendering: str, lang: str) -> tuple[re.Pattern[str], int]:
    rendering = " ".join(rendering.split())
    if lang == "ru":
        pattern, head = _ru_pattern(rendering)
        return re.compile(pattern), head
    if lang == "kk":
        return re.compile(_kk_pattern(rendering)), 0
    return re.compile(_LEFT + _lit(rendering, fold_first=True) + _RIGHT), 0


def find_renderings(text: str, rendering: str, lang: str) -> list[TermHit]:
    """Every occurrence of ``rendering`` in ``text`` in an admissible form, left to right.

    Args:
        text: A translation.
        rendering: The term as the glossary gives it (nominative, singular).
        lang: Target language: "kk", "ru", "fr" (others are matched like fr: exactly).

    Returns:
        The hits, not overlapping.
    """
    if not rendering.strip():
        return []
    lang = _lang(lang)
    pattern, head = _compiled(rendering, lang)
    base = " ".join(rendering.split())
    hits = []
    for m in pattern.finditer(text):
        if lang == "ru":
            suffix = _common_suffix(m.group(f"w{head}"), base.split()[head])
        elif lang == "kk":
            suffix = m.group("suffix") or ""
            voiced = m.group("stem")[-1:] != base[-1:]
            if voiced and suffix[:1].lower() not in _KK_VOWELS:
                continue  # "Қазағ", "Қазағқа": voicing only before a vowel-initial suffix
        else:
            suffix = ""
        hits.append(TermHit(m.start(), m.end(), m.group(0), suffix, rendering))
    return hits


def find_rendering(text: str, rendering: str, lang: str) -> TermHit | None:
    """The first occurrence of the approved ``rendering`` in ``text``, in any admissible form.

    >>> find_rendering("Встреча прошла в Нур-Султане.", "Нур-Султан", "ru").text
    'Нур-Султане'
    >>> find_rendering("Кездесу Нұр-Сұлтанда өтті.", "Нұр-Сұлтан", "kk").suffix
    'да'
    >>> find_rendering("Встреча прошла в Нурсултане.", "Нур-Султан", "ru") is None
    True
    """
    hits = find_renderings(text, rendering, lang)
    return hits[0] if hits else None


def find_wrong(text: str, wrong_renderings: Sequence[str], lang: str) -> list[TermHit]:
    """Occurrences of known wrong renderings, inflection-tolerant, sorted, without overlaps.

    A longer hit wins over a shorter one at the same place. In ru, a one-word wrong rendering
    directly followed by a surname is taken for a first name and skipped ("Нурсултан
    Назарбаев" is not a misspelt "Нур-Султан").
    """
    lang = _lang(lang)
    found = [h for w in wrong_renderings for h in find_renderings(text, w, lang)
             if not (lang == "ru" and len(w.split()) == 1 and _before_surname(text, h.end))]
    found.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[TermHit] = []
    for h in found:
        if not out or h.start >= out[-1].end:
            out.append(h)
    return out


_NEXT_WORD = re.compile(r"\s+([А-ЯЁ][а-яё]+)")


def _before_surname(text: str, end: int) -> bool:
    """"Нурсултан Назарбаев" is a first name, not a misspelt city (ru only)."""
    m = _NEXT_WORD.match(text, end)
    if not m:
        return False
    word = m.group(1)
    return bool(re.search(r"(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ом|е|ой|ы|ых)?$", word)) or any(
        "Surn" in p.tag for p in _morph().parse(word)[:3])


def _ru_replacement(text: str, hit: TermHit, rendering: str) -> str:
    words = _ru_analyse(" ".join(hit.rendering.split()))
    heads = [i for i, w in enumerate(words) if w.role == "inflect"]
    if not heads:
        return rendering
    found = hit.text.split()
    i = heads[-1] if len(found) == len(words) else 0
    cases = _ru_cases_of(found[min(i, len(found) - 1)], words[i])
    if not cases:
        return rendering
    hinted = case_from_context("ru", text[:hit.start], text[hit.end:])
    case = hinted if hinted in cases else cases[0]
    if "nominative" in cases and hinted not in cases:
        case = "nominative"
    return _ru_inflect(" ".join(rendering.split()), case)


def repair(text: str, rendering: str, wrong_renderings: Sequence[str], lang: str) -> str | None:
    """Replace known wrong renderings by the approved one, keeping the case/suffix they carried.

    >>> repair("Форум прошёл в Нурсултане.", "Нур-Султан", ["Нурсултан"], "ru")
    'Форум прошёл в Нур-Султане.'
    >>> repair("Форум Астанада өтті.", "Нұр-Сұлтан", ["Астана"], "kk")
    'Форум Нұр-Сұлтанда өтті.'

    Returns:
        The repaired text, or None when no wrong rendering was found.
    """
    lang = _lang(lang)
    approved = find_renderings(text, rendering, lang)
    hits = [h for h in find_wrong(text, wrong_renderings, lang)
            if not any(a.start < h.end and h.start < a.end for a in approved)]
    if not hits:
        return None
    out = text
    for h in reversed(hits):
        if lang == "kk":
            chain = _kk_parse_suffix(" ".join(h.rendering.split()), h.suffix) if h.suffix else None
            new = _kk_with_chain(rendering, chain) if chain else (
                attach_suffix(rendering, h.suffix) if h.suffix else rendering)
        elif lang == "ru":
            new = _ru_replacement(text, h, rendering)
        else:
            new = rendering
        out = out[:h.start] + new + out[h.end:]
    return out


def inflect(rendering: str, lang: str, case: str) -> str:
    """Best-effort form of ``rendering`` in ``case`` (see ``CASES``; pymorphy codes accepted).

    kk: the case suffix with vowel harmony on the last word (hyphen after acronyms/digits).
    ru: pymorphy3 for known words, an ending table for names, else the base form.
    fr and others: unchanged. ``"ablt"`` is pymorphy's instrumental; the Kazakh ablative is
    ``"ablative"``.

    >>> inflect("Нұр-Сұлтан", "kk", "locative")
    'Нұр-Сұлтанда'
    >>> inflect("Уголовный кодекс", "ru", "gent")
    'Уголовного кодекса'
    """
    c, lang = _canon_case(case), _lang(lang)
    rendering = " ".join(rendering.split())
    if lang == "kk":
        return _kk_with_chain(rendering, _Chain(case=c))
    if lang == "ru":
        if c == "ablative":
            c = "genitive"  # Russian has no ablative; "from" is из/от + genitive
        return _ru_inflect(rendering, c)
    return rendering


_RU_PREPOSITIONS = {
    **dict.fromkeys(("в", "во", "на", "о", "об", "обо", "при"), "locative"),
    **dict.fromkeys(("из", "от", "до", "для", "у", "без", "около", "после", "вокруг", "против",
                     "кроме", "среди", "возле", "вблизи", "из-за", "из-под", "со стороны"),
                   "genitive"),
    **dict.fromkeys(("к", "ко", "по", "благодаря", "согласно", "вопреки"), "dative"),
    **dict.fromkeys(("через", "про", "сквозь"), "accusative"),
    **dict.fromkeys(("над", "под", "перед", "между", "с", "со"), "instrumental"),
}
_RU_MOTION = re.compile(r"(?:прибы|приех|поех|прилет|прилёт|отправ|верну|визит|поездк|направ|"
                        r"переех|перенес|пригла|командир|ехать|летет)\w*\s+(?:в|во|на)\s*$",
                        re.IGNORECASE)
_MASK_SUFFIX = re.compile(r"^[-\u2010\u2011]?([^\W\d_]+)")


def case_from_context(lang: str, before: str, after: str) -> str | None:
    """Guess the case a term should take from the text around a mask (or a found form).

    ru: the preposition just before (в/на → locative, but accusative after verbs of motion;
    из/от/до/для/у → genitive; к/по → dative; с/над/под/перед/между → instrumental).
    kk: a suffix glued to the mask ("[X0X]-те", "[X0X]да"). Others: None.

    >>> case_from_context("ru", "встреча в ", "")
    'locative'
    >>> case_from_context("kk", "Кездесу ", "-те өтті")
    'locative'
    """
    lang = _lang(lang)
    if lang == "ru":
        m = re.search(r"(?:^|[^\w-])((?:со\s+стороны)|[\w-]+)\s*[«\"„“(]?\s*$", before.lower())
        if not m:
            return None
        prep = " ".join(m.group(1).split())
        if prep in {"в", "во", "на"} and _RU_MOTION.search(before):
            return "accusative"
        if prep in {"с", "со"}:
            return "instrumental"
        return _RU_PREPOSITIONS.get(prep)
    if lang == "kk":
        m = _MASK_SUFFIX.match(after)
        if not m:
            return None
        chain = _kk_any_chain(m.group(1))
        return chain.case if chain else None
    return None


def mixed_script_words(text: str) -> list[str]:
    """Words that mix Latin and Cyrillic letters ("Нур-Sultan", Latin "a" in "Кaзахстан").

    Each such word once, in order of appearance.
    """
    words = re.findall(r"[^\W\d_]+(?:[-\u2010\u2011'\u2019][^\W\d_]+)*", text)
    return list(dict.fromkeys(w for w in words if _CYR.search(w) and _LAT.search(w)))
