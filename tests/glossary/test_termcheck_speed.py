"""Kazakh term patterns take any letters as the suffix and check them against the suffix
table afterwards (issue 10, item 6): the same hits as a pattern listing every suffix,
from a pattern small enough to compile in a fraction of the time."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from l10n.glossary.csvfile import load_glossary
from l10n.glossary.termcheck import match
from l10n.glossary.termcheck.kk import _KK_VOWELS, _kk_pattern, _kk_suffix_table
from l10n.glossary.termcheck.text import TermHit

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = load_glossary(ROOT / "glossary", ("kk", "ru", "fr"))
KK = sorted({r for t in GLOSSARY.terms
             for r in (*GLOSSARY.accepted(t, "kk"), *t.avoid.get("kk", ()))}
            | {"Тараз", "Бішкек", "2019", "Қазақ", "пакт"})


def _listing_hits(text: str, rendering: str) -> list[TermHit]:
    """What find_renderings gave with the pattern that lists every suffix (the reference)."""
    base = " ".join(rendering.split())
    hits = []
    for m in re.finditer(_kk_pattern(base), text):
        suffix = m.group("suffix") or ""
        if m.group("stem")[-1:] != base[-1:] and suffix[:1].lower() not in _KK_VOWELS:
            continue
        hits.append(TermHit(m.start(), m.end(), m.group(0), suffix, rendering))
    return hits


def _texts(rendering: str, rng: random.Random) -> list[str]:
    suffixes = [s for s in _kk_suffix_table(rendering) if s][::7]
    letters = "аеёіоұүқғңнлдтсмрыЁЕ"
    out = []
    for suffix in suffixes + ["", "ақ", "xyz", "ның1", "_", "ёнің", "да-ақ"]:
        for hyphen in ("", "-"):
            for tail in ("", ".", "-ақ", "1", "- "):
                out.append(f"Бұл {rendering}{hyphen}{suffix}{tail} туралы.")
    for _ in range(60):
        junk = "".join(rng.choice(letters) for _ in range(rng.randint(0, 5)))
        out.append(f"{rng.choice(['', 'мен '])}{rendering}{rng.choice(['', '-'])}{junk}"
                   f"{rng.choice(['', ' ', ', ', '-'])}{rendering.lower()}{junk} {rendering}")
    return out


@pytest.mark.parametrize("rendering", KK)
def test_kk_hits_are_those_of_the_listing_pattern(rendering: str) -> None:
    rng = random.Random(rendering)
    for text in _texts(rendering, rng):
        assert match.find_renderings(text, rendering, "kk") == _listing_hits(text, rendering), text


def test_kk_patterns_are_small() -> None:
    # Listing every suffix chain made patterns of ~5,800 characters after acronyms.
    for rendering in KK:
        assert len(match._compiled(rendering, "kk").pattern.pattern) < 1000, rendering
