"""Benchmark: read and write a 50-page Word release, against python-docx's load and save.

Run: .venv/bin/python bench/docx_roundtrip.py [--runs 5] [--pages 50]

Generates a 50-page document with python-docx (a heading per page, paragraphs of the
sample release's sentences with bold, italic and underlined runs and links, a bulleted
list and a table every few pages, header and footer), then times, in this process:

- ``python-docx load``: ``docx.Document(file)`` (lazy: it parses the XML only);
- ``python-docx load+text``: and the text of every paragraph (body, tables, header,
  footer), the fair baseline for reading;
- ``python-docx load+save``: the same and ``save``;
- ``l10n structure``: the package opened and every paragraph read (no sentences);
  this and ``l10n read`` are compared with python-docx's load+text, the writes with
  its load+save;
- ``l10n read``: ``parse_document`` (paragraphs split into sentences, placeholders);
- ``l10n read+write identity``: and ``write_docx`` with no translation;
- ``l10n read+write translated``: and ``write_docx`` with every sentence translated
  (pseudo-localised), so that every paragraph is rebuilt.

It prints the median of ``--runs`` runs and each l10n figure's ratio to python-docx's.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from l10n.documents import parse_document  # noqa: E402
from l10n.documents.docx_read import read_structure  # noqa: E402
from l10n.documents.docx_write import write_docx  # noqa: E402
from l10n.engines.pseudo import pseudo_translate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source_texts" / "kazakhstan-impunity-2019.txt"
PATH = Path("source_texts/report.docx")


def sentences() -> list[str]:
    text = SAMPLE.read_text(encoding="utf-8")
    found = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 5]
    return [" ".join(s.split()) for s in found]


def build(pages: int) -> bytes:
    """About 500 words a page: a heading, paragraphs with formatting and links, and a
    list or a table every few pages."""
    pool = sentences()
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "PEN International: annual report"
    d.sections[0].footer.paragraphs[0].text = "Published by the press office."
    n = 0
    for page in range(pages):
        d.add_heading(f"Chapter {page + 1}: {pool[page % len(pool)][:40]}", 1)
        words = 0
        while words < 450:
            p = d.add_paragraph()
            for k in range(4):
                sentence = pool[n % len(pool)]
                n += 1
                words += len(sentence.split())
                first, _, rest = sentence.partition(" ")
                p.add_run(first + " ")
                run = p.add_run(rest.split(" ")[0])
                run.bold, run.italic, run.underline = k == 0, k == 1, k == 2
                p.add_run(" " + " ".join(rest.split(" ")[1:]) + " ")
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), p.part.relate_to(f"https://example.org/{n}", RT.HYPERLINK,
                                                  is_external=True))
            link.append(p.add_run("Read more.")._r)
            p._p.append(link)
        if page % 3 == 0:
            for item in pool[page % 7: page % 7 + 3]:
                d.add_paragraph(item, style="List Bullet")
        if page % 5 == 0:
            table = d.add_table(rows=3, cols=3)
            for i, cell in enumerate(table._cells):
                cell.text = pool[(page + i) % len(pool)][:60]
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def median_time(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    data = build(args.pages)
    document = parse_document(PATH, data)
    table = {s.msgid: pseudo_translate(s.msgid, "kk") for s in document.segments}
    print(f"document: {args.pages} pages, {len(data) / 1000:.0f} KB, "
          f"{len(document.blocks)} blocks, {len(document.segments)} sentences, "
          f"{sum(len(s.msgid.split()) for s in document.segments)} words")

    def load() -> object:
        return docx.Document(io.BytesIO(data))

    def load_text() -> object:
        d = docx.Document(io.BytesIO(data))
        texts = [p.text for p in d.paragraphs]
        texts += [p.text for t in d.tables for c in t._cells for p in c.paragraphs]
        for section in d.sections:
            texts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
        return texts

    def load_save() -> object:
        out = io.BytesIO()
        docx.Document(io.BytesIO(data)).save(out)
        return out

    def read() -> object:
        return parse_document(PATH, data)

    def identity() -> object:
        return write_docx(parse_document(PATH, data), lambda s: None, "kk")

    def translated() -> object:
        return write_docx(parse_document(PATH, data), lambda s: table.get(s.msgid), "kk")

    assert identity() == data
    base_load = median_time(args.runs, load)
    base_text = median_time(args.runs, load_text)
    base_save = median_time(args.runs, load_save)
    rows = [
        ("python-docx load", base_load, None),
        ("python-docx load+text", base_text, None),
        ("python-docx load+save", base_save, None),
        ("l10n structure (no sentences)", median_time(args.runs, lambda: read_structure(PATH,
                                                                                      data)),
         base_text),
        ("l10n read", median_time(args.runs, read), base_text),
        ("l10n read+write identity", median_time(args.runs, identity), base_save),
        ("l10n read+write translated", median_time(args.runs, translated), base_save),
    ]
    for name, seconds, baseline in rows:
        ratio = f"  x{seconds / baseline:.2f} of python-docx" if baseline else ""
        print(f"{name:32} {seconds * 1000:8.1f} ms{ratio}")


if __name__ == "__main__":
    main()
