"""A fake OpenAI-compatible chat-completions server for the `llm` engine's tests (issue 12).

It speaks the protocol the engine and any server agree on: the last user message ends
with ``{"segments": [{"id", "text"}, ...]}`` and the reply's message content is
``{"translations": [{"id", "text"}, ...]}``. It "translates" with a table (the release30
translations) and can misbehave: no JSON-schema support, a reply in prose or a code fence,
ids missing or extra, a refusal. ``usage`` counts about four characters per token.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from tests.engines.enginefakes import Reply, Request, fake_translation

LANGS = {"Kazakh": "kk", "Russian": "ru", "French": "fr"}
_TARGET_RE = re.compile(r"into (\w+):\n\{\"segments\"")


@dataclass
class Chat:
    """Protocol handler. ``schema``: accepts ``response_format`` json_schema (else HTTP 400);
    ``wrap``: "prose" or "fence" around the JSON; ``drop``: source texts left out of the
    answer; ``extra``: an extra id with a stray text; ``refuse``: sources answered with a
    refusal inside the JSON; ``refuse_all``: the whole reply is a refusal in prose."""

    table: dict[str, dict[str, str]]
    schema: bool = True
    wrap: str | None = None
    drop: set[str] = field(default_factory=set)
    extra: bool = False
    refuse: set[str] = field(default_factory=set)
    refuse_all: bool = False
    refusal_field: bool = False  # the refusal in the message's "refusal", content null
    schema_error: str = "response_format of type json_schema is not supported"
    tokens: list[tuple[int, int]] = field(default_factory=list)  # (in, out) per reply

    def __call__(self, request: Request) -> Reply:
        if request.method == "GET" and request.path.endswith("/models"):
            return Reply(200, json.dumps({"object": "list", "data": [
                {"id": "tiny", "object": "model", "created": 0, "owned_by": "test"}]}))
        if request.method != "POST" or not request.path.endswith("/chat/completions"):
            return Reply(404, json.dumps({"error": {"message": "not found"}}))
        body = request.json()
        assert isinstance(body, dict)
        if "response_format" in body and not self.schema:
            return Reply(400, json.dumps({"error": {
                "message": self.schema_error, "type": "invalid_request_error"}}))
        user = [m["content"] for m in body["messages"] if m["role"] == "user"][-1]
        target = LANGS[_TARGET_RE.search(user).group(1)]  # type: ignore[union-attr]
        segments = json.loads(user[user.rindex('{"segments"'):])["segments"]
        items = []
        for segment in segments:
            text = segment["text"]
            if text in self.drop:
                continue
            answer = ("I'm sorry, but I can't help with translating this." if text in self.refuse
                      else self.table.get(target, {}).get(text, fake_translation(text, target)))
            items.append({"id": segment["id"], "text": answer})
        if self.extra:
            items.append({"id": "99", "text": "Лишний перевод, которого никто не просил."})
        content = json.dumps({"translations": items}, ensure_ascii=False)
        if self.refuse_all:
            content = "I'm sorry, but I can't assist with that request."
        elif self.wrap == "prose":
            content = f"Here are the translations you asked for:\n{content}\nHope this helps!"
        elif self.wrap == "fence":
            content = f"Sure.\n```json\n{content}\n```\n"
        message: dict[str, object] = {"role": "assistant", "content": content}
        if self.refusal_field:
            message = {"role": "assistant", "content": None,
                       "refusal": "I'm sorry, I cannot help with that."}
        prompt = sum(len(m["content"]) for m in body["messages"])
        tokens = (prompt // 4 + 1, len(content) // 4 + 1)
        self.tokens.append(tokens)
        return Reply(200, json.dumps({
            "id": "chatcmpl-1", "object": "chat.completion", "created": 0,
            "model": body["model"],
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": message}],
            "usage": {"prompt_tokens": tokens[0], "completion_tokens": tokens[1],
                      "total_tokens": sum(tokens)}}, ensure_ascii=False))


def prompts(requests: list[Request]) -> list[str]:
    """The last user message of every chat request received."""
    out = []
    for request in requests:
        if request.path.endswith("/chat/completions"):
            body = request.json()
            assert isinstance(body, dict)
            out.append([m["content"] for m in body["messages"] if m["role"] == "user"][-1])
    return out


def segments_sent(requests: list[Request]) -> list[list[str]]:
    """The segment texts of every chat request, in order."""
    return [[s["text"] for s in json.loads(p[p.rindex('{"segments"'):])["segments"]]
            for p in prompts(requests)]
