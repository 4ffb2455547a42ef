"""Check one language of a workspace in a child process: ``python -m l10n.qa.worker``.

The parent (``check_catalogs`` with several workers) writes the pickled arguments of
``l10n.qa.runner._language_job`` to stdin and reads the pickled result from stdout. A plain
child interpreter, unlike multiprocessing's spawn or forkserver, never re-runs the parent's main
module (``python -m l10n`` or a script without a ``__main__`` guard would run again).
"""

from __future__ import annotations

import pickle
import sys


def main() -> int:
    from l10n.qa.runner import _language_job

    args = pickle.load(sys.stdin.buffer)
    result: tuple[str, object]
    try:
        result = ("ok", _language_job(*args))
    except Exception as exc:  # noqa: BLE001  (the parent re-runs in process and raises it)
        result = ("error", repr(exc))
    pickle.dump(result, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
