"""The store: raw snapshots on disk, versions and their sections in SQLite.

    snapshots/<sha256[:2]>/<sha256>     the bytes as fetched (snapshots.py)
    tracker.db                          documents, fetches, runs, snapshots, versions,
                                        sections + section_links, changes, rederivations
                                        (schema.py) and views for people (views.py)

`Store.open(database, snapshots)` creates or migrates the database (migrations.py) and gives
the one interface the rest of tracker uses; `tracker.history.record` decides what to write.
"""

from tracker.store.migrations import MIGRATIONS, Migration, StoreError
from tracker.store.records import (
    DocumentRecord,
    FetchRow,
    NewVersion,
    StoredFetch,
    VersionRecord,
    parse_time,
    timestamp,
)
from tracker.store.snapshots import SnapshotFiles, sha256_of
from tracker.store.store import Store

__all__ = [
    "MIGRATIONS",
    "DocumentRecord",
    "FetchRow",
    "Migration",
    "NewVersion",
    "SnapshotFiles",
    "Store",
    "StoreError",
    "StoredFetch",
    "VersionRecord",
    "parse_time",
    "sha256_of",
    "timestamp",
]
