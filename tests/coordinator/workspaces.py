"""A coordinator's workspace: several releases, a real update, suggestions, QA errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from l10n.catalog.pofile import format_po, read_po
from l10n.cli.app import app
from l10n.workspace.config import Workspace, init_workspace
from tests.conftest import ROOT

SAMPLE = "kazakhstan-impunity-2019"
FOLLOW_UP = "a-follow-up"  # sorts before the sample: releases are taken by name
THIRD = "z-third"
# Two sentences shared with the sample (exact memory matches), one new.
FOLLOW_UP_TEXT = (
    "A year after the protests in Kazakhstan\n\n"
    "Tokayev was elected with 71% of the vote. Observers counted dozens of journalists "
    "among the detained.\n\n"
    "PEN International urges the Kazakh authorities to respect and protect the rights to "
    "freedom of expression and peaceful assembly, and to ensure that journalists are free to "
    "collect and disseminate information without obstruction and fear of reprisals.\n")
THIRD_TEXT = "Another release\n\nNothing in it is translated yet. It has two paragraphs.\n"
CHANGED_FROM = "Kasym-Zhomart Tokayev became interim President on March 20, 2019."
CHANGED_TO = "Kasym-Zhomart Tokayev became the interim President on 20 March 2019."
PLANTED = "Tokayev was elected with 71% of the vote."  # a number error in kk, not accepted
ACCEPTED = ("In total, 677 protesters were sentenced to up to 15 days in jail and 305 were "
            "fined.")  # an error in kk that a reviewer accepted


def invoke(runner: CliRunner, ws: Workspace, *args: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*args, "--workspace", str(ws.root)], **kwargs)


def ok(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return str(result.stdout)


def coordinator_workspace(tmp_path: Path, runner: CliRunner) -> Workspace:
    """The sample (reviewed kk/ru/fr) plus two releases, then a real source update:

    * a-follow-up: ingested, then pre-translated for kk with the pseudo engine (two exact
      memory matches from the sample, the rest machine suggestions);
    * the sample: one sentence changed and re-ingested (fuzzy, previous msgid kept), a
      number broken in two kk translations, one of them accepted by a reviewer;
    * z-third: ingested last, untranslated.
    """
    ws = init_workspace(tmp_path / "ws", "en", ["kk", "ru", "fr"])
    for name in ("source_texts", "locales", "glossary"):
        shutil.copytree(ROOT / name, ws.root / name, dirs_exist_ok=True)
    (ws.sources_dir / f"{FOLLOW_UP}.txt").write_text(FOLLOW_UP_TEXT, encoding="utf-8")
    ok(invoke(runner, ws, "ingest"))
    ok(invoke(runner, ws, "pretranslate", FOLLOW_UP, "--lang", "kk", "--engine", "pseudo"))
    source = ws.sources_dir / f"{SAMPLE}.txt"
    text = source.read_text(encoding="utf-8")
    assert CHANGED_FROM in text
    source.write_text(text.replace(CHANGED_FROM, CHANGED_TO), encoding="utf-8")
    (ws.sources_dir / f"{THIRD}.txt").write_text(THIRD_TEXT, encoding="utf-8")
    ok(invoke(runner, ws, "ingest"))
    path = ws.po_path(SAMPLE, "kk")
    po = read_po(path)
    po.find(PLANTED).msgstr = po.find(PLANTED).msgstr.replace("71", "17")
    accepted = po.find(ACCEPTED)
    accepted.msgstr = accepted.msgstr.replace("305", "350")
    path.write_text(format_po(po), encoding="utf-8")
    findings = json.loads(ok(invoke(runner, ws, "check", SAMPLE, "--lang", "kk", "--json",
                                    "--fail-on", "never")))
    line = next(f["line"] for f in findings if f["msgid"] == ACCEPTED)
    ok(invoke(runner, ws, "review", SAMPLE, "--lang", "kk", "--accept", f"{line}:numbers"))
    return ws
