"""Benchmark: reading plain-text releases with the block kinds of issue 14.

Run: .venv/bin/python bench/plaintext_structure.py [--size 300] [--repeat 3] [--against REV]

Parses releases of about ``--size`` KB with ``parse_document`` (reading, classifying
blocks, sentence segmentation) and prints the best of ``--repeat`` times with the ratio
to the sample release repeated to the same size, measured in the same run:

* the four NGO releases of tests/data/structure/ (captions, datelines, signatures,
  contact and label blocks), repeated;
* shapes that could make classification slow: one block of many short "Contact:" lines
  ending in one long line (the contact split looks at the lines after each), a block of
  many short lines (a line block: a segment per line), one very long line of dashes (the
  end-mark pattern), many one-line datelines.

With ``--against REV`` (a git revision, e.g. the commit before issue 14) each case is
also parsed by that revision's ``l10n/documents/plaintext.py`` (on today's builder), and
the ratio new/old is printed with both segment counts: what the classification costs.

Segmentation is cached per block text, so every case is parsed once first to warm the
cache, as a second `l10n ingest` would find it; the times are then the reading and
classifying themselves.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's l10n

from l10n.documents import parse_document, plaintext  # noqa: E402

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


def best_time(text: str, repeat: int, reader: ModuleType = plaintext) -> tuple[float, int]:
    """Best time of ``repeat`` parses, and the number of segments."""
    parse = reader.parse
    document = parse(Path("bench.txt"), text, bom=False, lang="en")  # warms the cache
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        parse(Path("bench.txt"), text, bom=False, lang="en")
        best = min(best, time.perf_counter() - start)
    return best, len(document.segments)


def reader_at(revision: str) -> ModuleType:
    """``l10n/documents/plaintext.py`` as it was at ``revision``, importable on its own."""
    source = subprocess.run(["git", "show", f"{revision}:l10n/documents/plaintext.py"],
                            cwd=ROOT, check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "plaintext_then.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("plaintext_then", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["plaintext_then"] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=300, help="release size in KB")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="also time plaintext.py of REV")
    args = parser.parse_args()
    parse_document(Path("bench.txt"), b"Warm up.\n")
    size = args.size * 1000
    texts = {name: text if name == "contact lines + a long one" else text[:size]
             for name, text in cases(size).items()}
    then = reader_at(args.against) if args.against else None
    rows = {name: (*best_time(text, args.repeat),
                   *(best_time(text, args.repeat, then) if then else (0.0, 0)))
            for name, text in texts.items()}
    base = rows["sample (baseline)"][0]
    print(f"{'case':28} {'seconds':>8} {'ratio':>6} {'segments':>9}"
          + (f" {'then s':>8} {'then seg':>9} {'new/then':>8}" if then else ""))
    for name, (seconds, segments, old, old_segments) in rows.items():
        row = f"{name:28} {seconds:8.3f} {seconds / base:6.2f} {segments:9d}"
        if then is not None:
            row += f" {old:8.3f} {old_segments:9d} {seconds / old:8.2f}"
        print(row)

if __name__ == "__main__":
    main()
