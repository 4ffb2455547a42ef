"""``l10n align``: the PO file it writes, what it never touches, the memory, its errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from l10n.catalog.entries import suggestion_note
from l10n.catalog.pofile import read_po, write_po
from l10n.cli.app import app
from l10n.memory.tm import TranslationMemory
from l10n.workspace.config import Workspace, init_workspace
from tests.conftest import snapshot

DATA = Path(__file__).resolve().parent / "data"
RELEASE = "shymkent-journalists"
SOURCE_REF = f"source_texts/{RELEASE}.md"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner) -> Workspace:
    """A workspace with our release ingested and the partners' files in delivered/."""
    ws = init_workspace(tmp_path / "ws", "en", ["kk", "ru", "fr"])
    shutil.copy(DATA / f"{RELEASE}.md", ws.sources_dir)
    (ws.root / "delivered").mkdir()
    for lang in ("ru", "fr"):
        shutil.copy(DATA / f"{RELEASE}.{lang}.md", ws.root / "delivered" / f"{lang}.md")
    monkeypatch.chdir(ws.root)
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 0, result.output
    return ws


def entry(ws: Workspace, lang: str, start: str) -> polib.POEntry:
    found = [e for e in read_po(ws.po_path(RELEASE, lang)) if e.msgid.startswith(start)]
    assert len(found) == 1, start
    return found[0]


def align(runner: CliRunner, *args: str) -> object:
    return runner.invoke(app, ["align", *args])


def test_aligned_sentences_become_fuzzy_entries(ws: Workspace, runner: CliRunner) -> None:
    result = align(runner, RELEASE, "delivered/ru.md", "--lang", "ru")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    out = result.stdout  # type: ignore[attr-defined]
    assert "19 entries were written as fuzzy" in out
    first = entry(ws, "ru", "PEN Central Asia calls")
    assert first.msgstr.startswith("ПЕН Центральная Азия призывает власти Казахстана")
    assert "fuzzy" in first.flags
    assert "aligned from delivered/ru.md" in first.comment.split("\n")
    # A split: the two delivered sentences joined on the one entry.
    assert entry(ws, "ru", "Most of them").msgstr == (
        "Большинство из них отпустили в тот же вечер. "
        "Перед этим им пришлось заплатить штрафы до 150 000 тенге.")
    # A merge: the translation on the first entry, the second left empty, both say so.
    merged, second = entry(ws, "ru", "They were arrested"), entry(ws, "ru", "Their lawyers")
    assert merged.msgstr.startswith("Их арестовали") and merged.msgstr.endswith("адвокатов.")
    assert (f"also translates the next sentence (paragraph 2, sentence 3, {SOURCE_REF}:5)"
            in merged.comment)
    assert second.msgstr == "" and "fuzzy" not in second.flags
    assert "translated with the previous sentence" in second.comment
    # Markup mapped: the bold word and the e-mail address keep their placeholders.
    assert entry(ws, "ru", "The United Nations").msgstr.endswith("<1>чрезмерным</1>.")
    assert "<1/>" in entry(ws, "ru", "For more information").msgstr
    # The missing paragraph is reported with its place, and counted.
    assert f"{SOURCE_REF}:15: release block not aligned: Since then" in out
    assert "not aligned: 1 release blocks, 0 release sentences" in out


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")
@pytest.mark.parametrize("lang", ["ru", "fr"])
def test_msgfmt_accepts_the_written_catalog(ws: Workspace, runner: CliRunner,
                                            lang: str) -> None:
    result = align(runner, RELEASE, f"delivered/{lang}.md", "--lang", lang)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    path = ws.po_path(RELEASE, lang)
    proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert sum("fuzzy" in e.flags for e in read_po(path)) >= 19


def test_a_translators_work_is_never_replaced(ws: Workspace, runner: CliRunner) -> None:
    path = ws.po_path(RELEASE, "ru")
    po = read_po(path)
    for e in po:
        if e.msgid == "Background":
            e.msgstr = "Справка"  # confirmed
        elif e.msgid.startswith("Allow their lawyers"):
            e.msgstr, e.flags = "Пустить адвокатов", ["fuzzy"]  # edited, left fuzzy
        elif e.msgid.startswith("Release the three"):
            text = "Машинный перевод."
            e.msgstr, e.flags = text, ["fuzzy"]  # an unconfirmed machine suggestion
            e.comment = suggestion_note("mt pseudo", text)
    write_po(po, path)
    result = align(runner, RELEASE, "delivered/ru.md", "--lang", "ru")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert entry(ws, "ru", "Background").msgstr == "Справка"
    assert "fuzzy" not in entry(ws, "ru", "Background").flags
    assert entry(ws, "ru", "Allow their lawyers").msgstr == "Пустить адвокатов"
    assert entry(ws, "ru", "Release the three").msgstr.startswith("Немедленно освободить")
    err = result.stderr  # type: ignore[attr-defined]
    assert f"{SOURCE_REF}:11: kept" in err and f"{SOURCE_REF}:20: kept" in err


def test_a_second_run_changes_nothing(ws: Workspace, runner: CliRunner) -> None:
    assert align(runner, RELEASE, "delivered/fr.md", "-l", "fr").exit_code == 0  # type: ignore[attr-defined]
    before = ws.po_path(RELEASE, "fr").read_bytes()
    result = align(runner, RELEASE, "delivered/fr.md", "-l", "fr")
    assert "0 entries were written as fuzzy, 21 unchanged" in result.stdout  # type: ignore[attr-defined]
    assert ws.po_path(RELEASE, "fr").read_bytes() == before


def test_an_edited_alignment_is_a_translators_work(ws: Workspace, runner: CliRunner) -> None:
    assert align(runner, RELEASE, "delivered/ru.md", "-l", "ru").exit_code == 0  # type: ignore[attr-defined]
    path = ws.po_path(RELEASE, "ru")
    po = read_po(path)
    edited = next(e for e in po if e.msgid.startswith("Allow their lawyers"))
    edited.msgstr = "Допустить к ним адвокатов и семьи."  # edited, still fuzzy
    write_po(po, path)
    result = align(runner, RELEASE, "delivered/ru.md", "-l", "ru")
    assert f"{SOURCE_REF}:20: kept" in result.stderr  # type: ignore[attr-defined]
    assert entry(ws, "ru", "Allow their lawyers").msgstr == "Допустить к ним адвокатов и семьи."


@pytest.mark.parametrize("mode", ["--refresh", "--clear"])
def test_pretranslate_leaves_aligned_entries_alone(ws: Workspace, runner: CliRunner,
                                                   mode: str) -> None:
    assert align(runner, RELEASE, "delivered/ru.md", "-l", "ru").exit_code == 0  # type: ignore[attr-defined]
    before = {e.msgid: e.msgstr for e in read_po(ws.po_path(RELEASE, "ru")) if e.msgstr}
    result = runner.invoke(app, ["pretranslate", RELEASE, "--lang", "ru", "--engine",
                                 "pseudo", mode])
    assert result.exit_code == 0, result.output
    after = {e.msgid: e.msgstr for e in read_po(ws.po_path(RELEASE, "ru"))}
    assert all(after[msgid] == msgstr for msgid, msgstr in before.items())


def test_dry_run_shows_and_writes_nothing(ws: Workspace, runner: CliRunner) -> None:
    before = snapshot(ws.root)
    result = align(runner, RELEASE, "delivered/fr.md", "--lang", "fr", "--dry-run")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert snapshot(ws.root) == before
    out = result.stdout  # type: ignore[attr-defined]
    assert "21 entries would be written" in out and out.rstrip().endswith("nothing written")
    assert f"{SOURCE_REF}:23 [1-2 " in out  # the split sentence, with its bead and score


def test_json_report(ws: Workspace, runner: CliRunner) -> None:
    result = align(runner, RELEASE, "delivered/fr.md", "--lang", "fr", "--json")
    report = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert report["beads"] == {"1-0": 2, "1-1": 19, "1-2": 1, "2-1": 1}
    assert report["unaligned_counts"]["release blocks"] == 1
    [block] = report["unaligned"]
    assert block["where"] == f"{SOURCE_REF}:9" and block["side"] == "release"
    assert report["catalog"] == f"locales/fr/LC_MESSAGES/{RELEASE}.po"
    assert report["written"] is True and report["changed"] == 21


def test_memory_gets_the_confident_one_to_one_pairs(ws: Workspace, runner: CliRunner,
                                                    tmp_path: Path) -> None:
    outside = tmp_path / "old-release.md"  # an old release, not in the workspace
    shutil.copy(DATA / f"{RELEASE}.md", outside)
    po_before = ws.po_path(RELEASE, "fr").read_bytes()
    result = align(runner, str(outside), "delivered/fr.md", "--lang", "fr", "--memory",
                   "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    report = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert report["added"] == report["changed"] > 15
    assert ws.po_path(RELEASE, "fr").read_bytes() == po_before
    with TranslationMemory(ws.tm_path) as tm:
        units = list(tm.units(source_lang="en", target_lang="fr"))
    origins = {u.origin for u in units}
    assert origins == {"aligned:fr.md"}
    pairs = {u.source: u.target for u in units}
    assert pairs["Allow their lawyers and families to visit them."] == (
        "Permettre à leurs avocats et à leurs familles de leur rendre visite.")
    # Merged and split sentences are no 1-1 pairs: they stay out.
    assert not any(s.startswith(("In January 2022", "At least 238", "The authorities must"))
                   for s in pairs)
    # The refresh from PO files, before every use of the memory, keeps them.
    assert runner.invoke(app, ["tm", "stats"]).exit_code == 0
    with TranslationMemory(ws.tm_path) as tm:
        assert len(list(tm.units(source_lang="en", target_lang="fr"))) == len(units)
    # A stricter threshold takes fewer; a dry run counts what would change: nothing new.
    strict = json.loads(align(runner, str(outside), "delivered/fr.md", "-l", "fr",  # type: ignore[attr-defined]
                              "--memory", "--min-score", "0.9", "--json",
                              "--dry-run").stdout)
    assert 0 < strict["changed"] < report["changed"] and strict["added"] == 0
    (ws.root / "delivered" / "fr2.md").write_text(
        (ws.root / "delivered" / "fr.md").read_text(encoding="utf-8").replace(
            "Libérer immédiatement", "Relâcher immédiatement"), encoding="utf-8")
    changed = json.loads(align(runner, str(outside), "delivered/fr2.md", "-l", "fr",  # type: ignore[attr-defined]
                               "--memory", "--json", "--dry-run").stdout)
    assert changed["added"] == 1
    with TranslationMemory(ws.tm_path) as tm:
        assert tm.exact("Release the three journalists immediately and drop all charges.",
                        source_lang="en", target_lang="fr").startswith("Libérer")


def test_the_workspace_glossary_is_read(ws: Workspace, runner: CliRunner) -> None:
    (ws.glossary_dir / "terms.csv").write_text(
        "term,kind,kk,ru,fr\nPEN Central Asia,fixed,,ПЕН Центральная Азия,PEN Asie centrale\n",
        encoding="utf-8")
    result = align(runner, RELEASE, "delivered/fr.md", "-l", "fr", "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert json.loads(result.stdout)["changed"] == 21  # type: ignore[attr-defined]
    (ws.glossary_dir / "terms.csv").write_text("term,kind\n", encoding="utf-8")
    result = align(runner, RELEASE, "delivered/fr.md", "-l", "fr")
    assert result.exit_code == 2 and "terms.csv" in result.stderr  # type: ignore[attr-defined]


@pytest.mark.parametrize("args, message", [
    ([RELEASE, "delivered/missing.md", "-l", "ru"], "delivered/missing.md: cannot read"),
    ([RELEASE, "delivered/ru.md", "-l", "de"], "de is not a target language"),
    ([RELEASE, "delivered/fr.md", "-l", "ru"], "reads as fr, not ru"),
    ([RELEASE, "delivered/ru.pdf", "-l", "ru"], "unsupported file type '.pdf'"),
    (["no-such-release", "delivered/ru.md", "-l", "ru"], "no release 'no-such-release'"),
    (["later", "delivered/ru.md", "-l", "ru"], "run 'l10n ingest later' first"),
])
def test_bad_input_is_one_line_exit_2(ws: Workspace, runner: CliRunner, args: list[str],
                                      message: str) -> None:
    (ws.root / "delivered" / "ru.pdf").write_bytes(b"%PDF-1.4\n")
    (ws.sources_dir / "later.md").write_text("# Not ingested yet\n", encoding="utf-8")
    before = snapshot(ws.root)
    result = align(runner, *args)
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    err = result.stderr  # type: ignore[attr-defined]
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    assert snapshot(ws.root) == before


def test_any_format_the_readers_know(ws: Workspace, runner: CliRunner) -> None:
    """The release is Markdown, the delivery HTML: blocks still pair by structure."""
    html = (DATA / f"{RELEASE}.fr.md").read_text(encoding="utf-8")
    body = "".join(f"<p>{p}</p>\n" for p in html.split("\n\n")[2:4])
    (ws.root / "delivered" / "fr.html").write_text(
        f"<html><body><h1>Les journalistes détenus à Chymkent doivent être libérés</h1>\n"
        f"{body}</body></html>\n", encoding="utf-8")
    result = align(runner, RELEASE, "delivered/fr.html", "--lang", "fr")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert entry(ws, "fr", "Their lawyers").msgstr == (
        "Leurs avocats n’ont pas été autorisés à les voir.")
    assert "aligned from delivered/fr.html" in entry(ws, "fr", "Their lawyers").comment


def test_help_has_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["align", "--help"])
    assert result.exit_code == 0 and "Example: l10n align" in result.stdout


def test_kazakh(ws: Workspace, runner: CliRunner) -> None:
    """A Kazakh delivery of the release's first lines; the rest is reported as missing."""
    (ws.root / "delivered" / "kk.md").write_text(
        "# Шымкентте ұсталған журналистер босатылуы тиіс\n\n"
        "*Алматы, 2023 жылғы 14 наурыз*\n\n"
        "PEN Орталық Азия Қазақстан билігін 11 наурызда Шымкентте ұсталған үш журналисті "
        "босатуға шақырады. Олар газ бағасының өсуіне қарсы наразылықты жазып жүргенде "
        "ұсталды. Олардың адвокаттарына кездесуге рұқсат берілмеді.\n", encoding="utf-8")
    result = align(runner, RELEASE, "delivered/kk.md", "--lang", "kk", "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    report = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert report["beads"]["1-1"] == 5 and report["changed"] == 5
    assert entry(ws, "kk", "Their lawyers").msgstr == (
        "Олардың адвокаттарына кездесуге рұқсат берілмеді.")
    assert report["unaligned_counts"]["release blocks"] >= 8


def test_a_sentence_left_out_is_reported_by_its_line(ws: Workspace, runner: CliRunner) -> None:
    text = (ws.root / "delivered" / "ru.md").read_text(encoding="utf-8")
    dropped = "По официальным данным, погибли по меньшей мере 238 человек. "
    assert dropped in text
    (ws.root / "delivered" / "ru-short.md").write_text(text.replace(dropped, ""),
                                                       encoding="utf-8")
    result = align(runner, RELEASE, "delivered/ru-short.md", "-l", "ru", "--json")
    report = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert [(u["where"], u["what"]) for u in report["unaligned"]] == [
        (f"{SOURCE_REF}:13", "sentence"), (f"{SOURCE_REF}:15", "block")]
    assert report["unaligned"][0]["text"].startswith("At least 238")
    assert entry(ws, "ru", "At least 238").msgstr == ""
    assert entry(ws, "ru", "Human rights groups").msgstr.startswith("Правозащитные")


def _as_word(markdown: str, path: Path) -> None:
    """The delivered Markdown retyped in Word: headings, list items and bold runs styled."""
    import docx

    document = docx.Document()
    for block in markdown.strip().split("\n\n"):
        for line in block.split("\n"):
            if line.startswith("#"):
                level = len(line) - len(line.lstrip("#"))
                document.add_heading(line.lstrip("# "), level=level)
                continue
            style = "List Bullet" if line.startswith("- ") else None
            paragraph = document.add_paragraph(style=style)
            for n, piece in enumerate(line.removeprefix("- ").strip("*").split("**")):
                paragraph.add_run(piece).bold = n % 2 == 1
    document.save(str(path))


def test_a_word_delivery(ws: Workspace, runner: CliRunner) -> None:
    """A partner's Word file aligns like their Markdown: split and merge found, the bold
    word's placeholder put back."""
    _as_word((DATA / f"{RELEASE}.ru.md").read_text(encoding="utf-8"),
             ws.root / "delivered" / "ru.docx")
    result = align(runner, RELEASE, "delivered/ru.docx", "--lang", "ru")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    split = entry(ws, "ru", "Most of them")
    assert split.msgstr == ("Большинство из них отпустили в тот же вечер. "
                            "Перед этим им пришлось заплатить штрафы до 150 000 тенге.")
    assert "aligned from delivered/ru.docx" in split.comment.split("\n")
    merged = entry(ws, "ru", "They were arrested")
    assert merged.msgstr.startswith("Их арестовали") and merged.msgstr.endswith("адвокатов.")
    assert entry(ws, "ru", "The United Nations").msgstr.endswith("<1>чрезмерным</1>.")


def test_a_release_changed_since_ingest_is_refused(ws: Workspace, runner: CliRunner) -> None:
    """Entries are found by msgid: against a changed source nothing would be written and
    nothing said, so align asks for the ingest first, as export does."""
    source = ws.sources_dir / f"{RELEASE}.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Shymkent", "Chimkent"),
                      encoding="utf-8")
    before = snapshot(ws.root)
    result = align(runner, RELEASE, "delivered/ru.md", "--lang", "ru")
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert "changed since it was last ingested" in result.output  # type: ignore[attr-defined]
    assert snapshot(ws.root) == before
