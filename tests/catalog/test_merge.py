"""Template building and msgmerge-style merging, with GNU msgmerge as the outside judge."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import polib
import pytest

from l10n.catalog.merge import ReleaseInfo, build_template, closest, merge
from l10n.catalog.pofile import format_po, parse_po, read_po
from l10n.documents import parse_document
from l10n.ingest import ingest
from l10n.workspace.config import init_workspace
from tests.conftest import SAMPLE

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
INFO = ReleaseInfo("demo", "r", "source_texts/r.txt", "0" * 64)

OLD_SOURCE = """Title of the release

The police arrested thousands of protesters in Almaty. Journalists were detained.

The government promised reforms. Nobody believed it.
"""
NEW_SOURCE = """Title of the release

The police arrested thousands of peaceful protesters in Almaty. Journalists were detained.

Observers reported irregularities.
"""


def template_of(text: str) -> polib.POFile:
    document = parse_document(Path("r.txt"), text.encode(), lang="en")
    return build_template(document.segments, INFO, now=NOW)


def translated(template: polib.POFile, lang: str = "ru") -> polib.POFile:
    po = merge(None, template, lang, now=NOW).po
    for entry in po:
        entry.msgstr = f"[{lang}] {entry.msgid}"
    return po


def test_template_shares_identical_sentences_with_all_references() -> None:
    pot = template_of("Title\n\nStop.\n\nA new paragraph here. Stop.\n")
    stop = pot.find("Stop.")
    assert stop.occurrences == [("source_texts/r.txt", "3"), ("source_texts/r.txt", "5")]
    assert stop.comment.split("\n") == ["paragraph 1", "paragraph 2, sentence 2"]
    assert [e.msgid for e in pot] == ["Title", "Stop.", "A new paragraph here."]


def test_new_po_has_complete_header() -> None:
    po = merge(None, template_of(OLD_SOURCE), "ru", now=NOW).po
    meta = po.metadata
    assert meta["Language"] == "ru"
    assert meta["Plural-Forms"].startswith("nplurals=3;")
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    for key in ("Project-Id-Version", "POT-Creation-Date", "PO-Revision-Date", "X-Generator"):
        assert meta[key]
    assert all(e.msgstr == "" for e in po)


def test_merge_keeps_fuzzies_and_obsoletes() -> None:
    old = translated(template_of(OLD_SOURCE))
    old.find("Journalists were detained.").tcomment = "checked with the editor"
    old.find("Journalists were detained.").flags.append("l10n-reviewed")
    result = merge(old, template_of(NEW_SOURCE), "ru", now=NOW)
    po = result.po
    kept = po.find("Journalists were detained.")
    assert kept.msgstr == "[ru] Journalists were detained."
    assert kept.tcomment == "checked with the editor" and "l10n-reviewed" in kept.flags
    changed = po.find("The police arrested thousands of peaceful protesters in Almaty.")
    assert "fuzzy" in changed.flags
    assert changed.previous_msgid == "The police arrested thousands of protesters in Almaty."
    assert changed.msgstr == "[ru] The police arrested thousands of protesters in Almaty."
    assert po.find("Observers reported irregularities.").msgstr == ""
    gone = {e.msgid for e in po if e.obsolete}
    assert gone == {"The government promised reforms.", "Nobody believed it."}
    assert (result.kept, result.fuzzy, result.new, result.obsoleted) == (2, 1, 1, 2)
    # every translation of the old file still exists somewhere in the new one
    strings = {e.msgstr for e in po}
    assert {e.msgstr for e in old} <= strings


def test_obsolete_entry_comes_back_when_the_sentence_returns() -> None:
    old = translated(template_of(OLD_SOURCE))
    middle = merge(old, template_of(NEW_SOURCE), "ru", now=NOW).po
    back = merge(middle, template_of(OLD_SOURCE), "ru", now=NOW).po
    entry = back.find("Nobody believed it.")
    assert entry is not None and not entry.obsolete
    assert entry.msgstr == "[ru] Nobody believed it."


def test_merge_is_idempotent() -> None:
    old = translated(template_of(OLD_SOURCE))
    once = merge(old, template_of(NEW_SOURCE), "ru", now=NOW).po
    twice = merge(once, template_of(NEW_SOURCE), "ru", now=NOW).po
    assert str(once) == str(twice)


def test_closest_respects_threshold() -> None:
    entries = [polib.POEntry(msgid="Completely different words", msgstr="x"),
               polib.POEntry(msgid="The cat sat on the mat.", msgstr="y")]
    assert closest("The cat sat on a mat.", entries).msgstr == "y"
    assert closest("Zzz", entries) is None


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")
def test_merge_agrees_with_gnu_msgmerge(tmp_path: Path) -> None:
    old = translated(template_of(OLD_SOURCE))
    old.find("Nobody believed it.").flags.append("fuzzy")
    new_template = template_of(NEW_SOURCE)
    old.save(str(tmp_path / "old.po"))
    new_template.save(str(tmp_path / "new.pot"))
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(tmp_path / "gnu.po"),
                    str(tmp_path / "old.po"), str(tmp_path / "new.pot")], check=True)
    gnu = polib.pofile(str(tmp_path / "gnu.po"))
    ours = merge(old, new_template, "ru", now=NOW).po

    def shape(po: polib.POFile) -> set[tuple[object, ...]]:
        return {(e.msgid, e.msgstr, "fuzzy" in e.flags, e.previous_msgid or None, e.obsolete)
                for e in po}

    assert shape(ours) == shape(gnu)


# --- no previous plural on a singular entry (issue 9, item 5) ---------------------------

def previous_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(("#|", "#~|"))]


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext not installed")
def test_previous_lines_are_those_of_gnu_msgmerge(tmp_path: Path) -> None:
    old = translated(template_of(OLD_SOURCE))
    new_template = template_of(NEW_SOURCE)
    old.save(str(tmp_path / "old.po"))
    new_template.save(str(tmp_path / "new.pot"))
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(tmp_path / "gnu.po"),
                    str(tmp_path / "old.po"), str(tmp_path / "new.pot")], check=True)
    ours = format_po(merge(old, new_template, "ru", now=NOW).po)
    assert previous_lines(ours) == previous_lines((tmp_path / "gnu.po").read_text("utf-8"))
    assert previous_lines(ours) == [
        '#| msgid "The police arrested thousands of protesters in Almaty."']


def test_an_empty_previous_plural_written_before_is_dropped() -> None:
    """Files written by earlier l10n versions carry '#| msgid_plural ""' on singular
    entries; the next merge drops it."""
    old = translated(template_of(OLD_SOURCE))
    middle = merge(old, template_of(NEW_SOURCE), "ru", now=NOW).po
    for entry in middle:
        if entry.previous_msgid is not None:
            entry.previous_msgid_plural = ""
    again = parse_po(Path("ru.po"), format_po(middle).encode())
    assert '#| msgid_plural ""' in format_po(again)
    merged = format_po(merge(again, template_of(NEW_SOURCE), "ru", now=NOW).po)
    assert "msgid_plural" not in merged
    assert previous_lines(merged) == [
        '#| msgid "The police arrested thousands of protesters in Almaty."']


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_ingest_of_a_revised_release_and_an_editor_confirming_pass_msgfmt(
        tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", "en", ["kk", "ru", "fr"])
    shutil.copy(SAMPLE, ws.sources_dir / SAMPLE.name)
    ingest(ws, now=NOW)
    release = SAMPLE.stem
    for lang in ws.targets:
        path = ws.po_path(release, lang)
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = f"[{lang}] {entry.msgid}"
        po.save(str(path))
    source = ws.sources_dir / SAMPLE.name
    text = source.read_text(encoding="utf-8")
    for old, new in (("with 71% of the vote", "with 70.8% of the vote"),
                     ("In total, 677 protesters were sentenced", "In total, 678 protesters were sentenced")):
        assert old in text
        text = text.replace(old, new)
    source.write_text(text, encoding="utf-8")
    (report,) = ingest(ws, now=NOW)
    assert all(u.fuzzy == 2 for u in report.languages)
    for lang in ws.targets:
        path = ws.po_path(release, lang)
        written = path.read_text(encoding="utf-8")
        assert written.count("#| msgid ") == 2
        assert "msgid_plural" not in written
        msgfmt_check(path)
        po = polib.pofile(str(path))  # a polib-based editor confirms the suggestions
        for entry in po:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save(str(path))
        msgfmt_check(path)
        assert not any("fuzzy" in e.flags for e in read_po(path))


def msgfmt_check(path: Path) -> None:
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
