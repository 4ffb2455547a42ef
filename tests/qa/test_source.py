"""The source checks (issue 13, item 4): the English release before translation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from l10n.check import check_sources, source_max_words
from l10n.documents import parse_document
from l10n.glossary.csvfile import load_glossary
from l10n.glossary.model import Glossary, Term
from l10n.qa.source import DEFAULT_MAX_WORDS, SOURCE_CHECKS, check_document, english_words
from l10n.workspace.config import Workspace, find_workspace, init_workspace
from l10n.workspace.errors import ConfigError, UsageError
from tests.conftest import ROOT, SAMPLE

DATA = Path(__file__).parent / "data" / "source_releases"
UNKNOWN, WHY = english_words("en", ROOT / "glossary")
needs_dictionary = pytest.mark.skipif(UNKNOWN is None, reason=WHY)


def findings(text: str, name: str = "x.txt", **options: object) -> list[tuple[int, str]]:
    document = parse_document(Path(name), text.encode("utf-8"))
    found = check_document(document, file=name, release="x", unknown=UNKNOWN,
                           **options)  # type: ignore[arg-type]
    return [(f.line, f.check) for f in found]


@needs_dictionary
def test_the_sample_release_has_its_real_errors_and_nothing_else() -> None:
    """Line 5 "thousands hundreds", line 7 "International‘The" (a missing space, and the
    two sentences run into one of 91 words) and "Kazak" for the glossary's "Kazakh", line 5
    "PEN international" beside "PEN International", line 13 "severallocal", line 23 a
    sentence of 63 words."""
    ws = find_workspace(ROOT)
    result = check_sources(ws, ["kazakhstan-impunity-2019"])
    got = [(f.line, f.check, f.severity) for f in result.findings]
    assert got == [(5, "doubled-word", "error"), (5, "name-variants", "warning"),
                   (7, "quote-spacing", "error"), (7, "name-variants", "warning"),
                   (7, "long-sentence", "warning"), (13, "run-together", "error"),
                   (23, "long-sentence", "warning")]
    assert all(f.file == "source_texts/kazakhstan-impunity-2019.txt" for f in result.findings)
    messages = "\n".join(f.message for f in result.findings)
    assert '"thousands hundreds"' in messages and '"several local"' in messages
    assert '"International‘The"' in messages and '"Kazakh authorities"' in messages
    assert result.sentences == 24 and result.skipped == []


@needs_dictionary
@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir()))
def test_realistic_releases_raise_no_false_finding(name: str) -> None:
    document = parse_document(Path(name), (DATA / name).read_bytes())
    glossary = load_glossary(ROOT / "glossary", ["kk", "ru", "fr"])
    assert check_document(document, file=name, release="x", unknown=UNKNOWN,
                          glossary=glossary) == []


CASES = [  # (check, bad, good)
    ("doubled-word", "The the report was published.", "The report was published."),
    ("doubled-word", "Police detained thousands hundreds of protesters.",
     "Police detained many thousands of protesters."),
    ("doubled-word", "Hundreds dozens of people came.", "Several hundred people came."),
    ("punctuation-spacing", "Writers,journalists and artists signed it.",
     "Writers, journalists and artists signed it."),
    ("punctuation-spacing", "The court ruled today.The appeal failed.",
     "The court ruled today. The appeal failed."),
    ("punctuation-spacing", "He was arrested , then released.",
     "He was arrested, then released."),
    ("punctuation-spacing", "Was he charged ?", "Was he charged?"),
    ("quote-spacing", "The minister said“no comment”.", "The minister said “no comment”."),
    ("quote-spacing", "She called it “a travesty”and left.",
     "She called it “a travesty” and left."),
    ("quote-spacing", "He wrote ‘ freedom’ on the wall.", "He wrote ‘freedom’ on the wall."),
    ("quote-spacing", 'They chanted"free them" outside.', 'They chanted "free them" outside.'),
    ("unbalanced", "The Association (BAJ said so.", "The Association (BAJ) said so."),
    ("unbalanced", "He said: “We will not stop.", "He said: “We will not stop.”"),
    ("unbalanced", "He called for ‘justice now.", "He called for ‘justice’ now."),
    ("unbalanced", 'He said "enough.', 'He said "enough."'),
    ("unbalanced", "The report [and annex was sent.", "The report [and annex] was sent."),
    ("name-variants", "Kassym Tokayev spoke. Then Kassym Tokaev left.",
     "Kassym Tokayev spoke. Then Kassym Tokayev left."),
    ("name-variants", "Members of PEN International met. They praised PEN international today.",
     "Members of PEN International met. They praised PEN International today."),
    ("number-format", "About 1,500 people marched. Police detained over 1200 people.",
     "About 1,500 people marched. Police detained over 1,200 people."),
    ("number-format", "Turnout was 60% and 10 per cent of ballots were void.",
     "Turnout was 60% and 10% of ballots were void."),
]


@needs_dictionary
@pytest.mark.parametrize(("check", "bad", "good"), CASES, ids=[f"{c[0]}-{n}" for n, c in
                                                              enumerate(CASES)])
def test_each_check_finds_its_error_and_not_the_correct_twin(check: str, bad: str,
                                                            good: str) -> None:
    assert check in {c for _, c in findings(bad, "x.md")}  # one paragraph (no title)
    assert findings(good, "x.md") == []


@needs_dictionary
def test_run_together_words_are_found_with_the_dictionaries() -> None:
    assert findings("They met severallocal activists.") == [(1, "run-together")]
    # British and American spellings, names and unknown names are not run-together words.
    assert findings("Its honour and favourite colour are unsanctioned by Nazarbayev.") == []
    assert findings("Severallocal groups met.") == [(1, "run-together")]
    # A word the dictionary knows only capitalised, opening a sentence or a dateline, and
    # a name opening a line of a contact block that splits into short words.
    assert findings("Monday 14 March 2022\n\nWednesday was quiet.\n") == []
    assert findings("Text.\n\nMedia contact:\nPieter Claes\n+32 470 00 00 00\n") == []


def test_the_lines_of_an_address_are_not_one_sentence() -> None:
    """"Speaker of Parliament" over "Parliament Building" is no doubled word; a doubled
    word inside a line, or across a hard-wrapped paragraph's line end, still is."""
    address = "Text.\n\nThe Speaker\nSpeaker of Parliament\nParliament Building\n"
    assert findings(address) == []
    assert findings("Text.\n\nThe Speaker\nSpeaker of of Parliament\nParliament Building\n") \
        == [(4, "doubled-word")]
    assert findings("Text.\n\nThe police detained the\nthe journalists on Monday.\n") == \
        [(3, "doubled-word")]


def test_grammatical_doubles_lists_and_multi_paragraph_quotations_pass() -> None:
    text = ("He had had enough, and that that was so is clear.\n\n"
            "“The first paragraph of a long quotation opens.\n\n"
            "“The second one closes it.”\n\n"
            "a) first point; b) second point.\n\n"
            "Amnesty’s report on the voters’ rights (2019) [sic] was cited.\n")
    assert findings(text) == []


def test_glossary_variants_and_the_term_itself() -> None:
    glossary = Glossary([Term("Tokayev", renderings={"ru": "Токаев"}, variants=("Tokaev",)),
                         Term("Kazakh authorities", renderings={"ru": "власти Казахстана"},
                              variants=("Kazakhstani authorities",))])
    assert findings("Tokaev was elected.", glossary=glossary) == [(1, "name-variants")]
    assert findings("Tokayev was elected.", glossary=glossary) == []
    # A different name for the term is reported only beside the term itself.
    assert findings("The Kazakhstani authorities refused.", glossary=glossary) == []
    assert findings("The Kazakh authorities said so. The Kazakhstani authorities refused.",
                    glossary=glossary) == [(1, "name-variants")]


def test_years_and_telephone_numbers_are_no_number_format() -> None:
    assert findings("In 2019, 1,500 people marched. Call +44 (0)20 7405 0338 or come in "
                    "2020. Since 1991 over 12,000 joined.") == []
    assert findings("In 2019, 1,500 people marched and almost 2000 were detained.") \
        == [(1, "number-format")]


def test_long_sentences_follow_the_setting(tmp_path: Path) -> None:
    sentence = " ".join(["people", "marched", "through", "the", "city", "and"] * 5) + "."
    assert findings(sentence) == []
    assert findings(sentence, max_words=20) == [(1, "long-sentence")]
    ws = init_workspace(tmp_path / "ws", "en", ["ru"])
    assert source_max_words(ws) == DEFAULT_MAX_WORDS == 50
    ws.config_file.write_text(ws.config_file.read_text() + "\n[check]\nsource_max_words = 20\n")
    (ws.sources_dir / "r.txt").write_text(sentence + "\n", encoding="utf-8")
    result = check_sources(find_workspace(ws.root))
    assert [(f.line, f.check) for f in result.findings] == [(1, "long-sentence")]
    assert "(more than 20)" in result.findings[0].message
    ws.config_file.write_text(ws.config_file.read_text().replace("= 20", '= "many"'))
    with pytest.raises(ConfigError, match=r"check\.source_max_words: expected a whole number"):
        check_sources(find_workspace(ws.root))


def test_line_numbers_point_into_markdown_and_html_sources() -> None:
    md = ("---\ntitle: A title\n---\n\n# Heading\n\nA paragraph that runs\nover two lines with "
          "the the error\nand a third line.\n")
    assert findings(md, "x.md") == [(8, "doubled-word")]
    html = ("<html><body>\n<h1>Title</h1>\n<p>First line,\nsecond line and <b>a a</b> "
            "doubled.</p>\n<p>Fine <a href=\"x\">link</a>(with a bracket.</p>\n</body></html>\n")
    assert findings(html, "x.html") == [(4, "doubled-word"), (5, "unbalanced")]


def test_check_sources_reads_releases_by_name_ingested_or_not(workspace: Workspace) -> None:
    result = check_sources(workspace)
    assert result.releases == ["kazakhstan-impunity-2019"] and result.count("error") == 3
    with pytest.raises(UsageError, match="no release 'nope' in source_texts/"):
        check_sources(workspace, ["nope"])


def test_without_hunspell_run_together_is_skipped_with_a_note(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no hunspell on the PATH
    ws = init_workspace(tmp_path / "ws", "en", ["ru"])
    shutil.copy(SAMPLE, ws.sources_dir / SAMPLE.name)
    result = check_sources(ws)
    assert "run-together" not in {f.check for f in result.findings}
    assert result.count("error") == 2 and result.skipped == [
        "run-together: hunspell is not installed (apt-get install hunspell)"]


def test_every_check_is_listed_with_a_severity() -> None:
    assert all(sev in ("error", "warning") for sev, _ in SOURCE_CHECKS.values())
    assert len(SOURCE_CHECKS) == 8
