"""`tracker forget`: a version removed from a document's history by a person — a mistaken
import, a copy of another agreement. Recorded (`forgotten`), printed, never silent.

The later versions are renumbered and the comparison between the new neighbours computed; the
raw snapshot stays on disk. A version that came from a fetch comes back at the next `check`
if the provider still publishes that text: forgetting it says "this was not a version", not
"stop seeing this".
"""

from __future__ import annotations

from tracker.history.versions import relink_changes
from tracker.store import Store, VersionRecord


def forget_version(store: Store, version: VersionRecord, *, reason: str | None) -> None:
    """Remove `version` from its document's history and record that it was removed."""
    with store.transaction():
        store.forget_version(version, reason)
        relink_changes(store, version.document, {})
        store.collect_sections()
