"""Release metadata (date, byline): read it from a source and localise it in rendered output.

Where a release's metadata comes from:

* Markdown: the front matter's ``date:`` and ``byline:`` (or ``author:``) lines;
* HTML: ``<meta name="date" content="…">``, ``<meta name="author" content="…">``,
  or else the first ``<time datetime="…">`` element;
* any format, to fill what the document does not say (a text release has no other
  place): ``[publish.releases.<release>] date = "2019-07-09"``, ``byline = "…"``.

How a published version shows it (machine-readable values stay machine-readable):

* Markdown: ``date:`` stays ISO; ``date_display:`` (the date as the language writes it,
  Babel's long format) and ``lang:`` are added to the front matter, which is created
  when the output has none and there is metadata to carry;
* HTML: ``datetime=`` and ``content=`` values are kept, the visible text of each
  ``<time>`` element with a date is localised; a page without ``<time>`` gets a dateline
  paragraph after its first heading; ``<head>`` gets ``date``/``author`` meta fields
  (when missing) and ``<link rel="alternate" hreflang>`` links to the other languages,
  and ``<body>`` a visible language list with each language named in its own language;
* text: a dateline line (localised date, then the byline) after the title paragraph.

A byline is translated when its text is a msgid of the release's catalog; otherwise it
is kept as it is (a name).
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import format_date

from l10n.documents import Document
from l10n.documents.html import Token, tokenize
from l10n.workspace.errors import ConfigError, SourceError
from l10n.workspace.locales import display_name, normalize_locale

_FRONT_LINE_RE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_ISO_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
BYLINE_KEYS = ("byline", "author")


@dataclass(frozen=True)
class ReleaseMeta:
    """A release's date and byline, as the source (or the configuration) gives them."""

    date: date | None = None
    byline: str | None = None

    def __bool__(self) -> bool:
        return self.date is not None or bool(self.byline)


@dataclass(frozen=True)
class Alternate:
    """A published language version of the page, for hreflang links and language lists."""

    lang: str  # e.g. kk, or x-default
    href: str  # relative to the page, e.g. ../kk/release.html


def long_date(day: date, lang: str) -> str:
    """``day`` as ``lang`` writes it in running text (CLDR long format).

    >>> long_date(date(2019, 7, 9), "fr")
    '9 juillet 2019'
    """
    return format_date(day, format="long", locale=normalize_locale(lang))


def parse_iso_date(value: str) -> date | None:
    """The calendar date of an ISO 8601 date or date-time string, or None."""
    found = _ISO_DATE_RE.match(_unquote(value.strip()))
    if not found:
        return None
    try:
        return date.fromisoformat(found.group(1))
    except ValueError:
        return None


def read_metadata(document: Document, config: Mapping[str, Any] | None = None, *,
                  where: str = "publish.releases") -> ReleaseMeta:
    """The date and byline of a release: the document's own, gaps filled from ``config``.

    Args:
        document: the parsed source release.
        config: the release's ``[publish.releases.<release>]`` table, if any.
        where: the table's key path, for error messages.

    Raises:
        SourceError: the document gives a date that is not an ISO date (YYYY-MM-DD).
        ConfigError: the configuration does.
    """
    found = {"md": _markdown_meta, "html": _html_meta}.get(document.format, _no_meta)(document)
    config = config or {}
    day, byline = found.date, found.byline
    if day is None and "date" in config:
        value = config["date"]
        day = value if isinstance(value, date) else parse_iso_date(str(value))
        if day is None:
            raise ConfigError(f"{where}.date: expected an ISO date such as 2019-07-09, "
                              f"got {value!r}")
    if not byline and config.get("byline"):
        if not isinstance(config["byline"], str):
            raise ConfigError(f"{where}.byline: expected a string")
        byline = config["byline"].strip()
    return ReleaseMeta(day, byline or None)


def _no_meta(document: Document) -> ReleaseMeta:
    return ReleaseMeta()


def front_matter(text: str) -> tuple[int, int] | None:
    """The (start, end) offsets of the front matter's body (between the ``---`` lines)."""
    start = 1 if text.startswith("\ufeff") else 0
    first = re.compile(r"---[ \t]*(\r\n|\r|\n)").match(text, start)
    if not first:
        return None
    closing = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE).search(text, first.end())
    if not closing:
        return None
    return first.end(), closing.start()


def _markdown_meta(document: Document) -> ReleaseMeta:
    span = front_matter(document.text)
    if span is None:
        return ReleaseMeta()
    values: dict[str, tuple[str, int]] = {}
    for n, line in enumerate(document.text[span[0]:span[1]].splitlines(), start=2):
        m = _FRONT_LINE_RE.match(line)
        if m and m.group(1).lower() not in values:
            values[m.group(1).lower()] = (_unquote(m.group(2)), n)
    day = None
    if "date" in values:
        raw, line_no = values["date"]
        day = parse_iso_date(raw)
        if day is None:
            raise SourceError(document.path, line_no,
                              f"date {raw!r} is not an ISO date: write it as 2019-07-09")
    byline = next((values[k][0] for k in BYLINE_KEYS if values.get(k, ("",))[0]), None)
    return ReleaseMeta(day, byline)


def _html_meta(document: Document) -> ReleaseMeta:
    text = document.text
    day = None
    byline = None
    time_day = None
    for tok in tokenize(text):
        if tok.kind != "start":
            continue
        if tok.name == "meta":
            field = (_attr(tok, text, "name") or "").strip().lower()
            content = _attr(tok, text, "content")
            if field == "date" and content is not None and day is None:
                day = parse_iso_date(content)
                if day is None:
                    raise SourceError(document.path, text.count("\n", 0, tok.start) + 1,
                                      f'<meta name="date" content={content!r}> is not an ISO '
                                      "date: write it as 2019-07-09")
            elif field == "author" and content and byline is None:
                byline = content.strip()
        elif tok.name == "time" and time_day is None:
            time_day = parse_iso_date(_attr(tok, text, "datetime") or "")
    return ReleaseMeta(day or time_day, byline)


def localize(text: str, fmt: str, *, lang: str, meta: ReleaseMeta,
             translations: Mapping[str, str] | None = None,
             alternates: Sequence[Alternate] = ()) -> str:
    """Add the localised date, byline and language links to a rendered release.

    Args:
        text: the release rendered in ``fmt`` (txt, md, html) and ``lang``.
        lang: the language of ``text``.
        meta: the release's metadata (from `read_metadata`).
        translations: msgid → msgstr, to translate the byline (None: keep it).
        alternates: every published language version (``x-default`` included), for
            the HTML hreflang links and language list.

    Returns:
        The text with its metadata localised; unchanged when there is nothing to add.
    """
    byline = meta.byline
    if byline and translations:
        byline = translations.get(byline, byline)
    shown = ReleaseMeta(meta.date, byline)
    if fmt == "md":
        return _localize_markdown(text, lang, meta, shown)
    if fmt == "html":
        return _localize_html(text, lang, meta, shown, alternates)
    return _localize_text(text, lang, shown)


# --- Markdown ---------------------------------------------------------------------------


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _localize_markdown(text: str, lang: str, meta: ReleaseMeta, shown: ReleaseMeta) -> str:
    newline = _newline(text)
    span = front_matter(text)
    if span is None and not meta:
        return text
    added: list[str] = []
    if span is None:
        if meta.date:
            added.append(f"date: {meta.date.isoformat()}")
        if shown.byline:
            added.append(f"byline: {_yaml_string(shown.byline)}")
        lines: list[str] = []
    else:
        lines = text[span[0]:span[1]].splitlines()
        for i, line in enumerate(lines):
            m = _FRONT_LINE_RE.match(line)
            if m and m.group(1).lower() in BYLINE_KEYS and shown.byline \
                    and _unquote(m.group(2)) == meta.byline and shown.byline != meta.byline:
                lines[i] = f"{m.group(1)}: {_yaml_string(shown.byline)}"
        lines = [ln for ln in lines if (m := _FRONT_LINE_RE.match(ln)) is None
                 or m.group(1).lower() not in ("date_display", "lang")]
    if meta.date:
        added.append(f"date_display: {_yaml_string(long_date(meta.date, lang))}")
    added.append(f"lang: {lang.replace('_', '-')}")
    body = newline.join(lines + added) + newline
    if span is None:
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        return f"{bom}---{newline}{body}---{newline}{newline}{text[len(bom):]}"
    return text[: span[0]] + body + text[span[1]:]


# --- plain text -------------------------------------------------------------------------


def _localize_text(text: str, lang: str, shown: ReleaseMeta) -> str:
    lines = [long_date(shown.date, lang)] if shown.date else []
    if shown.byline:
        lines.append(shown.byline)
    if not lines:
        return text
    newline = _newline(text)
    blank = re.search(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)", text)
    dateline = newline.join(lines)
    if blank is None:  # a one-paragraph release: the dateline goes last
        return text.rstrip("\r\n") + newline + newline + dateline + newline
    return text[: blank.start()] + newline + newline + dateline + text[blank.start():]


# --- HTML -------------------------------------------------------------------------------


def _localize_html(text: str, lang: str, meta: ReleaseMeta, shown: ReleaseMeta,
                   alternates: Sequence[Alternate]) -> str:
    tokens = tokenize(text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), non-overlapping
    metas = {(_attr(t, text, "name") or "").strip().lower(): t
             for t in tokens if t.kind == "start" and t.name == "meta"}
    times = [t for t in tokens if t.kind == "start" and t.name == "time"]
    for tok in times:
        day = parse_iso_date(_attr(tok, text, "datetime") or "")
        end = next((t for t in tokens if t.start >= tok.end and t.kind == "end"
                    and t.name == "time"), None)
        if day is not None and end is not None:
            edits.append((tok.end, end.start, html_lib.escape(long_date(day, lang), quote=False)))
    author = metas.get("author")
    if author is not None and shown.byline and shown.byline != meta.byline:
        attr = next(a for a in author.attrs if a.name == "content")
        edits.append((attr.start, attr.end, f'content="{html_lib.escape(shown.byline)}"'))
    head = [_tag_end(tokens, "head"), _tag_start(tokens, "body")]
    head_at = next((p for p in head if p is not None), 0)
    head_lines = []
    if meta.date and "date" not in metas:
        head_lines.append(f'<meta name="date" content="{meta.date.isoformat()}">')
    if shown.byline and "author" not in metas:
        head_lines.append(f'<meta name="author" content="{html_lib.escape(shown.byline)}">')
    head_lines += [f'<link rel="alternate" hreflang="{html_lib.escape(a.lang)}" '
                   f'href="{html_lib.escape(a.href)}">' for a in alternates]
    if head_lines:
        edits.append((head_at, head_at, "\n".join(head_lines) + "\n"))
    body_at = _after_start(tokens, "body")
    if alternates:
        at = body_at if body_at is not None else len(text)
        edits.append((at, at, _language_list(lang, alternates)))
    if not times and shown:
        h1_end = _after_end(tokens, "h1")
        spot = h1_end if h1_end is not None else (body_at if body_at is not None else 0)
        edits.append((spot, spot, "\n" + _dateline(lang, shown)))
    return _apply(text, edits)


def _dateline(lang: str, shown: ReleaseMeta) -> str:
    parts = []
    if shown.date:
        parts.append(f'<time datetime="{shown.date.isoformat()}">'
                     f"{html_lib.escape(long_date(shown.date, lang), quote=False)}</time>")
    if shown.byline:
        parts.append(f'<span class="byline">{html_lib.escape(shown.byline, quote=False)}</span>')
    return f'<p class="dateline">{" · ".join(parts)}</p>'


def _language_list(lang: str, alternates: Sequence[Alternate]) -> str:
    items = []
    for alt in alternates:
        if alt.lang == "x-default":
            continue
        code = html_lib.escape(alt.lang)
        name = html_lib.escape(display_name(alt.lang, alt.lang), quote=False)
        if normalize_locale(alt.lang) == normalize_locale(lang):
            items.append(f'<li><strong lang="{code}" aria-current="page">{name}</strong></li>')
        else:
            items.append(f'<li><a href="{html_lib.escape(alt.href)}" hreflang="{code}" '
                         f'lang="{code}">{name}</a></li>')
    return ('\n<nav class="l10n-languages"><ul>'
            + "".join(items) + "</ul></nav>\n")


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    out = []
    pos = 0
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1])):
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _tag_start(tokens: list[Token], name: str) -> int | None:
    return next((t.start for t in tokens if t.kind == "start" and t.name == name), None)


def _tag_end(tokens: list[Token], name: str) -> int | None:
    return next((t.start for t in tokens if t.kind == "end" and t.name == name), None)


def _after_start(tokens: list[Token], name: str) -> int | None:
    return next((t.end for t in tokens if t.kind == "start" and t.name == name), None)


def _after_end(tokens: list[Token], name: str) -> int | None:
    return next((t.end for t in tokens if t.kind == "end" and t.name == name), None)


def _attr(tok: Token, text: str, name: str) -> str | None:
    for attr in tok.attrs:
        if attr.name == name:
            return html_lib.unescape(text[attr.value_start:attr.value_end])
    return None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _newline(text: str) -> str:
    found = re.search(r"\r\n|\r|\n", text)
    return found.group(0) if found else "\n"
