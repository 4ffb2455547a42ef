"""Several accepted renderings per language, and dnt terms without renderings (issue 10, item 1).

A language cell holds the preferred rendering first, then admitted ones, separated by ``|``.
Every consumer accepts any of them: the QA glossary check, the PO hints, MT enforcement,
``glossary list`` and TBX (``preferredTerm`` / ``admittedTerm``).
"""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.engines import EngineSettings
from l10n.glossary.csvfile import load_glossary, read_csv, save_csv
from l10n.glossary.enforce import verify
from l10n.glossary.model import Glossary, Term
from l10n.glossary.tbx import export_tbx, import_tbx
from l10n.ingest import ingest
from l10n.pretranslate import pretranslate
from l10n.qa.runner import check_text
from l10n.workspace.config import Workspace, init_workspace
from l10n.workspace.errors import InputError
from tests.conftest import snapshot
from tests.engines.enginefakes import Reply, Request, serving
from tests.glossary.accepted_cases import CONTROLS, CORRECT, GLOSSARY_CSV, PLANTED

LANGS = ["kk", "ru", "fr"]
HEADER = "term,kind,kk,ru,fr,variants,case_sensitive,kk_avoid,ru_avoid,fr_avoid,note\n"
OSCE_RU = "Организация по безопасности и сотрудничеству в Европе"


def write(folder: Path, text: str, name: str = "terms.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Glossary:
    folder = tmp_path_factory.mktemp("glossary")
    write(folder, GLOSSARY_CSV)
    return load_glossary(folder, LANGS)


def glossary_findings(glossary: Glossary, lang: str, source: str, target: str) -> list:
    return check_text(source, target, lang, langs=LANGS, glossary=glossary, checks=["glossary"])


# --- the CSV format ------------------------------------------------------------------------


def test_a_cell_holds_the_preferred_rendering_then_admitted_ones(tmp_path: Path) -> None:
    write(tmp_path, HEADER + f"OSCE,abbrev,ЕҚЫҰ,ОБСЕ | {OSCE_RU}|| ОБСЕ,OSCE,,yes,ОБСЕ,,,\n")
    (osce,) = load_glossary(tmp_path, LANGS).terms
    assert osce.renderings == {"kk": "ЕҚЫҰ", "ru": "ОБСЕ", "fr": "OSCE"}
    assert osce.admitted == {"ru": (OSCE_RU,)}  # spaces, empty parts and repeats dropped
    glossary = Glossary([osce], LANGS)
    assert glossary.rendering(osce, "ru") == "ОБСЕ"
    assert glossary.accepted(osce, "ru") == ("ОБСЕ", OSCE_RU)
    assert glossary.accepted("OSCE", "ru_RU") == ("ОБСЕ", OSCE_RU)
    assert glossary.accepted(osce, "kk") == ("ЕҚЫҰ",)
    assert glossary.accepted(osce, "de") == ()


def test_a_quoted_cell_means_the_same_and_the_canonical_file_does_not_quote(
        tmp_path: Path) -> None:
    write(tmp_path / "a", HEADER + f'OSCE,abbrev,ЕҚЫҰ,"ОБСЕ|{OSCE_RU}",OSCE,,yes,,,,\n')
    write(tmp_path / "b", HEADER + f"OSCE,abbrev,ЕҚЫҰ,ОБСЕ|{OSCE_RU},OSCE,,yes,,,,\n")
    quoted, plain = (load_glossary(tmp_path / name, LANGS) for name in "ab")
    assert list(quoted) == list(plain)
    save_csv(quoted, tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == (tmp_path / "b" / "terms.csv"
                                                                  ).read_text(encoding="utf-8")


def test_one_rendering_files_read_as_before(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "Almaty,fixed,Алматы,Алматы,Almaty,,no,,Алма-Ата,,\n")
    (almaty,) = load_glossary(tmp_path, LANGS).terms
    assert almaty.admitted == {}
    save_csv(Glossary([almaty], LANGS), tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == path.read_bytes()


def test_the_whole_test_glossary_round_trips(glossary: Glossary, tmp_path: Path) -> None:
    save_csv(glossary, tmp_path / "terms.csv")
    assert (tmp_path / "terms.csv").read_text(encoding="utf-8") == GLOSSARY_CSV
    committee = glossary.lookup("UN Human Rights Committee")
    assert committee is not None
    assert glossary.accepted(committee, "ru") == (
        "Комитет ООН по правам человека", "Комитет по правам человека ООН", "КПЧ ООН")


@pytest.mark.parametrize("cell", ["ОБСЕ|Организация безопасности", "Организация безопасности|ОБСЕ"])
def test_an_accepted_rendering_that_is_also_to_avoid_is_refused(tmp_path: Path,
                                                                 cell: str) -> None:
    path = write(tmp_path, HEADER + "Almaty,fixed,Алматы,Алматы,Almaty,,no,,,,\n"
                 + f"OSCE,abbrev,ЕҚЫҰ,{cell},OSCE,,yes,,Организация безопасности,,\n")
    with pytest.raises(InputError) as info:
        load_glossary(tmp_path, LANGS)
    assert str(info.value) == (f"{path}:3: ru: 'Организация безопасности' is both approved "
                               "and to avoid")
    assert info.value.exit_code == 2


def test_dnt_term_with_admitted_renderings_keeps_itself_first(tmp_path: Path) -> None:
    write(tmp_path, HEADER + "Amnesty International,dnt,,Amnesty International|Амнести "
          "Интернэшнл,,,no,,,,\n")
    glossary = load_glossary(tmp_path, LANGS)
    (amnesty,) = glossary.terms
    assert amnesty.renderings == {} and amnesty.admitted == {"ru": ("Амнести Интернэшнл",)}
    assert glossary.accepted(amnesty, "ru") == ("Amnesty International", "Амнести Интернэшнл")
    assert glossary.accepted(amnesty, "fr") == ("Amnesty International",)
    save_csv(glossary, tmp_path / "out" / "terms.csv")
    assert list(load_glossary(tmp_path / "out", LANGS)) == [amnesty]


def test_two_definitions_differing_in_admitted_renderings_conflict(tmp_path: Path) -> None:
    write(tmp_path, HEADER + "OSCE,abbrev,ЕҚЫҰ,ОБСЕ,OSCE,,yes,,,,\n", "a.csv")
    path = write(tmp_path, HEADER + f"OSCE,abbrev,ЕҚЫҰ,ОБСЕ|{OSCE_RU},OSCE,,yes,,,,\n", "b.csv")
    with pytest.raises(InputError) as info:
        load_glossary(tmp_path, LANGS)
    assert str(info.value).startswith(f"{path}:2: 'OSCE' is already defined at ")
    assert f"ru: 'ОБСЕ' there, 'ОБСЕ|{OSCE_RU}' here" in str(info.value)


# --- the QA glossary check: each false-positive cause of issue 10 -----------------------------


@pytest.mark.parametrize(("cause", "lang", "source", "target"), CORRECT,
                         ids=[f"{c[1]}-{i}" for i, c in enumerate(CORRECT)])
def test_correct_translation_using_an_accepted_rendering_passes(
        glossary: Glossary, cause: str, lang: str, source: str, target: str) -> None:
    assert glossary_findings(glossary, lang, source, target) == []


@pytest.mark.parametrize(("lang", "source", "target"), CONTROLS,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CONTROLS)])
def test_preferred_renderings_still_pass(glossary: Glossary, lang: str, source: str,
                                         target: str) -> None:
    assert glossary_findings(glossary, lang, source, target) == []


@pytest.mark.parametrize(("lang", "source", "bad", "good"), PLANTED,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(PLANTED)])
def test_planted_wrong_rendering_is_caught_while_its_admitted_twin_passes(
        glossary: Glossary, lang: str, source: str, bad: str, good: str) -> None:
    found = glossary_findings(glossary, lang, source, bad)
    assert [(check, severity) for check, severity, _ in found] == [("glossary", "error")], found
    assert "is a known wrong rendering of" in found[0][2]
    assert glossary_findings(glossary, lang, source, good) == []


def test_a_missing_term_names_the_preferred_and_the_admitted_renderings(
        glossary: Glossary) -> None:
    source = "The Ministry of Foreign Affairs did not comment."
    assert glossary_findings(glossary, "ru", source, "Министерство юстиции не дало комментариев.") == [
        ("glossary", "error", "'Ministry of Foreign Affairs' must be rendered "
         "'Министерство иностранных дел' (glossary; also accepted: 'МИД')")]
    assert glossary_findings(glossary, "fr", source,
                             "Le ministère de la Justice n’a fait aucun commentaire.") == [
        ("glossary", "error", "'Ministry of Foreign Affairs' must be rendered "
         "'ministère des Affaires étrangères' (glossary)")]
    osce = glossary_findings(glossary, "fr", "OSCE observers", "Des observateurs de l’OCSE")
    assert osce == [("glossary", "warning", "'OSCE': the glossary's 'OSCE' (or 'Organisation "
                     "pour la sécurité et la coopération en Europe') is not in the translation "
                     "(fine if spelt out)")]


def test_a_dnt_term_added_without_renderings_is_checked(glossary: Glossary) -> None:
    source = "Human Rights Watch called for an investigation."
    assert glossary_findings(glossary, "ru", source,
                             "Human Rights Watch призвала провести расследование.") == []
    assert glossary_findings(glossary, "ru", source,
                             "Хьюман Райтс Вотч призвала провести расследование.") == [
        ("glossary", "error", "'Human Rights Watch' must be kept as is (glossary: do not "
         "translate)")]


# --- hints in the PO files -------------------------------------------------------------------


def test_hints_show_the_preferred_then_the_admitted_renderings(glossary: Glossary) -> None:
    text = ("The Organization for Security and Co-operation in Europe (OSCE) and the "
            "Kazakh authorities")
    assert glossary.hints(text, "ru") == [
        "Organization for Security and Co-operation in Europe → Организация по безопасности "
        "и сотрудничеству в Европе (also: ОБСЕ; not: Организация безопасности и сотрудничества "
        "в Европе)",
        "OSCE → ОБСЕ (also: Организация по безопасности…)",
        "Kazakh authorities → власти Казахстана (also: казахстанские власти; not: казахские "
        "власти)",
    ]
    assert glossary.hints("the ICCPR", "fr") == [
        "ICCPR → PIDCP (also: Pacte international relatif…; not: Convention internationale "
        "relative aux droits civils et politiques)"]
    # An admitted rendering is cut past the words it shares with the preferred one.
    assert glossary.hints("the Administrative Code", "ru") == [
        "Administrative Code → Кодекс об административных правонарушениях (also: Кодекс "
        "Республики Казахстан…, КоАП; not: Административный кодекс)"]
    assert glossary.hints("the Administrative Code", "kk") == [
        "Administrative Code → Әкімшілік құқық бұзушылық туралы кодекс (also: Әкімшілік құқық "
        "бұзушылық туралы Қазақстан…)"]
    assert glossary.hints("Human Rights Watch", "kk") == [
        "Human Rights Watch → Human Rights Watch (keep as is)"]


def test_ingest_writes_the_hints_into_the_po_files(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", "en", LANGS)
    write(ws.glossary_dir, GLOSSARY_CSV)
    (ws.sources_dir / "osce.txt").write_text(
        "OSCE observers concluded that the election was tarnished by violations.\n",
        encoding="utf-8")
    ingest(ws)
    (entry,) = polib.pofile(str(ws.po_path("osce", "kk")))
    assert "term: OSCE → ЕҚЫҰ (also: Еуропадағы қауіпсіздік және…; not: ОБСЕ)" in entry.comment


# --- MT enforcement ----------------------------------------------------------------------------


def test_enforcement_leaves_an_admitted_rendering_and_repairs_to_the_preferred(
        glossary: Glossary) -> None:
    source = "Dozens of protesters were fined under the Administrative Code."
    kept = verify(glossary, source, "Десятки протестующих были оштрафованы по КоАП.", "ru")
    assert (kept.text, kept.notes, kept.missing) == (
        "Десятки протестующих были оштрафованы по КоАП.", [], [])
    fixed = verify(glossary, source,
                   "Десятки протестующих были оштрафованы по Административному кодексу.", "ru")
    assert fixed.text == ("Десятки протестующих были оштрафованы по Кодексу об "
                          "административных правонарушениях.")
    assert fixed.notes == ["glossary: repaired to Кодекс об административных правонарушениях"]
    missing = verify(glossary, source, "Десятки протестующих были оштрафованы.", "ru")
    assert [m.term.term for m in missing.missing] == ["Administrative Code"]


def libre(answers: dict[str, str]):  # type: ignore[no-untyped-def]
    def protocol(request: Request) -> Reply:
        body = request.json()
        assert isinstance(body, dict)
        return Reply(200, json.dumps({"translatedText": [answers.get(q, f"?{q}")
                                                         for q in body["q"]]}))
    return protocol


def test_pretranslate_keeps_a_machine_translation_with_an_admitted_rendering(
        tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", "en", ["ru"])
    write(ws.glossary_dir, GLOSSARY_CSV)
    (ws.sources_dir / "osce.txt").write_text(
        "In 2010, Kazakhstan chaired the Organization for Security and Co-operation in Europe. "
        "The Kazakh authorities have ignored the recommendations of the OSCE.\n",
        encoding="utf-8")
    ingest(ws)
    answers = {
        "In 2010, Kazakhstan chaired the Organization for Security and Co-operation in Europe.":
            "В 2010 году Казахстан председательствовал в ОБСЕ.",
        "The Kazakh authorities have ignored the recommendations of the OSCE.":
            "Казахские власти проигнорировали рекомендации ОБСЕ.",
    }
    with serving(libre(answers)) as server:
        settings = EngineSettings.from_env(environ={"L10N_LIBRETRANSLATE_URL": server.url})
        pretranslate(ws, engine="libretranslate", settings=settings)
    chaired, ignored = polib.pofile(str(ws.po_path("osce", "ru")))
    assert chaired.msgstr == "В 2010 году Казахстан председательствовал в ОБСЕ."
    assert "glossary:" not in chaired.comment
    assert ignored.msgstr == "Власти Казахстана проигнорировали рекомендации ОБСЕ."
    assert "glossary: repaired to власти Казахстана" in ignored.comment


# --- TBX ---------------------------------------------------------------------------------------


def test_tbx_export_marks_admitted_terms_and_gives_dnt_terms_every_language(
        glossary: Glossary, tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    export_tbx(glossary, path)
    text = path.read_text(encoding="utf-8")
    assert ("<term>КПЧ ООН</term>\n            <termNote type=\"administrativeStatus\">"
            "admittedTerm-admn-sts</termNote>") in text
    assert ("<term>Комитет ООН по правам человека</term>\n            <termNote "
            "type=\"administrativeStatus\">preferredTerm-admn-sts</termNote>") in text
    (entry,) = [" ".join(e.split()) for e in text.split("<termEntry")
                if "<term>Human Rights Watch</term>" in e]
    for lang in LANGS:  # a dnt term: its source form is the target term in every language
        assert (f'<langSet xml:lang="{lang}"> <tig> <term>Human Rights Watch</term> <termNote '
                'type="administrativeStatus">preferredTerm-admn-sts</termNote> </tig> '
                '</langSet>') in entry, lang
    assert import_tbx(path, langs=LANGS) == list(glossary.terms)


def test_translate_toolkit_sees_the_dnt_term_as_its_own_target(glossary: Glossary,
                                                              tmp_path: Path) -> None:
    tbx_module = pytest.importorskip("translate.storage.tbx")
    export_tbx(glossary, tmp_path / "g.tbx")
    store = tbx_module.tbxfile.parsefile(str(tmp_path / "g.tbx"))
    store.settargetlanguage("kk")
    targets = {unit.source: unit.target for unit in store.units}
    assert targets["Human Rights Watch"] == "Human Rights Watch"


V2_ENTRY = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="c1">
 <langSet xml:lang="en"><tig><term>Ministry of Foreign Affairs</term></tig></langSet>
 <langSet xml:lang="ru">
  <tig><term>МИД</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
  <tig><term>Министерство иностранных дел</term>
   <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
  <tig><term>Министерство зарубежных дел</term>
   <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
 </langSet>
</termEntry></body></text></martif>
"""

V3_ENTRY = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dct" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:basic="http://www.tbxinfo.net/ns/basic"><text><body><conceptEntry id="c1">
 <langSec xml:lang="en"><termSec><term>Ministry of Foreign Affairs</term></termSec></langSec>
 <langSec xml:lang="kk">
  <termSec><term>Сыртқы істер министрлігі</term>
   <basic:administrativeStatus>preferredTerm-admn-sts</basic:administrativeStatus></termSec>
  <termSec><term>СІМ</term>
   <basic:administrativeStatus>admittedTerm-admn-sts</basic:administrativeStatus></termSec>
 </langSec></conceptEntry></body></text></tbx>
"""


def test_tbx_import_reads_admitted_terms_from_term_notes_and_elements(tmp_path: Path) -> None:
    (tmp_path / "v2.tbx").write_text(V2_ENTRY, encoding="utf-8")
    (tmp_path / "v3.tbx").write_text(V3_ENTRY, encoding="utf-8")
    (v2,) = import_tbx(tmp_path / "v2.tbx", langs=LANGS)
    assert v2 == Term("Ministry of Foreign Affairs", "fixed",
                      {"ru": "Министерство иностранных дел"},
                      {"ru": ("Министерство зарубежных дел",)}, admitted={"ru": ("МИД",)})
    (v3,) = import_tbx(tmp_path / "v3.tbx", langs=LANGS)
    assert v3.renderings == {"kk": "Сыртқы істер министрлігі"}
    assert v3.admitted == {"kk": ("СІМ",)} and v3.note == ""


# --- the glossary commands ---------------------------------------------------------------------


def cli(ws: Workspace, *args: str) -> object:
    return CliRunner().invoke(app, [*args, "--workspace", str(ws.root)])


def test_glossary_add_dnt_without_renderings(workspace: Workspace) -> None:
    result = cli(workspace, "glossary", "add", "Human Rights Watch", "--kind", "dnt")
    assert result.exit_code == 0, result.output
    terms = workspace.glossary_dir / "terms.csv"
    assert result.stdout == f"{terms}:2: Human Rights Watch\n"
    assert terms.read_text(encoding="utf-8").splitlines()[1] == (
        "Human Rights Watch,dnt,,,,,no,,,,")
    listed = cli(workspace, "glossary", "list")
    assert listed.stdout == ("Human Rights Watch [dnt]  kk: Human Rights Watch  "
                             "ru: Human Rights Watch  fr: Human Rights Watch\n")


def test_glossary_add_without_renderings_is_refused_for_other_kinds(
        workspace: Workspace) -> None:
    before = snapshot(workspace.root)
    result = cli(workspace, "glossary", "add", "Ministry of Foreign Affairs")
    assert result.exit_code == 2
    assert result.stderr == ("Error: 'Ministry of Foreign Affairs' needs at least one "
                             "--rendering LANG=TEXT (only a dnt term may have none)\n")
    assert snapshot(workspace.root) == before


def test_glossary_add_repeated_rendering_gives_preferred_then_admitted(
        workspace: Workspace) -> None:
    result = cli(workspace, "glossary", "add", "Ministry of Foreign Affairs",
                 "-r", "ru=Министерство иностранных дел", "-r", "kk=Сыртқы істер министрлігі",
                 "-r", "ru=МИД", "-r", "kk=СІМ", "-r", "fr=ministère des Affaires étrangères",
                 "--variant", "Foreign Ministry")
    assert result.exit_code == 0, result.output
    (term,), _ = read_csv(workspace.glossary_dir / "terms.csv")
    assert term.renderings["ru"] == "Министерство иностранных дел"
    assert term.admitted == {"ru": ("МИД",), "kk": ("СІМ",)}
    assert ("Ministry of Foreign Affairs,fixed,Сыртқы істер министрлігі|СІМ,"
            "Министерство иностранных дел|МИД,ministère des Affaires étrangères,") in (
        workspace.glossary_dir / "terms.csv").read_text(encoding="utf-8")

    listed = cli(workspace, "glossary", "list", "--lang", "ru")
    assert listed.stdout == ("Ministry of Foreign Affairs [fixed]  ru: Министерство "
                             "иностранных дел (also: МИД)\n")
    rows = json.loads(cli(workspace, "glossary", "list", "--json").stdout)
    assert rows[0]["ru"] == "Министерство иностранных дел"
    assert rows[0]["admitted"] == {"kk": ["СІМ"], "ru": ["МИД"], "fr": []}


def test_glossary_add_refuses_an_admitted_rendering_that_is_to_avoid(
        workspace: Workspace) -> None:
    before = snapshot(workspace.root)
    result = cli(workspace, "glossary", "add", "OSCE", "--kind", "abbrev", "-r", "kk=ЕҚЫҰ",
                 "-r", "kk=ОБСЕ", "--avoid", "kk=ОБСЕ")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {workspace.glossary_dir / 'terms.csv'}: kk: 'ОБСЕ' is "
                             "both approved and to avoid\n")
    assert snapshot(workspace.root) == before


def test_glossary_import_of_a_tbx_with_admitted_terms_writes_them_to_the_csv(
        glossary: Glossary, workspace: Workspace, tmp_path: Path) -> None:
    export_tbx(glossary, tmp_path / "partner.tbx")
    result = cli(workspace, "glossary", "import", str(tmp_path / "partner.tbx"))
    assert result.exit_code == 0, result.output
    assert (workspace.glossary_dir / "terms.csv").read_text(encoding="utf-8") == GLOSSARY_CSV


def test_a_value_holding_the_separator_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "x.tbx"
    path.write_text(V2_ENTRY.replace("<term>МИД</term>", "<term>МИД|МВД</term>"), "utf-8")
    with pytest.raises(InputError) as info:
        import_tbx(path, langs=LANGS)
    assert str(info.value) == (f"{path}:3: 'МИД|МВД' contains '|', which separates values in "
                               "glossary files: give each value on its own")
