"""`tracker accept`: the snapshot held back as suspect taken as a version after all."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.compare import Comparison
from tracker.errors import DocumentError
from tracker.history import derive
from tracker.history.outcome import HistoryError, Outcome
from tracker.history.rules import content_hash
from tracker.history.versions import add_version
from tracker.model import Document
from tracker.obligations import compare_flagged
from tracker.store import FetchRow, NewVersion, Store, StoredFetch, VersionRecord


@dataclass(frozen=True)
class Suspect:
    """The snapshot `accept` would take: the fetch that held it back (the last of a run of
    identical ones), the document it parses into, and how it compares with the latest version."""

    fetch: FetchRow
    streak: tuple[StoredFetch, ...]  # the run of fetches that brought these same bytes
    document: Document
    latest: VersionRecord | None
    comparison: Comparison | None  # latest version → the suspect


def find_suspect(store: Store, document_id: str, *, compare: bool = True) -> Suspect:
    """The latest suspect snapshot (newer than the latest version), read: what `accept` would
    take, for a person to look at first. Raises HistoryError when there is none."""
    latest = store.latest_version(document_id)
    pending = store.pending_suspects(document_id, after=latest.last_seen if latest else None)
    if not pending:
        since = f" since version {latest.number} was last seen" if latest else ""
        raise HistoryError(f"{document_id}: no suspect snapshot to accept{since}")
    chosen = pending[-1].row
    assert chosen.sha256 is not None
    streak = [pending[-1]]
    for earlier in reversed(pending[:-1]):
        if earlier.row.sha256 != chosen.sha256:
            break
        streak.insert(0, earlier)
    data = store.snapshots.read(chosen.sha256)
    read = derive.read_snapshot(
        data,
        chosen.final_url or chosen.url,
        store.snapshot_content_type(chosen.sha256),
        chosen.selector,
    )
    if isinstance(read, DocumentError):
        raise read
    comparison = (
        compare_flagged(store.load_document(latest.id), read.document)
        if latest and compare
        else None
    )
    return Suspect(chosen, tuple(streak), read.document, latest, comparison)


def accept_suspect(store: Store, document_id: str) -> Outcome:
    """Take the latest suspect snapshot (newer than the latest version) as a version."""
    with store.transaction():
        suspect = find_suspect(store, document_id, compare=False)
        latest, chosen, streak = suspect.latest, suspect.fetch, list(suspect.streak)
        assert chosen.sha256 is not None
        document = suspect.document
        new = NewVersion(
            document_id=document_id,
            document=document,
            content_hash=content_hash(document),
            first_seen=streak[0].row.fetched_at,  # the first of the run of identical snapshots
            last_seen=chosen.fetched_at,
            sha256=chosen.sha256,
            extractor=derive.extractor_version(),
            selector=chosen.selector,
            origin="accepted",
        )
        outcome, version_id = add_version(store, new, None, previous=latest, known={})
        store.link_fetches([f.id for f in streak], version_id)
        store.set_validators(document_id, chosen.etag, chosen.last_modified)
    return outcome
