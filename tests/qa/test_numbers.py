"""Locale-aware number, percentage and date matching (l10n.qa.numbers)."""

from __future__ import annotations

import pytest

from l10n.qa.numbers import missing_numbers, source_numbers

N, NN = "\u00a0", "\u202f"

ACCEPTED = [
    ("Last elected with 97.7% of the vote.", "набрав 97,7 % голосов.", "ru"),
    ("Last elected with 97.7% of the vote.", "набрав 97,7% голосов.", "ru"),
    ("Last elected with 97.7% of the vote.", f"avec 97,7{N}% des voix.", "fr"),
    ("Last elected with 97.7% of the vote.", f"avec 97,7{NN}% des voix.", "fr"),
    ("Last elected with 97.7% of the vote.", "дауыстардың 97,7%-ын алып", "kk"),
    ("Almost 4000 protestors", "почти 4000 протестующих", "ru"),
    ("Almost 4000 protestors", "почти 4 000 протестующих", "ru"),
    ("Almost 4,000 protestors", f"près de 4{NN}000 manifestants", "fr"),
    ("Almost 4,000 protestors", f"près de 4{N}000 manifestants", "fr"),
    ("Almost 4000 protestors", "4000-ға жуық наразылық білдіруші", "kk"),
    ("held on June 9, 2019,", "состоявшихся 9 июня 2019 года", "ru"),
    ("held on June 9, 2019,", "состоявшихся 9 июня 2019 г.", "ru"),
    ("held on June 9, 2019,", "du 9 juin 2019", "fr"),
    ("held on June 9, 2019,", "2019 жылғы 9 маусымда өткен", "kk"),
    ("held on June 9, 2019,", "2019 жылғы 9 маусым", "kk"),
    ("erupted on 9 June", "вспыхнувшие 9 июня", "ru"),
    ("erupted on 1 June", "le 1er juin", "fr"),
    ("resigned in March 2019", "ушёл в отставку в марте 2019 года", "ru"),
    ("resigned in March 2019", "2019 жылғы наурызда", "kk"),
    ("after almost three decades", "почти три десятилетия", "ru"),
    ("requirements of Article 21", "требованиям статьи 21", "ru"),
    ("requirements of Article 21", "Пактінің 21-бабының талаптары", "kk"),
    ("Tokayev was elected with 71% of the vote.", "Тоқаев дауыстардың 71%-ын алып сайланды.",
     "kk"),
    ("Read <1>this</1> at https://x.org/2019/report", "Читайте <1>это</1> https://x.org/2019/report",
     "ru"),
]


@pytest.mark.parametrize("source,target,lang", ACCEPTED)
def test_accepted(source: str, target: str, lang: str) -> None:
    assert missing_numbers(source, target, lang) == []


REJECTED = [
    ("Last elected with 97.7% of the vote.", "набрав 97.7% голосов.", "ru", "English way"),
    ("Last elected with 97.7% of the vote.", "набрав 97 голосов.", "ru", "missing"),
    ("Tokayev was elected with 71% of the vote.", "Токаев избран, набрав 71 голос.", "ru",
     "percent sign"),
    ("Almost 4,000 protestors", "près de 4,000 manifestants", "fr", "English way"),
    ("Almost 4,000 protestors", "près de 400 manifestants", "fr", "missing"),
    ("held on June 9, 2019,", "состоявшихся 9 июля 2019 года", "ru", "date"),
    ("held on June 9, 2019,", "du 9 juin 2018", "fr", "2019"),
    ("held on June 9, 2019,", "2019 жылғы 19 маусымда", "kk", "date"),
    ("resigned in March 2019", "2019 жылғы сәуірде", "kk", "date"),
]


@pytest.mark.parametrize("source,target,lang,word", REJECTED)
def test_rejected(source: str, target: str, lang: str, word: str) -> None:
    messages = missing_numbers(source, target, lang)
    assert messages and word in " ".join(messages)


def test_source_numbers_kinds() -> None:
    found = source_numbers("On June 9, 2019, 97.7% of 4,000 voted; see Article 21.")
    assert [(n.kind, n.value) for n in found] == [
        ("date", ""), ("number", "2019"), ("percent", "97.7"), ("number", "4000"),
        ("number", "21")]
    assert (found[0].day, found[0].month, found[0].year) == (9, 6, 2019)
