"""The database itself: pragmas, numbered migrations applied once, views a person can query."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from support.db import names_of, query
from support.history import T0, TOKYO, notice_shortened, open_store, record, seed_003

from tracker.store import MIGRATIONS, Migration, Store, StoreError
from tracker.store.migrations import applied_migrations, migrate

TABLES = {
    "schema_migrations",
    "documents",
    "runs",
    "snapshots",
    "versions",
    "sections",
    "section_links",
    "changes",
    "fetches",
    "rederivations",
    "forgotten",
}
VIEWS = {
    "numbered_versions",
    "latest_versions",
    "version_sections",
    "change_log",
    "article_changes",
}


def _schema(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
        return [(name, sql or "") for name, sql in rows]
    finally:
        conn.close()


def test_a_new_store_has_every_table_and_view(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        assert set(names_of(store, "table")) >= TABLES
        assert set(names_of(store, "view")) >= VIEWS
        assert applied_migrations(store.conn) == [m.number for m in MIGRATIONS]


def test_the_database_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_opening_again_applies_nothing_and_changes_no_schema(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    before = _schema(tmp_path / "tracker.db")
    for _ in range(3):
        with open_store(tmp_path) as store:
            assert migrate(store.conn) == []
            rows = store.conn.execute("SELECT version FROM schema_migrations").fetchall()
            assert [r[0] for r in rows] == [m.number for m in MIGRATIONS]
    assert _schema(tmp_path / "tracker.db") == before


def test_a_new_migration_is_applied_once_on_top_of_the_old_ones(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        record(store, seed_003(), T0)
        extra = Migration(
            len(MIGRATIONS) + 1, "notes", ("ALTER TABLE documents ADD COLUMN notes TEXT",)
        )
        assert migrate(store.conn, (*MIGRATIONS, extra)) == [extra.number]
        assert migrate(store.conn, (*MIGRATIONS, extra)) == []
        assert store.versions("securecam")[0].number == 1  # the data survived


def test_a_failing_migration_leaves_no_trace(tmp_path: Path) -> None:
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    with open_store(tmp_path) as store:
        with pytest.raises(RuntimeError):
            migrate(store.conn, (*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "broken", (broken,))))
        assert "half_done" not in names_of(store, "table")
        assert applied_migrations(store.conn) == [m.number for m in MIGRATIONS]


def test_a_database_from_a_newer_tracker_is_refused(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "tracker.db")
    conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01T00:00:00+00:00')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer tracker"):
        open_store(tmp_path)


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "tracker.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a tracker database"):
        Store.open(tmp_path / "tracker.db", tmp_path / "snapshots")


def test_the_views_answer_what_is_current_and_what_changed(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        record(store, seed_003(), T0)
        record(store, notice_shortened(), T0.replace(day=4))
        latest = query(store, "SELECT * FROM latest_versions")
        assert [(r["document"], r["version"], r["articles"]) for r in latest] == [
            ("securecam", 2, 56)
        ]
        log = list(query(store, "SELECT * FROM change_log"))
        assert [(r["from_version"], r["to_version"], r["modified"]) for r in log] == [(1, 2, 1)]
        changed = list(query(store, "SELECT * FROM article_changes"))
        assert [(r["kind"], r["new_number"], r["title"]) for r in changed] == [
            ("modified", "第8条", "サービスの終了")
        ]
        article_8 = list(
            query(
                store,
                "SELECT version, text FROM version_sections"
                " WHERE document = 'securecam' AND key = '8' ORDER BY version",
            )
        )
        assert [r["version"] for r in article_8] == [1, 2]
        assert "3か月前" in article_8[0]["text"] and "1か月前" in article_8[1]["text"]


def test_times_are_stored_with_their_offset(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        record(store, seed_003(), T0)
        (first_seen,) = store.conn.execute("SELECT first_seen FROM versions").fetchone()
        assert first_seen == "2026-11-01T03:00:00+09:00"
        assert T0.tzinfo is TOKYO


def test_runs_record_their_counts_and_exit_status(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        run = store.start_run(T0)
        store.finish_run(run, T0.replace(minute=5), {"first": 2, "failed": 1}, 3)
        row = next(query(store, "SELECT * FROM runs WHERE id = ?", [run]))
        assert (row["documents"], row["first"], row["failed"], row["exit_status"]) == (3, 2, 1, 3)
        assert row["finished"] == "2026-11-01T03:05:00+09:00"


def test_a_new_url_drops_the_validators_of_the_old_one(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        with store.transaction():
            store.ensure_document("d", url="https://a.example/terms.pdf")
            store.set_validators("d", '"v1"', "Mon, 02 Nov 2026 00:00:00 GMT")
            store.ensure_document("d", name="renamed", url="https://a.example/terms.pdf")
        assert store.documents_etag("d") == ('"v1"', "Mon, 02 Nov 2026 00:00:00 GMT")
        with store.transaction():
            store.ensure_document("d", url="https://b.example/terms.pdf")
        assert store.documents_etag("d") == (None, None)
