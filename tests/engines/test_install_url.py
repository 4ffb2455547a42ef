"""`l10n engines install URL`: download (resumed with Range), checksum, atomic install, refusals.

A real http.server on 127.0.0.1 serves tiny model archives; it can drop the connection in
the middle of the body and can ignore Range, as some servers do.
"""

from __future__ import annotations

import hashlib
import io
import tarfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("ctranslate2")

from l10n.cli.app import app  # noqa: E402
from l10n.engines.download import download  # noqa: E402
from l10n.engines.models import install_from, list_models  # noqa: E402
from l10n.workspace.config import Workspace  # noqa: E402
from l10n.workspace.errors import InputError  # noqa: E402
from tests.engines import tinymodel  # noqa: E402


@dataclass
class Files:
    """What the server serves, and what it saw."""

    files: dict[str, bytes]
    drops: int = 0  # connections to cut halfway through the body, first ones first
    ranges: bool = True  # honour Range requests
    seen: list[tuple[str, str | None]] = field(default_factory=list)  # (path, Range header)


@contextmanager
def serving(files: Files) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            files.seen.append((self.path, self.headers.get("Range")))
            body = files.files.get(self.path.split("?")[0])
            if body is None:
                self.send_error(404)
                return
            start = 0
            wanted = self.headers.get("Range")
            if wanted and files.ranges:
                start = int(wanted.removeprefix("bytes=").split("-")[0])
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
            else:
                self.send_response(200)
            rest = body[start:]
            self.send_header("Content-Length", str(len(rest)))
            self.end_headers()
            if files.drops:
                files.drops -= 1
                self.wfile.write(rest[: len(rest) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(rest)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("archives")
    nllb = tinymodel.make_nllb_folder(root / "nllb-tiny")
    text = io.BytesIO()
    with tarfile.open(fileobj=text, mode="w:gz") as tar:
        data = b"not a model\n"
        info = tarfile.TarInfo("notes/README.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return {
        "/m/translate-en_ru-1_0.argosmodel": tinymodel.make_argos_package(root).read_bytes(),
        "/m/translate-en_de-1_0.argosmodel":
            tinymodel.make_argos_package(root, to_code="de").read_bytes(),
        "/m/nllb-tiny.tar.gz": _tar_gz(nllb),
        "/m/notes.tar.gz": text.getvalue(),
    }


def _tar_gz(folder: Path) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        tar.add(folder, arcname=folder.name)
    return out.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "models"
    monkeypatch.setenv("L10N_MODELS_DIR", str(folder))
    return folder


def contents(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def install(ws: Workspace, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["engines", "install", *args, "-w", str(ws.root)])
    return result.exit_code, result.stdout, result.stderr


def test_interrupted_download_is_resumed_with_range_and_verified(
        workspace: Workspace, models: Path, archives: dict[str, bytes]) -> None:
    path = "/m/translate-en_ru-1_0.argosmodel"
    files = Files(dict(archives), drops=1)
    with serving(files) as url:
        code, out, err = install(workspace, url + path, "--sha256", sha(archives[path]))
    assert code == 0, err
    assert "installed argos-en-ru" in out
    # Resumed from what had been written when the connection broke (whole blocks of it).
    assert [p for p, _ in files.seen] == [path, path] and files.seen[0][1] is None
    start = int(str(files.seen[1][1]).removeprefix("bytes=").removesuffix("-"))
    assert 0 < start <= len(archives[path]) // 2
    assert contents(models) == ["argos-en-ru"]  # no partial or staging file left
    assert [m.name for m in list_models(models)] == ["argos-en-ru"]


def test_a_later_run_resumes_the_partial_file(models: Path, archives: dict[str, bytes]) -> None:
    path = "/m/nllb-tiny.tar.gz"
    files = Files(dict(archives), drops=2)
    with serving(files) as url:
        with pytest.raises(InputError, match="run the same command again to resume"):
            download(url + path, models, attempts=1)
        partial = models / ".download-nllb-tiny.tar.gz.part"
        kept = partial.stat().st_size  # kept for the next run
        assert 0 < kept <= len(archives[path]) // 2
        model = install_from(url + path, models, sha256=sha(archives[path]),
                             languages=("en", ["kk"]))
    ranges = [r for _, r in files.seen]
    assert ranges[:2] == [None, f"bytes={kept}-"] and len(ranges) == 3  # dropped once more
    assert model.name == "nllb-tiny" and model.family == "nllb"  # named after its top folder
    assert model.covers("en", "kk")
    assert contents(models) == ["nllb-tiny"]


def test_a_server_ignoring_range_sends_the_whole_file_again(
        models: Path, archives: dict[str, bytes]) -> None:
    path = "/m/translate-en_ru-1_0.argosmodel"
    files = Files(dict(archives), drops=1, ranges=False)
    with serving(files) as url:
        model = install_from(url + path, models, sha256=sha(archives[path]))
    assert model.name == "argos-en-ru" and len(files.seen) == 2


def test_a_wrong_checksum_installs_nothing(workspace: Workspace, models: Path,
                                          archives: dict[str, bytes]) -> None:
    path = "/m/translate-en_ru-1_0.argosmodel"
    with serving(Files(dict(archives))) as url:
        code, out, err = install(workspace, url + path, "--sha256", "0" * 64)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "checksum mismatch" in err and url + path in err
    assert sha(archives[path]) in err
    assert contents(models) == []  # the download deleted, nothing installed

    code, out, err = install(workspace, url + path, "--sha256", "abc")
    assert code == 2 and "64 hexadecimal digits" in err


@pytest.mark.parametrize(("path", "message"), [
    ("/m/notes.tar.gz", "neither an Argos Translate package"),
    ("/m/translate-en_de-1_0.argosmodel", "cannot translate en→kk, ru, fr (it covers en→de)"),
])
def test_a_model_it_cannot_use_is_refused(workspace: Workspace, models: Path,
                                          archives: dict[str, bytes], path: str,
                                          message: str) -> None:
    with serving(Files(dict(archives))) as url:
        code, out, err = install(workspace, url + path)
    assert code == 2 and err.count("\n") == 1, err
    assert message in err and url + path in err
    assert contents(models) == []


def test_http_errors_and_names_it_cannot_use(workspace: Workspace, models: Path,
                                             archives: dict[str, bytes]) -> None:
    with serving(Files(dict(archives))) as url:
        code, out, err = install(workspace, url + "/m/missing.zip")
        assert code == 2 and "HTTP 404" in err and err.count("\n") == 1
        code, out, err = install(workspace, url + "/m/model.bin")
        assert code == 2 and "expected an .argosmodel, .zip or .tar.gz file" in err
    assert contents(models) == []


def test_a_local_file_is_checked_against_the_checksum_too(
        workspace: Workspace, models: Path, tmp_path: Path) -> None:
    package = tinymodel.make_argos_package(tmp_path)
    code, out, err = install(workspace, str(package), "--sha256", "1" * 64)
    assert code == 2 and "checksum mismatch" in err and contents(models) == []
    code, out, err = install(workspace, str(package), "--sha256", sha(package.read_bytes()))
    assert code == 0 and contents(models) == ["argos-en-ru"]
