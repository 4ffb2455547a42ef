"""TMX as other tools really write it (issue 11): OmegaT, the LISA compliance kit, Trados,
Okapi, Weblate and TICO-19 files from ``../shared/real_interop``, each imported with its
counts computed here independently (lxml), plus the language, DOCTYPE and inline-code
rules on small files of our own, and a round trip through Translate Toolkit's reader."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.memory.tm import TranslationMemory
from l10n.memory.tmx import read_tmx
from l10n.workspace.config import Workspace
from l10n.workspace.errors import InputError
from tests.conftest import ROOT

REAL = next((p / "real_interop" for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared")
             if (p / "real_interop").is_dir()), None)
REAL_TMX = sorted(p.relative_to(REAL).as_posix() for pattern in (
    "okapi/*.tmx", "omegat-*.tmx", "weblate/*.tmx", "tico/*.tmx", "derived/*.tmx")
    for p in REAL.glob(pattern)) if REAL else []
needs_real = pytest.mark.skipif(REAL is None, reason="../shared/real_interop is absent")

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The workspace's languages as the tools write them (en → kk, ru, fr, no [memory] accept).
SOURCE_CODES = re.compile(r"en(-latn)?(-[a-z]{2}|-\d{3})?$")
TARGET_CODES = {"kk": {"kk", "kk-kz", "kk-cyrl", "kk-cyrl-kz"}, "ru": {"ru", "ru-ru"},
                "fr": {"fr", "fr-fr"}}
PAIRED, STANDALONE = ("bpt", "hi"), ("ph", "it", "ut")
CODES = ("bpt", "ept", "ph", "it", "ut", "hi")


def cli(ws: Workspace, *args: str) -> object:
    return CliRunner().invoke(app, [*args, "--workspace", str(ws.root)])


def _seg(tuv: etree._Element) -> etree._Element | None:
    return tuv.find("seg")


def _text(seg: etree._Element) -> str:
    """The seg's own text, codes' native markup left out (<hi> content is text)."""
    parts = [seg.text or ""]
    for child in seg:
        if child.tag == "hi":
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _codes(seg: etree._Element) -> Counter[str]:
    found: Counter[str] = Counter()
    for el in seg.iter(*CODES):
        if el.getparent() is not None and el.getparent().tag in ("bpt", "ept", "ph", "it", "ut"):
            continue
        found["pair" if el.tag in PAIRED else "close" if el.tag == "ept" else "atom"] += 1
        found["bpt"] += el.tag == "bpt"
    return found


def expected_counts(path: Path) -> tuple[int, Counter[str], int]:
    """(units, skipped per reason, placeholders in the pairs taken), by the rules of issue 11
    as a reader with lxml sees them."""
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    root = etree.parse(str(path), parser).getroot()
    tus = root.findall("body/tu")
    skipped: Counter[str] = Counter()
    seen: set[tuple[str, bytes]] = set()
    placeholders = 0
    for tu in tus:
        variants = [(str(tuv.get(XML_LANG) or tuv.get("lang") or "").lower(), _seg(tuv))
                    for tuv in tu.findall("tuv")]
        source = next((seg for code, seg in variants if SOURCE_CODES.match(code)), None)
        targets = {lang: next(seg for code, seg in variants if code in codes)
                   for lang, codes in TARGET_CODES.items()
                   if any(code in codes for code, _ in variants)}
        if source is None or not targets:
            skipped["language"] += 1
            continue
        reasons = []
        for lang, seg in targets.items():
            src_codes, tgt_codes = _codes(source), _codes(seg)
            if (source.find(".//sub") is not None or seg.find(".//sub") is not None
                    or src_codes != tgt_codes or src_codes["bpt"] != src_codes["close"]):
                reasons.append("inline codes")
            elif not _text(source).strip() or not _text(seg).strip():
                reasons.append("empty")
            else:
                key = (lang, etree.tostring(source, with_tail=False))
                reasons.append("duplicate" if key in seen else "")
                if key not in seen:
                    placeholders += 2 * src_codes["pair"] + src_codes["atom"]
                seen.add(key)
        if "" not in reasons:
            skipped[reasons[0]] += 1
    return len(tus), skipped, placeholders


@needs_real
@pytest.mark.parametrize("name", REAL_TMX or ["(none)"])
def test_real_tmx_file(name: str, workspace: Workspace) -> None:
    assert REAL is not None
    path = REAL / name
    units, skipped, placeholders = expected_counts(path)
    result = cli(workspace, "tm", "import", str(path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["units"] == units
    assert report["skipped"] == dict(skipped)
    assert report["imported"] == units - sum(skipped.values())
    with TranslationMemory(workspace.tm_path) as tm:
        stored = list(tm.units())
    assert report["changed"] == len(stored)
    assert sum(len(re.findall(r"</?\d+/?>", u.source)) for u in stored) == placeholders


def test_real_files_are_found_or_skipped() -> None:
    if REAL is None:
        pytest.skip("../shared/real_interop is absent")
    assert len(REAL_TMX) >= 40


@needs_real
def test_omegat_doctype_accepted_and_reported(workspace: Workspace) -> None:
    assert REAL is not None
    path = REAL / "omegat-nushell-nushell-translate-docs-ru-level2.tmx"
    result = cli(workspace, "tm", "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("201 of 201 units imported from ")
    with TranslationMemory(workspace.tm_path) as tm:
        assert tm.exact("<1>Aliases</1> - How to alias commands", source_lang="en",
                        target_lang="ru") is not None


@needs_real
def test_utf16_compliance_kit_with_accept(workspace: Workspace) -> None:
    assert REAL is not None
    path = REAL / "okapi" / "compkit_ImportTest1A.tmx"  # UTF-16 LE with BOM, DOCTYPE, fr-ca
    refused = cli(workspace, "tm", "import", str(path))
    assert refused.exit_code == 0, refused.output
    assert "0 of 2 units imported" in refused.stdout and "language 2 (fr-CA 2)" in refused.stdout
    assert "under [memory]: " in refused.stderr and 'accept = {fr = ["fr-CA"]}' in refused.stderr
    config = workspace.config_file
    config.write_text(config.read_text(encoding="utf-8")
                      + '\n[memory]\naccept = {fr = ["fr-CA", "fr-BE"]}\n', encoding="utf-8")
    taken = cli(workspace, "tm", "import", str(path))
    assert taken.exit_code == 0, taken.output
    assert taken.stdout.startswith("2 of 2 units imported")
    with TranslationMemory(workspace.tm_path) as tm:
        assert {u.target_lang for u in tm.units()} == {"fr"}


def _tmx(tmp_path: Path, body: str, *, doctype: str = "", srclang: str = "en-US") -> Path:
    path = tmp_path / "t.tmx"
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<tmx version="1.4">'
                    f'<header srclang="{srclang}" datatype="plaintext"/>\n<body>{body}</body></tmx>\n',
                    encoding="utf-8")
    return path


def _tu(*variants: tuple[str, str]) -> str:
    return "<tu>" + "".join(f'<tuv xml:lang="{lang}"><seg>{seg}</seg></tuv>'
                            for lang, seg in variants) + "</tu>\n"


def test_language_codes_bcp47(tmp_path: Path) -> None:
    path = _tmx(tmp_path, _tu(("EN-US", "One."), ("KK-kz", "Бір."))
                + _tu(("en-GB", "Two."), ("ru-RU", "Два."))
                + _tu(("en", "Three."), ("kk-Latn", "Üş."))
                + _tu(("en", "Four."), ("fr-CA", "Quatre."))
                + _tu(("en", "Five."), ("fr-be", "Cinq."))
                + _tu(("en-Latn-US", "Six."), ("kk-Cyrl", "Алты.")))
    units = read_tmx(path, source_lang="en", target_langs=["kk", "ru", "fr"])
    assert units.by_target == {"kk": {"One.": "Бір.", "Six.": "Алты."}, "ru": {"Two.": "Два."}}
    assert units.skipped == {"language": 3}
    assert units.languages == {"kk-Latn": 1, "fr-CA": 1, "fr-BE": 1}
    accepted = read_tmx(path, source_lang="en", target_langs=["kk", "ru", "fr"],
                        accept={"fr": ["fr-CA", "fr-BE"], "kk": ["kk-Latn"]})
    assert accepted.by_target["fr"] == {"Four.": "Quatre.", "Five.": "Cinq."}
    assert "Three." not in accepted.by_target["kk"]  # another script is never kk
    assert accepted.skipped == {"language": 1}


def test_doctype_naming_the_dtd_is_accepted_but_never_loaded(tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY secret "LEAKED">', encoding="utf-8")
    plain = _tmx(tmp_path, _tu(("en", "Hi."), ("kk", "Сәлем.")),
                 doctype=f'<!DOCTYPE tmx SYSTEM "{dtd}">\n')
    assert read_tmx(plain, source_lang="en", target_langs=["kk"]).taken == 1
    leaking = _tmx(tmp_path, _tu(("en", "Hi &secret;."), ("kk", "Сәлем.")),
                   doctype=f'<!DOCTYPE tmx SYSTEM "{dtd}">\n')
    with pytest.raises(InputError, match="entity") as err:
        read_tmx(leaking, source_lang="en", target_langs=["kk"])
    assert err.value.line == 4


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n',
    '<!DOCTYPE tmx SYSTEM "tmx14.dtd" [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
    '<!DOCTYPE tmx [<!ELEMENT tmx ANY>]>\n',
])
def test_internal_subsets_still_refused(tmp_path: Path, doctype: str) -> None:
    path = _tmx(tmp_path, _tu(("en", "Hi."), ("kk", "Сәлем.")), doctype=doctype)
    with pytest.raises(InputError, match="DOCTYPE") as err:
        read_tmx(path, source_lang="en", target_langs=["kk"])
    assert err.value.line == 2


def test_inline_codes_become_placeholders(tmp_path: Path) -> None:
    path = _tmx(tmp_path, _tu(  # target codes reordered: matched by x
        ("en", 'Read <bpt i="1" x="1">&lt;b&gt;</bpt>this<ept i="1">&lt;/b&gt;</ept> and '
               '<ph x="2">&lt;br/&gt;</ph><hi x="3">that</hi>.'),
        ("ru", '<hi x="3">Это</hi> и <ph x="2">&lt;br/&gt;</ph><bpt i="7" x="1">&lt;b&gt;</bpt>'
               'то<ept i="7">&lt;/b&gt;</ept>.'))
        + _tu(("en", 'A <it pos="begin" x="1">&lt;i&gt;</it>b.'),
              ("ru", 'А <it pos="begin" x="1">&lt;i&gt;</it>б.'))
        + _tu(("en", 'Sub <ph x="1">&lt;img alt="<sub>Alt</sub>"&gt;</ph>.'),
              ("ru", 'Саб <ph x="1">&lt;img alt="<sub>Альт</sub>"&gt;</ph>.'))
        + _tu(("en", 'Lost <ph x="1">&lt;br/&gt;</ph> code.'), ("ru", "Потерян код."))
        + _tu(("en", 'Overlap <bpt i="1">&lt;b&gt;</bpt>x<bpt i="2">&lt;i&gt;</bpt>y'
                     '<ept i="1">&lt;/b&gt;</ept>z<ept i="2">&lt;/i&gt;</ept>.'),
              ("ru", 'Перекрытие <bpt i="1">&lt;b&gt;</bpt>x<bpt i="2">&lt;i&gt;</bpt>y'
                     '<ept i="1">&lt;/b&gt;</ept>z<ept i="2">&lt;/i&gt;</ept>.'))
        + _tu(("en", 'Mixed <ph x="1">&lt;br/&gt;</ph> &lt;2/&gt; text.'),
              ("ru", 'Смесь <ph x="1">&lt;br/&gt;</ph> &lt;2/&gt; текст.'))
        + _tu(("en", '<ph x="1">&lt;br/&gt;</ph>'), ("ru", '<ph x="1">&lt;br/&gt;</ph>'))
        + _tu(("en", "Read <hi>this</hi>."), ("ru", "Прочитайте <hi>это</hi>.")))
    units = read_tmx(path, source_lang="en", target_langs=["ru"])
    assert units.by_target == {"ru": {
        "Read <1>this</1> and <2/><3>that</3>.": "<3>Это</3> и <2/><1>то</1>.",
        "A <1/>b.": "А <1/>б.",
        "Read <1>this</1>.": "Прочитайте <1>это</1>."}}
    assert units.skipped == {"inline codes": 4, "empty": 1}


def test_empty_and_duplicate_counted(tmp_path: Path) -> None:
    path = _tmx(tmp_path, _tu(("en", "Same."), ("kk", "Бірдей."))
                + _tu(("en", "Same."), ("kk", "Бірдей!"))
                + _tu(("en", "Empty."), ("kk", "  "))
                + _tu(("en", "Alone.")))
    units = read_tmx(path, source_lang="en", target_langs=["kk"])
    assert (units.units, units.taken) == (4, 1)
    assert units.skipped == {"duplicate": 1, "empty": 1, "language": 1}
    assert units.by_target == {"kk": {"Same.": "Бірдей!"}}  # the later unit wins


def test_cli_summary_and_json(workspace: Workspace, tmp_path: Path) -> None:
    path = _tmx(tmp_path, _tu(("en", "Hi."), ("kk", "Сәлем."))
                + _tu(("en", "Bye."), ("kk-Latn", "Sau bol.")) + _tu(("en", "Hi."), ("kk", "Сәлем.")))
    line = cli(workspace, "tm", "import", str(path))
    assert line.exit_code == 0, line.output
    assert line.stdout.strip() == (f"1 of 3 units imported from {path} (1 added or changed); "
                                   "skipped: duplicate 1, language 1 (kk-Latn 1)")
    data = json.loads(cli(workspace, "tm", "import", str(path), "--json").stdout)
    assert data == {"file": str(path), "units": 3, "imported": 1, "changed": 0,
                    "skipped": {"language": 1, "duplicate": 1}, "languages": {"kk-Latn": 1},
                    "hint": None}


@pytest.mark.parametrize(("setting", "message"), [
    ('accept = {de = ["de-AT"]}', "memory.accept.de: de is not a target language"),
    ('accept = {fr = ["kk-KZ"]}', "memory.accept.fr: kk-KZ is not a variety of fr"),
    ('accept = {fr = "fr-CA"}', "memory.accept.fr: expected a list"),
    ('accept = {fr = ["zz-ZZ"]}', "memory.accept.fr: unknown language code"),
    ('except = {}', "memory.except: unknown setting"),
])
def test_memory_accept_setting_checked(workspace: Workspace, setting: str, message: str) -> None:
    config = workspace.config_file
    config.write_text(config.read_text(encoding="utf-8") + f"\n[memory]\n{setting}\n",
                      encoding="utf-8")
    result = cli(workspace, "tm", "stats")
    assert result.exit_code == 2
    assert message in result.stderr


@needs_real
def test_round_trip_through_translate_toolkit(workspace: Workspace, tmp_path: Path) -> None:
    from translate.storage.tmx import tmxfile

    assert REAL is not None
    source = REAL / "omegat-nushell-nushell-translate-docs-ru-level2.tmx"  # OmegaT, with codes
    units, skipped, _ = expected_counts(source)
    imported = json.loads(cli(workspace, "tm", "import", str(source), "--json").stdout)
    assert imported["imported"] == units - sum(skipped.values()) == imported["changed"]
    out = tmp_path / "out.tmx"
    exported = cli(workspace, "tm", "export", str(out))
    assert exported.exit_code == 0, exported.output
    store = tmxfile.parsefile(str(out))
    pairs = [(u.source, u.target) for u in store.units if u.source and u.target]
    assert len(pairs) == imported["imported"]
    with TranslationMemory(workspace.tm_path) as tm:
        assert sorted(pairs) == sorted((u.source, u.target) for u in tm.units())
    again = cli(workspace, "tm", "import", str(out), "--json")
    assert json.loads(again.stdout)["imported"] == imported["imported"]
