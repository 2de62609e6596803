"""Writing a history: what every path that adds or re-reads versions shares.

`add_version` inserts a version and brings the comparisons between consecutive versions up to
date (`relink_changes`); `seen_again` stretches a version's last sighting; `fetch_as` is the
fetch row as recorded for an outcome. Callers hold the transaction.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from tracker.compare import Comparison
from tracker.compare.serialize import comparison_to_json
from tracker.history.outcome import Outcome, OutcomeKind
from tracker.model import Document
from tracker.obligations import compare_flagged
from tracker.store import FetchRow, NewVersion, Store, VersionRecord, parse_time


def fetch_as(
    fetch: FetchRow,
    kind: OutcomeKind,
    *,
    version: int | None = None,
    error: str | None = None,
    transient: bool | None = None,
) -> FetchRow:
    """The fetch row as recorded for `kind` (the template never carries these fields)."""
    return replace(fetch, outcome=kind.value, version=version, error=error, transient=transient)


def _later(a: str, b: str) -> str:
    return max(a, b, key=lambda value: parse_time(value).timestamp())


def seen_again(store: Store, version: VersionRecord, at: str) -> None:
    store.set_seen(
        version.id, first_seen=version.first_seen, last_seen=_later(version.last_seen, at)
    )


def add_version(
    store: Store,
    new: NewVersion,
    fetch: FetchRow | None,
    *,
    previous: VersionRecord | None,
    known: dict[int, Document],
) -> tuple[Outcome, int]:
    """Insert a version, bring the comparisons up to date, record the fetch that brought it."""
    version_id = store.insert_version(new)
    computed = relink_changes(store, new.document_id, {**known, version_id: new.document})
    number = next(v.number for v in store.versions(new.document_id) if v.id == version_id)
    kind = OutcomeKind.CHANGED if previous is not None else OutcomeKind.FIRST
    if fetch is not None:
        store.add_fetch(fetch_as(fetch, kind, version=version_id))
    outcome = Outcome(
        new.document_id,
        kind,
        version=number,
        previous=previous.number if previous else None,
        comparison=computed.get((previous.id, version_id)) if previous else None,
        snapshot=new.sha256,
    )
    return outcome, version_id


def relink_changes(
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
