"""publish: ready languages in several formats, a manifest, a zip; refusals; atomic swaps."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import l10n.check
from l10n.catalog.merge import SOURCE_DIGEST_HEADER
from l10n.catalog.pofile import read_po, write_po
from l10n.catalog.states import clear_review, mark_reviewed
from l10n.cli.publish import compile_command, publish_command
from l10n.documents.html import VOID, tokenize
from l10n.ingest import ingest
from l10n.publish import publish, run_qa
from l10n.workspace.config import Workspace, load_workspace
from l10n.workspace.errors import ConfigError, Refused, UsageError

REAL_CHECK = l10n.check.check_workspace

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "publish"
RELEASE = "kazakhstan-impunity-2019"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
NAMES = {"en": "English", "kk": "қазақ тілі", "ru": "русский", "fr": "français"}


@pytest.fixture
def sample(translated_sample: Workspace) -> Workspace:
    """The repository's sample (release, catalogs, glossary) with a date and a byline,
    its translations complete but not signed off (the tests sign off what they need)."""
    ws = translated_sample
    for lang in ("kk", "ru", "fr"):
        path = ws.po_path(RELEASE, lang)
        po = read_po(path)
        for entry in po:
            clear_review(entry)
        write_po(po, path)
    config = ws.config_file.read_text(encoding="utf-8")
    assert "require_reviewed = true" in config  # what `l10n init` writes; these tests
    config = config.replace("require_reviewed = true", "require_reviewed = false")  # review
    config += (f'\n[publish.releases.{RELEASE}]\ndate = "2019-07-09"\n'
               'byline = "PEN International"\n')
    ws.config_file.write_text(config, encoding="utf-8")
    return load_workspace(ws.config_file)


@pytest.fixture(autouse=True)
def qa(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """A stand-in QA run: its findings are whatever a test appends to this list."""
    findings: list[Any] = []
    monkeypatch.setattr(l10n.check, "check_workspace",
                        lambda ws, releases=(), langs=None: SimpleNamespace(
                            findings=list(findings), skipped=[]))
    return findings


def finding(lang: str, severity: str, *, fuzzy: bool = False) -> SimpleNamespace:
    return SimpleNamespace(file="x.po", line=1, release=RELEASE, lang=lang, msgid="m",
                           check="placeholders", severity=severity, message="bad", fuzzy=fuzzy)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def set_fuzzy(ws: Workspace, lang: str, count: int) -> None:
    path = ws.po_path(RELEASE, lang)
    po = read_po(path)
    for entry in list(po)[:count]:
        entry.flags.append("fuzzy")
    write_po(po, path)


def review_all(ws: Workspace, lang: str) -> None:
    path = ws.po_path(RELEASE, lang)
    po = read_po(path)
    for entry in po:
        mark_reviewed(entry, reviewer="Aigerim")
    write_po(po, path)


# --- the sample ---------------------------------------------------------------------------


def test_publishes_the_sample_in_every_language_and_format(sample: Workspace) -> None:
    report = publish(sample, RELEASE, formats=["md", "html", "txt"], now=NOW)
    out = sample.root / "out" / "publish"
    assert report.folder == out / RELEASE and report.archive == out / f"{RELEASE}.zip"
    assert report.exit_code == 0 and not report.refused
    assert [r.lang for r in report.published] == ["kk", "ru", "fr"]
    files = snapshot(report.folder)
    assert sorted(files) == sorted(["manifest.json"] + [
        f"{lang}/{RELEASE}.{ext}" for lang in ("en", "kk", "ru", "fr")
        for ext in ("md", "html", "txt")])
    assert sorted(p.name for p in out.iterdir()) == [RELEASE, f"{RELEASE}.zip"]  # no leftovers
    with zipfile.ZipFile(report.archive) as archive:
        assert archive.testzip() is None
        assert {n: archive.read(n) for n in archive.namelist()} == \
            {f"{RELEASE}/{k}": v for k, v in files.items()}
    kk_txt = files[f"kk/{RELEASE}.txt"].decode()
    assert kk_txt.startswith("Қазақстан: бейбіт наразылық акцияларын күшпен басудан кейінгі "
                             "жазасыздық\n\n2019\u202fж. 9 шілде\nPEN International\n\n")
    ru_md = files[f"ru/{RELEASE}.md"].decode()
    assert ru_md.startswith('---\ndate: 2019-07-09\nbyline: "PEN International"\n'
                            'date_display: "9 июля 2019\u202fг."\nlang: ru\n---\n\n# Казахстан')
    en_txt = files[f"en/{RELEASE}.txt"].decode()
    source = (sample.sources_dir / f"{RELEASE}.txt").read_text(encoding="utf-8")
    assert en_txt.replace("\n\nJuly 9, 2019\nPEN International", "", 1) == source


def test_manifest(sample: Workspace) -> None:
    review_all(sample, "fr")
    report = publish(sample, RELEASE, formats=["txt", "html"], now=NOW)
    manifest = json.loads((report.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == report.manifest
    source = sample.sources_dir / f"{RELEASE}.txt"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert manifest["source"]["sha256"] == digest == \
        read_po(sample.template_path(RELEASE)).metadata[SOURCE_DIGEST_HEADER]
    assert manifest["source"]["file"] == f"source_texts/{RELEASE}.txt"
    assert manifest["source"]["files"] == {"txt": f"en/{RELEASE}.txt", "html": f"en/{RELEASE}.html"}
    assert manifest["release"] == RELEASE and manifest["formats"] == ["txt", "html"]
    assert manifest["published_at"] == "2026-11-28T12:00:00+00:00"
    assert manifest["date"] == "2019-07-09" and manifest["byline"] == "PEN International"
    assert manifest["qa"] == {"checked": True, "errors": 0, "warnings": 0}
    assert manifest["not_published"] == []
    langs = {item["lang"]: item for item in manifest["languages"]}
    assert list(langs) == ["kk", "ru", "fr"]
    assert {code: item["name"] for code, item in langs.items()} == \
        {code: NAMES[code] for code in ("kk", "ru", "fr")}
    assert langs["kk"]["files"] == {"txt": f"kk/{RELEASE}.txt", "html": f"kk/{RELEASE}.html"}
    assert langs["kk"]["complete"] == 100.0 and langs["kk"]["entries"] == 24
    assert langs["kk"]["reviewed_share"] == 0.0 and langs["fr"]["reviewed_share"] == 100.0
    assert langs["ru"]["date_display"] == "9 июля 2019\u202fг."
    assert manifest["settings"] == {"min_complete": 100.0, "require_reviewed": False,
                                    "allow_qa_errors": False}


def test_default_formats_are_the_sources_plus_html(sample: Workspace) -> None:
    report = publish(sample, RELEASE, langs=["kk"], now=NOW)
    assert report.formats == ("txt", "html")
    assert sorted(snapshot(report.folder / "kk")) == [f"{RELEASE}.html", f"{RELEASE}.txt"]


def test_publish_table_in_config_gives_defaults(sample: Workspace, tmp_path: Path) -> None:
    text = sample.config_file.read_text(encoding="utf-8")
    sample.config_file.write_text(text.replace(
        "require_reviewed = false", 'require_reviewed = false\nformats = ["md"]\nout_dir = "site"'),
        encoding="utf-8")
    ws = load_workspace(sample.config_file)
    report = publish(ws, RELEASE, now=NOW)
    assert report.formats == ("md",) and report.folder == ws.root / "site" / RELEASE
    explicit = publish(ws, RELEASE, formats=["txt"], out_dir=tmp_path / "elsewhere", now=NOW)
    assert explicit.formats == ("txt",) and explicit.folder == tmp_path / "elsewhere" / RELEASE


# --- refusals -----------------------------------------------------------------------------


def test_language_below_threshold_is_refused_with_the_reason(sample: Workspace) -> None:
    set_fuzzy(sample, "kk", 2)
    report = publish(sample, RELEASE, now=NOW)
    assert report.exit_code == 1
    assert [r.lang for r in report.published] == ["ru", "fr"]
    (kk,) = report.refused
    assert kk.reason == ("91.7% translated (not fuzzy), below the required 100% "
                         "(2 of 24 entries missing or fuzzy)")
    assert not (report.folder / "kk").exists()
    manifest = json.loads((report.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["not_published"][0]["lang"] == "kk"
    assert manifest["not_published"][0]["reason"] == kk.reason
    assert "files" not in manifest["not_published"][0]
    html = (report.folder / "ru" / f"{RELEASE}.html").read_text(encoding="utf-8")
    assert 'hreflang="kk"' not in html and 'hreflang="fr"' in html  # no link to a missing page
    lowered = publish(sample, RELEASE, min_complete=90, now=NOW)
    assert lowered.exit_code == 0 and (lowered.folder / "kk").is_dir()


def test_qa_errors_refuse_a_language_unless_allowed(sample: Workspace, qa: list[Any]) -> None:
    qa += [finding("ru", "error"), finding("ru", "warning"), finding("fr", "warning"),
           finding("kk", "error", fuzzy=True)]  # fuzzy entries are not published anyway
    report = publish(sample, RELEASE, now=NOW)
    assert [r.lang for r in report.published] == ["kk", "fr"]
    (ru,) = report.refused
    assert ru.reason.startswith("1 QA error(s)")
    assert report.manifest["qa"] == {"checked": True, "errors": 1, "warnings": 2}
    allowed = publish(sample, RELEASE, allow_qa_errors=True, now=NOW)
    assert allowed.exit_code == 0 and [r.lang for r in allowed.published] == ["kk", "ru", "fr"]
    assert {r.lang: r.qa.errors for r in allowed.published} == {"kk": 0, "ru": 1, "fr": 0}


def test_qa_result_object_with_findings(sample: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(l10n.check, "check_workspace",
                        lambda ws, releases=(), langs=None: SimpleNamespace(
                            findings=[finding("kk", "error"), finding("kk", "warning"),
                                      SimpleNamespace(**{**vars(finding("kk", "error")),
                                                         "release": "other"})],
                            skipped=[]))
    summary = run_qa(sample, RELEASE, ["kk", "ru"])
    assert summary is not None
    assert (summary["kk"].errors, summary["kk"].warnings, summary["ru"].errors) == (1, 1, 0)


def test_with_the_real_qa_module(sample: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(l10n.check, "check_workspace", REAL_CHECK)
    result = REAL_CHECK(sample, releases=(RELEASE,))
    findings = list(getattr(result, "findings", result))
    report = publish(sample, RELEASE, now=NOW, allow_qa_errors=True)
    assert report.manifest["qa"]["checked"] is True
    assert report.manifest["qa"]["warnings"] == sum(f.severity == "warning" for f in findings)
    assert report.manifest["qa"]["errors"] == sum(f.severity == "error" and not f.fuzzy
                                                  for f in findings)


def test_require_reviewed(sample: Workspace) -> None:
    out = sample.root / "out" / "publish"
    with pytest.raises(Refused, match="no language is ready") as caught:
        publish(sample, RELEASE, require_reviewed=True, now=NOW)
    assert "kk: 24 of 24 entries not reviewed (--require-reviewed)" in str(caught.value)
    assert not out.exists() or not any(out.iterdir())  # nothing written
    review_all(sample, "kk")
    report = publish(sample, RELEASE, require_reviewed=True, now=NOW)
    assert [r.lang for r in report.published] == ["kk"]
    assert [r.lang for r in report.refused] == ["ru", "fr"]
    assert report.published[0].reviewed_share == 100.0


def test_nothing_ready_keeps_the_previous_publication(sample: Workspace) -> None:
    first = publish(sample, RELEASE, now=NOW)
    before = snapshot(first.folder.parent)
    for lang in ("kk", "ru", "fr"):
        set_fuzzy(sample, lang, 1)
    with pytest.raises(Refused):
        publish(sample, RELEASE, now=NOW)
    assert snapshot(first.folder.parent) == before


def test_usage_errors(sample: Workspace) -> None:
    with pytest.raises(UsageError, match="unknown format 'pdf'"):
        publish(sample, RELEASE, formats=["pdf"])
    with pytest.raises(UsageError, match="--min-complete"):
        publish(sample, RELEASE, min_complete=150)
    with pytest.raises(UsageError, match="no release 'nope'"):
        publish(sample, "nope")
    with pytest.raises(UsageError, match="not a target language"):
        publish(sample, RELEASE, langs=["de"])
    text = sample.config_file.read_text(encoding="utf-8")
    sample.config_file.write_text(text.replace("require_reviewed = false",
                                               'require_reviewed = false\nformat = "md"'),
                                  encoding="utf-8")
    with pytest.raises(ConfigError, match=r"publish\.format: unknown setting"):
        publish(load_workspace(sample.config_file), RELEASE)


# --- atomicity ----------------------------------------------------------------------------


def test_failure_mid_publish_leaves_nothing_and_keeps_the_previous_one(
        sample: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    import l10n.publish as module

    first = publish(sample, RELEASE, formats=["txt"], now=NOW)
    out = first.folder.parent
    before = snapshot(out)
    set_fuzzy(sample, "kk", 24)  # the next publication would differ
    real_write = module._write
    calls = {"n": 0}

    def failing_write(path: Path, data: str | bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(module, "_write", failing_write)
    with pytest.raises(OSError, match="No space left"):
        publish(sample, RELEASE, formats=["md", "html"], min_complete=0, now=NOW)
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == [RELEASE, f"{RELEASE}.zip"]


@pytest.mark.parametrize("exchange", [True, False])
@pytest.mark.parametrize("failing_call", [1, 2, 3])
def test_failed_swap_restores_the_previous_publication(
        sample: Workspace, monkeypatch: pytest.MonkeyPatch, failing_call: int,
        exchange: bool) -> None:
    """Renames: zip in (1); the folders exchanged (2), or, where the system cannot exchange
    them, old folder aside (2) and new folder in (3)."""
    import l10n.publish as module

    first = publish(sample, RELEASE, formats=["txt"], now=NOW)
    out = first.folder.parent
    before = snapshot(out)
    real_rename, real_exchange = module._rename, module._exchange
    calls = {"n": 0}

    def counted(real: Any) -> Any:
        def call(*args: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == failing_call:
                raise OSError(5, "Input/output error")
            return real(*args)
        return call

    monkeypatch.setattr(module, "_rename", counted(real_rename))
    monkeypatch.setattr(module, "_exchange", counted(real_exchange) if exchange
                        else lambda a, b: False)
    if exchange and failing_call == 3:  # no third step: the publication goes through
        publish(sample, RELEASE, formats=["html"], now=NOW)
        assert snapshot(out) != before
    else:
        with pytest.raises(OSError):
            publish(sample, RELEASE, formats=["html"], now=NOW)
        assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == [RELEASE, f"{RELEASE}.zip"]


def test_republishing_replaces_the_whole_publication(sample: Workspace) -> None:
    first = publish(sample, RELEASE, formats=["txt", "md"], now=NOW)
    stale = first.folder.parent / f".{RELEASE}.publish-killed"  # a run killed mid-way
    (stale / RELEASE).mkdir(parents=True)
    report = publish(sample, RELEASE, langs=["kk"], formats=["html"], now=NOW)
    assert sorted(snapshot(report.folder)) == ["en/" + f"{RELEASE}.html", "kk/" + f"{RELEASE}.html",
                                               "manifest.json"]
    with zipfile.ZipFile(report.archive) as archive:
        assert len(archive.namelist()) == 3
    assert sorted(p.name for p in report.folder.parent.iterdir()) == [RELEASE, f"{RELEASE}.zip"]


# --- HTML ---------------------------------------------------------------------------------


class _StrictParser(HTMLParser):
    """Collects problems: unbalanced or misnested elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unexpected </{tag}> (open: {self.stack})")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> _StrictParser:
    parser = _StrictParser()
    parser.feed(text)
    parser.close()
    assert not parser.problems and not parser.stack, (parser.problems, parser.stack)
    return parser


def test_published_html_is_valid_and_linked(sample: Workspace) -> None:
    path = sample.po_path(RELEASE, "kk")
    po = read_po(path)
    po[1].msgstr = "Жаңалықтар <script>alert('x')</script> & «бостандық»"
    write_po(po, path)
    report = publish(sample, RELEASE, formats=["html"], now=NOW)
    for lang in ("en", "kk", "ru", "fr"):
        text = (report.folder / lang / f"{RELEASE}.html").read_text(encoding="utf-8")
        parsed = parse_html(text)
        assert ("html", {"lang": lang, "dir": "ltr"}) in parsed.starts
        links = {a["hreflang"]: a["href"] for tag, a in parsed.starts
                 if tag == "link" and a.get("rel") == "alternate"}
        assert links == {code: f"../{code}/{RELEASE}.html"
                         for code in ("en", "kk", "ru", "fr", "x-default")} | \
            {"x-default": f"../en/{RELEASE}.html"}
        names = [a.get("lang") for tag, a in parsed.starts if tag in ("a", "strong")
                 and a.get("lang")]
        assert names == ["en", "kk", "ru", "fr"]
        for code, name in NAMES.items():
            assert name in "".join(parsed.text)
        for link in links.values():
            assert (report.folder / lang / link).resolve().is_file()
        tokens = tokenize(text)
        assert [t.name for t in tokens if t.kind == "start" and t.name == "script"] == []
    kk = (report.folder / "kk" / f"{RELEASE}.html").read_text(encoding="utf-8")
    assert "Жаңалықтар &lt;script&gt;alert('x')&lt;/script&gt; &amp; «бостандық»" in kk
    assert "<script>" in "".join(parse_html(kk).text)  # shown to readers, not run
    assert '<time datetime="2019-07-09">2019\u202fж. 9 шілде</time>' in kk


def _translate_all(ws: Workspace, release: str, lang: str, prefix: str) -> None:
    path = ws.po_path(release, lang)
    po = read_po(path)
    for entry in po:
        entry.msgstr = entry.msgid if entry.msgid == "PEN International" \
            else f"{prefix} {entry.msgid}"
    write_po(po, path)


@pytest.mark.parametrize("name", ["statement.md", "statement.html"])
def test_markdown_and_html_releases_carry_their_metadata(sample: Workspace, name: str) -> None:
    ingest(sample, [DATA / name], now=NOW)
    release = "statement"
    for lang in ("kk", "ru", "fr"):
        _translate_all(sample, release, lang, f"[{lang}]")
    path = sample.po_path(release, "ru")
    po = read_po(path)
    for entry in po:
        if entry.msgid == "PEN International":
            entry.msgstr = "ПЕН Интернешнл"
    write_po(po, path)
    report = publish(sample, release, formats=["md", "html"], now=NOW)
    assert report.exit_code == 0
    assert report.manifest["date"] == "2019-07-09"
    ru_md = (report.folder / "ru" / "statement.md").read_text(encoding="utf-8")
    ru_html = (report.folder / "ru" / "statement.html").read_text(encoding="utf-8")
    fr_html = (report.folder / "fr" / "statement.html").read_text(encoding="utf-8")
    assert "date: 2019-07-09\n" in ru_md and 'date_display: "9 июля 2019\u202fг."' in ru_md
    assert "lang: ru\n" in ru_md
    for text in (ru_html, fr_html):
        parse_html(text)
    assert '<time datetime="2019-07-09">9 juillet 2019</time>' in fr_html
    assert '<meta name="date" content="2019-07-09">' in ru_html
    if name.endswith(".html"):  # the byline is a sentence of the page: translated
        assert '<meta name="author" content="ПЕН Интернешнл">' in ru_html
        assert '<meta name="author" content="PEN International">' in fr_html
        assert "<p>[ru] Published on <time" in ru_html
    else:  # the byline is a name and stays as written; the page title is translated
        assert 'byline: PEN International' in ru_md
        assert 'title: "[ru] Journalists detained in Almaty"' in ru_md


# --- the command line ---------------------------------------------------------------------


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()
    app.command("publish")(publish_command)
    app.command("compile")(compile_command)
    return app


def test_publish_command(app: typer.Typer, sample: Workspace) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["publish", RELEASE, "--formats", "md,html,txt",
                                 "-w", str(sample.root)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith(
        "kk: published md, html, txt (100.0% translated, 0.0% reviewed, 0 QA errors")
    out = sample.root / "out" / "publish"
    assert (out / f"{RELEASE}.zip").is_file() and (out / RELEASE / "manifest.json").is_file()
    assert result.stdout.splitlines()[-1] == f"{out / RELEASE} and {out / RELEASE}.zip"
    set_fuzzy(sample, "fr", 3)
    refused = runner.invoke(app, ["publish", RELEASE, "-l", "fr", "-l", "kk", "-o",
                                  str(sample.root / "site"), "-w", str(sample.root)])
    assert refused.exit_code == 1
    assert "fr: not published: 87.5% translated (not fuzzy)" in refused.stderr
    assert (sample.root / "site" / RELEASE / "kk").is_dir()
    none = runner.invoke(app, ["publish", RELEASE, "-l", "fr", "-w", str(sample.root)])
    assert none.exit_code == 1 and "no language is ready" in none.stderr
    lowered = runner.invoke(app, ["publish", RELEASE, "-l", "fr", "--min-complete", "80",
                                  "-w", str(sample.root)])
    assert lowered.exit_code == 0
    bad = runner.invoke(app, ["publish", RELEASE, "--formats", "pdf", "-w", str(sample.root)])
    assert bad.exit_code == 2 and "unknown format 'pdf'" in bad.stderr


def test_publish_command_flags(app: typer.Typer, sample: Workspace, qa: list[Any]) -> None:
    qa.append(finding("kk", "error"))
    runner = CliRunner()
    result = runner.invoke(app, ["publish", RELEASE, "--require-reviewed", "-w",
                                 str(sample.root)])
    assert result.exit_code == 1 and result.stdout == ""
    assert ("kk: 24 of 24 entries not reviewed (--require-reviewed); 1 QA error(s)"
            in result.stderr)
    allowed = runner.invoke(app, ["publish", RELEASE, "--allow-qa-errors", "-l", "kk", "-w",
                                  str(sample.root)])
    assert allowed.exit_code == 0 and "1 QA errors" in allowed.stdout


def test_help_has_an_example(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["publish", "--help"])
    assert result.exit_code == 0
    assert "Example: l10n publish kazakhstan-impunity-2019 --formats md,html,txt" in result.stdout
    compiled = CliRunner().invoke(app, ["compile", "--help"])
    assert compiled.exit_code == 0 and "Example: l10n compile" in compiled.stdout
