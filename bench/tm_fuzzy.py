"""Benchmark: fuzzy lookup in l10n's translation memory versus Translate Toolkit's matcher.

Run: .venv/bin/python bench/tm_fuzzy.py [--units 100000] [--queries 200]

Builds a memory of generated press-release-like sentences (deterministic; templates over a
vocabulary, so near duplicates exist), then runs the same fuzzy lookups with
``l10n.memory.tm.TranslationMemory.fuzzy`` and with ``translate.search.match.matcher`` (Translate
Toolkit, a dev-only tool: ``pip install translate-toolkit``), checks that both find the same
best match and prints the times and the ratio.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ACTORS = [
    "PEN International", "Human Rights Watch", "the Kazakh authorities", "the Ministry of Justice",
    "the United Nations Special Rapporteur", "the European Union", "local observers",
    "the Committee to Protect Journalists", "independent media outlets", "the Prosecutor General",
    "civil society organisations", "the OSCE mission", "our partners in Almaty", "the police",
    "the Supreme Court", "members of parliament", "the Executive Director", "lawyers for the accused",
]
VERBS = [
    "condemned", "welcomed", "called for", "criticised", "reported", "documented", "urged",
    "denounced", "expressed concern about", "investigated", "announced", "rejected", "supported",
]
OBJECTS = [
    "the arrest of peaceful protesters", "the detention of journalists", "the new media law",
    "restrictions on freedom of expression", "the release of political prisoners",
    "the sentence handed down to the blogger", "the ban on public assembly",
    "the closure of independent newspapers", "violations of due process",
    "the harassment of human rights defenders", "the draft law on foreign agents",
    "the blocking of social media platforms", "the use of excessive force",
    "an independent investigation into torture allegations", "the fine imposed on the editor",
]
PLACES = [
    "in Nur-Sultan", "in Almaty", "in Shymkent", "in Karaganda", "across Kazakhstan",
    "in the capital", "in several regions", "in Aktobe", "in Pavlodar", "in Atyrau", "",
]
TIMES = [
    "on 9 June 2019", "last week", "on Monday", "earlier this year", "in March", "yesterday",
    "during the presidential elections", "after the elections", "on 12 June", "in 2020",
    "this morning", "since January", "",
]
TAILS = [
    "", ", PEN International said today", ", according to the statement",
    ", the organisation said in a statement", " and demanded immediate action",
    ", <1>read the full statement</1>", ", as reported by <1>local media</1>",
    " and called on the government to respect its international obligations",
    ", citing Article <2/> of the Constitution",
]
EXTRA = [
    "The authorities must urgently release all those detained for exercising their rights.",
    "Journalists should be able to report without fear of reprisal.",
    "For more information, please contact our press office.",
    "The trial is expected to resume next month.",
]


def sentence(rng: random.Random, n: int) -> str:
    """One press-release-like sentence; ``n`` makes some of them unique (case numbers)."""
    parts = [rng.choice(ACTORS), rng.choice(VERBS), rng.choice(OBJECTS),
             rng.choice(PLACES), rng.choice(TIMES)]
    text = " ".join(p for p in parts if p) + rng.choice(TAILS) + "."
    if rng.random() < 0.3:
        text = f"In case No. {n % 997}, " + text
    if rng.random() < 0.15:
        text += " " + rng.choice(EXTRA)
    return text[0].upper() + text[1:]


def corpus(size: int, seed: int = 20190609) -> list[str]:
    """``size`` distinct sentences, always the same for the same seed."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    n = 0
    while len(out) < size:
        n += 1
        text = sentence(rng, n)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def edit(rng: random.Random, text: str) -> str:
    """A near duplicate: a word replaced, dropped or a typo made."""
    words = text.split(" ")
    kind = rng.randrange(3)
    i = rng.randrange(len(words))
    if kind == 0:
        words[i] = rng.choice(["new", "recent", "brutal", "urgent", "2021", "Aktau"])
    elif kind == 1 and len(words) > 3:
        del words[i]
    else:
        w = words[i]
        j = rng.randrange(len(w)) if w else 0
        words[i] = w[:j] + "x" + w[j + 1:]
    return " ".join(words)


def queries(units: list[str], count: int, seed: int = 7) -> list[str]:
    """Lookups: a few exact sentences, many near duplicates, some new sentences."""
    rng = random.Random(seed)
    out = []
    for k in range(count):
        base = rng.choice(units)
        if k % 10 == 0:
            out.append(base)
        elif k % 10 < 8:
            out.append(edit(rng, edit(rng, base)) if k % 3 else edit(rng, base))
        else:
            out.append(sentence(rng, 10_000 + k) + " " + rng.choice(EXTRA))
    return out


def tt_best(tt_matcher: object, text: str) -> tuple[str, float] | None:
    """Translate Toolkit's best match (source, score) or None."""
    units = tt_matcher.matches(text)  # type: ignore[attr-defined]
    if not units:
        return None
    score = float(units[0].getnotes().rsplit("\n", 1)[-1].rstrip("%"))
    return str(units[0].source), score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--threshold", type=int, default=75)
    args = parser.parse_args()

    import tempfile

    from l10n.memory.tm import TranslationMemory

    texts = corpus(args.units)
    lookups = queries(texts, args.queries)
    words = {w for t in texts for w in t.split()}
    print(f"corpus: {len(texts)} units, mean {sum(map(len, texts)) / len(texts):.0f} chars, "
          f"{len(words)} distinct words; {len(lookups)} lookups, threshold {args.threshold}")

    with tempfile.TemporaryDirectory() as tmp, TranslationMemory(Path(tmp) / "tm.sqlite") as tm:
        start = time.perf_counter()
        tm.add_many(((t, "kk:" + t) for t in texts), source_lang="en", target_lang="kk",
                    origin="bench")
        t_load = time.perf_counter() - start
        start = time.perf_counter()
        tm.fuzzy("warm up the index", source_lang="en", target_lang="kk")
        t_index = time.perf_counter() - start
        start = time.perf_counter()
        ours = [tm.fuzzy(q, source_lang="en", target_lang="kk", threshold=args.threshold)
                for q in lookups]
        t_ours = time.perf_counter() - start

    try:
        from translate.search import match
        from translate.storage import base, po
    except ImportError:
        print("translate-toolkit is not installed: pip install translate-toolkit", file=sys.stderr)
        return 2
    # TT's matcher keeps its best candidates in a heap of (score, unit) and crashes
    # comparing two units when two scores tie; give units an order (by source text).
    base.TranslationUnit.__lt__ = lambda a, b: a.source < b.source  # type: ignore[method-assign]
    start = time.perf_counter()
    store = po.pofile()
    for t in texts:
        store.addsourceunit(t).target = "kk:" + t
    # max_length=1000: TT's default (70) skips every unit longer than 70 characters.
    tt = match.matcher(store, max_candidates=3, min_similarity=args.threshold, max_length=1000)
    t_tt_init = time.perf_counter() - start
    start = time.perf_counter()
    theirs = [tt_best(tt, q) for q in lookups]
    t_tt = time.perf_counter() - start

    same_source = same_score = 0
    for q, mine, their in zip(lookups, ours, theirs):
        best = (mine[0].source, mine[0].score) if mine else None
        if (best and best[0]) == (their and their[0]):
            same_source += 1
            same_score += 1
        elif best and their and best[1] == int(their[1]):
            same_score += 1  # a tie: another unit with the same score
        else:
            print(f"  differs: {q!r}\n    ours {best}\n    TT   {their}")
    found = sum(1 for m in ours if m)
    print(f"l10n: load {t_load:.2f}s, index {t_index:.2f}s, {len(lookups)} lookups "
          f"{t_ours:.3f}s ({t_ours / len(lookups) * 1000:.2f} ms each); {found} found a match")
    print(f"TT:   store+matcher {t_tt_init:.2f}s, {len(lookups)} lookups {t_tt:.2f}s "
          f"({t_tt / len(lookups) * 1000:.1f} ms each)")
    print(f"same best source: {same_source}/{len(lookups)}; same best score: "
          f"{same_score}/{len(lookups)}")
    print(f"lookup speed-up: {t_tt / t_ours:.1f}x; including index build: "
          f"{t_tt / (t_ours + t_index):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
