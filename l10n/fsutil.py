"""Safe file writing: atomic replacement and a workspace lock."""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from l10n.errors import LockedError


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the
    file is renamed over ``path``. Text is written as UTF-8 exactly as given (no
    newline translation).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with _ignored():
            os.unlink(tmp)
        raise


@contextmanager
def _ignored() -> Iterator[None]:
    try:
        yield
    except OSError:
        pass


@contextmanager
def workspace_lock(root: Path) -> Iterator[None]:
    """Hold the workspace's lock: a second l10n run on it is refused, not interleaved."""
    lock_dir = Path(root) / ".l10n"
    lock_dir.mkdir(exist_ok=True)
    with open(lock_dir / "lock", "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise LockedError(
                    f"{root}: another l10n command is working on this workspace; "
                    "wait for it to finish and run this one again"
                ) from None
            raise
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
