"""The glossary: CSV loading and its errors, term matching, hints, saving and adding terms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.glossary.csvfile import add_term, load_glossary, read_csv, save_csv
from l10n.glossary.model import Glossary, Term
from l10n.resources import add_glossary_term
from l10n.workspace.config import Workspace
from l10n.workspace.errors import InputError, LockedError, UsageError
from l10n.workspace.fsutil import workspace_lock

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "glossary"
SAMPLE = ROOT / "source_texts" / "kazakhstan-impunity-2019.txt"
LANGS = ["kk", "ru", "fr"]
HEADER = "term,kind,variants,case_sensitive,note,kk,ru,fr,ru_avoid\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(folder: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_glossary(folder, LANGS)
    assert info.value.exit_code == 2
    return info.value


@pytest.fixture(scope="module")
def seed() -> Glossary:
    return load_glossary(SEED, LANGS)


# --- loading ---------------------------------------------------------------------------


def test_loads_columns_variants_avoid_and_defaults(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", HEADER
          + 'Nur-Sultan,fixed,,,Capital,Нұр-Сұлтан,Нур-Султан,Nour-Soultan,Нурсултан | Астана\n'
          + "OSCE,abbrev,,,,ЕҚЫҰ,ОБСЕ,OSCE,\n"
          + "Kasym-Zhomart Tokayev,fixed,Kassym-Jomart Tokayev|Kassym-Zhomart Tokayev,no,,,,,\n"
          + ",,,,,,,,\n"
          + "PEN Canada,dnt,,YES,,,,,\n")
    glossary = load_glossary(tmp_path, LANGS)
    nur, osce, tokayev, pen = glossary.terms
    assert nur == Term("Nur-Sultan", "fixed",
                       {"kk": "Нұр-Сұлтан", "ru": "Нур-Султан", "fr": "Nour-Soultan"},
                       {"ru": ("Нурсултан", "Астана")}, note="Capital")
    assert (nur.source, nur.line) == (str(tmp_path / "a.csv"), 2)
    assert osce.case_sensitive and not nur.case_sensitive  # abbrev defaults to case-sensitive
    assert tokayev.variants == ("Kassym-Jomart Tokayev", "Kassym-Zhomart Tokayev")
    assert pen.case_sensitive and pen.line == 6
    assert glossary.langs == ("kk", "ru", "fr")


def test_reads_every_csv_in_name_order_and_keeps_extra_languages(tmp_path: Path) -> None:
    write(tmp_path, "b.csv", "term,kind,de,kk,ru,fr\nAlmaty,fixed,Almaty\n")
    write(tmp_path, "a.csv", "term,kind,ru,kk,fr\nAstana,fixed,Астана\n")
    write(tmp_path, "notes.txt", "not a glossary")
    glossary = load_glossary(tmp_path, LANGS)
    assert [t.term for t in glossary] == ["Astana", "Almaty"]
    assert glossary.langs == ("kk", "ru", "fr", "de")


def test_missing_folder_is_an_empty_glossary(tmp_path: Path) -> None:
    assert len(load_glossary(tmp_path / "none", LANGS)) == 0


def test_bom_and_crlf_and_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes('\ufeffterm,kind,note,ru,kk,fr\r\nAstana,fixed,"two\r\nlines",Астана\r\nAlmaty,fixed,,Алматы\r\n'
                     .encode())
    astana, almaty = load_glossary(tmp_path, LANGS).terms
    assert astana.note == "two\r\nlines"
    assert almaty.line == 4


def test_unknown_target_language_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        load_glossary(tmp_path, ["xx-nope"])


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("term,variants,ru\nAstana,,Астана\n", 1, "missing required column 'kind'"),
        ("kind,ru\nfixed,Астана\n", 1, "missing required column 'term'"),
        ("term,kind,ru,klingon\nAstana,fixed,Астана,x\n", 1, "column 'klingon' is not a language code"),
        ("term,kind,ru,xx_avoid\nAstana,fixed,Астана,\n", 1, "column 'xx_avoid' is not a language code"),
        ("term,kind,ru,ru\nAstana,fixed,Астана,Астана\n", 1, "column 'ru' appears twice"),
        ("term,kind,ru\nAstana,fixed,Астана\nAlmaty,city,Алматы\n", 3, "unknown kind 'city'"),
        ("term,kind,ru\nAstana,fixed,Астана\n  ,fixed,Алматы\n", 3, "empty term"),
        ("term,kind,ru\nAstana,,Астана\n", 2, "unknown kind ''"),
        ("term,kind,ru\nAstana,fixed,Астана\nAlmaty,fixed,\"Алматы\nNur-Sultan,fixed,x\n", 3,
         "malformed CSV: unexpected end of data (a quote is not closed?)"),
        ('term,kind,ru\nAstana,fixed,"Аста"на\n', 2, "malformed CSV"),
        ("term,kind,ru\nAstana,fixed,Астана,extra\n", 2, "4 fields but the header has 3"),
        ("term,kind,case_sensitive\nUN,abbrev,maybe\n", 2, "case_sensitive is 'maybe'"),
        ("term,kind,ru,ru_avoid\nAstana,fixed,Астана,Астана|Акмола\n", 2,
         "ru: 'Астана' is both approved and to avoid"),
        ("", 1, "empty file"),
    ],
)
def test_refuses_with_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, "terms.csv", text)
    error = refused(tmp_path)
    assert error.line == line
    assert str(error).startswith(f"{path}:{line}: ")
    assert message in str(error)


def test_refuses_non_utf8_with_line(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes("term,kind,ru\nAstana,fixed,ok\nAlmaty,fixed,".encode()
                                     + "Алматы\n".encode("cp1251"))
    error = refused(tmp_path)
    assert error.line == 3 and "UTF-8" in str(error)


def test_conflicting_duplicate_names_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "terms.csv",
                 "term,kind,ru\nNur-Sultan,fixed,Нур-Султан\nAstana,fixed,Астана\nnur-sultan,fixed,Нурсултан\n")
    error = refused(tmp_path)
    assert error.line == 4
    assert f"is already defined at {path}:2" in str(error)
    assert "ru: 'Нур-Султан' there, 'Нурсултан' here" in str(error)


def test_conflict_through_a_variant_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", "term,kind,ru\nTokayev,fixed,Токаев\n")
    second = write(tmp_path, "b.csv",
                   "term,kind,variants,ru\nKasym-Zhomart Tokayev,fixed,Tokayev,Касым-Жомарт Токаев\n")
    error = refused(tmp_path)
    assert str(error).startswith(f"{second}:2: 'Tokayev' is already defined at {first}:2")


def test_kind_conflict_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "term,kind\nPEN Canada,dnt\nPEN Canada,fixed\n")
    assert "kind 'dnt' there and 'fixed' here" in str(refused(tmp_path))


def test_identical_duplicate_is_kept_once(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "term,kind,ru,kk,fr\nAstana,fixed,Астана\n")
    write(tmp_path, "b.csv", "term,kind,ru,note,kk,fr\nastana,fixed,Астана,again\n")
    assert [t.line for t in load_glossary(tmp_path, LANGS)] == [2]


def test_dnt_rendering_equal_to_term_is_implicit(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", "term,kind,ru,fr,kk\nPEN International,dnt,PEN International,\n")
    glossary = load_glossary(tmp_path, LANGS)
    (pen,) = glossary.terms
    assert pen.renderings == {}
    assert glossary.rendering(pen, "fr") == "PEN International"
    assert glossary.rendering("pen international", "kk") == "PEN International"


# --- lookup and matching -----------------------------------------------------------------


def spans(glossary: Glossary, text: str) -> list[tuple[str, str]]:
    return [(m.term.term, m.surface) for m in glossary.find(text)]


def test_rendering_lookup_and_fallbacks(seed: Glossary) -> None:
    assert seed.rendering("Nur-Sultan", "kk") == "Нұр-Сұлтан"
    assert seed.rendering("kassym-jomart tokayev", "fr") == "Kassym-Jomart Tokaïev"
    assert seed.rendering("Nur-Sultan", "ru_RU") == "Нур-Султан"
    assert seed.rendering("Nur-Sultan", "ru-RU") == "Нур-Султан"
    assert seed.rendering("Nur-Sultan", "de") is None
    assert seed.rendering("Atlantis", "ru") is None
    assert seed.lookup("Kazak authorities") is seed.lookup("Kazakh authorities")


def test_terms_for_language(tmp_path: Path) -> None:
    glossary = Glossary([Term("Astana", renderings={"ru": "Астана"}), Term("PEN Canada", "dnt")])
    assert [t.term for t in glossary.terms_for("ru")] == ["Astana", "PEN Canada"]
    assert [t.term for t in glossary.terms_for("kk")] == ["PEN Canada"]


def test_possessives_and_positions(seed: Glossary) -> None:
    text = "Kazakhstan’s capital, Kazakhstan's people and Tokayev’s calls"
    matches = seed.find(text)
    assert [(m.surface, m.start, m.end) for m in matches] == [
        ("Kazakhstan’s", 0, 12), ("Kazakhstan's", 22, 34), ("Tokayev’s", 46, 55)]
    assert all(text[m.start:m.end] == m.surface for m in matches)


def test_plurals_and_plural_possessive(seed: Glossary) -> None:
    assert spans(seed, "two Criminal Codes and the NGOs’ staff, an NGO's office") == [
        ("Criminal Code", "Criminal Codes"), ("NGO", "NGOs’"), ("NGO", "NGO's")]
    ministry = Glossary([Term("Ministry", renderings={"ru": "министерство"})])
    assert spans(ministry, "Ministries") == [("Ministry", "Ministries")]


def test_a_closing_quote_is_not_a_possessive(seed: Glossary) -> None:
    assert spans(seed, "‘in Kazakhstan’ said") == [("Kazakhstan", "Kazakhstan")]


def test_variants_and_longest_match_first(seed: Glossary) -> None:
    text = ("Kassym-Jomart Tokayev met Tokayev. The UN Human Rights Council and the UN "
            "Security Council, unlike the Security Council, called the Organization for "
            "Security and Co-operation in Europe.")
    assert spans(seed, text) == [
        ("Kasym-Zhomart Tokayev", "Kassym-Jomart Tokayev"),
        ("Tokayev", "Tokayev"),
        ("UN Human Rights Council", "UN Human Rights Council"),
        ("UN Security Council", "UN Security Council"),
        ("Security Council", "Security Council"),
        ("Organization for Security and Cooperation in Europe",
         "Organization for Security and Co-operation in Europe"),
    ]


def test_case_rules(seed: Glossary) -> None:
    # abbreviations are case-sensitive; names here are not
    assert spans(seed, "the un and osce, ngo, Un") == []
    assert spans(seed, "said PEN international today") == [("PEN International", "PEN international")]
    assert spans(seed, "the security council met") == []  # marked case-sensitive in the seed


def test_word_boundaries(seed: Glossary) -> None:
    assert spans(seed, "UNESCO, Kazakhstani, Almatyan, NGOism, reUN, OSCEs") == [("OSCE", "OSCEs")]
    assert spans(seed, "UN-backed Astana-based") == [("UN", "UN"), ("Astana", "Astana")]


def test_flexible_spaces_and_hyphens(seed: Glossary) -> None:
    assert spans(seed, "Nur\u2011Sultan and Carles\u00a0Torner and Criminal\n Code") == [
        ("Nur-Sultan", "Nur\u2011Sultan"), ("Carles Torner", "Carles\u00a0Torner"),
        ("Criminal Code", "Criminal\n Code")]


def test_placeholders_are_never_matched(seed: Glossary) -> None:
    text = "<1>Almaty</1> and Article <21/> and Article 21<2/>, <3>UN</3>"
    matches = seed.find(text)
    assert [(m.surface, m.start) for m in matches] == [
        ("Almaty", 3), ("Article 21", text.index("Article 21")), ("UN", text.index("UN"))]
    un = Glossary([Term("21", renderings={"ru": "21"}), Term("1", renderings={"ru": "1"})])
    assert un.find("<1>x</1> <21/>") == []


def test_hints(seed: Glossary) -> None:
    text = "In <1>Nur-Sultan</1>, Kazakhstan’s PEN Canada and Nur-Sultan again; Astana."
    assert seed.hints(text, "ru") == [
        "Nur-Sultan → Нур-Султан (not: Нурсултан, Астана)",
        "Kazakhstan → Казахстан (not: Қазақстан, Казакстан)",
        "PEN Canada → PEN Canada (keep as is)",
        "Astana → Астана",
    ]
    assert seed.hints("PEN International", "kk") == [
        "PEN International → PEN International (keep as is; not: ПЕН Интернешнл, Пен Интернешнл)"]
    assert seed.hints("Nothing here", "fr") == []
    assert Glossary([Term("Astana", renderings={"ru": "Астана"})]).hints("Astana", "kk") == []


# --- the seeded glossary and the sample release ----------------------------------------


def test_seed_loads_with_all_three_languages(seed: Glossary) -> None:
    assert len(seed) >= 25
    for term in seed:
        for lang in LANGS:
            assert seed.rendering(term, lang), (term.term, lang)
        assert term.note, term.term


def test_every_seed_term_in_the_sample_is_found() -> None:
    glossary = load_glossary(SEED, LANGS)
    text = SAMPLE.read_text(encoding="utf-8")
    found = {m.term.term for m in glossary.find(text)}
    for term in glossary:
        for form in term.forms:
            flags = 0 if term.case_sensitive else re.IGNORECASE
            if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text, flags):
                # present on its own or inside a longer term that was found instead
                assert term.term in found or any(
                    form.casefold() in other.casefold() for other in found if other != term.term
                ), form
    assert found >= {
        "Kazakhstan", "Nur-Sultan", "Astana", "Almaty", "Kasym-Zhomart Tokayev", "Tokayev",
        "Nursultan Nazarbayev", "Carles Torner", "PEN International", "PEN Canada",
        "Organization for Security and Cooperation in Europe", "NGO", "Ministry of Interior",
        "Security Council", "UN Human Rights Council", "Administrative Code", "Criminal Code",
        "Article 21", "International Covenant on Civil and Political Rights",
        "leader of the nation", "Kazakh authorities",
    }


def test_seed_renderings_spot_checks(seed: Glossary) -> None:
    expected = {
        "Nur-Sultan": ("Нұр-Сұлтан", "Нур-Султан", "Nour-Soultan"),
        "Kazakhstan": ("Қазақстан", "Казахстан", "Kazakhstan"),
        "Kasym-Zhomart Tokayev": ("Қасым-Жомарт Тоқаев", "Касым-Жомарт Токаев", "Kassym-Jomart Tokaïev"),
        "Nursultan Nazarbayev": ("Нұрсұлтан Назарбаев", "Нурсултан Назарбаев", "Noursoultan Nazarbaïev"),
        "OSCE": ("ЕҚЫҰ", "ОБСЕ", "OSCE"),
        "UN": ("БҰҰ", "ООН", "ONU"),
        "NGO": ("ҮЕҰ", "НПО", "ONG"),
        "Criminal Code": ("Қылмыстық кодекс", "Уголовный кодекс", "Code pénal"),
    }
    for term, renderings in expected.items():
        assert tuple(seed.rendering(term, lang) for lang in LANGS) == renderings
    assert "Нурсултан" in seed.lookup("Nur-Sultan").avoid["ru"]
    assert "Tokayev" in seed.lookup("Tokayev").avoid["fr"]


def test_seed_file_is_in_canonical_form(seed: Glossary, tmp_path: Path) -> None:
    out = tmp_path / "terms.csv"
    save_csv(seed, out)
    assert out.read_bytes() == (SEED / "terms.csv").read_bytes()


# --- saving and adding ---------------------------------------------------------------------


def test_save_csv_round_trip(tmp_path: Path) -> None:
    terms = [
        Term("Nur-Sultan", "fixed", {"ru": "Нур-Султан", "kk": "Нұр-Сұлтан"},
             {"ru": ("Нурсултан", "Астана")}, note='Hyphen, "quoted", comma'),
        Term("OSCE", "abbrev", {"fr": "OSCE"}, case_sensitive=True, variants=("O.S.C.E.",)),
        Term("PEN Canada", "dnt", note="multi\nline"),
    ]
    first = tmp_path / "one" / "terms.csv"
    save_csv(Glossary(terms, LANGS), first)
    loaded = load_glossary(first.parent, LANGS)
    assert list(loaded) == terms
    second = tmp_path / "two" / "terms.csv"
    save_csv(loaded, second)
    assert second.read_bytes() == first.read_bytes()
    assert first.read_text(encoding="utf-8").splitlines()[0] == (
        "term,kind,kk,ru,fr,variants,case_sensitive,kk_avoid,ru_avoid,fr_avoid,note")


def test_add_term_appends_then_updates(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    stored = add_term(folder, Term("Astana", renderings={"ru": "Астана"}))
    assert (stored.source, stored.line) == (str(folder / "terms.csv"), 2)
    add_term(folder, Term("Almaty", renderings={"ru": "Алматы", "kk": "Алматы"}))
    updated = add_term(folder, Term("astana", renderings={"ru": "Астана", "fr": "Astana"}))
    assert updated.line == 2 and updated.renderings == {"ru": "Астана", "fr": "Astana"}
    terms, langs = read_csv(folder / "terms.csv")
    assert [t.term for t in terms] == ["astana", "Almaty"]
    assert set(langs) == {"ru", "fr", "kk"}


def test_add_term_refuses_conflicts_and_invalid_terms(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    write(folder, "people.csv", "term,kind,ru\nTokayev,fixed,Токаев\n")
    add_term(folder, Term("Astana", renderings={"ru": "Астана"}))
    before = (folder / "terms.csv").read_bytes()
    with pytest.raises(InputError, match=r"'Tokayev' is already defined at .*people\.csv:2"):
        add_term(folder, Term("Kasym-Zhomart Tokayev", variants=("Tokayev",),
                              renderings={"ru": "Касым-Жомарт Токаев"}))
    with pytest.raises(InputError, match="unknown kind"):
        add_term(folder, Term("Almaty", kind="place"))
    with pytest.raises(InputError, match="empty term"):
        add_term(folder, Term(" "))
    assert (folder / "terms.csv").read_bytes() == before


# --- a file without a column for a target language (issue 9, item 8) ------------------------


def test_a_file_without_a_target_language_column_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "terms.csv", "term,kind,kk,ru,ru_avoid\nAstana,fixed,Астана,Астана,\n")
    error = refused(tmp_path)
    assert str(error) == (f"{path}:1: no column for the target language fr: add the columns "
                          "fr and fr_avoid (their cells may stay empty)")


def test_a_target_language_column_may_be_empty(tmp_path: Path) -> None:
    write(tmp_path, "terms.csv", "term,kind,kk,ru,fr\nAstana,fixed,Астана,Астана,\n")
    (astana,) = load_glossary(tmp_path, LANGS).terms
    assert astana.renderings == {"kk": "Астана", "ru": "Астана"}


def test_a_regional_target_is_served_by_its_language_column(tmp_path: Path) -> None:
    write(tmp_path, "terms.csv", "term,kind,fr\nAstana,fixed,Astana\n")
    assert len(load_glossary(tmp_path, ["fr_CA"])) == 1


# --- glossary add takes the workspace lock (issue 9, item 3) ---------------------------

def test_glossary_add_is_refused_while_another_command_holds_the_lock(
        workspace: Workspace, runner: CliRunner) -> None:
    terms = workspace.glossary_dir / "terms.csv"
    add_glossary_term(workspace, Term("Astana", renderings={"ru": "Астана"}))
    before = terms.read_bytes()
    with workspace_lock(workspace.root):
        with pytest.raises(LockedError):
            add_glossary_term(workspace, Term("Almaty", renderings={"ru": "Алматы"}))
        result = runner.invoke(app, ["glossary", "add", "Almaty", "-r", "ru=Алматы",
                                     "--workspace", str(workspace.root)])
    assert result.exit_code == 2
    assert "another l10n command is working on this workspace" in result.stderr
    assert terms.read_bytes() == before
    result = runner.invoke(app, ["glossary", "add", "Almaty", "-r", "ru=Алматы",
                                 "--workspace", str(workspace.root)])
    assert result.exit_code == 0, result.output
    assert "Almaty" in terms.read_text(encoding="utf-8")
