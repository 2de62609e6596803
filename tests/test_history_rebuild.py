"""`rebuild`: re-derive the history with the current normaliser. Differences the normaliser
alone causes are technical (never agreement changes); versions that no longer differ merge;
a second rebuild changes nothing."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

import pytest
from support.db import query
from support.history import (
    T0,
    at,
    normaliser_that,
    record,
    revision_003,
    seed_003,
)
from support.render import rewrap

import tracker.history.derive as derive
from tracker.history import OutcomeKind, RebuildKind, rebuild
from tracker.model import Document
from tracker.sources import ReadDocument
from tracker.store import Store

REAL = derive.document_from_bytes


def _dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    tables = ["versions", "sections", "section_links", "changes", "fetches", "rederivations"]
    volatile = {"derived_at", "computed_at", "rebuilt_at"}
    dump = {}
    for table in tables:
        cursor = store.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")
        keep = [i for i, d in enumerate(cursor.description) if d[0] not in volatile]
        dump[table] = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
    return dump


def _change_log(store: Store) -> list[tuple[int, int]]:
    rows = query(store, "SELECT from_version, to_version FROM change_log ORDER BY to_version")
    return [(r["from_version"], r["to_version"]) for r in rows]


def test_a_rebuild_with_the_same_normaliser_changes_nothing(store: Store) -> None:
    record(store, seed_003(), T0)
    record(store, revision_003(), at(3))
    before = _dump(store)
    assert rebuild(store) == []
    assert _dump(store) == before


def test_normaliser_only_differences_are_technical_and_a_second_rebuild_is_a_no_op(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(store, seed_003(), T0)
    record(store, revision_003(), at(3))

    def renamed(document: Document) -> Document:  # the "new" normaliser reads 当社 as 弊社
        sections = tuple(replace(s, text=s.text.replace("当社", "弊社")) for s in document.sections)
        return replace(document, sections=sections)

    monkeypatch.setattr(derive, "document_from_bytes", normaliser_that(renamed))
    entries = rebuild(store)
    assert [(e.kind, e.version) for e in entries] == [
        (RebuildKind.TECHNICAL, 1),
        (RebuildKind.TECHNICAL, 2),
    ]
    assert all(e.summary is not None and e.summary.modified > 10 for e in entries)
    # The agreement's history is unchanged: the same one change, nothing technical in it.
    assert _change_log(store) == [(1, 2)]
    (change,) = query(store, "SELECT added, removed, modified FROM change_log")
    assert (change["added"], change["removed"], change["modified"]) == (1, 0, 2)
    audit = list(query(store, "SELECT * FROM rederivations ORDER BY id"))
    assert len(audit) == 2 and all(row["modified"] > 10 for row in audit)
    loaded = store.load_document(store.versions("securecam")[0].id)
    assert "弊社" in loaded.sections[1].text and "当社" not in loaded.sections[1].text

    after_first = _dump(store)
    assert rebuild(store) == []
    assert _dump(store) == after_first


def test_versions_the_old_normaliser_told_apart_merge(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-wrapped copy that an older, buggy normaliser read differently: stored as version 2
    with a comparison that was noise. Rebuilt, it equals version 1 and merges into it."""
    record(store, seed_003(), T0)

    def misreads_short_lines(data: bytes, **kwargs: Any) -> ReadDocument:
        read = REAL(data, **kwargs)
        if data == seed_003():
            return read
        document = read.document
        first = replace(document.sections[1], title="（読み違えた見出し）")
        sections = (document.sections[0], first, *document.sections[2:])
        return replace(read, document=replace(document, sections=sections))

    monkeypatch.setattr(derive, "document_from_bytes", misreads_short_lines)
    noise = record(store, rewrap(seed_003().decode(), 30).encode(), at(1))
    assert (noise.kind, noise.version) == (OutcomeKind.CHANGED, 2)
    record(store, revision_003(), at(2))
    assert [v.number for v in store.versions("securecam")] == [1, 2, 3]
    monkeypatch.setattr(derive, "document_from_bytes", REAL)

    entries = rebuild(store)
    assert [(e.kind, e.version, e.into) for e in entries] == [
        (RebuildKind.TECHNICAL, 2, None),
        (RebuildKind.TECHNICAL, 3, None),
        (RebuildKind.MERGED, 2, 1),
    ]
    v1, v2 = store.versions("securecam")
    assert v1.last_seen == "2026-11-02T03:00:00+09:00"  # it covers the merged version's days
    assert v2.sha256 == record(store, revision_003(), at(4)).snapshot
    assert _change_log(store) == [(1, 2)]
    fetched = [r["version"] for r in query(store, "SELECT version FROM fetches ORDER BY id")]
    assert fetched[:2] == [v1.id, v1.id]  # the fetch of the merged version points at version 1
    assert rebuild(store) == []


def test_a_version_whose_snapshot_is_gone_is_kept_as_stored(store: Store) -> None:
    first = record(store, seed_003(), T0)
    assert first.snapshot is not None
    store.snapshots.path(first.snapshot).unlink()
    (entry,) = rebuild(store, "securecam")
    assert (entry.kind, entry.version) == (RebuildKind.KEPT, 1)
    assert entry.reason and "missing" in entry.reason
    assert len(store.versions("securecam")) == 1


def test_a_normaliser_that_loses_most_articles_does_not_overwrite_history(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(store, seed_003(), T0)
    before = _dump(store)
    broken = normaliser_that(lambda d: replace(d, sections=d.sections[:3]))
    monkeypatch.setattr(derive, "document_from_bytes", broken)
    (entry,) = rebuild(store)
    assert entry.kind is RebuildKind.KEPT and entry.reason and "articles" in entry.reason
    assert _dump(store) == before


def test_rebuild_runs_in_one_transaction_per_document(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(store, seed_003(), T0)
    record(store, revision_003(), at(3))
    before = _dump(store)

    def fails_midway(*args: Any, **kwargs: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(
        derive, "document_from_bytes", normaliser_that(lambda d: replace(d, title="別の題名"))
    )
    monkeypatch.setattr(Store, "collect_sections", fails_midway)
    with pytest.raises(sqlite3.OperationalError):
        rebuild(store)
    assert _dump(store) == before


def test_a_technical_version_from_check_merges_away_on_rebuild(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def old(document: Document) -> Document:  # an older normaliser that missed the captions
        sections = tuple(replace(s, title=None) for s in document.sections)
        return replace(document, sections=sections)

    # An older normaliser is also an older extractor version: that is what tells check to
    # re-derive the stored snapshot before comparing.
    current = derive.extractor_version()
    monkeypatch.setattr(derive, "document_from_bytes", normaliser_that(old))
    monkeypatch.setattr(derive, "extractor_version", lambda: "older-extractor")
    record(store, seed_003(), T0)
    monkeypatch.setattr(derive, "document_from_bytes", REAL)
    monkeypatch.setattr(derive, "extractor_version", lambda: current)
    outcome = record(store, revision_003(), at(3))
    assert (outcome.previous, outcome.version) == (2, 3)
    assert [v.technical for v in store.versions("securecam")] == [False, True, False]

    entries = rebuild(store)
    assert [(e.kind, e.version, e.into) for e in entries] == [
        (RebuildKind.TECHNICAL, 1, None),
        (RebuildKind.MERGED, 2, 1),
    ]
    assert [v.technical for v in store.versions("securecam")] == [False, False]
    assert _change_log(store) == [(1, 2)]
    assert rebuild(store) == []
