"""Numbered schema migrations, applied in order, each in its own transaction.

A migration is a list of SQL statements or functions of the connection. Applying is idempotent
(`schema_migrations` records what is done, read inside the same write transaction, so two
processes opening a fresh database at once apply each migration once). A database written by a
newer tracker — one with migrations this code does not know — is refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from tracker.clock import system_clock
from tracker.errors import TrackerError
from tracker.store.forgotten import FORGOTTEN_TABLES
from tracker.store.layout_hashes import LAYOUT_HASHES
from tracker.store.outbox_schema import OUTBOX_TABLES
from tracker.store.schema import TABLES
from tracker.store.views import VIEWS

Step = str | Callable[[sqlite3.Connection], None]


class StoreError(TrackerError):
    """The database or the snapshots folder is not what this tracker can use."""


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    steps: tuple[Step, ...]


MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(1, "tables", TABLES),
    Migration(2, "views", VIEWS),
    Migration(3, "notification outbox", OUTBOX_TABLES),
    Migration(4, "layout-blind content hashes", LAYOUT_HASHES),
    Migration(5, "forgotten versions", FORGOTTEN_TABLES),
)

_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error (a crash leaves nothing behind).

    IMMEDIATE takes the write lock up front, so a second writer waits (busy_timeout) instead of
    failing halfway through when its read lock cannot be upgraded.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error:
        # A COMMIT the disk refused may leave the transaction open: end it, write nothing.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def applied_migrations(conn: sqlite3.Connection) -> list[int]:
    rows = conn.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    return [int(row[0]) for row in rows]


def migrate(
    conn: sqlite3.Connection,
    migrations: Sequence[Migration] = MIGRATIONS,
    *,
    name: str = "",
    now: Callable[[], datetime] = system_clock,
) -> list[int]:
    """Apply the migrations not applied yet; return their numbers (empty when up to date).

    An up-to-date database is recognised with a plain read first, so opening the store to read
    (`log`, `diff`, a report) never waits for the write lock a running `check` holds."""
    known = {m.number for m in migrations}
    try:
        current = set(applied_migrations(conn))
    except sqlite3.OperationalError:  # no ledger yet: a new database
        current = set()
    if current and current >= known:
        _refuse_newer(current - known, known, name)
        return []
    with write_transaction(conn):
        conn.execute(_LEDGER)
        unknown = set(applied_migrations(conn)) - known
    _refuse_newer(unknown, known, name)
    applied: list[int] = []
    for migration in sorted(migrations, key=lambda m: m.number):
        with write_transaction(conn):
            if migration.number in applied_migrations(conn):
                continue
            for step in migration.steps:
                if callable(step):
                    step(conn)
                else:
                    conn.execute(step)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (
                    migration.number,
                    migration.name,
                    now().astimezone(UTC).isoformat(timespec="seconds"),
                ),
            )
            applied.append(migration.number)
    return applied


def _refuse_newer(unknown: set[int], known: set[int], name: str) -> None:
    if unknown:
        raise StoreError(
            f"{name or 'the database'}: schema version {max(unknown)} comes from a newer tracker "
            f"(this one knows up to {max(known, default=0)}); upgrade tracker to use it"
        )
