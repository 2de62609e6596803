"""How reports name a document: its configured name (else the stored one, else its id), its
address and its time zone."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from tracker.config import Config
from tracker.history.lookup import find_document
from tracker.store import Store


@dataclass(frozen=True)
class Names:
    """How a report names a document: its name (else its id), address and time zone."""

    name: str
    url: str
    zone: ZoneInfo


def names_of(config: Config, store: Store, document_id: str) -> Names:
    found = find_document(config, store, document_id)
    if found is None:
        return Names(document_id, "", config.timezone)
    return Names(found.label, found.url or "", found.zone)
