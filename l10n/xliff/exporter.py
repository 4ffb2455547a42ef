"""XLIFF export: one release's PO file as an XLIFF 1.2 or 2.0 file for CAT tools."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import polib

from l10n import __version__
from l10n.catalog.entries import NOTE_PREFIXES, comment_lines
from l10n.catalog.gnucheck import plural_rule
from l10n.catalog.pofile import read_po
from l10n.catalog.states import status_of
from l10n.workspace.config import Workspace, validate_release_name
from l10n.workspace.errors import UsageError
from l10n.workspace.fsutil import atomic_write, display_path
from l10n.xliff.markup import escape, to_inline
from l10n.xliff.model import (
    _FROM_STATUS,
    _STATE_12,
    _STATE_20,
    NS_12,
    NS_20,
    PLURALS_12,
    PLURALS_20,
    SUBSTATE_PREFIX,
    VERSIONS,
    State,
    _exportable,
    plural_form_id,
    unit_id,
)


#: How a file holding only some entries (the open work) begins its file-level note;
#: the importer then does not take the entries missing from it for a changed release.
OPEN_WORK_NOTE = "l10n: open work only"
Key = tuple[str | None, str]


@dataclass(frozen=True)
class _Unit:
    """What one PO entry exports as."""

    id: str
    entry: polib.POEntry
    state: State
    qualifier: str | None  # why it needs review: mt-suggestion, leveraged-tm, fuzzy-match
    forms: list[tuple[str, str]]  # (source, target): one, or one per plural form

    @property
    def plural(self) -> bool:
        return bool(self.entry.msgid_plural)


def _qualifier(entry: polib.POEntry) -> str | None:
    for line in comment_lines(entry):
        if line.startswith(NOTE_PREFIXES[0] + "mt"):
            return "mt-suggestion"
        if line.startswith(NOTE_PREFIXES[0] + "tm"):
            return "leveraged-tm"
    return "fuzzy-match" if entry.previous_msgid is not None else None


def _forms(entry: polib.POEntry, nplurals: int) -> list[tuple[str, str]]:
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    count = max(nplurals, len(entry.msgstr_plural), 1)
    return [(entry.msgid if n == 0 else entry.msgid_plural, entry.msgstr_plural.get(n, ""))
            for n in range(count)]


def _units(po: polib.POFile) -> list[_Unit]:
    nplurals = plural_rule(po.metadata.get("Plural-Forms", "")).nplurals or 2
    units = []
    for entry in po:
        if _exportable(entry):
            state = _FROM_STATUS[status_of(entry)]
            qualifier = _qualifier(entry) if state is State.NEEDS_REVIEW else None
            units.append(_Unit(unit_id(entry), entry, state, qualifier,
                               _forms(entry, nplurals)))
    return units


def export_xliff(ws: Workspace, release: str, lang: str, path: Path, *,
                 version: str = "1.2", only: Collection[Key] | None = None) -> int:
    """Write one release's PO file for one language as an XLIFF file, atomically.

    One unit per active PO entry (obsolete entries are left out), its id a hash of msgctxt
    and msgid; a plural entry is a group of units, one per form (1.2 ``<group
    restype="x-gettext-plurals">`` with units ``ID[0]``, ``ID[1]``…, as Translate Toolkit
    writes them; 2.0 ``<group type="l10n:plurals">`` with units ``ID-0``…). Our placeholders become inline codes (1.2 ``<g>``/``<x/>``,
    2.0 ``<pc>``/``<ph/>``), ``#.`` and translator comments become notes, references
    context, and the review state the unit's state. The output depends only on the PO.

    Args:
        ws: the workspace.
        release: the release name.
        lang: a target language of the workspace.
        path: the XLIFF file to write.
        version: "1.2" or "2.0".
        only: Export just these entries, by (msgctxt, msgid) (``l10n.todo.export_open``:
            the open work); the file then says so in a note (:data:`OPEN_WORK_NOTE`),
            and nothing is written when none of them is exportable.

    Returns:
        The number of PO entries written (a plural entry counts once).

    Raises:
        UsageError: unknown version, release, language or missing PO file.
        CatalogError: the PO file is invalid.
    """
    if version not in VERSIONS:
        raise UsageError(f"unknown XLIFF version {version!r}: use {' or '.join(VERSIONS)}")
    validate_release_name(release)
    (lang,) = ws.check_targets([lang])
    po_path = ws.po_path(release, lang)
    if not po_path.exists():
        raise UsageError(f"no catalog {ws.relative(po_path)}: run 'l10n ingest' first")
    units = _units(read_po(display_path(po_path)))
    note = None
    if only is not None:
        units = [u for u in units if (u.entry.msgctxt, u.entry.msgid) in only]
        if not units:
            return 0
        note = f"{OPEN_WORK_NOTE} ({len(units)} entries); the other entries are not in this file"
    original = ws.relative(po_path)
    write = _write_12 if version == "1.2" else _write_20
    lines = write(units, original=original, release=release, source=_bcp47(ws.source),
                  target=_bcp47(lang), note=note)
    atomic_write(Path(path), "\n".join(lines) + "\n")
    return len(units)


def _bcp47(code: str) -> str:
    return code.replace("_", "-")


def _attrs(**values: str | None) -> str:
    return "".join(f' {k.replace("_", "-")}="{escape(v, attribute=True)}"'
                   for k, v in values.items() if v is not None)


def _write_12(units: list[_Unit], *, original: str, release: str, source: str,
              target: str, note: str | None = None) -> list[str]:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<xliff version="1.2" xmlns="{NS_12}">',
             "  <file" + _attrs(original=original, source_language=source,
                                target_language=target, datatype="po",
                                product_name=release) + ">",
             "    <header>",
             f'      <tool{_attrs(tool_id="l10n", tool_name="l10n", tool_version=__version__)}/>',
             *([f'      <note from="l10n">{escape(note)}</note>'] if note else []),
             "    </header>",
             "    <body>"]
    for unit in units:
        indent = "      "
        if unit.plural:
            lines.append(f'      <group{_attrs(id=unit.id, restype=PLURALS_12)}>')
            indent += "  "
        for n, (source, target) in enumerate(unit.forms):
            uid = plural_form_id(unit.id, n, "1.2") if unit.plural else unit.id
            lines += [indent + line for line in _trans_unit_12(unit, uid, n, source, target)]
        if unit.plural:
            lines.append("      </group>")
    lines += ["    </body>", "  </file>", "</xliff>"]
    return lines


def _trans_unit_12(unit: _Unit, uid: str, form: int, source: str, target: str) -> list[str]:
    entry = unit.entry
    # Translate Toolkit (Weblate, Pootle) reads a unit without approved="yes" as fuzzy.
    approved = "yes" if unit.state in (State.TRANSLATED, State.REVIEWED) else None
    lines = [f'<trans-unit{_attrs(id=uid, approved=approved)} xml:space="preserve">',
             f"  <source>{to_inline(source, '1.2')}</source>"]
    state = _attrs(state=_STATE_12[unit.state], state_qualifier=unit.qualifier)
    if target:
        lines.append(f"  <target{state}>{to_inline(target, '1.2')}</target>")
    else:
        lines.append(f"  <target{state}/>")
    # Context-group names are unique in a <file> (the strict schema's U_context-group_name).
    suffix = f"-{uid}"
    for n, (name, line) in enumerate(entry.occurrences, 1):
        lines.append(f'  <context-group name="po-reference{suffix}-{n}" purpose="location">')
        lines.append(f'    <context context-type="sourcefile">{escape(name)}</context>')
        if line:
            lines.append(f'    <context context-type="linenumber">{escape(line)}</context>')
        lines.append("  </context-group>")
    if entry.msgctxt is not None:
        lines.append(f'  <context-group name="po-entry{suffix}" purpose="information">')
        lines.append(f'    <context context-type="x-po-msgctxt">{escape(entry.msgctxt)}'
                     "</context>")
        lines.append("  </context-group>")
    if form == 0:
        for category, text in _notes(entry):
            who = "translator" if category == "translator" else "developer"
            lines.append(f'  <note from="{who}">{escape(text)}</note>')
    lines.append("</trans-unit>")
    return lines


def _write_20(units: list[_Unit], *, original: str, release: str, source: str,
              target: str, note: str | None = None) -> list[str]:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<xliff xmlns="{NS_20}" version="2.0"{_attrs(srcLang=source, trgLang=target)}>',
             f"  <file{_attrs(id=release, original=original)}>"]
    if note:
        lines += ["    <notes>", f'      <note category="l10n">{escape(note)}</note>',
                  "    </notes>"]
    for unit in units:
        indent = "    "
        if unit.plural:
            lines.append(f"    <group{_attrs(id=unit.id, type=PLURALS_20)}>")
            indent += "  "
        for n, (source, target) in enumerate(unit.forms):
            uid = plural_form_id(unit.id, n, "2.0") if unit.plural else unit.id
            lines += [indent + line for line in _unit_20(unit, uid, n, source, target)]
        if unit.plural:
            lines.append("    </group>")
    lines += ["  </file>", "</xliff>"]
    return lines


def _unit_20(unit: _Unit, uid: str, form: int, source: str, target: str) -> list[str]:
    entry = unit.entry
    lines = [f'<unit{_attrs(id=uid)} xml:space="preserve">']
    notes = [("location", f"{name}:{line}" if line else name)
             for name, line in entry.occurrences]
    if entry.msgctxt is not None:
        notes.append(("context", entry.msgctxt))
    if form == 0:
        notes += _notes(entry)
    if notes:
        lines.append("  <notes>")
        lines += [f'    <note category="{c}">{escape(t)}</note>' for c, t in notes]
        lines.append("  </notes>")
    sub = None
    if unit.state is State.NEEDS_REVIEW:
        sub = SUBSTATE_PREFIX + (unit.qualifier or "fuzzy")
    lines.append(f"  <segment{_attrs(state=_STATE_20[unit.state], subState=sub)}>")
    lines.append(f"    <source>{to_inline(source, '2.0')}</source>")
    if target:
        lines.append(f"    <target>{to_inline(target, '2.0')}</target>")
    lines += ["  </segment>", "</unit>"]
    return lines


def _notes(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(category, text) per comment line: placement, glossary hints, suggestions, translators."""
    notes = []
    for line in comment_lines(entry):
        if line.startswith("term: "):
            notes.append(("glossary", line))
        elif line.startswith(NOTE_PREFIXES):
            if "fuzzy" in entry.flags:  # a confirmed translation is no suggestion (issue 13)
                notes.append(("suggestion", line))
        else:
            notes.append(("developer", line))
    if entry.previous_msgid is not None and "fuzzy" in entry.flags:
        notes.append(("previous-source", f"previous source: {entry.previous_msgid}"))
    notes += [("translator", line) for line in (entry.tcomment or "").split("\n") if line]
    return notes
