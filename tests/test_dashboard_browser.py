"""The dashboard in a real headless Chromium: the DOM it builds, no script, no request, a picture.

Needs Debian's ``chromium`` package (skipped without it). Chromium's own background
services still try to reach Google hosts; those requests carry no page origin
(``initiator`` "not an origin"), so the net log tells them apart from the page's.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest

from tests import test_dashboard_findings as findings_page
from tests.test_dashboard import EXPECTED_BARS, IMG, MSGSTR, SCRIPT, TITLE, Elements, page

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install "
                                                         "chromium)")
# The flags a closed network needs (without them Chromium stalls on refused connections),
# and every host name resolved to nothing.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND"]


def chromium(tmp_path: Path, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{name}"
    profile.mkdir()
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=20, check=True)


def page_requests(net_log: Path) -> list[str]:
    """URLs requested on behalf of a page (not by Chromium's own services)."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for event in log["events"]:
        params = event.get("params", {})
        if event["type"] == start and params.get("url") and (
                params.get("initiator") != "not an origin"
                or "file://" in params.get("network_isolation_key", "")):
            urls.append(params["url"])
    return urls


def dump(tmp_path: Path, html_file: Path, name: str) -> tuple[str, list[str]]:
    net_log = tmp_path / f"{name}.netlog.json"
    result = chromium(tmp_path, name, f"--log-net-log={net_log}", "--dump-dom",
                      html_file.as_uri())
    return result.stdout, page_requests(net_log)


def test_dom_numbers_no_script_no_request(tmp_path: Path) -> None:
    source = page()
    html_file = tmp_path / "status.html"
    html_file.write_text(source, encoding="utf-8")
    dom, requests = dump(tmp_path, html_file, "page")
    assert requests == []
    doc = Elements(dom)
    assert doc.bars() == EXPECTED_BARS
    text = doc.joined()
    assert "8 entries, 32 words: 50.0% complete, 12.5% reviewed" in text
    assert SCRIPT in text and IMG in text and MSGSTR in text  # shown as text ...
    # ... and never run: same title, no attribute set by the payload, no element added.
    titles = [t for t in doc.tags if t[0] == "title"]
    assert len(titles) == 1 and f"<title>{TITLE}</title>" in dom
    assert not any("data-pwned" in attrs for _, attrs in doc.tags)
    assert [a for t, a in doc.tags if t == "body"] == [{}]
    assert not any(tag in ("script", "img", "iframe", "object", "link") for tag, _ in doc.tags)
    assert [t for t, _ in doc.tags] == [t for t, _ in Elements(source).tags]
    assert not any(k == "src" for _, attrs in doc.tags for k in attrs)
    # Issue 10: the table of contents links, to the page's own sections only.
    assert all((attrs["href"] or "").startswith("#") for _, attrs in doc.tags
               if "href" in attrs)


def test_the_request_check_sees_a_page_request(tmp_path: Path) -> None:
    """The net-log check is not vacuous: a page that fetches is caught."""
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><title>c</title><img src="http://example.invalid/a.png">',
                       encoding="utf-8")
    _, requests = dump(tmp_path, control, "control")
    assert requests == ["http://example.invalid/a.png"]


def png_pixels(data: bytes) -> np.ndarray:
    """The RGB pixels (height × width × 3) of an 8-bit, non-interlaced PNG, as Chromium writes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        if kind == b"IHDR":
            header = data[pos + 8:pos + 8 + length]
        elif kind == b"IDAT":
            chunks.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and color in (2, 6) and interlace == 0
    bpp = 3 if color == 2 else 4
    raw = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8)
    raw = raw.reshape(height, width * bpp + 1).astype(np.int32)
    out = np.zeros((height, width * bpp), dtype=np.int32)
    prev = np.zeros(width * bpp, dtype=np.int32)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:].copy()
        if kind == 1:  # Sub: a running sum along the row, per channel
            line = np.cumsum(line.reshape(width, bpp), axis=0).reshape(-1) & 0xFF
        elif kind == 2:  # Up
            line = (line + prev) & 0xFF
        elif kind in (3, 4):  # Average, Paeth: byte by byte
            values, up = line.tolist(), prev.tolist()
            for i in range(len(values)):
                a = values[i - bpp] if i >= bpp else 0
                b, c = up[i], (up[i - bpp] if i >= bpp else 0)
                if kind == 3:
                    pred = (a + b) // 2
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                values[i] = (values[i] + pred) & 0xFF
            line = np.array(values, dtype=np.int32)
        out[y], prev = line, line
    return out.reshape(height, width, bpp)[:, :, :3].astype(np.uint8)


def test_screenshot_shows_the_bars(tmp_path: Path) -> None:
    html_file = tmp_path / "status.html"
    html_file.write_text(page(), encoding="utf-8")
    shot = tmp_path / "status.png"
    chromium(tmp_path, "shot", "--window-size=1000,1400", "--hide-scrollbars",
             f"--screenshot={shot}", html_file.as_uri())
    pixels = png_pixels(shot.read_bytes())
    counts = {name: int(np.all(pixels == rgb, axis=2).sum())
              for name, rgb in (("reviewed", (0x1A, 0x7F, 0x37)), ("fuzzy", (0xF0, 0xB4, 0x29)))}
    # Five bars in view, each a few hundred pixels wide: the colours were painted.
    assert counts["reviewed"] > 2000 and counts["fuzzy"] > 500, counts


def test_contents_translation_and_escaping_in_chromium(tmp_path: Path) -> None:
    """The findings page as Chromium builds it: every contents link has its target, the
    translation stands beside its source, a script in a msgstr is text that never ran."""
    html_file = tmp_path / "findings.html"
    html_file.write_text(findings_page.page(), encoding="utf-8")
    dom, requests = dump(tmp_path, html_file, "findings")
    assert requests == []
    tree = findings_page.Tree(dom)
    ids = {n["attrs"]["id"] for n in tree.nodes if n["attrs"].get("id")}
    hrefs = [a["attrs"]["href"] for a in tree.find("a")]
    assert len(hrefs) >= 6 and all(h.startswith("#") and h[1:] in ids for h in hrefs)
    (row,) = [r for r in tree.find("tr", class_="finding") if ":12: error" in tree.text(r)]
    cells = [tree.text(c) for c in row["children"] if c["tag"] == "td"]
    assert cells[1:] == ["PEN International said.",
                         " ".join(findings_page.MSGSTR_SCRIPT.split())]
    assert not tree.find("script")
    assert not any("data-pwned" in n["attrs"] for n in tree.nodes)
    section = tree.by_id("findings:spring:kk")
    assert section["tag"] == "details" and "open" in section["attrs"]


def test_a_contents_link_lands_on_its_section(tmp_path: Path) -> None:
    """Opened at a contents link's address, Chromium marks that section (CSS :target): the
    link's fragment names the element the browser finds. (A window taller than the page:
    headless screenshots of a scrolled page come out blank.)"""
    html_file = tmp_path / "findings.html"
    html_file.write_text(findings_page.page(), encoding="utf-8")
    target = (0x09, 0x69, 0xDA)  # the :target outline colour

    def marked_rows(fragment: str, name: str) -> np.ndarray:
        shot = tmp_path / f"{name}.png"
        chromium(tmp_path, name, "--window-size=1000,4000", "--hide-scrollbars",
                 f"--screenshot={shot}", html_file.as_uri() + fragment)
        return np.nonzero(np.all(png_pixels(shot.read_bytes()) == target, axis=2))[0]

    assert marked_rows("", "top").size == 0
    kk, autumn = marked_rows("#findings:spring:kk", "kk"), marked_rows("#findings:autumn:ru",
                                                                       "autumn")
    assert kk.size > 500 and autumn.size > 500
    assert kk.max() < autumn.min()  # each link marks its own section, in page order
