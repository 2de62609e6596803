"""The notification outbox (migration 3).

`notify_channels` records when each configured channel (an email address list, a webhook) was
first seen, so that turning notifications on does not announce the whole history: only changes
recorded after that moment are news for the channel. `notifications` holds one row per channel
and event; the UNIQUE pair is what makes "never twice for the same change" hold even when a run
is killed between sending and recording, a retry is attempted, or two runs overlap.
"""

from __future__ import annotations

from typing import Final

OUTBOX_TABLES: Final[tuple[str, ...]] = (
    """
    CREATE TABLE notify_channels (
        channel TEXT PRIMARY KEY,
        enrolled TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        event TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('changed', 'failing')),
        document TEXT NOT NULL REFERENCES documents(id),
        run INTEGER REFERENCES runs(id),
        detail TEXT NOT NULL DEFAULT '{}',
        queued TEXT NOT NULL,
        sent TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_attempt TEXT,
        last_error TEXT,
        UNIQUE (channel, event)
    )
    """,
    "CREATE INDEX notifications_pending ON notifications (channel) WHERE sent IS NULL",
)
