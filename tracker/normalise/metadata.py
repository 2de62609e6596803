"""What a document says about itself: its title and its dates (制定, 改定, 施行)."""

from __future__ import annotations

import re
from datetime import date

from tracker.model import Dates
from tracker.normalise import markers
from tracker.normalise.chars import compact
from tracker.normalise.dates import DateEvent, dated_events, find_dates

Event = tuple[DateEvent, date]

_TITLE_WORDS = re.compile(
    r"規約|約款|規定|規程|条件|ポリシー|契約|方針|特約|細則|要綱|ガイドライン|会則|定款|規則"
    r"|(?:法|法律|政令|省令|規則)$|Terms|Agreement|Policy|Conditions",
    re.IGNORECASE,
)
MAX_TITLE = 60


def is_title(text: str) -> bool:
    """A line that names the document: `セキュアカメラクラウドサービス利用規約`."""
    body = compact(text)
    return (
        0 < len(body) <= MAX_TITLE
        and not any(c in body for c in "。、")
        and "以下" not in body
        and bool(_TITLE_WORDS.search(body))
        and markers.marker(text) is None
    )


# The number of an amending act in a statute's 附則 caption: `(平成二〇年六月一三日法律第六五号)`.
_ACT_NUMBER = re.compile(
    r"(?:法律|政令|省令|府令|規則|規程|条例|告示)第[0-9〇一二三四五六七八九十百千]+号"
)


def supplementary_events(caption: str | None, text: str) -> list[Event]:
    """Dates in a 附則: a bare date in its caption (`附則（2023年11月1日）`) is the date the
    revision takes effect, unless the caption numbers an amending act (a statute's
    `附則（平成二〇年六月一三日法律第六五号）` dates the act, not our document); in its text the
    words around each date decide, one sentence or line at a time."""
    events: list[Event] = []
    if caption and not _ACT_NUMBER.search(compact(caption)):
        found = dated_events(caption)
        events.extend(found or [(DateEvent.EFFECTIVE, f.value) for f in find_dates(caption)])
    for sentence in re.split(r"(?<=。)|\n", text):
        events.extend(dated_events(sentence))
    return events


def dates_of(events: list[Event]) -> Dates:
    """The document's dates: the first 制定, the latest 改定 and the latest 施行."""

    def pick(event: DateEvent, latest: bool) -> date | None:
        values = [d for e, d in events if e is event]
        if not values:
            return None
        return max(values) if latest else min(values)

    return Dates(
        enacted=pick(DateEvent.ENACTED, latest=False),
        revised=pick(DateEvent.REVISED, latest=True),
        effective=pick(DateEvent.EFFECTIVE, latest=True),
    )
