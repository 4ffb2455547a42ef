"""What the term matchers of every language share: case names, hits, regex pieces."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

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


@lru_cache(maxsize=256)
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
