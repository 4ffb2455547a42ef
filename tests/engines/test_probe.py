"""`l10n engines`: an online engine is ready only when a probe answered, against local servers
that answer, refuse the connection or hang past the timeout."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli.app import app
from l10n.engines import EngineError, EngineSettings
from l10n.engines.probe import checked_infos, probe_engine
from l10n.workspace.config import Workspace, init_workspace
from tests.engines.enginefakes import MYMEMORY_QUOTA, Faults, Reply, Translator, serving
from tests.engines.release30 import TRANSLATIONS


def free_port() -> int:
    """A port nothing listens on: connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def infos(**env: str) -> dict[str, object]:
    return {i.name: i for i in checked_infos(EngineSettings.from_env(environ=env),
                                             timeout=0.5)}


def test_an_answering_server_is_ready() -> None:
    with serving(Translator(TRANSLATIONS).libretranslate) as libre, \
            serving(Translator(TRANSLATIONS).google) as google:
        found = infos(L10N_LIBRETRANSLATE_URL=libre.url, L10N_GOOGLE_URL=google.url + "/m")
        assert [r.path for r in libre.requests] == ["/languages"]  # nothing translated
        assert [r.query["q"] for r in google.requests] == [["Hello"]]
    assert found["libretranslate"].state == "ready"  # type: ignore[attr-defined]
    assert found["libretranslate"].available  # type: ignore[attr-defined]
    assert "answered a probe" in found["google"].reason  # type: ignore[attr-defined]


def test_a_refused_connection_is_unavailable() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    found = infos(L10N_LIBRETRANSLATE_URL=url, L10N_GOOGLE_URL=url + "/m")
    for name in ("libretranslate", "google"):
        info = found[name]
        assert info.state == "unavailable" and not info.available  # type: ignore[attr-defined]
        assert "cannot connect" in info.reason  # type: ignore[attr-defined]


def test_a_server_hanging_past_the_timeout_is_unavailable() -> None:
    with serving(lambda request: Reply(200, "[]", delay=3.0)) as hanging:
        with pytest.raises(EngineError, match="no answer within 0.3s"):
            probe_engine("libretranslate", EngineSettings.from_env(
                environ={"L10N_LIBRETRANSLATE_URL": hanging.url}), timeout=0.3)
        found = infos(L10N_MYMEMORY_URL=hanging.url + "/get")
    assert found["mymemory"].state == "unavailable"  # type: ignore[attr-defined]
    assert "timeout" in found["mymemory"].reason  # type: ignore[attr-defined]


def test_a_quota_notice_is_not_ready() -> None:
    with serving(Translator(TRANSLATIONS, Faults(notice=MYMEMORY_QUOTA)).mymemory) as server:
        found = infos(L10N_MYMEMORY_URL=server.url + "/get")
    assert found["mymemory"].state == "unavailable"  # type: ignore[attr-defined]


def test_libretranslate_without_url_is_not_configured() -> None:
    info = infos()["libretranslate"]
    assert info.state == "not configured" and not info.available  # type: ignore[attr-defined]
    assert "L10N_LIBRETRANSLATE_URL" in info.reason  # type: ignore[attr-defined]
    with pytest.raises(EngineError, match="not configured"):
        from l10n.engines import get_engine
        get_engine("libretranslate", EngineSettings.from_env(environ={}))


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return init_workspace(tmp_path / "ws", "en", ["kk", "ru", "fr"])


def test_cli_engines_probes_and_offline_skips(ws: Workspace) -> None:
    with serving(Translator(TRANSLATIONS).libretranslate) as libre:
        runner = CliRunner(env={"L10N_LIBRETRANSLATE_URL": libre.url})
        probed = runner.invoke(app, ["engines", "--timeout", "0.5", "--workspace", str(ws.root)])
        assert probed.exit_code == 0, probed.output
        lines = {line.split()[0]: line for line in probed.stdout.splitlines() if line}
        assert "; ready: answered a probe in" in lines["libretranslate"]
        # no network in tests: the public services do not answer, so they are not ready
        assert "; unavailable: no answer to a probe: cannot connect" in lines["google"]
        assert "; ready" in lines["pseudo"]
        before = len(libre.requests)

        offline = runner.invoke(app, ["engines", "--offline", "--workspace", str(ws.root)])
        assert offline.exit_code == 0 and len(libre.requests) == before
        assert "libretranslate  online   needs" in offline.stdout
        assert "; not checked: not contacted (--offline)" in offline.stdout

        data = json.loads(runner.invoke(app, ["engines", "--offline", "--json", "--workspace",
                                              str(ws.root)]).stdout)
    states = {e["name"]: e["state"] for e in data["engines"]}
    assert states["libretranslate"] == "not checked" and states["pseudo"] == "ready"
    assert data["probed"] is False

    unset = CliRunner().invoke(app, ["engines", "--offline", "--workspace", str(ws.root)])
    assert "; not configured: set L10N_LIBRETRANSLATE_URL" in unset.stdout
