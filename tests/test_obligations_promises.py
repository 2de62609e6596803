"""Reading the promises of each seed: its change clause and every notice obligation, located."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tracker.model import Document, Paragraph, Section, SectionKind
from tracker.normalise import normalise
from tracker.obligations import Duration, Promises, read_promises
from tracker.obligations.clauses import section_promises

SEEDS = Path(__file__).parent.parent / "snapshots" / "seeds"


@cache
def seed(prefix: str) -> Document:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return normalise(path.read_text(encoding="utf-8"), source=path.name)


@cache
def promises(prefix: str) -> Promises:
    return read_promises(seed(prefix))


def notices(prefix: str) -> list[tuple[object, ...]]:
    return [
        (
            n.location,
            n.kind,
            n.party,
            n.lead_time.text if n.lead_time else None,
            n.anchor,
            n.methods,
            n.conditions,
        )
        for n in promises(prefix).notices
    ]


WEB = ("ウェブサイト掲示", "当社が定める方法")


@pytest.mark.parametrize(
    ("prefix", "location", "flags", "methods"),
    [
        ("000", "第19条", {"deemed_consent"}, WEB),
        ("001", "第4条", {"effective_on_posting"}, WEB),
        ("002", "第1.2条", {"deemed_consent"}, WEB),
        ("003", "第2条", set(), ("当社が定める方法",)),
        ("004", "第2条", {"deemed_consent"}, WEB),
    ],
)
def test_each_seed_has_one_change_clause_with_its_wording(
    prefix: str, location: str, flags: set[str], methods: tuple[str, ...]
) -> None:
    (clause,) = promises(prefix).change_clauses
    assert clause.location == location
    found = {
        name
        for name in ("no_notice", "effective_on_posting", "deemed_consent")
        if getattr(clause, name)
    }
    assert found == flags
    assert clause.methods == methods
    # None of the seeds promises a lead time for changes of the terms (notes §7).
    assert clause.lead_time is None
    assert clause.risky == bool(flags)


def test_seed_000_change_clause_deems_consent_from_use_after_website_posting() -> None:
    (clause,) = promises("000").change_clauses
    assert "https://soracom.jp/share/terms/" in clause.quote
    assert notices("000") == [
        ("第11条第2項", "service-change", "provider", None, None, (), ()),
        ("第19条", "change-clause", "provider", None, None, WEB, ()),
    ]


def test_seed_001_change_clause_applies_from_the_notice_itself() -> None:
    (clause,) = promises("001").change_clauses
    assert "当該通知の時から適用" in clause.quote
    assert not clause.deemed_consent
    assert notices("001") == [
        ("第4条第2項", "change-clause", "provider", None, None, WEB, ()),
        ("第13条第2項", "termination", "provider", "2週間", None, (), ()),
    ]


def test_seed_001_provider_termination_needs_two_weeks_notice() -> None:
    termination = promises("001").notices[1]
    assert termination.lead_time == Duration(2, "week")
    assert termination.lead_time.days() == 14
    assert "いつでも解約することができる" in termination.quote


def test_seed_002_notices() -> None:
    assert notices("002") == [
        ("第1.2条", "change-clause", "provider", None, None, WEB, ()),
        (
            "第5.2条第2項",
            "suspension",
            "provider",
            None,
            None,
            ("ウェブサイト掲示",),
            ("緊急時を除く",),
        ),
        ("第9.3条第2項", "service-change", "provider", None, None, (), ("重要な変更",)),
    ]


def test_seed_003_service_changes_get_three_and_two_months_written_notice() -> None:
    assert notices("003") == [
        ("第2条第2項", "change-clause", "provider", None, None, ("当社が定める方法",), ()),
        (
            "第8条第2項",
            "service-change",
            "provider",
            "3か月",
            "変更又は終了",
            ("書面", "その他の方法"),
            ("重要な変更", "基本サービス"),
        ),
        (
            "第8条第3項",
            "service-change",
            "provider",
            "2か月",
            "変更又は終了",
            ("書面", "その他の方法"),
            ("重要な変更", "オプションサービス"),
        ),
        ("第8条第4項", "service-change", "provider", None, None, ("当社が定める方法",), ()),
        ("第19条", "termination", "customer", "3か月", "解除日", ("当社が定める方法",), ()),
        (
            "第30条第2項",
            "suspension",
            "provider",
            None,
            None,
            ("当社が定める方法",),
            ("緊急時を除く",),
        ),
        ("第34条第7項", "other", "provider", None, None, (), ()),
    ]


def test_seed_004_notices() -> None:
    assert notices("004") == [("第2条", "change-clause", "provider", None, None, WEB, ())]


def article(text: str, caption: str | None = None) -> Section:
    paragraphs = tuple(Paragraph(str(n), t) for n, t in enumerate(text.split("\n"), 1))
    return Section("5", SectionKind.ARTICLE, "第5条", caption, None, text, paragraphs)


def test_548_4_wording_no_notice_and_opt_out_are_read() -> None:
    section = article(
        "当社は、民法第548条の4の規定に基づき、本規約を変更することがあります。\n"
        "当社は、重要な変更の場合は効力発生日の14日前までに電子メールで通知します。\n"
        "軽微な変更は予告なく行うことがあります。契約者が変更を承諾しない場合は解約できます。",
        caption="本規約の変更",
    )
    (clause,) = section_promises(section).change_clauses
    assert clause.statutory_basis == "548条の4"
    assert clause.no_notice
    assert clause.materiality_trigger == "重要な変更"
    assert clause.opt_out == "承諾しない場合"
    assert clause.lead_time == Duration(14, "day")
    assert clause.anchor == "効力発生日"
    assert clause.methods == ("電子メール",)


def test_a_waiver_of_notice_is_not_a_promise() -> None:
    section = article("当社は、事前の通知なく本サービスを停止することができます。")
    assert section_promises(section).notices == ()


def test_notice_after_the_fact_is_not_a_promise_about_timing() -> None:
    section = article("当社は、措置を行ったときは、契約者に対してその旨を通知します。")
    assert section_promises(section).notices == ()


def test_a_customer_duty_to_inform_without_a_period_is_not_a_notice_period() -> None:
    section = article(
        "契約者は、変更があったときは、直ちに当社に対しその旨を通知するものとします。"
    )
    assert section_promises(section).notices == ()


def test_a_deleted_article_promises_nothing() -> None:
    deleted = Section("13", SectionKind.ARTICLE, "第13条", None, None, "削除", deleted=True)
    assert section_promises(deleted) == Promises()
