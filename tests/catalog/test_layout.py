"""Rewrites keep the translator's file format: line endings (LF/CRLF) and a UTF-8 BOM.

Every command that rewrites a PO file (ingest's merge, pretranslate, review, xliff import)
is run twice on the same catalog, once saved with LF and once saved with CRLF and a BOM
(as Windows editors do). The CRLF+BOM result must be the LF result in the translator's
format, so the translator's diff holds only the lines that changed.
"""

from __future__ import annotations

import difflib
import re
import shutil
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path

import polib
import pytest

from l10n.catalog.pofile import format_po, parse_po, read_po, write_po
from l10n.ingest import ingest
from l10n.pretranslate import pretranslate
from l10n.review import review
from l10n.workspace.config import Workspace, init_workspace
from l10n.xliff.exporter import export_xliff
from l10n.xliff.importer import import_xliff
from tests.conftest import ROOT, SAMPLE
from tests.test_status import crafted_workspace, fake_qa

BOM = b"\xef\xbb\xbf"
RELEASE = SAMPLE.stem
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=timezone.utc)
DAY = date(2027, 3, 1)


def windows(data: bytes) -> bytes:
    """A file as a Windows editor saves it: CRLF line ends and a BOM."""
    return BOM + data.replace(b"\n", b"\r\n")


def diff_lines(before: bytes, after: bytes, newline: bytes) -> list[bytes]:
    """The lines a translator's diff shows (removed and added), the BOM included."""
    return [line for line in difflib.diff_bytes(difflib.unified_diff, before.split(newline),
                                                after.split(newline), lineterm=b"", n=0)
            if line[:1] in b"+-" and not line.startswith((b"+++", b"---"))]


def run_both(tmp_path: Path, prepare: Callable[[Workspace], Path],
             command: Callable[[Workspace], object]) -> tuple[bytes, bytes, bytes, bytes]:
    """Run ``command`` on an LF catalog and on the same catalog saved as CRLF+BOM.

    Returns the LF file before and after, and the CRLF+BOM file before and after.
    """
    results = []
    for name, convert in (("lf", lambda b: b), ("crlf", windows)):
        ws = init_workspace(tmp_path / name / "ws", "en", ["kk", "ru", "fr"])
        shutil.copy(SAMPLE, ws.sources_dir / SAMPLE.name)
        path = prepare(ws)
        path.write_bytes(convert(path.read_bytes()))
        before = path.read_bytes()
        command(ws)
        results += [before, path.read_bytes()]
    lf_before, lf_after, crlf_before, crlf_after = results
    assert lf_after != lf_before, "the command must change the file for this test to mean much"
    return lf_before, lf_after, crlf_before, crlf_after


def assert_format_kept(lf_before: bytes, lf_after: bytes, crlf_before: bytes,
                       crlf_after: bytes) -> None:
    assert crlf_after.startswith(BOM) and not crlf_after.startswith(BOM * 2)
    assert re.search(rb"(?<!\r)\n", crlf_after) is None, "every line still ends with CRLF"
    assert crlf_after == windows(lf_after)
    assert diff_lines(crlf_before, crlf_after, b"\r\n") == diff_lines(lf_before, lf_after, b"\n")


def translated_catalogs(ws: Workspace) -> Path:
    """The sample ingested, fr translated by a translator (saved with polib)."""
    ingest(ws, now=NOW)
    path = ws.po_path(RELEASE, "fr")
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = f"«fr» {entry.msgid}"
    po.save(str(path))
    path.write_bytes(format_po(read_po(path)).encode())  # as l10n writes it
    return path


def test_ingest_of_a_revised_release(tmp_path: Path) -> None:
    def revise_and_ingest(ws: Workspace) -> None:
        source = ws.sources_dir / SAMPLE.name
        text = source.read_text(encoding="utf-8").replace(
            "Tokayev was elected with 71% of the vote.",
            "Tokayev was elected with 70.8% of the vote.")
        source.write_text(text + "\nA new closing line.\n", encoding="utf-8")
        (report,) = ingest(ws, now=NOW)
        assert [u.changed for u in report.languages] == [True, True, True]

    assert_format_kept(*run_both(tmp_path, translated_catalogs, revise_and_ingest))


def test_ingest_leaves_a_current_crlf_bom_file_alone(tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "w", "en", ["kk", "ru", "fr"])
    shutil.copy(SAMPLE, ws.sources_dir / SAMPLE.name)
    path = translated_catalogs(ws)
    ws.template_path(RELEASE).unlink()  # forces a full re-merge of every catalog
    path.write_bytes(windows(path.read_bytes()))
    before = path.read_bytes()
    (report,) = ingest(ws, now=NOW)
    assert not next(u for u in report.languages if u.lang == "fr").changed
    assert path.read_bytes() == before


def test_pretranslate(tmp_path: Path) -> None:
    def ingested(ws: Workspace) -> Path:
        ingest(ws, now=NOW)
        return ws.po_path(RELEASE, "kk")

    assert_format_kept(*run_both(tmp_path, ingested,
                                 lambda ws: pretranslate(ws, langs=["kk"], engine="pseudo")))


def test_review_approve_all_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_qa(monkeypatch, [])

    def approve(ws: Workspace) -> None:
        report = review(ws, "crafted", "ru", approve_all_clean=True, reviewer="Dana", day=DAY)
        assert report.written and len(report.approved) == 3

    def crafted(ws: Workspace) -> Path:
        path = crafted_workspace(ws)
        path.write_text(format_po(read_po(path)), encoding="utf-8")  # as l10n writes it
        return path

    lf_before, lf_after, crlf_before, crlf_after = run_both(tmp_path, crafted, approve)
    assert_format_kept(lf_before, lf_after, crlf_before, crlf_after)
    # Three sign-offs added, one of them replacing a stale one: 4 lines, not the whole file.
    assert len(diff_lines(crlf_before, crlf_after, b"\r\n")) == 4


def test_xliff_import(tmp_path: Path) -> None:
    def sample_catalog(ws: Workspace) -> Path:
        path = ws.po_path(RELEASE, "kk")
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "locales" / "kk" / "LC_MESSAGES" / f"{RELEASE}.po", path)
        return path

    def cat_tool_round_trip(ws: Workspace) -> None:
        xlf = ws.root / "kk.xlf"
        export_xliff(ws, RELEASE, "kk", xlf)
        text = xlf.read_text(encoding="utf-8").replace(
            '<target state="signed-off">Қазақстан:', '<target state="signed-off">ҚАЗАҚСТАН:', 1)
        xlf.write_text(text, encoding="utf-8")
        assert import_xliff(ws, xlf, day=DAY).written

    assert_format_kept(*run_both(tmp_path, sample_catalog, cat_tool_round_trip))


# --- the writing path itself ------------------------------------------------------------

@pytest.mark.parametrize("convert", [lambda b: b, windows, lambda b: BOM + b,
                                     lambda b: b.replace(b"\n", b"\r\n")],
                         ids=["lf", "crlf+bom", "bom", "crlf"])
def test_read_then_write_is_byte_identical(tmp_path: Path,
                                           convert: Callable[[bytes], bytes]) -> None:
    data = convert((ROOT / "locales" / "ru" / "LC_MESSAGES" / f"{RELEASE}.po").read_bytes())
    po = parse_po(Path("x.po"), data)
    assert format_po(po).encode("utf-8") == data
    path = tmp_path / "x.po"
    path.write_bytes(data)
    assert write_po(read_po(path), path) is False  # identical: not even rewritten
    edited = read_po(path)
    edited[1].msgstr += " (edited)"
    assert write_po(edited, path) is True
    lf = parse_po(Path("x.po"), data.removeprefix(BOM).replace(b"\r\n", b"\n"))
    lf[1].msgstr += " (edited)"
    assert path.read_bytes() == convert(format_po(lf).encode("utf-8"))


def test_a_new_catalog_is_lf_without_bom() -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="a", msgstr="b"))
    assert format_po(po) == 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
        'msgid "a"\nmsgstr "b"\n'
