"""Robust.translate_each: one failing text costs only itself; answers are kept, checked,
realigned; what stops an engine stops it at once."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from l10n.engines import EngineError, EngineLimits, RejectedAnswer, Robust, TextTooLong
from l10n.engines.base import status_error
from tests.engines.enginefakes import MYMEMORY_QUOTA_RU, ScriptedEngine

TEXTS = [f"Sentence number {word} about the trial." for word in
         ("one", "two", "three", "four", "five", "six", "seven", "eight")]
BAD = TEXTS[5]


def failing_on(bad: str, error: EngineError):  # type: ignore[no-untyped-def]
    def step(texts: Sequence[str]) -> list[str]:
        if bad in texts:
            raise error
        return [t.upper() for t in texts]
    return step


def robust(engine: ScriptedEngine, **kwargs: object) -> tuple[Robust, list[float]]:
    sleeps: list[float] = []
    kwargs.setdefault("rng", lambda: 0.0)
    return Robust(engine, sleep=sleeps.append, **kwargs), sleeps  # type: ignore[arg-type]


@pytest.mark.parametrize("error", [
    status_error("scripted", 500),
    EngineError("scripted", "server error: broken", per_text=True),  # error JSON, status 200
    EngineError("scripted", "invalid response: 7 translations for 8 texts", per_text=True),
])
def test_a_failing_text_is_isolated_and_the_others_kept(error: EngineError) -> None:
    engine = ScriptedEngine([failing_on(BAD, error)] * 50)
    r, sleeps = robust(engine, retries=2)
    delivered: list[dict[int, str]] = []
    result = r.translate_each(TEXTS, source="en", target="fr", on_answers=delivered.append)
    assert result.stopped is None
    assert result.translations == {i: t.upper() for i, t in enumerate(TEXTS) if t != BAD}
    assert list(result.failures) == [5] and result.failures[5] is error
    assert {i for d in delivered for i in d} == set(result.translations)  # per request
    # the whole batch was retried first (retryable errors), the halves were not
    expected_first = 3 if error.retryable else 1
    assert [len(c) for c in engine.calls[:expected_first]] == [8] * expected_first
    # depth first: 4 good, 4 failing -> 2 failing -> 1 good, 1 failing; then 2 good
    assert [len(c) for c in engine.calls[expected_first:]] == [4, 4, 2, 1, 1, 2]
    assert r.stats.splits == 3
    assert r.stats.answered == 7 and r.stats.answered_chars == sum(map(len, TEXTS)) - len(BAD)


@pytest.mark.parametrize("error", [
    EngineError("scripted", "cannot connect to the server", retryable=True),
    EngineError("scripted", "not authorised (HTTP 403)", status=403),
    EngineError("scripted", "request rejected (HTTP 400): daily quota exceeded", status=400,
                per_text=True),
])
def test_what_no_text_can_cure_stops_the_engine(error: EngineError) -> None:
    engine = ScriptedEngine([error] * 10, limits=EngineLimits(1000, 1000, 4))
    r, _ = robust(engine, retries=1)
    result = r.translate_each(TEXTS, source="en", target="fr")
    assert result.stopped is error and result.translations == {} and result.failures == {}
    assert len(engine.calls) == (2 if error.retryable else 1)  # no splitting, nothing more


def test_a_broken_engine_is_given_up_after_three_texts() -> None:
    engine = ScriptedEngine([status_error("scripted", 500)] * 50)
    r, _ = robust(engine, retries=0)
    result = r.translate_each(TEXTS, source="en", target="fr")
    assert result.stopped is not None and "every text failed" in result.stopped.reason
    assert len(result.failures) == 3 and len(engine.calls) < 10


def test_shuffled_answers_are_asked_again_one_by_one() -> None:
    sources = ["Omarov went on hunger strike for 12 days.", "Sarsenova is 34 years old.",
               "Since 2020, 17 bloggers were prosecuted."]
    answers = {s: a for s, a in zip(sources, [
        "Омаров 12 дней держал голодовку.", "Сарсеновой 34 года.",
        "С 2020 года преследованию подверглись 17 блогеров."], strict=True)}
    engine = ScriptedEngine([lambda texts: [answers[t] for t in texts[1:] + texts[:1]]])
    engine.steps += [lambda texts: [answers[t] for t in texts]] * 3
    r, _ = robust(engine)
    result = r.translate_each(sources, source="en", target="ru")
    assert result.translations == {i: answers[s] for i, s in enumerate(sources)}
    assert [len(c) for c in engine.calls] == [3, 1, 1, 1] and r.stats.resent == 1


def test_an_engine_answering_one_request_late_is_stopped() -> None:
    sources = ["Omarov went on hunger strike for 12 days.", "Sarsenova is 34 years old.",
               "Since 2020, 17 bloggers were prosecuted.", "The judge refused."]
    answers = ["Омаров 12 дней держал голодовку.", "Сарсеновой 34 года.",
               "С 2020 года преследованию подверглись 17 блогеров.", "Судья отказал."]
    late = iter([answers[0], *answers])
    engine = ScriptedEngine([lambda texts: [next(late)]] * 4,
                            limits=EngineLimits(1000, 1000, 1))
    r, _ = robust(engine)
    result = r.translate_each(sources, source="en", target="ru")
    assert result.translations == {0: answers[0]}
    assert isinstance(result.failures[1], RejectedAnswer)
    assert result.stopped is not None and "other texts' translations" in result.stopped.reason
    assert len(engine.calls) == 2


def test_notices_are_errors_never_translations() -> None:
    quota = ScriptedEngine([[MYMEMORY_QUOTA_RU] * 2])
    r, _ = robust(quota)
    result = r.translate_each(TEXTS[:2], source="en", target="ru")
    assert result.translations == {} and result.stopped is not None
    assert "quota" in result.stopped.reason and r.stats.answered == 0

    rate = ScriptedEngine([["Too many requests"], ["TRIAL"]])
    r, sleeps = robust(rate)
    assert r.translate(["trial"], source="en", target="fr") == ["TRIAL"] and len(sleeps) == 1

    page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    server = ScriptedEngine([lambda texts: [page if t == BAD else t.upper() for t in texts]] * 9)
    r, _ = robust(server, retries=0)
    result = r.translate_each(TEXTS, source="en", target="fr")
    assert set(result.translations) == set(range(8)) - {5}
    assert "server error page" in result.failures[5].reason


def test_a_check_refuses_answers_which_are_then_not_delivered() -> None:
    engine = ScriptedEngine()
    r, _ = robust(engine)
    delivered: list[dict[int, str]] = []
    result = r.translate_each(
        TEXTS[:3], source="en", target="fr", on_answers=delivered.append,
        check=lambda source, answer: "no" if "TWO" in answer else None)
    assert set(result.translations) == {0, 2} and delivered == [result.translations]
    assert isinstance(result.failures[1], RejectedAnswer) and result.failures[1].reason == "no"


def test_letterless_and_too_long_texts() -> None:
    engine = ScriptedEngine(limits=EngineLimits(30, 1000, 10))
    r, _ = robust(engine)
    result = r.translate_each(["  2019 ", "Short one.", "x" * 40], source="en", target="fr")
    assert result.translations == {0: "  2019 ", 1: "SHORT ONE."}
    assert isinstance(result.failures[2], TextTooLong) and engine.calls == [["Short one."]]
