"""Benchmark and conformance table: ``l10n tm import`` over real TMX files (issue 11).

Run: .venv/bin/python bench/tm_import.py [--interop ../shared/real_interop] [--copies 100]
     [--before /tmp/l10n-main]

1. For every TMX file under the interop folder (okapi/, omegat-*, weblate/, tico/,
   derived/): a fresh workspace (en → kk, ru, fr), the import, and its counts: units in
   the file, imported, skipped by reason. With ``--before DIR`` the same files are also
   imported with the l10n checked out in DIR (e.g. ``git archive main``), through its CLI,
   and its exit code and line shown.
2. Import speed on ``tico/all.en-ru.tmx`` and on a copy of it ``--copies`` times as large
   (each copy's sources made distinct, so the memory really grows): each import runs in a
   child process that reports wall time, units/s and its peak RSS (``getrusage``).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PATTERNS = ("okapi/*.tmx", "omegat-*.tmx", "weblate/*.tmx", "tico/*.tmx", "derived/*.tmx")


def _workspace(folder: Path):  # type: ignore[no-untyped-def]
    from l10n.workspace.config import init_workspace

    return init_workspace(folder, "en", ["kk", "ru", "fr"])


def table(interop: Path, before: Path | None) -> None:
    from l10n import resources
    from l10n.workspace.errors import L10nError

    print(f"{'file':52} {'units':>6} {'imported':>8}  skipped by reason" + ("  | before" if before else ""))
    for pattern in PATTERNS:
        for path in sorted(interop.glob(pattern)):
            with tempfile.TemporaryDirectory() as tmp:
                ws = _workspace(Path(tmp) / "ws")
                try:
                    r = resources.tm_import(ws, path)
                    row = (f"{r['units']:>6} {r['imported']:>8}  "
                           + (", ".join(f"{k} {v}" for k, v in sorted(r["skipped"].items())) or "-"))
                except L10nError as exc:
                    row = f"refused: {exc}"
            if before:
                row = f"{row:40}  | {_before(before, path)}"
            print(f"{path.relative_to(interop).as_posix():52} {row}")


def _before(code: Path, path: Path) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        env = {"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}
        run = [sys.executable, "-m", "l10n"]
        subprocess.run([*run, "init", tmp, "--targets", "kk,ru,fr"], env=env, cwd=tmp,
                       capture_output=True, check=True)
        done = subprocess.run([*run, "tm", "import", str(path)], env=env, cwd=tmp,
                              capture_output=True, text=True)
        out = (done.stdout or done.stderr).strip().replace(str(path), path.name)
        return f"exit {done.returncode}: {out[:90]}"


def multiply(source: Path, copies: int, out: Path) -> None:
    """``copies`` times the units of ``source``, copy k's sources ending in `` [k]``."""
    text = source.read_text(encoding="utf-8")
    head, rest = text.split("<body>", 1)
    body, tail = rest.rsplit("</body>", 1)
    src_seg = re.compile(r'(<tuv xml:lang="en">\s*<seg>)(.*?)(</seg>)', re.S)
    with out.open("w", encoding="utf-8") as fh:
        fh.write(head + "<body>")
        for k in range(copies):
            fh.write(body if k == 0 else src_seg.sub(lambda m: f"{m[1]}{m[2]} [{k}]{m[3]}", body))
        fh.write("</body>" + tail)


def child(path: Path) -> None:
    """Import ``path`` into a fresh workspace; print JSON with the time and peak RSS."""
    from l10n import resources

    with tempfile.TemporaryDirectory() as tmp:
        ws = _workspace(Path(tmp) / "ws")
        start = time.perf_counter()
        report = resources.tm_import(ws, path)
        seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"units": report["units"], "imported": report["imported"],
                      "seconds": seconds, "peak_mib": peak_kib / 1024}))


def speed(path: Path, label: str) -> None:
    done = subprocess.run([sys.executable, __file__, "--child", str(path)],
                          capture_output=True, text=True, check=True)
    r = json.loads(done.stdout)
    print(f"{label:34} {r['units']:>8} units {r['imported']:>8} imported "
          f"{r['seconds']:7.2f} s {r['units'] / r['seconds']:>9,.0f} units/s "
          f"peak RSS {r['peak_mib']:6.0f} MiB  ({path.stat().st_size / 2**20:.1f} MiB file)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interop", type=Path, default=ROOT.parent / "shared" / "real_interop")
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--before", type=Path, help="an l10n checkout to compare with")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-table", action="store_true", help="only the speed runs")
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    if not args.interop.is_dir():
        sys.exit(f"{args.interop}: no such folder (give --interop)")
    if not args.no_table:
        table(args.interop, args.before)
        print()
    tico = args.interop / "tico" / "all.en-ru.tmx"
    speed(tico, "tico/all.en-ru.tmx")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / f"tico-x{args.copies}.tmx"
        multiply(tico, args.copies, big)
        speed(big, f"tico/all.en-ru.tmx ×{args.copies}")


if __name__ == "__main__":
    main()
