"""Benchmark: reading plain-text releases with the block kinds of issue 14.

Run: .venv/bin/python bench/plaintext_structure.py [--size 300] [--repeat 3]

Parses releases of about ``--size`` KB with ``parse_document`` (reading, classifying
blocks, sentence segmentation) and prints the best of ``--repeat`` times with the ratio
to the sample release repeated to the same size, measured in the same run:

* the four NGO releases of tests/data/structure/ (captions, datelines, signatures,
  contact and label blocks), repeated;
* shapes that could make classification slow: one block of many short "Contact:" lines
  ending in one long line (the contact split looks at the lines after each), a block of
  many short lines (a line block: a segment per line), one very long line of dashes (the
  end-mark pattern), many one-line datelines.

Segmentation is cached per block text, so every case is parsed once first to warm the
cache, as a second `l10n ingest` would find it; the times are then the reading and
classifying themselves.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's l10n

from l10n.documents import parse_document  # noqa: E402

SAMPLE = ROOT / "source_texts" / "kazakhstan-impunity-2019.txt"
STRUCTURE = ROOT / "tests" / "data" / "structure"


def repeated(text: str, size: int) -> str:
    return (text.rstrip("\n") + "\n\n") * max(1, size // max(len(text), 1) + 1)


def cases(size: int) -> dict[str, str]:
    releases = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(STRUCTURE.glob("*.txt")))
    lines = size // 12
    return {
        "sample (baseline)": repeated(SAMPLE.read_text(encoding="utf-8"), size),
        "four NGO releases": repeated(releases, size),
        "contact lines + a long one": "Title\n\nText.\n" + "Contact: A.\n" * lines + "x" * 200,
        "one block of short lines": "Title\n\n" + "Abay Street 12\n" * lines,
        "a line of dashes": "Title\n\nText.\n\n" + "-" * size,
        "many datelines": "Title\n\n" + "ALMATY, 5 May 2022 –\n\nText here.\n\n" * (size // 36),
    }


def best_time(text: str, repeat: int) -> float:
    data = text.encode("utf-8")
    parse_document(Path("bench.txt"), data)  # warm the sentence cache
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        parse_document(Path("bench.txt"), data)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=300, help="release size in KB")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    size = args.size * 1000
    times = {name: best_time(text[: max(size, 1)] if name != "contact lines + a long one"
                             else text, args.repeat)
             for name, text in cases(size).items()}
    base = times["sample (baseline)"]
    print(f"{'case':32} {'seconds':>9} {'ratio':>7}")
    for name, seconds in times.items():
        print(f"{name:32} {seconds:9.3f} {seconds / base:7.2f}")


if __name__ == "__main__":
    main()
