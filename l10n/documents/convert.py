"""Write a document's blocks in another format (a Markdown release exported as HTML, …).

Exporting in the source's own format re-uses its skeleton and is lossless; this module
serves the other direction, where only structure (titles, headings, paragraphs, lists,
quotes, table cells) and the meaning of inline markup carry over.
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Callable, Iterable

from l10n.documents.base import PLACEHOLDER_RE, Block, Document, Inline, Segment

Translate = Callable[[Segment], str | None]


def convert(document: Document, translate: Translate, fmt: str, *, lang: str) -> str:
    """Render ``document`` with its translations as a new ``fmt`` document (txt, md, html)."""
    blocks = [b for b in document.blocks if b.kind != "attribute"]
    if fmt == "txt":
        return _blank_line_separated(_txt_block(b, translate) for b in blocks)
    if fmt == "md":
        return _blank_line_separated(_md_block(b, translate) for b in blocks)
    if fmt == "html":
        return _html_document(blocks, translate, lang)
    raise ValueError(f"unknown format {fmt!r}")


def _blank_line_separated(chunks: Iterable[str]) -> str:
    return "\n\n".join(c for c in chunks if c) + "\n"


def _text(block: Block, translate: Translate, inline: Callable[[str, Inline | None, str], str],
          escape: Callable[[str], str]) -> str:
    sentences = []
    for segment in block.segments:
        target = translate(segment) or segment.msgid
        sentences.append(_inline_render(target, segment, inline, escape))
    return " ".join(sentences)


def _inline_render(text: str, segment: Segment, inline: Callable[[str, Inline | None, str], str],
                   escape: Callable[[str], str]) -> str:
    """Replace placeholders by ``inline(role, meaning, content)``; escape the text."""
    meanings = dict(segment.inlines)
    out: list[str] = []
    stack: list[tuple[int, list[str]]] = []
    pos = 0

    def emit(piece: str) -> None:
        (stack[-1][1] if stack else out).append(piece)

    for m in PLACEHOLDER_RE.finditer(text):
        emit(escape(text[pos : m.start()]))
        pos = m.end()
        closing, number, standalone = m.group(1), int(m.group(2)), m.group(3)
        meaning = meanings.get(number)
        if standalone:
            emit(inline("atom", meaning, ""))
        elif not closing:
            stack.append((number, []))
        elif stack and stack[-1][0] == number:
            _, inner = stack.pop()
            emit(inline("pair", meaning, "".join(inner)))
    emit(escape(text[pos:]))
    while stack:  # an opening the translator left unclosed: keep its text
        _, inner = stack.pop()
        emit("".join(inner))
    return "".join(out)


def _txt_inline(role: str, meaning: Inline | None, content: str) -> str:
    if role == "pair":
        return content
    if meaning is None:
        return ""
    if meaning.kind == "br":
        return "\n"
    if meaning.kind == "image":
        return meaning.attr("alt") or ""
    return meaning.text


def _txt_block(block: Block, translate: Translate) -> str:
    text = _text(block, translate, _txt_inline, lambda s: s)
    if block.kind == "list item":
        return "  " * max(block.level - 1, 0) + "- " + text
    return text


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>" else ch for ch in text)


def _md_inline(role: str, meaning: Inline | None, content: str) -> str:
    kind = meaning.kind if meaning else ""
    if role == "pair":
        if kind == "em":
            return f"*{content}*"
        if kind == "strong":
            return f"**{content}**"
        if kind == "link" and meaning is not None and meaning.attr("href"):
            return f"[{content}]({meaning.attr('href')})"
        return content
    if meaning is None:
        return ""
    if kind == "br":
        return "\\\n"
    if kind == "code":
        return f"`{meaning.text}`"
    if kind == "image":
        return f"![{_md_escape(meaning.attr('alt') or '')}]({meaning.attr('src') or ''})"
    if kind == "url":
        return f"<{meaning.text}>" if "://" in meaning.text else meaning.text
    return _md_escape(meaning.text)


def _md_block(block: Block, translate: Translate) -> str:
    text = _text(block, translate, _md_inline, _md_escape)
    if block.kind == "title":
        return f"# {text}"
    if block.kind == "heading":
        return "#" * min(max(block.level, 2), 6) + f" {text}"
    if block.kind == "list item":
        return "  " * max(block.level - 1, 0) + f"- {text}"
    if block.kind == "quote":
        return f"> {text}"
    return text


def _html_escape(text: str) -> str:
    return html_lib.escape(text, quote=False)


def _html_inline(role: str, meaning: Inline | None, content: str) -> str:
    kind = meaning.kind if meaning else ""

    def attr(name: str) -> str:
        value = meaning.attr(name) if meaning else None
        return f' {name}="{html_lib.escape(value)}"' if value else ""

    if role == "pair":
        tag = {"em": "em", "strong": "strong", "link": "a"}.get(kind)
        if tag is None and meaning is not None and kind == "html":
            tag = {"b": "b", "i": "i", "u": "u", "sup": "sup", "sub": "sub"}.get(
                meaning.attr("tag") or "")
        if tag is None:
            return content
        extra = attr("href") + attr("title") if tag == "a" else ""
        return f"<{tag}{extra}>{content}</{tag}>"
    if meaning is None:
        return ""
    if kind == "br":
        return "<br>"
    if kind == "code":
        return f"<code>{_html_escape(meaning.text)}</code>"
    if kind == "image":
        return f"<img{attr('src')}{attr('alt')}>"
    if kind == "url" and "://" in meaning.text:
        url = html_lib.escape(meaning.text)
        return f'<a href="{url}">{url}</a>'
    return _html_escape(meaning.text)


def _html_document(blocks: list[Block], translate: Translate, lang: str) -> str:
    body: list[str] = []
    title = ""
    in_list = False
    for block in blocks:
        text = _text(block, translate, _html_inline, _html_escape)
        if block.kind == "list item" and not in_list:
            body.append("<ul>")
        elif block.kind != "list item" and in_list:
            body.append("</ul>")
        in_list = block.kind == "list item"
        if block.kind == "title":
            title = title or _text(block, translate, lambda r, m, c: c if r == "pair" else "",
                                   _html_escape)
            body.append(f"<h1>{text}</h1>")
        elif block.kind == "heading":
            level = min(max(block.level, 2), 6)
            body.append(f"<h{level}>{text}</h{level}>")
        elif block.kind == "list item":
            body.append(f"<li>{text}</li>")
        elif block.kind == "quote":
            body.append(f"<blockquote><p>{text}</p></blockquote>")
        else:
            body.append(f"<p>{text}</p>")
    if in_list:
        body.append("</ul>")
    return ("<!DOCTYPE html>\n"
            f'<html lang="{html_lib.escape(lang.replace("_", "-"))}">\n<head>\n'
            '<meta charset="utf-8">\n'
            f"<title>{title}</title>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")
