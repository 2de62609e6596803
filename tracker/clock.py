"""Time as tracker reads it: one clock per command, and the one parser of calendar days.

Every `now` comes from a `Clock` the command creates once and passes down: the check run's start
and fetch times, what the store stamps its rows with, "today" for obligations and for `import
--date`, and through them the reports and notifications. Nothing below the CLI asks the system
for the time, so a test or the demo can run tracker on any day.

`TRACKER_CLOCK_OFFSET` (seconds, may be negative or fractional) runs the clock that far ahead of
the system's: every process of a test suite then agrees on the same "today" while time still
passes between runs. `tracker demo` runs its own clock from a fixed moment (`running_from`).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tracker.errors import UsageError

Clock = Callable[[], datetime]
"""Returns the current moment, time-zone aware."""

CLOCK_OFFSET = "TRACKER_CLOCK_OFFSET"
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def system_clock() -> datetime:
    return datetime.now(UTC)


def shifted(offset: timedelta, base: Clock = system_clock) -> Clock:
    """`base` run `offset` ahead (behind, when negative).

    >>> base = lambda: datetime(2026, 11, 24, tzinfo=UTC)
    >>> shifted(timedelta(days=7), base)().date()
    datetime.date(2026, 12, 1)
    """
    return lambda: base() + offset


def clock_from_environment(environ: Mapping[str, str] = os.environ) -> Clock:
    """The system clock, shifted by `TRACKER_CLOCK_OFFSET` seconds when that is set.

    >>> clock_from_environment({CLOCK_OFFSET: "soon"})
    Traceback (most recent call last):
    ...
    tracker.errors.UsageError: TRACKER_CLOCK_OFFSET='soon' is not a number of seconds
    """
    raw = environ.get(CLOCK_OFFSET, "").strip()
    if not raw:
        return system_clock
    try:
        seconds = float(raw)
    except ValueError:
        raise UsageError(f"{CLOCK_OFFSET}={raw!r} is not a number of seconds") from None
    if seconds != seconds or abs(seconds) > 1e11:  # NaN, or beyond the calendar
        raise UsageError(f"{CLOCK_OFFSET}={raw!r} is not a usable number of seconds")
    return shifted(timedelta(seconds=seconds))


def running_from(start: datetime, *, monotonic: Callable[[], float] = time.monotonic) -> Clock:
    """A clock that reads `start` now and runs on at the pace of `monotonic`.

    >>> ticks = iter([10.0, 10.0, 12.5])
    >>> start = datetime(2026, 11, 24, 6, 32, tzinfo=UTC)
    >>> clock = running_from(start, monotonic=lambda: next(ticks))
    >>> clock().isoformat(), clock().isoformat()
    ('2026-11-24T06:32:00+00:00', '2026-11-24T06:32:02.500000+00:00')
    """
    origin = monotonic()
    return lambda: start + timedelta(seconds=monotonic() - origin)


def today(clock: Clock, zone: ZoneInfo) -> date:
    """The calendar day `clock` reads in `zone`."""
    return clock().astimezone(zone).date()


def parse_day(value: str, what: str) -> date:
    """`value` as a calendar day; `what` names it in the error (an option, "revision" …).

    >>> parse_day("2026-11-24", "--date")
    datetime.date(2026, 11, 24)
    >>> parse_day("20261124", "--date")
    Traceback (most recent call last):
    ...
    tracker.errors.UsageError: --date '20261124' is not a date YYYY-MM-DD
    """
    if DAY.fullmatch(value):
        with suppress(ValueError):
            return date.fromisoformat(value)
    raise UsageError(f"{what} {value!r} is not a date YYYY-MM-DD")
