"""What is worth telling: a change into a fetched version, or a failure streak (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker.store.runs import ChangeRecord


@dataclass(frozen=True)
class Event:
    key: str  # the same event always has the same key: the outbox keeps one row per key
    kind: str  # "changed" | "failing"
    document: str
    run: int
    detail: dict[str, Any]


def change_event(change: ChangeRecord, *, run_id: int) -> Event:
    """A change is named by its document and the content of both versions, so a rebuild of the
    database, or the same change seen by an overlapping run, is still the same event."""
    return Event(
        key=f"changed:{change.document}:{change.from_hash}:{change.to_hash}",
        kind="changed",
        document=change.document,
        run=change.run if change.run is not None else run_id,
        detail={"from_version": change.from_version, "to_version": change.to_version},
    )


def failing_event(
    document: str, *, failures: int, since: str, error: str | None, run_id: int
) -> Event:
    """One event per failure streak (named by when it began), however long it lasts."""
    return Event(
        key=f"failing:{document}:{since}",
        kind="failing",
        document=document,
        run=run_id,
        detail={"failures": failures, "since": since, "error": error},
    )
