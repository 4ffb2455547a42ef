"""The `llm` engine's prompt template (versioned) and the reading of the model's reply.

Protocol (issue 12), so that any OpenAI-compatible server and our tests agree: the last
user message ends with ``{"segments": [{"id": "1", "text": "..."}, ...]}`` and the model
answers ``{"translations": [{"id": "1", "text": "..."}, ...]}``. The reply is read from
the first JSON object holding ``translations``, also when the model wraps it in prose or
a ```json fence.

Change `PROMPT_VERSION` whenever the wording of the prompt changes: it is part of the
engine's fingerprint, so answers cached under an older prompt are not reused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from l10n.engines.context import Context
from l10n.glossary.model import Term
from l10n.workspace.locales import display_name

PROMPT_VERSION = 1

SYSTEM = (
    "You are a professional translator of a human-rights organisation's press releases "
    "from {source} into {target}. Translate every segment you are given, completely and "
    "faithfully, in the register of a formal press release. Keep numbers, dates, names, "
    "web and e-mail addresses, and markup such as <1>, </1> and <2/> exactly as they are. "
    "The glossary is binding: render each listed term with one of its accepted renderings; "
    "inflect a rendering as {target} grammar requires (case endings, plural, possessive) "
    "but never replace it with a synonym; never use a rendering listed as wrong. Terms "
    "marked 'do not translate' stay exactly as written. Context sentences and examples "
    "are there to help you; do not translate them. Answer with one JSON object only: "
    '{{"translations": [{{"id": "<the segment\'s id>", "text": "<its translation>"}}]}} '
    "with one item per segment and the segments' own ids, and nothing else."
)

RESPONSE_SCHEMA: dict[str, Any] = {
    "type": "json_schema",
    "json_schema": {
        "name": "translations",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {
                "translations": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"id": {"type": "string"}, "text": {"type": "string"}},
                        "required": ["id", "text"],
                        "additionalProperties": False,
                    },
                },
            },
            "required": ["translations"],
            "additionalProperties": False,
        },
    },
}


def language(code: str) -> str:
    """``kk`` → ``Kazakh``; the code itself when Babel does not know it."""
    try:
        return display_name(code)
    except Exception:  # an unknown code still gets a prompt
        return code


def messages(texts: Sequence[str], *, source: str, target: str, context: Context | None,
             instructions: str = "") -> list[dict[str, str]]:
    """The chat messages for one batch: a system message and one user message ending with
    the segments as JSON (ids "1", "2", ... in the order of ``texts``)."""
    src, tgt = language(source), language(target)
    parts: list[str] = []
    if context is not None:
        title = context.title(texts)
        if title:
            parts.append(f"The release is titled: {json.dumps(title, ensure_ascii=False)}")
        terms = context.terms(texts)
        if terms and context.glossary is not None:
            lines = [_term_line(context, term, target) for term in terms]
            parts.append(f"Glossary (binding; inflect renderings as {tgt} grammar requires, "
                         "keeping the rendering itself):\n" + "\n".join(lines))
        around = context.neighbours(texts)
        if around:
            parts.append("Neighbouring sentences, for context only (do not translate them):\n"
                         + "\n".join(f"- {json.dumps(s, ensure_ascii=False)}" for s in around))
        examples = context.close_matches(texts)
        if examples:
            parts.append("Examples of our earlier translations:\n" + "\n".join(
                f"- {src}: {json.dumps(s, ensure_ascii=False)}\n"
                f"  {tgt}: {json.dumps(t, ensure_ascii=False)}" for s, t in examples))
    if instructions.strip():
        parts.append(f"Instructions for {tgt}: {instructions.strip()}")
    segments = {"segments": [{"id": str(i + 1), "text": t} for i, t in enumerate(texts)]}
    parts.append(f"Translate these segments from {src} into {tgt}:\n"
                 + json.dumps(segments, ensure_ascii=False))
    return [{"role": "system", "content": SYSTEM.format(source=src, target=tgt)},
            {"role": "user", "content": "\n\n".join(parts)}]


def _term_line(context: Context, term: Term, target: str) -> str:
    glossary = context.glossary
    assert glossary is not None
    name = json.dumps(term.term, ensure_ascii=False)
    if term.kind == "dnt" and glossary.rendering(term, target) == term.term:
        line = f"- {name}: do not translate (keep it exactly as written)"
    else:
        accepted = glossary.accepted(term, target)
        line = f"- {name} → {json.dumps(accepted[0], ensure_ascii=False)}"
        if len(accepted) > 1:
            line += "; also accepted: " + ", ".join(json.dumps(a, ensure_ascii=False)
                                                    for a in accepted[1:])
    wrong = _for_lang(term.avoid, target)
    if wrong:
        line += "; wrong: " + ", ".join(json.dumps(w, ensure_ascii=False) for w in wrong)
    if term.note:
        line += f" (note: {term.note})"
    return line


def _for_lang(table: Any, lang: str) -> tuple[str, ...]:
    return tuple(table.get(lang) or table.get(lang.split("_")[0]) or ())


# -- the reply ---------------------------------------------------------------------------

_FENCE_RE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)


def parse_reply(content: str) -> dict[str, str] | None:
    """``id -> text`` from the first JSON object of ``content`` that holds ``translations``
    (a fenced block first, then the text itself); None when there is none.

    >>> parse_reply('Sure! ```json\\n{"translations": [{"id": "1", "text": "Сәлем"}]}\\n```')
    {'1': 'Сәлем'}
    """
    candidates = [m.group(1) for m in _FENCE_RE.finditer(content)] + [content]
    decoder = json.JSONDecoder()
    for text in candidates:
        start = text.find("{")
        while start != -1:
            try:
                value, _ = decoder.raw_decode(text, start)
            except ValueError:
                value = None
            found = _translations(value)
            if found is not None:
                return found
            start = text.find("{", start + 1)
    return None


def _translations(value: Any) -> dict[str, str] | None:
    if not isinstance(value, dict) or not isinstance(value.get("translations"), list):
        return None
    found: dict[str, str] = {}
    for item in value["translations"]:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue
        ident = item.get("id")
        if isinstance(ident, int) and not isinstance(ident, bool):
            ident = str(ident)
        if isinstance(ident, str):
            found.setdefault(ident.strip(), item["text"])
    return found


_REFUSAL_RE = re.compile(
    r"^\W*(?:i['’]?m sorry|i am sorry|sorry,? (?:but )?i|i (?:can(?:no|['’])t|cannot|am unable"
    r"|['’]m unable|won['’]t|will not) (?:help|assist|translate|provide|comply|do)"
    r"|as an ai\b|i must decline"
    r"|извините,? (?:но )?я не могу|я не могу (?:помочь|перевести|выполнить)"
    r"|je suis désolé|je ne peux pas (?:traduire|vous aider|aider)"
    r"|кешіріңіз,? (?:бірақ )?мен)",
    re.IGNORECASE)


def refusal(answer: str, source: str) -> bool:
    """Whether ``answer`` is a model's refusal rather than a translation (a source that
    itself begins like a refusal may get a translation that does too)."""
    return bool(_REFUSAL_RE.search(answer)) and not _REFUSAL_RE.search(source)
