"""`reports/index.html`: the documents with links to their history pages, and the runs that
found something, newest first, with links to their report files."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tracker.check.names import names_of
from tracker.check.pages import history_page_path
from tracker.config import Config
from tracker.files import write_atomic
from tracker.report.folder import INDEX, report_stem
from tracker.report.html_templates import render
from tracker.report.language import Phrases, text_language
from tracker.report.run import QUIET_KINDS
from tracker.store import Store
from tracker.store.records import parse_time
from tracker.store.runs import RunRecord

_RUN_FILE = re.compile(r"-run(\d+)\.(?:html|md|json)$")


@dataclass(frozen=True)
class _IndexRow:
    id: int
    started: str
    finished: bool
    documents: int
    changed: int
    first: int
    failed: int
    suspect: int
    names: list[str]
    links: list[tuple[str, str]]


@dataclass(frozen=True)
class _IndexDocument:
    id: str
    name: str
    versions: int
    last_change: str
    page: str | None


@dataclass(frozen=True)
class _Quiet:
    count: int
    last: str | None


def write_index(
    config: Config, store: Store, *, current: tuple[int, datetime] | None = None
) -> Path:
    """`reports/index.html`: the documents with links to their history pages, then every run
    that found something (or has files), newest first, with links to the files that exist.
    Runs where nothing happened are counted, not listed: hourly cron makes thousands.
    `current` is the run being reported, finished but not yet marked so in the database."""
    rows = []
    quiet, last_quiet = 0, None
    # One listing of the folder, not three file checks per run: a year of hourly runs is 8,760.
    present = set(os.listdir(config.reports)) if config.reports.is_dir() else set()
    with_files = {int(found.group(1)) for name in present if (found := _RUN_FILE.search(name))}
    for run in store.runs():
        counts = _counts(store, run)
        if run.id not in with_files and all(kind in QUIET_KINDS for kind in counts):
            quiet += 1
            last_quiet = last_quiet or _local(parse_time(run.started), config.timezone)
            continue
        started = parse_time(run.started)
        stem = report_stem(run.id, started)
        links = [
            (label, stem + suffix)
            for label, suffix in (("HTML", ".html"), ("Markdown", ".md"), ("JSON", ".json"))
            if stem + suffix in present
        ]
        shown_at = _local(started, config.timezone)
        changed = [
            names_of(config, store, f.document).name
            for f in store.run_fetches(run.id)
            if f.outcome == "changed"
        ]
        rows.append(
            _IndexRow(
                id=run.id,
                started=shown_at,
                finished=run.finished is not None or (current is not None and current[0] == run.id),
                documents=sum(counts.values()),
                changed=counts.get("changed", 0),
                first=counts.get("first", 0),
                failed=counts.get("failed", 0),
                suspect=counts.get("suspect", 0),
                names=changed,
                links=links,
            )
        )
    documents = _index_documents(config, store)
    language = config.report.language or text_language(
        [d.name for d in documents if d.name != d.id]
    )
    path = config.reports / INDEX
    text = render(
        "index.html.j2",
        runs=rows,
        documents=documents,
        quiet=_Quiet(quiet, last_quiet),
        t=Phrases(language),
        lang=language,
    )
    write_atomic(path, text.encode("utf-8"))
    return path


def _local(moment: datetime, zone: ZoneInfo) -> str:
    """A run's start as a reader wants it: to the second, in the configured zone."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def _index_documents(config: Config, store: Store) -> list[_IndexDocument]:
    """The configured documents, then any only the store still knows."""
    ids = [d.id for d in config.documents]
    ids += [i for i in store.document_ids() if i not in ids]
    documents = []
    for document_id in ids:
        versions = store.versions(document_id)
        names = names_of(config, store, document_id)
        changes = [v for v in versions[1:] if not v.technical]
        last = changes[-1] if changes else None
        page = history_page_path(config, document_id)
        documents.append(
            _IndexDocument(
                id=document_id,
                name=names.name,
                versions=len(versions),
                last_change=(
                    f"v{last.number} · {last.first_seen_at.astimezone(names.zone).date()}"
                    if last
                    else "—"
                ),
                page=page.name if page.exists() else None,
            )
        )
    return documents


def _counts(store: Store, run: RunRecord) -> dict[str, int]:
    """The run's counts; a run that never finished has none recorded, so they are counted."""
    if run.finished is not None:
        return {kind: count for kind, count in run.counts.items() if count}
    counts: dict[str, int] = {}
    for fetch in store.run_fetches(run.id):
        counts[fetch.outcome] = counts.get(fetch.outcome, 0) + 1
    return counts
