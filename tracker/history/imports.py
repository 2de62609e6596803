"""`tracker import`: an archived copy of an agreement slotted into the history by date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from tracker.errors import DocumentError
from tracker.history import derive
from tracker.history.identity import doubts_about_copy
from tracker.history.outcome import HistoryError, Outcome, OutcomeKind
from tracker.history.rules import content_hash
from tracker.history.versions import add_version, fetch_as, seen_again
from tracker.model import layout_hash
from tracker.sources import ReadDocument
from tracker.store import FetchRow, NewVersion, Store, VersionRecord, timestamp


def import_copy(
    store: Store,
    document_id: str,
    *,
    data: bytes,
    source: str,
    day: date,
    zone: ZoneInfo,
    selector: str | None = None,
    content_type: str | None = None,
    force: bool = False,
) -> Outcome:
    """Backfill an archived copy as seen at the start of `day` (in `zone`). It slots into the
    history by date; the comparisons with its new neighbours are recomputed. A copy equal to
    the version before it extends that version; one equal to the version after it moves that
    version's first_seen back. Raises DocumentError when the copy cannot be read, and a
    HistoryError when it looks like another agreement (`history.identity`) unless `force`."""
    read = _agreement_in(data, source, content_type, selector)
    doubts = doubts_about_copy(read.document, day, store.versions(document_id), source)
    if doubts and not force:
        raise HistoryError(
            "; ".join(doubts) + "; not imported (check the file, or pass --force to import it)"
        )
    return replace(
        _import(store, document_id, data, source, read, day, zone, selector, content_type),
        doubts=tuple(doubts),
    )


def _import(
    store: Store,
    document_id: str,
    data: bytes,
    source: str,
    read: ReadDocument,
    day: date,
    zone: ZoneInfo,
    selector: str | None,
    content_type: str | None,
) -> Outcome:
    moment = datetime.combine(day, time(), zone)
    at = timestamp(moment)
    document = read.document
    new_hash, same = content_hash(document), layout_hash(document)
    sha256 = store.snapshots.write(data)
    fetch = FetchRow(
        document=document_id,
        fetched_at=at,
        url=source,
        outcome="",
        sha256=sha256,
        bytes=len(data),
        selector=selector,
        imported=True,
    )
    with store.transaction():
        store.ensure_document(document_id)
        store.add_snapshot(
            sha256,
            size=len(data),
            media_type=read.media_type,
            content_type=content_type,
        )
        before, after = _neighbours(store.versions(document_id), moment)
        if before is not None and before.layout_hash == same:
            seen_again(store, before, at)
            return _unchanged(store, fetch, before)
        if before is not None and before.last_seen_at >= moment:
            raise HistoryError(_contradiction(source, before, day, zone))
        if after is not None and after.layout_hash == same:
            store.set_seen(after.id, first_seen=at, last_seen=after.last_seen)
            return _unchanged(store, fetch, after)
        new = NewVersion(
            document_id=document_id,
            document=document,
            content_hash=new_hash,
            first_seen=at,
            last_seen=at,
            sha256=sha256,
            extractor=derive.extractor_version(),
            selector=selector,
            origin="import",
        )
        return add_version(store, new, fetch, previous=before, known={})[0]


def _agreement_in(
    data: bytes, source: str, content_type: str | None, selector: str | None
) -> ReadDocument:
    """The copy read; an unreadable copy, or one without articles, is not imported."""
    read = derive.read_snapshot(data, source, content_type, selector)
    if isinstance(read, DocumentError):
        raise read
    if not read.document.articles:
        raise HistoryError(f"{source}: no articles found; not imported (is it the agreement?)")
    return read


def _neighbours(
    versions: list[VersionRecord], moment: datetime
) -> tuple[VersionRecord | None, VersionRecord | None]:
    """The versions first seen before `moment` (the latest of them) and after it."""
    earlier = [v for v in versions if v.first_seen_at <= moment]
    before = earlier[-1] if earlier else None
    after = versions[len(earlier)] if len(earlier) < len(versions) else None
    return before, after


def _unchanged(store: Store, fetch: FetchRow, version: VersionRecord) -> Outcome:
    store.add_fetch(fetch_as(fetch, OutcomeKind.UNCHANGED, version=version.id))
    return Outcome(fetch.document, OutcomeKind.UNCHANGED, version.number, snapshot=fetch.sha256)


def _contradiction(source: str, before: VersionRecord, day: date, zone: ZoneInfo) -> str:
    seen = " … ".join(
        t.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        for t in (before.first_seen_at, before.last_seen_at)
    )
    return (
        f"{source} differs from version {before.number}, which was seen both before and "
        f"after {day} ({seen}); not imported"
    )
