"""Engine evaluation: translate the workspace's reviewed entries with each engine and score it.

The reviewed entries (translated, not fuzzy, signed off: `l10n.catalog.states`) are the
reference. Each engine translates their msgid without the translation memory and without
glossary enforcement (what the engine itself makes of the text), and is scored per
language: chrF++ and BLEU at corpus level (sacrebleu), glossary compliance (the share of
glossary term occurrences in the sources rendered as the glossary wants, inflected forms
accepted), QA errors per 100 segments (the checks of `l10n.qa` on each source/answer
pair), characters (and tokens, when the engine counts them) sent, and seconds.

Nothing is written to the PO files or the memory. Fresh answers go to the MT cache (so a
later pre-translation need not pay for them again); cached answers are used only when
asked (``cached=True``), so that by default every engine is measured on what it answers now.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import polib

from l10n.catalog.pofile import parse_po
from l10n.catalog.states import Status, status_of
from l10n.documents.base import PLACEHOLDER_RE
from l10n.engines import ENGINES, EngineError, EngineSettings, Robust, get_engine
from l10n.glossary.csvfile import load_glossary
from l10n.glossary.model import Glossary
from l10n.glossary.termcheck.match import find_renderings
from l10n.memory.mtcache import MTCache
from l10n.qa.runner import check_text, list_checks
from l10n.workspace.config import Workspace, chosen_releases
from l10n.workspace.errors import UsageError
from l10n.workspace.fsutil import display_path, workspace_lock

Progress = Callable[[str], None]
DEFAULT_SEED = 12
#: Engines never recommended for a chain: pseudo-localisation is for layout tests.
NOT_FOR_CHAINS = frozenset({"pseudo"})


@dataclass
class Score:
    """One engine's results in one language.

    Attributes:
        segments: reviewed segments it was asked to translate.
        chrf: corpus chrF++ (sacrebleu ``CHRF(word_order=2)``), 0-100.
        bleu: corpus BLEU (sacrebleu defaults), 0-100.
        glossary_compliance: share (0-1) of the glossary term occurrences of the sources
            rendered as the glossary wants; None when the sources hold no term.
        glossary_terms: those term occurrences.
        qa_errors: QA findings of severity error per 100 segments.
        chars: characters sent to the engine (retries included; 0 for cached answers).
        tokens: tokens the engine reported (in + out), None when it reports none.
        seconds: wall-clock seconds the engine took.
        cached: answers taken from the MT cache (only with ``cached=True``).
        failed: segments the engine gave no answer for (scored as empty).
        chain_position: place in the recommended chain for the language (1: best), or None.
    """

    engine: str
    lang: str
    segments: int = 0
    chrf: float | None = None
    bleu: float | None = None
    glossary_compliance: float | None = None
    glossary_terms: int = 0
    qa_errors: float | None = None
    chars: int = 0
    tokens: int | None = None
    seconds: float = 0.0
    cached: int = 0
    failed: int = 0
    chain_position: int | None = None
    skipped: str | None = None  # why the engine was not evaluated in this language

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def fully_compliant(self) -> bool:
        return self.glossary_compliance is None or self.glossary_compliance >= 1.0


@dataclass
class Evaluation:
    """Every engine × language result, the skipped ones included (``lang`` ``*``: skipped in
    every language), and the chains it suggests."""

    scores: list[Score] = field(default_factory=list)
    chains: dict[str, list[str]] = field(default_factory=dict)  # lang -> engines, best first
    references: dict[str, int] = field(default_factory=dict)  # lang -> reviewed segments used

    @property
    def evaluated(self) -> list[Score]:
        return [s for s in self.scores if s.skipped is None]

    @property
    def skipped(self) -> list[Score]:
        return [s for s in self.scores if s.skipped is not None]

    def config_lines(self) -> list[str]:
        """The ``l10n.toml`` lines that make the recommended chains the configured ones."""
        if not any(self.chains.values()):
            return []
        lines = ["[pretranslate.chains]"]
        for lang, chain in self.chains.items():
            if chain:
                lines.append(f"{lang} = [{', '.join(repr_toml(n) for n in chain)}]")
        return lines


def repr_toml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def reviewed_pairs(ws: Workspace, lang: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every reviewed entry of ``lang`` with something to translate,
    in release and file order; a msgid reviewed twice counts once (its first translation).

    Raises:
        CatalogError: a PO file cannot be read.
    """
    pairs: dict[str, str] = {}
    for release in chosen_releases(ws, ()):
        path = ws.po_path(release, lang)
        if not path.exists():
            continue
        po = parse_po(display_path(path), path.read_bytes())
        for entry in po:
            if _is_reference(entry) and entry.msgid not in pairs:
                pairs[entry.msgid] = entry.msgstr
    return list(pairs.items())


def _is_reference(entry: polib.POEntry) -> bool:
    if entry.obsolete or entry.msgid_plural or not entry.msgid:
        return False
    if not any(ch.isalpha() for ch in PLACEHOLDER_RE.sub("", entry.msgid)):
        return False  # never sent to an engine by pre-translation either
    return status_of(entry) is Status.REVIEWED


def sample_pairs(pairs: Sequence[tuple[str, str]], size: int | None,
                 seed: int = DEFAULT_SEED) -> list[tuple[str, str]]:
    """``size`` pairs picked with a seeded generator (the same ones every run), in order."""
    if size is None or size >= len(pairs):
        return list(pairs)
    if size < 1:
        raise UsageError(f"--sample must be at least 1, got {size}")
    chosen = sorted(random.Random(seed).sample(range(len(pairs)), size))
    return [pairs[i] for i in chosen]


def evaluate(ws: Workspace, *, langs: Sequence[str] | None = None,
             engines: Sequence[str] = (), sample: int | None = None,
             seed: int = DEFAULT_SEED, cached: bool = False,
             settings: EngineSettings | None = None,
             progress: Progress | None = None) -> Evaluation:
    """Score engines on the workspace's reviewed translations.

    Args:
        langs: target languages (default: all of the workspace's).
        engines: engine names (default: the offline ones and the online ones named in a
            chosen language's chain; other online engines are listed as skipped).
        sample: use only this many reviewed entries per language (picked with ``seed``).
        cached: use the MT cache's answers for these entries instead of asking again.
        settings: engine keys and URLs (default: from the environment and config).
        progress: called with one line before each engine × language.

    Returns:
        One `Score` per engine × language (skipped ones with the reason) and the chain
        recommended per language.

    Raises:
        UsageError: an unknown engine or language, ``sample`` below 1, or no reviewed
            entry in any chosen language.
    """
    chosen = ws.check_targets(list(langs) if langs else None)
    unknown = [n for n in engines if n not in ENGINES]
    if unknown:
        raise UsageError(f"unknown engine {unknown[0]!r}: choose one of "
                         f"{', '.join(sorted(ENGINES))} (see 'l10n engines')")
    if sample is not None and sample < 1:
        raise UsageError(f"--sample must be at least 1, got {sample}")
    settings = settings or EngineSettings.from_env(dict(ws.engine_options))
    references = {lang: sample_pairs(reviewed_pairs(ws, lang), sample, seed) for lang in chosen}
    if not any(references.values()):
        raise UsageError(f"no reviewed entries in {', '.join(chosen)}: evaluation compares "
                         "engines with reviewed translations ('l10n review' signs them off)")
    result = Evaluation(references={lang: len(pairs) for lang, pairs in references.items()})
    names, not_chosen = _engine_names(ws, chosen, engines)
    for name in not_chosen:
        result.scores.append(Score(name, "*", skipped="online: not in a chain; name it with "
                                   "--engine to send it the reviewed sentences"))
    glossary = load_glossary(ws.glossary_dir, ws.targets)
    with workspace_lock(ws.root):
        ws.state_dir.mkdir(exist_ok=True)
        with MTCache(ws.mt_cache_path) as cache:
            for name in names:
                _engine(ws, name, references, glossary, cache, settings, cached, result,
                        progress)
    result.chains = {lang: _chain(result, lang) for lang in chosen if references[lang]}
    return result


def _engine_names(ws: Workspace, langs: Sequence[str],
                  given: Sequence[str]) -> tuple[list[str], list[str]]:
    """The engines to evaluate and the online ones left out (offline by default)."""
    if given:
        return list(dict.fromkeys(given)), []
    in_chains = {name for lang in langs for name in ws.chain(lang)}
    names = [n for n, spec in ENGINES.items() if not spec.online or n in in_chains]
    return names, [n for n in ENGINES if n not in names]


def _engine(ws: Workspace, name: str, references: Mapping[str, list[tuple[str, str]]],
            glossary: Glossary, cache: MTCache, settings: EngineSettings, cached: bool,
            result: Evaluation, progress: Progress | None) -> None:
    langs = [lang for lang, pairs in references.items() if pairs]
    info = ENGINES[name].info(settings.engine(name))
    reason = None if info.available else info.reason
    engine = None
    if reason is None:
        try:
            engine = Robust(get_engine(name, settings))
        except EngineError as exc:
            reason = exc.reason
    if engine is None:
        result.scores.append(Score(name, "*", skipped=reason or "cannot be used"))
        return
    for lang in langs:
        if progress:
            progress(f"{lang}: {name}, {len(references[lang])} segments")
        result.scores.append(_score(ws, engine, name, lang, references[lang], glossary,
                                    cache, cached))


def _score(ws: Workspace, engine: Robust, name: str, lang: str,
           pairs: Sequence[tuple[str, str]], glossary: Glossary, cache: MTCache,
           cached: bool) -> Score:
    sources = [s for s, _ in pairs]
    fingerprint = engine.fingerprint()
    answers = (cache.get_many(name, fingerprint, ws.source, lang, sources) if cached else {})
    todo = [s for s in sources if s not in answers]
    score = Score(name, lang, segments=len(pairs), cached=len(answers))
    chars_before, tokens_before = engine.stats.chars, _tokens(engine)
    started = time.perf_counter()

    def store(found: Mapping[int, str]) -> None:
        cache.put_many(name, fingerprint, ws.source, lang, {todo[i]: t for i, t in found.items()})

    translated = engine.translate_each(todo, source=ws.source, target=lang, on_answers=store)
    score.seconds = time.perf_counter() - started
    answers.update({todo[i]: text for i, text in translated.translations.items()})
    if not translated.translations and translated.stopped is not None:
        return Score(name, lang, skipped=translated.stopped.reason)
    score.chars = engine.stats.chars - chars_before
    tokens_after = _tokens(engine)
    if tokens_after is not None:
        score.tokens = tokens_after - (tokens_before or 0)
    score.failed = sum(1 for s in sources if s not in answers)
    hypotheses = [answers.get(s, "") for s in sources]
    references = [[t for _, t in pairs]]
    from sacrebleu.metrics import BLEU, CHRF  # imported when scores are wanted, not with the CLI

    score.chrf = CHRF(word_order=2).corpus_score(hypotheses, references).score
    score.bleu = BLEU().corpus_score(hypotheses, references).score
    found, total = 0, 0
    for source, hypothesis in zip(sources, hypotheses):
        rendered, occurrences = term_compliance(glossary, source, hypothesis, lang)
        found, total = found + rendered, total + occurrences
    score.glossary_terms = total
    score.glossary_compliance = found / total if total else None
    score.qa_errors = 100 * _qa_errors(ws, lang, glossary, sources, answers) / len(pairs)
    return score


def _tokens(engine: Robust) -> int | None:
    """Tokens the wrapped engine counted so far (``tokens_in`` + ``tokens_out``), if it does."""
    counts = [getattr(engine.engine, attr, None) for attr in ("tokens_in", "tokens_out")]
    if not any(isinstance(c, int) for c in counts):
        return None
    return sum(c for c in counts if isinstance(c, int))


def term_compliance(glossary: Glossary, source: str, target: str, lang: str) -> tuple[int, int]:
    """(occurrences rendered as the glossary wants, occurrences) of the glossary's terms in
    ``source``, judged in ``target``: any accepted rendering in an admissible inflected form
    (a dnt term: kept as is). An occurrence counts once however many renderings match it.

    >>> from l10n.glossary.model import Term
    >>> g = Glossary([Term("Nur-Sultan", renderings={"ru": "Нур-Султан"})])
    >>> term_compliance(g, "In Nur-Sultan and Nur-Sultan.", "В Нур-Султане и Астане.", "ru")
    (1, 2)
    """
    wanted = Counter(m.term for m in glossary.find(source) if glossary.accepted(m.term, lang))
    rendered = 0
    for term, occurrences in wanted.items():
        spans = sorted({(h.start, h.end) for r in glossary.accepted(term, lang)
                        for h in find_renderings(target, r, lang)})
        distinct, end = 0, -1
        for start, stop in spans:  # overlapping hits (a rendering inside another) count once
            if start >= end:
                distinct, end = distinct + 1, stop
        rendered += min(occurrences, distinct)
    return rendered, sum(wanted.values())


def _qa_errors(ws: Workspace, lang: str, glossary: Glossary, sources: Sequence[str],
               answers: Mapping[str, str]) -> int:
    """Findings of severity error of the enabled per-entry checks on the answers given."""
    disabled = set(ws.check_options.get("disable", []) or [])
    checks = [c.name for c in list_checks() if c.name not in disabled]
    return sum(1 for source in sources if source in answers
               for _, severity, _ in check_text(source, answers[source], lang,
                                                source_lang=ws.source, langs=ws.targets,
                                                glossary=glossary, options=ws.check_options,
                                                checks=checks)
               if severity == "error")


def _chain(result: Evaluation, lang: str) -> list[str]:
    """Engines fit for ``lang``'s chain: every segment answered, full glossary compliance,
    best chrF++ first."""
    fit = [s for s in result.evaluated if s.lang == lang and s.engine not in NOT_FOR_CHAINS
           and s.failed == 0 and s.segments and s.fully_compliant]
    fit.sort(key=lambda s: (-(s.chrf or 0.0), s.engine))
    for position, score in enumerate(fit, 1):
        score.chain_position = position
    return [s.engine for s in fit]
