"""Published pages through the Jinja2 template: the default page, a workspace's own
template, escaping, the language switcher, and template errors (file:line, exit 2,
nothing written)."""

from __future__ import annotations

import fnmatch
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from l10n.catalog.pofile import read_po, write_po
from l10n.documents.html import tokenize
from l10n.documents.page import DEFAULT_TEMPLATE, language_info
from l10n.publish import publish
from l10n.workspace.config import Workspace
from l10n.workspace.errors import ConfigError
from l10n.workspace.fsutil import display_path
from tests.publish.conftest import NOW, RELEASE, cli, set_publish, snapshot

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "kk", "ru", "fr")
NAMES = {"en": "English", "kk": "қазақ тілі", "ru": "русский", "fr": "français"}
DATES = {"en": "July 9, 2019", "kk": "2019\u202fж. 9 шілде", "ru": "9 июля 2019\u202fг.",
         "fr": "9 juillet 2019"}


class Page(HTMLParser):
    """Start tags with their attributes, the text, and the text of <title>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.title = ""
        self._in: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, {k: v or "" for k, v in attrs}))
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in and self._in[-1] == "title":
            self.title += data

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.starts if name == tag]

    def meta(self, name: str) -> str | None:
        return next((a.get("content") for a in self.all("meta") if a.get("name") == name), None)


def title_of(ws: Workspace, lang: str) -> str:
    if lang == "en":
        return "Kazakhstan: Impunity Following Crackdown on Peaceful Protests"
    return next(e.msgstr for e in read_po(ws.po_path(RELEASE, lang)) if e.comment.splitlines()[0] == "title")


def page(report_folder: Path, lang: str) -> str:
    return (report_folder / lang / f"{RELEASE}.html").read_text(encoding="utf-8")


def test_default_page_in_every_language(sample: Workspace) -> None:
    report = publish(sample, RELEASE, formats=["html"], now=NOW)
    for lang in LANGS:
        text = page(report.folder, lang)
        doc = Page(text)
        assert doc.all("html") == [{"lang": lang, "dir": "ltr"}]
        assert {"charset": "utf-8"} in doc.all("meta")
        assert doc.meta("viewport") == "width=device-width, initial-scale=1"
        assert doc.title == title_of(sample, lang)
        assert doc.meta("date") == "2019-07-09" and doc.meta("author") == "PEN International"
        assert doc.meta("l10n-translated") == "24/24" and doc.meta("l10n-reviewed") == "24/24"
        assert doc.meta("l10n-source") == f"source_texts/{RELEASE}.txt"
        assert doc.meta("generator", ).startswith("l10n ")  # type: ignore[union-attr]
        assert f'<time datetime="2019-07-09">{DATES[lang]}</time>' in text
        assert "max-width: 38em" in text
        assert 'font-family: "Noto Sans", "PT Sans", "DejaVu Sans", Arial, sans-serif' in text
        # The body is the release as exported, after the switcher.
        h1 = text.index("<h1>")
        assert text.index('<nav class="l10n-languages"') < h1
        assert text[h1:].startswith(f"<h1>{title_of(sample, lang)}</h1>")


def test_language_switcher_links_every_version_and_marks_the_current(
        sample: Workspace) -> None:
    report = publish(sample, RELEASE, formats=["html", "txt"], now=NOW)
    for lang in LANGS:
        here = report.folder / lang / f"{RELEASE}.html"
        doc = Page(here.read_text(encoding="utf-8"))
        links = [a for a in doc.all("a") if a.get("hreflang")]
        assert [a["lang"] for a in links] == list(LANGS)
        assert [a.get("aria-current") for a in links] == \
            ["page" if code == lang else None for code in LANGS]
        for link in links:  # each leads to that language's page of this publication
            target = (here.parent / link["href"]).resolve()
            assert target.is_file() and target.suffix == ".html"
            assert Page(target.read_text(encoding="utf-8")).all("html")[0]["lang"] \
                == link["hreflang"]
        alternates = {a["hreflang"]: a["href"] for a in doc.all("link")
                      if a.get("rel") == "alternate"}
        assert alternates == {code: f"../{code}/{RELEASE}.html" for code in LANGS} | \
            {"x-default": f"../en/{RELEASE}.html"}
        text = "".join(doc.text)
        assert all(name in text for name in NAMES.values())


def test_switcher_leaves_out_a_language_not_published(sample: Workspace) -> None:
    po_path = sample.po_path(RELEASE, "ru")
    po = read_po(po_path)
    po[3].flags.append("fuzzy")
    write_po(po, po_path)
    report = publish(sample, RELEASE, formats=["html"], now=NOW)
    assert [r.lang for r in report.refused] == ["ru"]
    doc = Page(page(report.folder, "kk"))
    assert [a["lang"] for a in doc.all("a") if a.get("hreflang")] == ["en", "kk", "fr"]


def test_a_title_or_byline_with_markup_is_escaped(sample: Workspace) -> None:
    po_path = sample.po_path(RELEASE, "kk")
    po = read_po(po_path)
    (title,) = [e for e in po if e.comment.splitlines()[0] == "title"]
    title.msgstr = "Қазақстан <script>alert('x')</script> & «жазасыздық»"
    write_po(po, po_path)
    ws = sample
    text = ws.config_file.read_text(encoding="utf-8").replace(
        'byline = "PEN International"', "byline = \"PEN <b onclick='x'>International</b>\"")
    ws.config_file.write_text(text, encoding="utf-8")
    report = publish(set_publish(ws), RELEASE, formats=["html"], now=NOW,
                     require_reviewed=False)  # the title changed since its review
    kk = page(report.folder, "kk")
    assert ("<title>Қазақстан &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
            "«жазасыздық»</title>") in kk
    assert [t for t in tokenize(kk) if t.kind == "start" and t.name in ("script", "b")] == []
    doc = Page(kk)
    assert doc.title == title.msgstr  # shown to the reader as written, never run
    assert doc.meta("author") == "PEN <b onclick='x'>International</b>"
    assert "PEN <b onclick='x'>International</b>" in "".join(doc.text)


CUSTOM = """\
<!DOCTYPE html>
<html lang="{{ language.tag }}" dir="{{ language.dir }}"><head><title>{{ title }}</title></head>
<body>
{{ date.display }} | {{ date.iso }} | {{ byline }} | {{ language.code }} {{ language.name }} ({{ language.english_name }})
{% for v in languages %}[{{ v.code }} {{ v.name }} {{ v.href }}{% if v.current %} *{% endif %}{% if v.source %} source{% endif %}]{% endfor %}
{% for a in alternates %}<{{ a.hreflang }}={{ a.href }}>{% endfor %}
{{ meta.release }} {{ meta.source_file }} {{ meta.translated }}/{{ meta.entries }} {{ meta.reviewed }} {{ meta.published_at }}
{% include "footer.html" %}
{{ body }}</body></html>
"""


def test_a_workspace_template_gets_every_variable(sample: Workspace) -> None:
    folder = sample.root / "templates"
    folder.mkdir()
    (folder / "release.html").write_text(CUSTOM, encoding="utf-8")
    (folder / "footer.html").write_text("<footer>{{ meta.generator }}</footer>\n",
                                        encoding="utf-8")
    ws = set_publish(sample, template='"templates/release.html"')
    report = publish(ws, RELEASE, formats=["html"], now=NOW)
    kk = page(report.folder, "kk")
    head, body = kk.split("<h1>", 1)
    ref = f"../{{}}/{RELEASE}.html"
    assert head == (
        '<!DOCTYPE html>\n<html lang="kk" dir="ltr"><head>'
        f"<title>{title_of(ws, 'kk')}</title></head>\n<body>\n"
        "2019\u202fж. 9 шілде | 2019-07-09 | PEN International | kk қазақ тілі (Kazakh)\n"
        f"[en English {ref.format('en')} source][kk қазақ тілі {ref.format('kk')} *]"
        f"[ru русский {ref.format('ru')}][fr français {ref.format('fr')}]\n"
        f"<en={ref.format('en')}><kk={ref.format('kk')}><ru={ref.format('ru')}>"
        f"<fr={ref.format('fr')}><x-default={ref.format('en')}>\n"
        f"{RELEASE} source_texts/{RELEASE}.txt 24/24 24 2026-12-06T09:30:00+00:00\n"
        "<footer>l10n 0.1.0</footer>\n\n")
    assert body.startswith(f"{title_of(ws, 'kk')}</h1>\n")
    assert body.endswith("</p>\n</body></html>\n")


def test_template_false_publishes_the_export_as_it_is(sample: Workspace) -> None:
    report = publish(set_publish(sample, template="false"), RELEASE, formats=["html"],
                     now=NOW)
    kk = page(report.folder, "kk")
    assert 'name="viewport"' not in kk and "<style>" not in kk
    assert '<nav class="l10n-languages"><ul>' in kk  # the plain language list
    assert Page(kk).all("html") == [{"lang": "kk"}]


BAD = [
    ("syntax", "<html>\n<title>{{ title }}</title>\n{% if %}\n</html>\n", 3,
     "template syntax error: Expected an expression, got 'end of statement block'"),
    ("undefined", "<html>\n<p>{{ titel }}</p>\n", 2, "template error: 'titel' is undefined"),
    ("attribute", "{{ title }}\n\n{{ language.nom }}\n", 3,
     "template error: 'dict object' has no attribute 'nom'"),
    ("include", "{{ title }}\n{% include 'missing.html' %}\n", 2,
     "template error: missing.html not found (next to release.html)"),
    ("unclosed", "{% for v in languages %}\n{{ v.name }}\n", 2,
     "template syntax error: Unexpected end of template. Jinja was looking for the "
     "following tags: 'endfor' or 'else'. The innermost block that needs to be closed is "
     "'for'."),
]


@pytest.mark.parametrize("name,template,line,message", BAD, ids=[b[0] for b in BAD])
def test_a_template_error_is_one_line_and_writes_nothing(
        sample: Workspace, name: str, template: str, line: int, message: str) -> None:
    first = cli(sample, "publish", RELEASE)
    assert first.exit_code == 0, first.output
    out = sample.root / "out" / "publish"
    before = snapshot(out)
    path = sample.root / "templates" / "release.html"
    path.parent.mkdir()
    path.write_text(template, encoding="utf-8")
    set_publish(sample, template='"templates/release.html"')
    result = cli(sample, "publish", RELEASE)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"Error: {display_path(path)}:{line}: {message}\n"
    assert result.stdout == ""
    assert snapshot(out) == before
    every = cli(sample, "publish", "--all")  # the same for every release at once
    assert every.exit_code == 2 and every.stderr == result.stderr
    assert snapshot(out) == before


def test_a_missing_or_wrong_template_setting_is_refused(sample: Workspace) -> None:
    ws = set_publish(sample, template='"templates/nope.html"')
    result = cli(ws, "publish", RELEASE)
    assert result.exit_code == 2
    missing = display_path(sample.root / "templates" / "nope.html")
    assert result.stderr == (f"Error: {missing}: no such template file "
                             f"({ws.config_file}: publish.template)\n")
    assert not (sample.root / "out").exists()
    with pytest.raises(ConfigError, match=r"publish\.template: expected a template path"):
        publish(set_publish(sample, template="3"), RELEASE)


def test_the_default_template_is_package_data() -> None:
    """A non-editable install has it: pyproject's package-data names every file of
    l10n/templates/ (a wheel built from this tree was checked to hold it)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["l10n"]
    files = [p.relative_to(ROOT / "l10n").as_posix()
             for p in (ROOT / "l10n" / "templates").iterdir()]
    assert DEFAULT_TEMPLATE.parent == ROOT / "l10n" / "templates"
    assert files and all(any(fnmatch.fnmatch(f, g) for g in globs) for f in files)


def test_language_direction_and_names() -> None:
    assert language_info("ar")["dir"] == "rtl" and language_info("kk")["dir"] == "ltr"
    assert language_info("pt_BR")["tag"] == "pt-BR"
    assert {lang: language_info(lang)["name"] for lang in LANGS} == NAMES
