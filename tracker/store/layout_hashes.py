"""Migration 4: every version gets the hash of its content compared on layout keys.

`versions.content_hash` identifies a version's exact content (feed entries are named after it,
so it never changes); whether two versions *say the same* is decided on `layout_hash`
(`model.layout_hash`: whitespace never counts), added here and filled in from the stored
sections, so an older database compares the way a new one does (docs/decisions/0001, addendum).
"""

from __future__ import annotations

import sqlite3
from typing import Final

from tracker.model import SectionParts, layout_hash_of

ADD_COLUMN: Final = "ALTER TABLE versions ADD COLUMN layout_hash TEXT NOT NULL DEFAULT ''"


def fill_layout_hashes(conn: sqlite3.Connection) -> None:
    versions = [row[0] for row in conn.execute("SELECT id FROM versions")]
    for version_id in versions:
        rows = conn.execute(
            "SELECT s.key, s.kind, s.number, s.title, s.chapter, s.text, s.deleted"
            " FROM section_links l JOIN sections s ON s.id = l.section"
            " WHERE l.version = ? ORDER BY l.position",
            (version_id,),
        ).fetchall()
        parts: list[SectionParts] = [
            (key, kind, number, title, chapter, text, bool(deleted))
            for key, kind, number, title, chapter, text, deleted in rows
        ]
        conn.execute(
            "UPDATE versions SET layout_hash = ? WHERE id = ?", (layout_hash_of(parts), version_id)
        )


LAYOUT_HASHES: Final = (ADD_COLUMN, fill_layout_hashes)
