"""`[report] keep`: the report files of old runs deleted, so a year of hourly cron does not fill
the reports folder. Only run reports go; the index, the feed and the history pages stay, and
every change stays on its document's history page."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from tracker.config import Config
from tracker.report.folder import SUFFIXES, report_stem
from tracker.store import Store
from tracker.store.records import parse_time


def prune_reports(config: Config, store: Store, *, keep: int, now: datetime) -> list[Path]:
    """Delete the report files of runs beyond `[report] keep` (the newest N runs with files,
    or the runs of the last N days); never those of run `keep` (the one being reported). The
    runs stay in the database and the index, their changes on the history pages."""
    settings = config.report
    if settings.keep_runs is None and settings.keep_days is None:
        return []
    present = set(os.listdir(config.reports)) if config.reports.is_dir() else set()
    with_files = []
    for run in store.runs():
        stem = report_stem(run.id, parse_time(run.started))
        if any(stem + suffix in present for suffix in SUFFIXES):
            with_files.append((run, stem))
    doomed = []
    for position, (run, stem) in enumerate(with_files):
        if run.id == keep:
            continue
        too_many = settings.keep_runs is not None and position >= settings.keep_runs
        too_old = settings.keep_days is not None and parse_time(run.started) < now - timedelta(
            days=settings.keep_days
        )
        if too_many or too_old:
            doomed += [config.reports / (stem + suffix) for suffix in SUFFIXES]
    removed = []
    for path in doomed:
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed
