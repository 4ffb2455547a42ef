"""Review states live in the PO file and survive GNU msgmerge, msgcat and our own merges."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import polib
import pytest

from l10n.catalog.entries import add_notes
from l10n.catalog.pofile import format_po, parse_po
from l10n.catalog.states import (
    Status,
    clear_review,
    mark_reviewed,
    sign_off,
    stale_sign_off,
    status_of,
)


def entry(msgstr: str = "", *, flags: tuple[str, ...] = (), note: str = "") -> polib.POEntry:
    e = polib.POEntry(msgid="The police arrested protesters.", msgstr=msgstr, flags=list(flags))
    if note:
        add_notes(e, [note])
    return e


def test_states() -> None:
    assert status_of(entry()) is Status.UNTRANSLATED
    assert status_of(entry("x", flags=("fuzzy",), note="suggestion: mt google")) is Status.SUGGESTED
    assert status_of(entry("x", flags=("fuzzy",))) is Status.FUZZY
    assert status_of(entry("Полиция задержала протестующих.")) is Status.TRANSLATED


def test_sign_off_and_automatic_loss_on_change() -> None:
    e = entry("Полиция задержала протестующих.")
    e.tcomment = "Checked with the editor"
    mark_reviewed(e, reviewer="Aigerim", day=date(2026, 11, 28))
    assert status_of(e) is Status.REVIEWED
    assert sign_off(e) == ("2026-11-28", "Aigerim")
    assert e.tcomment.startswith("Checked with the editor\nl10n-reviewed: 2026-11-28 by Aigerim [")
    e.msgstr = "Полиция задержала участников протеста."  # a translator edits it later
    assert status_of(e) is Status.TRANSLATED and stale_sign_off(e)
    assert clear_review(e) and e.tcomment == "Checked with the editor"


def test_fuzzy_or_empty_entries_cannot_be_signed_off() -> None:
    with pytest.raises(ValueError):
        mark_reviewed(entry("x", flags=("fuzzy",)))
    with pytest.raises(ValueError):
        mark_reviewed(entry())


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="needs GNU gettext")
def test_sign_off_survives_msgmerge_and_msgcat(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    e = entry("Полиция задержала протестующих.")
    mark_reviewed(e, reviewer="Aigerim", day=date(2026, 11, 28))
    po.append(e)
    (tmp_path / "ru.po").write_text(format_po(po), encoding="utf-8")
    pot = polib.POFile()
    pot.metadata = dict(po.metadata)
    pot.append(polib.POEntry(msgid=e.msgid, msgstr=""))
    (tmp_path / "x.pot").write_text(format_po(pot), encoding="utf-8")
    for command in (["msgmerge", "-q", "-o", "out.po", "ru.po", "x.pot"],
                    ["msgcat", "-o", "out.po", "ru.po"]):
        subprocess.run(command, cwd=tmp_path, check=True)
        again = parse_po(Path("out.po"), (tmp_path / "out.po").read_bytes())
        assert status_of(again[0]) is Status.REVIEWED
