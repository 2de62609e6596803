"""`tracker accept`: the snapshot held back as suspect taken as a version after all."""

from __future__ import annotations

from tracker.errors import DocumentError
from tracker.history import derive
from tracker.history.outcome import HistoryError, Outcome
from tracker.history.rules import content_hash
from tracker.history.versions import add_version
from tracker.store import NewVersion, Store


def accept_suspect(store: Store, document_id: str) -> Outcome:
    """Take the latest suspect snapshot (newer than the latest version) as a version."""
    with store.transaction():
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
        document = read.document
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
