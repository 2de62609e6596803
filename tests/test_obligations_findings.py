"""Deadlines and 民法548条の4 decisions on dated version pairs, and the user's own obligations."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from tracker.compare import Comparison, compare_documents
from tracker.model import Document
from tracker.normalise import normalise
from tracker.obligations import SEVERITIES, Finding, OwnObligation, assess, flag_comparison

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "snapshots" / "seeds"
REVISIONS = ROOT / "snapshots" / "revisions"
FIRST_SEEN = date(2026, 11, 23)
EFFECTIVE = date(2026, 12, 1)


@cache
def raw(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@cache
def seed(prefix: str) -> Document:
    return normalise(raw(prefix), source=f"{prefix}.txt")


@cache
def revision_003() -> Comparison:
    """Seed 003 against its revision: 第8条第2項 3→1 か月, 基本設定費 15,000→18,000円,
    附則 "2026年12月1日から改定実施"."""
    text = (REVISIONS / "003_v2_notice_and_fee.txt").read_text(encoding="utf-8")
    return compare_documents(seed("003"), normalise(text, source="003_v2.txt"))


def edited(prefix: str, *edits: tuple[str, str]) -> Comparison:
    text = raw(prefix)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return compare_documents(seed(prefix), normalise(text, source=f"{prefix}-edited.txt"))


def codes(findings: tuple[Finding, ...]) -> list[tuple[str, str, str]]:
    return [(f.severity, f.code, f.location) for f in findings]


def test_the_003_revision_on_time_but_with_too_little_notice() -> None:
    findings = assess(revision_003(), first_seen=FIRST_SEEN)
    assert codes(findings) == [
        ("high", "notice-shorter-than-promised", "第8条第2項"),
        ("medium", "adverse-change-548-4", "別紙第4号"),
        ("medium", "adverse-change-548-4", "第8条第2項"),
    ]
    shorter = findings[0]
    assert shorter.message.startswith(
        "第8条第2項 promises written notice 3 months before a material change of a basic "
        "service; first seen 2026-11-23, effective 2026-12-01: promised 90 days, observed 8 days"
    )
    assert (shorter.due, shorter.days) == (date(2026, 9, 2), 8)


def test_the_fee_increase_is_adverse_and_needs_publication_before_the_effective_date() -> None:
    fee = assess(revision_003(), first_seen=FIRST_SEEN)[1]
    assert "fee increase 15,000円 → 18,000円, 税込16,500円 → 税込19,800円" in fee.message
    assert "needs publication before the effective date 2026-12-01" in fee.message
    assert (fee.due, fee.days) == (EFFECTIVE, 8)


def test_the_shorter_notice_period_itself_is_adverse() -> None:
    notice = assess(revision_003(), first_seen=FIRST_SEEN)[2]
    assert "shorter notice 3か月 → 1か月" in notice.message


def test_first_seen_after_the_effective_date() -> None:
    findings = assess(revision_003(), first_seen=date(2026, 12, 3))
    # all high; the earliest due date first (notice was due 90 days before 2026-12-01)
    assert codes(findings) == [
        ("high", "notice-shorter-than-promised", "第8条第2項"),
        ("high", "adverse-change-548-4", "別紙第4号"),
        ("high", "adverse-change-548-4", "第8条第2項"),
        ("high", "published-after-effective-date", ""),
    ]
    late = findings[3]
    assert "2 days after its effective date 2026-12-01" in late.message
    assert (late.due, late.days) == (EFFECTIVE, -2)
    assert (
        "void unless published before the effective date 2026-12-01, but first seen 2026-12-03"
        in findings[1].message
    )


def test_first_seen_on_the_effective_date_is_late() -> None:
    findings = assess(revision_003(), first_seen=EFFECTIVE)
    assert ("high", "published-after-effective-date", "") in codes(findings)
    assert all(f.severity == "high" for f in findings if f.code == "adverse-change-548-4")


def test_an_explicit_effective_date_overrides_the_documents() -> None:
    findings = assess(revision_003(), first_seen=FIRST_SEEN, effective=date(2027, 3, 1))
    kept = next(f for f in findings if f.code == "notice-as-promised")
    assert (kept.severity, kept.days) == ("info", 98)
    assert "promised 90 days, observed 98 days, as promised" in kept.message
    assert not any(f.code == "notice-shorter-than-promised" for f in findings)


def test_without_a_first_seen_date_the_notice_cannot_be_checked() -> None:
    findings = assess(revision_003(), first_seen=None)
    unverifiable = next(f for f in findings if f.code == "notice-unverifiable")
    assert unverifiable.severity == "low"
    assert unverifiable.due == date(2026, 9, 2)
    assert all(f.severity == "medium" for f in findings if f.code == "adverse-change-548-4")


def test_a_revision_without_an_effective_date() -> None:
    comparison = edited(
        "003", ("変更又は終了する 3 か月前までに", "変更又は終了する 1 か月前までに")
    )
    findings = assess(comparison, first_seen=FIRST_SEEN)
    no_date = next(f for f in findings if f.code == "no-effective-date")
    # seed 003 still says 2020-12-14 (its previous revision), which does not date this one
    assert "it repeats the old version's 2020-12-14" in no_date.message
    assert no_date.severity == "medium"
    unverifiable = next(f for f in findings if f.code == "notice-unverifiable")
    assert unverifiable.location == "第8条第2項"


def test_a_service_change_not_adverse_is_not_a_material_change() -> None:
    # a longer period is not adverse, so 第8条第2項 (material changes only) does not apply
    comparison = edited(
        "003", ("変更又は終了する 3 か月前までに", "変更又は終了する 6 か月前までに")
    )
    findings = assess(comparison, first_seen=FIRST_SEEN, effective=EFFECTIVE)
    assert codes(findings) == []


def test_an_option_service_change_is_held_to_the_option_promise() -> None:
    comparison = edited(
        "003", ("変更又は終了する 2 か月前までに", "変更又は終了する 1 か月前までに")
    )
    findings = assess(comparison, first_seen=date(2026, 11, 1), effective=EFFECTIVE)
    shorter = next(f for f in findings if f.code == "notice-shorter-than-promised")
    assert shorter.location == "第8条第3項"
    assert "2 months before a material change of an option service" in shorter.message
    assert "promised 60 days, observed 30 days" in shorter.message
    kept = assess(comparison, first_seen=date(2026, 9, 1), effective=EFFECTIVE)
    assert any(f.code == "notice-as-promised" and f.days == 91 for f in kept)


def after(anchor: str, addition: str) -> list[tuple[str, str]]:
    """An edit that inserts `addition` right after `anchor`."""
    return [(anchor, anchor + addition)]


OTHER_PROHIBITED = "(18) その他、当社が不適切と判断する行為"
COMMERCIAL_USE = "(18) 本サービスを商用目的で利用する行為"
SIXTH_GROUND = "(6) 当社が提供する他のサービスで、利用規約違反により契約を解除されたとき"
DEEMED = "ユーザーは、本規約の変更に同意したものとみなします。"
REPORTING = "契約者は、当社の求めに応じて利用状況を報告しなければならないものとします。"


@pytest.mark.parametrize(
    ("prefix", "edits", "reason"),
    [
        ("000", [("直近3ケ月間", "直近1ケ月間")], "lower liability cap 3ケ月 → 1ケ月"),
        (
            "003",
            [("解除日の3か月前までに", "解除日の6か月前までに")],
            "longer notice required from the customer 3か月 → 6か月",
        ),
        ("001", [("2週間前まで", "1週間前まで")], "shorter notice 2週間 → 1週間"),
        ("003", [("の翌月から1年間", "の翌月から2年間")], "longer commitment 1年 → 2年"),
        ("003", [("年 14.5%の割合", "年 20%の割合")], "fee increase 14.5% → 20%"),
        (
            "000",
            [
                (
                    OTHER_PROHIBITED,
                    COMMERCIAL_USE + "\n(19) その他、当社が不適切と判断する行為",
                )
            ],
            "new prohibition: 本サービスを商用目的で利用する行為",
        ),
        (
            "003",
            after(SIXTH_GROUND, "\n(7) 契約者が当社の信用を毀損したとき"),
            "new ground for termination by the provider: 契約者が当社の信用を毀損したとき",
        ),
        (
            "003",
            after("適用されないものとし、", "\n\n6 " + REPORTING),
            f"new obligation: {REPORTING}",
        ),
        (
            "000",
            after(DEEMED, "当社は、変更による損害について責任を負いません。"),
            "new exclusion of liability",
        ),
    ],
)
def test_548_4_adverse_changes(prefix: str, edits: list[tuple[str, str]], reason: str) -> None:
    findings = assess(edited(prefix, *edits), first_seen=FIRST_SEEN, effective=EFFECTIVE)
    adverse = [f for f in findings if f.code == "adverse-change-548-4"]
    assert len(adverse) == 1
    assert reason in adverse[0].message
    assert adverse[0].severity == "medium"
    late = assess(edited(prefix, *edits), first_seen=date(2026, 12, 2), effective=EFFECTIVE)
    assert [f.severity for f in late if f.code == "adverse-change-548-4"] == ["high"]


@pytest.mark.parametrize(
    ("prefix", "edits"),
    [
        ("003", [("東京地方裁判所を唯一の", "大阪地方裁判所を唯一の")]),
        (
            "003",
            [("サービス基本料\t5,000 円(税込 5,500円)", "サービス基本料\t4,000 円(税込 4,400円)")],
        ),
        ("001", [("2週間前まで", "30日前まで")]),
        ("000", [("本規約を変更できるものとします。", "本規約を随時変更できるものとします。")]),
    ],
)
def test_changes_not_adverse(prefix: str, edits: list[tuple[str, str]]) -> None:
    findings = assess(edited(prefix, *edits), first_seen=FIRST_SEEN, effective=EFFECTIVE)
    assert not any(f.code == "adverse-change-548-4" for f in findings)


@pytest.mark.parametrize(
    ("prefix", "code", "location"),
    [
        ("000", "deemed-consent", "第19条"),
        ("001", "effective-on-posting", "第4条"),
        ("002", "deemed-consent", "第1.2条"),
        ("004", "deemed-consent", "第2条"),
    ],
)
def test_risky_change_clauses_are_flagged_not_relied_on(
    prefix: str, code: str, location: str
) -> None:
    # a change of venue: not adverse, so the risky clause is reported as low
    comparison = edited(prefix, ("の専属的", "の専属的な"))
    findings = assess(comparison, first_seen=FIRST_SEEN, effective=EFFECTIVE)
    risky = next(f for f in findings if f.code == code)
    assert risky.location == location
    assert risky.severity == "low"
    assert "消費者契約法10条" in risky.message
    assert "no valid basis" in risky.message


def test_no_change_no_findings() -> None:
    same = compare_documents(seed("000"), normalise(raw("000") + "\n", source="same.txt"))
    assert same.changes == ()
    assert assess(same, first_seen=FIRST_SEEN) == ()


def test_a_risky_clause_matters_more_when_a_change_is_adverse() -> None:
    findings = assess(
        edited("000", ("直近3ケ月間", "直近1ケ月間")), first_seen=FIRST_SEEN, effective=EFFECTIVE
    )
    assert ("medium", "deemed-consent", "第19条") in codes(findings)


def test_no_findings_without_substantive_changes() -> None:
    revision = (REVISIONS / "000_v2_article_inserted.txt").read_text(encoding="utf-8")
    comparison = compare_documents(seed("000"), normalise(revision))
    only_renumbering = flag_comparison(comparison)
    assert only_renumbering.changes  # an article was added, others renumbered
    findings = assess(comparison, first_seen=FIRST_SEEN)
    assert {f.code for f in findings} == {
        "no-effective-date",
        "deemed-consent",
        "adverse-change-548-4",
    }
    adverse = next(f for f in findings if f.code == "adverse-change-548-4")
    assert adverse.location == "第4条"
    assert "new power of the provider" in adverse.message


RESELLER = OwnObligation(("fees", "data"), 30, "notify our customers")


def test_own_obligation_due_thirty_days_after_a_fee_change_is_first_seen() -> None:
    findings = assess(revision_003(), first_seen=FIRST_SEEN, own=[RESELLER], today=FIRST_SEEN)
    (due,) = [f for f in findings if f.code == "own-obligation-due"]
    assert (due.due, due.days, due.severity, due.location) == (
        date(2026, 12, 23),
        30,
        "low",
        "別紙第4号",
    )
    assert due.message == (
        "notify our customers by 2026-12-23: 別紙第4号 changed (fees); "
        "first seen 2026-11-23 + 30 days."
    )


@pytest.mark.parametrize(
    ("today", "severity", "days"),
    [(date(2026, 12, 16), "medium", 7), (date(2026, 12, 24), "high", -1), (None, "low", 30)],
)
def test_own_obligation_severity_follows_today(
    today: date | None, severity: str, days: int
) -> None:
    (due,) = [
        f
        for f in assess(revision_003(), first_seen=FIRST_SEEN, own=[RESELLER], today=today)
        if f.code == "own-obligation-due"
    ]
    assert (due.severity, due.days, due.due) == (severity, days, date(2026, 12, 23))


def test_own_obligations_react_only_to_their_flags() -> None:
    jurisdiction = OwnObligation(("jurisdiction",), 10, "tell legal")
    notice = OwnObligation(("notice", "service"), 5, "review the service plan")
    findings = assess(revision_003(), first_seen=FIRST_SEEN, own=[jurisdiction, notice])
    owned = [(f.location, f.due) for f in findings if f.code == "own-obligation-due"]
    assert owned == [("第8条第2項", date(2026, 11, 28))]


def test_own_obligation_without_dates_has_no_due_date() -> None:
    findings = assess(revision_003(), first_seen=None, own=[RESELLER])
    (due,) = [f for f in findings if f.code == "own-obligation-due"]
    assert due.due is None
    assert "within 30 days" in due.message


def test_findings_are_sorted_most_urgent_first() -> None:
    findings = assess(revision_003(), first_seen=FIRST_SEEN, own=[RESELLER], today=FIRST_SEEN)
    keys = [(SEVERITIES.index(f.severity), f.due or date.max) for f in findings]
    assert keys == sorted(keys)


def test_assess_accepts_a_flagged_comparison() -> None:
    plain = assess(revision_003(), first_seen=FIRST_SEEN, own=[RESELLER])
    flagged = assess(flag_comparison(revision_003()), first_seen=FIRST_SEEN, own=[RESELLER])
    assert plain == flagged
