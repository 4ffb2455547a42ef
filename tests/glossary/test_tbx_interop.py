"""TBX files as other tools write them (../shared/real_interop): Okapi's IBM, Maryland,
Medtronic, Oracle, SDL MultiTerm and windows-1254 files, LTAC's TBX v3 DCA/DCT/Basic/Min
files, Weblate's, and IBM's with an IATE-style ``mul`` and a ``kk-Latn`` language set.

Expected counts are computed here with lxml, independently of l10n's expat reader.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from l10n.glossary.tbx import (
    SKIP_NO_SOURCE,
    SKIP_NO_TARGET,
    SKIP_SOURCE_AVOIDED,
    read_tbx,
)
from l10n.workspace.errors import InputError

etree = pytest.importorskip("lxml.etree")

REAL = Path(__file__).resolve().parents[3] / "shared" / "real_interop"
if not REAL.is_dir():
    REAL = Path("/work/shared/real_interop")
FILES = sorted(
    path for folder in ("okapi", "tbx", "weblate", "derived") for path in (REAL / folder).glob("*.tbx")
) if REAL.is_dir() else []
MALFORMED = "ltac-poorly_formed_xml.tbx"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
AVOID = ("deprecated", "superseded", "obsolete", "forbidden", "notrecommended")

needs_real = pytest.mark.skipif(not FILES, reason=f"{REAL} is absent: no real interchange files")


def real(name: str) -> Path:
    found = [path for path in FILES if path.name == name]
    if not found:
        pytest.skip(f"{name} is absent from {REAL}")
    return found[0]


# --- independent reading with lxml -------------------------------------------------------


def lxml_tree(path: Path):  # type: ignore[no-untyped-def]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(path), parser)


def local(element) -> str:  # type: ignore[no-untyped-def]
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def lxml_entries(path: Path) -> list:  # type: ignore[type-arg]
    return [e for e in lxml_tree(path).iter() if local(e) in ("termEntry", "conceptEntry")]


def lang_sets(entry) -> list:  # type: ignore[no-untyped-def, type-arg]
    return [child for child in entry if local(child) in ("langSet", "langSec")]


def lxml_terms(lang_set) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(term text, administrative status) of each term in a language set, DCA or DCT."""
    out = []
    for term in (e for e in lang_set.iter() if local(e) == "term"):
        group = term.getparent()
        status = ""
        for node in group.iter():
            if (local(node) == "termNote" and node.get("type") == "administrativeStatus") or \
                    local(node) == "administrativeStatus":
                status = node.text or ""
        text = " ".join("".join(term.itertext()).split())
        if text:
            out.append((text, status.lower()))
    return out


def base(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


def expected(path: Path, targets: set[str]) -> dict[str, int]:
    """Entries, entries taken (with a live English term and a rendering in targets),
    entries without English, entries whose English terms are all deprecated."""
    counts = {"entries": 0, "taken": 0, "no source": 0, "source deprecated": 0}
    for entry in lxml_entries(path):
        counts["entries"] += 1
        english = [t for ls in lang_sets(entry) if ls.get(XML_LANG, "").lower() in ("en", "en-us", "en-gb")
                   for t in lxml_terms(ls)]
        if not english:
            counts["no source"] += 1
        elif all(any(word in status for word in AVOID) for _, status in english):
            counts["source deprecated"] += 1
        elif any(base(ls.get(XML_LANG, "")) in targets and "-latn" not in ls.get(XML_LANG, "").lower()
                 and lxml_terms(ls) for ls in lang_sets(entry)):
            counts["taken"] += 1
    return counts


def file_targets(path: Path) -> set[str]:
    codes = {base(ls.get(XML_LANG, "")) for e in lxml_entries(path) for ls in lang_sets(e)}
    return codes - {"en", "mul"}


# --- one test per file ------------------------------------------------------------------


@needs_real
@pytest.mark.parametrize("path", [p for p in FILES if p.name != MALFORMED], ids=lambda p: p.name)
def test_real_file_in_its_own_languages(path: Path) -> None:
    targets = file_targets(path)
    want = expected(path, targets)
    report = read_tbx(path, langs=sorted(targets))
    assert report.entries == want["entries"]
    assert len({term.line for term in report.terms}) == want["taken"]
    assert report.skipped[SKIP_NO_SOURCE] == want["no source"]
    assert report.skipped[SKIP_SOURCE_AVOIDED] == want["source deprecated"]
    assert len(report.terms) + sum(report.skipped.values()) == report.candidates


@needs_real
@pytest.mark.parametrize("path", [p for p in FILES if p.name != MALFORMED], ids=lambda p: p.name)
def test_real_file_in_a_kk_ru_fr_workspace(path: Path) -> None:
    want = expected(path, {"kk", "ru", "fr"})
    report = read_tbx(path, langs=["kk", "ru", "fr"])
    assert report.entries == want["entries"]
    assert len({term.line for term in report.terms}) == want["taken"]
    assert all(term.renderings or term.kind == "dnt" for term in report.terms)
    assert len(report.terms) + sum(report.skipped.values()) == report.candidates


@needs_real
def test_malformed_ltac_file_is_refused_with_its_line() -> None:
    path = real(MALFORMED)
    with pytest.raises(etree.XMLSyntaxError) as lxml_error:
        lxml_tree(path)
    with pytest.raises(InputError) as info:
        read_tbx(path, langs=["fr"])
    assert info.value.line == lxml_error.value.lineno
    assert str(info.value) == f"{path}:{info.value.line}: malformed XML: mismatched tag"
    assert "\n" not in str(info.value)


# --- the cases of the issue ---------------------------------------------------------------


@needs_real
def test_iate_mul_language_set_is_skipped_with_a_note() -> None:
    path = real("ibm_tbx-with-mul.tbx")
    report = read_tbx(path, langs=["kk", "ru", "fr"])
    assert len(report.terms) == 5 == len(lxml_entries(path))
    line = next(ls.sourceline for e in lxml_entries(path) for ls in lang_sets(e)
                if ls.get(XML_LANG) == "mul")
    assert report.notes == [f"{path}:{line}: 1 language set 'mul' skipped: not a language CLDR knows"]


@needs_real
def test_kk_latn_is_never_taken_as_cyrillic_kk() -> None:
    path = real("ibm_tbx-with-kklatn.tbx")
    report = read_tbx(path, langs=["kk", "ru", "fr"])
    assert all("kk" not in term.renderings for term in report.terms)
    assert len(report.notes) == 1 and "'kk-Latn' skipped: script Latn is not the workspace's kk (Cyrl)" \
        in report.notes[0]
    everything = read_tbx(path)  # without workspace languages: not kk either (CLDR has no kk_Latn)
    assert all("kk" not in term.renderings for term in everything.terms)
    assert "'kk-Latn' skipped: script Latn is not kk's usual one" in everything.notes[0]


@needs_real
def test_tbx3_dct_reads_like_dca() -> None:
    dca = read_tbx(real("ltac-Astronomy_DCA.tbx"), langs=["es"])
    dct = read_tbx(real("ltac-Astronomy_DCT.tbx"), langs=["es"])

    def content(report):  # type: ignore[no-untyped-def]
        return [(t.term, t.kind, t.renderings, t.admitted, t.avoid, t.variants, t.case_sensitive)
                for t in report.terms]

    assert content(dct) == content(dca)
    assert dct.skipped == dca.skipped
    # the notes differ only where the files do: the DCT file lacks the Spanish "G-Source"
    # <note>s of the DCA file
    for a, b in zip(dca.terms, dct.terms):
        assert b.note == "; ".join(n for n in a.note.split("; ") if not n.startswith("es: G-Source"))
    assert any(t.kind == "abbrev" for t in dct.terms)  # <basic:termType>acronym</basic:termType>
    assert any(t.avoid for t in dct.terms)  # <min:administrativeStatus>deprecatedTerm-admn-sts
    assert any("group of stars formed together in the spiral arms" in t.note for t in dct.terms)


@needs_real
def test_notes_lose_the_xml_indentation() -> None:
    report = read_tbx(real("ltac-Astronomy_DCA.tbx"), langs=["es"])
    assert all("\n" not in t.note and "\t" not in t.note and "  " not in t.note for t in report.terms)
    assert any("formed together in the spiral arms of a galaxy" in t.note for t in report.terms)


@needs_real
def test_deprecated_source_term_is_skipped_and_counted() -> None:
    report = read_tbx(real("fr-extended-metadata.tbx"), langs=["fr"])
    assert [t.term for t in report.terms] == ["SYS_ERR_406"]
    assert report.terms[0].kind == "dnt"
    assert report.skipped == {SKIP_SOURCE_AVOIDED: 1}


@needs_real
def test_terms_without_a_workspace_language_are_skipped_and_counted() -> None:
    path = real("sdl_tbx.tbx")
    report = read_tbx(path, langs=["kk", "ru", "fr"])
    assert report.terms == []
    assert report.skipped == {SKIP_NO_TARGET: len(lxml_entries(path))}


@needs_real
def test_windows_1254_file() -> None:
    path = real("test02_win1254.tbx")
    (entry,) = lxml_entries(path)
    turkish = next(lxml_terms(ls) for ls in lang_sets(entry) if ls.get(XML_LANG) == "tr")
    (term,) = read_tbx(path, langs=["tr"]).terms
    assert term.renderings == {"tr": turkish[0][0]}
    assert any(ord(char) > 127 for char in turkish[0][0])  # ş, ı, ğ: the encoding mattered


def test_region_subtags_are_languages(tmp_path: Path) -> None:
    path = tmp_path / "r.tbx"
    path.write_text("""<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX"><text><body><termEntry>
 <langSet xml:lang="en-US"><tig><term>Astana</term></tig></langSet>
 <langSet xml:lang="fr-FR"><tig><term>Astana</term></tig></langSet>
 <langSet xml:lang="ru_RU"><tig><term>Астана</term></tig></langSet>
 <langSet xml:lang="kk-Cyrl-KZ"><tig><term>Астана</term></tig></langSet>
 <langSet xml:lang="und"><tig><term>?</term></tig></langSet>
</termEntry></body></text></martif>""", encoding="utf-8")
    report = read_tbx(path, langs=["kk", "ru", "fr"])
    assert report.terms[0].renderings == {"fr": "Astana", "ru": "Астана", "kk": "Астана"}
    assert report.notes == [f"{path}:8: 1 language set 'und' skipped: not a language CLDR knows"]


# --- the command line ----------------------------------------------------------------------


@needs_real
def test_glossary_import_reports_taken_and_skipped(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from l10n.cli.app import app

    runner = CliRunner()
    assert runner.invoke(app, ["init", str(tmp_path / "w"), "--source", "en",
                               "--targets", "kk,ru,fr"]).exit_code == 0
    for csv in (tmp_path / "w" / "glossary").glob("*.csv"):
        csv.unlink()
    ws = ["--workspace", str(tmp_path / "w")]
    mul = real("ibm_tbx-with-mul.tbx")
    result = runner.invoke(app, ["glossary", "import", str(mul), *ws])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"5 new terms from {mul} (5 entries, 5 terms; skipped: none)\n"
    assert "1 language set 'mul' skipped" in result.stderr
    sdl = real("sdl_tbx.tbx")
    result = runner.invoke(app, ["glossary", "import", str(sdl), "--json", *ws])
    assert result.exit_code == 0, result.output
    entries = len(lxml_entries(sdl))
    assert json.loads(result.stdout) == {
        "path": str(sdl), "entries": entries, "terms": entries, "added": 0,
        "skipped": {SKIP_NO_TARGET: entries}, "notes": []}
    result = runner.invoke(app, ["glossary", "import", str(mul), *ws])
    assert result.stdout.startswith("0 new terms") and "skipped: 5 already in the glossary" in result.stdout
    bad = real(MALFORMED)
    before = (tmp_path / "w" / "glossary" / "terms.csv").read_bytes()
    result = runner.invoke(app, ["glossary", "import", str(bad), *ws])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and f"{bad}:42: malformed XML" in result.stderr
    assert (tmp_path / "w" / "glossary" / "terms.csv").read_bytes() == before
