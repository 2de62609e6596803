"""Whether the raw archive still holds what the history stands on: the snapshot file of every
stored version.

The database keeps the derived sections, so `log`, `diff` and the reports go on working when the
snapshots folder is gone; what is lost with it is the evidence — the bytes as published — and
with it `rebuild`, technical upgrades and `accept`. Nothing noticed: a deleted folder was
recreated empty by the next `check`, which exited 0. Checked by `check` after every run (a stat
per version) and said in its report and on stderr.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tracker.store import Store


@dataclass(frozen=True)
class MissingSnapshots:
    """The versions of one document whose raw snapshot file is not on disk."""

    document_id: str
    versions: tuple[int, ...]  # version numbers, oldest first

    def words(self, folder: str) -> str:
        """`beta: the raw snapshots of versions 1, 2 are missing from snapshots/ …`."""
        numbers = ", ".join(str(number) for number in self.versions)
        which = f"versions {numbers} are" if len(self.versions) > 1 else f"version {numbers} is"
        return (
            f"{self.document_id}: the raw snapshot of {which} missing from {folder}"
            " (deleted?): what was published cannot be shown again or re-derived (rebuild);"
            " restore the folder from a backup"
        )


def missing_snapshots(store: Store, document_ids: Iterable[str]) -> list[MissingSnapshots]:
    """The documents among `document_ids` with stored versions whose snapshot file is gone."""
    found = []
    for document_id in document_ids:
        numbers = tuple(
            version.number
            for version in store.versions(document_id)
            if not store.snapshots.exists(version.sha256)
        )
        if numbers:
            found.append(MissingSnapshots(document_id, numbers))
    return found
