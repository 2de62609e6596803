"""Run reports on disk: read a run back from the database, write its report files, the index of
every run and the Atom feed (names and renderings: `tracker.report.folder`).

`check` and `tracker report RUN` go through the same `load_run_report`, so a report re-rendered
later says what the run's report said (the comparisons are recomputed from the stored versions
by the same code, unless the caller already holds them). Every file is written atomically: a
reader, or a run killed half-way, never sees half a report. File names come from the run's
number and start time only, never from document ids or URLs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tracker.compare.model import Comparison
from tracker.config import Config
from tracker.errors import TrackerError
from tracker.files import write_atomic
from tracker.history.integrity import missing_snapshots
from tracker.history.lookup import find_document
from tracker.obligations import Finding, assess, compare_flagged
from tracker.report.feed import FeedEntry, render_feed
from tracker.report.folder import FEED, INDEX, SUFFIXES, report_stem, run_files
from tracker.report.html_templates import render
from tracker.report.run import DocumentOutcome, RunReport
from tracker.store import Store
from tracker.store.records import VersionRecord, parse_time
from tracker.store.runs import RunFetch, RunRecord


class ReportError(TrackerError):
    """A report that cannot be produced as asked (no such run, …)."""


@dataclass(frozen=True)
class _Names:
    """How a report names a document: its name (else its id), address and time zone."""

    name: str
    url: str
    zone: ZoneInfo


def _names(config: Config, store: Store, document_id: str) -> _Names:
    found = find_document(config, store, document_id)
    if found is None:
        return _Names(document_id, "", config.timezone)
    return _Names(found.label, found.url or "", found.zone)


def load_run_report(
    config: Config,
    store: Store,
    run_id: int,
    *,
    comparisons: Mapping[str, Comparison] | None = None,
    finished: datetime | None = None,
) -> RunReport:
    """The report of run `run_id` as the database records it."""
    run = store.run(run_id)
    if run is None:
        known = ", ".join(str(r.id) for r in store.runs(limit=5)) or "none yet"
        raise ReportError(f"{config.database}: no run {run_id} (latest: {known})")
    order = {document.id: index for index, document in enumerate(config.documents)}
    fetches = sorted(
        store.run_fetches(run_id), key=lambda f: (order.get(f.document, len(order)), f.document)
    )
    missing = {
        m.document_id: m.versions for m in missing_snapshots(store, [f.document for f in fetches])
    }
    documents = tuple(
        replace(
            _outcome(config, store, fetch, (comparisons or {}).get(fetch.document)),
            missing_snapshots=missing.get(fetch.document, ()),
        )
        for fetch in fetches
    )
    end = finished or (parse_time(run.finished) if run.finished else None)
    return RunReport(run_id, parse_time(run.started), end, documents)


# Outcomes that recorded a version in the run: its doubts are news there, not in every later run.
NEW_VERSION_OUTCOMES = ("first", "changed")


def _outcome(
    config: Config, store: Store, fetch: RunFetch, comparison: Comparison | None
) -> DocumentOutcome:
    names = _names(config, store, fetch.document)
    versions = {v.id: v for v in store.versions(fetch.document)}
    current = versions.get(fetch.version_id) if fetch.version_id else None
    previous: VersionRecord | None = None
    findings: tuple[Finding, ...] = ()
    if fetch.outcome == "changed" and current is not None:
        before = store.change_into(current.id)
        previous = versions.get(before) if before is not None else None
        if previous is not None and comparison is None:
            comparison = compare_flagged(
                store.load_document(previous.id), store.load_document(current.id)
            )
        if comparison is not None:
            seen = current.first_seen_at.astimezone(names.zone).date()
            findings = assess(comparison, first_seen=seen, own=config.obligations, today=seen)
    else:
        comparison = None
    return DocumentOutcome(
        id=fetch.document,
        name=names.name,
        url=names.url,
        kind=fetch.outcome,
        version=current.number if current else None,
        previous=previous.number if previous else None,
        error=fetch.error,
        comparison=comparison,
        findings=findings,
        version_seen=current.first_seen_at.astimezone(names.zone) if current else None,
        previous_seen=previous.first_seen_at.astimezone(names.zone) if previous else None,
        warnings=current.warnings if current and fetch.outcome in NEW_VERSION_OUTCOMES else (),
        moved_to=fetch.final_url if fetch.final_url and fetch.final_url != fetch.url else None,
    )


def write_run_files(config: Config, report: RunReport) -> tuple[Path, ...]:
    stem = config.reports / report_stem(report.run_id, report.started)
    paths = []
    for suffix, text in run_files(report, new_first=config.report.new_first).items():
        path = stem.with_name(stem.name + suffix)
        write_atomic(path, text.encode("utf-8"))
        paths.append(path)
    return tuple(paths)


@dataclass(frozen=True)
class _IndexRow:
    id: int
    started: str
    finished: str | None
    documents: int
    changed: int
    first: int
    failed: int
    suspect: int
    names: list[str]
    links: list[tuple[str, str]]


def write_index(config: Config, store: Store) -> Path:
    """`reports/index.html`: every run, newest first, with links to the files that exist."""
    rows = []
    for run in store.runs():
        stem = report_stem(run.id, parse_time(run.started))
        links = [
            (label, stem + suffix)
            for label, suffix in (("HTML", ".html"), ("Markdown", ".md"), ("JSON", ".json"))
            if (config.reports / (stem + suffix)).exists()
        ]
        counts = _counts(store, run)
        changed = [
            _names(config, store, f.document).name
            for f in store.run_fetches(run.id)
            if f.outcome == "changed"
        ]
        rows.append(
            _IndexRow(
                id=run.id,
                started=run.started,
                finished=run.finished,
                documents=sum(counts.values()),
                changed=counts.get("changed", 0),
                first=counts.get("first", 0),
                failed=counts.get("failed", 0),
                suspect=counts.get("suspect", 0),
                names=changed,
                links=links,
            )
        )
    path = config.reports / INDEX
    write_atomic(path, render("index.html.j2", runs=rows).encode("utf-8"))
    return path


def _counts(store: Store, run: RunRecord) -> dict[str, int]:
    """The run's counts; a run that never finished has none recorded, so they are counted."""
    if run.finished is not None:
        return run.counts
    counts: dict[str, int] = {}
    for fetch in store.run_fetches(run.id):
        counts[fetch.outcome] = counts.get(fetch.outcome, 0) + 1
    return counts


def feed_entries(config: Config, store: Store) -> list[FeedEntry]:
    entries = []
    for change in store.news_changes(limit=config.report.feed_entries):
        names = _names(config, store, change.document)
        link = None
        if change.run is not None and (run := store.run(change.run)) is not None:
            name = report_stem(run.id, parse_time(run.started)) + ".html"
            if (config.reports / name).exists():  # a feed never links to a missing report
                link = config.report.link(name)
        entries.append(
            FeedEntry(
                document=change.document,
                name=names.name,
                url=names.url,
                previous=store.version_number(change.document, change.from_version),
                version=store.version_number(change.document, change.to_version),
                from_hash=change.from_hash,
                to_hash=change.to_hash,
                updated=parse_time(change.first_seen),
                counts=change.counts,
                link=link,
            )
        )
    return entries


def write_feed(config: Config, store: Store, *, generated: datetime) -> Path:
    path = config.reports / FEED
    location = config.report.base_url or config.reports.resolve().as_uri()
    text = render_feed(
        feed_entries(config, store),
        location=location,
        self_link=config.report.link(FEED) if config.report.base_url else None,
        index_link=config.report.link(INDEX) if config.report.base_url else None,
        generated=generated,
    )
    write_atomic(path, text.encode("utf-8"))
    return path


def write_reports(
    config: Config,
    store: Store,
    run_id: int,
    *,
    comparisons: Mapping[str, Comparison] | None = None,
    finished: datetime | None = None,
    recover: bool = False,
) -> tuple[Path, ...]:
    """Every file a run produces: its report in three formats, then the index and the feed.

    With `recover` (a `check` run, under the run lock), the reports of earlier runs that were
    killed before writing theirs are written first: a change such a run recorded is in no other
    report, since the next run finds the document unchanged."""
    paths: list[Path] = []
    if recover:
        for earlier in store.runs():
            interrupted = earlier.id != run_id and earlier.finished is None
            if interrupted and not _has_reports(config, earlier) and store.run_fetches(earlier.id):
                paths += write_run_files(config, load_run_report(config, store, earlier.id))
    report = load_run_report(config, store, run_id, comparisons=comparisons, finished=finished)
    paths += write_run_files(config, report)
    generated = report.finished or report.started
    return (*paths, write_index(config, store), write_feed(config, store, generated=generated))


def _has_reports(config: Config, run: RunRecord) -> bool:
    stem = report_stem(run.id, parse_time(run.started))
    return all((config.reports / (stem + suffix)).exists() for suffix in SUFFIXES)
