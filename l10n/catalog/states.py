"""Review states, kept in the PO file itself so that any editor and gettext tool keeps them.

    untranslated → suggested (fuzzy, with a "#. suggestion:" origin) → translated (a
    translator removed "fuzzy") → reviewed (a reviewer signed it off)

A sign-off is a translator comment, ``# l10n-reviewed: 2026-11-28 by Aigerim [3f2a9c1d]``:
GNU msgmerge and msgcat drop flags they do not know but keep translator comments, and
Poedit and Weblate keep them too. The bracketed fingerprint is that of the msgstr that
was reviewed: when a translator changes the msgstr afterwards, the entry is no longer
reviewed, without anyone having to remember to say so.

A reviewer who decides that a QA finding is not a problem accepts it the same way, one
comment per check, ``# l10n-accepted: numbers 2026-12-05 by Dana [3f2a9c1d]``: the
finding is still reported (as accepted) but no longer blocks, and it lapses when the
msgstr changes, so a new translation is judged anew.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from enum import Enum

import polib

from l10n.catalog.entries import is_unconfirmed_suggestion

REVIEW_TAG = "l10n-reviewed:"
_REVIEW_RE = re.compile(r"^l10n-reviewed: (\S+)(?: by (.*?))? \[([0-9a-f]{8})\]$")
ACCEPT_TAG = "l10n-accepted:"
_ACCEPT_RE = re.compile(r"^l10n-accepted: (\S+) (\S+)(?: by (.*?))? \[([0-9a-f]{8})\]$")


class Status(Enum):
    """Where an entry is in the review loop (Translate Toolkit's words in brackets)."""

    UNTRANSLATED = "untranslated"  # (EMPTY)
    SUGGESTED = "suggested"  # fuzzy machine or memory suggestion (NEEDS_REVIEW)
    FUZZY = "fuzzy"  # fuzzy for another reason, e.g. the source changed (NEEDS_REVIEW)
    TRANSLATED = "translated"  # (UNREVIEWED)
    REVIEWED = "reviewed"  # (FINAL)


def fingerprint(msgstr: str) -> str:
    """Eight hex digits identifying a translation's text."""
    return hashlib.sha256(msgstr.encode("utf-8")).hexdigest()[:8]


def _translation(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return "\x00".join(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return entry.msgstr


def sign_off(entry: polib.POEntry) -> tuple[str, str | None] | None:
    """The entry's valid sign-off (date, reviewer), or None (none, or for another msgstr)."""
    for line in (entry.tcomment or "").split("\n"):
        found = _REVIEW_RE.match(line.strip())
        if found and found.group(3) == fingerprint(_translation(entry)):
            return found.group(1), found.group(2)
    return None


def status_of(entry: polib.POEntry) -> Status:
    """The review state of an entry."""
    text = _translation(entry)
    if not text.strip("\x00"):
        return Status.UNTRANSLATED
    if "fuzzy" in entry.flags:
        if is_unconfirmed_suggestion(entry):  # not edited by a translator since
            return Status.SUGGESTED
        return Status.FUZZY
    return Status.REVIEWED if sign_off(entry) else Status.TRANSLATED


def mark_reviewed(entry: polib.POEntry, *, reviewer: str | None = None,
                  day: date | None = None) -> None:
    """Sign an entry off: it must be translated and not fuzzy."""
    if status_of(entry) not in (Status.TRANSLATED, Status.REVIEWED):
        raise ValueError(f"only a translated, non-fuzzy entry can be reviewed: {entry.msgid!r}")
    clear_review(entry)
    who = f" by {reviewer}" if reviewer else ""
    line = f"{REVIEW_TAG} {(day or date.today()).isoformat()}{who} [{fingerprint(_translation(entry))}]"
    entry.tcomment = "\n".join(filter(None, [entry.tcomment, line]))


def clear_review(entry: polib.POEntry) -> bool:
    """Remove every sign-off line (valid or stale); True if there was one."""
    lines = (entry.tcomment or "").split("\n")
    kept = [line for line in lines if not line.strip().startswith(REVIEW_TAG)]
    entry.tcomment = "\n".join(kept).strip("\n")
    return len(kept) != len(lines)


def stale_sign_off(entry: polib.POEntry) -> bool:
    """A sign-off for a msgstr that has changed since (kept only until the next write)."""
    has_line = any(line.strip().startswith(REVIEW_TAG)
                   for line in (entry.tcomment or "").split("\n"))
    return has_line and sign_off(entry) is None


def _comments(entry: polib.POEntry) -> list[str]:
    return (entry.tcomment or "").split("\n")


def accepted_checks(entry: polib.POEntry) -> set[str]:
    """The checks whose findings a reviewer accepted for the entry's current msgstr."""
    current = fingerprint(_translation(entry))
    return {found.group(1) for line in _comments(entry)
            if (found := _ACCEPT_RE.match(line.strip())) and found.group(4) == current}


def mark_accepted(entry: polib.POEntry, check: str, *, reviewer: str | None = None,
                  day: date | None = None) -> None:
    """Record that a reviewer accepted the findings of ``check`` on this msgstr.

    Replaces an earlier acceptance of the same check (lapsed or not).

    Raises:
        ValueError: The entry has no translation, or ``check`` is not one word.
    """
    if not _translation(entry).strip("\x00"):
        raise ValueError(f"an untranslated entry has no finding to accept: {entry.msgid!r}")
    if not check or check.split() != [check]:
        raise ValueError(f"a check name is one word, not {check!r}")
    kept = [line for line in _comments(entry)
            if not ((found := _ACCEPT_RE.match(line.strip())) and found.group(1) == check)]
    who = f" by {reviewer}" if reviewer else ""
    line = (f"{ACCEPT_TAG} {check} {(day or date.today()).isoformat()}{who} "
            f"[{fingerprint(_translation(entry))}]")
    entry.tcomment = "\n".join(filter(None, ["\n".join(kept).strip("\n"), line]))


def drop_lapsed_acceptances(entry: polib.POEntry) -> bool:
    """Remove acceptances recorded for an earlier msgstr; True if there was one."""
    current = fingerprint(_translation(entry))
    lines = _comments(entry)
    kept = [line for line in lines
            if not (line.strip().startswith(ACCEPT_TAG)
                    and not ((found := _ACCEPT_RE.match(line.strip()))
                             and found.group(4) == current))]
    if len(kept) == len(lines):
        return False
    entry.tcomment = "\n".join(kept).strip("\n")
    return True
