"""The TBX export against TBX-Basic's constraints, and through Translate Toolkit's reader.

No TBX schema ships in ../shared/real_interop/schemas, so the constraints of the TBX-Basic
v2 XCS (TBXBasicXCSV02.xcs) that our export touches are written out here: its data
categories, where each may stand, and the picklists of administrativeStatus and termType.
A file that declares the Basic XCS may use nothing else; our own dialect must say so in
its header and use only the two categories it declares.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.glossary.csvfile import load_glossary
from l10n.glossary.model import Glossary, Term
from l10n.glossary.tbx import export_tbx, import_tbx

etree = pytest.importorskip("lxml.etree")

ROOT = Path(__file__).resolve().parents[2]
LANGS = ["kk", "ru", "fr"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# TBX-Basic data categories: (element, type) → the elements they may stand in
BASIC = {
    ("descrip", "definition"): {"termEntry", "langSet", "descripGrp"},
    ("descrip", "subjectField"): {"termEntry"},
    ("descrip", "context"): {"tig", "descripGrp"},
    ("admin", "source"): {"termEntry", "langSet", "tig", "descripGrp"},
    ("admin", "customerSubset"): {"termEntry"},
    ("admin", "projectSubset"): {"termEntry"},
    ("termNote", "administrativeStatus"): {"tig"},
    ("termNote", "partOfSpeech"): {"tig"},
    ("termNote", "termType"): {"tig"},
    ("termNote", "grammaticalGender"): {"tig"},
    ("termNote", "geographicalUsage"): {"tig"},
    ("termNote", "termLocation"): {"tig"},
    ("xref", "externalCrossReference"): {"termEntry", "langSet", "tig"},
    ("xref", "xGraphic"): {"termEntry"},
    ("transac", "transactionType"): {"transacGrp"},
    ("transacNote", "responsibility"): {"transacGrp"},
}
PICKLISTS = {
    "administrativeStatus": {"preferredTerm-admn-sts", "admittedTerm-admn-sts",
                             "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"},
    "termType": {"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"},
    "x-caseSensitive": {"yes", "no"},
    "Translation needed": {"No", "Yes"},
}
L10N = {("descrip", "Translation needed"): {"termEntry"}, ("termNote", "x-caseSensitive"): {"tig"}}


def violations(path: Path) -> list[str]:
    """What in the file breaks TBX-Basic (or the dialect it declares): one line each."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    root = tree.getroot()
    found = []
    xcs = root.findtext("martifHeader/encodingDesc/p[@type='XCSURI']")
    allowed = dict(BASIC)
    if root.get("type") == "TBX-Basic":
        if xcs != "TBXBasicXCSV02.xcs":
            found.append(f"TBX-Basic file declares the XCS {xcs!r}")
    elif root.get("type") == "TBX-Basic-l10n":
        header = " ".join(root.xpath("martifHeader/fileDesc/sourceDesc/p/text()"))
        for (tag, kind) in L10N:
            if f'<{tag} type="{kind}">' not in header:
                found.append(f"the dialect does not declare <{tag} type={kind!r}>")
        if xcs != "TBX-Basic-l10n.xcs":
            found.append(f"the dialect names the XCS {xcs!r}")
        allowed.update(L10N)
    else:
        found.append(f"root type {root.get('type')!r}")
    if [child.tag for child in root] != ["martifHeader", "text"] or root.find("text/body") is None:
        found.append("martif is not martifHeader + text/body")
    for element in root.iter("descrip", "admin", "termNote", "xref", "transac", "transacNote"):
        kind = element.get("type")
        parent = element.getparent().tag
        where = allowed.get((element.tag, kind))
        if where is None:
            found.append(f"line {element.sourceline}: <{element.tag} type={kind!r}> is undeclared")
        elif parent not in where:
            found.append(f"line {element.sourceline}: <{element.tag} type={kind!r}> in <{parent}>")
        if kind in PICKLISTS and element.text not in PICKLISTS[kind]:
            found.append(f"line {element.sourceline}: {kind} {element.text!r} is not in its picklist")
    for entry in root.iter("termEntry"):
        if entry.getparent().tag != "body" or not entry.findall("langSet"):
            found.append(f"line {entry.sourceline}: termEntry outside body or without langSet")
    for lang_set in root.iter("langSet"):
        if not lang_set.get(XML_LANG) or not lang_set.findall("tig"):
            found.append(f"line {lang_set.sourceline}: langSet without xml:lang or tig")
    for tig in root.iter("tig"):
        terms = tig.findall("term")
        if len(terms) != 1 or tig[0].tag != "term" or not (terms[0].text or "").strip():
            found.append(f"line {tig.sourceline}: tig without exactly one leading, non-empty term")
    return found


def test_plain_glossary_is_tbx_basic(tmp_path: Path) -> None:
    glossary = Glossary([
        Term("OSCE", "abbrev", {"ru": "ОБСЕ", "fr": "OSCE"}, {"ru": ("СБСЕ",)}, case_sensitive=True),
        Term("Astana", renderings={"kk": "Астана"}, avoid={"kk": ("Ақмола",)}, variants=("Astana city",),
             note="The capital since 2019"),
    ], LANGS)
    export_tbx(glossary, tmp_path / "g.tbx")
    assert violations(tmp_path / "g.tbx") == []
    root = etree.parse(str(tmp_path / "g.tbx")).getroot()
    assert root.get("type") == "TBX-Basic"
    assert not [e for e in root.iter() if (e.get("type") or "").startswith("x-")]
    assert import_tbx(tmp_path / "g.tbx", langs=LANGS) == list(glossary.terms)


def test_seed_glossary_declares_its_own_dialect(tmp_path: Path) -> None:
    glossary = load_glossary(ROOT / "glossary", LANGS)
    assert any(term.kind == "dnt" for term in glossary.terms)  # needs the extension
    export_tbx(glossary, tmp_path / "g.tbx")
    assert violations(tmp_path / "g.tbx") == []
    assert etree.parse(str(tmp_path / "g.tbx")).getroot().get("type") == "TBX-Basic-l10n"
    assert import_tbx(tmp_path / "g.tbx", langs=LANGS) == list(glossary.terms)


def test_non_default_case_sensitivity_needs_the_dialect(tmp_path: Path) -> None:
    glossary = Glossary([Term("May", renderings={"ru": "май"}, case_sensitive=True)], LANGS)
    export_tbx(glossary, tmp_path / "g.tbx")
    assert violations(tmp_path / "g.tbx") == []
    assert etree.parse(str(tmp_path / "g.tbx")).getroot().get("type") == "TBX-Basic-l10n"
    assert import_tbx(tmp_path / "g.tbx", langs=LANGS) == list(glossary.terms)


def test_the_checker_catches_an_undeclared_extension(tmp_path: Path) -> None:
    export_tbx(Glossary([Term("Astana", renderings={"kk": "Астана"})], LANGS), tmp_path / "g.tbx")
    text = (tmp_path / "g.tbx").read_text(encoding="utf-8").replace(
        "</tig>", '<termNote type="x-caseSensitive">yes</termNote></tig>', 1)
    (tmp_path / "bad.tbx").write_text(text, encoding="utf-8")
    assert any("<termNote type='x-caseSensitive'> is undeclared" in v for v in violations(tmp_path / "bad.tbx"))


def test_translate_toolkit_reads_every_term_of_our_export(tmp_path: Path) -> None:
    tbx_module = pytest.importorskip("translate.storage.tbx")
    glossary = load_glossary(ROOT / "glossary", LANGS)
    export_tbx(glossary, tmp_path / "g.tbx")
    store = tbx_module.tbxfile.parsefile(str(tmp_path / "g.tbx"))
    assert [unit.source for unit in store.units] == [term.term for term in glossary.terms]
    for lang in LANGS:
        store.settargetlanguage(lang)
        for unit, term in zip(store.units, glossary.terms):
            want = glossary.rendering(term, lang) or (term.term if term.kind == "dnt" else "")
            assert (unit.target or "") == (want or "")
