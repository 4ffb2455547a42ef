"""Glossary CSV files: load a glossary folder, read one file, write one, add a term to terms.csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from l10n.glossary.model import SEPARATOR, Glossary, Term, check_term, normalized
from l10n.workspace.errors import InputError, UsageError
from l10n.workspace.fsutil import atomic_write
from l10n.workspace.locales import normalize_locale

REQUIRED_COLUMNS = ("term", "kind")
OPTIONAL_COLUMNS = ("variants", "case_sensitive", "note")
AVOID_SUFFIX = "_avoid"
DEFAULT_FILE = "terms.csv"

_TRUE = frozenset({"yes", "y", "true", "1"})
_FALSE = frozenset({"no", "n", "false", "0"})
_COLUMNS_HELP = (
    "columns are term, kind, variants, case_sensitive, note, one column per language "
    "code (kk, ru, fr: the preferred rendering, then admitted ones, separated by |) and "
    "optional <lang>_avoid columns"
)


def load_glossary(folder: Path, langs: Sequence[str]) -> Glossary:
    """Read every ``*.csv`` file of a glossary folder, in name order.

    Args:
        folder: the workspace's glossary folder; a missing folder is an empty glossary.
        langs: the target languages; other language columns found are kept too.

    Returns:
        The checked glossary; its ``langs`` are ``langs`` then any other columns' codes.

    Raises:
        InputError: a malformed file, header or row, with its line number, two
            conflicting definitions of one term, or a file without a column for one of
            ``langs`` (its renderings would silently be missing).
        UsageError: a language in ``langs`` that Babel does not know.
    """
    folder = Path(folder)
    codes = [normalize_locale(lang) for lang in langs]
    targets = list(codes)
    terms: list[Term] = []
    columns: list[tuple[Path, list[str]]] = []
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else []:
        file_terms, file_langs = read_csv(path)
        terms.extend(file_terms)
        codes.extend(file_langs)
        columns.append((path, file_langs))
    glossary = Glossary(terms, codes)
    for path, file_langs in columns:
        _require_columns(path, file_langs, targets)
    return glossary


def read_csv(path: Path) -> tuple[list[Term], list[str]]:
    """Read one glossary CSV file.

    Returns:
        Its terms in file order and the language codes of its columns.

    Raises:
        InputError: the file is not UTF-8, not valid CSV, lacks a required column,
            has an unknown column, or a row is invalid (each with its line).
    """
    path = Path(path)
    rows = _csv_rows(path, _read_text(path))
    if not rows:
        raise InputError(path, 1, f"empty file: expected a header row ({_COLUMNS_HELP})")
    header = _parse_header(path, rows[0][1])
    langs = list(dict.fromkeys(lang for kind, lang in header if kind in ("lang", "avoid")))
    terms = []
    for line, row in rows[1:]:
        if any(cell.strip() for cell in row):
            terms.append(_parse_row(path, line, header, row))
    return terms, langs


def _require_columns(path: Path, columns: Sequence[str], targets: Sequence[str]) -> None:
    """Every target language needs its column (``fr`` also serves ``fr_CA``); its cells
    may be empty, but a missing column is a mistake, not a choice (issue 9)."""
    for lang in targets:
        if lang not in columns and lang.split("_")[0] not in columns:
            raise InputError(path, 1, f"no column for the target language {lang}: add the "
                             f"columns {lang} and {lang}{AVOID_SUFFIX} (their cells may stay "
                             "empty)")


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, "not UTF-8 text: save the file as UTF-8") from None


def _csv_rows(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """Rows with the line each starts on; malformed CSV names the record's first line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        hint = " (a quote is not closed?)" if "end of data" in str(exc) else ""
        raise InputError(path, start, f"malformed CSV: {exc}{hint}") from None
    return rows


def _parse_header(path: Path, cells: list[str]) -> list[tuple[str, str]]:
    """Each column as (role, name): role is a base column name, "lang" or "avoid"."""
    header: list[tuple[str, str]] = []
    for cell in cells:
        name = cell.strip()
        if name.lower() in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            column = (name.lower(), name.lower())
        elif name.lower().endswith(AVOID_SUFFIX):
            column = ("avoid", _column_lang(path, name, name[: -len(AVOID_SUFFIX)]))
        else:
            column = ("lang", _column_lang(path, name, name))
        if column in header:
            raise InputError(path, 1, f"column {name!r} appears twice")
        header.append(column)
    for required in REQUIRED_COLUMNS:
        if (required, required) not in header:
            raise InputError(path, 1, f"missing required column {required!r}: {_COLUMNS_HELP}")
    return header


def _column_lang(path: Path, column: str, code: str) -> str:
    try:
        return normalize_locale(code)
    except UsageError:
        raise InputError(
            path, 1, f"column {column!r} is not a language code Babel knows: {_COLUMNS_HELP}"
        ) from None


def _parse_row(path: Path, line: int, header: list[tuple[str, str]], row: list[str]) -> Term:
    if len(row) > len(header):
        raise InputError(
            path, line, f"{len(row)} fields but the header has {len(header)}: "
            "quote values that contain commas"
        )
    values: dict[str, str] = {}
    renderings: dict[str, str] = {}
    admitted: dict[str, tuple[str, ...]] = {}
    avoid: dict[str, tuple[str, ...]] = {}
    for (role, name), cell in zip(header, row):
        if role == "lang" and _split(cell):
            renderings[name], *others = _split(cell)  # the preferred one first
            admitted[name] = tuple(others)
        elif role == "avoid" and _split(cell):
            avoid[name] = _split(cell)
        elif role not in ("lang", "avoid"):
            values[role] = cell
    term = Term(
        term=values.get("term", "").strip(),
        kind=values.get("kind", "").strip().lower(),
        renderings=renderings,
        admitted=admitted,
        avoid=avoid,
        variants=_split(values.get("variants", "")),
        case_sensitive=_parse_bool(path, line, values.get("case_sensitive", ""), values),
        note=values.get("note", "").strip(),
        source=str(path),
        line=line,
    )
    check_term(term)
    return normalized(term)


def _parse_bool(path: Path, line: int, text: str, values: dict[str, str]) -> bool:
    value = text.strip().lower()
    if not value:
        return values.get("kind", "").strip().lower() == "abbrev"
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise InputError(path, line, f"case_sensitive is {text!r}: use yes or no (empty: default)")


def _split(cell: str) -> tuple[str, ...]:
    """A cell's values: ``|`` separates them (a cell need not be quoted for it; CSV wants
    quotes only around a comma or a double quote), blanks and repeats are dropped."""
    return tuple(dict.fromkeys(part.strip() for part in cell.split(SEPARATOR) if part.strip()))


def save_csv(glossary: Glossary, path: Path) -> None:
    """Write a glossary as one CSV file, deterministically and atomically.

    Columns: term, kind, one per language (the preferred rendering, then the admitted
    ones), variants, case_sensitive, one ``<lang>_avoid`` per language, note. Multiple
    values are joined with ``|``.
    """
    langs = list(glossary.langs)
    for term in glossary.terms:
        langs.extend(lang for lang in [*term.renderings, *term.admitted, *term.avoid]
                     if lang not in langs)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["term", "kind", *langs, "variants", "case_sensitive"]
        + [f"{lang}{AVOID_SUFFIX}" for lang in langs]
        + ["note"]
    )
    for term in glossary.terms:
        writer.writerow(
            [term.term, term.kind]
            + [_cell(term, lang) for lang in langs]
            + [SEPARATOR.join(term.variants), "yes" if term.case_sensitive else "no"]
            + [SEPARATOR.join(term.avoid.get(lang, ())) for lang in langs]
            + [term.note]
        )
    atomic_write(Path(path), out.getvalue())


def _cell(term: Term, lang: str) -> str:
    """The language cell: ``preferred|admitted…``; a ``dnt`` term's admitted renderings
    follow the term itself, which stays the preferred one."""
    admitted = term.admitted.get(lang, ())
    preferred = term.renderings.get(lang) or (term.term if term.kind == "dnt" and admitted else "")
    return SEPARATOR.join(r for r in (preferred, *admitted) if r)


def add_term(folder: Path, term: Term, langs: Sequence[str] = ()) -> Term:
    """Add a term to ``folder/terms.csv``, or replace the entry with the same base form.

    Args:
        folder: the glossary folder (created when missing).
        term: the new definition.
        langs: the workspace's target languages: a new file gets their columns even
            when the term has no rendering in them (a ``dnt`` term has none).

    Returns:
        The term as stored, with its file and line.

    Raises:
        InputError: the term is invalid, or one of its forms belongs to another term
            (in any of the folder's files) with a different definition.
    """
    folder = Path(folder)
    path = folder / DEFAULT_FILE
    term = normalized(replace(term, source=str(path), line=0))
    check_term(term)
    entries, columns = read_csv(path) if path.exists() else ([], [])
    if not path.exists():
        columns = [normalize_locale(lang) for lang in langs]
    others = [
        t for p in sorted(folder.glob("*.csv")) if p.name != DEFAULT_FILE for t in read_csv(p)[0]
    ]
    key = term.term.casefold()
    updated = [term if entry.term.casefold() == key else entry for entry in entries]
    if term not in updated:
        updated.append(term)
    Glossary([*others, *(t for t in updated if t is not term), term])  # refuses conflicts
    save_csv(Glossary(updated, columns), path)
    stored, _ = read_csv(path)
    return next(entry for entry in stored if entry.term.casefold() == key)
