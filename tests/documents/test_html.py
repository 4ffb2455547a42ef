"""Tests for the HTML parser: golden round trips, segment kinds, escaping and set_lang."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from l10n.documents import parse_document
from l10n.documents.base import Document
from l10n.documents.html import escape, set_lang, tokenize
from tests.documents.test_golden import PIECES_RE as _PIECES_RE
from tests.documents.test_golden import pseudo

DATA = Path(__file__).resolve().parents[1] / "data" / "roundtrip"
CASES = sorted(DATA.glob("*.html"), key=lambda p: p.name)


def parse(source: str, name: str = "t.html") -> Document:
    return parse_document(Path(name), source.encode("utf-8"))


def msgids(source: str) -> list[str]:
    return [s.msgid for s in parse(source).segments]


# --- golden files --------------------------------------------------------------------------


def test_golden_cases_exist() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_no_markup_or_urls_in_msgids(case: Path) -> None:
    for segment in parse_document(case, case.read_bytes()).segments:
        without = _PIECES_RE.sub("", segment.msgid)
        assert not re.search(r"<[A-Za-z!/]|https?://|\bhref\b|\bclass=", without), segment.msgid


def test_pseudo_export_parses_again_with_the_same_structure() -> None:
    case = DATA / "wordpress.html"
    document = parse_document(case, case.read_bytes())
    again = parse(document.render(pseudo))
    assert [s.msgid for s in again.segments] == [pseudo(s) for s in document.segments]


# --- what is translated, and how ---------------------------------------------------------


def test_skeleton_never_reaches_the_translator() -> None:
    source = """<!DOCTYPE html><html><head><style>p { color: red }</style>
<script>document.write("<p>Script text</p>")</script></head><body>
<!-- A comment. --><p>Visible text.</p><pre>Preformatted text.</pre>
<template><p>Template text.</p></template><svg><text>Vector text</text></svg>
<nav><a href="/">Menu text</a></nav><div translate="no">Frozen text.</div>
<p class="lead notranslate">Frozen class text.</p><code>Code text</code></body></html>"""
    assert msgids(source) == ["Visible text."]


def test_block_kinds_and_levels() -> None:
    source = """<title>Page</title><h2>Head</h2><p>Para</p>
<ul><li>Outer<ul><li>Inner</li></ul></li></ul>
<blockquote><p>Quoted</p>Loose quote</blockquote>
<table><tr><th>Header</th><td><p>Cell para</p></td></tr></table><div>Loose div</div>"""
    segments = parse(source).segments
    got = [(s.msgid, s.kind) for s in segments]
    assert got == [("Page", "title"), ("Head", "heading"), ("Para", "paragraph"),
                   ("Outer", "list item"), ("Inner", "list item"), ("Quoted", "quote"),
                   ("Loose quote", "quote"), ("Header", "table cell"),
                   ("Cell para", "table cell"), ("Loose div", "paragraph")]
    document = parse(source)
    assert [(b.kind, b.level) for b in document.blocks][1:5] == [
        ("heading", 2), ("paragraph", 0), ("list item", 1), ("list item", 2)]


def test_unclosed_list_items_and_cells_end_at_the_next_one() -> None:
    assert msgids("<ul><li>One<li>Two</ul><table><tr><td>A<td>B</table>") == [
        "One", "Two", "A", "B"]


def test_labels_and_buttons_are_blocks_between_blocks_and_inline_in_text() -> None:
    source = ('<form><label for=a>Your name</label> <input id=a> <button>Send now</button>'
              "<p>Tick <label>this box</label> to agree.</p></form>")
    assert msgids(source) == ["Your name", "Send now", "Tick <1>this box</1> to agree."]


def test_inline_markup_becomes_placeholders_with_meaning() -> None:
    document = parse('<p>Read <a href="/x?a=1&amp;b=2" title="T">our <em>new</em> report</a>'
                     ' and <strong>act</strong>.</p>')
    (segment,) = document.segments
    assert segment.msgid == "Read <1>our <2>new</2> report</1> and <3>act</3>."
    inlines = dict(segment.inlines)
    assert inlines[1].kind == "link" and inlines[1].attr("href") == "/x?a=1&b=2"
    assert inlines[1].attr("title") == "T" and inlines[1].attr("tag") == "a"
    assert (inlines[2].kind, inlines[3].kind) == ("em", "strong")


def test_void_and_code_elements_are_atoms() -> None:
    (segment,) = parse('<p>Run <code>make &amp;&amp; go</code> now,<br>see '
                       '<img src="i.png" alt="icon"> here.</p>').segments
    assert segment.msgid == "Run <1/> now,<2/>see <3/> here."
    inlines = dict(segment.inlines)
    assert inlines[1].kind == "code" and inlines[1].text == "make && go"
    assert inlines[2].kind == "br"
    assert inlines[3].kind == "image" and inlines[3].attr("alt") == "icon"


def test_wrapping_markup_and_edge_comments_stay_out_of_the_msgid() -> None:
    assert msgids("<p><!-- x --><strong>All bold.</strong><br></p>") == ["All bold."]


def test_unclosed_inline_element_is_an_atom() -> None:
    (segment,) = parse("<p>Some <b>bold text</p>").segments
    assert segment.msgid == "Some <1/>bold text"
    assert segment.markup == (("<1/>", "<b>"),)


def test_stray_end_tag_is_an_atom() -> None:
    (segment,) = parse("<p>Some</i> text</p>").segments
    assert segment.msgid == "Some<1/> text"


def test_misnested_inline_markup_is_balanced() -> None:
    (segment,) = parse("<p>A <b>bold <i>mixed</b> text</i> end</p>").segments
    assert segment.msgid == "A <1>bold <2/>mixed</1> text<3/> end"


def test_entities_are_decoded_in_msgids() -> None:
    assert msgids("<p>It&rsquo;s &#8220;A&nbsp;&amp;&#x20AC;B&#8221; &copy 2024</p>") == [
        "It’s “A\xa0&€B” © 2024"]


def test_unknown_entity_and_bare_ampersand_stay_text() -> None:
    assert msgids("<p>AT&T &madeup; R&amp;D</p>") == ["AT&T &madeup; R&D"]


def test_translatable_attributes() -> None:
    source = """<html><head>
<meta name="description" content="About us.">
<meta property="og:description" content="OG text">
<meta name="twitter:card" content="summary">
<meta name="robots" content="index, follow"></head>
<body><img src="a.png" alt="Block image" title="Tip"><div title="Div tip">Body</div>
<p>Inline <img src="b.png" alt="Inline image"> here</p><img alt=Unquoted src=c.png></body></html>"""
    segments = parse(source).segments
    assert [(s.msgid, s.kind, s.context) for s in segments] == [
        ("About us.", "attribute", "attribute"), ("OG text", "attribute", "attribute"),
        ("Block image", "attribute", "attribute"), ("Tip", "attribute", "attribute"),
        ("Div tip", "attribute", "attribute"), ("Body", "paragraph", "text"),
        ("Inline <1/> here", "paragraph", "text")]


def test_image_in_a_paragraph_without_text_gets_its_alt_translated() -> None:
    assert msgids('<p><a href="/"><img src="x.png" alt="Home page"></a></p>') == ["Home page"]


def test_malformed_markup_round_trips() -> None:
    sources = ["<p>a < b & c > d", "<P CLASS=x>Up<BR>per</P>", "<p>x</b></p></div>",
               "<a href='x", '<p title="never closed>Text', "<p>Unclosed <!-- comment",
               "<input disabled><p>Value</p>", "<script>if (a < b) {}", "<![CDATA[ x ]]>Text",
               "</>Text</ p>", "<p>&#0;&#1;&#x110000;&#55296;Zero</p>", "<title>A<b>B</title>"]
    for source in sources:
        data = source.encode("utf-8")
        try:
            document = parse_document(Path("m.html"), data)
        except Exception as exc:  # only "nothing to translate" is allowed
            assert type(exc).__name__ == "SourceError", source
            continue
        assert document.render(lambda s: None).encode("utf-8") == data, source
        assert document.render(lambda s: s.msgid).encode("utf-8") == data, source


def test_placeholder_look_alikes_spelt_with_entities_are_protected() -> None:
    document = parse("<p>Type &lt;1&gt; for <b>bold</b> and x&lt;/2> too</p>")
    (segment,) = document.segments
    assert segment.msgid == "Type <1/> for <2>bold</2> and x<3/> too"
    assert dict(segment.markup)["<1/>"] == "&lt;1&gt;"
    out = document.render(lambda s: "<2>Fett</2>: <1/>, <3/>")
    assert out == "<p><b>Fett</b>: &lt;1&gt;, &lt;/2></p>"


def test_a_block_of_only_addresses_is_not_translated() -> None:
    source = ('<p>https://example.com/news</p><td><a href="mailto:a@b.example">a@b.example</a>'
              "</td><p>Visit www.example.org today</p>")
    assert msgids(source) == ["Visit <1/> today"]


def test_title_content_is_text_even_if_it_looks_like_markup() -> None:
    assert msgids("<title>A <b>bold</b> title</title>") == ["A <b>bold</b> title"]


def test_crlf_is_kept() -> None:
    data = b"<h1>First line\r\nsecond line</h1>\r\n<p>Next.</p>\r\n"
    document = parse_document(Path("c.html"), data)
    assert document.segments[0].msgid == "First line second line"
    assert document.render(lambda s: s.msgid.upper()).encode() == (
        b"<h1>FIRST LINE SECOND LINE</h1>\r\n<p>NEXT.</p>\r\n")


def test_a_source_line_break_is_not_a_sentence_break() -> None:
    assert msgids("<p>The festival runs from\n5 to 7 July.</p>") == [
        "The festival runs from 5 to 7 July."]


def test_bom_is_restored() -> None:
    data = b"\xef\xbb\xbf<p>Hello</p>"
    document = parse_document(Path("b.html"), data)
    assert document.render(lambda s: "Hallo").encode() == b"\xef\xbb\xbf<p>Hallo</p>"


def test_line_numbers() -> None:
    segments = parse("<html>\n<body>\n<p>One.\nTwo</p>\n\n<p>Three</p>").segments
    assert [(s.msgid, s.line) for s in segments] == [("One.", 3), ("Two", 4), ("Three", 6)]


# --- export: escaping and markup restoration ----------------------------------------------


def test_markup_in_a_translation_is_escaped() -> None:
    document = parse("<p>Hello <b>world</b></p>")
    out = document.render(lambda s: "<script>alert(1)</script> & <1>Welt</1>")
    assert out == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; <b>Welt</b></p>"


def test_quotes_in_an_attribute_translation_are_escaped() -> None:
    document = parse('<img alt="A photo" src="x.png"><p>Text</p>')
    out = document.render(lambda s: 'Ein "Foto" & mehr' if s.kind == "attribute" else None)
    assert out == '<img alt="Ein &quot;Foto&quot; &amp; mehr" src="x.png"><p>Text</p>'


def test_unknown_placeholder_in_a_translation_is_escaped() -> None:
    document = parse("<p>Hello <b>world</b></p>")
    assert document.render(lambda s: "<7>Hallo</7>") == "<p>&lt;7&gt;Hallo&lt;/7&gt;</p>"


def test_escape() -> None:
    assert escape("a<b>&\"'", "text") == "a&lt;b&gt;&amp;\"'"
    assert escape("a<b>&\"'", "attribute") == "a&lt;b&gt;&amp;&quot;&#x27;"


# --- set_lang -------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "expected"), [
    ('<!DOCTYPE html>\n<html lang="en-US" class="x">',
     '<!DOCTYPE html>\n<html lang="de" class="x">'),
    ("<html lang=en>", '<html lang="de">'),
    ("<HTML LANG='en'>", '<HTML lang="de">'),
    ("<html>", '<html lang="de">'),
    ('<html\nclass="x">', '<html lang="de"\nclass="x">'),
    ('<!-- <html lang="en"> --><html dir="ltr">',
     '<!-- <html lang="en"> --><html lang="de" dir="ltr">'),
    ("<p>No html tag</p>", "<p>No html tag</p>"),
    ("<htmlx><p>Other tag</p>", "<htmlx><p>Other tag</p>"),
])
def test_set_lang(source: str, expected: str) -> None:
    assert set_lang(source, "de") == expected


def test_set_lang_escapes_the_value() -> None:
    assert set_lang("<html>", 'x"y') == '<html lang="x&quot;y">'


# --- tokenizer ------------------------------------------------------------------------------


def test_tokens_cover_the_source() -> None:
    source = '<!doctype html><p class=a title="x>y">Hi &amp; <br/>bye</p><!-- c -->< p'
    tokens = tokenize(source)
    assert "".join(source[t.start : t.end] for t in tokens) == source
    assert [t.kind for t in tokens] == ["raw", "start", "text", "start", "text", "end",
                                        "comment", "text"]
    assert tokens[1].name == "p" and [a.name for a in tokens[1].attrs] == ["class", "title"]
