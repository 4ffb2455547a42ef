"""Plain-text structure (issue 14 item 1): captions, credits, datelines, signatures,
contact and label blocks, release labels and end marks are not headings.

Golden files in tests/data/structure/ (one small release per rule in rules/, and four
realistic releases): the segments with their ``#.`` placement comments, and the release
converted to HTML and Markdown with an upper-casing pseudo-translation. Regenerate with
L10N_UPDATE_GOLDEN=1 and review the git diff.
"""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from l10n.documents import parse_document
from l10n.documents.base import PLACEHOLDER_RE, Document, Segment
from l10n.documents.convert import convert

DATA = Path(__file__).resolve().parents[1] / "data" / "structure"
CASES = sorted(DATA.rglob("*.txt"))
RULES = sorted((DATA / "rules").glob("*.txt"))
RELEASES = sorted(DATA.glob("*.txt"))
UPDATE = os.environ.get("L10N_UPDATE_GOLDEN") == "1"


def pseudo(segment: Segment) -> str:
    """Upper-case everything outside placeholders."""
    out, pos = [], 0
    for m in PLACEHOLDER_RE.finditer(segment.msgid):
        out += [segment.msgid[pos : m.start()].upper(), m.group(0)]
        pos = m.end()
    return "".join([*out, segment.msgid[pos:].upper()])


def parse(text: str, name: str = "t.txt") -> Document:
    document = parse_document(Path(name), text.encode("utf-8"))
    assert document.render(lambda s: None) == text
    return document


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.comment, s.msgid) for s in parse(text).segments]


def check_golden(path: Path, actual: str) -> None:
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden {path.name}: run with L10N_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


def test_there_are_cases_for_every_rule_and_four_releases() -> None:
    names = {p.stem for p in RULES}
    assert names >= {"caption", "credit", "dateline", "signature", "contact", "label",
                     "release-label", "end-mark", "line-block", "heading"}
    assert len(RELEASES) >= 4


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_identity_is_byte_exact(case: Path) -> None:
    data = case.read_bytes()
    document = parse_document(case, data)
    assert document.render(lambda s: None).encode() == data
    assert document.render(lambda s: s.msgid).encode() == data


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_segments_golden(case: Path) -> None:
    document = parse_document(case, case.read_bytes())
    rows = [{"msgid": s.msgid, "line": s.line, "comment": s.comment} for s in document.segments]
    check_golden(case.with_name(case.name + ".segments.json"),
                 json.dumps(rows, ensure_ascii=False, indent=1) + "\n")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_converted_golden(case: Path, fmt: str) -> None:
    document = parse_document(case, case.read_bytes())
    check_golden(case.with_name(f"{case.name}.{fmt}"),
                 convert(document, pseudo, fmt, lang="kk"))


# --- the rules, one by one ------------------------------------------------------------


@pytest.mark.parametrize("line, kind", [
    ("Photo: Volunteers plant saplings near Oral.", "caption"),
    ("[Photo: The six poets at the Book Fair]", "caption"),
    ("(Pictured: the new nursery)", "caption"),
    ("Rangers at work on the river bank. © 2022 Green Steppe", "caption"),
    ("At the shelter in Petropavl. Photo: Steppe Aid", "caption"),
    ("© 2023 Northern Press Club", "credit"),
    ("(c) 2023 Northern Press Club", "credit"),
    ("Copyright 2023 Northern Press Club", "credit"),
    ("Credit: Green Steppe", "credit"),
    ("Photo credit: A. Nurlanova", "credit"),
    ("Photo by Daniyar Ospan", "credit"),
    ("ALMATY, 5 May 2022 –", "dateline"),
    ("Monday, 14 March 2022", "dateline"),
    ("May 5, 2022", "dateline"),
    ("London (UK), 5 May 2022", "dateline"),
    ("ASTANA/GENEVA, 2022-05-05 —", "dateline"),
    ("Issued by: PEN Kazakhstan", "label"),
    ("Contact: Dina Sarsen, +7 701 555 0123", "contact"),
    ("FOR IMMEDIATE RELEASE", "release label"),
    ("Embargoed until 00:01 BST, Thursday 8 June 2023", "release label"),
    ("The Chair and Board,", "signature"),
    ("Yours sincerely,", "signature"),
    ("Dear Minister,", "salutation"),
])
def test_a_single_line_block_is_not_a_heading(line: str, kind: str) -> None:
    rows = kinds(f"Title\n\n{line}\n\nA paragraph follows here.\n")
    assert rows[-1] == ("paragraph 1", "A paragraph follows here.")
    block = rows[1:-1]
    assert all(comment.split(",")[0] == f"{kind} 1" for comment, _ in block), block
    assert " ".join(msgid for _, msgid in block) == line


@pytest.mark.parametrize("line", ["Copyright law reform passes its first reading",
                                  "(c) ensure that journalists can work freely"])
def test_prose_that_starts_like_a_credit_is_not_one(line: str) -> None:
    rows = kinds(f"Title\n\n{line}\n\nText follows here.\n")
    assert rows[1][0] in ("heading 1", "paragraph 1", "list item 1")  # "(c)" lists a point


@pytest.mark.parametrize("bullets", [["a)", "b)", "c)"], ["(a)", "(b)", "(c)"],
                                     ["(i)", "(ii)", "(iii)"], ["1.", "2.", "3."]])
def test_lettered_and_numbered_points_are_list_items(bullets: list[str]) -> None:
    """Each point its own entry, also a numbered point alone in its block ("1. …." is
    no centred end mark)."""
    points = ["release the journalists;", "drop the charges;", "amend the law."]
    together = "\n".join(f"{b} {p}" for b, p in zip(bullets, points))
    apart = "\n\n".join(f"{b} {p}" for b, p in zip(bullets, points))
    for text in (together, apart):
        rows = kinds(f"Title\n\nThe authorities must:\n\n{text}\n\nText follows.\n")
        assert [msgid for comment, msgid in rows if comment.startswith("list item")] == points


def test_a_copyright_year_in_brackets_is_a_credit_not_a_point() -> None:
    assert kinds("Title\n\nText.\n\n(c) 2023 PEN Kazakhstan\n")[-1][0] == "credit 1"


@pytest.mark.parametrize("line", ["What happens next?", "Notes to editors:",
                                  "Winter is coming: are tent classrooms enough?"])
def test_questions_and_short_labels_before_a_paragraph_are_headings(line: str) -> None:
    assert kinds(f"Title\n\nText.\n\n{line}\n\nText follows here.\n")[2][0] \
        == "heading 1"


@pytest.mark.parametrize("line", [
    "Land Defenders Watch is calling on every government in the region for:",
    "“Who will protect the protesters now?”",
    "New survey finds families in three provinces drinking from contaminated rivers weeks "
    "after the waters receded"])
def test_lead_ins_quoted_questions_and_standfirsts_are_paragraphs(line: str) -> None:
    assert kinds(f"Title\n\nText.\n\n{line}\n\nText follows here.\n")[2][0] \
        == "paragraph 2"


def test_a_title_in_capitals_over_two_lines_after_labels() -> None:
    text = ("PRESS RELEASE\n\nIssued by: Refugee Protection Agency\nDate: 9 February 2024\n\n"
            "NEW ARRIVALS AT SOUTHERN BORDER CROSSINGS DOUBLE\nIN ONE WEEK AS FIGHTING SPREADS\n\n"
            "Text follows here.\n")
    assert [c.split(",")[0] for c, _ in kinds(text)] == [
        "release label 1", "label 1", "label 1", "title", "paragraph 1"]


def test_an_embargo_line_wrapped_over_two_lines() -> None:
    text = ("Embargoed: not for publication or broadcast before 06:00 GMT on\n"
            "Wednesday 14 August 2024\n\nHunger reaches emergency levels\n\nText.\n")
    assert [c for c, _ in kinds(text)][:2] == ["release label 1", "title"]


def test_contact_lines_longer_than_a_short_line() -> None:
    text = ("Title\n\nText.\n\nFor more information and media requests, please contact:\n"
            "Lucía Ferrante (+41 22 917 0000 / lucia.ferrante@example.org)\n"
            "Jonas Meyer, Almaty office,\nTel. +7 727 000 00 00\n")
    assert {c.split(",")[0] for c, _ in kinds(text)[2:]} == {"contact 1"}
    assert len(kinds(text)[2:]) == 4


@pytest.mark.parametrize("mark", ["-ENDS-", "– Ends –", "ENDS", "End of release"])
def test_end_marks(mark: str) -> None:
    assert kinds(f"Title\n\nText.\n\n{mark}\n")[-1] == ("end mark 1", mark)


@pytest.mark.parametrize("mark", ["###", "***", "-30-", "- 30 -"])
def test_end_marks_without_letters_are_skeleton(mark: str) -> None:
    assert [m for _, m in kinds(f"Title\n\nText.\n\n{mark}\n")] == ["Title", "Text."]


def test_a_heading_with_a_colon_is_not_a_label() -> None:
    rows = kinds("Title\n\nBackground: the 2019 elections\n\nTokayev was elected.\n\n"
                 "Ref: PR-14\n\nText.\n")
    assert [c for c, _ in rows] == ["title", "heading 1", "paragraph 1", "label 1",
                                    "paragraph 2"]


def test_a_heading_needs_a_paragraph_or_list_after_it() -> None:
    rows = kinds("Title\n\nKey findings\n\nAttacks rose.\n\nMethod\n\n- Interviews.\n- Records.\n\n"
                 "A short line\n\nPhoto: Reporters.\n\nLast line\n")
    assert [c for c, _ in rows] == ["title", "heading 1", "paragraph 1", "heading 2",
                                    "list item 1", "list item 2", "paragraph 2", "caption 1",
                                    "paragraph 3"]


def test_signature_lines_are_segments_of_their_own() -> None:
    rows = kinds("Title\n\nWe ask you to act.\n\nYours sincerely,\n\nThe Chair and Board,\n"
                 "Workers Rights Watch\n\nAsel Temirova\nChair\n")
    assert rows[2:] == [("signature 1", "Yours sincerely,"),
                        ("signature 2, sentence 1", "The Chair and Board,"),
                        ("signature 2, sentence 2", "Workers Rights Watch"),
                        ("signature 3, sentence 1", "Asel Temirova"),
                        ("signature 3, sentence 2", "Chair")]


def test_a_contact_block_is_split_off_its_paragraph() -> None:
    text = ("Title\n\nThe Trust supports writers across the region.\nFor interviews, please "
            "contact:\nSarah Lewis\nsarah@example.org\n")
    rows = kinds(text)
    assert rows[1:] == [("paragraph 1", "The Trust supports writers across the region."),
                        ("contact 1, sentence 1", "For interviews, please contact:"),
                        ("contact 1, sentence 2", "Sarah Lewis")]


def test_an_address_is_a_line_block_and_a_wrapped_paragraph_is_not() -> None:
    assert [c for c, _ in kinds("Title\n\nAbay Street 12\nSemey 071400\nKazakhstan\n")][1:] \
        == ["line block 1, sentence 1", "line block 1, sentence 2", "line block 1, sentence 3"]
    assert kinds("Title\n\nFrom 9 in the morning\nto 6 in the evening.\n")[1] == (
        "paragraph 1", "From 9 in the morning to 6 in the evening.")


def test_title_comes_after_a_release_label() -> None:
    rows = kinds("FOR IMMEDIATE RELEASE\n\nKazakhstan: Writers Freed\n\nText here.\n")
    assert [c for c, _ in rows] == ["release label 1", "title", "paragraph 1"]


def test_a_dateline_opening_a_paragraph_keeps_the_sentence_whole() -> None:
    rows = kinds("Title\n\nALMATY, 5 May 2022 – PEN said today that six writers are held.\n")
    assert rows[1] == ("paragraph 1", "ALMATY, 5 May 2022 – PEN said today that six writers "
                                      "are held.")


def test_a_change_of_kind_keeps_the_msgids_of_ordinary_sentences() -> None:
    """The same sentences with and without the caption and signature around them."""
    body = "Title\n\nThe court ruled on Friday. Lawyers will appeal.\n\nKey facts\n\nSix held.\n"
    extra = body + "\nPhoto: The court.\n\nThe Chair and Board,\nPEN\n"
    plain = {s.msgid for s in parse(body).segments}
    assert plain <= {s.msgid for s in parse(extra).segments}


# --- what other formats make of them --------------------------------------------------


class _Tree(HTMLParser):
    """Each element's tag, attributes and the text inside it (for structure checks)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.elements: list[tuple[str, dict[str, str | None], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("br", "meta", "img"):
            self.open.append((tag, dict(attrs), []))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, attrs, text = self.open.pop()
            self.elements.append((name, attrs, "".join(text)))
            if self.open:
                self.open[-1][2].append("".join(text))
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1][2].append(data)


def html_elements(page: str) -> list[tuple[str, dict[str, str | None], str]]:
    tree = _Tree()
    tree.feed(page)
    tree.close()
    return tree.elements


@pytest.mark.parametrize("case", RELEASES, ids=lambda p: p.name)
def test_html_uses_headings_only_for_headings(case: Path) -> None:
    document = parse_document(case, case.read_bytes())
    page = convert(document, lambda s: None, "html", lang="kk")
    headings = {" ".join(text.split()) for tag, _, text in html_elements(page)
                if tag in ("h1", "h2", "h3")}
    wanted = {" ".join(s.msgid for s in b.segments) for b in document.blocks
              if b.kind in ("title", "heading")}
    assert headings == wanted
    classes = {attrs.get("class") for tag, attrs, _ in html_elements(page) if tag == "p"}
    kinds_here = {b.kind for b in document.blocks}
    assert ("caption" in classes) == ("caption" in kinds_here)


def test_html_line_blocks_caption_and_dateline() -> None:
    document = parse(
        "Title\n\nALMATY, 5 May 2022 –\n\nText here.\n\nPhoto: A court.\n© 2022 PEN\n\n"
        "Yours sincerely,\n\nThe Chair and Board,\nPEN Kazakhstan\n\nContact:\nAsel\n"
        "asel@example.org\n+7 727 555 0101\n")
    page = convert(document, pseudo, "html", lang="ru")
    assert '<p class="dateline">ALMATY, 5 MAY 2022 –</p>' in page
    assert '<p class="caption">PHOTO: A COURT.<br>\n© 2022 PEN</p>' in page
    assert '<p class="signature">THE CHAIR AND BOARD,<br>\nPEN KAZAKHSTAN</p>' in page
    # a line with nothing to translate (an address, a number) is kept in its place
    assert '<p class="contact">CONTACT:<br>\nASEL<br>\nasel@example.org<br>\n+7 727 555 0101</p>' \
        in page
    assert "<h2>" not in page


def test_markdown_line_blocks_are_hard_breaks_and_never_headings() -> None:
    document = parse("Title\n\nText here.\n\nThe Chair and Board,\nPEN Kazakhstan\n\n"
                     "Photo: A court.\n\nContact:\n+7 727 555 0101\n")
    md = convert(document, lambda s: None, "md", lang="en")
    tokens = MarkdownIt("commonmark").parse(md)
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1"]
    inline = [t for t in tokens if t.type == "inline"]
    breaks = [sum(1 for c in (t.children or []) if c.type == "hardbreak") for t in inline]
    assert breaks == [0, 0, 1, 0, 1]
    assert inline[4].content.endswith("+7 727 555 0101")  # not a list item, not lost


def test_txt_export_keeps_the_lines() -> None:
    document = parse("Title\n\nThe Chair and Board,\nPEN Kazakhstan\n\nPhoto: A court.\n")
    assert convert(document, pseudo, "txt", lang="kk") == (
        "TITLE\n\nTHE CHAIR AND BOARD,\nPEN KAZAKHSTAN\n\nPHOTO: A COURT.\n")


# --- any arrangement of such blocks ---------------------------------------------------

LINES = ["FOR IMMEDIATE RELEASE", "ALMATY, 5 May 2022 –", "Monday 14 March 2022",
         "Photo: Volunteers at work.", "© 2022 Green Steppe", "Credit: A. Writer",
         "Issued by: PEN Kazakhstan", "Contact:", "Dear Minister,", "Yours sincerely,",
         "The Chair and Board,", "Asel Nurova", "asel@example.org", "+7 727 555 0101",
         "Key findings", "The court ruled on Friday.", "Lawyers will appeal. They said so.",
         "and the rest of a wrapped line", "-ENDS-", "###", "- A bullet point",
         "1. A numbered point", "Abay Street 12", "  indented line", "x" * 70]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(LINES), min_size=1, max_size=4), min_size=1,
                max_size=8),
       st.sampled_from(["\n", "\r\n", "\r"]), st.sampled_from(["", " ", "\t"]))
def test_any_arrangement_round_trips_and_headings_are_headings(
        blocks: list[list[str]], newline: str, blank: str) -> None:
    blocks = [["Title"], *blocks]  # a release has something to translate
    text = (newline + blank + newline).join(newline.join(lines) for lines in blocks) + newline
    document = parse(text)  # identity export is byte-exact (checked in parse)
    assert {b.kind for b in document.blocks} <= {
        "title", "heading", "paragraph", "list item", "caption", "credit", "dateline",
        "contact", "label", "salutation", "signature", "line block", "release label",
        "end mark"}
    for block in document.blocks:  # a line of a line block is never joined to another
        if block.kind in ("contact", "label", "signature", "line block"):
            assert not any("\n" in s.raw or "\r" in s.raw for s in block.segments)
    page = convert(document, pseudo, "html", lang="kk")
    headings = [text for tag, _, text in html_elements(page) if tag in ("h1", "h2", "h3")]
    assert len(headings) == sum(b.kind in ("title", "heading") for b in document.blocks)
    for tag, _, inner in html_elements(page):
        if tag in ("h1", "h2", "h3"):
            assert "\n" not in inner and not inner.startswith(("PHOTO:", "©", "CREDIT:"))


@pytest.mark.parametrize("text", [
    "The court hearing was held on\n9 June in Almaty and Astana, where\nPEN observers were "
    "present.\n",
    "For more information contact Jane Doe at\n+7 727 555 0101 or jane@example.org.\n",
    "Contact: Jane Doe, Head of Communications at PEN, on\n+44 20 7405 0338 or jane@pen.org.\n",
    "The statement was signed by Tokayev,\nPresident of Kazakhstan, and his\nGovernment.\n",
])
def test_a_narrowly_wrapped_paragraph_keeps_its_sentences(text: str) -> None:
    """Short lines that one sentence runs across are not a line block: the msgid is the
    sentence, as before issue 14."""
    rows = kinds("Title\n\n" + text)
    assert all(comment.split(",")[0] == "paragraph 1" for comment, _ in rows[1:]), rows
    assert all(msgid.endswith(".") for _, msgid in rows[1:]), rows  # whole sentences
