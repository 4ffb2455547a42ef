"""Engines without HTTP: settings, registry, language codes, pseudo engine and Robust."""

from __future__ import annotations

import sys
import types

import pytest

from l10n.engines import (
    ENGINES,
    EngineConfig,
    EngineError,
    EngineInfo,
    EngineLimits,
    EngineSettings,
    Robust,
    TextTooLong,
    TranslationEngine,
    UnsupportedLanguage,
    engine_infos,
    get_engine,
    provider_code,
)
from l10n.engines.base import parse_retry_after, redact, status_error
from l10n.engines.pseudo import PseudoEngine, pseudo_translate
from l10n.workspace.errors import ConfigError, L10nError
from tests.engines.enginefakes import ScriptedEngine, retryable

SECRET = "sk-test-SECRET-123"


def settings(**env: str) -> EngineSettings:
    return EngineSettings.from_env(environ=env)


# -- errors and settings -----------------------------------------------------------------

def test_engine_error_is_an_l10n_error_with_reason_and_retryable() -> None:
    exc = EngineError("google", "timed out", retryable=True)
    assert isinstance(exc, L10nError)
    assert exc.retryable and exc.reason == "timed out"
    assert str(exc) == "google: timed out"
    assert not UnsupportedLanguage("deepl", "no kk").retryable
    assert not TextTooLong("google", 0, 6000, 4999).retryable


def test_status_errors_classify_retryable() -> None:
    assert status_error("x", 429, retry_after=3).retryable
    assert status_error("x", 429, retry_after=3).retry_after == 3
    assert status_error("x", 503).retryable
    assert not status_error("x", 400).retryable
    assert "L10N_X_KEY" in str(status_error("x", 401, key_var="L10N_X_KEY"))


def test_parse_retry_after_seconds_and_date() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0


def test_settings_from_env_win_over_config_and_hide_key() -> None:
    s = EngineSettings.from_env(
        config={"deepl": {"key": "from-config", "url": "http://cfg", "timeout": 5,
                          "free": True}},
        environ={"L10N_DEEPL_KEY": SECRET, "L10N_DEEPL_TIMEOUT": "2.5"})
    config = s.engine("deepl")
    assert config.key == SECRET
    assert config.url == "http://cfg"
    assert config.timeout == 2.5
    assert dict(config.options) == {"free": True}
    assert SECRET not in repr(config) and SECRET not in repr(s)


def test_settings_config_key_used_when_env_missing() -> None:
    config = EngineSettings.from_env(config={"yandex": {"key": "k1"}}, environ={}).engine("yandex")
    assert config.key == "k1" and config.timeout == 30.0


@pytest.mark.parametrize("value", ["abc", "0", "-1"])
def test_bad_timeout_is_a_config_error_naming_the_variable(value: str) -> None:
    with pytest.raises(ConfigError, match="L10N_GOOGLE_TIMEOUT"):
        settings(L10N_GOOGLE_TIMEOUT=value).engine("google")


def test_redact() -> None:
    assert redact(f"url?key={SECRET}", [SECRET, None]) == "url?key=***"


# -- language codes ---------------------------------------------------------------------

@pytest.mark.parametrize("provider, locale, code", [
    ("google", "kk", "kk"), ("google", "zh_CN", "zh-CN"), ("google", "he", "iw"),
    ("mymemory", "kk", "kk-KZ"), ("mymemory", "ru", "ru-RU"), ("mymemory", "en", "en-GB"),
    ("microsoft", "zh_CN", "zh-Hans"), ("deepl", "fr", "fr"), ("deepl", "zh_CN", "zh"),
    ("libretranslate", "kk", "kk"), ("libretranslate", "pt_BR", "pt"),
    ("google", "pt-BR", "pt-BR"),
])
def test_provider_codes(provider: str, locale: str, code: str) -> None:
    assert provider_code(provider, locale) == code


# -- registry -----------------------------------------------------------------------------

def test_registry_lists_every_engine_without_network() -> None:
    infos = {i.name: i for i in engine_infos(settings())}
    assert {"pseudo", "google", "mymemory", "microsoft", "yandex", "deepl", "libretranslate",
            "offline"} <= set(infos)
    assert infos["pseudo"].available and not infos["pseudo"].online
    assert infos["google"].available and "kk" in (infos["google"].languages or ())
    assert not infos["deepl"].available and "L10N_DEEPL_KEY" in infos["deepl"].reason
    assert "kk" not in (infos["deepl"].languages or ())
    assert all(isinstance(i, EngineInfo) for i in infos.values())


def test_registry_key_makes_engine_available_and_never_shows_it() -> None:
    infos = {i.name: i for i in engine_infos(settings(L10N_DEEPL_KEY=SECRET))}
    assert infos["deepl"].available
    assert SECRET not in repr(infos)


def test_unknown_engine_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown engine 'nope'"):
        get_engine("nope", settings())


def test_engine_needing_a_key_refuses_without_one() -> None:
    with pytest.raises(EngineError, match="L10N_MICROSOFT_KEY"):
        get_engine("microsoft", settings())


@pytest.mark.parametrize("name", ["pseudo", "google", "mymemory", "libretranslate"])
def test_engines_satisfy_the_protocol(name: str) -> None:
    engine = get_engine(name, settings(L10N_LIBRETRANSLATE_URL="http://127.0.0.1:1"))
    assert isinstance(engine, TranslationEngine)
    assert engine.name == name
    assert isinstance(engine.limits, EngineLimits)
    assert engine.fingerprint()


def test_fingerprints_hold_no_secret() -> None:
    s = settings(L10N_DEEPL_KEY=SECRET, L10N_LIBRETRANSLATE_KEY=SECRET,
                 L10N_LIBRETRANSLATE_URL=f"http://user:{SECRET}@127.0.0.1:1/?k={SECRET}")
    for name in ("deepl", "libretranslate"):
        assert SECRET not in get_engine(name, s).fingerprint()


def test_offline_engine_missing_is_listed_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "l10n.engines.offline", None)  # import fails
    info = {i.name: i for i in engine_infos(settings())}["offline"]
    assert not info.available and "cannot load" in info.reason
    with pytest.raises(EngineError, match="not available"):
        get_engine("offline", settings())


def test_offline_engine_loaded_lazily_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("l10n.engines.offline")
    module.create = lambda config: PseudoEngine(config)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "l10n.engines.offline", module)
    engine = get_engine("offline", settings())
    assert engine.name == "offline"
    assert {i.name: i for i in engine_infos(settings())}["offline"].available


def test_engine_info_hook_of_a_module_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("l10n.engines.offline")
    module.create = lambda config: PseudoEngine(config)  # type: ignore[attr-defined]
    module.engine_info = lambda config: EngineInfo(  # type: ignore[attr-defined]
        "offline", False, "a model", False, "no model folder configured", ("kk",))
    monkeypatch.setitem(sys.modules, "l10n.engines.offline", module)
    info = {i.name: i for i in engine_infos(settings())}["offline"]
    assert info.reason == "no model folder configured" and info.languages == ("kk",)


# -- pseudo ------------------------------------------------------------------------------

def test_pseudo_accents_expands_brackets_and_tags() -> None:
    out = pseudo_translate("Hello world", "kk")
    assert out.startswith("[kk: ") and out.endswith("]")
    assert "Ĥéļļö ŵöŕļð" in out
    assert len(out) >= len("Hello world") * 1.3


def test_pseudo_keeps_placeholders_urls_and_whitespace() -> None:
    text = "  Read <1>the report</1> at https://example.org/report?id=3 <2/> or mail a@b.org\n"
    out = pseudo_translate(text, "fr")
    for kept in ("<1>", "</1>", "<2/>", "https://example.org/report?id=3", "a@b.org"):
        assert kept in out
    assert out.startswith("  [fr: ") and out.endswith("]\n")
    assert "ţĥé ŕéƥöŕţ" in out


def test_pseudo_is_deterministic_and_skips_letterless() -> None:
    engine = get_engine("pseudo", settings())
    texts = ["One", "", "  ", "2019", "—", "Two"]
    first = engine.translate(texts, source="en", target="ru")
    assert first == engine.translate(texts, source="en", target="ru")
    assert first[1:5] == ["", "  ", "2019", "—"]
    assert engine.fingerprint() == "pseudo:v1"


# -- Robust ------------------------------------------------------------------------------

class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def robust(engine: ScriptedEngine, **kwargs: object) -> tuple[Robust, Sleeps]:
    sleeps = Sleeps()
    kwargs.setdefault("sleep", sleeps)
    kwargs.setdefault("rng", lambda: 0.0)
    return Robust(engine, **kwargs), sleeps  # type: ignore[arg-type]


def test_robust_skips_letterless_and_restores_whitespace() -> None:
    engine = ScriptedEngine()
    r, _ = robust(engine)
    texts = ["  Hello\n", "", "   ", "2019", "!!", "\tWorld  "]
    assert r.translate(texts, source="en", target="kk") == \
        ["  HELLO\n", "", "   ", "2019", "!!", "\tWORLD  "]
    assert engine.calls == [["Hello", "World"]]
    assert r.stats.skipped == 4 and r.stats.requests == 1 and r.stats.chars == 10


def test_robust_strips_whitespace_the_engine_adds() -> None:
    engine = ScriptedEngine([[" Сәлем \n"]])
    r, _ = robust(engine)
    assert r.translate([" Hello"], source="en", target="kk") == [" Сәлем"]


def test_robust_nothing_to_send_makes_no_request() -> None:
    engine = ScriptedEngine()
    r, _ = robust(engine)
    assert r.translate(["", "42"], source="en", target="kk") == ["", "42"]
    assert r.translate([], source="en", target="kk") == []
    assert engine.calls == [] and r.stats.requests == 0


def test_robust_chunks_by_count_and_chars() -> None:
    engine = ScriptedEngine(limits=EngineLimits(100, 100, 3))
    r, _ = robust(engine, max_chars=12)
    texts = ["aaaa", "bbbb", "cccc", "dddd", "eeeeeeeeeee", "f"]
    out = r.translate(texts, source="en", target="fr")
    assert out == [t.upper() for t in texts]
    assert engine.calls == [["aaaa", "bbbb", "cccc"], ["dddd"], ["eeeeeeeeeee", "f"]]
    for call in engine.calls:
        assert len(call) <= 3 and sum(map(len, call)) <= 12


def test_robust_max_batch_override_is_never_above_engine_limit() -> None:
    engine = ScriptedEngine(limits=EngineLimits(100, 100, 2))
    r, _ = robust(engine, max_batch=10)
    r.translate(["a", "b", "c"], source="en", target="fr")
    assert [len(c) for c in engine.calls] == [2, 1]


def test_robust_text_over_limit_raises_before_sending() -> None:
    engine = ScriptedEngine(limits=EngineLimits(10, 100, 5))
    r, _ = robust(engine)
    with pytest.raises(TextTooLong) as info:
        r.translate(["ok", "x" * 11], source="en", target="fr")
    assert info.value.index == 1 and not info.value.retryable
    assert engine.calls == []


def test_robust_retries_retryable_with_exponential_backoff() -> None:
    engine = ScriptedEngine([retryable(), retryable(), ["ONE"]])
    r, sleeps = robust(engine, backoff=0.5)
    assert r.translate(["one"], source="en", target="kk") == ["ONE"]
    assert sleeps == [0.5, 1.0]
    assert r.stats.retries == 2 and r.stats.requests == 3 and r.stats.chars == 9


def test_robust_jitter_adds_up_to_half() -> None:
    engine = ScriptedEngine([retryable(), ["X"]])
    r, sleeps = robust(engine, backoff=1.0, rng=lambda: 1.0)
    r.translate(["x"], source="en", target="kk")
    assert sleeps == [1.5]


def test_robust_gives_up_after_retries() -> None:
    engine = ScriptedEngine([retryable("boom")] * 5)
    r, sleeps = robust(engine, retries=3)
    with pytest.raises(EngineError, match="boom"):
        r.translate(["one"], source="en", target="kk")
    assert len(engine.calls) == 4 and len(sleeps) == 3
    assert r.stats.failures == 1


def test_robust_does_not_retry_non_retryable() -> None:
    engine = ScriptedEngine([EngineError("scripted", "not authorised (HTTP 401)")])
    r, sleeps = robust(engine)
    with pytest.raises(EngineError, match="401"):
        r.translate(["one"], source="en", target="kk")
    assert len(engine.calls) == 1 and sleeps == []


def test_robust_honours_retry_after() -> None:
    engine = ScriptedEngine([retryable("429", retry_after=2.0), ["ONE"]])
    r, sleeps = robust(engine, backoff=0.1)
    r.translate(["one"], source="en", target="kk")
    assert sleeps == [2.0]


def test_robust_retry_after_too_long_gives_up_at_once() -> None:
    engine = ScriptedEngine([retryable("429", retry_after=3600), ["ONE"]])
    r, sleeps = robust(engine, max_wait=60)
    with pytest.raises(EngineError):
        r.translate(["one"], source="en", target="kk")
    assert sleeps == [] and len(engine.calls) == 1


@pytest.mark.parametrize("answer, message", [
    (["only one"], "1 translations for 2 texts"),
    ("ONE TWO", "expected a list"),
    (["ONE", None], "not text"),
    (["ONE", "  "], "empty translation"),
])
def test_robust_validates_responses(answer: object, message: str) -> None:
    engine = ScriptedEngine([answer])
    r, _ = robust(engine)
    with pytest.raises(EngineError, match=message):
        r.translate(["one", "two"], source="en", target="kk")


def test_robust_wraps_unexpected_exceptions_without_their_text() -> None:
    engine = ScriptedEngine([KeyError(f"https://x/?key={SECRET}")])
    r, _ = robust(engine)
    with pytest.raises(EngineError) as info:
        r.translate(["one"], source="en", target="kk")
    assert "KeyError" in str(info.value) and SECRET not in str(info.value)


def test_robust_sets_timeout_and_forwards_fingerprint() -> None:
    engine = ScriptedEngine()
    r, _ = robust(engine, timeout=4.0)
    assert engine.timeout == 4.0
    assert r.fingerprint() == "scripted:1" and r.name == "scripted"


def test_robust_rejects_a_bare_string() -> None:
    r, _ = robust(ScriptedEngine())
    with pytest.raises(EngineError, match="sequence of strings"):
        r.translate("Hello", source="en", target="kk")  # type: ignore[arg-type]


def test_network_guard_refuses_outside_addresses() -> None:
    import socket
    with pytest.raises(OSError, match="network guard"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    with pytest.raises(OSError, match="network guard"):
        socket.getaddrinfo("translate.google.com", 443)


def test_engine_config_defaults() -> None:
    config = EngineConfig("x")
    assert config.key is None and config.secrets == ()
    assert ENGINES["pseudo"].info(config).available


def test_libretranslate_bad_option_is_a_config_error() -> None:
    s = EngineSettings.from_env(config={"libretranslate": {"max_batch": "ten",
                                                           "url": "http://127.0.0.1:1"}},
                                environ={})
    with pytest.raises(ConfigError, match="libretranslate.max_batch"):
        get_engine("libretranslate", s)
