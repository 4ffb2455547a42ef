"""The file-level check language-header: a Language header that contradicts the folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.check import check_workspace
from l10n.cli.app import app
from l10n.qa.runner import list_checks
from l10n.workspace.config import Workspace, load_workspace

SAMPLE = "kazakhstan-impunity-2019"


def _set_language(ws: Workspace, lang: str, value: str) -> int:
    """Set the Language header of the sample's ``lang`` catalog; return its line."""
    path = ws.po_path(SAMPLE, lang)
    text = path.read_text("utf-8")
    text, n = re.subn(r'^"Language: [^"\\]*\\n"$', f'"Language: {value}\\\\n"', text,
                      count=1, flags=re.M)
    assert n == 1
    path.write_text(text, "utf-8")
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith('"Language:'))


def test_language_of_another_folder_is_an_error_at_the_header_line(
        translated_sample: Workspace) -> None:
    line = _set_language(translated_sample, "kk", "ru")
    result = CliRunner().invoke(app, ["check", "--workspace", str(translated_sample.root)])
    assert result.exit_code == 1, result.output
    found = [s for s in result.stdout.splitlines() if "[language-header]" in s]
    assert found == [f"locales/kk/LC_MESSAGES/{SAMPLE}.po:{line}: error [language-header] "
                     "the header says 'Language: ru', but the file is in locales/kk/: the "
                     "translation memory and gettext tools would take its translations for "
                     "ru; set the header to 'Language: kk' (or move the file)"]


@pytest.mark.parametrize("value", ["kk_KZ", "kk-KZ", "KK", ""])
def test_same_language_with_a_region_or_an_empty_header_is_fine(
        translated_sample: Workspace, value: str) -> None:
    _set_language(translated_sample, "kk", value)
    result = check_workspace(translated_sample, [SAMPLE])
    assert not [f for f in result.findings if f.check == "language-header"]


def test_the_check_is_listed_and_can_be_disabled(translated_sample: Workspace) -> None:
    assert "language-header" in [c.name for c in list_checks()]
    _set_language(translated_sample, "fr", "ru")
    assert [f.line for f in check_workspace(translated_sample, [SAMPLE]).findings
            if f.check == "language-header"] == [11]
    config = Path(translated_sample.config_file)
    config.write_text(config.read_text("utf-8") + '\n[check]\ndisable = ["language-header"]\n',
                      "utf-8")
    ws = load_workspace(config)
    assert not [f for f in check_workspace(ws, [SAMPLE]).findings
                if f.check == "language-header"]
