"""Catalogs: build a release's template (POT) from its segments and merge it into PO files.

Merging follows GNU msgmerge (and Babel's ``Catalog.update``): an unchanged msgid keeps
its translation, flags and comments; a new msgid close to an old one gets that
translation marked fuzzy, with the old msgid kept as ``#|`` previous msgid; a msgid that
left the template becomes an obsolete ``#~`` entry when it had a translation. A
translator's msgstr is never dropped.
"""

from __future__ import annotations

import hashlib

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polib
from rapidfuzz import fuzz, process

from l10n import __version__
from l10n.catalog.entries import (
    NOTE_PREFIXES,
    add_notes,
    comment_lines,
    entry_key,
    has_any_translation,
    set_hints,
)
from l10n.catalog.poformat import layout_of, set_layout
from l10n.catalog.states import clear_review
from l10n.documents import Segment
from l10n.workspace.config import Workspace
from l10n.workspace.errors import UsageError
from l10n.workspace.locales import display_name, plural_forms

FUZZY_THRESHOLD = 0.6  # msgmerge's own: below this similarity an old translation misleads
SOURCE_DIGEST_HEADER = "X-Source-SHA256"
GLOSSARY_DIGEST_HEADER = "X-Glossary-SHA256"  # the hints in the PO files follow it


def po_date(moment: datetime) -> str:
    """A date as gettext headers write it: ``2019-06-09 14:05+0600``."""
    return moment.strftime("%Y-%m-%d %H:%M%z")


@dataclass(frozen=True)
class ReleaseInfo:
    """What the template's header says about its release."""

    project: str
    release: str
    source_ref: str  # e.g. source_texts/x.txt
    digest: str  # sha256 of the source file's bytes
    glossary_digest: str = ""  # sha256 of the glossary files the hints came from


def build_template(segments: Sequence[Segment], info: ReleaseInfo, *,
                   now: datetime) -> polib.POFile:
    """The POT for a release: one entry per distinct sentence, in document order."""
    pot = polib.POFile(wrapwidth=79)
    pot.header = (f"Template for translations of the release {info.release!r}\n"
                  f"({info.source_ref}), made by l10n.")
    pot.metadata = {
        "Project-Id-Version": f"{info.project} {info.release}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": po_date(now),
        "PO-Revision-Date": po_date(now),
        "Last-Translator": "",
        "Language-Team": "",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"l10n {__version__}",
        SOURCE_DIGEST_HEADER: info.digest,
        GLOSSARY_DIGEST_HEADER: info.glossary_digest,
    }
    entries: dict[str, polib.POEntry] = {}
    comments: dict[str, dict[str, None]] = {}  # msgid -> its comment lines, in order
    for segment in segments:
        entry = entries.get(segment.msgid)
        if entry is None:
            entry = entries[segment.msgid] = polib.POEntry(msgid=segment.msgid, msgstr="")
            pot.append(entry)
            comments[segment.msgid] = {}
        entry.occurrences.append((info.source_ref, str(segment.line)))
        comments[segment.msgid][segment.comment] = None
    for msgid, entry in entries.items():  # joined once: a sentence repeated 100,000 times
        entry.comment = "\n".join(comments[msgid])  # must not cost 100,000 joins
    return pot


def same_entries(a: polib.POFile, b: polib.POFile) -> bool:
    """True when two templates hold the same messages, references and comments."""
    def shape(po: polib.POFile) -> list[tuple[object, ...]]:
        return [(e.msgctxt, e.msgid, e.msgid_plural, tuple(e.occurrences), e.comment)
                for e in po if not e.obsolete]
    return shape(a) == shape(b)


def new_po_metadata(template: polib.POFile, lang: str, *, now: datetime) -> dict[str, str]:
    """The header of a PO file created for ``lang`` from ``template`` (as msginit does)."""
    meta = dict(template.metadata)
    meta.pop(SOURCE_DIGEST_HEADER, None)
    meta.pop(GLOSSARY_DIGEST_HEADER, None)
    meta.update({"PO-Revision-Date": po_date(now), "Last-Translator": "",
                 "Language-Team": display_name(lang), "Language": lang})
    ordered = dict(meta)
    ordered["Plural-Forms"] = plural_forms(lang)
    ordered["X-Generator"] = f"l10n {__version__}"
    return ordered


@dataclass
class MergeResult:
    """A merged catalog and what the merge did."""

    po: polib.POFile
    kept: int = 0  # messages found unchanged (their translation, if any, kept)
    fuzzy: int = 0  # changed messages given the closest old translation, marked fuzzy
    new: int = 0  # messages with no translation yet
    obsoleted: int = 0  # translated messages the source no longer has
    revived: int = 0  # messages back from an obsolete #~ entry, with its translation


@dataclass(frozen=True)
class Pairing:
    """Where one template entry's old entry is: the same message (``kept``, or ``revived``
    from an obsolete entry), the closest changed one (``fuzzy``, with its similarity
    0-1) or none (``new``)."""

    entry: polib.POEntry  # the template's
    how: str  # "kept", "revived", "fuzzy" or "new"
    previous: polib.POEntry | None = None
    similarity: float = 1.0


def pair_entries(old: Iterable[polib.POEntry], template: Iterable[polib.POEntry], *,
                 candidate: Callable[[polib.POEntry], bool] = has_any_translation,
                 ) -> tuple[list[Pairing], list[polib.POEntry]]:
    """Pair each template entry with its old entry, as msgmerge does.

    The same msgctxt and msgid first (an obsolete entry too: the sentence came back),
    else the most similar old entry (similarity >= FUZZY_THRESHOLD) among those that
    ``candidate`` accepts (by default: those with a translation). The merge and
    ``ingest --dry-run`` both pair through here.

    Returns:
        One pairing per template entry, in template order, and the old entries nobody
        was paired with that ``candidate`` accepts (those a merge keeps as obsolete).
    """
    old = list(old)
    active = {entry_key(e): e for e in old if not e.obsolete}
    retired = {entry_key(e): e for e in old if e.obsolete}
    template = list(template)
    exact = {entry_key(t): active.get(entry_key(t)) or retired.get(entry_key(t))
             for t in template}
    used = {id(e) for e in exact.values() if e is not None}
    candidates = [e for e in old if id(e) not in used and candidate(e)]
    pairings = []
    for t in template:
        previous = exact[entry_key(t)]
        if previous is not None:
            pairings.append(Pairing(t, "revived" if previous.obsolete else "kept", previous))
            continue
        found = closest_scored(t.msgid, candidates)
        if found is None:
            pairings.append(Pairing(t, "new"))
        else:
            pairings.append(Pairing(t, "fuzzy", found[0], found[1]))
            used.add(id(found[0]))
    left = [e for e in old if id(e) not in used and candidate(e)]
    return pairings, left


def merge(old: polib.POFile | None, template: polib.POFile, lang: str, *,
          now: datetime, hints: Callable[[str], list[str]] | None = None) -> MergeResult:
    """Update a language's PO file to a new template without losing any translation.

    ``hints`` gives the glossary hint lines of a msgid in this language.
    """
    result = _merge(old, template, lang, now=now)
    if hints is not None:
        for entry in result.po:
            if not entry.obsolete:
                set_hints(entry, hints(entry.msgid))
    return result


def _merge(old: polib.POFile | None, template: polib.POFile, lang: str, *,
           now: datetime) -> MergeResult:
    po = polib.POFile(wrapwidth=79)
    result = MergeResult(po)
    if old is None:
        po.header = template.header.replace("Template for translations",
                                            f"{display_name(lang)} translations")
        po.metadata = new_po_metadata(template, lang, now=now)
        for entry in template:
            po.append(_fresh(entry))
        result.new = len(template)
        return result
    set_layout(po, layout_of(old))  # the translator's line ends and BOM
    po.header = old.header
    po.metadata_is_fuzzy = old.metadata_is_fuzzy
    po.metadata = _updated_metadata(old.metadata, template.metadata, lang)
    pairings, left = pair_entries(old, template)
    for pairing in pairings:
        if pairing.previous is None:
            po.append(_fresh(pairing.entry))
            result.new += 1
        elif pairing.how == "fuzzy":
            po.append(_fuzzy_from(pairing.previous, pairing.entry))
            result.fuzzy += 1
        else:
            po.append(_carried(pairing.previous, pairing.entry))
            # An obsolete entry brought back with its translation is revived, not kept.
            revived = pairing.how == "revived" and has_any_translation(pairing.previous)
            result.revived += revived
            result.kept += not revived
    for entry in left:
        po.append(_retired(entry))
        result.obsoleted += not entry.obsolete
    return result


def closest(msgid: str, candidates: Sequence[polib.POEntry],
            threshold: float = FUZZY_THRESHOLD) -> polib.POEntry | None:
    """The candidate whose msgid is most similar to ``msgid`` (similarity ≥ threshold).

    The similarity is msgmerge's: 1 - (insertions + deletions) / (len(a) + len(b)),
    which is RapidFuzz's Indel ratio, computed in C.
    """
    found = closest_scored(msgid, candidates, threshold)
    return found[0] if found else None


def closest_scored(msgid: str, candidates: Sequence[polib.POEntry],
                   threshold: float = FUZZY_THRESHOLD) -> tuple[polib.POEntry, float] | None:
    """:func:`closest`, with its similarity (0-1)."""
    if not candidates:
        return None
    found = process.extractOne(msgid, [e.msgid for e in candidates], scorer=fuzz.ratio,
                               score_cutoff=threshold * 100)
    return (candidates[found[2]], found[1] / 100) if found else None


def _updated_metadata(old: dict[str, str], template: dict[str, str],
                      lang: str) -> dict[str, str]:
    """Keep the translator's header; refresh what the template owns (as msgmerge)."""
    meta = dict(old)
    meta["POT-Creation-Date"] = template["POT-Creation-Date"]
    meta.setdefault("Project-Id-Version", template["Project-Id-Version"])
    meta["Content-Type"] = "text/plain; charset=UTF-8"
    meta.setdefault("Content-Transfer-Encoding", "8bit")
    if not meta.get("Language"):
        meta["Language"] = lang
    meta.setdefault("Plural-Forms", plural_forms(lang))
    return meta


def _fresh(template_entry: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(msgid=template_entry.msgid, msgctxt=template_entry.msgctxt,
                         msgid_plural=template_entry.msgid_plural, msgstr="",
                         msgstr_plural={0: "", 1: ""} if template_entry.msgid_plural else {},
                         occurrences=list(template_entry.occurrences),
                         comment=template_entry.comment, flags=list(template_entry.flags))


def _carried(previous: polib.POEntry, template_entry: polib.POEntry) -> polib.POEntry:
    """An unchanged message: the template's place, the translator's work."""
    entry = _fresh(template_entry)
    if "fuzzy" in previous.flags:  # a suggestion nobody confirmed yet keeps its origin
        add_notes(entry, [line for line in comment_lines(previous)
                          if line.startswith(NOTE_PREFIXES)])
    entry.msgstr = previous.msgstr
    entry.msgstr_plural = dict(previous.msgstr_plural) or entry.msgstr_plural
    entry.tcomment = previous.tcomment
    entry.flags = _union(previous.flags, template_entry.flags)
    if "fuzzy" in entry.flags:
        entry.previous_msgctxt = previous.previous_msgctxt
        entry.previous_msgid = previous.previous_msgid
        entry.previous_msgid_plural = _previous_plural(previous.previous_msgid_plural)
    return entry


def _fuzzy_from(match: polib.POEntry, template_entry: polib.POEntry) -> polib.POEntry:
    """A changed message: the closest old translation, to be reviewed."""
    entry = _fresh(template_entry)
    if template_entry.msgid_plural and match.msgid_plural:
        entry.msgstr_plural = dict(match.msgstr_plural)
    elif match.msgid_plural:
        entry.msgstr = match.msgstr_plural.get(0, "")
    else:
        entry.msgstr = match.msgstr
        if template_entry.msgid_plural:
            entry.msgstr_plural = {0: match.msgstr, 1: match.msgstr}
    entry.tcomment = match.tcomment
    clear_review(entry)  # a sign-off on work that needs editing misleads (issue 13)
    if "fuzzy" in match.flags:  # an unconfirmed suggestion: say where it came from
        add_notes(entry, [line for line in comment_lines(match) if line.startswith(NOTE_PREFIXES)])
    entry.flags = _union(["fuzzy"], [f for f in match.flags if f != "fuzzy"],
                         template_entry.flags)
    entry.previous_msgctxt = match.msgctxt
    entry.previous_msgid = match.msgid
    entry.previous_msgid_plural = _previous_plural(match.msgid_plural)
    return entry


def _retired(entry: polib.POEntry) -> polib.POEntry:
    """A message the source no longer has: kept as ``#~`` so its translation survives."""
    kept = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt,
                         msgid_plural=entry.msgid_plural, msgstr=entry.msgstr,
                         msgstr_plural=dict(entry.msgstr_plural), tcomment=entry.tcomment,
                         flags=list(entry.flags), obsolete=True)
    kept.previous_msgctxt = entry.previous_msgctxt
    kept.previous_msgid = entry.previous_msgid
    kept.previous_msgid_plural = _previous_plural(entry.previous_msgid_plural)
    return kept


def _previous_plural(msgid_plural: str | None) -> str | None:
    """The ``#| msgid_plural`` to write: none for a singular message.

    polib's msgid_plural of a singular entry is "", not None, and an entry with a
    previous_msgid_plural of "" is written as ``#| msgid_plural ""``, which GNU
    msgmerge never writes (earlier l10n versions did; merging drops it again).
    """
    return msgid_plural or None


def _union(*lists: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for flags in lists:
        for flag in flags:
            seen.setdefault(flag, None)
    return list(seen)


def read_header_fields(text: str) -> dict[str, str]:
    """The header fields of a PO/POT file's text, read without parsing the entries.

    Only the header's ``msgstr`` is read (its continuation lines joined), so checking
    whether a catalog is current costs a few microseconds, not a parse.
    """
    lines = text.replace("\r", "").split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.startswith('msgstr ""')) + 1
    except StopIteration:
        return {}
    value = []
    for line in lines[start:]:
        if not line.startswith('"'):
            break
        value.append(line[1:-1])
    fields = {}
    for field in "".join(value).split("\\n"):
        name, sep, content = field.partition(": ")
        if sep:
            fields[name] = content
    return fields


def read_header(path: Path) -> dict[str, str]:
    """A PO/POT file's header fields, read from its first bytes only ({} if it is absent)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16384)
    except FileNotFoundError:
        return {}
    return read_header_fields(head.decode("utf-8", errors="replace"))


def check_ingested(ws: Workspace, release: str, source: Path, data: bytes) -> None:
    """Refuse a release whose source changed since its template was made: its sentences
    would not be the catalogs' msgids.

    Raises:
        UsageError: no template yet, or its source digest is not that of ``data``.
    """
    if not ws.template_path(release).exists():
        raise UsageError(f"{ws.relative(source)} has not been ingested yet: "
                         f"run 'l10n ingest {release}' first")
    if read_header(ws.template_path(release)).get(SOURCE_DIGEST_HEADER) != \
            hashlib.sha256(data).hexdigest():
        raise UsageError(f"{ws.relative(source)} changed since it was last ingested: "
                         f"run 'l10n ingest {ws.relative(source)}' first")
