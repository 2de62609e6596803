"""Durations as values: `3か月` → `Duration(3, "month", "3か月")`, with a day count to compare.

There is one duration pattern in the project per language, `tracker.compare.keyterms.DURATION`
(every spelling: 3か月, 3ヶ月, 3カ月, ３ヵ月, 三十日, 2週間, 14日以上前, 1ヶ月以上前, 5営業日前まで)
and `tracker.compare.english_terms.DURATION_EN` (30 days, thirty (30) days, 30-day, one month,
at least 30 days' prior notice); this module turns their matches into values and says which of
them are lead times (`…前`, `…前まで`; `prior`, `before`, `in advance`, `notice`).

Limits: `days()` is an approximation (a month is 30 days, a year 365, a business day 7/5 of a
calendar day rounded up, an hour a started day), good enough to tell "3 months" from "8 days"
but not to settle a dispute about the last day. Durations written in words (`相当期間`, `合理的な
期間`, `速やかに`) are not durations here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Final

from tracker.compare import english_terms as en
from tracker.compare.keyterms import DATE, DURATION, duration_parts
from tracker.normalise.dates_en import ENGLISH_DATES

_DAYS_PER_UNIT: Final = {"day": 1, "week": 7, "month": 30, "year": 365}

_ENGLISH: Final = {
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "business-day": "business day",
    "hour": "hour",
}


@dataclass(frozen=True)
class Duration:
    """A length of time as written. Equal durations are equal whatever the spelling.

    >>> Duration(3, "month", "3か月") == Duration(3, "month", "３ヵ月")
    True
    >>> Duration(3, "month", "3か月").days(), Duration(2, "week", "2週間").days()
    (90, 14)
    >>> Duration(5, "business-day", "5営業日").days()
    7
    """

    count: int
    unit: str  # day, week, month, year, business-day, hour
    text: str = field(default="", compare=False)  # as written: 3ヶ月, 三十日

    def days(self) -> int:
        """Calendar days, approximately: week 7, month 30, year 365, 5 business days a week."""
        if self.unit == "business-day":
            return math.ceil(self.count * 7 / 5)
        if self.unit == "hour":
            return math.ceil(self.count / 24)
        return self.count * _DAYS_PER_UNIT[self.unit]

    def english(self) -> str:
        """`3 months`, `1 month`, `5 business days`.

        >>> Duration(3, "month").english(), Duration(1, "business-day").english()
        ('3 months', '1 business day')
        """
        word = _ENGLISH[self.unit]
        return f"{self.count} {word}" + ("" if self.count == 1 else "s")


@dataclass(frozen=True)
class FoundDuration:
    """A duration in a text: `before` when it is a lead time (`3か月前までに`), and where it is."""

    duration: Duration
    at_least: bool  # 以上: "at least so long"
    before: bool  # 前 / 前まで: so long before an event
    start: int
    end: int


def find_durations(text: str) -> list[FoundDuration]:
    """Every duration in `text`, in order; dates are not durations (`2025年`, `令和7年`).

    >>> [(f.duration.text, f.duration.days(), f.before) for f in find_durations(
    ...     "変更する３ヵ月前までに通知し、2025年6月1日から14日以内に")]
    [('３ヵ月', 90, True), ('14日', 14, False)]
    >>> [(f.duration.text, f.duration.days(), f.before, f.at_least) for f in find_durations(
    ...     "at least thirty (30) days' prior notice, refunds within 14 days")]
    [('thirty (30) days', 30, True, True), ('14 days', 14, False, False)]
    """
    taken = [match.span() for match in DATE.finditer(text)]
    found = _japanese_durations(text, taken)
    if _ENGLISH_UNIT.search(text):
        taken += [m.span() for pattern in ENGLISH_DATES for m in pattern.finditer(text)]
        found += _english_durations(text, taken)
        found.sort(key=lambda f: f.start)
    return found


_ENGLISH_UNIT: Final = re.compile(r"(?i:day|week|month|year|hour)")


def _english_durations(text: str, taken: list[tuple[int, int]]) -> list[FoundDuration]:
    found: list[FoundDuration] = []
    for match in en.DURATION_EN.finditer(text):
        start, end = match.span()
        count = en.duration_count(match)
        if count is None or any(start < b and a < end for a, b in taken):
            continue
        written = en.duration_shown(match).removeprefix("at least ")
        found.append(
            FoundDuration(
                Duration(count, en.duration_unit(match), written),
                at_least=bool(match["atleast"]),
                before=en.is_before(match),
                start=start,
                end=end,
            )
        )
    return found


def _japanese_durations(text: str, taken: list[tuple[int, int]]) -> list[FoundDuration]:
    found: list[FoundDuration] = []
    for match in DURATION.finditer(text):
        start, end = match.span()
        if any(start < b and a < end for a, b in taken):
            continue
        parts = duration_parts(match)
        if parts is None:
            continue
        count, unit = parts
        written = match["num"] + match["unit"]
        found.append(
            FoundDuration(
                Duration(count, unit, written),
                at_least=bool(match["atleast"]),
                before=bool(match["before"]),
                start=start,
                end=end,
            )
        )
    return found


def lead_times(text: str) -> list[FoundDuration]:
    """The durations in `text` that count back from an event (`…前`, `…前まで`).

    >>> [f.duration for f in lead_times("2週間前までに通知し、3年間存続します")]
    [Duration(count=2, unit='week', text='2週間')]
    """
    return [found for found in find_durations(text) if found.before]
