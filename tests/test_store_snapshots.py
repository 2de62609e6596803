"""Raw snapshots on disk: content-addressed, written atomically, stored once, never rewritten."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from support.db import query
from support.history import T0, open_store, record, seed_003

from tracker.errors import WriteFailed
from tracker.store import SnapshotFiles, StoreError
from tracker.store.snapshots import SNAPSHOT_NAME


def _all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_a_snapshot_is_named_by_its_sha256_under_a_two_character_folder(tmp_path: Path) -> None:
    files = SnapshotFiles(tmp_path)
    sha = files.write(b"terms v1")
    assert sha == hashlib.sha256(b"terms v1").hexdigest()
    assert _all_files(tmp_path) == [tmp_path / sha[:2] / sha]
    assert files.read(sha) == b"terms v1"


def test_identical_bytes_are_stored_once_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    files = SnapshotFiles(tmp_path)
    for _ in range(3):
        files.write(b"same bytes")
    files.write(b"other bytes")
    names = [p.name for p in _all_files(tmp_path)]
    assert len(names) == 2
    assert all(SNAPSHOT_NAME.fullmatch(name) for name in names)


def test_an_existing_snapshot_is_never_rewritten(tmp_path: Path) -> None:
    files = SnapshotFiles(tmp_path)
    sha = files.write(b"published terms")
    path = files.path(sha)
    os.utime(path, (1_000_000_000, 1_000_000_000))
    before = path.stat()
    files.write(b"published terms")
    after = path.stat()
    assert (after.st_ino, after.st_mtime) == (before.st_ino, before.st_mtime)


def test_a_failed_write_leaves_neither_the_file_nor_a_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(WriteFailed) as caught:
        SnapshotFiles(tmp_path).write(b"will not fit")
    assert str(caught.value).startswith(f"cannot write {tmp_path}/")
    assert caught.value.reason == "no space left on device (the disk is full)"
    assert _all_files(tmp_path) == []


def test_the_file_is_synced_before_it_gets_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    SnapshotFiles(tmp_path).write(b"durable")
    assert events.index("fsync") < events.index("replace")
    assert events[-1] == "fsync"  # the folder, so the new name survives a power cut


def test_reading_a_damaged_or_missing_snapshot_is_a_store_error(tmp_path: Path) -> None:
    files = SnapshotFiles(tmp_path)
    sha = files.write(b"original")
    files.path(sha).chmod(0o644)
    files.path(sha).write_bytes(b"tampered")
    with pytest.raises(StoreError, match="damaged"):
        files.read(sha)
    with pytest.raises(StoreError, match="missing"):
        files.read("ab" * 32)


def test_a_recorded_snapshot_has_its_row_and_its_exact_bytes(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        outcome = record(store, seed_003(), T0)
        assert outcome.snapshot is not None
        row = next(query(store, "SELECT * FROM snapshots"))
        assert row["sha256"] == outcome.snapshot
        assert row["size"] == len(seed_003())
        assert row["media_type"] == "text/plain"
        assert store.snapshots.read(outcome.snapshot) == seed_003()
