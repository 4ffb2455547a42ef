"""The default page in a real headless Chromium: every language renders, and every
letter, Kazakh ones included, is drawn by the page's own font (no fallback mid-word, no
missing-glyph box).

How the fonts are judged: Chromium says, per element, which platform fonts rendered its
text and how many glyphs each (DevTools ``CSS.getPlatformFontsForNode``); every glyph
must come from the first font of the template's stack that the machine has and that
covers every Kazakh letter (fontconfig). A letter the first font lacks comes from
another font, which shows up as a second family, and a stack with no covering font fails
before any page is opened. A control page whose font lacks the Kazakh letters proves
the check fails when it should.

Needs Debian's ``chromium`` and a font with Kazakh letters (``.ci/system-deps`` installs
both). Without chromium the tests are skipped on a developer's machine and fail in CI
(``CI`` set).
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from l10n.publish import publish
from l10n.workspace.config import Workspace, load_workspace
from tests.publish.browser import CHROMIUM, KAZAKH_LETTERS, STACK, Chromium, font_problems
from tests.publish.conftest import NOW, RELEASE

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("needs chromium (apt-get install chromium fonts-dejavu-core); in CI this "
                "test fails instead", allow_module_level=True)

# A byline (shown on every page) with each Kazakh letter, small and capital: the sample's
# Kazakh text has most of them but not һ.
BYLINE = "Әсел Ғабитқызы, Ңұрлан Жәнібек, Өмір Төлеген, Ұлан Жаңаұлы, Үміт Дүйсен, " \
         "Һадия Шаһарқызы, Ілияс Ағабек, Қайрат"
TITLES = {"en": "Kazakhstan: Impunity Following Crackdown on Peaceful Protests",
          "kk": "Қазақстан: бейбіт наразылық акцияларын күшпен басудан кейінгі жазасыздық"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    with Chromium(width=1000, height=900) as chromium:
        yield chromium


@pytest.fixture
def published(sample: Workspace) -> Path:
    text = sample.config_file.read_text(encoding="utf-8").replace(
        'byline = "PEN International"', f'byline = "{BYLINE}"')
    sample.config_file.write_text(text, encoding="utf-8")
    report = publish(load_workspace(sample.config_file), RELEASE, formats=["html"], now=NOW)
    return report.folder


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("lang", ["kk", "ru", "fr", "en"])
def test_each_language_renders_in_its_own_font(browser: Chromium, published: Path,
                                               tmp_path: Path, lang: str) -> None:
    browser.open((published / lang / f"{RELEASE}.html").as_uri())
    assert browser.evaluate("document.documentElement.lang") == lang
    if lang in TITLES:
        assert browser.evaluate("document.title") == TITLES[lang]
    text = browser.evaluate("document.body.innerText")
    assert set(KAZAKH_LETTERS) <= set(text)  # the letters are on the page ...
    assert font_problems(browser.fonts(), STACK) == []  # ... in the page's font
    current = browser.evaluate(
        "[...document.querySelectorAll('nav a[aria-current=page]')].map(a => a.lang)")
    assert current == [lang]
    width = browser.evaluate("parseFloat(getComputedStyle(document.querySelector('main'))"
                             ".width)")  # the text's width, padding aside
    em = browser.evaluate("parseFloat(getComputedStyle(document.querySelector('main'))"
                          ".fontSize)")
    assert 30 * em < width <= 38 * em + 1  # a readable line
    shot = browser.screenshot(tmp_path / f"{lang}.png")
    width_px, height_px = png_size(shot)
    assert width_px == 1000 and height_px > 1500  # the whole release, not a blank window


def test_the_check_fails_for_a_font_without_kazakh_letters(browser: Chromium,
                                                           published: Path) -> None:
    """Control: the same page in a font that stops before the Kazakh letters (U+0492 on)
    gets them from a fallback font, and the check says so."""
    page = published / "kk" / f"{RELEASE}.html"
    text = page.read_text(encoding="utf-8").replace("</head>", """<style>
@font-face { font-family: "No Kazakh"; src: local("DejaVu Sans");
             unicode-range: U+0000-0491; }
body { font-family: "No Kazakh", "DejaVu Serif", serif !important; }
</style></head>""")
    control = page.with_name("control.html")
    control.write_text(text, encoding="utf-8")
    browser.open(control.as_uri())
    problems = font_problems(browser.fonts(), ("DejaVu Sans",))
    assert problems and all("DejaVu Serif besides DejaVu Sans" in p for p in problems)
    assert font_problems({}, ("No Such Font",)) == [
        f"no font of No Such Font has every letter of {KAZAKH_LETTERS}"]
