"""Benchmark: ``l10n check`` (l10n.check.check_workspace) versus Translate Toolkit's pofilter.

Run: .venv/bin/python bench/check_vs_pofilter.py [--releases 1000] [--seed 1] [--keep DIR]
[--only-same]

Builds a workspace of N releases from the sample's reviewed kk/ru/fr PO files: each release
gets its own numbers (changed consistently in msgid and msgstr, written the target locale's
way), and about 5% of entries get a planted error (wrong number, English quotes, double
space, dropped final punctuation, a known wrong glossary rendering). Then, in the same run,
times ``check_workspace`` and ``pofilter`` (its default checks: every filter it lists
except the ones it disables by default) over the same files, and prints the times, the
number of checks each ran and the ratio.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from l10n.check import check_workspace  # noqa: E402
from l10n.qa.runner import QAResult  # noqa: E402
from l10n.workspace.config import load_workspace  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "kazakhstan-impunity-2019"
LANGS = ("kk", "ru", "fr")
WRONG = {"kk": ("Қазақстан", "Казахстан"), "ru": ("Казахстан", "Казакстан"),
         "fr": ("Kazakhstan", "Kazakstan")}


def _renumber(msgid: str, msgstr: str, rng: random.Random) -> tuple[str, str]:
    """Give a sentence new numbers: the same plain integer (not a year) on both sides."""
    # In order of appearance (a set would order them by string hash: a different corpus,
    # and findings digest, in every run).
    for number in dict.fromkeys(re.findall(r"(?<![\d.,])\d{2,3}(?![\d.,%])", msgid)):
        if re.search(rf"(?<!\d){number}(?!\d)", msgstr):
            new = str(rng.randint(10, 999))
            msgid = re.sub(rf"(?<!\d){number}(?!\d)", new, msgid)
            msgstr = re.sub(rf"(?<!\d){number}(?!\d)", new, msgstr)
    return msgid, msgstr


def _plant(msgstr: str, lang: str, rng: random.Random) -> str:
    kind = rng.choice(("number", "quotes", "space", "punct", "glossary"))
    if kind == "number" and re.search(r"\d", msgstr):
        return re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), msgstr, count=1)
    if kind == "quotes" and "«" in msgstr:
        return msgstr.replace("«\u00a0", "“").replace("\u00a0»", "”").replace("«", "“").replace(
            "»", "”")
    if kind == "glossary" and WRONG[lang][0] in msgstr:
        return msgstr.replace(WRONG[lang][0], WRONG[lang][1], 1)
    if kind == "punct" and msgstr.endswith("."):
        return msgstr[:-1]
    return msgstr.replace(" ", "  ", 1)


def build(root: Path, releases: int, seed: int) -> int:
    """Write the corpus; returns the number of translated entries."""
    rng = random.Random(seed)
    shutil.copytree(ROOT / "glossary", root / "glossary")
    (root / "l10n.toml").write_text('source = "en"\ntargets = ["kk", "ru", "fr"]\n', "utf-8")
    pot = (ROOT / "locales" / "templates" / f"{SAMPLE}.pot").read_text("utf-8")
    samples = {lang: polib.pofile(str(ROOT / "locales" / lang / "LC_MESSAGES" / f"{SAMPLE}.po"))
               for lang in LANGS}
    (root / "locales" / "templates").mkdir(parents=True)
    for lang in LANGS:
        (root / "locales" / lang / "LC_MESSAGES").mkdir(parents=True)
    count = 0
    for i in range(releases):
        name = f"release-{i:04d}"
        (root / "locales" / "templates" / f"{name}.pot").write_text(pot, "utf-8")
        for lang, sample in samples.items():
            po = polib.POFile(wrapwidth=78)
            po.metadata = dict(sample.metadata)
            for e in sample:
                msgid, msgstr = _renumber(e.msgid, e.msgstr, random.Random(f"{i}:{e.msgid}"))
                if rng.random() < 0.05:
                    msgstr = _plant(msgstr, lang, rng)
                po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, comment=e.comment,
                                        occurrences=e.occurrences))
                count += 1
            po.save(str(root / "locales" / lang / "LC_MESSAGES" / f"{name}.po"))
    return count


# pofilter's filters that one of our checks covers (ours in brackets). Our checks have no
# pofilter counterpart for: language (wrong language, kk vs ru), glossary inflection
# (notranslatewords/musttranslatewords only take word lists), mixed-script.
COUNTERPARTS = (
    "brackets",  # [brackets]
    "doublequoting", "singlequoting",  # [quotes]
    "doublespacing",  # [double-spaces]
    "doublewords",  # [doubled-words]
    "emails", "urls",  # [urls]
    "endpunc",  # [punctuation]
    "startwhitespace", "endwhitespace",  # [whitespace]
    "long", "short",  # [length]
    "numbers",  # [numbers]
    "puncspacing",  # [french-spacing], [repeated-punctuation]
    "startcaps",  # [start-capital]
    "unchanged",  # [copied-source]
    "validchars",  # [invisible-characters]
    "xmltags", "variables",  # [placeholders]
    "compendiumconflicts",  # [consistency]
    "spellcheck",  # [spelling]
)


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _digest(findings: list) -> str:
    """A short hash of the findings, in order, to compare runs."""
    data = json.dumps([f.as_dict() for f in findings], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def pofilter_checks() -> list[str]:
    out = subprocess.run([str(Path(sys.executable).parent / "pofilter"), "--listfilters"],
                         capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines() if line.strip() and
            not line.startswith(" ")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument("--only-same", action="store_true",
                        help="skip pofilter's full default run and the workers=1 run "
                        "(quicker while iterating; the like-for-like ratio is still printed)")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="l10n-check-bench-"))
    try:
        entries = build(root, args.releases, args.seed)
        print(f"corpus: {args.releases} releases x {len(LANGS)} languages = "
              f"{args.releases * len(LANGS)} PO files, {entries} translated entries")

        t0, cpu0 = time.perf_counter(), _cpu()
        result = check_workspace(load_workspace(root / "l10n.toml"))
        ours, cpu = time.perf_counter() - t0, _cpu() - cpu0
        print(f"l10n check: {ours:.2f} s, {len(result.checks)} checks "
              f"({', '.join(result.checks)}), {len(result.findings)} findings "
              f"({result.count('error')} errors); skipped: {'; '.join(result.skipped) or '-'}")
        print(f"l10n check: CPU {cpu:.2f} s (this process and its workers); findings digest "
              f"{_digest(result.findings)}")

        if not args.only_same:
            _serial_and_default(root, result, ours)

        # Like for like: pofilter limited to its filters that do what one of ours does.
        out = root / "pofilter-same"
        t0 = time.perf_counter()
        subprocess.run([str(Path(sys.executable).parent / "pofilter"), "--progress=none",
                        *(f"--test={name}" for name in COUNTERPARTS), "-i",
                        str(root / "locales"), "-o", str(out)], check=True, capture_output=True)
        same = time.perf_counter() - t0
        print(f"pofilter ({len(COUNTERPARTS)} filters that have a counterpart among our "
              f"{len(result.checks)} checks): {same:.2f} s; ratio pofilter/l10n: "
              f"{same / ours:.1f}x")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def _serial_and_default(root: Path, result: QAResult, ours: float) -> None:
    """check_workspace in one process, and pofilter with its default checks."""
    t0 = time.perf_counter()
    serial = check_workspace(load_workspace(root / "l10n.toml"), workers=1)
    one = time.perf_counter() - t0
    same_result = "same findings" if serial == result else "DIFFERENT FINDINGS"
    print(f"l10n check in one process (workers=1): {one:.2f} s ({same_result}); "
          f"worker processes gain {one / ours:.2f}x")

    out = root / "pofilter-out"
    t0 = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "pofilter"), "--progress=none",
                    "-i", str(root / "locales"), "-o", str(out)], check=True,
                   capture_output=True)
    theirs = time.perf_counter() - t0
    flagged = sum(len([e for e in polib.pofile(str(p)) if e.msgid])
                  for p in out.rglob("*.po"))
    names = pofilter_checks()
    print(f"pofilter (default checks): {theirs:.2f} s, {len(names)} checks listed by "
          f"--listfilters, {flagged} entries flagged")
    print(f"ratio pofilter/l10n: {theirs / ours:.1f}x")


if __name__ == "__main__":
    main()
