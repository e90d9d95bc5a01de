"""An exclusive lock on a unit folder of the submission folder, portable (POSIX and Windows).

Two exports into one unit folder at the same time (two clerks, the ribbon and the server)
would otherwise both read manifest.json and the later save would drop what the earlier one
recorded; both would also archive the same current file under one version number. The lock
is advisory, taken on a small file next to manifest.json, and the operating system releases
it when its holder exits, even when the holder is killed: a crashed export never leaves a
folder locked, so there is nothing stale to clean up.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

if os.name == "nt":
    import msvcrt
    import time

    def _lock(handle) -> None:
        handle.seek(0)
        while True:
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # gives up after ~10 s of trying
                return
            except OSError:
                time.sleep(0.1)

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def exclusive(path: Path):
    """Hold an exclusive lock on `path` (created if missing; never deleted) for the `with` block."""
    with open(path, "a+b") as handle:
        _lock(handle)
        try:
            yield
        finally:
            _unlock(handle)
