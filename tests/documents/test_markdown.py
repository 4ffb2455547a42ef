"""Tests for the Markdown parser: blocks, inline placeholders, skeleton and escaping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from l10n.documents import parse_document
from l10n.documents.base import Document, Inline, Segment
from l10n.documents.markdown import NAME, escape
from l10n.workspace.errors import SourceError


def parse(source: str | bytes, name: str = "t.md") -> Document:
    data = source.encode("utf-8") if isinstance(source, str) else source
    document = parse_document(Path(name), data)
    assert document.render(lambda s: None).encode("utf-8") == data
    assert document.render(lambda s: s.msgid).encode("utf-8") == data
    return document


def rows(source: str) -> list[tuple[str, str]]:
    return [(s.comment, s.msgid) for s in parse(source).segments]


def msgids(source: str) -> list[str]:
    return [s.msgid for s in parse(source).segments]


def one(source: str) -> Segment:
    segments = parse(source).segments
    assert len(segments) == 1, [s.msgid for s in segments]
    return segments[0]


def translate(source: str, translation: str) -> str:
    return parse(source).render(lambda s: translation)


def test_name() -> None:
    assert NAME == "md"
    assert parse("Text.\n").format == "md"


# --- blocks --------------------------------------------------------------------------------


def test_front_matter_is_skeleton_but_for_its_reader_facing_fields() -> None:
    document = parse("---\nlayout: post\ntitle: Page title\ntags: [a, b]\n"
                     "description: 'It''s short'\n---\n\n# Real title\n")
    assert [(s.msgid, s.comment) for s in document.segments] == [
        ("Page title", "title"), ("It's short", "front matter description 1"),
        ("Real title", "title")]
    assert document.parts[0] == "---\nlayout: post\ntitle: "


def test_translated_front_matter_stays_valid_yaml() -> None:
    yaml = pytest.importorskip("yaml")
    source = ('---\ntitle: Protests in Almaty\nsubtitle: "A \\"quoted\\" word"\n'
              "description: 'It''s short'\nsummary: |\n  block text\ndate: 2019-07-09\n---\n"
              "\n# Body\n")
    document = parse(source)
    tricky = 'Kazakhstan : l’impunité # «\\» "x" \'y\''
    out = document.render(lambda s: tricky if s.kind != "title" or s.line == 2 else None)
    front = yaml.safe_load(out.split("---\n")[1])
    assert front["title"] == front["subtitle"] == front["description"] == tricky
    assert front["summary"] == "block text\n" and str(front["date"]) == "2019-07-09"
    assert parse(source).render(lambda s: s.msgid) == source  # identity stays byte-exact


def test_dashes_not_at_the_top_are_not_front_matter() -> None:
    assert rows("Intro.\n\n---\ntitle: x\n---\n") == [
        ("paragraph 1", "Intro."), ("heading 1", "title: x")]


def test_atx_headings_and_title() -> None:
    document = parse("# Title #\n\n## Sub ##  \n\n# Another top\n\n###### Six\n")
    assert [(b.kind, b.level, b.segments[0].msgid) for b in document.blocks] == [
        ("title", 1, "Title"), ("heading", 2, "Sub"), ("heading", 1, "Another top"),
        ("heading", 6, "Six")]
    assert document.segments[0].raw == "Title"


def test_setext_headings() -> None:
    document = parse("Main title\n==========\n\nSection\n-------\n\nBody.\n")
    assert [(b.kind, b.level) for b in document.blocks] == [
        ("title", 1), ("heading", 2), ("paragraph", 0)]


def test_not_a_heading_without_a_space() -> None:
    assert rows("#hashtag here\n") == [("paragraph 1", "#hashtag here")]


def test_soft_wrapped_paragraph_is_one_block_and_sentence() -> None:
    document = parse("The festival runs from\n   5 to 7 July. Tickets\nare on sale.\n")
    assert [s.msgid for s in document.segments] == [
        "The festival runs from 5 to 7 July.", "Tickets are on sale."]
    assert document.segments[0].raw == "The festival runs from\n   5 to 7 July."


def test_leading_indentation_is_skeleton() -> None:
    document = parse("   Indented text.\n")
    assert document.parts[0] == "   " and document.segments[0].raw == "Indented text."


def test_lists_nested_and_ordered() -> None:
    document = parse("- One\n- Two\n  - Two a\n    - Deep\n- Three\n\n1. First\n2) Second\n")
    assert [(b.kind, b.level, b.segments[0].msgid) for b in document.blocks] == [
        ("list item", 1, "One"), ("list item", 1, "Two"), ("list item", 2, "Two a"),
        ("list item", 3, "Deep"), ("list item", 1, "Three"), ("list item", 1, "First"),
        ("list item", 1, "Second")]


def test_list_markers_are_skeleton() -> None:
    document = parse("* Item\n+ Other\n10. Ten\n")
    assert [s.raw for s in document.segments] == ["Item", "Other", "Ten"]
    assert document.parts[0] == "* "


def test_list_item_with_wrapped_text_and_second_paragraph() -> None:
    assert rows("- An item that\n  wraps.\n\n  Second paragraph\nlazy line.\n- Next\n") == [
        ("list item 1", "An item that wraps."), ("list item 2", "Second paragraph lazy line."),
        ("list item 3", "Next")]


def test_blockquote_prefixes_never_reach_a_msgid() -> None:
    document = parse("> A quoted sentence that\n> spans lines. Another\n> one here.\n")
    assert [(s.comment, s.msgid) for s in document.segments] == [
        ("quote 1, sentence 1", "A quoted sentence that spans lines."),
        ("quote 1, sentence 2", "Another one here.")]
    assert document.segments[0].raw == "A quoted sentence that\n> spans lines."
    assert document.render(lambda s: s.msgid.upper()) == (
        "> A QUOTED SENTENCE THAT SPANS LINES. ANOTHER ONE HERE.\n")


def test_blockquote_line_break_between_sentences_is_kept() -> None:
    document = parse("> First one.\r\n> Second one.\r\n")
    assert document.render(lambda s: s.msgid.upper()) == "> FIRST ONE.\r\n> SECOND ONE.\r\n"


def test_nested_quotes_lists_in_quotes_and_lazy_lines() -> None:
    assert rows("> Outer\nlazy.\n>\n> > Inner.\n> - Item in quote\n") == [
        ("quote 1", "Outer lazy."), ("quote 2", "Inner."), ("list item 1", "Item in quote")]


def test_table_cells() -> None:
    document = parse("| Name | Value |\n|:-----|-----:|\n| One | *Two* |\n| A \\| B | 42 |\n")
    assert [(s.comment, s.msgid) for s in document.segments] == [
        ("table cell 1", "Name"), ("table cell 2", "Value"), ("table cell 3", "One"),
        ("table cell 4", "Two"), ("table cell 5", "A | B")]


def test_table_without_outer_pipes() -> None:
    assert msgids("Head one | Head two\n--- | ---\ncell a | cell b\n") == [
        "Head one", "Head two", "cell a", "cell b"]


@pytest.mark.parametrize("skeleton", [
    "```\nFenced code.\n```\n", "~~~~ python\nTilde fence.\n~~~~\n", "    Indented code.\n",
    "<div>\nAn HTML block.\n</div>\n", "<!-- A comment\nblock. -->\n",
    "[id]: https://example.com \"A title\"\n", "***\n", "- - -\n", "___\n",
])
def test_skeleton_blocks(skeleton: str) -> None:
    document = parse(f"Before.\n\n{skeleton}\nAfter.\n")
    assert [s.msgid for s in document.segments] == ["Before.", "After."]


def test_unclosed_fence_runs_to_the_end() -> None:
    with pytest.raises(SourceError, match="no translatable text"):
        parse_document(Path("t.md"), b"```\nText in code.\n")


# --- inline markup -------------------------------------------------------------------------


def test_emphasis_and_strong() -> None:
    segment = one("Some *em*, **strong**, _em_, __strong__ and ***both*** text.\n")
    assert segment.msgid == ("Some <1>em</1>, <2>strong</2>, <3>em</3>, <4>strong</4> and "
                             "<5><6>both</6></5> text.")
    assert [i.kind for _, i in segment.inlines] == ["em", "strong", "em", "strong", "em", "strong"]
    assert dict(segment.markup)["<2>"] == "**"


def test_unmatched_and_intraword_delimiters_are_text() -> None:
    assert msgids("A * star, snake_case_name, 2*3*4 and *open.\n") == [
        "A * star, snake_case_name, 2<1>3</1>4 and *open."]


def test_wrapping_emphasis_stays_out_of_the_msgid() -> None:
    document = parse("*News · Releases*\n")
    assert document.segments[0].msgid == "News · Releases"


def test_code_span_is_an_atom() -> None:
    segment = one("Run `l10n *init*` now, or ``a ` b``.\n")
    assert segment.msgid == "Run <1/> now, or <2/>."
    assert segment.inlines[0][1] == Inline("code", text="l10n *init*")
    assert segment.inlines[1][1].text == "a ` b"


def test_inline_link_url_never_reaches_the_msgid() -> None:
    segment = one('Visit [our site](https://example.org/a_(b) "The site") today.\n')
    assert segment.msgid == "Visit <1>our site</1> today."
    assert dict(segment.markup) == {"<1>": "[", "</1>": '](https://example.org/a_(b) "The site")'}
    assert segment.inlines[0][1] == Inline(
        "link", (("href", "https://example.org/a_(b)"), ("title", "The site")))


def test_reference_links() -> None:
    segment = one("See [the report][rep], [Rep][] and [rep].\n\n[rep]: /r.pdf 'Report'\n")
    assert segment.msgid == "See <1>the report</1>, <2>Rep</2> and <3>rep</3>."
    assert {i.attr("href") for _, i in segment.inlines} == {"/r.pdf"}


def test_brackets_without_a_target_are_text() -> None:
    assert msgids("An [aside] and [undefined][ref] and [broken](link.\n") == [
        "An [aside] and [undefined][ref] and [broken](link."]


def test_image_is_an_atom() -> None:
    segment = one("A photo ![Protesters *in* Almaty](/img/a.jpg \"June\") here.\n")
    assert segment.msgid == "A photo <1/> here."
    assert segment.inlines[0][1] == Inline(
        "image", (("src", "/img/a.jpg"), ("alt", "Protesters *in* Almaty"), ("title", "June")))


def test_autolinks_and_bare_urls() -> None:
    segment = one("Mail <press@pen.org>, see <https://pen.org/x> or www.pen.org/a_b_c.\n")
    assert segment.msgid == "Mail <1/>, see <2/> or <3/>."
    assert [i.kind for _, i in segment.inlines] == ["url", "url", "url"]
    assert segment.inlines[0][1].attr("href") == "mailto:press@pen.org"


def test_inline_html() -> None:
    segment = one('A <b>bold</b> <span class="x">span</span>, <br> a stray </i> and <em>open.\n')
    assert segment.msgid == "A <1>bold</1> <2>span</2>, <3/> a stray <4/> and <5/>open."
    assert segment.inlines[0][1] == Inline("html", (("tag", "b"),))
    assert segment.inlines[2][1] == Inline("html", (("tag", "br"),))


def test_crossing_html_tags_stay_atoms() -> None:
    assert msgids("Some *a <b>b* c</b> d.\n") == ["Some <1>a <2/>b</1> c<3/> d."]


def test_hard_breaks() -> None:
    segment = one("Contact us  \nby phone\\\nor mail.\n")
    assert segment.msgid == "Contact us<1/>by phone<2/>or mail."
    assert [i.kind for _, i in segment.inlines] == ["br", "br"]
    assert dict(segment.markup)["<1/>"] == "  \n"


def test_escapes_and_entities() -> None:
    segment = one("Not \\*em\\*, AT&amp;T, &copy; &#8220;q&#8221; &#x41; and &bogus;.\n")
    assert segment.msgid == "Not *em*, AT&T, © “q” A and &bogus;."


def test_text_that_looks_like_a_placeholder_is_protected() -> None:
    segment = one("Keep <1> and \\<2/> and &lt;3&gt; as they are.\n")
    assert segment.msgid == "Keep <1/> and <2/> and <3/> as they are."
    assert [m for _, m in segment.markup] == ["<1>", "\\<2/>", "&lt;3&gt;"]


def test_links_in_quotes_and_lists_render_back() -> None:
    source = "> Read [the *full* report](https://x.org/r)\n> today.\n"
    segment = one(source)
    assert segment.msgid == "Read <1>the <2>full</2> report</1> today."
    assert translate(source, "Lisez <1>le rapport <2>complet</2></1> aujourd’hui.") == (
        "> Lisez [le rapport *complet*](https://x.org/r) aujourd’hui.\n")


# --- escaping ------------------------------------------------------------------------------


def test_escape() -> None:
    assert escape("<script>alert(1)</script>", "text") == "\\<script\\>alert(1)\\</script\\>"
    assert escape("*x* _y_ `z` [a] | ~", "text") == "\\*x\\* \\_y\\_ \\`z\\` \\[a\\] \\| \\~"
    assert escape("AT&T &amp; &#65;", "text") == "AT&T \\&amp; \\&#65;"
    assert escape("back\\slash", "text") == "back\\\\slash"
    assert escape("line\nbreak\r\nhere", "text") == "line break here"
    assert escape("# not a heading", "text") == "\\# not a heading"
    assert escape("- not a list", "text") == "\\- not a list"
    assert escape("+ plus", "text") == "\\+ plus"
    assert escape("2019. A year", "text") == "2019\\. A year"
    assert escape("a - b. 2019. c", "text") == "a - b. 2019. c"
    assert escape('Say "hi" (now)', "attribute") == 'Say \\"hi\\" \\(now\\)'


def test_script_in_a_translation_comes_out_as_text() -> None:
    out = translate("Hello world.\n", "<script>alert(1)</script> done")
    assert out == "\\<script\\>alert(1)\\</script\\> done\n"
    again = parse(out)
    assert again.segments[0].inlines == ()
    assert again.segments[0].msgid == "<script>alert(1)</script> done"


def test_emphasis_in_a_translation_comes_out_as_text() -> None:
    out = translate("Hello *world*.\n", "Bonjour *x* <1>monde</1>.")
    assert out == "Bonjour \\*x\\* *monde*.\n"


def test_block_markup_in_a_translation_stays_in_its_block() -> None:
    out = translate("- Item\n", "# Title\n\n> quote\n---")
    assert out == "- \\# Title  \\> quote ---\n"
    assert [b.kind for b in parse(out).blocks] == ["list item"]


def test_unknown_placeholder_in_a_translation_is_escaped() -> None:
    assert translate("Hello world.\n", "Hallo <7/> Welt.") == "Hallo \\<7/\\> Welt.\n"


def test_crlf_and_bom() -> None:
    document = parse(b"\xef\xbb\xbf# Title\r\n\r\nText that\r\nwraps.\r\n")
    assert document.bom
    assert document.render(lambda s: s.msgid.upper()) == "\ufeff# TITLE\r\n\r\nTEXT THAT WRAPS.\r\n"


def test_line_numbers() -> None:
    document = parse("---\na: b\n---\n# Title\n\nOne.\nTwo\nthree.\n\n- Item\n")
    assert [(s.msgid, s.line) for s in document.segments] == [
        ("Title", 4), ("One.", 6), ("Two three.", 7), ("Item", 10)]


def test_no_structure_in_any_msgid() -> None:
    source = (Path(__file__).resolve().parents[1] / "data" / "roundtrip" / "kazakhstan-release.md").read_text()
    for segment in parse(source).segments:
        text = re.sub(r"</?\d+/?>", "", segment.msgid)
        assert not re.search(r"^[>#*+-] |\| |https?://|\]\(|\n", text), segment.msgid
