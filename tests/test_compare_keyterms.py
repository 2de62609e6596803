"""Key terms: durations, amounts, percentages and dates that a change touched."""

from __future__ import annotations

import pytest

from tracker.compare.chardiff import char_diff
from tracker.compare.keyterms import changed_terms, find_terms


def terms(text: str) -> list[tuple[str, str, str]]:
    return [(t.type.value, t.text, t.value) for t in find_terms(text)]


def changed(old: str, new: str) -> list[tuple[str, str | None, str | None]]:
    return [(t.type.value, t.old, t.new) for t in changed_terms(old, new, char_diff(old, new))]


@pytest.mark.parametrize(
    ("text", "shown", "value"),
    [
        ("3か月前までに", "3か月", "3 month"),
        ("3ヶ月前", "3ヶ月", "3 month"),
        ("３ヵ月前", "３ヵ月", "3 month"),
        ("1カ月以上前", "1カ月以上", "1 month+"),
        ("2ケ月前まで", "2ケ月", "2 month"),
        ("6箇月", "6箇月", "6 month"),
        ("2週間前までに", "2週間", "2 week"),
        ("三十日前までに", "三十日", "30 day"),
        ("5営業日前まで", "5営業日", "5 business-day"),
        ("14日以上前から", "14日以上", "14 day+"),
        ("24時間以内", "24時間", "24 hour"),
        ("1年間", "1年", "1 year"),
    ],
)
def test_durations(text: str, shown: str, value: str) -> None:
    assert terms(text) == [("duration", shown, value)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("基本設定費15,000円", [("amount", "15,000円", "15000")]),
        ("(税込16,500円)", [("amount", "税込16,500円", "税込 16500")]),
        ("1円未満の端数", [("amount", "1円未満", "1 未満")]),
        ("月額¥1,000", [("amount", "¥1,000", "1000")]),
        ("年14.5%の割合", [("percentage", "14.5%", "14.5")]),
        ("令和7年6月25日から", [("date", "令和7年6月25日", "2025-06-25")]),
        ("2025年6月25日制定", [("date", "2025年6月25日", "2025-06-25")]),
        ("平成元年1月8日", [("date", "平成元年1月8日", "1989-01-08")]),
        ("2025/6/25", [("date", "2025/6/25", "2025-06-25")]),
    ],
)
def test_amounts_percentages_and_dates(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert terms(text) == expected


def test_years_and_era_years_are_not_durations() -> None:
    assert terms("平成3年法律第77号") == []
    assert terms("2020年に") == []
    assert terms("毎月25日までに") == []


def test_notice_period_change() -> None:
    assert changed("終了する3か月前までに通知", "終了する1か月前までに通知") == [
        ("duration", "3か月", "1か月")
    ]


def test_respelling_a_term_is_not_a_change() -> None:
    assert changed("3ヶ月前までに", "3か月前までに") == []
    assert changed("令和7年6月25日から", "2025年6月25日から") == []


def test_untouched_terms_are_not_reported() -> None:
    old = "30日前までに通知し、年14.5%の延滞利息を請求します。"
    new = "30日前までに書面で通知し、年14.5%の延滞利息を請求します。"
    assert changed(old, new) == []


def test_added_and_removed_terms_have_null_on_one_side() -> None:
    assert changed("通知します。", "14日前までに通知します。") == [("duration", None, "14日")]
    assert changed("手数料1,000円を請求します。", "請求します。") == [("amount", "1,000円", None)]


def test_several_amounts_pair_in_order() -> None:
    old = "基本設定費15,000円(税込16,500円)1契約あたり"
    new = "基本設定費18,000円(税込19,800円)1契約あたり"
    assert changed(old, new) == [
        ("amount", "15,000円", "18,000円"),
        ("amount", "税込16,500円", "税込19,800円"),
    ]


def test_a_term_gaining_a_qualifier_changes() -> None:
    assert changed("30日前までに", "30日以上前までに") == [("duration", "30日", "30日以上")]


def test_a_date_change_in_a_supplementary_provision() -> None:
    assert changed(
        "本規約は2024年4月1日から施行します。", "本規約は2025年6月25日から施行します。"
    ) == [("date", "2024年4月1日", "2025年6月25日")]
