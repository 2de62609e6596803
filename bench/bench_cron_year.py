"""What a year of hourly cron writes: database, snapshots and reports folder after the demo's
two rounds and a long run of hourly checks in which nothing changes, with one change a month.

usage: .venv/bin/python bench/bench_cron_year.py [--runs N] [--keep DIR] [--json PATH]

The demo's five agreements are served from loopback (the server answers If-Modified-Since with
304, as a static web server does); `run_check` runs in-process with reports, on a clock that
moves one hour per run. Round 1 and round 2 of the demo come first (five first versions, two
changes); then N quiet runs (default 500), then one run with a change, for the size of a run
that writes its report. A year is extrapolated from the measured growth per quiet run (8,760
runs) plus twelve runs with a change, with and without `[report] keep_quiet_runs`.

Target: a year of hourly cron under 50 MB in all (quiet runs write no report files).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from common import Figures, add_json_option

from tracker.check.demo import DEMO_START, find_demo_data, publish, serve, write_config
from tracker.check.run import run_check
from tracker.config import load_config
from tracker.store import Store

HOURS_A_YEAR = 8760
CHANGES_A_YEAR = 12
TARGET_MB = 50.0


def size(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.glob(pattern) if p.is_file())


def tree(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@dataclass(frozen=True)
class Sizes:
    database: int
    snapshots: int
    reports: int
    report_files: int  # run reports only (HTML, Markdown, JSON)

    @property
    def total(self) -> int:
        return self.database + self.snapshots + self.reports


def sizes(workdir: Path, config_path: Path) -> Sizes:
    config = load_config(config_path)
    with Store.open(config.database, config.snapshots) as store:
        store.checkpoint()
    return Sizes(
        database=size(workdir, "tracker.db*"),
        snapshots=tree(workdir / "snapshots"),
        reports=tree(workdir / "reports"),
        report_files=size(workdir / "reports", "*-run*"),
    )


@dataclass(frozen=True)
class Year:
    quiet_runs: int
    seconds_per_quiet_run: float
    after_rounds: Sizes
    after_quiet: Sizes
    after_change: Sizes
    quiet_report_bytes: int  # the report files one quiet run writes with keep_quiet_runs
    first_seconds: float  # per run, the first 100 quiet runs …
    last_seconds: float  # … and the last 100: the cost of a run must not grow with the history

    @property
    def per_quiet_run(self) -> float:
        return (self.after_quiet.total - self.after_rounds.total) / self.quiet_runs

    @property
    def per_change_run(self) -> int:
        return self.after_change.total - self.after_quiet.total

    def year(self, *, keep_quiet_runs: bool) -> float:
        quiet = self.per_quiet_run + (self.quiet_report_bytes if keep_quiet_runs else 0)
        return (
            self.after_rounds.total
            + quiet * (HOURS_A_YEAR - CHANGES_A_YEAR)
            + self.per_change_run * CHANGES_A_YEAR
        )


def measure(runs: int, workdir: Path) -> Year:
    data = find_demo_data(None)
    site = workdir / "site"
    site.mkdir(parents=True)
    hour = 0

    def now():  # type: ignore[no-untyped-def]
        return DEMO_START + timedelta(hours=hour)

    with serve(site) as demo:
        config_path = write_config(workdir, demo.base_url)
        text = config_path.read_text(encoding="utf-8").replace(
            "host_delay = 0.05", "host_delay = 0"
        )
        config_path.write_text(text, encoding="utf-8")
        config = load_config(config_path)
        start = (DEMO_START - timedelta(days=1)).timestamp()
        publish(data / "round1", site, at=start)
        run_check(config, now=now, reports=True)
        hour += 1
        publish(data / "round2", site, at=start + 3600)
        run_check(config, now=now, reports=True)
        after_rounds = sizes(workdir, config_path)
        took = []
        for _ in range(runs):
            hour += 1
            began = time.perf_counter()
            result = run_check(config, now=now, reports=True)
            took.append(time.perf_counter() - began)
            if result.has_news or result.has_problems or result.report_file is not None:
                raise SystemExit(f"run {result.run_id} was not quiet: {result.outcomes}")
        elapsed = sum(took)
        sample = min(100, len(took))
        first, last = sum(took[:sample]) / sample, sum(took[-sample:]) / sample
        after_quiet = sizes(workdir, config_path)
        # One quiet run's report files, had they been written (keep_quiet_runs).
        quiet_config = config_path.with_name("quiet.toml")
        quiet_config.write_text(text + "\n[report]\nkeep_quiet_runs = true\n", encoding="utf-8")
        hour += 1
        kept = run_check(load_config(quiet_config), now=now, reports=True)
        assert kept.report_file is not None
        quiet_report = sum(
            p.stat().st_size for p in kept.report_file.parent.glob(kept.report_file.stem + ".*")
        )
        for path in kept.report_file.parent.glob(kept.report_file.stem + ".*"):
            path.unlink()
        after_quiet = sizes(workdir, config_path)
        hour += 1
        publish(data / "round1", site, at=start + 7200)  # a change back: soracam, securecam
        changed = run_check(config, now=now, reports=True)
        if not changed.has_changes:
            raise SystemExit("the change run found no change")
        after_change = sizes(workdir, config_path)
    return Year(
        runs, elapsed / runs, after_rounds, after_quiet, after_change, quiet_report, first, last
    )


def mb(value: float) -> float:
    return value / 1_000_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=500, help="quiet hourly runs (default 500)")
    parser.add_argument("--keep", type=Path, default=None, help="Leave the files in this folder.")
    add_json_option(parser)
    args = parser.parse_args()
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        args.keep.mkdir(parents=True)
        year = measure(args.runs, args.keep)
    else:
        with tempfile.TemporaryDirectory() as folder:
            year = measure(args.runs, Path(folder))
    rounds, quiet, change = year.after_rounds, year.after_quiet, year.after_change
    print(f"five agreements, the demo's two rounds, then {args.runs} quiet hourly runs")
    print(f"{'':24}{'database':>12}{'snapshots':>12}{'reports':>12}{'of which runs':>15}")
    for label, s in (
        ("after the two rounds", rounds),
        (f"after {args.runs} quiet runs", quiet),
        ("after one more change", change),
    ):
        print(f"{label:24}{s.database:>12,}{s.snapshots:>12,}{s.reports:>12,}{s.report_files:>15,}")
    print(f"per quiet run: {year.per_quiet_run:,.0f} bytes (database only: no report files)")
    print(f"per run with a change: {year.per_change_run:,} bytes")
    print(f"report files a quiet run would write (keep_quiet_runs): {year.quiet_report_bytes:,}")
    print(
        f"seconds per quiet run: {year.seconds_per_quiet_run:.3f} (the first 100: "
        f"{year.first_seconds:.3f}, the last 100: {year.last_seconds:.3f})"
    )
    default = mb(year.year(keep_quiet_runs=False))
    keeping = mb(year.year(keep_quiet_runs=True))
    print(
        f"a year of hourly cron ({HOURS_A_YEAR:,} runs, {CHANGES_A_YEAR} with a change): "
        f"{default:.1f} MB; with keep_quiet_runs {keeping:.1f} MB"
    )
    figures = Figures("cron_year")
    figures.add("cron_year_mb", "a year of hourly cron, default settings", default, "MB", TARGET_MB)
    figures.add("cron_year_keep_quiet_mb", "… with keep_quiet_runs", keeping, "MB")
    figures.add("quiet_run_bytes", "growth per quiet run", year.per_quiet_run, "bytes")
    figures.add("change_run_bytes", "growth per run with a change", year.per_change_run, "bytes")
    figures.add("quiet_run_s", "seconds per quiet run", year.seconds_per_quiet_run, "s")
    figures.add("quiet_run_last_s", "seconds per quiet run, the last 100", year.last_seconds, "s")
    figures.write(args.json)
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
