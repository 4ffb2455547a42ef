"""Russian term forms: pymorphy3 lexemes for known words, endings for names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from l10n.glossary.termcheck.text import (
    _CYR,
    _FROM_PYMORPHY,
    _HYPHEN_RE,
    _HYPHENS,
    _LEFT,
    _PYMORPHY_CASE,
    _RIGHT,
    _alternation,
    _lit,
    _match_case,
)


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
