"""compile: PO → GNU MO, read back with Python's gettext and cross-checked with msgfmt."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from l10n.catalog.mo import compile_catalogs, mo_bytes
from l10n.catalog.pofile import read_po, write_po
from l10n.catalog.states import Status, status_of
from l10n.cli.publish import compile_command
from l10n.workspace.config import Workspace
from l10n.workspace.errors import UsageError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "publish"
RELEASE = "kazakhstan-impunity-2019"
MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"


@pytest.fixture
def sample(translated_sample: Workspace) -> Workspace:
    return translated_sample


def _read_mo(path: Path) -> gettext.GNUTranslations:
    with open(path, "rb") as fh:
        return gettext.GNUTranslations(fh)


def _msgfmt(po: Path, out: Path) -> gettext.GNUTranslations:
    subprocess.run([MSGFMT, "-o", str(out), str(po)], check=True, capture_output=True)
    return _read_mo(out)


def test_sample_catalogs_round_trip(sample: Workspace) -> None:
    written = compile_catalogs(sample)
    assert [p.relative_to(sample.root).as_posix() for p in written] == [
        f"locales/{lang}/LC_MESSAGES/{RELEASE}.mo" for lang in ("kk", "ru", "fr")]
    for path in written:
        po = read_po(path.with_suffix(".po"))
        mo = _read_mo(path)
        assert mo.info()["language"] == po.metadata["Language"]
        assert mo.info()["content-type"] == "text/plain; charset=UTF-8"
        for entry in po:
            assert mo.gettext(entry.msgid) == entry.msgstr


def test_fuzzy_and_untranslated_entries_give_the_msgid_back(sample: Workspace) -> None:
    po_path = sample.po_path(RELEASE, "kk")
    po = read_po(po_path)
    fuzzy, empty, kept = po[0], po[1], po[2]
    fuzzy.flags.append("fuzzy")
    empty.msgstr = ""
    write_po(po, po_path)
    (path,) = compile_catalogs(sample, ["kk"])
    mo = _read_mo(path)
    assert status_of(fuzzy) is Status.FUZZY
    assert mo.gettext(fuzzy.msgid) == fuzzy.msgid
    assert mo.gettext(empty.msgid) == empty.msgid
    assert mo.gettext(kept.msgid) == kept.msgstr
    other = compile_catalogs(sample, ["ru"])
    assert [p.parent.parent.name for p in other] == ["ru"]


def test_every_kind_of_entry_matches_msgfmt(tmp_path: Path) -> None:
    source = DATA / "catalog.ru.po"
    ours_path = tmp_path / "ours.mo"
    ours_path.write_bytes(mo_bytes(read_po(source)))
    ours, theirs = _read_mo(ours_path), _msgfmt(source, tmp_path / "msgfmt.mo")
    assert {k: v for k, v in ours._catalog.items() if k != ""} == \
        {k: v for k, v in theirs._catalog.items() if k != ""}  # type: ignore[attr-defined]
    assert ours.info() == theirs.info()
    # Reviewed/translated entries give their msgstr, others the msgid, as with msgfmt.
    for mo in (ours, theirs):
        assert mo.gettext("Police detained three journalists.") == \
            "Полиция задержала трёх журналистов."
        assert mo.gettext("PEN International calls for their release.") == \
            "PEN International calls for their release."
        assert mo.gettext("Not translated yet.") == "Not translated yet."
        assert mo.gettext("An old sentence.") == "An old sentence."
        assert mo.pgettext("month", "May") == "Май" and mo.gettext("May") == "Может"
        assert mo.ngettext("{n} journalist was detained.", "{n} journalists were detained.",
                           5) == "Задержаны {n} журналистов."
        assert mo.ngettext("{n} journalist was detained.", "{n} journalists were detained.",
                           22) == "Задержаны {n} журналиста."
        assert mo.gettext('Quotes "inside" and a tab\there.') == \
            "Кавычки «внутри» и табуляция\tздесь."


def test_sample_matches_msgfmt(sample: Workspace, tmp_path: Path) -> None:
    for path in compile_catalogs(sample):
        ours = _read_mo(path)
        theirs = _msgfmt(path.with_suffix(".po"), tmp_path / f"{path.parent.parent.name}.mo")
        assert ours._catalog == theirs._catalog  # type: ignore[attr-defined]


def test_msgfmt_accepts_our_mo_file(tmp_path: Path) -> None:
    """msgunfmt reads our MO file back into the same translations."""
    msgunfmt = shutil.which("msgunfmt")
    if msgunfmt is None:
        pytest.skip("msgunfmt not installed")
    mo = tmp_path / "ours.mo"
    mo.write_bytes(mo_bytes(read_po(DATA / "catalog.ru.po")))
    out = subprocess.run([msgunfmt, str(mo)], check=True, capture_output=True, text=True).stdout
    assert 'msgstr "Полиция задержала трёх журналистов."' in out
    assert "msgctxt \"month\"" in out and "fuzzy" not in out


def test_unknown_language_is_a_usage_error(sample: Workspace) -> None:
    with pytest.raises(UsageError):
        compile_catalogs(sample, ["de"])


def test_compile_command(sample: Workspace) -> None:
    app = typer.Typer()
    app.command("compile")(compile_command)
    app.command("other")(lambda: None)  # more than one command: subcommands by name
    result = CliRunner().invoke(app, ["compile", "--lang", "fr", "-w", str(sample.root)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"locales/fr/LC_MESSAGES/{RELEASE}.mo"
    assert (sample.root / result.stdout.strip()).exists()
    bad = CliRunner().invoke(app, ["compile", "--lang", "xx-nope", "-w", str(sample.root)])
    assert bad.exit_code == 2 and "unknown language code" in bad.stderr
