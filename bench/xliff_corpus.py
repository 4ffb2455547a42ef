"""Benchmark: XLIFF export and import for a generated corpus of releases.

Run: .venv/bin/python bench/xliff_corpus.py [--releases 1000] [--version 1.2|2.0]

Each release's kk PO file is generated from the sample's, varied: entries are shuffled
and edited (a release number in some msgids), and their states cycle through
untranslated, MT suggestion, TM suggestion, translated and reviewed; some msgids get
inline placeholders. Timed (library calls, one process): export of every release, then
import of every file after a simulated translator edited a third of the targets.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from l10n.catalog.pofile import format_po, read_po
from l10n.catalog.states import mark_reviewed
from l10n.workspace.config import init_workspace
from l10n.xliff.exporter import export_xliff
from l10n.xliff.importer import import_xliff

SAMPLE = ROOT / "locales" / "kk" / "LC_MESSAGES" / "kazakhstan-impunity-2019.po"


def varied_po(base: polib.POFile, number: int, rng: random.Random) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.header, po.metadata = base.header, dict(base.metadata)
    entries = [e for e in base if not e.obsolete]
    rng.shuffle(entries)
    for i, old in enumerate(entries):
        msgid, msgstr = old.msgid, old.msgstr
        if i % 4 == 0:
            msgid, msgstr = f"<1>{number}:</1> {msgid}", f"<1>{number}:</1> {msgstr}"
        if i % 7 == 0:
            msgid, msgstr = f"{msgid} <2/>", f"{msgstr} <2/>"
        entry = polib.POEntry(msgid=msgid, msgstr=msgstr, comment=old.comment,
                              occurrences=list(old.occurrences))
        kind = (i + number) % 5
        if kind == 0:
            entry.msgstr = ""
        elif kind in (1, 2):
            entry.flags = ["fuzzy"]
            note = "suggestion: mt offline" if kind == 1 else "suggestion: tm 88"
            entry.comment = "\n".join(filter(None, [entry.comment, note]))
        elif kind == 4:
            mark_reviewed(entry, reviewer="Aigerim", day=date(2026, 11, 28))
        po.append(entry)
    return po


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--version", choices=("1.2", "2.0"), default="1.2")
    parser.add_argument("--keep", action="store_true", help="Keep the corpus folder.")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="l10n-xliff-bench-"))
    try:
        ws = init_workspace(folder / "ws", "en", ["kk"])
        rng = random.Random(2019)
        base = read_po(SAMPLE)
        names = [f"release-{n:04d}" for n in range(args.releases)]
        for n, name in enumerate(names):
            path = ws.po_path(name, "kk")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(format_po(varied_po(base, n, rng)), encoding="utf-8")
        out = folder / "xliff"
        out.mkdir()

        start = time.perf_counter()
        units = sum(export_xliff(ws, name, "kk", out / f"{name}.kk.xlf", version=args.version)
                    for name in names)
        exported = time.perf_counter() - start
        size = sum(p.stat().st_size for p in out.iterdir())

        for n, path in enumerate(sorted(out.iterdir())):  # a translator edits a third
            text = path.read_text(encoding="utf-8")
            text = text.replace("ұйымы", "ұйымы (ред.)") if n % 3 == 0 else text
            path.write_text(text, encoding="utf-8")

        start = time.perf_counter()
        reports = [import_xliff(ws, out / f"{name}.kk.xlf") for name in names]
        imported = time.perf_counter() - start

        updated = sum(r.updated for r in reports)
        refused = sum(len(r.refused) for r in reports)
        written = sum(r.written for r in reports)
        print(f"corpus: {len(names)} releases, {len(names)} XLIFF {args.version} files, "
              f"{units} units, {size / 1e6:.1f} MB of XLIFF")
        print(f"export: {exported:.2f} s ({units / exported:,.0f} units/s)")
        print(f"import: {imported:.2f} s ({units / imported:,.0f} units/s); "
              f"{updated} targets merged into {written} PO files, {refused} refused")
    finally:
        if args.keep:
            print(f"corpus kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
