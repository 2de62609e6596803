"""What one fetch means for the history: `record_snapshot`, `record_not_modified`,
`record_failure`, and `accept_suspect` for a page held back as suspect."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from support.db import query
from support.history import (
    STUB,
    T0,
    URL,
    at,
    count_rows,
    normaliser_that,
    notice_shortened,
    record,
    revision_003,
    seed_003,
)
from support.render import rewrap, to_pdf

from tracker.compare import ChangeKind
from tracker.history import (
    HistoryError,
    OutcomeKind,
    accept_suspect,
    record_failure,
    record_not_modified,
)
from tracker.model import Document
from tracker.store import Store


def _fetches(store: Store) -> list[dict[str, object]]:
    return list(query(store, "SELECT * FROM fetches ORDER BY id"))


def test_the_first_snapshot_is_version_1(store: Store) -> None:
    outcome = record(store, seed_003(), T0, etag='"v1"')
    assert outcome.kind is OutcomeKind.FIRST
    assert (outcome.version, outcome.previous, outcome.comparison) == (1, None, None)
    (version,) = store.versions("securecam")
    assert (version.number, version.first_seen, version.last_seen) == (
        1,
        "2026-11-01T03:00:00+09:00",
        "2026-11-01T03:00:00+09:00",
    )
    assert version.sha256 == outcome.snapshot
    assert version.articles == 56
    assert str(version.dates.revised) == "2020-12-14"
    assert store.documents_etag("securecam") == ('"v1"', None)


def test_the_same_bytes_again_make_no_version_and_move_last_seen(store: Store) -> None:
    record(store, seed_003(), T0)
    outcome = record(store, seed_003(), at(1))
    assert outcome.kind is OutcomeKind.UNCHANGED
    assert outcome.version == 1
    (version,) = store.versions("securecam")
    assert version.last_seen == "2026-11-02T03:00:00+09:00"
    assert count_rows(store, "snapshots") == 1
    assert [f["outcome"] for f in _fetches(store)] == ["first", "unchanged"]


def test_rewrapped_text_is_not_a_version(store: Store) -> None:
    record(store, seed_003(), T0)
    rewrapped = rewrap(seed_003().decode(), 30).encode()
    assert rewrapped != seed_003()
    outcome = record(store, rewrapped, at(1))
    assert outcome.kind is OutcomeKind.UNCHANGED
    assert len(store.versions("securecam")) == 1
    assert count_rows(store, "snapshots") == 2  # the new bytes are kept all the same


def test_a_pdf_laid_out_again_is_not_a_version(store: Store) -> None:
    text = seed_003().decode()
    pdf = "application/pdf"
    assert record(store, to_pdf(text, chars_per_line=38), T0, content_type=pdf).version == 1
    relaid = to_pdf(text, chars_per_line=45, header="別のヘッダー（改版）")
    outcome = record(store, relaid, at(1), content_type=pdf)
    assert outcome.kind is OutcomeKind.UNCHANGED
    assert len(store.versions("securecam")) == 1


def test_a_changed_agreement_is_version_2_with_its_stored_comparison(store: Store) -> None:
    record(store, seed_003(), T0)
    outcome = record(store, revision_003(), at(3))
    assert outcome.kind is OutcomeKind.CHANGED
    assert (outcome.version, outcome.previous) == (2, 1)
    assert outcome.comparison is not None
    assert outcome.comparison.summary.as_json() == {
        "added": 1,
        "removed": 0,
        "modified": 2,
        "renumbered": 0,
    }
    modified = [c for c in outcome.comparison.changes if c.kind is ChangeKind.MODIFIED]
    assert "8" in [c.new_key for c in modified]
    (change,) = query(store, "SELECT * FROM change_log")
    assert (change["from_version"], change["to_version"]) == (1, 2)
    assert (change["added"], change["modified"]) == (1, 2)
    assert '"new_key":"8"' in change["comparison"]


def test_an_unreadable_snapshot_is_kept_but_is_never_a_version(store: Store) -> None:
    record(store, seed_003(), T0)
    broken = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
    outcome = record(store, broken, at(1), content_type="application/pdf")
    assert outcome.kind is OutcomeKind.FAILED
    assert outcome.transient is False
    assert outcome.version == 1
    assert outcome.error and "PDF" in outcome.error
    assert outcome.snapshot and store.snapshots.read(outcome.snapshot) == broken
    assert len(store.versions("securecam")) == 1
    failed = _fetches(store)[-1]
    assert (failed["outcome"], failed["error"], failed["version"]) == (
        "failed",
        outcome.error,
        None,
    )
    assert failed["sha256"] == outcome.snapshot
    document = store.document("securecam")
    assert document is not None and document.consecutive_failures == 1


def test_a_snapshot_is_sniffed_once_and_keeps_its_media_type_even_unreadable(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.extract
    import tracker.sources

    real = tracker.sources.sniff
    sniffed: list[str] = []

    def counting(data: bytes, **kwargs: Any) -> Any:
        sniffed.append(str(kwargs.get("source")))
        return real(data, **kwargs)

    for module in (tracker.sources, tracker.extract):  # every caller of sniff on this path
        monkeypatch.setattr(module, "sniff", counting)
    record(store, seed_003(), T0)
    broken = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
    assert record(store, broken, at(1)).kind is OutcomeKind.FAILED
    assert len(sniffed) == 2  # once per snapshot, whether it could be read or not
    media = {r["sha256"]: r["media_type"] for r in query(store, "SELECT * FROM snapshots")}
    assert sorted(media.values()) == ["application/pdf", "text/plain"]


def test_a_stub_after_56_articles_is_suspect_until_accepted(store: Store) -> None:
    record(store, seed_003(), T0, etag='"full"')
    outcome = record(store, STUB, at(1), etag='"stub"')
    assert outcome.kind is OutcomeKind.SUSPECT
    assert outcome.version == 1
    assert outcome.error and "2 of the 56 articles" in outcome.error
    assert len(store.versions("securecam")) == 1
    assert store.documents_etag("securecam") == ('"full"', None)  # so the stub is fetched again
    assert record(store, STUB, at(2)).kind is OutcomeKind.SUSPECT

    accepted = accept_suspect(store, "securecam")
    assert accepted.kind is OutcomeKind.CHANGED
    assert (accepted.version, accepted.previous) == (2, 1)
    assert accepted.comparison is not None and accepted.comparison.summary.removed >= 54
    v2 = store.versions("securecam")[1]
    assert (v2.articles, v2.origin) == (2, "accepted")
    assert (v2.first_seen, v2.last_seen) == (
        "2026-11-02T03:00:00+09:00",  # the first time the stub was seen
        "2026-11-03T03:00:00+09:00",
    )
    assert record(store, STUB, at(3)).kind is OutcomeKind.UNCHANGED
    with pytest.raises(HistoryError, match="no suspect snapshot"):
        accept_suspect(store, "securecam")


def test_another_document_in_place_of_the_agreement_is_suspect_until_accepted(
    store: Store,
) -> None:
    # A 7-article cookie policy in place of a 12-article agreement: more than half the count.
    root = Path(__file__).resolve().parent.parent
    agreement = (root / "snapshots" / "seeds" / "004_dd3f312f96aab035.txt").read_bytes()
    cookie = (root / "tests" / "fixtures" / "other-documents" / "cookie-policy.txt").read_bytes()
    record(store, agreement, T0, etag='"terms"')
    outcome = record(store, cookie, at(1), etag='"cookie"')
    assert outcome.kind is OutcomeKind.SUSPECT
    assert outcome.error and outcome.error.startswith(
        "a different document, not a revision: the title changed"
    )
    assert len(store.versions("securecam")) == 1
    assert store.documents_etag("securecam") == ('"terms"', None)
    accepted = accept_suspect(store, "securecam")
    assert (accepted.kind, accepted.version, accepted.previous) == (OutcomeKind.CHANGED, 2, 1)
    assert record(store, cookie, at(2)).kind is OutcomeKind.UNCHANGED


def test_a_suspect_page_followed_by_the_real_one_cannot_be_accepted(store: Store) -> None:
    record(store, seed_003(), T0)
    record(store, STUB, at(1))
    record(store, seed_003(), at(2))
    with pytest.raises(HistoryError, match="no suspect snapshot to accept since version 1"):
        accept_suspect(store, "securecam")


def test_a_first_page_without_articles_is_suspect(store: Store) -> None:
    outcome = record(store, "ログインしてください。\n".encode(), T0)
    assert outcome.kind is OutcomeKind.SUSPECT
    assert outcome.version is None
    assert outcome.error and "no articles" in outcome.error
    assert store.versions("securecam") == []


def test_not_modified_moves_last_seen(store: Store) -> None:
    record(store, seed_003(), T0, etag='"v1"', last_modified="Sun, 01 Nov 2026 00:00:00 GMT")
    outcome = record_not_modified(
        store, "securecam", url=URL, headers={"etag": '"v1"'}, fetched_at=at(1), run_id=None
    )
    assert outcome.kind is OutcomeKind.NOT_MODIFIED
    assert outcome.version == 1
    (version,) = store.versions("securecam")
    assert version.last_seen == "2026-11-02T03:00:00+09:00"
    assert store.documents_etag("securecam") == ('"v1"', "Sun, 01 Nov 2026 00:00:00 GMT")
    assert _fetches(store)[-1]["status"] == 304


def test_failures_are_counted_and_reset_by_the_next_success(store: Store) -> None:
    record(store, seed_003(), T0)
    for day in (1, 2, 3):
        outcome = record_failure(
            store,
            "securecam",
            url="https://x",
            error="HTTP 503 Service Unavailable",
            transient=True,
            status=503,
            fetched_at=at(day),
            run_id=None,
        )
        assert (outcome.kind, outcome.version, outcome.transient) == (OutcomeKind.FAILED, 1, True)
    document = store.document("securecam")
    assert document is not None
    assert (document.consecutive_failures, document.last_error) == (
        3,
        "HTTP 503 Service Unavailable",
    )
    assert len(store.versions("securecam")) == 1
    record_not_modified(
        store, "securecam", url="https://x", headers={}, fetched_at=at(4), run_id=None
    )
    document = store.document("securecam")
    assert document is not None and (document.consecutive_failures, document.last_error) == (
        0,
        None,
    )
    record_failure(
        store,
        "securecam",
        url="x",
        error="timed out",
        transient=True,
        status=None,
        fetched_at=at(5),
        run_id=None,
    )
    record(store, seed_003(), at(6))
    document = store.document("securecam")
    assert document is not None and document.consecutive_failures == 0


def test_a_failure_before_any_version_creates_the_document(store: Store) -> None:
    outcome = record_failure(
        store,
        "new",
        url="https://x",
        error="HTTP 404 Not Found",
        transient=False,
        status=404,
        fetched_at=T0,
        run_id=None,
    )
    assert (outcome.kind, outcome.version) == (OutcomeKind.FAILED, None)
    assert store.versions("new") == []


def test_fetches_belong_to_their_run(store: Store) -> None:
    run = store.start_run(T0)
    record(store, seed_003(), T0, run_id=run)
    record_failure(
        store,
        "other",
        url="x",
        error="timed out",
        transient=True,
        status=None,
        fetched_at=T0,
        run_id=run,
    )
    assert [(f["document"], f["run"]) for f in _fetches(store)] == [
        ("securecam", run),
        ("other", run),
    ]


def test_naive_times_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="time zone"):
        record(store, seed_003(), T0.replace(tzinfo=None))


def test_a_new_normaliser_never_reports_its_own_differences(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The latest version was derived by an older normaliser: before comparing, its snapshot is
    re-derived and stored as a technical version, so the change reported is the real one."""
    import tracker.history.derive as derive

    real = derive.document_from_bytes

    def says_heisha(document: Document) -> Document:
        sections = tuple(replace(s, text=s.text.replace("当社", "弊社")) for s in document.sections)
        return replace(document, sections=sections)

    old_normaliser = normaliser_that(says_heisha)

    # An older normaliser is also an older extractor version: that is what tells check to
    # re-derive the stored snapshot before comparing.
    current = derive.extractor_version()
    monkeypatch.setattr(derive, "document_from_bytes", old_normaliser)
    monkeypatch.setattr(derive, "extractor_version", lambda: "older-extractor")
    record(store, seed_003(), T0)
    monkeypatch.setattr(derive, "document_from_bytes", real)
    monkeypatch.setattr(derive, "extractor_version", lambda: current)

    outcome = record(store, notice_shortened(), at(1))
    assert outcome.kind is OutcomeKind.CHANGED
    assert (outcome.previous, outcome.version) == (2, 3)
    assert outcome.comparison is not None
    assert outcome.comparison.summary.as_json() == {
        "added": 0,
        "removed": 0,
        "modified": 1,
        "renumbered": 0,
    }
    v1, technical, v3 = store.versions("securecam")
    assert technical.technical and not v1.technical and not v3.technical
    assert technical.sha256 == v1.sha256
    log = [(r["from_version"], r["to_version"]) for r in query(store, "SELECT * FROM change_log")]
    assert log == [(2, 3)]  # the normaliser's differences (1 → 2) are not agreement changes


def test_same_bytes_under_a_new_extractor_become_a_technical_version(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.history.derive as derive

    real = derive.document_from_bytes
    old_normaliser = normaliser_that(lambda d: replace(d, sections=d.sections[:-1]))

    # An older normaliser is also an older extractor version: that is what tells check to
    # re-derive the stored snapshot before comparing.
    current = derive.extractor_version()
    monkeypatch.setattr(derive, "document_from_bytes", old_normaliser)
    monkeypatch.setattr(derive, "extractor_version", lambda: "older-extractor")
    record(store, seed_003(), T0)
    monkeypatch.setattr(derive, "document_from_bytes", real)
    monkeypatch.setattr(derive, "extractor_version", lambda: current)
    monkeypatch.setattr(derive, "extractor_version", lambda: "next")
    outcome = record(store, seed_003(), at(1))
    assert outcome.kind is OutcomeKind.UNCHANGED
    assert outcome.version == 2
    assert [v.technical for v in store.versions("securecam")] == [False, True]
    # From now on the same bytes are recognised without parsing them again.
    assert record(store, seed_003(), at(2)).version == 2


def test_a_change_parses_only_the_new_snapshot_when_the_stored_version_is_current(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The previous version was derived by this very extractor: re-reading its snapshot could
    not differ, so a change costs one parse, not two."""
    import tracker.history.derive as derive

    record(store, seed_003(), T0)
    real = derive.document_from_bytes
    parsed: list[str] = []

    def counting(data: bytes, **kwargs: object) -> object:
        parsed.append(str(kwargs.get("source")))
        return real(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(derive, "document_from_bytes", counting)
    outcome = record(store, notice_shortened(), at(1))
    assert outcome.kind is OutcomeKind.CHANGED
    assert len(parsed) == 1
