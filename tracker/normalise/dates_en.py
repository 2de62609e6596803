"""Dates and date events in English: `March 3, 2025`, `Mar. 3rd, 2025`, `3 March 2025`,
`3rd of March, 2025` (any case), and the words that say what a date marks (`Last updated`,
`Effective`, `Adopted`). `dates` reads them beside the Japanese forms.
"""

from __future__ import annotations

import datetime
import re
from typing import Final

# English: March 3, 2025 · Mar. 3rd, 2025 · 3 March 2025 · 3rd of March, 2025 (any case).
_MONTH_NAMES: Final = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
MONTH: Final = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_EN_DAY: Final = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_EN_YEAR: Final = r"(?P<year>[0-9]{4})(?![0-9])"
_MONTH_DAY_YEAR: Final = re.compile(
    rf"(?<![A-Za-z])(?P<month>{MONTH})\.?\s*{_EN_DAY}\s*,?\s*{_EN_YEAR}", re.IGNORECASE
)
_DAY_MONTH_YEAR: Final = re.compile(
    rf"(?<![0-9]){_EN_DAY}\s*(?:of\s+)?(?P<month>{MONTH})(?![a-z])\.?\s*,?\s*{_EN_YEAR}",
    re.IGNORECASE,
)

# 01/15/2025, 3/4/2025: month first, as American terms write it; a first number over 12 is a
# day (15/01/2025). Year-first forms (2025/1/15, 2025-01-15) are `dates`' own.
_SLASHED: Final = re.compile(
    r"(?<![0-9/.-])(?P<first>[0-9]{1,2})/(?P<second>[0-9]{1,2})/(?P<year>[0-9]{4})(?![0-9/])"
)

ENGLISH_DATES: Final = (_MONTH_DAY_YEAR, _DAY_MONTH_YEAR, _SLASHED)
"""`March 3, 2025`, `3 March 2025` (any case, `3rd`, `Mar.`) and `03/03/2025`: `english_date`
reads them."""


def english_date(match: re.Match[str]) -> datetime.date | None:
    """The date an `ENGLISH_DATES` match stands for; None for an impossible one (`Feb 30`).

    >>> english_date(ENGLISH_DATES[0].search("Last updated: January 23rd, 2026"))
    datetime.date(2026, 1, 23)
    >>> english_date(ENGLISH_DATES[1].search("on 30 February 2025")) is None
    True
    >>> [english_date(_SLASHED.search(t)) for t in ("01/15/2025", "15/01/2025")]
    [datetime.date(2025, 1, 15), datetime.date(2025, 1, 15)]
    """
    if match.re is _SLASHED:
        first, second = int(match["first"]), int(match["second"])
        month, day = (first, second) if first <= 12 else (second, first)
        try:
            return datetime.date(int(match["year"]), month, day)
        except ValueError:
            return None
    month = next(
        index
        for index, name in enumerate(_MONTH_NAMES, 1)
        if name.startswith(match["month"].lower()[:3])
    )
    try:
        return datetime.date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        return None


# The same events in English: `Last updated: March 3, 2025`, `Effective as of 2025-03-03`.
ENACTED_EN: Final = r"(?i:\b(?:adopted|enacted|established)\b)"
REVISED_EN: Final = r"(?i:\b(?:updated?|revised|revision|amended|modified)\b)"
EFFECTIVE_EN: Final = r"(?i:\beffective\b|\bin\s+(?:force|effect)\b)"
