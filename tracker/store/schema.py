"""The tables (migration 1). Why they look the way they do:

- raw bytes live on disk, content-addressed (`snapshots.py`); `snapshots` only records them;
- a version points at the raw snapshot it was derived from, with the extractor that derived it,
  so `rebuild` can re-derive it and a normaliser change is never mistaken for a new agreement;
- sections are stored once by content and linked to versions by position (`section_links`): an
  article that did not change between versions is one row, however many versions hold it;
- version numbers are not stored: they are the order of `first_seen` (see `VERSION_ORDER`), so an
  archived copy imported later slots in by date and nothing has to be renumbered;
- every time is ISO-8601 with its offset; order by `julianday()`, which reads the offset.
"""

from __future__ import annotations

from typing import Final

VERSION_ORDER: Final = "julianday(first_seen), id"
"""How a document's versions are ordered, hence numbered 1, 2, …: the store and views share it."""

TABLES: Final[tuple[str, ...]] = (
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        name TEXT,
        url TEXT,
        timezone TEXT,
        etag TEXT,
        last_modified TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_checked TEXT,
        created TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        finished TEXT,
        documents INTEGER NOT NULL DEFAULT 0,
        first INTEGER NOT NULL DEFAULT 0,
        changed INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        not_modified INTEGER NOT NULL DEFAULT 0,
        suspect INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        exit_status INTEGER
    )
    """,
    """
    CREATE TABLE snapshots (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        media_type TEXT,
        content_type TEXT,
        first_stored TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE versions (
        id INTEGER PRIMARY KEY,
        document TEXT NOT NULL REFERENCES documents(id),
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        sha256 TEXT NOT NULL REFERENCES snapshots(sha256),
        source TEXT NOT NULL,
        title TEXT,
        enacted TEXT,
        revised TEXT,
        effective TEXT,
        warnings TEXT NOT NULL DEFAULT '[]',
        sections INTEGER NOT NULL,
        articles INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        extractor TEXT NOT NULL,
        selector TEXT,
        origin TEXT NOT NULL CHECK (origin IN ('fetch', 'import', 'accepted')),
        technical INTEGER NOT NULL DEFAULT 0 CHECK (technical IN (0, 1)),
        derived_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX versions_by_document ON versions (document, first_seen)",
    """
    CREATE TABLE sections (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        key TEXT NOT NULL,
        kind TEXT NOT NULL,
        number TEXT,
        title TEXT,
        chapter TEXT,
        deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
        text TEXT NOT NULL,
        paragraphs TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE section_links (
        version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        section INTEGER NOT NULL REFERENCES sections(id),
        PRIMARY KEY (version, position)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX section_links_by_section ON section_links (section)",
    """
    CREATE TABLE changes (
        id INTEGER PRIMARY KEY,
        document TEXT NOT NULL REFERENCES documents(id),
        from_version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
        to_version INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
        added INTEGER NOT NULL,
        removed INTEGER NOT NULL,
        modified INTEGER NOT NULL,
        renumbered INTEGER NOT NULL,
        technical INTEGER NOT NULL DEFAULT 0 CHECK (technical IN (0, 1)),
        comparison TEXT NOT NULL,
        computed_at TEXT NOT NULL,
        UNIQUE (from_version, to_version)
    )
    """,
    "CREATE INDEX changes_by_document ON changes (document)",
    "CREATE INDEX changes_by_to_version ON changes (to_version)",
    """
    CREATE TABLE fetches (
        id INTEGER PRIMARY KEY,
        document TEXT NOT NULL REFERENCES documents(id),
        run INTEGER REFERENCES runs(id),
        fetched_at TEXT NOT NULL,
        url TEXT NOT NULL,
        final_url TEXT,
        status INTEGER,
        headers TEXT,
        etag TEXT,
        last_modified TEXT,
        sha256 TEXT REFERENCES snapshots(sha256),
        bytes INTEGER,
        elapsed REAL,
        selector TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN
            ('first', 'changed', 'unchanged', 'not-modified', 'suspect', 'failed')),
        version INTEGER REFERENCES versions(id) ON DELETE SET NULL,
        error TEXT,
        transient INTEGER CHECK (transient IN (0, 1)),
        imported INTEGER NOT NULL DEFAULT 0 CHECK (imported IN (0, 1))
    )
    """,
    "CREATE INDEX fetches_by_document ON fetches (document, fetched_at)",
    "CREATE INDEX fetches_by_version ON fetches (version)",
    """
    CREATE TABLE rederivations (
        id INTEGER PRIMARY KEY,
        document TEXT NOT NULL REFERENCES documents(id),
        version INTEGER REFERENCES versions(id) ON DELETE SET NULL,
        sha256 TEXT NOT NULL REFERENCES snapshots(sha256),
        rebuilt_at TEXT NOT NULL,
        old_extractor TEXT NOT NULL,
        new_extractor TEXT NOT NULL,
        old_content_hash TEXT NOT NULL,
        new_content_hash TEXT NOT NULL,
        added INTEGER NOT NULL,
        removed INTEGER NOT NULL,
        modified INTEGER NOT NULL,
        renumbered INTEGER NOT NULL,
        comparison TEXT NOT NULL
    )
    """,
)
