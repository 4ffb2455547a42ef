"""``l10n xliff export --only-open``: the open work of ``l10n todo``, and nothing else."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.catalog.pofile import format_po, read_po
from l10n.catalog.states import Status, status_of
from l10n.workspace.config import Workspace
from l10n.xliff.model import unit_id
from tests.conftest import snapshot
from tests.coordinator.workspaces import (
    CHANGED_TO,
    FOLLOW_UP,
    PLANTED,
    SAMPLE,
    THIRD,
    invoke,
    ok,
)

NS = {"1.2": "urn:oasis:names:tc:xliff:document:1.2",
      "2.0": "urn:oasis:names:tc:xliff:document:2.0"}


def open_entries(runner: CliRunner, ws: Workspace, release: str) -> list[str]:
    report = json.loads(ok(invoke(runner, ws, "todo", release, "--lang", "kk", "--json")))
    return [i["msgid"] for i in report["items"]]


def units(path: Path, version: str) -> dict[str, str]:
    """Unit id → the unit's XML text as written (one unit per block of lines)."""
    tag = "trans-unit" if version == "1.2" else "unit"
    text = path.read_text(encoding="utf-8")
    return {m.group(1): m.group(0) for m in re.finditer(
        rf'^ *<{tag} id="([^"]+)".*?</{tag}>$', text, re.S | re.M)}


@pytest.mark.parametrize("version", ["1.2", "2.0"])
@pytest.mark.parametrize("release", [SAMPLE, FOLLOW_UP, THIRD])
def test_only_open_holds_exactly_the_open_units(runner: CliRunner, ws: Workspace,
                                                tmp_path: Path, version: str,
                                                release: str) -> None:
    full, part = tmp_path / "full.xlf", tmp_path / "open.xlf"
    ok(invoke(runner, ws, "xliff", "export", release, "--lang", "kk", "--version", version,
              "-o", str(full)))
    out = ok(invoke(runner, ws, "xliff", "export", release, "--lang", "kk", "--version",
                    version, "-o", str(part), "--only-open"))
    po = read_po(ws.po_path(release, "kk"))
    wanted = [unit_id(po.find(msgid)) for msgid in open_entries(runner, ws, release)]
    got = units(part, version)
    assert list(got) == wanted and wanted
    assert out == f"{part} (XLIFF {version}, {len(wanted)} units open)\n"
    # Each unit exactly as the full export writes it; the file around them alike but
    # for the note that says it holds the open work only.
    everything = units(full, version)
    # In the sample two entries are open; the others are all suggestions or untranslated.
    assert len(got) == 2 if release == SAMPLE else len(got) == len(everything)
    assert all(everything[uid] == text for uid, text in got.items())
    root = ET.parse(part).getroot()
    assert root.tag == f"{{{NS[version]}}}xliff"
    notes = [n.text for n in root.iter(f"{{{NS[version]}}}note")
             if n.text and n.text.startswith("l10n: open work only")]
    assert notes == [f"l10n: open work only ({len(wanted)} entries); the other entries are "
                     "not in this file"]
    head = part.read_text(encoding="utf-8").split("\n")
    assert head[:3] == full.read_text(encoding="utf-8").split("\n")[:3]


def test_translate_toolkit_reads_the_open_work(runner: CliRunner, ws: Workspace,
                                               tmp_path: Path) -> None:
    xliff = pytest.importorskip("translate.storage.xliff")
    part = tmp_path / "open.xlf"
    ok(invoke(runner, ws, "xliff", "export", SAMPLE, "--lang", "kk", "-o", str(part),
              "--only-open"))
    store = xliff.xlifffile.parsefile(str(part))
    po = read_po(ws.po_path(SAMPLE, "kk"))
    assert [(u.source, u.target) for u in store.units] == \
        [(m, po.find(m).msgstr) for m in (PLANTED, CHANGED_TO)]


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_the_open_work_comes_back(runner: CliRunner, ws: Workspace, tmp_path: Path,
                                  version: str) -> None:
    """A translator fixes the open units; the import merges them without --merge-matching
    and leaves every other entry as it was."""
    part = tmp_path / "open.xlf"
    ok(invoke(runner, ws, "xliff", "export", SAMPLE, "--lang", "kk", "--version", version,
              "-o", str(part), "--only-open"))
    before = read_po(ws.po_path(SAMPLE, "kk"))
    text = part.read_text(encoding="utf-8")
    fixed = before.find(PLANTED).msgstr.replace("17", "71")
    text = text.replace(before.find(PLANTED).msgstr, fixed)
    part.write_text(text, encoding="utf-8")
    result = invoke(runner, ws, "xliff", "import", str(part))
    assert result.exit_code == 0, result.output
    assert "1 translations" in result.stdout
    assert f"{len(before) - 2} entries of" in result.stderr  # the others: left as they are
    after = read_po(ws.po_path(SAMPLE, "kk"))
    assert after.find(PLANTED).msgstr == fixed
    assert status_of(after.find(PLANTED)) is Status.TRANSLATED
    others = [(e.msgid, e.msgstr, e.flags, e.tcomment) for e in before
              if e.msgid not in (PLANTED,)]
    assert others == [(e.msgid, e.msgstr, e.flags, e.tcomment) for e in after
                      if e.msgid not in (PLANTED,)]
    assert open_entries(runner, ws, SAMPLE) == [CHANGED_TO]


def test_a_full_export_missing_entries_is_still_refused(runner: CliRunner, ws: Workspace,
                                                        tmp_path: Path) -> None:
    """Only the note makes a partial file acceptable: the same units without it are a
    file exported before the release changed."""
    part = tmp_path / "open.xlf"
    ok(invoke(runner, ws, "xliff", "export", SAMPLE, "--lang", "kk", "-o", str(part),
              "--only-open"))
    text = part.read_text(encoding="utf-8")
    part.write_text(re.sub(r" *<note from=\"l10n\">[^<]*</note>\n", "", text), encoding="utf-8")
    before = snapshot(ws.root)
    result = invoke(runner, ws, "xliff", "import", str(part))
    assert result.exit_code == 2 and "have no unit here" in result.stderr
    assert snapshot(ws.root) == before


def test_nothing_open_writes_no_file(runner: CliRunner, ws: Workspace, tmp_path: Path) -> None:
    part = tmp_path / "open.xlf"
    out = ok(invoke(runner, ws, "xliff", "export", FOLLOW_UP, "--lang", "ru", "-o", str(part),
                    "--only-open"))
    assert out.startswith(f"{part} (XLIFF 1.2, ")  # ru: untranslated, all open
    part.unlink()
    path = ws.po_path(SAMPLE, "fr")
    po = read_po(path)
    changed = po.find(CHANGED_TO)  # a translator confirms the changed sentence
    changed.flags.remove("fuzzy")
    changed.previous_msgid = None
    path.write_text(format_po(po), encoding="utf-8")
    before = snapshot(ws.root)
    out = ok(invoke(runner, ws, "xliff", "export", SAMPLE, "--lang", "fr", "-o", str(part),
                    "--only-open"))
    assert out == f"{SAMPLE} fr: nothing open; no file written\n"
    assert not part.exists() and snapshot(ws.root) == before
