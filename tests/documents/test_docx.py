"""Word releases: read every feature, write them back in another language, refuse revisions.

The documents are built here with python-docx, with raw XML where it has no API
(footnotes, text boxes, hyperlinks, tracked changes), and the results are read back
with python-docx and lxml: a test looks at the file Word would open.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from l10n.documents import parse_document
from l10n.documents.base import Segment, placeholders_intact
from l10n.documents.docx_read import DocxDocument
from l10n.documents.docx_write import language_tag, write_docx
from l10n.engines.pseudo import pseudo_translate
from l10n.workspace.errors import SourceError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_PARTS = {"word/document.xml", "word/footnotes.xml", "word/header1.xml",
              "word/footer1.xml"}
PATH = Path("source_texts/release.docx")


def tiny_png() -> bytes:
    """A 1×1 red PNG."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


def add_hyperlink(paragraph: docx.text.paragraph.Paragraph, text: str, url: str) -> None:
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = paragraph.add_run(text)
    run.underline = True
    link.append(run._r)
    paragraph._p.append(link)


FOOTNOTES = f"""<w:footnotes {nsdecls('w')}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>
<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>
<w:r><w:t xml:space="preserve"> The amendments were adopted without public debate.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""

TEXT_BOX = """<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="1828800" cy="457200"/>
<wp:docPr id="20" name="Text Box 1"/><a:graphic><a:graphicData
 uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>
<wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1828800" cy="457200"/>
</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent>
<w:p><w:r><w:t>Journalists are not criminals.</w:t></w:r></w:p></w:txbxContent></wps:txbx>
<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape style="width:144pt;height:36pt"><v:textbox><w:txbxContent>
<w:p><w:r><w:t>Journalists are not criminals.</w:t></w:r></w:p></w:txbxContent></v:textbox>
</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>""".format(
    ns=nsdecls("w", "wp", "a")
    + ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    + ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    + ' xmlns:v="urn:schemas-microsoft-com:vml"')


def build_release(*, extra: str = "") -> docx.document.Document:
    """A press release using every feature l10n reads."""
    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = "PEN International press release"
    section.footer.paragraphs[0].text = "For more information, contact the press office."
    d.add_heading("Kazakhstan must free jailed journalists", 0)
    p = d.add_paragraph("A court in Almaty sentenced two reporters on Monday. ")
    p.add_run("Both deny the charges").bold = True
    p.add_run(", which their lawyers call ")
    p.add_run("absurd").italic = True
    p.add_run(". They were ")
    p.add_run("not allowed").underline = True
    p.add_run(" to speak.")
    d.add_heading("What happened", 1)
    d.add_heading("The trial", 2)
    p = d.add_paragraph("Read the ")
    add_hyperlink(p, "full statement", "https://pen-international.org/statement")
    p.add_run(" on our website.")
    p = d.add_paragraph("The media law was amended in 2019.")
    note = p.add_run()
    note._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="1"/>'))
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, FOOTNOTES.encode(),
                d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)
    d.add_paragraph("Release the reporters", style="List Bullet")
    d.add_paragraph("Drop all charges against them", style="List Bullet 2")
    d.add_paragraph("Guarantee a fair appeal", style="List Number")
    table = d.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["Name", "Sentence", "Aigerim Tleuzhan",
                                         "Four years in prison"]):
        cell.text = text
    p = d.add_paragraph("The poster reads ")
    p.add_run().add_picture(io.BytesIO(tiny_png()))
    p.add_run(" in large letters.")
    d.add_picture(io.BytesIO(tiny_png()))
    p = d.add_paragraph("Our message is clear. ")
    p._p.append(parse_xml(TEXT_BOX))
    if extra:
        d.element.body.insert(len(d.element.body) - 1, parse_xml(extra))
    return d


def as_bytes(d: docx.document.Document) -> bytes:
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def release() -> bytes:
    return as_bytes(build_release())


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def parse(data: bytes) -> DocxDocument:
    document = parse_document(PATH, data)
    assert isinstance(document, DocxDocument)
    return document


# --- reading ------------------------------------------------------------------------------


def test_every_feature_becomes_segments_of_the_right_kind(release: bytes) -> None:
    document = parse(release)
    found = [(s.kind, s.msgid) for s in document.segments]
    assert found == [
        ("title", "Kazakhstan must free jailed journalists"),
        ("paragraph", "A court in Almaty sentenced two reporters on Monday."),
        ("paragraph", "<1>Both deny the charges</1>, which their lawyers call <2>absurd</2>."),
        ("paragraph", "They were <1>not allowed</1> to speak."),
        ("heading", "What happened"),
        ("heading", "The trial"),
        ("paragraph", "Read the <1>full statement</1> on our website."),
        ("paragraph", "The media law was amended in 2019.<1/>"),
        ("list item", "Release the reporters"),
        ("list item", "Drop all charges against them"),
        ("list item", "Guarantee a fair appeal"),
        ("table cell", "Name"),
        ("table cell", "Sentence"),
        ("table cell", "Aigerim Tleuzhan"),
        ("table cell", "Four years in prison"),
        ("paragraph", "The poster reads <1/> in large letters."),
        ("paragraph", "Our message is clear."),
        ("text box", "Journalists are not criminals."),  # once: the VML copy follows it
        ("footnote", "The amendments were adopted without public debate."),
        ("header", "PEN International press release"),
        ("footer", "For more information, contact the press office."),
    ]
    levels = {s.msgid: b.level for b in document.blocks for s in b.segments}
    assert levels["What happened"] == 1 and levels["The trial"] == 2
    assert levels["Release the reporters"] == 1
    assert levels["Drop all charges against them"] == 2


def test_placeholders_say_what_they_are(release: bytes) -> None:
    document = parse(release)
    meaning = {s.msgid: [i for _, i in s.inlines] for s in document.segments}
    bold, italic = meaning["<1>Both deny the charges</1>, which their lawyers call "
                           "<2>absurd</2>."]
    assert (bold.kind, italic.kind) == ("strong", "em")
    (underline,) = meaning["They were <1>not allowed</1> to speak."]
    assert (underline.kind, underline.attr("tag")) == ("html", "u")
    (link,) = meaning["Read the <1>full statement</1> on our website."]
    assert link.kind == "link"
    assert link.attr("href") == "https://pen-international.org/statement"
    (image,) = meaning["The poster reads <1/> in large letters."]
    assert image.kind == "image"
    (note,) = meaning["The media law was amended in 2019.<1/>"]
    assert (note.kind, note.text) == ("footnote", "[1]")


def test_references_count_paragraphs(release: bytes) -> None:
    document = parse(release)
    lines = {s.msgid: s.line for s in document.segments}
    assert lines["Kazakhstan must free jailed journalists"] == 1
    assert lines["A court in Almaty sentenced two reporters on Monday."] == 2
    assert lines["What happened"] == 3
    assert document.text.count("\n") + 1 == len(document.text.split("\n"))


def test_runs_differing_only_in_language_or_proofing_are_one_text() -> None:
    d = docx.Document()
    p = d.add_paragraph("Police detained ")
    run = p.add_run("dozens of")
    run._r.get_or_add_rPr().append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-GB"/>'))
    p.add_run(" protesters.")
    (segment,) = parse(as_bytes(d)).segments
    assert segment.msgid == "Police detained dozens of protesters."


PAGE_FIELD = f"""<w:p {nsdecls('w')}><w:r><w:t xml:space="preserve">Page </w:t></w:r>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText>
</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> of the report,</w:t>
</w:r><w:r><w:tab/></w:r><w:r><w:t>Almaty</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>12 March.</w:t>
</w:r><w:bookmarkStart w:id="7" w:name="end"/><w:r><w:t xml:space="preserve"> See above.</w:t></w:r>
<w:bookmarkEnd w:id="7"/></w:p>"""


def test_fields_tabs_breaks_and_bookmarks() -> None:
    data = as_bytes(build_release(extra=PAGE_FIELD))
    document = parse(data)
    (segment,) = [s for s in document.segments if s.msgid.startswith("Page")]
    assert segment.msgid == "Page <1/> of the report,<2/>Almaty<3/>12 March."
    kinds = [(i.kind, i.text) for _, i in segment.inlines]
    assert kinds == [("field", "3"), ("tab", "\t"), ("br", "")]
    target = "Страница <1/> отчёта,<2/>Алматы<3/>12 марта."
    out = write_docx(document, lambda s: target if s is segment else None, "ru")
    root = etree.fromstring(parts(out)["word/document.xml"])
    (p,) = [p for p in root.iter(W + "p") if "отчёта" in "".join(p.itertext())]
    sequence = [etree.QName(e).localname for e in p.iter()
                if etree.QName(e).localname in ("t", "fldChar", "instrText", "tab", "br",
                                                "bookmarkStart", "bookmarkEnd")]
    assert sequence == ["bookmarkStart", "t", "fldChar", "instrText", "fldChar", "t", "fldChar",
                        "t", "tab", "t", "br", "t", "t", "bookmarkEnd"]
    assert "".join(p.itertext()).replace("\n", "") == \
        "Страница  PAGE 3 отчёта,Алматы12 марта. See above."


NUMBERED_AND_OUTLINED = f"""<w:body {nsdecls('w')}>
<w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr></w:pPr>
<w:r><w:t>A third-level point</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr></w:pPr>
<w:r><w:t>Numbering switched off</w:t></w:r></w:p>
<w:p><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:r><w:t>An outline heading</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:t>A quotation</w:t></w:r></w:p>
</w:body>"""


def test_numbering_and_outline_levels_in_the_paragraph() -> None:
    d = docx.Document()
    for p in parse_xml(NUMBERED_AND_OUTLINED):
        d.element.body.insert(len(d.element.body) - 1, p)
    blocks = [(b.kind, b.level, b.segments[0].msgid) for b in parse(as_bytes(d)).blocks]
    assert blocks == [("list item", 3, "A third-level point"),
                      ("paragraph", 0, "Numbering switched off"),
                      ("heading", 3, "An outline heading"),
                      ("quote", 0, "A quotation")]


def test_endnotes_are_read_after_footnotes(release: bytes) -> None:
    d = build_release()
    endnotes = FOOTNOTES.replace("footnote", "endnote").replace("The amendments were",
                                                                 "These changes were")
    part = Part(PackURI("/word/endnotes.xml"), CT.WML_ENDNOTES, endnotes.encode(),
                d.part.package)
    d.part.relate_to(part, RT.ENDNOTES)
    kinds = [(s.kind, s.msgid) for s in parse(as_bytes(d)).segments
             if s.kind in ("footnote", "endnote")]
    assert kinds == [("footnote", "The amendments were adopted without public debate."),
                     ("endnote", "These changes were adopted without public debate.")]


def test_a_placeholder_means_what_its_run_adds_to_the_paragraph() -> None:
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("The whole lead is bold, ").bold = True
    run = p.add_run("this part")
    run.bold, run.italic = True, True
    p.add_run(" is bold and italic.").bold = True
    (segment,) = parse(as_bytes(d)).segments
    assert segment.msgid == "The whole lead is bold, <1>this part</1> is bold and italic."
    assert [i.kind for _, i in segment.inlines] == ["em"]


def test_formatted_spaces_make_no_placeholders_of_their_own() -> None:
    d = docx.Document()
    p = d.add_paragraph("The verdict was ")
    for text, bold in [("deeply", True), (" ", True), ("unjust", True), (" ", True),
                       ("and", False), (" ", True), ("final", False), (".", False)]:
        p.add_run(text).bold = bold or None
    (segment,) = parse(as_bytes(d)).segments
    assert segment.msgid == "The verdict was <1>deeply unjust</1> and final."


# --- writing --------------------------------------------------------------------------------


def test_no_translation_or_identity_gives_the_source_file_back(release: bytes) -> None:
    document = parse(release)
    assert write_docx(document, lambda s: None, "kk") == release
    assert write_docx(document, lambda s: s.msgid, "kk") == release


KK = {
    "Kazakhstan must free jailed journalists":
        "Қазақстан қамаудағы журналистерді босатуы керек",
    "<1>Both deny the charges</1>, which their lawyers call <2>absurd</2>.":
        "Екеуі де айыптарды <1>жоққа шығарады</1>, адвокаттары оларды <2>абсурд</2> деп атайды.",
    "Read the <1>full statement</1> on our website.":
        "Сайтымыздағы <1>толық мәлімдемені</1> оқыңыз.",
    "The poster reads <1/> in large letters.": "Плакатта үлкен әріптермен <1/> жазылған.",
    "The media law was amended in 2019.<1/>": "БАҚ туралы заңға 2019 жылы өзгерістер енгізілді.<1/>",
    "Journalists are not criminals.": "Журналистер қылмыскер емес.",
    "The amendments were adopted without public debate.":
        "Түзетулер қоғамдық талқылаусыз қабылданды.",
    "PEN International press release": "PEN International баспасөз релизі",
    "Four years in prison": "Төрт жыл бас бостандығынан айыру",
    "Drop all charges against them": "Оларға тағылған барлық айыптарды алып тастаңыз",
}


def kk(segment: Segment) -> str | None:
    return KK.get(segment.msgid)


def test_translation_keeps_every_other_part_and_the_structure(release: bytes) -> None:
    out = write_docx(parse(release), kk, "kk")
    before, after = parts(release), parts(out)
    assert list(after) == list(before)
    for name in before:
        if name not in TEXT_PARTS:
            assert after[name] == before[name], name
    assert after["word/footer1.xml"] == before["word/footer1.xml"]  # nothing translated there
    old, new = docx.Document(io.BytesIO(release)), docx.Document(io.BytesIO(out))
    assert [p.style.name for p in new.paragraphs] == [p.style.name for p in old.paragraphs]
    texts = [p.text for p in new.paragraphs]
    assert texts[0] == KK["Kazakhstan must free jailed journalists"]
    assert texts[1] == ("A court in Almaty sentenced two reporters on Monday. Екеуі де айыптарды "
                        "жоққа шығарады, адвокаттары оларды абсурд деп атайды. They were not "
                        "allowed to speak.")
    assert new.tables[0].cell(1, 1).text == KK["Four years in prison"]
    assert new.sections[0].header.paragraphs[0].text == KK["PEN International press release"]
    assert len(new.inline_shapes) == len(old.inline_shapes) == 2


def runs_of(data: bytes, needle: str) -> list[etree._Element]:
    root = etree.fromstring(parts(data)["word/document.xml"])
    return [r for r in root.iter(W + "r") if needle in "".join(r.itertext())]


def test_run_formatting_follows_the_placeholders_and_language_is_marked(release: bytes) -> None:
    out = write_docx(parse(release), kk, "kk")
    (bold,) = runs_of(out, "жоққа шығарады")
    assert bold.find(f"{W}rPr/{W}b") is not None
    assert bold.find(f"{W}rPr/{W}lang").get(W + "val") == "kk-KZ"
    (italic,) = runs_of(out, "абсурд")
    assert italic.find(f"{W}rPr/{W}i") is not None and italic.find(f"{W}rPr/{W}b") is None
    (plain,) = runs_of(out, ", адвокаттары оларды ")
    assert plain.find(f"{W}rPr/{W}b") is None
    assert plain.find(f"{W}rPr/{W}lang").get(W + "val") == "kk-KZ"
    (english,) = runs_of(out, "A court in Almaty")  # kept in English: no language set
    assert english.find(f"{W}rPr/{W}lang") is None
    (underlined,) = runs_of(out, "not allowed")  # untranslated sentence, formatting kept
    assert underlined.find(f"{W}rPr/{W}u").get(W + "val") == "single"


def test_placeholders_moved_by_the_translator_take_their_formatting(release: bytes) -> None:
    source = "<1>Both deny the charges</1>, which their lawyers call <2>absurd</2>."
    target = "Les avocats jugent les accusations <2>absurdes</2> ; <1>tous deux les nient</1>."
    out = write_docx(parse(release), lambda s: target if s.msgid == source else None, "fr")
    runs = [(r.text, bool(r.bold), bool(r.italic)) for r in docx.Document(io.BytesIO(out))
            .paragraphs[1].runs]
    assert ("absurdes", False, True) in runs and ("tous deux les nient", True, False) in runs
    assert ("Les avocats jugent les accusations ", False, False) in runs


def test_a_document_without_text_is_refused() -> None:
    d = docx.Document()
    d.add_picture(io.BytesIO(tiny_png()))
    with pytest.raises(SourceError, match="release.docx: no translatable text found"):
        parse_document(PATH, as_bytes(d))


def test_rpr_children_stay_in_schema_order(release: bytes) -> None:
    out = write_docx(parse(release), kk, "kk")
    (run,) = runs_of(out, "толық мәлімдемені")
    assert [etree.QName(c).localname for c in run.find(W + "rPr")] == ["u", "lang"]


def test_hyperlink_image_footnote_and_text_box_survive(release: bytes) -> None:
    out = write_docx(parse(release), kk, "kk")
    root = etree.fromstring(parts(out)["word/document.xml"])
    (link,) = root.iter(W + "hyperlink")
    assert "".join(link.itertext()) == "толық мәлімдемені"
    rid = link.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    rels = parts(out)["word/_rels/document.xml.rels"].decode()
    assert f'Id="{rid}"' in rels and "https://pen-international.org/statement" in rels
    assert len(list(root.iter(W + "footnoteReference"))) == 1
    boxes = list(root.iter(W + "txbxContent"))
    assert len(boxes) == 2  # DrawingML and its VML fallback, both translated
    assert all("".join(b.itertext()) == "Журналистер қылмыскер емес." for b in boxes)
    notes = etree.fromstring(parts(out)["word/footnotes.xml"])
    (note,) = [n for n in notes.iter(W + "footnote") if n.get(W + "id") == "1"]
    assert "".join(note.itertext()).strip() == "Түзетулер қоғамдық талқылаусыз қабылданды."
    assert len(list(note.iter(W + "footnoteRef"))) == 1


def test_translated_document_reads_back_as_the_translation(release: bytes) -> None:
    out = write_docx(parse(release), kk, "kk")
    again = parse(out)
    msgids = [s.msgid for s in again.segments]
    for source, target in KK.items():
        if "<" not in source:
            assert target in msgids


@pytest.mark.parametrize("lang", ["kk", "ru", "fr"])
def test_pseudo_translation_of_every_sentence(release: bytes, lang: str) -> None:
    document = parse(release)
    out = write_docx(document, lambda s: pseudo_translate(s.msgid, lang), lang)
    new = docx.Document(io.BytesIO(out))
    assert all(p.text.startswith(f"[{lang}: ") for p in new.paragraphs if p.text.strip()
               and "The poster" not in p.text)
    langs = {e.get(W + "val") for e in etree.fromstring(parts(out)["word/document.xml"])
             .iter(W + "lang")}
    assert langs == {language_tag(lang)}
    # placeholders carried the formatting over
    bold = [r.text for p in new.paragraphs for r in p.runs if r.bold]
    assert bold == [pseudo_translate("<1>Both deny the charges</1>", lang)
                    .split("<1>")[1].split("</1>")[0]]


def test_language_tags_word_uses() -> None:
    assert [language_tag(x) for x in ("kk", "ru", "fr", "en_GB")] == \
        ["kk-KZ", "ru-RU", "fr-FR", "en-GB"]


@given(st.lists(st.tuples(st.text(alphabet="abc XYZ.,", min_size=1, max_size=12),
                          st.booleans(), st.booleans(), st.booleans()),
                min_size=1, max_size=8))
def test_any_run_formatting_round_trips(runs: list[tuple[str, bool, bool, bool]]) -> None:
    """Identity gives the file back; an upper-cased translation keeps each character's
    bold, italic and underline."""
    d = docx.Document()
    p = d.add_paragraph()
    for text, b, i, u in runs:
        run = p.add_run(text)
        run.bold, run.italic, run.underline = b or None, i or None, u or None
    data = as_bytes(d)
    if not any(ch.isalpha() for text, *_ in runs for ch in text):
        return
    document = parse(data)
    assert write_docx(document, lambda s: s.msgid, "fr") == data
    out = write_docx(document, lambda s: s.msgid.upper(), "fr")

    def styled(doc: docx.document.Document) -> list[tuple[str, bool, bool, bool]]:
        return [(ch, bool(r.bold), bool(r.italic), bool(r.underline))
                for r in doc.paragraphs[0].runs for ch in r.text]

    expected = [(ch.upper(), b, i, u) for ch, b, i, u in styled(d)]
    # whitespace between sentences is kept, in whatever formatting it had
    got = styled(docx.Document(io.BytesIO(out)))
    assert [c for c in got if not c[0].isspace()] == [c for c in expected if not c[0].isspace()]


# --- refusals -------------------------------------------------------------------------------

INSERTIONS = f"""<w:p {nsdecls('w')}>
<w:ins w:id="1" w:author="Editor" w:date="2024-01-01T00:00:00Z"><w:r><w:t>One.</w:t></w:r></w:ins>
<w:ins w:id="2" w:author="Editor" w:date="2024-01-01T00:00:00Z"><w:r><w:t>Two.</w:t></w:r></w:ins>
<w:ins w:id="3" w:author="Editor" w:date="2024-01-01T00:00:00Z"><w:r><w:t>Three.</w:t></w:r></w:ins>
</w:p>"""


def test_tracked_changes_are_refused_with_one_line() -> None:
    data = as_bytes(build_release(extra=INSERTIONS))
    with pytest.raises(SourceError) as caught:
        parse_document(PATH, data)
    assert str(caught.value) == ("source_texts/release.docx: the document has tracked changes "
                                 "(3 insertions): accept or reject them in Word first")


def test_deletions_moves_and_formatting_changes_are_counted() -> None:
    extra = f"""<w:p {nsdecls('w')}><w:del w:id="4" w:author="E" w:date="2024-01-01T00:00:00Z">
    <w:r><w:delText>Gone.</w:delText></w:r></w:del><w:moveFrom w:id="5" w:author="E"
    w:date="2024-01-01T00:00:00Z"><w:r><w:t>Moved.</w:t></w:r></w:moveFrom>
    <w:r><w:rPr><w:b/><w:rPrChange w:id="6" w:author="E" w:date="2024-01-01T00:00:00Z">
    <w:rPr/></w:rPrChange></w:rPr><w:t>Bold now.</w:t></w:r></w:p>"""
    with pytest.raises(SourceError, match=r"\(1 deletion, 1 move, 1 formatting change\): "
                                          "accept or reject them in Word first$"):
        parse_document(PATH, as_bytes(build_release(extra=extra)))


def test_comments_are_refused() -> None:
    d = build_release()
    paragraph = d.paragraphs[1]
    d.add_comment(paragraph.runs[0], text="Check the date", author="Editor")
    d.add_comment(paragraph.runs[1], text="Source?", author="Editor")
    with pytest.raises(SourceError) as caught:
        parse_document(PATH, as_bytes(d))
    assert str(caught.value).startswith("source_texts/release.docx: the document has "
                                        "comments (2): delete them in Word first")


@pytest.mark.parametrize("data, message", [
    (b"PK\x03\x04 broken", "not a Word document"),
    (b"plain text, renamed", "not a Word document"),
])
def test_files_that_are_not_word_documents(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_document(PATH, data)


def test_a_zip_without_a_document_part() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(SourceError, match=r"no main document part \(word/document.xml\)"):
        parse_document(PATH, out.getvalue())


def test_malformed_xml_names_the_part_and_line(release: bytes) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(release)) as source, zipfile.ZipFile(out, "w") as z:
        for name in source.namelist():
            body = source.read(name)
            z.writestr(name, body + b"<oops" if name == "word/document.xml" else body)
    with pytest.raises(SourceError, match=r"release.docx: word/document.xml:\d+: malformed XML"):
        parse_document(PATH, out.getvalue())


def test_placeholders_of_every_segment_are_well_formed(release: bytes) -> None:
    for segment in parse(release).segments:
        assert placeholders_intact(segment.msgid, segment.msgid)
