"""Runs and what they found, read back for reports, the index, the feed and notifications."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from tracker.store.schema import VERSION_ORDER

OUTCOME_COLUMNS = ("first", "changed", "unchanged", "not_modified", "suspect", "failed")


@dataclass(frozen=True)
class RunRecord:
    id: int
    started: str
    finished: str | None  # None: the run was killed, or is still going
    counts: dict[str, int]  # outcome kind ("not-modified", …) → documents
    exit_status: int | None

    @property
    def documents(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class RunFetch:
    """What one run did for one document: the fetch row, with its version's number."""

    document: str
    outcome: str
    fetched_at: str
    error: str | None
    version_id: int | None
    url: str | None = None  # the address fetched (the configured one)
    final_url: str | None = None  # where it led, after redirects


@dataclass(frozen=True)
class ChangeRecord:
    """A change between two consecutive versions that a reader should hear about."""

    document: str
    from_version: int
    to_version: int
    from_hash: str
    to_hash: str
    first_seen: str  # of the new version
    run: int | None  # the run that first fetched the new version
    counts: tuple[int, int, int, int]  # added, removed, modified, renumbered


class RunQueries:
    conn: sqlite3.Connection

    def runs(self, limit: int | None = None, *, unfinished: bool = False) -> list[RunRecord]:
        """Every run (or only those that never finished: killed, or still going), newest
        first."""
        sql = f"SELECT id, started, finished, {', '.join(OUTCOME_COLUMNS)}, exit_status FROM runs"
        if unfinished:
            sql += " WHERE finished IS NULL"
        sql += " ORDER BY id DESC"
        params: tuple[Any, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        return [_run(row) for row in self.conn.execute(sql, params)]

    def run(self, run_id: int) -> RunRecord | None:
        row = self.conn.execute(
            f"SELECT id, started, finished, {', '.join(OUTCOME_COLUMNS)}, exit_status FROM runs"
            " WHERE id = ?",
            (run_id,),
        ).fetchone()
        return _run(row) if row else None

    def run_fetches(self, run_id: int) -> list[RunFetch]:
        """The run's fetches, one per document (the last, should there be more)."""
        rows = self.conn.execute(
            "SELECT document, outcome, fetched_at, error, version, url, final_url FROM fetches"
            " WHERE run = ?"
            " ORDER BY julianday(fetched_at), id",
            (run_id,),
        ).fetchall()
        by_document = {row[0]: RunFetch(*row) for row in rows}
        return list(by_document.values())

    def change_into(self, version_id: int) -> int | None:
        """The version a stored change compared `version_id` with (the one before it)."""
        row = self.conn.execute(
            "SELECT from_version FROM changes WHERE to_version = ? ORDER BY id DESC LIMIT 1",
            (version_id,),
        ).fetchone()
        return int(row[0]) if row else None

    def news_changes(
        self, *, since: str | None = None, limit: int | None = None
    ) -> list[ChangeRecord]:
        """Changes a reader should hear about, newest first: into a version that was fetched or
        accepted (not an archived copy imported later), not layout-only (technical)."""
        sql = (
            "SELECT c.document, c.from_version, c.to_version, o.content_hash, n.content_hash,"
            " n.first_seen,"
            " (SELECT f.run FROM fetches f WHERE f.version = n.id AND f.run IS NOT NULL"
            "  ORDER BY julianday(f.fetched_at), f.id LIMIT 1),"
            " c.added, c.removed, c.modified, c.renumbered"
            " FROM changes c JOIN versions n ON n.id = c.to_version"
            " JOIN versions o ON o.id = c.from_version"
            " WHERE c.technical = 0 AND n.technical = 0 AND n.origin IN ('fetch', 'accepted')"
        )
        params: list[Any] = []
        if since is not None:
            sql += " AND julianday(n.first_seen) >= julianday(?)"
            params.append(since)
        sql += " ORDER BY julianday(n.first_seen) DESC, n.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [
            ChangeRecord(
                document=row[0],
                from_version=row[1],
                to_version=row[2],
                from_hash=row[3],
                to_hash=row[4],
                first_seen=row[5],
                run=row[6],
                counts=(row[7], row[8], row[9], row[10]),
            )
            for row in self.conn.execute(sql, params)
        ]

    def version_number(self, document_id: str, version_id: int) -> int | None:
        row = self.conn.execute(
            "SELECT number FROM (SELECT id, ROW_NUMBER() OVER"
            f" (ORDER BY {VERSION_ORDER}) AS number FROM versions WHERE document = ?)"
            " WHERE id = ?",
            (document_id, version_id),
        ).fetchone()
        return int(row[0]) if row else None


def _run(row: tuple[Any, ...]) -> RunRecord:
    run_id, started, finished, *counts, exit_status = row
    names = [column.replace("_", "-") for column in OUTCOME_COLUMNS]
    return RunRecord(
        id=run_id,
        started=started,
        finished=finished,
        counts=dict(zip(names, counts, strict=True)),
        exit_status=exit_status,
    )
