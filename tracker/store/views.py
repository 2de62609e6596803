"""Views for people browsing the database (Datasette, `sqlite-utils rows`) — migration 2.

`numbered_versions` gives every version its number (the same order the store uses); the others
read like the questions a compliance team asks: what is current, what does version N say, what
changed when.
"""

from __future__ import annotations

from typing import Final

from tracker.store.schema import VERSION_ORDER

VIEWS: Final[tuple[str, ...]] = (
    f"""
    CREATE VIEW numbered_versions AS
    SELECT
        id, document,
        ROW_NUMBER() OVER (PARTITION BY document ORDER BY {VERSION_ORDER}) AS number,
        first_seen, last_seen, sha256, source, title, enacted, revised, effective,
        sections, articles, technical, origin, extractor, content_hash
    FROM versions
    """,
    """
    CREATE VIEW latest_versions AS
    SELECT
        d.id AS document, d.name, d.url, n.number AS version, n.first_seen, n.last_seen,
        n.sections, n.articles, n.enacted, n.revised, n.effective, n.technical, n.sha256,
        d.consecutive_failures, d.last_error, d.last_checked
    FROM documents d
    JOIN numbered_versions n ON n.document = d.id
    WHERE n.number = (SELECT count(*) FROM versions v WHERE v.document = d.id)
    """,
    """
    CREATE VIEW version_sections AS
    SELECT
        n.document, n.number AS version, l.position, s.key, s.kind, s.number, s.title,
        s.chapter, s.deleted, s.text, s.id AS section
    FROM section_links l
    JOIN numbered_versions n ON n.id = l.version
    JOIN sections s ON s.id = l.section
    """,
    """
    CREATE VIEW change_log AS
    SELECT
        c.document, a.number AS from_version, b.number AS to_version, b.first_seen AS seen,
        c.added, c.removed, c.modified, c.renumbered, c.comparison
    FROM changes c
    JOIN numbered_versions a ON a.id = c.from_version
    JOIN numbered_versions b ON b.id = c.to_version
    WHERE c.technical = 0
    """,
    """
    CREATE VIEW article_changes AS
    SELECT
        c.document, a.number AS from_version, b.number AS to_version, b.first_seen AS seen,
        json_extract(j.value, '$.kind') AS kind,
        json_extract(j.value, '$.old_number') AS old_number,
        json_extract(j.value, '$.new_number') AS new_number,
        json_extract(j.value, '$.title') AS title,
        json_extract(j.value, '$.references_only') AS references_only,
        json_extract(j.value, '$.flags') AS flags,
        json_extract(j.value, '$.key_terms') AS key_terms
    FROM changes c
    JOIN numbered_versions a ON a.id = c.from_version
    JOIN numbered_versions b ON b.id = c.to_version,
    json_each(c.comparison, '$.changes') j
    WHERE c.technical = 0
    """,
)
