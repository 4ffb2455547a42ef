"""Robust: the wrapper every engine call goes through (chunking, retries, validation, stats).

`Robust.translate` is all or nothing. `Robust.translate_each` is what pre-translation uses:
a batch that fails is halved and retried until the failing text is isolated, every answer
received is kept (and handed over at once, to be cached), answers that belong to another
sentence of the request are asked for again one by one, and a provider's notice (a quota
message in any language) is never taken for a translation.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from l10n.engines.answers import STOPPING, fit, misplaced, notice_kind, provider_notice
from l10n.engines.base import (
    EngineError,
    EngineLimits,
    RejectedAnswer,
    TextTooLong,
    TranslationEngine,
    UnsupportedLanguage,
    check_texts,
    has_letters,
    validate_translations,
)

log = logging.getLogger(__name__)

_EDGES_RE = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)


@dataclass
class EngineStats:
    """What was sent to the wrapped engine and what it accepted (benchmarks, reports)."""

    requests: int = 0       # calls to the inner engine, retries included
    texts: int = 0          # texts sent, retries included
    chars: int = 0          # characters sent, retries included
    answered: int = 0       # texts in calls the provider answered (what it accepted)
    answered_chars: int = 0  # their characters: what a paid provider charges for
    retries: int = 0        # calls repeated after a retryable error
    splits: int = 0         # failed batches halved to find the failing text
    resent: int = 0         # batches whose answers were shuffled, asked again one by one
    skipped: int = 0        # texts returned as is (empty, whitespace, no letters)
    failures: int = 0       # translate() calls that ended in EngineError
    waited: float = 0.0     # seconds slept between retries


@dataclass
class Translated:
    """What `Robust.translate_each` got, by index of the texts it was given.

    Attributes:
        translations: the texts translated (letterless ones as they were).
        failures: the texts sent that got no usable answer, with the reason: the
            provider's error for that text, or `RejectedAnswer`.
        stopped: the error that ended the engine's work (no connection, quota, bad key,
            unsupported language...).
        unsent: the texts never sent because the engine stopped first.
    """

    translations: dict[int, str] = field(default_factory=dict)
    failures: dict[int, EngineError] = field(default_factory=dict)
    stopped: EngineError | None = None
    unsent: set[int] = field(default_factory=set)


Check = Callable[[str, str], "str | None"]
OnAnswers = Callable[[Mapping[int, str]], None]
#: Single texts failing in a row, with nothing translated yet, before the engine is
#: taken to be broken rather than the texts.
FAILING_IN_A_ROW = 3


@dataclass
class _Item:
    index: int
    lead: str
    core: str
    trail: str


class _Stop(Exception):
    def __init__(self, error: EngineError) -> None:
        self.error = error


@dataclass
class _Run:
    out: Translated
    source: str
    target: str
    check: Check | None
    on_answers: OnAnswers | None
    answered: bool = False
    failed_in_a_row: int = 0
    sent: set[int] = field(default_factory=set)


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
        self._previous: tuple[str, str] | None = None  # the last one-text request and answer

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
        todo: list[_Item] = []
        for i, text in enumerate(texts):
            lead, core, trail = _EDGES_RE.match(text).groups()  # type: ignore[union-attr]
            if not has_letters(core):
                self.stats.skipped += 1
                continue
            if len(core) > self.limits.max_text_chars:
                raise TextTooLong(self.name, i, len(core), self.limits.max_text_chars)
            todo.append(_Item(i, lead, core, trail))
        try:
            for batch in self._batches(todo):
                outs = self._call([item.core for item in batch], source=source, target=target,
                                  retries=self.retries)
                for item, out in zip(batch, outs, strict=True):
                    results[item.index] = f"{item.lead}{out.strip()}{item.trail}"
        except EngineError:
            self.stats.failures += 1
            raise
        return [r for r in results if r is not None]

    def translate_each(self, texts: Sequence[str], *, source: str, target: str,
                       check: Check | None = None,
                       on_answers: OnAnswers | None = None) -> Translated:
        """Translate ``texts`` as far as the engine allows, text by text.

        A batch that fails for a reason one text may cause (``EngineError.per_text``) is
        retried, then halved and its halves sent again (without retries) down to single
        texts, so one failing sentence costs only itself. Answers that fit another text
        of their request better than their own (shifted or shuffled) are asked for again
        one text per request; a provider that answers one request with the previous
        request's translation is stopped. ``check(core, answer)`` may refuse an answer
        (a reason, or None to accept it). ``on_answers`` receives the accepted answers of
        each request as soon as they arrive (index → translation).

        Never raises EngineError: what failed is in the result.
        """
        check_texts(self.name, texts)
        out = Translated()
        todo: list[_Item] = []
        for i, text in enumerate(texts):
            lead, core, trail = _EDGES_RE.match(text).groups()  # type: ignore[union-attr]
            if not has_letters(core):
                self.stats.skipped += 1
                out.translations[i] = text
            elif len(core) > self.limits.max_text_chars:
                out.failures[i] = TextTooLong(self.name, i, len(core), self.limits.max_text_chars)
            else:
                todo.append(_Item(i, lead, core, trail))
        run = _Run(out, source, target, check, on_answers)
        try:
            for batch in self._batches(todo):
                self._settle(batch, run, self.retries)
        except _Stop as stop:
            out.stopped = stop.error
            out.unsent = {item.index for item in todo if item.index not in run.sent}
            self.stats.failures += 1
        return out

    def _settle(self, batch: list[_Item], run: _Run, retries: int) -> None:
        """Get answers for ``batch`` or, failing that, for as many of its texts as possible."""
        run.sent.update(item.index for item in batch)
        try:
            answers = self._call([item.core for item in batch], source=run.source,
                                 target=run.target, retries=retries)
        except EngineError as exc:
            if _stops_the_engine(exc):
                raise _Stop(exc) from None
            if len(batch) == 1:
                self._failed(batch[0], exc, run)
                return
            half = len(batch) // 2
            log.info("%s: %s; halving a batch of %d texts", self.name, exc.reason, len(batch))
            self.stats.splits += 1
            self._settle(batch[:half], run, 0)
            self._settle(batch[half:], run, 0)
            return
        run.answered, run.failed_in_a_row = True, 0
        answers = [answer.strip() for answer in answers]
        cores = [item.core for item in batch]
        if len(batch) > 1:
            self._previous = None
            if misplaced(cores, answers):
                log.info("%s: answers of a batch of %d belong to other texts; asking again "
                         "one by one", self.name, len(batch))
                self.stats.resent += 1
                for item in batch:
                    self._settle([item], run, self.retries)
                return
        else:
            self._follows_previous(batch[0], answers[0], run)
        accepted: dict[int, str] = {}
        for item, answer in zip(batch, answers, strict=True):
            reason = run.check(item.core, answer) if run.check else None
            if reason:
                run.out.failures[item.index] = RejectedAnswer(self.name, reason)
                continue
            run.out.failures.pop(item.index, None)
            run.out.translations[item.index] = accepted[item.index] = (
                f"{item.lead}{answer}{item.trail}")
        if accepted and run.on_answers:
            run.on_answers(accepted)

    def _follows_previous(self, item: _Item, answer: str, run: _Run) -> None:
        """Stop a provider that answers a request with the previous request's translation."""
        previous, self._previous = self._previous, (item.core, answer)
        if previous is None:
            return
        own, other = fit(item.core, answer), fit(previous[0], answer)
        if own < 0 and other > 0 and other - own >= 2:
            run.out.failures[item.index] = RejectedAnswer(
                self.name, "the answer is the previous text's translation")
            raise _Stop(EngineError(self.name, "the provider answers with other texts' "
                                               "translations (each answer one request late)"))

    def _failed(self, item: _Item, error: EngineError, run: _Run) -> None:
        run.out.failures[item.index] = error
        run.failed_in_a_row += 1
        if run.failed_in_a_row >= FAILING_IN_A_ROW and not run.answered:
            raise _Stop(EngineError(self.name, f"every text failed ({error.reason})",
                                    status=error.status))

    def _batches(self, todo: list[_Item]) -> list[list[_Item]]:
        batches: list[list[_Item]] = []
        current: list[_Item] = []
        chars = 0
        for item in todo:
            size = len(item.core)
            if current and (len(current) >= self.limits.max_texts
                            or chars + size > self.limits.max_request_chars):
                batches.append(current)
                current, chars = [], 0
            current.append(item)
            chars += size
        if current:
            batches.append(current)
        return batches

    def _call(self, texts: list[str], *, source: str, target: str, retries: int) -> list[str]:
        attempt = 0
        while True:
            self.stats.requests += 1
            self.stats.texts += len(texts)
            self.stats.chars += sum(len(t) for t in texts)
            try:
                result = self.engine.translate(texts, source=source, target=target)
                answers = validate_translations(self.name, texts, result)
                _refuse_notices(self.name, texts, answers)
                self.stats.answered += len(texts)
                self.stats.answered_chars += sum(len(t) for t in texts)
                return answers
            except EngineError as exc:
                error = exc
            except Exception as exc:  # a bug or an unwrapped library error: one type out
                # The message may hold a URL or key, so only the type is shown.
                raise EngineError(self.name, f"unexpected {type(exc).__name__} "
                                             "from the engine") from None
            if not error.retryable or attempt >= retries:
                raise error
            delay = self._delay(attempt, error)
            if delay is None:
                raise error
            log.info("%s: %s; retrying in %.1fs (%d/%d)", self.name, error.reason, delay,
                     attempt + 1, retries)
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


def _stops_the_engine(error: EngineError) -> bool:
    """Whether no other text can succeed either: the error is not about the texts sent, or
    its message speaks of a quota, a key or a rate limit ("HTTP 400: quota exceeded")."""
    if not error.per_text or isinstance(error, UnsupportedLanguage):
        return True
    return notice_kind(error.reason) in STOPPING | {"rate"}


def _refuse_notices(engine: str, texts: Sequence[str], answers: Sequence[str]) -> None:
    """Raise the error a provider's notice given as a translation stands for.

    Quota, key and language-pair messages stop the engine; a rate-limit message is
    retried like HTTP 429; a server error page like HTTP 500; a length-limit message
    concerns the text.
    """
    for text, answer in zip(texts, answers, strict=True):
        kind = notice_kind(answer, text)
        if kind is None:
            continue
        reason = provider_notice(answer, text) or "a provider's notice"
        if kind in STOPPING:
            raise EngineError(engine, reason, status=429 if kind == "quota" else None)
        if kind == "rate":
            raise EngineError(engine, reason, retryable=True, status=429)
        raise EngineError(engine, reason, retryable=kind == "server", per_text=True)


def _smaller(limit: int, override: int | None) -> int:
    return limit if override is None else min(limit, override)
