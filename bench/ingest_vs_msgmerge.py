"""Benchmark: ingest and export a generated corpus; compare the update with GNU msgmerge.

Run: .venv/bin/python bench/ingest_vs_msgmerge.py [--releases 1000]

Phases, each timed with the real CLI (one process, as a coordinator runs it):
  1. first ingest of N new releases (segments/s);
  2. translators fill every PO file;
  3. every release is revised (one sentence edited, one removed, one added) and
     re-ingested — versus GNU ``msgmerge --previous`` doing the same updates from
     the same old PO files and the same new templates (ratio: ours / msgmerge);
  4. rerun on the unchanged corpus (cost per release);
  5. export of every release in every language, in one process (segments/s).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source_texts" / "kazakhstan-impunity-2019.txt"
L10N = [sys.executable, "-m", "l10n"]
LANGS = ("kk", "ru", "fr")


def sentences() -> list[str]:
    from l10n.documents import parse_document

    document = parse_document(SAMPLE, SAMPLE.read_bytes())
    return [s.msgid for s in document.segments if len(s.msgid) > 40]


def make_release(rng: random.Random, pool: list[str], n: int) -> str:
    """A release of ~25 sentences in ~10 paragraphs, unique to its number."""
    words = ["Almaty", "Astana", "journalists", "observers", "activists", "lawyers"]
    paragraphs = [f"Release {n}: {rng.choice(words)} report on the events of week {n}"]
    for p in range(10):
        count = rng.randint(1, 4)
        chosen = [rng.choice(pool).replace("Kazakhstan", f"Kazakhstan ({n}.{p}.{i})", 1)
                  for i in range(count)]
        paragraphs.append(" ".join(chosen))
    return "\n\n".join(paragraphs) + "\n"


def revise(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n\n")
    i = rng.randrange(1, len(paragraphs))
    paragraphs[i] = paragraphs[i].replace(" the ", " the very ", 1)  # one edited sentence
    del paragraphs[rng.randrange(1, len(paragraphs))]  # removed text
    paragraphs.insert(3, "A new paragraph was added to this release after review.\n")
    return "\n\n".join(p.rstrip("\n") for p in paragraphs) + "\n"


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def fill_translations(ws: Path) -> None:
    from l10n.catalog.pofile import format_po, read_po

    for path in sorted((ws / "locales").glob("*/LC_MESSAGES/*.po")):
        po = read_po(path)
        for entry in po:
            entry.msgstr = entry.msgid[::-1]
        path.write_text(format_po(po), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=1000)
    args = parser.parse_args()
    if shutil.which("msgmerge") is None:
        sys.exit("GNU msgmerge is needed for the comparison (apt-get install gettext)")
    rng = random.Random(20190609)
    pool = sentences()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        subprocess.run([*L10N, "init", str(ws), "--source", "en", "--targets", ",".join(LANGS)],
                       check=True, stdout=subprocess.DEVNULL)
        texts = {f"r{n:04d}": make_release(rng, pool, n) for n in range(args.releases)}
        for name, text in texts.items():
            (ws / "source_texts" / f"{name}.txt").write_text(text, encoding="utf-8")

        first = timed([*L10N, "ingest"], ws)
        segments = sum(len(polib.pofile(str(p))) for p in (ws / "locales/templates").glob("*.pot"))
        print(f"corpus: {args.releases} releases, {segments} segments "
              f"({segments * len(LANGS)} PO entries)")
        print(f"1. first ingest:      {first:7.2f} s  {segments / first:9.0f} segments/s")

        fill_translations(ws)
        old = Path(tmp) / "old"
        shutil.copytree(ws / "locales", old)
        for name, text in texts.items():
            (ws / "source_texts" / f"{name}.txt").write_text(revise(text, rng), encoding="utf-8")

        ours = timed([*L10N, "ingest"], ws)
        gnu_out = Path(tmp) / "gnu"
        gnu_out.mkdir()
        start = time.perf_counter()
        for name in texts:
            pot = ws / "locales" / "templates" / f"{name}.pot"
            for lang in LANGS:
                subprocess.run(["msgmerge", "--quiet", "--previous", "-o",
                                str(gnu_out / f"{name}.{lang}.po"),
                                str(old / lang / "LC_MESSAGES" / f"{name}.po"), str(pot)],
                               check=True)
        gnu = time.perf_counter() - start
        print(f"3. update (revised):  {ours:7.2f} s  {segments / ours:9.0f} segments/s "
              f"(segmentation included)")
        print(f"   msgmerge --previous {gnu:6.2f} s  for the same {args.releases * len(LANGS)} "
              f"updates")
        print(f"   ratio ours/msgmerge: {ours / gnu:.2f}  (target <= 1.0)")

        again = timed([*L10N, "ingest"], ws)
        print(f"4. unchanged rerun:   {again:7.2f} s  "
              f"{1000 * again / args.releases:.2f} ms per release")

        from l10n.export import export_release
        from l10n.workspace.config import find_workspace

        workspace = find_workspace(ws)
        start = time.perf_counter()
        for name in texts:
            for lang in LANGS:
                export_release(workspace, name, lang, min_complete=0,
                               out=Path(tmp) / "out" / lang / f"{name}.txt")
        export = time.perf_counter() - start
        print(f"5. export (library):  {export:7.2f} s  "
              f"{segments * len(LANGS) / export:9.0f} segments/s")


if __name__ == "__main__":
    main()
