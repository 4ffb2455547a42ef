"""XLIFF as other tools really write it (issue 11): split segments, pretty-printed targets,
1.2 codes, DOCTYPE lines, Windows originals, Trados/memoQ statuses, schemas, plurals, and
the real files in ../shared/real_interop/xliff/."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from l10n.catalog.pofile import format_po, read_po
from l10n.catalog.states import Status, status_of
from l10n.cli.app import app
from l10n.workspace.config import Workspace, init_workspace
from l10n.workspace.errors import InputError
from l10n.xliff.exporter import export_xliff
from l10n.xliff.importer import import_xliff
from l10n.xliff.model import unit_id
from tests.conftest import ROOT, snapshot

etree = pytest.importorskip("lxml.etree")

SAMPLE = "kazakhstan-impunity-2019"
DAY = date(2027, 1, 15)
REAL = ROOT.parent / "shared" / "real_interop"
if not REAL.is_dir():
    REAL = Path("/work/shared/real_interop")
SCHEMAS = REAL / "schemas"
XLIFF_FILES = sorted((REAL / "xliff").iterdir()) if (REAL / "xliff").is_dir() else []


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    for lang in workspace.targets:
        target = workspace.po_path(SAMPLE, lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "locales" / lang / "LC_MESSAGES" / f"{SAMPLE}.po", target)
    return workspace


def demo_po(ws: Workspace, entries: list[polib.POEntry], name: str = "demo",
            lang: str = "fr") -> Path:
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang,
                   "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    for e in entries:
        po.append(e)
    path = ws.po_path(name, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_po(po), encoding="utf-8")
    return path


def xliff12(body: str, original: str = "demo.po", lang: str = "fr", extra: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"{extra}>\n'
            f'<file original="{original}" source-language="en" target-language="{lang}" '
            f'datatype="plaintext"><body>\n{body}\n</body></file></xliff>\n')


# --- 2.0 units split into segments --------------------------------------------------------

def test_20_unit_split_into_segments_is_joined_back(ws: Workspace, tmp_path: Path) -> None:
    """A CAT tool split a unit into segments with an <ignorable> between: joined back, the
    targets merged in order; a unit still untranslated in the tool is no "stale" unit."""
    demo_po(ws, [polib.POEntry(msgid="One sentence. Another one.", msgstr=""),
                 polib.POEntry(msgid="Not yet. Still not.", msgstr="")])
    xlf = tmp_path / "d.xlf"
    export_xliff(ws, "demo", "fr", xlf, version="2.0")
    text = xlf.read_text(encoding="utf-8")
    text = text.replace(
        '<segment state="initial">\n        <source>One sentence. Another one.</source>\n'
        "      </segment>",
        '<segment state="translated"><source>One sentence.</source><target>Une phrase.'
        '</target></segment><ignorable><source> </source></ignorable>'
        '<segment state="final"><source>Another one.</source><target>Une autre.</target>'
        "</segment>")
    text = text.replace(
        '<segment state="initial">\n        <source>Not yet. Still not.</source>\n'
        "      </segment>",
        '<segment><source>Not yet.</source></segment><ignorable><source> </source>'
        "</ignorable><segment><source>Still not.</source></segment>")
    xlf.write_text(text, encoding="utf-8")
    report = import_xliff(ws, xlf, day=DAY)
    assert (report.updated, report.unchanged, report.skipped) == (1, 1, {})
    po = read_po(ws.po_path("demo", "fr"))
    assert po.find("One sentence. Another one.").msgstr == "Une phrase. Une autre."
    # the least advanced segment's state: translated, not reviewed
    assert status_of(po.find("One sentence. Another one.")) is Status.TRANSLATED


def test_20_partly_translated_unit_is_refused_without_blaming_the_release(
        ws: Workspace, tmp_path: Path) -> None:
    demo_po(ws, [polib.POEntry(msgid="One sentence. Another one.", msgstr="")])
    xlf = tmp_path / "d.xlf"
    export_xliff(ws, "demo", "fr", xlf, version="2.0")
    text = re.sub(r"<segment.*</segment>",
                  "<segment><source>One sentence.</source><target>Une phrase.</target>"
                  "</segment><segment><source> Another one.</source></segment>",
                  xlf.read_text(encoding="utf-8"), flags=re.S)
    xlf.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["xliff", "import", str(xlf), "-w", str(ws.root)])
    assert result.exit_code == 1
    assert "only 1 of its 2 segments have a target" in result.stderr
    assert "release changed" not in result.stdout + result.stderr
    assert "1 skipped, 1 partly translated" in result.stdout


def test_unit_without_segments_is_refused_without_blaming_the_release(
        ws: Workspace, tmp_path: Path) -> None:
    demo_po(ws, [polib.POEntry(msgid="Hello.", msgstr="")])
    xlf = tmp_path / "d.xlf"
    export_xliff(ws, "demo", "fr", xlf, version="2.0")
    xlf.write_text(re.sub(r"<segment.*</segment>", "", xlf.read_text(encoding="utf-8"),
                          flags=re.S), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_xliff(ws, xlf)
    assert "it has no <segment>" in str(caught.value)
    assert "release changed" not in str(caught.value)


# --- layout --------------------------------------------------------------------------------

@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_pretty_printed_targets_lose_their_indentation(ws: Workspace, tmp_path: Path,
                                                       version: str) -> None:
    demo_po(ws, [polib.POEntry(msgid="Police detained <1>dozens</1> of people.", msgstr=""),
                 polib.POEntry(msgid="Line one\nline two", msgstr=""),
                 polib.POEntry(msgid="  Edge spaces ", msgstr="")])
    xlf = tmp_path / "d.xlf"
    export_xliff(ws, "demo", "fr", xlf, version=version)
    text = xlf.read_text(encoding="utf-8")
    g = "g" if version == "1.2" else "pc"
    pretty = {"Police detained": f'\n          La police a arrêté\n          <{g} id="1">des '
                                 f'dizaines</{g}> de personnes.\n        ',
              "Line one": "\n          Ligne un\nligne deux\n        ",
              "  Edge spaces": "\n            Espaces  \n        "}
    for source, target in pretty.items():
        text = re.sub(rf"(<source>{re.escape(source)}.*?</source>\s*)(<target[^>]*/>|)",
                      lambda m, t=target: m[1] + f"<target>{t}</target>", text, flags=re.S)
    xlf.write_text(text, encoding="utf-8")
    report = import_xliff(ws, xlf)
    assert report.updated == 3, report
    po = read_po(ws.po_path("demo", "fr"))
    assert po.find("Police detained <1>dozens</1> of people.").msgstr == \
        "La police a arrêté <1>des dizaines</1> de personnes."
    # the source has line breaks: inside the text they are the translator's
    assert po.find("Line one\nline two").msgstr == "Ligne un\nligne deux"
    assert po.find("  Edge spaces ").msgstr == "  Espaces "


# --- 1.2 as tools write it --------------------------------------------------------------------

def test_12_codes_as_tools_write_them(ws: Workspace, tmp_path: Path) -> None:
    """<bx/>/<ex/>, <g>, <x/>, <ph>, <bpt>/<ept> and <mrk mtype="seg"> are all read."""
    demo_po(ws, [polib.POEntry(msgid="See <1>the report</1> and <2/>.", msgstr=""),
                 polib.POEntry(msgid="Bold <1>and</1> <3>more</3>.", msgstr=""),
                 polib.POEntry(msgid="Split. In two.", msgstr="")])
    units = {
        "See <1>the report</1> and <2/>.":
            ('See <bx id="1"/>the report<ex id="1"/> and <ph id="2">&lt;br/&gt;</ph>.',
             'Voir <bx id="1"/>le rapport<ex id="1"/> et <x id="2"/>.'),
        "Bold <1>and</1> <3>more</3>.":
            ('Bold <g id="1">and</g> <bpt id="3">&lt;b&gt;</bpt>more<ept id="3">'
             "&lt;/b&gt;</ept>.",
             'Gras <g id="1">et</g> <bpt id="3">&lt;b&gt;</bpt>plus<ept id="3">&lt;/b&gt;'
             "</ept>."),
        "Split. In two.":
            ('<mrk mtype="seg" mid="1">Split.</mrk> <mrk mtype="seg" mid="2">In two.</mrk>',
             '<mrk mtype="seg" mid="1">Coupé.</mrk> <mrk mtype="seg" mid="2">En deux.</mrk>'),
    }
    body = "".join(f'<trans-unit id="t{n}"><source>{s}</source><target state="translated">'
                   f"{t}</target></trans-unit>\n" for n, (s, t) in enumerate(units.values()))
    xlf = tmp_path / "tool.xlf"
    xlf.write_text(xliff12(body), encoding="utf-8")
    report = import_xliff(ws, xlf)
    assert (report.updated, report.skipped) == (3, {})
    po = read_po(ws.po_path("demo", "fr"))
    assert po.find("See <1>the report</1> and <2/>.").msgstr == "Voir <1>le rapport</1> et <2/>."
    assert po.find("Bold <1>and</1> <3>more</3>.").msgstr == "Gras <1>et</1> <3>plus</3>."
    assert po.find("Split. In two.").msgstr == "Coupé. En deux."


@pytest.mark.parametrize("original", [r"C:\work\demo.md", r"..\source_texts\demo.txt",
                                      "/home/x/demo.html", "locales/fr/LC_MESSAGES/demo.po"])
def test_original_paths_give_the_release(ws: Workspace, tmp_path: Path, original: str) -> None:
    demo_po(ws, [polib.POEntry(msgid="Hello.", msgstr="")])
    xlf = tmp_path / "tool.xlf"
    body = '<trans-unit id="1"><source>Hello.</source><target>Bonjour.</target></trans-unit>'
    xlf.write_text(xliff12(body, original=original.replace("&", "&amp;")), encoding="utf-8")
    report = import_xliff(ws, xlf)
    assert (report.release, report.updated) == ("demo", 1)


def test_doctype_line_is_accepted(ws: Workspace, tmp_path: Path) -> None:
    demo_po(ws, [polib.POEntry(msgid="Hello.", msgstr="")])
    xlf = tmp_path / "tool.xlf"
    body = '<trans-unit id="1"><source>Hello.</source><target>Bonjour.</target></trans-unit>'
    text = xliff12(body).replace("?>\n", '?>\n<!DOCTYPE xliff PUBLIC "-//XLIFF//DTD XLIFF//EN" '
                                 '"http://www.oasis-open.org/committees/xliff/documents/'
                                 'xliff.dtd">\n', 1)
    xlf.write_text(text, encoding="utf-8")
    assert import_xliff(ws, xlf).updated == 1  # (the network guard would catch a fetch)


def test_trados_and_memoq_statuses_decide_the_state(ws: Workspace, tmp_path: Path) -> None:
    sources = [f"Sentence {n}." for n in range(7)]
    demo_po(ws, [polib.POEntry(msgid=s, msgstr="") for s in sources])
    sdl = 'xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0"'
    confs = ["Translated", "ApprovedTranslation", "Draft", "ApprovedSignOff"]
    body = ""
    for n, conf in enumerate(confs):
        body += (f'<trans-unit id="{n}"><source>Sentence {n}.</source><target>'
                 f'<mrk mtype="seg" mid="1">Phrase {n}.</mrk></target><sdl:seg-defs>'
                 f'<sdl:seg id="1" conf="{conf}"/></sdl:seg-defs></trans-unit>\n')
    xlf = tmp_path / "trados.sdlxliff"
    xlf.write_text(xliff12(body, original=r"C:\Users\t\demo.html", extra=" " + sdl),
                   encoding="utf-8")
    import_xliff(ws, xlf, day=DAY, merge_matching=True)
    mq = 'xmlns:mq="MQXliff"'
    body = "".join(f'<trans-unit id="{n}" mq:status="{status}"><source>Sentence {n}.</source>'
                   f'<target state="translated">Phrase {n}.</target></trans-unit>\n'
                   for n, status in [(4, "ManuallyConfirmed"), (5, "Reviewer1Confirmed"),
                                     (6, "PartiallyEdited")])
    xlf = tmp_path / "memoq.xlf"
    xlf.write_text(xliff12(body, extra=" " + mq), encoding="utf-8")
    import_xliff(ws, xlf, day=DAY, merge_matching=True)
    po = read_po(ws.po_path("demo", "fr"))
    assert [status_of(po.find(s)) for s in sources] == [
        Status.TRANSLATED, Status.REVIEWED, Status.FUZZY, Status.REVIEWED,
        Status.TRANSLATED, Status.REVIEWED, Status.FUZZY]


# --- schemas and a peer reader --------------------------------------------------------------

def _schema(name: str):  # type: ignore[no-untyped-def]
    """An OASIS schema, its xml.xsd import served from the local folder, nothing fetched."""
    if not (SCHEMAS / name).exists():
        pytest.skip(f"{SCHEMAS} is absent (../shared is not mounted)")

    class Local(etree.Resolver):  # type: ignore[misc]
        def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
            if url.endswith("xml.xsd"):
                return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
            if url.startswith(str(SCHEMAS)):
                return None
            raise AssertionError(f"the schema wants {url}: never fetched")

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def plural_po(ws: Workspace) -> Path:
    po = read_po(ws.po_path(SAMPLE, "ru"))
    po.append(polib.POEntry(msgid="%d journalist was detained.",
                            msgid_plural="%d journalists were detained.", flags=["c-format"],
                            msgstr_plural={0: "Задержан %d журналист.",
                                           1: "Задержаны %d журналиста.",
                                           2: "Задержаны %d журналистов."}))
    po.append(polib.POEntry(msgid="%d report", msgid_plural="%d reports", flags=["c-format"],
                            msgstr_plural={0: "", 1: "", 2: ""}))
    path = ws.po_path(SAMPLE, "ru")
    path.write_text(format_po(po), encoding="utf-8")
    return path


@pytest.mark.parametrize("version, schema", [("1.2", "xliff-core-1.2-strict.xsd"),
                                             ("1.2", "xliff-core-1.2-transitional.xsd"),
                                             ("2.0", "xliff_core_2.0.xsd")])
def test_export_validates_against_the_oasis_schema(ws: Workspace, tmp_path: Path,
                                                   version: str, schema: str) -> None:
    plural_po(ws)
    validator = _schema(schema)
    xlf = tmp_path / "x.xlf"
    export_xliff(ws, SAMPLE, "ru", xlf, version=version)
    assert validator.validate(etree.parse(str(xlf))), validator.error_log


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_plural_entries_round_trip(ws: Workspace, tmp_path: Path, version: str) -> None:
    po_path = plural_po(ws)
    before = po_path.read_bytes()
    xlf = tmp_path / "x.xlf"
    assert export_xliff(ws, SAMPLE, "ru", xlf, version=version) == 26
    root = etree.parse(str(xlf)).getroot()
    tag = "trans-unit" if version == "1.2" else "unit"
    assert len(root.findall(f".//{{*}}{tag}")) == 24 + 3 + 3  # one unit per form
    report = import_xliff(ws, xlf)
    assert (report.units, report.unchanged, report.written) == (26, 26, False)
    assert po_path.read_bytes() == before
    # a translator fills the second entry's three forms
    text = xlf.read_text(encoding="utf-8")
    for n, form in enumerate(["%d отчёт", "%d отчёта", "%d отчётов"]):
        uid = unit_id(polib.POEntry(msgid="%d report"))
        uid = f"{uid}[{n}]" if version == "1.2" else f"{uid}-{n}"
        text = re.sub(rf'(id="{re.escape(uid)}".*?</source>\s*)<target[^>]*/>|'
                      rf'(id="{re.escape(uid)}".*?</source>)(\s*)(</segment>)',
                      lambda m, f=form: (m[1] + f"<target>{f}</target>") if m[1] else
                      (m[2] + m[3] + f"<target>{f}</target>" + m[3] + m[4]),
                      text, count=1, flags=re.S)
    xlf.write_text(text, encoding="utf-8")
    report = import_xliff(ws, xlf)
    assert report.updated == 1 and report.written
    entry = read_po(po_path).find("%d report")
    assert entry.msgstr_plural == {0: "%d отчёт", 1: "%d отчёта", 2: "%d отчётов"}
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_plural_group_with_a_missing_form_is_reported(ws: Workspace, tmp_path: Path) -> None:
    po_path = plural_po(ws)
    xlf = tmp_path / "x.xlf"
    export_xliff(ws, SAMPLE, "ru", xlf)
    uid = unit_id(polib.POEntry(msgid="%d report"))
    text = re.sub(rf'(id="{re.escape(uid)}\[0\]".*?</source>\s*)<target[^>]*/>',
                  lambda m: m[1] + "<target>%d отчёт</target>", xlf.read_text("utf-8"),
                  flags=re.S)
    xlf.write_text(text, encoding="utf-8")
    before = po_path.read_bytes()
    report = import_xliff(ws, xlf)
    assert report.skipped == {"partly translated": 1}
    assert po_path.read_bytes() == before


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_translate_toolkit_reads_translated_units_as_translated(
        ws: Workspace, tmp_path: Path, version: str) -> None:
    """Weblate and Pootle read XLIFF through Translate Toolkit: same units, same counts of
    translated and fuzzy ones as the PO file. TT reads our 1.2 (datatype="po") with its
    PO-flavoured reader, which joins a plural group into one unit; 2.0 has a unit per form."""
    plural_po(ws)
    xlf = tmp_path / "x.xlf"
    export_xliff(ws, SAMPLE, "ru", xlf, version=version)
    if version == "1.2":
        store = pytest.importorskip("translate.storage.xliff").xlifffile.parsefile(str(xlf))
    else:
        store = pytest.importorskip("translate.storage.xliff2").Xliff2File.parsefile(str(xlf))
    po = [e for e in read_po(ws.po_path(SAMPLE, "ru")) if not e.obsolete]
    def n(e: polib.POEntry) -> int:
        return len(e.msgstr_plural) if e.msgid_plural and version == "2.0" else 1

    forms = sum(n(e) for e in po)
    units = [u for u in store.units if not u.isheader()]
    assert len(units) == forms
    if version == "1.2":
        # TT's 1.2 reader takes a group's approval from the <group>, which the schema does
        # not let carry approved="yes": plural groups read as fuzzy there (a TT limit).
        assert sum(1 for u in units if u.hasplural()) == 2
        units = [u for u in units if not u.hasplural()]
        po = [e for e in po if not e.msgid_plural]
    fuzzy = sum(1 for e in po if status_of(e) in (Status.FUZZY, Status.SUGGESTED))
    done = sum(n(e) for e in po if status_of(e) in (Status.TRANSLATED, Status.REVIEWED))
    assert sum(1 for u in units if u.isfuzzy()) == fuzzy
    assert sum(1 for u in units if u.istranslated()) == done


# --- the summary ---------------------------------------------------------------------------

def test_cli_reports_taken_and_skipped_by_reason(ws: Workspace, tmp_path: Path) -> None:
    demo_po(ws, [polib.POEntry(msgid=f"Sentence {n}.", msgstr="") for n in range(3)])
    body = ('<trans-unit id="a"><source>Sentence 0.</source><target>Phrase 0.</target>'
            '</trans-unit><trans-unit id="b" translate="no"><source>Code</source>'
            '</trans-unit><trans-unit id="c"><source>Sentence 1.</source><target>Phrase '
            '<x id="7"/>.</target></trans-unit><trans-unit id="d"><source>Sentence 2.'
            '</source><target>Phrase 2.</target></trans-unit><trans-unit id="e"><source>'
            'Sentence 2.</source><target>Encore.</target></trans-unit>')
    xlf = tmp_path / "t.xlf"
    xlf.write_text(xliff12(body), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["xliff", "import", str(xlf), "-w", str(ws.root), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["units"], data["taken"], data["updated"]) == (5, 2, 2)
    assert data["skipped"] == {"duplicate": 1, "inline codes": 1, "not translatable": 1}
    assert data["catalog"] == "locales/fr/LC_MESSAGES/demo.po"
    assert {i["unit"]: i["reason"] for i in data["issues"]} == {
        "b": "not translatable", "c": "inline codes", "e": "duplicate"}
    demo_po(ws, [polib.POEntry(msgid=f"Sentence {n}.", msgstr="") for n in range(3)])
    result = runner.invoke(app, ["xliff", "import", str(xlf), "-w", str(ws.root)])
    assert result.stdout.strip() == (
        "locales/fr/LC_MESSAGES/demo.po: updated (5 units: 2 taken = 2 translations, 0 state "
        "changes, 0 unchanged, 0 empty targets kept; 3 skipped, 1 duplicate, 1 inline codes, "
        "1 not translatable)")


# --- the real files in ../shared/real_interop/xliff/ -------------------------------------------

def _ln(e) -> str:  # type: ignore[no-untyped-def]
    return etree.QName(e).localname if isinstance(e.tag, str) else ""


def _independent_counts(path: Path) -> tuple[int, str, str, list[tuple[str, str | None]]]:
    """With lxml: the units, target language, original and the (source, target) of the
    translatable units whose texts carry no inline codes."""
    root = etree.parse(str(path)).getroot()
    v2 = root.get("version", "").startswith("2")
    units = [u for u in root.iter() if _ln(u) == ("unit" if v2 else "trans-unit")]
    file = next(e for e in root.iter() if _ln(e) == "file")
    lang = (root.get("trgLang") if v2 else file.get("target-language")) or ""
    plain = []
    for u in units:
        parts = [c for c in u if _ln(c) in ("segment", "ignorable")] if v2 else [u]
        srcs = [next((c for c in p if _ln(c) == "source"), None) for p in parts]
        tgts = [next((c for c in p if _ln(c) == "target"), None) for p in parts]
        if u.get("translate") == "no" or not srcs or any(s is None or len(s) for s in srcs):
            continue
        target = None
        if all(t is not None and not len(t) for t in tgts):
            target = "".join(t.text or "" for t in tgts)
        plain.append(("".join(s.text or "" for s in srcs), target))
    return len(units), lang, file.get("original") or file.get("id") or "", plain


@pytest.mark.parametrize("path", XLIFF_FILES, ids=[p.name for p in XLIFF_FILES])
def test_real_xliff_file(ws: Workspace, tmp_path: Path, path: Path) -> None:
    """A foreign file belongs to no release of ours: refused with one line, nothing
    changed. It is usable when its target language is a workspace target and its
    original names a release with a catalog: then every unit is taken or skipped with
    its reason, and the translatable plain-text units' targets arrive."""
    count, lang, original, plain = _independent_counts(path)
    before = snapshot(ws.root)
    result = CliRunner().invoke(app, ["xliff", "import", str(path), "-w", str(ws.root)])
    assert result.exit_code == 2, result.stdout
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(ws.root) == before

    code = lang.split("-")[0].lower()
    release = re.split(r"[\\/]", original)[-1].rpartition(".")[0] or \
        re.split(r"[\\/]", original)[-1]
    if not re.fullmatch(r"[A-Za-z0-9._-]+", release):
        pytest.skip(f"original={original!r} names no possible release (refused above)")
    own = init_workspace(tmp_path / "own", "en", [code])
    sources = [s for s, _ in plain if s.strip()]
    demo_po(own, [polib.POEntry(msgid=s, msgstr="") for s in dict.fromkeys(sources)],
            name=release, lang=code)
    report = import_xliff(own, path, merge_matching=True)
    assert report.units == count
    assert report.taken + sum(report.skipped.values()) == count
    po = read_po(own.po_path(release, code))
    for source, target in plain:
        entry = po.find(source)
        if entry is not None and target and target.strip():
            assert " ".join(entry.msgstr.split()) in {" ".join(t.split()) for s, t in plain
                                                     if s == source and t}
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull,
                             str(own.po_path(release, code))], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
