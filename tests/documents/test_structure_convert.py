"""Conversion between formats without losses (issue 14 item 2): structure compared with
markdown-it-py (CommonMark) and the standard library's HTML parser."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from l10n.documents import parse_document
from l10n.documents.base import Document, Segment
from l10n.documents.convert import convert
from tests.documents.test_structure import html_elements, pseudo


def parse(text: str, name: str) -> Document:
    return parse_document(Path(name), text.encode("utf-8"))


def to(text: str, name: str, fmt: str, translate=lambda s: s.msgid) -> str:  # type: ignore[no-untyped-def]
    return convert(parse(text, name), translate, fmt, lang="kk")


def md_tokens(md: str) -> list[Token]:
    """CommonMark tokens of ``md``; YAML front matter, which CommonMark does not know
    (it would read a rule and a heading), is left out as static site tools do."""
    if md.startswith("---\n"):
        md = md[md.index("\n---\n", 3) + 5 :]
    return MarkdownIt("commonmark").parse(md)


def inline_types(md: str) -> list[list[str]]:
    """For each paragraph or heading: the types of its inline tokens (empty text left
    out)."""
    return [[c.type for c in t.children or [] if c.type != "text" or c.content]
            for t in md_tokens(md) if t.type == "inline"]


def outline(page: str) -> list[tuple[str, str]]:
    """Block elements of an HTML page in document order: (tag, text)."""
    blocks = {"h1", "h2", "h3", "p", "li", "blockquote", "title"}
    found = [(tag, " ".join(text.split())) for tag, _, text in html_elements(page)
             if tag in blocks]
    return sorted(found, key=lambda item: page.find(item[1]))


PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Writers Freed in Almaty</title></head>
<body>
<h1>Writers Freed in Almaty</h1>
<p><strong>Three writers were released on Tuesday.</strong></p>
<p><em>This is an update. It replaces our statement of 3 May.</em></p>
<p>Read <a href="https://pen.example/report">the full report</a> or write to
<a href="mailto:press@pen.example">press@pen.example</a>.</p>
<ul>
<li>First point.</li>
<li>Second point.</li>
<li>Third point.</li>
</ul>
</body></html>
"""


def test_html_to_md_keeps_a_paragraph_wholly_in_strong_or_em() -> None:
    md = to(PAGE, "x.html", "md")
    assert "**Three writers were released on Tuesday.**" in md
    assert "*This is an update. It replaces our statement of 3 May.*" in md
    kinds = inline_types(md)
    assert ["strong_open", "text", "strong_close"] in kinds
    assert ["em_open", "text", "em_close"] in kinds


def test_whole_paragraph_markup_wraps_the_translation_too() -> None:
    md = to(PAGE, "x.html", "md", pseudo)
    assert "**THREE WRITERS WERE RELEASED ON TUESDAY.**" in md
    page = to("*Whole paragraph in italics.*\n", "x.md", "html", pseudo)
    assert "<p><em>WHOLE PARAGRAPH IN ITALICS.</em></p>" in page


def test_html_title_equal_to_h1_is_written_once() -> None:
    md = to(PAGE, "x.html", "md")
    headings = [t.tag for t in md_tokens(md) if t.type == "heading_open"]
    assert headings == ["h1"]
    assert md.count("Writers Freed in Almaty") == 1 and "##" not in md


def test_html_title_different_from_h1_goes_to_front_matter() -> None:
    page = PAGE.replace("<title>Writers Freed in Almaty</title>",
                        "<title>Writers Freed – PEN Kazakhstan</title>")
    md = to(page, "x.html", "md")
    assert md.startswith('---\ntitle: "Writers Freed – PEN Kazakhstan"\n---\n\n# Writers Freed')
    assert [t.tag for t in md_tokens(md) if t.type == "heading_open"] == ["h1"]
    # our own Markdown reader takes the front matter title back as the title
    again = parse(md, "again.md")
    assert [s.msgid for s in again.segments if s.kind == "title"] == [
        "Writers Freed – PEN Kazakhstan", "Writers Freed in Almaty"]
    # and writes it back in HTML as <title> and one <h1>
    page = convert(again, lambda s: s.msgid, "html", lang="en")
    assert [(tag, text) for tag, _, text in html_elements(page) if tag in ("title", "h1")] == [
        ("title", "Writers Freed – PEN Kazakhstan"), ("h1", "Writers Freed in Almaty")]


def test_html_to_md_lists_stay_tight() -> None:
    md = to(PAGE, "x.html", "md")
    assert "- First point.\n- Second point.\n- Third point.\n" in md
    lists = [t for t in md_tokens(md) if t.type == "bullet_list_open"]
    items = [t for t in md_tokens(md) if t.type == "list_item_open"]
    assert len(lists) == 1 and len(items) == 3
    hidden = [t.hidden for t in md_tokens(md) if t.type == "paragraph_open" and t.level > 1]
    assert hidden == [True, True, True]  # markdown-it hides the paragraphs of a tight list


def test_txt_lists_are_tight_too() -> None:
    assert "- First point.\n- Second point.\n- Third point.\n" in to(PAGE, "x.html", "txt")


def test_md_to_html_keeps_a_paragraph_wholly_in_em() -> None:
    page = to("# Title\n\n*The whole paragraph. Two sentences.*\n\n_Underscored too._\n",
              "x.md", "html")
    ems = [text for tag, _, text in html_elements(page) if tag == "em"]
    assert ems == ["The whole paragraph. Two sentences.", "Underscored too."]
    assert "<p><em>The whole paragraph. Two sentences.</em></p>" in page


def test_html_to_txt_keeps_link_targets() -> None:
    txt = to(PAGE, "x.html", "txt")
    assert "Read the full report (https://pen.example/report) or write to press@pen.example." \
        in txt
    assert "(mailto:" not in txt and txt.count("press@pen.example") == 1


def test_md_to_txt_keeps_link_targets() -> None:
    txt = to("# T\n\nSee [our site](https://pen.example) and <https://x.example>.\n", "x.md",
             "txt")
    assert "See our site (https://pen.example) and https://x.example." in txt


def test_html_md_html_round_trip_keeps_the_structure() -> None:
    """HTML → Markdown → (read again) → HTML: the same blocks with the same text and the
    same inline markup."""
    md = to(PAGE, "x.html", "md")
    back = convert(parse(md, "x.md"), lambda s: s.msgid, "html", lang="en")
    first = convert(parse(PAGE, "x.html"), lambda s: s.msgid, "html", lang="en")
    assert outline(back) == outline(first)
    for tag in ("strong", "em", "a", "li"):
        assert ([t for t in html_elements(back) if t[0] == tag]
                == [t for t in html_elements(first) if t[0] == tag]), tag


def test_txt_to_md_escapes_what_would_start_a_markdown_block() -> None:
    md = to("Title\n\nContact:\n+7 727 555 0101\n\n# not a heading here\n", "x.txt", "md")
    tokens = md_tokens(md)
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1"]
    assert not any(t.type == "bullet_list_open" for t in tokens)
    text = " ".join(t.content for t in tokens if t.type == "inline")
    assert "+7 727 555 0101" in text


def test_inline_markup_inside_a_sentence_still_converts(tmp_path: Path) -> None:
    def keep(segment: Segment) -> str:
        return segment.msgid

    page = convert(parse("# T\n\nThe **court** ruled.\n", "x.md"), keep, "html", lang="en")
    assert "<p>The <strong>court</strong> ruled.</p>" in page


NESTED_TXT = "Title\n\nSteps:\n1. Write the letter.\n2. Sign it.\n   - In ink.\n   - Twice.\n3. Send it.\n"


def test_numbered_and_nested_lists_convert() -> None:
    document = parse(NESTED_TXT, "x.txt")
    md = convert(document, lambda s: s.msgid, "md", lang="en")
    assert md.endswith("1. Write the letter.\n2. Sign it.\n   - In ink.\n   - Twice.\n"
                       "3. Send it.\n")
    tokens = md_tokens(md)
    assert [t.type for t in tokens if t.type.endswith("list_open")] == [
        "ordered_list_open", "bullet_list_open"]
    assert [t.level for t in tokens if t.type == "bullet_list_open"] == [2]  # inside item 2
    page = convert(document, lambda s: s.msgid, "html", lang="en")
    assert ("<ol>\n<li>Write the letter.</li>\n<li>Sign it.\n<ul>\n<li>In ink.</li>\n"
            "<li>Twice.</li>\n</ul></li>\n<li>Send it.</li>\n</ol>") in page
    assert convert(document, lambda s: s.msgid, "txt", lang="en").endswith(
        "1. Write the letter.\n2. Sign it.\n  - In ink.\n  - Twice.\n3. Send it.\n")


def test_md_numbered_list_to_html_and_back() -> None:
    md = "# T\n\n1. One.\n2. Two.\n\n- A.\n- B.\n"
    page = to(md, "x.md", "html")
    assert "<ol>\n<li>One.</li>\n<li>Two.</li>\n</ol>" in page
    assert to(md, "x.md", "md").endswith("1. One.\n2. Two.\n- A.\n- B.\n")


def test_html_ordered_lists_stay_numbered() -> None:
    page = ("<h1>T</h1>\n<ol><li>One.</li><li>Two.\n<ul><li>Sub.</li></ul></li>"
            "<li>Three.</li></ol>\n<ul><li>Bullet.</li></ul>\n")
    md = to(page, "x.html", "md")
    assert md.endswith("1. One.\n2. Two.\n   - Sub.\n3. Three.\n- Bullet.\n")
    assert [t.type for t in md_tokens(md) if t.type.endswith("list_open")] == [
        "ordered_list_open", "bullet_list_open", "bullet_list_open"]
    assert to(page, "x.html", "txt").endswith("1. One.\n2. Two.\n  - Sub.\n3. Three.\n- Bullet.\n")
