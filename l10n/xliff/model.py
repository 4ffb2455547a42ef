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
# What CAT tools' own status attributes mean: Trados Studio's <sdl:seg conf> (one per
# segment of a unit) and memoQ's <trans-unit mq:status>. They say more than state=.
SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"
MQ_NS = "MQXliff"
_READ_SDL = {"Unspecified": State.INITIAL, "Draft": State.NEEDS_REVIEW,
             "Translated": State.TRANSLATED, "RejectedTranslation": State.NEEDS_REVIEW,
             "ApprovedTranslation": State.REVIEWED, "RejectedSignOff": State.NEEDS_REVIEW,
             "ApprovedSignOff": State.REVIEWED}
_READ_MQ = {"NotStarted": State.INITIAL, "Edited": State.NEEDS_REVIEW,
            "PartiallyEdited": State.NEEDS_REVIEW, "Pretranslated": State.NEEDS_REVIEW,
            "MachineTranslated": State.NEEDS_REVIEW, "AssembledFromFragments":
            State.NEEDS_REVIEW, "Rejected": State.NEEDS_REVIEW,
            "ManuallyConfirmed": State.TRANSLATED, "Confirmed": State.TRANSLATED,
            "Reviewer1Confirmed": State.REVIEWED, "Reviewer2Confirmed": State.REVIEWED,
            "Proofread": State.REVIEWED}
# Plural entries: a group of units, one per form (1.2 as Translate Toolkit's po2xliff).
PLURALS_12 = "x-gettext-plurals"
PLURALS_20 = "l10n:plurals"
_ORDER = (State.INITIAL, State.NEEDS_REVIEW, State.TRANSLATED, State.REVIEWED)
_READ_20 = {"initial": State.INITIAL, "translated": State.TRANSLATED,
            "reviewed": State.REVIEWED, "final": State.REVIEWED}


def unit_id(entry: polib.POEntry) -> str:
    """A unit's id: stable for a msgctxt + msgid, whatever else changes in the file."""
    key = f"{entry.msgctxt or ''}\x04{entry.msgid}".encode()
    return "u" + hashlib.sha256(key).hexdigest()[:16]


def least(states: list[State | None]) -> State | None:
    """The least advanced of several segments' states (None: none says anything)."""
    known = [s for s in states if s is not None]
    return min(known, key=_ORDER.index) if known else None


def plural_form_id(base: str, form: int, version: str) -> str:
    """The id of one form's unit of a plural entry ("u…[0]" in 1.2, "u…-0" in 2.0)."""
    return f"{base}[{form}]" if version == "1.2" else f"{base}-{form}"


def _exportable(entry: polib.POEntry) -> bool:
    # XML 1.0 cannot carry control characters.
    texts = [entry.msgid, entry.msgstr, entry.msgctxt or "", entry.msgid_plural or "",
             *entry.msgstr_plural.values()]
    return (not entry.obsolete and bool(entry.msgid)
            and not any(XML_INVALID.search(t) for t in texts))
