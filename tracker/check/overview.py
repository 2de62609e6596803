"""What `tracker status` and `tracker changes` read from the store: every document's state, and
every change to an agreement in a period, with its comparison and findings."""

from __future__ import annotations

from datetime import date, datetime, time

from tracker.check.names import names_of
from tracker.check.pages import history_page_path
from tracker.config import Config
from tracker.obligations import assess, compare_flagged
from tracker.report.changes import PeriodChange
from tracker.report.folder import report_stem
from tracker.report.history_page import history_page_name
from tracker.report.run import DocumentOutcome
from tracker.report.status import DocumentStatus
from tracker.store import Store, timestamp
from tracker.store.records import parse_time


def document_ids(config: Config, store: Store) -> list[str]:
    """The configured documents in their order, then those only the store still knows."""
    ids = [d.id for d in config.documents]
    return ids + [i for i in store.document_ids() if i not in ids]


def load_status(config: Config, store: Store) -> list[DocumentStatus]:
    configured = {d.id for d in config.documents}
    found = []
    for document_id in document_ids(config, store):
        names = names_of(config, store, document_id)
        record = store.document(document_id)
        versions = store.versions(document_id)
        latest = versions[-1] if versions else None
        changes = [v for v in versions[1:] if not v.technical]
        pending = store.pending_suspects(document_id, after=latest.last_seen if latest else None)
        held = pending[-1].row if pending else None
        zone = names.zone
        page = history_page_path(config, document_id)
        found.append(
            DocumentStatus(
                id=document_id,
                name=names.name,
                url=names.url,
                configured=document_id in configured,
                zone=zone.key,
                last_checked=parse_time(record.last_checked).astimezone(zone)
                if record and record.last_checked
                else None,
                versions=len(versions),
                latest_seen=latest.first_seen_at.astimezone(zone) if latest else None,
                last_change=(changes[-1].number, changes[-1].first_seen_at.astimezone(zone))
                if changes
                else None,
                effective=latest.dates.effective.isoformat()
                if latest and latest.dates.effective
                else None,
                failures=record.consecutive_failures if record else 0,
                last_error=record.last_error if record else None,
                suspect=(parse_time(held.fetched_at).astimezone(zone), held.error or "")
                if held
                else None,
                doubts=len(latest.warnings) if latest else 0,
                history=page.name if page.exists() else None,
            )
        )
    return found


def period_start(config: Config, day: date) -> datetime:
    """The start of `day` in the configured time zone."""
    return datetime.combine(day, time(), config.timezone)


def load_changes(config: Config, store: Store, *, since: date) -> list[PeriodChange]:
    """Every change to an agreement first seen on or after `since` (a fetched or accepted
    version, not an archived copy imported later, not a normaliser's technical one), newest
    first, with its comparison and findings as the run report showed them, and where to read
    more: its document's history page and the report of the run that found it."""
    entries = []
    for change in store.news_changes(since=timestamp(period_start(config, since))):
        names = names_of(config, store, change.document)
        versions = {v.id: v for v in store.versions(change.document)}
        old, new = versions.get(change.from_version), versions.get(change.to_version)
        if old is None or new is None:
            continue
        comparison = compare_flagged(store.load_document(old.id), store.load_document(new.id))
        seen = new.first_seen_at.astimezone(names.zone).date()
        findings = assess(comparison, first_seen=seen, own=config.obligations, today=seen)
        outcome = DocumentOutcome(
            id=change.document,
            name=names.name,
            url=names.url,
            kind="changed",
            version=new.number,
            previous=old.number,
            error=None,
            comparison=comparison,
            findings=findings,
            version_seen=new.first_seen_at.astimezone(names.zone),
            previous_seen=old.first_seen_at.astimezone(names.zone),
            warnings=new.warnings,
        )
        history = report = None
        if history_page_path(config, change.document).exists():
            history = _link(config, f"{history_page_name(change.document)}#v{new.number}")
        run = store.run(change.run) if change.run is not None else None
        if run is not None:
            name = report_stem(run.id, parse_time(run.started)) + ".html"
            if (config.reports / name).exists():
                report = _link(config, name)
        entries.append(PeriodChange(outcome, history=history, report=report))
    return entries


def _link(config: Config, name: str) -> str:
    """A link to a file of the reports folder: under `[report] base_url`, else file://."""
    if config.report.base_url:
        return config.report.link(name)
    path, _, anchor = name.partition("#")
    uri = (config.reports / path).resolve().as_uri()
    return f"{uri}#{anchor}" if anchor else uri
