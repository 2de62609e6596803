"""The Store: one SQLite database (WAL) plus the snapshots folder, behind one interface.

Only I/O lives here — reading and writing rows and files. What a fetch *means* (a new version,
an unchanged one, a suspect page) is decided in `tracker.history.record`, which calls these methods
inside one `transaction()` per document outcome.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType

from tracker.clock import Clock, system_clock
from tracker.errors import WriteFailed
from tracker.files import free_bytes
from tracker.store.documents import DocumentQueries
from tracker.store.forgotten import ForgottenQueries
from tracker.store.migrations import StoreError, migrate, write_transaction
from tracker.store.outbox import OutboxQueries
from tracker.store.records import timestamp
from tracker.store.runs import RunQueries
from tracker.store.snapshots import SnapshotFiles
from tracker.store.versions import VersionQueries

BUSY_TIMEOUT_MS = 10_000
# SQLite's primary result codes for a database the machine will not let it write.
_STORAGE_CODES = {
    sqlite3.SQLITE_FULL: "the database or the disk is full",
    sqlite3.SQLITE_IOERR: "disk I/O error",
    sqlite3.SQLITE_READONLY: "the database is read-only",
}


def storage_failure(error: sqlite3.Error, database: Path) -> WriteFailed | None:
    """The `WriteFailed` behind a SQLite error when it is the machine's doing (judged by the
    result code, never the message), with the free space on the database's disk."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None or code & 0xFF not in _STORAGE_CODES:
        return None
    reason = _STORAGE_CODES[code & 0xFF]
    free = free_bytes(database.parent)
    if free is not None:
        reason += (
            f" ({getattr(error, 'sqlite_errorname', 'SQLITE')}, {free:,} bytes free on its disk)"
        )
    return WriteFailed(database, reason)


class Store(DocumentQueries, VersionQueries, RunQueries, OutboxQueries, ForgottenQueries):
    def __init__(
        self,
        conn: sqlite3.Connection,
        snapshots: Path,
        database: Path,
        clock: Clock = system_clock,
    ) -> None:
        self.conn = conn
        self.clock = clock
        self.snapshots = SnapshotFiles(snapshots)
        self.database = database

    @classmethod
    def open(
        cls, database: Path, snapshots: Path, *, clock: Clock = system_clock, create: bool = True
    ) -> Store:
        """Open (creating if needed) the database and the snapshots folder, migrated to date.
        `clock` dates what the store records on its own (when a row was created, derived …).

        With `create=False` (commands that only read) nothing is created on disk: a database
        that does not exist yet opens as an empty one in memory."""
        missing = not create and not database.exists()
        try:
            if not missing:
                database.parent.mkdir(parents=True, exist_ok=True)
            if create:
                snapshots.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: the driver never opens a transaction behind our back; every
            # multi-statement write runs in an explicit `transaction()`.
            conn = sqlite3.connect(
                ":memory:" if missing else database,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
            )
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"{database}: cannot open the database ({error})") from None
        try:
            store = cls(conn, snapshots, database, clock)
            store._configure()
            migrate(conn, name=str(database), now=clock)
        except sqlite3.OperationalError as error:
            conn.close()
            if (failed := storage_failure(error, database)) is not None:
                raise failed from None
            if "locked" in str(error) or "busy" in str(error):
                raise StoreError(
                    f"{database}: another process kept the database locked for"
                    f" {BUSY_TIMEOUT_MS // 1000} s; try again"
                ) from None
            raise StoreError(f"{database}: cannot be used ({error})") from None
        except sqlite3.DatabaseError as error:
            conn.close()
            raise StoreError(f"{database}: not a tracker database ({error})") from None
        except BaseException:
            conn.close()
            raise
        return store

    def _configure(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.conn.execute("PRAGMA journal_mode = WAL")  # once, when the database is new
        # FULL: a committed outcome survives a power cut, not only a killed process.
        self.conn.execute("PRAGMA synchronous = FULL")

    def now(self) -> str:
        """The store's clock, as the store keeps times."""
        return timestamp(self.clock())

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested use joins the outer one. A write the machine refuses
        (a full disk) rolls it back and is a `WriteFailed` naming the database."""
        if self.conn.in_transaction:
            yield
            return
        try:
            with write_transaction(self.conn):
                yield
        except sqlite3.OperationalError as error:
            if (failed := storage_failure(error, self.database)) is not None:
                raise failed from None
            raise

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file (for measuring, backups)."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- runs -----------------------------------------------------------------------------

    def start_run(self, started: datetime) -> int:
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO runs (started) VALUES (?)", (timestamp(started),)
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_run(
        self,
        run_id: int,
        finished: datetime,
        counts: Mapping[str, int],
        exit_status: int | None = None,
    ) -> None:
        """Close a run; `counts` maps outcome kinds ("first", "not-modified", …) to how many."""

        def count(kind: str) -> int:
            return int(counts.get(kind, 0))

        with self.transaction():
            self.conn.execute(
                "UPDATE runs SET finished = ?, documents = ?, first = ?, changed = ?,"
                " unchanged = ?, not_modified = ?, suspect = ?, failed = ?, exit_status = ?"
                " WHERE id = ?",
                (
                    timestamp(finished),
                    sum(counts.values()),
                    count("first"),
                    count("changed"),
                    count("unchanged"),
                    count("not-modified"),
                    count("suspect"),
                    count("failed"),
                    exit_status,
                    run_id,
                ),
            )

    # --- snapshots ------------------------------------------------------------------------

    def add_snapshot(
        self, sha256: str, *, size: int, media_type: str | None, content_type: str | None
    ) -> None:
        """Record a snapshot file already written by `snapshots.write` (once per sha256)."""
        if not self.snapshots.exists(sha256):
            raise StoreError(f"snapshot {sha256} is not on disk; write the file first")
        self.conn.execute(
            "INSERT OR IGNORE INTO snapshots (sha256, size, media_type, content_type, first_stored)"
            " VALUES (?, ?, ?, ?, ?)",
            (sha256, size, media_type, content_type, self.now()),
        )

    def snapshot_content_type(self, sha256: str) -> str | None:
        row = self.conn.execute(
            "SELECT content_type FROM snapshots WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return row[0] if row else None
