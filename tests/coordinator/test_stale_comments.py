"""Issue 13, item 8: a translator-confirmed entry loses `#. suggestion: …` at the next
command that rewrites its file, and XLIFF export writes no suggestion note for it.
(Ingest already wrote none on a confirmed entry: the merge carries notes on fuzzy entries
only. The sign-off of an entry going fuzzy on ingest: tests/coordinator/test_dryrun.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.catalog.pofile import read_po
from l10n.workspace.config import Workspace
from tests.coordinator.issue13 import catalog, cli, entries, make_workspace

CONFIRMED = "Journalists were detained."
OTHER = "Nobody believed the promises of the government."


def _confirmed_suggestion(tmp_path: Path) -> Workspace:
    """Pseudo suggestions everywhere; in alpha kk a translator confirmed one (removed
    'fuzzy' and nothing else, as an editor does)."""
    ws = make_workspace(tmp_path)
    assert cli(ws, "pretranslate", "--engine", "pseudo").exit_code == 0
    po = catalog(ws, "alpha", "kk")
    po.find(CONFIRMED).flags = []
    po.save(str(ws.po_path("alpha", "kk")))
    assert "suggestion: mt pseudo" in entries(ws, "alpha", "kk")[CONFIRMED].comment
    return ws


@pytest.mark.parametrize("command", [
    ("pretranslate", "--engine", "pseudo"),
    ("review", "alpha", "--lang", "kk", "--approve", "LINE"),
    ("xliff", "import", "XLIFF"),
])
def test_the_next_rewrite_drops_the_suggestion_note(tmp_path: Path,
                                                    command: tuple[str, ...]) -> None:
    ws = _confirmed_suggestion(tmp_path)
    xliff = tmp_path / "alpha.kk.xlf"
    if command[0] == "xliff":  # a CAT tool changed another unit: the import rewrites the file
        assert cli(ws, "xliff", "export", "alpha", "--lang", "kk", "-o", str(xliff)).exit_code == 0
        text = xliff.read_text(encoding="utf-8")
        start = text.index(f"<source>{OTHER}</source>")
        end = text.index("</target>", start)
        target = text.index(">", text.index("<target", start)) + 1
        xliff.write_text(text[:target] + "Үкімет уәделеріне ешкім сенбеді." + text[end:],
                         encoding="utf-8")
    line = read_po(ws.po_path("alpha", "kk")).find(CONFIRMED).linenum
    values = {"LINE": str(line), "XLIFF": str(xliff)}
    result = cli(ws, *(values.get(arg, arg) for arg in command))
    assert result.exit_code == 0, result.output
    after = entries(ws, "alpha", "kk")
    assert "suggestion:" not in after[CONFIRMED].comment
    assert after[CONFIRMED].msgstr.startswith("[kk: ")  # the translation itself stays
    if command[0] != "xliff":
        assert "suggestion: mt pseudo" in after[OTHER].comment  # still a suggestion


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_xliff_export_writes_no_suggestion_note_for_a_confirmed_entry(
        tmp_path: Path, version: str) -> None:
    ws = _confirmed_suggestion(tmp_path)
    out = tmp_path / "alpha.kk.xlf"
    result = cli(ws, "xliff", "export", "alpha", "--lang", "kk", "--version", version,
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    units = text.split("<trans-unit" if version == "1.2" else "<unit ")[1:]
    (mine,) = [u for u in units if f"<source>{CONFIRMED}</source>" in u]
    assert "suggestion:" not in mine
    (other,) = [u for u in units if f"<source>{OTHER}</source>" in u]
    assert "suggestion: mt pseudo" in other
