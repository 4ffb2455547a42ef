"""Alignment accuracy: release sentences aligned correctly / total, against a naive baseline.

Run: .venv/bin/python bench/align_accuracy.py [--tico DIR] [--block 8] [--limit N]

1. Our hand-made pairs (tests/align/data): an English release and its Russian and French
   translations, each with a merged sentence, a split one and a missing paragraph, aligned
   as `l10n align` aligns them (documents parsed, blocks, then sentences), scored against
   the hand-written reference (``*.truth.json``).
2. TICO-19's en-ru and en-fr memories (``DIR/all.en-{ru,fr}.tmx``, when present), as
   documents: consecutive pairs in blocks of ``--block`` sentences, in their order (nothing
   shuffled). Three variants: as they are; one target sentence dropped per block; two
   target sentences joined per block. Sentences are aligned within each block.

The baseline pairs the i-th source sentence with the i-th target sentence of its block
(what a tool without alignment would do); the ratio is ours / baseline.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from l10n.align import (  # noqa: E402
    AnchorFinder,
    Item,
    LengthModel,
    align_documents,
    align_items,
    length_model,
    plain_text,
    sentence_accuracy,
)
from l10n.documents import Segment, load_document  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "align" / "data"
TICO = Path("/work/shared/real_interop/tico")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def fixtures() -> None:
    release = load_document(DATA / "shymkent-journalists.md")
    for lang in ("ru", "fr"):
        delivered = load_document(DATA / f"shymkent-journalists.{lang}.md", lang=lang)
        started = time.perf_counter()
        alignment = align_documents(release, delivered, model=length_model("en", lang),
                                    finder=AnchorFinder(None, lang))
        took = time.perf_counter() - started
        reference = json.loads((DATA / f"shymkent-journalists.{lang}.truth.json")
                               .read_text(encoding="utf-8"))
        correct, total = sentence_accuracy(alignment.beads, reference)
        print(f"fixture en-{lang}: {correct}/{total} = {correct / total:.3f} "
              f"({took * 1000:.0f} ms)")


def read_pairs(path: Path, lang: str, limit: int | None) -> list[tuple[str, str]]:
    pairs = []
    for tu in ET.parse(path).getroot().iter("tu"):
        texts = {tuv.get(XML_LANG): "".join(tuv.find("seg").itertext())  # type: ignore[union-attr]
                 for tuv in tu.iter("tuv")}
        if texts.get("en") and texts.get(lang):
            pairs.append((" ".join(texts["en"].split()), " ".join(texts[lang].split())))
    return pairs[:limit] if limit else pairs


def segment(text: str, n: int) -> Segment:
    return Segment(msgid=text, raw=text, line=n, kind="paragraph", block=1, sentence=1,
                   sentences=1)


def variant(block: list[tuple[str, str]], how: str, k: int,
            ) -> tuple[list[str], list[str], list[list[int]]]:
    """Source texts, target texts, and for each source sentence the targets it has."""
    sources = [s for s, _ in block]
    targets = [t for _, t in block]
    truth = [[i] for i in range(len(block))]
    if how == "drop" and len(block) > 2:
        gone = k % len(block)
        targets.pop(gone)
        truth = [[] if i == gone else [i - (i > gone)] for i in range(len(block))]
    elif how == "join" and len(block) > 2:
        at = k % (len(block) - 1)
        targets[at:at + 2] = [targets[at] + " " + targets[at + 1]]
        truth = [[i - (i > at)] for i in range(len(block))]
    return sources, targets, truth


def tico(folder: Path, block_size: int, limit: int | None, free_gaps: bool) -> None:
    for lang in ("ru", "fr"):
        path = folder / f"all.en-{lang}.tmx"
        if not path.is_file():
            print(f"TICO en-{lang}: {path} not found, skipped")
            continue
        pairs = read_pairs(path, lang, limit)
        finder = AnchorFinder(None, lang)
        model = length_model("en", lang)
        for how in ("as is", "drop", "join"):
            ours = base = total = 0
            started = time.perf_counter()
            for k, start in enumerate(range(0, len(pairs), block_size)):
                src, tgt, truth = variant(pairs[start:start + block_size], how, k)
                got = align_block(src, tgt, finder, model, free_gaps)
                ours += sum(g == t for g, t in zip(got, truth))
                base += sum(t == ([i] if i < len(tgt) else []) for i, t in enumerate(truth))
                total += len(truth)
            took = time.perf_counter() - started
            print(f"TICO en-{lang} {how:5}: ours {ours}/{total} = {ours / total:.3f}, "
                  f"baseline {base / total:.3f}, ratio {ours / max(base, 1):.2f} "
                  f"({len(pairs)} pairs, blocks of {block_size}, {took:.1f} s)")


def align_block(sources: list[str], targets: list[str], finder: AnchorFinder,
                model: LengthModel, free_gaps: bool = True) -> list[list[int]]:
    src = [segment(t, i) for i, t in enumerate(sources)]
    tgt = [segment(t, i) for i, t in enumerate(targets)]
    beads = align_items([Item(len(plain_text(s.msgid)), finder.source(s)) for s in src],
                        [Item(len(plain_text(t.msgid)), finder.target(t)) for t in tgt],
                        model, free_gaps=free_gaps)
    got: list[list[int]] = []
    for (i0, i1, j0, j1), _ in beads:
        got.extend([list(range(j0, j1))] * (i1 - i0))
    return got


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tico", type=Path, default=TICO)
    parser.add_argument("--block", type=int, default=8)
    parser.add_argument("--limit", type=int, default=None, help="TICO pairs per language")
    parser.add_argument("--paper-gaps", action="store_true",
                        help="charge 1-0 and 0-1 beads Gale and Church's length cost")
    args = parser.parse_args()
    fixtures()
    tico(args.tico, args.block, args.limit, not args.paper_gaps)


if __name__ == "__main__":
    main()
