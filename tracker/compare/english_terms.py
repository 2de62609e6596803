"""Durations, amounts and percentages as English agreements write them.

`keyterms` reads Japanese (`3か月`, `16,500円`); these patterns read `30 days`, `thirty (30)
days`, `30-day`, `12 months`, `one year`, `48 hours`, `$100`, `US$1,000.50`, `€50`, `£10`,
`USD 100`, `100 dollars`, `5 percent`. A duration followed by `prior`, `before`, `in advance` or
`notice` is a lead time (`30 days' prior notice`), one after `at least`, `not less than` or `no
less than` a minimum; `obligations.durations` reads notice periods with the same pattern.

Limits: numbers in words are read up to ninety-nine and for the round hundreds (`one
hundred and eighty days` is read as eighty); amounts need a currency sign or word.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

_UNITS_TEXT: Final = """zero one two three four five six seven eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen"""
_TENS_TEXT: Final = "twenty thirty forty fifty sixty seventy eighty ninety"
_UNITS_WORDS: Final = _UNITS_TEXT.split()
_TENS_WORDS: Final = _TENS_TEXT.split()
NUMBER_WORDS: Final = {word: value for value, word in enumerate(_UNITS_WORDS)} | {
    word: 20 + 10 * index for index, word in enumerate(_TENS_WORDS)
}
_WORD_NUMBER: Final = (
    rf"(?:(?:{'|'.join(_TENS_WORDS)})(?:[ -](?:{'|'.join(_UNITS_WORDS[1:10])}))?"
    rf"|{'|'.join(sorted(_UNITS_WORDS, key=len, reverse=True))}|a|an)"
)
_UNIT_WORDS: Final = {
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "hour": "hour",
    "business day": "business-day",
    "working day": "business-day",
    "calendar day": "day",
}

# `thirty (30) days`, `30 days`, `30-day`, `thirty days`, `one year`, `14 calendar days`,
# `5 business days'`, with what says minimum (`at least`) and lead time (`prior notice`).
DURATION_EN: Final = re.compile(
    r"(?P<atleast>\b(?:at\s+least|not\s+less\s+than|no\s+less\s+than|a\s+minimum\s+of)\s+)?"
    rf"(?<![\w.])(?:(?P<word>{_WORD_NUMBER})\s*\(\s*(?P<both>[0-9]{{1,4}})\s*\)"
    rf"|(?P<digits>[0-9]{{1,4}})(?![0-9.,]?[0-9])|(?P<words>{_WORD_NUMBER}))"
    r"[\s-]*(?P<unit>(?:business|working|calendar)[\s-]+days?|days?|weeks?|months?|years?"
    r"|hours?)\b(?P<possessive>['’]s?)?"
    r"(?P<before>\s+(?:(?:prior|advance)\b(?:\s+(?:written\s+)?notice)?|before|in\s+advance"
    r"|(?:written\s+)?notice)\b)?",
    re.IGNORECASE,
)

_CURRENCY: Final = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "jpy": "JPY",
    "yen": "JPY",
}
_SCALE: Final = {"thousand": 1_000, "k": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER: Final = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]{1,15}(?:\.[0-9]+)?"
# `$100`, `US$ 1,000.50`, `€50`, `USD 100`, `100 USD`, `100 dollars`, `$5 million`.
_SCALE_WORDS: Final = r"(?:\s?(?P<{}>thousand|million|billion)\b)?"
AMOUNT_EN: Final = re.compile(
    rf"(?:(?P<sign>US\$|\$|€|£|(?<![A-Za-z])(?:USD|EUR|GBP|JPY)(?![A-Za-z]))\s?(?P<num>{_NUMBER})"
    + _SCALE_WORDS.format("scale")
    + rf"|(?<![\w.,])(?P<num2>{_NUMBER})"
    + _SCALE_WORDS.format("scale2")
    + r"\s?(?P<word>USD|EUR|GBP|JPY|dollars?|euros?|pounds?|yen)\b)",
    re.IGNORECASE,
)
PERCENTAGE_EN: Final = re.compile(
    r"(?<![\w.])(?P<num>[0-9]{1,3}(?:\.[0-9]+)?)\s?(?:percent|per\s+cent)\b", re.IGNORECASE
)


def duration_count(match: re.Match[str]) -> int | None:
    """The number of a `DURATION_EN` match: `thirty (30)` is 30, `a` is 1.

    >>> duration_count(DURATION_EN.search("within thirty (30) days"))
    30
    >>> [duration_count(DURATION_EN.search(t)) for t in ("for one year", "a month")]
    [1, 1]
    """
    if match["both"]:
        return int(match["both"])
    if match["digits"]:
        return int(match["digits"])
    word = (match["words"] or "").lower().replace("-", " ")
    if word in ("a", "an"):
        return 1
    total = 0
    for part in word.split():
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total


def duration_unit(match: re.Match[str]) -> str:
    """`day`, `week`, `month`, `year`, `hour` or `business-day`."""
    unit = re.sub(r"[\s-]+", " ", match["unit"].lower()).rstrip("s")
    return _UNIT_WORDS[unit]


def duration_shown(match: re.Match[str]) -> str:
    """The duration as a report shows it: `30 days`, `thirty (30) days`, `at least 30 days`."""
    start = match.start("word") if match["word"] else match.start("unit")
    for name in ("digits", "words"):
        if match[name]:
            start = match.start(name)
    text = match.string[start : match.end("unit")]
    return ("at least " if match["atleast"] else "") + re.sub(r"\s+", " ", text)


def amount_value(match: re.Match[str]) -> tuple[str, Decimal] | None:
    """The currency and the amount of an `AMOUNT_EN` match.

    >>> amount_value(AMOUNT_EN.search("up to US$1,000.50 per month"))
    ('USD', Decimal('1000.50'))
    >>> amount_value(AMOUNT_EN.search("a fee of 5 million euros"))
    ('EUR', Decimal('5000000'))
    """
    sign = (match["sign"] or match["word"] or "").lower()
    number = (match["num"] or match["num2"] or "").replace(",", "")
    try:
        amount = Decimal(number)
    except InvalidOperation:
        return None
    scale = _SCALE.get((match["scale"] or match["scale2"] or "").lower(), 1)
    return _CURRENCY.get(sign, sign.upper()), amount * scale


def is_before(match: re.Match[str]) -> bool:
    """A lead time: `30 days' prior notice`, `14 days before`, `one month in advance`."""
    return bool(match["before"])
