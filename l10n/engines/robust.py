"""Robust: the wrapper every engine call goes through (chunking, retries, validation, stats)."""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from l10n.engines.base import (
    EngineError,
    EngineLimits,
    TextTooLong,
    TranslationEngine,
    check_texts,
    has_letters,
    validate_translations,
)

log = logging.getLogger(__name__)

_EDGES_RE = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)


@dataclass
class EngineStats:
    """What was sent to the wrapped engine (for benchmarks and dry runs)."""

    requests: int = 0       # calls to the inner engine, retries included
    texts: int = 0          # texts sent, retries included
    chars: int = 0          # characters sent, retries included
    retries: int = 0        # calls repeated after a retryable error
    skipped: int = 0        # texts returned as is (empty, whitespace, no letters)
    failures: int = 0       # translate() calls that ended in EngineError
    waited: float = 0.0     # seconds slept between retries


class Robust:
    """Wrap any engine: chunk to its limits, keep whitespace, retry, validate, count.

    Args:
        engine: the engine to wrap.
        timeout: seconds per provider request; given to the engine as its ``timeout``
            attribute when it has one (HTTP engines do). ``None`` keeps the engine's own.
        retries: how many times a retryable failure is repeated (0 = try once).
        backoff: first wait in seconds; doubles on each retry, plus up to 50% jitter.
        max_chars: characters per request (default: the engine's ``limits``; the smaller wins).
        max_batch: texts per request (default: the engine's ``limits``; the smaller wins).
        max_wait: longest single wait; a Retry-After above it ends the retries at once.
        sleep: injectable ``time.sleep`` (tests pass a recorder).
        rng: injectable ``random.random`` for the jitter.

    Texts that are empty, whitespace only or without letters (digits, punctuation) are
    returned unchanged and never sent. Leading/trailing whitespace is stripped before
    sending and put back afterwards. Every failure comes out as `EngineError`; a text
    longer than the per-text limit raises `TextTooLong` (not retryable) before anything
    is sent, so the caller can leave it for translators.
    """

    def __init__(self, engine: TranslationEngine, *, timeout: float | None = None,
                 retries: int = 3, backoff: float = 0.5, max_chars: int | None = None,
                 max_batch: int | None = None, max_wait: float = 60.0,
                 sleep: Callable[[float], None] = time.sleep,
                 rng: Callable[[], float] = random.random) -> None:
        self.engine = engine
        self.name = engine.name
        inner = getattr(engine, "limits", None) or EngineLimits()
        request_chars = _smaller(inner.max_request_chars, max_chars)
        self.limits = EngineLimits(
            max_text_chars=min(inner.max_text_chars, request_chars),
            max_request_chars=request_chars,
            max_texts=max(1, _smaller(inner.max_texts, max_batch)),
        )
        if timeout is not None and hasattr(engine, "timeout"):
            engine.timeout = timeout
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.rng = rng
        self.stats = EngineStats()

    def fingerprint(self) -> str:
        return self.engine.fingerprint()

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        """Translate ``texts``; one result per text, same order.

        Raises:
            TextTooLong: a text exceeds the per-text limit (nothing was sent).
            EngineError: the engine failed after the allowed retries.
        """
        check_texts(self.name, texts)
        results: list[str | None] = list(texts)
        todo: list[tuple[int, str, str, str]] = []  # index, lead, core, trail
        for i, text in enumerate(texts):
            lead, core, trail = _EDGES_RE.match(text).groups()  # type: ignore[union-attr]
            if not has_letters(core):
                self.stats.skipped += 1
                continue
            if len(core) > self.limits.max_text_chars:
                raise TextTooLong(self.name, i, len(core), self.limits.max_text_chars)
            todo.append((i, lead, core, trail))
        try:
            for batch in self._batches(todo):
                cores = [core for _, _, core, _ in batch]
                outs = self._call(cores, source=source, target=target)
                for (i, lead, _, trail), out in zip(batch, outs, strict=True):
                    results[i] = f"{lead}{out.strip()}{trail}"
        except EngineError:
            self.stats.failures += 1
            raise
        return [r for r in results if r is not None]

    def _batches(self, todo: list[tuple[int, str, str, str]]
                 ) -> list[list[tuple[int, str, str, str]]]:
        batches: list[list[tuple[int, str, str, str]]] = []
        current: list[tuple[int, str, str, str]] = []
        chars = 0
        for item in todo:
            size = len(item[2])
            if current and (len(current) >= self.limits.max_texts
                            or chars + size > self.limits.max_request_chars):
                batches.append(current)
                current, chars = [], 0
            current.append(item)
            chars += size
        if current:
            batches.append(current)
        return batches

    def _call(self, texts: list[str], *, source: str, target: str) -> list[str]:
        attempt = 0
        while True:
            self.stats.requests += 1
            self.stats.texts += len(texts)
            self.stats.chars += sum(len(t) for t in texts)
            try:
                result = self.engine.translate(texts, source=source, target=target)
                return validate_translations(self.name, texts, result)
            except EngineError as exc:
                error = exc
            except Exception as exc:  # a bug or an unwrapped library error: one type out
                # The message may hold a URL or key, so only the type is shown.
                raise EngineError(self.name, f"unexpected {type(exc).__name__} "
                                             "from the engine") from None
            if not error.retryable or attempt >= self.retries:
                raise error
            delay = self._delay(attempt, error)
            if delay is None:
                raise error
            log.info("%s: %s; retrying in %.1fs (%d/%d)", self.name, error.reason, delay,
                     attempt + 1, self.retries)
            self.sleep(delay)
            self.stats.waited += delay
            self.stats.retries += 1
            attempt += 1

    def _delay(self, attempt: int, error: EngineError) -> float | None:
        """Seconds to wait before retry ``attempt + 1``; None when waiting is pointless."""
        if error.retry_after is not None:
            if error.retry_after > self.max_wait:
                return None
            return max(0.0, float(error.retry_after))
        delay = self.backoff * (2.0 ** attempt) * (1 + 0.5 * self.rng())
        return min(delay, self.max_wait)


def _smaller(limit: int, override: int | None) -> int:
    return limit if override is None else min(limit, override)
