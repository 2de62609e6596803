"""Versions removed by a person (`tracker forget`) — migration 5.

A mistaken import, or a version that should never have been one, can be removed; the removal
is never silent: `forgotten` keeps what the version was (its times, snapshot, content hash,
title, origin), when it was removed and why. The raw snapshot file stays on disk.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from tracker.store.records import VersionRecord

FORGOTTEN_TABLES: Final[tuple[str, ...]] = (
    """
    CREATE TABLE forgotten (
        id INTEGER PRIMARY KEY,
        document TEXT NOT NULL REFERENCES documents(id),
        number INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        title TEXT,
        origin TEXT NOT NULL,
        sections INTEGER NOT NULL,
        forgotten_at TEXT NOT NULL,
        reason TEXT
    )
    """,
)


@dataclass(frozen=True)
class ForgottenRecord:
    document: str
    number: int  # the version's number when it was removed
    first_seen: str
    last_seen: str
    sha256: str
    title: str | None
    origin: str
    forgotten_at: str
    reason: str | None


class ForgottenQueries:
    conn: sqlite3.Connection
    now: Callable[[], str]

    def forget_version(self, version: VersionRecord, reason: str | None) -> None:
        """Delete `version` (its section links and changes go with it; fetches that brought it
        keep their row with no version) and record that it was. The caller holds the
        transaction and recomputes the changes between the new neighbours."""
        self.conn.execute(
            "INSERT INTO forgotten (document, number, first_seen, last_seen, sha256,"
            " content_hash, title, origin, sections, forgotten_at, reason)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                version.document,
                version.number,
                version.first_seen,
                version.last_seen,
                version.sha256,
                version.content_hash,
                version.title,
                version.origin,
                version.sections,
                self.now(),
                reason,
            ),
        )
        self.conn.execute("DELETE FROM versions WHERE id = ?", (version.id,))

    def forgotten(self, document_id: str) -> list[ForgottenRecord]:
        """What was removed from the document's history, oldest removal first."""
        rows = self.conn.execute(
            "SELECT document, number, first_seen, last_seen, sha256, title, origin,"
            " forgotten_at, reason FROM forgotten WHERE document = ? ORDER BY id",
            (document_id,),
        )
        return [ForgottenRecord(*row) for row in rows]
