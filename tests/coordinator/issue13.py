"""A coordinator's workspace for issue 13's tests: several releases, translations, an update."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
from typer.testing import CliRunner, Result

from l10n.cli.app import app
from l10n.workspace.config import Workspace, init_workspace
from tests.conftest import SAMPLE

ALPHA_V1 = ("Protests in Almaty\n\n"
            "The police arrested thousands of protesters in Almaty. Journalists were detained.\n\n"
            "Nobody believed the promises of the government.\n")
# One sentence changed, one removed, one added.
ALPHA_V2 = ("Protests in Almaty\n\n"
            "The police arrested thousands of peaceful protesters in Almaty. "
            "Journalists were detained.\n\n"
            "Observers reported serious irregularities.\n")
BETA = ("Elections in Kazakhstan\n\n"
        "Journalists were detained. The vote was held on 9 June.\n")


def make_workspace(tmp_path: Path, *, sample: bool = False) -> Workspace:
    """en → kk, ru with the releases alpha and beta (and the sample, if asked) ingested."""
    ws = init_workspace(tmp_path / "ws", "en", ["kk", "ru"])
    (ws.sources_dir / "alpha.txt").write_text(ALPHA_V1, encoding="utf-8")
    (ws.sources_dir / "beta.txt").write_text(BETA, encoding="utf-8")
    if sample:
        shutil.copy(SAMPLE, ws.sources_dir / SAMPLE.name)
    assert cli(ws, "ingest").exit_code == 0
    return ws


def cli(ws: Workspace, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, "--workspace", str(ws.root)])


def catalog(ws: Workspace, release: str, lang: str) -> polib.POFile:
    return polib.pofile(str(ws.po_path(release, lang)))


def entries(ws: Workspace, release: str, lang: str) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in catalog(ws, release, lang) if not e.obsolete}


def translate_all(ws: Workspace, release: str, lang: str, *, fuzzy: bool = False) -> None:
    """A translator's work: every entry translated (confirmed unless ``fuzzy``)."""
    po = catalog(ws, release, lang)
    for entry in po:
        if not entry.obsolete:
            entry.msgstr = f"[{lang}] {entry.msgid}"
            entry.flags = ["fuzzy"] if fuzzy else []
    po.save(str(ws.po_path(release, lang)))


def state_of_files(root: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file and folder under ``root`` (the private .l10n state included), files with
    their bytes and modification time."""
    return {p.relative_to(root).as_posix(): ((p.read_bytes(), p.stat().st_mtime_ns)
                                            if p.is_file() else None)
            for p in sorted(root.rglob("*"))}
