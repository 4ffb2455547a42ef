"""Tests for the plain-text parser: block kinds, lists, line endings and escaping."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.documents import parse_document
from l10n.documents.base import Document
from l10n.documents.plaintext import NAME, escape
from l10n.workspace.errors import SourceError

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "roundtrip" / "kazakhstan-impunity-2019.txt"


def parse(source: str | bytes, name: str = "t.txt") -> Document:
    data = source.encode("utf-8") if isinstance(source, str) else source
    document = parse_document(Path(name), data)
    assert document.render(lambda s: None).encode("utf-8") == data
    return document


def rows(source: str) -> list[tuple[str, str]]:
    return [(s.comment, s.msgid) for s in parse(source).segments]


def test_name_and_format() -> None:
    assert NAME == "txt"
    assert parse("Hello there.\n").format == "txt"


def test_sample_release_structure() -> None:
    document = parse(SAMPLE.read_bytes())
    kinds = [b.kind for b in document.blocks]
    assert kinds[:3] == ["title", "heading", "paragraph"]
    assert kinds.count("heading") == 2  # the tags line and "Background information"
    assert document.segments[0].msgid.startswith("Kazakhstan: Impunity")
    background = [s for s in document.segments if s.msgid == "Background information"]
    assert background and background[0].comment == "heading 2"
    assert any(s.msgid == "Tokayev was elected with 71% of the vote." for s in document.segments)
    assert any("97.7%" in s.msgid and s.msgid.startswith("Last elected") for s in document.segments)


def test_title_heading_and_paragraph_rules() -> None:
    assert rows("Title line\n\nSubhead\n\nBody text.\n\nFinal line\n") == [
        ("title", "Title line"), ("heading 1", "Subhead"), ("paragraph 1", "Body text."),
        ("paragraph 2", "Final line")]  # the last block is followed by nothing: no heading


# A short question or a few words with a colon read as headings (test_structure.py).
@pytest.mark.parametrize("line", ["Ends with a stop.", "He said “no.”", "‘Quoted.’", "A list;",
                                  "And so…", "Will the authorities free the reporters before the hearing on 12 May, as promised?",
                                  "The authorities must now do the following:"])
def test_a_line_with_final_punctuation_is_a_paragraph(line: str) -> None:
    assert rows(f"Title\n\n{line}\n\nMore text.\n")[1][0] == "paragraph 1"


def test_multi_line_first_block_is_not_a_title() -> None:
    assert [c for c, _ in rows("First line\nsecond line.\n\nNext.\n")] == [
        "paragraph 1", "paragraph 2"]


def test_hard_wrapped_paragraph_is_one_block_and_sentence() -> None:
    document = parse("Title\n\nThe festival runs from\n   5 to 7 July. Tickets are\non sale.\n")
    assert [s.msgid for s in document.segments[1:]] == [
        "The festival runs from 5 to 7 July.", "Tickets are on sale."]
    assert document.segments[1].raw == "The festival runs from\n   5 to 7 July."
    assert [s.line for s in document.segments[1:]] == [3, 4]


def test_indentation_and_trailing_space_are_skeleton() -> None:
    document = parse("Title\n\n    Indented paragraph here.   \n")
    assert document.segments[1].raw == "Indented paragraph here."
    assert document.parts[-1] == "   \n"


def test_blank_lines_may_hold_whitespace() -> None:
    assert len(parse("Title\n \t \nOne.\n\u00a0\nTwo.\n").blocks) == 3


def test_bullet_list_items() -> None:
    document = parse("Title\n\n- First point.\n* Second point\n• Third\n– Fourth\n")
    assert [(s.comment, s.msgid) for s in document.segments[1:]] == [
        ("list item 1", "First point."), ("list item 2", "Second point"),
        ("list item 3", "Third"), ("list item 4", "Fourth")]
    assert document.parts[1] == "\n\n- " and document.segments[1].raw == "First point."


def test_numbered_and_nested_list_items() -> None:
    document = parse("Title\n\n1. One\n2) Two\n   10. Nested\n")
    assert [(s.msgid, b.level) for b in document.blocks[1:] for s in b.segments] == [
        ("One", 1), ("Two", 1), ("Nested", 2)]


def test_list_item_with_continuation_line() -> None:
    assert rows("Title\n\n- A long item that\n  wraps here.\n- Short.\n")[1:] == [
        ("list item 1", "A long item that wraps here."), ("list item 2", "Short.")]


def test_list_introduced_without_a_blank_line() -> None:
    assert rows("Title\n\nKey facts\n- One\n- Two\n") [1:] == [
        ("heading 1", "Key facts"), ("list item 1", "One"), ("list item 2", "Two")]


def test_centred_end_mark_is_not_a_list() -> None:
    assert rows("Title\n\nText.\n\n– Ends –\n")[-1] == ("end mark 1", "– Ends –")


def test_paragraph_mentioning_a_dash_is_not_a_list() -> None:
    assert rows("Title\n\nPrices rose\n- says the report - by 5%.\n")[1][0] == "paragraph 1"


def test_crlf_is_kept_in_the_skeleton_and_output() -> None:
    data = "Title\r\n\r\nOne line\r\nwrapped. Second.\r\n".encode()
    document = parse(data)
    assert [s.msgid for s in document.segments] == ["Title", "One line wrapped.", "Second."]
    out = document.render(lambda s: s.msgid.upper())
    assert out == "TITLE\r\n\r\nONE LINE WRAPPED. SECOND.\r\n"


def test_lone_carriage_returns_end_lines() -> None:
    assert rows("Title\r\rBody text.\r") == [("title", "Title"), ("paragraph 1", "Body text.")]


def test_no_final_newline() -> None:
    document = parse("Title\n\nLast words.")
    assert document.render(lambda s: "X" + s.msgid) == "XTitle\n\nXLast words."


def test_bom_is_restored() -> None:
    document = parse(b"\xef\xbb\xbfTitle\n\nText.\n")
    assert document.bom and document.render(lambda s: s.msgid.upper()).startswith("\ufeffTITLE")


def test_nbsp_and_curly_quotes_are_kept() -> None:
    msgid = rows("Title\n\n“Yes,”\u00a0she said.\n")[1][1]
    assert msgid == "“Yes,”\u00a0she said."


def test_urls_emails_and_look_alikes_are_placeholders() -> None:
    segment = parse("Title\n\nWrite to a@b.org or see https://x.org/a?b=1 and <1>.\n").segments[1]
    assert segment.msgid == "Write to <1/> or see <2/> and <3/>."
    assert dict(segment.markup)["<2/>"] == "https://x.org/a?b=1"


def test_translation_line_breaks_become_spaces() -> None:
    document = parse("Title\n\nText.\n")
    out = document.render(lambda s: "One\ntwo\r\nthree\u2028four" if s.kind == "paragraph"
                          else None)
    assert out == "Title\n\nOne two three four\n"


def test_markup_in_a_translation_is_plain_text() -> None:
    document = parse("Title\n\nText.\n")
    out = document.render(lambda s: "<script>alert(1)</script> *x*" if s.kind == "paragraph"
                          else None)
    assert out == "Title\n\n<script>alert(1)</script> *x*\n"


def test_placeholders_in_a_translation_restore_the_source() -> None:
    document = parse("Title\n\nSee https://x.org today.\n")
    assert document.render(lambda s: "Voir <1/> aujourd’hui." if s.kind == "paragraph"
                           else None) == "Title\n\nVoir https://x.org aujourd’hui.\n"


def test_escape() -> None:
    assert escape("a\r\nb\nc\rd", "text") == "a b c d"
    assert escape("*x* <b>", "attribute") == "*x* <b>"


@pytest.mark.parametrize("source", ["", "   \n\t\n", "\n\n"])
def test_empty_release_is_an_error(source: str) -> None:
    with pytest.raises(SourceError, match="empty release"):
        parse_document(Path("t.txt"), source.encode())


def test_release_without_words_is_an_error() -> None:
    with pytest.raises(SourceError, match="no translatable text"):
        parse_document(Path("t.txt"), b"2019\n\n- 1\n- 2\n")
