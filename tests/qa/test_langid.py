"""Language identification: Kazakh vs Russian, French, English on press-release sentences."""

from __future__ import annotations

import time

import pytest

from l10n.qa import langid
from l10n.qa.langid import (answer_language, detect, is_language, name_key, same_name,
                            script_of, short_language)
from l10n.qa.runner import check_text

# Ten sentences per language, the same release written in each (our own translations).
CORPUS = {
    "en": [
        "The Kazakh authorities must immediately release the peaceful protesters detained in "
        "Nur-Sultan on Saturday.",
        "Our organisation has documented at least forty cases of torture in pre-trial detention "
        "since January 2019.",
        "The UN Human Rights Council will review Kazakhstan's record at its session in Geneva "
        "next month.",
        "Journalists who covered the demonstrations were fined or held in custody for up to "
        "fifteen days.",
        "We call on President Kassym-Jomart Tokayev to repeal Article 174 of the Criminal Code.",
        "The families of the victims are still waiting for an independent and effective "
        "investigation.",
        "Police officers responsible for ill-treatment have rarely been brought to justice.",
        "The report is based on interviews with more than sixty former detainees and their "
        "lawyers.",
        "Civil society groups in Almaty say that the new law on peaceful assemblies falls short "
        "of international standards.",
        "For further information, please contact our press office in London.",
    ],
    "ru": [
        "Власти Казахстана должны немедленно освободить мирных протестующих, задержанных в "
        "субботу в Нур-Султане.",
        "С января 2019 года наша организация задокументировала не менее сорока случаев пыток в "
        "местах предварительного заключения.",
        "В следующем месяце Совет ООН по правам человека рассмотрит положение в Казахстане на "
        "сессии в Женеве.",
        "Журналистов, освещавших демонстрации, оштрафовали или поместили под арест на срок до "
        "пятнадцати суток.",
        "Мы призываем президента Касым-Жомарта Токаева отменить статью 174 Уголовного кодекса.",
        "Семьи пострадавших до сих пор ждут независимого и эффективного расследования.",
        "Сотрудники полиции, виновные в жестоком обращении, редко несут ответственность.",
        "Доклад основан на интервью с более чем шестьюдесятью бывшими задержанными и их "
        "адвокатами.",
        "Представители гражданского общества в Алматы считают, что новый закон о мирных "
        "собраниях не соответствует международным стандартам.",
        "За дополнительной информацией обращайтесь в наш пресс-офис в Лондоне.",
    ],
    "kk": [
        "Қазақстан билігі сенбі күні Нұр-Сұлтанда ұсталған бейбіт наразылық білдірушілерді "
        "дереу босатуы керек.",
        "2019 жылдың қаңтарынан бері ұйымымыз тергеу изоляторларында азаптаудың кемінде қырық "
        "жағдайын құжаттады.",
        "Келесі айда БҰҰ-ның Адам құқықтары жөніндегі кеңесі Женевадағы сессиясында "
        "Қазақстандағы жағдайды қарайды.",
        "Наразылық акцияларын жазған журналистерге айыппұл салынды немесе олар он бес тәулікке "
        "дейін қамауға алынды.",
        "Біз Президент Қасым-Жомарт Тоқаевты Қылмыстық кодекстің 174-бабын жоюға шақырамыз.",
        "Зардап шеккендердің отбасылары әлі күнге дейін тәуелсіз әрі тиімді тергеу жүргізілуін "
        "күтуде.",
        "Қатыгездік көрсеткен полиция қызметкерлері сирек жауапқа тартылады.",
        "Баяндама алпыстан астам бұрынғы тұтқындармен және олардың адвокаттарымен жүргізілген "
        "сұхбаттарға негізделген.",
        "Алматыдағы азаматтық қоғам өкілдерінің пікірінше, бейбіт жиналыстар туралы жаңа заң "
        "халықаралық стандарттарға сәйкес келмейді.",
        "Қосымша ақпарат алу үшін Лондондағы баспасөз қызметімізге хабарласыңыз.",
    ],
    "fr": [
        "Les autorités kazakhes doivent libérer immédiatement les manifestants pacifiques "
        "arrêtés samedi à Nour-Soultan.",
        "Depuis janvier 2019, notre organisation a recensé au moins quarante cas de torture en "
        "détention provisoire.",
        "Le Conseil des droits de l'homme de l'ONU examinera la situation du Kazakhstan lors de "
        "sa session à Genève le mois prochain.",
        "Les journalistes qui couvraient les manifestations ont été condamnés à des amendes ou "
        "placés en détention pendant quinze jours au plus.",
        "Nous appelons le président Kassym-Jomart Tokaïev à abroger l'article 174 du Code pénal.",
        "Les familles des victimes attendent toujours une enquête indépendante et efficace.",
        "Les policiers responsables de mauvais traitements ont rarement été traduits en justice.",
        "Le rapport s'appuie sur des entretiens avec plus de soixante anciens détenus et leurs "
        "avocats.",
        "Selon des représentants de la société civile à Almaty, la nouvelle loi sur les "
        "rassemblements pacifiques n'est pas conforme aux normes internationales.",
        "Pour tout complément d'information, veuillez contacter notre service de presse à "
        "Londres.",
    ],
}
ALL = ["kk", "ru", "fr", "en"]
LABELLED = [(lang, s) for lang, sentences in CORPUS.items() for s in sentences]

# Nothing to tell a language by: names, acronyms, placeholders, numbers, datelines.
SHORT = [
    "Касым-Жомарт Токаев", "Қасым-Жомарт Тоқаев", "Нұр-Сұлтан", "Нур-Султан, Казахстан",
    "Kassym-Jomart Tokaïev", "ЕҚЫҰ", "ООН", "{0}", "[X0X]", "[X0X] [X1X]", "12.03.2021",
    "174", "https://example.org/report", "Amnesty International", "Human Rights Watch",
    "Нұр-Сұлтан, 12 наурыз", "%(name)s", "", "   ",
]


@pytest.mark.parametrize(("lang", "sentence"), LABELLED)
def test_detect_corpus(lang: str, sentence: str) -> None:
    assert detect(sentence, ALL) == lang


@pytest.mark.parametrize(("lang", "sentence"), LABELLED)
def test_is_language_corpus(lang: str, sentence: str) -> None:
    assert is_language(sentence, lang, ALL) is True
    other = {"kk": "ru", "ru": "kk", "fr": "en", "en": "fr"}[lang]
    assert is_language(sentence, other, ALL) is False


@pytest.mark.parametrize("sentence", CORPUS["kk"])
def test_kazakh_without_heuristic_still_kazakh(sentence: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """lingua alone (heuristic switched off) also tells these Kazakh sentences from Russian."""
    monkeypatch.setattr(langid, "KK_WORD_SHARE", 2.0)
    assert detect(sentence, ["kk", "ru"]) == "kk"


@pytest.mark.parametrize("sentence", CORPUS["ru"])
def test_russian_with_kazakh_names_is_russian(sentence: str) -> None:
    """A Russian sentence quoting one Kazakh-spelled name stays Russian."""
    assert detect(sentence + " (Нұр-Сұлтан)", ["kk", "ru"]) == "ru"


@pytest.mark.parametrize("text", SHORT)
def test_too_short_gives_none(text: str) -> None:
    for lang in ALL:
        assert is_language(text, lang, ALL) is None


def test_short_fragments() -> None:
    """First five words of every sentence: 40/40 (first three words: 39/40, measured)."""
    fragments = [(lang, " ".join(s.split()[:5])) for lang, s in LABELLED]
    wrong = [(lang, f, detect(f, ALL)) for lang, f in fragments if detect(f, ALL) != lang]
    assert not wrong


def test_no_letters_detects_nothing() -> None:
    assert detect("{0} 2019 [X0X]", ALL) is None
    assert detect("", ALL) is None


def test_placeholders_are_ignored() -> None:
    text = "[X0X] Президент {0} провёл встречу с представителями %s гражданского общества."
    assert detect(text, ALL) == "ru"
    assert is_language(text, "ru", ALL) is True


def test_candidates_restrict_and_keep_given_ids() -> None:
    assert detect(CORPUS["kk"][0], ["kk_KZ", "ru_RU"]) == "kk_KZ"
    # Only one candidate in the text's script: no model needed.
    assert detect(CORPUS["fr"][0], ["kk", "ru", "fr"]) == "fr"
    # No candidate written in the text's script.
    assert detect(CORPUS["fr"][0], ["kk", "ru"]) is None
    # The language asked about is added to the candidates if missing.
    assert is_language(CORPUS["en"][0], "en", ["fr"]) is True


def test_untranslated_english_in_french_slot() -> None:
    assert is_language(CORPUS["en"][3], "fr", ["fr", "en"]) is False


def test_script_of() -> None:
    assert script_of("Нұр-Сұлтан") == "Cyrillic"
    assert script_of("Nour-Soultan") == "Latin"
    assert script_of("Tokaïev et Токаев et Almaty") == "Latin"
    assert script_of("Ελλάδα") == "Greek"
    assert script_of("2019 — {0}") is None


def test_langdetect_reports_kazakh_as_russian() -> None:
    """Why lingua: langdetect has no Kazakh profile; it calls Kazakh Russian (or Ukrainian).

    Seen with langdetect 1.0.9, seed 0: 6 of the 10 Kazakh sentences "ru", 4 "uk".
    """
    import os

    langdetect = pytest.importorskip("langdetect")
    from langdetect import DetectorFactory, detector_factory

    assert "kk" not in os.listdir(detector_factory.PROFILES_DIRECTORY)
    DetectorFactory.seed = 0
    theirs = [langdetect.detect(s) for s in CORPUS["kk"]]
    assert set(theirs) <= {"ru", "uk", "bg", "mk"}, theirs
    assert theirs.count("ru") >= 5, theirs
    ours = [detect(s, ALL) for s in CORPUS["kk"]]
    assert ours == ["kk"] * len(CORPUS["kk"])


def test_speed_after_warm_up() -> None:
    """Cached detectors: well under 10 ms per sentence once built (measured ~1 ms)."""
    sentences = [s for lang in ("ru", "fr", "en") for s in CORPUS[lang]]
    for s in sentences:  # warm-up: build detectors, load models
        detect(s, ALL)
    start = time.perf_counter()
    for _ in range(5):
        for s in sentences:
            detect(s, ALL)
    per_call = (time.perf_counter() - start) / (5 * len(sentences))
    assert per_call < 0.01, per_call


# -- answer_language: judging a machine translation against every workspace language --------


@pytest.mark.parametrize(("lang", "other"), [("kk", "ru"), ("ru", "kk"), ("fr", "en")])
def test_answer_in_another_workspace_language(lang: str, other: str) -> None:
    for source, wrong in zip(CORPUS["en"], CORPUS[other], strict=True):
        assert answer_language(wrong, lang, ALL, source) == other
    for source, right in zip(CORPUS["en"], CORPUS[lang], strict=True):
        assert answer_language(right, lang, ALL, source) is None


@pytest.mark.parametrize(("text", "lang", "found"), [
    ("Анықтама", "ru", "kk"),                       # one word, Kazakh letters
    ("Анықтамалық ақпарат", "ru", "kk"),
    ("Справочная информация", "kk", "ru"),         # Russian adjective ending
    ("Суд за закрытыми дверями", "kk", "ru"),
    ("Что должны сделать власти", "kk", "ru"),
    ("Мари Дюбуа", "kk", None),                     # names tell nothing
    ("Справка", "kk", None),                        # nothing to tell it by
    ("Билік не істеуі керек", "kk", None),
])
def test_short_answers_tell_kazakh_from_russian(text: str, lang: str, found: str | None) -> None:
    assert answer_language(text, lang, ALL) == found


def test_words_kept_from_the_source_do_not_count() -> None:
    """Option names and identifiers kept in a Kazakh UI string are not English."""
    source = "%s: Invalid configuration: SYS_GID_MIN (%lu), GID_MIN (%lu), SYS_GID_MAX (%lu)\n"
    answer = "%s: Қате баптаулар: SYS_GID_MIN (%lu), GID_MIN (%lu), SYS_GID_MAX (%lu)\n"
    assert is_language(answer, "kk", ALL) is False  # what the words alone say
    assert answer_language(answer, "kk", ALL, source) is None
    # but an English answer is not hidden by its words being the source's
    assert answer_language(CORPUS["en"][0], "kk", ALL, CORPUS["en"][0]) == "en"


# -- short texts: a heading left in another workspace language (issue 10) ----------------


@pytest.mark.parametrize(("text", "lang", "found"), [
    ("Основные выводы", "kk", "ru"),               # Russian adjective ending
    ("Справочная информация", "kk", "ru"),
    ("Для СМИ", "kk", "ru"),                       # a Russian preposition; СМИ says nothing
    ("Заключение", "kk", "ru"),                    # a Russian noun ending
    ("Анықтама", "ru", "kk"),                      # Kazakh-only letters
    ("Ұсыныстар", "ru", "kk"),
    ("For the media", "fr", "en"),                 # English little words in a fr file
    ("À la presse", "kk", "fr"),                   # French in a Cyrillic file
])
def test_short_text_in_another_language(text: str, lang: str, found: str) -> None:
    verdict = short_language(text, lang, ALL)
    assert verdict is not None and verdict[0] == found, verdict


@pytest.mark.parametrize(("text", "lang", "source"), [
    ("Шолу", "kk", "Overview"),                    # Kazakh without a Kazakh-only letter
    ("Жалпы деректер", "kk", "General data"),       # the word list decides: жалпы is Kazakh
    ("Макс Боқаев", "ru", "Max Bokayev"),           # a name, transliterated the Kazakh way
    ("Жаңаөзен, 2011", "ru", "Zhanaozen, 2011"),
    ("ЕҚЫҰ/ДИАҚБ", "ru", "OSCE/ODIHR"),              # acronyms
    ("Human Rights Watch", "kk", "Human Rights Watch"),  # a name copied from the source
    ("Committee to Protect Journalists", "kk", "Committee to Protect Journalists"),
    ("Справка", "ru", "Background"),
    ("Principales conclusions", "fr", "Key findings"),
    ("{0} 2019", "kk", "{0} 2019"),
])
def test_short_text_not_judged_without_evidence(text: str, lang: str, source: str) -> None:
    assert short_language(text, lang, ALL, source) is None


def test_long_texts_are_left_to_the_model() -> None:
    assert short_language(CORPUS["ru"][0], "kk", ALL) is None


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Tokayev", "Тоқаевтың"), ("Tokayev", "Токаеву"), ("Kassym", "Қасым"),
    ("Zhomart", "Жомарт"), ("Yevgeniy", "Евгений"), ("Mukhammedov", "Мухаммедов"),
    ("Shymkent", "Шымкент"), ("Shymkent", "Chymkent"), ("Geneva", "Женева"),
    ("Facebook", "Фейсбук"), ("Azattyq", "Азаттық"), ("Atyrau", "Атыраудағы"),
])
def test_a_name_in_another_script_is_the_same_name(latin: str, cyrillic: str) -> None:
    assert same_name(name_key(latin), name_key(cyrillic))


@pytest.mark.parametrize(("latin", "other"), [
    ("Nurzhan", "прежнему"), ("Daniyar", "адвокат"), ("Mukhammedov", "Айгерим"),
    ("Vlast", "Azattyq"), ("Sarsenov", "Қалиева"),
])
def test_different_names_differ(latin: str, other: str) -> None:
    assert not same_name(name_key(latin), name_key(other))


# -- the language check (l10n check) on short texts and kept identifiers ---------------------


@pytest.mark.parametrize(("source", "target", "lang"), [
    ("%s: Invalid configuration: SYS_GID_MIN (%lu), GID_MIN (%lu), SYS_GID_MAX (%lu)\n",
     "%s: Қате баптаулар: SYS_GID_MIN (%lu), GID_MIN (%lu), SYS_GID_MAX (%lu)\n", "kk"),
    ("%s: pam_start: error %d\n", "%s: pam_start: ошибка %d\n", "ru"),
    ("  -R, --root CHROOT_DIR         directory to chroot into\n",
     "  -R, --root CHROOT_DIR         chroot үшін бума\n", "kk"),
    ("_Treemap Chart", "Car_te arborescente", "fr"),  # a menu mnemonic
    ("storage;space;cleanup;", "storage;space;cleanup;сақтауыш;орын;тазарту;", "kk"),
])
def test_language_check_ignores_identifiers_and_words_kept(source: str, target: str,
                                                           lang: str) -> None:
    """What a translation keeps from its source (identifiers, option names, the source's own
    keywords) does not make it English or French: these were false errors."""
    assert check_text(source, target, lang, langs=ALL[:3], checks=["language"]) == []


def test_language_check_on_short_headings() -> None:
    """One word of evidence gives a warning, two or more an error (it blocks publishing)."""
    assert check_text("Key findings", "Основные выводы", "kk", langs=ALL[:3],
                      checks=["language"]) == [
        ("language", "warning", "the translation reads as Russian, not Kazakh (by 'Основные')")]
    assert check_text("Summary", "Краткое содержание", "kk", langs=ALL[:3],
                      checks=["language"]) == [
        ("language", "error", "the translation reads as Russian, not Kazakh (by 'Краткое', "
                              "'содержание')")]
    assert check_text("Max Bokayev", "Макс Боқаев", "ru", langs=ALL[:3],
                      checks=["language"]) == []


def test_addresses_and_numbers_are_not_language() -> None:
    """E-mail addresses are matched without backtracking (the former \\S+@\\S+\\.\\w+ took
    cubic time on "a@a@a@…"), and still removed."""
    cleaned = langid._clean("Write to press@pen-international.org or a.b+c@x-y.co.uk, {0} 2019")
    assert "@" not in cleaned and "2019" not in cleaned and "Write" in cleaned
    assert langid._clean("a@" * 2000).count("@") == 2000  # no address: nothing removed
