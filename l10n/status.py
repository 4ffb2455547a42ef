"""Status: how far each release is translated, per language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import polib

from l10n.catalog import is_translated, word_count
from l10n.config import Workspace, validate_release_name
from l10n.errors import UsageError
from l10n.fsutil import display_path
from l10n.pofile import read_po


@dataclass(frozen=True)
class StatusRow:
    """One release in one language."""

    release: str
    lang: str
    entries: int
    words: int
    translated: int
    fuzzy: int
    untranslated: int
    translated_words: int

    @property
    def percent(self) -> float:
        """Share of entries translated and not fuzzy, 0-100."""
        return round(100.0 * self.translated / self.entries, 1) if self.entries else 100.0

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "percent": self.percent}


def releases(ws: Workspace) -> list[str]:
    """Every ingested release (one template each), sorted by name."""
    folder = ws.locales_dir / "templates"
    return sorted(p.stem for p in folder.glob("*.pot")) if folder.is_dir() else []


def row_for(release: str, lang: str, po: polib.POFile) -> StatusRow:
    """Count one catalog's entries by state."""
    entries = [e for e in po if not e.obsolete]
    done = [e for e in entries if is_translated(e) and "fuzzy" not in e.flags]
    fuzzy = [e for e in entries if "fuzzy" in e.flags and e.msgstr]
    return StatusRow(release=release, lang=lang, entries=len(entries),
                     words=sum(word_count(e.msgid) for e in entries),
                     translated=len(done), fuzzy=len(fuzzy),
                     untranslated=len(entries) - len(done) - len(fuzzy),
                     translated_words=sum(word_count(e.msgid) for e in done))


def status(ws: Workspace, names: Sequence[str] = (),
           langs: Sequence[str] | None = None) -> list[StatusRow]:
    """Rows for the given releases (default: all) × the workspace's target languages."""
    known = releases(ws)
    chosen = [validate_release_name(n) for n in names] or known
    for name in chosen:
        if name not in known:
            raise UsageError(f"no release {name!r} has been ingested (known: "
                             f"{', '.join(known) or 'none'}); run 'l10n ingest' first")
    rows = []
    for release in chosen:
        for lang in ws.check_targets(list(langs) if langs else None):
            path = ws.po_path(release, lang)
            if path.exists():
                rows.append(row_for(release, lang, read_po(display_path(path))))
    return rows
