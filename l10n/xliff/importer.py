"""XLIFF import: merge a translated XLIFF 1.2 or 2.0 file back into its release's PO file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polib

from l10n.catalog.entries import clear_notes
from l10n.catalog.gnucheck import PluralRule, message_problem
from l10n.catalog.ondisk import read_catalog_bytes, refuse_if_saved_meanwhile
from l10n.catalog.pofile import layout_of, parse_po, write_po
from l10n.catalog.states import clear_review, mark_reviewed, sign_off, status_of
from l10n.workspace.config import Workspace, validate_release_name
from l10n.workspace.errors import InputError, UsageError
from l10n.workspace.fsutil import display_path, workspace_lock
from l10n.workspace.locales import normalize_locale
from l10n.xliff.exporter import OPEN_WORK_NOTE
from l10n.xliff.markup import CodeError, Node, from_inline, parse, placeholders
from l10n.xliff.model import (
    _FROM_STATUS,
    _READ_12,
    _READ_20,
    NS_12,
    NS_20,
    SUBSTATE_PREFIX,
    State,
    _exportable,
    unit_id,
)


@dataclass(frozen=True)
class UnitIssue:
    """A unit that was not merged, and why."""

    unit: str
    line: int
    reason: str


@dataclass
class ImportReport:
    """What an XLIFF import did to a PO file."""

    path: Path  # the XLIFF file
    po_path: Path
    release: str
    lang: str
    version: str
    units: int = 0
    updated: int = 0  # a new or changed msgstr
    state_changed: int = 0  # same msgstr, new review state (e.g. signed off in memoQ)
    unchanged: int = 0
    empty_kept: int = 0  # empty target: the PO's msgstr was kept
    refused: list[UnitIssue] = field(default_factory=list)  # inline codes lost or invented
    stale: list[UnitIssue] = field(default_factory=list)  # skipped with merge_matching
    missing: int = 0  # PO entries with no unit in the file (merge_matching)
    written: bool = False
    converted_from: str | None = None  # written in UTF-8 instead of this legacy charset


@dataclass(frozen=True)
class _FileUnit:
    id: str
    line: int
    source: Node | None
    target: Node | None
    state: State | None


def import_xliff(ws: Workspace, path: Path, *, merge_matching: bool = False,
                 day: date | None = None) -> ImportReport:
    """Merge a translated XLIFF file (1.2 or 2.0) back into its release's PO file.

    The release and language come from the file (``original``, target language). A
    changed target replaces the msgstr; its state says whether it is fuzzy, translated or
    signed off (a state left as exported describes the old text: the new text counts as
    translated). An unchanged target keeps the PO's state unless the file changes the
    state (a sign-off becomes a review by an unknown reviewer; a plain "translated" never
    removes a sign-off). An empty target never erases a msgstr; a target that lost or
    invented inline codes is refused. If units no longer match the PO (re-ingested
    since export), the whole file is refused unless ``merge_matching``.

    Args:
        ws: the workspace.
        path: the XLIFF file.
        merge_matching: merge the units that still match and report the others.
        day: the date written in new sign-offs (default: today).

    Returns:
        The report; ``written`` says whether the PO file changed.

    Raises:
        InputError: malformed or unsafe XML, not XLIFF, unknown release or language,
            or stale units without ``merge_matching`` (nothing is written).
        UsageError: the PO file was saved (by a translator's editor) while the import
            ran; nothing is written, a rerun merges onto the saved file.
        LockedError: another l10n command holds the workspace.
    """
    path = Path(path)
    root = parse(path)
    version, files = _xliff_files(path, root)
    release, lang = _identify(ws, path, root, files, version)
    po_path = ws.po_path(release, lang)
    report = ImportReport(path=path, po_path=po_path, release=release, lang=lang,
                          version=version)
    file_units = [u for f in files for u in _read_units(path, f, version)]
    report.units = len(file_units)
    with workspace_lock(ws.root):
        before = read_catalog_bytes(po_path)
        po = parse_po(display_path(po_path), before)
        matched = _match(po, file_units, report)
        # A file of the open work only ('xliff export --only-open') lacks the other entries.
        missing = report.missing and not _open_work_only(files[0], version)
        if (report.stale or missing) and not merge_matching:
            raise _stale_error(path, files[0], report, ws, release, lang)
        for entry, unit in matched:
            _merge_unit(entry, unit, report, day or date.today())
        if report.updated or report.state_changed:
            # A translator's editor may have saved the file since we read it.
            refuse_if_saved_meanwhile(po_path, before, doing="importing",
                                      rerun=f"'l10n xliff import {path}'")
            report.written = write_po(po, po_path)
            report.converted_from = layout_of(po).legacy_charset if report.written else None
    return report


def _xliff_files(path: Path, root: Node) -> tuple[str, list[Node]]:
    if root.name != "xliff":
        raise InputError(path, root.line, f"not an XLIFF file: the root element is "
                         f"<{root.name}>, not <xliff>")
    version = root.attrs.get("version", "")
    if root.ns == NS_20 or version.startswith("2."):
        version = "2.0"
    elif root.ns in (NS_12, "urn:oasis:names:tc:xliff:document:1.1") or version in ("1.1",
                                                                                     "1.2"):
        version = "1.2"
    else:
        raise InputError(path, root.line, f"unsupported XLIFF version {version!r}: "
                         "l10n reads XLIFF 1.2 and 2.x")
    files = root.iter("file")
    if not files:
        raise InputError(path, root.line, "no <file> element: nothing to import")
    return version, files


def _open_work_only(file: Node, version: str) -> bool:
    """Whether the file says it holds the open work only (its file-level note)."""
    holder = file.child("header" if version == "1.2" else "notes")
    notes = [n for n in holder.children if n.name == "note"] if holder is not None else []
    return any(n.text().startswith(OPEN_WORK_NOTE) for n in notes)


def _identify(ws: Workspace, path: Path, root: Node, files: list[Node],
              version: str) -> tuple[str, str]:
    """The release and language the file belongs to."""
    first = files[0]
    originals = {f.attrs.get("original") or f.attrs.get("id", "") for f in files}
    if len(originals) != 1:
        raise InputError(path, files[1].line, "the file holds several <file> elements for "
                         "different catalogs; import one release and language per file")
    original = originals.pop()
    release = Path(original).name.removesuffix(".po") if original else ""
    try:
        validate_release_name(release)
    except UsageError:
        raise InputError(path, first.line, f"cannot tell the release from original="
                         f"{original!r}; it must name the PO file the XLIFF was exported "
                         "from") from None
    where = root if version == "2.0" else first
    code = where.attrs.get("trgLang" if version == "2.0" else "target-language", "")
    lang = _target_lang(ws, code)
    if lang is None:
        raise InputError(path, where.line, f"target language {code!r} is not a target "
                         f"language of this workspace ({', '.join(ws.targets)})")
    if not ws.po_path(release, lang).exists():
        raise InputError(path, first.line, f"no catalog "
                         f"{ws.relative(ws.po_path(release, lang))} for this file's release "
                         f"{release!r} and language {lang}")
    return release, lang


def _target_lang(ws: Workspace, code: str) -> str | None:
    try:
        full = normalize_locale(code)
    except UsageError:
        return None
    for candidate in (full, full.split("_")[0]):
        if candidate in ws.targets:
            return candidate
    return None


def _read_units(path: Path, file: Node, version: str) -> list[_FileUnit]:
    out = []
    for unit in file.iter("trans-unit" if version == "1.2" else "unit"):
        if version == "1.2":
            target = unit.child("target")
            out.append(_FileUnit(unit.attrs.get("id", ""), unit.line, unit.child("source"),
                                 target, _state_12(unit, target)))
            continue
        segments = unit.iter("segment")
        if len(segments) != 1:
            # A tool split or joined segments: the unit no longer maps onto one entry.
            out.append(_FileUnit(unit.attrs.get("id", ""), unit.line, None, None, None))
            continue
        seg = segments[0]
        out.append(_FileUnit(unit.attrs.get("id", ""), unit.line, seg.child("source"),
                             seg.child("target"), _state_20(seg)))
    return out


def _state_12(unit: Node, target: Node | None) -> State | None:
    state = _READ_12.get(target.attrs.get("state", "")) if target is not None else None
    if state is State.NEEDS_REVIEW:
        return state
    if unit.attrs.get("approved") == "yes":
        return State.REVIEWED
    return state


def _state_20(seg: Node) -> State | None:
    state = _READ_20.get(seg.attrs.get("state", "initial"))
    sub = seg.attrs.get("subState", "")
    if state in (State.INITIAL, State.TRANSLATED) and sub.startswith(SUBSTATE_PREFIX) \
            and seg.child("target") is not None:
        return State.NEEDS_REVIEW
    return state


def _match(po: polib.POFile, units: list[_FileUnit],
           report: ImportReport) -> list[tuple[polib.POEntry, _FileUnit]]:
    """Pair units with PO entries (by id, else by source text); collect stale ones."""
    entries = [e for e in po if _exportable(e)]
    by_id = {unit_id(e): e for e in entries}
    by_text: dict[str, list[polib.POEntry]] = {}
    for e in entries:
        by_text.setdefault(e.msgid, []).append(e)
    seen: set[int] = set()
    matched = []
    for unit in units:
        try:
            source = from_inline(unit.source) if unit.source is not None else None
        except CodeError:
            source = None
        entry = by_id.get(unit.id)
        if entry is None or entry.msgid != source:
            same = by_text.get(source or "", [])
            entry = same[0] if len(same) == 1 else None
        if entry is None:
            why = ("its source no longer matches an entry of the PO file" if source is not None
                   else "it has no single <segment> with a <source>")
            report.stale.append(UnitIssue(unit.id, unit.line, why))
        elif id(entry) in seen:
            report.refused.append(UnitIssue(unit.id, unit.line, "a second unit for the same "
                                            "entry; only the first was merged"))
        else:
            seen.add(id(entry))
            matched.append((entry, unit))
    report.missing = sum(1 for e in entries if id(e) not in seen)
    return matched


def _stale_error(path: Path, file: Node, report: ImportReport, ws: Workspace, release: str,
                 lang: str) -> InputError:
    how = (f"export a fresh file with 'l10n xliff export {release} --lang {lang}', or merge "
           "the units that still match with --merge-matching")
    if report.stale:
        first = report.stale[0]
        return InputError(path, first.line, f"unit {first.unit}: {first.reason} "
                          f"({len(report.stale)} such units; the release changed since this "
                          f"file was exported); nothing imported: {how}")
    return InputError(path, file.line, f"{report.missing} entries of "
                      f"{ws.relative(report.po_path)} have no unit here (the release changed "
                      f"since this file was exported); nothing imported: {how}")


def _merge_unit(entry: polib.POEntry, unit: _FileUnit, report: ImportReport,
                day: date) -> None:
    try:
        text = from_inline(unit.target) if unit.target is not None else ""
    except CodeError as exc:
        report.refused.append(UnitIssue(unit.id, unit.line, str(exc)))
        return
    if not text:
        report.empty_kept += bool(entry.msgstr)
        report.unchanged += not entry.msgstr
        return
    if placeholders(text) != placeholders(entry.msgid):
        report.refused.append(UnitIssue(unit.id, unit.line, _code_difference(entry.msgid,
                                                                             text)))
        return
    exported = _FROM_STATUS[status_of(entry)]
    if text != entry.msgstr:
        if text == entry.msgid and unit.state is State.INITIAL:
            # A tool's copy of the source (OmegaT pre-fills targets), not a translation.
            report.unchanged += 1
            return
        state = unit.state if unit.state not in (None, exported, State.INITIAL) \
            else State.TRANSLATED
        if _refused_by_msgfmt(entry, text, state, unit, report):
            return
        entry.msgstr = text
        if sign_off(entry) is None:  # a sign-off of exactly this text stays valid
            clear_review(entry)
        clear_notes(entry)  # the suggestion's origin no longer describes this text
        _set_state(entry, state, day)
        report.updated += 1
        return
    new = _state_change(exported, unit.state)
    if new is None:
        report.unchanged += 1
        return
    if "fuzzy" in entry.flags and _refused_by_msgfmt(entry, text, new, unit, report):
        return
    if new is not State.NEEDS_REVIEW:
        clear_notes(entry)
    _set_state(entry, new, day)
    report.state_changed += 1


def _refused_by_msgfmt(entry: polib.POEntry, text: str, state: State, unit: _FileUnit,
                       report: ImportReport) -> bool:
    """Refuse a target that would make the PO file fail ``msgfmt -c`` once it counts as
    translated (newlines at its ends, C format directives unlike the msgid's)."""
    if state is State.NEEDS_REVIEW:
        return False  # fuzzy: msgfmt leaves it out of the MO file and does not check it
    problem = message_problem(entry.msgid, None, [text], entry.flags, PluralRule())
    if problem:
        report.refused.append(UnitIssue(unit.id, unit.line, f"{problem}; fix the target "
                                        "in the CAT tool and export again"))
    return problem is not None


def _state_change(exported: State, given: State | None) -> State | None:
    """The new state of an entry whose text is unchanged, or None to keep it."""
    if given is None or given is exported or given is State.INITIAL:
        return None  # tools that reset or drop states do not undo anyone's work
    if given is State.TRANSLATED and exported is State.REVIEWED:
        return None  # a plain "translated" does not withdraw a sign-off
    return given


def _set_state(entry: polib.POEntry, state: State, day: date) -> None:
    if state is State.NEEDS_REVIEW:
        clear_review(entry)
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        return
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    if state is State.REVIEWED and sign_off(entry) is None:
        mark_reviewed(entry, reviewer=None, day=day)


def _code_difference(source: str, target: str) -> str:
    want, got = placeholders(source), placeholders(target)

    def show(codes: Iterable[tuple[str, str]]) -> str:
        forms = {"open": "<{}>", "close": "</{}>", "atom": "<{}/>"}
        return " ".join(forms[k].format(n) for k, n in sorted(codes))

    parts = []
    if want - got:
        parts.append(f"lost {show((want - got).elements())}")
    if got - want:
        parts.append(f"invented {show((got - want).elements())}")
    return ("inline codes differ from the source's: " + ", ".join(parts)
            + "; fix the target in the CAT tool and export again")
