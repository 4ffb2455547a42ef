"""``l10n analyze``: source words and segments by memory match band, as vendors quote."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from rapidfuzz.distance import Levenshtein
from typer.testing import CliRunner

from l10n.catalog.entries import word_count
from l10n.catalog.pofile import format_po, read_po
from l10n.ingest import ingest
from l10n.memory.tm import TranslationMemory
from l10n.workspace.config import Workspace, init_workspace
from tests.conftest import snapshot
from tests.coordinator.workspaces import invoke, ok

BANDS = ["repetitions", "100%", "95-99%", "85-94%", "75-84%", "50-74%", "no match"]
# Unrelated sentences of about a hundred characters, one per paragraph.
BASE = {
    "exact": "The committee met on Tuesday to discuss the budget of the regional water "
             "authority and its plans.",
    "97": "Volunteers distributed blankets and warm meals to families living in the "
          "northern mountain villages.",
    "90": "Our correspondent spoke with three lawyers who represent detained students "
          "before the appeals court.",
    "80": "A new school opened its doors in September with two hundred pupils and "
          "eleven young teachers.",
    "60": "Farmers complained that the drought had ruined most of the wheat harvest "
          "across the southern plains.",
    "none": "Quick brown foxes jump over lazy dogs while zebras quietly graze beside a "
            "sparkling lake.",
}
TARGET = {"exact": 100, "97": 97, "90": 90, "80": 80, "60": 60}
R2_NEW = "Nothing like this sentence was ever stored in any memory of ours, surely."


def score(a: str, b: str) -> int:
    """Translate Toolkit's similarity, the memory's documented score (an outside oracle)."""
    longest = max(len(a), len(b))
    return 100 * (longest - Levenshtein.distance(a, b)) // longest


def degrade(text: str, target: int) -> str:
    """``text`` with letters changed, evenly spread, until its score against the original
    is exactly ``target``."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    for k in range(len(letters)):
        chosen = {letters[round(j * (len(letters) - 1) / max(k - 1, 1))] for j in range(k)}
        out = "".join(("z" if c != "z" else "y") if i in chosen else c
                      for i, c in enumerate(text))
        if score(out, text) == target:
            return out
    raise AssertionError(f"no degradation of {text!r} scores {target}")


def band(value: int) -> str:
    for name, lowest in (("100%", 100), ("95-99%", 95), ("85-94%", 85), ("75-84%", 75),
                         ("50-74%", 50)):
        if value >= lowest:
            return name
    return "no match"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """r1: the six sentences, then the exact one again; r2: the 90% one again and a new
    one. The kk memory (a TMX-like origin) holds each sentence degraded to its target."""
    ws = init_workspace(tmp_path / "ws", "en", ["kk", "ru"])
    r1 = [*BASE.values(), BASE["exact"]]
    (ws.sources_dir / "r1.txt").write_text("\n\n".join(r1) + "\n", encoding="utf-8")
    (ws.sources_dir / "r2.txt").write_text(f"{BASE['90']}\n\n{R2_NEW}\n", encoding="utf-8")
    ingest(ws)
    stored = {degrade(BASE[k], t) if t < 100 else BASE[k]: f"kk {k}" for k, t in TARGET.items()}
    with TranslationMemory(ws.tm_path) as tm:
        tm.add_many(stored.items(), source_lang="en", target_lang="kk", origin="tmx:old.tmx")
    # The oracle: every sentence's best score against every stored unit.
    for key, text in BASE.items():
        best = max(score(text, source) for source in stored)
        assert band(best) == band(TARGET.get(key, 0)), (key, best)
    return ws


def analysis(runner: CliRunner, ws: Workspace, *args: str) -> dict:
    return json.loads(ok(invoke(runner, ws, "analyze", *args, "--json")))


def bands(report: dict, lang: str) -> dict[str, tuple[int, int]]:
    found = next(a for a in report["languages"] if a["lang"] == lang)
    assert [b["band"] for b in found["bands"]] == BANDS
    return {b["band"]: (b["segments"], b["words"]) for b in found["bands"]}


def w(*texts: str) -> int:
    return sum(word_count(t) for t in texts)


def test_bands_with_a_filled_memory(runner: CliRunner, ws: Workspace) -> None:
    report = analysis(runner, ws, "--lang", "kk")
    assert report["releases"] == ["r1", "r2"] and report["bands"] == BANDS
    assert bands(report, "kk") == {
        "repetitions": (2, w(BASE["exact"], BASE["90"])),
        "100%": (1, w(BASE["exact"])),
        "95-99%": (1, w(BASE["97"])),
        "85-94%": (1, w(BASE["90"])),
        "75-84%": (1, w(BASE["80"])),
        "50-74%": (1, w(BASE["60"])),
        "no match": (2, w(BASE["none"], R2_NEW)),
    }
    kk = report["languages"][0]
    assert kk["total"] == {"segments": 9, "words": w(*BASE.values(), BASE["exact"],
                                                     BASE["90"], R2_NEW)}
    assert kk["memory_units"] == 5


def test_repetitions_count_once_at_the_first_occurrence(runner: CliRunner,
                                                        ws: Workspace) -> None:
    """ru has no memory: each sentence's first occurrence is 'no match', once; the later
    ones are repetitions, within a release and across releases, in the order given."""
    report = analysis(runner, ws, "--lang", "ru")
    assert bands(report, "ru")["repetitions"] == (2, w(BASE["exact"], BASE["90"]))
    assert bands(report, "ru")["no match"] == (7, w(*BASE.values(), R2_NEW))
    alone = analysis(runner, ws, "r2", "--lang", "kk")
    assert bands(alone, "kk")["repetitions"] == (0, 0)
    assert bands(alone, "kk")["85-94%"] == (1, w(BASE["90"]))
    reversed_ = analysis(runner, ws, "r2", "r1", "--lang", "kk")
    assert reversed_["releases"] == ["r2", "r1"]
    assert bands(reversed_, "kk") == bands(analysis(runner, ws, "--lang", "kk"), "kk")


def translate(ws: Workspace, release: str, lang: str) -> None:
    """A translator confirms every entry of a release."""
    path = ws.po_path(release, lang)
    po = read_po(path)
    for entry in po:
        entry.msgstr = f"{lang}: {entry.msgid}"
    path.write_text(format_po(po), encoding="utf-8")


def test_the_releases_own_translations_are_not_memory(runner: CliRunner,
                                                      ws: Workspace) -> None:
    before = analysis(runner, ws, "r1", "--lang", "kk")
    translate(ws, "r1", "kk")
    # Not yet in the memory file: counted for the other releases (pretranslate would
    # take it in before using the memory), never for r1 itself.
    assert analysis(runner, ws, "r1", "--lang", "kk") == before
    r2 = analysis(runner, ws, "r2", "--lang", "kk")
    assert bands(r2, "kk")["100%"] == (1, w(BASE["90"]))
    assert bands(r2, "kk")["85-94%"] == (0, 0)
    # In the memory file too (with r1's PO file as origin): still not r1's own memory.
    # The memory keeps one translation per sentence, the latest: r1's replaced the old
    # unit of the exact sentence, so for r1 that sentence is no longer in the memory.
    with TranslationMemory(ws.tm_path) as tm:
        tm.refresh_from_po([ws.po_path("r1", "kk")], source_lang="en", root=ws.root)
        assert tm.stats()["units"] == 5 + 6 - 1
    after = bands(analysis(runner, ws, "r1", "--lang", "kk"), "kk")
    assert after == bands(before, "kk") | {
        "100%": (0, 0), "no match": (2, w(BASE["none"], BASE["exact"]))}
    assert analysis(runner, ws, "r2", "--lang", "kk") == r2


def test_a_sentence_confirmed_elsewhere_counts_even_if_an_analysed_release_has_it(
        runner: CliRunner, ws: Workspace) -> None:
    """r2's sentence is confirmed in r2 and in r3; the memory file says r2 (refreshed
    last): analysing r2 still finds r3's translation."""
    (ws.sources_dir / "r3.txt").write_text(f"{BASE['90']}\n", encoding="utf-8")
    ingest(ws)
    translate(ws, "r3", "kk")
    translate(ws, "r2", "kk")
    with TranslationMemory(ws.tm_path) as tm:
        tm.refresh_from_po([ws.po_path("r3", "kk"), ws.po_path("r2", "kk")],
                           source_lang="en", root=ws.root)
        origins = {u.origin for u in tm.units(target_lang="kk") if u.source == BASE["90"]}
        assert origins == {"po:locales/kk/LC_MESSAGES/r2.po"}
    assert bands(analysis(runner, ws, "r2", "--lang", "kk"), "kk")["100%"] == \
        (1, w(BASE["90"]))


def test_analyze_writes_nothing(runner: CliRunner, ws: Workspace, tmp_path: Path) -> None:
    translate(ws, "r2", "kk")
    before = snapshot(ws.root)
    state = {p.name: p.read_bytes() for p in ws.state_dir.iterdir() if p.is_file()}
    ok(invoke(runner, ws, "analyze"))
    analysis(runner, ws, "r1", "--lang", "ru")
    assert snapshot(ws.root) == before
    assert {p.name: p.read_bytes() for p in ws.state_dir.iterdir() if p.is_file()} == state
    # Without a memory file, none is created.
    bare = init_workspace(tmp_path / "bare", "en", ["kk"])
    (bare.sources_dir / "r.txt").write_text(BASE["none"] + "\n", encoding="utf-8")
    ingest(bare)
    files = snapshot(bare.root)
    report = analysis(runner, bare)
    assert bands(report, "kk")["no match"] == (1, w(BASE["none"]))
    assert not bare.tm_path.exists() and snapshot(bare.root) == files


def test_human_output(runner: CliRunner, ws: Workspace) -> None:
    out = ok(invoke(runner, ws, "analyze", "--lang", "kk"))
    lines = out.rstrip("\n").split("\n")
    assert lines[0] == "Memory analysis of 2 releases: r1, r2"
    assert lines[1].split() == ["lang", "band", "segments", "words", "%", "words"]
    total = w(*BASE.values(), BASE["exact"], BASE["90"], R2_NEW)
    assert lines[2].split() == ["kk", "repetitions", "2", str(w(BASE["exact"], BASE["90"])),
                                f"{100 * w(BASE['exact'], BASE['90']) / total:.1f}%"]
    assert lines[3].split()[:3] == ["100%", "1", str(w(BASE["exact"]))]
    assert lines[8].split()[:3] == ["no", "match", "2"]
    assert lines[9].split() == ["total", "9", str(total), "100.0%"]
    assert "memory: 5 units en→kk" in lines[10]


def test_bad_usage(runner: CliRunner, ws: Workspace) -> None:
    result = invoke(runner, ws, "analyze", "--lang", "de")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "de is not a target language" in result.stderr
    result = invoke(runner, ws, "analyze", "r9")
    assert result.exit_code == 2 and "no release 'r9'" in result.stderr


def test_plural_and_context_entries_count_their_msgid(runner: CliRunner,
                                                      ws: Workspace) -> None:
    """Whatever a template holds, each active entry is one sentence per occurrence."""
    pot = ws.template_path("r2")
    po = read_po(pot)
    po.append(polib.POEntry(msgid="One file", msgid_plural="{n} files", msgstr_plural={}))
    pot.write_text(format_po(po), encoding="utf-8")
    report = analysis(runner, ws, "r2", "--lang", "ru")
    assert bands(report, "ru")["no match"] == (3, w(BASE["90"], R2_NEW, "One file"))
