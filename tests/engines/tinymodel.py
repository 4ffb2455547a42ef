"""Tiny offline translation models for tests: built in memory, no torch, no model hub.

Two ingredients, as described in shared/notes/mt-engines.md:

* a SentencePiece unigram model trained in memory on a few KB of English, Russian
  and Kazakh text (``byte_fallback=True`` so any character, Cyrillic included, can
  be encoded), and
* a CTranslate2 ``TransformerSpec`` (1 encoder layer, 1 decoder layer, 1 head) whose
  weights are set by hand so that it is a deterministic **copy model**: step *t* of
  the decoder outputs source token *t*, so the "translation" equals the input.

How the copy works (d_model = vocabulary + position code):

* Token embeddings are one-hot; embeddings are not scaled by sqrt(d).
* The position code p(t) has constant norm and zero sum (cos/sin pairs and their
  negations), so every layer norm sees vectors with the same mean and variance:
  gamma/beta are set to undo the normalisation exactly, and the one-hot code survives.
* Self-attention and feed-forward weights are zero (they add nothing to the residual).
* In the decoder's cross-attention, query and key read only the position part
  (p(t)·p(s) peaks sharply at s == t), value and output read only the token part
  and write it, amplified, into the token part of the residual.
* The output projection reads the token part. A *substituting* model replaces a few
  rows of it so that token ``a`` comes out as token ``b`` (a known wrong rendering),
  with ``a`` itself as the runner-up (so ``suppress_sequences`` can bring it back).

The source of step *t* must be source token *t*: Argos-style packages therefore set
``add_source_eos`` (the copied ``</s>`` ends the output), and the NLLB-style folder
expects ``[lang] pieces </s>`` as the real NLLB does, with ``</s>`` as decoder start
token and the target language token forced by ``target_prefix``.
"""

from __future__ import annotations

import functools
import io
import json
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import ctranslate2
import numpy as np
import sentencepiece as spm
from ctranslate2.converters import Converter
from ctranslate2.specs import transformer_spec

NLLB_LANGUAGE_TOKENS = ("eng_Latn", "kaz_Cyrl", "rus_Cyrl", "fra_Latn")
MAX_POSITIONS = 2048  # rows of the position table: inputs up to this many tokens
_POSITION_FREQUENCIES = 16  # K: the position code has 4*K dimensions
_ATTENTION_SHARPNESS = 80.0  # beta: score gap between s == t and s != t is >= 0.3*beta
_COPY_GAIN = 10.0  # how much the copied token outweighs the decoder's own input token
_LOGIT_GAIN = 2.0
_RUNNER_UP = 0.9  # weight of the original token in a substituted row

_CORPUS = """\
The Foundation welcomes the new education programme announced today in Nur-Sultan.
Our volunteers delivered food, water and medicine to 1,200 families in the region.
The report will be published on 15 March 2024 at the press centre.
For more information, contact the press office by e-mail or telephone.
President Tokayev met representatives of civil society organisations.
The project is funded by the European Union and the United Nations.
Children and young people are at the heart of everything we do.
Click <1>here</1> to read the full report <2/> or visit our website.
Фонд приветствует новую образовательную программу, объявленную сегодня в Нур-Султане.
Наши волонтёры доставили продукты, воду и лекарства 1200 семьям региона.
Отчёт будет опубликован 15 марта 2024 года в пресс-центре.
Президент Токаев встретился с представителями гражданского общества.
Қор бүгін Нұр-Сұлтанда жарияланған жаңа білім беру бағдарламасын құптайды.
Біздің еріктілер өңірдегі 1200 отбасына азық-түлік, су және дәрі-дәрмек жеткізді.
Есеп 2024 жылғы 15 наурызда баспасөз орталығында жарияланады.
Президент Тоқаев азаматтық қоғам өкілдерімен кездесті.
La Fondation salue le nouveau programme éducatif annoncé aujourd'hui à Nur-Sultan.
"""


# --------------------------------------------------------------------------- SentencePiece


@functools.lru_cache(maxsize=8)
def sentencepiece_model(user_symbols: tuple[str, ...] = ()) -> bytes:
    """Train a unigram SentencePiece model in memory; return its serialized proto.

    ``user_symbols`` become single pieces wherever they occur (used for the terms a
    substituting model rewrites).
    """
    lines = _CORPUS.splitlines() * 3
    lines += [f"{symbol} {symbol}." for symbol in user_symbols]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="unigram",
        vocab_size=384,
        byte_fallback=True,
        hard_vocab_limit=False,
        character_coverage=1.0,
        user_defined_symbols=list(user_symbols),
        minloglevel=2,
        num_threads=1,
    )
    return model.getvalue()


def pieces_of(sp_model: bytes) -> list[str]:
    """The vocabulary of a serialized SentencePiece model, in id order."""
    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


# --------------------------------------------------------------------------- CTranslate2


class _SpecConverter(Converter):
    """A converter whose "model" is a ready-made spec."""

    def __init__(self, spec: transformer_spec.TransformerSpec) -> None:
        self._spec = spec

    def _load(self) -> transformer_spec.TransformerSpec:
        return self._spec


def _position_code(rows: int, frequencies: int) -> np.ndarray:
    """p(t) for t < rows: constant norm 1 and zero sum; p(t)·p(s) peaks at s == t."""
    w = np.pi * np.geomspace(1.0, 1.0 / 600.0, frequencies)
    angles = np.outer(np.arange(rows), w)
    half = np.concatenate([np.cos(angles), np.sin(angles)], axis=1)
    code = np.concatenate([half, -half], axis=1)
    return code / np.sqrt(2 * frequencies)


def _identity_norm(spec, d_model: int, epsilon: float, extra_scale: float = 1.0) -> None:
    """Set a layer norm so that it returns its input for one-hot + position vectors."""
    mean = 1.0 / d_model  # one-hot sums to 1, the position code to 0
    variance = 2.0 / d_model - mean * mean  # squared norms: 1 + 1
    spec.gamma = np.full(d_model, np.sqrt(variance + epsilon) * extra_scale, np.float32)
    spec.beta = np.full(d_model, mean * extra_scale, np.float32)


def _zero_linear(spec, out_dim: int, in_dim: int) -> None:
    spec.weight = np.zeros((out_dim, in_dim), np.float32)
    spec.bias = np.zeros(out_dim, np.float32)


def copy_model_spec(
    vocabulary: Sequence[str],
    *,
    substitutions: Mapping[str, str] | None = None,
    decoder_start_token: str = "<s>",
    add_source_eos: bool = True,
) -> transformer_spec.TransformerSpec:
    """A TransformerSpec that copies its source, optionally substituting some tokens.

    Args:
        vocabulary: tokens, shared by source and target.
        substitutions: token -> token the model outputs instead (both in vocabulary).
        decoder_start_token: ``<s>`` (OpenNMT/Argos) or ``</s>`` (NLLB, M2M-100).
        add_source_eos: let CTranslate2 append ``</s>`` to the source (so the copy ends).
    """
    vocab = list(vocabulary)
    index = {token: i for i, token in enumerate(vocab)}
    n_vocab = len(vocab)
    n_pos = 4 * _POSITION_FREQUENCIES
    d_model = -(-(n_vocab + n_pos) // 16) * 16  # round up: padding dims stay zero
    pos = slice(d_model - n_pos, d_model)
    tok = slice(0, n_vocab)
    epsilon = 1e-5

    spec = transformer_spec.TransformerSpec.from_config((1, 1), 1)
    spec.config.layer_norm_epsilon = epsilon  # written to config.json
    embeddings = np.zeros((n_vocab, d_model), np.float32)
    embeddings[np.arange(n_vocab), np.arange(n_vocab)] = 1.0
    table = np.zeros((MAX_POSITIONS, d_model), np.float32)
    table[:, pos] = _position_code(MAX_POSITIONS, _POSITION_FREQUENCIES)

    for side in (spec.encoder, spec.decoder):
        side.scale_embeddings = False
        side.position_encodings.encodings = table
        for layer in side.layer:
            _identity_norm(layer.self_attention.layer_norm, d_model, epsilon)
            _zero_linear(layer.self_attention.linear[0], 3 * d_model, d_model)
            _zero_linear(layer.self_attention.linear[1], d_model, d_model)
            _identity_norm(layer.ffn.layer_norm, d_model, epsilon)
            _zero_linear(layer.ffn.linear_0, 4, d_model)
            _zero_linear(layer.ffn.linear_1, d_model, 4)
        _identity_norm(side.layer_norm, d_model, epsilon)
    spec.encoder.embeddings[0].weight = embeddings
    spec.decoder.embeddings.weight = embeddings.copy()

    # Cross-attention: query/key = position part, value/output = token part.
    cross = spec.decoder.layer[0].attention
    _identity_norm(cross.layer_norm, d_model, epsilon)
    query = np.zeros((d_model, d_model), np.float32)
    # CTranslate2 scales queries by 1/sqrt(depth); fold the sharpness on top of it.
    query[pos, pos] = np.eye(n_pos) * _ATTENTION_SHARPNESS * np.sqrt(d_model)
    key_value = np.zeros((2 * d_model, d_model), np.float32)
    key_value[pos, pos] = np.eye(n_pos)
    key_value[d_model + tok.start : d_model + tok.stop, tok] = np.eye(n_vocab)
    output = np.zeros((d_model, d_model), np.float32)
    output[tok, tok] = np.eye(n_vocab) * _COPY_GAIN
    for linear, weight in zip(cross.linear, (query, key_value, output)):
        linear.weight = weight
        linear.bias = np.zeros(weight.shape[0], np.float32)

    # Output projection: logits read the token part (with substitutions).
    projection = np.zeros((n_vocab, d_model), np.float32)
    projection[np.arange(n_vocab), np.arange(n_vocab)] = _LOGIT_GAIN
    for wrong_from, wrong_to in (substitutions or {}).items():
        a, b = index[wrong_from], index[wrong_to]
        projection[b, a] = _LOGIT_GAIN
        projection[a, a] = _LOGIT_GAIN * _RUNNER_UP
    spec.decoder.projection.weight = projection
    spec.decoder.projection.bias = np.zeros(n_vocab, np.float32)

    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.config.decoder_start_token = decoder_start_token
    spec.config.add_source_eos = add_source_eos
    return spec


def save_copy_model(
    out_dir: Path,
    vocabulary: Sequence[str],
    *,
    substitutions: Mapping[str, str] | None = None,
    decoder_start_token: str = "<s>",
    add_source_eos: bool = True,
    quantization: str | None = "int8",
) -> Path:
    """Write a copy (or substituting) model as a CTranslate2 model directory."""
    spec = copy_model_spec(
        vocabulary,
        substitutions=substitutions,
        decoder_start_token=decoder_start_token,
        add_source_eos=add_source_eos,
    )
    _SpecConverter(spec).convert(str(out_dir), quantization=quantization, force=True)
    return Path(out_dir)


# --------------------------------------------------------------------------- packages


def _substitution_symbols(substitutions: Mapping[str, str] | None) -> tuple[str, ...]:
    symbols: list[str] = []
    for pair in (substitutions or {}).items():
        symbols.extend(s for s in pair if s not in symbols)
    return tuple(symbols)


def write_argos_folder(
    dest: Path,
    *,
    from_code: str = "en",
    to_code: str = "ru",
    version: str = "1.0",
    substitutions: Mapping[str, str] | None = None,
    quantization: str | None = "int8",
    add_source_eos: bool = True,
) -> Path:
    """Write an unzipped Argos Translate package (one folder) at ``dest``.

    ``add_source_eos=False`` gives a model that never ends its output (it repeats the
    last source token), to test that the engine refuses cut translations.
    """
    sp_model = sentencepiece_model(_substitution_symbols(substitutions))
    dest.mkdir(parents=True, exist_ok=True)
    save_copy_model(
        dest / "model",
        pieces_of(sp_model),
        substitutions=substitutions,
        quantization=quantization,
        add_source_eos=add_source_eos,
    )
    (dest / "sentencepiece.model").write_bytes(sp_model)
    (dest / "stanza").mkdir(exist_ok=True)
    (dest / "stanza" / "README").write_text("sentence splitter (unused by l10n)\n")
    metadata = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
        "type": "translate",
        "target_prefix": "",
    }
    (dest / "metadata.json").write_text(json.dumps(metadata, indent=2))
    return dest


def zip_folder(folder: Path, archive: Path, *, top: str | None = None) -> Path:
    """Zip ``folder`` under one top folder named ``top`` (default: folder's name)."""
    top = top or folder.name
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{top}/{path.relative_to(folder).as_posix()}")
    return archive


def make_argos_package(
    dest_dir: Path,
    *,
    from_code: str = "en",
    to_code: str = "ru",
    version: str = "1.0",
    substitutions: Mapping[str, str] | None = None,
    name: str | None = None,
) -> Path:
    """Build ``<dest_dir>/<name>.argosmodel``, a zip with one top folder."""
    name = name or f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    folder = write_argos_folder(
        dest_dir / f"{name}.src",
        from_code=from_code,
        to_code=to_code,
        version=version,
        substitutions=substitutions,
    )
    return zip_folder(folder, dest_dir / f"{name}.argosmodel", top=name)


def make_nllb_folder(
    dest: Path,
    *,
    languages: Iterable[str] = NLLB_LANGUAGE_TOKENS,
    substitutions: Mapping[str, str] | None = None,
    manifest: Mapping[str, object] | None = None,
    quantization: str | None = "int8",
) -> Path:
    """Write an NLLB-style CTranslate2 conversion folder (tokens ``eng_Latn`` …).

    Layout as ``ct2-transformers-converter`` writes it: ``model.bin``,
    ``config.json``, ``shared_vocabulary.json`` plus the ``sentencepiece.bpe.model``
    copied from the Hugging Face repository. ``manifest`` (if given) is written as
    ``l10n-model.json``.
    """
    sp_model = sentencepiece_model(_substitution_symbols(substitutions))
    vocabulary = pieces_of(sp_model) + [t for t in languages]
    save_copy_model(
        dest,
        vocabulary,
        substitutions=substitutions,
        decoder_start_token="</s>",
        add_source_eos=False,
        quantization=quantization,
    )
    (dest / "sentencepiece.bpe.model").write_bytes(sp_model)
    if manifest is not None:
        (dest / "l10n-model.json").write_text(json.dumps(dict(manifest), indent=2))
    return dest


def copy_translate(model_dir: Path, sp_model: bytes, text: str, **options) -> str:
    """Run a raw copy model on one text (for checking the model itself)."""
    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    translator = ctranslate2.Translator(str(model_dir), device="cpu", intra_threads=1)
    pieces = sp.encode(text, out_type=str)
    result = translator.translate_batch(
        [pieces], max_decoding_length=len(pieces) + 8, **options
    )
    return sp.decode(result[0].hypotheses[0])
