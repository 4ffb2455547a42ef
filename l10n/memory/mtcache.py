"""Persistent cache of machine translations, so unchanged text is never sent twice."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit, urlunsplit

from l10n.memory.tm import normalize_lang
from l10n.workspace.errors import InputError, UsageError

SCHEMA_VERSION = 1
_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS translations (
        engine      TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        source      TEXT NOT NULL,
        translation TEXT NOT NULL,
        created     TEXT NOT NULL,
        PRIMARY KEY (engine, fingerprint, source_lang, target_lang, source)
    ) WITHOUT ROWID""",
]
_SECRET_NAME = re.compile(r"key|token|secret|passw|auth|credential|cookie|session", re.IGNORECASE)
_URL_WITH_USER = re.compile(r"[a-z][a-z0-9+.-]*://[^/\s@]+@", re.IGNORECASE)
_SECRET_PARAM = re.compile(r"[?&;][^=&\s]*(?:key|token|secret|passw|auth|sig)[^=&\s]*=",
                           re.IGNORECASE)
_CHUNK = 500


def engine_fingerprint(config: Mapping[str, object]) -> str:
    """Return a stable fingerprint of an engine's settings that change its output.

    Settings whose name suggests a secret (``api_key``, ``token``, ``password``...) are
    left out, and URLs lose their user info and query string, so the fingerprint can
    be stored. Pass what changes translations: model id, version, formality, endpoint.

    >>> engine_fingerprint({"model": "nmt-2", "api_key": "s3cr3t"})
    '{"model": "nmt-2"}'
    """
    kept = {name: _without_credentials(value) for name, value in config.items()
            if not _SECRET_NAME.search(name)}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, default=str)


def _without_credentials(value: object) -> object:
    if isinstance(value, str) and "://" in value:
        parts = urlsplit(value)
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    return value


def _check_public(engine: str, fingerprint: str) -> None:
    """Refuse an engine name or fingerprint that carries credentials."""
    for what, text in (("engine name", engine), ("engine fingerprint", fingerprint)):
        if _URL_WITH_USER.search(text) or _SECRET_PARAM.search(text):
            raise UsageError(f"the {what} for the MT cache holds credentials (a URL with a "
                             "user or a key parameter); build it with engine_fingerprint()")
    if not engine:
        raise UsageError("the MT cache needs an engine name")


class MTCache:
    """Machine translations in SQLite, keyed by engine, fingerprint, languages and text.

    The fingerprint is stored only as its SHA-256 digest, so even a secret that slips
    into it is not written to disk in clear. Writes are transactional (WAL mode).

    Example:
        >>> with MTCache(":memory:") as cache:
        ...     cache.put_many("fake", "v1", "en", "kk", {"Hello": "Сәлем"})
        ...     cache.get_many("fake", "v1", "en", "kk", ["Hello", "Bye"])
        1
        {'Hello': 'Сәлем'}
    """

    def __init__(self, path: Path | str) -> None:
        """Open (creating when missing) the cache at ``path`` or ``":memory:"``.

        Raises:
            InputError: the file is not an MT cache, or a newer l10n wrote it.
        """
        self.path = str(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._create()
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise InputError(self.path, None, f"not an MT cache ({exc})") from None

    def _create(self) -> None:
        for statement in _SCHEMA:
            self._db.execute(statement)
        version = self._db.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        if version is None:
            self._db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
        elif version > SCHEMA_VERSION:
            raise InputError(self.path, None, f"MT cache schema {version} is newer than this "
                             f"l10n supports ({SCHEMA_VERSION}); upgrade l10n")

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def __enter__(self) -> MTCache:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def get_many(self, engine: str, fingerprint: str, source_lang: str, target_lang: str,
                 texts: Iterable[str]) -> dict[str, str]:
        """Return the cached translations of ``texts`` (those missing are absent).

        Args:
            engine: engine name, e.g. ``google``.
            fingerprint: its output-changing settings (see ``engine_fingerprint``).
            source_lang: language of the texts.
            target_lang: language of the translations.
            texts: source texts.

        Returns:
            ``text -> translation`` for every text found.

        Raises:
            UsageError: credentials in engine or fingerprint, or an unknown language.
        """
        key = self._key(engine, fingerprint, source_lang, target_lang)
        wanted = list(dict.fromkeys(texts))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(
                "SELECT source, translation FROM translations WHERE engine = ? AND fingerprint = ?"
                f" AND source_lang = ? AND target_lang = ? AND source IN ({marks})",
                (*key, *chunk)))
        return found

    def put_many(self, engine: str, fingerprint: str, source_lang: str, target_lang: str,
                 translations: Mapping[str, str]) -> int:
        """Store ``source -> translation`` pairs in one transaction; empty ones are ignored.

        Returns:
            How many pairs were stored.

        Raises:
            UsageError: credentials in engine or fingerprint, or an unknown language.
        """
        key = self._key(engine, fingerprint, source_lang, target_lang)
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows = [(*key, s, t, stamp) for s, t in translations.items() if s and t]
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 rows)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return len(rows)

    def clear(self, engine: str | None = None) -> int:
        """Delete the cached translations (of one engine, or all); return how many."""
        self._db.execute("BEGIN IMMEDIATE")
        count = self._db.execute("DELETE FROM translations WHERE ?1 IS NULL OR engine = ?1",
                                 (engine,)).rowcount
        self._db.execute("COMMIT")
        return count

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM translations").fetchone()[0])

    @staticmethod
    def _key(engine: str, fingerprint: str, source_lang: str,
             target_lang: str) -> tuple[str, str, str, str]:
        _check_public(engine, fingerprint)
        digest = hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()
        return engine, digest, normalize_lang(source_lang), normalize_lang(target_lang)
