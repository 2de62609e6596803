from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.normalise import numerals
from tracker.normalise.numerals import KANJI_DIGITS, is_numeral, kanji_to_int, parse_number

_DIGIT_KANJI = "〇一二三四五六七八九"


def to_kanji(n: int) -> str:
    """Place-value kanji as statutes write them: 12 → 十二, 101 → 百一, 12000 → 一万二千."""
    if n == 0:
        return "〇"

    def below_man(value: int) -> str:
        out = ""
        for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
            count, value = divmod(value, unit)
            if count:
                out += ("" if count == 1 else _DIGIT_KANJI[count]) + name
        return out + (_DIGIT_KANJI[value] if value else "")

    man, rest = divmod(n, 10_000)
    return (below_man(man) + "万" if man else "") + below_man(rest)


def to_full_width(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def test_docstring_examples_hold() -> None:
    assert doctest.testmod(numerals).failed == 0


def test_to_kanji_helper_writes_statute_style() -> None:
    assert [to_kanji(n) for n in (12, 101, 3500, 12000, 10, 1000)] == [
        "十二",
        "百一",
        "三千五百",
        "一万二千",
        "十",
        "千",
    ]


def test_tens_and_units() -> None:
    assert kanji_to_int("十二") == 12
    assert kanji_to_int("二十五") == 25
    assert kanji_to_int("十") == 10


def test_hundred_without_tens() -> None:
    assert kanji_to_int("百一") == 101


def test_thousands_and_hundreds() -> None:
    assert kanji_to_int("三千五百") == 3500


def test_man_closes_the_upper_group() -> None:
    assert kanji_to_int("一万二千") == 12000
    assert kanji_to_int("十二万三千四百五十六") == 123456


def test_explicit_one_before_a_unit_is_accepted() -> None:
    assert kanji_to_int("一千一百一十一") == 1111


def test_zero() -> None:
    assert kanji_to_int("〇") == 0
    assert kanji_to_int("零") == 0


def test_digit_by_digit_year() -> None:
    assert kanji_to_int("二〇二五") == 2025
    assert kanji_to_int("二〇一九") == 2019


def test_single_digit() -> None:
    assert kanji_to_int("七") == 7


def test_gan_is_the_first_year() -> None:
    assert kanji_to_int("元") == 1


def test_old_forms_read_as_modern_digits() -> None:
    assert kanji_to_int("壱") == 1
    assert kanji_to_int("弐拾参") == 23
    assert kanji_to_int("参拾") == 30
    assert kanji_to_int("拾") == 10


NOT_KANJI_NUMERALS = [
    "",
    "十十",  # a unit twice
    "百千",  # units out of order
    "一二十",  # two digits before one unit
    "万",  # 万 needs a group before it
    "一万万",
    "〇十",  # 〇 only in digit-by-digit numerals
    "十〇",
    "元年",  # 元 only on its own
    "元元",
    "1",  # ASCII is parse_number's business
    "二 十",  # so are spaces
    "第十二",
    "七つ",
]


@pytest.mark.parametrize("text", NOT_KANJI_NUMERALS)
def test_anything_else_is_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="not a kanji numeral"):
        kanji_to_int(text)


def test_ascii_digits() -> None:
    assert parse_number("18") == 18
    assert parse_number("0") == 0


def test_full_width_digits() -> None:
    assert parse_number("１８") == 18


def test_kanji_through_parse_number() -> None:
    assert parse_number("十八") == 18
    assert parse_number("二〇二五") == 2025
    assert parse_number("元") == 1


def test_spaces_inside_a_number_are_ignored() -> None:
    assert parse_number("1 0") == 10
    assert parse_number(" １　８ ") == 18
    assert parse_number("二 十") == 20


@pytest.mark.parametrize("text", ["", " ", "1.5", "-1", "+1", "1十", "١٢", "abc", "十八条"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


def test_is_numeral() -> None:
    assert is_numeral("１２")
    assert is_numeral("十二")
    assert not is_numeral("第十二")
    assert not is_numeral("")


def test_kanji_digits_is_the_documented_character_class() -> None:
    assert KANJI_DIGITS == "〇零一二三四五六七八九十百千万"


@given(st.integers(min_value=0, max_value=99_999))
def test_place_value_round_trip(n: int) -> None:
    assert kanji_to_int(to_kanji(n)) == n


@given(st.integers(min_value=0, max_value=10**12))
def test_digit_by_digit_round_trip(n: int) -> None:
    assert kanji_to_int("".join(_DIGIT_KANJI[int(d)] for d in str(n))) == n


@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_and_full_width_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(to_full_width(str(n))) == n


@given(st.text())
def test_parse_number_raises_only_value_error(text: str) -> None:
    try:
        parse_number(text)
    except ValueError:
        assert not is_numeral(text)
    else:
        assert is_numeral(text)
