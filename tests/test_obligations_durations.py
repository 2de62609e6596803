"""Durations and dates in every spelling, as notice periods and as effective dates."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from tracker.compare import compare_documents
from tracker.model import Document
from tracker.normalise import normalise
from tracker.obligations import Duration, assess, find_durations
from tracker.obligations.durations import lead_times

ROOT = Path(__file__).parent.parent
SEED_003 = ROOT / "snapshots" / "seeds" / "003_4624b84317b8ee68.txt"
REVISION_003 = ROOT / "snapshots" / "revisions" / "003_v2_notice_and_fee.txt"


@pytest.mark.parametrize(
    ("text", "duration", "days", "before"),
    [
        ("3か月前までに", Duration(3, "month"), 90, True),
        ("3ヶ月前", Duration(3, "month"), 90, True),
        ("3カ月前", Duration(3, "month"), 90, True),
        ("３ヵ月前", Duration(3, "month"), 90, True),
        ("3ケ月間", Duration(3, "month"), 90, False),
        ("三十日前までに", Duration(30, "day"), 30, True),
        ("2週間前までに", Duration(2, "week"), 14, True),
        ("14日以上前から", Duration(14, "day"), 14, True),
        ("1ヶ月以上前に", Duration(1, "month"), 30, True),
        ("5営業日前まで", Duration(5, "business-day"), 7, True),
        ("効力発生日の15日前", Duration(15, "day"), 15, True),
        ("1年間", Duration(1, "year"), 365, False),
        ("24時間以上", Duration(24, "hour"), 1, False),
    ],
)
def test_durations_in_every_spelling(
    text: str, duration: Duration, days: int, before: bool
) -> None:
    (found,) = find_durations(text)
    assert found.duration == duration
    assert found.duration.days() == days
    assert found.before is before


def test_the_written_form_is_kept_but_not_compared() -> None:
    (found,) = find_durations("３ヵ月前")
    assert found.duration.text == "３ヵ月"
    assert found.duration == Duration(3, "month", "3か月")


def test_business_days_stay_their_own_unit() -> None:
    (found,) = find_durations("5営業日前まで")
    assert found.duration.unit == "business-day"
    assert found.duration.english() == "5 business days"


def test_at_least_is_recorded() -> None:
    assert [f.at_least for f in find_durations("14日以上前から、30日前まで")] == [True, False]


def test_years_and_dates_are_not_durations() -> None:
    assert find_durations("2025年6月1日から令和7年まで") == []
    assert find_durations("平成3年法律第77号") == []


def test_lead_times_are_only_durations_counted_back_from_an_event() -> None:
    text = "解除日の3か月前までに通知し、本条は契約終了後も3年間存続し、30日以内に支払う"
    assert [f.duration for f in lead_times(text)] == [Duration(3, "month")]


@cache
def seed_003() -> Document:
    return normalise(SEED_003.read_text(encoding="utf-8"), source=SEED_003.name)


@pytest.mark.parametrize(
    "written",
    [
        "2026年12月1日",
        "２０２６年１２月１日",
        "二〇二六年十二月一日",
        "令和8年12月1日",
        "令和八年十二月一日",
        "令和 8 年 12 月 1 日",
        "2026/12/1",
        "2026.12.1",
        "2026-12-01",
        "R8.12.1",
    ],
)
@pytest.mark.parametrize(
    "words", ["この利用規約は、{}から改定実施します。", "本規約は{}より施行します。"]
)
def test_effective_dates_in_every_spelling_drive_the_deadline(written: str, words: str) -> None:
    revision = REVISION_003.read_text(encoding="utf-8").replace(
        "この利用規約は、2026年12月1日から改定実施します。", words.format(written)
    )
    new = normalise(revision, source="v2.txt")
    assert new.dates.effective == date(2026, 12, 1)
    findings = assess(compare_documents(seed_003(), new), first_seen=date(2026, 11, 23))
    shorter = next(f for f in findings if f.code == "notice-shorter-than-promised")
    assert shorter.days == 8
    assert shorter.due == date(2026, 9, 2)  # 2026-12-01 − 90 days
