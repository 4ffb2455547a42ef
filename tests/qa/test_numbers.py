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


# ---- issue 10: ranges sharing a month, numbers in words, ordinals

RANGE = "The observers worked in Kazakhstan from January 11 to 25, 2021."
ACCEPTED_LANGUAGE_AWARE = [
    (RANGE, "Наблюдатели работали в Казахстане с 11 по 25 января 2021 года.", "ru"),
    (RANGE, "Наблюдатели работали в Казахстане с 11-го по 25-е января 2021 года.", "ru"),
    (RANGE, "Les observateurs ont travaillé au Kazakhstan du 11 au 25 janvier 2021.", "fr"),
    (RANGE, "Байқаушылар Қазақстанда 2021 жылғы 11–25 қаңтар аралығында жұмыс істеді.", "kk"),
    (RANGE, "Байқаушылар 2021 жылғы қаңтардың 11-і мен 25-і аралығында жұмыс істеді.", "kk"),
    ("from 11 January to 25 January 2021", "2021 жылғы 11-нен 25 қаңтарға дейін", "kk"),
    ("between 11 and 25 January", "entre le 11 et le 25 janvier", "fr"),
    ("on 11-25 January", "11–25 қаңтар", "kk"),
    ("on January 11–25", "с 11 по 25 января", "ru"),
    ("Two journalists were detained.", "Двое журналистов были задержаны.", "ru"),
    ("Two journalists were detained.", "2 журналиста были задержаны.", "ru"),
    ("Two journalists were detained.", "Deux journalistes ont été interpellés.", "fr"),
    ("Two journalists were detained.", "Екі журналист ұсталды.", "kk"),
    ("The two journalists were released.", "Оба журналиста были освобождены.", "ru"),
    ("The two journalists were released.", "Журналистердің екеуі де босатылды.", "kk"),
    ("a two-day visit", "двухдневный визит", "ru"),
    ("after almost three decades", "үш онжылдыққа жуық", "kk"),
    ("sentenced 2 activists and fined 5 others", "приговорил двух активистов, а пятерых "
     "оштрафовал", "ru"),
    ("sentenced 2 activists and fined 5 others", "condamné deux militants, et cinq autres",
     "fr"),
    ("sentenced 2 activists and fined 5 others", "екі белсендіні, ал тағы бесеуін", "kk"),
    ("its 2nd periodic report", "свой второй периодический доклад", "ru"),
    ("its 2nd periodic report", "son deuxième rapport périodique", "fr"),
    ("its 2nd periodic report", "өзінің екінші мерзімді баяндамасы", "kk"),
    ("the 1st round", "le premier tour", "fr"),
    ("the 3rd round", "үшінші тур", "kk"),
    ("the 21st session", "21-я сессия", "ru"),
    ("5% of the vote", "пять процентов голосов", "ru"),
]


@pytest.mark.parametrize("source,target,lang", ACCEPTED_LANGUAGE_AWARE)
def test_ranges_words_and_ordinals_accepted(source: str, target: str, lang: str) -> None:
    assert missing_numbers(source, target, lang) == []


REJECTED_LANGUAGE_AWARE = [
    (RANGE, "Наблюдатели работали в Казахстане с 11 по 26 января 2021 года.", "ru", "25"),
    (RANGE, "Les observateurs ont travaillé au Kazakhstan du 12 au 25 janvier 2021.", "fr",
     "11"),
    (RANGE, "Байқаушылар Қазақстанда 11–25 қаңтар аралығында жұмыс істеді.", "kk", "2021"),
    (RANGE, "Наблюдатели работали в Казахстане с 11 по 25 февраля 2021 года.", "ru",
     "date"),
    ("Two journalists were detained.", "Трое журналистов были задержаны.", "ru", "'Two'"),
    ("Two journalists were detained.", "Журналисты были задержаны.", "ru", "'Two'"),
    ("sentenced 2 activists", "приговорил трёх активистов", "ru", "2 is missing"),
    ("sentenced 2 activists", "a condamné vingt-deux militants", "fr", "2 is missing"),
    ("its 2nd periodic report", "свой третий периодический доклад", "ru", "2 is missing"),
    ("three activists were detained", "белсенділер үшін", "kk", "'three'"),
    ("six activists", "алтын белсенділер", "kk", "'six'"),
    ("5% of the vote", "пять голосов", "ru", "percent sign"),
]


@pytest.mark.parametrize("source,target,lang,word", REJECTED_LANGUAGE_AWARE)
def test_changed_or_lost_numbers_still_found(source: str, target: str, lang: str,
                                             word: str) -> None:
    messages = missing_numbers(source, target, lang)
    assert messages and word in " ".join(messages), messages


def test_source_ranges_and_words() -> None:
    found = source_numbers("From January 11 to 25, 2021, two of 15 observers left.")
    assert [(n.kind, n.surface, n.day, n.value) for n in found] == [
        ("date", "January 11", 11, ""), ("date", "January 25", 25, ""),
        ("number", "2021", 0, "2021"), ("number", "two", 0, "2"), ("number", "15", 0, "15")]
    assert found[0].month == found[1].month == 1 and found[0].year == 2021
    # "one" (a pronoun as often as a number), ordinal words and "twenty-two" are not kept
    assert source_numbers("One of the first twenty-two observers") == []


def test_a_number_inside_a_larger_one_is_not_written_the_english_way() -> None:
    assert missing_numbers("5 others and 15 days", "15 суток", "ru") == [
        "5 is missing (in ru: 5)"]


def test_ru_and_kk_join_alternatives_with_a_hyphen() -> None:
    assert missing_numbers("two or three observers", "два-три наблюдателя", "ru") == []
    assert missing_numbers("two or three observers", "екі-үш байқаушы", "kk") == []
