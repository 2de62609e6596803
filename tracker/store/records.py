"""What the store hands out and takes in: plain frozen records, one per row kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tracker.model import Dates, Document


def timestamp(moment: datetime) -> str:
    """ISO-8601 with the offset (and microseconds when there are any): how times are stored.
    Two checks a second apart must stay apart; SQLite's `julianday()` orders them to the ms."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} has no time zone; the store keeps times with their offset")
    return moment.isoformat()


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def dates_from_row(row: dict[str, Any]) -> Dates:
    return Dates(
        enacted=_day(row["enacted"]), revised=_day(row["revised"]), effective=_day(row["effective"])
    )


@dataclass(frozen=True)
class DocumentRecord:
    id: str
    name: str | None
    url: str | None
    timezone: str | None
    etag: str | None
    last_modified: str | None
    consecutive_failures: int
    last_error: str | None
    last_checked: str | None


@dataclass(frozen=True)
class VersionRecord:
    """A stored version. `number` is its place in the document's history (1 = oldest)."""

    id: int
    document: str
    number: int
    first_seen: str
    last_seen: str
    sha256: str
    source: str
    title: str | None
    dates: Dates
    sections: int
    articles: int
    content_hash: str  # the exact content: names the version (feed entries are named after it)
    layout_hash: str  # the content compared on layout keys: decides "the same agreement"
    extractor: str
    selector: str | None
    origin: str  # "fetch" | "import" | "accepted"
    technical: bool
    # What the parse doubted (extraction warnings, structure diagnostics): a version with any is
    # shown as doubtful in `log` and in the run report that recorded it.
    warnings: tuple[str, ...] = ()

    @property
    def doubtful(self) -> bool:
        return bool(self.warnings)

    @property
    def first_seen_at(self) -> datetime:
        return parse_time(self.first_seen)

    @property
    def last_seen_at(self) -> datetime:
        return parse_time(self.last_seen)


@dataclass(frozen=True)
class NewVersion:
    document_id: str
    document: Document
    content_hash: str
    first_seen: str
    last_seen: str
    sha256: str
    extractor: str
    selector: str | None
    origin: str
    technical: bool = False


@dataclass(frozen=True)
class FetchRow:
    """One attempt to read a document: an HTTP fetch, or an archived copy imported by hand."""

    document: str
    fetched_at: str
    url: str
    outcome: str
    run: int | None = None
    final_url: str | None = None
    status: int | None = None
    headers: dict[str, str] | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    bytes: int | None = None
    elapsed: float | None = None
    selector: str | None = None
    version: int | None = None  # versions.id
    error: str | None = None
    transient: bool | None = None
    imported: bool = False


@dataclass(frozen=True)
class StoredFetch:
    id: int
    row: FetchRow
