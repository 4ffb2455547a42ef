"""The independent reviewer's set (issue 10): planted errors with correct twins, and human
translations that must raise nothing.

The set was written without reading the checks' code, from what README.md promises and from
issue 10. ``tests/data/qa/independent/planted.json`` holds one case per planted error: the
check expected to find it, the language, the English source, the translation with the error
(``bad``) and its correct twin (``good``, identical but for the error). ``human.json`` holds
publishable translations (kk, ru, fr) of release sentences that exercise the false-positive
causes the issue lists. ``glossary.csv`` adds terms with several accepted renderings
(``preferred|admitted``) to the repository's glossary.

The figures (recall, precision, false alarms per check) are printed and held to the
thresholds below. Each case is a test of its own; the cases the checks are known to miss,
and the correct translations they are known to flag, are strict xfails with the reason, so
an improvement shows as an XPASS failure and the list must then shrink.
``INDEPENDENT_SET_DETAILS=1`` also prints every missed case and every false alarm.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from l10n.catalog.pofile import read_po
from l10n.check import check_workspace
from l10n.qa.runner import Finding, QAResult, list_checks
from l10n.qa.spelling import Speller
from l10n.workspace.config import Workspace, load_workspace

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "qa" / "independent"
PLANTED: list[dict[str, str]] = json.loads((DATA / "planted.json").read_text("utf-8"))
HUMAN: list[dict[str, str]] = json.loads((DATA / "human.json").read_text("utf-8"))
LANGS = ("kk", "ru", "fr")
RELEASE = "independent"
REGISTERED = {c.name for c in list_checks()}

# Measured after issue 10 (recall 0.89, 5 warnings and no error on the 168 human
# translations, all from dictionaries lacking a word or a city's Kazakh name); the bounds
# leave no room for a regression beyond one case.
MIN_RECALL = 0.88
MAX_FALSE_ALARMS: int | None = 6
MAX_HUMAN_ERRORS = 0
HAVE_SPELLING = all(Speller.for_lang(lang)[0] is not None for lang in ("ru", "fr"))

# Known limits, by case: a clause dropped without the sentence getting much shorter and
# without a name, number or quotation of its own is beyond a check without a model.
_CLAUSE = "a dropped clause with no name, number or quotation of its own, under the length bound"
KNOWN_MISSES = {
    67: _CLAUSE, 69: _CLAUSE, 73: _CLAUSE, 78: _CLAUSE,
    68: "the length check reports it (below half the source), omission leaves it to that check",
    71: "the length check reports it (below half the source), omission leaves it to that check",
    76: "reported by length and numbers, not by omission",
    77: "reported by numbers (the lost penalty's figure), not by omission",
    82: "reported by numbers (two minors), not by omission",
    75: "a dropped glossary name is reported by the glossary check",
    100: "a negation added where the source negates weakly (without/unable) is not flagged",
    101: "a one-word Russian heading without a letter or little word of its own",
    107: "English left in the French file is reported by copied-source, not language",
    108: "English left in the French file is reported by copied-source, not language",
}
# Correct translations flagged: (kind, index, lang) -> reason.
_DICTIONARY = "Hunspell's dictionary lacks the word (add it to glossary/spelling.<lang>.txt)"
KNOWN_ALARMS = {
    ("good", 54, "ru"): _DICTIONARY,
    ("human", 10, "ru"): _DICTIONARY,
    ("human", 18, "ru"): _DICTIONARY,
    ("human", 18, "fr"): _DICTIONARY,
    ("human", 46, "ru"): _DICTIONARY,
    ("human", 55, "kk"): "Uralsk is Орал in Kazakh: no transliteration links them",
}


def _known(i: object, reason: str | None, *, spelling: bool = False) -> object:
    if reason is None:
        return i
    return pytest.param(i, marks=pytest.mark.xfail(strict=HAVE_SPELLING or not spelling,
                                                   reason=reason))

Key = tuple[str, int]  # ("case", i) or ("human-<lang>", i)


# ---------------------------------------------------------------- running the checks

def _glossary_rows(repo_terms: set[str]) -> str:
    """Our glossary file, without the rows whose term the repository's glossary defines
    (two definitions of one term are refused; the repository's row wins)."""
    rows = list(csv.reader(io.StringIO((DATA / "glossary.csv").read_text("utf-8"))))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    writer.writerows(r for r in rows[1:] if r and r[0].strip().lower() not in repo_terms)
    return out.getvalue()


def _repo_terms(folder: Path) -> set[str]:
    terms: set[str] = set()
    for path in folder.glob("*.csv"):
        for row in csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))):
            terms.add((row.get("term") or "").strip().lower())
    return terms


def _workspace(root: Path, entries: dict[str, list[tuple[str, str, str]]]) -> Workspace:
    """A workspace with the repository's glossary plus ours and one release whose catalogs
    hold (msgctxt, msgid, msgstr) entries per language."""
    root.mkdir(parents=True)
    (root / "l10n.toml").write_text('source = "en"\ntargets = ["kk", "ru", "fr"]\n', "utf-8")
    shutil.copytree(ROOT / "glossary", root / "glossary")
    (root / "glossary" / "independent.csv").write_text(
        _glossary_rows(_repo_terms(ROOT / "glossary")), "utf-8")
    template = root / "locales" / "templates" / f"{RELEASE}.pot"
    template.parent.mkdir(parents=True)
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    pot.save(str(template))
    for lang, rows in entries.items():
        po = polib.POFile(wrapwidth=78)
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang,
                       "MIME-Version": "1.0", "Content-Transfer-Encoding": "8bit"}
        for ctxt, source, target in rows:
            po.append(polib.POEntry(msgctxt=ctxt, msgid=source, msgstr=target))
        path = root / "locales" / lang / "LC_MESSAGES" / f"{RELEASE}.po"
        path.parent.mkdir(parents=True)
        po.save(str(path))
    return load_workspace(root / "l10n.toml")


@dataclass
class Run:
    """One check_workspace run: its result and the findings per case or segment."""

    result: QAResult
    found: dict[Key, list[Finding]]

    def ran(self, check: str, lang: str) -> bool:
        """False when the run notes that ``check`` was skipped or off for ``lang``."""
        return not any(note.startswith(check) and f"({lang})" in note
                       for note in self.result.skipped)


def _run(root: Path, rows: dict[Key, tuple[str, str, str]]) -> Run:
    """Check ``rows`` (key -> (lang, source, translation)); msgctxt tells the entries apart."""
    entries: dict[str, list[tuple[str, str, str]]] = {lang: [] for lang in LANGS}
    for (kind, i), (lang, source, target) in rows.items():
        entries[lang].append((f"{kind}:{i}", source, target))
    ws = _workspace(root, entries)
    result = check_workspace(ws, [RELEASE])
    where: dict[tuple[str, int], Key] = {}
    for lang in LANGS:
        path = ws.po_path(RELEASE, lang)
        for e in read_po(path):
            kind, _, i = e.msgctxt.rpartition(":")
            where[(ws.relative(path), e.linenum)] = (kind, int(i))
    found: dict[Key, list[Finding]] = {key: [] for key in rows}
    for f in result.findings:
        found[where[(f.file, f.line)]].append(f)
    return Run(result, found)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    tmp = tmp_path_factory.mktemp("independent")
    out = {which: _run(tmp / which, {("case", i): (c["lang"], c["source"], c[which])
                                     for i, c in enumerate(PLANTED)})
           for which in ("bad", "good")}
    out["human"] = _run(tmp / "human", {(f"human-{lang}", i): (lang, h["source"], h[lang])
                                        for i, h in enumerate(HUMAN) for lang in LANGS
                                        if h.get(lang)})
    return out


# ---------------------------------------------------------------- the figures

@dataclass
class Row:
    check: str
    cases: int = 0       # planted cases whose check ran
    found: int = 0       # ... found by that check
    any_check: int = 0   # ... flagged by some check
    true: int = 0        # findings of the check on its own planted errors
    on_twins: int = 0    # findings of the check on correct twins
    on_human: int = 0    # findings of the check on the human translations
    not_run: int = 0     # cases whose check is missing or was skipped

    @property
    def recall(self) -> float | None:
        return self.found / self.cases if self.cases else None

    @property
    def precision(self) -> float | None:
        total = self.true + self.on_twins + self.on_human
        return self.true / total if total else None


def _figures(runs: dict[str, Run]) -> dict[str, Row]:
    rows: dict[str, Row] = {}

    def row(name: str) -> Row:
        return rows.setdefault(name, Row(name))

    bad, good, human = runs["bad"], runs["good"], runs["human"]
    for i, case in enumerate(PLANTED):
        r = row(case["check"])
        if case["check"] not in REGISTERED:
            r.cases += 1  # a missing check misses its cases
            r.not_run += 1
            r.any_check += bool(bad.found[("case", i)])
            continue
        if not bad.ran(case["check"], case["lang"]):
            r.not_run += 1
            continue
        r.cases += 1
        checks = [f.check for f in bad.found[("case", i)]]
        r.found += case["check"] in checks
        r.any_check += bool(checks)
        r.true += checks.count(case["check"])
    for f in (f for fs in good.found.values() for f in fs):
        row(f.check).on_twins += 1
    for f in (f for fs in human.found.values() for f in fs):
        row(f.check).on_human += 1
    return rows


def _pct(x: float | None) -> str:
    return "   -" if x is None else f"{x:.2f}"


def _table(rows: dict[str, Row]) -> str:
    header = (f"{'check':<21}{'cases':>6}{'found':>6}{'recall':>7}{'any':>5}{'true':>6}"
              f"{'twins':>6}{'human':>6}{'prec.':>7}  note")
    lines = [header]
    total = Row("all")
    for name in sorted(rows, key=lambda n: (-rows[n].cases, n)):
        r = rows[name]
        note = "not registered" if name not in REGISTERED else (
            f"{r.not_run} skipped" if r.not_run else "")
        lines.append(f"{name:<21}{r.cases:>6}{r.found:>6}{_pct(r.recall):>7}{r.any_check:>5}"
                     f"{r.true:>6}{r.on_twins:>6}{r.on_human:>6}{_pct(r.precision):>7}  {note}")
        for field in ("cases", "found", "any_check", "true", "on_twins", "on_human", "not_run"):
            setattr(total, field, getattr(total, field) + getattr(r, field))
    lines.append(f"{'all':<21}{total.cases:>6}{total.found:>6}{_pct(total.recall):>7}"
                 f"{total.any_check:>5}{total.true:>6}{total.on_twins:>6}{total.on_human:>6}"
                 f"{_pct(total.precision):>7}")
    return "\n".join(lines)


def _details(runs: dict[str, Run]) -> list[str]:
    out = []
    for i, case in enumerate(PLANTED):
        checks = {f.check for f in runs["bad"].found[("case", i)]}
        if case["check"] not in checks:
            out.append(f"  missed {case['check']} {case['lang']} #{i}: {case['note']}"
                       f" (found: {', '.join(sorted(checks)) or 'nothing'})")
    for which in ("good", "human"):
        for (kind, i), findings in runs[which].found.items():
            for f in findings:
                out.append(f"  false alarm on {which} {f.lang} #{i}: [{f.check}] {f.message}")
    return out


def test_figures(runs: dict[str, Run], capsys: pytest.CaptureFixture[str]) -> None:
    rows = _figures(runs)
    human = runs["human"]
    alarms = sum(len(fs) for fs in human.found.values())
    segments = sum(1 for fs in human.found.values() if fs)
    errors = sum(1 for fs in human.found.values() for f in fs if f.severity == "error")
    total_cases = sum(r.cases for r in rows.values())
    recall = sum(r.found for r in rows.values()) / total_cases if total_cases else 0.0
    with capsys.disabled():
        print(f"\nindependent set: {len(PLANTED)} planted errors, {len(HUMAN)} human segments "
              f"({human.result.entries} translations)")
        print("cases/found/recall: planted errors the expected check found; any: flagged by "
              "some check;\ntrue: findings of the check on its planted errors; twins/human: "
              "its findings on correct twins and on the human set; prec. = true/(true+twins+"
              "human)")
        print(_table(rows))
        print(f"human set: {alarms} findings ({errors} errors) on {segments} of "
              f"{human.result.entries} translations; skipped: {human.result.skipped}")
        if os.environ.get("INDEPENDENT_SET_DETAILS"):
            print("\n".join(_details(runs)))
    assert recall >= MIN_RECALL
    if MAX_FALSE_ALARMS is not None:
        assert alarms <= MAX_FALSE_ALARMS
    assert errors <= MAX_HUMAN_ERRORS


# ---------------------------------------------------------------- the set itself

def test_set_is_well_formed() -> None:
    for case in PLANTED:
        assert set(case) == {"check", "lang", "source", "bad", "good", "note"}, case
        assert case["lang"] in LANGS and case["bad"] != case["good"], case
        assert all(case[k].strip() for k in case), case
    counts = Counter(c["check"] for c in PLANTED)
    assert counts["omission"] >= 12 and counts["negation"] >= 11 and counts["language"] >= 6
    assert {c["lang"] for c in PLANTED} == set(LANGS)
    assert len(HUMAN) >= 50
    assert all(h.get(lang) for h in HUMAN for lang in LANGS)
    assert len({(c["lang"], c["source"]) for c in PLANTED}) == len(PLANTED)


@pytest.mark.parametrize("name", sorted({c["check"] for c in PLANTED}))
def test_check_of_the_set_is_registered(name: str) -> None:
    if name not in REGISTERED:
        pytest.xfail(f"no check named {name!r} is registered yet")
    assert name in REGISTERED


def _case_ids() -> list[str]:
    return [f"{c['check']}-{c['lang']}-{i}" for i, c in enumerate(PLANTED)]


def _skip_unless_run(runs: dict[str, Run], i: int) -> None:
    case = PLANTED[i]
    if case["check"] not in REGISTERED:
        pytest.xfail(f"no check named {case['check']!r} is registered yet")
    if not runs["bad"].ran(case["check"], case["lang"]):
        pytest.skip(f"{case['check']} did not run for {case['lang']}")


@pytest.mark.parametrize("i", [_known(i, KNOWN_MISSES.get(i)) for i in range(len(PLANTED))],
                         ids=_case_ids())
def test_planted_error_is_found(runs: dict[str, Run], i: int) -> None:
    _skip_unless_run(runs, i)
    found = runs["bad"].found[("case", i)]
    assert PLANTED[i]["check"] in {f.check for f in found}, (PLANTED[i], found)


@pytest.mark.parametrize("i", [_known(i, KNOWN_ALARMS.get(("good", i, c["lang"])),
                                       spelling=True) for i, c in enumerate(PLANTED)],
                         ids=_case_ids())
def test_correct_twin_is_silent(runs: dict[str, Run], i: int) -> None:
    found = runs["good"].found[("case", i)]
    assert found == [], (PLANTED[i]["good"], found)


@pytest.mark.parametrize("i, lang", [
    pytest.param(i, lang, marks=[pytest.mark.xfail(strict=HAVE_SPELLING or "Uralsk" in why,
                                                   reason=why)]
                 if (why := KNOWN_ALARMS.get(("human", i, lang))) else [])
    for i in range(len(HUMAN)) for lang in LANGS])
def test_human_translation_is_silent(runs: dict[str, Run], i: int, lang: str) -> None:
    found = runs["human"].found[(f"human-{lang}", i)]
    assert found == [], (HUMAN[i][lang], found)
