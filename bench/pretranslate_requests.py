"""Benchmark: what pre-translation sends to an engine, run after run.

Run: .venv/bin/python bench/pretranslate_requests.py

A scratch workspace holds the sample release and the glossary. Pre-translation runs
through the whole pipeline (memory, MT cache, engine chain) with the pseudo engine,
whose calls are counted like any engine's (requests, segments, characters):

  (a) first run on the sample;
  (b) an immediate rerun;
  (c) after one sentence of the sample is edited;
  (d) on a second release sharing paragraphs with the sample (demo/follow-up.txt).

Targets: (b) sends nothing, (c) one sentence per language, (d) only the new text.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from l10n.documents import load_document
from l10n.ingest import ingest
from l10n.pretranslate import Report, pretranslate
from l10n.workspace.config import init_workspace

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source_texts" / "kazakhstan-impunity-2019.txt"
FOLLOW_UP = ROOT / "demo" / "follow-up.txt"


def line(label: str, report: Report, expected: str) -> None:
    requests = sum(u.requests for u in report.sent)
    segments = sum(u.segments for u in report.sent)
    chars = sum(u.chars for u in report.sent)
    print(f"{label:<32} {requests:>8} {segments:>9} {chars:>11}   {expected}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = init_workspace(Path(tmp) / "ws", "en", ["kk", "ru", "fr"])
        shutil.copy(ROOT / "glossary" / "terms.csv", ws.glossary_dir / "terms.csv")
        sample = ws.sources_dir / SAMPLE.name
        shutil.copy(SAMPLE, sample)
        ingest(ws)
        sample_segments = {s.msgid for s in load_document(SAMPLE).segments}
        follow = {s.msgid for s in load_document(FOLLOW_UP).segments}
        new_text = follow - sample_segments
        print(f"sample: {len(sample_segments)} segments; follow-up: {len(follow)} segments, "
              f"{len(new_text)} not in the sample; 3 target languages; engine: pseudo")
        print(f"{'run':<32} {'requests':>8} {'segments':>9} {'characters':>11}   target")

        line("(a) first run", pretranslate(ws, engine="pseudo"), "everything")
        line("(b) immediate rerun", pretranslate(ws, engine="pseudo"), "nothing")

        text = sample.read_text(encoding="utf-8")
        sample.write_text(text.replace("Tokayev was elected with 71% of the vote.",
                                       "Tokayev was elected with 70.8% of the vote."),
                          encoding="utf-8")
        ingest(ws)
        line("(c) one sentence edited", pretranslate(ws, engine="pseudo"),
             "1 segment per language = 3")

        shutil.copy(FOLLOW_UP, ws.sources_dir / "follow-up.txt")
        ingest(ws)
        line("(d) second release", pretranslate(ws, ["follow-up"], engine="pseudo"),
             f"only new text = {len(new_text)} per language = {3 * len(new_text)}")


if __name__ == "__main__":
    main()
