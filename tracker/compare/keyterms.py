"""Durations, amounts, percentages and dates in a section, and which of them a change touched.

`find_terms` reads one text; `changed_terms` pairs the terms of two versions through their diff:
terms touching the same hunk (a run of deletions and insertions) are candidates, equal values
cancel out, and the rest pair up in reading order, with None where one side has more. Values are
compared after normalising (`3ヶ月` equals `3か月`, `令和7年6月25日` equals `2025年6月25日`,
`thirty (30) days` equals `30 days` and `30日`), so a change of spelling alone is not reported.
English terms (`30 days' prior notice`, `$100`, `5 percent`, `March 3, 2025`) are read with the
patterns of `english_terms`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from tracker.compare import english_terms as en
from tracker.compare.chardiff import Hunk, hunks
from tracker.compare.model import DiffOp, KeyTerm, TermType
from tracker.normalise.dates_en import ENGLISH_DATES, english_date
from tracker.normalise.numerals import KANJI_DIGITS, parse_number

# A numeral is at most MAX_NUMERAL characters and starts where its run starts: a match can then
# not begin inside a long run, so the run costs one failed match rather than one per position
# (an unbounded pattern took 2.4 s on a section holding 5,000 digits).
MAX_NUMERAL: Final = 20
_KANJI: Final = f"(?<![{KANJI_DIGITS}])[{KANJI_DIGITS}]{{1,{MAX_NUMERAL}}}"
_DIGITS: Final = rf"(?<![0-9０-９])[0-9０-９]{{1,{MAX_NUMERAL}}}"
_DECIMALS: Final = rf"(?:\.[0-9]{{1,{MAX_NUMERAL}}})?"
_N: Final = rf"{_DIGITS}|{_KANJI}"
_ERAS: Final = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
_ERA_LETTERS: Final = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
_NOT_AFTER_ERA: Final = "".join(f"(?<!{era})" for era in _ERAS)

DATE: Final = re.compile(
    rf"(?:(?P<era>{'|'.join(_ERAS)})(?P<ey>元|{_N})|(?P<y>[0-9]{{4}}|[〇一二三四五六七八九]{{4}}))"
    rf"年(?P<m>{_N})月(?:(?P<d>{_N})日)?"
    r"|(?P<iy>[0-9]{4})(?P<sep>[/.-])(?P<im>[0-9]{1,2})(?P=sep)(?P<id>[0-9]{1,2})(?![0-9])"
    r"|(?P<el>[MTSHR])(?P<ely>[0-9]{1,2})\.(?P<elm>[0-9]{1,2})\.(?P<eld>[0-9]{1,2})(?![0-9])"
)
AMOUNT: Final = re.compile(
    r"(?P<pre>税込|税抜|税別)?(?P<yen>[¥￥])?"
    rf"(?P<num>(?<![0-9０-９])[0-9０-９][0-9０-９,，]{{0,{MAX_NUMERAL}}}{_DECIMALS}|{_KANJI})"
    r"(?P<scale>万|億)?"
    r"(?(yen)円?|円)(?P<post>未満|以上|以下|超)?"
)
PERCENTAGE: Final = re.compile(rf"(?P<num>{_DIGITS}{_DECIMALS})(?:%|％|パーセント)")
# The one duration pattern of the project (`tracker.obligations.durations` reads notice lead
# times with it too): `3か月`, `３ヵ月`, `三十日`, `2週間`, `14日以上前`, `5営業日前まで`.
# `before` marks a lead time (前, 前まで): "so long before" rather than "for so long".
DURATION: Final = re.compile(
    rf"{_NOT_AFTER_ERA}(?<![0-9月])(?P<num>{_N})"
    r"(?P<unit>か月|ヵ月|ヶ月|ケ月|カ月|ｶ月|箇月|か年|年|週間|営業日|日|時間)間?"
    r"(?P<atleast>以上)?(?P<before>前(?:まで)?)?"
)
_UNITS: Final = {
    "か月": "month",
    "ヵ月": "month",
    "ヶ月": "month",
    "ケ月": "month",
    "カ月": "month",
    "ｶ月": "month",
    "箇月": "month",
    "か年": "year",
    "年": "year",
    "週間": "week",
    "営業日": "business-day",
    "日": "day",
    "時間": "hour",
}


# Numbers inside an address are not terms: `https://x.jp/%E3%80%8D` holds no "3%" nor "80%",
# nor does a percent-encoded run a wrap has cut off its URL (`…%E 3%82%8B`).
_URL_LIKE: Final = re.compile(
    r"(?:https?://|www\.)[!-~]+|[0-9A-Za-z]*(?:%[0-9A-Fa-f]{2}){2,}[!-~]*"
)


@dataclass(frozen=True)
class Term:
    """One term found in a text: its span, as written, and a value to compare with."""

    type: TermType
    text: str
    value: str
    start: int
    end: int


def find_terms(text: str) -> list[Term]:
    """Every term in `text`, in reading order; dates first, so 2025年 is never a duration.

    >>> text = "令和7年6月25日から3ヶ月以上前に税込16,500円、年14.5%"
    >>> for term in find_terms(text):
    ...     print(term.type.value, term.text, term.value)
    date 令和7年6月25日 2025-06-25
    duration 3ヶ月以上 3 month+
    amount 税込16,500円 税込 16500
    percentage 14.5% 14.5
    >>> find_terms("https://sora-cam.com/%E3%80%8D%E3%81%A7 E 3%82%8B%E3 から30日")
    [Term(type=<TermType.DURATION: 'duration'>, text='30日', value='30 day', start=55, end=58)]
    """
    found: list[Term] = []
    taken: list[tuple[int, int]] = [m.span() for m in _URL_LIKE.finditer(text)]
    english = _ENGLISH_HINT.search(text) is not None
    for kind, pattern, reader, shown in _READERS if english else _READERS_JA:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            value = reader(match)
            if value is None:
                continue
            found.append(Term(kind, shown(match), value, start, end))
            taken.append((start, end))
    return sorted(found, key=lambda term: term.start)


def changed_terms(old: str, new: str, diff: tuple[DiffOp, ...]) -> tuple[KeyTerm, ...]:
    """The terms that differ between `old` and `new`, given the diff between them.

    >>> from tracker.compare.chardiff import char_diff
    >>> a, b = "3か月前までに通知し、30日以内に", "1か月前までに通知し、30日以内に"
    >>> changed_terms(a, b, char_diff(a, b))
    (KeyTerm(type=<TermType.DURATION: 'duration'>, old='3か月', new='1か月'),)
    """
    spans = hunks(diff)
    if not spans:
        return ()
    clusters = _Clusters(len(spans))
    old_at = _touching(find_terms(old), spans, old_side=True, clusters=clusters)
    new_at = _touching(find_terms(new), spans, old_side=False, clusters=clusters)
    result: list[KeyTerm] = []
    for root in sorted({clusters.find(i) for i in range(len(spans))}):
        for kind in TermType:
            olds = [t for t, h in old_at if clusters.find(h) == root and t.type is kind]
            news = [t for t, h in new_at if clusters.find(h) == root and t.type is kind]
            result.extend(_pair(kind, olds, news))
    return tuple(dict.fromkeys(result))  # the same change twice in one section is one key term


def _touching(
    terms: list[Term], spans: list[Hunk], *, old_side: bool, clusters: _Clusters
) -> list[tuple[Term, int]]:
    """The terms that touch a hunk, each with the first hunk it touches; joins the hunks a term
    spans into one cluster. Touching includes adjacency, consistently on both sides."""
    result: list[tuple[Term, int]] = []
    for term in terms:
        touched = []
        for index, hunk in enumerate(spans):
            start, end = (
                (hunk.old_start, hunk.old_end) if old_side else (hunk.new_start, hunk.new_end)
            )
            if term.start <= end and start <= term.end:
                touched.append(index)
        if not touched:
            continue
        for other in touched[1:]:
            clusters.join(touched[0], other)
        result.append((term, touched[0]))
    return result


def _pair(kind: TermType, olds: list[Term], news: list[Term]) -> list[KeyTerm]:
    """Equal values cancel out (as many times as both sides have them); the rest pair in order."""
    remaining_new = list(news)
    remaining_old: list[Term] = []
    for term in olds:
        twin = next((n for n in remaining_new if n.value == term.value), None)
        if twin is None:
            remaining_old.append(term)
        else:
            remaining_new.remove(twin)
    pairs: list[KeyTerm] = []
    for index in range(max(len(remaining_old), len(remaining_new))):
        before = remaining_old[index].text if index < len(remaining_old) else None
        after = remaining_new[index].text if index < len(remaining_new) else None
        pairs.append(KeyTerm(kind, before, after))
    return pairs


class _Clusters:
    """Union-find over hunk indices; the root of a cluster is its smallest index."""

    def __init__(self, size: int) -> None:
        self._parent = list(range(size))

    def find(self, index: int) -> int:
        while self._parent[index] != index:
            index = self._parent[index]
        return index

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        self._parent[max(ra, rb)] = min(ra, rb)


def _duration_shown(match: re.Match[str]) -> str:
    """A duration as the report shows it: without 前まで (`3か月`, `1ヶ月以上`)."""
    return match["num"] + match["unit"] + (match["atleast"] or "")


def _as_written(match: re.Match[str]) -> str:
    return match.group()


def _english_date_value(match: re.Match[str]) -> str | None:
    found = english_date(match)
    return found.isoformat() if found else None


def _english_amount_value(match: re.Match[str]) -> str | None:
    found = en.amount_value(match)
    return None if found is None else f"{found[0]} {found[1].normalize():f}"


def _english_percentage_value(match: re.Match[str]) -> str:
    return f"{Decimal(match['num']).normalize():f}"


def _english_duration_value(match: re.Match[str]) -> str | None:
    count = en.duration_count(match)
    if count is None:
        return None
    return f"{count} {en.duration_unit(match)}" + ("+" if match["atleast"] else "")


def _date_value(match: re.Match[str]) -> str | None:
    try:
        if match["iy"]:
            year, month, day = int(match["iy"]), int(match["im"]), int(match["id"])
        elif match["el"]:
            era = _ERA_LETTERS[match["el"]]
            year = _ERAS[era] + int(match["ely"])
            month, day = int(match["elm"]), int(match["eld"])
        else:
            if match["era"]:
                year = _ERAS[match["era"]] + parse_number(match["ey"])
            else:
                year = parse_number(match["y"])
            month = parse_number(match["m"])
            day = parse_number(match["d"]) if match["d"] else 0
    except ValueError:
        return None
    if not 1 <= month <= 12 or not 0 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def amount_number(match: re.Match[str]) -> Decimal | None:
    """The number of yen an `AMOUNT` match stands for (shared with `tracker.obligations`).

    >>> amount_number(AMOUNT.search("税込16,500円")), amount_number(AMOUNT.search("3万円"))
    (Decimal('16500'), Decimal('30000'))
    """
    digits = match["num"].replace(",", "").replace("，", "")
    try:
        amount = Decimal(digits) if digits[0].isdigit() else Decimal(parse_number(digits))
    except ValueError:
        return None
    return amount * {"万": 10_000, "億": 100_000_000}.get(match["scale"] or "", 1)


def percentage_number(match: re.Match[str]) -> Decimal:
    """The number of a `PERCENTAGE` match: `年14.5%` → 14.5."""
    return Decimal(match["num"])


def _amount_value(match: re.Match[str]) -> str | None:
    amount = amount_number(match)
    if amount is None:
        return None
    return " ".join(
        part for part in (match["pre"], f"{amount.normalize():f}", match["post"]) if part
    )


def _percentage_value(match: re.Match[str]) -> str:
    return f"{percentage_number(match).normalize():f}"


def duration_parts(match: re.Match[str]) -> tuple[int, str] | None:
    """Count and canonical unit of a `DURATION` match; None when it is not a duration after all.

    >>> duration_parts(DURATION.search("三十日前までに")), duration_parts(DURATION.search("2025年"))
    ((30, 'day'), None)
    """
    try:
        count = parse_number(match["num"])
    except ValueError:
        return None
    unit = _UNITS[match["unit"]]
    if unit == "year" and count >= 1000:  # 2025年 on its own is a year, not a duration
        return None
    return count, unit


def _duration_value(match: re.Match[str]) -> str | None:
    parts = duration_parts(match)
    if parts is None:
        return None
    count, unit = parts
    return f"{count} {unit}" + ("+" if match["atleast"] else "")


_Reader = tuple[
    TermType,
    re.Pattern[str],
    Callable[[re.Match[str]], str | None],
    Callable[[re.Match[str]], str],
]
# In order: a term found by an earlier reader takes its span (a date's year is no duration).
_READERS_JA: Final[tuple[_Reader, ...]] = (
    (TermType.DATE, DATE, _date_value, _as_written),
    (TermType.AMOUNT, AMOUNT, _amount_value, _as_written),
    (TermType.PERCENTAGE, PERCENTAGE, _percentage_value, _as_written),
    (TermType.DURATION, DURATION, _duration_value, _duration_shown),
)
_READERS: Final[tuple[_Reader, ...]] = (
    (TermType.DATE, DATE, _date_value, _as_written),
    *((TermType.DATE, pattern, _english_date_value, _as_written) for pattern in ENGLISH_DATES),
    (TermType.AMOUNT, AMOUNT, _amount_value, _as_written),
    (TermType.AMOUNT, en.AMOUNT_EN, _english_amount_value, _as_written),
    (TermType.PERCENTAGE, PERCENTAGE, _percentage_value, _as_written),
    (TermType.PERCENTAGE, en.PERCENTAGE_EN, _english_percentage_value, _as_written),
    (TermType.DURATION, DURATION, _duration_value, _duration_shown),
    (TermType.DURATION, en.DURATION_EN, _english_duration_value, en.duration_shown),
)
# English terms are looked for only where they can be: a currency sign or an English word.
_ENGLISH_HINT: Final = re.compile(r"[$€£]|[A-Za-z]{3}")
