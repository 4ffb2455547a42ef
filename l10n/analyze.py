"""Analyze: source words and segments per language by translation-memory match band.

The bands are those translation vendors quote by: repetitions, 100%, 95–99%, 85–94%,
75–84%, 50–74% and no match. What is analysed is the source: every sentence of the
releases' templates, as often as it occurs, whether or not it is translated in a PO file.
Sentences are taken release by release (in the order given, default by name), each in
document order; a sentence seen before in the run is a repetition: it counts once at its
first occurrence (in its memory band) and as a repetition at each later one, whatever
the memory holds.

The memory a language is analysed against is the one ``pretranslate`` would use (the
workspace's memory file, brought up to date with the reviewed entries of every PO file),
less what the analysed releases themselves contributed: their own translations would
make every translated segment a 100% match. A sentence a translator confirmed in another
release still counts, even when an analysed release holds it too. (The memory keeps one
translation per sentence, the latest: once an analysed release's translation replaced an
older unit of the same sentence, that sentence has no match left for it.) The score is
the memory's own (``TranslationMemory.fuzzy``: Levenshtein similarity, 100 only for an
identical source). Nothing is written: the memory is copied into a private in-memory one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import polib

from l10n.catalog.entries import word_count
from l10n.catalog.pofile import read_po
from l10n.memory.tm import TranslationMemory
from l10n.workspace.config import Workspace, chosen_releases
from l10n.workspace.fsutil import display_path

#: The bands, best first: (name, lowest score); "repetitions" is not a score band.
BANDS: tuple[tuple[str, int], ...] = (
    ("repetitions", 101), ("100%", 100), ("95-99%", 95), ("85-94%", 85), ("75-84%", 75),
    ("50-74%", 50), ("no match", 0))
#: The lowest score the memory is searched for: below it, a segment has no match.
LOWEST = 50


def band_of(score: int | None) -> str:
    """The band of a memory score (None: no match at all).

    >>> band_of(100), band_of(97), band_of(50), band_of(49), band_of(None)
    ('100%', '95-99%', '50-74%', 'no match', 'no match')
    """
    for name, lowest in BANDS[1:]:
        if score is not None and score >= lowest:
            return name
    return "no match"


@dataclass
class Band:
    """Segments and their source words in one band."""

    band: str
    segments: int = 0
    words: int = 0


@dataclass
class LanguageAnalysis:
    """One language's bands, in :data:`BANDS` order, and the memory it was analysed
    against (units of the source → language pair)."""

    lang: str
    bands: list[Band] = field(default_factory=lambda: [Band(name) for name, _ in BANDS])
    memory_units: int = 0

    def add(self, band: str, words: int) -> None:
        found = next(b for b in self.bands if b.band == band)
        found.segments += 1
        found.words += words

    @property
    def segments(self) -> int:
        return sum(b.segments for b in self.bands)

    @property
    def words(self) -> int:
        return sum(b.words for b in self.bands)

    def as_dict(self) -> dict[str, Any]:
        return {"lang": self.lang, "memory_units": self.memory_units,
                "bands": [{"band": b.band, "segments": b.segments, "words": b.words}
                          for b in self.bands],
                "total": {"segments": self.segments, "words": self.words}}


@dataclass
class Analysis:
    """What :func:`analyze` found: one analysis per language."""

    releases: list[str]
    source: str
    languages: list[LanguageAnalysis] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"releases": self.releases, "source": self.source, "bands": [name for name, _ in BANDS],
                "languages": [a.as_dict() for a in self.languages]}


def analyze(ws: Workspace, releases: Sequence[str] = (),
            langs: Sequence[str] | None = None) -> Analysis:
    """Count the releases' source segments and words per language by memory match band.

    Args:
        ws: The workspace.
        releases: Release names (default: every ingested release), in the order their
            segments are counted (the first occurrence of a repeated one is in the
            first release that has it).
        langs: Target languages (default: all of the workspace's).

    Returns:
        One :class:`LanguageAnalysis` per language (see the module's docstring).

    Raises:
        UsageError: An unknown release or language.
        CatalogError: A template or PO file cannot be read.
        InputError: The memory file is not a translation memory.
    """
    chosen = chosen_releases(ws, releases)
    targets = ws.check_targets(list(langs) if langs else None)
    segments = _segments(ws, chosen)
    analysis = Analysis(chosen, ws.source)
    for lang in targets:
        result = LanguageAnalysis(lang)
        with _memory(ws, chosen, lang) as tm:
            result.memory_units = sum(1 for _ in tm.units(source_lang=ws.source,
                                                          target_lang=lang))
            seen: set[str] = set()
            for text, words in segments:
                if text in seen:
                    result.add("repetitions", words)
                    continue
                seen.add(text)
                result.add(band_of(_score(tm, text, ws.source, lang)), words)
        analysis.languages.append(result)
    return analysis


def _segments(ws: Workspace, chosen: Sequence[str]) -> list[tuple[str, int]]:
    """(source text, words) of every occurrence of the releases' sentences, in order."""
    out = []
    for release in chosen:
        for entry in read_po(display_path(ws.template_path(release))):
            if not entry.obsolete and entry.msgid:
                out.extend([(entry.msgid, word_count(entry.msgid))] * _occurrences(entry))
    return out


def _occurrences(entry: polib.POEntry) -> int:
    """How often a template's sentence occurs in its release: a template holds a repeated
    sentence once, with one placement line (``#. paragraph 3, sentence 2``) per
    occurrence and its references (two on one line are written once)."""
    placements = len(entry.comment.split("\n")) if entry.comment else 0
    return max(placements, len(set(entry.occurrences)), 1)


def _score(tm: TranslationMemory, text: str, source: str, lang: str) -> int | None:
    if tm.exact(text, source_lang=source, target_lang=lang) is not None:
        return 100
    found = tm.fuzzy(text, source_lang=source, target_lang=lang, threshold=LOWEST, limit=1)
    return found[0].score if found else None


def _memory(ws: Workspace, chosen: Sequence[str], lang: str) -> TranslationMemory:
    """A private in-memory copy of what ``pretranslate`` would search for ``lang``,
    without the analysed releases' own translations."""
    own = {ws.relative(ws.po_path(release, lang)) for release in chosen}
    tm = TranslationMemory(":memory:")
    if ws.tm_path.is_file():  # never create the file: analyze writes nothing
        by_origin: dict[str, list[tuple[str, str]]] = defaultdict(list)
        with TranslationMemory(ws.tm_path) as stored:
            for unit in stored.units(source_lang=ws.source, target_lang=lang):
                if not _from_own(unit.origin, own):
                    by_origin[unit.origin].append((unit.source, unit.target))
        for origin, pairs in by_origin.items():
            tm.add_many(pairs, source_lang=ws.source, target_lang=lang, origin=origin)
    folder = ws.po_path("x", lang).parent
    others = [p for p in sorted(folder.glob("*.po")) if ws.relative(p) not in own]
    if others:
        tm.refresh_from_po(others, source_lang=ws.source, root=ws.root)
    return tm


def _from_own(origin: str, own: set[str]) -> bool:
    """Whether a unit came from an analysed release's PO file (``po:`` and its
    workspace-relative path, or an absolute path ending in it, as older versions wrote)."""
    if not origin.startswith("po:"):
        return False
    path = origin[len("po:"):]
    return path in own or any(path.endswith("/" + mine) for mine in own)
