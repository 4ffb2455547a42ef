"""Issue 13: ``l10n check --source`` on the command line, and the first steps (item 7):
release names for ingest, one stem refused twice, --help texts, check --list, progress."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.cli.common import progress_bar
from l10n.qa.source import english_words
from l10n.workspace.config import Workspace
from tests.conftest import ROOT, SAMPLE, snapshot

RELEASE = SAMPLE.stem
needs_dictionary = pytest.mark.skipif(english_words("en", ROOT / "glossary")[0] is None,
                                      reason="no English Hunspell dictionary")
CLEAN = "Clean statement\n\nPEN International welcomed the release of the writer today.\n"


def run(ws: Workspace, *args: str) -> object:
    return CliRunner().invoke(app, [*args, "--workspace", str(ws.root)])


@needs_dictionary
def test_check_source_prints_findings_a_summary_and_exits_1(workspace: Workspace) -> None:
    result = run(workspace, "check", "--source")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (f"source_texts/{RELEASE}.txt:5: error [doubled-word] two quantity "
                        'words in a row: "thousands hundreds" (one is left over)')
    assert f"source_texts/{RELEASE}.txt:13: error [run-together] " in result.stdout
    assert all(re.match(r"source_texts/\S+\.txt:\d+: (error|warning) \[[a-z-]+\] ", line)
               for line in lines[:-1])
    assert lines[-1] == ("3 error(s), 3 warning(s) in 24 sentences of 1 source release(s) "
                         "(8 checks)")
    assert run(workspace, "check", "--source", "--fail-on", "never").exit_code == 0


@needs_dictionary
def test_check_source_json_and_a_clean_release(workspace: Workspace) -> None:
    result = run(workspace, "check", "--source", RELEASE, "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and len(data) == 6
    assert set(data[0]) == {"file", "line", "release", "check", "severity", "message"}
    assert data[0]["line"] == 5 and data[0]["release"] == RELEASE
    (workspace.sources_dir / "clean.txt").write_text(CLEAN, encoding="utf-8")
    clean = run(workspace, "check", "--source", "clean")
    assert clean.exit_code == 0 and clean.stdout.startswith("0 error(s), 0 warning(s)")
    # Warnings fail only with --fail-on warning.
    assert run(workspace, "check", "--source", RELEASE, "--fail-on", "warning").exit_code == 1


def test_check_source_refuses_bad_input_in_one_line(workspace: Workspace) -> None:
    for args, message in ((["nope"], "no release 'nope' in source_texts/"),
                          (["--lang", "kk"], "--lang does not apply to --source"),
                          (["../x"], "invalid release name")):
        result = run(workspace, "check", "--source", *args)
        assert result.exit_code == 2 and message in result.stderr
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    workspace.config_file.write_text(workspace.config_file.read_text()
                                     + "\n[check]\nsource_max_words = 0\n")
    bad = run(workspace, "check", "--source")
    assert bad.exit_code == 2 and "check.source_max_words: expected a whole number" in bad.stderr


@needs_dictionary
def test_ingest_hints_at_source_errors(workspace: Workspace) -> None:
    result = run(workspace, "ingest")
    assert result.exit_code == 0
    assert (f"{RELEASE}: source: 3 error(s), run l10n check --source {RELEASE}"
            in result.stderr.splitlines())
    (workspace.sources_dir / "clean.txt").write_text(CLEAN, encoding="utf-8")
    again = run(workspace, "ingest")
    assert again.exit_code == 0 and "source:" not in again.stderr  # only changed releases


def test_ingest_refuses_a_bad_source_setting_before_writing(workspace: Workspace) -> None:
    workspace.config_file.write_text(workspace.config_file.read_text()
                                     + "\n[check]\nsource_max_words = -3\n")
    before = snapshot(workspace.root)
    result = run(workspace, "ingest")
    assert result.exit_code == 2 and "check.source_max_words" in result.stderr
    assert snapshot(workspace.root) == before


def test_ingest_accepts_a_release_name(workspace: Workspace) -> None:
    result = run(workspace, "ingest", RELEASE)
    assert result.exit_code == 0, result.output
    assert workspace.template_path(RELEASE).is_file()
    missing = run(workspace, "ingest", "no-such-release")
    assert missing.exit_code == 2
    assert missing.stderr == "Error: no-such-release: no such file or release in source_texts/\n"


def test_two_sources_with_one_stem_are_refused_naming_both_and_a_rename(
        workspace: Workspace, tmp_path: Path) -> None:
    (workspace.sources_dir / f"{RELEASE}.md").write_text("# Other\n", encoding="utf-8")
    before = snapshot(workspace.root)
    for args in ([], [RELEASE], [f"{workspace.sources_dir}/{RELEASE}.txt"]):
        result = run(workspace, "ingest", *args)
        assert result.exit_code == 2, args
        assert len(result.stderr.splitlines()) == 1
        assert f"are both release '{RELEASE}'" in result.stderr
        assert f"source_texts/{RELEASE}.md" in result.stderr
        assert f"source_texts/{RELEASE}.txt" in result.stderr
        assert re.search(rf"rename one, e\.g\. source_texts/{RELEASE}\.(md|txt) to "
                         rf"source_texts/{RELEASE}-(md|txt)\.(md|txt)$", result.stderr.strip())
        assert snapshot(workspace.root) == before
    # A file from elsewhere that would become a second file of an existing release.
    (workspace.sources_dir / f"{RELEASE}.md").unlink()
    outside = tmp_path / f"{RELEASE}.html"
    outside.write_text("<p>Other.</p>\n", encoding="utf-8")
    before = snapshot(workspace.root)
    result = run(workspace, "ingest", str(outside))
    assert result.exit_code == 2 and "rename one" in result.stderr
    assert f"source_texts/{RELEASE}.txt" in result.stderr and str(outside) in result.stderr
    assert snapshot(workspace.root) == before


COMMANDS = [["init"], ["ingest"], ["export"], ["check"], ["status"], ["review"], ["publish"],
            ["compile"], ["pretranslate"], ["glossary", "add"], ["glossary", "import"],
            ["tm", "import"], ["engines", "install"], ["xliff", "export"], ["xliff", "import"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_shows_metavars_as_words(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    assert not re.search(r"<(list\[|bool|str|path|float|int)", result.stdout), result.stdout
    assert "{" not in result.stdout.split("Usage:")[1].splitlines()[0]


def test_help_paragraphs_are_wrapped_once_by_rich() -> None:
    wide = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "200"}).stdout
    # The docstring breaks this sentence after "translator"; rich alone wraps it now.
    assert "Shown are the findings on what a translator confirmed (not fuzzy)" in wide
    assert '[check] disable = ["<check>"]' in wide  # not eaten as rich markup
    assert "Usage: root check [OPTIONS] [RELEASE]..." in wide \
        or "check [OPTIONS] [RELEASE]..." in wide
    assert "--lang" in wide and re.search(r"--lang\s+-l\s+LANG", wide)
    narrow = CliRunner().invoke(app, ["ingest", "--help"], env={"COLUMNS": "60"}).stdout
    # One wrap: no line of a paragraph is cut short before the right margin twice over.
    prose = [line for line in narrow.splitlines() if line.startswith(" ") and "│" not in line
             and line.strip()]
    assert prose and all(len(line.rstrip()) <= 60 for line in prose)
    assert "as fuzzy, removed ones become obsolete (#~) entries" in " ".join(
        line.strip() for line in prose)


def test_check_list_columns_align() -> None:
    result = CliRunner().invoke(app, ["check", "--list"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if re.match(r"[a-z]", line)]
    starts = {re.search(r" (error|warning) ", line).start() for line in rows}  # type: ignore[union-attr]
    texts = {re.search(r" (error|warning)  +(\S)", line).start(2) for line in rows}  # type: ignore[union-attr]
    assert len(rows) >= 30 and len(starts) == 1 and len(texts) == 1
    wrapped = [line for line in result.stdout.splitlines() if line.startswith(" ")]
    assert wrapped and all(line.index(line.strip()) == texts.pop() for line in wrapped[:1])
    assert "doubled-word" in result.stdout and "Source (l10n check --source):" in result.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bars_name_the_languages_and_show_an_eta(
        monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar("Checking", ("kk", "ru")) as tick:
        tick(1, 4)
        tick(2, 4)
    shown = terminal.getvalue()
    assert "Checking kk, ru" in shown and re.search(r"ETA \d+:\d\d", shown)
    assert "2/4" in shown


def test_readme_says_how_to_get_l10n_on_the_path() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "source .venv/bin/activate" in readme and "pipx install ." in readme
    assert "l10n check --source" in readme and "source_max_words" in readme
    assert shutil.which("make") is None or "make demo" in readme
