"""Tests for l10n.catalog.pofile: GNU-identical output, robust reading, precise errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.catalog.pofile import format_po, parse_po, read_po, write_po
from l10n.workspace.errors import CatalogError

DATA = Path(__file__).resolve().parents[1] / "data" / "po"
# /work/shared/real_po: next to the main checkout's parent, or at its absolute path when
# the tests run from a worktree elsewhere.
REAL = next((p for p in (Path(__file__).resolve().parents[3] / "shared" / "real_po",
                         Path("/work/shared/real_po")) if p.is_dir()), Path("/nonexistent"))
REAL_FILES = sorted(REAL.glob("*.po")) if REAL.is_dir() else []
FIXTURES = sorted(DATA.glob("*.po*"))
HAVE_GETTEXT = shutil.which("msgcat") is not None and shutil.which("msgfmt") is not None
needs_gettext = pytest.mark.skipif(not HAVE_GETTEXT, reason="GNU gettext tools not installed")

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def msgcat(data: bytes, tmp_path: Path, name: str = "in.po") -> str:
    """Return what GNU msgcat writes for ``data`` (the reference we must match)."""
    src, out = tmp_path / name, tmp_path / f"out-{name}"
    src.write_bytes(data)
    result = subprocess.run(["msgcat", "--force-po", "--width=79", "-o", str(out), str(src)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out.read_text(encoding="utf-8")


def expected_output(path: Path, tmp_path: Path) -> str:
    """msgcat's output for ``path`` after the documented, intended differences.

    1. A UTF-8 BOM: msgcat refuses the file ("syntax error"); we skip the BOM.
    2. A header entry that is not first: msgcat keeps it where it is; polib's
       model (metadata) always puts it first.
    3. A translator comment that is one empty "#" line: polib's tcomment ""
       means "no comment", so the lone "#" is dropped.
    4. xgettext's placeholder "charset=CHARSET": msgcat refuses to convert it
       ("not a portable encoding name"); we read it as UTF-8 and keep it.
    5. CRLF line ends and the BOM: msgcat writes LF (and refuses a BOM); we keep the
       file's own line ends and BOM (issue 9: a rewrite keeps the translator's format).
    """
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    placeholder = b"charset=CHARSET\\n" in data
    if placeholder:
        data = data.replace(b"charset=CHARSET\\n", b"charset=UTF-8\\n")
    text = msgcat(data, tmp_path)
    if placeholder:
        text = text.replace("charset=UTF-8\\n", "charset=CHARSET\\n")
    blocks = text.rstrip("\n").split("\n\n")
    header = [i for i, b in enumerate(blocks) if re.search(r'^msgid ""\nmsgstr', b, re.M)
              and "msgctxt" not in b]
    if header and header[0] != 0:
        blocks.insert(0, blocks.pop(header[0]))
    blocks = [b.removeprefix("#\n") if re.match(r"#\n(?!# |#\n)", b) else b for b in blocks]
    text = "\n\n".join(blocks) + "\n"
    original = path.read_bytes()
    if b"\r\n" in original.split(b"\n", 1)[0] + b"\n":
        text = text.replace("\n", "\r\n")
    return "\ufeff" + text if original.startswith(b"\xef\xbb\xbf") else text


def gnu_layout(text: str) -> str:
    """Our output as GNU tools take it: LF line ends, no BOM (difference 5 above)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


# --- (1) byte-identical to msgcat -------------------------------------------------


@needs_gettext
@pytest.mark.parametrize("path", REAL_FILES + FIXTURES, ids=lambda p: p.name)
def test_format_matches_msgcat(path: Path, tmp_path: Path) -> None:
    assert format_po(read_po(path)) == expected_output(path, tmp_path)


@needs_gettext
@pytest.mark.parametrize("path", REAL_FILES + FIXTURES, ids=lambda p: p.name)
def test_output_is_msgcat_fixed_point(path: Path, tmp_path: Path) -> None:
    ours = gnu_layout(format_po(read_po(path)))
    if "charset=CHARSET" in ours:
        pytest.skip("msgcat refuses charset=CHARSET (see expected_output)")
    assert msgcat(ours.encode(), tmp_path) == ours


@pytest.mark.skipif(not REAL_FILES, reason="shared/real_po not available")
def test_real_files_unchanged_except_lone_comments() -> None:
    # msgcat rewrites shadow.ru.po itself (it was wrapped by Lokalize), so compare
    # entry content rather than bytes here: nothing may be lost in a read/format/read.
    for path in REAL_FILES:
        first = read_po(path)
        again = parse_po(path, format_po(first).encode())
        assert [_entry_tuple(e) for e in first] == [_entry_tuple(e) for e in again]
        assert first.metadata == again.metadata


def test_msgcat_known_difference_bom_lone_comment_and_late_header() -> None:
    data = "\ufeff" + '#: a.md:1\nmsgid "x"\nmsgstr "y"\n\n' + HEADER.replace(
        'msgid ""', '#\nmsgid ""')
    po = parse_po(Path("t.po"), data.encode())
    assert format_po(po) == (  # the BOM is the file's own: kept (issue 9, item 9)
        '\ufeffmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: a.md:1\nmsgid "x"\nmsgstr "y"\n')


# --- (2) msgfmt accepts what we write ---------------------------------------------


@needs_gettext
@pytest.mark.parametrize("path", REAL_FILES + FIXTURES, ids=lambda p: p.name)
def test_output_passes_msgfmt(path: Path, tmp_path: Path) -> None:
    out = tmp_path / ("out" + path.suffix)
    out.write_text(gnu_layout(format_po(read_po(path))), encoding="utf-8")
    # A .pot has a placeholder header (charset=CHARSET, nplurals=INTEGER): skip -c.
    checks = ["--check-format"] if path.suffix == ".pot" else ["-c", "--check-format"]
    result = subprocess.run(["msgfmt", *checks, "-o", os.devnull, str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- reading: what editors write ----------------------------------------------------


def test_reads_poedit_fixture_fields() -> None:
    po = read_po(DATA / "poedit.fr.po")
    assert po.metadata["X-Generator"] == "Poedit 3.4.2"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    fuzzy = po.find("The office will employ 30 people by the end of 2024.")
    assert fuzzy is not None and fuzzy.flags == ["fuzzy"]
    assert fuzzy.tcomment == "Keep the brand name in English."
    assert fuzzy.previous_msgid == "The office will employ 25 people by the end of the year."
    month = po.find("May", msgctxt="month")
    assert month is not None and month.msgstr == "mai"
    plural = po.find("%(count)d engineer joined")
    assert plural is not None and plural.msgstr_plural[1].startswith("%(count)d ingénieurs")
    tabs = po.find('Tabs\tand "quotes" and back\\slashes\n')
    assert tabs is not None
    assert [e.msgid for e in po.obsolete_entries()] == ["Old headline"]


def test_crlf_and_bom_files_read_like_lf_files() -> None:
    crlf = read_po(DATA / "crlf.kk.po")
    assert all("\r" not in e.msgid + e.msgstr for e in crlf)
    assert crlf.metadata["Language"] == "kk"
    lf = parse_po(Path("kk.po"), (DATA / "crlf.kk.po").read_bytes().replace(b"\r\n", b"\n"))
    # Same content; only the line ends differ, each file keeping its own (issue 9).
    assert format_po(crlf) == format_po(lf).replace("\n", "\r\n")
    bom = read_po(DATA / "bom.ja.po")
    assert bom.metadata["Language"] == "ja"


def test_obsolete_previous_and_context_are_kept() -> None:
    # polib 1.2 drops "#~|" previous fields; we keep them.
    po = read_po(DATA / "weblate.ru.po")
    old = [e for e in po.obsolete_entries() if e.msgid.startswith("Old subtitle")][0]
    assert old.previous_msgid == "Old subtitle about the office"
    assert old.flags == ["fuzzy"]
    june = [e for e in po.obsolete_entries() if e.msgid == "June"][0]
    assert june.msgctxt == "month"


def test_comments_without_space_and_unknown_flags() -> None:
    # polib raises OSError on "#foo"; gettext reads it as a translator comment.
    po = parse_po(Path("t.po"), (HEADER + "#foo\n#.bar\n#,l10n-mt, fuzzy,c-format\n"
                                 'msgid "a"\nmsgstr "b"\n').encode())
    entry = po[0]
    assert (entry.tcomment, entry.comment) == ("foo", "bar")
    assert entry.flags == ["l10n-mt", "fuzzy", "c-format"]
    # msgcat would drop l10n-mt; we keep unknown flags, after the ones gettext knows.
    assert "#, fuzzy, c-format, l10n-mt\n" in format_po(po)


def test_octal_and_hex_escapes_are_utf8_bytes() -> None:
    po = parse_po(Path("t.po"), (HEADER + 'msgid "caf\\303\\251 \\x41"\nmsgstr ""\n').encode())
    assert po[0].msgid == "café A"


def test_template_with_placeholder_header() -> None:
    po = read_po(DATA / "template.pot")
    assert po.metadata["Content-Type"] == "text/plain; charset=CHARSET"
    assert po.metadata_is_fuzzy == ["fuzzy"]
    assert po[1].flags == ["c-format", "no-wrap"]


# --- (4) broken files: one CatalogError with the exact line ------------------------

BROKEN = {
    "unterminated": (HEADER + 'msgid "abc\nmsgstr "x"\n', 5, "unterminated string"),
    "garbage line": (HEADER + 'msgid "a"\nmsgstr "b"\nhello world\n', 7, "unknown keyword"),
    "unknown keyword": (HEADER + 'msgid "a"\nmsgtext "b"\n', 6, "unknown keyword"),
    "msgstr first": ('msgstr "x"\n' + HEADER, 1, "msgstr without a msgid"),
    "msgstr twice": (HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgstr "c"\n', 8, "msgstr without"),
    "msgid without msgstr": (HEADER + 'msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 7, "no msgstr"),
    "eof after msgid": (HEADER + '# c\nmsgid "a"\n', 6, "msgid without msgstr"),
    "duplicate": (HEADER + 'msgid "a"\nmsgstr "b"\n\n#: x\nmsgid "a"\nmsgstr "c"\n', 9,
                  "first definition is at line 5"),
    "duplicate obsolete": (HEADER + 'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', 8,
                           "first definition is at line 5"),
    "duplicate ctxt": (HEADER + 'msgctxt "k"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "k"\n'
                       'msgid "a"\nmsgstr "c"\n', 9, "line 5"),
    "no header": ('msgid "a"\nmsgstr "b"\n', 1, "no header entry"),
    "no content type": ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n', 1, "no Content-Type"),
    "no charset": ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain\\n"\n',
                   4, "no charset"),
    # Issue 11: ISO-8859-1 is read now; a charset Python cannot decode is still refused.
    "undecodable charset": ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; '
                            'charset=GEORGIAN-PS\\n"\n', 3, "msgconv --to-code=UTF-8"),
    "bad plural forms": (HEADER[:-1] + '"Plural-Forms: nplurals=2; plural=n>;\\n"\n\n', 4,
                         "Plural-Forms"),
    "plural out of range": (HEADER[:-1] + '"Plural-Forms: nplurals=2; plural=n%3;\\n"\n\n', 4,
                            "outside 0..1"),
    # msgfmt -c looks for nplurals= only when a translated plural message needs it.
    "plural not nplurals": (HEADER[:-1] + '"Plural-Forms: plural=n!=1;\\n"\n\n'
                            'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "xs"\n', 6,
                            "no 'nplurals=N'"),
    "msgstr for plural": (HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr "x"\n', 7,
                          "msgstr[0]"),
    "msgstr index": (HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[1] "x"\n', 7,
                     "out of order"),
    "invalid escape": (HEADER + 'msgid "a"\nmsgstr ""\n"b\\qc"\n', 7, "invalid escape"),
    "escape at end": (HEADER + 'msgid "a\\"\nmsgstr "b"\n', 5, "unterminated"),
    "not utf8": (HEADER + 'msgid "a"\nmsgstr "\xe9"\n', 6, "not valid UTF-8"),
    "stray string": ('"orphan"\n' + HEADER, 1, "string without a keyword"),
    "eot in msgid": (HEADER + 'msgid "a\\004b"\nmsgstr ""\n', 5, "context separator"),
    "comment inside": (HEADER + 'msgid "a"\n# c\nmsgstr "b"\n', 6, "comment inside"),
}


@pytest.mark.parametrize("case", sorted(BROKEN), ids=str)
def test_broken_file_reports_line(case: str, tmp_path: Path) -> None:
    text, line, words = BROKEN[case]
    data = text.encode("latin-1") if case == "not utf8" else text.encode("utf-8")
    path = tmp_path / "broken.po"
    path.write_bytes(data)
    with pytest.raises(CatalogError) as info:
        read_po(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert words in message
    assert "\n" not in message
    assert info.value.line == line


def test_broken_crlf_file_reports_same_line(tmp_path: Path) -> None:
    text, line, _ = BROKEN["duplicate"]
    with pytest.raises(CatalogError) as info:
        parse_po(tmp_path / "x.po", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert info.value.line == line


def test_missing_file_is_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="cannot read"):
        read_po(tmp_path / "nope.po")


@needs_gettext
@pytest.mark.parametrize("case", ["unterminated", "garbage line", "duplicate",
                                  "msgstr for plural", "invalid escape"])
def test_gnu_rejects_the_same_files(case: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.po"
    path.write_text(BROKEN[case][0], encoding="utf-8")
    result = subprocess.run(["msgcat", str(path)], capture_output=True, text=True)
    assert result.returncode != 0


# --- (5) write_po -------------------------------------------------------------------


def test_write_po_skips_identical_content(tmp_path: Path) -> None:
    po = read_po(DATA / "poedit.fr.po")
    target = tmp_path / "fr.po"
    assert write_po(po, target) is True
    os.utime(target, (1_000_000, 1_000_000))
    assert write_po(po, target) is False
    assert target.stat().st_mtime == 1_000_000
    po[0].msgstr = "Changé"
    assert write_po(po, target) is True
    assert read_po(target)[0].msgstr == "Changé"


def test_write_po_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "fr.po"
    target.write_text("old", encoding="utf-8")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_po(read_po(DATA / "poedit.fr.po"), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fr.po"]


# --- formatting details ---------------------------------------------------------------


def test_format_ends_with_one_newline_and_orders_obsolete_last() -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="old", msgstr="vieux", obsolete=True))
    po.append(polib.POEntry(msgid="dropped", msgstr="", obsolete=True))
    po.append(polib.POEntry(msgid="new", msgstr="neuf"))
    text = format_po(po)
    assert text.endswith('#~ msgid "old"\n#~ msgstr "vieux"\n')
    assert "dropped" not in text  # msgcat drops untranslated obsolete entries too
    assert text.index('"new"') < text.index('"old"')


def test_fuzzy_dropped_when_untranslated() -> None:
    # msgcat/msgmerge drop "fuzzy" when msgstr (or msgstr[0]) is empty; so do we.
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="a", msgstr="", flags=["fuzzy", "c-format"]))
    assert '#, c-format\nmsgid "a"' in format_po(po)


def test_width_counts_columns_not_bytes() -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="x", msgstr="я " * 35))  # 79 columns, 149 bytes
    assert '\nmsgstr "' + "я " * 35 + '"\n' in format_po(po)
    po[0].msgstr += "я"
    assert '\nmsgstr ""\n' in format_po(po)


# --- (3) properties -------------------------------------------------------------------

# gettext forbids NUL anywhere and EOT (its msgctxt separator) in msgid/msgctxt.
_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04"),
                max_size=120)
# For comparisons with msgcat: letters, digits, punctuation, spaces and controls of any
# script. Symbols are left out: libunistring 1.0 and Python's Unicode 14 disagree on
# the column width of emoji-like symbols (U+25FD is 2 columns for Python, 1 for
# gettext), and on unassigned/private-use code points; a known, documented difference.
_ASSIGNED_TEXT = st.text(st.characters(whitelist_categories=("L", "M", "N", "P", "Zs", "Cc"),
                                       blacklist_characters="\x00\x04"), max_size=120)
# gettext joins a comment line ending in a backslash with the next line: avoid it.
_LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                              blacklist_characters="\x85"), max_size=40).filter(
                                  lambda s: not s.endswith("\\"))
_FLAGS = st.lists(st.sampled_from(["fuzzy", "c-format", "no-java-format", "python-format",
                                   "python-brace-format", "no-wrap"]), unique=True, max_size=3)
_REF = st.tuples(st.from_regex(r"[a-z_/]{1,12}\.md", fullmatch=True),
                 st.integers(1, 9999).map(str))


@st.composite
def entries(draw: st.DrawFn, text: st.SearchStrategy[str] = _TEXT) -> polib.POEntry:
    obsolete = draw(st.booleans())
    plural = draw(st.booleans())
    entry = polib.POEntry(
        msgid=draw(text.filter(bool)), msgctxt=draw(st.none() | text),
        tcomment="\n".join(draw(st.lists(_LINE.filter(bool), max_size=3))),
        comment="" if obsolete else "\n".join(draw(st.lists(_LINE.filter(bool), max_size=2))),
        occurrences=[] if obsolete else draw(st.lists(_REF, max_size=6, unique=True)),
        flags=draw(_FLAGS), previous_msgid=draw(st.none() | text.filter(bool)),
        obsolete=obsolete)
    # gettext strips one leading blank from comments and trims those of #: tokens.
    entry.tcomment = "\n".join(line.lstrip(" \t") or "x" for line in entry.tcomment.split("\n")
                               ) if entry.tcomment else ""
    entry.comment = "\n".join(line.lstrip(" \t") or "x" for line in entry.comment.split("\n")
                              ) if entry.comment else ""
    if plural:
        entry.msgid_plural = draw(text.filter(bool))
        entry.msgstr_plural = {0: draw(text.filter(bool)), 1: draw(text)}
    else:
        entry.msgstr = draw(text.filter(bool) if obsolete else text)
    first = entry.msgstr_plural[0] if plural else entry.msgstr
    if not first and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")  # see test_fuzzy_dropped_when_untranslated
    if first and not obsolete and "fuzzy" not in entry.flags:
        _as_msgfmt_accepts(entry)
    return entry


def _as_msgfmt_accepts(entry: polib.POEntry) -> None:
    """A translated message msgfmt -c accepts, as the reader wants (see
    test_msgfmt_agreement.py): newlines at both ends as in the msgid, no C directives."""
    def plain(text: str) -> str:
        return text.replace("%", "") if "c-format" in entry.flags else text

    def like_msgid(text: str) -> str:
        core = plain(text).strip("\n") or "x"
        return ("\n" if entry.msgid.startswith("\n") else "") + core + (
            "\n" if entry.msgid.endswith("\n") else "")

    entry.msgid = plain(entry.msgid) or "x"
    if entry.msgid_plural:
        entry.msgid_plural = like_msgid(entry.msgid_plural)
        entry.msgstr_plural = {k: like_msgid(v) for k, v in entry.msgstr_plural.items()}
    else:
        entry.msgstr = like_msgid(entry.msgstr)


@st.composite
def catalogs(draw: st.DrawFn, text: st.SearchStrategy[str] = _TEXT) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8",
                   "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    seen = set()
    for entry in draw(st.lists(entries(text), max_size=4)):
        key = (entry.msgctxt, entry.msgid)
        if key not in seen and (entry.msgctxt, entry.msgid) != (None, ""):
            seen.add(key)
            po.append(entry)
    return po


def _entry_tuple(e: polib.POEntry) -> tuple[object, ...]:
    return (e.msgid, e.msgctxt, e.msgstr, e.msgid_plural, dict(e.msgstr_plural), e.tcomment,
            e.comment, list(e.occurrences), sorted(e.flags), e.previous_msgid,
            e.previous_msgctxt, e.previous_msgid_plural, bool(e.obsolete))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(), st.sampled_from([79, 40, 1000]))
def test_format_parse_identity(po: polib.POFile, width: int) -> None:
    text = format_po(po, width=width)
    again = parse_po(Path("gen.po"), text.encode())
    assert [_entry_tuple(e) for e in again] == [
        _entry_tuple(e) for e in sorted(po, key=lambda e: bool(e.obsolete))]
    assert format_po(again, width=width) == text


@needs_gettext
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(po=catalogs(_ASSIGNED_TEXT))
def test_generated_output_is_msgcat_fixed_point(po: polib.POFile, tmp_path: Path) -> None:
    text = format_po(po)
    assert msgcat(text.encode(), tmp_path) == text


_WRAP_ALPHABET = st.sampled_from(list("aaaaeeooiu     --//..,,;:!?()\"\\\n\t1234%$'«»—–")
                                 + ["я", "ж", "қ", "日", "本", "。", "、", "あ", "ー", "é"])


@needs_gettext
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(_WRAP_ALPHABET, min_size=40, max_size=300), min_size=1,
                      max_size=8))
def test_wrapping_matches_msgcat(texts: list[str], tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for i, text in enumerate(texts):
        po.append(polib.POEntry(msgctxt=str(i), msgid=text, msgstr=text[::-1]))
    ours = format_po(po)
    assert msgcat(ours.encode(), tmp_path) == ours
