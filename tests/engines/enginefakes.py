"""Test helpers for engines: a network guard, a scripted fake engine and fake HTTP servers.

The servers listen on 127.0.0.1 (random port) and speak the protocols deep-translator
and our LibreTranslate client use:

* Google: ``GET /m?sl=..&tl=..&q=..`` → an HTML page whose ``<div class="result-container">``
  holds the translation (deep-translator looks for ``div.t0`` first, then this one).
* MyMemory: ``GET /get?q=..&langpair=en-GB|kk-KZ`` → JSON ``{"responseData":
  {"translatedText": ..}, "responseStatus": 200, "matches": [..]}``.
* LibreTranslate: ``POST /translate`` JSON ``{"q": [..], "source", "target", "format",
  "api_key"?}`` → ``{"translatedText": [..]}``.

Each server answers scripted replies first (one per request, for injected failures) and
then its protocol's success answer. Every request is recorded.
"""

from __future__ import annotations

import html
import ipaddress
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from l10n.engines.base import EngineError, EngineLimits

# -- network guard -------------------------------------------------------------------


def _loopback(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def guard_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every name lookup or connection to a non-loopback address fail."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo
    real_create_connection = socket.create_connection

    def check(address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, bytes):
            host = host.decode()
        if isinstance(host, str) and host.startswith("/"):
            return  # a Unix socket is not the network
        if not _loopback(host):
            raise ConnectionRefusedError(f"test network guard: no connection to {host!r}")

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        check((host,))
        return real_getaddrinfo(host, *args, **kwargs)

    def create_connection(address: tuple, *args: object, **kwargs: object) -> socket.socket:
        check(address)
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(var, raising=False)


# -- a scripted engine for Robust ------------------------------------------------------


class ScriptedEngine:
    """Engine whose answers are scripted: each call pops the next step.

    A step is an exception (raised), a list (returned), or a callable taking the texts.
    With no steps left it "translates" by upper-casing.
    """

    def __init__(self, steps: Sequence[object] = (), *,
                 limits: EngineLimits | None = None) -> None:
        self.name = "scripted"
        self.limits = limits or EngineLimits(1000, 1000, 100)
        self.steps = list(steps)
        self.calls: list[list[str]] = []
        self.timeout: float | None = None

    def fingerprint(self) -> str:
        return "scripted:1"

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str]:
        self.calls.append(list(texts))
        if self.steps:
            step = self.steps.pop(0)
            if isinstance(step, BaseException):
                raise step
            if callable(step):
                return step(texts)
            return step  # type: ignore[return-value]
        return [t.upper() for t in texts]


def retryable(reason: str = "timeout", retry_after: float | None = None) -> EngineError:
    return EngineError("scripted", reason, retryable=True, retry_after=retry_after)


# -- fake HTTP servers -------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    url: str  # the path with its query string, as the client sent it

    def json(self) -> object:
        return json.loads(self.body or b"null")


@dataclass
class Reply:
    status: int = 200
    body: str | bytes = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_type: str = "application/json"


Handler = Callable[[Request], Reply]


class FakeServer:
    """A real HTTP server on 127.0.0.1 in a thread; ``script`` replies come first."""

    def __init__(self, protocol: Handler) -> None:
        self.protocol = protocol
        self.script: list[Reply | Handler] = []
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        server = self

        class _Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = Request(self.command, parts.path, parse_qs(parts.query),
                                  {k.lower(): v for k, v in self.headers.items()},
                                  self.rfile.read(length) if length else b"", self.path)
                with server._lock:
                    server.requests.append(request)
                    step = server.script.pop(0) if server.script else server.protocol
                reply = step if isinstance(step, Reply) else step(request)
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body.encode() if isinstance(reply.body, str) else reply.body
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            do_GET = do_POST = _handle

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def serving(protocol: Handler) -> Iterator[FakeServer]:
    server = FakeServer(protocol).start()
    try:
        yield server
    finally:
        server.stop()


def fake_translation(text: str, target: str) -> str:
    """What every fake server "translates" to: recognisable and different from the input."""
    return f"{target}:{text}"


def google_page(translation: str) -> str:
    return ("<!DOCTYPE html><html><head><title>Google Translate</title></head><body>"
            "<div class=\"header\">Translate</div>"
            f"<div class=\"result-container\">{html.escape(translation)}</div>"
            "</body></html>")


def google_protocol(request: Request) -> Reply:
    if request.path != "/m":
        return Reply(404, "not found", content_type="text/plain")
    text = request.query["q"][0]
    target = request.query["tl"][0]
    return Reply(200, google_page(fake_translation(text, target)), content_type="text/html")


def mymemory_json(translation: str, status: int = 200) -> str:
    return json.dumps({
        "responseData": {"translatedText": translation, "match": 1},
        "quotaFinished": False,
        "responseDetails": "",
        "responseStatus": status,
        "matches": [{"id": "1", "segment": "x", "translation": translation, "quality": 74}],
    })


MYMEMORY_QUOTA = ("MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. "
                  "NEXT AVAILABLE IN  10 HOURS 20 MINUTES 11 SECONDS VISIT "
                  "HTTPS://MYMEMORY.TRANSLATED.NET/DOC/USAGELIMITS.PHP TO TRANSLATE MORE")


def mymemory_protocol(request: Request) -> Reply:
    if request.path != "/get":
        return Reply(404, "{}")
    text = request.query["q"][0]
    target = request.query["langpair"][0].split("|")[1]
    return Reply(200, mymemory_json(fake_translation(text, target)))


def libretranslate_protocol(request: Request) -> Reply:
    if request.method != "POST" or request.path != "/translate":
        return Reply(404, json.dumps({"error": "Not Found"}))
    body = request.json()
    assert isinstance(body, dict)
    q = body["q"]
    texts = q if isinstance(q, list) else [q]
    out = [fake_translation(t, body["target"]) for t in texts]
    return Reply(200, json.dumps({"translatedText": out if isinstance(q, list) else out[0]}))


# -- a translating server with faults ----------------------------------------------------


@dataclass
class Faults:
    """What a `Translator` server does wrong (nothing by default).

    Attributes:
        answer_in: target → the language answered instead (``{"kk": "ru"}``: Russian
            for Kazakh requests).
        shift: answers belong to another sentence: in a batch each text gets the next
            one's translation (the last gets the first's); on one-text-per-request
            protocols each request gets the previous request's translation.
        fail: a source text that fails forever, ``failure`` says how: ``"500"`` (HTTP 500),
            ``"error200"`` (an error JSON with HTTP 200) or ``"short"`` (the batch's reply
            is one item short).
        notice: answered in place of every translation (a provider's quota message).
        repeat: each translation is written this many times (an output far too long).
    """

    answer_in: dict[str, str] = field(default_factory=dict)
    shift: bool = False
    fail: str | None = None
    failure: str = "500"
    notice: str | None = None
    repeat: int = 1


class Translator:
    """Protocol handlers that translate with a table (``{lang: {source: translation}}``)."""

    def __init__(self, table: dict[str, dict[str, str]], faults: Faults | None = None) -> None:
        self.table = table
        self.faults = faults or Faults()
        self.previous: str | None = None
        self._lock = threading.Lock()

    def one(self, text: str, target: str) -> str:
        lang = target.split("-")[0]
        lang = self.faults.answer_in.get(lang, lang)
        if self.faults.notice is not None:
            return self.faults.notice
        found = self.table.get(lang, {}).get(text, fake_translation(text, lang))
        return " ".join([found] * self.faults.repeat)

    def _failing(self, texts: Sequence[str]) -> bool:
        return self.faults.fail is not None and self.faults.fail in texts

    def _error(self) -> Reply:
        if self.faults.failure == "error200":
            return Reply(200, json.dumps({"error": "Internal translation error"}))
        return Reply(500, json.dumps({"error": "Internal Server Error"}))

    def libretranslate(self, request: Request) -> Reply:
        if request.method == "GET" and request.path == "/languages":
            return Reply(200, json.dumps([{"code": code, "name": code, "targets": list(self.table)}
                                          for code in ("en", *self.table)]))
        if request.method != "POST" or request.path != "/translate":
            return Reply(404, json.dumps({"error": "Not Found"}))
        body = request.json()
        assert isinstance(body, dict)
        q = body["q"]
        texts = q if isinstance(q, list) else [q]
        out = [self.one(t, body["target"]) for t in texts]
        if self._failing(texts):
            if self.faults.failure != "short":
                return self._error()
            out = out[:-1]
        if self.faults.shift and len(out) > 1:
            out = out[1:] + out[:1]
        return Reply(200, json.dumps({"translatedText": out if isinstance(q, list) else out[0]}))

    def _single(self, text: str, target: str) -> str:
        answer = self.one(text, target)
        if self.faults.shift:
            with self._lock:
                self.previous, answer = answer, self.previous or answer
        return answer

    def google(self, request: Request) -> Reply:
        if request.path != "/m":
            return Reply(404, "not found", content_type="text/plain")
        text = request.query["q"][0]
        if self._failing([text]):
            return Reply(500, "<html><body>Server Error</body></html>", content_type="text/html")
        return Reply(200, google_page(self._single(text, request.query["tl"][0])),
                     content_type="text/html; charset=UTF-8")

    def mymemory(self, request: Request) -> Reply:
        if request.path != "/get":
            return Reply(404, "{}")
        text = request.query["q"][0]
        if self._failing([text]):
            return self._error()
        target = request.query["langpair"][0].split("|")[1]
        return Reply(200, mymemory_json(self._single(text, target)))


MYMEMORY_QUOTA_RU = ("ВЫ ИСПОЛЬЗОВАЛИ ВСЕ ДОСТУПНЫЕ БЕСПЛАТНЫЕ ПЕРЕВОДЫ НА СЕГОДНЯ. "
                     "СЛЕДУЮЩИЕ БУДУТ ДОСТУПНЫ ЧЕРЕЗ 10 ЧАСОВ 20 МИНУТ 11 СЕКУНД. "
                     "ПОСЕТИТЕ HTTPS://MYMEMORY.TRANSLATED.NET/DOC/USAGELIMITS.PHP, "
                     "ЧТОБЫ ПЕРЕВЕСТИ БОЛЬШЕ")
