"""The installed offline models: the models folder, manifests, listing and lookup by pair."""

from __future__ import annotations

import itertools
import json
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from l10n.workspace.errors import InputError

# The logger keeps the name it had before the registry moved out of l10n.engines.models.
log = logging.getLogger("l10n.engines.models")

MANIFEST = "l10n-model.json"
MANIFEST_FORMAT = 1
FAMILIES = ("argos", "nllb", "m2m100")
INSTALL_HINT = "l10n engines install PATH"


@dataclass(frozen=True)
class InstalledModel:
    """One installed model, as read from its manifest.

    Attributes:
        name: folder name, used to pick the model (``argos-en-ru``).
        family: ``argos``, ``nllb`` or ``m2m100``.
        version: package version (or a content hash when none was given).
        path: the model's folder.
        model_dir: the CTranslate2 model folder (``path`` or ``path/model``).
        sentencepiece: the SentencePiece model file.
        direct_pairs: (source, target) pairs of a bilingual (Argos) model.
        language_tokens: language id -> token of a multilingual model.
        target_prefix: Argos ``target_prefix`` (usually empty).
        size: bytes on disk.
    """

    name: str
    family: str
    version: str
    path: Path
    model_dir: Path
    sentencepiece: Path
    direct_pairs: tuple[tuple[str, str], ...] = ()
    language_tokens: Mapping[str, str] = field(default_factory=dict)
    target_prefix: str = ""
    size: int = 0

    @property
    def multilingual(self) -> bool:
        return self.family != "argos"

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language the model reads or writes."""
        if self.multilingual:
            return tuple(sorted(self.language_tokens))
        return tuple(sorted({code for pair in self.direct_pairs for code in pair}))

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """Every (source, target) pair the model translates."""
        if self.multilingual:
            return tuple(itertools.permutations(self.languages, 2))
        return self.direct_pairs

    def language_token(self, code: str) -> str | None:
        """The multilingual model's token for a Babel id (``kk`` → ``kaz_Cyrl``)."""
        for key in _lookup_keys(code):
            if key in self.language_tokens:
                return self.language_tokens[key]
        return None

    def covers(self, source: str, target: str) -> bool:
        """True when the model translates ``source`` into ``target``."""
        if self.multilingual:
            return (self.language_token(source) is not None
                    and self.language_token(target) is not None)
        return any(_same_language(source, s) and _same_language(target, t)
                   for s, t in self.direct_pairs)

    @property
    def fingerprint(self) -> str:
        return f"{self.name}@{self.version}"

    def describe(self) -> str:
        """One line for `l10n engines`: name, family, languages, size."""
        if self.multilingual:
            langs = f"{len(self.language_tokens)} languages ({', '.join(self.languages[:8])}"
            langs += ", ...)" if len(self.language_tokens) > 8 else ")"
        else:
            langs = ", ".join(f"{s}→{t}" for s, t in self.direct_pairs)
        return (f"{self.name} {self.version} [{self.family}] {langs}, "
                f"{self.size / 1e6:.1f} MB")


# -- where models live -------------------------------------------------------------


def default_models_dir(models_dir: Path | str | None = None,
                       environ: Mapping[str, str] | None = None) -> Path:
    """The models folder: ``models_dir`` if given, else ``$L10N_MODELS_DIR``, else
    ``$XDG_DATA_HOME/l10n/models`` (``~/.local/share/l10n/models``)."""
    if models_dir is not None:
        return Path(models_dir).expanduser()
    env = os.environ if environ is None else environ
    if env.get("L10N_MODELS_DIR"):
        return Path(env["L10N_MODELS_DIR"]).expanduser()
    data_home = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home).expanduser() / "l10n" / "models"


def list_models(models_dir: Path | str | None = None) -> list[InstalledModel]:
    """The installed models, sorted by name. Folders without a readable manifest are
    skipped (with a warning in the log); a missing models folder means no models."""
    root = default_models_dir(models_dir)
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(root.iterdir()):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        try:
            found.append(read_manifest(folder))
        except InputError as exc:
            log.warning("skipping model folder %s", exc)
    return found


def find_model(models: list[InstalledModel], source: str, target: str) -> InstalledModel | None:
    """The model for a pair: a direct (Argos) model first, else a multilingual one."""
    direct = [m for m in models if not m.multilingual and m.covers(source, target)]
    multi = [m for m in models if m.multilingual and m.covers(source, target)]
    for candidates in (direct, multi):
        if candidates:
            return candidates[0]
    return None


def read_manifest(folder: Path) -> InstalledModel:
    """Read an installed model's ``l10n-model.json``.

    Raises:
        InputError: missing or invalid manifest, or files it names are missing.
    """
    path = folder / MANIFEST
    data = _read_json(path)
    try:
        family = data["family"]
        if family not in FAMILIES:
            raise ValueError(f"unknown family {family!r}")
        model_dir = folder / str(data.get("model_dir", "."))
        sp = folder / str(data["sentencepiece"])
        pairs = tuple((str(s), str(t)) for s, t in data.get("pairs", ()))
        tokens = {str(k): str(v) for k, v in dict(data.get("language_tokens", {})).items()}
        model = InstalledModel(
            name=folder.name, family=family,
            version=str(data.get("version", "0")), path=folder, model_dir=model_dir,
            sentencepiece=sp, direct_pairs=pairs, language_tokens=tokens,
            target_prefix=str(data.get("target_prefix", "")), size=_tree_size(folder))
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(path, None, f"invalid manifest: {exc}") from None
    for needed in (model_dir / "model.bin", sp):
        if not needed.is_file():
            raise InputError(path, None, f"model file missing: {needed}")
    return model


# -- helpers ----------------------------------------------------------------------


def _read_json(file: Path, *, shown: Path | None = None) -> dict[str, Any]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(shown or file, None, f"{file.name} missing") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(shown or file, None, f"{file.name} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(shown or file, None, f"{file.name} must hold a JSON object")
    return data


def _tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _lookup_keys(code: str) -> list[str]:
    code = code.replace("-", "_")
    base = code.split("_")[0].lower()
    return [code, base] if base != code else [code]


def _same_language(requested: str, offered: str) -> bool:
    """``en_GB`` asks for ``en``; ``zh_TW`` and ``zh`` differ only when both say so."""
    req, off = requested.replace("-", "_"), offered.replace("-", "_")
    if req.lower() == off.lower():
        return True
    return "_" not in off and req.split("_")[0].lower() == off.lower()
