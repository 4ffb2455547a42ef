"""The dashboard's findings: grouped by release and language, translation beside source,
a table of contents, collapsible sections, confirmed translations before suggestions."""

from __future__ import annotations

from html.parser import HTMLParser

from l10n.dashboard import render_dashboard
from l10n.qa.runner import Finding
from l10n.status import StatusRow
from tests.test_dashboard import GENERATED

KK = "locales/kk/LC_MESSAGES/spring.po"
RU = "locales/ru/LC_MESSAGES/spring.po"
MSGSTR_SCRIPT = "<script>document.body.setAttribute('data-pwned','2')</script>Жалған аударма"


def row(release: str, lang: str) -> StatusRow:
    return StatusRow(release, lang, entries=4, words=20, translated=3, fuzzy=1,
                     untranslated=0, translated_words=15, fuzzy_words=5, qa_errors=0,
                     qa_warnings=0)


def findings() -> list[Finding]:
    return [
        Finding(KK, 40, "spring", "kk", "Protests on 9 June.", "numbers", "warning",
                "date '9 June' not found", fuzzy=True, translation="Наразылық 19 маусым."),
        Finding(KK, 12, "spring", "kk", "PEN International said.", "glossary", "error",
                "'PEN International' must be kept as is", translation=MSGSTR_SCRIPT),
        Finding(KK, 30, "spring", "kk", "Two <b>bold</b> words.", "punctuation", "warning",
                "ends without '.'", translation="Екі сөз"),
        Finding(KK, 20, "spring", "kk", "It was 71%.", "numbers", "error", "71 not found",
                accepted=True, translation="Бұл 17 % болды."),
        Finding(RU, 25, "spring", "ru", "Quote “this”.", "quotes", "warning",
                "use « »", translation="Цитата “это”."),
        Finding("locales/ru/LC_MESSAGES/autumn.po", 9, "autumn", "ru", "A & B.",
                "double-spaces", "warning", "two spaces", fuzzy=True,
                translation="А  и Б."),
    ]


def page() -> str:
    rows = [row("spring", "kk"), row("spring", "ru"), row("autumn", "ru")]
    return render_dashboard(rows, findings(), title="t", generated=GENERATED)


class Tree(HTMLParser):
    """Elements with their attributes, parent and text."""

    VOID = {"meta", "br", "hr", "img", "input", "link"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.nodes: list[dict] = []
        self.stack: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = {"tag": tag, "attrs": dict(attrs), "parent": self.stack[-1] if self.stack
                else None, "text": [], "children": []}
        if self.stack:
            self.stack[-1]["children"].append(node)
        self.nodes.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data: str) -> None:
        for node in self.stack:
            node["text"].append(data)

    def find(self, tag: str, **attrs: str) -> list[dict]:
        return [n for n in self.nodes if n["tag"] == tag
                and all(attrs[k] in (n["attrs"].get(k.rstrip("_")) or "").split()
                        for k in attrs)]

    @staticmethod
    def text(node: dict) -> str:
        return " ".join("".join(node["text"]).split())

    def by_id(self, ident: str) -> dict:
        (node,) = [n for n in self.nodes if n["attrs"].get("id") == ident]
        return node


def inside(node: dict, ancestor: dict) -> bool:
    while node is not None:
        if node is ancestor:
            return True
        node = node["parent"]
    return False


def test_contents_link_to_every_release_and_language_with_findings() -> None:
    tree = Tree(page())
    ids = [n["attrs"]["id"] for n in tree.nodes if "id" in n["attrs"]]
    assert len(ids) == len(set(ids))
    (nav,) = tree.find("nav")
    links = [(a["attrs"]["href"], Tree.text(a)) for a in tree.find("a")]
    assert all(inside(a, nav) for a in tree.find("a"))
    assert all(href.startswith("#") and href[1:] in ids for href, _ in links), links
    targets = {href[1:] for href, _ in links}
    assert {"summary", "release-spring", "release-autumn", "findings:spring:kk",
            "findings:spring:ru", "findings:autumn:ru"} <= targets
    toc = Tree.text(nav)
    assert "Kazakh (kk): 2 errors (1 accepted), 1 warning; 1 on suggestions" in toc


def test_findings_grouped_by_release_then_language_in_collapsible_sections() -> None:
    tree = Tree(page())
    kk = tree.by_id("findings:spring:kk")
    assert kk["tag"] == "details" and "open" in kk["attrs"]
    assert inside(kk, tree.by_id("release-spring"))
    rows = [r for r in tree.find("tr", class_="finding") if inside(r, kk)]
    assert len(rows) == 4 and all(KK in Tree.text(r) for r in rows)
    assert all(RU not in Tree.text(r) for r in rows)
    autumn = tree.by_id("findings:autumn:ru")
    assert inside(autumn, tree.by_id("release-autumn"))
    (summary,) = [c for c in kk["children"] if c["tag"] == "summary"]
    assert Tree.text(summary) == ("Kazakh (kk): 2 errors (1 accepted), 1 warning on "
                                  "confirmed translations; 1 finding on unconfirmed suggestions")


def test_translations_first_then_suggestions_collapsed() -> None:
    tree = Tree(page())
    kk = tree.by_id("findings:spring:kk")
    lines = [Tree.text(r.get("children")[0]) for r in tree.find("tr", class_="finding")
             if inside(r, kk)]
    # Errors, then warnings, then accepted ones; the suggestion's finding last.
    assert lines == [
        f"{KK}:12: error [glossary] 'PEN International' must be kept as is",
        f"{KK}:30: warning [punctuation] ends without '.'",
        f"{KK}:20: error [numbers] 71 not found (accepted)",
        f"{KK}:40: warning [numbers] date '9 June' not found (fuzzy)"]
    (nested,) = [d for d in tree.find("details", class_="suggestions") if inside(d, kk)]
    assert "open" not in nested["attrs"]
    suggestion = [r for r in tree.find("tr", class_="finding") if inside(r, nested)]
    assert len(suggestion) == 1 and "9 June" in Tree.text(suggestion[0])
    autumn = tree.by_id("findings:autumn:ru")
    assert "No findings on confirmed translations." in Tree.text(autumn)


def test_the_translation_stands_next_to_its_source() -> None:
    tree = Tree(page())
    (first,) = [r for r in tree.find("tr", class_="finding") if ":12: error" in Tree.text(r)]
    cells = [c for c in first["children"] if c["tag"] == "td"]
    assert [c["attrs"].get("class") for c in cells] == ["what", "text source", "text target"]
    assert Tree.text(cells[1]) == "PEN International said."
    assert Tree.text(cells[2]) == " ".join(MSGSTR_SCRIPT.split())
    assert (cells[1]["attrs"]["lang"], cells[2]["attrs"]["lang"]) == ("en", "kk")
    heads = [Tree.text(th) for th in tree.find("th")]
    assert heads[:3] == ["Finding", "Source", "Translation"]


def test_everything_from_the_catalogs_is_escaped() -> None:
    html = page()
    assert "<script" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;document.body.setAttribute(&#x27;data-pwned&#x27;,&#x27;2&#x27;)" \
        in html
    assert "Two &lt;b&gt;bold&lt;/b&gt; words." in html
