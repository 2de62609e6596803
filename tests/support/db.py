"""Reading a store's tables and views directly, as a person with Datasette or sqlite3 would."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from tracker.store import Store


def query(store: Store, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
    """The rows of `sql`, each a dict of column → value."""
    cursor = store.conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def names_of(store: Store, kind: str) -> set[str]:
    """The names of the schema's objects of one kind: "table" or "view"."""
    rows = store.conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))
    return {name for (name,) in rows}
