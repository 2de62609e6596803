"""The suite's clock: every `tracker` the tests run (in process or as a child) reads the same
"today", `SUITE_TODAY` unless `pytest --today YYYY-MM-DD` says otherwise (tests/README.md).

conftest.py sets `TRACKER_CLOCK_OFFSET` for the whole session, so time still passes between two
runs of `check`. Fixtures that depend on the day (a revision taking effect a week after it is
first seen) are written for `SUITE_TODAY` and moved with the suite's today (`on_suite_day`,
`dated`), so the same figures come out on any day.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from tracker.clock import clock_from_environment, system_clock

SUITE_TODAY = date(2026, 11, 24)
TOKYO = ZoneInfo("Asia/Tokyo")
START_OF_DAY = time(6, 0)  # the suite starts its day early: hours before any midnight
JAPANESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def offset_to(day: date) -> float:
    """Seconds from the system clock to `day` at 06:00 in Tokyo: TRACKER_CLOCK_OFFSET."""
    target = datetime.combine(day, START_OF_DAY, TOKYO)
    return (target - system_clock()).total_seconds()


def today() -> date:
    """The day every `tracker` of this session reads (in Tokyo)."""
    return clock_from_environment()().astimezone(TOKYO).date()


def on_suite_day(day: date) -> date:
    """`day`, a fixture date written for SUITE_TODAY, moved with the suite's today."""
    return today() + (day - SUITE_TODAY)


def dated(text: str) -> str:
    """`text` with every date (2026年12月1日) moved with the suite's today: the dates of an
    agreement keep their distances to each other and to the day it is first seen.

    >>> dated("2026年12月1日から実施") == f"{japanese(on_suite_day(date(2026, 12, 1)))}から実施"
    True
    """

    def move(found: re.Match[str]) -> str:
        year, month, day = (int(part) for part in found.groups())
        return japanese(on_suite_day(date(year, month, day)))

    return JAPANESE_DATE.sub(move, text)


def japanese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
