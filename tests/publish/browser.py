"""A headless Chromium driven over the DevTools protocol, through a pipe (no websocket).

``--remote-debugging-pipe`` makes Chromium read protocol commands from file descriptor
3 and write its answers and events to descriptor 4, each message JSON ended by a NUL
byte. That is all the tests and bench/publish_screenshots.py need: open a page, take a
screenshot, and ask which platform fonts rendered the text of each element
(``CSS.getPlatformFontsForNode``) — the way to tell a page whose Kazakh letters come
from a fallback font, or from no font at all, from one that shows them in its own font.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# A closed network: without these Chromium stalls on refused connections.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars"]
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
STACK = ("Noto Sans", "PT Sans", "DejaVu Sans", "Arial")  # the default template's fonts


class BrowserError(RuntimeError):
    """Chromium did not answer, or answered with an error."""


class Chromium:
    """One headless Chromium and one page (a flattened session on a new target)."""

    def __init__(self, *, width: int = 1000, height: int = 900, timeout: float = 30) -> None:
        if CHROMIUM is None:
            raise BrowserError("chromium is not installed")
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="l10n-chromium-")
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()

        def fds() -> None:  # in the child: its fd 3 reads commands, fd 4 writes answers
            os.dup2(to_child, 3)
            os.dup2(from_child, 4)

        self._proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self._profile}",
             "about:blank"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, preexec_fn=fds, pass_fds=(3, 4))
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._next = 0
        self._events: list[dict[str, Any]] = []
        self.session = ""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        for domain in ("Page", "DOM", "CSS", "Runtime"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self._send({"id": self._id(), "method": "Browser.close"})
        except OSError:
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        os.close(self._in)
        os.close(self._out)
        shutil.rmtree(self._profile, ignore_errors=True)

    # --- the protocol ---------------------------------------------------------------------

    def _id(self) -> int:
        self._next += 1
        return self._next

    def _send(self, message: dict[str, Any]) -> None:
        os.write(self._out, json.dumps(message).encode("utf-8") + b"\0")

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise BrowserError("chromium did not answer in time")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise BrowserError("chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)  # type: ignore[no-any-return]

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer (events meanwhile are kept)."""
        number = self._id()
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        self._send(message)
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == number:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})  # type: ignore[no-any-return]
            if "method" in answer:
                self._events.append(answer)

    def wait_for(self, event: str) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while True:
            for i, seen in enumerate(self._events):
                if seen["method"] == event:
                    return self._events.pop(i)
            answer = self._receive(deadline)
            if "method" in answer:
                self._events.append(answer)

    # --- what the tests ask ---------------------------------------------------------------

    def open(self, url: str) -> None:
        """Load ``url`` and wait for its load event (and its fonts)."""
        self._events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        self.evaluate("document.fonts.ready.then(() => true)")

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True,
                           returnByValue=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> bytes:
        """A PNG of the whole page (beyond the window's height)."""
        data = base64.b64decode(self.call("Page.captureScreenshot", format="png",
                                          captureBeyondViewport=True)["data"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return data

    def fonts(self, selector: str = "body *") -> dict[str, dict[str, int]]:
        """For each element matching ``selector`` that has text of its own (by its
        outline path), the platform font families that rendered it → glyph count."""
        root = self.call("DOM.getDocument", depth=-1)["root"]["nodeId"]
        nodes = self.call("DOM.querySelectorAll", nodeId=root, selector=selector)["nodeIds"]
        used: dict[str, dict[str, int]] = {}
        for number, node in enumerate(nodes):
            fonts = self.call("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]
            if fonts:
                used[f"{selector}[{number}]"] = {f["familyName"]: f["glyphCount"]
                                                 for f in fonts}
        return used


def families_covering(text: str) -> set[str]:
    """Installed font families that have a glyph for every letter of ``text`` (fontconfig)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise BrowserError("fc-list (fontconfig) is not installed")
    charset = " ".join(f"{ord(c):x}" for c in sorted(set(text)) if not c.isspace())
    found = subprocess.run([fc_list, f":charset={charset}", "family"], capture_output=True,
                           text=True, check=True).stdout
    return {name.strip() for line in found.splitlines() for name in line.split(",")
            if name.strip()}


def font_problems(used: dict[str, dict[str, int]], stack: tuple[str, ...],
                  letters: str = KAZAKH_LETTERS) -> list[str]:
    """Why a page's text is not all in the first font of ``stack`` that the machine has
    and that covers ``letters``: an element drawn partly in another font (a fallback
    mid-word), or a stack with no font that has the letters (their glyphs would be boxes).
    """
    covering = families_covering(letters)
    installed = [family for family in stack if family in covering]
    if not installed:
        return [f"no font of {', '.join(stack)} has every letter of {letters}"]
    expected = installed[0]
    problems = []
    for where, families in used.items():
        other = sorted(set(families) - {expected})
        if other:
            problems.append(f"{where}: {', '.join(other)} besides {expected} "
                            f"({families})")
    return problems
