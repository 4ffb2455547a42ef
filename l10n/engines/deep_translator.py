"""Adapter for deep-translator (Google, MyMemory, Microsoft, Yandex, DeepL): the only importer.

deep-translator 1.11.4 calls module-level ``requests.get``/``requests.post`` with no
timeout, raises exceptions with no common root and sometimes puts keys into messages.
This module therefore:

* **imposes a timeout** by replacing the ``requests`` name inside deep-translator's
  provider modules with `_RequestsShim`, installed once at import. The shim is stateless;
  while one of our engines runs, a `contextvars.ContextVar` holds the current call (its
  timeout, a per-thread ``requests.Session``, and what happened: status, Retry-After,
  transport error). Context variables are per thread, so concurrent calls in different
  threads do not see each other's settings; outside our engines the shim is a plain
  pass-through to ``requests``. (``socket.setdefaulttimeout`` was rejected: it is
  process-wide and would change every other socket in the process.)
* **wraps every failure** into `EngineError` with ``retryable`` set from what the shim saw
  (timeouts, connection errors, 429 and 5xx are retryable), never using the library's
  message text (DeepL's AuthorizationException contains the key).
* detects MyMemory's quota warning, which arrives with HTTP 200 *as the translation*.
* lets tests and self-hosted mirrors override the base URL (``L10N_GOOGLE_URL``,
  ``L10N_MYMEMORY_URL``, ...).
* gives DeepL what deep-translator cannot send (issue 12): its ``DeeplTranslator.translate``
  builds a fixed set of parameters and ignores extra ones, so the neighbouring sentences
  (DeepL's ``context`` parameter) and a DeepL glossary of the workspace's terms
  (``glossary_id``) are added to the form body by the shim, which already rewrites DeepL's
  request to carry the key in a header. The glossary is created once through DeepL's
  ``/glossaries`` API and reused by name (the name holds a digest of its entries).

deep-translator sends one HTTP request per text, so these engines declare
``max_texts=1``; `Robust` then retries text by text.
"""

from __future__ import annotations

import contextvars
import hashlib
import importlib.metadata
import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import requests
from deep_translator import deepl as _dt_deepl
from deep_translator import exceptions as dt_exc
from deep_translator import google as _dt_google
from deep_translator import microsoft as _dt_microsoft
from deep_translator import mymemory as _dt_mymemory
from deep_translator import yandex as _dt_yandex
from deep_translator.constants import (
    DEEPL_LANGUAGE_TO_CODE,
    GOOGLE_LANGUAGES_TO_CODES,
    MY_MEMORY_LANGUAGES_TO_CODES,
)

from l10n.engines.base import (
    EngineConfig,
    EngineError,
    EngineInfo,
    EngineLimits,
    UnsupportedLanguage,
    check_texts,
    env_var,
    has_letters,
    parse_retry_after,
    provider_code,
    safe_url,
    status_error,
)
from l10n.engines.context import Context

log = logging.getLogger(__name__)

try:
    _VERSION = importlib.metadata.version("deep-translator")
except importlib.metadata.PackageNotFoundError:  # pragma: no cover
    _VERSION = "unknown"


# -- the timeout shim ----------------------------------------------------------------

@dataclass
class _Call:
    """State of one provider call, seen by the shim."""

    timeout: float
    session: requests.Session
    deepl_key_to_header: bool = False
    form: dict[str, str] | None = None  # more DeepL parameters (context, glossary_id)
    requests_made: int = 0
    status: int | None = None
    retry_after: float | None = None
    response: requests.Response | None = None
    error: requests.RequestException | None = None


_CURRENT: contextvars.ContextVar[_Call | None] = contextvars.ContextVar(
    "l10n_deep_translator_call", default=None)


class _RequestsShim:
    """Stands in for the ``requests`` module inside deep-translator's provider modules."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:  # exceptions, Session, ... unchanged
        return getattr(self._real, name)

    def get(self, url: str, params: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, params=params, **kwargs)

    def post(self, url: str, data: Any = None, json: Any = None,
             **kwargs: Any) -> requests.Response:
        return self.request("POST", url, data=data, json=json, **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        call = _CURRENT.get()
        if call is None:  # not one of our engines: behave exactly like requests
            plain: requests.Response = self._real.request(method, url, **kwargs)
            return plain
        kwargs["timeout"] = call.timeout
        if kwargs.get("proxies") is None:
            kwargs.pop("proxies", None)  # keep the session's own (environment) proxies
        if call.deepl_key_to_header:
            method, kwargs = _deepl_auth_in_header(method, kwargs, call.form or {})
        call.requests_made += 1
        try:
            response = call.session.request(method, url, **kwargs)
        except requests.RequestException as exc:
            call.error = exc
            raise
        call.status = response.status_code
        call.retry_after = parse_retry_after(response.headers.get("Retry-After"))
        call.response = response
        return response


def _deepl_auth_in_header(method: str, kwargs: dict[str, Any],
                          form: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """deep-translator sends DeepL's key as ``?auth_key=`` in the URL; send it as a header.

    The key would otherwise appear in proxy and server logs, and DeepL has deprecated
    query-string authentication. The text moves from the URL into a form body (POST).
    """
    params = dict(kwargs.pop("params", None) or {})
    key = params.pop("auth_key", None)
    headers = dict(kwargs.pop("headers", None) or {})
    if key:
        headers["Authorization"] = f"DeepL-Auth-Key {key}"
    kwargs["headers"] = headers
    kwargs["data"] = {**params, **form}
    return "POST", kwargs


_SHIM = _RequestsShim(requests)
for _module in (_dt_google, _dt_mymemory, _dt_microsoft, _dt_yandex, _dt_deepl):
    _module.requests = _SHIM


# -- languages -------------------------------------------------------------------------

def _codes(table: dict[str, str]) -> tuple[str, ...]:
    return tuple(sorted(set(table.values())))


_GOOGLE_CODES = _codes(GOOGLE_LANGUAGES_TO_CODES)
_MYMEMORY_CODES = _codes(MY_MEMORY_LANGUAGES_TO_CODES)
_DEEPL_CODES = _codes(DEEPL_LANGUAGE_TO_CODE)
# deep-translator asks Microsoft for its list at construction (a network call); we
# skip that and use this static list (from Microsoft's language documentation).
_MICROSOFT_CODES = tuple(sorted(
    "af am ar as az ba bg bn bo bs ca cs cy da de dv el en es et eu fa fi fil fj fo fr "
    "fr-CA ga gl gu he hi hr ht hu hy id is it iu ja ka kk km kmr kn ko ku ky lo lt lv "
    "lzh mg mi mk ml mn-Cyrl mr ms mt mww my nb ne nl or otq pa pl prs ps pt pt-PT ro ru "
    "sk sl sm so sq sr-Cyrl sr-Latn sv sw ta te th ti tk tlh-Latn to tr tt ty ug uk ur "
    "uz vi yua yue zh-Hans zh-Hant zu".split()))


def _mymemory_code(locale: str) -> str:
    code = provider_code("mymemory", locale)
    if code in _MYMEMORY_CODES:
        return code
    language = locale.replace("-", "_").split("_")[0]
    for candidate in _MYMEMORY_CODES:
        if candidate.split("-")[0] == language:
            return candidate
    return code


def _to_locale(code: str) -> str:
    return code.replace("-", "_")


# -- engines ---------------------------------------------------------------------------

_MYMEMORY_ERRORS = re.compile(
    r"^\s*(MYMEMORY WARNING|QUERY LENGTH LIMIT EXCEEDED|INVALID LANGUAGE PAIR|"
    r"PLEASE SELECT TWO DISTINCT LANGUAGES|INVALID EMAIL|NO QUERY SPECIFIED)", re.IGNORECASE)


class DeepTranslatorEngine:
    """One deep-translator provider behind the TranslationEngine Protocol.

    One instance may be used from several threads: each call builds its own translator
    object (they keep per-call state) and each thread gets its own requests.Session.
    """

    provider = ""
    default_url: str | None = None
    limits = EngineLimits(max_text_chars=4999, max_request_chars=4999, max_texts=1)
    languages: tuple[str, ...] = ()

    def __init__(self, config: EngineConfig) -> None:
        self.name = config.name
        self.config = config
        self.timeout = config.timeout
        self.url = config.url or self.default_url
        self.http_requests = 0  # HTTP requests made, for benchmarks and tests
        self._local = threading.local()

    def fingerprint(self) -> str:
        where = f"@{safe_url(self.url)}" if self.config.url and self.url else ""
        return f"{self.provider}{where}:deep-translator-{_VERSION}"

    def code(self, locale: str) -> str:
        return provider_code(self.provider, locale)

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        check_texts(self.name, texts)
        src, tgt = self._pair(source, target)
        results = []
        for text in texts:
            # deep-translator rejects (or returns None for) texts without letters.
            results.append(self._one(text, src, tgt) if has_letters(text) else text)
        return results

    def _pair(self, source: str, target: str) -> tuple[str, str]:
        src, tgt = self.code(source), self.code(target)
        for locale, code in ((source, src), (target, tgt)):
            if self.languages and code not in self.languages:
                raise UnsupportedLanguage(
                    self.name, f"{self.name} does not support {locale} "
                               f"(cannot translate {source} → {target})")
        return src, tgt

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _one(self, text: str, src: str, tgt: str) -> str:
        call = _Call(timeout=self.timeout, session=self._session(),
                     deepl_key_to_header=self.provider == "deepl",
                     form=self._form(text, src, tgt))
        token = _CURRENT.set(call)
        try:
            translator = self._translator(src, tgt)
            result = translator.translate(text)
        except EngineError:
            raise
        except Exception as exc:
            # "from None": the library's exception text and chain may hold a key or URL.
            raise self._wrap(exc, call) from None
        finally:
            _CURRENT.reset(token)
            self.http_requests += call.requests_made
        return self._check(text, result, call)

    def _form(self, text: str, src: str, tgt: str) -> dict[str, str] | None:
        """Parameters the provider's request gains beyond deep-translator's (DeepL only)."""
        return None

    def _translator(self, src: str, tgt: str) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def _check(self, text: str, result: Any, call: _Call) -> str:
        if isinstance(result, list) and all(isinstance(r, str) for r in result):
            result = "".join(result)  # Yandex answers a list of strings
        if not isinstance(result, str) or not result.strip():
            raise EngineError(self.name, "empty translation in the response", per_text=True)
        return result

    def _wrap(self, exc: Exception, call: _Call) -> EngineError:
        """Turn whatever deep-translator or requests raised into one EngineError."""
        name = self.name
        key_var = env_var(name, "key")
        error = call.error
        if error is not None:
            if isinstance(error, requests.Timeout):
                return EngineError(name, f"no answer within {self.timeout:g}s (timeout)",
                                   retryable=True)
            if isinstance(error, requests.ConnectionError):
                return EngineError(name, "cannot connect to the server", retryable=True)
            if isinstance(error, (requests.exceptions.InvalidURL,
                                  requests.exceptions.MissingSchema,
                                  requests.exceptions.InvalidSchema)):
                return EngineError(name, f"invalid URL (check {env_var(name, 'url')})")
            return EngineError(name, f"request failed ({type(error).__name__})", retryable=True)
        if isinstance(exc, dt_exc.ApiKeyException):
            return EngineError(name, f"no API key: set {key_var}")
        if isinstance(exc, dt_exc.AuthorizationException):
            return EngineError(name, f"not authorised; check {key_var}", status=403)
        if isinstance(exc, (dt_exc.LanguageNotSupportedException,
                            dt_exc.InvalidSourceOrTargetLanguage)):
            return UnsupportedLanguage(name, f"{name} does not support this language pair")
        if isinstance(exc, (dt_exc.NotValidLength, dt_exc.NotValidPayload)):
            return EngineError(name, f"text rejected by {name} (longer than "
                                     f"{self.limits.max_text_chars} characters or invalid)",
                               per_text=True)
        if call.status is not None and not 200 <= call.status < 300:
            return status_error(name, call.status, retry_after=call.retry_after,
                                key_var=key_var if self.config.key else None)
        if isinstance(exc, dt_exc.TooManyRequests):
            return EngineError(name, "rate limited", retryable=True,
                               retry_after=call.retry_after, status=429)
        if isinstance(exc, dt_exc.ServerException):
            codes = {v: k for k, v in dt_exc.ServerException.errors.items()}
            status = codes.get(str(exc.args[0]) if exc.args else "", 500)
            return status_error(name, status, key_var=key_var)
        if isinstance(exc, (dt_exc.TranslationNotFound, dt_exc.ElementNotFoundInGetRequest)):
            return EngineError(name, "no translation found in the response "
                                     "(the page or API format may have changed)", per_text=True)
        if isinstance(exc, StopIteration):
            return EngineError(name, "the response held no translation", per_text=True)
        if isinstance(exc, ValueError):  # includes JSONDecodeError
            return EngineError(name, "invalid response (not valid JSON)", retryable=True,
                               per_text=True)
        if isinstance(exc, dt_exc.MicrosoftAPIerror):
            return EngineError(name, "the provider returned an error", per_text=True)
        if isinstance(exc, dt_exc.RequestError):
            return EngineError(name, "request failed", retryable=True)
        if isinstance(exc, (KeyError, IndexError, TypeError, AttributeError)):
            return EngineError(name, f"unexpected response format ({type(exc).__name__})",
                               per_text=True)
        return EngineError(name, f"unexpected error ({type(exc).__name__})")


class GoogleEngine(DeepTranslatorEngine):
    """Google Translate's mobile web page (no key; serves kk). Scraped, < 5,000 chars."""

    provider = "google"
    default_url = _dt_google.BASE_URLS["GOOGLE_TRANSLATE"]
    languages = _GOOGLE_CODES

    def _translator(self, src: str, tgt: str) -> Any:
        translator = _dt_google.GoogleTranslator(source=src, target=tgt)
        translator._base_url = self.url
        return translator


class MyMemoryEngine(DeepTranslatorEngine):
    """MyMemory (no key; < 500 chars per text; daily quota; optional ``email`` option)."""

    provider = "mymemory"
    default_url = "https://api.mymemory.translated.net/get"
    limits = EngineLimits(max_text_chars=499, max_request_chars=499, max_texts=1)
    languages = _MYMEMORY_CODES

    def code(self, locale: str) -> str:
        return _mymemory_code(locale)

    def _translator(self, src: str, tgt: str) -> Any:
        email = self.config.options.get("email")
        kwargs = {"email": email} if email else {}
        translator = _dt_mymemory.MyMemoryTranslator(source=src, target=tgt, **kwargs)
        translator._base_url = self.url
        return translator

    def _check(self, text: str, result: Any, call: _Call) -> str:
        status = None
        if call.response is not None:
            try:
                data = call.response.json()
                status = int(data.get("responseStatus", 200))
            except (ValueError, TypeError, AttributeError):
                status = None
        if isinstance(result, str) and _MYMEMORY_ERRORS.match(result):
            if "MYMEMORY WARNING" in result.upper():
                raise EngineError(self.name, "daily free quota used up (MyMemory warning "
                                             "returned as the translation)", status=429)
            raise EngineError(self.name, "MyMemory returned an error message instead of "
                                         "a translation", status=status, per_text=True)
        if status is not None and status >= 400:
            raise status_error(self.name, status)
        return super()._check(text, result, call)


class _MicrosoftTranslator(_dt_microsoft.MicrosoftTranslator):  # type: ignore[misc]
    def _get_supported_languages(self) -> dict[str, str]:  # no network call at construction
        return {code: code for code in _MICROSOFT_CODES}


class MicrosoftEngine(DeepTranslatorEngine):
    """Microsoft Translator (key in L10N_MICROSOFT_KEY; optional ``region`` option)."""

    provider = "microsoft"
    default_url = _dt_microsoft.BASE_URLS["MICROSOFT_TRANSLATE"]
    limits = EngineLimits(max_text_chars=10000, max_request_chars=10000, max_texts=1)
    languages = _MICROSOFT_CODES

    def _translator(self, src: str, tgt: str) -> Any:
        translator = _MicrosoftTranslator(source=src, target=tgt, api_key=self.config.key,
                                          region=self.config.options.get("region"))
        url = self.url or ""
        if "api-version" not in url:
            url += ("&" if "?" in url else "?") + "api-version=3.0"
        translator._base_url = url
        return translator


class YandexEngine(DeepTranslatorEngine):
    """Yandex Translate API v1.5 (key in L10N_YANDEX_KEY; the key goes in the POST body)."""

    provider = "yandex"
    default_url = _dt_yandex.BASE_URLS["YANDEX"]
    limits = EngineLimits(max_text_chars=10000, max_request_chars=10000, max_texts=1)
    languages = _GOOGLE_CODES  # deep-translator checks Yandex codes against Google's list

    def _translator(self, src: str, tgt: str) -> Any:
        translator = _dt_yandex.YandexTranslator(source=src, target=tgt,
                                                 api_key=self.config.key)
        url = self.url or ""
        if "{endpoint}" not in url:
            url = url.rstrip("/") + "/api/{version}/tr.json/{endpoint}"
        translator._base_url = url
        return translator


class DeepLEngine(DeepTranslatorEngine):
    """DeepL (key in L10N_DEEPL_KEY; ':fx' keys use the free API). No Kazakh."""

    provider = "deepl"
    limits = EngineLimits(max_text_chars=30000, max_request_chars=30000, max_texts=1)
    languages = _DEEPL_CODES

    def __init__(self, config: EngineConfig) -> None:
        super().__init__(config)
        #: Set by pre-translation: neighbouring sentences and the glossary (issue 12).
        self.context: Context | None = None
        self._glossaries: dict[tuple[str, str], str | None] = {}
        if not config.url:
            free = bool(config.key and config.key.endswith(":fx"))
            base = _dt_deepl.BASE_URLS["DEEPL_FREE" if free else "DEEPL"]
            self.url = base.format(version="v2")

    def _translator(self, src: str, tgt: str) -> Any:
        translator = _dt_deepl.DeeplTranslator(source=src, target=tgt, api_key=self.config.key)
        translator._base_url = (self.url or "").rstrip("/") + "/"
        return translator

    def _form(self, text: str, src: str, tgt: str) -> dict[str, str] | None:
        """DeepL's ``context`` (the sentences around the text, not translated, not billed)
        and ``glossary_id`` (the workspace's terms), when pre-translation gave a context."""
        if self.context is None:
            return None
        form: dict[str, str] = {}
        around = self.context.neighbours([text])
        if around:
            form["context"] = " ".join(around)
        glossary_id = self._glossary(src, tgt)
        if glossary_id:
            form["glossary_id"] = glossary_id
        return form

    def _glossary(self, src: str, tgt: str) -> str | None:
        """The id of a DeepL glossary holding the workspace's terms for ``src → tgt``:
        one of the account's with the same name (hence the same entries), else a new one.
        None when there are no terms or DeepL refuses (then the text goes without)."""
        if (src, tgt) in self._glossaries:
            return self._glossaries[(src, tgt)]
        self._glossaries[(src, tgt)] = None
        entries = _glossary_entries(self.context, self.context.target if self.context else tgt)
        if not entries:
            return None
        name = "l10n " + hashlib.sha256(entries.encode("utf-8")).hexdigest()[:16]
        base = (self.url or "").rstrip("/")
        headers = {"Authorization": f"DeepL-Auth-Key {self.config.key}"}
        try:
            listed = self._session().get(f"{base}/glossaries", headers=headers,
                                         timeout=self.timeout)
            self.http_requests += 1
            for item in (listed.json().get("glossaries") or [] if listed.ok else []):
                if (item.get("name") == name and item.get("source_lang", "").lower() == src.lower()
                        and item.get("target_lang", "").lower() == tgt.lower()):
                    self._glossaries[(src, tgt)] = str(item["glossary_id"])
                    return self._glossaries[(src, tgt)]
            made = self._session().post(f"{base}/glossaries", headers=headers, timeout=self.timeout,
                                        data={"name": name, "source_lang": src, "target_lang": tgt,
                                              "entries": entries, "entries_format": "tsv"})
            self.http_requests += 1
            if made.ok:
                self._glossaries[(src, tgt)] = str(made.json()["glossary_id"])
            else:
                log.info("deepl: no glossary for %s → %s (HTTP %d)", src, tgt, made.status_code)
        except (requests.RequestException, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.info("deepl: no glossary for %s → %s (%s)", src, tgt, type(exc).__name__)
        return self._glossaries[(src, tgt)]


def _glossary_entries(context: Context | None, lang: str) -> str:
    """DeepL glossary entries (TSV: English form, tab, rendering) for every term of the
    workspace's glossary that has a rendering in ``lang``, each form once."""
    if context is None or context.glossary is None:
        return ""
    glossary = context.glossary
    lines: dict[str, str] = {}
    for term in glossary.terms_for(lang):
        rendering = glossary.rendering(term, lang)
        for form in term.forms:
            if rendering and not any(c in form + rendering for c in "\t\n\r"):
                lines.setdefault(form.strip(), rendering.strip())
    return "\n".join(f"{form}\t{rendering}" for form, rendering in lines.items())


def _needs_key(cls: type[DeepTranslatorEngine]) -> Callable[[EngineConfig], DeepTranslatorEngine]:
    def create(config: EngineConfig) -> DeepTranslatorEngine:
        if not config.key:
            raise EngineError(config.name, f"no API key: set {env_var(config.name, 'key')}")
        return cls(config)
    return create


def create_google(config: EngineConfig) -> GoogleEngine:
    return GoogleEngine(config)


def create_mymemory(config: EngineConfig) -> MyMemoryEngine:
    return MyMemoryEngine(config)


create_microsoft = _needs_key(MicrosoftEngine)
create_yandex = _needs_key(YandexEngine)
create_deepl = _needs_key(DeepLEngine)

_CLASSES: dict[str, type[DeepTranslatorEngine]] = {
    "google": GoogleEngine, "mymemory": MyMemoryEngine, "microsoft": MicrosoftEngine,
    "yandex": YandexEngine, "deepl": DeepLEngine,
}
_NEEDS = {"google": "network (no key)", "mymemory": "network (no key; daily quota)"}


def engine_info(config: EngineConfig) -> EngineInfo:
    """Describe one of this module's engines (no network)."""
    cls = _CLASSES[config.name]
    needs = _NEEDS.get(config.name, f"env {env_var(config.name, 'key')}")
    languages = tuple(sorted({_to_locale(c) for c in cls.languages}))
    if config.name in _NEEDS or config.key:
        return EngineInfo(config.name, True, needs, True, "", languages)
    return EngineInfo(config.name, True, needs, False,
                      f"no API key: set {env_var(config.name, 'key')}", languages)
