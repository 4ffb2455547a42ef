"""Glossary.find skips a term's regex search when the source cannot hold it (issue 10, item
6): a cheap ``in`` test on the lower-cased text, safe for the characters that
re.IGNORECASE takes for ASCII letters (ſ, ı, İ, the Kelvin sign)."""

from __future__ import annotations

from pathlib import Path

import polib

from l10n.glossary.csvfile import load_glossary
from l10n.glossary.model import Glossary, Term, _needles, _term_pattern

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = load_glossary(ROOT / "glossary", ("kk", "ru", "fr"))


def _every_search(glossary: Glossary, text: str) -> list[tuple[int, int, str]]:
    """What find gave searching every term's pattern (the reference)."""
    unfiltered = Glossary(glossary.terms)
    unfiltered._patterns = [(t, _term_pattern(t), None) for t in glossary.terms]
    return [(m.start, m.end, m.term.term) for m in unfiltered.find(text)]


def _texts() -> list[str]:
    po = polib.pofile(str(ROOT / "locales" / "ru" / "LC_MESSAGES" /
                          "kazakhstan-impunity-2019.po"))
    texts = [e.msgid for e in po]
    odd = {"s": "\u017f", "i": "\u0131", "k": "\u212a"}
    out = []
    for text in texts:
        out += [text, text.upper(), text.lower(), text.replace("I", "\u0130")]
        for plain, other in odd.items():
            out.append(text.replace(plain, other))
    return out + ["Kazakhſtan’s NGOs", "KAZAKHSTAN", "the ICCPR’s <1>Article 21</1>",
                  "Nur\u2011Sultan and Nur-Sultan’s", "Ministry of the Interior's"]


def test_find_gives_what_searching_every_term_gives() -> None:
    for text in _texts():
        found = [(m.start, m.end, m.term.term) for m in GLOSSARY.find(text)]
        assert found == _every_search(GLOSSARY, text), text


def test_odd_case_letters_still_match() -> None:
    glossary = Glossary([Term("Kazakhstan"), Term("Ministry", case_sensitive=False),
                         Term("Tokayev")])
    assert [m.surface for m in glossary.find("Kazakhſtan, mınıstry and \u212aazakhstan")] \
        == ["Kazakhſtan", "mınıstry", "\u212aazakhstan"]
    assert _needles(Term("Ministry")) == frozenset({"ministr"})
    assert _needles(Term("UN", variants=("U N",))) is None  # "U": too short to test
