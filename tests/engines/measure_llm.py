"""Measure what the `llm` engine sends for a release (issue 12): per language, the tokens and
characters of a first run, of a rerun (must be 0) and after one edited sentence.

    /work/main/.venv/bin/python -m tests.engines.measure_llm [RELEASE.txt]

The fake chat-completions server of tests/engines/llmfake.py answers (``usage``: about
four characters per token, as English and Cyrillic average with GPT-style tokenisers).
Its "translations" are ``kk:<source>`` and would be refused by the language checks, so the
answer checks are switched off here: what is measured is what is sent, not quality.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from l10n import pretranslate as pretranslate_module
from l10n.engines import EngineSettings
from l10n.glossary.enforce import Checked
from l10n.ingest import ingest
from l10n.pretranslate import pretranslate
from l10n.workspace.config import Workspace, init_workspace
from tests.engines.enginefakes import FakeServer, serving
from tests.engines.llmfake import Chat

SAMPLE = Path("/work/shared/samples/kazakhstan-impunity-2019.txt")
GLOSSARY = ("term,kind,kk,ru,fr,variants,case_sensitive,note\n"
            "PEN International,dnt,,,,,no,the organisation's name\n"
            "Nur-Sultan,fixed,Нұр-Сұлтан,Нур-Султан,Nour-Soultan,,no,the capital since 2019\n"
            "Kazakhstan,fixed,Қазақстан,Казахстан,Kazakhstan,,no,\n")


def measure(ws: Workspace, server: FakeServer, what: str) -> None:
    start = len(server.requests)
    settings = EngineSettings.from_env(environ={
        "L10N_LLM_URL": server.url + "/v1", "L10N_LLM_MODEL": "fake", "L10N_LLM_KEY": "k"})
    report = pretranslate(ws, engine="llm", settings=settings)
    requests = server.requests[start:]
    by_lang = {use.lang: use for use in report.sent}
    for lang in ws.targets:
        use = by_lang.get(lang)
        mine = [r for r in requests if _lang(r.body) == lang]
        prompt = sum(len(m["content"]) for r in mine for m in r.json()["messages"])  # type: ignore[index]
        if use is None:
            print(f"{what:<22} {lang}: 0 requests, 0 segments, 0 characters, 0 tokens")
            continue
        print(f"{what:<22} {lang}: {use.requests} requests, {use.segments} segments, "
              f"{use.chars} segment characters ({prompt} prompt characters), "
              f"{use.tokens_in} tokens in, {use.tokens_out} out")


def _lang(body: bytes) -> str:
    text = body.decode("utf-8")
    for name, code in (("Kazakh", "kk"), ("Russian", "ru"), ("French", "fr")):
        if f"into {name}:" in text:
            return code
    return "?"


def main(sample: Path = SAMPLE) -> None:
    pretranslate_module._problem = lambda *args: None  # type: ignore[assignment]
    pretranslate_module.verify = lambda glossary, source, target, lang: Checked(target)  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp, serving(Chat({})) as server:
        ws = init_workspace(Path(tmp) / "ws", "en", ["kk", "ru", "fr"])
        (ws.glossary_dir / "terms.csv").write_text(GLOSSARY, encoding="utf-8")
        source = ws.sources_dir / sample.name
        text = sample.read_text(encoding="utf-8")
        source.write_text(text, encoding="utf-8")
        ingest(ws)
        measure(ws, server, "first run")
        measure(ws, server, "rerun")
        first = next(line for line in text.splitlines() if len(line.split()) > 12)
        cut = first.rindex(first.split()[-1])  # the paragraph's last sentence changes
        edited = first[:cut] + "again " + first[cut:]
        source.write_text(text.replace(first, edited, 1), encoding="utf-8")
        ingest(ws)
        measure(ws, server, "one sentence edited")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE)
