"""Catalog entries: their words, keys, translation state and l10n's comment lines.

An entry's ``#.`` comment holds the template's placement line(s), then l10n's glossary
hints (``term: …``), then notes on where a suggestion came from (``suggestion: …``,
``glossary: …``).
"""

from __future__ import annotations

import hashlib
import re

import polib

# l10n's own lines in an entry's "#." comment, after the template's placement line(s):
HINT_PREFIX = "term: "  # a glossary term of the msgid and its approved rendering
NOTE_PREFIXES = ("suggestion: ", "glossary: ")  # where a fuzzy suggestion came from
SUGGESTION = NOTE_PREFIXES[0]
_NOTE_PRINT_RE = re.compile(r" \[([0-9a-f]{8})\]$")
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


def suggestion_note(origin: str, msgstr: str) -> str:
    """The ``#.`` line naming a suggestion's origin, with the fingerprint of the text
    suggested: ``suggestion: mt pseudo [3f2a9c1d]`` (a fingerprint already on ``origin``,
    from an earlier note, is replaced)."""
    return f"{SUGGESTION}{_NOTE_PRINT_RE.sub('', origin)} [{_fingerprint(msgstr)}]"


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def is_unconfirmed_suggestion(entry: polib.POEntry) -> bool:
    """A memory or machine suggestion nobody has confirmed or edited yet.

    The rule (issue 13): the entry is fuzzy, has a ``#. suggestion:`` note, and its
    msgstr is still the text suggested, i.e. the note's fingerprint ``[3f2a9c1d]`` is
    that of the msgstr. A translator who confirms a suggestion removes ``fuzzy``; one
    who edits it and leaves it fuzzy changes the msgstr, so the fingerprint no longer
    matches: either way it is the translator's work, never replaced or cleared. A note
    without a fingerprint (written before l10n 13) counts as a suggestion. A fuzzy entry
    with no note (a translator's, or a merge's closest old translation) is not one.
    """
    if "fuzzy" not in entry.flags:
        return False
    for line in comment_lines(entry):
        if line.startswith(SUGGESTION):
            found = _NOTE_PRINT_RE.search(line)
            return found is None or found.group(1) == _fingerprint(entry.msgstr)
    return False


def suggestion_origin(entry: polib.POEntry) -> str | None:
    """What the ``#. suggestion:`` note names (``mt pseudo``, ``tm 100``), or None."""
    for line in comment_lines(entry):
        if line.startswith(SUGGESTION):
            return _NOTE_PRINT_RE.sub("", line[len(SUGGESTION):]).strip()
    return None


def is_stale_suggestion(entry: polib.POEntry) -> bool:
    """An unconfirmed suggestion made for a msgid since changed (it has a previous msgid)."""
    return bool(entry.previous_msgid) and is_unconfirmed_suggestion(entry)


def drop_stale_notes(po: polib.POFile) -> int:
    """Remove the suggestion notes of entries a translator confirmed (not fuzzy any more).

    Commands that rewrite a PO file call this, so that ``#. suggestion: mt …`` does not
    stay on a translator's confirmed work. Returns how many entries lost notes.
    """
    count = 0
    for entry in po:
        if "fuzzy" not in entry.flags and any(line.startswith(NOTE_PREFIXES)
                                              for line in comment_lines(entry)):
            clear_notes(entry)
            count += 1
    return count


def translations(po: polib.POFile, *, include_fuzzy: bool = False) -> dict[str, str]:
    """msgid → msgstr of the usable translations (not obsolete; fuzzy only when asked)."""
    return {e.msgid: e.msgstr for e in po
            if not e.obsolete and not e.msgctxt and e.msgstr
            and (include_fuzzy or "fuzzy" not in e.flags)}
