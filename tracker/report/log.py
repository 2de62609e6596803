"""The history as people and scripts read it: `tracker log` (text and the contract's JSON), the
labels of stored versions, and stored times in a document's time zone."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from tracker.compare import Comparison, Summary
from tracker.report.language import counted
from tracker.store import DocumentRecord, FetchRow, VersionRecord, parse_time
from tracker.store.forgotten import ForgottenRecord


def local(value: str, zone: ZoneInfo) -> str:
    """A stored time in the document's zone, ISO-8601 with offset, as precise as stored (the
    JSON is data: two checks in the same second stay apart)."""
    return parse_time(value).astimezone(zone).isoformat()


def local_short(value: str, zone: ZoneInfo) -> str:
    return parse_time(value).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def summary_words(summary: Summary) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in summary.as_json().items())


@dataclass(frozen=True)
class VersionLog:
    """What `log` shows: the versions, what changed in each, a snapshot held back as suspect."""

    document_id: str
    name: str | None
    zone: ZoneInfo
    versions: list[VersionRecord]
    summaries: dict[int, Summary]  # version id → its comparison with the version before
    held_back: FetchRow | None
    document: DocumentRecord | None
    forgotten: tuple[ForgottenRecord, ...] = ()  # versions a person removed (`forget`)

    def summary(self, version: VersionRecord) -> Summary | None:
        return self.summaries.get(version.id) if version.number > 1 else None

    @property
    def failures(self) -> int:
        return self.document.consecutive_failures if self.document else 0

    def as_json(self) -> dict[str, Any]:
        held_back = self.held_back
        return {
            "document": self.document_id,
            "versions": [self._version_json(v) for v in self.versions],
            "suspect": None
            if held_back is None
            else {
                "fetched_at": local(held_back.fetched_at, self.zone),
                "sha256": held_back.sha256,
                "reason": held_back.error,
            },
            "consecutive_failures": self.failures,
            "forgotten": [
                {
                    "number": f.number,
                    "first_seen": local(f.first_seen, self.zone),
                    "sha256": f.sha256,
                    "title": f.title,
                    "origin": f.origin,
                    "forgotten_at": local(f.forgotten_at, self.zone),
                    "reason": f.reason,
                }
                for f in self.forgotten
            ],
        }

    def _version_json(self, version: VersionRecord) -> dict[str, Any]:
        summary = self.summary(version)
        return {
            "number": version.number,
            "first_seen": local(version.first_seen, self.zone),
            "last_seen": local(version.last_seen, self.zone),
            "sha256": version.sha256,
            "sections": version.sections,
            "dates": version.dates.as_json(),
            "summary": summary.as_json() if summary else None,
            "articles": version.articles,
            "title": version.title,
            "technical": version.technical,
            "origin": version.origin,
            "suspect": version.origin == "accepted",
            "warnings": list(version.warnings),
        }

    def as_text(self) -> str:
        zone = self.zone
        title = self.document_id + (f" — {self.name}" if self.name else "")
        lines = [f"{title}  (times in {zone.key})"]
        if not self.versions:
            lines.append("  no versions stored yet")
        for version in self.versions:
            seen = (
                f"{local_short(version.first_seen, zone)} … {local_short(version.last_seen, zone)}"
            )
            dates = " · ".join(f"{k} {d}" for k, d in version.dates.as_json().items() if d)
            summary = self.summary(version)
            marks = [m for m in ("technical" if version.technical else "", version.origin) if m]
            marks = [m for m in marks if m != "fetch"]
            if version.doubtful:
                marks.append(f"doubtful: {len(version.warnings)} warnings")
            lines.append(
                f"  {version.number:>3}  {seen}  {counted(version.articles, 'article'):>12}"
                f"  {dates or 'no dates'}  {summary_words(summary) if summary else '—'}"
                + (f"  [{', '.join(marks)}]" if marks else "")
            )
        latest = self.versions[-1] if self.versions else None
        if latest is not None and latest.doubtful:
            lines.append(f"version {latest.number} was read with doubts:")
            lines.extend(f"  - {warning}" for warning in latest.warnings)
        if self.held_back is not None:
            lines.append(
                f"held back: the snapshot of {local_short(self.held_back.fetched_at, zone)} looks "
                f"wrong — {self.held_back.error}; `tracker accept {self.document_id}` takes it as"
                " a version"
            )
        for gone in self.forgotten:
            why = f": {gone.reason}" if gone.reason else ""
            lines.append(
                f"forgotten {local_short(gone.forgotten_at, zone)}: version {gone.number} "
                f"({gone.origin}, first seen {local_short(gone.first_seen, zone)}, "
                f"{gone.title or 'no title'}){why}"
            )
        if self.failures:
            last_error = self.document.last_error if self.document else None
            lines.append(f"{self.failures} consecutive failed checks; last: {last_error}")
        return "\n".join(lines)


def version_label(document_id: str, version: VersionRecord, zone: ZoneInfo) -> str:
    """`securecam v2 (2026-11-24)`, `, technical` for a normaliser's version."""
    day = version.first_seen_at.astimezone(zone).date()
    technical = ", technical" if version.technical else ""
    return f"{document_id} v{version.number} ({day}{technical})"


def labelled(
    comparison: Comparison,
    document_id: str,
    old: VersionRecord,
    new: VersionRecord,
    zone: ZoneInfo,
) -> Comparison:
    """The comparison with each side named by its version rather than its URL."""
    return replace(
        comparison,
        old=replace(comparison.old, source=version_label(document_id, old, zone)),
        new=replace(comparison.new, source=version_label(document_id, new, zone)),
    )
