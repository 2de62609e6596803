"""Which document, which revision: the lookups every command and report share.

A document is what the configuration says about it, else what the store remembers (a document
the configuration no longer lists can still be read); its time zone is its own, else the
configuration's `timezone`. A revision is a version number, `latest`, `previous`, or the day a
version was in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.clock import DAY, parse_day
from tracker.config import Config
from tracker.history.outcome import HistoryError
from tracker.history.rules import version_in_force
from tracker.store import Store, VersionRecord


@dataclass(frozen=True)
class TrackedDocument:
    id: str
    name: str | None
    url: str | None
    zone: ZoneInfo
    selector: str | None  # the scope: selector and removals (tracker.extract.scope)
    configured: bool  # listed in tracker.toml (else known only to the store)

    @property
    def label(self) -> str:
        """What a reader calls it: its name, else its id."""
        return self.name or self.id


def find_document(config: Config, store: Store, document_id: str) -> TrackedDocument | None:
    """The document `document_id` as configured, else as stored; None when neither knows it."""
    for document in config.documents:
        if document.id == document_id:
            return TrackedDocument(
                document.id,
                document.name,
                document.url,
                document.timezone,
                document.scope,
                configured=True,
            )
    record = store.document(document_id)
    if record is None:
        return None
    zone = _zone(record.timezone, config.timezone)
    return TrackedDocument(document_id, record.name, record.url, zone, None, configured=False)


def tracked_document(config: Config, store: Store, document_id: str) -> TrackedDocument:
    """`find_document`, or a HistoryError naming the documents the configuration lists."""
    found = find_document(config, store, document_id)
    if found is None:
        known = ", ".join(sorted(d.id for d in config.documents)) or "none"
        raise HistoryError(f"unknown document {document_id!r} (configured: {known})")
    return found


def _zone(name: str | None, fallback: ZoneInfo) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else fallback
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


def resolve_revision(
    document_id: str, versions: list[VersionRecord], rev: str, zone: ZoneInfo
) -> VersionRecord:
    """A version by number, `latest`, `previous`, or the day it was in force (YYYY-MM-DD)."""
    if not versions:
        raise HistoryError(f"{document_id}: no versions stored yet")
    if rev == "latest":
        return versions[-1]
    if rev == "previous":
        if len(versions) < 2:
            raise HistoryError(f"{document_id} has only one version; there is no previous one")
        return versions[-2]
    if rev.isdigit():
        number = int(rev)
        if not 1 <= number <= len(versions):
            raise HistoryError(
                f"{document_id} has no version {number} (it has 1 to {len(versions)})"
            )
        return versions[number - 1]
    if not DAY.fullmatch(rev):
        raise HistoryError(
            f"{rev!r} is not a revision: give a version number, latest, previous or YYYY-MM-DD"
        )
    day = parse_day(rev, "revision")
    in_force = version_in_force(versions, day, zone)
    if in_force is None:
        first = versions[0]
        start = first.dates.effective or first.first_seen_at.astimezone(zone).date()
        raise HistoryError(
            f"no version of {document_id} in force on {day} (version 1 from {start})"
        )
    return in_force


def latest_change(
    versions: list[VersionRecord],
) -> tuple[VersionRecord, VersionRecord] | None:
    """The newest version that is not technical, and the version before it: the latest change
    to the agreement (the two newest versions, unless a normaliser upgrade came in between)."""
    for older, newer in reversed(list(pairwise(versions))):
        if not newer.technical:
            return older, newer
    return None
