"""The workspace's shared language resources: glossary files, translation memory, models.

Small library functions behind ``l10n glossary``, ``l10n tm`` and ``l10n engines``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from l10n.engines import EngineInfo, EngineSettings
from l10n.engines.download import Progress
from l10n.engines.models import InstalledModel, install_from, list_models
from l10n.engines.probe import PROBE_TIMEOUT, checked_infos
from l10n.glossary.csvfile import DEFAULT_FILE, add_term, load_glossary, read_csv, save_csv
from l10n.glossary.model import Glossary, Term
from l10n.glossary.tbx import TbxImport, export_tbx, read_tbx
from l10n.memory.tm import RefreshCounts, TranslationMemory
from l10n.memory.tmx import add_tmx, export_tmx, read_tmx, regional_variant
from l10n.workspace.config import Workspace
from l10n.workspace.errors import UsageError
from l10n.workspace.fsutil import workspace_lock


def glossary_of(ws: Workspace) -> Glossary:
    return load_glossary(ws.glossary_dir, ws.targets)


def add_glossary_term(ws: Workspace, term: Term) -> Term:
    """Add a term to ``glossary/terms.csv`` (or replace the one with the same name),
    under the workspace lock like every other writer.

    Returns:
        The term as stored, with its file and line.

    Raises:
        InputError: the term is invalid or conflicts with the glossary.
        LockedError: another l10n command holds the workspace.
    """
    with workspace_lock(ws.root):
        return add_term(ws.glossary_dir, term, ws.targets)


@dataclass
class GlossaryImport:
    """What ``glossary import`` did: entries in the file, terms added, skipped by reason."""

    path: str
    entries: int
    terms: int
    added: int
    skipped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        skipped = ", ".join(f"{count} {why}" for why, count in self.skipped.items())
        return (f"{self.added} new terms from {self.path} ({self.entries} entries, {self.terms} "
                f"terms; "
                f"skipped: {skipped or 'none'})")


SKIP_KNOWN = "already in the glossary"


def import_glossary(ws: Workspace, path: Path) -> GlossaryImport:
    """Add the terms of a TBX or CSV file to ``glossary/terms.csv``, all or none.

    Terms the glossary already has are left as they are; what a TBX file cannot give the
    workspace (no rendering in its languages, deprecated source terms, language sets in
    an unknown language or another script) is skipped and counted.

    Raises:
        InputError: a malformed file, or a term that conflicts with the glossary.
    """
    report = _read_terms(ws, Path(path))
    incoming = report.terms
    target = ws.glossary_dir / DEFAULT_FILE
    with workspace_lock(ws.root):
        current = glossary_of(ws)
        own, langs = read_csv(target) if target.exists() else ([], list(ws.targets))
        known = {t.term.casefold() for t in current.terms}
        new = [t for t in incoming if t.term.casefold() not in known]
        Glossary([*current.terms, *incoming], ws.targets)  # refuses conflicting renderings
        save_csv(Glossary([*own, *new], langs or list(ws.targets)), target)
    skipped = Counter(report.skipped)
    if len(incoming) > len(new):
        skipped[SKIP_KNOWN] = len(incoming) - len(new)
    return GlossaryImport(str(path), report.entries, report.candidates, len(new), dict(skipped),
                          report.notes)


def _read_terms(ws: Workspace, path: Path) -> TbxImport:
    if path.suffix.lower() == ".tbx":
        return read_tbx(path, source_lang=ws.source, langs=ws.targets)
    if path.suffix.lower() == ".csv":
        terms = read_csv(path)[0]
        return TbxImport(terms, entries=len(terms), candidates=len(terms))
    raise UsageError(f"{path}: expected a .tbx or .csv file")


def export_glossary(ws: Workspace, path: Path) -> int:
    """Write the whole glossary as TBX (for Weblate, memoQ, Trados) or one CSV file."""
    glossary = glossary_of(ws)
    if Path(path).suffix.lower() == ".tbx":
        export_tbx(glossary, Path(path), ws.source)
    elif Path(path).suffix.lower() == ".csv":
        save_csv(glossary, Path(path))
    else:
        raise UsageError(f"{path}: expected a .tbx or .csv file name")
    return len(glossary.terms)


def open_memory(ws: Workspace) -> tuple[TranslationMemory, RefreshCounts]:
    """The workspace's memory, refreshed from the reviewed entries of every PO file.

    Origins are workspace-relative (``po:locales/kk/LC_MESSAGES/x.po``). A refresh that
    finds nothing new leaves the file as it was; one that fails leaves no new memory.

    Raises:
        CatalogError: a PO file cannot be read.
    """
    ws.state_dir.mkdir(exist_ok=True)
    existed = ws.tm_path.exists()
    tm = TranslationMemory(ws.tm_path)
    try:
        counts = tm.refresh_from_po(sorted(ws.locales_dir.glob("*/LC_MESSAGES/*.po")),
                                    source_lang=ws.source, root=ws.root)
    except BaseException:
        tm.close()
        if not existed:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{ws.tm_path}{suffix}").unlink(missing_ok=True)
        raise
    return tm, counts


def tm_import(ws: Workspace, path: Path) -> dict[str, Any]:
    """Add a TMX file's units (for the workspace's languages) to the memory.

    The whole file is read and checked first: a refused file leaves the memory as it was.

    Returns:
        What the import took and skipped: ``units`` (``<tu>`` in the file), ``imported``
        (units taken), ``changed`` (memory units added or changed), ``skipped`` (units
        per reason), ``languages`` (variants in no workspace language, per code as
        written) and a ``hint`` when a regional variant of a target was left out.
    """
    units = read_tmx(Path(path), source_lang=ws.source, target_langs=ws.targets,
                     accept=ws.memory_accept)
    with workspace_lock(ws.root):
        tm, _ = open_memory(ws)
        with tm:
            changed = add_tmx(units, tm)
    regional = {code: target for code in units.languages for target in ws.targets
                if regional_variant(code, target)}
    hint = None
    if regional:
        code, target = sorted(regional.items())[0]
        section = f"{ws.table}.memory" if ws.table else "memory"
        hint = (f"to take {code} as {target}, add to {ws.config_file} under [{section}]: "
                f'accept = {{{target} = ["{code}"]}}')
    return {"file": str(path), "units": units.units, "imported": units.taken,
            "changed": changed, "skipped": units.skipped, "languages": units.languages,
            "hint": hint}


def tm_export(ws: Workspace, path: Path) -> int:
    """Write the memory as TMX 1.4b."""
    with workspace_lock(ws.root):
        tm, _ = open_memory(ws)
        with tm:
            return export_tmx(tm, Path(path), source_lang=ws.source, target_langs=ws.targets)


def tm_stats(ws: Workspace) -> dict[str, Any]:
    """Units per language pair, file size, and what the refresh from PO files did."""
    with workspace_lock(ws.root):
        tm, counts = open_memory(ws)
        with tm:
            stats = dict(tm.stats())
    stats["path"] = str(ws.tm_path)
    stats["refreshed"] = asdict(counts)
    return stats


def engines(ws: Workspace, *, probe: bool = True,
            timeout: float = PROBE_TIMEOUT) -> tuple[list[EngineInfo], list[InstalledModel]]:
    """Every engine with what it needs and whether it is ready, and the offline models.

    An online engine is ready only when a probe (one tiny request, ``timeout`` seconds at
    most) was answered; ``probe=False`` contacts nothing and leaves them "not checked".
    """
    settings = EngineSettings.from_env(dict(ws.engine_options))
    return checked_infos(settings, probe=probe, timeout=timeout), list_models(_models_dir(ws))


def install(ws: Workspace, source: str | Path, *, family: str | None = None,
            name: str | None = None, sha256: str | None = None,
            progress: Progress | None = None) -> InstalledModel:
    """Install an offline model package or folder, from a path or a URL, for the
    workspace's languages (a model that translates none of its pairs is refused)."""
    return install_from(source, _models_dir(ws), family=family, name=name, sha256=sha256,
                        languages=(ws.source, ws.targets), progress=progress)


def _models_dir(ws: Workspace) -> Path | None:
    configured = ws.engine_options.get("offline", {}).get("models_dir")
    return (ws.root / configured) if configured else None


def chains(ws: Workspace, langs: Sequence[str]) -> dict[str, tuple[str, ...]]:
    return {lang: ws.chain(lang) for lang in langs}
