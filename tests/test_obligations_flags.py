"""Flags on crafted edits of the seeds: one of each kind, and none for renumbering."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from tracker.compare import Change, ChangeKind, Comparison, compare_documents
from tracker.compare.chardiff import char_diff
from tracker.model import Document, Paragraph, Section, SectionKind
from tracker.normalise import normalise
from tracker.obligations import FLAGS, flag_change, flag_comparison, read_promises

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "snapshots" / "seeds"


@cache
def raw(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@cache
def seed(prefix: str) -> Document:
    return normalise(raw(prefix), source=f"{prefix}.txt")


def edited(prefix: str, *edits: tuple[str, str]) -> Comparison:
    text = raw(prefix)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return compare_documents(seed(prefix), normalise(text, source=f"{prefix}-edited.txt"))


def flags_by_key(comparison: Comparison) -> dict[str | None, tuple[str, ...]]:
    return {
        change.new_key or change.old_key: change.flags
        for change in flag_comparison(comparison).changes
    }


def test_a_fee_in_the_price_list_is_fees() -> None:
    comparison = edited(
        "003", ("サービス基本料\t5,000 円(税込 5,500円)", "サービス基本料\t6,000 円(税込 6,600円)")
    )
    assert flags_by_key(comparison) == {"appendix": ("fees",)}


def test_a_shorter_notice_period_for_basic_services_is_notice_and_service() -> None:
    comparison = edited(
        "003", ("変更又は終了する 3 か月前までに", "変更又は終了する 1 か月前までに")
    )
    assert flags_by_key(comparison) == {"8": ("notice", "service")}


def test_any_edit_of_the_change_clause_is_change_clause() -> None:
    comparison = edited(
        "000", ("本規約を変更できるものとします。", "本規約を随時変更できるものとします。")
    )
    assert flags_by_key(comparison) == {"19": ("change-clause",)}


def test_a_notice_period_added_to_the_change_clause_is_change_clause_and_notice() -> None:
    comparison = edited(
        "003",
        (
            "事前に通知又は周知するものとします",
            "効力発生日の30日前までに電子メールで通知するものとします",
        ),
    )
    assert flags_by_key(comparison) == {"2": ("change-clause", "notice")}


def test_a_notice_method_changed_anywhere_is_notice() -> None:
    comparison = edited(
        "003",
        (
            "その旨を別途定める方法で事前に通知又は周知します",
            "その旨を電子メールで事前に通知します",
        ),
    )
    assert flags_by_key(comparison) == {"30": ("notice", "service")}


def test_the_governing_law_article_is_jurisdiction() -> None:
    comparison = edited("003", ("東京地方裁判所を唯一の", "大阪地方裁判所を唯一の"))
    assert flags_by_key(comparison) == {"55": ("jurisdiction",)}


def test_a_customer_data_article_is_data() -> None:
    comparison = edited("003", ("契約者に同意を得た範囲内でのみ", "当社が必要と判断する範囲で"))
    assert "data" in flags_by_key(comparison)["53"]


def test_a_lower_liability_cap_is_liability() -> None:
    comparison = edited("000", ("直近3ケ月間", "直近1ケ月間"))
    assert "liability" in flags_by_key(comparison)["14"]


def test_the_customers_termination_notice_is_termination_and_notice() -> None:
    comparison = edited("003", ("解除日の3か月前までに", "解除日の6か月前までに"))
    assert flags_by_key(comparison) == {"19": ("notice", "termination")}


def test_a_new_ground_for_termination_by_the_provider_is_termination() -> None:
    comparison = edited(
        "003",
        (
            "(6) 当社が提供する他のサービスで、利用規約違反により契約を解除されたとき",
            "(6) 当社が提供する他のサービスで、利用規約違反により契約を解除されたとき\n"
            "(7) 契約者が当社の信用を毀損したとき",
        ),
    )
    assert "termination" in flags_by_key(comparison)["20"]


def test_renumbered_and_references_only_changes_carry_no_flags() -> None:
    revision = (ROOT / "snapshots" / "revisions" / "000_v2_article_inserted.txt").read_text(
        encoding="utf-8"
    )
    comparison = flag_comparison(compare_documents(seed("000"), normalise(revision)))
    for change in comparison.changes:
        if change.kind is ChangeKind.RENUMBERED or change.references_only:
            assert change.flags == ()
    # the renumbered change clause (第19条 → 第20条) is not a change of it
    assert all("change-clause" not in change.flags for change in comparison.changes)


def test_a_references_only_change_of_the_change_clause_is_still_change_clause() -> None:
    old = article("規約の変更", "当社は、第19条に定める方法で本規約を変更します。")
    new = article("規約の変更", "当社は、第20条に定める方法で本規約を変更します。")
    change = Change(
        ChangeKind.MODIFIED, old, new, char_diff(old.text, new.text), references_only=True
    )
    assert flag_change(change) == ("change-clause",)


def test_flag_comparison_returns_a_copy_and_reads_the_promises_of_both_sides() -> None:
    comparison = edited("003", ("東京地方裁判所を唯一の", "大阪地方裁判所を唯一の"))
    flagged = flag_comparison(comparison)
    assert comparison.changes[0].flags == ()
    assert flagged == replace(comparison, changes=flagged.changes)
    old, new = read_promises(comparison.old), read_promises(comparison.new)
    assert flagged.changes[0].flags == flag_change(comparison.changes[0], old, new)


def article(caption: str | None, text: str, key: str = "7") -> Section:
    return Section(
        key, SectionKind.ARTICLE, f"第{key}条", caption, None, text, (Paragraph("1", text),)
    )


@pytest.mark.parametrize(
    ("caption", "old", "new", "expected"),
    [
        ("料金", "月額料金は1,000円とします。", "月額料金は1,200円とします。", ("fees",)),
        (
            "解約",
            "契約者はいつでも解約できます。",
            "契約者は月末に解約できます。",
            ("termination",),
        ),
        ("免責", "当社は一切の責任を負いません。", "当社は責任を負いません。", ("liability",)),
        ("個人情報", "個人情報を保護します。", "個人情報を適切に保護します。", ("data",)),
        ("サービスの停止", "当社は停止できます。", "当社は中止できます。", ("service",)),
        ("管轄", "東京地方裁判所とします。", "大阪地方裁判所とします。", ("jurisdiction",)),
        ("通知", "通知は書面で行います。", "通知は口頭で行います。", ("notice",)),
        ("規約の変更", "変更します。", "変更することがあります。", ("change-clause",)),
        (None, "その他の事項は協議します。", "その他の事項は誠実に協議します。", ()),
    ],
)
def test_the_caption_gives_the_topic(
    caption: str | None, old: str, new: str, expected: tuple[str, ...]
) -> None:
    change = Change(
        ChangeKind.MODIFIED, article(caption, old), article(caption, new), char_diff(old, new)
    )
    assert flag_change(change) == expected


def test_an_added_section_is_flagged_from_its_whole_text() -> None:
    text = "当社は、料金を変更する場合、30日前までに電子メールで通知します。"
    change = Change(ChangeKind.ADDED, None, article(None, text), ((1, text),))
    assert flag_change(change) == ("notice", "fees")


def test_flags_are_listed_in_the_vocabulary_order() -> None:
    text = "当社は、個人情報の漏えいについて損害賠償の責任を負わず、料金も返金しません。"
    change = Change(ChangeKind.REMOVED, article(None, text), None, ((-1, text),))
    flags = flag_change(change)
    assert flags == tuple(flag for flag in FLAGS if flag in flags)
    assert set(flags) == {"fees", "liability", "data"}
