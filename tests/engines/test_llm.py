"""The `llm` engine (issue 12, item 1) against a real chat-completions server on 127.0.0.1.

The server (tests/engines/llmfake.py) "translates" with our own translations of a 30-segment
release, so what pre-translation writes can be compared with what belongs to each sentence.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from l10n import pretranslate as pretranslate_module
from l10n.cli.app import app
from l10n.engines import EngineConfig, EngineSettings, Robust, engine_infos, get_engine
from l10n.engines import llm as llm_module
from l10n.engines.context import Context, Release
from l10n.engines.llm_prompt import parse_reply, refusal
from l10n.ingest import ingest
from l10n.pretranslate import Report, pretranslate
from l10n.workspace.config import Workspace, init_workspace, load_workspace
from l10n.workspace.errors import ConfigError
from tests.engines.enginefakes import FakeServer, Reply, serving
from tests.engines.llmfake import Chat, prompts, segments_sent
from tests.engines.release30 import RELEASE, SOURCES, TRANSLATIONS

SECRET = "sk-test-Zq8Vt3LmX9pW2rK7"
MODEL = "tiny-translator-7b"
GLOSSARY = ("term,kind,kk,ru,fr,variants,case_sensitive,note\n"
            "Green Rights Watch,dnt,,,,,no,our organisation: never translated\n"
            "Criminal Code,fixed,Қылмыстық кодекс,Уголовный кодекс,Code pénal,,no,"
            "the Kazakh criminal code\n")
MISSING = SOURCES[12]  # "Sarsenova, who is 34 years old, suffers from a chronic heart condition."


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr(pretranslate_module, "Robust",
                        functools.partial(Robust, sleep=waited.append))
    return waited


@pytest.fixture
def ws(tmp_path: Path, sleeps: list[float]) -> Workspace:
    workspace = init_workspace(tmp_path / "ws", "en", ["kk", "ru", "fr"])
    (workspace.glossary_dir / "terms.csv").write_text(GLOSSARY, encoding="utf-8")
    (workspace.sources_dir / "court.md").write_text(RELEASE, encoding="utf-8")
    ingest(workspace)
    return workspace


def environ(server: FakeServer, **more: str) -> dict[str, str]:
    return {"L10N_LLM_URL": server.url + "/v1", "L10N_LLM_MODEL": MODEL,
            "L10N_LLM_KEY": SECRET, "L10N_LLM_TIMEOUT": "5", **more}


def run(ws: Workspace, server: FakeServer, langs: tuple[str, ...] = ("ru",)) -> Report:
    settings = EngineSettings.from_env(dict(ws.engine_options), environ=environ(server))
    return pretranslate(ws, engine="llm", langs=list(langs), settings=settings)


def entries(ws: Workspace, lang: str = "ru") -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(ws.po_path("court", lang))) if e.msgid}


def written(ws: Workspace, lang: str = "ru") -> dict[str, str]:
    return {m: e.msgstr for m, e in entries(ws, lang).items() if e.msgstr}


def no_key_anywhere(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


# -- end to end ----------------------------------------------------------------------------

def test_suggestions_land_fuzzy_with_the_model_and_the_glossary_in_the_prompt(
        ws: Workspace) -> None:
    chat = Chat(TRANSLATIONS)
    with serving(chat) as server:
        report = run(ws, server)
    assert written(ws) == TRANSLATIONS["ru"]
    for entry in entries(ws).values():
        assert "fuzzy" in entry.flags
        # the note ends with the suggestion's fingerprint: "suggestion: mt llm (MODEL) [1a2b3c4d]"
        assert any(line.startswith(f"suggestion: mt llm ({MODEL}) [")
                   for line in entry.comment.splitlines()), entry.comment
    sent = prompts(server.requests)
    court = next(p for p in sent if "Criminal Code" in p.split('{"segments"')[1])
    assert '"Criminal Code" → "Уголовный кодекс"' in court
    assert "the Kazakh criminal code" in court  # the term's note
    assert "inflect" in court
    assert '"Green Rights Watch": do not translate' in next(
        p for p in sent if "Green Rights Watch" in p.split('{"segments"')[1])
    # A term that does not occur in a batch is not in its prompt.
    assert all("Criminal Code" in p.split('{"segments"')[1] or '"Criminal Code" →' not in p
               for p in sent)
    assert f'titled: "{SOURCES[0]}"' in sent[0]
    # Every request asked for JSON-schema output, with the key only in the header.
    for request in server.requests:
        assert "response_format" in request.json()  # type: ignore[operator]
        assert request.headers["authorization"] == f"Bearer {SECRET}"
    use = report.sent[0]
    assert use.engine == "llm" and use.segments == len(SOURCES)
    assert (use.tokens_in, use.tokens_out) == tuple(map(sum, zip(*chat.tokens, strict=True)))
    assert use.cost is None
    no_key_anywhere(ws.root)


def test_polib_and_msgfmt_accept_the_result(ws: Workspace) -> None:
    import subprocess

    with serving(Chat(TRANSLATIONS)) as server:
        run(ws, server, ("ru", "fr", "kk"))
    for lang in ("ru", "fr", "kk"):
        assert written(ws, lang) == TRANSLATIONS[lang]
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(ws.po_path("court", lang))],
                       check=True)


def test_neighbours_are_sent_as_context(ws: Workspace) -> None:
    po = polib.pofile(str(ws.po_path("court", "ru")))
    for entry in po:
        if entry.msgid and entry.msgid != SOURCES[5]:
            entry.msgstr = TRANSLATIONS["ru"][entry.msgid]
    po.save()
    with serving(Chat(TRANSLATIONS)) as server:
        run(ws, server)
    [prompt] = prompts(server.requests)
    assert segments_sent(server.requests) == [[SOURCES[5]]]
    context = prompt.split('{"segments"')[0]
    assert json.dumps(SOURCES[4], ensure_ascii=False) in context  # the sentence before
    assert json.dumps(SOURCES[6], ensure_ascii=False) in context  # the sentence after
    assert written(ws)[SOURCES[5]] == TRANSLATIONS["ru"][SOURCES[5]]


def test_instructions_and_prices_from_the_config(ws: Workspace) -> None:
    config = ws.config_file.read_text(encoding="utf-8")
    ws.config_file.write_text(config + '\n[engines.llm]\nprice_in = 2.5\nprice_out = 10\n'
                              '[engines.llm.instructions]\nru = "Use «ёлочки» quotation marks."\n'
                              'fr = "Vouvoiement."\n', encoding="utf-8")
    ws = load_workspace(ws.config_file)
    chat = Chat(TRANSLATIONS)
    with serving(chat) as server:
        report = run(ws, server)
    assert all("Instructions for Russian: Use «ёлочки» quotation marks." in p
               for p in prompts(server.requests))
    assert not any("Vouvoiement" in p for p in prompts(server.requests))
    use = report.sent[0]
    assert use.tokens_in > 0 and use.tokens_out > 0
    assert use.cost == pytest.approx((use.tokens_in * 2.5 + use.tokens_out * 10) / 1e6)


def test_server_without_json_schema_support(ws: Workspace) -> None:
    with serving(Chat(TRANSLATIONS, schema=False)) as server:
        run(ws, server)
    assert written(ws) == TRANSLATIONS["ru"]
    asked = ["response_format" in r.json() for r in server.requests]  # type: ignore[operator]
    assert asked[0] and not any(asked[1:])  # refused once, then never asked again


def test_schema_refused_in_other_words_is_dropped_after_one_retry(ws: Workspace) -> None:
    chat = Chat(TRANSLATIONS, schema=False, schema_error="Invalid request body")
    with serving(chat) as server:
        run(ws, server)
    assert written(ws) == TRANSLATIONS["ru"]
    asked = ["response_format" in r.json() for r in server.requests]  # type: ignore[operator]
    assert asked[0] and not any(asked[1:])
    assert len(server.requests) == 3  # the first batch refused and asked again, then one more


@pytest.mark.parametrize("wrap", ["prose", "fence"])
def test_reply_wrapped_in_prose_or_a_fence(ws: Workspace, wrap: str) -> None:
    with serving(Chat(TRANSLATIONS, schema=False, wrap=wrap)) as server:
        run(ws, server)
    assert written(ws) == TRANSLATIONS["ru"]


def test_a_missing_id_is_a_failed_segment_not_a_shifted_one(ws: Workspace) -> None:
    with serving(Chat(TRANSLATIONS, drop={MISSING})) as server:
        report = run(ws, server)
    got = written(ws)
    assert MISSING not in got
    assert got == {s: t for s, t in TRANSLATIONS["ru"].items() if s != MISSING}
    [failure] = report.failed
    assert "no translation for this segment" in failure.reason
    # Isolating the segment cost no further request: the batch's answers were kept.
    batches = segments_sent(server.requests)
    assert sum(len(b) for b in batches) == len(SOURCES)


def test_an_extra_id_is_ignored(ws: Workspace) -> None:
    with serving(Chat(TRANSLATIONS, extra=True)) as server:
        run(ws, server)
    assert written(ws) == TRANSLATIONS["ru"]


def test_a_refusal_is_never_written(ws: Workspace) -> None:
    with serving(Chat(TRANSLATIONS, refuse={MISSING})) as server:
        report = run(ws, server)
    got = written(ws)
    assert MISSING not in got
    assert got == {s: t for s, t in TRANSLATIONS["ru"].items() if s != MISSING}
    assert any("refusal" in line for line in report.rejected)


def test_a_refusal_of_the_whole_batch_is_never_written(ws: Workspace) -> None:
    with serving(Chat(TRANSLATIONS, refuse_all=True)) as server:
        run(ws, server)
    assert written(ws) == {}
    assert "sorry" not in ws.po_path("court", "ru").read_text(encoding="utf-8").lower()


def test_a_refusal_in_the_refusal_field_is_never_written(ws: Workspace) -> None:
    with serving(Chat(TRANSLATIONS, refusal_field=True)) as server:
        report = run(ws, server)
    assert written(ws) == {}
    assert any("refused" in line for line in report.rejected)


def test_429_is_retried_after_retry_after(ws: Workspace, sleeps: list[float]) -> None:
    chat = Chat(TRANSLATIONS)
    server = FakeServer(chat).start()
    server.script.append(Reply(429, json.dumps({"error": {"message": "Rate limit reached"}}),
                               headers={"Retry-After": "0.05"}))
    try:
        report = run(ws, server)
    finally:
        server.stop()
    assert written(ws) == TRANSLATIONS["ru"]
    assert sleeps == [0.05]
    assert report.sent[0].requests == len(server.requests)


def test_rerun_sends_nothing_and_cache_answers_a_lost_file(ws: Workspace) -> None:
    with serving(Chat(TRANSLATIONS)) as server:
        run(ws, server)
        first = len(server.requests)
        again = run(ws, server)
        assert len(server.requests) == first and again.sent == []
        ingest_fresh = ws.po_path("court", "ru")
        ingest_fresh.unlink()
        ingest(ws)
        cached = run(ws, server)
    assert len(server.requests) == first
    assert cached.sent[0].cached == len(SOURCES) and cached.sent[0].tokens_in == 0
    assert written(ws) == TRANSLATIONS["ru"]


def test_bad_key_error_shows_no_key(ws: Workspace) -> None:
    server = FakeServer(Chat(TRANSLATIONS)).start()
    server.script.extend([Reply(401, json.dumps({"error": {
        "message": f"Incorrect API key provided: {SECRET}"}}))] * 3)
    try:
        report = run(ws, server)
    finally:
        server.stop()
    assert written(ws) == {}
    text = " ".join(report.problems + report.unusable + [str(f) for f in report.failed])
    assert "not authorised" in text and SECRET not in text
    no_key_anywhere(ws.root)


def test_cli_summary_and_json_report_tokens(ws: Workspace,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    chat = Chat(TRANSLATIONS)
    with serving(chat) as server:
        for name, value in environ(server).items():
            monkeypatch.setenv(name, value)
        result = CliRunner().invoke(app, ["pretranslate", "-w", str(ws.root), "--engine", "llm",
                                          "--lang", "ru", "--json"])
    assert result.exit_code == 0, result.stderr
    [use] = json.loads(result.stdout)["sent"]
    assert use["tokens_in"] == sum(t[0] for t in chat.tokens) > 0
    assert use["tokens_out"] == sum(t[1] for t in chat.tokens) > 0
    with serving(chat) as server:
        for name, value in environ(server).items():
            monkeypatch.setenv(name, value)
        result = CliRunner().invoke(app, ["pretranslate", "-w", str(ws.root), "--engine", "llm",
                                          "--lang", "fr"])
    assert result.exit_code == 0, result.stderr
    assert "tokens in" in result.stdout and SECRET not in result.stdout + result.stderr


# -- settings, listing, fingerprint ------------------------------------------------------

def test_engines_list_shows_llm_and_whether_it_is_configured(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("L10N_LLM_URL", "L10N_LLM_MODEL", "L10N_LLM_KEY"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(app, ["engines", "-w", str(ws.root), "--offline"])
    assert result.exit_code == 0, result.stderr
    [line] = [l for l in result.stdout.splitlines() if l.startswith("llm ")]
    assert "not configured" in line and "L10N_LLM_URL" in line
    infos = {i.name: i for i in engine_infos(EngineSettings.from_env(environ={
        "L10N_LLM_URL": "http://127.0.0.1:9/v1", "L10N_LLM_MODEL": MODEL}))}
    assert infos["llm"].available


def test_engines_probe_asks_for_the_models(ws: Workspace,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    with serving(Chat(TRANSLATIONS)) as server:
        for name, value in environ(server).items():
            monkeypatch.setenv(name, value)
        result = CliRunner().invoke(app, ["engines", "-w", str(ws.root)])
    assert result.exit_code == 0, result.stderr
    [line] = [l for l in result.stdout.splitlines() if l.startswith("llm ")]
    assert "ready" in line
    assert [r.path for r in server.requests] == ["/v1/models"]


def test_a_key_in_the_config_is_refused(ws: Workspace) -> None:
    config = ws.config_file.read_text(encoding="utf-8")
    ws.config_file.write_text(config + f'\n[engines.llm]\nkey = "{SECRET}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="L10N_LLM_KEY") as caught:
        load_workspace(ws.config_file)
    assert SECRET not in str(caught.value)
    result = CliRunner().invoke(app, ["status", "-w", str(ws.root)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "engines.llm.key" in result.stderr


@pytest.mark.parametrize("table", ['price_in = "cheap"', "max_batch = 0",
                                   'instructions = "be nice"', "json_schema = 3"])
def test_bad_llm_settings_are_refused(ws: Workspace, table: str) -> None:
    config = ws.config_file.read_text(encoding="utf-8")
    ws.config_file.write_text(config + f"\n[engines.llm]\n{table}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"engines\.llm\."):
        load_workspace(ws.config_file)


def test_fingerprint_holds_model_prompt_version_and_instructions_not_the_key(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def fingerprint(**options: object) -> str:
        config = EngineConfig("llm", key=SECRET, url="http://127.0.0.1:9/v1",
                              options={"model": MODEL, **options})
        return get_engine_from(config).fingerprint()

    base = fingerprint()
    assert SECRET not in base and MODEL in base
    assert fingerprint(model="other") != base
    assert fingerprint(instructions={"kk": "Formal."}) != base
    monkeypatch.setattr(llm_module, "PROMPT_VERSION", 999)
    assert fingerprint() != base


def get_engine_from(config: EngineConfig) -> llm_module.LLMEngine:
    return llm_module.LLMEngine(config)


def test_not_configured_engine_says_what_to_set() -> None:
    with pytest.raises(Exception, match="L10N_LLM_URL"):
        get_engine("llm", EngineSettings.from_env(environ={}))


def test_the_cli_does_not_import_openai() -> None:
    import subprocess
    import sys

    code = ("import sys, l10n.cli.app, l10n.engines.llm; "
            "print('openai' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# -- prompt pieces -------------------------------------------------------------------------

def test_parse_reply_takes_the_first_translations_object() -> None:
    assert parse_reply('{"translations": [{"id": 1, "text": "a"}, {"id": "2", "text": "b"}]}'
                       ) == {"1": "a", "2": "b"}
    assert parse_reply('Note {not json} then {"other": 1} and '
                       '{"translations": [{"id": "1", "text": "x"}]} {"translations": []}'
                       ) == {"1": "x"}
    assert parse_reply("no json at all") is None


def test_refusal_is_recognised_unless_the_source_says_so() -> None:
    assert refusal("I'm sorry, but I can't assist with that.", "Police detained him.")
    assert refusal("Извините, но я не могу перевести этот текст.", "Police detained him.")
    assert not refusal("Полиция задержала его.", "Police detained him.")
    assert not refusal("« Je suis désolé », a-t-il dit.", "\u201cI am sorry,\u201d he said.")


def test_context_neighbours_and_examples() -> None:
    ctx = Context.of("ru", [Release("Title", ["Title", "A.", "B.", "C."])],
                     examples=lambda text: [(80, "A near.", "А рядом."), (60, "B.", "Б.")])
    assert ctx.neighbours(["B."]) == ["A.", "C."]
    assert ctx.neighbours(["A.", "B."]) == ["Title", "C."]
    assert ctx.title(["C."]) == "Title"
    assert ctx.close_matches(["B."]) == [("A near.", "А рядом.")]  # its own text is no example


def test_close_memory_matches_are_sent_as_examples(ws: Workspace) -> None:
    po = polib.pofile(str(ws.po_path("court", "ru")))
    for entry in po:
        if entry.msgid:
            entry.msgstr = TRANSLATIONS["ru"][entry.msgid]  # reviewed: in the memory
    po.save()
    near = "A second video was viewed 40,000 times in the first days."  # a 63% match
    (ws.sources_dir / "follow-up.md").write_text(near + "\n", encoding="utf-8")
    ingest(ws)
    with serving(Chat(TRANSLATIONS)) as server:
        run(ws, server)
    [prompt] = prompts(server.requests)
    assert segments_sent(server.requests) == [[near]]
    examples = prompt.split("Examples of our earlier translations:")[1].split('{"segments"')[0]
    assert json.dumps(SOURCES[6], ensure_ascii=False) in examples
    assert json.dumps(TRANSLATIONS["ru"][SOURCES[6]], ensure_ascii=False) in examples
    assert examples.count("- English:") <= 3
