"""CheckContext.terms: a source's glossary terms are found once per glossary, whatever the
target language asking, and never taken from another glossary's lookups."""

from __future__ import annotations

import pytest

from l10n.glossary.model import Glossary, Term
from l10n.qa.registry import CheckContext

SOURCE = "Protests in Nur-Sultan, see https://example.org/nur-sultan"


def _glossary(rendering: str) -> Glossary:
    return Glossary([Term("Nur-Sultan", renderings={"ru": rendering, "kk": rendering,
                                                    "fr": "Nour-Soultan"})])


def test_languages_share_one_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = _glossary("Нур-Султан")
    calls: list[str] = []
    find = glossary.find
    monkeypatch.setattr(glossary, "find", lambda text: calls.append(text) or find(text))
    found = [CheckContext(lang=lang, glossary=glossary).terms(SOURCE)
             for lang in ("kk", "ru", "fr")]
    assert len(calls) == 1
    assert found[0] == found[1] == found[2]
    # The address is masked: one term, at the name outside it, with its surface.
    assert [(m.term.term, m.surface, m.start) for m in found[0]] == [
        ("Nur-Sultan", "Nur-Sultan", SOURCE.index("Nur"))]


def test_glossaries_do_not_share() -> None:
    first, second = _glossary("Нур-Султан"), Glossary([])
    assert CheckContext(lang="ru", glossary=first).terms(SOURCE)
    assert CheckContext(lang="ru", glossary=second).terms(SOURCE) == []
