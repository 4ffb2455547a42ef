"""A small LibreTranslate client: POST /translate with a list of texts (kk allowed).

deep-translator's LibreTranslate adapter is not used: it demands a key even for a
self-hosted server, has no ``kk`` in its fixed list, sends one request per text and
puts the text and key in the URL. Here the key (optional, ``L10N_LIBRETRANSLATE_KEY``)
travels only in the JSON body, and texts are batched in ``q``.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import requests

from l10n.engines.base import (
    EngineConfig,
    EngineError,
    EngineInfo,
    EngineLimits,
    UnsupportedLanguage,
    check_texts,
    env_var,
    parse_retry_after,
    provider_code,
    redact,
    safe_url,
    status_error,
)
from l10n.workspace.errors import ConfigError

NOT_CONFIGURED = "set L10N_LIBRETRANSLATE_URL to your server's address (there is no default)"


class LibreTranslateEngine:
    """LibreTranslate server at ``L10N_LIBRETRANSLATE_URL`` (no default: an unset URL must
    not silently mean some local port).

    Config options: ``max_chars`` (per request, default 5000), ``max_batch`` (texts per
    request, default 50) - match them to the server's ``--char-limit``/``--batch-limit``.
    """

    def __init__(self, config: EngineConfig) -> None:
        self.name = config.name
        self.config = config
        if not config.url:
            raise EngineError(config.name, f"not configured: {NOT_CONFIGURED}")
        self.url = config.url.rstrip("/")
        self.timeout = config.timeout
        max_chars = _positive(config, "max_chars", 5000)
        self.limits = EngineLimits(max_text_chars=max_chars, max_request_chars=max_chars,
                                   max_texts=_positive(config, "max_batch", 50))
        self.http_requests = 0
        self._local = threading.local()

    def fingerprint(self) -> str:
        return f"libretranslate@{safe_url(self.url)}"

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        check_texts(self.name, texts)
        if not texts:
            return []
        body: dict[str, Any] = {
            "q": list(texts),
            "source": provider_code("libretranslate", source),
            "target": provider_code("libretranslate", target),
            "format": "text",
        }
        if self.config.key:
            body["api_key"] = self.config.key
        self.http_requests += 1
        try:
            response = self._session().post(f"{self.url}/translate", json=body,
                                            timeout=self.timeout)
        except requests.Timeout:
            raise EngineError(self.name, f"no answer within {self.timeout:g}s (timeout)",
                              retryable=True) from None
        except requests.ConnectionError:
            raise EngineError(self.name, f"cannot connect to {safe_url(self.url)}",
                              retryable=True) from None
        except requests.RequestException as exc:
            raise EngineError(self.name, f"request failed ({type(exc).__name__}); "
                                         f"check {env_var(self.name, 'url')}") from None
        return self._parse(response, len(texts), source, target)

    def _parse(self, response: requests.Response, count: int, source: str,
               target: str) -> list[str]:
        try:
            data = response.json()
        except ValueError:
            data = None
        detail = ""
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            detail = redact(data["error"], self.config.secrets)[:200]
        status = response.status_code
        if status >= 400:
            if status == 400 and "not supported" in detail.lower():
                raise UnsupportedLanguage(self.name, f"{source} → {target}: {detail}")
            raise status_error(self.name, status,
                               retry_after=parse_retry_after(response.headers.get("Retry-After")),
                               detail=detail, key_var=env_var(self.name, "key"))
        if data is None:
            raise EngineError(self.name, "invalid response (not valid JSON)", retryable=True,
                              status=status, per_text=True)
        if detail:  # an error JSON with status 200
            raise EngineError(self.name, f"server error: {detail}", status=status,
                              per_text=True)
        translated = data.get("translatedText") if isinstance(data, dict) else None
        if isinstance(translated, str) and count == 1:
            translated = [translated]
        if not isinstance(translated, list):
            raise EngineError(self.name, "invalid response (no translatedText list)",
                              per_text=True)
        return translated


def _positive(config: EngineConfig, option: str, default: int) -> int:
    value = config.options.get(option, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"tool.l10n.engines.{config.name}.{option}: expected a positive "
                          f"whole number, got {value!r}")
    return value


def create(config: EngineConfig) -> LibreTranslateEngine:
    return LibreTranslateEngine(config)


def engine_info(config: EngineConfig) -> EngineInfo:
    """Configured or not (no network: `probe` says whether the server answers)."""
    needs = (f"a LibreTranslate server ({env_var(config.name, 'url')}, optional "
             f"{env_var(config.name, 'key')})")
    if not config.url:
        return EngineInfo(config.name, True, needs, False, NOT_CONFIGURED, state="not configured")
    return EngineInfo(config.name, True, needs, True, "")


def probe(config: EngineConfig, timeout: float) -> None:
    """Ask the server for its languages (GET /languages): nothing is translated.

    Raises:
        EngineError: no answer within ``timeout`` seconds, or not a LibreTranslate answer.
    """
    engine = LibreTranslateEngine(config)
    try:
        response = engine._session().get(f"{engine.url}/languages", timeout=timeout)
    except requests.Timeout:
        raise EngineError(engine.name, f"no answer within {timeout:g}s (timeout)") from None
    except requests.ConnectionError:
        raise EngineError(engine.name, f"cannot connect to {safe_url(engine.url)}") from None
    except requests.RequestException as exc:
        raise EngineError(engine.name, f"request failed ({type(exc).__name__}); "
                                       f"check {env_var(engine.name, 'url')}") from None
    if response.status_code >= 400:
        raise status_error(engine.name, response.status_code)
    try:
        languages = response.json()
    except ValueError:
        languages = None
    if not isinstance(languages, list):
        raise EngineError(engine.name, f"{safe_url(engine.url)} does not answer like a "
                                       "LibreTranslate server (GET /languages)")
