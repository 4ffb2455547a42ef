"""HTTP engines against real fake servers on 127.0.0.1 (never the network).

Each test starts a server speaking the provider's protocol (see tests/engines/enginefakes.py),
injects failures through its script and checks what the engine and the server saw.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest

from l10n.engines import (
    EngineError,
    EngineSettings,
    Robust,
    TextTooLong,
    UnsupportedLanguage,
    get_engine,
)
from tests.engines.enginefakes import (
    MYMEMORY_QUOTA,
    FakeServer,
    Reply,
    Request,
    google_page,
    google_protocol,
    libretranslate_protocol,
    mymemory_json,
    mymemory_protocol,
    serving,
)

SECRET = "sk-live-9f8e7d6c5b4a-SECRET"
TIMEOUT = 0.3      # client timeout in the timeout tests
SLOW = 0.8         # how long a "slow" server sleeps


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def robust(engine: object, **kwargs: object) -> tuple[Robust, Sleeps]:
    sleeps = Sleeps()
    kwargs.setdefault("rng", lambda: 0.0)
    return Robust(engine, sleep=sleeps, **kwargs), sleeps  # type: ignore[arg-type]


def make(name: str, url: str, **env: str) -> object:
    env = {f"L10N_{name.upper()}_URL": url, f"L10N_{name.upper()}_TIMEOUT": "5", **env}
    return get_engine(name, EngineSettings.from_env(environ=env))


def no_secret_anywhere(server: FakeServer, error: BaseException | None = None) -> None:
    for request in server.requests:
        assert SECRET not in request.url
    if error is not None:
        assert SECRET not in str(error) and SECRET not in repr(error)
        # No chained library exception (whose text may hold the key) is shown either.
        assert error.__cause__ is None
        assert error.__context__ is None or error.__suppress_context__


# -- Google (mobile page scrape) ------------------------------------------------------------

@pytest.fixture
def google() -> Iterator[FakeServer]:
    with serving(google_protocol) as server:
        yield server


def google_engine(server: FakeServer, timeout: float = 5) -> object:
    return make("google", server.url + "/m", L10N_GOOGLE_TIMEOUT=str(timeout))


def test_google_success_keeps_whitespace_and_skips_letterless(google: FakeServer) -> None:
    r, sleeps = robust(google_engine(google))
    texts = ["  Hello, world.\n", "", "2019", " — ", "\tPress <1>release</1>  "]
    out = r.translate(texts, source="en", target="kk")
    assert out == ["  kk:Hello, world.\n", "", "2019", " — ", "\tkk:Press <1>release</1>  "]
    assert [q.query["q"] for q in google.requests] == [["Hello, world."],
                                                       ["Press <1>release</1>"]]
    assert google.requests[0].query["sl"] == ["en"] and google.requests[0].query["tl"] == ["kk"]
    assert sleeps == [] and r.stats.requests == 2 and r.stats.skipped == 3


def test_google_language_codes_are_mapped(google: FakeServer) -> None:
    engine = google_engine(google)
    assert engine.translate(["Hi"], source="en", target="zh_CN") == ["zh-CN:Hi"]
    assert google.requests[0].query["tl"] == ["zh-CN"]


def test_google_timeout_is_imposed_and_retried(google: FakeServer) -> None:
    google.script += [Reply(delay=SLOW), Reply(delay=SLOW)]
    r, sleeps = robust(google_engine(google, timeout=TIMEOUT), retries=3)
    assert r.translate(["Hello"], source="en", target="ru") == ["ru:Hello"]
    assert len(google.requests) == 3 and len(sleeps) == 2


def test_google_timeout_gives_up_with_engine_error(google: FakeServer) -> None:
    google.script += [Reply(delay=SLOW)] * 2
    r, sleeps = robust(google_engine(google, timeout=TIMEOUT), retries=1)
    with pytest.raises(EngineError, match="timeout") as info:
        r.translate(["Hello"], source="en", target="ru")
    assert info.value.retryable and len(google.requests) == 2


def test_google_500_is_retried(google: FakeServer) -> None:
    google.script += [Reply(500, "oops", content_type="text/plain")]
    r, sleeps = robust(google_engine(google), backoff=0.25)
    assert r.translate(["Hello"], source="en", target="fr") == ["fr:Hello"]
    assert len(google.requests) == 2 and sleeps == [0.25]


def test_google_429_honours_retry_after(google: FakeServer) -> None:
    google.script += [Reply(429, "slow down", {"Retry-After": "3"}, content_type="text/plain")]
    r, sleeps = robust(google_engine(google))
    assert r.translate(["Hello"], source="en", target="fr") == ["fr:Hello"]
    assert sleeps == [3.0] and len(google.requests) == 2


def test_google_429_without_retry_after_backs_off(google: FakeServer) -> None:
    google.script += [Reply(429, "", content_type="text/plain")] * 2
    r, sleeps = robust(google_engine(google), backoff=0.5)
    assert r.translate(["Hello"], source="en", target="fr") == ["fr:Hello"]
    assert sleeps == [0.5, 1.0] and len(google.requests) == 3


def test_google_4xx_is_not_retried(google: FakeServer) -> None:
    google.script += [Reply(403, "forbidden", content_type="text/plain")]
    r, sleeps = robust(google_engine(google))
    with pytest.raises(EngineError, match="403") as info:
        r.translate(["Hello"], source="en", target="fr")
    assert not info.value.retryable and len(google.requests) == 1 and sleeps == []


def test_google_page_without_result_is_an_error(google: FakeServer) -> None:
    google.script += [Reply(200, "<html><body>captcha</body></html>", content_type="text/html")]
    r, _ = robust(google_engine(google))
    with pytest.raises(EngineError, match="no translation found"):
        r.translate(["Hello"], source="en", target="fr")
    assert len(google.requests) == 1


def test_google_unchanged_result_is_returned(google: FakeServer) -> None:
    google.script += [Reply(200, google_page("Astana"), content_type="text/html")]
    assert google_engine(google).translate(["Astana"], source="en", target="kk") == ["Astana"]


def test_google_text_too_long_is_not_sent(google: FakeServer) -> None:
    r, _ = robust(google_engine(google))
    with pytest.raises(TextTooLong):
        r.translate(["ok", "a" * 5000], source="en", target="kk")
    assert google.requests == []


def test_google_unsupported_language_sends_nothing(google: FakeServer) -> None:
    with pytest.raises(UnsupportedLanguage, match="xx"):
        google_engine(google).translate(["Hello"], source="en", target="xx")
    assert google.requests == []


def test_connection_refused_is_retryable() -> None:
    server = FakeServer(google_protocol)  # bound but never started, then closed
    url = server.url
    server.httpd.server_close()
    r, sleeps = robust(make("google", url + "/m"), retries=2)
    with pytest.raises(EngineError, match="cannot connect") as info:
        r.translate(["Hello"], source="en", target="kk")
    assert info.value.retryable and len(sleeps) == 2


def test_google_engine_is_usable_from_threads(google: FakeServer) -> None:
    engine = google_engine(google)
    results: dict[int, list[str]] = {}

    def work(i: int) -> None:
        results[i] = engine.translate([f"Text {i}"], source="en", target="ru")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {i: [f"ru:Text {i}"] for i in range(6)}
    assert engine.http_requests == 6


def test_shim_leaves_plain_requests_untouched(google: FakeServer) -> None:
    from deep_translator import google as dt_google

    # Outside our engines deep-translator's patched "requests" behaves like requests.
    response = dt_google.requests.get(google.url + "/m", params={"q": "Hi", "tl": "fr"})
    assert response.status_code == 200 and "fr:Hi" in response.text


# -- MyMemory ------------------------------------------------------------------------------

@pytest.fixture
def mymemory() -> Iterator[FakeServer]:
    with serving(mymemory_protocol) as server:
        yield server


def mymemory_engine(server: FakeServer) -> object:
    return make("mymemory", server.url + "/get")


def test_mymemory_success_with_locale_codes(mymemory: FakeServer) -> None:
    r, _ = robust(mymemory_engine(mymemory))
    assert r.translate([" Hello ", "Bye"], source="en", target="kk") == \
        [" kk-KZ:Hello ", "kk-KZ:Bye"]
    assert mymemory.requests[0].query["langpair"] == ["en-GB|kk-KZ"]
    assert len(mymemory.requests) == 2


def test_mymemory_quota_warning_is_an_error_not_a_translation(mymemory: FakeServer) -> None:
    mymemory.script += [Reply(200, mymemory_json(MYMEMORY_QUOTA, status=429))] * 4
    r, sleeps = robust(mymemory_engine(mymemory))
    with pytest.raises(EngineError, match="quota") as info:
        r.translate(["Hello"], source="en", target="ru")
    assert "MYMEMORY WARNING" not in str(info.value)
    assert not info.value.retryable and len(mymemory.requests) == 1 and sleeps == []


def test_mymemory_quota_warning_even_with_status_200(mymemory: FakeServer) -> None:
    mymemory.script += [Reply(200, mymemory_json(MYMEMORY_QUOTA, status=200))]
    with pytest.raises(EngineError, match="quota"):
        mymemory_engine(mymemory).translate(["Hello"], source="en", target="ru")


def test_mymemory_invalid_json_is_retried_then_fails(mymemory: FakeServer) -> None:
    mymemory.script += [Reply(200, "<html>not json</html>")] * 3
    r, sleeps = robust(mymemory_engine(mymemory), retries=2)
    with pytest.raises(EngineError, match="not valid JSON") as info:
        r.translate(["Hello"], source="en", target="fr")
    assert info.value.retryable and len(mymemory.requests) == 3 and len(sleeps) == 2


def test_mymemory_error_json_is_not_retried(mymemory: FakeServer) -> None:
    body = json.dumps({"responseData": {"translatedText": "INVALID LANGUAGE PAIR SPECIFIED. "
                                                          "EXAMPLE: LANGPAIR=EN|IT"},
                       "responseDetails": "INVALID LANGUAGE PAIR SPECIFIED",
                       "responseStatus": 403, "matches": ""})
    mymemory.script += [Reply(200, body)]
    r, sleeps = robust(mymemory_engine(mymemory))
    with pytest.raises(EngineError, match="error message instead of a translation") as info:
        r.translate(["Hello"], source="en", target="fr")
    assert not info.value.retryable and len(mymemory.requests) == 1


def test_mymemory_error_json_without_data(mymemory: FakeServer) -> None:
    mymemory.script += [Reply(200, json.dumps({"error": "bad"}))]
    with pytest.raises(EngineError, match="unexpected response format"):
        mymemory_engine(mymemory).translate(["Hello"], source="en", target="fr")


def test_mymemory_empty_result_stopiteration_is_wrapped(mymemory: FakeServer) -> None:
    body = json.dumps({"responseData": {"translatedText": ""}, "responseStatus": 200,
                       "matches": []})
    mymemory.script += [Reply(200, body)]
    with pytest.raises(EngineError, match="no translation"):
        mymemory_engine(mymemory).translate(["Hello"], source="en", target="fr")


def test_mymemory_500_is_retried(mymemory: FakeServer) -> None:
    mymemory.script += [Reply(502, "bad gateway")]
    r, sleeps = robust(mymemory_engine(mymemory))
    assert r.translate(["Hello"], source="en", target="fr") == ["fr-FR:Hello"]
    assert len(mymemory.requests) == 2 and len(sleeps) == 1


def test_mymemory_limit_is_500_chars(mymemory: FakeServer) -> None:
    r, _ = robust(mymemory_engine(mymemory))
    assert r.translate(["a" * 499], source="en", target="fr") == ["fr-FR:" + "a" * 499]
    with pytest.raises(TextTooLong):
        r.translate(["a" * 500], source="en", target="fr")
    assert len(mymemory.requests) == 1


# -- LibreTranslate -------------------------------------------------------------------------

@pytest.fixture
def libre() -> Iterator[FakeServer]:
    with serving(libretranslate_protocol) as server:
        yield server


def libre_engine(server: FakeServer, key: str | None = SECRET, timeout: float = 5,
                 **config: object) -> object:
    env = {"L10N_LIBRETRANSLATE_URL": server.url, "L10N_LIBRETRANSLATE_TIMEOUT": str(timeout)}
    if key:
        env["L10N_LIBRETRANSLATE_KEY"] = key
    settings = EngineSettings.from_env(config={"libretranslate": config}, environ=env)
    return get_engine("libretranslate", settings)


def test_libre_batches_and_keeps_key_out_of_urls(libre: FakeServer) -> None:
    r, _ = robust(libre_engine(libre, max_batch=3, max_chars=40))
    texts = [f" Sentence number {i}. " for i in range(7)] + ["", "42"]
    out = r.translate(texts, source="en", target="kk")
    assert out == [f" kk:Sentence number {i}. " for i in range(7)] + ["", "42"]
    assert len(libre.requests) == 4  # 19-char texts: two per request (40 chars)
    for request in libre.requests:
        body = request.json()
        assert body["api_key"] == SECRET and body["format"] == "text"
        assert body["source"] == "en" and body["target"] == "kk"
        assert len(body["q"]) <= 3 and sum(map(len, body["q"])) <= 40
        assert SECRET not in request.url and not request.query
        assert all(SECRET not in v for v in request.headers.values())
    no_secret_anywhere(libre)


def test_libre_without_key_sends_none(libre: FakeServer) -> None:
    engine = libre_engine(libre, key=None)
    assert engine.translate(["Hi"], source="en", target="fr") == ["fr:Hi"]
    assert "api_key" not in libre.requests[0].json()


def test_libre_429_with_retry_after(libre: FakeServer) -> None:
    libre.script += [Reply(429, json.dumps({"error": "Slowdown: 1 per 1 second"}),
                           {"Retry-After": "1"})]
    r, sleeps = robust(libre_engine(libre))
    assert r.translate(["Hi"], source="en", target="ru") == ["ru:Hi"]
    assert sleeps == [1.0] and len(libre.requests) == 2


def test_libre_429_without_retry_after(libre: FakeServer) -> None:
    libre.script += [Reply(429, json.dumps({"error": "Too many requests"}))]
    r, sleeps = robust(libre_engine(libre), backoff=0.5)
    assert r.translate(["Hi"], source="en", target="ru") == ["ru:Hi"]
    assert sleeps == [0.5]


def test_libre_5xx_retried_then_error_without_key(libre: FakeServer) -> None:
    echo = json.dumps({"error": f"internal error for key {SECRET}"})
    libre.script += [Reply(500, echo)] * 4
    r, sleeps = robust(libre_engine(libre), retries=3)
    with pytest.raises(EngineError, match="HTTP 500") as info:
        r.translate(["Hi"], source="en", target="ru")
    assert len(libre.requests) == 4 and len(sleeps) == 3
    assert "***" in str(info.value)
    no_secret_anywhere(libre, info.value)


def test_libre_auth_error_is_not_retried(libre: FakeServer) -> None:
    libre.script += [Reply(403, json.dumps({"error": "Invalid API key"}))]
    r, sleeps = robust(libre_engine(libre))
    with pytest.raises(EngineError, match="L10N_LIBRETRANSLATE_KEY") as info:
        r.translate(["Hi"], source="en", target="kk")
    assert not info.value.retryable and len(libre.requests) == 1 and sleeps == []
    no_secret_anywhere(libre, info.value)


def test_libre_unsupported_language(libre: FakeServer) -> None:
    libre.script += [Reply(400, json.dumps({"error": "kk is not supported"}))]
    with pytest.raises(UnsupportedLanguage, match="kk is not supported"):
        libre_engine(libre).translate(["Hi"], source="en", target="kk")


def test_libre_invalid_json_is_retried(libre: FakeServer) -> None:
    libre.script += [Reply(200, "{not json")]
    r, sleeps = robust(libre_engine(libre))
    assert r.translate(["Hi"], source="en", target="fr") == ["fr:Hi"]
    assert len(libre.requests) == 2 and len(sleeps) == 1


def test_libre_error_json_with_200(libre: FakeServer) -> None:
    libre.script += [Reply(200, json.dumps({"error": "something broke"}))]
    with pytest.raises(EngineError, match="something broke"):
        libre_engine(libre).translate(["Hi"], source="en", target="fr")


def test_libre_wrong_count_is_rejected(libre: FakeServer) -> None:
    libre.script += [Reply(200, json.dumps({"translatedText": ["only one"]}))]
    r, _ = robust(libre_engine(libre))
    with pytest.raises(EngineError, match="1 translations for 2 texts"):
        r.translate(["One", "Two"], source="en", target="fr")
    assert len(libre.requests) == 1


def test_libre_timeout(libre: FakeServer) -> None:
    libre.script += [Reply(delay=SLOW)]
    r, sleeps = robust(libre_engine(libre, timeout=TIMEOUT))
    assert r.translate(["Hi"], source="en", target="fr") == ["fr:Hi"]
    assert len(libre.requests) == 2 and len(sleeps) == 1


# -- key-based deep-translator engines (DeepL, Microsoft, Yandex) ------------------------------

def deepl_protocol(request: Request) -> Reply:
    form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
    if request.headers.get("authorization") != f"DeepL-Auth-Key {SECRET}":
        return Reply(403, json.dumps({"message": "Forbidden"}))
    return Reply(200, json.dumps({"translations": [
        {"detected_source_language": "EN", "text": f"{form['target_lang']}:{form['text']}"}]}))


def test_deepl_key_travels_in_a_header_not_the_url() -> None:
    with serving(deepl_protocol) as server:
        engine = make("deepl", server.url + "/v2", L10N_DEEPL_KEY=SECRET)
        assert engine.translate(["Hello"], source="en", target="ru") == ["ru:Hello"]
        assert server.requests[0].path == "/v2/translate"
        assert server.requests[0].method == "POST"
        no_secret_anywhere(server)


def test_deepl_bad_key_error_does_not_leak_it() -> None:
    with serving(deepl_protocol) as server:
        engine = make("deepl", server.url + "/v2", L10N_DEEPL_KEY=SECRET + "x")
        r, sleeps = robust(engine)
        with pytest.raises(EngineError, match="not authorised") as info:
            r.translate(["Hello"], source="en", target="fr")
        assert not info.value.retryable and sleeps == []
        no_secret_anywhere(server, info.value)


def test_deepl_has_no_kazakh() -> None:
    with serving(deepl_protocol) as server:
        engine = make("deepl", server.url + "/v2", L10N_DEEPL_KEY=SECRET)
        with pytest.raises(UnsupportedLanguage, match="deepl does not support kk"):
            engine.translate(["Hello"], source="en", target="kk")
        assert server.requests == []


def test_microsoft_protocol_and_key_header() -> None:
    def protocol(request: Request) -> Reply:
        assert request.headers["ocp-apim-subscription-key"] == SECRET
        text = request.json()[0]["text"]  # type: ignore[index]
        to = request.query["to"][0]
        return Reply(200, json.dumps([{"translations": [{"text": f"{to}:{text}", "to": to}]}]))

    with serving(protocol) as server:
        engine = make("microsoft", server.url + "/translate", L10N_MICROSOFT_KEY=SECRET)
        assert engine.translate(["Hello"], source="en", target="kk") == ["kk:Hello"]
        assert server.requests[0].query["api-version"] == ["3.0"]
        no_secret_anywhere(server)


def test_microsoft_error_json_is_wrapped() -> None:
    body = json.dumps({"error": {"code": 401000, "message": "bad key"}})
    with serving(lambda request: Reply(401, body)) as server:
        engine = make("microsoft", server.url + "/translate", L10N_MICROSOFT_KEY=SECRET)
        with pytest.raises(EngineError, match="HTTP 401") as info:
            engine.translate(["Hello"], source="en", target="kk")
        assert not info.value.retryable
        no_secret_anywhere(server, info.value)


def test_yandex_protocol_and_server_exception() -> None:
    def protocol(request: Request) -> Reply:
        form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        if form["text"] == "fail":
            return Reply(200, json.dumps({"code": 503, "message": "unavailable"}))
        return Reply(200, json.dumps({"code": 200, "lang": form["lang"],
                                      "text": [f"{form['lang']}:{form['text']}"]}))

    with serving(protocol) as server:
        engine = make("yandex", server.url, L10N_YANDEX_KEY=SECRET)
        assert engine.translate(["Hello"], source="en", target="kk") == ["en-kk:Hello"]
        assert server.requests[0].path == "/api/v1.5/tr.json/translate"
        with pytest.raises(EngineError, match="503") as info:
            engine.translate(["fail"], source="en", target="kk")
        assert info.value.retryable
        no_secret_anywhere(server, info.value)


def test_default_public_url_is_blocked_by_the_guard() -> None:
    # The autouse guard refuses the DNS lookup; the engine reports a retryable error.
    engine = get_engine("google", EngineSettings.from_env(environ={}))
    r, sleeps = robust(engine, retries=1)
    with pytest.raises(EngineError, match="cannot connect") as info:
        r.translate(["Hello"], source="en", target="kk")
    assert info.value.retryable and len(sleeps) == 1
