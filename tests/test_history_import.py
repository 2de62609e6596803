"""Backfill: an archived copy slots into the history by date; numbers and comparisons follow."""

from __future__ import annotations

from datetime import date

import pytest
from support.db import query
from support.history import (
    T0,
    TOKYO,
    at,
    notice_shortened,
    record,
    revision_003,
    seed_003,
)

from tracker.errors import DocumentError
from tracker.extract.scope import scope_key
from tracker.history import HistoryError, OutcomeKind, import_copy, version_in_force
from tracker.store import Store


def _import(store: Store, data: bytes, day: date, source: str = "archive/terms.txt"):  # type: ignore[no-untyped-def]
    return import_copy(store, "securecam", data=data, source=source, day=day, zone=TOKYO)


def _log(store: Store) -> list[tuple[int, int, int, int, int]]:
    rows = query(
        store,
        "SELECT from_version, to_version, added, modified, removed FROM change_log"
        " WHERE document = 'securecam' ORDER BY to_version",
    )
    return [tuple(r.values()) for r in rows]  # type: ignore[misc]


def test_an_older_copy_slots_in_by_date_and_later_numbers_shift(store: Store) -> None:
    record(store, notice_shortened(), T0)  # what we saw first (2026-11-01)
    record(store, revision_003(), at(5))
    assert _log(store) == [(1, 2, 1, 1, 0)]  # notice → revision: 付則 added, 別紙 modified

    outcome = _import(store, seed_003(), date(2020, 12, 14))
    assert outcome.kind is OutcomeKind.FIRST
    assert outcome.version == 1
    versions = store.versions("securecam")
    assert [v.first_seen[:10] for v in versions] == ["2020-12-14", "2026-11-01", "2026-11-06"]
    assert [v.origin for v in versions] == ["import", "fetch", "fetch"]
    assert versions[0].first_seen == "2020-12-14T00:00:00+09:00"
    # seed → notice shortened (第8条), then notice → revision as before, now numbered 2 → 3.
    assert _log(store) == [(1, 2, 0, 1, 0), (2, 3, 1, 1, 0)]


def test_a_copy_between_two_versions_replaces_their_comparison(store: Store) -> None:
    record(store, seed_003(), T0)
    record(store, revision_003(), at(30))
    assert _log(store) == [(1, 2, 1, 2, 0)]
    outcome = _import(store, notice_shortened(), date(2026, 11, 15))
    assert (outcome.kind, outcome.version, outcome.previous) == (OutcomeKind.CHANGED, 2, 1)
    assert outcome.comparison is not None and outcome.comparison.summary.modified == 1
    assert _log(store) == [(1, 2, 0, 1, 0), (2, 3, 1, 1, 0)]
    assert len(list(query(store, "SELECT * FROM changes"))) == 2  # the 1 → 3 comparison is gone


def test_a_copy_equal_to_the_next_version_moves_its_first_seen_back(store: Store) -> None:
    record(store, seed_003(), T0)
    outcome = _import(store, seed_003(), date(2026, 10, 1))
    assert (outcome.kind, outcome.version) == (OutcomeKind.UNCHANGED, 1)
    (version,) = store.versions("securecam")
    assert version.first_seen == "2026-10-01T00:00:00+09:00"
    assert version.last_seen == "2026-11-01T03:00:00+09:00"


def test_a_copy_equal_to_the_version_before_extends_it(store: Store) -> None:
    record(store, seed_003(), T0)
    outcome = _import(store, seed_003(), date(2026, 11, 20))
    assert (outcome.kind, outcome.version) == (OutcomeKind.UNCHANGED, 1)
    assert store.versions("securecam")[0].last_seen == "2026-11-20T00:00:00+09:00"


def test_a_copy_that_contradicts_what_was_seen_that_day_is_refused(store: Store) -> None:
    record(store, seed_003(), T0)
    record(store, seed_003(), at(10))
    with pytest.raises(HistoryError, match="seen both before and after 2026-11-05"):
        _import(store, revision_003(), date(2026, 11, 5))
    assert len(store.versions("securecam")) == 1


def test_an_unreadable_copy_is_an_error_and_leaves_nothing(store: Store) -> None:
    with pytest.raises(DocumentError):
        _import(store, b"", date(2020, 1, 1), source="empty.txt")
    with pytest.raises(HistoryError, match="no articles"):
        _import(store, "お知らせ\n".encode(), date(2020, 1, 1))
    assert store.versions("securecam") == []


def test_the_version_in_force_on_a_day_follows_effective_dates(store: Store) -> None:
    record(store, seed_003(), T0)  # effective 2020-12-14
    record(store, revision_003(), at(3))  # seen 2026-11-04, effective 2026-12-01
    versions = store.versions("securecam")
    assert version_in_force(versions, date(2019, 1, 1), TOKYO) is None
    in_force = version_in_force(versions, date(2026, 11, 10), TOKYO)
    assert in_force is not None and in_force.number == 1
    in_force = version_in_force(versions, date(2026, 12, 1), TOKYO)
    assert in_force is not None and in_force.number == 2


def test_without_an_effective_date_the_first_seen_day_counts_in_the_documents_zone(
    store: Store,
) -> None:
    from support.history import SEED_004

    # 2026-11-01T03:00+09:00 is still 2026-10-31 in UTC: the Tokyo calendar day counts.
    record(store, SEED_004.read_bytes(), T0, document_id="beta")
    (version,) = store.versions("beta")
    assert version.dates.effective is None
    assert version_in_force([version], date(2026, 10, 31), TOKYO) is None
    assert version_in_force([version], date(2026, 11, 1), TOKYO) == version


def test_a_copy_is_read_with_the_removals_of_its_document(store: Store) -> None:
    """The scope (selector and `remove`) stored with the version: a cookie banner in an archived
    page is left out, and the version says how it was read."""
    page = (
        "<html><body><main><div class='cookie'>Cookieを使用します</div><h1>規約</h1>"
        "<h2>第1条（目的）</h2><p>本規約は利用条件を定めます。</p></main></body></html>"
    ).encode()
    scope = scope_key(None, [".cookie"])
    outcome = import_copy(
        store,
        "securecam",
        data=page,
        source="archive/terms.html",
        day=date(2026, 1, 5),
        zone=TOKYO,
        selector=scope,
    )
    assert outcome.kind is OutcomeKind.FIRST
    (version,) = store.versions("securecam")
    assert version.selector == scope
    document = store.load_document(version.id)
    assert "Cookie" not in " ".join(s.text for s in document.sections)
    assert [s.number for s in document.articles] == ["第1条"]
