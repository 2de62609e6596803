from __future__ import annotations

import dataclasses
import datetime
import doctest
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.normalise import dates
from tracker.normalise.dates import (
    DateEvent,
    FoundDate,
    classify_date_event,
    dated_events,
    find_dates,
)

D = datetime.date
ENACTED, REVISED, EFFECTIVE, AS_OF = (
    DateEvent.ENACTED,
    DateEvent.REVISED,
    DateEvent.EFFECTIVE,
    DateEvent.AS_OF,
)

# (name, first day, Western year = era year + offset); written out here independently of the
# module's own table.
ERAS = (
    ("令和", D(2019, 5, 1), 2018),
    ("平成", D(1989, 1, 8), 1988),
    ("昭和", D(1926, 12, 25), 1925),
    ("大正", D(1912, 7, 30), 1911),
    ("明治", D(1868, 1, 1), 1867),
)


def values(text: str) -> list[datetime.date]:
    return [found.value for found in find_dates(text)]


def to_full_width(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


def era_string(d: datetime.date) -> str:
    name, _, offset = next(era for era in ERAS if d >= era[1])
    year = d.year - offset
    return f"{name}{'元' if year == 1 else year}年{d.month}月{d.day}日"


def test_docstring_examples_hold() -> None:
    assert doctest.testmod(dates).failed == 0


# --- Western dates ---------------------------------------------------------------------------


def test_western_date() -> None:
    assert find_dates("2025年6月25日") == [FoundDate(D(2025, 6, 25), 0, 10, "2025年6月25日")]


def test_full_width_western_date() -> None:
    [found] = find_dates("２０２５年６月２５日")
    assert (found.value, found.text) == (D(2025, 6, 25), "２０２５年６月２５日")


def test_kanji_western_date_with_digit_by_digit_year() -> None:
    assert values("二〇二五年六月二十五日") == [D(2025, 6, 25)]


def test_kanji_western_date_with_place_value_year() -> None:
    assert values("二千二十五年六月二十五日") == [D(2025, 6, 25)]


def test_spaced_western_date() -> None:
    [found] = find_dates("施行 2025 年 6 月 25 日 より")
    assert (found.value, found.text) == (D(2025, 6, 25), "2025 年 6 月 25 日")


def test_slash_date() -> None:
    assert values("2025/6/25") == [D(2025, 6, 25)]


def test_dot_date() -> None:
    assert values("2025.6.25") == [D(2025, 6, 25)]


def test_iso_date() -> None:
    assert values("2025-06-25") == [D(2025, 6, 25)]


def test_numeric_date_needs_one_separator_throughout() -> None:
    assert values("2025/6.25") == []


def test_version_number_is_not_a_date() -> None:
    assert values("v1.2025.6.25") == []
    assert values("2025.6.25.1") == []


def test_year_is_exactly_four_digits() -> None:
    assert values("12025年6月25日") == []
    assert values("12025/6/25") == []


# --- era dates -------------------------------------------------------------------------------


def test_reiwa_date() -> None:
    assert values("令和7年6月25日") == [D(2025, 6, 25)]


def test_gannen_is_the_first_year_of_the_era() -> None:
    assert values("令和元年5月1日") == [D(2019, 5, 1)]


def test_spaced_kanji_era_date() -> None:
    assert values("令和 七 年 六 月 二十五 日") == [D(2025, 6, 25)]


def test_full_width_era_date() -> None:
    assert values("令和７年６月２５日") == [D(2025, 6, 25)]


def test_last_day_of_heisei() -> None:
    assert values("平成31年4月30日") == [D(2019, 4, 30)]


def test_showa_taisho_and_meiji() -> None:
    assert values("昭和64年1月7日") == [D(1989, 1, 7)]
    assert values("大正元年7月30日") == [D(1912, 7, 30)]
    assert values("明治45年7月29日") == [D(1912, 7, 29)]


@pytest.mark.parametrize(
    "text",
    ["平成31年5月1日", "令和元年4月30日", "昭和64年1月8日", "大正15年12月25日", "明治45年7月30日"],
)
def test_era_year_outside_the_era_is_rejected(text: str) -> None:
    assert find_dates(text) == []


def test_era_year_zero_is_rejected() -> None:
    assert values("令和0年6月25日") == []


def test_abbreviated_era_date() -> None:
    assert values("R7.6.25") == [D(2025, 6, 25)]
    assert values("H31.4.30") == [D(2019, 4, 30)]
    assert values("S64.1.7 T15.12.24 M45.7.29") == [D(1989, 1, 7), D(1926, 12, 24), D(1912, 7, 29)]


def test_abbreviated_era_date_outside_the_era_is_rejected() -> None:
    assert values("H31.5.1") == []


def test_square_era_sign_is_read_and_spanned_in_the_original() -> None:
    assert find_dates("㍻31年4月30日") == [FoundDate(D(2019, 4, 30), 0, 9, "㍻31年4月30日")]


# --- what is not a date ------------------------------------------------------------------------


def test_invalid_calendar_date_is_skipped() -> None:
    assert values("2025年2月30日、2025年6月25日") == [D(2025, 6, 25)]
    assert values("2023-02-29") == []
    assert values("2024-02-29") == [D(2024, 2, 29)]


def test_law_number_without_month_and_day_is_not_a_date() -> None:
    assert find_dates("昭和 63 年法律第 108 号") == []


def test_interest_rate_is_not_a_date() -> None:
    assert find_dates("年 14.5%の割合による遅延損害金") == []


def test_year_alone_is_not_a_date() -> None:
    assert find_dates("令和 七 年") == []


# --- spans ---------------------------------------------------------------------------------------


def test_kangxi_radicals_are_read_and_spans_point_into_the_original() -> None:
    text = "本規約は2025年6⽉25⽇から施⾏します。"
    [found] = find_dates(text)
    assert found.value == D(2025, 6, 25)
    assert (found.start, found.end) == (4, 14)
    assert found.text == text[4:14] == "2025年6⽉25⽇"


def test_spans_survive_characters_that_nfkc_lengthens() -> None:
    text = "㈱テスト ㍼64年1月7日改定"  # ㈱ → (株), ㍼ → 昭和
    [found] = find_dates(text)
    assert found.text == text[found.start : found.end] == "㍼64年1月7日"
    assert found.start == 5


def test_spans_of_several_dates_are_in_order() -> None:
    text = "制定：２０１９年４月１日／改定：R3.4.1"
    found = find_dates(text)
    assert [f.value for f in found] == [D(2019, 4, 1), D(2021, 4, 1)]
    assert [text[f.start : f.end] for f in found] == ["２０１９年４月１日", "R3.4.1"]


def test_found_date_is_immutable() -> None:
    [found] = find_dates("2025/6/25")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.start = 1  # type: ignore[misc]


# --- classify_date_event ---------------------------------------------------------------------


def test_seitei_is_enacted() -> None:
    assert classify_date_event("2019年4月1日 制定") is ENACTED


@pytest.mark.parametrize(
    "word", ["改定", "改訂", "改正", "変更", "最終改定日", "最終更新日", "更新"]
)
def test_revision_words_are_revised(word: str) -> None:
    assert classify_date_event(f"{word}：2021年4月1日") is REVISED


@pytest.mark.parametrize("word", ["施行", "実施", "適用開始", "適用", "効力発生", "発効"])
def test_effective_words_are_effective(word: str) -> None:
    assert classify_date_event(f"2021年4月1日{word}") is EFFECTIVE


def test_genzai_is_as_of() -> None:
    assert classify_date_event("令和5年11月7日現在") is AS_OF


def test_as_of_date_is_never_effective() -> None:
    assert classify_date_event("2023年4月1日現在施行されている規約") is AS_OF


def test_date_followed_by_kara_and_an_effective_word_is_effective() -> None:
    assert classify_date_event("2020年12月14日から改定実施します") is EFFECTIVE
    assert classify_date_event("本規約は2024年6月1日(土)より施行します") is EFFECTIVE


def test_revision_outranks_effective_without_kara() -> None:
    assert classify_date_event("2021年4月1日改定・施行") is REVISED


def test_event_words_in_kangxi_radicals_are_read() -> None:
    assert classify_date_event("2025年6⽉25⽇施⾏") is EFFECTIVE


def test_context_without_a_date_is_read_as_the_words_after_one() -> None:
    assert classify_date_event("から施行") is EFFECTIVE
    assert classify_date_event("現在") is AS_OF
    assert classify_date_event("制定") is ENACTED


def test_no_event_word_gives_none() -> None:
    assert classify_date_event("2025年6月25日に届出") is None
    assert classify_date_event("") is None


# --- dated_events ----------------------------------------------------------------------------


def test_history_with_labels_after_each_date() -> None:
    assert dated_events("2019年4月1日 制定 2021年4月1日 改定") == [
        (ENACTED, D(2019, 4, 1)),
        (REVISED, D(2021, 4, 1)),
    ]


def test_label_before_the_date() -> None:
    assert dated_events("制定：2025年6月25日") == [(ENACTED, D(2025, 6, 25))]
    assert dated_events("改定日 令和5年11月7日") == [(REVISED, D(2023, 11, 7))]


def test_history_with_labels_before_each_date() -> None:
    assert dated_events("制定 2019年4月1日 改定 2021年4月1日") == [
        (ENACTED, D(2019, 4, 1)),
        (REVISED, D(2021, 4, 1)),
    ]


def test_clause_break_splits_the_words_between_two_dates() -> None:
    expected = [(ENACTED, D(2019, 4, 1)), (REVISED, D(2021, 4, 1))]
    assert dated_events("制定：2019年4月1日、改定：2021年4月1日") == expected
    assert dated_events("2019年4月1日制定、2021年4月1日改定") == expected


def test_revision_effective_from_a_date_gives_both_events() -> None:
    assert dated_events("2020年12月14日から改定実施します") == [
        (EFFECTIVE, D(2020, 12, 14)),
        (REVISED, D(2020, 12, 14)),
    ]


def test_as_of_date_in_a_line() -> None:
    assert dated_events("令和5年11月7日現在") == [(AS_OF, D(2023, 11, 7))]


def test_revision_with_effective_date_in_brackets() -> None:
    assert dated_events("2023年4月1日改定（2023年5月1日施行）") == [
        (REVISED, D(2023, 4, 1)),
        (EFFECTIVE, D(2023, 5, 1)),
    ]


def test_heading_before_a_history_is_not_a_label() -> None:
    assert dated_events("改定履歴 2019年4月1日 制定 2021年4月1日 改定") == [
        (ENACTED, D(2019, 4, 1)),
        (REVISED, D(2021, 4, 1)),
    ]


def test_date_without_an_event_word_is_left_out() -> None:
    assert dated_events("2025年6月25日に届出") == []
    assert dated_events("届出 2025/6/25、施行 2025/7/1") == [(EFFECTIVE, D(2025, 7, 1))]


def test_literal_object_replacement_character_does_not_pass_for_a_date() -> None:
    assert dated_events("\ufffc現在 2025年6月25日 改定") == [(REVISED, D(2025, 6, 25))]
    assert classify_date_event("\ufffc から施行 2025年6月25日 改定") is REVISED


# --- properties ------------------------------------------------------------------------------

any_date = st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31))


@given(any_date)
def test_western_and_full_width_strings_give_the_date(d: datetime.date) -> None:
    western = f"{d.year}年{d.month}月{d.day}日"
    assert values(western) == [d]
    assert values(to_full_width(western)) == [d]
    assert values(f"{d:%Y-%m-%d}") == [d]
    assert values(f"{d.year}/{d.month}/{d.day}") == [d]


@given(st.dates(min_value=D(2019, 5, 1), max_value=D(2100, 12, 31)))
def test_reiwa_string_gives_the_date(d: datetime.date) -> None:
    year = d.year - 2018
    assert values(f"令和{'元' if year == 1 else year}年{d.month}月{d.day}日") == [d]
    assert values(f"R{year}.{d.month}.{d.day}") == [d]


@given(any_date)
def test_era_string_gives_the_date(d: datetime.date) -> None:
    text = era_string(d)
    [found] = find_dates(f"（{text}改定）")
    assert (found.value, found.text, found.start) == (d, text, 1)


@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    for found in find_dates(text):
        assert text[found.start : found.end] == found.text
    dated_events(text)
    classify_date_event(text)


date_like = st.text(
    alphabet=st.sampled_from(
        list("0123456789０１２９年月日⽉⽇令和平成昭元〇一二十百千万")
        + list("/.-RH ㍻㈱\u3099\ufffc現在から施行改定制、")
    ),
    max_size=40,
)


@given(date_like)
def test_date_like_text_never_raises_and_spans_are_ordered(text: str) -> None:
    found = find_dates(text)
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == f.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert {d for _, d in dated_events(text)} <= {f.value for f in found}
    classify_date_event(text)
