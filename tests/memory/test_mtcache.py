"""Tests for the machine-translation cache."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.memory.mtcache import MTCache, engine_fingerprint
from l10n.workspace.errors import InputError, UsageError


def test_miss_then_hit(tmp_path: Path) -> None:
    path = tmp_path / "mt.sqlite"
    with MTCache(path) as cache:
        assert cache.get_many("google", "v1", "en", "kk", ["Hello."]) == {}
        assert cache.put_many("google", "v1", "en", "kk", {"Hello.": "Сәлем."}) == 1
    with MTCache(path) as cache:
        assert cache.get_many("google", "v1", "en", "kk", ["Hello.", "Bye."]) == {"Hello.": "Сәлем."}
        assert len(cache) == 1


def test_key_parts_separate_entries() -> None:
    with MTCache(":memory:") as cache:
        cache.put_many("google", "v1", "en", "kk", {"Hi": "A"})
        assert cache.get_many("google", "v2", "en", "kk", ["Hi"]) == {}
        assert cache.get_many("deepl", "v1", "en", "kk", ["Hi"]) == {}
        assert cache.get_many("google", "v1", "en", "ru", ["Hi"]) == {}
        assert cache.get_many("google", "v1", "EN-US", "kk-KZ", ["Hi"]) == {"Hi": "A"}


def test_many_texts_and_overwrite() -> None:
    texts = {f"text {i}": f"мәтін {i}" for i in range(1234)}
    with MTCache(":memory:") as cache:
        cache.put_many("fake", "f", "en", "kk", texts)
        cache.put_many("fake", "f", "en", "kk", {"text 1": "new"})
        got = cache.get_many("fake", "f", "en", "kk", list(texts) + ["missing"])
    assert len(got) == 1234 and got["text 1"] == "new" and got["text 2"] == "мәтін 2"


def test_empty_translations_not_cached() -> None:
    with MTCache(":memory:") as cache:
        assert cache.put_many("fake", "f", "en", "kk", {"a": ""}) == 0


def test_fingerprint_drops_secrets() -> None:
    fp = engine_fingerprint({"model": "nmt", "api_key": "SECRET", "Auth-Token": "SECRET",
                             "url": "https://user:SECRET@mt.example/v2?key=SECRET"})
    assert "SECRET" not in fp and "user" not in fp
    assert fp == engine_fingerprint({"url": "https://mt.example/v2", "model": "nmt"})


@pytest.mark.parametrize("fingerprint", ["https://user:pw@mt.example/", "endpoint?api_key=abc",
                                         "https://mt.example/?token=1"])
def test_credentials_refused(fingerprint: str) -> None:
    with MTCache(":memory:") as cache, pytest.raises(UsageError, match="credentials"):
        cache.put_many("x", fingerprint, "en", "kk", {"a": "b"})


def test_fingerprint_stored_as_digest(tmp_path: Path) -> None:
    path = tmp_path / "mt.sqlite"
    with MTCache(path) as cache:
        cache.put_many("fake", '{"model": "very-visible"}', "en", "kk", {"a": "b"})
    raw = sqlite3.connect(path).execute("SELECT fingerprint FROM translations").fetchone()[0]
    assert "very-visible" not in raw and len(raw) == 64


def test_not_a_cache(tmp_path: Path) -> None:
    bogus = tmp_path / "mt.sqlite"
    bogus.write_bytes(b"garbage" * 1000)
    with pytest.raises(InputError):
        MTCache(bogus)


text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1)


@given(pairs=st.dictionaries(text, text, max_size=20))
def test_put_get_identity(pairs: dict[str, str]) -> None:
    with MTCache(":memory:") as cache:
        cache.put_many("fake", "v", "en", "fr", pairs)
        assert cache.get_many("fake", "v", "en", "fr", pairs) == pairs
