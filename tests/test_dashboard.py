"""The HTML dashboard: numbers as text and as progress values, everything escaped, nothing fetched."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

from l10n.catalog.pofile import read_po
from l10n.dashboard import render_dashboard
from l10n.status import StatusRow, row_for
from tests.test_status import CRAFTED, Finding

TITLE = "press-releases: translation status"
GENERATED = datetime(2026, 11, 30, 9, 15, tzinfo=timezone(timedelta(hours=5)))
SCRIPT = "<script>document.title='pwned';alert(1)</script>"
IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
# A translation (msgstr) carrying a script: shown as text beside its source, never run.
MSGSTR = "<script>document.body.setAttribute('data-pwned','msgstr')</script>Қате аударма"
# Each bar: (aria-label, aria-valuenow = % complete, data-reviewed = % reviewed).
EXPECTED_BARS = [
    ("Kazakh (kk), all releases", "50.0", "35.7"),
    ("Russian (ru), all releases", "50.0", "12.5"),
    ("crafted, Kazakh (kk)", "70.0", "50.0"),
    ("crafted, Russian (ru)", "50.0", "12.5"),
    ("other, Kazakh (kk)", "0.0", "0.0"),
]


def sample() -> tuple[list[StatusRow], list[Finding]]:
    """Rows with known numbers (one from the crafted catalog) and hostile findings."""
    ru = row_for("crafted", "ru", read_po(CRAFTED))
    ru = StatusRow(**{**ru.__dict__, "qa_errors": 0, "qa_warnings": 0})
    kk = StatusRow("crafted", "kk", entries=10, words=100, translated=7, fuzzy=2,
                   untranslated=1, translated_words=70, reviewed=5, suggested=1,
                   reviewed_words=50, fuzzy_words=20, suggested_words=10,
                   untranslated_words=10, qa_errors=1, qa_warnings=1)
    other = StatusRow("other", "kk", entries=4, words=40, translated=0, fuzzy=0,
                      untranslated=4, translated_words=0, untranslated_words=40,
                      qa_errors=0, qa_warnings=0)
    findings = [
        Finding("locales/kk/LC_MESSAGES/crafted.po", 27, "crafted", "kk", SCRIPT,
                "placeholders", "error", IMG, translation=MSGSTR),
        Finding("locales/kk/LC_MESSAGES/crafted.po", 31, "crafted", "kk", "A & B",
                "spaces", "warning", "double space before 'B'", fuzzy=True,
                translation="А  & Б"),
    ]
    return [kk, ru, other], findings


def page() -> str:
    rows, findings = sample()
    return render_dashboard(rows, findings, title=TITLE, generated=GENERATED)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text, of a document."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def bars(self) -> list[tuple[str | None, str | None, str | None]]:
        return [(a.get("aria-label"), a.get("aria-valuenow"), a.get("data-reviewed"))
                for _, a in self.tags if a.get("role") == "progressbar"]

    def joined(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))


def test_progress_bars_carry_the_numbers() -> None:
    doc = Elements(page())
    assert doc.bars() == EXPECTED_BARS
    for _, attrs in doc.tags:
        if attrs.get("role") == "progressbar":
            assert (attrs["aria-valuemin"], attrs["aria-valuemax"]) == ("0", "100")
    text = doc.joined()
    # The crafted catalog: 1 reviewed, 3 translated, 2 fuzzy (1 suggested), 2 untranslated.
    assert ("Reviewed 1 (12.5%), 4 words Translated 3 (37.5%), 11 words "
            "Fuzzy 2 (25.0%), 9 words (1 suggested) Untranslated 2 (25.0%), 8 words") in text
    assert "8 entries, 32 words: 50.0% complete, 12.5% reviewed; 0 QA errors, 0 warnings" in text
    assert "14 entries, 140 words: 50.0% complete, 35.7% reviewed; 1 QA error, 1 warning" in text
    assert "QA findings: 1 error, 1 warning" in text
    assert "Generated 2026-11-30 09:15" in text


def test_segments_are_proportional() -> None:
    widths = re.findall(r'class="seg (\w+)" style="width:([\d.]+)%"', page())
    assert widths[:4] == [("reviewed", "35.714"), ("translated", "14.286"),
                          ("fuzzy", "14.286"), ("untranslated", "35.714")]


def test_catalog_text_is_escaped() -> None:
    html = page()
    assert "<script" not in html and "<img" not in html and "onerror=\"" not in html
    doc = Elements(html)
    assert SCRIPT in doc.joined() and IMG in doc.joined() and "A & B" in doc.joined()
    assert MSGSTR in doc.joined()
    # Issue 10 added the table of contents (nav, a) and collapsible sections (details).
    assert {tag for tag, _ in doc.tags} <= {
        "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
        "time", "main", "section", "div", "span", "ul", "li", "b", "strong", "table",
        "thead", "tbody", "tr", "th", "td", "code", "nav", "a", "details", "summary"}
    hostile = render_dashboard([], [], title="</title><script>x()</script>", generated=GENERATED)
    assert "<script" not in hostile and "&lt;/title&gt;" in hostile


def test_self_contained_and_static() -> None:
    html = page()
    doc = Elements(html)
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert not any(k in ("src", "action", "srcset", "background")
                   for _, attrs in doc.tags for k in attrs)
    # The only links (issue 10's table of contents) lead to the page's own sections.
    ids = {attrs["id"] for _, attrs in doc.tags if attrs.get("id")}
    hrefs = [attrs["href"] for _, attrs in doc.tags if "href" in attrs]
    assert hrefs and all(h and h.startswith("#") and h[1:] in ids for h in hrefs)
    assert not re.search(r"https?:|//[a-z]|url\(|@import", html)
    (csp,) = [a["content"] for t, a in doc.tags if a.get("http-equiv") ==
              "Content-Security-Policy"]
    assert csp is not None and csp.startswith("default-src 'none'") and "script" not in csp
    assert "@media print" in html


def test_findings_are_grouped_by_release_errors_first() -> None:
    html = page()
    crafted = html[html.index('id="release-crafted"'):html.index('id="release-other"')]
    rows = re.findall(r'<tr class="finding finding-(\w+)"><td class="what">'
                      r'<span class="where">([^<]+)</span>', crafted)
    assert rows == [("error", "locales/kk/LC_MESSAGES/crafted.po:27"),
                    ("warning", "locales/kk/LC_MESSAGES/crafted.po:31")]
    assert "(fuzzy)" in crafted  # issue 10: was "(fuzzy entry)"; now among the suggestions
    other = html[html.index('id="release-other"'):]
    assert "No QA findings." in other


def test_without_qa_or_catalogs() -> None:
    row = StatusRow("r", "fr", entries=2, words=5, translated=1, fuzzy=0, untranslated=1,
                    translated_words=3)
    html = render_dashboard([row], [], title="t", generated=GENERATED)
    assert "QA was not run." in html and "QA not run" in html
    empty = render_dashboard([], [], title="t", generated=GENERATED)
    assert "No catalogs yet" in empty
