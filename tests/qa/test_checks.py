"""QA checks: the planted-error set (precision/recall), the reviewed sample, ignores, real PO files."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.catalog.pofile import read_po
from l10n.check import check_workspace
from l10n.qa.checks import _spelling_words, spelling_words
from l10n.qa.headers import FILE_CHECKS
from l10n.qa.runner import Finding, QAResult, check_text, list_checks
from l10n.qa.spelling import Speller
from l10n.workspace.config import Workspace, load_workspace
from l10n.workspace.errors import ConfigError, UsageError

ROOT = Path(__file__).resolve().parents[2]
PLANTED = json.loads((ROOT / "tests" / "data" / "qa" / "planted.json").read_text("utf-8"))
REAL_PO = Path("/work/shared/real_po")
HAVE_SPELLING = all(Speller.for_lang(lang)[0] is not None for lang in ("ru", "fr"))

Entry = tuple[str | None, str, str]  # msgctxt, msgid, msgstr


def make_workspace(root: Path, catalogs: dict[tuple[str, str], Iterable[Entry | polib.POEntry]],
                   config: str = "") -> Workspace:
    """A workspace with the repository's glossary and the given (release, lang) catalogs."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "l10n.toml").write_text('source = "en"\ntargets = ["kk", "ru", "fr"]\n' + config,
                                    encoding="utf-8")
    shutil.copytree(ROOT / "glossary", root / "glossary")
    for release in {r for r, _ in catalogs}:
        template = root / "locales" / "templates" / f"{release}.pot"
        template.parent.mkdir(parents=True, exist_ok=True)
        pot = polib.POFile()
        pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        pot.save(str(template))
    for (release, lang), entries in catalogs.items():
        po = polib.POFile(wrapwidth=78)
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang,
                       "MIME-Version": "1.0", "Content-Transfer-Encoding": "8bit"}
        for e in entries:
            po.append(e if isinstance(e, polib.POEntry) else
                      polib.POEntry(msgctxt=e[0], msgid=e[1], msgstr=e[2]))
        path = root / "locales" / lang / "LC_MESSAGES" / f"{release}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(path))
    return load_workspace(root / "l10n.toml")


def _run_planted(tmp_path: Path, which: str) -> tuple[list[dict], dict[int, list[Finding]]]:
    """Check the bad (or good) sentence of every case; each case's entry has msgctxt case-<i>."""
    cases = [c for c in PLANTED if c["check"] != "spelling" or HAVE_SPELLING]
    catalogs: dict[tuple[str, str], list[Entry]] = {}
    for i, case in enumerate(cases):
        ctxt = f"case-{i}"
        catalogs.setdefault(("planted", case["lang"]), []).append(
            (ctxt, case["source"], case[which]))
        if "ref" in case:  # the same sentence, reviewed in another release
            catalogs.setdefault(("reference", case["lang"]), []).append(
                (ctxt, case["source"], case["ref"]))
    ws = make_workspace(tmp_path / which, catalogs)
    result = check_workspace(ws, ["planted"])
    by_line = {(ws.relative(ws.po_path("planted", lang)), e.linenum): int(e.msgctxt[5:])
               for _, lang in catalogs for e in read_po(ws.po_path("planted", lang))}
    found: dict[int, list[Finding]] = {i: [] for i in range(len(cases))}
    for f in result.findings:
        found[by_line[(f.file, f.line)]].append(f)
    return cases, found


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[dict], dict]]:
    tmp = tmp_path_factory.mktemp("planted")
    return {which: _run_planted(tmp, which) for which in ("bad", "good")}


def test_every_check_has_two_planted_errors() -> None:
    # File-level checks (a header) have no per-entry case: tests/qa/test_headers.py.
    names = [c.name for c in list_checks() if c.name not in FILE_CHECKS]
    for name in names:
        assert sum(1 for c in PLANTED if c["check"] == name) >= 2, name
    assert {c["check"] for c in PLANTED} <= set(names)


@pytest.mark.parametrize("i", range(len(PLANTED)),
                         ids=[f"{c['check']}-{c['lang']}-{i}" for i, c in enumerate(PLANTED)])
def test_planted_error_is_found(planted: dict, i: int) -> None:
    cases, found = planted["bad"]
    if i >= len(cases) or cases[i] is not PLANTED[i]:
        pytest.skip("spelling needs hunspell with the ru and fr dictionaries")
    assert cases[i]["check"] in {f.check for f in found[i]}, (cases[i], found[i])


@pytest.mark.parametrize("i", range(len(PLANTED)),
                         ids=[f"{c['check']}-{c['lang']}-{i}" for i, c in enumerate(PLANTED)])
def test_correct_twin_is_silent(planted: dict, i: int) -> None:
    cases, found = planted["good"]
    if i >= len(cases) or cases[i] is not PLANTED[i]:
        pytest.skip("spelling needs hunspell with the ru and fr dictionaries")
    assert found[i] == [], (cases[i], found[i])


def test_planted_precision_and_recall(planted: dict, capsys: pytest.CaptureFixture[str]) -> None:
    cases, bad = planted["bad"]
    _, good = planted["good"]
    hits = sum(1 for i, c in enumerate(cases) if c["check"] in {f.check for f in bad[i]})
    false_alarms = sum(len(good[i]) for i in range(len(cases)))
    # Findings of the planted check on a bad sentence are true; on a correct twin false.
    true_findings = sum(1 for i, c in enumerate(cases) for f in bad[i] if f.check == c["check"])
    precision = true_findings / (true_findings + false_alarms) if true_findings else 0.0
    recall = hits / len(cases)
    with capsys.disabled():
        print(f"\nQA planted set: {len(cases)} planted errors in {len({c['check'] for c in cases})}"
              f" checks; recall {recall:.3f} ({hits}/{len(cases)}), precision {precision:.3f} "
              f"({true_findings} true findings, {false_alarms} on correct twins)")
    assert recall == 1.0 and precision == 1.0


# ---------------------------------------------------------------- the reviewed sample



def test_reviewed_sample_has_no_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "sample"
    root.mkdir()
    for name in ("locales", "glossary", "source_texts"):
        shutil.copytree(ROOT / name, root / name)
    (root / "l10n.toml").write_text('source = "en"\ntargets = ["kk", "ru", "fr"]\n', "utf-8")
    result = check_workspace(load_workspace(root / "l10n.toml"))
    assert result.entries == 72
    with capsys.disabled():
        print(f"\nsample: {result.entries} entries, {result.count('error')} errors, "
              f"{result.count('warning')} warnings; skipped: {result.skipped}")
        for f in result.findings:
            print(f"  {f.file}:{f.line}: {f.severity} [{f.check}] {f.message}")
    assert result.findings == []  # not an error, not a warning


def test_project_word_list_accepts_correct_words_the_dictionary_lacks(tmp_path: Path) -> None:
    """"вброса" (вброс бюллетеней, ballot stuffing) is correct Russian that Debian's ru_RU
    dictionary lacks; glossary/spelling.ru.txt lists it."""
    if shutil.which("hunspell") is None or not list(Path("/usr/share/hunspell").glob("ru_*.dic")):
        pytest.skip("needs hunspell and hunspell-ru")
    root = tmp_path / "sample"
    root.mkdir()
    for name in ("locales", "source_texts"):
        shutil.copytree(ROOT / name, root / name)
    (root / "glossary").mkdir()
    shutil.copy(ROOT / "glossary" / "terms.csv", root / "glossary" / "terms.csv")
    (root / "l10n.toml").write_text('source = "en"\ntargets = ["kk", "ru", "fr"]\n', "utf-8")
    found = check_workspace(load_workspace(root / "l10n.toml"))
    assert [(f.lang, f.check, f.message) for f in found.findings] == [
        ("ru", "spelling", "unknown word(s): вброса")]
    shutil.copy(ROOT / "glossary" / "spelling.ru.txt", root / "glossary" / "spelling.ru.txt")
    assert check_workspace(load_workspace(root / "l10n.toml")).findings == []


# ---------------------------------------------------------------- runner behaviour

BAD_RU = ("The protests took place in Nur-Sultan on June 9, 2019.",
          "Протесты прошли в Нурсултане 9 июля 2019 года.")


def _one(tmp_path: Path, entry: polib.POEntry, config: str = "", lang: str = "ru") -> QAResult:
    return check_workspace(make_workspace(tmp_path / "ws", {("r1", lang): [entry]}, config))


def test_finding_fields_and_fuzzy_label(tmp_path: Path) -> None:
    entry = polib.POEntry(msgid=BAD_RU[0], msgstr=BAD_RU[1], flags=["fuzzy"])
    result = _one(tmp_path, entry)
    checks = {f.check for f in result}
    assert {"glossary", "numbers"} <= checks
    f = next(f for f in result if f.check == "numbers")
    assert f.file == "locales/ru/LC_MESSAGES/r1.po" and f.release == "r1" and f.lang == "ru"
    assert f.fuzzy and f.severity == "error" and f.msgid == BAD_RU[0]
    lines = (tmp_path / "ws" / f.file).read_text("utf-8").splitlines()
    assert lines[f.line - 1].startswith("msgid")


def test_untranslated_entries_are_not_checked(tmp_path: Path) -> None:
    result = _one(tmp_path, polib.POEntry(msgid=BAD_RU[0], msgstr=""))
    assert result.entries == 0 and result.findings == []


def test_ignore_flag_and_comment(tmp_path: Path) -> None:
    flagged = polib.POEntry(msgid=BAD_RU[0], msgstr=BAD_RU[1], flags=["ignore-numbers"])
    assert "numbers" not in {f.check for f in _one(tmp_path / "a", flagged)}
    commented = polib.POEntry(msgid=BAD_RU[0], msgstr=BAD_RU[1],
                              tcomment="l10n-ignore: numbers, glossary")
    assert not {"numbers", "glossary"} & {f.check for f in _one(tmp_path / "b", commented)}


def test_disable_in_config(tmp_path: Path) -> None:
    entry = polib.POEntry(msgid=BAD_RU[0], msgstr=BAD_RU[1])
    result = _one(tmp_path, entry, '\n[check]\ndisable = ["numbers"]\n')
    assert "numbers" not in {f.check for f in result} and "numbers" not in result.checks
    with pytest.raises(ConfigError, match="unknown check 'nombres'"):
        _one(tmp_path / "x", entry, '\n[check]\ndisable = ["nombres"]\n')


def test_kk_quotes_are_configurable(tmp_path: Path) -> None:
    entry = polib.POEntry(msgid="Protestors called on citizens to ‘wake up’.",
                          msgstr="Наразылық білдірушілер азаматтарды “оянуға” шақырды.")
    assert "quotes" in {f.check for f in _one(tmp_path / "a", entry, lang="kk")}
    configured = _one(tmp_path / "b", entry, '\n[check]\nquotes.kk = "“”"\n', lang="kk")
    assert "quotes" not in {f.check for f in configured}


def test_unknown_release_and_language(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", {("r1", "ru"): [(None, *BAD_RU)]})
    with pytest.raises(UsageError, match="no release 'nope'"):
        check_workspace(ws, ["nope"])
    with pytest.raises(UsageError, match="de is not a target"):
        check_workspace(ws, langs=["de"])
    assert {f.lang for f in check_workspace(ws, langs=["kk"])} == set()


def test_spelling_skipped_note_without_dictionary(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("l10n.qa.spelling.shutil.which", lambda name: None)
    result = _one(tmp_path, polib.POEntry(msgid=BAD_RU[0], msgstr=BAD_RU[1]))
    assert any("spelling (ru): skipped: hunspell is not installed" in s for s in result.skipped)
    assert any(s.startswith("spelling (kk): off") for s in result.skipped)
    assert "spelling" not in {f.check for f in result}


def test_check_text_runs_pure_checks() -> None:
    found = check_text("Turnout was 97.7%.", "Явка составила 97.7%.", "ru")
    assert [c for c, _, _ in found] == ["numbers"]


@pytest.mark.parametrize("name", ["baobab.fr.po", "baobab.kk.po", "baobab.ru.po",
                                  "shadow.kk.po", "shadow.ru.po"])
def test_real_po_files(tmp_path: Path, name: str) -> None:
    real = REAL_PO / name
    if not real.exists():
        pytest.skip("/work/shared/real_po is not available")
    release, lang = name.split(".")[:2]
    ws = make_workspace(tmp_path / "ws", {})
    (ws.locales_dir / "templates").mkdir(parents=True, exist_ok=True)
    (ws.locales_dir / "templates" / f"{release}.pot").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', "utf-8")
    target = ws.po_path(release, lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(real)  # read in place: third-party data is never copied
    result = check_workspace(ws, [release], [lang])
    po = polib.pofile(str(real))
    translated = [e for e in po if e.translated() or ("fuzzy" in e.flags and
                                                      (e.msgstr or any(e.msgstr_plural.values())))]
    assert result.entries >= len([e for e in translated if not e.obsolete]) - 1
    lines = real.read_text("utf-8").splitlines()
    fuzzy = {e.linenum: "fuzzy" in e.flags for e in read_po(real)}
    for f in result.findings:
        assert f.file == f"locales/{lang}/LC_MESSAGES/{release}.po"
        assert lines[f.line - 1].startswith("msgid"), f
        assert f.fuzzy == fuzzy[f.line]


def test_progress_counts_every_catalog(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws", {
        ("a", "ru"): [polib.POEntry(msgid="Journalists were detained.",
                                    msgstr="Журналисты были задержаны.")],
        ("b", "ru"): [polib.POEntry(msgid="Observers reported irregularities.",
                                    msgstr="Наблюдатели сообщили о нарушениях.")],
    })
    calls: list[tuple[int, int]] = []
    check_workspace(ws, langs=["ru"], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]


def test_languages_checked_in_child_processes_give_the_same_findings(tmp_path: Path) -> None:
    entries = [
        polib.POEntry(msgid="The protests took place in Nur-Sultan.",
                      msgstr="Протесты прошли в Нурсултане."),  # a glossary error
        polib.POEntry(msgid="Journalists were detained.", msgstr="Журналисты были задержаны."),
    ]
    kk = [polib.POEntry(msgid="Journalists were detained.",
                        msgstr="Журналисты были задержаны.")]  # Russian in the kk file
    catalogs = {}
    for n in range(3):
        catalogs[(f"r{n}", "ru")] = entries
        catalogs[(f"r{n}", "kk")] = kk
    ws = make_workspace(tmp_path / "ws", catalogs)
    alone = check_workspace(ws, workers=1)
    together = check_workspace(ws, workers=2)
    assert [f.as_dict() for f in together.findings] == [f.as_dict() for f in alone.findings]
    assert {f.check for f in alone.findings} >= {"glossary", "language"}
    assert together.entries == alone.entries == 9


_SPELLING_PIECES = ("Қазақстан", "ЕҚЫҰ-ның", "АҚШ", "km", "people", "люди", "l’ONU", "<1>",
                    "</1>", "https://x1.kz/a2", "b3@c4.org", "-", "’", " ", ".", "5", "19",
                    "2,5", "No.", "x", "_")


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(_SPELLING_PIECES), max_size=12),
       lang=st.sampled_from(["ru", "kk", "fr", "en"]), seed=st.integers(1, 9))
def test_spelling_words_ignore_digit_values(pieces: list[str], lang: str, seed: int) -> None:
    """``spelling_words`` is looked up by the text with every digit made 0: sound only
    because the words found are the same whatever the digits are."""
    text = "".join(pieces)
    other = re.sub(r"\d", lambda m: str((int(m.group()) + seed) % 10), text)
    assert _spelling_words(text, lang) == _spelling_words(other, lang)
    assert spelling_words(text, lang) == _spelling_words(text, lang)
