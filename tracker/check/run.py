"""`tracker check`: fetch every configured document, record what changed, write the run report,
notify.

The nightly job. One failing document never stops the others; fetching runs concurrently (across
hosts, politely within one), while everything that touches the database happens here, in one
thread, one transaction per document outcome, so a run killed at any point leaves a consistent
store that the next run completes.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path

from tracker.check.lock import exclusive_lock
from tracker.check.reports import Written, load_run_report, write_reports
from tracker.config import Config, ConfigError, DocumentConfig
from tracker.errors import FetchError
from tracker.exitcodes import check_status
from tracker.fetch import Fetched, FetchPolicy, FetchRequest, fetch_many
from tracker.files import sweep_temporaries
from tracker.history import (
    MissingSnapshots,
    Outcome,
    OutcomeKind,
    missing_snapshots,
    record_failure,
    record_not_modified,
    record_snapshot,
)
from tracker.notify import Delivery, notify_run
from tracker.report.run import RunReport
from tracker.store import Store

PROBLEMS = (OutcomeKind.FAILED, OutcomeKind.SUSPECT)
NEWS = (OutcomeKind.FIRST, OutcomeKind.CHANGED)


@dataclass(frozen=True)
class RunResult:
    run_id: int
    started: datetime
    finished: datetime
    outcomes: tuple[Outcome, ...]
    reports: tuple[Path, ...] = ()
    deliveries: tuple[Delivery, ...] = ()
    report: RunReport | None = None  # the run's report, as written (or not, for a quiet run)
    report_file: Path | None = None  # its HTML file, when one was written
    exit_changed: bool = False  # `check --exit-changed`: the exit status says "changed" too
    # Stored versions whose raw snapshot file is gone, found after the run's fetches.
    missing: tuple[MissingSnapshots, ...] = ()

    def of(self, *kinds: OutcomeKind) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.kind in kinds)

    @property
    def has_problems(self) -> bool:
        return bool(self.of(*PROBLEMS)) or bool(self.missing)

    @property
    def has_news(self) -> bool:
        return bool(self.of(*NEWS))

    @property
    def has_changes(self) -> bool:
        """An agreement changed: a new version whose content differs (not a first one)."""
        return bool(self.of(OutcomeKind.CHANGED))

    @property
    def exit_status(self) -> int:
        return check_status(
            failures=self.has_problems, changes=self.has_changes, exit_changed=self.exit_changed
        )


def select_documents(config: Config, only: Sequence[str]) -> tuple[DocumentConfig, ...]:
    if not only:
        return config.documents
    return tuple(config.document(document_id) for document_id in dict.fromkeys(only))


def fetch_policy(config: Config) -> FetchPolicy:
    settings = config.fetch
    return FetchPolicy(
        read_timeout=settings.timeout,
        max_bytes=settings.max_bytes,
        contact=settings.contact,
        retries=settings.retries,
        host_delay=settings.host_delay,
        max_concurrency=settings.concurrency,
        max_pages=settings.browser_pages,
        refuse_private_redirects=settings.refuse_private_redirects,
    )


def run_check(
    config: Config,
    *,
    only: Sequence[str] = (),
    now: Callable[[], datetime],
    on_outcome: Callable[[Outcome], None] | None = None,
    reports: bool = False,
    notify: bool = False,
    exit_changed: bool = False,
) -> RunResult:
    """Fetch and record every selected document under the run lock; then, as asked, write the
    run's reports and send its notifications. Returns what happened.

    `now` is the run's clock: its start and end, every fetch and what the store stamps."""
    documents = select_documents(config, only)
    if not documents:
        raise ConfigError(config.path, "no [[documents]] to check")
    lock = config.database.with_name(config.database.name + ".lock")
    with (
        exclusive_lock(lock, timeout=config.lock_timeout),
        Store.open(config.database, config.snapshots, clock=now) as store,
    ):
        started = now()
        # A run killed mid-write leaves temporary files; under the lock none is a live one.
        sweep_temporaries(config.reports)
        sweep_temporaries(config.snapshots, depth=2)
        _register(store, documents)
        run_id = store.start_run(started)
        outcomes = _fetch_and_record(config, store, documents, run_id, now, on_outcome)
        # After the fetches: one that brought the same bytes again has put its file back.
        missing = tuple(missing_snapshots(store, [document.id for document in documents]))
        run = RunResult(
            run_id, started, now(), outcomes, exit_changed=exit_changed, missing=missing
        )
        if reports:  # before the run is marked finished: a run killed here is recovered later
            written = _write_reports(config, store, run)
            run = replace(
                run,
                reports=written.paths,
                report=written.report,
                report_file=written.run_report,
            )
        store.finish_run(
            run_id,
            run.finished,
            counts={kind.value: len(run.of(kind)) for kind in OutcomeKind},
            exit_status=run.exit_status,
        )
        if notify:  # still under the lock: two runs never deliver the same outbox at once
            run = replace(run, deliveries=_notify(config, store, run, now()))
        return run


def _register(store: Store, documents: Sequence[DocumentConfig]) -> None:
    """The configuration is the truth about names, addresses and time zones."""
    with store.transaction():
        for document in documents:
            store.ensure_document(
                document.id, name=document.name, url=document.url, timezone=document.timezone.key
            )


def _fetch_and_record(
    config: Config,
    store: Store,
    documents: Sequence[DocumentConfig],
    run_id: int,
    now: Callable[[], datetime],
    on_outcome: Callable[[Outcome], None] | None,
) -> tuple[Outcome, ...]:
    """Fetch on a worker thread; record here, in the order results arrive; return the outcomes
    in the order of the configuration."""
    requests = []
    for document in documents:
        etag, last_modified = store.documents_etag(document.id)
        latest = store.latest_version(document.id)
        if latest is not None and not store.snapshots.exists(latest.sha256):
            # Its raw file is gone: ask for the whole document, which puts it back if unchanged.
            etag = last_modified = None
        requests.append(
            FetchRequest(
                document.url,
                etag,
                last_modified,
                key=document.id,
                render=document.render,
                username_env=document.username_env,
                password_env=document.password_env,
            )
        )
    by_id = {document.id: document for document in documents}
    arrived: queue.Queue[tuple[FetchRequest, Fetched | FetchError] | None] = queue.Queue()
    policy = fetch_policy(config)

    def fetch_all() -> None:
        try:
            fetch_many(requests, policy, on_done=lambda r, f: arrived.put((r, f)))
        finally:
            arrived.put(None)

    worker = threading.Thread(target=fetch_all, name="tracker-fetch", daemon=True)
    worker.start()
    outcomes: list[Outcome] = []
    while (item := arrived.get()) is not None:
        request, fetched = item
        document = by_id[request.key or ""]
        outcome = _record(store, document, fetched, run_id=run_id, at=now())
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    worker.join()
    order = {document.id: index for index, document in enumerate(documents)}
    return tuple(sorted(outcomes, key=lambda o: order[o.document_id]))


def _record(
    store: Store,
    document: DocumentConfig,
    result: Fetched | FetchError,
    *,
    run_id: int,
    at: datetime,
) -> Outcome:
    if isinstance(result, FetchError):
        return record_failure(
            store,
            document.id,
            url=document.url,
            error=result.cause,
            transient=result.transient,
            status=result.status,
            fetched_at=at,
            run_id=run_id,
        )
    if result.not_modified:
        return record_not_modified(
            store,
            document.id,
            url=document.url,
            headers=result.headers,
            fetched_at=at,
            run_id=run_id,
            elapsed=result.elapsed,
            final_url=result.url,
        )
    return record_snapshot(
        store,
        document.id,
        data=result.content,
        content_type=result.content_type,
        url=document.url,
        final_url=result.url,
        status=result.status,
        headers=result.headers,
        etag=result.etag,
        last_modified=result.last_modified,
        fetched_at=at,
        run_id=run_id,
        selector=document.scope,
        elapsed=result.elapsed,
    )


def _write_reports(config: Config, store: Store, run: RunResult) -> Written:
    """The run's report (HTML, Markdown, JSON), the index of runs and the feed. The comparisons
    the run computed are reused; everything else is read back from the database."""
    comparisons = {o.document_id: o.comparison for o in run.outcomes if o.comparison}
    return write_reports(
        config, store, run.run_id, comparisons=comparisons, finished=run.finished, recover=True
    )


def _notify(config: Config, store: Store, run: RunResult, at: datetime) -> tuple[Delivery, ...]:
    """This run's notifications, and those earlier runs could not deliver."""
    load_report = partial(load_run_report, config, store)
    return tuple(notify_run(config, store, run.run_id, now=at, load_report=load_report))
