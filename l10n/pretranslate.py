"""Pre-translation: fill untranslated entries with fuzzy suggestions from memory, then MT.

For each untranslated entry: the translation memory's exact match, else its best fuzzy
match above the threshold, else the language's engine chain (default: the offline
engine only). Machine output is checked (language, script, length, placeholders, the
glossary) before it is written, always as ``fuzzy`` with a ``#.`` note naming its
origin. A translator's msgstr, fuzzy or not, is never replaced. Engine results are
cached as soon as they arrive, so an interrupted or failed run costs nothing to rerun.

Machine answers are held to their own source (numbers, addresses, placeholders, names,
length: `l10n.engines.answers`) and to the target language against every language of the
workspace and the source (`l10n.qa.langid.answer_language`); a provider's notice is never
written. One failing sentence costs only itself: `Robust.translate_each` isolates it, and
the report names it by file:line with the engine's reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from l10n.catalog.entries import (
    NOTE_PREFIXES,
    SUGGESTION,
    add_notes,
    clear_notes,
    comment_lines,
    drop_stale_notes,
    is_stale_suggestion,
    is_unconfirmed_suggestion,
    set_hints,
    suggestion_note,
    suggestion_origin,
)
from l10n.catalog.pofile import format_po, layout_of, parse_po
from l10n.catalog.states import Status
from l10n.documents.base import PLACEHOLDER_RE
from l10n.engines import (
    ENGINES,
    EngineError,
    EngineSettings,
    RejectedAnswer,
    Robust,
    UnsupportedLanguage,
    get_engine,
)
from l10n.engines.answers import mismatch, only_names
from l10n.engines.context import Context, Release
from l10n.glossary.csvfile import load_glossary
from l10n.glossary.enforce import mask, unmask, verify
from l10n.glossary.model import Glossary
from l10n.memory.mtcache import MTCache
from l10n.memory.tm import TranslationMemory
from l10n.qa.langid import answer_language, is_language, script_of
from l10n.status import state_of
from l10n.workspace.config import Workspace, chosen_releases
from l10n.workspace.errors import UsageError
from l10n.workspace.fsutil import atomic_write_many, display_path, workspace_lock

Progress = Callable[[int, int], None]
BATCH = 16  # texts per engine call: a failure loses little, progress moves steadily
EXAMPLES_THRESHOLD = 50  # memory matches this close are shown to engines that take examples
_LETTER_RE = re.compile(r"[^\W\d_]")
_WORDS_RE = re.compile(r"[^\W\d_]{2,}")
_MISREAD = "not in "  # how _problem's language verdicts begin
#: Answers in another language, at least this many and more than those accepted, before an
#: engine's answers too short to judge are refused too.
MISREAD_MIN = 3
# Not words to translate: glossary masks ([X0X]), our placeholders, printf-style variables.
_NOT_WORDS_RE = re.compile(r"\[\s*X\s*\d+\s*X\s*\]|</?\d+/?>|%(?:\(\w+\))?[-+ #0]*\d*(?:\.\d+)?"
                           r"(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfFgGcrs%]")
_SCRIPTS = {"kk": "Cyrillic", "ru": "Cyrillic", "uk": "Cyrillic", "be": "Cyrillic",
            "bg": "Cyrillic", "fr": "Latin", "en": "Latin", "de": "Latin", "es": "Latin"}


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
    left: int = 0  # untranslated after the run, as 'l10n status' counts them
    replaced: int = 0  # of the suggestions written, those replacing an earlier suggestion
    cleared: int = 0  # unconfirmed suggestions removed (--clear)
    waiting: int = 0  # entries still wanting a suggestion (untranslated, or stale ones)
    converted_from: str | None = None  # written in UTF-8 instead of this legacy charset


@dataclass
class EngineUse:
    """What one engine did for one language (in a dry run: what it would be sent).

    Attributes:
        segments: segments the provider answered in this run (in a dry run: would send).
        chars: their characters: what the provider accepted (a dry run: would send).
        requests: requests made, failed ones and retries included.
        cached: segments answered from the MT cache: nothing sent.
        failed: segments sent that the engine failed to translate.
        rejected: segments whose answer was refused (not their translation).
        attempted_chars: characters sent, failed requests and retries included.
        tokens_in / tokens_out: tokens a token-billed engine (llm) reported for this run.
        cost: what those tokens cost at the configured prices (None: no prices set).
    """

    engine: str
    lang: str
    segments: int = 0
    chars: int = 0
    requests: int = 0
    cached: int = 0
    failed: int = 0
    rejected: int = 0
    attempted_chars: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float | None = None


@dataclass
class Failure:
    """A segment an engine failed to translate, left without a suggestion."""

    where: str   # PO file:line, as written by this run
    lang: str
    engine: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.engine}: {self.reason}"


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    sent: list[EngineUse] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # file:line and why, per refused answer
    failed: list[Failure] = field(default_factory=list)  # segments engines failed on
    unusable: list[str] = field(default_factory=list)  # engines that could not be used
    problems: list[str] = field(default_factory=list)  # engines that failed during the run
    dry_run: bool = False

    @property
    def left(self) -> int:
        return sum(o.left for o in self.outcomes)

    @property
    def waiting(self) -> int:
        """Entries that a rerun would still try to fill (untranslated or stale ones)."""
        return sum(o.waiting for o in self.outcomes)


@dataclass
class _Suggestion:
    text: str
    notes: list[str]


def pretranslate(ws: Workspace, releases: Sequence[str] = (), *,
                 langs: Sequence[str] | None = None, engine: str | None = None,
                 dry_run: bool = False, refresh: bool = False, clear: bool = False,
                 settings: EngineSettings | None = None,
                 progress: Progress | None = None) -> Report:
    """Suggest translations for every untranslated entry of the given releases.

    An unconfirmed suggestion (see :func:`l10n.catalog.entries.is_unconfirmed_suggestion`)
    never blocks a better one: an exact memory match replaces it, and so does a new
    suggestion when its sentence changed. A translator's msgstr, confirmed or a fuzzy
    one they wrote or edited, is never touched.

    Args:
        releases: release names (default: every ingested release).
        langs: target languages (default: all of the workspace's).
        engine: use only this engine instead of the configured chains.
        dry_run: send nothing and write nothing; report what would be sent.
        refresh: redo every unconfirmed suggestion (memory, then the engines).
        clear: remove every unconfirmed suggestion (msgstr emptied, fuzzy flag, previous
            msgid and suggestion notes removed) and suggest nothing.
        settings: engine keys and URLs (default: from the environment and config).
        progress: called with (segments done, segments to do) during MT.

    Returns:
        What was done per release and language, and what engines were sent.

    Raises:
        UsageError: an unknown engine, release or language; --refresh with --clear.
    """
    if engine is not None and engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}: choose one of "
                         f"{', '.join(sorted(ENGINES))} (see 'l10n engines')")
    if refresh and clear:
        raise UsageError("--refresh redoes suggestions and --clear removes them: choose one")
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
                          progress, _Mode(refresh, clear))
    return report


def _all_catalogs(ws: Workspace) -> list[Path]:
    return sorted(ws.locales_dir.glob("*/LC_MESSAGES/*.po"))


@dataclass(frozen=True)
class _Mode:
    refresh: bool = False  # redo unconfirmed suggestions
    clear: bool = False  # remove them


def _language(ws: Workspace, names: Sequence[str], lang: str, chain: Sequence[str],
              glossary: Glossary, tm: TranslationMemory, cache: MTCache,
              settings: EngineSettings, report: Report, progress: Progress | None,
              mode: _Mode = _Mode()) -> None:
    catalogs: list[tuple[Outcome, polib.POFile, bytes]] = []
    wanted: dict[str, list[polib.POEntry]] = {}
    suggested: set[int] = set()  # ids of the entries this run gives a suggestion
    redoing: set[int] = set()  # ids of the entries whose earlier suggestion is redone
    cleared: set[int] = set()  # ids of the entries whose suggestion is removed
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
            outcome.untranslated += state_of(entry) is Status.UNTRANSLATED
            done = _from_memory_or_clear(ws, tm, lang, entry, outcome, mode)
            if done == "cleared":
                cleared.add(id(entry))
            elif done in ("redone", "suggested"):
                suggested.add(id(entry))
            if done in ("redone", "redo"):
                redoing.add(id(entry))
            if done in ("wanted", "redo"):
                wanted.setdefault(entry.msgid, []).append(entry)
    mt = _Machine(ws, lang, glossary, cache, settings, report, progress)
    mt.context = _context(ws, lang, [po for _, po, _ in catalogs], glossary, tm)
    found = mt.run(list(wanted), chain)
    machine = {id(entry) for msgid in found for entry in wanted[msgid]}
    suggested |= machine
    for msgid, suggestion in found.items():
        for entry in wanted[msgid]:
            _suggest(entry, suggestion.text, suggestion.notes)
    writes = []
    for outcome, po, data in catalogs:
        outcome.machine = sum(1 for e in po if id(e) in machine)
        outcome.replaced = sum(1 for e in po if id(e) in redoing and id(e) in suggested)
        if not report.dry_run:
            current = outcome.path.read_bytes()
            if current != data:
                po = _onto_current(outcome.path, po, current, suggested | cleared, glossary,
                                   lang)
            drop_stale_notes(po)  # a confirmed entry keeps no "suggestion:" note
            text = format_po(po)
            if text.encode("utf-8") != current:
                writes.append((outcome.path, text))
                outcome.converted_from = layout_of(po).legacy_charset
            mt.locate(ws.relative(outcome.path), parse_po(display_path(outcome.path),
                                                          text.encode("utf-8")))
        live = [e for e in po if not e.obsolete]
        outcome.left = sum(1 for e in live if state_of(e) is Status.UNTRANSLATED)
        outcome.waiting = sum(1 for e in live if _needs_suggestion(e))
        report.outcomes.append(outcome)
    atomic_write_many(writes)
    mt.report_segments()


def _context(ws: Workspace, lang: str, catalogs: Sequence[polib.POFile], glossary: Glossary,
             tm: TranslationMemory) -> Context:
    """What engines that take context are told: titles, neighbours, glossary, examples."""
    releases = []
    for po in catalogs:
        texts = [e.msgid for e in po if not e.obsolete and e.msgid]
        titles = [e.msgid for e in po if not e.obsolete and e.comment.startswith("title")]
        releases.append(Release((titles or texts or [""])[0], texts))

    def examples(text: str) -> list[tuple[int, str, str]]:
        return [(m.score, m.source, m.target)
                for m in tm.fuzzy(text, source_lang=ws.source, target_lang=lang,
                                  threshold=EXAMPLES_THRESHOLD, limit=3)]
    return Context.of(lang, releases, glossary=glossary, examples=examples)


def _from_memory_or_clear(ws: Workspace, tm: TranslationMemory, lang: str,
                          entry: polib.POEntry, outcome: Outcome, mode: _Mode) -> str | None:
    """What one entry gets before the engines run.

    Returns "cleared" (--clear removed its unconfirmed suggestion), "suggested" (the memory
    filled it), "redone" (the memory replaced an earlier suggestion), "wanted" / "redo"
    (for the engines: untranslated / replacing an earlier suggestion), or None.
    """
    unconfirmed = is_unconfirmed_suggestion(entry)
    if mode.clear:
        if not unconfirmed:
            return None
        _clear(entry)
        outcome.cleared += 1
        return "cleared"
    if _needs_suggestion(entry) or (mode.refresh and unconfirmed):
        redo = bool(entry.msgstr)
        if _from_memory(tm, ws.source, lang, ws.tm_threshold, entry, outcome):
            return "redone" if redo else "suggested"
        return "redo" if redo else "wanted"
    if unconfirmed and _exact_over(tm, ws.source, lang, entry, outcome):
        return "redone"
    return None


def _onto_current(path: Path, po: polib.POFile, current: bytes, ours: set[int],
                  glossary: Glossary, lang: str) -> polib.POFile:
    """The file a translator saved while engines were working, with our suggestions added
    (or removed) only where it is still untranslated or holds an unconfirmed suggestion."""
    mine_by_key = {(e.msgctxt, e.msgid): e for e in po if id(e) in ours}
    fresh = parse_po(display_path(path), current)
    for entry in fresh:
        if entry.obsolete:
            continue
        set_hints(entry, glossary.hints(entry.msgid, lang))
        mine = mine_by_key.get((entry.msgctxt, entry.msgid))
        if mine is None or not (_needs_suggestion(entry) or is_unconfirmed_suggestion(entry)):
            continue
        if mine.msgstr:
            _suggest(entry, mine.msgstr, [line for line in comment_lines(mine)
                                          if line.startswith(NOTE_PREFIXES)])
        elif is_unconfirmed_suggestion(entry):
            _clear(entry)
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
    """Write a suggestion; its ``suggestion:`` note carries the text's fingerprint, by which
    a later run tells it from a translator's edit."""
    clear_notes(entry)
    entry.msgstr = text
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    add_notes(entry, [suggestion_note(n[len(SUGGESTION):], text)
                      if n.startswith(SUGGESTION) else n for n in notes])


def _clear(entry: polib.POEntry) -> None:
    """Remove an unconfirmed suggestion: the entry is untranslated again."""
    clear_notes(entry)
    entry.msgstr = ""
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None


def _exact_over(tm: TranslationMemory, source: str, lang: str, entry: polib.POEntry,
                outcome: Outcome) -> bool:
    """An exact memory match replaces an unconfirmed suggestion of another kind (machine,
    or a fuzzy memory match): True if it did."""
    if suggestion_origin(entry) == "tm 100":
        return False
    exact = tm.exact(entry.msgid, source_lang=source, target_lang=lang)
    if exact is None:
        return False
    _suggest(entry, exact, ["suggestion: tm 100"])
    outcome.tm_exact += 1
    return True


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


class _Machine:
    """Machine translation of one language's texts through an engine chain."""

    def __init__(self, ws: Workspace, lang: str, glossary: Glossary, cache: MTCache,
                 settings: EngineSettings, report: Report, progress: Progress | None) -> None:
        self.ws, self.lang, self.glossary, self.cache = ws, lang, glossary, cache
        self.settings, self.report, self.progress = settings, report, progress
        self.candidates = tuple(dict.fromkeys([ws.source, *ws.targets, lang]))
        self.failed: dict[str, tuple[str, str]] = {}  # msgid -> (engine, reason)
        self.rejected: list[tuple[str, str, str]] = []  # (msgid, engine, reason)
        self.where: dict[str, list[str]] = {}  # msgid -> file:line of its entries
        self.waiting: dict[str, list[str]] = {}  # the same, for those left untranslated
        self.misread: Counter[str] = Counter()  # engine -> answers in another language
        self.context: Context | None = None  # for the engines that take context

    def run(self, texts: list[str], chain: Sequence[str]) -> dict[str, _Suggestion]:
        """Translate ``texts`` with the first engine of the chain that gives valid output."""
        found: dict[str, _Suggestion] = {}
        pending = [t for t in texts if _LETTER_RE.search(PLACEHOLDER_RE.sub("", t))]
        for name in chain:
            if not pending:
                break
            info = ENGINES[name].info(self.settings.engine(name))
            if not info.available:
                self.report.unusable.append(f"{self.lang}: {name} cannot be used: {info.reason}")
                continue
            try:
                inner = get_engine(name, self.settings)
                if hasattr(inner, "context"):
                    inner.context = self.context
                engine = Robust(inner)
            except EngineError as exc:
                self.report.unusable.append(f"{self.lang}: {name} cannot be used: {exc}")
                continue
            use = EngineUse(name, self.lang)
            self.report.sent.append(use)
            session = _Session(self.ws.source, self.lang, engine, name, self.cache, use,
                               self.report.dry_run, self._checker(name))
            raw = session.translate(pending, self.progress)
            if self.report.dry_run:
                break  # what the first usable engine would be sent is the answer
            found.update(self._check_all(session, raw))
            for text, error in session.failures.items():
                if text in found:
                    continue
                if isinstance(error, RejectedAnswer):
                    self.rejected.append((text, name, error.reason))
                else:
                    self.failed[text] = (name, error.reason)
            self._stopped(session, [t for t in pending if t not in found])
            pending = [t for t in pending if t not in found]
        for text in found:
            self.failed.pop(text, None)
        return found

    def _stopped(self, session: _Session, left: list[str]) -> None:
        error = session.stopped
        if error is None:
            return
        if isinstance(error, UnsupportedLanguage):
            self.report.unusable.append(f"{self.lang}: {error}")
        else:
            unsent = sum(1 for t in left if t in session.unsent)
            self.report.problems.append(f"{self.lang}: {error}; {len(left)} segments not "
                                        f"translated ({unsent} not sent)")

    def _checker(self, engine: str) -> Callable[[str, str], str | None]:
        def check(source: str, answer: str) -> str | None:
            problem = _problem(source, answer, self.lang, self.candidates, engine)
            if problem and problem.startswith(_MISREAD):
                self.misread[engine] += 1
            return problem
        return check

    def _misreading(self, session: _Session, raw: dict[str, str]) -> set[str]:
        """Answers too short to tell their language, from an engine that answered most
        sentences in another language: they are not trusted (names kept apart)."""
        wrong = self.misread[session.name]
        if wrong < MISREAD_MIN or wrong < len(raw):
            return set()
        return {source for source, answer in raw.items()
                if is_language(PLACEHOLDER_RE.sub(" ", answer), self.lang,
                               self.candidates) is None
                and not only_names(source, answer)}

    def _check_all(self, session: _Session, raw: dict[str, str]) -> dict[str, _Suggestion]:
        """Enforce the glossary on each (already checked) machine translation."""
        accepted: dict[str, _Suggestion] = {}
        needs_mask: dict[str, list] = {}
        # One answer to several different sentences is a provider's message, not a translation.
        answers = Counter(t.strip() for s, t in raw.items() if len(s.split()) >= 3)
        misreading = self._misreading(session, raw)
        for source, target in raw.items():
            if len(source.split()) >= 3 and answers[target.strip()] > 1:
                self.rejected.append((source, session.name,
                                      "the same answer for different sentences"))
                continue
            if source in misreading:
                self.rejected.append((source, session.name, f"{session.name} answered "
                                      f"{self.misread[session.name]} sentences in another "
                                      "language, and this one is too short to tell"))
                continue
            if session.name == "pseudo":  # layout testing: no language to verify
                accepted[source] = _Suggestion(target, [f"suggestion: mt {session.label}"])
                continue
            checked = verify(self.glossary, source, target, session.target)
            if checked.missing:
                needs_mask[source] = checked.missing
            else:
                accepted[source] = _Suggestion(checked.text, [f"suggestion: mt {session.label}",
                                                              *checked.notes])
        if needs_mask:
            masked = {source: mask(source, missing) for source, missing in needs_mask.items()}
            outputs = session.translate(list(masked.values()))
            for source, missing in needs_mask.items():
                restored = unmask(self.glossary, outputs.get(masked[source], ""), missing,
                                  session.target)
                if restored is None:
                    self.rejected.append((source, session.name,
                                          "glossary term could not be enforced"))
                    continue
                text, notes = restored
                accepted[source] = _Suggestion(text, [f"suggestion: mt {session.label}",
                                                      *notes])
        return accepted

    def locate(self, path: str, written: polib.POFile) -> None:
        """Note where the entries stand in the file as written (for file:line reports)."""
        for entry in written:
            if not entry.obsolete:
                where = f"{path}:{entry.linenum}"
                self.where.setdefault(entry.msgid, []).append(where)
                if _needs_suggestion(entry):  # not filled by a translator meanwhile
                    self.waiting.setdefault(entry.msgid, []).append(where)

    def report_segments(self) -> None:
        """Rejections and failures by file:line (as written), for the report."""
        for text, engine, reason in self.rejected:
            for where in self.where.get(text, [f"({_short(text)})"]):
                self.report.rejected.append(f"{where}: {self.lang} {engine}: {reason}")
        failures = [Failure(where, self.lang, engine, reason)
                    for text, (engine, reason) in self.failed.items()
                    for where in self.waiting.get(text, [])]
        self.report.failed.extend(failures)
        for engine in dict.fromkeys(f.engine for f in failures):
            count = sum(1 for f in failures if f.engine == engine)
            self.report.problems.append(f"{self.lang}: {engine} failed on {count} segment"
                                        f"{'' if count == 1 else 's'} "
                                        "(listed above)")


class _Session:
    """One engine for one language pair, behind the persistent cache.

    Cached answers are checked like fresh ones: one that no longer passes is asked for
    again (and the new answer replaces it). Fresh answers are cached per request, as
    soon as they arrive, and only when they pass.
    """

    def __init__(self, source: str, target: str, engine: Robust, name: str, cache: MTCache,
                 use: EngineUse, dry_run: bool,
                 check: Callable[[str, str], str | None]) -> None:
        self.source, self.target, self.engine, self.name = source, target, engine, name
        self.cache, self.use, self.dry_run, self.check = cache, use, dry_run, check
        self.fingerprint = engine.fingerprint()
        # "llm (MODEL)": the suggestion's origin names the model when the engine has one.
        self.label: str = getattr(engine.engine, "label", name)
        self.failures: dict[str, EngineError] = {}
        self.stopped: EngineError | None = None
        self.unsent: set[str] = set()

    def translate(self, texts: Sequence[str],
                  progress: Progress | None = None) -> dict[str, str]:
        """Translations of ``texts``: cached ones, then the engine's for the others."""
        cached = self.cache.get_many(self.name, self.fingerprint, self.source, self.target, texts)
        done = {t: a for t, a in cached.items() if not self.check(t.strip(), a.strip())}
        self.use.cached += len(done)
        todo = [t for t in dict.fromkeys(texts) if t not in done]
        if self.dry_run:
            self.use.segments += len(todo)
            self.use.chars += sum(len(t) for t in todo)
            return done
        for start in range(0, len(todo), BATCH):
            if self.stopped:
                self.unsent.update(todo[start:])
                break
            self._batch(todo[start : start + BATCH], done)
            if progress:
                progress(min(start + BATCH, len(todo)), len(todo))
        return done

    def _batch(self, batch: list[str], done: dict[str, str]) -> None:
        stats = self.engine.stats
        before = (stats.requests, stats.answered_chars, stats.chars)
        tokens = self._usage()

        def store(answers: Mapping[int, str]) -> None:
            fresh = {batch[i]: answer for i, answer in answers.items()}
            self.cache.put_many(self.name, self.fingerprint, self.source, self.target, fresh)

        result = self.engine.translate_each(batch, source=self.source, target=self.target,
                                            check=self.check, on_answers=store)
        self.use.requests += stats.requests - before[0]
        self.use.chars += stats.answered_chars - before[1]
        self.use.attempted_chars += stats.chars - before[2]
        self._tokens(tokens)
        for i, answer in result.translations.items():
            done[batch[i]] = answer
        for i, error in result.failures.items():
            self.failures[batch[i]] = error
        rejected = sum(isinstance(e, RejectedAnswer) for e in result.failures.values())
        self.use.segments += len(result.translations) + rejected
        self.use.rejected += rejected
        self.use.failed += len(result.failures) - rejected
        self.unsent.update(batch[i] for i in result.unsent)
        self.stopped = result.stopped

    def _usage(self) -> tuple[int, int]:
        usage = getattr(self.engine.engine, "usage", None)
        return (usage.tokens_in, usage.tokens_out) if usage is not None else (0, 0)

    def _tokens(self, before: tuple[int, int]) -> None:
        """Add the tokens of the last batch (token-billed engines only) and their cost."""
        now = self._usage()
        self.use.tokens_in += now[0] - before[0]
        self.use.tokens_out += now[1] - before[1]
        cost = getattr(self.engine.engine, "cost", None)
        if callable(cost):
            self.use.cost = cost(self.use.tokens_in, self.use.tokens_out)


def _problem(source: str, target: str, lang: str, candidates: Sequence[str],
             engine: str) -> str | None:
    """Why a machine translation must not be written, or None."""
    if not target.strip() and source.strip():
        return "empty translation"
    if not _same_placeholders(source, target):
        return "placeholders or markup changed"
    if engine == "pseudo":
        return None
    if target.strip() == source.strip() and _WORDS_RE.search(_NOT_WORDS_RE.sub(" ", source)):
        return "identical to the source"
    problem = mismatch(source, target, lang)
    if problem:
        return problem
    expected = _SCRIPTS.get(lang.split("_")[0])
    # The script of the words the answer does not keep from the source (names, identifiers).
    folded = source.casefold()
    own = " ".join(w for w in _WORDS_RE.findall(target) if w.casefold() not in folded)
    if expected and script_of(own) not in (None, expected):
        return f"not in the {expected} script"
    found = answer_language(PLACEHOLDER_RE.sub(" ", target), lang, candidates, source)
    if found:
        return f"not in {lang}: it reads as {found}"
    return None


def _same_placeholders(source: str, target: str) -> bool:
    return Counter(PLACEHOLDER_RE.findall(source)) == Counter(PLACEHOLDER_RE.findall(target))


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
