"""Round trips for plain text and Markdown: golden files and hypothesis properties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.documents import markdown, parse_document, plaintext
from l10n.documents.base import Document
from l10n.workspace.errors import SourceError
from tests.documents.test_golden import PIECES_RE as _PIECES_RE
from tests.documents.test_golden import pseudo

DATA = Path(__file__).resolve().parents[1] / "data" / "roundtrip"
CASES = sorted([*DATA.glob("*.txt"), *DATA.glob("*.md")], key=lambda p: p.name)
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- golden files --------------------------------------------------------------------------


def test_golden_cases_exist() -> None:
    names = {p.name for p in CASES}
    assert "kazakhstan-impunity-2019.txt" in names
    assert sum(p.suffix == ".txt" for p in CASES) >= 3
    assert sum(p.suffix == ".md" for p in CASES) >= 3


def test_sample_release_is_the_projects_sample() -> None:
    sample = Path(__file__).resolve().parents[2] / "source_texts" / "kazakhstan-impunity-2019.txt"
    assert (DATA / sample.name).read_bytes() == sample.read_bytes()


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_no_urls_or_structure_in_msgids(case: Path) -> None:
    for segment in parse_document(case, case.read_bytes()).segments:
        without = _PIECES_RE.sub("", segment.msgid)
        assert not re.search(r"https?://|www\.|@\w|\n|\r", without), segment.msgid
        marker = re.match(r"(?:[-*+•–>#|]|\d+[.)]) ", without)
        # "– Ends –" is a centred mark, not a list item: it stays whole.
        assert not marker or without.endswith(marker.group(0)[0]), segment.msgid
        assert " > " not in without and not re.search(r"\]\((?:https?:|/)", without), segment.msgid


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_pseudo_export_parses_again_with_the_same_blocks(case: Path) -> None:
    document = parse_document(case, case.read_bytes())
    again = parse_document(case, document.render(pseudo).encode("utf-8"))
    assert [b.kind for b in again.blocks] == [b.kind for b in document.blocks]


# --- generated documents -------------------------------------------------------------------

WORDS = st.sampled_from([
    "Acme", "announced", "today", "the", "new", "press", "release", "Dr.", "Mr.", "Inc.", "e.g.",
    "U.S.", "97.7%", "3.5", "2019", "1,200", "Привет", "мир.", "Қазақстан", "naïve", "café",
    "A\xa0B", "\xa0", "it’s", "“quoted”", "‘single’", "«Non.»", "Hello.", "World!", "Why?",
    "said:", "end;", "and…", "—", "–", "a<b", "x > y", "AT&T", "&", "<1>", "</2>", "<3/>",
    "https://example.com/a?b=1&c=2", "www.example.org", "press@example.com", "snake_case",
    "2 * 3", "[note]", "#tag", "1.", "-", "|", "\\", "`",
])
SPACES = st.sampled_from([" ", " ", " ", "  ", "\t", "\xa0"])
NEWLINES = st.sampled_from(["\n", "\r\n"])


def _words(min_size: int = 1) -> st.SearchStrategy[str]:
    return st.lists(st.tuples(WORDS, SPACES), min_size=min_size, max_size=8).map(
        lambda pairs: "".join(w + s for w, s in pairs).strip(" \t"))


def _md_inline() -> st.SearchStrategy[str]:
    # Link text without "\\", "`", "[" or "]", which could legitimately unmake the link.
    label = _words().filter(lambda w: not any(ch in w for ch in "\\`[]<"))
    atoms = st.one_of(
        _words(),
        _words().map(lambda w: f"*{w}*"), _words().map(lambda w: f"**{w}**"),
        _words().map(lambda w: f"_{w}_"), _words().map(lambda w: f"<b>{w}</b>"),
        label.map(lambda w: f'[{w}](https://example.com/p_(1) "Title")'),
        label.map(lambda w: f"[{w}][ref]"), label.map(lambda w: f"![{w}](img.png)"),
        st.sampled_from(["`code`", "``a ` b``", "<https://example.com>", "<a@b.org>", "&amp;",
                         "&nbsp;", "&lt;1&gt;", "\\*", "\\<2/>", "<br>", "  \n", "\\\n", "*",
                         "**", "_", "[", "]", "](", "<i>", "</i>", "<!-- c -->"]),
    )
    return st.lists(st.tuples(atoms, SPACES), min_size=1, max_size=6).map(
        lambda pairs: "".join(a + s for a, s in pairs).strip(" \t"))


def _lines(inline: st.SearchStrategy[str], prefix: str) -> st.SearchStrategy[str]:
    """A hard-wrapped paragraph, every line behind ``prefix``."""
    return st.lists(inline, min_size=1, max_size=3).map(
        lambda lines: "\n".join(prefix + line for line in lines))


def _md_block() -> st.SearchStrategy[str]:
    inline = _md_inline()
    table = st.lists(st.lists(_words(), min_size=2, max_size=2), min_size=1, max_size=3).map(
        lambda rows: "| A | B |\n|---|:-:|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows))
    return st.one_of(
        _lines(inline, ""), _lines(inline, "   "), _lines(inline, "> "), _lines(inline, ">> "),
        inline.map(lambda t: f"# {t}"), inline.map(lambda t: f"## {t} ##"),
        inline.map(lambda t: f"{t}\n==="), inline.map(lambda t: f"{t}\n---"),
        st.lists(st.tuples(st.sampled_from(["- ", "* ", "1. ", "2) ", "  - ", "    1. ", "> - "]),
                           inline), min_size=1, max_size=4).map(
            lambda items: "\n".join(m + t for m, t in items)),
        _lines(inline, "- ").map(lambda t: t.replace("\n- ", "\n  ")),
        table, _words().map(lambda w: f"```\n{w}\n```"), _words().map(lambda w: f"    {w}"),
        _words().map(lambda w: f"<div>\n{w}\n</div>"),
        st.sampled_from(["***", "---", "[ref]: https://example.com/r \"Ref\"", "~~~", "<!--"]),
    )


def _txt_block() -> st.SearchStrategy[str]:
    words = _words()
    return st.one_of(
        _lines(words, ""), _lines(words, "  "), words,
        st.lists(st.tuples(st.sampled_from(["- ", "* ", "• ", "– ", "1. ", "2) ", "  - "]),
                           words), min_size=1, max_size=4).map(
            lambda items: "\n".join(m + t for m, t in items)),
    )


def _document(block: st.SearchStrategy[str], *, front: bool) -> st.SearchStrategy[bytes]:
    separator = st.sampled_from(["\n\n", "\n  \n", "\n\t\n\n", "\n"])
    return st.tuples(
        st.lists(st.tuples(block, separator), min_size=1, max_size=6),
        NEWLINES, st.booleans(), st.booleans(), st.booleans() if front else st.just(False),
    ).map(_assemble)


def _assemble(parts: tuple[list[tuple[str, str]], str, bool, bool, bool]) -> bytes:
    blocks, newline, final_newline, bom, front = parts
    text = "".join(b + s for b, s in blocks).rstrip("\n")
    if front:
        text = "---\ntitle: x\n---\n" + text
    if final_newline:
        text += "\n"
    data = text.replace("\n", newline).encode("utf-8")
    return b"\xef\xbb\xbf" + data if bom else data


def _parse_or_none(name: str, data: bytes) -> Document | None:
    try:
        return parse_document(Path(name), data)
    except SourceError as exc:  # allowed only when there is nothing to translate
        assert exc.reason in ("empty release: nothing to translate",
                              "no translatable text found in this release"), exc.reason
        return None


def _check_round_trip(name: str, data: bytes) -> None:
    document = _parse_or_none(name, data)
    if document is None:
        return
    assert document.render(lambda s: None).encode("utf-8") == data
    assert document.render(lambda s: s.msgid).encode("utf-8") == data
    for segment in document.segments:
        assert "\n" not in segment.msgid and "\r" not in segment.msgid
        assert segment.msgid == segment.msgid.strip(" "), segment.msgid
    exported = document.render(pseudo).encode("utf-8")
    again = _parse_or_none(name, exported)  # a translation must parse again
    if again is not None:
        assert again.render(lambda s: None).encode("utf-8") == exported


@SETTINGS
@given(_document(_txt_block(), front=False))
def test_generated_text_documents_round_trip(data: bytes) -> None:
    _check_round_trip("release.txt", data)


@SETTINGS
@given(_document(_md_block(), front=True))
def test_generated_markdown_documents_round_trip(data: bytes) -> None:
    _check_round_trip("release.md", data)
    document = _parse_or_none("release.md", data)
    for segment in document.segments if document else []:
        # Link targets, titles and definitions are skeleton, never in a msgid.
        assert not re.search(r"p_\(1\)|img\.png|\"Title\"|example\.com/r", segment.msgid)


# Any encodable character (no surrogates); NUL is refused as binary by decode_source.
ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=300)
MARKDOWN_SOUP = st.lists(
    st.sampled_from(list("*_[]()<>`!#-+=|\\&;:.~ \t\n\r\xa0aAé1")
                    + ["&amp;", "&#10;", "http://x.y/", "<b>", "</b>", "<br>", "![", "](", "> ",
                       "- ", "1. ", "```", "    ", "  \n", "Mr. ", "Word. ", "<1>", "&lt;"]),
    max_size=80).map("".join)


@SETTINGS
@given(ANY_TEXT, st.booleans(), st.sampled_from(["release.txt", "release.md"]))
def test_any_text_round_trips(text: str, bom: bool, name: str) -> None:
    data = text.encode("utf-8")
    _check_round_trip(name, b"\xef\xbb\xbf" + data if bom else data)


@SETTINGS
@given(MARKDOWN_SOUP, st.sampled_from(["release.txt", "release.md"]))
def test_markup_soup_round_trips(text: str, name: str) -> None:
    _check_round_trip(name, text.encode("utf-8"))


@SETTINGS
@given(MARKDOWN_SOUP)
def test_escaped_translation_is_plain_markdown_text(translation: str) -> None:
    document = parse_document(Path("t.md"), b"Some text.\n")
    exported = document.render(lambda s: translation)
    again = _parse_or_none("t.md", exported.encode("utf-8"))
    if again is None:
        return
    assert [b.kind for b in again.blocks] == ["paragraph"]
    for segment in again.segments:  # only protected look-alikes, never real markup
        assert {inline.kind for _, inline in segment.inlines} <= {"url", "literal"}


@SETTINGS
@given(ANY_TEXT)
def test_escaped_translation_stays_in_its_plain_text_block(translation: str) -> None:
    document = parse_document(Path("t.txt"), b"Title\n\nSome text.\n")
    exported = document.render(lambda s: translation if s.kind == "paragraph" else None)
    assert exported.startswith("Title\n\n") and exported.endswith("\n")
    body = exported[len("Title\n\n"):-1]
    assert not re.search(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]", body)
    once = plaintext.escape(translation, "text")
    assert plaintext.escape(once, "text") == once


@SETTINGS
@given(MARKDOWN_SOUP)
def test_markdown_escape_round_trips_through_a_parse(text: str) -> None:
    """An escaped text parses back to its own words, with no markup."""
    words = re.sub(r"[\s]+", " ", text.replace("\r\n", " ")).strip(" \t\n\r\f\v")
    if not any(ch.isalpha() for ch in words) or "<" in words or "@" in words or "http" in words:
        return  # look-alikes, URLs and e-mails become placeholders by design
    source = "Lead " + markdown.escape(words, "text") + "\n"
    document = _parse_or_none("t.md", source.encode("utf-8"))
    assert document is not None
    assert [b.kind for b in document.blocks] == ["paragraph"]
    assert all(not inline for s in document.segments for inline in s.inlines)
    # Pieces without a letter ("1.") stay skeleton, so compare the letters.
    letters = [ch for s in document.segments for ch in s.msgid if ch.isalpha()]
    assert letters == [ch for ch in "Lead " + words if ch.isalpha()]
