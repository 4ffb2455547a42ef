"""Check a share of a workspace's releases in a child process: ``python -m l10n.qa.worker``.

The parent (``check_catalogs`` with several workers) writes pickled messages to stdin and
reads pickled ``(status, value)`` answers from stdout (see ``l10n.qa.runner._Share``):

1. the share; then ``("read",)``: the child parses its catalogs and answers their
   summaries;
2. ``("check", shared)``: it checks its chosen catalogs, sending ``("progress", 1)`` after
   each, and answers each language's part.

A failure answers ``("error", description)`` and ends the child. A plain child interpreter,
unlike multiprocessing's spawn or forkserver, never re-runs the parent's main module
(``python -m l10n`` or a script without a ``__main__`` guard would run again). On Linux the
runner forks its workers instead when it can (``l10n.qa.runner._Forked``); they answer the
same requests through ``l10n.qa.runner.serve``.
"""

from __future__ import annotations

import os
import pickle
import sys
from typing import IO


def main() -> int:
    # Answers go to a private copy of stdout; anything printed goes to stderr.
    out: IO[bytes] = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())

    from l10n.qa.runner import serve

    try:
        share = pickle.load(sys.stdin.buffer)
    except Exception as exc:  # noqa: BLE001  (the parent re-runs in process and raises it)
        pickle.dump(("error", repr(exc)), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
        return 1
    return serve(share, sys.stdin.buffer, out)


if __name__ == "__main__":
    sys.exit(main())
