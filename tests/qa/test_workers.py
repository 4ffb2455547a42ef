"""Worker processes share a run's catalogs finer than a language, and find what one process finds."""

from __future__ import annotations

import gc
from pathlib import Path

import polib

import pytest

from l10n.qa import runner
from l10n.qa.runner import _shares, check_catalogs
from tests.qa.test_checks import make_workspace


def test_three_languages_on_two_workers_split_one_language() -> None:
    releases = [f"r{n}" for n in range(10)]
    shares = _shares(["kk", "ru", "fr"], releases, ["old"], 2)
    assert [[(lang, len(chosen)) for lang, chosen, _ in share] for share in shares] == [
        [("kk", 10), ("ru", 5)], [("ru", 5), ("fr", 10)]]
    # Every catalog once; a language's other releases are read by one worker only.
    assert sorted((lang, r) for share in shares for lang, chosen, _ in share
                  for r in chosen) == sorted((lang, r) for lang in ("kk", "ru", "fr")
                                             for r in releases)
    assert [others for share in shares for _, _, others in share] == [
        ["old"], ["old"], [], ["old"]]


def test_a_spell_checked_language_weighs_more() -> None:
    shares = _shares(["kk", "ru"], [f"r{n}" for n in range(100)], [], 2,
                     spelled=lambda lang: lang == "ru")
    assert [(lang, len(chosen)) for lang, chosen, _ in shares[0]] == [("kk", 100),
                                                                     ("ru", 10)]


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "interpreter"])
def test_workers_give_the_findings_of_one_process(tmp_path: Path, fork: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Consistency and omission compare every release, also those a worker does not check
    and those that are not checked at all (known, not chosen); forked workers and child
    interpreters alike."""
    started: list[str] = []
    for kind in (runner._Forked, runner._Child):
        def init(self: runner._Child, *args: object, _kind: type = kind,
                 _init: object = kind.__init__) -> None:
            started.append(_kind.__name__)
            _init(self, *args)  # type: ignore[operator]
        monkeypatch.setattr(kind, "__init__", init)
    monkeypatch.setattr(runner, "_can_fork", lambda: fork)
    catalogs: dict[tuple[str, str], list[polib.POEntry]] = {}
    for n in range(7):
        odd = n % 3 == 0
        catalogs[(f"r{n}", "ru")] = [
            polib.POEntry(msgid="Journalists were detained in Almaty.",
                          msgstr="Журналисты задержаны в Алматы." if not odd else
                          "В Алматы задержали журналистов."),  # consistency across releases
            polib.POEntry(msgid="The protests took place in Nur-Sultan.",
                          msgstr="Протесты прошли в Нурсултане."),  # glossary
            polib.POEntry(msgid="The court did not hear the case on 12 March 2020 in Almaty, "
                                "where the journalists were detained last year.",
                          msgstr="Суд не рассмотрел дело 12 марта 2020 года.",
                          flags=["fuzzy"] if odd else []),  # length, and omission learns
        ]
        catalogs[(f"r{n}", "kk")] = [polib.POEntry(msgid="Journalists were detained.",
                                                   msgstr="Журналисты были задержаны.")]
        catalogs[(f"r{n}", "fr")] = [polib.POEntry(
            msgid="Journalists were detained.",
            msgstr="Des journalistes ont été arrêtés." if n else "Journalistes arrêtés.")]
    ws = make_workspace(tmp_path / "ws", catalogs)
    known = [f"r{n}" for n in range(7)]
    chosen = known[1:]
    alone = check_catalogs(ws, chosen, known, workers=1)
    assert {f.check for f in alone} >= {"consistency", "glossary", "language", "length"}

    def in_process(*args: object) -> None:
        raise AssertionError("a worker failed: the run fell back to this process")
    monkeypatch.setattr(runner, "_check_language", in_process)
    for workers in (2, 3, 5):
        calls: list[tuple[int, int]] = []
        together = check_catalogs(ws, chosen, known, workers=workers,
                                  progress=lambda done, total: calls.append((done, total)))
        assert [f.as_dict() for f in together] == [f.as_dict() for f in alone]
        assert (together.skipped, together.entries, together.checks) == (
            alone.skipped, alone.entries, alone.checks)
        assert calls[-1] == (18, 18) and len(calls) == 18
    assert set(started) == {"_Forked" if fork else "_Child"}
    assert gc.get_freeze_count() == 0  # the heap is unfrozen after a run
