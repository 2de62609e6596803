"""Furniture that a re-wrap split over two lines, put back on one before lines are classified.

Body text is joined later whatever its line breaks (`body.parse_body`). Furniture is read line by
line, so a re-laid-out PDF that wraps it would turn it into text: a revision-date line
(`2020年12月` ⏎ `14日改定`, `2020年12月14日` ⏎ `改定`), a 目次 or 附則 heading printed letter
by letter (`目` ⏎ `次`), a page-break URL line wrapped mid-URL (which then no longer
matches the URL in the text, and stays as noise). Each rule joins two neighbouring lines only
when the joined line is that furniture and the two lines alone are not.
"""

from __future__ import annotations

import re

from tracker.normalise.chars import canonical_spacing, compact
from tracker.normalise.classify import MAX_METADATA_LINE, is_metadata_line, may_hold_date

_URL_ONLY = re.compile(r"^https?://[!-~]+$")
_URL_TAIL = re.compile(r"^[!-~]+$")  # ASCII without spaces: what a wrapped URL continues with
_SHORT_HEADINGS = frozenset(("目次", "附則", "付則"))
SHORT_HEADING_SPREAD = 8  # characters: a two-character heading with its letter spacing

Folded = tuple[str, int]  # a folded line and its markup's heading level


def _joined(first: str, second: str) -> str | None:
    """The one line `first` and `second` were, if they are split furniture."""
    if (
        first.startswith("http")
        and _URL_TAIL.match(first)
        and _URL_TAIL.match(second)
        and not second.startswith("http")
        and _URL_ONLY.match(first + second)
    ):
        return first + second  # `https://x.jp/%E3%80` ⏎ `%8D…`, or even `https:/` ⏎ `/x.jp/…`
    if len(first) + len(second) > MAX_METADATA_LINE:
        return None  # most lines: too long to be furniture
    if len(first) + len(second) <= SHORT_HEADING_SPREAD:  # `目` ⏎ `次`, `附 ` ⏎ `則`
        together = compact(first + second)
        if together in _SHORT_HEADINGS and compact(first) not in _SHORT_HEADINGS:
            return together
    if not may_hold_date(first + second):
        return None
    joined = canonical_spacing(f"{first} {second}")
    if not is_metadata_line(joined):
        return None
    if is_metadata_line(canonical_spacing(first)) and is_metadata_line(canonical_spacing(second)):
        return None  # two date lines (`…制定` ⏎ `…改定`) stay two
    return f"{first} {second}"


def rejoin_furniture(lines: list[Folded]) -> list[Folded]:
    """`lines` with split furniture joined back (see the module doc).

    >>> rejoin_furniture([("2020年12月", 0), ("14日改定", 0), ("目", 0), ("次", 0)])
    [('2020年12月 14日改定', 0), ('目次', 0)]
    >>> rejoin_furniture([("2019年4月1日制定", 0), ("2021年4月1日改定", 0)])
    [('2019年4月1日制定', 0), ('2021年4月1日改定', 0)]
    """
    out: list[Folded] = []
    for text, heading in lines:
        if out and out[-1][1] == heading:
            joined = _joined(out[-1][0], text)
            if joined is not None:  # and the joined line may join the next (a URL over 3 lines)
                out[-1] = (joined, heading)
                continue
        out.append((text, heading))
    return out
