"""Benchmark: pathological release shapes through the readers, the segmenter and ingest.

Run: .venv/bin/python bench/pathological_inputs.py [--size 300] [--timeout 60]
         [--mode parse,ingest] [--case NAME ...] [--scaling 10,20,40] [--big 39,4.9]

Each case builds one release of about ``--size`` KB (nested ``<b>``, ``[``/``](``,
``a. `` repeated, very long lines, deep Markdown nesting, unclosed tags, …) and runs
it in a child process with a CPU-time limit, so a case that does not finish shows as
``>N s`` instead of hanging the bench. Two paths are timed, each in its own child:

* parse: ``load_document`` (reading, the reader and sentence segmentation), the
  ``parse_document`` call ``l10n ingest`` makes;
* ingest: the whole ``l10n.ingest.ingest`` into a fresh workspace (en → kk, ru, fr):
  parsing, the template, three merges and the PO files written.

Times are CPU seconds of the child (``time.process_time``); memory is the child's peak
resident set (``ru_maxrss``), the interpreter and its imports included (the ``idle``
row is that floor). ``ratio`` compares with the normal sample release repeated to the
same size, measured in the same run. ``--scaling`` times parse at several sizes (KB) to
show which shapes grow faster than linearly; ``--big`` adds the sample repeated to those
sizes in MB through ingest (over the 5 MB limit it is refused). Each release is written
to a file first, so building it costs the child nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source_texts" / "kazakhstan-impunity-2019.txt"
sys.path.insert(0, str(ROOT))  # this checkout's l10n, not whichever one is installed


def repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit.encode("utf-8")))


def sample_release(size: int) -> str:
    """The sample release repeated to ``size`` bytes, each copy's sentences made unique
    (so no cache hides the cost of segmenting them)."""
    text = SAMPLE.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    copies = [head + "\n\n"]
    n = 0
    while sum(len(c) for c in copies) < size:
        n += 1
        copies.append(body.replace("Kazakhstan", f"Kazakhstan ({n})").rstrip("\n") + "\n\n")
    return "".join(copies)


def sample_one_line(size: int) -> str:
    """Whole copies of the sample's prose joined into one line: a block of ``size`` bytes."""
    return " ".join(sample_release(size).split()) + "\n"


def nested_list(size: int) -> str:
    lines, depth = ["Deep list\n\n"], 0
    while sum(map(len, lines)) < size:
        lines.append("  " * (depth % 200) + "- item text\n")
        depth += 1
    return "".join(lines)


def backticks(size: int) -> str:
    """Runs of 1, 2, 3… backticks, none closed (CommonMark's pathological test)."""
    parts, n, total = [], 1, 0
    while total < size:
        piece = "a" + "`" * n + " "
        parts.append(piece)
        total += len(piece)
        n += 1
    return "".join(parts)


def words_dot(size: int) -> str:
    """Lower-case words, each followed by a full stop: one long block of short "sentences"."""
    words = "press release statement court police report journalist election".split()
    parts, total, n = [], 0, 0
    while total < size:
        piece = f"{words[n % len(words)]}{n % 97}. "
        parts.append(piece)
        total += len(piece)
        n += 1
    return "".join(parts)


# name -> (file suffix, builder of a release of about `size` bytes)
CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    "sample.txt": (".txt", sample_release),
    "sample.md": (".md", sample_release),
    "sample-one-line.txt": (".txt", sample_one_line),
    "html-nested-b": (".html", lambda s: "<p>" + repeat("<b>", s // 2 - 3) + "text"
                      + repeat("</b>", s // 2)),
    "html-open-b": (".html", lambda s: "<p>" + repeat("<b>a ", s)),
    "html-open-code": (".html", lambda s: "<p>" + repeat("<code>a ", s)),
    "html-nested-div": (".html", lambda s: repeat("<div>a ", s)),
    "html-unclosed-attr": (".html", lambda s: "<p>text " + repeat('<a title="x ', s)),
    "md-brackets": (".md", lambda s: "Links: " + repeat("[", s // 2) + repeat("](", s // 2)),
    "md-bracket-paren": (".md", lambda s: "Links: " + repeat("[](", s)),
    "md-nested-brackets": (".md", lambda s: repeat("[", s // 2) + "a" + repeat("]", s // 2)),
    "md-a-dot": (".md", lambda s: repeat("a. ", s)),
    "txt-a-dot": (".txt", lambda s: repeat("a. ", s)),
    "txt-a-dot-lines": (".txt", lambda s: repeat("a.\n", s)),
    "txt-dotted-word": (".txt", lambda s: "x " + repeat("a.", s) + "\n"),
    "txt-emails": (".txt", lambda s: repeat("a.b@c.org x@y ", s)),
    "md-emph-openers": (".md", lambda s: repeat("*a ", s)),
    "md-emph-closers": (".md", lambda s: repeat("a* ", s)),
    "md-nested-strong": (".md", lambda s: repeat("*", s // 2) + "a" + repeat("*", s // 2)),
    "md-backticks": (".md", backticks),
    "md-open-comment": (".md", lambda s: "a " + repeat("<!-- a ", s)),
    "md-nested-quote": (".md", lambda s: repeat(">", s) + " a\n"),
    "md-nested-list": (".md", nested_list),
    "md-list-one-line": (".md", lambda s: repeat("- ", s) + "a\n"),
    "md-html-pairs": (".md", lambda s: repeat("<b>a</b> ", s)),
    "md-nested-images": (".md", lambda s: repeat("![", s // 2) + "a" + repeat("](b)", s // 2)),
    "md-openers-then-links": (".md", lambda s: repeat("[", s // 2) + repeat("[a](b) ", s // 2)),
    "md-emph-then-links": (".md", lambda s: repeat("*a ", s // 2) + repeat("[a](b) ", s // 2)),
    "md-escaped-lookalike": (".md", lambda s: "\\<1> " + repeat("word ", s) + "\n"),
    "html-entity-lookalikes": (".html", lambda s: "<p>" + repeat("&lt;1&gt; a ", s)),
    "txt-words-dot": (".txt", words_dot),
}


def child(mode: str, file: str) -> None:
    """Parse or ingest one release file in this process; print measurements as JSON."""
    from l10n.documents import load_document
    from l10n.workspace.errors import L10nError

    path = Path(file)
    result: dict[str, object] = {"bytes": path.stat().st_size if file else 0}
    start = time.process_time()
    try:
        if mode == "parse":
            result["segments"] = len(load_document(path).segments)
        elif mode == "ingest":
            from l10n.ingest import ingest
            from l10n.workspace.config import init_workspace

            with tempfile.TemporaryDirectory() as tmp:
                ws = init_workspace(Path(tmp) / "ws", "en", ["kk", "ru", "fr"])
                result["segments"] = sum(r.segments for r in ingest(ws, [path]))
    except L10nError as exc:
        result["refused"] = str(exc)
    result["cpu"] = time.process_time() - start
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(case: str, size: int, mode: str, timeout: float) -> dict[str, object]:
    """Write the case's release, then parse or ingest it in a child limited to
    ``timeout`` CPU seconds (so building the input is not counted)."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (int(timeout) + 1, int(timeout) + 2))

    with tempfile.TemporaryDirectory() as tmp:
        file = ""
        if case != "idle":
            suffix, build = CASES[case]
            release = Path(tmp) / ("release" + suffix)
            release.write_text(build(size), encoding="utf-8")
            file = str(release)
        command = [sys.executable, __file__, "--child", mode, file]
        try:
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                                  preexec_fn=limit, timeout=timeout * 3 + 30)
        except subprocess.TimeoutExpired:
            return {"timeout": True}
    if done.returncode != 0:
        if done.returncode < 0 or "CPU time" in done.stderr:
            return {"timeout": True}
        return {"error": done.stderr.strip().splitlines()[-1:]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def show(result: dict[str, object], timeout: float) -> str:
    if result.get("timeout"):
        return f">{timeout:.0f} s"
    if "error" in result:
        return f"error {result['error']}"
    return f"{result['cpu']:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=300, help="KB per release (default 300)")
    parser.add_argument("--timeout", type=float, default=60, help="CPU seconds per case")
    parser.add_argument("--mode", default="parse,ingest", help="parse, ingest or both")
    parser.add_argument("--case", action="append", help="only these cases (repeatable)")
    parser.add_argument("--scaling", help="KB sizes for a parse-only scaling table, e.g. 10,20,40")
    parser.add_argument("--big", help="MB sizes of the sample to ingest too, e.g. 39,4.9")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    cases = args.case or list(CASES)
    if args.scaling:
        sizes = [int(s) for s in args.scaling.split(",")]
        print(f"{'case':22} " + " ".join(f"{s:>9} KB" for s in sizes) + "   (parse CPU s)")
        for case in cases:
            cells = [show(measure(case, s * 1000, "parse", args.timeout), args.timeout)
                     for s in sizes]
            print(f"{case:22} " + " ".join(f"{c:>12}" for c in cells), flush=True)
        return
    modes = args.mode.split(",")
    idle = measure("idle", 0, "idle", args.timeout)
    print(f"{args.size} KB per release; CPU-time limit {args.timeout:.0f} s per run; "
          f"idle child: {idle.get('rss_mb', 0):.0f} MB")
    header = f"{'case':22} {'bytes':>9}"
    for mode in modes:
        header += f" {mode + ' CPU':>12} {'ratio':>6} {'peak MB':>8}"
    print(header)
    baseline: dict[str, float] = {}
    for case in cases:
        line, size, too_slow = "", "", False
        for mode in modes:
            # ingest parses too: when parsing alone hit the limit, so would ingest
            result = {"timeout": True} if too_slow else measure(
                case, args.size * 1000, mode, args.timeout)
            too_slow = bool(result.get("timeout"))
            cpu = result.get("cpu")
            if case == "sample.txt" and isinstance(cpu, float):
                baseline[mode] = cpu
            ratio = (f"{cpu / baseline[mode]:.1f}" if isinstance(cpu, float)
                     and baseline.get(mode) else "")
            rss = f"{result['rss_mb']:.0f}" if "rss_mb" in result else ""
            note = " refused" if "refused" in result else ""
            line += f" {show(result, args.timeout) + note:>12} {ratio:>6} {rss:>8}"
            size = str(result.get("bytes", size))
        print(f"{case:22} {size:>9}" + line, flush=True)
    for megabytes in (float(mb) for mb in (args.big or "").split(",") if mb):
        result = measure("sample.txt", int(megabytes * 1e6), "ingest", args.timeout * 10)
        rss = f"{result['rss_mb']:.0f} MB" if "rss_mb" in result else ""
        print(f"sample.txt at {megabytes:g} MB through ingest: "
              f"{show(result, args.timeout * 10)}, peak {rss}"
              + (f"; refused: {result['refused']}" if "refused" in result else ""))


if __name__ == "__main__":
    main()
