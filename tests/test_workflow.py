"""The coordinator's workflow through the CLI: init, ingest, status, export, and bad input."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.workspace.config import Workspace, find_workspace
from l10n.workspace.fsutil import workspace_lock
from tests.conftest import SAMPLE, snapshot

RELEASE = SAMPLE.stem
needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")


def run(runner: CliRunner, ws: Workspace, *args: str) -> object:
    return runner.invoke(app, [*args, "--workspace", str(ws.root)]
                         if args[0] not in ("init",) else list(args))


def translate_all(ws: Workspace, lang: str, make: object = None, *, fuzzy: bool = False) -> None:
    """Fill a PO file as a translator would (through polib, saved as Poedit would)."""
    path = ws.po_path(RELEASE, lang)
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = make(entry.msgid) if callable(make) else f"«{lang}» {entry.msgid}"
        if fuzzy:
            entry.flags.append("fuzzy")
    po.save(str(path))


def test_init_validates_language_codes(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "w"), "--targets", "kk,xx"])
    assert result.exit_code == 2
    assert "unknown language code 'xx'" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "w" / "l10n.toml").exists()
    result = runner.invoke(app, ["init", str(tmp_path / "w"), "--targets", "kk,ru,fr"])
    assert result.exit_code == 0, result.output
    ws = find_workspace(tmp_path / "w" / "source_texts")
    assert ws.targets == ("kk", "ru", "fr") and ws.source == "en"


def test_this_repository_is_a_workspace() -> None:
    ws = find_workspace(SAMPLE.parent)
    assert ws.targets == ("kk", "ru", "fr") and ws.sources_dir == SAMPLE.parent


def test_ingest_creates_template_and_catalogs(runner: CliRunner, workspace: Workspace) -> None:
    result = run(runner, workspace, "ingest")
    assert result.exit_code == 0, result.output
    assert f"{RELEASE}: 24 segments" in result.stdout
    pot = polib.pofile(str(workspace.template_path(RELEASE)))
    assert len(pot) == 24
    first = pot[0]
    assert first.occurrences == [(f"source_texts/{SAMPLE.name}", "1")]
    assert first.comment == "title"
    for lang in workspace.targets:
        po = polib.pofile(str(workspace.po_path(RELEASE, lang)))
        assert po.metadata["Language"] == lang
        assert [e.msgid for e in po] == [e.msgid for e in pot]


@needs_gettext
def test_catalogs_pass_msgfmt_check(runner: CliRunner, workspace: Workspace) -> None:
    assert run(runner, workspace, "ingest").exit_code == 0
    translate_all(workspace, "ru")
    assert run(runner, workspace, "ingest").exit_code == 0  # rewrites ru in our format
    files = [workspace.template_path(RELEASE),
             *(workspace.po_path(RELEASE, lang) for lang in workspace.targets)]
    for path in files:
        proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        if path.suffix == ".po":
            assert proc.stderr == ""
        else:  # a template has no language yet, as xgettext's: the one warning expected
            assert "'Language' still has the initial default value" in proc.stderr


def test_rerun_on_unchanged_release_writes_nothing(runner: CliRunner,
                                                   workspace: Workspace) -> None:
    assert run(runner, workspace, "ingest").exit_code == 0
    before = {p: p.stat().st_mtime_ns for p in workspace.locales_dir.rglob("*.po*")}
    result = run(runner, workspace, "ingest")
    assert result.exit_code == 0 and f"{RELEASE}: unchanged" in result.stdout
    assert before == {p: p.stat().st_mtime_ns for p in workspace.locales_dir.rglob("*.po*")}


def test_unchanged_release_is_not_even_parsed(runner: CliRunner, workspace: Workspace,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(runner, workspace, "ingest").exit_code == 0

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed an unchanged release")

    monkeypatch.setattr("l10n.ingest.parse_document", fail)
    monkeypatch.setattr("l10n.ingest.parse_po", fail)
    result = run(runner, workspace, "ingest")
    assert result.exit_code == 0, result.output


def test_revised_release_keeps_every_translation(runner: CliRunner,
                                                 workspace: Workspace) -> None:
    assert run(runner, workspace, "ingest").exit_code == 0
    translate_all(workspace, "fr")
    source = workspace.sources_dir / SAMPLE.name
    text = source.read_text(encoding="utf-8")
    text = text.replace("Tokayev was elected with 71% of the vote.",
                        "Tokayev was elected with 70.8% of the vote.")
    text = text.replace("Background information\n\n", "")
    source.write_text(text, encoding="utf-8")
    result = run(runner, workspace, "ingest")
    assert result.exit_code == 0, result.output
    po = polib.pofile(str(workspace.po_path(RELEASE, "fr")))
    changed = po.find("Tokayev was elected with 70.8% of the vote.")
    assert "fuzzy" in changed.flags
    assert changed.previous_msgid == "Tokayev was elected with 71% of the vote."
    assert changed.msgstr == "«fr» Tokayev was elected with 71% of the vote."
    removed = [e for e in po.obsolete_entries()]
    assert [e.msgid for e in removed] == ["Background information"]
    assert removed[0].msgstr == "«fr» Background information"


def test_translator_files_from_other_editors_survive(runner: CliRunner,
                                                     workspace: Workspace) -> None:
    """A PO file saved with CRLF, no wrapping, extra headers and reordered entries."""
    assert run(runner, workspace, "ingest").exit_code == 0
    path = workspace.po_path(RELEASE, "kk")
    po = polib.pofile(str(path), wrapwidth=0)
    po.metadata["X-Generator"] = "Poedit 3.4.2"
    po.metadata["Last-Translator"] = "Aigerim <a@example.org>"
    entries = list(po)
    for entry in entries:
        entry.msgstr = "ҚАЗ " + entry.msgid
        entry.tcomment = "Translator's note"
    entries[3].flags.append("fuzzy")
    po[:] = list(reversed(entries))
    path.write_bytes(po.__unicode__().replace("\n", "\r\n").encode("utf-8"))
    assert run(runner, workspace, "ingest").stdout == f"{RELEASE}: unchanged\n"
    assert path.read_bytes().count(b"\r\n") > 100  # a current file is left as it was saved
    source = workspace.sources_dir / SAMPLE.name
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing line.\n",
                      encoding="utf-8")
    result = run(runner, workspace, "ingest")
    assert result.exit_code == 0, result.output
    merged = polib.pofile(str(path))
    assert merged.metadata["X-Generator"] == "Poedit 3.4.2"
    assert merged.metadata["Last-Translator"] == "Aigerim <a@example.org>"
    assert merged.find("A new closing line.").msgstr == ""
    old = [e for e in merged if e.msgid != "A new closing line."]
    assert all(e.msgstr == "ҚАЗ " + e.msgid for e in old)
    assert all(e.tcomment == "Translator's note" for e in old)
    assert "fuzzy" in merged.find(entries[3].msgid).flags
    pot = polib.pofile(str(workspace.template_path(RELEASE)))
    assert [e.msgid for e in merged] == [e.msgid for e in pot]  # template order again


def test_status_json(runner: CliRunner, workspace: Workspace) -> None:
    assert run(runner, workspace, "ingest").exit_code == 0
    translate_all(workspace, "ru")
    translate_all(workspace, "kk", fuzzy=True)
    result = run(runner, workspace, "status", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["lang"]: r for r in json.loads(result.stdout)}
    assert rows["ru"]["translated"] == 24 and rows["ru"]["percent"] == 100.0
    assert rows["kk"]["fuzzy"] == 24 and rows["kk"]["percent"] == 0.0
    assert rows["fr"]["untranslated"] == 24
    assert rows["fr"]["words"] == rows["ru"]["words"] > 500
    table = run(runner, workspace, "status")
    assert re.search(rf"{RELEASE}\s+ru\s+24\s+\d+\s+24\s+0\s+0\s+100.0%", table.stdout)


def test_identity_export_reproduces_source(runner: CliRunner, workspace: Workspace,
                                           tmp_path: Path) -> None:
    assert run(runner, workspace, "ingest").exit_code == 0
    translate_all(workspace, "ru", make=lambda msgid: msgid)
    out = tmp_path / "same.txt"
    result = run(runner, workspace, "export", RELEASE, "--lang", "ru", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == SAMPLE.read_bytes()


def test_export_refuses_incomplete_and_writes_nothing(runner: CliRunner,
                                                      workspace: Workspace) -> None:
    assert run(runner, workspace, "ingest").exit_code == 0
    translate_all(workspace, "kk", fuzzy=True)
    before = snapshot(workspace.root)
    result = run(runner, workspace, "export", RELEASE, "--lang", "kk")
    assert result.exit_code == 1
    assert "0.0% translated, below the required 100%" in result.stderr
    assert f"source_texts/{SAMPLE.name}:1: Kazakhstan: Impunity" in result.stderr
    assert snapshot(workspace.root) == before
    result = run(runner, workspace, "export", RELEASE, "--lang", "kk", "--min-complete", "0",
                 "--fallback", "fail")
    assert result.exit_code == 1 and "--fallback fail" in result.stderr
    result = run(runner, workspace, "export", RELEASE, "--lang", "kk", "--include-fuzzy")
    assert result.exit_code == 0, result.output
    text = (workspace.root / "out" / "kk" / SAMPLE.name).read_text(encoding="utf-8")
    assert text.startswith("«kk» Kazakhstan: Impunity")


def test_export_with_source_fallback(runner: CliRunner, workspace: Workspace) -> None:
    assert run(runner, workspace, "ingest").exit_code == 0
    path = workspace.po_path(RELEASE, "fr")
    po = polib.pofile(str(path))
    po[0].msgstr = "Kazakhstan : l’impunité après la répression"
    po.save(str(path))
    result = run(runner, workspace, "export", RELEASE, "--lang", "fr", "--min-complete", "4")
    assert result.exit_code == 0, result.output
    assert "23 kept in the source language" in result.stdout
    text = (workspace.root / "out" / "fr" / SAMPLE.name).read_text(encoding="utf-8")
    assert text.startswith("Kazakhstan : l’impunité après la répression\n\nNews Human Rights")


def test_html_export_is_escaped_and_carries_lang(runner: CliRunner, workspace: Workspace,
                                                 tmp_path: Path) -> None:
    assert run(runner, workspace, "ingest").exit_code == 0
    translate_all(workspace, "ru", make=lambda msgid: "<script>alert(1)</script> " + msgid)
    out = tmp_path / "ru.html"
    result = run(runner, workspace, "export", RELEASE, "--lang", "ru", "--format", "html",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert '<html lang="ru">' in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("content, line, message", [
    (b"Title\n\nText\x00binary", 3, "binary file"),
    (b"Title\n\nCaf\xe9 society.\n", 3, "not valid UTF-8"),
    (b"  \n\n", 1, "empty release"),
])
def test_bad_release_is_refused_cleanly(runner: CliRunner, workspace: Workspace,
                                        content: bytes, line: int, message: str) -> None:
    assert run(runner, workspace, "ingest").exit_code == 0
    bad = workspace.sources_dir / "bad.txt"
    bad.write_bytes(content)
    before = snapshot(workspace.root)
    result = run(runner, workspace, "ingest")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert f"bad.txt:{line}: {message}" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(workspace.root) == before


@pytest.mark.parametrize("damage, line", [
    (lambda t: t.replace('msgstr ""\n\n#.', 'msgstr "broken\n\n#.', 1), None),
    (lambda t: t + '\nmsgid "Background information"\nmsgstr "x"\n', None),
    (lambda t: t.replace("charset=UTF-8", "charset=nonsense"), None),
])
def test_broken_po_is_refused_cleanly(runner: CliRunner, workspace: Workspace,
                                      damage: object, line: int | None) -> None:
    assert run(runner, workspace, "ingest").exit_code == 0
    path = workspace.po_path(RELEASE, "ru")
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore
    (workspace.sources_dir / SAMPLE.name).write_text("A revised release.\n", encoding="utf-8")
    before = snapshot(workspace.root)
    result = run(runner, workspace, "ingest")
    assert result.exit_code == 2, result.output
    assert re.match(r"Error: \S+ru/LC_MESSAGES/\S+\.po:\d+: ", result.stderr)
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(workspace.root) == before


@pytest.mark.parametrize("name", ["../etc", "a/b", "..", "with space"])
def test_release_names_are_validated(runner: CliRunner, workspace: Workspace,
                                     name: str) -> None:
    result = run(runner, workspace, "export", name, "--lang", "kk")
    assert result.exit_code == 2
    assert "invalid release name" in result.stderr


def test_second_run_is_locked_out(runner: CliRunner, workspace: Workspace) -> None:
    with workspace_lock(workspace.root):
        result = run(runner, workspace, "ingest")
    assert result.exit_code == 2
    assert "another l10n command is working on this workspace" in result.stderr
    assert not workspace.template_path(RELEASE).exists()


@pytest.mark.parametrize("command", ["init", "ingest", "export", "status"])
def test_every_command_has_help_with_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: l10n " + command in result.stdout


MARKDOWN = """# Statement on *Almaty*

Read the [full report](https://example.org/report "Report") now.

- First point
- Second point
"""


def test_markdown_release_exported_as_html_and_text(runner: CliRunner, workspace: Workspace,
                                                    tmp_path: Path) -> None:
    (workspace.sources_dir / "statement.md").write_text(MARKDOWN, encoding="utf-8")
    assert run(runner, workspace, "ingest", str(workspace.sources_dir / "statement.md")
               ).exit_code == 0
    path = workspace.po_path("statement", "fr")
    po = polib.pofile(str(path))
    french = {"Statement on <1>Almaty</1>": "Déclaration sur <1>Almaty</1>",
              "Read the <1>full report</1> now.": "Lisez le <1>rapport complet</1> <b>maintenant</b>.",
              "First point": "Premier point", "Second point": "Second point & fin"}
    for entry in po:
        entry.msgstr = french[entry.msgid]
    po.save(str(path))
    for fmt in ("md", "html", "txt"):
        out = tmp_path / f"statement.{fmt}"
        result = run(runner, workspace, "export", "statement", "--lang", "fr", "--format", fmt,
                     "-o", str(out))
        assert result.exit_code == 0, result.output
    assert (tmp_path / "statement.md").read_text(encoding="utf-8") == (
        "# Déclaration sur *Almaty*\n\n"
        'Lisez le [rapport complet](https://example.org/report "Report") '
        "\\<b\\>maintenant\\</b\\>.\n\n- Premier point\n- Second point & fin\n")
    html = (tmp_path / "statement.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and "<title>Déclaration sur Almaty</title>" in html
    assert '<a href="https://example.org/report" title="Report">rapport complet</a>' in html
    assert "&lt;b&gt;maintenant&lt;/b&gt;" in html and "<li>Second point &amp; fin</li>" in html
    assert (tmp_path / "statement.txt").read_text(encoding="utf-8") == (
        "Déclaration sur Almaty\n\nLisez le rapport complet (https://example.org/report) "
        "<b>maintenant</b>.\n\n- Premier point\n- Second point & fin\n")  # issue 14: targets,
    # tight lists


def test_interrupted_ingest_is_finished_by_a_rerun(runner: CliRunner, workspace: Workspace,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    real_replace = os.replace
    calls = {"n": 0}

    def crash_after_two(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] > 2:
            raise KeyboardInterrupt  # the coordinator pressed Ctrl-C mid-write
        real_replace(src, dst)

    monkeypatch.setattr("l10n.workspace.fsutil.os.replace", crash_after_two)
    with pytest.raises(KeyboardInterrupt):
        from l10n.ingest import ingest as ingest_release
        ingest_release(workspace)
    monkeypatch.setattr("l10n.workspace.fsutil.os.replace", real_replace)
    assert not workspace.template_path(RELEASE).exists()  # the template is written last
    assert not list(workspace.locales_dir.rglob(".*.tmp"))  # no temporary file left
    result = run(runner, workspace, "ingest")
    assert result.exit_code == 0 and "24 segments" in result.stdout
    for lang in workspace.targets:
        assert len(polib.pofile(str(workspace.po_path(RELEASE, lang)))) == 24
    assert run(runner, workspace, "ingest").stdout == f"{RELEASE}: unchanged\n"


def test_ingest_copies_a_release_from_elsewhere(runner: CliRunner, workspace: Workspace,
                                                tmp_path: Path) -> None:
    outside = tmp_path / "downloads" / "statement.md"
    outside.parent.mkdir()
    outside.write_text("# A statement\n\nIt has one sentence.\n", encoding="utf-8")
    result = run(runner, workspace, "ingest", str(outside))
    assert result.exit_code == 0, result.output
    assert (workspace.sources_dir / "statement.md").read_bytes() == outside.read_bytes()
    pot = polib.pofile(str(workspace.template_path("statement")))
    assert pot[0].occurrences == [("source_texts/statement.md", "1")]


def test_one_release_name_per_file(runner: CliRunner, workspace: Workspace) -> None:
    (workspace.sources_dir / f"{RELEASE}.md").write_text("# Other\n", encoding="utf-8")
    result = run(runner, workspace, "ingest")
    assert result.exit_code == 2 and f"are both release '{RELEASE}'" in result.stderr


def test_export_asks_for_ingest_after_the_source_changed(runner: CliRunner,
                                                         workspace: Workspace) -> None:
    assert run(runner, workspace, "ingest").exit_code == 0
    source = workspace.sources_dir / SAMPLE.name
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more line.\n",
                      encoding="utf-8")
    result = run(runner, workspace, "export", RELEASE, "--lang", "ru", "--min-complete", "0")
    assert result.exit_code == 2 and "changed since it was last ingested" in result.stderr


def test_a_catalog_saved_during_ingest_is_not_overwritten(
        runner: CliRunner, workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(runner, workspace, "ingest").exit_code == 0
    source = workspace.sources_dir / SAMPLE.name
    source.write_text(source.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    path = workspace.po_path(RELEASE, "kk")
    real_merge = __import__("l10n.ingest", fromlist=["merge"]).merge

    def merge_while_translator_saves(old, template, lang, **kwargs):  # type: ignore[no-untyped-def]
        if lang == "kk":  # Poedit saves the file between our read and our write
            po = polib.pofile(str(path))
            po[0].msgstr = "Аударма"
            po.save(str(path))
        return real_merge(old, template, lang, **kwargs)

    monkeypatch.setattr("l10n.ingest.merge", merge_while_translator_saves)
    before_template = workspace.template_path(RELEASE).read_bytes()
    result = run(runner, workspace, "ingest")
    saved = path.read_bytes()
    assert result.exit_code == 2 and "changed while ingest ran; nothing written" in result.stderr
    assert path.read_bytes() == saved and "Аударма".encode() in saved
    assert workspace.template_path(RELEASE).read_bytes() == before_template
