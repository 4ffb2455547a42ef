"""Benchmark: publish the sample release in every language and format, and compile its MO files.

Run: .venv/bin/python bench/publish_sample.py [--runs 20]

Copies this repository's sample (source_texts/, locales/, glossary/) into a temporary
workspace, then times ``l10n.publish.publish`` (kk, ru, fr plus the English source; md,
html and txt; manifest and zip; atomic swap over the previous run's publication) and
``l10n.catalog.mo.compile_catalogs``, and prints the median and best of ``--runs`` runs.
QA runs as in a real publication (``l10n.check``).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from l10n.catalog.mo import compile_catalogs  # noqa: E402
from l10n.publish import publish  # noqa: E402
from l10n.workspace.config import init_workspace  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RELEASE = "kazakhstan-impunity-2019"


def _timed(runs: int, action: object) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = init_workspace(Path(tmp) / "ws", "en", ["kk", "ru", "fr"])
        for name in ("source_texts", "locales", "glossary"):
            shutil.copytree(ROOT / name, ws.root / name, dirs_exist_ok=True)
        report = publish(ws, RELEASE, formats=["md", "html", "txt"])
        files = sum(1 for p in report.folder.rglob("*") if p.is_file())
        size = report.archive.stat().st_size
        qa = "ran" if report.manifest["qa"]["checked"] else "not available"
        print(f"{RELEASE}: {len(report.published)} languages published + source, "
              f"3 formats, {files} files, zip {size / 1024:.0f} KiB, QA {qa}")
        pub = _timed(args.runs, lambda: publish(ws, RELEASE, formats=["md", "html", "txt"]))
        mo = _timed(args.runs, lambda: compile_catalogs(ws))
        for label, times in (("publish (all languages, md+html+txt)", pub),
                             ("compile (3 MO files)", mo)):
            print(f"{label:<40} median {1000 * statistics.median(times):7.1f} ms   "
                  f"best {1000 * min(times):7.1f} ms   ({args.runs} runs)")


if __name__ == "__main__":
    main()
