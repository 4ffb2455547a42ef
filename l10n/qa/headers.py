"""File-level QA: a PO header that contradicts where the file is (``language-header``).

The checks in ``checks.py`` and ``meaning.py`` look at one translation at a time; this one
looks at a catalog's header once per file. It is registered like the others (so that
``l10n check --list`` shows it and ``[check] disable`` turns it off), but its per-entry
function finds nothing: the runner calls :func:`language_header_issue` once per file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import polib

from l10n.catalog.pofile import header_line
from l10n.qa.registry import CheckContext, Issue, check

__all__ = ["FILE_CHECKS", "LANGUAGE_HEADER", "language_header_issue"]

LANGUAGE_HEADER = "language-header"
#: The checks that look at whole files, not at entries.
FILE_CHECKS = (LANGUAGE_HEADER,)


@check(LANGUAGE_HEADER, "error",
       "the header's Language names another language than the file's folder "
       "(locales/<lang>/)")
def language_header(source: str, target: str, ctx: CheckContext) -> Iterator[Issue]:
    """Nothing per entry: see :func:`language_header_issue`."""
    return iter(())


def _code(lang: str) -> str:
    """The language subtag of a code: ``kk_KZ``, ``kk-KZ`` and ``sr@latin`` give kk, sr."""
    return re.split(r"[_\-@.]", lang.strip().lower(), maxsplit=1)[0]


def language_header_issue(po: polib.POFile, lang: str) -> tuple[int, Issue] | None:
    """A ``Language`` header naming another language than ``lang``, the file's folder.

    A region or script of the same language (``kk_KZ`` in ``kk``) and an empty header are
    fine. gettext tools take the language from the header, and so does l10n's translation
    memory (``tm.refresh_from_po``): a Kazakh file saying ``Language: ru`` would feed
    Kazakh sentences to Russian suggestions.

    Returns:
        The header line's number (1 if unknown) and the issue, or None.
    """
    value = po.metadata.get("Language", "").strip()
    if not value or _code(value) == _code(lang):
        return None
    return header_line(po, "Language") or 1, Issue(
        f"the header says 'Language: {value}', but the file is in locales/{lang}/: the "
        f"translation memory and gettext tools would take its translations for "
        f"{value}; set the header to 'Language: {lang}' (or move the file)")
