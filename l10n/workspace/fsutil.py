"""Safe file writing: atomic replacement and a workspace lock."""

from __future__ import annotations

import errno
import fcntl
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from l10n.workspace.errors import LockedError

# A temporary file is ".<target name>.l10n-tmp-<pid>-<random>", beside its target: a run
# that was killed leaves it behind, and the next write into that folder removes it once
# its process is gone (issue 9).
TEMP_MARK = ".l10n-tmp-"
_TEMP_RE = re.compile(r"^\..+" + re.escape(TEMP_MARK) + r"(\d+)-[^/]*$")


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the
    file is renamed over ``path``. Text is written as UTF-8 exactly as given (no
    newline translation).
    """
    atomic_write_many([(Path(path), data)])


def atomic_write_many(files: Sequence[tuple[Path, str | bytes]]) -> None:
    """Write several files atomically, renaming them into place in the order given.

    Every file's bytes reach the disk (in parallel: fsync waits are the cost of
    writing many small files) before the first rename, so an interruption leaves
    each file either old or new, and an early one new only if the later ones were
    ready too. Temporary files that killed runs left in these folders are removed first.
    """
    for folder in dict.fromkeys(Path(path).parent for path, _ in files):
        remove_stale_temps(folder)
    with ThreadPoolExecutor(max_workers=min(8, len(files) or 1)) as pool:
        futures = [pool.submit(_write_temp, Path(path), data) for path, data in files]
    temps = [f.result() for f in futures if f.exception() is None]
    try:
        for future in futures:
            if future.exception() is not None:
                raise future.exception()  # type: ignore[misc]
        for (path, _), tmp in zip(files, list(temps)):
            os.replace(tmp, path)
            temps.remove(tmp)
    finally:
        for tmp in temps:
            with _ignored():
                os.unlink(tmp)


def _write_temp(path: Path, data: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TEMP_MARK}{os.getpid()}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
    except BaseException:
        with _ignored():
            os.unlink(tmp)
        raise
    return tmp


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete the temporary files l10n processes that no longer run left in ``folder``.

    Returns:
        The files removed. A file of a running process (this one included) is kept.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    removed = []
    for name in names:
        found = _TEMP_RE.match(name)
        if found and not _running(int(found.group(1))):
            with _ignored():
                os.unlink(Path(folder) / name)
                removed.append(Path(folder) / name)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


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


def display_path(path: Path) -> Path:
    """``path`` as a user should see it in a message: relative to the current folder
    when it lies below it (so that editors can jump to ``file:line``), else absolute."""
    absolute = Path(path).absolute()
    try:
        return absolute.relative_to(Path.cwd())
    except ValueError:
        return absolute
