"""Calendar dates in Japanese agreements, and the event each one marks (制定, 改定, 施行, 現在).

Forms found: `2025年6月25日` (ASCII, full-width or kanji digits, spaces allowed between parts),
era dates `令和7年6月25日` / `令和元年5月1日` / `平成31年4月30日` (明治 to 令和; the date must lie
inside the era), `R7.6.25` / `H31.4.30`, and `2025/6/25`, `2025.6.25`, `2025-06-25`. Impossible
dates (`2月30日`, `平成31年5月1日`) are skipped, never raised.

Spans. Matching runs on NFKC text (full-width digits, Kangxi radicals such as ⽉ and ⽇, square
era signs such as ㍻ and ㋿) but every span is reported in the caller's string. The text is
normalised one cluster at a time (a character plus any combining marks after it), and each
normalised character remembers the cluster it came from; a match is mapped back to the clusters
of its first and last characters. This is exact even where NFKC changes lengths (㍻ → 平成,
㈱ → (株)). It differs from whole-string NFKC only in composing across clusters, which no
character of a date depends on.

English dates (`March 3, 2025`, `3 March 2025`) and event words (`Last updated`, `Effective`) are
in `dates_en`; they are looked for only in a text with Latin letters.

Dates before 明治6年 (1873) were written in the lunisolar calendar; they are read as Gregorian
dates without conversion.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import Final, NamedTuple

from tracker.normalise.dates_en import (
    EFFECTIVE_EN,
    ENACTED_EN,
    ENGLISH_DATES,
    REVISED_EN,
    english_date,
)
from tracker.normalise.numerals import FIRST_YEAR, OLD_KANJI_DIGITS, parse_number


@dataclass(frozen=True)
class FoundDate:
    """A date found in a text; `text` is `source[start:end]` of the string searched."""

    value: datetime.date
    start: int
    end: int
    text: str


class DateEvent(StrEnum):
    ENACTED = "enacted"  # 制定
    REVISED = "revised"  # 改定, 改訂, 改正, 変更, 最終更新日 …
    EFFECTIVE = "effective"  # 施行, 実施, 適用, 効力発生, 発効
    AS_OF = "as-of"  # 現在: the date of a snapshot, never an effective date


# --- eras ------------------------------------------------------------------------------------


class _Era(NamedTuple):
    name: str
    letter: str
    first_day: datetime.date
    last_day: datetime.date | None
    offset: int  # Western year = era year + offset


_ERAS: Final = (
    _Era("明治", "M", datetime.date(1868, 1, 1), datetime.date(1912, 7, 29), 1867),
    _Era("大正", "T", datetime.date(1912, 7, 30), datetime.date(1926, 12, 24), 1911),
    _Era("昭和", "S", datetime.date(1926, 12, 25), datetime.date(1989, 1, 7), 1925),
    _Era("平成", "H", datetime.date(1989, 1, 8), datetime.date(2019, 4, 30), 1988),
    _Era("令和", "R", datetime.date(2019, 5, 1), None, 2018),
)
_ERA_BY_NAME: Final = {era.name: era for era in _ERAS}
_ERA_BY_LETTER: Final = {era.letter: era for era in _ERAS}


# --- date patterns (matched on NFKC text, so digits are ASCII) --------------------------------

_KANJI_SMALL = "〇零一二三四五六七八九十" + OLD_KANJI_DIGITS  # month, day, era year
_KANJI_ANY = "〇零一二三四五六七八九十百千万" + OLD_KANJI_DIGITS
_SMALL = rf"[0-9]{{1,2}}|[{_KANJI_SMALL}]{{1,3}}"
_YEAR = (
    r"(?<![0-9])[0-9]{4}"
    rf"|(?<![{_KANJI_ANY}])(?:[〇零一二三四五六七八九]{{4}}|[一二]?千[一二三四五六七八九十百]{{0,5}})"
)
_MONTH_DAY = rf"\s*年\s*(?P<month>{_SMALL})\s*月\s*(?P<day>{_SMALL})\s*日"
_ERA_NAMES = "|".join(era.name for era in _ERAS)
_ERA_LETTERS = "".join(era.letter for era in _ERAS)

# 2025年6月25日, ２０２５年６月２５日, 二〇二五年六月二十五日, 2025 年 6 月 25 日
_WESTERN_KANJI = re.compile(rf"(?P<year>{_YEAR}){_MONTH_DAY}")
# 令和7年6月25日, 令和元年5月1日, 令和 七 年 六 月 二十五 日
_ERA_KANJI = re.compile(rf"(?P<era>{_ERA_NAMES})\s*(?P<year>{FIRST_YEAR}|{_SMALL}){_MONTH_DAY}")
# 2025/6/25, 2025.6.25, 2025-06-25; not part of a longer run such as 1.2025.6.25 or 2025.6.25.1
_WESTERN_NUMERIC = re.compile(
    r"(?<![0-9])(?<![0-9][./-])(?P<year>[0-9]{4})(?P<sep>[./-])"
    r"(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})(?![0-9])(?!(?P=sep)[0-9])"
)
# R7.6.25, H31.4.30
_ERA_NUMERIC = re.compile(
    rf"(?<![A-Za-z0-9])(?P<era>[{_ERA_LETTERS}])(?P<year>[0-9]{{1,2}})(?P<sep>[./-])"
    r"(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})(?![0-9])(?!(?P=sep)[0-9])"
)


def _number(text: str) -> int | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


def _calendar_date(year: int | None, month_text: str, day_text: str) -> datetime.date | None:
    month, day = _number(month_text), _number(day_text)
    if year is None or month is None or day is None:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _era_date(era: _Era, match: re.Match[str]) -> datetime.date | None:
    era_year = _number(match["year"])
    if era_year is None or era_year < 1:
        return None
    value = _calendar_date(era.offset + era_year, match["month"], match["day"])
    if value is None or value < era.first_day:
        return None
    if era.last_day is not None and value > era.last_day:
        return None
    return value


def _western(match: re.Match[str]) -> datetime.date | None:
    return _calendar_date(_number(match["year"]), match["month"], match["day"])


def _era_by_name(match: re.Match[str]) -> datetime.date | None:
    return _era_date(_ERA_BY_NAME[match["era"]], match)


def _era_by_letter(match: re.Match[str]) -> datetime.date | None:
    return _era_date(_ERA_BY_LETTER[match["era"]], match)


class _DateRule(NamedTuple):
    pattern: re.Pattern[str]
    to_date: Callable[[re.Match[str]], datetime.date | None]


_DATE_RULES: Final = (
    _DateRule(_ERA_KANJI, _era_by_name),
    _DateRule(_WESTERN_KANJI, _western),
    _DateRule(_ERA_NUMERIC, _era_by_letter),
    _DateRule(_WESTERN_NUMERIC, _western),
)
# … and in English, looked for only in a text with Latin letters (a month name has them).
_ENGLISH_RULES: Final = tuple(_DateRule(pattern, english_date) for pattern in ENGLISH_DATES)
_LATIN_LETTER: Final = re.compile("[A-Za-z]")


# --- normalisation with offsets ---------------------------------------------------------------


class _Normalised(NamedTuple):
    text: str
    starts: Sequence[int]  # per normalised character: where its cluster starts in the original
    ends: Sequence[int]  # … and where it ends


def _normalise(text: str) -> _Normalised:
    if unicodedata.is_normalized("NFKC", text):
        return _Normalised(text, range(len(text)), range(1, len(text) + 1))
    chunks: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        chunk = unicodedata.normalize("NFKC", text[i:j])
        chunks.append(chunk)
        starts.extend([i] * len(chunk))
        ends.extend([j] * len(chunk))
        i = j
    return _Normalised("".join(chunks), starts, ends)


def _scan(text: str) -> list[tuple[int, int, datetime.date]]:
    """Valid dates in NFKC `text` as (start, end, value), in order, spans in `text`.

    Overlaps are settled before validation (leftmost, then longest), so the tail of an invalid
    date such as 平成31年5月1日 is never read as a date of its own.
    """
    matches = sorted(
        (
            (m, rule)
            for rule in (
                _DATE_RULES + _ENGLISH_RULES if _LATIN_LETTER.search(text) else _DATE_RULES
            )
            for m in rule.pattern.finditer(text)
        ),
        key=lambda pair: (pair[0].start(), -pair[0].end()),
    )
    found: list[tuple[int, int, datetime.date]] = []
    claimed_to = 0
    for match, rule in matches:
        if match.start() < claimed_to:
            continue
        claimed_to = match.end()
        value = rule.to_date(match)
        if value is not None:
            found.append((match.start(), match.end(), value))
    return found


def find_dates(text: str) -> list[FoundDate]:
    """Every valid calendar date in `text`, in order, with spans in `text` itself.

    >>> [(d.value.isoformat(), d.text) for d in find_dates("令和7年6⽉25⽇改定、2025/7/1施行")]
    [('2025-06-25', '令和7年6⽉25⽇'), ('2025-07-01', '2025/7/1')]
    >>> find_dates("平成31年5月1日、2025年2月30日、昭和 63 年法律第 108 号")
    []
    """
    normalised = _normalise(text)
    found = []
    for start, end, value in _scan(normalised.text):
        source_start, source_end = normalised.starts[start], normalised.ends[end - 1]
        found.append(FoundDate(value, source_start, source_end, text[source_start:source_end]))
    return found


# --- events -------------------------------------------------------------------------------------

# Where a date stood once dates are cut out of a context, so rules can ask "right after a date".
_DATE_MARK: Final = "\ufffc"

_ENACTED_WORDS = "制定"
_REVISED_WORDS = "改定|改訂|改正|変更|更新"  # also inside 最終改定日, 最終更新日
_EFFECTIVE_WORDS = "施行|実施|適用|効力[をが]?(?:発生|生)|発効"
_AS_OF_WORDS = "現在"
_EVENT_WORDS: Final = (_ENACTED_WORDS, _REVISED_WORDS, _EFFECTIVE_WORDS, _AS_OF_WORDS)
_ANY_EVENT_WORD: Final = re.compile("|".join([*_EVENT_WORDS, ENACTED_EN, REVISED_EN, EFFECTIVE_EN]))


class _EventRule(NamedTuple):
    name: str
    event: DateEvent
    pattern: re.Pattern[str]


# 令和5年11月7日現在: a snapshot date. It is exclusive: such a date is never an effective date.
_AS_OF_RULE: Final = _EventRule(
    "as_of", DateEvent.AS_OF, re.compile(rf"{_DATE_MARK}\s*(?:{_AS_OF_WORDS})")
)

# Strongest first: the first rule that matches is the event `classify_date_event` returns.
_EVENT_RULES: Final = (
    # 2020年12月14日から改定実施します, 2024年6月1日(土)より施行: the start of validity.
    _EventRule(
        "effective_from",
        DateEvent.EFFECTIVE,
        re.compile(
            rf"{_DATE_MARK}\s*(?:\([^)]{{0,4}}\)\s*)?(?:から|より)"
            rf"[^。{_DATE_MARK}]{{0,12}}?(?:{_EFFECTIVE_WORDS})"
        ),
    ),
    _EventRule("enacted", DateEvent.ENACTED, re.compile(f"{_ENACTED_WORDS}|{ENACTED_EN}")),
    _EventRule("revised", DateEvent.REVISED, re.compile(f"{_REVISED_WORDS}|{REVISED_EN}")),
    _EventRule("effective", DateEvent.EFFECTIVE, re.compile(f"{_EFFECTIVE_WORDS}|{EFFECTIVE_EN}")),
)

# Between two dates, a clause break hands the words before it to the earlier date and the
# words after it to the later one: 2019年4月1日制定、2021年4月1日改定 / 制定：…、改定：….
_CLAUSE_BREAK: Final = re.compile(r"[、,/;|。\n]")


def _events(context: str) -> list[DateEvent]:
    """The events a context names, strongest first; dates in it are replaced by `_DATE_MARK`."""
    if _AS_OF_RULE.pattern.search(context):
        return [DateEvent.AS_OF]
    events: list[DateEvent] = []
    for rule in _EVENT_RULES:
        if rule.event not in events and rule.pattern.search(context):
            events.append(rule.event)
    return events


def classify_date_event(context: str) -> DateEvent | None:
    """The event a short line or clause around a date names, or None.

    A context without a date is read as the words right after one (`"から施行"`, `"現在"`).

    >>> classify_date_event("2019年4月1日 制定"), classify_date_event("改定日 令和5年11月7日")
    (<DateEvent.ENACTED: 'enacted'>, <DateEvent.REVISED: 'revised'>)
    >>> classify_date_event("2020年12月14日から改定実施します")
    <DateEvent.EFFECTIVE: 'effective'>
    >>> classify_date_event("令和5年11月7日現在")
    <DateEvent.AS_OF: 'as-of'>
    """
    text = _normalised_for_events(context)
    spans = [(start, end) for start, end, _ in _scan(text)]
    masked = _DATE_MARK.join(_gaps(text, spans)) if spans else _DATE_MARK + text
    events = _events(masked)
    return events[0] if events else None


def _normalised_for_events(text: str) -> str:
    """NFKC text in which a literal `_DATE_MARK` cannot pass for a date (U+FFFD in its place)."""
    return _normalise(text).text.replace(_DATE_MARK, "\ufffd")


def _gaps(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The text around non-empty, ordered `spans`: one more piece than there are spans."""
    pieces = [text[: spans[0][0]]]
    for (_, end), (next_start, _) in pairwise(spans):
        pieces.append(text[end:next_start])
    pieces.append(text[spans[-1][1] :])
    return pieces


def _split_gap(gap: str, labels_lead: bool) -> tuple[str, str]:
    """Share the words between two dates: (after the earlier date, before the later one)."""
    breaks = list(_CLAUSE_BREAK.finditer(gap))
    if breaks:
        return gap[: breaks[-1].start()], gap[breaks[-1].end() :]
    return ("", gap) if labels_lead else (gap, "")


_SAME_DAY: Final = re.compile("同日")


def _with_same_day(
    text: str, dates: list[tuple[int, int, datetime.date]]
) -> list[tuple[int, int, datetime.date]]:
    """`dates` with each `同日` after a date added as that date again."""
    if not dates or "同日" not in text:
        return dates
    merged = list(dates)
    for match in _SAME_DAY.finditer(text):
        before = [d for d in dates if d[1] <= match.start()]
        inside = any(start <= match.start() < end for start, end, _ in dates)
        if before and not inside:
            merged.append((match.start(), match.end(), before[-1][2]))
    return sorted(merged)


def dated_events(text: str) -> list[tuple[DateEvent, datetime.date]]:
    """Each date in a line or clause with the events named around it, in order.

    Words before the first date and after the last belong to them (except a heading before a
    list labelled after each date: `改定履歴 2019年4月1日 制定 …`). Words between two dates are
    split at a clause break (、 , / ; 。); without one they go to the earlier date, unless the
    line puts its labels first (`制定 2019年4月1日 改定 2021年4月1日`: event words before the
    first date, none after the last). A date may carry several events; one without any is left
    out.

    >>> [(e.value, d.isoformat()) for e, d in dated_events("2019年4月1日 制定 2021年4月1日 改定")]
    [('enacted', '2019-04-01'), ('revised', '2021-04-01')]
    >>> [(e.value, d.isoformat()) for e, d in dated_events("2020年12月14日から改定実施します")]
    [('effective', '2020-12-14'), ('revised', '2020-12-14')]

    `同日` ("the same day") is the date before it:

    >>> [(e.value, d.isoformat()) for e, d in dated_events(
    ...     "この会則は、令和元年10月17日に改正され、同日より施行する。")]
    [('revised', '2019-10-17'), ('effective', '2019-10-17')]
    """
    normalised = _normalised_for_events(text)
    dates = _with_same_day(normalised, _scan(normalised))
    if not dates:
        return []
    gaps = _gaps(normalised, [(start, end) for start, end, _ in dates])  # date i: gaps[i], [i+1]
    labels_lead = bool(_ANY_EVENT_WORD.search(gaps[0])) and not _ANY_EVENT_WORD.search(gaps[-1])
    shares = [_split_gap(gap, labels_lead) for gap in gaps[1:-1]]
    afters = [*(after for after, _ in shares), gaps[-1]]
    # In a list with labels after each date, words before the first date are a heading
    # (改定履歴 2019年4月1日 制定 2021年4月1日 改定), not that date's label.
    heading = len(dates) > 1 and not labels_lead and _ANY_EVENT_WORD.search(afters[0])
    befores = ["" if heading else gaps[0], *(before for _, before in shares)]
    return [
        (event, value)
        for (_, _, value), before, after in zip(dates, befores, afters, strict=True)
        for event in _events(before + _DATE_MARK + after)
    ]
