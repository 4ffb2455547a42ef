"""Workspace configuration: find ``l10n.toml`` or ``[tool.l10n]`` and read it into Settings."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n.workspace.errors import ConfigError, UsageError
from l10n.workspace.locales import normalize_locale

CONFIG_NAME = "l10n.toml"
DEFAULT_PATHS = {"sources": "source_texts", "locales": "locales", "glossary": "glossary"}
DEFAULT_MIN_COMPLETE = 100.0
DEFAULT_TM_THRESHOLD = 75
DEFAULT_CHAIN = ("offline",)  # private by default: nothing leaves the machine
_RELEASE_RE = re.compile(r"^[^\W_][\w.-]*$")


@dataclass(frozen=True)
class Workspace:
    """A translation workspace: where releases, catalogs and the glossary live."""

    root: Path
    config_file: Path
    source: str
    targets: tuple[str, ...]
    sources_dir: Path
    locales_dir: Path
    glossary_dir: Path
    project: str
    min_complete: float = DEFAULT_MIN_COMPLETE
    tm_threshold: int = DEFAULT_TM_THRESHOLD
    chains: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    engine_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    check_options: Mapping[str, Any] = field(default_factory=dict)  # [check]: QA settings
    publish_options: Mapping[str, Any] = field(default_factory=dict)  # [publish]
    # [memory] accept: per target, the regional codes a TMX import also takes as it
    memory_accept: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    table: str = ""  # where the settings are: "" (l10n.toml) or "tool.l10n" (pyproject.toml)

    def setting(self, name: str) -> str:
        """A setting's place for messages: ``l10n.toml: pretranslate.engines``."""
        return f"{self.config_file}: {self.table + '.' if self.table else ''}{name}"

    @staticmethod
    def chain_setting(lang: str) -> str:
        """The setting that gives ``lang``'s engine chain (``default``: every language's)."""
        return "pretranslate.engines" if lang == "default" else f"pretranslate.chains.{lang}"

    def chain(self, lang: str) -> tuple[str, ...]:
        """The engines tried, in order, for ``lang`` (default: offline only)."""
        return self.chains.get(lang) or self.chains.get("default") or DEFAULT_CHAIN

    @property
    def tm_path(self) -> Path:
        """The translation memory (SQLite), rebuilt from reviewed PO entries and TMX."""
        return self.state_dir / "tm.sqlite"

    @property
    def mt_cache_path(self) -> Path:
        """Machine translations already paid for, so that nothing is sent twice."""
        return self.state_dir / "mt-cache.sqlite"

    @property
    def state_dir(self) -> Path:
        """Private working files (lock, caches); not meant for version control."""
        return self.root / ".l10n"

    def template_path(self, release: str) -> Path:
        return self.locales_dir / "templates" / f"{release}.pot"

    def po_path(self, release: str, lang: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{release}.po"

    def guarded_paths(self) -> list[Path]:
        """The folders l10n writes into, and the files it writes in place (SQLite): none of
        them may lead out of the workspace."""
        locales = [self.locales_dir / "templates"]
        for lang in self.targets:
            locales += [self.locales_dir / lang, self.locales_dir / lang / "LC_MESSAGES"]
        return [self.state_dir, self.state_dir / "lock", self.tm_path, self.mt_cache_path,
                self.sources_dir, self.glossary_dir, self.locales_dir, *locales]

    def relative(self, path: Path) -> str:
        """``path`` relative to the workspace root, as written in ``#:`` references."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def check_targets(self, langs: list[str] | None) -> tuple[str, ...]:
        """Validate ``--lang`` values against the workspace's targets (all when None)."""
        if not langs:
            return self.targets
        chosen = []
        for lang in langs:
            code = normalize_locale(lang)
            if code not in self.targets:
                raise UsageError(f"{code} is not a target language of this workspace "
                                 f"(targets: {', '.join(self.targets)})")
            chosen.append(code)
        return tuple(chosen)


def validate_release_name(name: str) -> str:
    """A release's name is its file's stem: letters, digits, '.', '-', '_' only."""
    if not name or "/" in name or "\\" in name or ".." in name or not _RELEASE_RE.match(name):
        raise UsageError(f"invalid release name {name!r}: use letters, digits, '.', '-' and '_' "
                         "(no path separators, no '..')")
    return name


def releases(ws: Workspace) -> list[str]:
    """Every ingested release (one template each), sorted by name."""
    folder = ws.locales_dir / "templates"
    return sorted(p.stem for p in folder.glob("*.pot")) if folder.is_dir() else []


def chosen_releases(ws: Workspace, names: Sequence[str] = ()) -> list[str]:
    """The releases a command works on: those named (each checked to be ingested), or all.

    Raises:
        UsageError: an invalid name, or a release that has not been ingested.
    """
    known = releases(ws)
    chosen = [validate_release_name(n) for n in names] or known
    for name in chosen:
        if name not in known:
            raise UsageError(f"no release {name!r} has been ingested (known: "
                             f"{', '.join(known) or 'none'}); run 'l10n ingest' first")
    return chosen


def find_workspace(start: Path | None = None) -> Workspace:
    """Walk up from ``start`` (default: the current folder) to the nearest workspace."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        config = folder / CONFIG_NAME
        if config.is_file():
            return load_workspace(config)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "tool" in (data := _read_toml(pyproject)) and \
                "l10n" in data["tool"]:
            return _workspace_from(folder, pyproject, data["tool"]["l10n"], "tool.l10n")
    raise ConfigError(f"no l10n workspace here or above {here}: create one with "
                      "'l10n init DIR --source en --targets kk,ru,fr'")


def load_workspace(config: Path) -> Workspace:
    """Read a workspace from its ``l10n.toml`` or ``pyproject.toml``."""
    data = _read_toml(config)
    if config.name == "pyproject.toml":
        section = data.get("tool", {}).get("l10n")
        if section is None:
            raise ConfigError(f"{config}: no [tool.l10n] table")
        return _workspace_from(config.parent, config, section, "tool.l10n")
    return _workspace_from(config.parent, config, data, "")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = f":{found.group(1)}" if found else ""
        raise ConfigError(f"{path}{line}: invalid TOML: {str(exc).split(' (at')[0]}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def _workspace_from(root: Path, file: Path, section: dict[str, Any], prefix: str) -> Workspace:
    def key(name: str) -> str:
        return f"{file}: {prefix + '.' if prefix else ''}{name}"

    def lang(value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise ConfigError(f"{key(where)}: expected a language code, got {value!r}")
        try:
            return normalize_locale(value)
        except UsageError as exc:
            raise ConfigError(f"{key(where)}: {exc}") from None

    source = lang(section.get("source", "en"), "source")
    raw_targets = section.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        raise ConfigError(f"{key('targets')}: expected a non-empty list such as [\"kk\", \"ru\"]")
    targets = tuple(lang(t, f"targets[{i}]") for i, t in enumerate(raw_targets))
    if source in targets:
        raise ConfigError(f"{key('targets')}: the source language {source} cannot be a target")
    if len(set(targets)) != len(targets):
        raise ConfigError(f"{key('targets')}: a language is listed twice")
    paths = dict(DEFAULT_PATHS)
    given = section.get("paths", {})
    if not isinstance(given, dict):
        raise ConfigError(f"{key('paths')}: expected a table")
    for name, value in given.items():
        if name not in DEFAULT_PATHS or not isinstance(value, str):
            raise ConfigError(f"{key('paths.' + name)}: unknown path or not a string "
                              f"(known: {', '.join(DEFAULT_PATHS)})")
        paths[name] = value
    min_complete = section.get("export", {}).get("min_complete", DEFAULT_MIN_COMPLETE)
    if not isinstance(min_complete, int | float) or not 0 <= min_complete <= 100:
        raise ConfigError(f"{key('export.min_complete')}: expected a percentage 0-100")
    project = section.get("project", root.name)
    threshold, chains = _pretranslate_settings(section.get("pretranslate", {}), key, targets)
    engines = section.get("engines", {})
    if not isinstance(engines, dict) or not all(isinstance(v, dict) for v in engines.values()):
        raise ConfigError(f"{key('engines')}: expected tables such as [engines.libretranslate]")
    _check_llm(engines.get("llm"), key)
    ws = Workspace(root=root, config_file=file, source=source, targets=targets,
                   sources_dir=root / paths["sources"], locales_dir=root / paths["locales"],
                   glossary_dir=root / paths["glossary"], project=str(project),
                   min_complete=float(min_complete), tm_threshold=threshold,
                   chains=chains, engine_options=engines,
                   check_options=_table(section, "check", key),
                   publish_options=_table(section, "publish", key),
                   memory_accept=_memory_accept(_table(section, "memory", key), key, targets),
                   table=prefix)
    refuse_paths_outside(ws.root, ws.guarded_paths())
    return ws


_LLM_NUMBERS = ("temperature", "price_in", "price_out", "timeout")
_LLM_COUNTS = ("max_batch", "max_chars")


def _check_llm(table: dict[str, Any] | None, key: Any) -> None:
    """``[engines.llm]``: refuse a key (environment only) and settings of the wrong type."""
    if table is None:
        return
    if "key" in table:
        raise ConfigError(f"{key('engines.llm.key')}: API keys are read only from the "
                          "environment: remove it and set L10N_LLM_KEY")
    for name in ("url", "model"):
        if name in table and not (isinstance(table[name], str) and table[name].strip()):
            raise ConfigError(f"{key('engines.llm.' + name)}: expected a non-empty string")
    for name in _LLM_NUMBERS:
        value = table.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                  or value < 0):
            raise ConfigError(f"{key('engines.llm.' + name)}: expected a number ≥ 0, "
                              f"got {value!r}")
    for name in _LLM_COUNTS:
        value = table.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                  or value < 1):
            raise ConfigError(f"{key('engines.llm.' + name)}: expected a whole number ≥ 1, "
                              f"got {value!r}")
    if table.get("json_schema", "auto") not in (True, False, "auto"):
        raise ConfigError(f"{key('engines.llm.json_schema')}: expected true, false or \"auto\"")
    instructions = table.get("instructions", {})
    if not isinstance(instructions, dict) or not all(
            isinstance(v, str) for v in instructions.values()):
        raise ConfigError(f"{key('engines.llm.instructions')}: expected a table of texts "
                          "per language, such as kk = \"...\"")


def refuse_paths_outside(root: Path, paths: Iterable[Path]) -> None:
    """Refuse a workspace whose folders lead out of it, before any command writes.

    Every command opens its workspace through here, so a link such as ``locales/kk ->
    /elsewhere`` (or ``paths.locales = "../x"``) stops every command, not only those that
    remember to check (issue 9). Links that stay inside the workspace are fine.

    Raises:
        ConfigError: the first such path, with where it leads.
    """
    base = Path(root).resolve()
    for path in paths:
        real = path.resolve()
        if real == base or base in real.parents:
            continue
        name = os.path.relpath(path, root)
        if path.is_symlink():
            raise ConfigError(f"{name} is a link to {real}, outside the workspace {root}: "
                              "l10n writes only inside its workspace; replace the link with "
                              "the folder or file itself")
        raise ConfigError(f"{name} is outside the workspace {root} (it is {real}): l10n "
                          "writes only inside its workspace; keep its folders inside it")


def _table(section: dict[str, Any], name: str, key: Any) -> dict[str, Any]:
    value = section.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{key(name)}: expected a table")
    return value


def _memory_accept(section: dict[str, Any], key: Any,
                   targets: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """``[memory] accept = {fr = ["fr-CA", "fr-BE"]}``: the regional codes a TMX import
    also takes as a target language (issue 11); each must be a code of that language."""
    for name in section:
        if name != "accept":
            raise ConfigError(f"{key('memory.' + name)}: unknown setting (known: accept)")
    given = section.get("accept", {})
    if not isinstance(given, dict):
        raise ConfigError(f"{key('memory.accept')}: expected a table such as "
                          '{fr = ["fr-CA", "fr-BE"]}')
    accept: dict[str, tuple[str, ...]] = {}
    for lang, codes in given.items():
        where = key(f"memory.accept.{lang}")
        target = normalize_locale(lang) if isinstance(lang, str) and lang.strip() else lang
        if target not in targets:
            raise ConfigError(f"{where}: {lang} is not a target language")
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(f"{where}: expected a list of language codes such as [\"fr-CA\"]")
        try:
            normalized = tuple(normalize_locale(c) for c in codes)
        except UsageError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        other = [c for c, n in zip(codes, normalized) if n.split("_")[0] != target.split("_")[0]]
        if other:
            raise ConfigError(f"{where}: {other[0]} is not a variety of {lang}")
        accept[target] = tuple(c.strip() for c in codes)  # as written: Babel drops scripts
    return accept


def _pretranslate_settings(section: Any, key: Any,
                           targets: tuple[str, ...]) -> tuple[int, dict[str, tuple[str, ...]]]:
    """``[pretranslate]``: the memory's fuzzy threshold and the engine chain per language."""
    if not isinstance(section, dict):
        raise ConfigError(f"{key('pretranslate')}: expected a table")
    threshold = section.get("threshold", DEFAULT_TM_THRESHOLD)
    if not isinstance(threshold, int) or not 0 <= threshold <= 100:
        raise ConfigError(f"{key('pretranslate.threshold')}: expected a score 0-100")
    chains: dict[str, tuple[str, ...]] = {}
    given = {"default": section.get("engines", list(DEFAULT_CHAIN)), **section.get("chains", {})}
    for lang, names in given.items():
        where = Workspace.chain_setting(lang)
        if lang != "default" and lang not in targets:
            raise ConfigError(f"{key(where)}: {lang} is not a target language")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ConfigError(f"{key(where)}: expected a list of engine names")
        chains[lang] = tuple(names)  # the names are checked by l10n.engines.check_chains
    return threshold, chains


def init_workspace(folder: Path, source: str, targets: list[str]) -> Workspace:
    """Scaffold a workspace in ``folder``: ``l10n.toml`` and the standard folders."""
    source = normalize_locale(source)
    codes = [normalize_locale(t) for t in targets]
    if not codes:
        raise UsageError("give at least one target language, e.g. --targets kk,ru,fr")
    config = folder / CONFIG_NAME
    if config.exists():
        raise UsageError(f"{config} already exists: this folder is a workspace already")
    planned = [".l10n", *DEFAULT_PATHS.values(), "locales/templates",
               *(f"locales/{code}{sub}" for code in codes for sub in ("", "/LC_MESSAGES"))]
    refuse_paths_outside(folder, [folder / name for name in planned])
    from l10n.workspace.fsutil import atomic_write  # local: config is imported by everything

    listed = ", ".join(f'"{c}"' for c in codes)
    atomic_write(config, f'# l10n workspace: see README for every setting.\n'
                         f'source = "{source}"\ntargets = [{listed}]\n\n'
                         f'[paths]\nsources = "source_texts"\nlocales = "locales"\n'
                         f'glossary = "glossary"\n\n[export]\n'
                         f'# Refuse to export a language below this % of translated segments.\n'
                         f'min_complete = {DEFAULT_MIN_COMPLETE:g}\n\n[publish]\n'
                         f'# Publish a language only when every entry is reviewed: machine\n'
                         f'# suggestions are never published unreviewed.\n'
                         f'require_reviewed = true\n')
    for name in DEFAULT_PATHS.values():
        (folder / name).mkdir(parents=True, exist_ok=True)
    return load_workspace(config)
