"""What happened to a document's history: the outcome of one fetch, import or acceptance, and the
error raised when a history operation cannot be done as asked."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tracker.compare import Comparison
from tracker.errors import TrackerError


class OutcomeKind(StrEnum):
    FIRST = "first"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    NOT_MODIFIED = "not-modified"
    SUSPECT = "suspect"
    FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    document_id: str
    kind: OutcomeKind
    version: int | None = None  # the current version number after this outcome
    previous: int | None = None  # CHANGED: the version it was compared with
    comparison: Comparison | None = None  # CHANGED: previous version → this one
    error: str | None = None  # FAILED / SUSPECT: one line a person can act on
    transient: bool | None = None  # FAILED
    snapshot: str | None = None  # sha256 of the raw snapshot
    doubts: tuple[str, ...] = ()  # import --force: why the copy may be another agreement


class HistoryError(TrackerError):
    """A history operation that cannot be done as asked (nothing to accept, a contradicting
    archived copy, an unknown document or revision …)."""
