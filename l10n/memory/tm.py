"""Translation memory: reviewed source/target pairs in SQLite, with exact and fuzzy lookup."""

from __future__ import annotations

import bisect
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from itertools import chain
from pathlib import Path, PurePosixPath
from types import TracebackType

import polib
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from l10n.workspace.errors import CatalogError, InputError, UsageError

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    id          INTEGER PRIMARY KEY,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    origin      TEXT NOT NULL,
    created     TEXT NOT NULL,
    changed     TEXT NOT NULL,
    UNIQUE (source_lang, target_lang, source)
);
CREATE INDEX IF NOT EXISTS units_origin ON units (origin);
"""
_UPSERT = """
INSERT INTO units (source_lang, target_lang, source, target, origin, created, changed)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (source_lang, target_lang, source) DO UPDATE
SET target = excluded.target, origin = excluded.origin, changed = excluded.changed
WHERE target IS NOT excluded.target OR origin IS NOT excluded.origin
"""

# Fuzzy search tuning. A length window no larger than SCAN_LIMIT is scored in full
# (exact, like Translate Toolkit's scan); a larger one is narrowed to the CANDIDATES
# units sharing the most distinctive words or word pairs with the query.
SCAN_LIMIT = 3000
CANDIDATES = 1000
RARE_FRACTION = 0.05
_TOKEN_RE = re.compile(r"</?\d+/?>|\w+")


@dataclass(frozen=True)
class TMMatch:
    """A fuzzy or exact match: ``score`` is 0-100, 100 only for an identical source."""

    score: int
    source: str
    target: str
    origin: str


@dataclass(frozen=True)
class TMUnit:
    """One stored translation unit."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str
    created: str
    changed: str


@dataclass(frozen=True)
class RefreshCounts:
    """What ``refresh_from_po`` did: units added, updated, unchanged and removed."""

    files: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0


@lru_cache(maxsize=256)
def normalize_lang(code: str) -> str:
    """Return a language code in Babel form, without subtags its language implies.

    Args:
        code: a BCP 47 or POSIX-style code, any case (``EN-US``, ``kk_KZ``, ``pt-BR``).

    Returns:
        The Babel identifier minus a default script or territory (``en``, ``kk``, ``pt``,
        ``fr_CA``).

    Raises:
        UsageError: the code is not a language CLDR knows.

    >>> normalize_lang("kk-KZ"), normalize_lang("EN-US"), normalize_lang("fr-CA")
    ('kk', 'en', 'fr_CA')
    """
    try:
        loc = Locale.parse(code.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise UsageError(f"unknown language code {code!r}: use a code such as en, kk, ru, fr") from None
    likely = Locale.parse(get_global("likely_subtags").get(loc.language, loc.language))
    script = None if loc.script == likely.script else loc.script
    territory = None if loc.territory == likely.territory else loc.territory
    return "_".join(p for p in (loc.language, script, territory) if p)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class _FuzzyIndex:
    """In-memory search structure for one language pair: units sorted by source length."""

    def __init__(self, rows: list[tuple[int, str]]) -> None:
        rows.sort(key=lambda row: (len(row[1]), row[0]))
        self.ids = [row[0] for row in rows]
        self.sources = [row[1] for row in rows]
        self.lengths = [len(s) for s in self.sources]
        postings: dict[str, list[int]] = {}
        for position, source in enumerate(self.sources):
            for token in _tokens(source):
                postings.setdefault(token, []).append(position)
        self.postings = postings
        self.rare_limit = max(int(len(rows) * RARE_FRACTION), 50)

    def search(self, text: str, threshold: int) -> list[tuple[int, int, float]]:
        """Return ``(unit id, score, similarity)`` for every candidate at or above threshold."""
        size = len(text)
        lo = bisect.bisect_left(self.lengths, -(-threshold * size // 100))
        hi = bisect.bisect_right(self.lengths, size * 100 // threshold) if threshold else len(self.ids)
        if hi - lo <= SCAN_LIMIT:
            positions: Iterable[int] = range(lo, hi)
        else:
            positions = self._candidates(text, lo, hi)
        choices = {p: self.sources[p] for p in positions}
        found = process.extract(text, choices, scorer=Levenshtein.normalized_similarity,
                                score_cutoff=max(threshold / 100 - 0.01, 0), limit=None)
        out = []
        for source, similarity, position in found:
            longest = max(size, len(source))
            distance = Levenshtein.distance(text, source)
            score = 100 * (longest - distance) // longest
            if score >= threshold:
                out.append((self.ids[position], score, 1 - distance / longest))
        return out

    def _candidates(self, text: str, lo: int, hi: int) -> list[int]:
        """Positions in [lo, hi) sharing the most distinctive tokens with ``text``."""
        tokens = [t for t in _tokens(text) if t in self.postings]
        rare = [t for t in tokens if len(self.postings[t]) <= self.rare_limit] or tokens
        slices = []
        for token in rare:
            posting = self.postings[token]
            start = bisect.bisect_left(posting, lo)
            slices.append(posting[start:bisect.bisect_left(posting, hi, start)])
        counts = Counter(chain.from_iterable(slices))
        return [position for position, _ in counts.most_common(CANDIDATES)]


def _tokens(text: str) -> set[str]:
    """Lower-cased words, placeholders and adjacent word pairs of a text."""
    words = _TOKEN_RE.findall(text.lower())
    return set(words).union(f"{a} {b}" for a, b in zip(words, words[1:]))


class TranslationMemory:
    """A translation memory in one SQLite file (or ``":memory:"``).

    A unit is unique per (source language, target language, source text): the memory
    holds one approved translation per source, and a later ``add`` of the same source
    replaces the target (the most recent wins; ``created`` is kept, ``changed`` moves).
    Every write runs in one transaction, and the file is in WAL mode, so a process
    killed mid-write leaves the memory as it was after the last complete write.

    Example:
        >>> with TranslationMemory(":memory:") as tm:
        ...     tm.add("Hello.", "Сәлем.", source_lang="en", target_lang="kk", origin="test")
        ...     tm.exact("Hello.", source_lang="en", target_lang="kk")
        True
        'Сәлем.'
    """

    def __init__(self, path: Path | str, *, clock: Callable[[], str] = _now) -> None:
        """Open (creating when missing) the memory at ``path``.

        Args:
            path: the SQLite file, or ``":memory:"``.
            clock: returns the timestamp stored as created/changed (tests freeze it).

        Raises:
            InputError: the file is not a translation memory, or a newer l10n wrote it.
        """
        self.path = str(path)
        self._clock = clock
        self._depth = 0
        self._generation = 0
        self._indexes: dict[tuple[str, str], tuple[tuple[int, int], _FuzzyIndex]] = {}
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self._setup()
        except sqlite3.DatabaseError as exc:
            raise InputError(self.path, None, f"not a translation memory ({exc})") from None

    def _setup(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self.transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            row = self._db.execute("SELECT max(version) FROM schema_version").fetchone()
            if row[0] is None:
                self._db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            elif row[0] > SCHEMA_VERSION:
                raise InputError(self.path, None, f"translation memory schema {row[0]} is newer "
                                 f"than this l10n supports ({SCHEMA_VERSION}); upgrade l10n")

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all of them are committed together, or none on an exception.

        Nested calls join the outer transaction (as savepoints).
        """
        name = f"sp{self._depth}"
        self._db.execute("BEGIN IMMEDIATE" if self._depth == 0 else f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._db.execute("ROLLBACK")
            else:
                self._db.execute(f"ROLLBACK TO {name}")
                self._db.execute(f"RELEASE {name}")
            raise
        self._depth -= 1
        self._db.execute("COMMIT" if self._depth == 0 else f"RELEASE {name}")
        self._generation += 1

    def add(self, source: str, target: str, *, source_lang: str, target_lang: str,
            origin: str) -> bool:
        """Store one translation, replacing the target of the same source if any.

        Args:
            source: the source text (placeholders such as ``<1>`` are plain text).
            target: its reviewed translation.
            source_lang: language of the source (e.g. ``en``).
            target_lang: language of the target (e.g. ``kk``).
            origin: where it comes from, e.g. ``po:locales/kk/LC_MESSAGES/x.po``.

        Returns:
            True when the memory changed (new unit, new target or new origin).

        Raises:
            UsageError: empty source or target, or an unknown language code.
        """
        return self.add_many([(source, target)], source_lang=source_lang,
                             target_lang=target_lang, origin=origin) == 1

    def add_many(self, pairs: Iterable[tuple[str, str]], *, source_lang: str, target_lang: str,
                 origin: str) -> int:
        """Store many ``(source, target)`` pairs in one transaction (see ``add``).

        Returns:
            How many units were added or changed.

        Raises:
            UsageError: an empty source or target (nothing is stored), or an unknown language.
        """
        src, tgt = normalize_lang(source_lang), normalize_lang(target_lang)
        stamp = self._clock()
        changed = 0
        with self.transaction():
            for source, target in pairs:
                if not source or not target:
                    raise UsageError(f"empty source or target in a unit for {origin}: {source!r}")
                cursor = self._db.execute(_UPSERT, (src, tgt, source, target, origin, stamp, stamp))
                changed += cursor.rowcount
        return changed

    def exact(self, source: str, *, source_lang: str, target_lang: str) -> str | None:
        """Return the stored translation of exactly ``source``, or None."""
        row = self._db.execute(
            "SELECT target FROM units WHERE source_lang = ? AND target_lang = ? AND source = ?",
            (normalize_lang(source_lang), normalize_lang(target_lang), source)).fetchone()
        return row[0] if row else None

    def fuzzy(self, source: str, *, source_lang: str, target_lang: str, threshold: int = 75,
              limit: int = 3) -> list[TMMatch]:
        """Return the stored units most similar to ``source``, best first.

        The score is Translate Toolkit's Levenshtein similarity, rounded down:
        ``100 * (1 - distance / length of the longer text)``, so 100 means identical.
        Large memories are searched through a word index (see module constants), which
        narrows the candidates before exact scoring.

        Args:
            source: the text to look up.
            source_lang: its language.
            target_lang: the language of the wanted translations.
            threshold: lowest score returned (0-100).
            limit: at most this many matches.

        Returns:
            Matches sorted by score, then similarity, then source text.

        Raises:
            UsageError: threshold outside 0-100, or an unknown language code.
        """
        if not 0 <= threshold <= 100:
            raise UsageError(f"fuzzy threshold must be between 0 and 100, not {threshold}")
        if not source or limit < 1:
            return []
        index = self._index(normalize_lang(source_lang), normalize_lang(target_lang))
        found = index.search(source, threshold)
        rows = self._rows_by_id([hit[0] for hit in found])
        matches = [(-similarity, rows[uid][0], TMMatch(score, *rows[uid]))
                   for uid, score, similarity in found if uid in rows]
        matches.sort(key=lambda m: (m[0], m[1]))
        return [m[2] for m in matches[:limit]]

    def _rows_by_id(self, ids: list[int]) -> dict[int, tuple[str, str, str]]:
        rows: dict[int, tuple[str, str, str]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for uid, *rest in self._db.execute(
                    f"SELECT id, source, target, origin FROM units WHERE id IN ({marks})", chunk):
                rows[uid] = (rest[0], rest[1], rest[2])
        return rows

    def _index(self, source_lang: str, target_lang: str) -> _FuzzyIndex:
        """The cached index of a language pair, rebuilt after any write to the file."""
        version = (self._db.execute("PRAGMA data_version").fetchone()[0], self._generation)
        cached = self._indexes.get((source_lang, target_lang))
        if cached and cached[0] == version:
            return cached[1]
        rows = self._db.execute("SELECT id, source FROM units WHERE source_lang = ? AND "
                                "target_lang = ?", (source_lang, target_lang)).fetchall()
        index = _FuzzyIndex(rows)
        self._indexes[(source_lang, target_lang)] = (version, index)
        return index

    def units(self, *, source_lang: str | None = None,
              target_lang: str | None = None) -> Iterator[TMUnit]:
        """Yield stored units (optionally of one language pair), ordered by source."""
        query = ("SELECT source, target, source_lang, target_lang, origin, created, changed "
                 "FROM units WHERE (?1 IS NULL OR source_lang = ?1) AND "
                 "(?2 IS NULL OR target_lang = ?2) ORDER BY source_lang, source, target_lang")
        src = normalize_lang(source_lang) if source_lang else None
        tgt = normalize_lang(target_lang) if target_lang else None
        for row in self._db.execute(query, (src, tgt)).fetchall():
            yield TMUnit(*row)

    def remove_origin(self, origin: str) -> int:
        """Delete every unit that came from ``origin``; return how many."""
        with self.transaction():
            return self._db.execute("DELETE FROM units WHERE origin = ?", (origin,)).rowcount

    def stats(self) -> dict[str, object]:
        """Return ``units`` (total), ``pairs`` (``"en:kk"`` -> count), ``size_bytes`` and ``schema``."""
        pairs = {f"{s}:{t}": n for s, t, n in self._db.execute(
            "SELECT source_lang, target_lang, count(*) FROM units GROUP BY 1, 2 ORDER BY 1, 2")}
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        page_size = self._db.execute("PRAGMA page_size").fetchone()[0]
        return {"path": self.path, "units": sum(pairs.values()), "pairs": pairs,
                "size_bytes": pages * page_size, "schema": SCHEMA_VERSION}

    def refresh_from_po(self, paths: Iterable[Path], *, source_lang: str,
                        root: Path | None = None) -> RefreshCounts:
        """Bring the memory in line with the reviewed entries of PO files.

        A reviewed entry is non-obsolete, non-fuzzy, without plural forms, with a
        non-empty msgid and msgstr. Its target language is the file's ``Language``
        header. Each file is the origin ``po:<path>``, the path relative to ``root``
        (the workspace) when given, so that a moved or copied workspace keeps its
        origins: units that origin gave before and that are no longer reviewed in it
        are removed; a changed msgstr replaces the old target. For a source reviewed in
        several files the last file given wins. Every file is read before the memory is
        touched, and a refresh that finds nothing new writes nothing. Units whose origin
        is a file's old absolute path (``po:/…/locales/kk/LC_MESSAGES/x.po``, written by
        older versions or in the workspace's former place) are adopted by that file.

        Args:
            paths: PO files to read.
            source_lang: language of their msgids.
            root: the folder origins are relative to (default: the paths as given).

        Returns:
            Counts of files read and units added, updated, unchanged, removed, skipped.

        Raises:
            CatalogError: a file cannot be read or has no valid ``Language`` header.
        """
        totals = Counter[str]()
        src = normalize_lang(source_lang)
        wanted: dict[tuple[str, str], tuple[str, str]] = {}  # (lang, source) -> (target, origin)
        origins: list[str] = []
        for path in paths:
            target_lang, pairs, skipped = _read_reviewed(Path(path))
            origin = _po_origin(Path(path), root)
            origins.append(origin)
            for source, target in pairs.items():
                wanted[(target_lang, source)] = (target, origin)
            totals["files"] += 1
            totals["skipped"] += skipped
        with self.transaction():
            if root is not None:
                self._adopt_absolute_origins(origins)
            totals.update(self._apply_refresh(src, origins, wanted))
        return RefreshCounts(**totals)

    def _adopt_absolute_origins(self, origins: list[str]) -> None:
        """Rename ``po:/abs/…/<relative origin>`` to the relative origin that ends it."""
        relative = {origin[len("po:"):]: origin for origin in origins}
        old = [row[0] for row in self._db.execute(
            "SELECT DISTINCT origin FROM units WHERE origin >= 'po:/' AND origin < 'po:0'")]
        for origin in old:
            parts = PurePosixPath(origin[len("po:"):]).parts
            for size in range(len(parts) - 1, 0, -1):
                tail = "/".join(parts[-size:])
                if tail in relative:
                    self._db.execute("UPDATE units SET origin = ? WHERE origin = ?",
                                     (relative[tail], origin))
                    break

    def _apply_refresh(self, src: str, origins: list[str],
                       wanted: dict[tuple[str, str], tuple[str, str]]) -> Counter[str]:
        counts = Counter[str]()
        for origin in dict.fromkeys(origins):
            gone = [(lang, source) for lang, source in self._db.execute(
                "SELECT target_lang, source FROM units WHERE origin = ? AND source_lang = ?",
                (origin, src)) if (lang, source) not in wanted]
            self._db.executemany("DELETE FROM units WHERE source_lang = ? AND target_lang = ? "
                                 "AND source = ?", [(src, lang, s) for lang, s in gone])
            counts["removed"] += len(gone)
        stamp = self._clock()
        for (tgt, source), (target, origin) in wanted.items():
            row = self._db.execute("SELECT target, origin FROM units WHERE source_lang = ? AND "
                                   "target_lang = ? AND source = ?", (src, tgt, source)).fetchone()
            if row == (target, origin):
                counts["unchanged"] += 1
                continue
            self._db.execute(_UPSERT, (src, tgt, source, target, origin, stamp, stamp))
            counts["added" if row is None else "updated"] += 1
        return counts


def _po_origin(path: Path, root: Path | None) -> str:
    """``po:`` and the file's path, relative to ``root`` when it lies below it."""
    if root is not None:
        try:
            return f"po:{path.resolve().relative_to(Path(root).resolve()).as_posix()}"
        except ValueError:
            pass
    return f"po:{path.as_posix()}"


def _read_reviewed(path: Path) -> tuple[str, dict[str, str], int]:
    """Return a PO file's language, its reviewed ``msgid -> msgstr`` and the skipped count."""
    try:
        catalog = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise CatalogError(path, None, f"cannot read PO file: {exc}") from None
    language = catalog.metadata.get("Language", "").strip()
    if not language:
        raise CatalogError(path, None, "no Language header: cannot tell the target language")
    try:
        target_lang = normalize_lang(language)
    except UsageError as exc:
        raise CatalogError(path, None, f"Language header: {exc}") from None
    pairs: dict[str, str] = {}
    skipped = 0
    for entry in catalog:
        if entry.obsolete or entry.fuzzy or entry.msgid_plural or not entry.msgid \
                or not entry.msgstr:
            skipped += 1
            continue
        pairs[entry.msgid] = entry.msgstr
    return target_lang, pairs, skipped
