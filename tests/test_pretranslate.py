"""Pre-translation end to end: memory, engines over real HTTP and a real offline model."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from l10n import pretranslate as pretranslate_module
from l10n.cli.app import app
from l10n.engines import EngineSettings
from l10n.engines.models import install_model
from l10n.ingest import ingest
from l10n.pretranslate import pretranslate
from l10n.workspace.config import Workspace, init_workspace
from tests.conftest import snapshot
from tests.engines import tinymodel
from tests.engines.enginefakes import Reply, Request, serving

GLOSSARY = ("term,kind,kk,ru,fr,variants,case_sensitive,kk_avoid,ru_avoid,fr_avoid,note\n"
            "Nur-Sultan,fixed,Нұр-Сұлтан,Нур-Султан,Nour-Soultan,,no,Нурсултан,Нурсултан,,\n")
RELEASE = ("Protests in Nur-Sultan\n\n"
           "Police detained journalists in Nur-Sultan on Sunday. "
           "Observers reported serious irregularities.\n")
RUSSIAN = {  # what the fake server answers; the first uses a known wrong rendering
    "Protests in Nur-Sultan": "Протесты в Нурсултане",
    "Police detained journalists in Nur-Sultan on Sunday.":
        "В воскресенье полиция задержала журналистов в Нур-Султане.",
    "Observers reported serious irregularities.": "Наблюдатели сообщили о серьёзных нарушениях.",
}


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = init_workspace(tmp_path / "ws", "en", ["ru"])
    (workspace.glossary_dir / "terms.csv").write_text(GLOSSARY, encoding="utf-8")
    (workspace.sources_dir / "protests.txt").write_text(RELEASE, encoding="utf-8")
    ingest(workspace)
    return workspace


def libre(translations: dict[str, str]):  # type: ignore[no-untyped-def]
    """A LibreTranslate server that knows a few translations."""
    def protocol(request: Request) -> Reply:
        body = request.json()
        assert isinstance(body, dict)
        out = [translations.get(q, f"?{q}") for q in body["q"]]
        return Reply(200, json.dumps({"translatedText": out}))
    return protocol


def settings_for(url: str) -> EngineSettings:
    return EngineSettings.from_env(environ={"L10N_LIBRETRANSLATE_URL": url})


def entries(ws: Workspace, release: str = "protests", lang: str = "ru") -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(ws.po_path(release, lang)))}


def test_machine_suggestions_are_fuzzy_repaired_and_cached(ws: Workspace) -> None:
    with serving(libre(RUSSIAN)) as server:
        report = pretranslate(ws, engine="libretranslate", settings=settings_for(server.url))
        sent = len(server.requests)
        got = entries(ws)
        title = got["Protests in Nur-Sultan"]
        assert title.msgstr == "Протесты в Нур-Султане"  # repaired, ending kept
        assert "fuzzy" in title.flags
        assert "suggestion: mt libretranslate" in title.comment
        assert "glossary: repaired to Нур-Султан" in title.comment
        assert "term: Nur-Sultan → Нур-Султан (not: Нурсултан)" in title.comment
        assert report.outcomes[0].machine == 3 and report.left == 0
        assert report.sent[0].segments == 3

        # The translator throws the suggestions away; a rerun sends nothing.
        po = polib.pofile(str(ws.po_path("protests", "ru")))
        for entry in po:
            entry.msgstr, entry.flags = "", []
        po.save(str(ws.po_path("protests", "ru")))
        again = pretranslate(ws, engine="libretranslate", settings=settings_for(server.url))
        assert len(server.requests) == sent
        assert again.sent[0].segments == 0 and again.outcomes[0].machine == 3


def test_translators_work_is_never_replaced(ws: Workspace) -> None:
    path = ws.po_path("protests", "ru")
    po = polib.pofile(str(path))
    po[0].msgstr = "Протесты в Нур-Султане (перевод)"
    po[1].msgstr, po[1].flags = "Черновик переводчика", ["fuzzy"]
    po.save(str(path))
    pretranslate(ws, engine="pseudo")
    got = entries(ws)
    assert got[po[0].msgid].msgstr == "Протесты в Нур-Султане (перевод)"
    assert "fuzzy" not in got[po[0].msgid].flags
    assert got[po[1].msgid].msgstr == "Черновик переводчика"
    assert "suggestion" not in got[po[1].msgid].comment
    assert "suggestion: mt pseudo" in got[po[2].msgid].comment


def test_engine_failure_midway_keeps_work_and_rerun_finishes(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pretranslate_module, "BATCH", 1)
    with serving(libre(RUSSIAN)) as server:
        protocol = server.protocol
        server.script = [protocol, Reply(400, json.dumps({"error": "quota exceeded"}))]
        report = pretranslate(ws, engine="libretranslate", settings=settings_for(server.url))
        assert report.problems and "2 segments not translated" in report.problems[0]
        assert report.left == 2
        first = [e for e in entries(ws).values() if e.msgstr]
        assert len(first) == 1 and "fuzzy" in first[0].flags
        before = len(server.requests)
        report = pretranslate(ws, engine="libretranslate", settings=settings_for(server.url))
        assert report.left == 0 and not report.problems
        assert len(server.requests) - before == 2  # only what was left is sent


def test_wrong_language_is_rejected_and_next_engine_tried(ws: Workspace) -> None:
    english_back = {k: k.replace("Police", "The police") for k in RUSSIAN}
    with serving(libre(english_back)) as server:
        (ws.config_file).write_text(ws.config_file.read_text() +
                                    '\n[pretranslate]\nengines = ["libretranslate", "pseudo"]\n')
        from l10n.workspace.config import load_workspace
        report = pretranslate(load_workspace(ws.config_file), settings=settings_for(server.url))
    assert any("not in ru" in r or "identical to the source" in r for r in report.rejected)
    assert all("suggestion: mt pseudo" in e.comment for e in entries(ws).values())


def test_engine_error_text_is_never_written(ws: Workspace) -> None:
    warning = {k: "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY"
               for k in RUSSIAN}
    with serving(libre(warning)) as server:
        report = pretranslate(ws, engine="libretranslate", settings=settings_for(server.url))
    assert report.left == 3
    assert all(e.msgstr == "" for e in entries(ws).values())


def test_dry_run_sends_and_writes_nothing(ws: Workspace) -> None:
    with serving(libre(RUSSIAN)) as server:
        before = snapshot(ws.locales_dir)
        report = pretranslate(ws, engine="libretranslate", settings=settings_for(server.url),
                              dry_run=True)
        assert server.requests == []
    assert snapshot(ws.locales_dir) == before
    assert report.sent[0].segments == 3
    assert report.sent[0].chars == sum(len(k) for k in RUSSIAN)


def test_memory_exact_and_fuzzy_before_any_engine(ws: Workspace) -> None:
    po = polib.pofile(str(ws.po_path("protests", "ru")))
    for entry in po:
        entry.msgstr = RUSSIAN[entry.msgid].replace("Нурсултане", "Нур-Султане")
    po.save(str(ws.po_path("protests", "ru")))
    (ws.sources_dir / "follow-up.txt").write_text(
        "Protests in Nur-Sultan\n\nObservers reported very serious irregularities.\n",
        encoding="utf-8")
    ingest(ws)
    report = pretranslate(ws, ["follow-up"], engine="pseudo")
    got = entries(ws, "follow-up")
    assert got["Protests in Nur-Sultan"].msgstr == "Протесты в Нур-Султане"
    assert "suggestion: tm 100" in got["Protests in Nur-Sultan"].comment
    fuzzy = got["Observers reported very serious irregularities."]
    assert fuzzy.msgstr == RUSSIAN["Observers reported serious irregularities."]
    assert "suggestion: tm 8" in fuzzy.comment  # a score in the 80s
    assert report.outcomes[0].tm_exact == 1 and report.outcomes[0].tm_fuzzy == 1
    assert report.sent == []  # no engine was even asked


def offline_settings(tmp_path: Path, substitutions: dict[str, str]) -> EngineSettings:
    package = tinymodel.make_argos_package(tmp_path, substitutions=substitutions)
    install_model(package, tmp_path / "models")
    return EngineSettings.from_env(environ={"L10N_OFFLINE_URL": str(tmp_path / "models")})


@pytest.fixture
def name_only(tmp_path: Path) -> Workspace:
    workspace = init_workspace(tmp_path / "names", "en", ["ru"])
    (workspace.glossary_dir / "terms.csv").write_text(GLOSSARY, encoding="utf-8")
    (workspace.sources_dir / "dateline.txt").write_text("Nur-Sultan\n", encoding="utf-8")
    ingest(workspace)
    return workspace


def test_offline_model_wrong_term_is_repaired(name_only: Workspace, tmp_path: Path) -> None:
    settings = offline_settings(tmp_path, {"Nur-Sultan": "Нурсултан"})
    report = pretranslate(name_only, settings=settings)  # the default chain: offline
    entry = entries(name_only, "dateline")["Nur-Sultan"]
    assert entry.msgstr == "Нур-Султан"
    assert "suggestion: mt offline" in entry.comment
    assert "glossary: repaired to Нур-Султан" in entry.comment
    assert report.sent[0].engine == "offline" and report.sent[0].segments == 1


def test_offline_model_missing_term_is_masked_and_inserted(name_only: Workspace,
                                                           tmp_path: Path) -> None:
    settings = offline_settings(tmp_path, {"Nur-Sultan": "Столица"})
    pretranslate(name_only, settings=settings)
    entry = entries(name_only, "dateline")["Nur-Sultan"]
    assert entry.msgstr == "Нур-Султан"
    assert "glossary: inserted Нур-Султан" in entry.comment


def test_no_usable_engine_is_said_plainly(ws: Workspace, tmp_path: Path) -> None:
    settings = EngineSettings.from_env(environ={"L10N_OFFLINE_URL": str(tmp_path / "none")})
    (tmp_path / "none").mkdir()
    report = pretranslate(ws, settings=settings)
    assert report.unusable and "offline cannot be used" in report.unusable[0]
    assert report.left == 3 and not report.problems
    assert all("term: Nur-Sultan" in e.comment for e in entries(ws).values()
               if "Nur-Sultan" in e.msgid)


def test_cli_pretranslate(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["pretranslate", "--engine", "pseudo", "--dry-run", "--json",
                                 "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dry_run"] and data["sent"][0]["segments"] == 3
    result = runner.invoke(app, ["pretranslate", "--engine", "pseudo",
                                 "--workspace", str(ws.root)])
    assert result.exit_code == 0
    assert "protests ru: 3 untranslated" in result.stdout
    assert "Example: l10n pretranslate" in runner.invoke(app, ["pretranslate", "--help"]).stdout


def test_an_edited_sentence_gets_a_fresh_suggestion_but_a_translators_does_not(
        ws: Workspace) -> None:
    with serving(libre(RUSSIAN | {
            "Observers reported grave irregularities.": "Наблюдатели сообщили о грубых нарушениях."
    })) as server:
        pretranslate(ws, engine="libretranslate", settings=settings_for(server.url))
        path = ws.po_path("protests", "ru")
        po = polib.pofile(str(path))  # the translator confirms the title only
        po[0].flags.remove("fuzzy")
        po.save(str(path))
        source = ws.sources_dir / "protests.txt"
        source.write_text(RELEASE.replace("serious", "grave").replace(
            "Protests in", "Protest in"), encoding="utf-8")
        ingest(ws)
        before = len(server.requests)
        report = pretranslate(ws, engine="libretranslate", settings=settings_for(server.url))
        got = entries(ws)
        edited = got["Observers reported grave irregularities."]
        assert edited.msgstr == "Наблюдатели сообщили о грубых нарушениях."
        assert edited.previous_msgid == "Observers reported serious irregularities."
        assert edited.comment.count("suggestion:") == 1
        # the title was confirmed by a translator: fuzzy after the edit, never replaced
        title = got["Protest in Nur-Sultan"]
        assert title.msgstr == "Протесты в Нур-Султане" and "fuzzy" in title.flags
        assert len(server.requests) - before == 1 and report.sent[0].segments == 1


def test_unknown_release_is_a_usage_error(ws: Workspace) -> None:
    result = CliRunner().invoke(app, ["pretranslate", "nope", "--workspace", str(ws.root)])
    assert result.exit_code == 2 and "no release 'nope'" in result.stderr
    result = CliRunner().invoke(app, ["pretranslate", "../x", "--workspace", str(ws.root)])
    assert result.exit_code == 2 and "invalid release name" in result.stderr


def test_unknown_engine_is_a_usage_error_even_with_nothing_to_do(ws: Workspace) -> None:
    result = CliRunner().invoke(app, ["pretranslate", "--engine", "nope",
                                      "--workspace", str(ws.root)])
    assert result.exit_code == 2 and "unknown engine 'nope'" in result.stderr


def test_a_translator_saving_during_the_run_keeps_their_work(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Online engines can take minutes; a translator may save the file meanwhile."""
    path = ws.po_path("protests", "ru")
    real = pretranslate_module._Session.translate

    def translator_saves_first(self, texts, progress=None):  # type: ignore[no-untyped-def]
        po = polib.pofile(str(path))
        po[1].msgstr = "Перевод переводчика."  # "Police detained journalists…"
        po[2].msgstr = ""
        po.save(str(path))
        return real(self, texts, progress)

    monkeypatch.setattr(pretranslate_module._Session, "translate", translator_saves_first)
    with serving(libre(RUSSIAN)) as server:
        pretranslate(ws, engine="libretranslate", settings=settings_for(server.url))
    got = entries(ws)
    police = "Police detained journalists in Nur-Sultan on Sunday."
    assert got[police].msgstr == "Перевод переводчика." and "fuzzy" not in got[police].flags
    assert got["Protests in Nur-Sultan"].msgstr == "Протесты в Нур-Султане"  # ours, added
    assert "fuzzy" in got["Observers reported serious irregularities."].flags
