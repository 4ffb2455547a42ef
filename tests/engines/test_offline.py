"""The offline engine and model installation, end to end on tiny hand-built CTranslate2 models."""

from __future__ import annotations

import json
import logging
import os
import shutil
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")
pytest.importorskip("sentencepiece")

import sentencepiece as spm  # noqa: E402

from l10n.engines.base import EngineConfig, EngineError, TextTooLong, UnsupportedLanguage  # noqa: E402
from l10n.engines.models import (  # noqa: E402
    MANIFEST,
    default_models_dir,
    install_model,
    list_models,
)
from l10n.engines.offline import (  # noqa: E402
    OfflineEngine,
    PlaceholderError,
    TooManyTokens,
    create,
    engine_info,
)
from l10n.workspace.errors import InputError  # noqa: E402
from tests.engines import tinymodel  # noqa: E402

SUBSTITUTIONS = {"Nur-Sultan": "Нурсултан"}  # a known wrong rendering, for glossary repair

ENGLISH = [
    "The Foundation welcomes the new education programme announced today.",
    "Our volunteers delivered food, water and medicine to 1,200 families in the region.",
    "For more information, contact the press office by e-mail (press@example.org).",
]
CYRILLIC = [
    "Фонд приветствует новую образовательную программу, объявленную сегодня.",
    "Қор бүгін Нұр-Сұлтанда жарияланған жаңа білім беру бағдарламасын құптайды.",
    "Ёжик съел щётку: «ъ, ы, ь» — әғқңөұүһі ӘҒҚҢӨҰҮҺІ.",
]
PLACEHOLDERS = [
    "Click <1>here</1> to read the full report<2/>.",
    "<1>Қор</1> бүгін <2>Нұр-Сұлтанда</2> <3/> жарияланады.",
    "<1><2>Nested</2> markup</1> and <10/> a two-digit one.",
]


# -- fixtures: packages are built once per module, installs are per test --------------------


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("packages")
    return {
        "argos": tinymodel.make_argos_package(root),
        "argos_sub": tinymodel.make_argos_package(root, substitutions=SUBSTITUTIONS,
                                                  name="translate-en_ru-sub"),
        "argos_folder": tinymodel.write_argos_folder(root / "en_fr", to_code="fr",
                                                     version="2.1"),
        "nllb": tinymodel.make_nllb_folder(
            root / "nllb-tiny", manifest={"family": "nllb", "name": "nllb-tiny",
                                          "version": "0.1"}),
        "m2m": tinymodel.make_nllb_folder(root / "m2m-tiny",
                                          languages=("__en__", "__kk__", "__ru__")),
    }


@pytest.fixture(scope="module")
def engine(packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> OfflineEngine:
    """en→ru copy model (Argos zip) and en↔kk/ru/fr copy model (NLLB folder)."""
    models = tmp_path_factory.mktemp("models")
    install_model(packages["argos"], models)
    install_model(packages["nllb"], models)
    return OfflineEngine(models, threads=1)


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    return tmp_path / "models"


def leftovers(models_dir: Path) -> list[str]:
    """Anything in the models folder besides installed models (staging debris)."""
    if not models_dir.exists():
        return []
    return sorted(p.name for p in models_dir.iterdir() if p.name.startswith("."))


# -- installing and listing -----------------------------------------------------------------


def test_install_argos_zip_and_list(packages: dict[str, Path], models_dir: Path) -> None:
    model = install_model(packages["argos"], models_dir)
    assert model.name == "argos-en-ru" and model.family == "argos"
    assert model.version == "1.0" and model.pairs == (("en", "ru"),)
    assert model.path == models_dir / "argos-en-ru"
    assert (model.path / "model" / "model.bin").is_file()
    assert (model.path / MANIFEST).is_file()
    [listed] = list_models(models_dir)
    assert listed.name == "argos-en-ru" and listed.size > 100_000
    assert listed.covers("en", "ru") and listed.covers("en_GB", "ru")
    assert not listed.covers("ru", "en")
    assert "en→ru" in listed.describe()
    assert leftovers(models_dir) == []


def test_install_unzipped_argos_folder(packages: dict[str, Path], models_dir: Path) -> None:
    model = install_model(packages["argos_folder"], models_dir)
    assert (model.name, model.version, model.pairs) == ("argos-en-fr", "2.1", (("en", "fr"),))
    assert packages["argos_folder"].is_dir()  # the source is copied, not moved


def test_install_nllb_folder_with_manifest(packages: dict[str, Path], models_dir: Path) -> None:
    model = install_model(packages["nllb"], models_dir)
    assert (model.name, model.family, model.version) == ("nllb-tiny", "nllb", "0.1")
    assert model.language_tokens == {"en": "eng_Latn", "fr": "fra_Latn", "kk": "kaz_Cyrl",
                                     "ru": "rus_Cyrl"}
    assert ("en", "kk") in model.pairs and ("kk", "fr") in model.pairs
    assert model.language_token("kk_KZ") == "kaz_Cyrl"
    assert model.sentencepiece.name == "sentencepiece.bpe.model"


def test_install_m2m100_folder_family_from_vocabulary(packages: dict[str, Path],
                                                      models_dir: Path) -> None:
    model = install_model(packages["m2m"], models_dir)
    assert model.family == "m2m100" and model.name == "m2m-tiny"
    assert model.language_tokens == {"en": "__en__", "kk": "__kk__", "ru": "__ru__"}
    assert model.version.startswith("sha256-")  # no version given: content hash


def test_install_with_flags(packages: dict[str, Path], models_dir: Path) -> None:
    model = install_model(packages["m2m"], models_dir, family="m2m100", name="m2m-418M",
                          version="1.0")
    assert (model.name, model.family, model.version) == ("m2m-418M", "m2m100", "1.0")
    assert [m.name for m in list_models(models_dir)] == ["m2m-418M"]


def test_install_twice_needs_replace(packages: dict[str, Path], models_dir: Path) -> None:
    install_model(packages["argos"], models_dir)
    with pytest.raises(InputError, match="already installed"):
        install_model(packages["argos"], models_dir)
    model = install_model(packages["argos_sub"], models_dir, replace=True)
    assert model.name == "argos-en-ru"
    assert [m.name for m in list_models(models_dir)] == ["argos-en-ru"]
    assert leftovers(models_dir) == []


def test_models_dir_from_parameter_env_and_default(tmp_path: Path) -> None:
    assert default_models_dir(tmp_path) == tmp_path
    assert default_models_dir(None, {"L10N_MODELS_DIR": str(tmp_path)}) == tmp_path
    assert default_models_dir(None, {"XDG_DATA_HOME": "/x"}) == Path("/x/l10n/models")
    assert default_models_dir(None, {}) == Path.home() / ".local/share/l10n/models"
    assert list_models(tmp_path / "missing") == []


def test_list_skips_broken_folders(packages: dict[str, Path], models_dir: Path,
                                   caplog: pytest.LogCaptureFixture) -> None:
    install_model(packages["argos"], models_dir)
    (models_dir / "junk").mkdir()
    (models_dir / "junk" / MANIFEST).write_text("{not json")
    with caplog.at_level(logging.WARNING):
        assert [m.name for m in list_models(models_dir)] == ["argos-en-ru"]
    assert "junk" in caplog.text


# -- refusing bad packages --------------------------------------------------------------------


def _rezip(src: Path, dest: Path, *, drop: str | None = None,
           add: dict[str, bytes] | None = None) -> Path:
    """Copy an archive, leaving out entries ending with ``drop`` and adding ``add``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            if drop and info.filename.endswith(drop):
                continue
            zout.writestr(info, zin.read(info))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dest


def _top(archive: Path) -> str:
    with zipfile.ZipFile(archive) as zf:
        return zf.namelist()[0].split("/")[0]


@pytest.mark.parametrize("drop, message", [
    ("metadata.json", "neither an Argos Translate package"),
    ("model/model.bin", "model/model.bin missing"),
    ("model/config.json", "model/config.json missing"),
    ("shared_vocabulary.json", "shared_vocabulary.json"),
    ("sentencepiece.model", "sentencepiece.model missing"),
])
def test_refuses_package_missing_a_file(packages: dict[str, Path], tmp_path: Path,
                                        models_dir: Path, drop: str, message: str) -> None:
    bad = _rezip(packages["argos"], tmp_path / "bad.argosmodel", drop=drop)
    with pytest.raises(InputError, match=message) as info:
        install_model(bad, models_dir)
    assert info.value.path == bad and info.value.line is None
    assert list_models(models_dir) == [] and leftovers(models_dir) == []


def test_refuses_bpe_package_clearly(packages: dict[str, Path], tmp_path: Path,
                                     models_dir: Path) -> None:
    top = _top(packages["argos"])
    with zipfile.ZipFile(packages["argos"]) as zf:
        sp_bytes = zf.read(f"{top}/sentencepiece.model")
    bad = _rezip(packages["argos"], tmp_path / "bpe.argosmodel", drop="sentencepiece.model",
                 add={f"{top}/bpe.model": sp_bytes})
    with pytest.raises(InputError, match="BPE"):
        install_model(bad, models_dir)


@pytest.mark.parametrize("entry", [
    "../evil.txt", "/abs/evil.txt", "pkg/../../evil.txt", "C:/evil.txt", "pkg\\..\\evil.txt",
])
def test_refuses_zip_slip(packages: dict[str, Path], tmp_path: Path, models_dir: Path,
                          entry: str) -> None:
    bad = _rezip(packages["argos"], tmp_path / "slip.argosmodel", add={entry: b"owned"})
    with pytest.raises(InputError, match="unsafe path"):
        install_model(bad, models_dir)
    assert not (tmp_path / "evil.txt").exists() and not Path("/abs/evil.txt").exists()
    assert list_models(models_dir) == [] and leftovers(models_dir) == []


def test_refuses_symlink_in_zip(packages: dict[str, Path], tmp_path: Path,
                                models_dir: Path) -> None:
    bad = tmp_path / "link.argosmodel"
    shutil.copy(packages["argos"], bad)
    link = zipfile.ZipInfo(f"{_top(bad)}/passwd")
    link.external_attr = (0o120777 << 16)
    with zipfile.ZipFile(bad, "a") as zf:
        zf.writestr(link, "/etc/passwd")
    with pytest.raises(InputError, match="symbolic link"):
        install_model(bad, models_dir)


@pytest.mark.parametrize("metadata, message", [
    (b"{not json", "not valid JSON"),
    (b"[1, 2]", "JSON object"),
    (json.dumps({"from_code": "en", "package_version": "1"}).encode(), "to_code"),
    (json.dumps({"from_code": "en", "to_code": "../ru"}).encode(), "to_code"),
    (json.dumps({"from_code": "en", "to_code": "ru", "type": "sbd"}).encode(),
     "not a translation model"),
])
def test_refuses_bad_metadata(packages: dict[str, Path], tmp_path: Path, models_dir: Path,
                              metadata: bytes, message: str) -> None:
    top = _top(packages["argos"])
    bad = _rezip(packages["argos"], tmp_path / "meta.argosmodel", drop="metadata.json",
                 add={f"{top}/metadata.json": metadata})
    with pytest.raises(InputError, match=message):
        install_model(bad, models_dir)
    assert leftovers(models_dir) == []


def test_refuses_non_zip_two_top_folders_and_bad_sentencepiece(
        packages: dict[str, Path], tmp_path: Path, models_dir: Path) -> None:
    text = tmp_path / "fake.argosmodel"
    text.write_text("not a zip")
    with pytest.raises(InputError, match="not a zip"):
        install_model(text, models_dir)
    two = _rezip(packages["argos"], tmp_path / "two.argosmodel", drop="metadata.json",
                 add={"other/readme.txt": b"x"})
    with pytest.raises(InputError, match="one top folder"):
        install_model(two, models_dir)
    top = _top(packages["argos"])
    bad_sp = _rezip(packages["argos"], tmp_path / "sp.argosmodel", drop="sentencepiece.model",
                    add={f"{top}/sentencepiece.model": b"garbage"})
    with pytest.raises(InputError, match="not a valid SentencePiece model"):
        install_model(bad_sp, models_dir)
    with pytest.raises(InputError, match="no such file"):
        install_model(tmp_path / "missing.argosmodel", models_dir)
    assert list_models(models_dir) == [] and leftovers(models_dir) == []


def test_refuses_multilingual_folder_of_unknown_family(packages: dict[str, Path],
                                                       tmp_path: Path, models_dir: Path) -> None:
    plain = tmp_path / "plain"
    tinymodel.make_nllb_folder(plain, languages=())  # no language tokens at all
    with pytest.raises(InputError, match="cannot tell the model family"):
        install_model(plain, models_dir)
    with pytest.raises(InputError, match="0 m2m100 language tokens"):
        install_model(packages["nllb"], models_dir, family="m2m100")
    with pytest.raises(InputError, match="unknown model family"):
        install_model(packages["nllb"], models_dir, family="marian")
    assert leftovers(models_dir) == []


def test_refuses_symlink_in_folder(packages: dict[str, Path], tmp_path: Path,
                                   models_dir: Path) -> None:
    folder = tmp_path / "linked"
    shutil.copytree(packages["argos_folder"], folder)
    os.symlink("/etc/passwd", folder / "passwd")
    with pytest.raises(InputError, match="symbolic link"):
        install_model(folder, models_dir)


# -- translating with the copy model ---------------------------------------------------------


@pytest.mark.parametrize("target", ["ru", "kk", "fr"])
def test_copy_model_returns_input_exactly(engine: OfflineEngine, target: str) -> None:
    texts = ENGLISH + CYRILLIC + PLACEHOLDERS
    assert engine.translate(texts, source="en", target=target) == texts


def test_pair_picks_direct_model_then_multilingual(engine: OfflineEngine) -> None:
    assert engine.model_for("en", "ru").name == "argos-en-ru"
    assert engine.model_for("en", "kk").name == "nllb-tiny"
    assert engine.model_for("ru", "fr").name == "nllb-tiny"


def test_whitespace_and_letterless_texts_kept(engine: OfflineEngine) -> None:
    texts = ["  Hello <1>world</1>.\n", "", "   ", "42", "— 2024 —", "\tФонд "]
    assert engine.translate(texts, source="en", target="kk") == texts


def test_long_sentence_is_not_cut(engine: OfflineEngine) -> None:
    text = " ".join(ENGLISH + CYRILLIC[:1] + ENGLISH[:2])
    sp = spm.SentencePieceProcessor(model_file=str(engine.model_for("en", "kk").sentencepiece))
    assert len(sp.encode(text)) > 280  # past translate_batch's default limit of 256
    assert engine.translate([text], source="en", target="kk") == [text]


def test_many_texts_in_one_call(engine: OfflineEngine) -> None:
    texts = [f"{i}: {t}" for i, t in enumerate((ENGLISH + CYRILLIC + PLACEHOLDERS) * 3)]
    assert len(texts) > engine.max_batch_size  # several length-sorted batches
    assert engine.translate(texts, source="en", target="ru") == texts


def test_too_many_tokens(packages: dict[str, Path], engine: OfflineEngine) -> None:
    small = OfflineEngine(engine.models_dir, threads=1, max_input_tokens=20)
    with pytest.raises(TooManyTokens, match="text 2 has") as info:
        small.translate(["Hi.", ENGLISH[0]], source="en", target="ru")
    assert isinstance(info.value, TextTooLong) and not info.value.retryable


def test_unfinished_translation_is_an_error_not_cut_silently(tmp_path: Path) -> None:
    folder = tinymodel.write_argos_folder(tmp_path / "endless", add_source_eos=False)
    install_model(folder, tmp_path / "models")
    engine = OfflineEngine(tmp_path / "models", threads=1, beam_size=1)
    with pytest.raises(EngineError, match="text 1: the model did not finish") as info:
        engine.translate(["A short sentence."], source="en", target="ru")
    assert not info.value.retryable


def test_fingerprint_names_models_and_version(engine: OfflineEngine) -> None:
    assert engine.fingerprint() == "offline:argos-en-ru@1.0+nllb-tiny@0.1:beam4"
    assert engine.fingerprint_for("en", "kk") == "offline:nllb-tiny@0.1:beam4"
    pinned = OfflineEngine(engine.models_dir, model="nllb-tiny", beam_size=1)
    assert pinned.fingerprint() == "offline:nllb-tiny@0.1:beam1"
    assert pinned.model_for("en", "ru").name == "nllb-tiny"  # pinned: no Argos model


def test_m2m100_target_prefix(packages: dict[str, Path], models_dir: Path) -> None:
    install_model(packages["m2m"], models_dir)
    engine = OfflineEngine(models_dir, threads=1, beam_size=1)
    texts = CYRILLIC + PLACEHOLDERS
    assert engine.translate(texts, source="en", target="kk") == texts


# -- substitution, suppress_sequences and placeholders ------------------------------------------


@pytest.fixture(scope="module")
def sub_engine(packages: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
               ) -> OfflineEngine:
    models = tmp_path_factory.mktemp("sub-models")
    install_model(packages["argos_sub"], models)
    return OfflineEngine(models, threads=1)


def test_substituting_model_gives_wrong_rendering(sub_engine: OfflineEngine) -> None:
    out = sub_engine.translate(["The Foundation opened an office in Nur-Sultan today."],
                               source="en", target="ru")
    assert out == ["The Foundation opened an office in Нурсултан today."]


def test_suppress_changes_the_output(sub_engine: OfflineEngine) -> None:
    text = "Volunteers from Nur-Sultan <1>met</1> in Nur-Sultan."
    wrong = sub_engine.translate([text], source="en", target="ru")[0]
    assert wrong.count("Нурсултан") == 2
    fixed = sub_engine.translate([text], source="en", target="ru", suppress=["Нурсултан"])
    assert fixed == [text]  # the runner-up rendering is the source term
    again = sub_engine.translate([text], source="en", target="ru")
    assert again == [wrong]  # suppress applies to one call only


def test_suppress_on_copy_model_changes_output(engine: OfflineEngine) -> None:
    text = "The report will be published on 15 March 2024."
    out = engine.translate([text], source="en", target="kk", suppress=["report"])
    assert out != [text] and "report" not in out[0]


def _placeholder_model(tmp_path: Path, substitutions: dict[str, str]) -> OfflineEngine:
    package = tinymodel.make_argos_package(tmp_path, substitutions=substitutions)
    install_model(package, tmp_path / "models")
    return OfflineEngine(tmp_path / "models", threads=1)


def test_lost_placeholder_falls_back_to_pieces(tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    engine = _placeholder_model(tmp_path, {"<1>": "[1]"})  # the model mangles <1>
    texts = ["Click <1>here</1> to read the report.", "No markup here."]
    with caplog.at_level(logging.WARNING, logger="l10n.engines.offline"):
        out = engine.translate(texts, source="en", target="ru")
    assert out == texts  # runs translated apart, placeholders put back in order
    assert "text 1 lost or misplaced placeholders" in caplog.text
    strict = OfflineEngine(tmp_path / "models", threads=1, placeholder_fallback=False)
    with pytest.raises(PlaceholderError, match="text 1: the translation lost <1>") as info:
        strict.translate(texts, source="en", target="ru")
    assert info.value.index == 0 and not info.value.retryable
    assert info.value.missing == ["<1>"]


def test_misnested_placeholders_fall_back_to_pieces(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    engine = _placeholder_model(tmp_path, {"<1>": "</1>", "</1>": "<1>"})  # swaps them
    with caplog.at_level(logging.WARNING, logger="l10n.engines.offline"):
        out = engine.translate(["Read <1>this</1> now."], source="en", target="ru")
    assert out == ["Read <1>this</1> now."]
    assert "(Read </1>this<1> now.)" in caplog.text  # what the whole-text pass gave


def test_invented_placeholder_is_an_error(tmp_path: Path) -> None:
    engine = _placeholder_model(tmp_path, {"here": "<7/>"})  # even the pieces go wrong
    with pytest.raises(PlaceholderError, match="invented <7/>") as info:
        engine.translate(["OK.", "Click <1>here</1> now."], source="en", target="ru")
    assert info.value.index == 1 and info.value.extra == ["<7/>"]


# -- errors and registry ---------------------------------------------------------------------------


def test_pair_not_covered(engine: OfflineEngine) -> None:
    with pytest.raises(UnsupportedLanguage) as info:
        engine.translate(["Hello."], source="en", target="de")
    message = str(info.value)
    assert isinstance(info.value, EngineError) and not info.value.retryable
    assert "en → de" in message and "argos-en-ru" in message and "nllb-tiny" in message
    assert "l10n engines install PATH" in message


def test_no_models_installed(tmp_path: Path) -> None:
    engine = OfflineEngine(tmp_path / "none")
    assert engine.translate(["", "123"], source="en", target="kk") == ["", "123"]
    with pytest.raises(UnsupportedLanguage, match=r"models in .*: none\)"):
        engine.translate(["Hello."], source="en", target="kk")
    with pytest.raises(UnsupportedLanguage, match="'nope' is not installed"):
        OfflineEngine(tmp_path / "none", model="nope").translate(["Hi."], source="en",
                                                                  target="kk")
    with pytest.raises(EngineError, match="sequence of strings"):
        engine.translate("Hello.", source="en", target="kk")


def test_registry_factory_and_info(engine: OfflineEngine, tmp_path: Path) -> None:
    built = create(EngineConfig("offline", url=str(engine.models_dir),
                                options={"beam_size": 2}))
    assert built.models_dir == engine.models_dir and built.beam_size == 2
    assert built.translate(["Hi <1>there</1>."], source="en", target="kk") == \
        ["Hi <1>there</1>."]
    one = create(EngineConfig("offline", url=str(engine.models_dir / "nllb-tiny")))
    assert one.model_name == "nllb-tiny"
    info = engine_info(EngineConfig("offline", url=str(engine.models_dir)))
    assert info.available and {"en", "kk", "ru", "fr"} <= set(info.languages or ())
    assert "argos-en-ru" in info.reason
    empty = engine_info(EngineConfig("offline", url=str(tmp_path)))
    assert not empty.available and "l10n engines install" in empty.reason
