"""Tests for TMX export and import."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from l10n.memory.tm import TranslationMemory
from l10n.memory.tmx import export_tmx, import_tmx
from l10n.workspace.errors import InputError

DATA = Path(__file__).resolve().parents[1] / "data" / "tmx"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
UNITS = [
    ("Open <1>the report</1> & share it.", "Ашыңыз <1>баяндаманы</1> & бөлісіңіз.", "kk"),
    ("Open <1>the report</1> & share it.", "Откройте <1>доклад</1> и поделитесь.", "ru"),
    ('Quotes "here" and <2/> there.', "Тырнақша «мұнда» және <2/>.", "kk"),
    ("Line one\nline two\r\nthree  spaces\ttab.", "Жол бір\nжол екі\r\nүш  бос\tорын.", "kk"),
    ("Jalons d'été.", "Étapes d’été « ok ».", "fr"),
]


@pytest.fixture
def tm() -> TranslationMemory:
    with TranslationMemory(":memory:") as memory:
        for source, target, lang in UNITS:
            memory.add(source, target, source_lang="en", target_lang=lang, origin="po:x.po")
        yield memory


def test_export_is_valid_tmx_14(tm: TranslationMemory, tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    assert export_tmx(tm, path, source_lang="en") == 4
    root = ET.parse(path).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    for name, value in {"creationtool": "l10n", "segtype": "sentence", "adminlang": "en",
                        "srclang": "en", "datatype": "plaintext"}.items():
        assert header.get(name) == value
    assert header.get("o-tmf") and header.get("creationtoolversion")
    tus = root.findall("body/tu")
    assert len(tus) == 4
    sources = [tu.find("tuv/seg").text for tu in tus]
    assert sources == sorted(s for s, _, _ in UNITS[1:])
    open_tu = tus[sources.index(UNITS[0][0])].findall("tuv")
    assert [t.get(XML_LANG) for t in open_tu] == ["en", "kk", "ru"]
    raw = path.read_text(encoding="utf-8")
    assert "<seg>Open &lt;1&gt;the report&lt;/1&gt; &amp; share it.</seg>" in raw


def test_round_trip_is_identity(tm: TranslationMemory, tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    export_tmx(tm, path, source_lang="en")
    with TranslationMemory(":memory:") as other:
        assert import_tmx(path, other) == len(UNITS)
        got = {(u.source, u.target, u.source_lang, u.target_lang) for u in other.units()}
        assert {u.origin for u in other.units()} == {"tmx:out.tmx"}
    assert got == {(s, t, "en", lang) for s, t, lang in UNITS}


def test_export_only_some_targets(tm: TranslationMemory, tmp_path: Path) -> None:
    path = tmp_path / "ru.tmx"
    assert export_tmx(tm, path, source_lang="en", target_langs=["ru-RU"]) == 1
    assert "Откройте" in path.read_text(encoding="utf-8")
    assert "Ашыңыз" not in path.read_text(encoding="utf-8")


def test_control_characters_are_not_exported(tmp_path: Path) -> None:
    with TranslationMemory(":memory:") as tm:
        tm.add("Bell\x07.", "Қоңырау.", source_lang="en", target_lang="kk", origin="t")
        tm.add("Fine.", "Жақсы.", source_lang="en", target_lang="kk", origin="t")
        assert export_tmx(tm, tmp_path / "a.tmx", source_lang="en") == 1
    ET.parse(tmp_path / "a.tmx")


def test_import_omegat_style() -> None:
    with TranslationMemory(":memory:") as tm:
        assert import_tmx(DATA / "omegat.tmx", tm) == 4
        assert tm.exact("Journalists were detained in Almaty.", source_lang="en",
                        target_lang="kk") == "Алматыда журналистер ұсталды."
        # issue 11: <hi> and <bpt>/<ept> pairs become our placeholders (they were text
        # and a skipped unit before).
        assert tm.exact("Read the <1>full</1> statement.", source_lang="en",
                        target_lang="ru") == "Прочитайте <1>полное</1> заявление."
        assert tm.exact("<1>PEN</1> said.", source_lang="en",
                        target_lang="kk") == "<1>PEN</1> мәлімдеді."
        assert tm.exact("Open <1>the report</1> & share it.", source_lang="en",
                        target_lang="fr") == "Ouvrez <1>le rapport</1> et partagez-le."
        assert {u.source_lang for u in tm.units()} == {"en"}  # the de/fr unit is unrelated
        assert {u.origin for u in tm.units()} == {"tmx:omegat.tmx"}


def test_import_only_wanted_targets() -> None:
    with TranslationMemory(":memory:") as tm:
        assert import_tmx(DATA / "omegat.tmx", tm, target_langs=["kk"]) == 2


def test_import_trados_style_utf16() -> None:
    with TranslationMemory(":memory:") as tm:
        assert import_tmx(DATA / "trados.tmx", tm) == 2
        assert tm.exact("The trial is expected to resume next month.", source_lang="en",
                        target_lang="ru") == "Ожидается, что суд возобновится в следующем месяце."
        # issue 11: the <ph> unit is taken with a placeholder; the empty target is skipped
        assert tm.exact("See <1/> page.", source_lang="en", target_lang="ru") == "См. <1/> страницу."
        assert tm.stats()["units"] == 2


def test_malformed_tmx_names_the_line() -> None:
    with TranslationMemory(":memory:") as tm:
        with pytest.raises(InputError) as err:
            import_tmx(DATA / "malformed.tmx", tm)
        assert tm.stats()["units"] == 0
    assert err.value.line == 6
    assert "malformed.tmx:6:" in str(err.value)


def test_doctype_and_entities_refused() -> None:
    with TranslationMemory(":memory:") as tm, pytest.raises(InputError, match="DOCTYPE"):
        import_tmx(DATA / "bomb.tmx", tm)


def test_not_tmx(tmp_path: Path) -> None:
    path = tmp_path / "x.tmx"
    path.write_text("<xliff/>", encoding="utf-8")
    with TranslationMemory(":memory:") as tm, pytest.raises(InputError, match="not a TMX"):
        import_tmx(path, tm)


def test_missing_source_language(tmp_path: Path) -> None:
    path = tmp_path / "x.tmx"
    path.write_text('<tmx version="1.4"><header srclang="*all*"/><body/></tmx>', encoding="utf-8")
    with TranslationMemory(":memory:") as tm:
        with pytest.raises(InputError, match="source language"):
            import_tmx(path, tm)
        assert import_tmx(path, tm, source_lang="en") == 0


def test_missing_file(tmp_path: Path) -> None:
    with TranslationMemory(":memory:") as tm, pytest.raises(InputError):
        import_tmx(tmp_path / "nope.tmx", tm)
