"""Recording a fetch: what one fetched snapshot means for a document's history.

`record_snapshot` is the heart of `check`: the raw bytes are stored first, then parsed; the
result is compared with the latest version by `content_hash` (canonical section content only),
so a re-wrapped PDF or a new page footer is not a version. A parse that lost most of the
articles (a stub, a login wall, a broken selector) is held back as *suspect* until a person
`accept`s it. Everything one outcome writes goes into one transaction.

Normaliser changes are never reported as agreement changes. When the latest version was
derived by an older normaliser (or another selector), its snapshot is re-derived before
comparing; if that alone changes it, a *technical* version is stored first, flagged so that
reports skip it (Open Terms Archive's "technical upgrade").
"""

from __future__ import annotations

from datetime import datetime

from tracker.errors import DocumentError
from tracker.history import derive
from tracker.history.outcome import Outcome, OutcomeKind
from tracker.history.rules import content_hash, is_suspect
from tracker.history.versions import add_version, fetch_as, relink_changes, seen_again
from tracker.model import Document, layout_hash
from tracker.sources import ReadDocument
from tracker.store import FetchRow, NewVersion, Store, StoreError, VersionRecord, timestamp


def record_snapshot(
    store: Store,
    document_id: str,
    *,
    data: bytes,
    content_type: str | None,
    url: str,
    final_url: str,
    status: int,
    headers: dict[str, str],
    etag: str | None,
    last_modified: str | None,
    fetched_at: datetime,
    run_id: int | None,
    selector: str | None = None,
    elapsed: float | None = None,
) -> Outcome:
    """Store a fetched document and decide what it is: FIRST, CHANGED, UNCHANGED, SUSPECT or
    FAILED (it could not be read: the snapshot is kept, the fetch records why)."""
    source = final_url or url
    sha256 = store.snapshots.write(data)  # before any row refers to it
    fetch = FetchRow(
        document=document_id,
        fetched_at=timestamp(fetched_at),
        url=url,
        outcome="",
        run=run_id,
        final_url=final_url,
        status=status,
        headers=dict(headers),
        etag=etag,
        last_modified=last_modified,
        sha256=sha256,
        bytes=len(data),
        elapsed=elapsed,
        selector=selector,
    )
    reading = _Reading(data, source, content_type, selector)
    if not derive.derived_alike(store.latest_version(document_id), sha256, selector):
        reading.parse()  # outside the transaction: no write lock held while parsing
    with store.transaction():
        store.ensure_document(document_id, url=url)
        latest = store.latest_version(document_id)
        parsed = None if derive.derived_alike(latest, sha256, selector) else reading.parse()
        store.add_snapshot(
            sha256,
            size=len(data),
            # None when derived alike: the latest version's own snapshot, recorded with it
            media_type=parsed.media_type if parsed is not None else None,
            content_type=content_type,
        )
        if parsed is None:
            assert latest is not None  # derived alike: there is a latest version
            return _unchanged(store, latest, fetch)
        if isinstance(parsed, DocumentError):
            # The cause without the URL, as for a failed fetch: the report names the document.
            error = parsed.cause + _redirect_note(fetch)
            store.add_fetch(fetch_as(fetch, OutcomeKind.FAILED, error=error, transient=False))
            store.mark_failed(document_id, fetch.fetched_at, error)
            return Outcome(
                document_id,
                OutcomeKind.FAILED,
                version=latest.number if latest else None,
                error=error,
                transient=False,
                snapshot=sha256,
            )
        return _new_content(store, latest, fetch, parsed.document)


def record_not_modified(
    store: Store,
    document_id: str,
    *,
    url: str,
    headers: dict[str, str],
    fetched_at: datetime,
    run_id: int | None,
    elapsed: float | None = None,
    final_url: str | None = None,
) -> Outcome:
    """A 304 to a conditional request: the latest version is still current."""
    fetch = FetchRow(
        document=document_id,
        fetched_at=timestamp(fetched_at),
        url=url,
        outcome=OutcomeKind.NOT_MODIFIED.value,
        run=run_id,
        final_url=final_url,
        status=304,
        headers=dict(headers),
        elapsed=elapsed,
    )
    with store.transaction():
        store.ensure_document(document_id, url=url)
        latest = store.latest_version(document_id)
        if latest is not None:
            seen_again(store, latest, fetch.fetched_at)
        store.add_fetch(
            fetch_as(fetch, OutcomeKind.NOT_MODIFIED, version=latest.id if latest else None)
        )
        store.mark_succeeded(document_id, fetch.fetched_at)
    return Outcome(document_id, OutcomeKind.NOT_MODIFIED, version=latest.number if latest else None)


def record_failure(
    store: Store,
    document_id: str,
    *,
    url: str,
    error: str,
    transient: bool,
    status: int | None,
    fetched_at: datetime,
    run_id: int | None,
    elapsed: float | None = None,
) -> Outcome:
    """A fetch that failed: counted (`consecutive_failures`), never a version."""
    fetch = FetchRow(
        document=document_id,
        fetched_at=timestamp(fetched_at),
        url=url,
        outcome=OutcomeKind.FAILED.value,
        run=run_id,
        status=status,
        elapsed=elapsed,
        error=error,
        transient=transient,
    )
    with store.transaction():
        store.ensure_document(document_id, url=url)
        store.add_fetch(fetch)
        store.mark_failed(document_id, fetch.fetched_at, error)
        latest = store.latest_version(document_id)
    return Outcome(
        document_id,
        OutcomeKind.FAILED,
        version=latest.number if latest else None,
        error=error,
        transient=transient,
    )


class _Reading:
    """The parse of one snapshot, done at most once: a Document, or the error saying why not."""

    def __init__(self, data: bytes, source: str, content_type: str | None, selector: str | None):
        self._args = (data, source, content_type, selector)
        self._result: ReadDocument | DocumentError | None = None

    def parse(self) -> ReadDocument | DocumentError:
        if self._result is None:
            self._result = derive.read_snapshot(*self._args)
        return self._result


def _redirect_note(fetch: FetchRow) -> str:
    """Where the address led, when that is not where it points: a login page, a home page."""
    if fetch.final_url and fetch.final_url != fetch.url:
        return f"; the address redirected to {fetch.final_url}"
    return ""


def _succeeded(store: Store, fetch: FetchRow) -> None:
    store.set_validators(fetch.document, fetch.etag, fetch.last_modified)
    store.mark_succeeded(fetch.document, fetch.fetched_at)


def _unchanged(store: Store, latest: VersionRecord, fetch: FetchRow) -> Outcome:
    seen_again(store, latest, fetch.fetched_at)
    store.add_fetch(fetch_as(fetch, OutcomeKind.UNCHANGED, version=latest.id))
    _succeeded(store, fetch)
    return Outcome(fetch.document, OutcomeKind.UNCHANGED, latest.number, snapshot=fetch.sha256)


def _new_content(
    store: Store, latest: VersionRecord | None, fetch: FetchRow, document: Document
) -> Outcome:
    new_hash, same = content_hash(document), layout_hash(document)
    if latest is not None and same == latest.layout_hash:  # layout alone never makes a version
        return _unchanged(store, latest, fetch)
    assert fetch.sha256 is not None
    upgraded = _technical_upgrade(store, latest, fetch.selector) if latest else None
    baseline = upgraded
    if baseline is None and latest is not None:
        baseline = store.load_document(latest.id)
    reason = is_suspect(baseline, document)
    if reason is not None:
        reason += _redirect_note(fetch)
        store.add_fetch(fetch_as(fetch, OutcomeKind.SUSPECT, error=reason))
        store.mark_checked(fetch.document, fetch.fetched_at)
        return Outcome(
            fetch.document,
            OutcomeKind.SUSPECT,
            version=latest.number if latest else None,
            error=reason,
            snapshot=fetch.sha256,
        )
    previous, known = latest, dict[int, Document]()
    if latest is not None and baseline is not None and upgraded is None:
        known = {latest.id: baseline}  # loaded for the check above: compare it, not a reload
    if latest is not None and upgraded is not None:
        previous, known = _add_technical(store, latest, upgraded, fetch)
        if previous.layout_hash == same:
            return _unchanged(store, previous, fetch)
    new = NewVersion(
        document_id=fetch.document,
        document=document,
        content_hash=new_hash,
        first_seen=fetch.fetched_at,
        last_seen=fetch.fetched_at,
        sha256=fetch.sha256,
        extractor=derive.extractor_version(),
        selector=fetch.selector,
        origin="fetch",
    )
    outcome, _ = add_version(store, new, fetch, previous=previous, known=known)
    _succeeded(store, fetch)
    return outcome


def _technical_upgrade(
    store: Store, latest: VersionRecord, selector: str | None
) -> Document | None:
    """The latest version's snapshot derived with today's normaliser and `selector`, when that
    differs from what was stored (else None: the stored version is current).

    A version derived by this very extractor with the same selector cannot differ: it is not
    parsed again (that re-parse was 40% of an all-changed `check` run)."""
    if latest.extractor == derive.extractor_version() and latest.selector == selector:
        return None
    try:
        data = store.snapshots.read(latest.sha256)
    except StoreError:
        return None
    content_type = store.snapshot_content_type(latest.sha256)
    parsed = derive.read_snapshot(data, latest.source, content_type, selector)
    if isinstance(parsed, DocumentError):
        return None
    if layout_hash(parsed.document) == latest.layout_hash:
        if latest.selector == selector:  # the same content: no need to read it again next run
            store.set_extractor(latest.id, derive.extractor_version())
        return None
    return parsed.document


def _add_technical(
    store: Store, latest: VersionRecord, upgraded: Document, fetch: FetchRow
) -> tuple[VersionRecord, dict[int, Document]]:
    technical = NewVersion(
        document_id=fetch.document,
        document=upgraded,
        content_hash=content_hash(upgraded),
        first_seen=fetch.fetched_at,
        last_seen=fetch.fetched_at,
        sha256=latest.sha256,  # the latest version's snapshot, read again
        extractor=derive.extractor_version(),
        selector=fetch.selector,
        origin="fetch",
        technical=True,
    )
    version_id = store.insert_version(technical)
    relink_changes(store, fetch.document, {version_id: upgraded})
    record = next(v for v in store.versions(fetch.document) if v.id == version_id)
    return record, {version_id: upgraded}
