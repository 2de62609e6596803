"""One `tracker check` at a time per database: an advisory file lock beside the database.

`flock` is released by the kernel when the holder dies, even by SIGKILL, so a crashed run never
leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tracker.errors import TrackerError


class LockTimeout(TrackerError):
    """Another run held the lock for longer than we were willing to wait."""


@contextmanager
def exclusive_lock(
    path: Path,
    *,
    timeout: float,
    poll: float = 0.1,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if needed), waiting at most `timeout` seconds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"another tracker run holds {path} (waited {timeout:g} s); "
                        "try again when it has finished"
                    ) from None
                sleep(poll)
        # The pid is for a person looking; a full disk must not fail the run here (what cannot
        # be written is said where it matters: the database, the snapshots, the reports).
        with contextlib.suppress(OSError):
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()}\n".encode())
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
