"""TBX import (v2 as Weblate and memoQ write it, v3) and export, with round trips."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from l10n.glossary.csvfile import load_glossary, save_csv
from l10n.glossary.model import Glossary, Term
from l10n.glossary.tbx import export_tbx, import_tbx
from l10n.workspace.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data" / "glossary"
LANGS = ["kk", "ru", "fr"]

V2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX"><text><body>{}</body></text></martif>
"""
ENTRY = ('<termEntry><langSet xml:lang="en"><tig><term>Astana</term></tig></langSet>'
         '<langSet xml:lang="ru"><tig><term>Астана</term></tig></langSet></termEntry>')


def tbx(tmp_path: Path, text: str, name: str = "x.tbx", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def refused(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        import_tbx(path, langs=LANGS)
    assert info.value.exit_code == 2
    return info.value


# --- import ------------------------------------------------------------------------------


def test_weblate_file() -> None:
    path = DATA / "weblate-ru.tbx"
    nur, pen, almaty = import_tbx(path, langs=LANGS)
    assert nur == Term("Nur-Sultan", "fixed", {"ru": "Нур-Султан"}, {"ru": ("Нурсултан",)},
                       note="Capital of Kazakhstan from 2019 to 2022; ru: С дефисом")
    assert (nur.source, nur.line) == (str(path), 13)
    assert pen == Term("PEN International", "dnt")  # Translation needed: No; rendering = itself
    assert almaty.renderings == {"ru": "Алматы"} and almaty.avoid == {"ru": ("Алма-Ата",)}


def test_memoq_file_regional_codes_ntig_and_split_abbreviation(caplog: pytest.LogCaptureFixture) -> None:
    path = DATA / "memoq.tbx"
    with caplog.at_level(logging.WARNING, logger="l10n.glossary.tbx"):
        tokayev, osce_full, osce = import_tbx(path, langs=LANGS)
    assert tokayev == Term(
        "Kassym-Jomart Tokayev", "fixed",
        {"kk": "Қасым-Жомарт Тоқаев", "ru": "Касым-Жомарт Токаев", "fr": "Kassym-Jomart Tokaïev"},
        {"kk": ("Касым-Жомарт Токаев",), "fr": ("Kassym-Jomart Tokayev",)},
        variants=("Kasym-Zhomart Tokayev",),
        note="President of Kazakhstan since 2019",
        admitted={"fr": ("Kassym-Jomart Tokaev",)},  # issue 10: no longer only in the note
    )
    assert osce_full == Term("Organization for Security and Co-operation in Europe", "fixed",
                             {"ru": "Организация по безопасности и сотрудничеству в Европе"})
    assert osce == Term("OSCE", "abbrev", {"ru": "ОБСЕ"}, case_sensitive=True)
    assert "memoq.tbx:118: entry without a en term skipped" in caplog.text


def test_without_langs_every_language_keeps_its_code() -> None:
    tokayev = import_tbx(DATA / "memoq.tbx")[0]
    assert set(tokayev.renderings) == {"kk_KZ", "ru_RU", "fr_FR", "de_DE"}


def test_tbx_v3_file() -> None:
    code, ngo = import_tbx(DATA / "tbx3.tbx", langs=LANGS)
    assert code == Term(
        "Administrative Code", "fixed",
        {"ru": "Кодекс об административных правонарушениях", "fr": "Code des infractions administratives"},
        {"ru": ("Административный кодекс",)}, note="Kazakhstan's Code of Administrative Offences")
    assert ngo == Term("NGO", "abbrev", {"kk": "ҮЕҰ"}, {"kk": ("НПО",)}, case_sensitive=True)


def test_v3_dct_status_element(tmp_path: Path) -> None:
    path = tbx(tmp_path, """<tbx type="TBX-Basic" style="dct" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:basic="http://www.tbxinfo.net/ns/basic"><text><body><conceptEntry id="c1">
     <langSec xml:lang="en"><termSec><term>Almaty</term></termSec></langSec>
     <langSec xml:lang="fr"><termSec><term>Alma-Ata</term>
       <basic:administrativeStatus>supersededTerm-admn-sts</basic:administrativeStatus></termSec>
       <termSec><term>Almaty</term></termSec></langSec></conceptEntry></body></text></tbx>""")
    (almaty,) = import_tbx(path, langs=LANGS)
    assert almaty.renderings == {"fr": "Almaty"} and almaty.avoid == {"fr": ("Alma-Ata",)}


def test_utf16_file(tmp_path: Path) -> None:
    text = V2.replace("UTF-8", "UTF-16").format(ENTRY)
    path = tbx(tmp_path, "\ufeff" + text, encoding="utf-16-le")
    assert import_tbx(path, langs=LANGS) == [Term("Astana", renderings={"ru": "Астана"})]


def test_imported_terms_build_a_glossary_that_refuses_conflicts(tmp_path: Path) -> None:
    entry2 = ENTRY.replace("Астана", "Акмола")
    path = tbx(tmp_path, V2.format(ENTRY + "\n" + entry2))
    with pytest.raises(InputError, match=r"x\.tbx:3: 'Astana' is already defined at .*x\.tbx:2"):
        Glossary(import_tbx(path, langs=LANGS))


# --- refusals ----------------------------------------------------------------------------


def test_malformed_xml_gives_line(tmp_path: Path) -> None:
    path = tbx(tmp_path, V2.format("<termEntry>\n<langSet xml:lang='en'>\n<tig><term>x</tig>"))
    error = refused(path)
    assert error.line == 4 and "malformed XML: mismatched tag" in str(error)
    assert str(error).startswith(f"{path}:4: ")


def test_empty_and_non_tbx_files(tmp_path: Path) -> None:
    assert "malformed XML: no element found" in str(refused(tbx(tmp_path, "", "empty.tbx")))
    error = refused(tbx(tmp_path, "<?xml version='1.0'?>\n<tmx version='1.4'/>", "t.tbx"))
    assert error.line == 2 and "not a TBX file: root is <tmx>" in str(error)


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    bomb = """<?xml version="1.0"?>
<!DOCTYPE martif [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<martif><text><body>&lol2;</body></text></martif>"""
    error = refused(tbx(tmp_path, bomb))
    assert error.line == 2 and "internal subset" in str(error)


def test_external_entities_are_refused(tmp_path: Path) -> None:
    text = """<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "file:///etc/passwd">
<martif><text><body>&secret;</body></text></martif>"""
    assert "entity &secret; is not accepted" in str(refused(tbx(tmp_path, text)))


def test_plain_doctype_as_weblate_writes_is_accepted(tmp_path: Path) -> None:
    text = V2.format(ENTRY).replace(
        "<martif", '<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" '
        '"TBXcdv04.dtd">\n<martif')
    assert len(import_tbx(tbx(tmp_path, text), langs=LANGS)) == 1


def test_bad_language_and_empty_term(tmp_path: Path) -> None:
    error = refused(tbx(tmp_path, V2.format(ENTRY.replace('"ru"', '"not a language"'))))
    assert "unknown language 'not a language'" in str(error)
    error = refused(tbx(tmp_path, V2.format(ENTRY.replace("<term>Astana</term>", "<term> </term>"))))
    assert error.line == 2 and "empty term" in str(error)


# --- export and round trips ----------------------------------------------------------------


def seed_glossary() -> Glossary:
    return load_glossary(ROOT / "glossary", LANGS)


def test_export_import_identity(tmp_path: Path) -> None:
    glossary = seed_glossary()
    path = tmp_path / "out.tbx"
    export_tbx(glossary, path)
    back = import_tbx(path, langs=LANGS)
    assert back == list(glossary.terms)
    assert back[0].line > 1 and back[0].source == str(path)


def test_csv_tbx_csv_is_byte_identical(tmp_path: Path) -> None:
    export_tbx(seed_glossary(), tmp_path / "g.tbx")
    save_csv(Glossary(import_tbx(tmp_path / "g.tbx", langs=LANGS), LANGS), tmp_path / "terms.csv")
    assert (tmp_path / "terms.csv").read_bytes() == (ROOT / "glossary" / "terms.csv").read_bytes()


def test_export_is_deterministic_and_well_formed(tmp_path: Path) -> None:
    glossary = Glossary([
        Term("OSCE", "abbrev", {"ru": "ОБСЕ", "pt_BR": "OSCE"}, case_sensitive=True),
        Term("PEN Canada", "dnt", note="<keep> & \"as is\""),
        Term("Astana", avoid={"kk": ("Ақмола",)}),
    ], LANGS)
    export_tbx(glossary, tmp_path / "a.tbx")
    export_tbx(glossary, tmp_path / "b.tbx")
    text = (tmp_path / "a.tbx").read_text(encoding="utf-8")
    assert text == (tmp_path / "b.tbx").read_text(encoding="utf-8")
    # a dnt term needs the declared extension of TBX-Basic (issue 11)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic-l10n" xml:lang="en">')
    assert '<termNote type="termType">abbreviation</termNote>' in text
    assert '<descrip type="Translation needed">No</descrip>' in text
    assert 'xml:lang="pt-BR"' in text
    assert import_tbx(tmp_path / "a.tbx") == list(glossary.terms)


def test_translate_toolkit_reads_our_export(tmp_path: Path) -> None:
    tbx_module = pytest.importorskip("translate.storage.tbx")
    export_tbx(seed_glossary(), tmp_path / "g.tbx")
    store = tbx_module.tbxfile.parsefile(str(tmp_path / "g.tbx"))
    store.settargetlanguage("ru")
    sources = {unit.source: unit.target for unit in store.units}
    assert sources["Nur-Sultan"] == "Нур-Султан"
