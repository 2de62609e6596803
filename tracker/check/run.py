"""`tracker check`: fetch every configured document, record what changed, write the run report.

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
from pathlib import Path

from tracker.check.lock import exclusive_lock
from tracker.config import Config, DocumentConfig
from tracker.config.validate import ConfigError
from tracker.errors import FetchError
from tracker.exitcodes import EXIT_FAILURES, EXIT_OK
from tracker.fetch import Fetched, FetchPolicy, FetchRequest, fetch_many
from tracker.files import sweep_temporaries
from tracker.history.record import (
    Outcome,
    OutcomeKind,
    record_failure,
    record_not_modified,
    record_snapshot,
)
from tracker.notify import Delivery, notify_run
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

    def of(self, *kinds: OutcomeKind) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.kind in kinds)

    @property
    def has_problems(self) -> bool:
        return bool(self.of(*PROBLEMS))

    @property
    def has_news(self) -> bool:
        return bool(self.of(*NEWS))


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
    )


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
        selector=document.selector,
        elapsed=result.elapsed,
    )


def run_check(
    config: Config,
    *,
    only: Sequence[str] = (),
    now: Callable[[], datetime],
    on_outcome: Callable[[Outcome], None] | None = None,
    write_reports: Callable[[Config, RunResult, Store], tuple[Path, ...]] | None = None,
    notify: bool = False,
) -> RunResult:
    """Fetch and record every selected document under the run lock; returns what happened."""
    documents = select_documents(config, only)
    if not documents:
        raise ConfigError(config.path, "no [[documents]] to check")
    lock = config.database.with_name(config.database.name + ".lock")
    with (
        exclusive_lock(lock, timeout=config.lock_timeout),
        Store.open(config.database, config.snapshots) as store,
    ):
        started = now()
        # A run killed mid-write leaves temporary files; under the lock none is a live one.
        sweep_temporaries(config.reports)
        sweep_temporaries(config.snapshots, depth=2)
        with store.transaction():
            for document in documents:
                store.ensure_document(
                    document.id,
                    name=document.name,
                    url=document.url,
                    timezone=document.timezone.key,
                )
        run_id = store.start_run(started)
        requests = []
        for document in documents:
            etag, last_modified = store.documents_etag(document.id)
            requests.append(FetchRequest(document.url, etag, last_modified, key=document.id))
        by_id = {document.id: document for document in documents}

        # Fetch on worker threads; record here, in the order results arrive.
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
        outcomes.sort(key=lambda o: order[o.document_id])
        run = RunResult(run_id, started, now(), tuple(outcomes))
        if write_reports:
            run = replace(run, reports=write_reports(config, run, store))
        store.finish_run(
            run_id,
            run.finished,
            counts={kind.value: len(run.of(kind)) for kind in OutcomeKind},
            exit_status=EXIT_FAILURES if run.has_problems else EXIT_OK,
        )
        if notify:
            # Still under the lock: two runs never deliver the same outbox at once.
            deliveries = notify_run(config, store, run_id, now=now())
            run = replace(run, deliveries=tuple(deliveries))
        return run
