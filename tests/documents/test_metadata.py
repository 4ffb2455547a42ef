"""metadata: release dates and bylines read from each format and localised per language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from l10n.documents import parse_document
from l10n.documents.metadata import (
    Alternate,
    ReleaseMeta,
    front_matter,
    localize,
    long_date,
    parse_iso_date,
    read_metadata,
)
from l10n.workspace.errors import ConfigError, SourceError

DATA = Path(__file__).resolve().parents[1] / "data" / "publish"
DAY = date(2019, 7, 9)
META = ReleaseMeta(DAY, "PEN International")


def doc(name: str, text: str):  # type: ignore[no-untyped-def]
    return parse_document(Path(name), text.encode("utf-8"))


@pytest.mark.parametrize(("lang", "expected"), [
    ("kk", "2019\u202fж. 9 шілде"),
    ("ru", "9 июля 2019\u202fг."),
    ("fr", "9 juillet 2019"),
    ("en", "July 9, 2019"),
])
def test_long_date_per_locale(lang: str, expected: str) -> None:
    assert long_date(DAY, lang) == expected


def test_june_dates_as_the_issue_shows_them() -> None:
    """CLDR puts a narrow no-break space (U+202F) between the year and its abbreviation."""
    day = date(2019, 6, 9)
    assert [long_date(day, lang) for lang in ("ru", "fr", "kk")] == \
        ["9 июня 2019\u202fг.", "9 juin 2019", "2019\u202fж. 9 маусым"]


@pytest.mark.parametrize(("value", "expected"), [
    ("2019-07-09", DAY), ('"2019-07-09"', DAY), ("2019-07-09T10:30:00Z", DAY),
    ("2019-07-09 10:30+06:00", DAY), ("9 July 2019", None), ("2019-13-01", None), ("PT2H", None),
])
def test_parse_iso_date(value: str, expected: date | None) -> None:
    assert parse_iso_date(value) == expected


def test_markdown_front_matter() -> None:
    meta = read_metadata(parse_document(DATA / "statement.md",
                                        (DATA / "statement.md").read_bytes()))
    assert meta == META
    author = doc("a.md", "---\nauthor: 'Jane Doe'\n---\n\nHello world.\n")
    assert read_metadata(author) == ReleaseMeta(None, "Jane Doe")


def test_html_meta_and_time() -> None:
    meta = read_metadata(parse_document(DATA / "statement.html",
                                        (DATA / "statement.html").read_bytes()))
    assert meta == META
    only_time = doc("t.html", '<p>Issued <time datetime="2019-07-09">9 July</time>.</p>')
    assert read_metadata(only_time) == ReleaseMeta(DAY, None)


def test_config_fills_gaps_but_the_document_wins() -> None:
    text = doc("x.txt", "Title\n\nSome words here.\n")
    assert read_metadata(text, {"date": "2019-07-09", "byline": "PEN"}) == ReleaseMeta(DAY, "PEN")
    assert read_metadata(text, {"date": DAY}) == ReleaseMeta(DAY, None)  # TOML date value
    md = doc("x.md", "---\ndate: 2019-07-09\n---\n\nSome words.\n")
    assert read_metadata(md, {"date": "2020-01-01", "byline": "PEN"}) == ReleaseMeta(DAY, "PEN")


def test_bad_dates_say_where() -> None:
    with pytest.raises(SourceError, match=r"x\.md:3: date '9 July' is not an ISO date"):
        read_metadata(doc("x.md", "---\ntitle: T\ndate: 9 July\n---\n\nWords.\n"))
    with pytest.raises(SourceError, match=r"x\.html:2:"):
        read_metadata(doc("x.html", '<head>\n<meta name="date" content="July">\n</head><p>Hi.</p>'))
    with pytest.raises(ConfigError, match=r"publish\.releases\.x\.date"):
        read_metadata(doc("x.txt", "Words.\n"), {"date": "soon"}, where="publish.releases.x")


def test_markdown_keeps_iso_date_and_adds_display_and_lang() -> None:
    source = "---\ntitle: T\ndate: 2019-07-09\nbyline: PEN International\n---\n\n# Заголовок\n"
    out = localize(source, "md", lang="ru", meta=META,
                   translations={"PEN International": "ПЕН Интернешнл"})
    assert out == ("---\ntitle: T\ndate: 2019-07-09\nbyline: \"ПЕН Интернешнл\"\n"
                   "date_display: \"9 июля 2019\u202fг.\"\nlang: ru\n---\n\n# Заголовок\n")
    assert localize(out, "md", lang="ru", meta=META).count("date_display") == 1  # idempotent


def test_markdown_without_front_matter_gets_one() -> None:
    out = localize("# Titre\n\nTexte.\n", "md", lang="fr", meta=META)
    assert out.startswith('---\ndate: 2019-07-09\nbyline: "PEN International"\n'
                          'date_display: "9 juillet 2019"\nlang: fr\n---\n\n# Titre\n')
    assert front_matter(out) is not None
    assert localize("# Titre\n", "md", lang="fr", meta=ReleaseMeta()) == "# Titre\n"


def test_text_dateline_after_the_title() -> None:
    out = localize("Заголовок\r\n\r\nАбзац.\r\n", "txt", lang="kk", meta=META,
                   translations={})
    assert out == "Заголовок\r\n\r\n2019\u202fж. 9 шілде\r\nPEN International\r\n\r\nАбзац.\r\n"
    assert localize("Only one line.\n", "txt", lang="fr", meta=ReleaseMeta(DAY)) == \
        "Only one line.\n\n9 juillet 2019\n"
    assert localize("A\n\nB\n", "txt", lang="fr", meta=ReleaseMeta()) == "A\n\nB\n"


def test_html_time_text_localised_datetime_kept() -> None:
    page = ('<html lang="ru"><head><meta name="date" content="2019-07-09">'
            '<meta name="author" content="PEN International"></head><body>'
            '<p>Опубликовано <time datetime="2019-07-09">9 July</time>.</p></body></html>')
    out = localize(page, "html", lang="ru", meta=META,
                   translations={"PEN International": "ПЕН <Интернешнл> & Co"})
    assert '<time datetime="2019-07-09">9 июля 2019\u202fг.</time>' in out
    assert '<meta name="date" content="2019-07-09">' in out
    assert '<meta name="author" content="ПЕН &lt;Интернешнл&gt; &amp; Co">' in out
    assert 'class="dateline"' not in out  # the page shows its date already


def test_html_links_and_language_list() -> None:
    alternates = [Alternate("en", "../en/x.html"), Alternate("kk", "../kk/x.html"),
                  Alternate("x-default", "../en/x.html")]
    page = "<!DOCTYPE html>\n<html lang=\"kk\">\n<head>\n<title>T</title>\n</head>\n<body>\n" \
           "<h1>Тақырып</h1>\n<p>Мәтін.</p>\n</body>\n</html>\n"
    out = localize(page, "html", lang="kk", meta=META, alternates=alternates)
    head = out[: out.index("</head>")]
    assert '<link rel="alternate" hreflang="kk" href="../kk/x.html">' in head
    assert '<link rel="alternate" hreflang="x-default" href="../en/x.html">' in head
    assert '<meta name="date" content="2019-07-09">' in head
    body = out[out.index("<body>"):]
    assert '<a href="../en/x.html" hreflang="en" lang="en">English</a>' in body
    assert '<strong lang="kk" aria-current="page">қазақ тілі</strong>' in body
    assert ('<h1>Тақырып</h1>\n<p class="dateline"><time datetime="2019-07-09">2019\u202fж. 9 шілде'
            '</time> · <span class="byline">PEN International</span></p>') in body


def test_html_fragment_without_head_or_body() -> None:
    out = localize("<p>Un texte.</p>", "html", lang="fr", meta=ReleaseMeta(DAY),
                   alternates=[Alternate("fr", "x.html")])
    assert out.startswith('<meta name="date" content="2019-07-09">\n<link rel="alternate"')
    assert "9 juillet 2019" in out and out.rstrip().endswith("</nav>")
