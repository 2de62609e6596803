"""The notification outbox: what each channel has to be told, what it was told, what failed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Notification:
    id: int
    channel: str
    event: str
    kind: str  # "changed" | "failing"
    document: str
    run: int | None
    detail: dict[str, Any]
    attempts: int
    last_error: str | None


class OutboxQueries:
    conn: sqlite3.Connection
    transaction: Callable[[], AbstractContextManager[None]]

    def enroll_channel(self, channel: str, at: str) -> str:
        """When `channel` was first configured (recorded now if it is new)."""
        with self.transaction():
            self.conn.execute(
                "INSERT OR IGNORE INTO notify_channels (channel, enrolled) VALUES (?, ?)",
                (channel, at),
            )
            row = self.conn.execute(
                "SELECT enrolled FROM notify_channels WHERE channel = ?", (channel,)
            ).fetchone()
        return str(row[0])

    def queue_notification(
        self,
        channel: str,
        event: str,
        *,
        kind: str,
        document: str,
        run: int | None,
        detail: dict[str, Any],
        at: str,
    ) -> bool:
        """Add an event to a channel's outbox; False when it was already there (sent or not)."""
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT OR IGNORE INTO notifications"
                " (channel, event, kind, document, run, detail, queued)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (channel, event, kind, document, run, json.dumps(detail, ensure_ascii=False), at),
            )
        return cursor.rowcount == 1

    def pending_notifications(self, channel: str) -> list[Notification]:
        rows = self.conn.execute(
            "SELECT id, channel, event, kind, document, run, detail, attempts, last_error"
            " FROM notifications WHERE channel = ? AND sent IS NULL ORDER BY id",
            (channel,),
        ).fetchall()
        return [
            Notification(
                id=row[0],
                channel=row[1],
                event=row[2],
                kind=row[3],
                document=row[4],
                run=row[5],
                detail=json.loads(row[6]),
                attempts=row[7],
                last_error=row[8],
            )
            for row in rows
        ]

    def notifications(self) -> list[dict[str, Any]]:
        """Every notification row, oldest first (for people and tests)."""
        cursor = self.conn.execute("SELECT * FROM notifications ORDER BY id")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def mark_notify_sent(self, ids: Sequence[int], at: str) -> None:
        with self.transaction():
            self.conn.executemany(
                "UPDATE notifications SET sent = ?, attempts = attempts + 1, last_attempt = ?,"
                " last_error = NULL WHERE id = ?",
                [(at, at, i) for i in ids],
            )

    def mark_notify_failed(self, ids: Sequence[int], at: str, error: str) -> None:
        with self.transaction():
            self.conn.executemany(
                "UPDATE notifications SET attempts = attempts + 1, last_attempt = ?,"
                " last_error = ? WHERE id = ?",
                [(at, error, i) for i in ids],
            )

    def failure_streak(self, document_id: str) -> tuple[int, str | None]:
        """How many fetches in a row have failed, and when the first of them was."""
        rows = self.conn.execute(
            "SELECT outcome, fetched_at FROM fetches WHERE document = ? AND imported = 0"
            " ORDER BY julianday(fetched_at) DESC, id DESC",
            (document_id,),
        ).fetchall()
        streak: list[str] = []
        for outcome, fetched_at in rows:
            if outcome != "failed":
                break
            streak.append(fetched_at)
        return len(streak), (streak[-1] if streak else None)
