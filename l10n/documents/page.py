"""Published web pages: a release's exported HTML body set into a Jinja2 template.

``[publish] template`` chooses the template: absent, the default one shipped with l10n
(``l10n/templates/release.html``); a path, a workspace's own (relative to the workspace);
``false``, none (the exported HTML page as ``l10n export`` writes it, with the date and
language links added). Templates are autoescaped and sandboxed, and an undefined
variable is an error (``StrictUndefined``); every template error is reported as one
line, ``file:line: what``, before anything is written.

What a template is given (see :func:`page_context`): ``title``, ``body`` (the release's
exported HTML body, already safe), ``date`` (``iso``, ``display``, ``in_body``) or
None, ``byline``, ``language`` (``code``, ``tag``, ``name``, ``english_name``, ``dir``),
``languages`` (the switcher: every published version with the same keys and ``href``,
``current``, ``source``), ``alternates`` (``hreflang``, ``href``, with ``x-default``)
and ``meta`` (``release``, ``source_file``, ``entries``, ``translated``, ``reviewed``,
``generator``, ``published_at``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from babel import Locale
from markupsafe import Markup

from l10n.documents.html import tokenize
from l10n.workspace.config import Workspace
from l10n.workspace.errors import ConfigError, InputError
from l10n.workspace.fsutil import display_path
from l10n.workspace.locales import display_name, normalize_locale

if TYPE_CHECKING:
    import jinja2

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "release.html"
SETTING = "publish.template"


@dataclass(frozen=True)
class PageTemplate:
    """A loaded template and the file it came from (for messages)."""

    path: Path
    template: jinja2.Template

    def render(self, context: Mapping[str, Any]) -> str:
        """The page, or InputError naming the template's file and line."""
        import jinja2

        try:
            return self.template.render(**context)
        except jinja2.TemplateError as exc:
            raise _template_error(self.path, exc, sys.exc_info()[2]) from None


def load_template(ws: Workspace, setting: Any = None) -> PageTemplate | None:
    """The page template ``[publish] template`` names (None: no template).

    Args:
        setting: the setting's value: None (absent: the default template), False (no
            template) or a path relative to the workspace.

    Raises:
        ConfigError: the setting is neither a path nor false.
        InputError: the file is missing or unreadable, or its syntax is wrong
            (``file:line: template syntax error: …``).
    """
    if setting is False:
        return None
    if setting is None or setting is True:
        path = DEFAULT_TEMPLATE
    elif isinstance(setting, str) and setting.strip():
        path = ws.root / setting
    else:
        raise ConfigError(f"{ws.setting(SETTING)}: expected a template path such as "
                          f'"templates/release.html", or false, got {setting!r}')
    import jinja2  # here: the command line starts without it
    from jinja2.sandbox import SandboxedEnvironment

    if not path.is_file():
        raise InputError(display_path(path), None, f"no such template file ({ws.setting(SETTING)})")
    env = SandboxedEnvironment(loader=jinja2.FileSystemLoader(str(path.parent)),
                               autoescape=True, undefined=jinja2.StrictUndefined,
                               keep_trailing_newline=True)
    try:
        template = env.get_template(path.name)
    except jinja2.TemplateError as exc:
        raise _template_error(path, exc, sys.exc_info()[2]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(display_path(path), None, f"cannot read the template: {exc}") from None
    return PageTemplate(path, template)


def _template_error(path: Path, exc: jinja2.TemplateError,
                    trace: TracebackType | None) -> InputError:
    """``file:line: template error: …`` for a syntax error or a failed rendering."""
    import jinja2

    if isinstance(exc, jinja2.TemplateNotFound):
        name = exc.name if isinstance(exc.name, str) else str(exc)
        where, line = _innermost_template_frame(path, trace)
        return InputError(display_path(where), line,
                          f"template error: {name} not found (next to {path.name})")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = Path(exc.filename) if exc.filename else path
        return InputError(display_path(where), exc.lineno,
                          f"template syntax error: {exc.message}")
    where, line = _innermost_template_frame(path, trace)
    message = str(exc.message if getattr(exc, "message", None) else exc).splitlines()[0]
    return InputError(display_path(where), line, f"template error: {message}")


def _innermost_template_frame(path: Path, trace: TracebackType | None) -> tuple[Path, int | None]:
    """The template file and line a rendering error happened at (Jinja2 rewrites the
    traceback so that its frames point into the template files)."""
    folder = path.parent.resolve()
    found: tuple[Path, int | None] = (path, None)
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        candidate = Path(name)
        if candidate.suffix and candidate.is_file() and folder in candidate.resolve().parents:
            found = (candidate, trace.tb_lineno)
        trace = trace.tb_next
    return found


# --- what a template is given -------------------------------------------------------------


def language_info(lang: str) -> dict[str, str]:
    """``code``, BCP 47 ``tag``, ``name`` in itself, ``english_name`` and ``dir``.

    >>> language_info("kk")["name"], language_info("ar")["dir"]
    ('қазақ тілі', 'rtl')
    """
    code = normalize_locale(lang)
    order = Locale.parse(code).character_order
    return {"code": code, "tag": code.replace("_", "-"), "name": display_name(code, code),
            "english_name": display_name(code, "en"),
            "dir": "rtl" if order == "right-to-left" else "ltr"}


def html_body(page: str) -> str:
    """The content of ``page``'s ``<body>`` (all of it after ``</head>``, or the whole
    text, when there is no body element)."""
    tokens = tokenize(page)
    start = next((t.end for t in tokens if t.kind == "start" and t.name == "body"), None)
    if start is None:
        start = next((t.end for t in tokens if t.kind == "end" and t.name == "head"), 0)
    end = next((t.start for t in tokens if t.start >= start and t.kind == "end"
                and t.name in ("body", "html")), len(page))
    return page[start:end].strip("\r\n") + "\n"


def has_time(body: str) -> bool:
    """True when ``body`` shows a date of its own (a ``<time datetime>`` element)."""
    return any(t.kind == "start" and t.name == "time" for t in tokenize(body))


_SPACES_RE = re.compile(r"[ \t\r\n\f]+")  # not U+00A0: French keeps it before ":"


def page_context(*, title: str, body: str, lang: str, date_iso: str | None,
                 date_display: str | None, byline: str | None,
                 versions: Sequence[tuple[str, str]], source_lang: str,
                 meta: Mapping[str, Any]) -> dict[str, Any]:
    """The variables a page template is rendered with.

    Args:
        title: the release's title in ``lang`` (plain text: the template escapes it).
        body: the exported HTML body (trusted: it was escaped when exported).
        versions: (language, href) of every published version, the source's first.
        meta: release, source_file, entries, translated, reviewed, generator, published_at.
    """
    current = normalize_locale(lang)
    languages = [dict(language_info(code), href=href, current=normalize_locale(code) == current,
                      source=code == source_lang) for code, href in versions]
    alternates = [{"hreflang": v["tag"], "href": v["href"]} for v in languages]
    default = next((v["href"] for v in languages if v["source"]), None)
    if default is not None:
        alternates.append({"hreflang": "x-default", "href": default})
    date = None
    if date_iso:
        date = {"iso": date_iso, "display": date_display or date_iso, "in_body": has_time(body)}
    return {"title": _SPACES_RE.sub(" ", title).strip(), "body": Markup(body),
            "date": date, "byline": byline, "language": language_info(lang),
            "languages": languages, "alternates": alternates, "meta": dict(meta)}
