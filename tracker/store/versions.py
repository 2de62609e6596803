"""Rows about versions: the versions themselves, their sections (stored once, linked by
position), the comparisons between consecutive versions and the audit of re-derivations."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from tracker.compare.model import Summary
from tracker.model import Document, layout_hash
from tracker.store.codec import section_from_row, section_row
from tracker.store.records import NewVersion, VersionRecord, dates_from_row, parse_time
from tracker.store.schema import VERSION_ORDER

_VERSION_COLUMNS = (
    "id, document, first_seen, last_seen, sha256, source, title, enacted, revised, effective,"
    " sections, articles, content_hash, layout_hash, extractor, selector, origin, technical,"
    " warnings"
)


class VersionQueries:
    conn: sqlite3.Connection
    now: Callable[[], str]  # the store's clock, as stored
    transaction: Callable[[], AbstractContextManager[None]]

    def versions(self, document_id: str) -> list[VersionRecord]:
        """The document's versions, oldest first, numbered 1, 2, …"""
        cursor = self.conn.execute(
            f"SELECT {_VERSION_COLUMNS} FROM versions WHERE document = ? ORDER BY {VERSION_ORDER}",
            (document_id,),
        )
        names = [d[0] for d in cursor.description]
        return [
            _version(dict(zip(names, row, strict=True)), number)
            for number, row in enumerate(cursor.fetchall(), start=1)
        ]

    def latest_version(self, document_id: str) -> VersionRecord | None:
        versions = self.versions(document_id)
        return versions[-1] if versions else None

    def insert_version(self, new: NewVersion) -> int:
        with self.transaction():
            return self._insert_version(new)

    def _insert_version(self, new: NewVersion) -> int:
        document = new.document
        cursor = self.conn.execute(
            "INSERT INTO versions (document, first_seen, last_seen, sha256, source, title,"
            " enacted, revised, effective, warnings, sections, articles, content_hash,"
            " layout_hash, extractor, selector, origin, technical, derived_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                new.document_id,
                new.first_seen,
                new.last_seen,
                new.sha256,
                document.source,
                document.title,
                *_dates(document),
                json.dumps(list(document.warnings), ensure_ascii=False),
                len(document.sections),
                len(document.articles),
                new.content_hash,
                layout_hash(document),
                new.extractor,
                new.selector,
                new.origin,
                int(new.technical),
                self.now(),
            ),
        )
        version_id = cursor.lastrowid
        assert version_id is not None
        self._link_sections(version_id, document)
        return version_id

    def set_seen(self, version_id: int, *, first_seen: str, last_seen: str) -> None:
        self.conn.execute(
            "UPDATE versions SET first_seen = ?, last_seen = ? WHERE id = ?",
            (first_seen, last_seen, version_id),
        )

    def rederive(
        self, version_id: int, document: Document, *, content_hash: str, extractor: str
    ) -> None:
        """Replace a version's derived content (same snapshot, newer normaliser)."""
        with self.transaction():
            self._rederive(version_id, document, content_hash=content_hash, extractor=extractor)

    def _rederive(
        self, version_id: int, document: Document, *, content_hash: str, extractor: str
    ) -> None:
        self.conn.execute(
            "UPDATE versions SET source = ?, title = ?, enacted = ?, revised = ?, effective = ?,"
            " warnings = ?, sections = ?, articles = ?, content_hash = ?, layout_hash = ?,"
            " extractor = ?, derived_at = ? WHERE id = ?",
            (
                document.source,
                document.title,
                *_dates(document),
                json.dumps(list(document.warnings), ensure_ascii=False),
                len(document.sections),
                len(document.articles),
                content_hash,
                layout_hash(document),
                extractor,
                self.now(),
                version_id,
            ),
        )
        self.conn.execute("DELETE FROM section_links WHERE version = ?", (version_id,))
        self._link_sections(version_id, document)

    def set_extractor(self, version_id: int, extractor: str) -> None:
        self.conn.execute("UPDATE versions SET extractor = ? WHERE id = ?", (extractor, version_id))

    def merge_into(self, kept: VersionRecord, merged: VersionRecord) -> None:
        """Fold `merged` (a later version with the same content) into `kept`."""
        last_seen = max(kept.last_seen, merged.last_seen, key=_instant)
        with self.transaction():
            self.set_seen(kept.id, first_seen=kept.first_seen, last_seen=last_seen)
            self.conn.execute(
                "UPDATE fetches SET version = ? WHERE version = ?", (kept.id, merged.id)
            )
            self.conn.execute("DELETE FROM versions WHERE id = ?", (merged.id,))

    def load_document(self, version_id: int) -> Document:
        """A stored version as the `Document` it was derived as."""
        row = self.conn.execute(
            "SELECT source, title, enacted, revised, effective, warnings FROM versions"
            " WHERE id = ?",
            (version_id,),
        ).fetchone()
        if row is None:
            raise KeyError(version_id)
        source, title, enacted, revised, effective, warnings = row
        sections = self.conn.execute(
            "SELECT s.key, s.kind, s.number, s.title, s.chapter, s.deleted, s.text, s.paragraphs"
            " FROM section_links l JOIN sections s ON s.id = l.section"
            " WHERE l.version = ? ORDER BY l.position",
            (version_id,),
        ).fetchall()
        return Document(
            source=source,
            title=title,
            dates=dates_from_row({"enacted": enacted, "revised": revised, "effective": effective}),
            sections=tuple(section_from_row(*s) for s in sections),
            warnings=tuple(json.loads(warnings)),
        )

    def section_hashes(self, version_id: int) -> list[str]:
        rows = self.conn.execute(
            "SELECT s.hash FROM section_links l JOIN sections s ON s.id = l.section"
            " WHERE l.version = ? ORDER BY l.position",
            (version_id,),
        )
        return [row[0] for row in rows]

    def collect_sections(self) -> int:
        """Delete sections no version links to any more; return how many."""
        cursor = self.conn.execute(
            "DELETE FROM sections WHERE NOT EXISTS"
            " (SELECT 1 FROM section_links l WHERE l.section = sections.id)"
        )
        return cursor.rowcount

    def _link_sections(self, version_id: int, document: Document) -> None:
        links = []
        for position, section in enumerate(document.sections):
            row = section_row(section)
            self.conn.execute(
                "INSERT OR IGNORE INTO sections (hash, key, kind, number, title, chapter, deleted,"
                " text, paragraphs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.as_params(),
            )
            (section_id,) = self.conn.execute(
                "SELECT id FROM sections WHERE hash = ?", (row.hash,)
            ).fetchone()
            links.append((version_id, position, section_id))
        self.conn.executemany(
            "INSERT INTO section_links (version, position, section) VALUES (?, ?, ?)", links
        )

    # --- changes between consecutive versions ----------------------------------------------

    def change_pairs(self, document_id: str) -> set[tuple[int, int]]:
        rows = self.conn.execute(
            "SELECT from_version, to_version FROM changes WHERE document = ?", (document_id,)
        )
        return {(a, b) for a, b in rows}

    def delete_change(self, from_version: int, to_version: int) -> None:
        self.conn.execute(
            "DELETE FROM changes WHERE from_version = ? AND to_version = ?",
            (from_version, to_version),
        )

    def delete_changes_of(self, version_id: int) -> None:
        self.conn.execute(
            "DELETE FROM changes WHERE from_version = ? OR to_version = ?", (version_id, version_id)
        )

    def add_change(
        self,
        document_id: str,
        from_version: int,
        to_version: int,
        *,
        summary: Summary,
        comparison: dict[str, Any],
        technical: bool,
    ) -> None:
        self.conn.execute(
            "INSERT INTO changes (document, from_version, to_version, added, removed, modified,"
            " renumbered, technical, comparison, computed_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document_id,
                from_version,
                to_version,
                summary.added,
                summary.removed,
                summary.modified,
                summary.renumbered,
                int(technical),
                json.dumps(comparison, ensure_ascii=False, separators=(",", ":")),
                self.now(),
            ),
        )

    def change_summaries(self, document_id: str) -> dict[int, Summary]:
        """to_version id → the summary of its comparison with the version before it."""
        rows = self.conn.execute(
            "SELECT to_version, added, removed, modified, renumbered FROM changes"
            " WHERE document = ?",
            (document_id,),
        )
        return {to: Summary(a, r, m, n) for to, a, r, m, n in rows}

    def add_rederivation(
        self,
        version: VersionRecord,
        *,
        new_extractor: str,
        new_content_hash: str,
        summary: Summary,
        comparison: dict[str, Any],
    ) -> None:
        self.conn.execute(
            "INSERT INTO rederivations (document, version, sha256, rebuilt_at, old_extractor,"
            " new_extractor, old_content_hash, new_content_hash, added, removed, modified,"
            " renumbered, comparison) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                version.document,
                version.id,
                version.sha256,
                self.now(),
                version.extractor,
                new_extractor,
                version.content_hash,
                new_content_hash,
                summary.added,
                summary.removed,
                summary.modified,
                summary.renumbered,
                json.dumps(comparison, ensure_ascii=False, separators=(",", ":")),
            ),
        )


def _dates(document: Document) -> tuple[str | None, str | None, str | None]:
    dates = document.dates.as_json()
    return dates["enacted"], dates["revised"], dates["effective"]


def _instant(value: str) -> float:
    return parse_time(value).timestamp()


def _version(row: dict[str, Any], number: int) -> VersionRecord:
    return VersionRecord(
        id=row["id"],
        document=row["document"],
        number=number,
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        sha256=row["sha256"],
        source=row["source"],
        title=row["title"],
        dates=dates_from_row(row),
        sections=row["sections"],
        articles=row["articles"],
        content_hash=row["content_hash"],
        layout_hash=row["layout_hash"],
        extractor=row["extractor"],
        selector=row["selector"],
        origin=row["origin"],
        technical=bool(row["technical"]),
        warnings=tuple(json.loads(row["warnings"] or "[]")),
    )
