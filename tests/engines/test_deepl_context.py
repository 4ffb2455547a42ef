"""Context for the engines that can take it (issue 12, item 4): DeepL gets the neighbouring
sentences (``context``) and a glossary of the workspace's terms (``glossary_id``) on a real
HTTP server on 127.0.0.1; LibreTranslate keeps sending single sentences."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

import polib
import pytest

from l10n.engines import EngineSettings
from l10n.ingest import ingest
from l10n.pretranslate import pretranslate
from l10n.workspace.config import Workspace, init_workspace
from tests.engines.enginefakes import FakeServer, Reply, Request, Translator, serving
from tests.engines.release30 import RELEASE, SOURCES, TRANSLATIONS

SECRET = "deepl-secret-9f8e7d:fx"
GLOSSARY = ("term,kind,kk,ru,fr,variants,case_sensitive,note\n"
            "Criminal Code,fixed,Қылмыстық кодекс,Уголовный кодекс,Code pénal,,no,\n"
            "Green Rights Watch,dnt,,,,,no,\n")


class DeepL:
    """DeepL's v2 API: POST /v2/translate (form), GET and POST /v2/glossaries."""

    def __init__(self) -> None:
        self.glossaries: list[dict[str, str]] = []

    def __call__(self, request: Request) -> Reply:
        if request.headers.get("authorization") != f"DeepL-Auth-Key {SECRET}":
            return Reply(403, json.dumps({"message": "Forbidden"}))
        form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        if request.path == "/v2/glossaries" and request.method == "GET":
            return Reply(200, json.dumps({"glossaries": [
                {"glossary_id": g["id"], "name": g["name"], "ready": True,
                 "source_lang": g["source_lang"], "target_lang": g["target_lang"]}
                for g in self.glossaries]}))
        if request.path == "/v2/glossaries" and request.method == "POST":
            self.glossaries.append({**form, "id": f"g-{len(self.glossaries) + 1}"})
            return Reply(201, json.dumps({"glossary_id": self.glossaries[-1]["id"],
                                          "name": form["name"], "ready": True}))
        if request.path == "/v2/translate":
            lang = form["target_lang"].lower()
            text = TRANSLATIONS[lang].get(form["text"], f"{lang}:{form['text']}")
            return Reply(200, json.dumps({"translations": [
                {"detected_source_language": "EN", "text": text}]}))
        return Reply(404, json.dumps({"message": "Not found"}))


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = init_workspace(tmp_path / "ws", "en", ["ru", "fr"])
    (workspace.glossary_dir / "terms.csv").write_text(GLOSSARY, encoding="utf-8")
    (workspace.sources_dir / "court.md").write_text(RELEASE, encoding="utf-8")
    ingest(workspace)
    return workspace


def deepl_run(ws: Workspace, server: FakeServer) -> None:
    settings = EngineSettings.from_env(environ={
        "L10N_DEEPL_URL": server.url + "/v2", "L10N_DEEPL_KEY": SECRET,
        "L10N_DEEPL_TIMEOUT": "5"})
    pretranslate(ws, engine="deepl", langs=["ru"], settings=settings)


def translate_forms(server: FakeServer) -> dict[str, dict[str, str]]:
    return {form["text"]: form for form in (
        {k: v[0] for k, v in parse_qs(r.body.decode()).items()}
        for r in server.requests if r.path == "/v2/translate")}


def test_deepl_gets_the_neighbouring_sentences_and_a_glossary(ws: Workspace) -> None:
    deepl = DeepL()
    with serving(deepl) as server:
        deepl_run(ws, server)
    po = {e.msgid: e.msgstr for e in polib.pofile(str(ws.po_path("court", "ru")))}
    assert all(po[s] == TRANSLATIONS["ru"][s] for s in SOURCES)
    forms = translate_forms(server)
    assert forms[SOURCES[5]]["context"] == f"{SOURCES[4]} {SOURCES[6]}"
    assert forms[SOURCES[0]]["context"] == SOURCES[1]  # the title has nothing before it
    [glossary] = deepl.glossaries
    assert (glossary["source_lang"], glossary["target_lang"]) == ("en", "ru")
    assert glossary["entries_format"] == "tsv"
    assert set(glossary["entries"].split("\n")) == {
        "Criminal Code\tУголовный кодекс", "Green Rights Watch\tGreen Rights Watch"}
    assert {form.get("glossary_id") for form in forms.values()} == {"g-1"}
    for request in server.requests:
        assert SECRET not in request.url and SECRET.encode() not in request.body


def test_deepl_glossary_is_reused_by_name_not_created_again(ws: Workspace) -> None:
    deepl = DeepL()
    with serving(deepl) as server:
        deepl_run(ws, server)
        ws.po_path("court", "ru").unlink()
        for path in ws.state_dir.glob(ws.mt_cache_path.name + "*"):
            path.unlink()  # the cache too: every sentence is sent again
        ingest(ws)
        deepl_run(ws, server)
    assert sum(r.path == "/v2/translate" for r in server.requests) == 2 * len(SOURCES)
    assert len(deepl.glossaries) == 1
    posts = [r for r in server.requests if r.path == "/v2/glossaries" and r.method == "POST"]
    assert len(posts) == 1


def test_deepl_without_glossary_support_still_translates(ws: Workspace) -> None:
    deepl = DeepL()
    server = FakeServer(deepl).start()
    server.script.append(Reply(200, json.dumps({"glossaries": []})))
    server.script.append(Reply(400, json.dumps({"message": "Unsupported glossary pair"})))
    try:
        deepl_run(ws, server)
    finally:
        server.stop()
    forms = translate_forms(server)
    assert len(forms) == len(SOURCES) and not any("glossary_id" in f for f in forms.values())
    assert all("context" in f for f in forms.values())


def test_libretranslate_keeps_single_sentences(ws: Workspace) -> None:
    translator = Translator(TRANSLATIONS)
    with serving(translator.libretranslate) as server:
        settings = EngineSettings.from_env(environ={"L10N_LIBRETRANSLATE_URL": server.url})
        pretranslate(ws, engine="libretranslate", langs=["ru"], settings=settings)
    bodies = [r.json() for r in server.requests if r.path == "/translate"]
    assert bodies and all(set(b) == {"q", "source", "target", "format"}  # type: ignore[arg-type]
                          for b in bodies)
