"""Downloading an offline model package by URL: resumable, checksummed, into the models folder.

The bytes go to a partial file kept in the models folder (``.download-<name>.part``), so
an interrupted download, in this run (a few attempts) or a later one, continues where it
stopped with an HTTP ``Range`` request. A server that ignores the range starts it over.
When the whole file is there, its SHA-256 is compared with the one given; a mismatch
deletes it. `l10n.engines.models.install_model` then unpacks and validates it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from l10n.workspace.errors import InputError

if TYPE_CHECKING:  # requests is imported when a download starts, not with the CLI
    import requests

Progress = Callable[[int, "int | None"], None]
#: What can be downloaded: an Argos package, or a zip / gzipped tar of a CTranslate2 folder.
SUFFIXES = (".argosmodel", ".zip", ".tar.gz", ".tgz")
ATTEMPTS = 4
CHUNK = 256 * 1024
_HEX_RE = re.compile(r"^[0-9a-fA-F]{64}$")
_RANGE_RE = re.compile(r"^bytes (\d+)-\d+/(\d+|\*)$")


def is_url(text: str) -> bool:
    """True for an ``http://`` or ``https://`` address."""
    return urlsplit(text).scheme.lower() in ("http", "https")


def package_name(url: str) -> str:
    """The file name a URL's path ends with, if it is one of the package kinds.

    >>> package_name("https://example.org/m/translate-en_ru-1_9.argosmodel?download=1")
    'translate-en_ru-1_9.argosmodel'

    Raises:
        InputError: the name is not an ``.argosmodel``, ``.zip``, ``.tar.gz`` or ``.tgz``.
    """
    name = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    if not name.lower().endswith(SUFFIXES) or name.startswith(".") or "\\" in name:
        raise InputError(_shown(url), None, f"cannot tell what {name or 'this'!r} is: expected "
                         "an .argosmodel, .zip or .tar.gz file")
    return name


def check_sha256(value: str | None) -> str | None:
    """The checksum in lower case, or None.

    Raises:
        InputError: not 64 hexadecimal digits.
    """
    if value is None:
        return None
    if not _HEX_RE.match(value.strip()):
        raise InputError("--sha256", None, f"expected 64 hexadecimal digits, got {value!r}")
    return value.strip().lower()


def download(url: str, folder: Path, *, sha256: str | None = None,
             progress: Progress | None = None, timeout: float = 60.0,
             attempts: int = ATTEMPTS) -> Path:
    """Download ``url`` into ``folder`` (resuming a partial file); return the complete file.

    Args:
        url: an http(s) address of an ``.argosmodel``, ``.zip`` or ``.tar.gz`` file.
        folder: where the partial and the complete file are kept (the models folder).
        sha256: the file's expected SHA-256 (hex); a mismatch deletes the file.
        progress: called with (bytes so far, total bytes or None).
        timeout: seconds to wait for the server to connect or send more.
        attempts: connections tried in this run before giving up (the partial file stays).

    Raises:
        InputError: a bad URL, an HTTP error, a checksum mismatch, or the download
            interrupted ``attempts`` times (run again to resume).
    """
    import requests

    expected = check_sha256(sha256)
    name = package_name(url)
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f".download-{name}.part"
    error = ""
    for _ in range(max(1, attempts)):
        try:
            if _fetch(url, part, progress, timeout):
                break
            error = "the server closed the connection before the end of the file"
        except requests.RequestException as exc:
            error = _reason(exc)
    else:
        raise InputError(_shown(url), None, f"download interrupted ({error}); "
                         f"{part.stat().st_size if part.exists() else 0} bytes kept in "
                         f"{part}: run the same command again to resume")
    if expected is not None:
        found = file_sha256(part)
        if found != expected:
            part.unlink()
            raise InputError(_shown(url), None, f"checksum mismatch: expected sha256 {expected}, "
                             f"got {found}; the download was deleted and nothing installed")
    done = folder / f".download-{name}"
    part.replace(done)
    return done


def _fetch(url: str, part: Path, progress: Progress | None, timeout: float) -> bool:
    """One connection: append to ``part`` from where it ends. True when the file is whole."""
    import requests

    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    with requests.get(url, headers=headers, stream=True, timeout=timeout,
                      allow_redirects=True) as reply:
        if reply.status_code == 416 and have:  # nothing past the end: start over
            part.unlink()
            return False
        if reply.status_code not in (200, 206):
            raise InputError(_shown(url), None, f"the server answered HTTP {reply.status_code} "
                             f"{reply.reason or ''}".rstrip())
        total = _total(reply)
        if reply.status_code == 206:
            start = _range_start(reply)
            if start != have:
                part.unlink()
                return False
        else:
            have = 0  # the whole file again: the server ignored the range
        mode = "ab" if have else "wb"
        received = have
        with open(part, mode) as out:
            try:
                for block in reply.iter_content(CHUNK):
                    out.write(block)
                    received += len(block)
                    if progress:
                        progress(received, total)
            except requests.RequestException:
                return False
        return total is None or received >= total


def _total(reply: requests.Response) -> int | None:
    found = _RANGE_RE.match(reply.headers.get("Content-Range", ""))
    if found and found.group(2) != "*":
        return int(found.group(2))
    length = reply.headers.get("Content-Length")
    if reply.status_code == 200 and length and length.isdigit():
        return int(length)
    return None


def _range_start(reply: requests.Response) -> int | None:
    found = re.match(r"^bytes (\d+)-", reply.headers.get("Content-Range", ""))
    return int(found.group(1)) if found else None


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _reason(exc: requests.RequestException) -> str:
    return type(exc).__name__ if not str(exc) else f"{type(exc).__name__}: {str(exc)[:160]}"


def _shown(url: str) -> str:
    """The URL without user info or query (it may carry a token)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"
