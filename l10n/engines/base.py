"""The engine interface: EngineError, the TranslationEngine Protocol, settings and the registry.

Every machine-translation engine is an object with a ``name``, ``limits``, a
``fingerprint()`` and ``translate(texts, source=, target=)``. Engines are built by
factories registered in ``ENGINES`` from an `EngineConfig` (key, URL, timeout and
options), which `EngineSettings` reads from ``L10N_<ENGINE>_KEY`` / ``_URL`` /
``_TIMEOUT`` environment variables and an optional ``[tool.l10n.engines.<name>]`` table.

API keys are kept out of reprs, messages and fingerprints: they only ever travel to
the provider.
"""

from __future__ import annotations

import importlib
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, Protocol, cast, runtime_checkable
from urllib.parse import urlsplit, urlunsplit

from l10n.workspace.config import Workspace
from l10n.workspace.errors import ConfigError, L10nError

DEFAULT_TIMEOUT = 30.0


class EngineError(L10nError):
    """A machine-translation call failed.

    Attributes:
        engine: the engine's name.
        reason: a short, secret-free description of what went wrong.
        retryable: True when the same request may succeed later (timeouts,
            connection errors, HTTP 429 and 5xx); False for auth errors, bad input,
            unsupported languages and other 4xx answers.
        retry_after: seconds the provider asked us to wait (HTTP Retry-After), if any.
        status: the HTTP status code behind the error, if any.
        per_text: True when the provider answered but refused or garbled this request
            (HTTP 5xx or 400, an error JSON with status 200, a reply one item short): one
            text of the batch may be the cause, so `Robust.translate_each` splits the batch
            to find it. False for what stops the engine whatever is sent (no connection,
            timeouts, bad key, quota, unsupported language).
    """

    def __init__(self, engine: str, reason: str, *, retryable: bool = False,
                 retry_after: float | None = None, status: int | None = None,
                 per_text: bool = False) -> None:
        self.engine = engine
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after
        self.status = status
        self.per_text = per_text
        super().__init__(f"{engine}: {reason}")


class UnsupportedLanguage(EngineError):
    """The engine cannot translate this language pair (never retryable)."""

    def __init__(self, engine: str, reason: str) -> None:
        super().__init__(engine, reason, retryable=False)


class RejectedAnswer(EngineError):
    """The engine answered, but the answer is not a translation of the text it was sent
    (another sentence's, a provider's notice, wrong numbers...): it is never used."""

    def __init__(self, engine: str, reason: str) -> None:
        super().__init__(engine, reason, retryable=False, per_text=True)


class TextTooLong(EngineError):
    """One text exceeds the engine's per-text limit; leave it for human translators."""

    def __init__(self, engine: str, index: int, length: int, limit: int) -> None:
        self.index = index
        self.length = length
        self.limit = limit
        super().__init__(engine, f"text {index + 1} has {length} characters, more than the "
                                 f"engine's limit of {limit}; leave it for translators",
                         retryable=False, per_text=True)


@dataclass(frozen=True)
class EngineLimits:
    """How much one engine accepts: per text, per request (characters) and texts per request."""

    max_text_chars: int = 5000
    max_request_chars: int = 5000
    max_texts: int = 1


@runtime_checkable
class TranslationEngine(Protocol):
    """What every engine provides. Tests and the pretranslate stage see only this."""

    name: str
    limits: EngineLimits

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        """Return one translation per text, in the same order. Raise EngineError on any failure."""
        ...

    def fingerprint(self) -> str:
        """Identify engine + model/configuration for caches; never contains secrets."""
        ...


@dataclass(frozen=True)
class EngineInfo:
    """What `l10n engines` shows about one engine."""

    name: str
    online: bool
    needs: str
    available: bool
    reason: str = ""
    languages: tuple[str, ...] | None = None  # babel ids, None when unknown
    #: What `l10n engines` says: "ready", "unavailable", "not configured" or "not checked"
    #: (an online engine not probed); "" until `l10n.engines.probe.checked_infos` sets it.
    state: str = ""


@dataclass
class TokenUsage:
    """What a token-billed engine (``llm``) spent: its ``usage`` attribute, counted per call."""

    requests: int = 0
    chars: int = 0       # characters of the segments sent (the prompt around them not counted)
    tokens_in: int = 0   # prompt tokens, as the server's ``usage`` reports them
    tokens_out: int = 0  # completion tokens


@dataclass(frozen=True)
class EngineConfig:
    """One engine's settings. The key is hidden from repr so it never reaches a log."""

    name: str
    key: str | None = field(default=None, repr=False)
    url: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Strings that must be redacted from anything we show."""
        return (self.key,) if self.key else ()


def env_var(engine: str, what: str) -> str:
    """``env_var("deepl", "key")`` → ``L10N_DEEPL_KEY``."""
    return f"L10N_{re.sub(r'[^A-Za-z0-9]', '_', engine).upper()}_{what.upper()}"


@dataclass(frozen=True)
class EngineSettings:
    """Where engine settings come from: environment (wins) then a config mapping.

    ``config`` maps engine names to tables such as ``{"url": ..., "timeout": 10,
    "max_batch": 20}`` (e.g. ``[tool.l10n.engines.libretranslate]``). ``L10N_<ENGINE>_MODEL``
    sets the ``model`` option (the ``llm`` engine's).
    """

    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ), repr=False)
    config: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_env(cls, config: Mapping[str, Mapping[str, Any]] | None = None,
                 environ: Mapping[str, str] | None = None) -> EngineSettings:
        return cls(environ=dict(os.environ if environ is None else environ),
                   config=dict(config or {}))

    def engine(self, name: str) -> EngineConfig:
        """The settings of one engine.

        Raises:
            ConfigError: a timeout that is not a positive number.
        """
        table = dict(self.config.get(name) or {})
        key = self.environ.get(env_var(name, "key")) or table.pop("key", None) or None
        table.pop("key", None)
        url = self.environ.get(env_var(name, "url")) or table.pop("url", None) or None
        table.pop("url", None)
        raw_timeout = self.environ.get(env_var(name, "timeout"))
        where = env_var(name, "timeout")
        if raw_timeout is None:
            raw_timeout = table.pop("timeout", DEFAULT_TIMEOUT)
            where = f"tool.l10n.engines.{name}.timeout"
        table.pop("timeout", None)
        model = self.environ.get(env_var(name, "model"))
        if model:
            table["model"] = model
        try:
            timeout = float(raw_timeout)
            if not timeout > 0:
                raise ValueError
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: expected a positive number of seconds, "
                              f"got {raw_timeout!r}") from None
        return EngineConfig(name=name, key=key if isinstance(key, str) else None,
                            url=url if isinstance(url, str) else None,
                            timeout=timeout, options=table)


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every secret (and URL query strings/userinfo) in ``text`` with ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def safe_url(url: str) -> str:
    """A URL without user info, query or fragment, fit for fingerprints and messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<invalid url>"
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


# -- language codes ------------------------------------------------------------

# Babel id -> provider code, where the generic rule (``zh_CN`` -> ``zh-CN``) is wrong.
_PROVIDER_CODES: dict[str, dict[str, str]] = {
    "google": {"he": "iw", "zh": "zh-CN", "zh_Hans": "zh-CN", "zh_Hant": "zh-TW",
               "nb": "no", "fil": "tl", "jv": "jw"},
    "mymemory": {"en": "en-GB", "kk": "kk-KZ", "ru": "ru-RU", "fr": "fr-FR",
                 "de": "de-DE", "es": "es-ES", "it": "it-IT", "uk": "uk-UA",
                 "zh_CN": "zh-CN", "zh_TW": "zh-TW", "ky": "ky-KG", "uz": "uz-UZ"},
    "microsoft": {"zh_CN": "zh-Hans", "zh": "zh-Hans", "zh_Hans": "zh-Hans",
                  "zh_TW": "zh-Hant", "zh_Hant": "zh-Hant", "nb": "nb", "pt_BR": "pt"},
    "deepl": {"zh_CN": "zh", "zh_Hans": "zh", "pt_BR": "pt", "pt_PT": "pt",
              "en_GB": "en", "en_US": "en"},
    "libretranslate": {"zh_CN": "zh", "zh_Hans": "zh", "zh_TW": "zt", "zh_Hant": "zt",
                       "pt_BR": "pt", "en_GB": "en", "en_US": "en"},
}


def provider_code(provider: str, locale: str) -> str:
    """Map a Babel locale id to the code a provider expects.

    >>> provider_code("google", "zh_CN")
    'zh-CN'
    >>> provider_code("mymemory", "kk")
    'kk-KZ'
    >>> provider_code("libretranslate", "kk")
    'kk'
    """
    locale = locale.replace("-", "_")
    table = _PROVIDER_CODES.get(provider, {})
    if locale in table:
        return table[locale]
    return locale.replace("_", "-")


# -- registry ------------------------------------------------------------------

Factory = Callable[[EngineConfig], TranslationEngine]
Availability = Callable[[EngineConfig], "tuple[bool, str]"]


@dataclass(frozen=True)
class EngineSpec:
    """A registered engine: a factory (call it with an EngineConfig) plus what to show about it.

    ``module`` names a module under ``l10n.engines`` imported only when the engine is
    built or described; ``factory_name`` is the callable looked up in it.
    """

    name: str
    module: str
    factory_name: str
    online: bool
    needs: str
    languages: tuple[str, ...] | None = None
    requires_key: bool = False

    def load(self) -> Factory:
        """Import the engine's module and return its factory (may raise ImportError)."""
        module = importlib.import_module(f"l10n.engines.{self.module}")
        for attr in (self.factory_name, "create_engine", "create", "make_engine"):
            factory = getattr(module, attr, None)
            if callable(factory):
                return cast(Factory, factory)
        raise ImportError(f"l10n.engines.{self.module} has no {self.factory_name}()")

    def __call__(self, config: EngineConfig) -> TranslationEngine:
        return self.load()(config)

    def info(self, config: EngineConfig) -> EngineInfo:
        """Describe the engine without contacting any server."""
        try:
            module = importlib.import_module(f"l10n.engines.{self.module}")
        except Exception as exc:  # an optional dependency missing or broken
            return EngineInfo(self.name, self.online, self.needs, False,
                              f"cannot load: {type(exc).__name__}: "
                              f"{redact(str(exc), config.secrets)[:200]}", self.languages)
        describe = getattr(module, "engine_info", None)
        if callable(describe):
            try:
                found = describe(config)
                if isinstance(found, EngineInfo):
                    return found
            except Exception as exc:
                return EngineInfo(self.name, self.online, self.needs, False,
                                  f"{type(exc).__name__}: "
                                  f"{redact(str(exc), config.secrets)[:200]}", self.languages)
        if self.requires_key and not config.key:
            return EngineInfo(self.name, self.online, self.needs, False,
                              f"no API key: set {env_var(self.name, 'key')}", self.languages)
        return EngineInfo(self.name, self.online, self.needs, True, "", self.languages)


_KEY = "env {}"
ENGINES: dict[str, EngineSpec] = {
    spec.name: spec for spec in (
        EngineSpec("pseudo", "pseudo", "create", online=False, needs="nothing"),
        EngineSpec("google", "deep_translator", "create_google", online=True,
                   needs="network (no key)"),
        EngineSpec("mymemory", "deep_translator", "create_mymemory", online=True,
                   needs="network (no key; daily quota)"),
        EngineSpec("microsoft", "deep_translator", "create_microsoft", online=True,
                   needs=_KEY.format(env_var("microsoft", "key")), requires_key=True),
        EngineSpec("yandex", "deep_translator", "create_yandex", online=True,
                   needs=_KEY.format(env_var("yandex", "key")), requires_key=True),
        EngineSpec("deepl", "deep_translator", "create_deepl", online=True,
                   needs=_KEY.format(env_var("deepl", "key")), requires_key=True),
        EngineSpec("libretranslate", "libretranslate", "create", online=True,
                   needs=f"a LibreTranslate server ({env_var('libretranslate', 'url')}, "
                         f"optional {env_var('libretranslate', 'key')})"),
        EngineSpec("llm", "llm", "create", online=True,
                   needs="an OpenAI-compatible server (L10N_LLM_URL, L10N_LLM_MODEL, "
                         "optional L10N_LLM_KEY)"),
        # Written separately; absent or broken -> listed as unavailable with the reason.
        EngineSpec("offline", "offline", "create", online=False,
                   needs="a CTranslate2 model folder (L10N_OFFLINE_URL or config)"),
    )
}


def check_chains(ws: Workspace) -> None:
    """Refuse a workspace whose ``[pretranslate]`` chains name an engine that does not exist.

    Raises:
        ConfigError: with the setting's place, e.g. ``l10n.toml: pretranslate.engines[1]``.
    """
    for lang, names in ws.chains.items():
        for i, name in enumerate(names):
            if name not in ENGINES:
                raise ConfigError(f"{ws.setting(Workspace.chain_setting(lang))}[{i}]: unknown "
                                  f"engine {name!r} (known: {', '.join(sorted(ENGINES))})")


def get_engine(name: str, settings: EngineSettings | None = None) -> TranslationEngine:
    """Build the engine called ``name``.

    Raises:
        ConfigError: unknown engine name or invalid settings.
        EngineError: the engine cannot be used (missing key, missing module...).
    """
    settings = settings or EngineSettings.from_env()
    spec = ENGINES.get(name)
    if spec is None:
        raise ConfigError(f"unknown engine {name!r}: choose one of {', '.join(sorted(ENGINES))}")
    config = settings.engine(name)
    try:
        factory = spec.load()
    except Exception as exc:
        raise EngineError(name, f"engine not available: {type(exc).__name__}: "
                                f"{redact(str(exc), config.secrets)[:200]}") from None
    return factory(config)


def engine_infos(settings: EngineSettings | None = None) -> list[EngineInfo]:
    """Describe every registered engine (never contacts a server)."""
    settings = settings or EngineSettings.from_env()
    return [spec.info(settings.engine(name)) for name, spec in ENGINES.items()]


def check_texts(engine: str, texts: Sequence[str]) -> None:
    """Reject anything but a sequence of strings (a common caller slip: one bare str)."""
    if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
        raise EngineError(engine, "translate() takes a sequence of strings")


def validate_translations(engine: str, texts: Sequence[str], result: Any) -> list[str]:
    """Check an engine's answer: a list of strings, one per text, non-empty when needed."""
    if not isinstance(result, (list, tuple)):
        raise EngineError(engine, f"invalid response: expected a list, got {type(result).__name__}",
                          per_text=True)
    if len(result) != len(texts):
        raise EngineError(engine, f"invalid response: {len(result)} translations "
                                  f"for {len(texts)} texts", per_text=True)
    for i, (text, out) in enumerate(zip(texts, result, strict=True)):
        if not isinstance(out, str):
            raise EngineError(engine, f"invalid response: translation {i + 1} is "
                                      f"{type(out).__name__}, not text", per_text=True)
        if has_letters(text) and not out.strip():
            raise EngineError(engine, f"invalid response: empty translation for text {i + 1}",
                              per_text=True)
    return list(result)


def has_letters(text: str) -> bool:
    """True when ``text`` holds something to translate (digits/punctuation alone do not count)."""
    return any(ch.isalpha() for ch in text)


# -- HTTP helpers shared by the online engines ---------------------------------------

def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from an HTTP ``Retry-After`` header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def status_error(engine: str, status: int, *, retry_after: float | None = None,
                 detail: str = "", key_var: str | None = None) -> EngineError:
    """The EngineError for an HTTP error status: 429/5xx retryable, other 4xx not.

    5xx and 400/413/422 may be caused by one text of the request (``per_text``); 429,
    401/403 and other 4xx (a wrong URL) concern every request.
    """
    suffix = f": {detail}" if detail else ""
    if status == 429:
        return EngineError(engine, f"rate limited (HTTP 429){suffix}", retryable=True,
                           retry_after=retry_after, status=status)
    if status >= 500:
        return EngineError(engine, f"server error (HTTP {status}){suffix}", retryable=True,
                           retry_after=retry_after, status=status, per_text=True)
    if status in (401, 403):
        hint = f"; check {key_var}" if key_var else ""
        return EngineError(engine, f"not authorised (HTTP {status}){suffix}{hint}",
                           retryable=False, status=status)
    return EngineError(engine, f"request rejected (HTTP {status}){suffix}", retryable=False,
                       status=status, per_text=status in _TEXT_STATUSES)


_TEXT_STATUSES = frozenset({400, 413, 422})
