"""``l10n todo``: the open work of one language, in document order, with file:line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from l10n.catalog.entries import word_count
from l10n.catalog.pofile import read_po
from l10n.workspace.config import Workspace
from tests.conftest import snapshot
from tests.coordinator.workspaces import (
    ACCEPTED,
    CHANGED_FROM,
    CHANGED_TO,
    FOLLOW_UP,
    PLANTED,
    SAMPLE,
    THIRD,
    invoke,
    ok,
)

RELEASES = [FOLLOW_UP, SAMPLE, THIRD]


def todo(runner: CliRunner, ws: Workspace, *args: str) -> dict:
    return json.loads(ok(invoke(runner, ws, "todo", *args, "--lang", "kk", "--json")))


def expected(ws: Workspace) -> list[tuple[str, str, str]]:
    """(release, msgid, state) of the open kk entries, worked out from the PO files
    themselves, release by release in document order."""
    out = []
    for release in RELEASES:
        for e in read_po(ws.po_path(release, "kk")):
            if e.obsolete or not e.msgid:
                continue
            if not e.msgstr:
                out.append((release, e.msgid, "untranslated"))
            elif "fuzzy" in e.flags:
                out.append((release, e.msgid, "fuzzy"))
            elif release == SAMPLE and e.msgid == PLANTED:
                out.append((release, e.msgid, "qa-error"))
    return out


def test_open_work_in_document_order(runner: CliRunner, ws: Workspace) -> None:
    report = todo(runner, ws)
    got = [(i["release"], i["msgid"], i["state"]) for i in report["items"]]
    assert got == expected(ws)
    states = {state for _, _, state in got}
    assert states == {"untranslated", "fuzzy", "qa-error"}
    assert [r for r, _, _ in got] == sorted(r for r, _, _ in got)  # release by release
    for release in RELEASES:
        lines = [i["line"] for i in report["items"] if i["release"] == release]
        assert lines == sorted(lines) and lines


def test_file_line_opens_the_entry(runner: CliRunner, ws: Workspace) -> None:
    items = todo(runner, ws)["items"]
    for item in items:
        path = ws.root / item["file"]
        assert path == ws.po_path(item["release"], "kk")
        lines = path.read_text(encoding="utf-8").split("\n")
        assert lines[item["line"] - 1].startswith(("msgid ", "msgctxt ")), item
        entry = next(e for e in read_po(path) if e.linenum == item["line"] and not e.obsolete)
        assert entry.msgid == item["msgid"]
        assert entry.msgstr == item["msgstr"]


def test_fuzzy_entries_show_previous_msgid_and_origin(runner: CliRunner,
                                                      ws: Workspace) -> None:
    items = {(i["release"], i["msgid"]): i for i in todo(runner, ws)["items"]}
    changed = items[(SAMPLE, CHANGED_TO)]
    assert changed["state"] == "fuzzy"
    assert changed["previous_msgid"] == CHANGED_FROM
    assert changed["origin"] is None  # a translator's translation of the old sentence
    assert changed["msgstr"] == read_po(ws.po_path(SAMPLE, "kk")).find(CHANGED_TO).msgstr
    exact = items[(FOLLOW_UP, PLANTED)]
    assert (exact["state"], exact["origin"], exact["previous_msgid"]) == \
        ("fuzzy", "tm 100", None)
    machine = items[(FOLLOW_UP, "Observers counted dozens of journalists among the detained.")]
    assert machine["origin"] == "mt pseudo" and machine["msgstr"]
    assert {i["origin"] for i in items.values() if i["state"] == "fuzzy"} == \
        {None, "tm 100", "mt pseudo"}


def test_qa_errors_are_the_blocking_findings_of_check(runner: CliRunner,
                                                      ws: Workspace) -> None:
    items = todo(runner, ws)["items"]
    errors = [i for i in items if i["state"] == "qa-error"]
    assert [(i["msgid"], [p["check"] for p in i["problems"]]) for i in errors] == \
        [(PLANTED, ["numbers"])]
    assert all(p["severity"] == "error" and p["message"] for p in errors[0]["problems"])
    assert ACCEPTED not in {i["msgid"] for i in items}  # a reviewer accepted its error
    # Exactly what 'l10n check' fails on (its exit code 1 says so).
    result = invoke(runner, ws, "check", "--lang", "kk", "--json")
    assert result.exit_code == 1
    blocking = {(f["file"], f["line"]) for f in json.loads(result.stdout)
                if f["severity"] == "error" and not f["accepted"]}
    assert blocking == {(i["file"], i["line"]) for i in errors}


def test_totals_in_entries_and_words(runner: CliRunner, ws: Workspace) -> None:
    report = todo(runner, ws)
    want: dict[str, dict[str, int]] = {}
    for release, msgid, state in expected(ws):
        for key in (state, "open"):
            row = want.setdefault(key, {"entries": 0, "words": 0})
            row["entries"] += 1
            row["words"] += word_count(msgid)
    assert report["totals"] == want
    entries = [e for r in RELEASES for e in read_po(ws.po_path(r, "kk"))
               if not e.obsolete and e.msgid]
    assert report["catalog"] == {"entries": len(entries),
                                 "words": sum(word_count(e.msgid) for e in entries)}
    out = ok(invoke(runner, ws, "todo", "--lang", "kk"))
    last = out.rstrip("\n").split("\n")[-1]
    t = want
    assert last == (f"3 releases kk: {t['open']['entries']} open entries "
                    f"({t['open']['words']} words) of {len(entries)} "
                    f"({report['catalog']['words']} words): "
                    f"{t['untranslated']['entries']} untranslated "
                    f"({t['untranslated']['words']} words), {t['fuzzy']['entries']} fuzzy "
                    f"({t['fuzzy']['words']} words), 1 with QA errors "
                    f"({t['qa-error']['words']} words)")


def test_json_shape(runner: CliRunner, ws: Workspace) -> None:
    report = todo(runner, ws, SAMPLE)
    assert set(report) == {"lang", "releases", "items", "totals", "catalog"}
    assert report["lang"] == "kk" and report["releases"] == [SAMPLE]
    assert set(report["totals"]) == {"untranslated", "fuzzy", "qa-error", "open"}
    for item in report["items"]:
        assert set(item) == {"release", "file", "line", "state", "msgid", "msgstr", "words",
                             "msgctxt", "previous_msgid", "origin", "problems"}
        assert item["release"] == SAMPLE
    po = read_po(ws.po_path(SAMPLE, "kk"))
    assert [(i["state"], i["line"]) for i in report["items"]] == \
        [("qa-error", po.find(PLANTED).linenum), ("fuzzy", po.find(CHANGED_TO).linenum)]


def test_human_output_shows_full_texts_wrapped(runner: CliRunner, ws: Workspace) -> None:
    result = invoke(runner, ws, "todo", "--lang", "kk", env={"COLUMNS": "60"})
    out = ok(result)
    lines = out.rstrip("\n").split("\n")
    body = [line for line in lines[:-1] if line.startswith(" ")]
    assert body and all(len(line) <= 60 for line in body
                        if " " in line.strip())  # a single long word may stand alone
    po = read_po(ws.po_path(SAMPLE, "kk"))
    changed = po.find(CHANGED_TO)
    file = f"locales/kk/LC_MESSAGES/{SAMPLE}.po"
    start = lines.index(f"{file}:{changed.linenum}: fuzzy (the source changed), "
                        f"{word_count(CHANGED_TO)} words")
    block = []
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        block.append(line)
    text = " ".join(line.strip() for line in block)
    assert f"source: {CHANGED_TO}" in text
    assert f"was: {CHANGED_FROM}" in text
    assert f"translation: {' '.join(changed.msgstr.split())}" in text
    planted = po.find(PLANTED)
    assert f"{file}:{planted.linenum}: QA error, 8 words" in lines
    assert "    error [numbers] 71% is missing (in kk: 71%)" in lines
    assert f"{file}:" in out and "untranslated, " in out
    assert "fuzzy (suggestion: tm 100), 8 words" in out


def test_todo_writes_nothing(runner: CliRunner, ws: Workspace) -> None:
    before = snapshot(ws.root)
    memory = ws.tm_path.read_bytes()
    ok(invoke(runner, ws, "todo", "--lang", "kk"))
    ok(invoke(runner, ws, "todo", "--lang", "ru", "--json"))
    assert snapshot(ws.root) == before and ws.tm_path.read_bytes() == memory


def test_one_release_of_another_language(runner: CliRunner, ws: Workspace) -> None:
    out = ok(invoke(runner, ws, "todo", SAMPLE, "--lang", "ru"))
    po = read_po(ws.po_path(SAMPLE, "ru"))
    changed = po.find(CHANGED_TO)
    assert out.startswith(f"locales/ru/LC_MESSAGES/{SAMPLE}.po:{changed.linenum}: fuzzy")
    report = todo(runner, ws, THIRD)
    assert report["totals"]["open"]["entries"] == report["catalog"]["entries"] == 3


@pytest.mark.parametrize(("args", "message"), [
    ((), "--lang is required"),
    (("--lang", "de"), "de is not a target language"),
    (("nope", "--lang", "kk"), "no release 'nope' has been ingested"),
])
def test_bad_usage_is_one_line_exit_2(runner: CliRunner, ws: Workspace, args: tuple[str, ...],
                                      message: str) -> None:
    result = invoke(runner, ws, "todo", *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.output
