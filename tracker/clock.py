"""Time as tracker reads it: the one parser of calendar days given by people (`YYYY-MM-DD`)."""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import date

from tracker.errors import UsageError

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


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
