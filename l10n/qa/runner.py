"""Run the registered QA checks over the translated entries of given releases' PO files."""

from __future__ import annotations

import gc
import os
import pickle
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import IO, Any, cast

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
from l10n.workspace.errors import CatalogError, ConfigError

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


#: What the other files' checks need of one catalog: (msgctxt, msgid, plural?, pairs) of
#: each reviewed (translated, non-fuzzy) entry.
_Summary = list[tuple[str | None, str, bool, list[tuple[str, str]]]]
#: One language's (translations, length ratio): see ``CheckContext``.
_Shared = tuple[dict[tuple[str | None, str], dict[str, list[str]]], LengthRatio | None]


def _summary(po: polib.POFile) -> _Summary:
    return [(e.msgctxt, e.msgid, bool(e.msgid_plural), _pairs(e))
            for e in _translated(po) if "fuzzy" not in e.flags]


def _translations(summaries: Sequence[tuple[str, _Summary]]
                  ) -> dict[tuple[str | None, str], dict[str, list[str]]]:
    """(msgctxt, msgid) -> {translation, whitespace normalised: releases} over the
    (release, summary) of every release's catalog."""
    out: dict[tuple[str | None, str], dict[str, list[str]]] = {}
    for release, summary in summaries:
        for msgctxt, msgid, plural, pairs in summary:
            if plural:
                continue
            variants = out.setdefault((msgctxt, msgid), {})
            variants.setdefault(" ".join(pairs[0][1].split()), []).append(release)
    return out


def _shared(names: Sequence[str], summaries: Sequence[tuple[str, _Summary]]) -> _Shared:
    """What the consistency and omission checks learn from every release of one language:
    the translations of each source and the length ratio of the reviewed pairs (None when
    there are too few: omission then uses its defaults)."""
    translations = _translations(summaries) if "consistency" in names else {}
    ratio = (_meaning.learn_length_ratio(p for _, summary in summaries
                                         for *_, pairs in summary for p in pairs)
             if "omission" in names else None)
    return translations, ratio


def _needs_all(names: Sequence[str]) -> bool:
    """Whether the checks compare a catalog with every release's (consistency, omission)."""
    return "consistency" in names or "omission" in names


#: Below this many catalogs (release × language) a run stays in this process: a worker
#: (a child interpreter: about 0.3 s to start, plus loading lingua and pymorphy3 again; a
#: forked one: the rehearsal of ``_rehearse`` first) only pays off for large runs.
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
        progress: called with (catalogs checked, catalogs to check).
        workers: Processes sharing the releases (default: one per CPU for runs of
            ``PARALLEL_MIN_CATALOGS`` catalogs or more; else 1). The result is the same
            whatever the number.

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
    workers = max(1, min(workers, len(chosen)))
    with _settled_heap():
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
                parts.append(_check_language(ws, lang, chosen, known, names, glossary, runner,
                                             step))
                done += parts[-1][3]
    findings = [f for part in parts for f in part[0]]
    findings.sort(key=lambda f: (f.file, f.line, names.index(f.check)))
    return QAResult(findings, [s for part in parts for s in part[1]],
                    sum(part[2] for part in parts), tuple(names))


@contextmanager
def _settled_heap() -> Iterator[None]:
    """Within it, ``_check_files`` may ``gc.freeze()`` what was allocated so far: the parsed
    catalogs, hundreds of thousands of long-lived objects that the garbage collector would
    otherwise walk again at each full collection (a fifth of a large run's time). They are
    unfrozen on the way out. Does nothing if the caller froze objects itself."""
    global _FREEZE
    mine = gc.get_freeze_count() == 0 and not _FREEZE
    _FREEZE = _FREEZE or mine
    try:
        yield
    finally:
        if mine:
            _FREEZE = False
            gc.unfreeze()


# Whether ``_check_files`` may freeze the heap (inside ``_settled_heap``, or in a worker).
_FREEZE = False


def _read(path: Path) -> polib.POFile:
    """``read_po``, and inside ``_settled_heap`` the heap frozen at once: the collector
    would otherwise walk every catalog read so far again at each full collection while the
    rest are read (a tenth of the reading time of a large run)."""
    po = read_po(path)
    if _FREEZE:
        gc.freeze()
    return po


#: One language's (findings, skipped notes, entries checked, catalogs checked).
_Part = tuple[list[Finding], list[str], int, int]
#: A catalog to check: (release, path, parsed file).
_Catalog = tuple[str, Path, polib.POFile]


def _check_language(ws: Workspace, lang: str, chosen: Sequence[str], known: Sequence[str],
                    names: Sequence[str], glossary: Glossary, runner: _Runner,
                    step: Callable[[int], None]) -> _Part:
    """Check one language's catalogs; ``step(n)`` after each, with n catalogs done."""
    loaded: dict[str, polib.POFile] = {}
    summaries = []
    if _needs_all(names):
        for release in known:
            path = ws.po_path(release, lang)
            if path.exists():
                loaded[release] = _read(path)
                summaries.append((release, _summary(loaded[release])))
    catalogs = [(release, path, loaded.get(release) or _read(path))
                for release in chosen
                if (path := ws.po_path(release, lang)).exists()]
    return _check_files(ws, lang, names, glossary, runner, catalogs,
                        _shared(names, summaries), step)


def _check_files(ws: Workspace, lang: str, names: Sequence[str], glossary: Glossary,
                 runner: _Runner, catalogs: Sequence[_Catalog], shared: _Shared,
                 step: Callable[[int], None]) -> _Part:
    """Check catalogs of one language, given what was learned from all of its releases."""
    if _FREEZE:
        gc.freeze()  # see _settled_heap
    findings: list[Finding] = []
    skipped: list[str] = []
    entries = 0
    options = _options(ws.check_options, lang)
    base = CheckContext(lang=lang, source_lang=ws.source, langs=ws.targets,
                        glossary=glossary, options=options)
    if "consistency" in names:
        base = replace(base, translations=shared[0])
    if "omission" in names:
        base = replace(base, length_ratio=shared[1])
    speller = (_speller(lang, options, skipped, ws.glossary_dir)
               if "spelling" in names else None)
    if speller is not None:  # one Hunspell run for the whole language, not one per file
        base = replace(base, misspelled=_misspelled(speller, catalogs, lang, glossary))
    for done, (release, path, po) in enumerate(catalogs, start=1):
        todo = _translated(po)
        entries += len(todo)
        ctx = replace(base, release=release)
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


class _Share:
    """One worker's share of a run: (language, releases to check, other releases to read)
    parts, in the order of the languages.

    The parent (``_in_processes``) and the child (``l10n.qa.worker``) talk in two rounds:
    ``read`` parses the share's catalogs and returns the summaries the cross-release checks
    need; the parent gathers them from every worker and sends back each language's
    ``_Shared``; ``check`` then checks the share's chosen catalogs. A ``local`` language,
    one no other share has, is summed up by the share itself (in ``known`` order, as the
    parent would): its summaries never cross a pipe.
    """

    def __init__(self, ws: Workspace, names: Sequence[str],
                 parts: Sequence[tuple[str, list[str], list[str]]],
                 known: Sequence[str] = (), local: Collection[str] = ()) -> None:
        self.ws, self.names, self.parts = ws, list(names), list(parts)
        self.known, self.local = list(known), set(local)
        self.loaded: dict[tuple[str, str], polib.POFile] = {}
        self.summaries: dict[tuple[str, str], _Summary] = {}  # of the local languages

    def read(self) -> dict[tuple[str, str], _Summary]:
        """Parse the catalogs; (release, lang) -> summary (every catalog of the share's
        languages that are not local if the checks compare across releases, else none)."""
        out: dict[tuple[str, str], _Summary] = {}
        for lang, chosen, others in self.parts:
            for release in chosen + others if _needs_all(self.names) else chosen:
                path = self.ws.po_path(release, lang)
                if path.exists():
                    po = self.loaded[(release, lang)] = _read(path)
                    if _needs_all(self.names):
                        mine = self.summaries if lang in self.local else out
                        mine[(release, lang)] = _summary(po)
        return out

    def check(self, shared: Mapping[str, _Shared], step: Callable[[int], None]
              ) -> dict[str, _Part]:
        """Each language's part of the share's chosen catalogs; ``step(1)`` after each."""
        glossary = load_glossary(self.ws.glossary_dir, self.ws.targets)
        runner = _Runner(self.names)
        out = {}
        for lang, chosen, _ in self.parts:
            catalogs = [(release, self.ws.po_path(release, lang), self.loaded[(release, lang)])
                        for release in chosen if (release, lang) in self.loaded]
            learned = _shared(self.names, [(r, self.summaries[(r, lang)]) for r in self.known
                                           if (r, lang) in self.summaries]) \
                if lang in self.local else shared[lang]
            out[lang] = _check_files(self.ws, lang, self.names, glossary, runner, catalogs,
                                     learned, lambda n: step(1))
        return out

    def keys(self, summaries: Mapping[tuple[str, str], _Summary]
             ) -> dict[str, set[tuple[str | None, str]]]:
        """Per language, the (msgctxt, source) the consistency check will look up."""
        return {lang: {(msgctxt, source) for release in chosen
                       for msgctxt, _, _, pairs in summaries.get((release, lang), [])
                       for source, _ in pairs}
                for lang, chosen, _ in self.parts if lang not in self.local}


#: How much more a catalog costs to check when its language is spell-checked (measured on
#: the bench corpus: about a quarter more).
SPELLING_WEIGHT = 1.25


def _shares(targets: Sequence[str], chosen: Sequence[str], others: Sequence[str],
            workers: int, spelled: Callable[[str], bool] = lambda lang: False
            ) -> list[list[tuple[str, list[str], list[str]]]]:
    """The catalogs to check (language by language, release by release) cut into
    ``workers`` consecutive runs of nearly equal cost (``spelled(lang)``: the language is
    spell-checked), each as (language, releases to
    check, other releases to read) parts. A language is split between two workers at most,
    so that few sentences are checked twice (each worker caches its own results); its other
    releases go to the first worker that has it."""
    units = [(lang, release) for lang in targets for release in chosen]
    # A catalog whose language is spell-checked costs more (Hunspell, glossary forms).
    weights = [SPELLING_WEIGHT if spelled(lang) else 1.0 for lang, _ in units]
    cuts, total, run = [0], sum(weights), 0.0
    for n, weight in enumerate(weights, start=1):
        run += weight
        if len(cuts) < workers and run >= total * len(cuts) / workers:
            cuts.append(n)
    cuts += [len(units)] * (workers + 1 - len(cuts))
    out = []
    given: set[str] = set()
    for i in range(workers):
        parts: list[tuple[str, list[str], list[str]]] = []
        for lang, release in units[cuts[i]:cuts[i + 1]]:
            if not parts or parts[-1][0] != lang:
                parts.append((lang, [], [] if lang in given else list(others)))
                given.add(lang)
            parts[-1][1].append(release)
        out.append(parts)
    return out


def _in_processes(ws: Workspace, targets: Sequence[str], chosen: Sequence[str],
                  known: Sequence[str], names: Sequence[str], workers: int,
                  progress: Callable[[int, int], None] | None, total: int
                  ) -> list[_Part] | None:
    """Each language's part, the catalogs shared among this process and ``workers - 1``
    child interpreters (``l10n.qa.worker``); None if one failed (the caller then checks in
    this process, which raises the error a bad catalog causes)."""
    others = [r for r in known if r not in set(chosen)]
    def spelled(lang: str) -> bool:
        return "spelling" in names and _options(ws.check_options, lang).get("spelling") is not False

    cut = _shares(targets, chosen, others, workers, spelled)
    holders = {lang: sum(any(part[0] == lang for part in parts) for parts in cut)
               for lang in targets}
    shares = [_Share(ws, names, parts, known,
                     local={part[0] for part in parts if holders[part[0]] == 1})
              for parts in cut]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [_PACKAGE_ROOT, *filter(None, [os.environ.get("PYTHONPATH")])])}
    # This process takes the first share itself: one interpreter fewer to start.
    children: list[_Child | _Here] = [_Here(shares[0])]
    forked: list[_Child] = []
    fork = _can_fork()
    if fork:  # the languages several workers check: each would load the same
        _rehearse(ws, names, [lang for lang in targets if holders[lang] > 1], chosen[0])
    for share in shares[1:]:
        forked.append(_Forked(share, forked) if fork else _Child(share, env))
    children.extend(forked)
    lock = threading.Lock()
    done = 0

    def step(n: int) -> None:
        nonlocal done
        with lock:
            done += n
            if progress:
                progress(done, total)

    def check(child: _Child | _Here) -> object:
        keys = child.share.keys(summaries)
        return child.ask(("check", {lang: ({k: shared[lang][0][k] for k in keys[lang]
                                            if k in shared[lang][0]}, shared[lang][1])
                                    for lang in keys}), step)

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            read = list(pool.map(lambda c: c.ask(("read",), None), children))
            if any(r is None for r in read):
                return None
            summaries: dict[tuple[str, str], _Summary] = {}
            for part in read:
                summaries.update(cast(dict[tuple[str, str], _Summary], part))
            shared = {lang: _shared(names, [(r, summaries[(r, lang)]) for r in known
                                            if (r, lang) in summaries])
                      for lang in targets if holders[lang] > 1}
            checked = cast(list[dict[str, _Part] | None], list(pool.map(check, children)))
    except Exception:  # noqa: BLE001  (the in-process run reports the real problem)
        return None
    finally:
        for child in children:
            child.close()
    parts = []
    for lang in targets:
        mine = [c[lang] for c in checked if c is not None and lang in c]
        if any(c is None for c in checked) or not mine:
            return None
        # Every worker with a language notes the same skipped checks: keep the first's.
        parts.append(([f for p in mine for f in p[0]], mine[0][1],
                      sum(p[2] for p in mine), sum(p[3] for p in mine)))
    return parts


class _Here:
    """A ``_Share`` checked in this process, asked like a ``_Child``."""

    def __init__(self, share: _Share) -> None:
        self.share = share

    def ask(self, request: tuple[Any, ...], step: Callable[[int], None] | None) -> object:
        if request[0] == "read":
            return self.share.read()
        return self.share.check(request[1], step or (lambda n: None))

    def close(self) -> None:
        pass


class _Child:
    """A worker process (``python -m l10n.qa.worker``) holding one ``_Share``."""

    def __init__(self, share: _Share, env: dict[str, str]) -> None:
        self.share = share
        self.process = subprocess.Popen(
            [sys.executable, "-m", "l10n.qa.worker"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        self.requests = cast(IO[bytes], self.process.stdin)
        self.answers = cast(IO[bytes], self.process.stdout)
        self.failed = False
        self.send(share)

    def send(self, message: object) -> None:
        pickle.dump(message, self.requests, protocol=pickle.HIGHEST_PROTOCOL)
        self.requests.flush()

    def ask(self, request: tuple[Any, ...], step: Callable[[int], None] | None) -> object:
        """Send a request; the child's answer (None if it failed), calling ``step`` with
        each progress message on the way."""
        if self.failed:
            return None
        self.send(request)
        while True:
            try:
                status, value = pickle.load(self.answers)
            except (EOFError, pickle.UnpicklingError):
                status, value = "error", None
            if status == "progress" and step:
                step(value)
            elif status != "progress":
                break
        if status != "ok":
            self.failed = True
            return None
        return value

    def close(self) -> None:
        for pipe in (self.requests, self.answers):
            pipe.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class _Forked(_Child):
    """A worker forked from this process, holding one ``_Share``: no interpreter to start
    and no modules to import again, and what this process has loaded is shared (copy on
    write). Only where ``_can_fork`` says so."""

    def __init__(self, share: _Share, siblings: Sequence[_Child]) -> None:
        self.share = share
        self.failed = False
        down, to_child = os.pipe()
        from_child, up = os.pipe()
        if _FREEZE:
            gc.freeze()  # the collector would touch (and so copy) every inherited object
        pid = os.fork()
        if pid == 0:  # the child: serve the share, then leave without unwinding the caller
            code = 1
            try:
                for fd in (to_child, from_child, *(f for c in siblings
                                                   for f in (c.requests.fileno(),
                                                             c.answers.fileno()))):
                    os.close(fd)
                code = serve(share, os.fdopen(down, "rb"), os.fdopen(up, "wb"))
            finally:
                os._exit(code)
        os.close(down)
        os.close(up)
        self.pid = pid
        self.requests = os.fdopen(to_child, "wb")
        self.answers = os.fdopen(from_child, "rb")

    def close(self) -> None:
        for pipe in (self.requests, self.answers):
            pipe.close()
        if os.waitpid(self.pid, os.WNOHANG) == (0, 0):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)


def _rehearse(ws: Workspace, names: Sequence[str], targets: Sequence[str],
              release: str) -> None:
    """Check one release's catalogs in ``targets``, the results thrown away, before workers
    are forked: what the checks of these languages load on first use (language models, the
    glossary's rendering patterns, the morphology dictionary) and what they cache per
    sentence is then loaded once and shared by the workers, instead of once in each.
    Changes no finding: these caches are of pure functions of their arguments."""
    glossary = load_glossary(ws.glossary_dir, ws.targets)
    runner = _Runner([n for n in names if not REGISTRY[n].per_file])
    for lang in targets:
        ctx = CheckContext(lang=lang, source_lang=ws.source, langs=ws.targets,
                           glossary=glossary, options=_options(ws.check_options, lang))
        path = ws.po_path(release, lang)
        try:
            entries = _translated(read_po(path)) if path.exists() else []
        except CatalogError:
            return  # the run itself reports it
        for entry in entries:
            for source, target in _pairs(entry):
                runner.run(source, target, ctx)


def _can_fork() -> bool:
    """Whether workers may be forked: on Linux, from a process running no other thread (a
    lock another thread held at the fork would stay locked in the child for ever)."""
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


def serve(share: _Share, requests: IO[bytes], answers: IO[bytes]) -> int:
    """Answer the requests of ``check_catalogs`` about one share, in a worker process.

    Reads pickled requests from ``requests`` until it ends and writes pickled ``(status,
    value)`` answers to ``answers`` (see ``l10n.qa.worker``). Returns the exit status: 0,
    or 1 after answering ``("error", description)`` to a failure.
    """
    def send(status: str, value: object) -> None:
        pickle.dump((status, value), answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()

    try:
        with _settled_heap():
            while True:
                try:
                    request = pickle.load(requests)
                except EOFError:
                    return 0
                if request[0] == "read":
                    send("ok", share.read())
                else:
                    send("ok", share.check(request[1], lambda n: send("progress", n)))
    except Exception as exc:  # noqa: BLE001  (the parent re-runs in process and raises it)
        send("error", repr(exc))
        return 1


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


def _misspelled(speller: Speller, catalogs: Sequence[_Catalog], lang: str,
                glossary: Glossary) -> frozenset[str]:
    """The words of these catalogs' translations that the dictionary rejects, less the
    glossary's words in any inflected form (``glossary_form``). Words copied or
    transliterated from an entry's source are the spelling check's to except: they depend
    on the entry. (The spelling check only looks up its translation's words, so one set
    for all the files of a language flags what a set per file would.)"""
    texts = dict.fromkeys(t for _, _, po in catalogs for e in _translated(po)
                          for _, t in _pairs(e))
    rejected = speller.rejected(w for t in texts for w in _checks.spelling_words(t, lang))
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

