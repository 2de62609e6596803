"""Writing files so that a crash never leaves half of one: temp file, fsync, rename, fsync dir."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically: readers see the old file or the new, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def sweep_temporaries(folder: Path, *, depth: int = 1) -> int:
    """Remove the temporary files `write_atomic` leaves behind when a process is killed between
    creating and renaming one (`.NAME.XXXX.tmp`). Only call it while holding the run lock: a
    temporary file is then never one a live writer is still filling. Returns how many."""
    if not folder.is_dir():
        return 0
    pattern = "/".join(["*"] * (depth - 1) + [".*.tmp"])
    removed = 0
    for stale in folder.glob(pattern):
        if stale.is_file():
            stale.unlink(missing_ok=True)
            removed += 1
    return removed
