"""The offline engine: installed CTranslate2 models translate on this machine, so texts never leave it.

Only ``ctranslate2`` and ``sentencepiece`` are needed (no torch, no Argos Translate
runtime). Models are installed with `l10n.engines.models.install_model`
(``l10n engines install PATH``); for each language pair the engine picks a direct
(Argos) model, else a multilingual (NLLB-200, M2M-100) model covering both languages.

Per text: SentencePiece pieces (``encode(out_type=str)``), plus the source language
token and ``</s>`` for multilingual models; ``translate_batch`` with the target
language token as ``target_prefix``; the prefix and end token are stripped and the
pieces decoded with SentencePiece (Argos' own decoder turns ``_`` into spaces).

Inline placeholders (``<1>``, ``</1>``, ``<2/>``) are plain ASCII, so SentencePiece's
NFKC normalisation leaves them intact and the model sees them in place (word order
can move them). After decoding, each translation must hold exactly the source's
placeholders, properly nested. If it does not, the text is translated again in pieces: the runs
between placeholders are translated separately and joined with the placeholders in
source order (poorer sentence flow, markup kept; logged as a warning). If even that
loses a placeholder, or ``placeholder_fallback=False``, `PlaceholderError`
(non-retryable, with the text's index) is raised: a translation with a lost
placeholder is never returned.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from l10n.documents.base import PLACEHOLDER_RE, well_nested
from l10n.engines.base import (
    EngineConfig,
    EngineError,
    EngineInfo,
    EngineLimits,
    TextTooLong,
    UnsupportedLanguage,
    check_texts,
    has_letters,
)
from l10n.engines.models import (
    INSTALL_HINT,
    MANIFEST,
    InstalledModel,
    default_models_dir,
    find_model,
    list_models,
)
from l10n.workspace.errors import ConfigError

log = logging.getLogger(__name__)

NAME = "offline"
DEFAULT_BEAM_SIZE = 4
DEFAULT_MAX_INPUT_TOKENS = 1024  # NLLB/M2M-100 have 1024 learned positions
# Never decoded. <unk> is not among them: the model may not produce it (disable_unk),
# and an unknown *source* piece copied through stays visible as " ⁇ ".
_SPECIAL_TOKENS = frozenset({"<s>", "</s>", "<pad>", "<blank>"})


class PlaceholderError(EngineError):
    """A translation lost (or invented) inline placeholders; never retryable.

    Attributes:
        index: position of the text in the ``translate()`` call.
        missing: placeholders of the source absent from the translation.
        extra: placeholders in the translation absent from the source.
    """

    def __init__(self, engine: str, index: int, missing: list[str], extra: list[str]) -> None:
        self.index = index
        self.missing = missing
        self.extra = extra
        detail = []
        if missing:
            detail.append(f"lost {' '.join(missing)}")
        if extra:
            detail.append(f"invented {' '.join(extra)}")
        super().__init__(engine, f"text {index + 1}: the translation {' and '.join(detail)}; "
                                 "leave it for translators", retryable=False)


class TooManyTokens(TextTooLong):
    """One text has more tokens than the model takes (a `TextTooLong`, counted in tokens)."""

    def __init__(self, engine: str, index: int, length: int, limit: int) -> None:
        self.index = index
        self.length = length
        self.limit = limit
        EngineError.__init__(self, engine, f"text {index + 1} has {length} tokens, more than "
                                           f"the model's limit of {limit}; leave it for "
                                           "translators", retryable=False)


@dataclass
class _Loaded:
    """A model ready to translate: its CTranslate2 translator and SentencePiece processor."""

    model: InstalledModel
    translator: Any
    sp: Any
    eos: str
    drop: frozenset[str]  # tokens never decoded (language tokens, specials)


class OfflineEngine:
    """Translate with CTranslate2 models installed in a models folder.

    Args:
        models_dir: the models folder (default: ``$L10N_MODELS_DIR`` or
            ``~/.local/share/l10n/models``).
        model: use only this installed model (by name).
        beam_size: beam width (1 = greedy, faster).
        threads: CPU threads per translation (default: all cores, at most 4).
        compute_type: CTranslate2 compute type (``auto`` picks int8 on most CPUs).
        max_batch_size: texts decoded together.
        max_input_tokens: longest text in tokens; longer ones raise `TooManyTokens`.
        placeholder_fallback: translate in pieces when placeholders get lost
            (else raise `PlaceholderError` at once).
    """

    name = NAME
    # Characters are a first filter for Robust; the real limit is max_input_tokens.
    limits = EngineLimits(max_text_chars=4000, max_request_chars=200_000, max_texts=256)

    def __init__(self, models_dir: Path | str | None = None, *, model: str | None = None,
                 beam_size: int = DEFAULT_BEAM_SIZE, threads: int | None = None,
                 compute_type: str = "auto", max_batch_size: int = 16,
                 max_input_tokens: int = DEFAULT_MAX_INPUT_TOKENS,
                 placeholder_fallback: bool = True) -> None:
        if beam_size < 1 or max_batch_size < 1 or max_input_tokens < 1:
            raise ValueError("beam_size, max_batch_size and max_input_tokens must be >= 1")
        self.models_dir = default_models_dir(models_dir)
        self.model_name = model
        self.beam_size = beam_size
        self.threads = threads or min(4, os.cpu_count() or 1)
        self.compute_type = compute_type
        self.max_batch_size = max_batch_size
        self.max_input_tokens = max_input_tokens
        self.placeholder_fallback = placeholder_fallback
        self._loaded: dict[Path, _Loaded] = {}
        self._lock = threading.Lock()

    # -- choosing a model -------------------------------------------------------------

    def models(self) -> list[InstalledModel]:
        """The installed models this engine may use."""
        models = list_models(self.models_dir)
        if self.model_name is not None:
            models = [m for m in models if m.name == self.model_name]
        return models

    def model_for(self, source: str, target: str) -> InstalledModel:
        """The model that translates ``source`` into ``target``.

        Raises:
            UnsupportedLanguage: no installed model covers the pair (the message lists
                the installed models and how to install one).
        """
        models = self.models()
        found = find_model(models, source, target)
        if found is not None:
            return found
        installed = list_models(self.models_dir)
        if self.model_name is not None and not models:
            have = ", ".join(m.name for m in installed) or "none"
            raise UnsupportedLanguage(self.name, f"model {self.model_name!r} is not installed "
                                                 f"in {self.models_dir} (installed: {have})")
        have = "; ".join(m.describe() for m in models) or "none"
        raise UnsupportedLanguage(
            self.name,
            f"no installed model translates {source} → {target} (models in "
            f"{self.models_dir}: {have}). Install one with `{INSTALL_HINT}`: an Argos "
            f"Translate package ({source}_{target}.argosmodel) or a CTranslate2 conversion "
            "of NLLB-200 or M2M-100")

    def fingerprint(self) -> str:
        """``offline:<model>@<version>[+...]:beam<N>``: every model this engine may use."""
        models = "+".join(m.fingerprint for m in self.models()) or "no-models"
        return f"{self.name}:{models}:beam{self.beam_size}"

    def fingerprint_for(self, source: str, target: str) -> str:
        """``offline:<model>@<version>:beam<N>`` of the model used for one pair."""
        return f"{self.name}:{self.model_for(source, target).fingerprint}:beam{self.beam_size}"

    # -- translating -----------------------------------------------------------------

    def translate(self, texts: Sequence[str], *, source: str, target: str,
                  suppress: Sequence[str] = ()) -> list[str]:
        """Translate each text; one result per text, same order.

        Args:
            texts: sentences; placeholders ``<1>``, ``</1>``, ``<2/>`` are kept.
            source: Babel id of the source language.
            target: Babel id of the target language.
            suppress: texts the model must not produce (e.g. a known wrong rendering
                of a term, for a retry); each is forbidden as its token sequence.

        Raises:
            UnsupportedLanguage: no installed model for the pair.
            TooManyTokens: a text is longer than ``max_input_tokens``.
            PlaceholderError: a translation lost a placeholder even in pieces.
            EngineError: the model cannot be loaded or fails (not retryable).
        """
        check_texts(self.name, texts)
        results = list(texts)
        todo: list[tuple[int, str, str, str]] = []
        for i, text in enumerate(texts):
            core = text.strip()
            if has_letters(core):
                lead = text[: len(text) - len(text.lstrip())]
                trail = text[len(text.rstrip()):]
                todo.append((i, lead, core, trail))
        if not todo:
            return results
        loaded = self._load(self.model_for(source, target), source, target)
        suppressed = self._suppress_sequences(loaded, suppress)
        cores = [core for _, _, core, _ in todo]
        outputs = self._run(loaded, cores, [i for i, *_ in todo], source, target, suppressed)
        for (i, lead, core, trail), out in zip(todo, outputs):
            if not _placeholders_match(core, out):
                out = self._in_pieces(loaded, i, core, out, source, target, suppressed)
            results[i] = f"{lead}{out}{trail}"
        return results

    def _in_pieces(self, loaded: _Loaded, index: int, core: str, whole: str, source: str,
                   target: str, suppressed: list[list[str]] | None) -> str:
        """Translate the runs between placeholders and put the placeholders back."""
        if not self.placeholder_fallback:
            raise _placeholder_error(index, core, whole)
        log.warning("offline: text %d lost or misplaced placeholders (%s); translating it "
                    "in pieces",
                    index + 1, whole)
        parts: list[str] = []
        last = 0
        for match in PLACEHOLDER_RE.finditer(core):
            parts.append(core[last:match.start()])
            parts.append(match.group(0))
            last = match.end()
        parts.append(core[last:])
        runs = [(k, part) for k, part in enumerate(parts) if k % 2 == 0 and has_letters(part)]
        outputs = self._run(loaded, [part.strip() for _, part in runs], [index] * len(runs),
                            source, target, suppressed)
        for (k, part), out in zip(runs, outputs):
            lead = part[: len(part) - len(part.lstrip())]
            trail = part[len(part.rstrip()):]
            parts[k] = f"{lead}{out}{trail}"
        joined = "".join(parts)
        if not _placeholders_match(core, joined):
            raise _placeholder_error(index, core, joined)
        return joined

    def _run(self, loaded: _Loaded, texts: list[str], indices: list[int], source: str,
             target: str, suppressed: list[list[str]] | None) -> list[str]:
        """Tokenise, translate in length-sorted batches, detokenise."""
        model = loaded.model
        prefix: list[str] = []
        head: list[str] = []
        tail: list[str] = []
        if model.multilingual:
            head = [model.language_token(source) or ""]
            tail = [loaded.eos]
            prefix = [model.language_token(target) or ""]
        elif model.target_prefix:
            prefix = [model.target_prefix]
        tokens = []
        for index, text in zip(indices, texts):
            pieces = head + loaded.sp.encode(text, out_type=str) + tail
            if len(pieces) > self.max_input_tokens:
                raise TooManyTokens(self.name, index, len(pieces), self.max_input_tokens)
            tokens.append(pieces)
        order = sorted(range(len(texts)), key=lambda k: len(tokens[k]))
        outputs: list[str] = [""] * len(texts)
        for start in range(0, len(order), self.max_batch_size):
            chunk = order[start:start + self.max_batch_size]
            longest = max(len(tokens[k]) for k in chunk)
            # The default max_decoding_length (256) cuts long sentences silently.
            limit = len(prefix) + min(2 * longest + 16, self.max_input_tokens)
            try:
                results = loaded.translator.translate_batch(
                    [tokens[k] for k in chunk],
                    target_prefix=[prefix] * len(chunk) if prefix else None,
                    beam_size=self.beam_size,
                    max_decoding_length=limit,
                    max_input_length=0,
                    return_end_token=True,
                    disable_unk=True,
                    suppress_sequences=suppressed,
                )
            except (RuntimeError, ValueError) as exc:
                raise EngineError(self.name, f"{model.name} failed: {str(exc)[:300]}",
                                  retryable=False) from None
            for k, result in zip(chunk, results):
                outputs[k] = self._decode(loaded, result.hypotheses[0], prefix, indices[k],
                                          limit)
        return outputs

    def _decode(self, loaded: _Loaded, hypothesis: list[str], prefix: list[str],
                index: int, limit: int) -> str:
        pieces = list(hypothesis)
        if prefix and pieces[: len(prefix)] == prefix:
            pieces = pieces[len(prefix):]
        if not pieces or pieces[-1] != loaded.eos:
            raise EngineError(self.name, f"text {index + 1}: the model did not finish the "
                                         f"sentence within {limit} tokens (a repetition "
                                         "loop?); leave it for translators", retryable=False)
        pieces = [p for p in pieces[:-1] if p not in loaded.drop]
        return loaded.sp.decode(pieces).strip()

    def _suppress_sequences(self, loaded: _Loaded,
                            suppress: Sequence[str]) -> list[list[str]] | None:
        """Token sequences for ``suppress``: word-initial, and without the leading ▁."""
        if isinstance(suppress, str):
            raise EngineError(self.name, "suppress takes a sequence of strings")
        sequences: list[list[str]] = []
        for text in suppress:
            pieces = loaded.sp.encode(text.strip(), out_type=str)
            if not pieces:
                continue
            variants = [pieces]
            first = pieces[0]
            if first == "▁" and len(pieces) > 1:
                variants.append(pieces[1:])
            elif first.startswith("▁") and loaded.sp.piece_to_id(first[1:]) != loaded.sp.unk_id():
                variants.append([first[1:]] + pieces[1:])
            sequences.extend(v for v in variants if v not in sequences)
        return sequences or None

    # -- loading ---------------------------------------------------------------------

    def _load(self, model: InstalledModel, source: str, target: str) -> _Loaded:
        """Load (once) the translator and tokenizer of a model."""
        with self._lock:
            loaded = self._loaded.get(model.path)
            if loaded is not None:
                return loaded
            try:
                import ctranslate2
                import sentencepiece
            except ImportError as exc:
                raise EngineError(self.name, f"{exc.name} is not installed: pip install "
                                             "ctranslate2 sentencepiece",
                                  retryable=False) from None
            try:
                sp = sentencepiece.SentencePieceProcessor(model_file=str(model.sentencepiece))
                translator = ctranslate2.Translator(
                    str(model.model_dir), device="cpu", compute_type=self.compute_type,
                    inter_threads=1, intra_threads=self.threads)
            except (OSError, RuntimeError, ValueError) as exc:
                raise EngineError(self.name, f"cannot load model {model.name} from "
                                             f"{model.path}: {str(exc)[:300]}",
                                  retryable=False) from None
            config = _model_config(model.model_dir)
            eos = str(config.get("eos_token") or "</s>")
            drop = set(_SPECIAL_TOKENS) | set(model.language_tokens.values())
            if model.target_prefix:
                drop.add(model.target_prefix)
            loaded = _Loaded(model, translator, sp, eos, frozenset(drop - {""}))
            self._loaded[model.path] = loaded
            log.info("offline: loaded %s for %s → %s", model.fingerprint, source, target)
            return loaded


def _model_config(model_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _placeholder_counts(text: str) -> Counter[str]:
    return Counter(match.group(0) for match in PLACEHOLDER_RE.finditer(text))


def _placeholders_match(source: str, translation: str) -> bool:
    """Same placeholders, and pairs still open before they close (properly nested)."""
    if _placeholder_counts(source) != _placeholder_counts(translation):
        return False
    return well_nested(translation) or not well_nested(source)



def _placeholder_error(index: int, source: str, translation: str) -> PlaceholderError:
    src, out = _placeholder_counts(source), _placeholder_counts(translation)
    return PlaceholderError(NAME, index, sorted((src - out).elements()),
                            sorted((out - src).elements()))


# -- registry hooks (see l10n.engines.base.ENGINES) --------------------------------------


def _options(config: EngineConfig) -> dict[str, Any]:
    """OfflineEngine keyword arguments from an EngineConfig.

    ``L10N_OFFLINE_URL`` (or ``url``) names either a models folder or one installed
    model's folder; ``[tool.l10n.engines.offline]`` may set ``models_dir``, ``model``,
    ``beam_size``, ``threads``, ``compute_type``, ``max_batch_size``.
    """
    options = dict(config.options)
    kwargs: dict[str, Any] = {}
    where = "tool.l10n.engines.offline"
    location = options.pop("models_dir", None) or config.url
    if location:
        folder = Path(str(location)).expanduser()
        if (folder / MANIFEST).is_file():
            kwargs["models_dir"] = folder.parent
            kwargs["model"] = folder.name
        else:
            kwargs["models_dir"] = folder
    if "model" in options:
        kwargs["model"] = str(options.pop("model"))
    for key in ("beam_size", "threads", "max_batch_size", "max_input_tokens"):
        if key in options:
            value = options.pop(key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{where}.{key}: expected a positive integer, got {value!r}")
            kwargs[key] = value
    if "compute_type" in options:
        kwargs["compute_type"] = str(options.pop("compute_type"))
    for key in sorted(options):
        log.warning("%s.%s: unknown option, ignored", where, key)
    return kwargs


def create(config: EngineConfig) -> OfflineEngine:
    """Factory for the engine registry."""
    return OfflineEngine(**_options(config))


def engine_info(config: EngineConfig) -> EngineInfo:
    """What `l10n engines` shows: the installed models, or how to install one."""
    engine = create(config)
    needs = f"an installed CTranslate2 model ({engine.models_dir})"
    missing = [name for name in ("ctranslate2", "sentencepiece") if not _importable(name)]
    if missing:
        return EngineInfo(NAME, False, needs, False,
                          f"pip install {' '.join(missing)}")
    models = engine.models()
    if not models:
        return EngineInfo(NAME, False, needs, False,
                          f"no models installed: run `{INSTALL_HINT}`", ())
    languages = tuple(sorted({code for m in models for code in m.languages}))
    return EngineInfo(NAME, False, needs, True, "; ".join(m.describe() for m in models),
                      languages)


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None
