"""Run reports on disk: read a run back from the database, write its report files, the index of
every run and the Atom feed (names and renderings: `tracker.report.folder`).

`check` and `tracker report RUN` go through the same `load_run_report`, so a report re-rendered
later says what the run's report said (the comparisons are recomputed from the stored versions
by the same code, unless the caller already holds them). Every file is written atomically: a
reader, or a run killed half-way, never sees half a report. File names come from the run's
number and start time only, never from document ids or URLs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from tracker.check.index import write_index
from tracker.check.names import names_of
from tracker.check.pages import (
    documents_with_pages,
    history_page_path,
    page_language,
    write_history_page,
)
from tracker.check.prune import prune_reports
from tracker.compare.model import Comparison
from tracker.config import Config
from tracker.errors import TrackerError
from tracker.files import write_atomic
from tracker.history.integrity import missing_snapshots
from tracker.obligations import Finding, assess, compare_flagged
from tracker.report.feed import FeedEntry, render_feed
from tracker.report.folder import FEED, INDEX, SUFFIXES, report_stem, run_files
from tracker.report.history_page import history_page_name
from tracker.report.language import Language, text_language
from tracker.report.run import QUIET_KINDS, DocumentOutcome, RunReport
from tracker.store import Store
from tracker.store.records import VersionRecord, parse_time
from tracker.store.runs import RunFetch, RunRecord


class ReportError(TrackerError):
    """A report that cannot be produced as asked (no such run, …)."""


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
    ids = [d.id for d in documents]
    return RunReport(
        run_id,
        parse_time(run.started),
        end,
        documents,
        language=run_language(config, store, documents),
        history_pages=documents_with_pages(config, store, ids),
        tables=config.report.language,
    )


def run_language(config: Config, store: Store, documents: Iterable[DocumentOutcome]) -> Language:
    """`[report] language`, else the language of the agreements that changed, else of the
    titles of the documents' latest versions; Japanese when nothing says otherwise."""
    documents = list(documents)
    changed = [d.comparison.new for d in documents if d.comparison is not None]
    if config.report.language is not None or changed:
        return page_language(config, changed)
    titles = []
    for d in documents:
        latest = store.latest_version(d.id)
        if latest is not None and latest.title:
            titles.append(latest.title)
    return text_language(titles)


# Outcomes that recorded a version in the run: its doubts are news there, not in every later run.
NEW_VERSION_OUTCOMES = ("first", "changed")


def _outcome(
    config: Config, store: Store, fetch: RunFetch, comparison: Comparison | None
) -> DocumentOutcome:
    names = names_of(config, store, fetch.document)
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


def feed_entries(config: Config, store: Store) -> list[FeedEntry]:
    entries = []
    for change in store.news_changes(limit=config.report.feed_entries):
        names = names_of(config, store, change.document)
        link = None
        if change.run is not None and (run := store.run(change.run)) is not None:
            name = report_stem(run.id, parse_time(run.started)) + ".html"
            if (config.reports / name).exists():  # a feed never links to a missing report
                link = config.report.link(name)
        version = store.version_number(change.document, change.to_version)
        history = None
        if history_page_path(config, change.document).exists():
            history = config.report.link(f"{history_page_name(change.document)}#v{version}")
        entries.append(
            FeedEntry(
                document=change.document,
                name=names.name,
                url=names.url,
                previous=store.version_number(change.document, change.from_version),
                version=version,
                from_hash=change.from_hash,
                to_hash=change.to_hash,
                updated=parse_time(change.first_seen),
                counts=change.counts,
                link=link,
                history=history,
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
        language=config.report.language
        or text_language([d.name for d in config.documents if d.name != d.id]),
    )
    write_atomic(path, text.encode("utf-8"))
    return path


@dataclass(frozen=True)
class Written:
    """What `write_reports` wrote, and the report of the run it wrote them for."""

    paths: tuple[Path, ...]
    report: RunReport

    @property
    def run_report(self) -> Path | None:
        """The HTML report of the run, when one was written (quiet runs write none)."""
        name = report_stem(self.report.run_id, self.report.started) + ".html"
        return next((p for p in self.paths if p.name == name), None)


def write_reports(
    config: Config,
    store: Store,
    run_id: int,
    *,
    comparisons: Mapping[str, Comparison] | None = None,
    finished: datetime | None = None,
    recover: bool = False,
    always: bool = False,
) -> Written:
    """Every file a run produces: its report in three formats, the history pages of the
    documents it found changed, then the index and the feed; old reports pruned (`[report]
    keep`). A run where nothing happened writes no report files (`[report] keep_quiet_runs`
    to have them) unless `always` (`tracker report RUN` asks for them).

    With `recover` (a `check` run, under the run lock), the reports of earlier runs that were
    killed before writing theirs are written first: a change such a run recorded is in no other
    report, since the next run finds the document unchanged."""
    paths: list[Path] = []
    changed: set[str] = set()
    if recover:
        for earlier in store.runs(unfinished=True):
            if earlier.id == run_id:
                continue
            fetches = store.run_fetches(earlier.id)
            quiet = all(f.outcome in QUIET_KINDS for f in fetches)
            if not fetches or (quiet and not config.report.keep_quiet_runs):
                continue  # nothing to recover: a quiet run writes no report
            if not _has_reports(config, earlier):
                lost = load_run_report(config, store, earlier.id)
                changed |= _with_new_versions(lost)
                paths += write_run_files(config, lost)
    report = load_run_report(config, store, run_id, comparisons=comparisons, finished=finished)
    if always or not report.quiet or config.report.keep_quiet_runs:
        paths += write_run_files(config, report)
    generated = report.finished or report.started
    changed |= _with_new_versions(report) if not always else {d.id for d in report.documents}
    # The run's own changes, compared and assessed for its report (the same day, zone and
    # obligations as a history page assesses them with): each page reuses them.
    known = {
        d.id: {d.version: (d.comparison, d.findings)}
        for d in report.changed
        if d.version is not None and d.comparison is not None
    }
    for document_id in sorted(changed | _missing_pages(config, store, report)):
        page = write_history_page(
            config, store, document_id, generated=generated, known=known.get(document_id)
        )
        paths.append(page)
    prune_reports(config, store, keep=run_id, now=generated)
    current = (run_id, generated)
    paths += [
        write_index(config, store, current=current),
        write_feed(config, store, generated=generated),
    ]
    return Written(tuple(paths), report)


def _with_new_versions(report: RunReport) -> set[str]:
    return {d.id for d in report.documents if d.kind in ("first", "changed")}


def _missing_pages(config: Config, store: Store, report: RunReport) -> set[str]:
    """The run's documents with versions but no history page yet (an older tracker, a page
    deleted by hand)."""
    return {
        document_id
        for document_id in (report.history_pages or {})
        if not history_page_path(config, document_id).exists()
    }


def _has_reports(config: Config, run: RunRecord) -> bool:
    stem = report_stem(run.id, parse_time(run.started))
    return all((config.reports / (stem + suffix)).exists() for suffix in SUFFIXES)


def refresh_after_edit(config: Config, store: Store, document_id: str, *, now: datetime) -> None:
    """After a person changed a history (`import`, `forget`, `accept`): its history page, the
    index and the feed, so the reports folder tells the truth — when there is one (`check`
    creates it)."""
    if not config.reports.is_dir():
        return
    write_history_page(config, store, document_id, generated=now)
    write_index(config, store)
    write_feed(config, store, generated=now)
