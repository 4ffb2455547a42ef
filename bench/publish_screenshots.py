"""Screenshots of the published sample in kk, ru, fr and en, the fonts that drew them,
and what the page template costs.

Run: .venv/bin/python bench/publish_screenshots.py [--runs 3] [--out out/screenshots]

Copies this repository's sample into a temporary workspace (with a date and a byline),
publishes it as HTML through the default template and opens each language's page in
headless Chromium (DevTools over a pipe, tests/publish/browser.py): writes
``OUT/{kk,ru,fr,en}.png`` (whole page, 1000 px wide) and prints, per page, the font
families that rendered its text with their glyph counts, and any glyph drawn by a font
other than the template's (a fallback mid-word). Then times ``l10n.publish.publish``
(html only, QA included) with the default template against ``template = false`` (the
bare export page) in the same process, interleaved, and prints the medians and their
ratio.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from l10n.publish import publish  # noqa: E402
from l10n.workspace.config import Workspace, init_workspace, load_workspace  # noqa: E402
from tests.publish.browser import STACK, Chromium, font_problems  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RELEASE = "kazakhstan-impunity-2019"
NOW = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc)


def workspace(folder: Path, template: str | None) -> Workspace:
    ws = init_workspace(folder, "en", ["kk", "ru", "fr"])
    for name in ("source_texts", "locales", "glossary"):
        shutil.copytree(ROOT / name, ws.root / name, dirs_exist_ok=True)
    text = ws.config_file.read_text(encoding="utf-8")
    if template is not None:
        text = text.replace("[publish]\n", f"[publish]\ntemplate = {template}\n")
    text += (f'\n[publish.releases.{RELEASE}]\ndate = "2019-07-09"\n'
             'byline = "PEN International"\n')
    ws.config_file.write_text(text, encoding="utf-8")
    return load_workspace(ws.config_file)


def screenshots(ws: Workspace, out: Path) -> int:
    folder = publish(ws, RELEASE, formats=["html"], now=NOW).folder
    failures = 0
    with Chromium(width=1000, height=900) as browser:
        for lang in ("kk", "ru", "fr", "en"):
            browser.open((folder / lang / f"{RELEASE}.html").as_uri())
            path = out / f"{lang}.png"
            browser.screenshot(path)
            used = browser.fonts()
            glyphs: dict[str, int] = {}
            for families in used.values():
                for family, count in families.items():
                    glyphs[family] = glyphs.get(family, 0) + count
            problems = font_problems(used, STACK)
            failures += bool(problems)
            print(f"{lang}: {path}  fonts: {glyphs}  "
                  f"{'; '.join(problems) if problems else 'no fallback glyph'}")
    return failures


def timings(templated: Workspace, bare: Workspace, runs: int) -> None:
    times: dict[str, list[float]] = {"default template": [], "template = false": []}
    for _ in range(runs):
        for name, ws in (("default template", templated), ("template = false", bare)):
            start = time.perf_counter()
            publish(ws, RELEASE, formats=["html"], now=NOW)
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, median in medians.items():
        print(f"publish html, {name:16}: median {median * 1000:7.1f} ms "
              f"(best {min(times[name]) * 1000:.1f} ms, {runs} runs)")
    ratio = medians["default template"] / medians["template = false"]
    print(f"ratio template / bare: {ratio:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        templated = workspace(Path(tmp) / "templated", None)
        bare = workspace(Path(tmp) / "bare", "false")
        failures = screenshots(templated, args.out)
        timings(templated, bare, args.runs)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
