"""Pre-translation: fill untranslated entries with fuzzy suggestions from memory, then MT.

For each untranslated entry: the translation memory's exact match, else its best fuzzy
match above the threshold, else the language's engine chain (default: the offline
engine only). Machine output is checked (language, script, length, placeholders, the
glossary) before it is written, always as ``fuzzy`` with a ``#.`` note naming its
origin. A translator's msgstr, fuzzy or not, is never replaced. Engine results are
cached as soon as they arrive, so an interrupted or failed run costs nothing to rerun.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from l10n.catalog.entries import (
    NOTE_PREFIXES,
    add_notes,
    clear_notes,
    comment_lines,
    is_stale_suggestion,
    set_hints,
)
from l10n.catalog.pofile import format_po, parse_po
from l10n.documents.base import PLACEHOLDER_RE
from l10n.engines import (
    ENGINES,
    EngineError,
    EngineSettings,
    Robust,
    UnsupportedLanguage,
    get_engine,
)
from l10n.glossary.csvfile import load_glossary
from l10n.glossary.enforce import mask, unmask, verify
from l10n.glossary.model import Glossary
from l10n.memory.mtcache import MTCache
from l10n.memory.tm import TranslationMemory
from l10n.qa.langid import is_language, script_of
from l10n.workspace.config import Workspace, chosen_releases
from l10n.workspace.errors import UsageError
from l10n.workspace.fsutil import atomic_write_many, display_path, workspace_lock

Progress = Callable[[int, int], None]
BATCH = 16  # texts per engine call: a failure loses little, progress moves steadily
_LETTER_RE = re.compile(r"[^\W\d_]")
_SCRIPTS = {"kk": "Cyrillic", "ru": "Cyrillic", "uk": "Cyrillic", "be": "Cyrillic",
            "bg": "Cyrillic", "fr": "Latin", "en": "Latin", "de": "Latin", "es": "Latin"}
# What providers are known to return with HTTP 200 in place of a translation.
_ENGINE_MESSAGE_RE = re.compile(
    r"MYMEMORY WARNING|YOU USED ALL AVAILABLE FREE TRANSLATIONS|QUERY LENGTH LIMIT|"
    r"INVALID LANGUAGE PAIR|PLEASE SELECT TWO DISTINCT LANGUAGES|NO QUERY SPECIFIED|"
    r"TOO MANY REQUESTS|API ?KEY (?:IS )?(?:INVALID|MISSING|REQUIRED)", re.IGNORECASE)


@dataclass
class Outcome:
    """What pre-translation did for one release in one language."""

    release: str
    lang: str
    path: Path
    untranslated: int = 0
    tm_exact: int = 0
    tm_fuzzy: int = 0
    machine: int = 0
    left: int = 0


@dataclass
class EngineUse:
    """What was (or, in a dry run, would be) sent to one engine for one language."""

    engine: str
    lang: str
    segments: int = 0
    chars: int = 0
    requests: int = 0


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    sent: list[EngineUse] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # why suggestions were refused
    unusable: list[str] = field(default_factory=list)  # engines that could not be used
    problems: list[str] = field(default_factory=list)  # engines that failed during the run
    dry_run: bool = False

    @property
    def left(self) -> int:
        return sum(o.left for o in self.outcomes)


@dataclass
class _Suggestion:
    text: str
    notes: list[str]


def pretranslate(ws: Workspace, releases: Sequence[str] = (), *,
                 langs: Sequence[str] | None = None, engine: str | None = None,
                 dry_run: bool = False, settings: EngineSettings | None = None,
                 progress: Progress | None = None) -> Report:
    """Suggest translations for every untranslated entry of the given releases.

    Args:
        releases: release names (default: every ingested release).
        langs: target languages (default: all of the workspace's).
        engine: use only this engine instead of the configured chains.
        dry_run: send nothing and write nothing; report what would be sent.
        settings: engine keys and URLs (default: from the environment and config).
        progress: called with (segments done, segments to do) during MT.

    Returns:
        What was done per release and language, and what engines were sent.
    """
    if engine is not None and engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: choose one of "
                         f"{', '.join(sorted(ENGINES))} (see 'l10n engines')")
    names = chosen_releases(ws, releases)
    settings = settings or EngineSettings.from_env(dict(ws.engine_options))
    report = Report(dry_run=dry_run)
    with workspace_lock(ws.root):
        glossary = load_glossary(ws.glossary_dir, ws.targets)
        with TranslationMemory(ws.tm_path) as tm, MTCache(ws.mt_cache_path) as cache:
            tm.refresh_from_po(_all_catalogs(ws), source_lang=ws.source, root=ws.root)
            for lang in ws.check_targets(list(langs) if langs else None):
                chain = (engine,) if engine else ws.chain(lang)
                _language(ws, names, lang, chain, glossary, tm, cache, settings, report,
                          progress)
    return report


def _all_catalogs(ws: Workspace) -> list[Path]:
    return sorted(ws.locales_dir.glob("*/LC_MESSAGES/*.po"))


def _language(ws: Workspace, names: Sequence[str], lang: str, chain: Sequence[str],
              glossary: Glossary, tm: TranslationMemory, cache: MTCache,
              settings: EngineSettings, report: Report, progress: Progress | None) -> None:
    catalogs: list[tuple[Outcome, polib.POFile, bytes]] = []
    wanted: dict[str, list[polib.POEntry]] = {}
    suggested: set[int] = set()  # ids of the entries this run gives a suggestion
    for release in names:
        path = ws.po_path(release, lang)
        if not path.exists():
            raise UsageError(f"no catalog {ws.relative(path)}: run 'l10n ingest' first")
        data = path.read_bytes()
        po = parse_po(display_path(path), data)
        outcome = Outcome(release, lang, path)
        catalogs.append((outcome, po, data))
        for entry in po:
            if entry.obsolete:
                continue
            set_hints(entry, glossary.hints(entry.msgid, lang))
            if _needs_suggestion(entry):
                outcome.untranslated += 1
                if _from_memory(tm, ws.source, lang, ws.tm_threshold, entry, outcome):
                    suggested.add(id(entry))
                else:
                    wanted.setdefault(entry.msgid, []).append(entry)
    found = _machine(ws, list(wanted), lang, chain, glossary, cache, settings, report,
                     progress)
    machine = {id(entry) for msgid in found for entry in wanted[msgid]}
    suggested |= machine
    for msgid, suggestion in found.items():
        for entry in wanted[msgid]:
            _suggest(entry, suggestion.text, suggestion.notes)
    writes = []
    for outcome, po, data in catalogs:
        outcome.machine = sum(1 for e in po if id(e) in machine)
        if not report.dry_run:
            current = outcome.path.read_bytes()
            if current != data:
                po = _onto_current(outcome.path, po, current, suggested, glossary, lang)
            text = format_po(po)
            if text.encode("utf-8") != current:
                writes.append((outcome.path, text))
        outcome.left = sum(1 for e in po if not e.obsolete and _needs_suggestion(e))
        report.outcomes.append(outcome)
    atomic_write_many(writes)


def _onto_current(path: Path, po: polib.POFile, current: bytes, suggested: set[int],
                  glossary: Glossary, lang: str) -> polib.POFile:
    """The file a translator saved while engines were working, with our suggestions added
    only where it is still untranslated."""
    ours = {(e.msgctxt, e.msgid): e for e in po if id(e) in suggested}
    fresh = parse_po(display_path(path), current)
    for entry in fresh:
        if entry.obsolete:
            continue
        set_hints(entry, glossary.hints(entry.msgid, lang))
        mine = ours.get((entry.msgctxt, entry.msgid))
        if mine is not None and _needs_suggestion(entry):
            _suggest(entry, mine.msgstr, [line for line in comment_lines(mine)
                                          if line.startswith(NOTE_PREFIXES)])
    return fresh


def _needs_suggestion(entry: polib.POEntry) -> bool:
    """No msgstr at all, or only a suggestion made for the sentence before it changed.

    Plural entries are left to translators. A msgstr a translator wrote or kept,
    fuzzy or not, is never touched.
    """
    if entry.msgid_plural or not entry.msgid:
        return False
    return not entry.msgstr or is_stale_suggestion(entry)


def _suggest(entry: polib.POEntry, text: str, notes: list[str]) -> None:
    clear_notes(entry)
    entry.msgstr = text
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    add_notes(entry, notes)


def _from_memory(tm: TranslationMemory, source: str, lang: str, threshold: int,
                 entry: polib.POEntry, outcome: Outcome) -> bool:
    exact = tm.exact(entry.msgid, source_lang=source, target_lang=lang)
    if exact is not None:
        _suggest(entry, exact, ["suggestion: tm 100"])
        outcome.tm_exact += 1
        return True
    matches = tm.fuzzy(entry.msgid, source_lang=source, target_lang=lang,
                       threshold=threshold, limit=1)
    if matches and _same_placeholders(entry.msgid, matches[0].target):
        _suggest(entry, matches[0].target, [f"suggestion: tm {matches[0].score}"])
        outcome.tm_fuzzy += 1
        return True
    return False


def _machine(ws: Workspace, texts: list[str], lang: str, chain: Sequence[str],
             glossary: Glossary, cache: MTCache, settings: EngineSettings, report: Report,
             progress: Progress | None) -> dict[str, _Suggestion]:
    """Translate ``texts`` with the first engine of the chain that gives valid output."""
    found: dict[str, _Suggestion] = {}
    pending = [t for t in texts if _LETTER_RE.search(PLACEHOLDER_RE.sub("", t))]
    for name in chain:
        if not pending:
            break
        info = ENGINES[name].info(settings.engine(name))
        if not info.available:
            report.unusable.append(f"{lang}: {name} cannot be used: {info.reason}")
            continue
        try:
            engine = Robust(get_engine(name, settings))
        except EngineError as exc:
            report.unusable.append(f"{lang}: {name} cannot be used: {exc}")
            continue
        use = EngineUse(name, lang)
        report.sent.append(use)
        session = _Session(ws.source, lang, engine, name, cache, use, report.dry_run)
        raw = session.translate(pending, progress)
        if report.dry_run:
            break  # what the first usable engine would be sent is the answer
        checked = _check_all(session, glossary, raw, report)
        found.update(checked)
        if session.unsupported:
            report.unusable.append(f"{lang}: {session.unsupported}")
        elif session.failure:
            report.problems.append(f"{lang}: {session.failure}")
        pending = [t for t in pending if t not in found]
    return found


class _Session:
    """One engine for one language pair, behind the persistent cache."""

    def __init__(self, source: str, target: str, engine: Robust, name: str, cache: MTCache,
                 use: EngineUse, dry_run: bool) -> None:
        self.source, self.target, self.engine, self.name = source, target, engine, name
        self.cache, self.use, self.dry_run = cache, use, dry_run
        self.fingerprint = engine.fingerprint()
        self.failure = ""
        self.unsupported = ""

    def translate(self, texts: Sequence[str],
                  progress: Progress | None = None) -> dict[str, str]:
        """Cached translations of ``texts``, asking the engine only for the others."""
        done = self.cache.get_many(self.name, self.fingerprint, self.source, self.target, texts)
        todo = [t for t in dict.fromkeys(texts) if t not in done]
        self.use.segments += len(todo)
        self.use.chars += sum(len(t) for t in todo)
        if self.dry_run or not todo:
            return done
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            before = self.engine.stats.requests
            try:
                out = self.engine.translate(batch, source=self.source, target=self.target)
            except UnsupportedLanguage as exc:
                self.unsupported = str(exc)
                break
            except EngineError as exc:
                self.failure = f"{exc}; {len(todo) - start} segments not translated"
                break
            finally:
                self.use.requests += self.engine.stats.requests - before
            fresh = dict(zip(batch, out))
            self.cache.put_many(self.name, self.fingerprint, self.source, self.target, fresh)
            done.update(fresh)
            if progress:
                progress(start + len(batch), len(todo))
        return done


def _check_all(session: _Session, glossary: Glossary, raw: dict[str, str],
               report: Report) -> dict[str, _Suggestion]:
    """Validate each machine translation and enforce the glossary on it."""
    accepted: dict[str, _Suggestion] = {}
    needs_mask: dict[str, tuple[str, list]] = {}
    candidates = (session.source, session.target)
    # One answer to several different sentences is a provider's message, not a translation.
    answers = Counter(t.strip() for s, t in raw.items() if len(s.split()) >= 3)
    for source, target in raw.items():
        problem = _problem(source, target, session.target, candidates, session.name)
        if not problem and len(source.split()) >= 3 and answers[target.strip()] > 1:
            problem = "the same answer for different sentences"
        if problem:
            report.rejected.append(f"{session.target} {session.name}: {problem}: "
                                   f"{_short(source)}")
            continue
        if session.name == "pseudo":  # layout testing: no language to verify
            accepted[source] = _Suggestion(target, [f"suggestion: mt {session.name}"])
            continue
        checked = verify(glossary, source, target, session.target)
        if checked.missing:
            needs_mask[source] = (checked.text, checked.missing)
        else:
            accepted[source] = _Suggestion(checked.text,
                                           [f"suggestion: mt {session.name}", *checked.notes])
    if needs_mask:
        masked = {source: mask(source, missing) for source, (_, missing) in needs_mask.items()}
        outputs = session.translate(list(masked.values()))
        for source, (_, missing) in needs_mask.items():
            restored = unmask(glossary, outputs.get(masked[source], ""), missing,
                              session.target)
            if restored is None:
                report.rejected.append(f"{session.target} {session.name}: glossary term "
                                       f"could not be enforced: {_short(source)}")
                continue
            text, notes = restored
            accepted[source] = _Suggestion(text, [f"suggestion: mt {session.name}", *notes])
    return accepted


def _problem(source: str, target: str, lang: str, candidates: Iterable[str],
             engine: str) -> str | None:
    """Why a machine translation must not be written, or None."""
    if not target.strip():
        return "empty translation"
    if not _same_placeholders(source, target):
        return "placeholders or markup changed"
    if engine == "pseudo":
        return None
    if target.strip() == source.strip() and _LETTER_RE.search(source):
        return "identical to the source"
    if _ENGINE_MESSAGE_RE.search(target):
        return "an engine's message, not a translation"
    expected = _SCRIPTS.get(lang.split("_")[0])
    if expected and len(source.split()) >= 3 and script_of(target) != expected:
        return f"not in the {expected} script"
    if len(source) >= 20 and not 0.33 <= len(target) / len(source) <= 3.0:
        return "absurd length"
    if is_language(PLACEHOLDER_RE.sub(" ", target), lang, list(candidates)) is False:
        return f"not in {lang}"
    return None


def _same_placeholders(source: str, target: str) -> bool:
    return Counter(PLACEHOLDER_RE.findall(source)) == Counter(PLACEHOLDER_RE.findall(target))


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
