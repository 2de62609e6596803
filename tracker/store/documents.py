"""Rows about documents and their fetches: validators for conditional requests, the failure
counter, the fetch log (including suspect snapshots waiting for `accept`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from tracker.store.records import DocumentRecord, FetchRow, StoredFetch

_FETCH_COLUMNS = (
    "document, fetched_at, url, outcome, run, final_url, status, headers, etag, last_modified,"
    " sha256, bytes, elapsed, selector, version, error, transient, imported"
)
_FETCH_FIELDS = tuple(name.strip() for name in _FETCH_COLUMNS.split(","))
_FETCH_PLACEHOLDERS = ", ".join("?" * len(_FETCH_FIELDS))


class DocumentQueries:
    conn: sqlite3.Connection
    now: Callable[[], str]  # the store's clock, as stored

    def ensure_document(
        self,
        document_id: str,
        *,
        name: str | None = None,
        url: str | None = None,
        timezone: str | None = None,
    ) -> None:
        """Create the document's row if missing; update the fields given (config is the truth).
        A new URL drops the validators (ETag, Last-Modified) of the old one: another server's
        ETag could match by accident and make a changed document look unchanged (304)."""
        self.conn.execute(
            "INSERT INTO documents (id, name, url, timezone, created) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET name = coalesce(excluded.name, name),"
            " url = coalesce(excluded.url, url), timezone = coalesce(excluded.timezone, timezone),"
            " etag = CASE WHEN excluded.url <> url THEN NULL ELSE etag END,"
            " last_modified = CASE WHEN excluded.url <> url THEN NULL ELSE last_modified END",
            (document_id, name, url, timezone, self.now()),
        )

    def document(self, document_id: str) -> DocumentRecord | None:
        row = self.conn.execute(
            "SELECT id, name, url, timezone, etag, last_modified, consecutive_failures,"
            " last_error, last_checked FROM documents WHERE id = ?",
            (document_id,),
        ).fetchone()
        return DocumentRecord(*row) if row else None

    def document_ids(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT id FROM documents ORDER BY id")]

    def documents_etag(self, document_id: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) of the last good fetch, for If-None-Match / If-Modified-Since."""
        record = self.document(document_id)
        return (record.etag, record.last_modified) if record else (None, None)

    def set_validators(self, document_id: str, etag: str | None, last_modified: str | None) -> None:
        self.conn.execute(
            "UPDATE documents SET etag = ?, last_modified = ? WHERE id = ?",
            (etag, last_modified, document_id),
        )

    def mark_succeeded(self, document_id: str, checked: str) -> None:
        self.conn.execute(
            "UPDATE documents SET consecutive_failures = 0, last_error = NULL, last_checked = ?"
            " WHERE id = ?",
            (checked, document_id),
        )

    def mark_failed(self, document_id: str, checked: str, error: str) -> None:
        self.conn.execute(
            "UPDATE documents SET consecutive_failures = consecutive_failures + 1,"
            " last_error = ?, last_checked = ? WHERE id = ?",
            (error, checked, document_id),
        )

    def mark_checked(self, document_id: str, checked: str) -> None:
        self.conn.execute(
            "UPDATE documents SET last_checked = ? WHERE id = ?", (checked, document_id)
        )

    # --- fetches --------------------------------------------------------------------------

    def add_fetch(self, fetch: FetchRow) -> int:
        cursor = self.conn.execute(
            f"INSERT INTO fetches ({_FETCH_COLUMNS}) VALUES ({_FETCH_PLACEHOLDERS})",
            (
                fetch.document,
                fetch.fetched_at,
                fetch.url,
                fetch.outcome,
                fetch.run,
                fetch.final_url,
                fetch.status,
                json.dumps(fetch.headers, ensure_ascii=False)
                if fetch.headers is not None
                else None,
                fetch.etag,
                fetch.last_modified,
                fetch.sha256,
                fetch.bytes,
                fetch.elapsed,
                fetch.selector,
                fetch.version,
                fetch.error,
                None if fetch.transient is None else int(fetch.transient),
                int(fetch.imported),
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def fetches(self, document_id: str) -> list[StoredFetch]:
        """Every fetch of a document, oldest first."""
        return self._fetches("WHERE document = ?", (document_id,))

    def pending_suspects(self, document_id: str, after: str | None) -> list[StoredFetch]:
        """Suspect fetches not taken as a version, later than `after` (oldest first)."""
        where = "WHERE document = ? AND outcome = 'suspect' AND version IS NULL"
        if after is None:
            return self._fetches(where, (document_id,))
        return self._fetches(
            where + " AND julianday(fetched_at) > julianday(?)", (document_id, after)
        )

    def link_fetches(self, fetch_ids: list[int], version_id: int) -> None:
        self.conn.executemany(
            "UPDATE fetches SET version = ? WHERE id = ?", [(version_id, i) for i in fetch_ids]
        )

    def _fetches(self, where: str, params: tuple[Any, ...]) -> list[StoredFetch]:
        rows = self.conn.execute(
            f"SELECT id, {_FETCH_COLUMNS} FROM fetches {where} ORDER BY julianday(fetched_at), id",
            params,
        ).fetchall()
        return [_stored_fetch(row) for row in rows]


def _stored_fetch(row: tuple[Any, ...]) -> StoredFetch:
    values = dict(zip(_FETCH_FIELDS, row[1:], strict=True))
    if values["headers"] is not None:
        values["headers"] = json.loads(values["headers"])
    if values["transient"] is not None:
        values["transient"] = bool(values["transient"])
    values["imported"] = bool(values["imported"])
    return StoredFetch(id=row[0], row=FetchRow(**values))
