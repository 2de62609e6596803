"""Writing files so that a crash never leaves half of one: temp file, fsync, rename, fsync dir.

The files get the permissions any program's new files get — 0666 less the umask (0644 under
the usual 022), as SQLite gives the database — not the 0600 of a temporary file: a web server
reading the reports folder, or a colleague's account, must be able to read them. Keep them
private with the umask of the job that writes them (`umask 027`, systemd's `UMask=`).
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from tracker.errors import WriteFailed

_REASONS = {
    errno.ENOSPC: "no space left on device (the disk is full)",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "the file system is read-only",
}


def _umask_at_import() -> int:
    """Set and restored once, at import, before any thread of tracker runs."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_IMPORT_UMASK = _umask_at_import()


def umask() -> int:
    """The process's umask, read without changing it where Linux says it (/proc), else as it
    was when tracker started."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return _IMPORT_UMASK


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically: readers see the old file or the new, never a part.
    A failure of the machine (a full disk …) is a `WriteFailed` naming `path`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise write_failure(path, error) from error
    try:
        os.fchmod(descriptor, 0o666 & ~umask())
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise write_failure(path, error) from error
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def write_failure(path: Path, error: OSError) -> WriteFailed:
    """The `WriteFailed` for an OSError met writing `path`: the cause in words, by errno."""
    return WriteFailed(path, _REASONS.get(error.errno or 0) or (error.strerror or str(error)))


def free_bytes(path: Path) -> int | None:
    """Free space on the file system holding `path` (or its nearest existing parent)."""
    for folder in (path, *path.parents):
        try:
            return shutil.disk_usage(folder).free
        except OSError:
            continue
    return None


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
