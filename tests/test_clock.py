"""One clock for the whole of tracker: what a run records, what the store stamps, what is "today"
for obligations and for `import --date` — and a suite that passes on any day."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.clock import SUITE_TODAY, offset_to, today
from support.db import query
from support.history import SEED_003, at, history_config, record, revision_003, seed_003
from support.http import Site
from support.run import SEED_004, TEXT, assert_one_line_error, run, write_config

from tracker.cli import cli
from tracker.clock import CLOCK_OFFSET
from tracker.store import Store

ROOT = Path(__file__).resolve().parent.parent
YEARS_AHEAD = date(SUITE_TODAY.year + 5, 6, 15)
REPORT_SUITE = (
    "tests/test_report_run.py",
    "tests/test_report_feed.py",
    "tests/test_notify_webhook.py",
    "tests/test_report_pages.py",
    "tests/test_check_console.py",
    "tests/test_cli_overview.py",
)
CHILD_TODAY = (
    "from zoneinfo import ZoneInfo; from tracker.clock import clock_from_environment, today; "
    "print(today(clock_from_environment(), ZoneInfo('Asia/Tokyo')))"
)


def test_everything_a_check_records_is_dated_by_the_clock(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CLOCK_OFFSET, repr(offset_to(YEARS_AHEAD)))
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    config = write_config(tmp_path, {"beta": site.url("/beta.txt")})
    assert run(config, "check").exit_code == 0
    with Store.open(tmp_path / "tracker.db", tmp_path / "snapshots") as store:
        stamped = {
            "runs": [r["started"] for r in query(store, "SELECT started FROM runs")],
            "fetches": [r["fetched_at"] for r in query(store, "SELECT fetched_at FROM fetches")],
            "documents": [r["created"] for r in query(store, "SELECT created FROM documents")],
            "snapshots": [r["first_stored"] for r in query(store, "SELECT * FROM snapshots")],
            "versions": [r["first_seen"] for r in query(store, "SELECT * FROM versions")],
            "migrations": [
                r["applied_at"] for r in query(store, "SELECT * FROM schema_migrations")
            ],
        }
    for table, times in stamped.items():
        days = {date.fromisoformat(t[:10]) for t in times}
        assert days and days <= {YEARS_AHEAD, YEARS_AHEAD - timedelta(days=1)}, table  # UTC
    log = json.loads(run(config, "log", "beta", "--format", "json").stdout)
    assert log["versions"][0]["first_seen"].startswith(YEARS_AHEAD.isoformat())
    reports = sorted((tmp_path / "reports").glob("*-run1.json"))
    assert reports and reports[0].name.startswith(YEARS_AHEAD.strftime("%Y%m%d"))


def test_import_refuses_a_day_after_the_clocks_today(tmp_path: Path) -> None:
    config = history_config(tmp_path)
    day = today()
    later = run(config, "import", "securecam", str(SEED_003), "--date", str(day + timedelta(1)))
    assert_one_line_error(later, "is in the future")
    now = run(config, "import", "securecam", str(SEED_003), "--date", str(day))
    assert now.exit_code == 0, now.output


@pytest.mark.parametrize(
    ("day", "severity", "days"),
    [
        (date(2026, 11, 20), "low", 14),
        (date(2026, 11, 30), "medium", 4),
        (date(2026, 12, 10), "high", -6),
    ],
)
def test_diff_dates_your_own_obligations_by_the_clock(
    tmp_path: Path,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    day: date,
    severity: str,
    days: int,
) -> None:
    own = '[[obligations]]\nwhen = ["fees"]\nwithin_days = 30\naction = "tell resellers"\n'
    config = history_config(tmp_path, own)
    record(store, seed_003(), at(0))
    record(store, revision_003(), at(3))  # first seen 2026-11-04: due 2026-12-04
    monkeypatch.setenv(CLOCK_OFFSET, repr(offset_to(day)))
    data = json.loads(run(config, "diff", "securecam", "--format", "json").stdout)
    (due,) = [f for f in data["obligations"] if f["code"] == "own-obligation-due"]
    assert (due["severity"], due["due"], due["days"]) == (severity, "2026-12-04", days)


def test_a_clock_offset_that_is_no_number_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CLOCK_OFFSET, "next week")
    result = CliRunner().invoke(cli, ["--config", str(history_config(tmp_path)), "log", "beta"])
    assert_one_line_error(result, "TRACKER_CLOCK_OFFSET", "not a number of seconds")


def test_the_suite_and_the_processes_it_starts_read_one_day(request: pytest.FixtureRequest) -> None:
    given = request.config.getoption("--today")
    assert today() == (date.fromisoformat(given) if given else SUITE_TODAY)
    child = subprocess.run(
        [sys.executable, "-c", CHILD_TODAY],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    assert child.stdout.strip() == today().isoformat()


def test_the_report_suite_passes_with_the_clock_years_ahead(tmp_path: Path) -> None:
    """The report and notification tests, run as if it were years later: every date they check
    moves with the clock, and nothing reads the system's time behind its back."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--basetemp={tmp_path / 'inner'}",
            f"--today={YEARS_AHEAD}",
            *REPORT_SUITE,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
