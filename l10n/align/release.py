"""``l10n align``: a delivered translation into a release's PO file, or pairs into the memory."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polib

from l10n.align.anchors import AnchorFinder, plain_text
from l10n.align.galechurch import length_model
from l10n.align.pairing import Alignment, Bead, align_documents, target_text
from l10n.catalog.entries import (
    add_notes,
    clear_notes,
    comment_lines,
    is_unconfirmed_suggestion,
)
from l10n.catalog.merge import check_ingested
from l10n.catalog.ondisk import read_catalog_bytes, refuse_if_saved_meanwhile
from l10n.catalog.pofile import layout_of, parse_po, write_po
from l10n.documents import (FORMATS, Document, find_release, load_document, parse_document,
                            read_release)
from l10n.glossary.csvfile import load_glossary
from l10n.memory.tm import TranslationMemory
from l10n.workspace.config import Workspace
from l10n.workspace.errors import InputError, UsageError
from l10n.workspace.fsutil import display_path, workspace_lock

MIN_MEMORY_SCORE = 0.3  # the default confidence a pair needs to enter the memory
ALIGNED_FROM = "aligned from "  # the "#." line naming the delivered file
ALIGNED_NOTE = "aligned: "  # further "#." lines about a merge, a split or markup
ORIGIN_PREFIX = "aligned:"  # memory origin: aligned:<file name>



@dataclass(frozen=True)
class Unaligned:
    """A block or sentence of either document that found no counterpart."""

    where: str  # file:line
    side: str  # "release" or "translation"
    what: str  # "block" or "sentence"
    text: str


@dataclass(frozen=True)
class Change:
    """One entry written (or, in a dry run, that would be)."""

    where: str  # the release's file:line
    msgid: str
    msgstr: str
    shape: str  # 1-1, 2-1…
    score: float


@dataclass
class AlignReport:
    """What aligning a translation did, or (dry run) would do."""

    source: str  # the release's file, workspace-relative when inside
    file: str  # the delivered translation, as given
    lang: str
    memory: bool
    dry_run: bool
    sentences: int = 0  # sentences of the release
    shapes: Counter[str] = field(default_factory=Counter)  # beads by shape: 1-1, 2-1…
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0  # already held this aligned translation
    kept: list[str] = field(default_factory=list)  # file:line of translators' work left alone
    markup_notes: int = 0  # written without their markup (see the entry's note)
    unaligned: list[Unaligned] = field(default_factory=list)
    catalog: str | None = None
    written: bool = False
    low_score: int = 0  # memory: 1-1 pairs below the score threshold
    no_markup: int = 0  # memory: pairs whose markup did not map
    added: int = 0  # memory: units added or changed
    converted_from: str | None = None  # the catalog was written in UTF-8 instead of this

    def counts(self) -> dict[str, int]:
        """Unaligned blocks and sentences, per side."""
        found = Counter(f"{u.side} {u.what}s" for u in self.unaligned)
        return {key: found.get(key, 0) for key in ("release blocks", "release sentences",
                                                   "translation blocks",
                                                   "translation sentences")}

    def as_dict(self) -> dict[str, object]:
        """The report for ``--json``."""
        return {"source": self.source, "file": self.file, "lang": self.lang,
                "memory": self.memory, "dry_run": self.dry_run, "catalog": self.catalog,
                "sentences": self.sentences, "beads": dict(sorted(self.shapes.items())),
                "written": self.written, "changed": len(self.changes),
                "unchanged": self.unchanged, "kept": self.kept,
                "markup_notes": self.markup_notes, "low_score": self.low_score,
                "no_markup": self.no_markup, "added": self.added,
                "unaligned_counts": self.counts(),
                "unaligned": [vars(u) for u in self.unaligned],
                "changes": [vars(c) for c in self.changes]}


def align_release(ws: Workspace, source: str | Path, lang: str, path: Path, *,
                  memory: bool = False, dry_run: bool = False,
                  min_score: float = MIN_MEMORY_SCORE) -> AlignReport:
    """Align a delivered translation with a release; write it into the PO file or memory.

    Into the PO file (``locales/L/LC_MESSAGES/RELEASE.po``): each aligned bead becomes a
    fuzzy msgstr on its first release sentence's entry, with ``#. aligned from FILE``
    and ``#. aligned: as delivered [fingerprint]``. It is a person's translation, not a
    machine suggestion: ``pretranslate`` (even ``--refresh`` or ``--clear``) leaves it
    alone. A translator's msgstr is never replaced: only empty entries, unconfirmed
    machine or memory suggestions and earlier alignments nobody edited are. A 2-1 or
    2-2 bead puts the whole translation on the first entry with a note naming the
    sentence it also covers; that sentence's entry is left empty with a note. A 1-2 bead
    joins the two delivered sentences.

    With ``memory``: the confident 1-1 pairs (score at least ``min_score``, markup
    placed) are added to the workspace's translation memory, origin
    ``aligned:<file name>``; ``source`` may then be any file, in the workspace or not.

    Args:
        ws: the workspace.
        source: a release name, or (with ``memory``) a path to an English document.
        lang: the translation's language, a target of the workspace.
        path: the delivered translation (txt, md, html, or any format l10n reads).
        memory: fill the memory instead of the PO file.
        dry_run: work out the changes, write nothing.
        min_score: the score a pair needs to enter the memory.

    Raises:
        SourceError: a document is missing, unreadable or of an unsupported format.
        InputError: the translation is not in ``lang``.
        UsageError: ``lang`` is not a target; no such release; no PO file yet.
    """
    lang = ws.check_targets([lang])[0]
    source_path = _source_path(ws, source, memory)
    path = Path(path)
    data = read_release(source_path)
    if not memory:  # entries are found by msgid: the catalogs must hold this text's
        check_ingested(ws, source_path.stem, source_path, data)
    original = parse_document(source_path, data, lang=ws.source)
    delivered = load_document(path, lang=lang)
    _check_language(ws, path, delivered, lang)
    finder = AnchorFinder(load_glossary(ws.glossary_dir, ws.targets), lang)
    alignment = align_documents(original, delivered, model=length_model(ws.source, lang),
                                finder=finder)
    report = AlignReport(ws.relative(source_path), str(path), lang, memory, dry_run,
                         sentences=len(original.segments))
    _fill_unaligned(report, alignment)
    report.shapes = Counter(b.shape for b in alignment.beads)
    if memory:
        _into_memory(ws, alignment, report, path, min_score)
    else:
        _into_catalog(ws, source_path.stem, alignment, report, path)
    return report


def _source_path(ws: Workspace, source: str | Path, memory: bool) -> Path:
    candidate = Path(source)
    if memory and (candidate.is_file() or len(candidate.parts) > 1
                   or candidate.suffix.lower() in FORMATS):
        return candidate  # any English document; load_document says if it is missing
    return find_release(ws, str(source))


def _check_language(ws: Workspace, path: Path, document: Document, lang: str) -> None:
    """Refuse a translation that reads as another language than ``lang``.

    Kazakh and Russian are not told apart here: a Kazakh text full of Russian loans may
    read as Russian, and aligning does not depend on it.
    """
    from l10n.qa.langid import detect  # lingua is loaded only when a command needs it

    sample = " ".join(plain_text(s.msgid) for s in document.segments)[:3000]
    found = detect(sample, tuple(dict.fromkeys([lang, ws.source, *ws.targets])))
    if found is None or found == lang or {found, lang} <= _ALIKE:
        return
    raise InputError(path, 1, f"this document reads as {found}, not {lang}: "
                     f"give the --lang it is written in")


_ALIKE = {"kk", "ru"}


def _fill_unaligned(report: AlignReport, alignment: Alignment) -> None:
    for side, blocks, where in (("release", alignment.source_blocks, report.source),
                                ("translation", alignment.target_blocks, report.file)):
        for block in blocks:
            first = block.segments[0]
            report.unaligned.append(Unaligned(f"{where}:{first.line}", side, "block",
                                              plain_text(" ".join(s.msgid
                                                                  for s in block.segments))))
    in_blocks = {id(s) for b in alignment.source_blocks + alignment.target_blocks
                 for s in b.segments}
    for bead in alignment.beads:
        if bead.sources and bead.targets:
            continue
        side, where = ("release", report.source) if bead.sources else ("translation",
                                                                        report.file)
        for segment in bead.sources or bead.targets:
            if id(segment) not in in_blocks:
                report.unaligned.append(Unaligned(f"{where}:{segment.line}", side,
                                                  "sentence", plain_text(segment.msgid)))
    report.unaligned.sort(key=lambda u: (u.side != "release", int(u.where.rsplit(":", 1)[1])))


def _into_catalog(ws: Workspace, release: str, alignment: Alignment, report: AlignReport,
                  path: Path) -> None:
    po_path = ws.po_path(release, report.lang)
    report.catalog = ws.relative(po_path)
    if not po_path.exists():
        raise UsageError(f"no catalog {report.catalog}: run 'l10n ingest {release}' first")
    label = ws.relative(path)
    with workspace_lock(ws.root):
        before = read_catalog_bytes(po_path)
        po = parse_po(display_path(po_path), before)
        entries = {e.msgid: e for e in po if not e.obsolete and not e.msgctxt}
        done: set[str] = set()
        for bead in alignment.beads:
            if bead.sources and bead.targets:
                _write_bead(bead, entries, done, report, label)
        if report.changes and not report.dry_run:
            refuse_if_saved_meanwhile(po_path, before, doing="aligning",
                                      rerun=f"'l10n align {release} --lang {report.lang} "
                                            f"{path}'")
            report.written = write_po(po, po_path)
            report.converted_from = layout_of(po).legacy_charset if report.written else None


def _write_bead(bead: Bead, entries: dict[str, polib.POEntry], done: set[str],
                report: AlignReport, label: str) -> None:
    """Write one bead's translation onto its entries, when they are free to take it."""
    ids = [s.msgid for s in bead.sources]
    if any(i in done for i in ids) or len(set(ids)) < len(ids):
        return  # a repeated sentence: its entry took the first occurrence's translation
    found = [entries.get(i) for i in ids]
    if any(e is None for e in found):
        return  # the PO file is older than the release: 'l10n ingest' brings it up to date
    chosen = [e for e in found if e is not None]
    done.update(ids)
    where = [f"{report.source}:{s.line}" for s in bead.sources]
    if not all(_replaceable(e) for e in chosen):
        report.kept.extend(w for w, e in zip(where, chosen) if not _replaceable(e))
        return
    text, markup = target_text(bead.sources, bead.targets)
    notes = [ALIGNED_FROM + label]
    if len(bead.targets) > 1:
        notes.append(f"{ALIGNED_NOTE}{len(bead.targets)} sentences of the translation "
                     f"joined ({label}:{bead.targets[0].line})")
    if len(chosen) > 1:
        notes.append(f"{ALIGNED_NOTE}also translates the next sentence "
                     f"({bead.sources[1].comment}, {where[1]}): the translation joined them")
    if markup:
        notes.append(ALIGNED_NOTE + markup)
        report.markup_notes += 1
    notes.append(_delivered_note(text))
    later = [f"{ALIGNED_NOTE}translated with the previous sentence "
             f"({bead.sources[0].comment}, {where[0]}) in {label}"]
    wanted = [(text, True, notes)] + [("", False, later)] * (len(chosen) - 1)
    if [(e.msgstr, "fuzzy" in e.flags, _aligned_lines(e)) for e in chosen] == wanted:
        report.unchanged += 1
        return
    _suggest(chosen[0], text, notes)
    for other in chosen[1:]:
        _clear(other, later)
    report.changes.append(Change(where[0], chosen[0].msgid, text, bead.shape,
                                 round(bead.score, 3)))


def _replaceable(entry: polib.POEntry) -> bool:
    """Empty, an unconfirmed machine or memory suggestion, or an earlier alignment nobody
    has confirmed or edited: never a translator's work, fuzzy or not."""
    if entry.msgid_plural:
        return False
    return not entry.msgstr or is_unconfirmed_suggestion(entry) or (
        "fuzzy" in entry.flags and _delivered_note(entry.msgstr) in comment_lines(entry))


def _delivered_note(text: str) -> str:
    """The line that tells an alignment from a translator's edit of it: the fingerprint
    of the text written (``aligned: as delivered [3f2a9c1d]``)."""
    return f"{ALIGNED_NOTE}as delivered [{hashlib.sha256(text.encode()).hexdigest()[:8]}]"


def _aligned_lines(entry: polib.POEntry) -> list[str]:
    return [line for line in comment_lines(entry)
            if line.startswith((ALIGNED_FROM, ALIGNED_NOTE))]


def _without_aligned(entry: polib.POEntry) -> None:
    clear_notes(entry)
    entry.comment = "\n".join(line for line in comment_lines(entry)
                              if not line.startswith((ALIGNED_FROM, ALIGNED_NOTE)))


def _suggest(entry: polib.POEntry, text: str, notes: list[str]) -> None:
    _without_aligned(entry)
    entry.msgstr = text
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    add_notes(entry, notes)


def _clear(entry: polib.POEntry, notes: list[str]) -> None:
    _without_aligned(entry)
    entry.msgstr = ""
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    add_notes(entry, notes)


# -- the memory -------------------------------------------------------------------------------


def _into_memory(ws: Workspace, alignment: Alignment, report: AlignReport, path: Path,
                 min_score: float) -> None:
    pairs: dict[str, str] = {}
    for bead in alignment.beads:
        if bead.shape != "1-1":
            continue
        if bead.score < min_score:
            report.low_score += 1
            continue
        text, markup = target_text(bead.sources, bead.targets)
        if markup or not text.strip():
            report.no_markup += 1
            continue
        source = bead.sources[0]
        if source.msgid not in pairs:
            pairs[source.msgid] = text
            report.changes.append(Change(f"{report.source}:{source.line}", source.msgid, text,
                                         bead.shape, round(bead.score, 3)))
    if not pairs:
        return
    if report.dry_run:
        report.added = _would_change(ws, pairs, report.lang)
        return
    with workspace_lock(ws.root):
        ws.state_dir.mkdir(exist_ok=True)
        with TranslationMemory(ws.tm_path) as tm:
            report.added = tm.add_many(pairs.items(), source_lang=ws.source,
                                       target_lang=report.lang,
                                       origin=ORIGIN_PREFIX + path.name)
    report.written = report.added > 0


def _would_change(ws: Workspace, pairs: dict[str, str], lang: str) -> int:
    """How many pairs the memory does not hold yet (with that target); creates nothing."""
    if not ws.tm_path.is_file():
        return len(pairs)
    with TranslationMemory(ws.tm_path) as tm:
        return sum(tm.exact(source, source_lang=ws.source, target_lang=lang) != target
                   for source, target in pairs.items())
