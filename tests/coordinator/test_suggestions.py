"""Issue 13, item 5: suggestions never block better ones. An exact memory match replaces an
unconfirmed machine suggestion, `pretranslate --refresh` redoes them, `--clear` removes
them; a translator's confirmed msgstr, or a fuzzy one a translator edited, is never touched.

The rule (l10n.catalog.entries.is_unconfirmed_suggestion): fuzzy, a `#. suggestion:` note,
and the msgstr still the one suggested (the note's fingerprint is the msgstr's)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polib
import pytest

from l10n.catalog.states import Status, status_of
from l10n.workspace.config import Workspace
from tests.coordinator.issue13 import catalog, cli, entries, make_workspace, translate_all
from tests.engines.enginefakes import serving
from tests.test_pretranslate import libre

SHARED = "Journalists were detained."  # in alpha and in beta
MEMORY = "Журналистер ұсталды."  # beta's confirmed kk translation of it
TITLE = "Protests in Almaty"
CHANGED = "The police arrested thousands of protesters in Almaty."
LAST = "Nobody believed the promises of the government."


def is_unconfirmed_suggestion(entry: polib.POEntry) -> bool:
    from l10n.catalog.entries import is_unconfirmed_suggestion as unconfirmed

    return unconfirmed(entry)


def _pseudo(tmp_path: Path) -> Workspace:
    """alpha and beta pre-translated with the pseudo engine; then a translator confirms
    beta's kk translation of SHARED, so the memory has an exact match for alpha's."""
    ws = make_workspace(tmp_path)
    result = cli(ws, "pretranslate", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    po = catalog(ws, "beta", "kk")
    entry = po.find(SHARED)
    entry.msgstr, entry.flags = MEMORY, []
    po.save(str(ws.po_path("beta", "kk")))
    return ws


def _translator_edits(ws: Workspace) -> None:
    """In alpha kk: TITLE confirmed as suggested, CHANGED edited but left fuzzy."""
    po = catalog(ws, "alpha", "kk")
    po.find(TITLE).flags = []
    po.find(CHANGED).msgstr = "Полиция мыңдаған наразылық білдірушіні ұстады (түзетілген)."
    po.save(str(ws.po_path("alpha", "kk")))


def test_pseudo_suggestions_carry_the_fingerprint_of_their_text(tmp_path: Path) -> None:
    ws = _pseudo(tmp_path)
    entry = entries(ws, "alpha", "kk")[CHANGED]
    assert "fuzzy" in entry.flags and is_unconfirmed_suggestion(entry)
    (line,) = [x for x in entry.comment.split("\n") if x.startswith("suggestion: ")]
    assert line.startswith("suggestion: mt pseudo [") and line.endswith("]")
    entry.msgstr += " (edited)"
    assert not is_unconfirmed_suggestion(entry)
    assert status_of(entry) is Status.FUZZY  # a translator's fuzzy work, not a suggestion


def test_an_exact_memory_match_replaces_a_machine_suggestion(tmp_path: Path) -> None:
    ws = _pseudo(tmp_path)
    _translator_edits(ws)
    before = entries(ws, "alpha", "kk")
    result = cli(ws, "pretranslate", "--engine", "pseudo", "--lang", "kk")
    assert result.exit_code == 0, result.output
    assert "alpha kk: 0 untranslated: 1 from memory (exact), 0 (fuzzy), 0 machine " \
           "(1 of them replacing earlier suggestions), 0 left" in result.stdout
    after = entries(ws, "alpha", "kk")
    assert after[SHARED].msgstr == MEMORY and "fuzzy" in after[SHARED].flags
    assert "suggestion: tm 100 [" in after[SHARED].comment
    assert "mt pseudo" not in after[SHARED].comment
    # The translator's confirmed and edited entries are untouched; so is the rest.
    for msgid in (TITLE, CHANGED, LAST):
        assert (after[msgid].msgstr, after[msgid].flags) == (before[msgid].msgstr,
                                                            before[msgid].flags)
    # A rerun changes nothing more.
    again = (ws.po_path("alpha", "kk")).read_bytes()
    assert cli(ws, "pretranslate", "--engine", "pseudo", "--lang", "kk").exit_code == 0
    assert ws.po_path("alpha", "kk").read_bytes() == again


def test_a_translators_edited_fuzzy_entry_is_not_replaced_by_memory(tmp_path: Path) -> None:
    ws = _pseudo(tmp_path)
    po = catalog(ws, "alpha", "kk")
    po.find(SHARED).msgstr = "Журналистерді ұстады (аудармашы)."  # edited, still fuzzy
    po.save(str(ws.po_path("alpha", "kk")))
    for args in ([], ["--refresh"], ["--clear"]):
        result = cli(ws, "pretranslate", "--engine", "pseudo", "--lang", "kk", *args)
        assert result.exit_code == 0, result.output
        assert entries(ws, "alpha", "kk")[SHARED].msgstr == "Журналистерді ұстады (аудармашы)."


def test_refresh_redoes_unconfirmed_suggestions_with_the_engine_chosen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = _pseudo(tmp_path)
    _translator_edits(ws)
    answers = {LAST: "Үкіметтің уәделеріне ешкім сенбеді.",
               "Journalists were detained.": "Журналистер ұсталды (машина)."}
    with serving(libre(answers)) as server:
        monkeypatch.setenv("L10N_LIBRETRANSLATE_URL", server.url)
        result = cli(ws, "pretranslate", "alpha", "--lang", "kk", "--refresh",
                     "--engine", "libretranslate", "--json")
    assert result.exit_code == 0, result.output
    (outcome,) = json.loads(result.stdout)["outcomes"]
    after = entries(ws, "alpha", "kk")
    # LAST: the pseudo suggestion redone by the engine; SHARED: the memory comes first.
    assert after[LAST].msgstr == answers[LAST] and "fuzzy" in after[LAST].flags
    assert "suggestion: mt libretranslate [" in after[LAST].comment
    assert after[SHARED].msgstr == MEMORY
    assert (outcome["tm_exact"], outcome["machine"], outcome["replaced"]) == (1, 1, 2)
    # Never touched: the confirmed title, the edited fuzzy sentence.
    assert after[TITLE].msgstr.startswith("[") and "fuzzy" not in after[TITLE].flags
    assert after[CHANGED].msgstr.endswith("(түзетілген).")


def test_a_translator_editing_while_refresh_runs_keeps_their_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine's answer arrives after a translator saved the file: the entry they
    edited (fuzzy still) keeps their text; the one nobody touched gets the answer, with
    one fingerprint on its note."""
    from l10n import pretranslate as pretranslate_module

    ws = _pseudo(tmp_path)
    real = pretranslate_module._Session.translate

    def translator_saves_first(self, texts, progress=None):  # type: ignore[no-untyped-def]
        _translator_edits(ws)
        return real(self, texts, progress)

    monkeypatch.setattr(pretranslate_module._Session, "translate", translator_saves_first)
    answers = {LAST: "Үкіметтің уәделеріне ешкім сенбеді.",
               CHANGED: "Полиция Алматыда мыңдаған наразылық білдірушіні ұстады.",
               TITLE: "Алматыдағы наразылықтар"}
    with serving(libre(answers)) as server:
        monkeypatch.setenv("L10N_LIBRETRANSLATE_URL", server.url)
        result = cli(ws, "pretranslate", "alpha", "--lang", "kk", "--refresh",
                     "--engine", "libretranslate")
    assert result.exit_code == 0, result.output
    after = entries(ws, "alpha", "kk")
    assert after[CHANGED].msgstr.endswith("(түзетілген).")  # edited meanwhile, still fuzzy
    assert after[TITLE].msgstr.startswith("[") and "fuzzy" not in after[TITLE].flags
    assert after[LAST].msgstr == answers[LAST] and is_unconfirmed_suggestion(after[LAST])
    (note,) = [line for line in after[LAST].comment.splitlines()
               if line.startswith("suggestion: ")]
    assert note.count("[") == 1, note


def test_clear_removes_unconfirmed_suggestions_only(tmp_path: Path) -> None:
    ws = _pseudo(tmp_path)
    _translator_edits(ws)
    translate_all(ws, "beta", "ru")  # a translator's confirmed work in another catalog
    ru_before = {m: (e.msgstr, e.flags) for m, e in entries(ws, "beta", "ru").items()}
    result = cli(ws, "pretranslate", "--clear", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "alpha kk: 2 unconfirmed suggestions would be removed, 2 untranslated" \
        in result.stdout
    assert all(is_unconfirmed_suggestion(entries(ws, "alpha", "kk")[m]) for m in (SHARED, LAST))
    result = cli(ws, "pretranslate", "--clear")
    assert result.exit_code == 0, result.output
    assert "alpha kk: 2 unconfirmed suggestions removed, 2 untranslated" in result.stdout
    assert "alpha ru: 4 unconfirmed suggestions removed, 4 untranslated" in result.stdout
    after = entries(ws, "alpha", "kk")
    for msgid in (SHARED, LAST):
        entry = after[msgid]
        assert entry.msgstr == "" and "fuzzy" not in entry.flags
        assert "suggestion:" not in entry.comment and entry.previous_msgid is None
    assert "fuzzy" not in after[TITLE].flags and after[TITLE].msgstr
    assert after[CHANGED].msgstr.endswith("(түзетілген).") and "fuzzy" in after[CHANGED].flags
    assert {m: (e.msgstr, e.flags) for m, e in entries(ws, "beta", "ru").items()} == ru_before
    assert entries(ws, "beta", "kk")[SHARED].msgstr == MEMORY
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(ws.po_path("alpha", "kk"))],
                   check=True)


def test_refresh_and_clear_together_are_refused(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    before = ws.po_path("alpha", "kk").read_bytes()
    result = cli(ws, "pretranslate", "--refresh", "--clear")
    assert result.exit_code == 2
    assert "choose one" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert ws.po_path("alpha", "kk").read_bytes() == before


def test_a_stale_suggestion_a_translator_edited_is_kept(tmp_path: Path) -> None:
    """A suggestion for a sentence since changed is redone, unless a translator edited it."""
    ws = _pseudo(tmp_path)
    po = catalog(ws, "alpha", "ru")
    po.find(LAST).msgstr = "Никто не поверил обещаниям правительства."  # edited, fuzzy kept
    po.save(str(ws.po_path("alpha", "ru")))
    text = (ws.sources_dir / "alpha.txt").read_text(encoding="utf-8")
    (ws.sources_dir / "alpha.txt").write_text(
        text.replace("promises of the government", "promises of the new government")
            .replace("thousands of protesters", "thousands of young protesters"),
        encoding="utf-8")
    assert cli(ws, "ingest").exit_code == 0
    assert cli(ws, "pretranslate", "--engine", "pseudo", "--lang", "ru").exit_code == 0
    got = {e.msgid: e for e in polib.pofile(str(ws.po_path("alpha", "ru")))}
    edited = got["Nobody believed the promises of the new government."]
    assert edited.msgstr == "Никто не поверил обещаниям правительства."
    redone = got["The police arrested thousands of young protesters in Almaty."]
    assert "ýöúñĝ" in redone.msgstr  # a fresh pseudo suggestion for the new sentence
