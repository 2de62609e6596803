"""Japanese numerals: kanji place-value (十二), digit-by-digit (二〇二五), full-width digits (１８).

Article numbers, era years and dates all use these forms; this module is the one definition of
what counts as a number. The old forms 壱/弐/参/拾 (大字, still seen in legal documents) are read
as 一/二/三/十, and 零 as 〇.
"""

from __future__ import annotations

import re
from typing import Final

KANJI_DIGITS: Final = "〇零一二三四五六七八九十百千万"
"""The characters of modern kanji numerals, to build character classes in regexes elsewhere."""

OLD_KANJI_DIGITS: Final = "壱弐参拾"
"""The old forms `kanji_to_int` accepts besides `KANJI_DIGITS`."""

FIRST_YEAR: Final = "元"
"""元 in 元年: the first year of an era."""

_TO_MODERN: Final = str.maketrans({"壱": "一", "弐": "二", "参": "三", "拾": "十", "零": "〇"})
_DIGITS: Final = {ch: value for value, ch in enumerate("〇一二三四五六七八九")}
_UNITS: Final = {"十": 10, "百": 100, "千": 1000}
_MAN: Final = "万"
_ARABIC: Final = re.compile(r"[0-9０-９]+")
_TO_ASCII: Final = str.maketrans("０１２３４５６７８９", "0123456789")


def kanji_to_int(text: str) -> int:
    """The value of a kanji numeral, place-value or digit-by-digit; `ValueError` otherwise.

    >>> kanji_to_int("十二"), kanji_to_int("百一"), kanji_to_int("三千五百")
    (12, 101, 3500)
    >>> kanji_to_int("一万二千"), kanji_to_int("二〇二五"), kanji_to_int("〇")
    (12000, 2025, 0)
    >>> kanji_to_int("元"), kanji_to_int("弐拾参")
    (1, 23)
    """
    if text == FIRST_YEAR:
        return 1
    modern = text.translate(_TO_MODERN)
    if modern and all(ch in _DIGITS for ch in modern):
        return int("".join(str(_DIGITS[ch]) for ch in modern))
    value = _place_value(modern)
    if value is None:
        raise ValueError(f"not a kanji numeral: {text!r}")
    return value


def _place_value(text: str) -> int | None:
    """十二 → 12, 三千五百 → 3500, 一万二千 → 12000; None when the units are not in order.

    Below 万 the units 千 > 百 > 十 must strictly decrease, each with at most one digit 1–9
    before it; 万 closes the upper group once, and needs a non-zero group before it.
    """
    if not text:
        return None
    upper = 0  # the group before 万, times 10 000
    group = 0  # the group being read
    digit: int | None = None  # a digit not yet multiplied by its unit
    last_unit = 10_000
    seen_man = False
    for ch in text:
        if ch in _DIGITS and ch != "〇":
            if digit is not None:
                return None
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:
                return None
            group += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        elif ch == _MAN and not seen_man:
            group += digit or 0
            if group == 0:
                return None
            upper, group, digit, last_unit, seen_man = group * 10_000, 0, None, 10_000, True
        else:
            return None
    return upper + group + (digit or 0)


def parse_number(text: str) -> int:
    """ASCII or full-width digits, or a kanji numeral; spaces inside are ignored.

    >>> parse_number("18"), parse_number("１８"), parse_number("十八"), parse_number("1 0")
    (18, 18, 18, 10)
    """
    compact = "".join(text.split())
    if _ARABIC.fullmatch(compact):
        return int(compact.translate(_TO_ASCII))
    try:
        return kanji_to_int(compact)
    except ValueError:
        raise ValueError(f"not a number: {text!r}") from None


def is_numeral(text: str) -> bool:
    """True when `parse_number` accepts `text`.

    >>> is_numeral("第十二"), is_numeral("十二"), is_numeral("１２")
    (False, True, True)
    """
    try:
        parse_number(text)
    except ValueError:
        return False
    return True
