"""Tracking over time: what one fetched (or imported) snapshot means for a document's history.

`record_snapshot` is the heart of `check`: the raw bytes are stored first, then parsed; the
result is compared with the latest version by `content_hash` (canonical section content only),
so a re-wrapped PDF or a new page footer is not a version. A parse that lost most of the
articles (a stub, a login wall, a broken selector) is held back as *suspect* until a person
`accept`s it. Everything one outcome writes goes into one transaction.

Normaliser changes are never reported as agreement changes. When the latest version was
derived by an older normaliser (or another selector), its snapshot is re-derived before
comparing; if that alone changes it, a *technical* version is stored first, flagged so that
reports skip it (Open Terms Archive's "technical upgrade"). `rebuild` re-derives the whole
history with the current normaliser, records what that changed as technical re-derivations,
and merges versions that no longer differ.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

from tracker import __version__
from tracker.compare import Comparison, Summary
from tracker.errors import DocumentError, TrackerError
from tracker.extract.sniff import sniff
from tracker.model import Document
from tracker.obligations import compare_flagged
from tracker.report import comparison_to_json
from tracker.sources import document_from_bytes
from tracker.store import FetchRow, NewVersion, Store, StoreError, VersionRecord, timestamp
from tracker.store.codec import canonical_json


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


class HistoryError(TrackerError):
    """A history operation that cannot be done as asked (nothing to accept, a contradicting
    archived copy …)."""


# --- pure decisions ------------------------------------------------------------------------

NO_ARTICLES = "no articles found (an error page, a login wall, or the wrong selector?)"
OPENING_CHARS = 40  # how much of a suspect page its reason quotes


def content_hash(document: Document) -> str:
    """What makes two versions the same agreement: the canonical content of every section, in
    order — not the source, the warnings, nor how the body splits into paragraph objects."""
    canonical = [
        [s.key, s.kind.value, s.number, s.title, s.chapter, s.text, s.deleted]
        for s in document.sections
    ]
    return hashlib.sha256(canonical_json(canonical).encode()).hexdigest()


def is_suspect(previous: Document | None, new: Document) -> str | None:
    """Why `new` looks like a broken parse rather than a new version, or None.

    The reason quotes the start of what was read, so the reader sees what came instead.

    >>> from tracker.model import Dates
    >>> empty = Document("x", None, Dates(), ())
    >>> is_suspect(None, empty)
    'no articles found (an error page, a login wall, or the wrong selector?)'
    >>> is_suspect(None, Document("x", "ページが見つかりません", Dates(), ())).split("; ")[1]
    'it begins 「ページが見つかりません」'
    """
    found = len(new.articles)
    if found == 0:
        return NO_ARTICLES + _opening(new)
    before = len(previous.articles) if previous else 0
    if 2 * found < before:
        return (
            f"only {found} of the {before} articles of the previous version found "
            f"(a stub or error page?){_opening(new)}; accept it as a version if the agreement "
            "really shrank"
        )
    return None


def _opening(document: Document) -> str:
    """`; it begins 「…」` with the first `OPENING_CHARS` characters of the document's text."""
    pieces = [document.title or "", *(section.text for section in document.sections)]
    text = " ".join(" ".join(pieces).split())
    if not text:
        return ""
    ellipsis = "…" if len(text) > OPENING_CHARS else ""
    return f"; it begins 「{text[:OPENING_CHARS]}{ellipsis}」"


def version_in_force(
    versions: list[VersionRecord], day: date, zone: ZoneInfo
) -> VersionRecord | None:
    """The version in force on `day` (a calendar day in `zone`): the latest whose effective
    date — if the document states one — else the day it was first seen, is on or before it."""
    in_force = None
    for version in versions:
        start = version.dates.effective or version.first_seen_at.astimezone(zone).date()
        if start <= day:
            in_force = version
    return in_force


@functools.cache
def extractor_version() -> str:
    """Identifies the code that turns bytes into sections: tracker's version, a digest of the
    extract and normalise sources, and the versions of the libraries they read documents with."""
    import tracker.extract
    import tracker.normalise
    import tracker.sources

    digest = hashlib.sha256()
    folders = [Path(m.__file__ or "").parent for m in (tracker.extract, tracker.normalise)]
    files = [p for folder in folders for p in sorted(folder.glob("*.py"))]
    for path in [*files, Path(tracker.sources.__file__ or "")]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for distribution in ("pypdfium2", "beautifulsoup4", "lxml", "charset-normalizer"):
        try:
            digest.update(f"{distribution}={importlib.metadata.version(distribution)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{distribution}=none".encode())
    return f"{__version__}+{digest.hexdigest()[:12]}"


# --- what check calls ----------------------------------------------------------------------


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
    if not _derived_alike(store.latest_version(document_id), sha256, selector):
        reading.parse()  # outside the transaction: no write lock held while parsing
    with store.transaction():
        store.ensure_document(document_id, url=url)
        store.add_snapshot(
            sha256,
            size=len(data),
            media_type=_media_type(data, source, content_type),
            content_type=content_type,
        )
        latest = store.latest_version(document_id)
        if latest is not None and _derived_alike(latest, sha256, selector):
            return _unchanged(store, latest, fetch)
        parsed = reading.parse()
        if isinstance(parsed, DocumentError):
            # The cause without the URL, as for a failed fetch: the report names the document.
            error = parsed.cause + _redirect_note(fetch)
            store.add_fetch(_as(fetch, OutcomeKind.FAILED, error=error, transient=False))
            store.mark_failed(document_id, fetch.fetched_at, error)
            return Outcome(
                document_id,
                OutcomeKind.FAILED,
                version=latest.number if latest else None,
                error=error,
                transient=False,
                snapshot=sha256,
            )
        return _new_content(store, latest, fetch, parsed)


def record_not_modified(
    store: Store,
    document_id: str,
    *,
    url: str,
    headers: dict[str, str],
    fetched_at: datetime,
    run_id: int | None,
    elapsed: float | None = None,
) -> Outcome:
    """A 304 to a conditional request: the latest version is still current."""
    fetch = FetchRow(
        document=document_id,
        fetched_at=timestamp(fetched_at),
        url=url,
        outcome=OutcomeKind.NOT_MODIFIED.value,
        run=run_id,
        status=304,
        headers=dict(headers),
        elapsed=elapsed,
    )
    with store.transaction():
        store.ensure_document(document_id, url=url)
        latest = store.latest_version(document_id)
        if latest is not None:
            _seen_again(store, latest, fetch.fetched_at)
        store.add_fetch(_as(fetch, OutcomeKind.NOT_MODIFIED, version=latest.id if latest else None))
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


# --- what the history commands call ----------------------------------------------------------


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
) -> Outcome:
    """Backfill an archived copy as seen at the start of `day` (in `zone`). It slots into the
    history by date; the comparisons with its new neighbours are recomputed. A copy equal to
    the version before it extends that version; one equal to the version after it moves that
    version's first_seen back. Raises DocumentError when the copy cannot be read."""
    moment = datetime.combine(day, time(), zone)
    at = timestamp(moment)
    document = document_from_bytes(
        data, source=source, content_type=content_type, selector=selector
    )
    if not document.articles:
        raise HistoryError(f"{source}: no articles found; not imported (is it the agreement?)")
    new_hash = content_hash(document)
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
            media_type=_media_type(data, source, content_type),
            content_type=content_type,
        )
        versions = store.versions(document_id)
        earlier = [v for v in versions if v.first_seen_at <= moment]
        before = earlier[-1] if earlier else None
        after = versions[len(earlier)] if len(earlier) < len(versions) else None
        if before is not None and before.content_hash == new_hash:
            _seen_again(store, before, at)
            store.add_fetch(_as(fetch, OutcomeKind.UNCHANGED, version=before.id))
            return Outcome(document_id, OutcomeKind.UNCHANGED, before.number, snapshot=sha256)
        if before is not None and before.last_seen_at >= moment:
            seen = " … ".join(
                t.astimezone(zone).strftime("%Y-%m-%d %H:%M")
                for t in (before.first_seen_at, before.last_seen_at)
            )
            raise HistoryError(
                f"{source} differs from version {before.number}, which was seen both before and "
                f"after {day} ({seen}); not imported"
            )
        if after is not None and after.content_hash == new_hash:
            store.set_seen(after.id, first_seen=at, last_seen=after.last_seen)
            store.add_fetch(_as(fetch, OutcomeKind.UNCHANGED, version=after.id))
            return Outcome(document_id, OutcomeKind.UNCHANGED, after.number, snapshot=sha256)
        new = NewVersion(
            document_id=document_id,
            document=document,
            content_hash=new_hash,
            first_seen=at,
            last_seen=at,
            sha256=sha256,
            extractor=extractor_version(),
            selector=selector,
            origin="import",
        )
        return _add_version(store, new, fetch, previous=before, known={})[0]


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
        document = document_from_bytes(
            data,
            source=chosen.final_url or chosen.url,
            content_type=store.snapshot_content_type(chosen.sha256),
            selector=chosen.selector,
        )
        new = NewVersion(
            document_id=document_id,
            document=document,
            content_hash=content_hash(document),
            first_seen=streak[0].row.fetched_at,  # the first of the run of identical snapshots
            last_seen=chosen.fetched_at,
            sha256=chosen.sha256,
            extractor=extractor_version(),
            selector=chosen.selector,
            origin="accepted",
        )
        outcome, version_id = _add_version(store, new, None, previous=latest, known={})
        store.link_fetches([f.id for f in streak], version_id)
        store.set_validators(document_id, chosen.etag, chosen.last_modified)
    return outcome


class RebuildKind(StrEnum):
    TECHNICAL = "technical"  # re-derived: the content differs only because the normaliser changed
    MERGED = "merged"  # now equal to the version before it, folded into it
    KEPT = "kept"  # could not be re-derived (snapshot missing, unreadable, suspect): left as is


@dataclass(frozen=True)
class Rebuilt:
    """One thing a rebuild did to a version; numbers are those from before the rebuild."""

    document_id: str
    kind: RebuildKind
    version: int
    into: int | None = None  # MERGED: the version it was folded into
    summary: Summary | None = None  # TECHNICAL: stored derivation → re-derivation
    reason: str | None = None  # KEPT


def rebuild(store: Store, document_id: str | None = None) -> list[Rebuilt]:
    """Re-derive every version (of one document, or all) from its raw snapshot with the current
    normaliser. Idempotent: a second rebuild returns [] and writes nothing."""
    document_ids = [document_id] if document_id is not None else store.document_ids()
    return [entry for d in document_ids for entry in _rebuild_document(store, d)]


# --- internals ---------------------------------------------------------------------------------


class _Reading:
    """The parse of one snapshot, done at most once: a Document, or the error saying why not."""

    def __init__(self, data: bytes, source: str, content_type: str | None, selector: str | None):
        self._args = (data, source, content_type, selector)
        self._result: Document | DocumentError | None = None

    def parse(self) -> Document | DocumentError:
        if self._result is None:
            self._result = _parse(*self._args)
        return self._result


def _parse(
    data: bytes, source: str, content_type: str | None, selector: str | None
) -> Document | DocumentError:
    try:
        return document_from_bytes(
            data, source=source, content_type=content_type, selector=selector
        )
    except DocumentError as error:
        return error


def _derived_alike(latest: VersionRecord | None, sha256: str, selector: str | None) -> bool:
    """Same bytes, same selector, same extractor: parsing again would give the same version."""
    return (
        latest is not None
        and latest.sha256 == sha256
        and latest.selector == selector
        and latest.extractor == extractor_version()
    )


def _media_type(data: bytes, source: str, content_type: str | None) -> str | None:
    try:
        return sniff(data, source=source, content_type=content_type).media_type.value
    except DocumentError:
        return None


def _as(
    fetch: FetchRow,
    kind: OutcomeKind,
    *,
    version: int | None = None,
    error: str | None = None,
    transient: bool | None = None,
) -> FetchRow:
    """The fetch row as recorded for `kind` (the template never carries these fields)."""
    return replace(fetch, outcome=kind.value, version=version, error=error, transient=transient)


def _redirect_note(fetch: FetchRow) -> str:
    """Where the address led, when that is not where it points: a login page, a home page."""
    if fetch.final_url and fetch.final_url != fetch.url:
        return f"; the address redirected to {fetch.final_url}"
    return ""


def _later(a: str, b: str) -> str:
    return max(a, b, key=lambda value: datetime.fromisoformat(value).timestamp())


def _seen_again(store: Store, version: VersionRecord, at: str) -> None:
    store.set_seen(
        version.id, first_seen=version.first_seen, last_seen=_later(version.last_seen, at)
    )


def _succeeded(store: Store, fetch: FetchRow) -> None:
    store.set_validators(fetch.document, fetch.etag, fetch.last_modified)
    store.mark_succeeded(fetch.document, fetch.fetched_at)


def _unchanged(store: Store, latest: VersionRecord, fetch: FetchRow) -> Outcome:
    _seen_again(store, latest, fetch.fetched_at)
    store.add_fetch(_as(fetch, OutcomeKind.UNCHANGED, version=latest.id))
    _succeeded(store, fetch)
    return Outcome(fetch.document, OutcomeKind.UNCHANGED, latest.number, snapshot=fetch.sha256)


def _new_content(
    store: Store, latest: VersionRecord | None, fetch: FetchRow, document: Document
) -> Outcome:
    new_hash = content_hash(document)
    if latest is not None and new_hash == latest.content_hash:
        return _unchanged(store, latest, fetch)
    assert fetch.sha256 is not None
    upgraded = _technical_upgrade(store, latest, fetch.selector) if latest else None
    baseline = upgraded
    if baseline is None and latest is not None:
        baseline = store.load_document(latest.id)
    reason = is_suspect(baseline, document)
    if reason is not None:
        reason += _redirect_note(fetch)
        store.add_fetch(_as(fetch, OutcomeKind.SUSPECT, error=reason))
        store.mark_checked(fetch.document, fetch.fetched_at)
        return Outcome(
            fetch.document,
            OutcomeKind.SUSPECT,
            version=latest.number if latest else None,
            error=reason,
            snapshot=fetch.sha256,
        )
    previous, known = latest, dict[int, Document]()
    if latest is not None and upgraded is not None:
        previous, known = _add_technical(store, latest, upgraded, fetch)
        if previous.content_hash == new_hash:
            return _unchanged(store, previous, fetch)
    new = NewVersion(
        document_id=fetch.document,
        document=document,
        content_hash=new_hash,
        first_seen=fetch.fetched_at,
        last_seen=fetch.fetched_at,
        sha256=fetch.sha256,
        extractor=extractor_version(),
        selector=fetch.selector,
        origin="fetch",
    )
    outcome, _ = _add_version(store, new, fetch, previous=previous, known=known)
    _succeeded(store, fetch)
    return outcome


def _technical_upgrade(
    store: Store, latest: VersionRecord, selector: str | None
) -> Document | None:
    """The latest version's snapshot derived with today's normaliser and `selector`, when that
    differs from what was stored (else None: the stored version is current).

    A version derived by this very extractor with the same selector cannot differ: it is not
    parsed again (that re-parse was 40% of an all-changed `check` run)."""
    if latest.extractor == extractor_version() and latest.selector == selector:
        return None
    try:
        data = store.snapshots.read(latest.sha256)
    except StoreError:
        return None
    content_type = store.snapshot_content_type(latest.sha256)
    parsed = _parse(data, latest.source, content_type, selector)
    if isinstance(parsed, DocumentError) or content_hash(parsed) == latest.content_hash:
        return None
    return parsed


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
        extractor=extractor_version(),
        selector=fetch.selector,
        origin="fetch",
        technical=True,
    )
    version_id = store.insert_version(technical)
    _relink_changes(store, fetch.document, {version_id: upgraded})
    record = next(v for v in store.versions(fetch.document) if v.id == version_id)
    return record, {version_id: upgraded}


def _add_version(
    store: Store,
    new: NewVersion,
    fetch: FetchRow | None,
    *,
    previous: VersionRecord | None,
    known: dict[int, Document],
) -> tuple[Outcome, int]:
    """Insert a version, bring the comparisons up to date, record the fetch that brought it."""
    version_id = store.insert_version(new)
    computed = _relink_changes(store, new.document_id, {**known, version_id: new.document})
    number = next(v.number for v in store.versions(new.document_id) if v.id == version_id)
    kind = OutcomeKind.CHANGED if previous is not None else OutcomeKind.FIRST
    if fetch is not None:
        store.add_fetch(_as(fetch, kind, version=version_id))
    outcome = Outcome(
        new.document_id,
        kind,
        version=number,
        previous=previous.number if previous else None,
        comparison=computed.get((previous.id, version_id)) if previous else None,
        snapshot=new.sha256,
    )
    return outcome, version_id


def _relink_changes(
    store: Store, document_id: str, known: dict[int, Document]
) -> dict[tuple[int, int], Comparison]:
    """Make `changes` hold exactly one comparison per pair of consecutive versions, computing
    the missing ones (`known` spares loading versions already in memory)."""
    versions = store.versions(document_id)
    wanted = list(pairwise(versions))
    existing = store.change_pairs(document_id)
    for pair in existing - {(a.id, b.id) for a, b in wanted}:
        store.delete_change(*pair)
    documents = dict(known)

    def document_of(version: VersionRecord) -> Document:
        if version.id not in documents:
            documents[version.id] = store.load_document(version.id)
        return documents[version.id]

    computed: dict[tuple[int, int], Comparison] = {}
    for old, new in wanted:
        if (old.id, new.id) in existing:
            continue
        comparison = compare_flagged(document_of(old), document_of(new))
        store.add_change(
            document_id,
            old.id,
            new.id,
            summary=comparison.summary,
            comparison=comparison_to_json(comparison),
            technical=new.technical,
        )
        computed[(old.id, new.id)] = comparison
    return computed


def _rebuild_document(store: Store, document_id: str) -> list[Rebuilt]:
    entries: list[Rebuilt] = []
    with store.transaction():
        before = store.versions(document_id)
        documents: dict[int, Document] = {}
        for version in before:
            entry, document = _rederive(store, version)
            if entry is not None:
                entries.append(entry)
            if document is not None:
                documents[version.id] = document
        kept: VersionRecord | None = None
        for version in store.versions(document_id):
            if kept is not None and kept.content_hash == version.content_hash:
                store.merge_into(kept, version)
                entries.append(
                    Rebuilt(document_id, RebuildKind.MERGED, version.number, into=kept.number)
                )
                kept = next(v for v in store.versions(document_id) if v.id == kept.id)
            else:
                kept = version
        _relink_changes(store, document_id, documents)
        store.collect_sections()
    return entries


def _rederive(store: Store, version: VersionRecord) -> tuple[Rebuilt | None, Document | None]:
    def kept(reason: str) -> tuple[Rebuilt, None]:
        return Rebuilt(version.document, RebuildKind.KEPT, version.number, reason=reason), None

    try:
        data = store.snapshots.read(version.sha256)
    except StoreError as error:
        return kept(str(error))
    content_type = store.snapshot_content_type(version.sha256)
    parsed = _parse(data, version.source, content_type, version.selector)
    if isinstance(parsed, DocumentError):
        return kept(f"the current normaliser cannot read it: {parsed}")
    stored = store.load_document(version.id)
    reason = is_suspect(stored, parsed) if stored.articles else None
    if reason is not None:
        return kept(f"the current normaliser finds {reason}")
    extractor = extractor_version()
    if parsed == stored:
        if version.extractor != extractor:
            store.set_extractor(version.id, extractor)
        return None, parsed
    comparison = compare_flagged(stored, parsed)
    new_hash = content_hash(parsed)
    store.add_rederivation(
        version,
        new_extractor=extractor,
        new_content_hash=new_hash,
        summary=comparison.summary,
        comparison=comparison_to_json(comparison),
    )
    store.rederive(version.id, parsed, content_hash=new_hash, extractor=extractor)
    store.delete_changes_of(version.id)
    entry = Rebuilt(
        version.document, RebuildKind.TECHNICAL, version.number, summary=comparison.summary
    )
    return entry, parsed
