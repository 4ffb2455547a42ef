"""The PO reader's fast path (pofile._fast_entries) against its line-by-line reader.

The fast path must give exactly the entries ``_Reader`` gives (every field, line numbers
included) or decline (None), and the files it declines must be read, or refused, exactly as
before. A test here that only ever saw the fast path decline could not fail, so each says
how often it was taken.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.catalog import pofile
from l10n.catalog.pofile import format_po, parse_po
from l10n.workspace.errors import CatalogError
from tests.catalog.test_pofile import REAL_FILES, catalogs
from tests.conftest import ROOT

REPO_FILES = sorted([*(ROOT / "locales").rglob("*.po"), *(ROOT / "locales").rglob("*.pot"),
                     *(ROOT / "tests" / "data" / "po").glob("*.po*")])


def _both(path: Path, data: bytes) -> tuple[list[pofile._Entry] | None, object]:
    """What the fast path and the line reader make of a file's text (the reader's
    CatalogError as (line, message) if it refuses it)."""
    text, _ = pofile._decode(path, data)
    fast = pofile._fast_entries(path, text)
    try:
        slow: object = pofile._Reader(path).run(text)
    except CatalogError as exc:
        slow = (exc.line, str(exc))
    return fast, slow


def _parse_without_fast_path(path: Path, data: bytes, monkeypatch: pytest.MonkeyPatch
                             ) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(pofile, "_fast_entries", lambda path, text: None)
        return _outcome(path, data)


def _outcome(path: Path, data: bytes) -> object:
    """parse_po's catalog as comparable values, or its error as (line, message)."""
    try:
        po = parse_po(path, data)
    except CatalogError as exc:
        return (exc.line, str(exc))
    return (format_po(po), dict(po.metadata), [(e.linenum, e.msgid, e.msgctxt, e.flags)
                                                for e in po])


@pytest.mark.parametrize("path", [*REPO_FILES, *REAL_FILES], ids=lambda p: p.name)
def test_files_read_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    fast, slow = _both(path, data)
    if fast is not None:
        assert fast == slow
    assert _outcome(path, data) == _parse_without_fast_path(path, data, monkeypatch)


def test_fast_path_taken_for_editor_files() -> None:
    """The shapes msgcat, polib and l10n write go the fast way (the sample's catalogs)."""
    files = [p for p in REPO_FILES if p.parent.name == "LC_MESSAGES" or p.suffix == ".pot"]
    assert files
    for path in files:
        text, _ = pofile._decode(path, path.read_bytes())
        assert pofile._fast_entries(path, text) is not None, path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(), st.sampled_from([79, 30, 1000]))
def test_generated_catalogs_read_alike(po: object, width: int) -> None:
    text = format_po(po, width=width)  # type: ignore[arg-type]
    fast, slow = _both(Path("gen.po"), text.encode())
    if "#~" not in text and "#|" not in text:  # obsolete and previous: the line reader's
        assert fast is not None
    if fast is not None:
        assert fast == slow


# Small edits that break a file or change its shape: the fast path declines them or reads
# them as the line reader does, and errors stay the line reader's.
_EDITS = (
    lambda lines, i: lines[:i] + lines[i + 1:],  # a line lost
    lambda lines, i: lines[:i] + [lines[i]] + lines[i:],  # a line doubled
    lambda lines, i: lines[:i] + [lines[i] + " "] + lines[i + 1:],  # a trailing blank
    lambda lines, i: lines[:i] + ["  " + lines[i]] + lines[i + 1:],  # an indent
    lambda lines, i: lines[:i] + [lines[i].replace('"', "", 1)] + lines[i + 1:],
    lambda lines, i: lines[:i] + [lines[i].replace(" ", '\\q', 1)] + lines[i + 1:],
    lambda lines, i: lines[:i] + ["#, fuzzy", ""] + lines[i:],  # a comment in a message
    lambda lines, i: lines[:i] + [lines[i].replace("msgstr", "msgstr[1]", 1)] + lines[i + 1:],
    lambda lines, i: lines[:i] + [lines[i] + '"\\x41"'] + lines[i + 1:],
    lambda lines, i: lines[:i] + [lines[i].replace("msgid", "msgctxt", 1)] + lines[i + 1:],
)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(po=catalogs(), edit=st.sampled_from(_EDITS), where=st.floats(0, 1),
       crlf=st.booleans())
def test_edited_catalogs_refused_alike(po: object, edit: object, where: float, crlf: bool,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    lines = format_po(po).split("\n")  # type: ignore[arg-type]
    lines = edit(lines, int(where * (len(lines) - 1)))  # type: ignore[operator]
    data = ("\r\n" if crlf else "\n").join(lines).encode()
    fast, slow = _both(Path("gen.po"), data)
    if fast is not None:
        assert fast == slow
    assert _outcome(Path("gen.po"), data) == _parse_without_fast_path(Path("gen.po"), data,
                                                                      monkeypatch)


def test_plural_forms_out_of_order_refused_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    data = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
            'msgid "a day"\nmsgid_plural "%d days"\nmsgstr[1] "x"\nmsgstr[0] "y"\n').encode()
    outcome = _outcome(Path("p.po"), data)
    assert outcome == (8, "p.po:8: msgstr[1] out of order; expected msgstr[0]")
    assert outcome == _parse_without_fast_path(Path("p.po"), data, monkeypatch)


def test_fast_path_line_numbers() -> None:
    """Comments, blank lines and continuations before a message move its line as in the
    file (the line reader agrees, and so do errors that cite them)."""
    text = ('\n\n# note\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '\n\n#. x\n#: a.txt:1 b.txt\n#, fuzzy, c-format\nmsgctxt "c"\nmsgid "a"\n"b\\"q"\n'
            'msgstr "\\u2028"\n' .replace("\\u2028", "\u2028") + '"y\\n"')
    fast = pofile._fast_entries(Path("l.po"), text)
    assert fast is not None
    assert [e.line for e in fast] == [4, 12]
    assert fast[1].fields == {"msgctxt": "c", "msgid": 'ab"q', "msgstr": "\u2028y\n"}
    assert fast[1].segments == [(15, "\u2028"), (16, "y\n")]
    assert fast[1].refs == [("a.txt", "1"), ("b.txt", "")]
    assert fast[1].flags == ["fuzzy", "c-format"]
    assert fast == pofile._Reader(Path("l.po")).run(text)
