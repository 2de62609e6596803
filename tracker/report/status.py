"""`tracker status` (alias `list`): every document at a glance — when it was last checked, its
last change, how many versions, a failure streak, a snapshot held back as suspect (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tracker.report.columns import table
from tracker.report.language import counted


@dataclass(frozen=True)
class DocumentStatus:
    id: str
    name: str
    url: str
    configured: bool  # listed in tracker.toml (else only the store remembers it)
    zone: str
    last_checked: datetime | None
    versions: int
    latest_seen: datetime | None  # when the latest version was first seen
    last_change: tuple[int, datetime] | None  # the latest change: version number, first seen
    effective: str | None  # the latest version's stated effective date
    failures: int  # checks failed in a row
    last_error: str | None
    suspect: tuple[datetime, str] | None  # a snapshot held back: when, why
    doubts: int  # warnings of the latest version's parse
    history: str | None  # the history page's file name, when written

    @property
    def state(self) -> str:
        """`ok`, or what needs a person: failing, suspect, doubtful, never checked."""
        if self.last_checked is None and not self.versions:
            return "never checked"
        states = []
        if self.failures:
            states.append(f"failing: {counted(self.failures, 'check')} in a row")
        if self.suspect is not None:
            states.append(f"suspect snapshot held back (tracker accept {self.id})")
        if self.doubts:
            states.append(f"doubtful: {counted(self.doubts, 'warning')}")
        if not self.configured:
            states.append("not in tracker.toml")
        return "; ".join(states) or "ok"


def _minute(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"


def status_to_text(documents: list[DocumentStatus]) -> str:
    if not documents:
        return "no documents: add [[documents]] to tracker.toml\n"
    rows = [["id", "name", "last checked", "versions", "last change", "state"]]
    for d in documents:
        change = f"v{d.last_change[0]} {d.last_change[1]:%Y-%m-%d}" if d.last_change else "—"
        rows.append([d.id, d.name, _minute(d.last_checked), str(d.versions), change, d.state])
    lines = table(rows, limits=(24, 30))
    for d in documents:
        if d.failures and d.last_error:
            lines.append(f"{d.id}: last error: {d.last_error}")
        if d.suspect is not None:
            lines.append(f"{d.id}: held back {_minute(d.suspect[0])}: {d.suspect[1]}")
    return "\n".join(lines) + "\n"


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def status_to_json(documents: list[DocumentStatus]) -> dict[str, Any]:
    return {
        "documents": [
            {
                "id": d.id,
                "name": d.name,
                "url": d.url,
                "configured": d.configured,
                "timezone": d.zone,
                "last_checked": _stamp(d.last_checked),
                "versions": d.versions,
                "latest_seen": _stamp(d.latest_seen),
                "effective": d.effective,
                "last_change": None
                if d.last_change is None
                else {"version": d.last_change[0], "first_seen": _stamp(d.last_change[1])},
                "consecutive_failures": d.failures,
                "last_error": d.last_error,
                "suspect": None
                if d.suspect is None
                else {"fetched_at": _stamp(d.suspect[0]), "reason": d.suspect[1]},
                "warnings": d.doubts,
                "state": d.state,
                "history": d.history,
            }
            for d in documents
        ]
    }
