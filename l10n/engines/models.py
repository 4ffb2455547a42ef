"""Installing offline translation models: validate and unpack a package into the models folder.

A models folder holds one sub-folder per installed model, each with an
``l10n-model.json`` manifest written at install time::

    $L10N_MODELS_DIR (default ~/.local/share/l10n/models)
      argos-en-ru/                  an Argos Translate package, unzipped as is
        l10n-model.json             {"family": "argos", "pairs": [["en", "ru"]], ...}
        metadata.json  model/{model.bin,config.json,shared_vocabulary.*}
        sentencepiece.model  stanza/ ...
      nllb-200-distilled-600M/      a CTranslate2 conversion of a multilingual model
        l10n-model.json             {"family": "nllb", "language_tokens": {"kk": "kaz_Cyrl", ...}}
        model.bin config.json shared_vocabulary.json sentencepiece.bpe.model

Two kinds of input are accepted by `install_model`:

* an Argos Translate package (``.argosmodel`` zip with one top folder, or that folder
  unzipped): ``metadata.json`` (``from_code``, ``to_code``, ``package_version``,
  ``target_prefix``), ``model/`` (CTranslate2) and ``sentencepiece.model``. Packages
  tokenised with BPE (``bpe.model``) are refused: l10n reads SentencePiece only.
* a CTranslate2 conversion folder of NLLB-200 or M2M-100 (``model.bin``,
  ``config.json``, a vocabulary, the model's SentencePiece file). Its family comes
  from the ``family`` argument, else an ``l10n-model.json`` in the folder
  (``{"family": "nllb", "name": ..., "version": ...}``), else from the language
  tokens in its vocabulary (``eng_Latn`` → nllb, ``__en__`` → m2m100).

Installs are atomic: the package is extracted (zip-slip safe) or copied into a
hidden temporary folder inside the models folder, validated, and renamed into place.

The installed-model registry (the models folder, manifests, listing, lookup) lives in
`l10n.engines.model_registry`; its public names are re-exported here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tarfile
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from l10n.engines.download import Progress, check_sha256, download, file_sha256, is_url

from l10n.engines.model_registry import (
    FAMILIES,
    INSTALL_HINT,
    MANIFEST,
    MANIFEST_FORMAT,
    InstalledModel,
    _read_json,
    default_models_dir,
    find_model,
    list_models,
    read_manifest,
)
from l10n.workspace.errors import InputError

__all__ = ["FAMILIES", "INSTALL_HINT", "MANIFEST", "MANIFEST_FORMAT", "NLLB_CODES",
           "InstalledModel", "default_models_dir", "find_model", "install_from", "install_model",
           "list_models", "read_manifest"]

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$")
_LANG_RE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")
_NLLB_TOKEN_RE = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")
_M2M_TOKEN_RE = re.compile(r"^__([a-z]{2,3})__$")
_SP_CANDIDATES = ("sentencepiece.bpe.model", "spm.model", "sentencepiece.model",
                  "source.spm", "spm.src.model")
_MAX_MEMBERS = 20_000
_MAX_UNPACKED = 16 * 1024**3  # 16 GiB: refuse zip bombs

# Babel language ids -> NLLB-200 language tokens (the languages NGOs ask for most;
# an l10n-model.json can map any other: {"language_tokens": {"xx": "xxx_Latn"}}).
NLLB_CODES: dict[str, str] = {
    "af": "afr_Latn", "am": "amh_Ethi", "ar": "arb_Arab", "az": "azj_Latn",
    "be": "bel_Cyrl", "bg": "bul_Cyrl", "bn": "ben_Beng", "bs": "bos_Latn",
    "ca": "cat_Latn", "cs": "ces_Latn", "da": "dan_Latn", "de": "deu_Latn",
    "el": "ell_Grek", "en": "eng_Latn", "es": "spa_Latn", "et": "est_Latn",
    "fa": "pes_Arab", "fi": "fin_Latn", "fr": "fra_Latn", "ga": "gle_Latn",
    "he": "heb_Hebr", "hi": "hin_Deva", "hr": "hrv_Latn", "hu": "hun_Latn",
    "hy": "hye_Armn", "id": "ind_Latn", "it": "ita_Latn", "ja": "jpn_Jpan",
    "ka": "kat_Geor", "kk": "kaz_Cyrl", "ko": "kor_Hang", "ky": "kir_Cyrl",
    "lt": "lit_Latn", "lv": "lvs_Latn", "mk": "mkd_Cyrl", "mn": "khk_Cyrl",
    "ms": "zsm_Latn", "nl": "nld_Latn", "nb": "nob_Latn", "pl": "pol_Latn",
    "ps": "pbt_Arab", "pt": "por_Latn", "ro": "ron_Latn", "ru": "rus_Cyrl",
    "sk": "slk_Latn", "sl": "slv_Latn", "sq": "als_Latn", "sr": "srp_Cyrl",
    "sv": "swe_Latn", "sw": "swh_Latn", "tg": "tgk_Cyrl", "th": "tha_Thai",
    "tk": "tuk_Latn", "tr": "tur_Latn", "uk": "ukr_Cyrl", "ur": "urd_Arab",
    "uz": "uzn_Latn", "vi": "vie_Latn", "zh": "zho_Hans", "zh_Hans": "zho_Hans",
    "zh_CN": "zho_Hans", "zh_Hant": "zho_Hant", "zh_TW": "zho_Hant",
}


# -- installing ---------------------------------------------------------------------


def install_from(source: str | Path, models_dir: Path | str | None = None, *,
                 sha256: str | None = None, family: str | None = None,
                 name: str | None = None, languages: tuple[str, Sequence[str]] | None = None,
                 progress: Progress | None = None) -> InstalledModel:
    """Install a model from a URL (downloaded first, resumably) or a path.

    Args:
        source: an http(s) URL of an ``.argosmodel``, ``.zip`` or ``.tar.gz`` file, or a
            path `install_model` takes.
        sha256: the package file's expected SHA-256; a mismatch installs nothing.
        languages: (source language, target languages): refuse a model that translates
            none of these pairs.
        progress: download progress, (bytes so far, total or None).

    Raises:
        InputError: as `install_model`, plus download failures and checksum mismatches
            (named by the URL, without its query).
    """
    root = default_models_dir(models_dir)
    if isinstance(source, Path) or not is_url(source):
        path = Path(source).expanduser()
        expected = check_sha256(sha256)
        if expected is not None and path.is_file() and file_sha256(path) != expected:
            raise InputError(path, None, f"checksum mismatch: expected sha256 {expected}, got "
                                         f"{file_sha256(path)}; nothing installed")
        return install_model(path, root, family=family, name=name, languages=languages)
    archive = download(source, root, sha256=sha256, progress=progress)
    shown = source.split("?", 1)[0].split("#", 1)[0]
    try:
        return install_model(archive, root, family=family, name=name, languages=languages,
                             origin=archive.name.removeprefix(".download-"))
    except InputError as exc:
        raise InputError(shown, None, exc.reason) from None
    finally:
        archive.unlink(missing_ok=True)


def install_model(path: Path | str, models_dir: Path | str | None = None, *,
                  family: str | None = None, name: str | None = None,
                  version: str | None = None, replace: bool = False,
                  languages: tuple[str, Sequence[str]] | None = None,
                  origin: str | None = None) -> InstalledModel:
    """Install an Argos package or a multilingual CTranslate2 folder into the models folder.

    Args:
        path: ``.argosmodel`` (zip) file, its unzipped folder, or an NLLB/M2M-100
            CTranslate2 conversion folder.
        models_dir: models folder (default: see `default_models_dir`).
        family: ``nllb`` or ``m2m100`` for a multilingual folder (overrides its
            ``l10n-model.json`` and the guess from the vocabulary).
        name: folder name to install under (default: ``argos-<from>-<to>``, or the
            manifest's name, or the folder's name).
        version: version shown and used in fingerprints (default: the package's
            version, else a hash of ``model.bin``).
        replace: replace an installed model of the same name.
        languages: (source language, target languages): refuse a model that translates
            none of these pairs.
        origin: the package's own file name when ``path`` is a download.

    Returns:
        The installed model.

    Raises:
        InputError: the package is unreadable, unsafe, incomplete or of an
            unsupported kind, or a model of that name is installed (and not ``replace``).
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise InputError(path, None, "no such file or folder")
    if family is not None and family not in ("nllb", "m2m100"):
        raise InputError(path, None, f"unknown model family {family!r}: use nllb or m2m100 "
                                     "(Argos packages are recognised by their metadata.json)")
    root = default_models_dir(models_dir)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=root))
    try:
        unpacked = staging / "package"
        if path.is_file() and _is_tar(origin or path.name):
            top = _extract_tar(path, unpacked)
        elif path.is_file():
            top = _extract_zip(path, unpacked)
        elif path.is_dir():
            _copy_folder(path, unpacked)
            top = unpacked
        else:
            raise InputError(path, None, "not a regular file or folder")
        if (top / "metadata.json").is_file():
            if family is not None:
                raise InputError(path, None, f"family {family!r} given, but this is an "
                                             "Argos package (it has metadata.json)")
            manifest = _argos_manifest(path, top)
        elif (top / "model.bin").is_file():
            manifest = _multilingual_manifest(path, top, family,
                                              _default_name(path, top, unpacked, origin))
        else:
            raise InputError(path, None, "neither an Argos Translate package (no "
                                         "metadata.json) nor a CTranslate2 model folder "
                                         "(no model.bin)")
        if name is not None:
            manifest["name"] = name
        if version is not None:
            manifest["version"] = version
        if not _NAME_RE.match(manifest["name"]):
            raise InputError(path, None, f"unusable model name {manifest['name']!r}: use "
                                         "letters, digits, '.', '_', '+' and '-'")
        if "version" not in manifest:
            manifest["version"] = "sha256-" + file_sha256(top / manifest.get("model_dir", ".")
                                                         / "model.bin")[:12]
        (top / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                    encoding="utf-8")
        model = read_manifest(top)  # the manifest we wrote must read back
        if languages is not None:
            _check_languages(path, model, *languages)
        dest = root / manifest["name"]
        _move_into_place(path, top, dest, replace=replace)
        return read_manifest(dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_languages(path: Path, model: InstalledModel, source: str,
                     targets: Sequence[str]) -> None:
    """Refuse a model that translates none of the workspace's pairs."""
    if not any(model.covers(source, target) for target in targets):
        offered = (", ".join(f"{s}→{t}" for s, t in model.direct_pairs) if not model.multilingual
                   else ", ".join(model.languages))
        raise InputError(path, None, f"this model cannot translate {source}→"
                                     f"{', '.join(targets)} (it covers {offered or 'nothing'}); "
                                     "nothing installed")


def _default_name(path: Path, top: Path, unpacked: Path, origin: str | None) -> str:
    """A multilingual folder's name: its top folder in an archive, else the file's stem."""
    if top != unpacked:
        return top.name
    shown = origin or path.name
    for suffix in (".tar.gz", ".tgz", ".zip"):
        if shown.lower().endswith(suffix):
            return shown[: -len(suffix)]
    return shown


def _move_into_place(path: Path, top: Path, dest: Path, *, replace: bool) -> None:
    """Rename the validated folder to ``dest`` (atomic on one file system)."""
    if dest.exists():
        if not replace:
            raise InputError(path, None, f"a model named {dest.name!r} is already installed "
                                         f"in {dest.parent}; remove it or replace it (--force)")
        old = dest.with_name(f".old-{dest.name}-{os.getpid()}")
        os.rename(dest, old)
        try:
            os.rename(top, dest)
        except OSError:
            os.rename(old, dest)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(top, dest)


def _extract_zip(path: Path, dest: Path) -> Path:
    """Extract a zip safely; return the package folder (its single top folder)."""
    if not zipfile.is_zipfile(path):
        raise InputError(path, None, "not a zip archive (an .argosmodel package is a zip file)")
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            _check_members(path, members)
            dest.mkdir()
            for info in members:
                target = dest.joinpath(*PurePosixPath(info.filename).parts)
                if not target.resolve().is_relative_to(dest.resolve()):
                    raise InputError(path, None, f"unsafe path in zip archive: "
                                                 f"{info.filename!r}")
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "xb") as out:
                    shutil.copyfileobj(src, out, 1024 * 1024)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise InputError(path, None, f"damaged zip archive: {exc}") from None
    except FileExistsError as exc:
        raise InputError(path, None, f"duplicate entry in zip archive: {exc.filename}") from None
    except OSError as exc:  # a file and a folder of the same name, disk full...
        raise InputError(path, None, f"cannot extract: {exc}") from None
    return _package_folder(path, dest)


def _package_folder(path: Path, dest: Path) -> Path:
    """The extracted package: ``dest`` itself, or its single top folder."""
    if (dest / "metadata.json").is_file() or (dest / "model.bin").is_file():
        return dest
    entries = [p for p in dest.iterdir()]
    if len(entries) != 1 or not entries[0].is_dir():
        raise InputError(path, None, "an .argosmodel package holds exactly one top folder; "
                                     f"found {len(entries)} top-level entries")
    return entries[0]


def _is_tar(name: str) -> bool:
    return name.lower().endswith((".tar.gz", ".tgz", ".tar"))


def _extract_tar(path: Path, dest: Path) -> Path:
    """Extract a (gzipped) tar archive safely: regular files and folders only, no path
    outside ``dest``, bounded size; return the package folder."""
    try:
        with tarfile.open(path, "r:*") as tar:
            members = tar.getmembers()
            if len(members) > _MAX_MEMBERS:
                raise InputError(path, None, f"too many entries in tar archive ({len(members)})")
            if sum(m.size for m in members) > _MAX_UNPACKED:
                raise InputError(path, None, "tar archive unpacks to more than "
                                             f"{_MAX_UNPACKED} bytes")
            dest.mkdir()
            for info in members:
                parts = PurePosixPath(info.name).parts
                if (not parts or info.name.startswith("/") or ".." in parts
                        or "\\" in info.name or "\0" in info.name):
                    raise InputError(path, None, f"unsafe path in tar archive: {info.name!r}")
                target = dest.joinpath(*parts)
                if info.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                if not info.isfile():
                    raise InputError(path, None, f"link or special file in tar archive: "
                                                 f"{info.name!r}")
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(info)
                assert source is not None  # a regular file
                with source, open(target, "xb") as out:
                    shutil.copyfileobj(source, out, 1024 * 1024)
    except (tarfile.TarError, EOFError, OSError) as exc:
        if isinstance(exc, FileExistsError):
            raise InputError(path, None, f"duplicate entry in tar archive: "
                                         f"{exc.filename}") from None
        raise InputError(path, None, f"not a readable tar.gz archive: {exc}") from None
    return _package_folder(path, dest)


def _check_members(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Refuse zip slip (absolute paths, '..', drive letters), links and zip bombs."""
    if len(members) > _MAX_MEMBERS:
        raise InputError(path, None, f"too many entries in zip archive ({len(members)})")
    total = 0
    for info in members:
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if (name.startswith(("/", "\\")) or "\\" in name or ".." in parts
                or (parts and ":" in parts[0]) or not parts or "\0" in name):
            raise InputError(path, None, f"unsafe path in zip archive: {name!r}")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise InputError(path, None, f"symbolic link in zip archive: {name!r}")
        if info.flag_bits & 0x1:
            raise InputError(path, None, f"encrypted entry in zip archive: {name!r}")
        total += info.file_size
    if total > _MAX_UNPACKED:
        raise InputError(path, None, f"zip archive unpacks to {total} bytes, more than the "
                                     f"{_MAX_UNPACKED} allowed")


def _copy_folder(path: Path, dest: Path) -> None:
    """Copy a package folder, refusing symbolic links (they could point anywhere)."""
    for item in path.rglob("*"):
        if item.is_symlink():
            raise InputError(path, None, f"symbolic link in package: {item.relative_to(path)}")
    shutil.copytree(path, dest, symlinks=True)


def _argos_manifest(path: Path, top: Path) -> dict[str, Any]:
    meta = _read_json(top / "metadata.json", shown=path)
    where = f"metadata.json in {path}"
    if meta.get("type", "translate") != "translate":
        raise InputError(path, None, f"{where}: package type {meta.get('type')!r} is not "
                                     "a translation model")
    codes = []
    for key in ("from_code", "to_code"):
        code = meta.get(key)
        if not isinstance(code, str) or not _LANG_RE.match(code):
            raise InputError(path, None, f"{where}: {key} must be a language code, "
                                         f"got {code!r}")
        codes.append(code)
    version = meta.get("package_version", "0")
    prefix = meta.get("target_prefix", "") or ""
    if not isinstance(version, (str, int, float)) or not isinstance(prefix, str):
        raise InputError(path, None, f"{where}: package_version and target_prefix must be text")
    _check_ct2_folder(path, top / "model", "model/")
    if not (top / "sentencepiece.model").is_file():
        if (top / "bpe.model").is_file():
            raise InputError(path, None, "this package is tokenised with BPE (bpe.model), "
                                         "which l10n does not support; use a package with "
                                         "sentencepiece.model")
        raise InputError(path, None, "sentencepiece.model missing from the package")
    _check_sentencepiece(path, top / "sentencepiece.model")
    source, target = codes
    return {"format": MANIFEST_FORMAT, "name": f"argos-{source}-{target}", "family": "argos",
            "version": str(version), "model_dir": "model",
            "sentencepiece": "sentencepiece.model", "pairs": [[source, target]],
            "target_prefix": prefix}


def _multilingual_manifest(path: Path, top: Path, family: str | None,
                           default_name: str) -> dict[str, Any]:
    given: dict[str, Any] = {}
    if (top / MANIFEST).is_file():
        given = _read_json(top / MANIFEST, shown=path)
    family = family or given.get("family")
    if family is not None and family not in ("nllb", "m2m100"):
        raise InputError(path, None, f"{MANIFEST}: family must be nllb or m2m100, "
                                     f"got {family!r}")
    vocabulary = _check_ct2_folder(path, top, "")
    guessed = _guess_family(vocabulary)
    if family is None:
        if guessed is None:
            raise InputError(path, None, "cannot tell the model family: no NLLB (eng_Latn) or "
                                         "M2M-100 (__en__) language tokens in the vocabulary; "
                                         f"give the family in {MANIFEST} or with --family")
        family = guessed
    tokens = given.get("language_tokens")
    if tokens is None:
        tokens = _language_tokens(family, vocabulary)
    elif not isinstance(tokens, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in tokens.items()):
        raise InputError(path, None, f"{MANIFEST}: language_tokens must map language ids "
                                     "to tokens")
    missing = sorted(t for t in tokens.values() if t not in vocabulary)
    if missing:
        raise InputError(path, None, f"language tokens missing from the vocabulary: "
                                     f"{', '.join(missing[:5])} (is this a {family} model?)")
    if len(tokens) < 2:
        raise InputError(path, None, f"found {len(tokens)} {family} language tokens in the "
                                     "vocabulary; a multilingual model needs at least two")
    sp_name = given.get("sentencepiece") or _find_sentencepiece(path, top)
    if not isinstance(sp_name, str) or not (top / sp_name).is_file():
        raise InputError(path, None, f"SentencePiece model {sp_name!r} not found")
    _check_sentencepiece(path, top / sp_name)
    manifest = {"format": MANIFEST_FORMAT, "name": str(given.get("name") or default_name),
                "family": family, "model_dir": ".", "sentencepiece": sp_name,
                "language_tokens": dict(sorted(tokens.items()))}
    if given.get("version") is not None:
        manifest["version"] = str(given["version"])
    return manifest


def _check_ct2_folder(path: Path, folder: Path, shown: str) -> set[str]:
    """Check a CTranslate2 model folder; return its (target) vocabulary."""
    for needed in ("model.bin", "config.json"):
        if not (folder / needed).is_file():
            raise InputError(path, None, f"{shown}{needed} missing from the package")
    config = _read_json(folder / "config.json", shown=path)
    del config
    for stem in ("shared_vocabulary", "target_vocabulary"):
        for ext in ("json", "txt"):
            vocab = folder / f"{stem}.{ext}"
            if vocab.is_file():
                return _read_vocabulary(path, vocab)
    raise InputError(path, None, f"{shown}shared_vocabulary.json (or .txt, or "
                                 "source_/target_vocabulary) missing from the package")


def _read_vocabulary(path: Path, vocab: Path) -> set[str]:
    try:
        if vocab.suffix == ".json":
            tokens = json.loads(vocab.read_text(encoding="utf-8"))
            if not isinstance(tokens, list):
                raise ValueError("not a JSON list")
            return {str(t) for t in tokens}
        return set(vocab.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(path, None, f"unreadable vocabulary {vocab.name}: {exc}") from None


def _guess_family(vocabulary: set[str]) -> str | None:
    if "eng_Latn" in vocabulary or any(_NLLB_TOKEN_RE.match(t) for t in vocabulary):
        return "nllb"
    if "__en__" in vocabulary or any(_M2M_TOKEN_RE.match(t) for t in vocabulary):
        return "m2m100"
    return None


def _language_tokens(family: str, vocabulary: set[str]) -> dict[str, str]:
    if family == "nllb":
        return {code: token for code, token in NLLB_CODES.items() if token in vocabulary}
    found = {}
    for token in vocabulary:
        match = _M2M_TOKEN_RE.match(token)
        if match:
            found[match.group(1)] = token
    return found


def _find_sentencepiece(path: Path, top: Path) -> str:
    for candidate in _SP_CANDIDATES:
        if (top / candidate).is_file():
            return candidate
    models = sorted(p.name for p in top.glob("*.model"))
    if len(models) == 1:
        return models[0]
    if (top / "bpe.model").is_file() or (top / "bpecodes").is_file():
        raise InputError(path, None, "this model is tokenised with BPE, which l10n does not "
                                     "support; it needs a SentencePiece model")
    raise InputError(path, None, "no SentencePiece model (sentencepiece.bpe.model, spm.model) "
                                 "in the folder" if not models else
                                 f"several .model files ({', '.join(models)}): name one in "
                                 f"{MANIFEST} as \"sentencepiece\"")


def _check_sentencepiece(path: Path, sp_file: Path) -> None:
    try:
        import sentencepiece
    except ImportError:  # checked again when translating; installing still works
        return
    try:
        sentencepiece.SentencePieceProcessor(model_file=str(sp_file))
    except (OSError, RuntimeError) as exc:
        raise InputError(path, None, f"{sp_file.name} is not a valid SentencePiece model: "
                                     f"{str(exc).strip()[:200]}") from None
