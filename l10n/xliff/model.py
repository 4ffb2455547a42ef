"""The XLIFF unit model shared by export and import: versions, states, unit ids."""

from __future__ import annotations

import hashlib
from enum import Enum

import polib

from l10n.catalog.states import Status
from l10n.xliff.markup import XML_INVALID

VERSIONS = ("1.2", "2.0")
NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
SUBSTATE_PREFIX = "l10n:"


class State(Enum):
    """A unit's state, common to both XLIFF versions."""

    INITIAL = "initial"  # no translation, or a tool that says nothing about the target
    NEEDS_REVIEW = "needs-review"  # PO fuzzy: a suggestion or a translation of an older source
    TRANSLATED = "translated"
    REVIEWED = "reviewed"  # signed off


_FROM_STATUS = {Status.UNTRANSLATED: State.INITIAL, Status.SUGGESTED: State.NEEDS_REVIEW,
                Status.FUZZY: State.NEEDS_REVIEW, Status.TRANSLATED: State.TRANSLATED,
                Status.REVIEWED: State.REVIEWED}
_STATE_12 = {State.INITIAL: "new", State.NEEDS_REVIEW: "needs-review-translation",
             State.TRANSLATED: "translated", State.REVIEWED: "signed-off"}
_STATE_20 = {State.INITIAL: "initial", State.NEEDS_REVIEW: "initial",
             State.TRANSLATED: "translated", State.REVIEWED: "reviewed"}
_READ_12 = {"new": State.INITIAL, "needs-translation": State.INITIAL,
            "needs-adaptation": State.INITIAL, "needs-l10n": State.INITIAL,
            "needs-review-translation": State.NEEDS_REVIEW,
            "needs-review-adaptation": State.NEEDS_REVIEW,
            "needs-review-l10n": State.NEEDS_REVIEW, "translated": State.TRANSLATED,
            "final": State.REVIEWED, "signed-off": State.REVIEWED}
_READ_20 = {"initial": State.INITIAL, "translated": State.TRANSLATED,
            "reviewed": State.REVIEWED, "final": State.REVIEWED}


def unit_id(entry: polib.POEntry) -> str:
    """A unit's id: stable for a msgctxt + msgid, whatever else changes in the file."""
    key = f"{entry.msgctxt or ''}\x04{entry.msgid}".encode()
    return "u" + hashlib.sha256(key).hexdigest()[:16]


def _exportable(entry: polib.POEntry) -> bool:
    # Plural entries have no XLIFF 1.2/2.0 core form; XML 1.0 cannot carry control chars.
    return (not entry.obsolete and bool(entry.msgid) and not entry.msgid_plural
            and not XML_INVALID.search(entry.msgid + entry.msgstr + (entry.msgctxt or "")))
