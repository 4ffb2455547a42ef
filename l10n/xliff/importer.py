"""XLIFF import: merge a translated XLIFF 1.2 or 2.0 file back into its release's PO file."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
import re
from datetime import date
from pathlib import Path

import polib

from l10n.catalog.entries import clear_notes, drop_stale_notes
from l10n.catalog.gnucheck import PluralRule, message_problem
from l10n.catalog.ondisk import read_catalog_bytes, refuse_if_saved_meanwhile
from l10n.catalog.pofile import layout_of, parse_po, write_po
from l10n.catalog.states import clear_review, mark_reviewed, sign_off, status_of
from l10n.workspace.config import Workspace, validate_release_name
from l10n.workspace.errors import InputError, UsageError
from l10n.workspace.fsutil import display_path, workspace_lock
from l10n.workspace.locales import normalize_locale
from l10n.xliff.exporter import OPEN_WORK_NOTE
from l10n.xliff.markup import CodeError, Node, from_inline, layout_free, parse, placeholders
from l10n.xliff.model import (
    _FROM_STATUS,
    _READ_12,
    _READ_20,
    _READ_MQ,
    _READ_SDL,
    MQ_NS,
    NS_12,
    NS_20,
    PLURALS_12,
    PLURALS_20,
    SDL_NS,
    SUBSTATE_PREFIX,
    State,
    _exportable,
    least,
    unit_id,
)


# Why a unit was not merged: the keys of ``ImportReport.skipped``.
STALE = "stale"  # its source matches no entry of the PO file
INLINE = "inline codes"  # lost, invented or unknown inline codes
MSGFMT = "msgfmt"  # the target would make the PO file fail msgfmt -c
DUPLICATE = "duplicate"  # a second unit for the same entry
PARTIAL = "partly translated"  # some segments or plural forms have no target
PLURAL = "plural forms"  # a number of plural forms unlike the PO file's
UNTRANSLATABLE = "not translatable"  # translate="no": not meant for translators
UNREADABLE = "unreadable"  # no source to match (a unit without segments)


@dataclass(frozen=True)
class UnitIssue:
    """A unit that was not merged, and why."""

    unit: str
    line: int
    reason: str
    kind: str = ""  # one of the reasons above


@dataclass
class ImportReport:
    """What an XLIFF import did to a PO file.

    Every unit of the file is either taken (``updated``, ``state_changed``, ``unchanged``,
    ``empty_kept``) or skipped with its reason (``refused``, ``stale``, ``ignored``).
    """

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
    refused: list[UnitIssue] = field(default_factory=list)  # the translator should look
    stale: list[UnitIssue] = field(default_factory=list)  # skipped with merge_matching
    ignored: list[UnitIssue] = field(default_factory=list)  # translate="no"
    missing: int = 0  # PO entries with no unit in the file (merge_matching)
    written: bool = False
    converted_from: str | None = None  # written in UTF-8 instead of this legacy charset

    @property
    def taken(self) -> int:
        return self.updated + self.state_changed + self.unchanged + self.empty_kept

    @property
    def skipped(self) -> dict[str, int]:
        """Units not merged, by reason."""
        counts = Counter(i.kind for i in self.refused + self.stale + self.ignored)
        return dict(sorted(counts.items()))

    def as_dict(self) -> dict[str, object]:
        """The report for ``--json``."""
        issues = [{"unit": i.unit, "line": i.line, "reason": i.kind, "message": i.reason}
                  for i in self.refused + self.stale + self.ignored]
        return {"file": str(self.path), "catalog": str(self.po_path), "release": self.release,
                "lang": self.lang, "version": self.version, "units": self.units,
                "taken": self.taken, "skipped": self.skipped,
                "updated": self.updated, "state_changed": self.state_changed,
                "unchanged": self.unchanged, "empty_kept": self.empty_kept,
                "missing": self.missing, "written": self.written, "issues": issues}


@dataclass(frozen=True)
class _FileUnit:
    id: str
    line: int
    source: str | None  # our notation, as in the file (layout included)
    targets: tuple[str, ...] | None  # one per form; None: no <target>
    state: State | None
    plural_source: str | None = None  # a plural group's second form's source
    problem: UnitIssue | None = None  # cannot be matched at all
    target_issue: UnitIssue | None = None  # matched, but its target cannot be merged


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
    file_units = [u for f in files for u in _read_units(f, version)]
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
            drop_stale_notes(po)  # a confirmed entry keeps no "suggestion:" note (issue 13)
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
    where = root if version == "2.0" else first
    code = where.attrs.get("trgLang" if version == "2.0" else "target-language", "")
    lang = _target_lang(ws, code)
    if lang is None:
        raise InputError(path, where.line, f"target language {code!r} is not a target "
                         f"language of this workspace ({', '.join(ws.targets)})")
    names = _release_names(original)
    if not names:
        raise InputError(path, first.line, f"cannot tell the release from original="
                         f"{original!r}; it must name the PO file the XLIFF was exported "
                         "from, or the release's source document")
    release = next((n for n in names if ws.po_path(n, lang).exists()), names[0])
    if not ws.po_path(release, lang).exists():
        raise InputError(path, first.line, f"no catalog "
                         f"{ws.relative(ws.po_path(release, lang))} for this file's release "
                         f"{release!r} (original={original!r}) and language {lang}")
    return release, lang


def _release_names(original: str) -> list[str]:
    """The release names an ``original`` may stand for, the likeliest first.

    It names the PO file we exported, or the release's source document as a CAT tool
    recorded it, by a POSIX or Windows path (``C:\\work\\x.md``, ``..\\texts\\x.txt``):
    the release is the file's stem (or its whole name, a release name may hold dots).
    """
    name = re.split(r"[\\/]", original)[-1]
    names = []
    for candidate in dict.fromkeys([name.rpartition(".")[0] or name, name]):
        try:
            names.append(validate_release_name(candidate))
        except UsageError:
            pass
    return names


def _target_lang(ws: Workspace, code: str) -> str | None:
    try:
        full = normalize_locale(code)
    except UsageError:
        return None
    for candidate in (full, full.split("_")[0]):
        if candidate in ws.targets:
            return candidate
    return None


def _read_units(node: Node, version: str) -> list[_FileUnit]:
    """The units below ``node`` in document order; a plural group is one unit."""
    out: list[_FileUnit] = []
    unit_tag = "trans-unit" if version == "1.2" else "unit"
    read = _unit_12 if version == "1.2" else _unit_20
    for child in node.children:
        if child.name == unit_tag:
            out.append(read(child))
        elif child.name == "group" and (child.attrs.get("restype") == PLURALS_12
                                        or child.attrs.get("type") == PLURALS_20):
            out.append(_plural(child, [read(u) for u in child.iter(unit_tag)]))
        else:
            out.extend(_read_units(child, version))
    return out


def _converted(node: Node | None) -> tuple[str | None, str | None]:
    """A <source> or <target> in our notation, or the reason it cannot be read."""
    if node is None:
        return None, None
    try:
        return from_inline(node), None
    except CodeError as exc:
        return None, str(exc)


def _unit_12(el: Node) -> _FileUnit:
    uid, line = el.attrs.get("id", ""), el.line
    if el.attrs.get("translate") == "no":
        return _FileUnit(uid, line, None, None, None, problem=UnitIssue(
            uid, line, 'marked translate="no"', UNTRANSLATABLE))
    source, error = _converted(el.child("source"))
    if source is None:
        return _FileUnit(uid, line, None, None, None, problem=UnitIssue(
            uid, line, f"its source cannot be read: {error or 'no <source>'}",
            INLINE if error else UNREADABLE))
    node = el.child("target")
    target, error = _converted(node)
    issue = UnitIssue(uid, line, error, INLINE) if error else None
    return _FileUnit(uid, line, source, None if node is None else (target or "",),
                     _state_12(el, node), target_issue=issue)


def _unit_20(el: Node) -> _FileUnit:
    """A 2.0 unit, its segments (split by a CAT tool) and ignorables joined back."""
    uid, line = el.attrs.get("id", ""), el.line
    parts = [c for c in el.children if c.name in ("segment", "ignorable")]
    segments = [c for c in parts if c.name == "segment"]
    if el.attrs.get("translate") == "no":
        return _FileUnit(uid, line, None, None, None, problem=UnitIssue(
            uid, line, 'marked translate="no"', UNTRANSLATABLE))
    sources, targets = [], []
    for part in parts:
        source, error = _converted(part.child("source"))
        if source is None:
            return _FileUnit(uid, line, None, None, None, problem=UnitIssue(
                uid, part.line, f"its source cannot be read: {error or 'no <source>'}",
                INLINE if error else UNREADABLE))
        sources.append(source)
        target, error = _converted(part.child("target"))
        if error:
            return _FileUnit(uid, line, "".join(sources), None, None,
                             target_issue=UnitIssue(uid, part.line, error, INLINE))
        # An ignorable without a target (whitespace between segments) stays as it was.
        targets.append(source if target is None and part.name == "ignorable" else target)
    if not segments:
        return _FileUnit(uid, line, None, None, None, problem=UnitIssue(
            uid, line, "it has no <segment>", UNREADABLE))
    done = [s for s in segments if s.child("target") is not None]
    state = least([_state_20(s) for s in segments])
    if not done:
        return _FileUnit(uid, line, "".join(sources), None, state)
    if len(done) < len(segments):
        return _FileUnit(uid, line, "".join(sources), None, state, target_issue=UnitIssue(
            uid, line, f"only {len(done)} of its {len(segments)} segments have a target; "
            "translate the others in the CAT tool and export again", PARTIAL))
    return _FileUnit(uid, line, "".join(sources), ("".join(t or "" for t in targets),), state)


def _plural(group: Node, forms: list[_FileUnit]) -> _FileUnit:
    """A plural entry's group of units, one per form, as one unit."""
    gid, line = group.attrs.get("id", ""), group.line
    if not forms:
        return _FileUnit(gid, line, None, None, None, problem=UnitIssue(
            gid, line, "a plural group without units", UNREADABLE))
    for form in forms:
        if form.problem is not None:
            return replace(form, id=gid, line=line, problem=replace(form.problem, unit=gid))
    issue = next((f.target_issue for f in forms if f.target_issue is not None), None)
    given = [f.targets[0] if f.targets else "" for f in forms]
    targets = tuple(given) if any(f.targets is not None for f in forms) else None
    return _FileUnit(gid, line, forms[0].source, targets, least([f.state for f in forms]),
                     plural_source=forms[1].source if len(forms) > 1 else "",
                     target_issue=issue and replace(issue, unit=gid))


def _state_12(unit: Node, target: Node | None) -> State | None:
    tool = _tool_state(unit)
    if tool is not None:
        return tool
    state = _READ_12.get(target.attrs.get("state", "")) if target is not None else None
    if state is State.NEEDS_REVIEW:
        return state
    if unit.attrs.get("approved") == "yes":
        # Translate Toolkit (Weblate, Pootle) writes approved="yes" on every unit that is
        # not fuzzy, beside state="translated"; alone it means the final review passed.
        return state if state in (State.TRANSLATED, State.REVIEWED) else State.REVIEWED
    return state


def _tool_state(unit: Node) -> State | None:
    """memoQ's mq:status or Trados Studio's per-segment <sdl:seg conf>, when present."""
    memoq = _READ_MQ.get(unit.attrs.get(f"{{{MQ_NS}}}status", ""))
    if memoq is not None:
        return memoq
    segs = [s for s in unit.iter("seg") if s.ns == SDL_NS]
    return least([_READ_SDL.get(s.attrs.get("conf", ""), State.INITIAL) for s in segs])


def _state_20(seg: Node) -> State | None:
    state = _READ_20.get(seg.attrs.get("state", "initial"))
    sub = seg.attrs.get("subState", "")
    if state in (State.INITIAL, State.TRANSLATED) and sub.startswith(SUBSTATE_PREFIX) \
            and seg.child("target") is not None:
        return State.NEEDS_REVIEW
    return state


def _key(text: str) -> str:
    return " ".join(text.split())


def _same_source(entry: polib.POEntry, unit: _FileUnit) -> bool:
    """Whether the unit's source is the entry's, up to a pretty-printer's layout."""
    if unit.source is None or layout_free(unit.source, entry.msgid) != entry.msgid:
        return False
    if unit.plural_source is None or not entry.msgid_plural:
        return unit.plural_source is None and not entry.msgid_plural
    return layout_free(unit.plural_source, entry.msgid_plural) == entry.msgid_plural


def _match(po: polib.POFile, units: list[_FileUnit],
           report: ImportReport) -> list[tuple[polib.POEntry, _FileUnit]]:
    """Pair units with PO entries (by id, else by source text); collect stale ones."""
    entries = [e for e in po if _exportable(e)]
    by_id = {unit_id(e): e for e in entries}
    by_text: dict[str, list[polib.POEntry]] = {}
    for e in entries:
        by_text.setdefault(_key(e.msgid), []).append(e)
    seen: set[int] = set()
    matched = []
    for unit in units:
        if unit.problem is not None:
            kind = unit.problem.kind
            (report.ignored if kind == UNTRANSLATABLE else report.stale).append(unit.problem)
            continue
        entry = by_id.get(unit.id)
        if entry is None or not _same_source(entry, unit):
            same = [e for e in by_text.get(_key(unit.source or ""), [])
                    if _same_source(e, unit)]
            entry = same[0] if len(same) == 1 else None
        if entry is None:
            report.stale.append(UnitIssue(unit.id, unit.line, "its source matches no entry "
                                          "of the PO file", STALE))
        elif id(entry) in seen:
            report.refused.append(UnitIssue(unit.id, unit.line, "a second unit for the same "
                                            "entry; only the first was merged", DUPLICATE))
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
        why = first.reason
        if all(i.kind == STALE for i in report.stale):
            why += " (the release changed since this file was exported)"
        return InputError(path, first.line, f"unit {first.unit}: {why} "
                          f"({len(report.stale)} such units); nothing imported: {how}")
    return InputError(path, file.line, f"{report.missing} entries of "
                      f"{ws.relative(report.po_path)} have no unit here (the release changed "
                      f"since this file was exported, or the tool dropped units); nothing "
                      f"imported: {how}")


def _merge_unit(entry: polib.POEntry, unit: _FileUnit, report: ImportReport,
                day: date) -> None:
    if unit.target_issue is not None:
        report.refused.append(unit.target_issue)
        return
    sources = [entry.msgid] if not entry.msgid_plural else \
        [entry.msgid] + [entry.msgid_plural] * (len(entry.msgstr_plural) - 1)
    current = [entry.msgstr] if not entry.msgid_plural else \
        [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    given = unit.targets or ()
    forms = [layout_free(t, sources[min(n, len(sources) - 1)]) for n, t in enumerate(given)]
    if not any(forms):
        report.empty_kept += any(current)
        report.unchanged += not any(current)
        return
    if len(forms) != len(current):
        report.refused.append(UnitIssue(unit.id, unit.line, f"{len(forms)} plural forms where "
                                        f"the PO file has {len(current)}", PLURAL))
        return
    if not all(forms):
        empty = ", ".join(str(n) for n, f in enumerate(forms) if not f)
        report.refused.append(UnitIssue(unit.id, unit.line, f"plural form {empty} has no "
                                        "target; translate every form", PARTIAL))
        return
    for source, text in zip(sources, forms):
        if placeholders(text) != placeholders(source):
            report.refused.append(UnitIssue(unit.id, unit.line,
                                            _code_difference(source, text), INLINE))
            return
    exported = _FROM_STATUS[status_of(entry)]
    if forms != current:
        if forms == sources and unit.state is State.INITIAL:
            # A tool's copy of the source (OmegaT pre-fills targets), not a translation.
            report.unchanged += 1
            return
        state = unit.state if unit.state not in (None, exported, State.INITIAL) \
            else State.TRANSLATED
        if _refused_by_msgfmt(entry, forms, state, unit, report):
            return
        if entry.msgid_plural:
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = forms[0]
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
    if "fuzzy" in entry.flags and _refused_by_msgfmt(entry, forms, new, unit, report):
        return
    if new is not State.NEEDS_REVIEW:
        clear_notes(entry)
    _set_state(entry, new, day)
    report.state_changed += 1


def _refused_by_msgfmt(entry: polib.POEntry, forms: list[str], state: State,
                       unit: _FileUnit, report: ImportReport) -> bool:
    """Refuse a target that would make the PO file fail ``msgfmt -c`` once it counts as
    translated (newlines at its ends, C format directives unlike the msgid's)."""
    if state is State.NEEDS_REVIEW:
        return False  # fuzzy: msgfmt leaves it out of the MO file and does not check it
    problem = message_problem(entry.msgid, entry.msgid_plural or None, forms, entry.flags,
                              PluralRule())
    if problem:
        report.refused.append(UnitIssue(unit.id, unit.line, f"{problem}; fix the target "
                                        "in the CAT tool and export again", MSGFMT))
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
