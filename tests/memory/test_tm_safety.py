"""The memory and bad input (issue 9, item 8): a refused TMX import changes no file, a refresh
that finds nothing new writes nothing, and neither the memory nor its TMX export records
absolute paths of this machine."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.ingest import ingest
from l10n.memory.tm import TranslationMemory
from l10n.memory.tmx import export_tmx
from l10n.resources import open_memory
from l10n.workspace.config import Workspace, load_workspace
from tests.conftest import ROOT

SAMPLE_PO = "kazakhstan-impunity-2019.po"
BAD_TMX = ('<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en"/><body>\n'
           '<tu><tuv xml:lang="en"><seg>Hello.</seg></tuv><tuv xml:lang="kk"><seg>Сәлем.</seg>'
           '</tuv></tu>\n<tu><tuv xml:lang="en"><seg>Broken\n</tmx>\n')


def cli(ws: Workspace, *args: str) -> object:
    return CliRunner().invoke(app, [*args, "--workspace", str(ws.root)])


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    """The sample's reviewed catalogs twice (two releases sharing every sentence)."""
    for lang in workspace.targets:
        for name in (SAMPLE_PO, "copy.po"):
            target = workspace.locales_dir / lang / "LC_MESSAGES" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / "locales" / lang / "LC_MESSAGES" / SAMPLE_PO, target)
    shutil.copy(workspace.sources_dir / (Path(SAMPLE_PO).stem + ".txt"),
                workspace.sources_dir / "copy.txt")
    ingest(workspace)
    return workspace


def memory_files(ws: Workspace) -> list[str]:
    return sorted(p.name for p in ws.state_dir.iterdir() if p.name.startswith("tm.sqlite"))


def file_state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_a_refused_tmx_import_leaves_the_memory_untouched(ws: Workspace, tmp_path: Path) -> None:
    assert cli(ws, "tm", "stats").exit_code == 0
    before = file_state(ws.tm_path)
    bad = tmp_path / "bad.tmx"
    bad.write_text(BAD_TMX, encoding="utf-8")
    result = cli(ws, "tm", "import", str(bad))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {bad}:5: malformed TMX: mismatched tag\n"
    assert file_state(ws.tm_path) == before
    assert memory_files(ws) == ["tm.sqlite"]


def test_a_refused_tmx_import_creates_no_memory(ws: Workspace, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text(BAD_TMX, encoding="utf-8")
    result = cli(ws, "tm", "import", str(bad))
    assert result.exit_code == 2
    assert memory_files(ws) == []


def test_a_refused_refresh_creates_no_memory(ws: Workspace) -> None:
    (ws.locales_dir / "kk" / "LC_MESSAGES" / "copy.po").write_text('msgid "x"\n', encoding="utf-8")
    result = cli(ws, "tm", "stats")
    assert result.exit_code == 2, result.output
    assert memory_files(ws) == []


def test_a_refresh_that_finds_nothing_new_writes_nothing(ws: Workspace) -> None:
    first = cli(ws, "tm", "stats", "--json")
    assert first.exit_code == 0, first.output
    before = file_state(ws.tm_path)
    again = cli(ws, "tm", "stats", "--json")
    assert '"updated": 0' in again.stdout and '"added": 0' in again.stdout
    assert file_state(ws.tm_path) == before


def test_a_sentence_reviewed_in_two_files_is_stored_once_and_stays_put(tmp_path: Path) -> None:
    stamps = iter(f"2024-01-0{i}T00:00:00Z" for i in range(1, 10))
    a, b = tmp_path / "a.po", tmp_path / "b.po"
    for path, target in ((a, "Привет."), (b, "Здравствуйте.")):
        po = polib.POFile()
        po.metadata = {"Language": "ru", "Content-Type": "text/plain; charset=UTF-8"}
        po.append(polib.POEntry(msgid="Hi.", msgstr=target))
        po.save(str(path))
    with TranslationMemory(tmp_path / "tm.sqlite", clock=lambda: next(stamps)) as tm:
        tm.refresh_from_po([a, b], source_lang="en")
        (unit,) = tm.units()
        counts = tm.refresh_from_po([a, b], source_lang="en")
        assert (counts.added, counts.updated, counts.removed) == (0, 0, 0)
        assert list(tm.units()) == [unit]
        assert (unit.target, unit.origin) == ("Здравствуйте.", f"po:{b.as_posix()}")


def test_the_memory_records_workspace_relative_origins(ws: Workspace) -> None:
    tm, _ = open_memory(ws)
    with tm:
        origins = {u.origin for u in tm.units()}
    assert origins == {f"po:locales/{lang}/LC_MESSAGES/{SAMPLE_PO}" for lang in ws.targets}


def test_tmx_export_holds_no_absolute_path_of_this_machine(ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "memory.tmx"
    result = cli(ws, "tm", "export", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert f'type="x-l10n-origin">po:locales/kk/LC_MESSAGES/{SAMPLE_PO}<' in text
    for absolute in (str(tmp_path), str(ws.root), str(Path.home()), "/tmp/", "po:/"):
        assert absolute not in text


def test_tmx_export_of_an_old_absolute_origin_keeps_only_the_file_name(tmp_path: Path) -> None:
    with TranslationMemory(":memory:") as tm:
        tm.add("Hi.", "Сәлем.", source_lang="en", target_lang="kk",
               origin="po:/home/someone/ws/locales/kk/LC_MESSAGES/gone.po")
        export_tmx(tm, tmp_path / "out.tmx", source_lang="en")
    text = (tmp_path / "out.tmx").read_text(encoding="utf-8")
    assert 'type="x-l10n-origin">po:gone.po<' in text and "/home/" not in text


def origins_in(path: Path) -> list[tuple[str, int]]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT origin, count(*) FROM units GROUP BY 1 ORDER BY 1").fetchall()
    finally:
        db.close()


def test_a_moved_workspace_adopts_its_old_units(ws: Workspace, tmp_path: Path) -> None:
    tm, _ = open_memory(ws)
    tm.close()
    expected = origins_in(ws.tm_path)
    moved = tmp_path / "elsewhere"
    shutil.move(ws.root, moved)
    again, counts = open_memory(load_workspace(moved / "l10n.toml"))
    again.close()
    assert (counts.added, counts.updated, counts.removed) == (0, 0, 0)
    assert origins_in(moved / ".l10n" / "tm.sqlite") == expected


def test_absolute_origins_of_older_memories_are_adopted(ws: Workspace, tmp_path: Path) -> None:
    """A memory written before origins were relative, then copied elsewhere."""
    old_root = Path("/old/machine/ws")
    paths = sorted(ws.locales_dir.glob("*/LC_MESSAGES/*.po"))
    with TranslationMemory(ws.tm_path) as tm:
        tm.refresh_from_po(paths, source_lang="en")
        tm._db.execute("UPDATE units SET origin = replace(origin, ?, ?)",
                       (f"po:{ws.root.as_posix()}", f"po:{old_root.as_posix()}"))
        tm.add("Only in a deleted file.", "Жойылған.", source_lang="en", target_lang="kk",
               origin=f"po:{old_root.as_posix()}/locales/kk/LC_MESSAGES/deleted.po")
        units = tm.stats()["units"]
    tm, counts = open_memory(ws)
    with tm:
        assert tm.stats()["units"] == units
        assert (counts.added, counts.updated, counts.removed) == (0, 0, 0)
        origins = {u.origin for u in tm.units()}
    assert origins == {f"po:locales/{lang}/LC_MESSAGES/{SAMPLE_PO}" for lang in ws.targets} | {
        f"po:{old_root.as_posix()}/locales/kk/LC_MESSAGES/deleted.po"}
