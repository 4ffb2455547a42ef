"""The `llm` engine: any OpenAI-compatible chat-completions server (issue 12).

OpenAI, Azure OpenAI, Mistral, OpenRouter, and local servers (Ollama, llama.cpp server,
vLLM, LM Studio) through the official ``openai`` client with ``base_url``. Settings:
``L10N_LLM_URL`` (e.g. ``http://localhost:11434/v1``), ``L10N_LLM_MODEL``,
``L10N_LLM_KEY`` (optional for local servers; from the environment only), or
``[engines.llm]`` in the config (``url``, ``model``, ``temperature``, ``max_batch``,
``json_schema``, ``price_in``/``price_out`` per million tokens, and
``[engines.llm.instructions]`` per language).

The prompt (`l10n.engines.llm_prompt`) carries what pre-translation knows about a batch
(`l10n.engines.context.Context`). Answers are matched to segments by id: a missing id is
a failed segment and an extra id is ignored, never shifted onto another segment; a
refusal is never taken for a translation. When a batch fails because some of its
segments got no answer, the answers it did get are kept and served when `Robust` sends
the batch again in halves, so isolating the failing segment costs no further tokens.

``openai`` is imported only when the engine is built: the CLI starts without it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from l10n.engines.base import (
    EngineConfig,
    EngineError,
    EngineInfo,
    EngineLimits,
    RejectedAnswer,
    TokenUsage,
    check_texts,
    env_var,
    parse_retry_after,
    redact,
    safe_url,
    status_error,
)
from l10n.engines.context import Context
from l10n.engines.llm_prompt import PROMPT_VERSION, RESPONSE_SCHEMA, messages, parse_reply, refusal
from l10n.memory.mtcache import engine_fingerprint

NOT_CONFIGURED = ("set L10N_LLM_URL (e.g. http://localhost:11434/v1) and L10N_LLM_MODEL, "
                  "or url and model in [engines.llm]")
NEEDS = "an OpenAI-compatible server (L10N_LLM_URL, L10N_LLM_MODEL, optional L10N_LLM_KEY)"
_NO_KEY = "no-key"  # local servers want no key, but the client sends one
_SCHEMA_WORDS = ("response_format", "json_schema", "schema")


class LLMEngine:
    """Chat-completions translation with the glossary and the context in the prompt."""

    def __init__(self, config: EngineConfig) -> None:
        self.name = config.name
        self.config = config
        options = config.options
        model = options.get("model")
        if not config.url or not isinstance(model, str) or not model:
            raise EngineError(config.name, f"not configured: {NOT_CONFIGURED}")
        self.url = config.url.rstrip("/")
        self.model = model
        self.timeout = config.timeout
        self.temperature = float(options.get("temperature", 0.0))
        self.instructions: Mapping[str, str] = dict(options.get("instructions") or {})
        self.price_in = _price(options.get("price_in"))
        self.price_out = _price(options.get("price_out"))
        self.schema_setting = options.get("json_schema", "auto")
        self.json_schema = self.schema_setting is not False  # "auto": until the server refuses it
        self.limits = EngineLimits(max_text_chars=int(options.get("max_chars", 6000)),
                                   max_request_chars=int(options.get("max_chars", 6000)),
                                   max_texts=int(options.get("max_batch", 16)))
        self.label = f"{config.name} ({model})"
        self.context: Context | None = None
        self.usage = TokenUsage()
        self._held: dict[tuple[str, str], str] = {}  # answers of a batch that failed
        self._missing: dict[tuple[str, str], EngineError] = {}  # segments that got none
        self._client: Any = None

    def fingerprint(self) -> str:
        instructions = json.dumps(dict(sorted(self.instructions.items())), ensure_ascii=False)
        return "llm:" + engine_fingerprint({
            "url": safe_url(self.url), "model": self.model, "prompt": PROMPT_VERSION,
            "temperature": self.temperature,
            "instructions": hashlib.sha256(instructions.encode()).hexdigest()[:16]})

    def cost(self, tokens_in: int, tokens_out: int) -> float | None:
        """What ``tokens_in``/``tokens_out`` cost at the configured prices (None: no prices)."""
        if self.price_in is None and self.price_out is None:
            return None
        return (tokens_in * (self.price_in or 0.0) + tokens_out * (self.price_out or 0.0)) / 1e6

    # -- translate ---------------------------------------------------------------------

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        check_texts(self.name, texts)
        answers: dict[str, str] = {}
        failed: dict[str, EngineError] = {}
        todo: list[str] = []
        for text in dict.fromkeys(texts):
            key = (target, text)
            if key in self._held:
                answers[text] = self._held.pop(key)
            elif key in self._missing:
                failed[text] = self._missing[key]
            else:
                todo.append(text)
        if todo:
            got, lost = self._request(todo, source=source, target=target)
            answers.update(got)
            failed.update(lost)
        if failed:
            if len(texts) == 1:
                raise self._missing.pop((target, texts[0]), None) or failed[texts[0]]
            for text, answer in answers.items():
                self._held[(target, text)] = answer
            for text, error in failed.items():
                self._missing[(target, text)] = error
            raise EngineError(self.name, f"{len(failed)} of {len(set(texts))} segments got no "
                                         "translation in the model's answer", per_text=True)
        return [answers[t] for t in texts]

    def _request(self, texts: list[str], *, source: str,
                 target: str) -> tuple[dict[str, str], dict[str, EngineError]]:
        instructions = self.instructions.get(target) or self.instructions.get(
            target.split("_")[0], "")
        chat = messages(texts, source=source, target=target, context=self.context,
                        instructions=instructions)
        response = self._complete(chat)
        self._count(response, texts)
        message = response.choices[0].message if response.choices else None
        if message is not None and getattr(message, "refusal", None):
            raise RejectedAnswer(self.name, "the model refused to translate")
        content = (message.content if message is not None else None) or ""
        found = parse_reply(content)
        if found is None:
            if refusal(content, " ".join(texts)):
                raise RejectedAnswer(self.name, "the model refused to translate")
            raise EngineError(self.name, "the model's answer holds no JSON object with "
                                         "translations", per_text=True)
        got: dict[str, str] = {}
        lost: dict[str, EngineError] = {}
        for i, text in enumerate(texts):
            answer = found.get(str(i + 1))
            if answer is None or not answer.strip():
                lost[text] = EngineError(self.name, "the model's answer has no translation "
                                                    f"for this segment (id {i + 1})",
                                         per_text=True)
            elif refusal(answer, text):
                lost[text] = RejectedAnswer(self.name, "a refusal, not a translation")
            else:
                got[text] = answer
        return got, lost

    def _complete(self, chat: list[dict[str, str]]) -> Any:
        import openai  # lazily: the CLI and offline use never need it

        client = self._open()
        kwargs: dict[str, Any] = {"model": self.model, "messages": chat,
                                  "temperature": self.temperature}
        self.usage.requests += 1
        try:
            if self.json_schema:
                try:
                    return client.chat.completions.create(response_format=RESPONSE_SCHEMA,
                                                          **kwargs)
                except openai.BadRequestError as exc:
                    # Servers word the refusal of the option in many ways: ask once without
                    # it; if that is answered, the option was the trouble.
                    about_schema = any(w in _detail(exc, self.config).lower()
                                       for w in _SCHEMA_WORDS)
                    if not about_schema and self.schema_setting is True:
                        raise
                    self.usage.requests += 1
                    answer = client.chat.completions.create(**kwargs)
                    self.json_schema = False  # this server has no JSON-schema output
                    return answer
            return client.chat.completions.create(**kwargs)
        except openai.APITimeoutError:
            raise EngineError(self.name, f"no answer within {self.timeout:g}s (timeout)",
                              retryable=True) from None
        except openai.APIConnectionError:
            raise EngineError(self.name, f"cannot connect to {safe_url(self.url)}",
                              retryable=True) from None
        except openai.APIStatusError as exc:
            retry_after = parse_retry_after(exc.response.headers.get("retry-after"))
            raise status_error(self.name, exc.status_code, retry_after=retry_after,
                               detail=_detail(exc, self.config)[:200],
                               key_var=env_var(self.name, "key")) from None
        except openai.OpenAIError as exc:
            raise EngineError(self.name, f"request failed ({type(exc).__name__})",
                              per_text=True) from None

    def _open(self) -> Any:
        if self._client is None:
            import openai

            self._client = openai.OpenAI(base_url=self.url, api_key=self.config.key or _NO_KEY,
                                         timeout=self.timeout, max_retries=0)
        return self._client

    def _count(self, response: Any, texts: Sequence[str]) -> None:
        self.usage.chars += sum(len(t) for t in texts)
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.usage.tokens_in += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.usage.tokens_out += int(getattr(usage, "completion_tokens", 0) or 0)


def _detail(exc: Any, config: EngineConfig) -> str:
    """The server's error message, without secrets."""
    body = getattr(exc, "body", None)
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, str):
        message = getattr(exc, "message", "") or ""
    return redact(str(message), config.secrets)


def _price(value: Any) -> float | None:
    return None if value is None else float(value)


def create(config: EngineConfig) -> LLMEngine:
    return LLMEngine(config)


def engine_info(config: EngineConfig) -> EngineInfo:
    """Configured or not (no network: `probe` says whether the server answers)."""
    if not config.url or not config.options.get("model"):
        return EngineInfo(config.name, True, NEEDS, False, NOT_CONFIGURED,
                          state="not configured")
    return EngineInfo(config.name, True, NEEDS, True, "")


def probe(config: EngineConfig, timeout: float) -> None:
    """Ask the server for its models (GET /models): nothing is translated, no tokens spent.

    Raises:
        EngineError: no answer within ``timeout`` seconds, or an error status.
    """
    import openai

    engine = LLMEngine(config)
    engine.timeout = timeout
    try:
        engine._open().models.list()
    except openai.APITimeoutError:
        raise EngineError(engine.name, f"no answer within {timeout:g}s (timeout)") from None
    except openai.APIConnectionError:
        raise EngineError(engine.name, f"cannot connect to {safe_url(engine.url)}") from None
    except openai.APIStatusError as exc:
        if exc.status_code != 404:  # some local servers have no /models: they answered
            raise status_error(engine.name, exc.status_code,
                               key_var=env_var(engine.name, "key")) from None
    except openai.OpenAIError as exc:
        raise EngineError(engine.name, f"request failed ({type(exc).__name__})") from None
