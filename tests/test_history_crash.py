"""Killed at any point (SIGKILL), a `record_snapshot` leaves the store as it was before it, and
the next run records the same fetch normally: snapshot file first, then one transaction."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support.history import (
    REVISION_003,
    T0,
    at,
    count_rows,
    open_store,
    record,
    revision_003,
    seed_003,
)

from tracker.history import OutcomeKind
from tracker.store import sha256_of
from tracker.store.snapshots import SNAPSHOT_NAME

CHILD = r"""
import os, signal, sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import tracker.history.versions
from tracker.history import record_snapshot
from tracker.store import Store

database, snapshots, data, point = sys.argv[1:5]


def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


if point == "writing-the-snapshot":
    os.replace = die
elif point == "before-the-transaction":
    Store.transaction = die
elif point == "inside-the-transaction":
    tracker.history.versions.compare_flagged = die  # called inside the version transaction
store = Store.open(Path(database), Path(snapshots))
record_snapshot(
    store, "securecam", data=Path(data).read_bytes(), content_type=None, url="https://x",
    final_url="https://x", status=200, headers={}, etag='"v2"', last_modified=None,
    fetched_at=datetime(2026, 11, 4, 3, tzinfo=ZoneInfo("Asia/Tokyo")), run_id=None,
)
print("not killed")
"""

POINTS = ["writing-the-snapshot", "before-the-transaction", "inside-the-transaction"]


def _kill_while_recording(tmp_path: Path, point: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(tmp_path / "tracker.db"),
            str(tmp_path / "snapshots"),
            str(REVISION_003),
            point,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == -signal.SIGKILL, result.stdout + result.stderr


@pytest.mark.parametrize("point", POINTS)
def test_a_run_killed_while_recording_leaves_the_previous_state(tmp_path: Path, point: str) -> None:
    with open_store(tmp_path) as store:
        record(store, seed_003(), T0, etag='"v1"')
        tables = ["versions", "fetches", "snapshots", "section_links", "sections", "changes"]
        before = {table: count_rows(store, table) for table in tables}

    _kill_while_recording(tmp_path, point)

    with open_store(tmp_path) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert {table: count_rows(store, table) for table in tables} == before
        assert store.documents_etag("securecam") == ('"v1"', None)
        revision_file = store.snapshots.path(sha256_of(revision_003()))
        assert revision_file.exists() == (point != "writing-the-snapshot")

        outcome = record(store, revision_003(), at(3))
        assert (outcome.kind, outcome.version) == (OutcomeKind.CHANGED, 2)
        assert store.snapshots.read(sha256_of(revision_003())) == revision_003()


def test_a_kill_mid_write_leaves_at_most_a_temporary_file_never_a_partial_snapshot(
    tmp_path: Path,
) -> None:
    open_store(tmp_path).close()
    _kill_while_recording(tmp_path, "writing-the-snapshot")
    files = [p for p in (tmp_path / "snapshots").rglob("*") if p.is_file()]
    assert not any(SNAPSHOT_NAME.fullmatch(p.name) for p in files)
