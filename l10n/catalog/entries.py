"""Catalog entries: their words, keys, translation state and l10n's comment lines.

An entry's ``#.`` comment holds the template's placement line(s), then l10n's glossary
hints (``term: …``), then notes on where a suggestion came from (``suggestion: …``,
``glossary: …``).
"""

from __future__ import annotations

import re

import polib

# l10n's own lines in an entry's "#." comment, after the template's placement line(s):
HINT_PREFIX = "term: "  # a glossary term of the msgid and its approved rendering
NOTE_PREFIXES = ("suggestion: ", "glossary: ")  # where a fuzzy suggestion came from
_PLACEHOLDER_OR_SPACE = re.compile(r"</?\d+/?>")
_WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")

Key = tuple[str | None, str]


def word_count(text: str) -> int:
    """Words of a msgid or msgstr, placeholders not counted."""
    return len(_WORD_RE.findall(_PLACEHOLDER_OR_SPACE.sub(" ", text)))


def entry_key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def is_translated(entry: polib.POEntry) -> bool:
    """Has a translation (every plural form filled), whatever its fuzzy flag."""
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def has_any_translation(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def comment_lines(entry: polib.POEntry) -> list[str]:
    return entry.comment.split("\n") if entry.comment else []


def set_hints(entry: polib.POEntry, hints: list[str]) -> None:
    """Replace the entry's glossary hint lines (kept after its placement lines)."""
    lines = [line for line in comment_lines(entry) if not line.startswith(HINT_PREFIX)]
    place = [line for line in lines if not line.startswith(NOTE_PREFIXES)]
    notes = [line for line in lines if line.startswith(NOTE_PREFIXES)]
    entry.comment = "\n".join([*place, *(HINT_PREFIX + h for h in hints), *notes])


def add_notes(entry: polib.POEntry, notes: list[str]) -> None:
    """Append l10n's notes (origin of a suggestion, glossary work) to the entry."""
    entry.comment = "\n".join([*comment_lines(entry), *notes])


def clear_notes(entry: polib.POEntry) -> None:
    """Drop l10n's notes about a previous suggestion."""
    entry.comment = "\n".join(line for line in comment_lines(entry)
                              if not line.startswith(NOTE_PREFIXES))


def is_stale_suggestion(entry: polib.POEntry) -> bool:
    """A machine or memory suggestion nobody confirmed, made for a msgid since changed."""
    return ("fuzzy" in entry.flags and bool(entry.previous_msgid)
            and any(line.startswith(NOTE_PREFIXES[0]) for line in comment_lines(entry)))


def translations(po: polib.POFile, *, include_fuzzy: bool = False) -> dict[str, str]:
    """msgid → msgstr of the usable translations (not obsolete; fuzzy only when asked)."""
    return {e.msgid: e.msgstr for e in po
            if not e.obsolete and not e.msgctxt and e.msgstr
            and (include_fuzzy or "fuzzy" not in e.flags)}
