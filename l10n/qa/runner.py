"""Run the registered QA checks over the translated entries of given releases' PO files."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, cast

import polib

from l10n.catalog.pofile import read_po
from l10n.catalog.states import accepted_checks
from l10n.glossary.csvfile import load_glossary
from l10n.glossary.model import Glossary
from l10n.qa import checks as _checks  # noqa: F401  (registers the checks)
from l10n.qa import headers as _headers  # registers language-header, run per file
from l10n.qa import meaning as _meaning  # noqa: F401  (registers omission and negation)
from l10n.qa.registry import REGISTRY, CheckContext, CheckInfo, Issue, LengthRatio, check
from l10n.qa.spelling import Speller, accepted_words
from l10n.workspace.config import Workspace
from l10n.workspace.errors import ConfigError

__all__ = ["CheckContext", "CheckInfo", "Finding", "Issue", "QAResult", "check",
           "check_text", "check_catalogs", "list_checks", "IGNORE_COMMENT"]

#: A translator comment that silences checks for one entry; GNU msgmerge keeps it, whereas
#: it drops unknown flags such as Weblate's ``#, ignore-<check>``.
IGNORE_COMMENT = "l10n-ignore:"
#: Options that apply unless ``[check]`` says otherwise. Debian's Kazakh dictionary (hunspell-kk)
#: rejects 69 of the 378 distinct words of our reviewed Kazakh sample (18%, mostly correct
#: inflected forms such as сайлауына), so spelling is off for kk until enabled with
#: ``[check] spelling.kk = true``.
DEFAULT_OPTIONS: Mapping[str, Mapping[str, Any]] = {"spelling": {"kk": False}}


@dataclass(frozen=True)
class Finding:
    """One problem in one translated entry.

    ``file`` is workspace-relative (``locales/ru/LC_MESSAGES/x.po``) and ``line`` is the
    line of the entry's msgid, so ``file:line`` opens the entry in an editor. ``fuzzy``:
    the entry is fuzzy (an unconfirmed suggestion); ``accepted``: a reviewer accepted this
    check's findings on this msgstr (``# l10n-accepted:``), so it does not block;
    ``translation`` is the text checked (for a plural entry, the form).
    """

    file: str
    line: int
    release: str
    lang: str
    msgid: str
    check: str
    severity: str
    message: str
    fuzzy: bool = False
    accepted: bool = False
    translation: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class QAResult:
    """What ``check_workspace`` found.

    Attributes:
        findings: Sorted by file, then line.
        skipped: Notes on checks that could not run (spelling without hunspell or a
            dictionary), one line each; they produce no findings.
        entries: How many translated entries were checked.
        checks: The names of the checks that ran.
    """

    findings: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    entries: int = 0
    checks: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def count(self, severity: str) -> int:
        """How many findings have this severity."""
        return sum(1 for f in self.findings if f.severity == severity)


def list_checks() -> list[CheckInfo]:
    """Every registered check, in registration order."""
    return [c.info for c in REGISTRY.values()]


def _options(raw: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """``[check]`` options as seen by one language: ``quotes.kk = "«»"`` gives quotes."""
    out: dict[str, Any] = {}
    for key in {*DEFAULT_OPTIONS, *raw}:
        if key == "disable":
            continue
        value = raw.get(key, DEFAULT_OPTIONS.get(key))
        if isinstance(value, Mapping):
            merged = {**DEFAULT_OPTIONS.get(key, {}), **value}
            if lang in merged:
                out[key] = merged[lang]
            elif lang.split("_")[0] in merged:
                out[key] = merged[lang.split("_")[0]]
        else:
            out[key] = value
    return out


def _enabled(ws: Workspace) -> list[str]:
    disable = ws.check_options.get("disable", [])
    where = f"{ws.config_file}: check.disable"
    if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
        raise ConfigError(f"{where}: expected a list of check names such as [\"spelling\"]")
    for name in disable:
        if name not in REGISTRY:
            raise ConfigError(f"{where}: unknown check {name!r} (known: {', '.join(REGISTRY)})")
    return [name for name in REGISTRY if name not in disable]


def _ignored(entry: polib.POEntry) -> set[str]:
    names = {f[len("ignore-"):] for f in entry.flags if f.startswith("ignore-")}
    for line in (entry.tcomment or "").splitlines():
        line = line.strip()
        if line.startswith(IGNORE_COMMENT):
            names.update(n.strip() for n in line[len(IGNORE_COMMENT):].split(",") if n.strip())
    return names


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) of an entry; each plural form against msgid or msgid_plural."""
    if entry.msgid_plural:
        return [(entry.msgid if i == 0 else entry.msgid_plural, text)
                for i, text in sorted(entry.msgstr_plural.items()) if text]
    return [(entry.msgid, entry.msgstr)] if entry.msgstr else []


def _translated(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete and e.msgid and _pairs(e)]


class _Runner:
    """Runs the enabled checks, caching per (lang, source, target) what does not depend on
    the file (a release corpus repeats many sentences)."""

    def __init__(self, names: Sequence[str]) -> None:
        self.cached = [REGISTRY[n] for n in names if not REGISTRY[n].per_file]
        self.per_file = [REGISTRY[n] for n in names if REGISTRY[n].per_file]
        self._cache: dict[tuple[str, str, str], list[tuple[str, str, Issue]]] = {}

    def run(self, source: str, target: str, ctx: CheckContext) -> list[tuple[str, str, Issue]]:
        key = (ctx.lang, source, target)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = [(c.info.name, c.info.severity, issue)
                                        for c in self.cached
                                        for issue in c.func(source, target, ctx)]
        return found + [(c.info.name, c.info.severity, issue) for c in self.per_file
                        for issue in c.func(source, target, ctx)]


def check_text(source: str, target: str, lang: str, *, source_lang: str = "en",
               langs: Sequence[str] = (), glossary: Glossary | None = None,
               options: Mapping[str, Any] | None = None,
               checks: Sequence[str] | None = None) -> list[tuple[str, str, str]]:
    """Run the checks on one source/translation pair (spelling and consistency excepted).

    Returns:
        (check, severity, message) for each issue, in check order.
    """
    ctx = CheckContext(lang=lang, source_lang=source_lang, langs=tuple(langs or (lang,)),
                       glossary=glossary or Glossary([]),
                       options=_options(options or {}, lang))
    names = [n for n in (checks or REGISTRY) if not REGISTRY[n].per_file]
    return [(name, issue.severity or severity, issue.message)
            for name, severity, issue in _Runner(names).run(source, target, ctx)]


def _translations(ws: Workspace, lang: str, names: Sequence[str],
                  loaded: dict[tuple[str, str], polib.POFile]
                  ) -> dict[tuple[str | None, str], dict[str, list[str]]]:
    """(msgctxt, msgid) -> {translation, whitespace normalised: releases} over every
    release's non-fuzzy entries."""
    out: dict[tuple[str | None, str], dict[str, list[str]]] = {}
    for release in names:
        po = loaded.get((release, lang))
        if po is None:
            path = ws.po_path(release, lang)
            if not path.exists():
                continue
            po = loaded[(release, lang)] = read_po(path)
        for e in _translated(po):
            if "fuzzy" in e.flags or e.msgid_plural:
                continue
            variants = out.setdefault((e.msgctxt, e.msgid), {})
            variants.setdefault(" ".join(e.msgstr.split()), []).append(release)
    return out


def _length_ratio(ws: Workspace, lang: str, names: Sequence[str],
                  loaded: dict[tuple[str, str], polib.POFile]) -> LengthRatio | None:
    """The length ratio of every release's reviewed (non-fuzzy) pairs in ``lang``, for the
    omission check; None when there are too few (the check then uses its defaults)."""
    pairs: list[tuple[str, str]] = []
    for release in names:
        po = loaded.get((release, lang))
        if po is None:
            path = ws.po_path(release, lang)
            if not path.exists():
                continue
            po = loaded[(release, lang)] = read_po(path)
        pairs.extend(p for e in _translated(po) if "fuzzy" not in e.flags for p in _pairs(e))
    return _meaning.learn_length_ratio(pairs)


#: Below this many catalogs (release × language) a run stays in this process: starting
#: worker processes (about 0.3 s each, plus loading lingua and pymorphy3 again) only pays
#: off for large runs.
PARALLEL_MIN_CATALOGS = 100
# The folder holding the l10n package, for the children's import path.
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent.parent)


def check_catalogs(ws: Workspace, chosen: Sequence[str], known: Sequence[str],
                   langs: Sequence[str] | None = None, *,
                   progress: Callable[[int, int], None] | None = None,
                   workers: int | None = None) -> QAResult:
    """Check every translated entry (fuzzy ones too, labelled) of releases × languages.

    Args:
        ws: The workspace; ``[check] disable = [...]`` turns checks off, other ``[check]``
            keys are options (``quotes.kk = "«»"``, ``spelling.kk = true``,
            ``length.ru = [0.5, 2.5]``).
        chosen: The releases to check (validated names of ingested releases).
        known: Every ingested release: the consistency check compares across all of them.
        langs: Target languages (default: all of the workspace's).
        progress: called with (catalogs checked, catalogs to check); with several worker
            processes, once per language.
        workers: Processes checking languages side by side (default: one per CPU, up to one
            per language, for runs of ``PARALLEL_MIN_CATALOGS`` catalogs or more; else 1).
            The result is the same whatever the number.

    Returns:
        A QAResult: the findings sorted by file and line, plus notes on skipped checks.

    Raises:
        UsageError: an unknown language.
        ConfigError: an unknown check in ``[check] disable``.
        CatalogError: a PO file cannot be read.
    """
    names = _enabled(ws)
    targets = ws.check_targets(list(langs) if langs else None)
    total = len(chosen) * len(targets)
    if workers is None:
        workers = _cpus() if total >= PARALLEL_MIN_CATALOGS else 1
    workers = max(1, min(workers, len(targets)))
    parts = _in_processes(ws, targets, chosen, known, names, workers, progress, total) \
        if workers > 1 else None
    if parts is None:
        glossary = load_glossary(ws.glossary_dir, ws.targets)
        runner = _Runner(names)
        parts, done = [], 0
        for lang in targets:
            def step(n: int) -> None:
                if progress:
                    progress(done + n, total)
            parts.append(_check_language(ws, lang, chosen, known, names, glossary, runner, step))
            done += parts[-1][3]
    findings = [f for part in parts for f in part[0]]
    findings.sort(key=lambda f: (f.file, f.line, names.index(f.check)))
    return QAResult(findings, [s for part in parts for s in part[1]],
                    sum(part[2] for part in parts), tuple(names))


#: One language's (findings, skipped notes, entries checked, catalogs checked).
_Part = tuple[list[Finding], list[str], int, int]


def _check_language(ws: Workspace, lang: str, chosen: Sequence[str], known: Sequence[str],
                    names: Sequence[str], glossary: Glossary, runner: _Runner,
                    step: Callable[[int], None]) -> _Part:
    """Check one language's catalogs; ``step(n)`` after each, with n catalogs done."""
    findings: list[Finding] = []
    skipped: list[str] = []
    loaded: dict[tuple[str, str], polib.POFile] = {}
    entries = 0
    options = _options(ws.check_options, lang)
    base = CheckContext(lang=lang, source_lang=ws.source, langs=ws.targets,
                        glossary=glossary, options=options)
    if "consistency" in names:
        base = replace(base, translations=_translations(ws, lang, known, loaded))
    if "omission" in names:
        base = replace(base, length_ratio=_length_ratio(ws, lang, known, loaded))
    speller = (_speller(lang, options, skipped, ws.glossary_dir)
               if "spelling" in names else None)
    catalogs = [(release, path, loaded.get((release, lang)) or read_po(path))
                for release in chosen
                if (path := ws.po_path(release, lang)).exists()]
    if speller is not None:  # one Hunspell run for the whole language, not one per file
        speller.rejected(w for _, _, po in catalogs for e in _translated(po)
                         for _, t in _pairs(e) for w in _checks.spelling_words(t, lang))
    for done, (release, path, po) in enumerate(catalogs, start=1):
        todo = _translated(po)
        entries += len(todo)
        misspelled = None
        if speller is not None:
            misspelled = _misspelled(speller, todo, lang, glossary)
        ctx = replace(base, release=release, misspelled=misspelled)
        file = _relative(ws, path)
        for entry in todo:  # ctx.msgctxt is None: most entries need no context of their own
            ectx = ctx if entry.msgctxt is None else replace(ctx, msgctxt=entry.msgctxt)
            findings.extend(_check_entry(runner, entry, ectx, file))
        findings.extend(_file_findings(names, po, ctx, file))
        step(done)
    return findings, skipped, entries, len(catalogs)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _language_job(ws: Workspace, lang: str, chosen: Sequence[str], known: Sequence[str],
                  names: Sequence[str]) -> _Part:
    """``_check_language`` in a worker process, with its own glossary and cache."""
    glossary = load_glossary(ws.glossary_dir, ws.targets)
    return _check_language(ws, lang, chosen, known, names, glossary, _Runner(names),
                           lambda n: None)


def _in_processes(ws: Workspace, targets: Sequence[str], chosen: Sequence[str],
                  known: Sequence[str], names: Sequence[str], workers: int,
                  progress: Callable[[int, int], None] | None, total: int
                  ) -> list[_Part] | None:
    """Each language's part, checked in child interpreters (``l10n.qa.worker``), at most
    ``workers`` at a time; None if one failed (the caller then checks in this process, which
    raises the error a bad catalog causes)."""
    lock = threading.Lock()
    done = 0

    def run(lang: str) -> _Part | None:
        nonlocal done
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [_PACKAGE_ROOT, *filter(None, [os.environ.get("PYTHONPATH")])])}
        data = pickle.dumps((ws, lang, list(chosen), list(known), list(names)))
        child = subprocess.run([sys.executable, "-m", "l10n.qa.worker"], input=data,
                               capture_output=True, env=env, check=False)
        status, part = pickle.loads(child.stdout) if child.returncode == 0 else ("error", None)
        if status != "ok" or part is None:
            return None
        with lock:
            done += part[3]
            if progress:
                progress(done, total)
        return cast(_Part, part)

    # Languages without spelling (a Hunspell run) are quicker: start them last, so that
    # the workers finish at about the same time.
    order = sorted(targets, key=lambda lang: "spelling" not in names
                   or _options(ws.check_options, lang).get("spelling") is False)
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = dict(zip(order, pool.map(run, order)))
    except Exception:  # noqa: BLE001  (the in-process run reports the real problem)
        return None
    found = [parts[lang] for lang in targets]
    return None if any(part is None for part in found) else [p for p in found if p]


def _relative(ws: Workspace, path: Path) -> str:
    """``path`` relative to the workspace root, without following symbolic links."""
    try:
        return path.relative_to(ws.root).as_posix()
    except ValueError:
        return ws.relative(path)


def _speller(lang: str, options: Mapping[str, Any], skipped: list[str],
             glossary_dir: Path) -> Speller | None:
    if options.get("spelling") is False:
        why = (" (Debian's kk_KZ dictionary lacks most inflected forms)"
               if lang.startswith("kk") and "spelling" in DEFAULT_OPTIONS else "")
        skipped.append(f"spelling ({lang}): off{why}; enable it with [check] "
                       f"spelling.{lang} = true")
        return None
    speller, why = Speller.for_lang(lang, accepted=accepted_words(glossary_dir, lang))
    if speller is None:
        skipped.append(f"spelling ({lang}): skipped: {why}")
    return speller


def _misspelled(speller: Speller, entries: Sequence[polib.POEntry], lang: str,
                glossary: Glossary) -> frozenset[str]:
    """The words of these entries' translations that the dictionary rejects, less the
    glossary's words in any inflected form (``glossary_form``). Words copied or
    transliterated from an entry's source are the spelling check's to except: they depend
    on the entry."""
    rejected = speller.rejected(w for e in entries for _, t in _pairs(e)
                                for w in _checks.spelling_words(t, lang))
    return frozenset(w for w in rejected if not _checks.glossary_form(w, glossary, lang))


def _check_entry(runner: _Runner, entry: polib.POEntry, ctx: CheckContext,
                 file: str) -> list[Finding]:
    ignored = _ignored(entry)
    fuzzy = "fuzzy" in entry.flags
    if fuzzy:  # a suggestion is not compared with reviewed translations
        ctx = replace(ctx, translations={})
    out = []
    for source, target in _pairs(entry):
        for name, severity, issue in runner.run(source, target, ctx):
            if name in ignored:
                continue
            out.append(Finding(file=file, line=entry.linenum, release=ctx.release,
                               lang=ctx.lang, msgid=entry.msgid, check=name,
                               severity=issue.severity or severity, message=issue.message,
                               fuzzy=fuzzy, translation=target))
    return _mark_accepted(entry, out)


def _file_findings(names: Sequence[str], po: polib.POFile, ctx: CheckContext,
                   file: str) -> list[Finding]:
    """The findings of the checks on a whole file (``headers.py``), at its header's line."""
    found = (_headers.language_header_issue(po, ctx.lang)
             if _headers.LANGUAGE_HEADER in names else None)
    if found is None:
        return []
    line, issue = found
    return [Finding(file=file, line=line, release=ctx.release, lang=ctx.lang, msgid="",
                    check=_headers.LANGUAGE_HEADER, message=issue.message,
                    severity=issue.severity or REGISTRY[_headers.LANGUAGE_HEADER].info.severity)]


def _mark_accepted(entry: polib.POEntry, findings: list[Finding]) -> list[Finding]:
    """The findings, those of checks a reviewer accepted for this msgstr marked so."""
    accepted = accepted_checks(entry) if findings else set()
    return [replace(f, accepted=True) if f.check in accepted else f for f in findings]

