"""PO files in a legacy charset (CP1251, KOI8-R, ISO-8859-x): read as the header says, judged
by GNU msgconv and msgfmt -c, and written back in UTF-8 (with a note) only by commands that
write (issue 11, item 5)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from l10n.catalog.pofile import format_po, layout_of, parse_po, read_po
from l10n.cli.app import app
from l10n.workspace.config import Workspace
from l10n.workspace.errors import CatalogError
from tests.conftest import ROOT, snapshot

SAMPLE = "kazakhstan-impunity-2019"
RU = ROOT / "locales" / "ru" / "LC_MESSAGES" / f"{SAMPLE}.po"
FR = ROOT / "locales" / "fr" / "LC_MESSAGES" / f"{SAMPLE}.po"
REL_RU = f"locales/ru/LC_MESSAGES/{SAMPLE}.po"


def _representable(text: str, charset: str) -> str:
    """The text with what ``charset`` cannot hold (→, Kazakh letters, curly quotes) as '?'."""
    return "".join(c if c.encode(charset, "ignore") else "?" for c in text)


def legacy_po(src: Path, out: Path, charset: str, *, tool: str = "msgconv",
              edit: str = "") -> Path:
    """``src`` (a real UTF-8 catalog) converted to ``charset`` by GNU msgconv or iconv."""
    utf8 = out.with_suffix(".utf8.po")
    text = _representable(src.read_text("utf-8"), charset).replace(edit, "")
    if tool == "iconv":
        utf8.write_text(text.replace("charset=UTF-8", f"charset={charset}"), "utf-8")
        subprocess.run(["iconv", "-f", "UTF-8", "-t", charset, "-o", str(out), str(utf8)],
                       check=True)
    else:
        utf8.write_text(text, "utf-8")
        subprocess.run(["msgconv", f"--to-code={charset}", str(utf8), "-o", str(out)],
                       check=True)
    assert f"charset={charset}".encode() in out.read_bytes()
    return out


def msgfmt_ok(path: Path) -> bool:
    return subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)],
                          capture_output=True).returncode == 0


def msgconv_utf8(path: Path, charset: str) -> bytes:
    """GNU msgconv's UTF-8 version of ``path``. msgconv refuses charset names that are not
    portable (msgfmt -c only warns): it converts a copy that says the portable name."""
    portable = {"windows-1251": "CP1251"}.get(charset)
    if portable:
        copy = path.with_name("portable.po")
        copy.write_bytes(path.read_bytes().replace(f"charset={charset}".encode(),
                                                   f"charset={portable}".encode()))
        path = copy
    return subprocess.run(["msgconv", "--to-code=UTF-8", str(path)], capture_output=True,
                          check=True).stdout


CASES = [(RU, "CP1251", "msgconv"), (RU, "KOI8-R", "msgconv"), (RU, "KOI8-R", "iconv"),
         (RU, "cp1251", "iconv"), (RU, "windows-1251", "iconv"), (RU, "ISO-8859-5", "msgconv"),
         (RU, "CP866", "msgconv"), (RU, "KOI8-U", "msgconv"), (FR, "ISO-8859-1", "msgconv"),
         (FR, "ISO-8859-15", "msgconv"), (FR, "CP1252", "iconv")]


@pytest.mark.parametrize(("src", "charset", "tool"), CASES,
                         ids=[f"{c}-{t}-{s.parts[-3]}" for s, c, t in CASES])
def test_legacy_file_reads_as_msgconv_converts_it(tmp_path: Path, src: Path, charset: str,
                                                  tool: str) -> None:
    path = legacy_po(src, tmp_path / "x.po", charset, tool=tool)
    assert msgfmt_ok(path)
    po = read_po(path)
    assert layout_of(po).legacy_charset == charset
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert any(re.search(r"[^\x00-\x7f]", e.msgstr) for e in po)
    # GNU msgconv is the judge: our UTF-8 rewrite is byte for byte its conversion.
    assert format_po(po).encode("utf-8") == msgconv_utf8(path, charset)


def test_utf8_file_is_not_legacy() -> None:
    assert layout_of(read_po(RU)).legacy_charset is None


def test_charset_gettext_knows_but_python_does_not_is_refused_at_its_line(
        tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(FR.read_bytes().replace(b"charset=UTF-8", b"charset=GEORGIAN-PS"))
    line = next(i for i, s in enumerate(path.read_text("utf-8").splitlines(), 1)
                if "charset=" in s)
    with pytest.raises(CatalogError) as err:
        read_po(path)
    assert str(err.value).startswith(f"{path}:{line}: charset GEORGIAN-PS is not one l10n "
                                     "can decode; convert the file with `msgconv")


@pytest.mark.parametrize("charset", ["no-such-charset", "UTF-16", "rot13"])
def test_unknown_or_not_ascii_compatible_charset_is_refused(tmp_path: Path,
                                                            charset: str) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(FR.read_bytes().replace(b"charset=UTF-8", f"charset={charset}".encode()))
    with pytest.raises(CatalogError, match=rf"x\.po:13: charset {charset} is not"):
        read_po(path)


def test_bytes_that_do_not_decode_are_refused_with_their_line(tmp_path: Path) -> None:
    path = legacy_po(RU, tmp_path / "x.po", "CP1251")
    lines = path.read_bytes().split(b"\n")
    n = next(i for i, s in enumerate(lines) if s.startswith(b"msgstr") and len(s) > 20)
    lines[n] = lines[n][:10] + b"\x98" + lines[n][10:]  # 0x98: no character in CP1251
    path.write_bytes(b"\n".join(lines))
    assert not msgfmt_ok(path)
    with pytest.raises(CatalogError) as err:
        read_po(path)
    assert str(err.value).startswith(f"{path}:{n + 1}: bytes 98 are not CP1251, the header's "
                                     "charset (line 13)")


def test_bom_with_a_legacy_charset_is_refused(tmp_path: Path) -> None:
    path = legacy_po(RU, tmp_path / "x.po", "CP1251")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with pytest.raises(CatalogError, match=r"x\.po:13: the file starts with a UTF-8 byte "
                                           r"order mark, but its header says charset=CP1251"):
        read_po(path)


def test_header_after_entries_and_split_content_type(tmp_path: Path) -> None:
    """The charset is the header entry's wherever it is and however its string is split."""
    body = ('msgid "a"\nmsgstr "б"\n\nmsgctxt "x"\nmsgid ""\nmsgstr "y"\n\n'
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; "\n"charset=KOI8-R\\n"\n')
    path = tmp_path / "x.po"
    path.write_bytes(body.encode("koi8-r"))
    assert msgfmt_ok(path)
    po = read_po(path)
    assert [(e.msgctxt, e.msgid, e.msgstr) for e in po] == [(None, "a", "б"), ("x", "", "y")]
    assert layout_of(po).legacy_charset == "KOI8-R"


def test_utf8_bytes_in_a_file_that_says_cp1251_are_read_as_cp1251(tmp_path: Path) -> None:
    """The header decides (GNU's rule), even when the bytes happen to be valid UTF-8."""
    path = tmp_path / "x.po"
    path.write_bytes('msgid ""\nmsgstr "Content-Type: text/plain; charset=CP1251\\n"\n\n'
                     'msgid "a"\nmsgstr "б"\n'.encode("utf-8"))
    assert read_po(path)[0].msgstr == "б".encode("utf-8").decode("cp1251")


# The commands: reading never rewrites, writing converts and says so once per file.

def _legacy_workspace(ws: Workspace, charset: str, edit: str = "") -> Path:
    target = ws.po_path(SAMPLE, "ru")
    legacy_po(RU, target, charset, edit=edit)
    target.with_suffix(".utf8.po").unlink()
    return target


def _in(ws: Workspace, *args: str) -> object:
    return CliRunner().invoke(app, [*args, "--workspace", str(ws.root)])


@pytest.mark.parametrize("charset", ["CP1251", "KOI8-R"])
def test_reading_commands_never_rewrite(translated_sample: Workspace, charset: str,
                                        tmp_path: Path) -> None:
    ws = translated_sample
    _legacy_workspace(ws, charset)
    before = snapshot(ws.root)
    result = _in(ws, "check", SAMPLE, "--lang", "ru")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "error(s)" in result.stdout  # type: ignore[attr-defined]
    export = ["export", SAMPLE, "--lang", "ru", "--min-complete", "0",
              "-o", str(tmp_path / "o.txt")]  # KOI8-R lost the msgids' curly quotes
    for args in (["status"], export):
        result = _in(ws, *args)
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        assert "converted" not in result.output  # type: ignore[attr-defined]
    assert snapshot(ws.root) == before
    assert "Казахстан" in (tmp_path / "o.txt").read_text("utf-8")


def _assert_converted(ws: Workspace, result: object, charset: str) -> polib.POFile:
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    note = f"note: {REL_RU}: converted from {charset} to UTF-8"
    assert result.stderr.count(note) == 1, result.stderr  # type: ignore[attr-defined]
    path = ws.po_path(SAMPLE, "ru")
    data = path.read_bytes()
    data.decode("utf-8")
    assert b"charset=UTF-8" in data and msgfmt_ok(path)
    return read_po(path)


@pytest.mark.parametrize("charset", ["CP1251", "KOI8-R"])
def test_ingest_merge_writes_utf8_with_a_note(translated_sample: Workspace,
                                              charset: str) -> None:
    ws = translated_sample
    legacy = read_po(_legacy_workspace(ws, charset))
    source = ws.sources_dir / f"{SAMPLE}.txt"
    source.write_text(source.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    po = _assert_converted(ws, _in(ws, "ingest"), charset)
    kept = {e.msgid: e.msgstr for e in legacy if e.msgstr}
    assert all(e.msgstr == kept[e.msgid] for e in po if e.msgid in kept)


def test_pretranslate_writes_utf8_with_a_note(translated_sample: Workspace) -> None:
    ws = translated_sample
    _legacy_workspace(ws, "CP1251")
    result = _in(ws, "pretranslate", SAMPLE, "--lang", "ru", "--engine", "pseudo")
    _assert_converted(ws, result, "CP1251")


def test_review_writes_utf8_with_a_note(translated_sample: Workspace) -> None:
    ws = translated_sample
    first = RU.read_text("utf-8").split("\n# l10n-reviewed")[1].split("\n")[0]
    _legacy_workspace(ws, "KOI8-R", edit=f"# l10n-reviewed{first}\n")
    result = _in(ws, "review", SAMPLE, "--lang", "ru", "--approve-all-clean")
    _assert_converted(ws, result, "KOI8-R")


def test_review_that_changes_nothing_keeps_the_legacy_file(translated_sample: Workspace) -> None:
    ws = translated_sample
    path = _legacy_workspace(ws, "CP1251")
    before = path.read_bytes()
    result = _in(ws, "review", SAMPLE, "--lang", "ru", "--approve-all-clean")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "converted" not in result.output and path.read_bytes() == before  # type: ignore[attr-defined]


def test_xliff_import_writes_utf8_with_a_note(translated_sample: Workspace,
                                              tmp_path: Path) -> None:
    ws = translated_sample
    _legacy_workspace(ws, "CP1251")
    xlf = tmp_path / "ru.xlf"
    assert _in(ws, "xliff", "export", SAMPLE, "--lang", "ru", "-o", str(xlf)).exit_code == 0  # type: ignore[attr-defined]
    text = xlf.read_text("utf-8")
    xlf.write_text(text.replace("безнаказанность после", "безнаказанность после", 1)
                   .replace("мирных протестов</target>", "мирных протестов!</target>", 1),
                   "utf-8")
    po = _assert_converted(ws, _in(ws, "xliff", "import", str(xlf)), "CP1251")
    assert any(e.msgstr.endswith("мирных протестов!") for e in po)


def test_parse_of_the_written_file_is_the_same_catalog(tmp_path: Path) -> None:
    legacy = read_po(legacy_po(RU, tmp_path / "x.po", "KOI8-R"))
    again = parse_po(tmp_path / "y.po", format_po(legacy).encode("utf-8"))
    assert [(e.msgid, e.msgstr, e.comment) for e in again] == \
        [(e.msgid, e.msgstr, e.comment) for e in legacy]
    assert layout_of(again).legacy_charset is None
