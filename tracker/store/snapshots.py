"""Raw snapshots on disk: `<root>/<sha256[:2]>/<sha256>`, the bytes exactly as fetched.

Written before the database row that refers to them, atomically (`tracker.files.write_atomic`:
a temporary file in the same folder, fsync, `os.replace`, fsync of the folder). A crash leaves
either no file or the whole file (at worst an unreferenced one, harmless: the next write of the
same bytes finds it). Identical bytes are stored once and an existing file is never rewritten,
so a snapshot, once referenced, cannot change under the database.
"""

from __future__ import annotations

import hashlib
import os
import re
from contextlib import suppress
from pathlib import Path
from typing import Final

from tracker.files import write_atomic, write_failure
from tracker.store.migrations import StoreError

SNAPSHOT_NAME: Final = re.compile(r"[0-9a-f]{64}")
"""A finished snapshot's file name; anything else in the folder is a temporary file."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class SnapshotFiles:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def write(self, data: bytes) -> str:
        """Store `data` (once) and return its sha256."""
        sha256 = sha256_of(data)
        final = self.path(sha256)
        if final.exists():
            return sha256
        if not final.parent.is_dir():
            try:
                final.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise write_failure(final, error) from error
            _fsync_dir(final.parent.parent)  # the new folder's own entry
        write_atomic(final, data)
        return sha256

    def read(self, sha256: str) -> bytes:
        """The bytes of a stored snapshot; StoreError when it is missing or does not match."""
        path = self.path(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise StoreError(f"{path}: snapshot missing") from None
        if sha256_of(data) != sha256:
            raise StoreError(f"{path}: snapshot damaged (its bytes no longer hash to its name)")
        return data


def _fsync_dir(folder: Path) -> None:
    """Make a rename or a new entry in `folder` durable (no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
