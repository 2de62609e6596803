"""One small document per heading, numbering and date form the normaliser promises to read."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.model import Document, Section, SectionKind
from tracker.normalise import normalise

BODY = "当社は、この条の定めに従うものとします。"
# A full line that a PDF wrapped in mid-sentence (long enough not to read as a title).
WRAPPED = "当社は、ユーザーが本サービスを利用するにあたり、当社が定める"


def parse(*lines: str) -> Document:
    return normalise("\n".join(lines) + "\n", source="test.txt")


def keys(doc: Document) -> list[str]:
    return [s.key for s in doc.sections]


def get(doc: Document, key: str) -> Section:
    found = doc.section(key)
    assert found is not None, f"no section {key!r}; keys {keys(doc)}"
    return found


def filler(first: int, last: int) -> list[str]:
    """Plain articles 第first条 … 第last条, so a test can print the number it is about."""
    lines: list[str] = []
    for n in range(first, last + 1):
        lines += [f"第{n}条（雑則）", BODY]
    return lines


_DIGITS = "〇一二三四五六七八九"


def kanji(n: int) -> str:
    """Place-value kanji numerals below 1000: 12 → 十二, 101 → 百一."""
    out = ""
    for value, mark in ((100, "百"), (10, "十")):
        count, n = divmod(n, value)
        if count:
            out += ("" if count == 1 else _DIGITS[count]) + mark
    return out + (_DIGITS[n] if n else "")


def test_kanji_helper() -> None:
    assert [kanji(n) for n in (1, 10, 12, 20, 99, 100, 101, 110)] == [
        "一", "十", "十二", "二十", "九十九", "百", "百一", "百十",
    ]  # fmt: skip


# --------------------------------------------------------------------------------------------
# Article numbers


def test_ascii_number_gives_key_and_number() -> None:
    doc = parse("第1条（目的）", BODY, "第2条（定義）", BODY)
    assert keys(doc) == ["1", "2"]
    assert [s.number for s in doc.sections] == ["第1条", "第2条"]
    assert {s.kind for s in doc.sections} == {SectionKind.ARTICLE}


def test_full_width_number_is_folded() -> None:
    doc = parse("第１条（目的）", BODY, "第２条（定義）", BODY)
    assert keys(doc) == ["1", "2"]
    assert get(doc, "1").number == "第1条"


def test_spaced_number_is_collapsed() -> None:
    doc = parse("第 1 条 (目的)", BODY, "第 2 条 (定義)", BODY)
    assert keys(doc) == ["1", "2"]
    assert get(doc, "1").number == "第1条"
    assert get(doc, "1").title == "目的"


def test_kanji_numbers_up_to_twelve_keep_their_printed_number() -> None:
    lines: list[str] = []
    for n in range(1, 13):
        lines += [f"第{kanji(n)}条（雑則）", BODY]
    doc = parse(*lines)
    assert keys(doc) == [str(n) for n in range(1, 13)]
    assert get(doc, "12").number == "第十二条"


def test_kanji_hundred_and_one_is_key_101() -> None:
    lines: list[str] = []
    for n in range(1, 102):
        lines += [f"第{kanji(n)}条（雑則）", BODY]
    doc = parse(*lines)
    assert keys(doc) == [str(n) for n in range(1, 102)]
    assert get(doc, "101").number == "第百一条"
    assert get(doc, "100").number == "第百条"


def test_decimal_number_gives_dotted_key() -> None:
    doc = parse("第1.1条 約款の適用", BODY, "第1.2条 約款の変更", BODY, "第2.1条 申込", BODY)
    assert keys(doc) == ["1.1", "1.2", "2.1"]
    assert get(doc, "1.2").number == "第1.2条"
    assert get(doc, "1.2").title == "約款の変更"


def test_branch_number_gives_dashed_key_in_document_order() -> None:
    doc = parse(*filler(1, 3), "第3条の2（本人認証）", BODY, *filler(4, 4))
    assert keys(doc) == ["1", "2", "3", "3-2", "4"]
    assert get(doc, "3-2").number == "第3条の2"
    assert get(doc, "3-2").title == "本人認証"


def test_deleted_article_keeps_its_slot() -> None:
    doc = parse(*filler(1, 12), "第13条 削除", *filler(14, 14))
    assert keys(doc) == [str(n) for n in range(1, 15)]
    deleted = get(doc, "13")
    assert deleted.deleted is True
    assert deleted.text == "削除"
    assert deleted.title is None
    assert get(doc, "12").text == BODY
    assert get(doc, "14").deleted is False


# --------------------------------------------------------------------------------------------
# Captions


def test_caption_on_the_line_before_the_number() -> None:
    doc = parse(
        "（目的）", "第1条 本規約は、本サービスの利用条件を定めます。", "（定義）", "第2条 " + BODY
    )
    assert [s.title for s in doc.sections] == ["目的", "定義"]
    assert get(doc, "1").text == "本規約は、本サービスの利用条件を定めます。"
    assert "目的" not in get(doc, "1").text
    assert "定義" not in get(doc, "1").text


def test_caption_before_with_body_glued_to_the_number() -> None:
    doc = parse("（反社会的勢力の排除）", "第1条ソラコム及び利用者は、次の事項を確約します。")
    assert get(doc, "1").title == "反社会的勢力の排除"
    assert get(doc, "1").text == "ソラコム及び利用者は、次の事項を確約します。"


def test_caption_after_the_number_with_body_on_the_same_line() -> None:
    doc = parse("第1条（目的）本規約は、本サービスの利用条件を定めます。")
    assert get(doc, "1").title == "目的"
    assert get(doc, "1").text == "本規約は、本サービスの利用条件を定めます。"


def test_caption_after_the_number_with_body_on_the_next_line() -> None:
    doc = parse("第1条（目的）", "本規約は、本サービスの利用条件を定めます。")
    assert get(doc, "1").title == "目的"
    assert get(doc, "1").text == "本規約は、本サービスの利用条件を定めます。"


def test_caption_in_brackets_on_the_line_after_the_number() -> None:
    doc = parse("第1条", "（目的）", "本規約は、本サービスの利用条件を定めます。")
    assert get(doc, "1").title == "目的"
    assert get(doc, "1").text == "本規約は、本サービスの利用条件を定めます。"


def test_unbracketed_caption_after_a_space() -> None:
    doc = parse("第1条 目的", "本規約は、本サービスの利用条件を定めます。")
    assert get(doc, "1").title == "目的"
    assert get(doc, "1").text == "本規約は、本サービスの利用条件を定めます。"


def test_unbracketed_caption_glued_to_the_number() -> None:
    doc = parse(*filler(1, 9), "第10条目的", "本規約は、本サービスの利用条件を定めます。")
    assert get(doc, "10").title == "目的"
    assert get(doc, "10").text == "本規約は、本サービスの利用条件を定めます。"


def test_caption_after_full_width_space_loses_the_space() -> None:
    doc = parse("第1条 　利用契約上の地位の譲渡等", BODY)
    assert get(doc, "1").title == "利用契約上の地位の譲渡等"


@pytest.mark.parametrize("caption", ["（目的）", "(目的)", "【目的】", "[目的]", "［目的］"])
def test_caption_brackets_are_removed(caption: str) -> None:
    doc = parse(f"第1条{caption}", BODY)
    assert get(doc, "1").title == "目的"


def test_caption_containing_brackets_loses_only_the_outer_ones() -> None:
    doc = parse("第1条（名義変更(契約上の地位の移転又は承継)）", BODY)
    assert get(doc, "1").title == "名義変更(契約上の地位の移転又は承継)"


def test_caption_with_radicals_and_spaces_is_canonical() -> None:
    doc = parse("（利⽤規約の 適⽤）", "第1条  本規約は、当⽉の⽇程に従い⽣成します。")
    assert get(doc, "1").title == "利用規約の適用"
    assert get(doc, "1").text == "本規約は、当月の日程に従い生成します。"


# --------------------------------------------------------------------------------------------
# What is not a heading


def test_table_of_contents_with_bullets_is_not_a_section() -> None:
    doc = parse(
        "サンプル利用規約",
        "目次",
        "第1章 総則",
        "- 第1条 (目的)",
        "- 第2条 (定義)",
        "第1章 総則",
        "第1条 (目的)",
        "本規約は、本サービスの利用条件を定めます。",
        "第2条 (定義)",
        BODY,
    )
    assert keys(doc) == ["1", "2"]
    assert get(doc, "1").text == "本規約は、本サービスの利用条件を定めます。"
    assert get(doc, "1").chapter == "第1章 総則"


def test_table_of_contents_without_bullets_is_not_a_section() -> None:
    doc = parse(
        "サンプル利用規約",
        "目次",
        "第 1 条 (目的)",
        "第 2 条 (定義)",
        "附則",
        "第1条 (目的)",
        "本規約は、本サービスの利用条件を定めます。",
        "第2条 (定義)",
        BODY,
        "附則",
        "本規約は、2024年6月9日から施行します。",
    )
    assert keys(doc) == ["1", "2", "suppl"]
    assert [s.title for s in doc.articles] == ["目的", "定義"]
    assert get(doc, "2").text == BODY


def test_reference_with_captions_at_line_start_is_not_a_heading() -> None:
    doc = parse(
        *filler(1, 36),
        "第37条 (割増金)",
        "当社は、割増金を請求することができます。",
        "第38条 (延滞損害金)",
        "当社は、延滞損害金を請求することができます。",
        "第39条 (割増金等の支払方法)",
        "第 37 条(割増金)及び第 38 条(延滞損害金)に定める割増金、延滞損害金の支払いについては、",
        "当社が指定する方法により支払うものとします。",
        "第40条 (消費税等)",
        BODY,
    )
    assert keys(doc) == [str(n) for n in range(1, 41)]
    assert get(doc, "39").text == (
        "第37条(割増金)及び第38条(延滞損害金)に定める割増金、延滞損害金の支払いについては、"
        "当社が指定する方法により支払うものとします。"
    )
    assert get(doc, "37").text == "当社は、割増金を請求することができます。"


@pytest.mark.parametrize(
    "reference",
    [
        "第8条その他の本規約の規定に違反しているものと判断した場合には、措置をとります。",
        "第5条第2項に定める措置をとります。",
        "第5条に定める措置をとります。",
        "第6条の規定により措置をとります。",
        "第1条から第3条までの規定に従い措置をとります。",
    ],
)
def test_reference_at_line_start_is_not_a_heading(reference: str) -> None:
    # A PDF wrap puts the reference at a line start; the line before is full (not a title).
    doc = parse(*filler(1, 8), "第9条（措置）", WRAPPED, reference, *filler(10, 10))
    assert keys(doc) == [str(n) for n in range(1, 11)]
    assert get(doc, "9").text == WRAPPED + reference


def test_cross_reference_number_out_of_sequence_does_not_restart_articles() -> None:
    doc = parse(*filler(1, 2), "第3条（準用）", WRAPPED, "第1条 (目的) の規定を準用します。")
    assert keys(doc) == ["1", "2", "3"]
    assert get(doc, "3").text == WRAPPED + "第1条(目的)の規定を準用します。"


# --------------------------------------------------------------------------------------------
# Chapters and sections (節)


def test_chapter_heading_is_carried_by_its_articles() -> None:
    doc = parse("第1章 総則", *filler(1, 2), "第2章 契約", *filler(3, 3))
    assert [s.chapter for s in doc.sections] == ["第1章 総則", "第1章 総則", "第2章 契約"]
    assert all("章" not in s.text for s in doc.sections)


def test_letter_spaced_chapter_heading_is_canonical() -> None:
    doc = parse("第 1 章 総 則", *filler(1, 1), "第 2 章　契 約", *filler(2, 2))
    assert [s.chapter for s in doc.sections] == ["第1章 総則", "第2章 契約"]


def test_chapter_with_latin_title_keeps_one_space_after_the_number() -> None:
    doc = parse("第9章  SORACOMシステムの利用", *filler(1, 1))
    assert get(doc, "1").chapter == "第9章 SORACOMシステムの利用"


def test_no_chapters_means_chapter_none() -> None:
    doc = parse(*filler(1, 2))
    assert [s.chapter for s in doc.sections] == [None, None]


def test_section_heading_inside_a_chapter_is_neither_a_section_nor_text() -> None:
    doc = parse(
        "第1章 総則", "第1節 通則", *filler(1, 1), "第2節 定義", *filler(2, 2), "第2章 契約",
        *filler(3, 3),
    )  # fmt: skip
    assert keys(doc) == ["1", "2", "3"]
    assert [s.chapter for s in doc.sections] == ["第1章 総則", "第1章 総則", "第2章 契約"]
    assert get(doc, "1").text == BODY
    assert get(doc, "2").text == BODY


# --------------------------------------------------------------------------------------------
# Paragraphs (項)


@pytest.mark.parametrize("marker", ["2 ", "２ ", "2. ", "２．", "２　"])
def test_paragraph_number_forms(marker: str) -> None:
    doc = parse("第1条（目的）", "甲は乙に通知します。", f"{marker}乙は甲に回答します。")
    art = get(doc, "1")
    assert [p.number for p in art.paragraphs] == ["1", "2"]
    assert art.text == "甲は乙に通知します。\n2 乙は甲に回答します。"


def test_first_paragraph_numbered_1_dot_prints_unnumbered() -> None:
    doc = parse("第1.1条 通知", "1. 甲は乙に通知します。", "2. 乙は甲に回答します。")
    art = get(doc, "1.1")
    assert [p.number for p in art.paragraphs] == ["1", "2"]
    assert art.text == "甲は乙に通知します。\n2 乙は甲に回答します。"


def test_wrapped_paragraph_lines_are_joined_without_separator() -> None:
    doc = parse(
        "第1条（目的）", WRAPPED, "方法で通知します。", "2 " + WRAPPED, "方法で回答します。"
    )
    assert get(doc, "1").text == (f"{WRAPPED}方法で通知します。\n2 {WRAPPED}方法で回答します。")


# --------------------------------------------------------------------------------------------
# Items (号) and sub-items


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("(1) ", "(2) "),
        ("(1)", "(2)"),
        ("（１）", "（２）"),
        ("① ", "② "),
        ("⑴ ", "⑵ "),
        ("一 ", "二 "),
        ("1) ", "2) "),
        ("- (1) ", "- (2) "),
    ],
)
def test_item_marker_forms(first: str, second: str) -> None:
    doc = parse(
        "第1条（禁止行為）",
        "利用者は、次の行為をしてはなりません。",
        f"{first}甲の行為",
        f"{second}乙の行為",
    )
    art = get(doc, "1")
    assert len(art.paragraphs) == 1
    assert [(i.number, i.text) for i in art.paragraphs[0].items] == [
        ("1", "甲の行為"),
        ("2", "乙の行為"),
    ]
    assert art.text == "利用者は、次の行為をしてはなりません。\n(1) 甲の行為\n(2) 乙の行為"


def test_items_belong_to_the_paragraph_they_follow() -> None:
    doc = parse(
        "第1条（解除）",
        "甲は、解除できます。",
        "2 乙は、次の場合に解除できます。",
        "(1) 甲の違反",
        "(2) 甲の倒産",
        "3 前項の解除は書面で行います。",
    )
    art = get(doc, "1")
    assert [len(p.items) for p in art.paragraphs] == [0, 2, 0]
    assert art.text == (
        "甲は、解除できます。\n2 乙は、次の場合に解除できます。\n(1) 甲の違反\n(2) 甲の倒産\n"
        "3 前項の解除は書面で行います。"
    )


def test_wrapped_item_lines_are_joined() -> None:
    doc = parse(
        "第1条（禁止行為）",
        "次の行為を禁止します。",
        "(1) " + WRAPPED,
        "設備に過大な負荷をかける行為",
    )
    assert get(doc, "1").paragraphs[0].items[0].text == WRAPPED + "設備に過大な負荷をかける行為"


@pytest.mark.parametrize(
    ("markers", "labels"),
    [
        (["イ ", "ロ ", "ハ "], ["イ", "ロ", "ハ"]),
        (["ア ", "イ ", "ウ "], ["ア", "イ", "ウ"]),
        (["(a) ", "(b) ", "(c) "], ["a", "b", "c"]),
        (["(i) ", "(ii) ", "(iii) "], ["i", "ii", "iii"]),
    ],
)
def test_sub_item_forms(markers: list[str], labels: list[str]) -> None:
    subs = [f"{m}{t}" for m, t in zip(markers, ["甲の場合", "乙の場合", "丙の場合"], strict=True)]
    doc = parse(
        "第1条（解除）",
        "当社は、次の場合に解除できます。",
        "(1) 次のいずれかの場合",
        *subs,
        "(2) 丁の場合",
    )
    items = get(doc, "1").paragraphs[0].items
    assert [i.number for i in items] == ["1", "2"]
    assert [(s.number, s.text) for s in items[0].items] == list(
        zip(labels, ["甲の場合", "乙の場合", "丙の場合"], strict=True)
    )
    assert get(doc, "1").text == "\n".join(
        [
            "当社は、次の場合に解除できます。",
            "(1) 次のいずれかの場合",
            *(
                f"({label}) {t}"
                for label, t in zip(labels, ["甲の場合", "乙の場合", "丙の場合"], strict=True)
            ),
            "(2) 丁の場合",
        ]
    )


# --------------------------------------------------------------------------------------------
# Supplementary provisions and appendices


def test_two_supplementary_provisions_get_suppl_and_suppl_2() -> None:
    doc = parse(
        *filler(1, 2),
        "附則",
        "本規約は、2023年4月1日から施行します。",
        "附則",
        "本規約は、2024年4月1日から施行します。",
    )
    assert keys(doc) == ["1", "2", "suppl", "suppl-2"]
    assert get(doc, "suppl").kind is SectionKind.SUPPLEMENTARY
    assert get(doc, "suppl-2").kind is SectionKind.SUPPLEMENTARY
    assert get(doc, "suppl").text == "本規約は、2023年4月1日から施行します。"
    assert get(doc, "suppl-2").text == "本規約は、2024年4月1日から施行します。"
    assert get(doc, "2").text == BODY


def test_supplementary_spelled_with_fu_is_the_same_kind() -> None:
    doc = parse(*filler(1, 1), "付則", "この利用規約は、2020年12月14日から改定実施します。")
    assert keys(doc) == ["1", "suppl"]
    assert get(doc, "suppl").number == "付則"


def test_articles_inside_a_supplementary_provision_do_not_collide_with_the_body() -> None:
    # How the 附則's own 第1条 is keyed is open; it must not replace or duplicate body 第1条.
    doc = parse(*filler(1, 2), "附則", "第1条（施行日）", "本規約は、2024年6月9日から施行します。")
    assert len(set(keys(doc))) == len(keys(doc))
    assert get(doc, "1").text == BODY
    assert get(doc, "2").text == BODY
    assert get(doc, "1").title == "雑則"
    assert doc.dates.effective == dt.date(2024, 6, 9)


@pytest.mark.parametrize(
    ("heading", "key", "title"),
    [
        ("別表", "appendix", None),
        ("別紙 料金表", "appendix", "料金表"),
        ("別記", "appendix", None),
        ("別表1 料金表", "appendix-1", "料金表"),
        ("別表第二 料金表", "appendix-2", "料金表"),
        ("別紙2", "appendix-2", None),
        ("別表第２（料金表）", "appendix-2", "料金表"),
    ],
)
def test_appendix_keys(heading: str, key: str, title: str | None) -> None:
    doc = parse(*filler(1, 1), heading, "基本料 月額1,000円")
    assert keys(doc) == ["1", key]
    appendix = get(doc, key)
    assert appendix.kind is SectionKind.APPENDIX
    assert appendix.title == title
    assert appendix.text == "基本料月額1,000円"


def test_two_numbered_appendices() -> None:
    doc = parse(
        *filler(1, 1),
        "別表第一 初期費用",
        "基本設定費 15,000円",
        "別表第二 月額費用",
        "基本料 5,000円",
    )
    assert keys(doc) == ["1", "appendix-1", "appendix-2"]
    assert [s.title for s in doc.sections[1:]] == ["初期費用", "月額費用"]


# --------------------------------------------------------------------------------------------
# Preamble


def test_preamble_is_the_text_before_the_first_article() -> None:
    doc = parse(
        "サンプル利用規約", "本規約は、当社のサービスの利用条件を定めるものです。", *filler(1, 1)
    )
    assert keys(doc) == ["preamble", "1"]
    assert get(doc, "preamble").kind is SectionKind.PREAMBLE
    assert get(doc, "preamble").text == "本規約は、当社のサービスの利用条件を定めるものです。"
    assert doc.title == "サンプル利用規約"


def test_no_preamble_when_only_title_and_dates_precede_article_1() -> None:
    doc = parse("制定：2025年6⽉25⽇", "サンプル利用規約", "2025年7月1日改定", *filler(1, 1))
    assert keys(doc) == ["1"]
    assert doc.title == "サンプル利用規約"


# --------------------------------------------------------------------------------------------
# Dates


def test_trailing_enactment_line_is_a_date_not_article_text() -> None:
    doc = parse(
        *filler(1, 1), "第2条（準拠法）", "本規約は日本法に準拠します。", "", "2023年9月15日制定"
    )
    assert get(doc, "2").text == "本規約は日本法に準拠します。"
    assert doc.dates.enacted == dt.date(2023, 9, 15)


@pytest.mark.parametrize(
    ("line", "field", "date"),
    [
        ("2023年9月15日制定", "enacted", dt.date(2023, 9, 15)),
        ("制定：2025年6⽉25⽇", "enacted", dt.date(2025, 6, 25)),
        ("令和7年6月25日制定", "enacted", dt.date(2025, 6, 25)),
        ("令和元年5月1日施行", "effective", dt.date(2019, 5, 1)),
        ("令和七年六月二十五日改定", "revised", dt.date(2025, 6, 25)),
        ("平成31年4月30日改訂", "revised", dt.date(2019, 4, 30)),
        ("2020年12月14日改定", "revised", dt.date(2020, 12, 14)),
        ("最終改定日：2024年3月1日", "revised", dt.date(2024, 3, 1)),
        ("2024年4月1日実施", "effective", dt.date(2024, 4, 1)),
    ],
)
def test_date_line_forms(line: str, field: str, date: dt.date) -> None:
    doc = parse("サンプル利用規約", line, *filler(1, 1))
    assert getattr(doc.dates, field) == date
    assert keys(doc) == ["1"]


def test_latest_revision_is_the_revised_date() -> None:
    doc = parse(
        *filler(1, 1),
        "2019年4月1日制定",
        "2020年4月1日改定",
        "2021年10月1日改定",
        "2021年1月1日改定",
    )
    assert doc.dates.enacted == dt.date(2019, 4, 1)
    assert doc.dates.revised == dt.date(2021, 10, 1)
    assert get(doc, "1").text == BODY


def test_effective_date_from_supplementary_provision_text() -> None:
    doc = parse(*filler(1, 1), "附則", "この利用規約は、2020年12月14日から改定実施します。")
    assert doc.dates.effective == dt.date(2020, 12, 14)
    assert doc.dates.revised == dt.date(2020, 12, 14)


def test_effective_date_in_era_form_from_supplementary_provision() -> None:
    doc = parse(*filler(1, 1), "附則", "この規約は、令和5年4月1日から施行します。")
    assert doc.dates.effective == dt.date(2023, 4, 1)


def test_as_of_date_is_not_an_effective_date() -> None:
    doc = parse("サンプル利用規約", "令和5年11月7日現在", *filler(1, 1))
    assert doc.dates.effective is None


def test_no_dates_means_none() -> None:
    assert parse(*filler(1, 2)).dates.as_json() == {
        "enacted": None,
        "revised": None,
        "effective": None,
    }


# --------------------------------------------------------------------------------------------
# Canonical characters


def test_radical_supplement_dot_leader_and_double_low_quote_are_mapped() -> None:
    doc = parse(
        "第1条（準拠法‧管轄）", "⺠事再⽣手続その他、法令の制定‧改廃及び‟You”の定義に従います。"
    )
    assert get(doc, "1").title == "準拠法・管轄"
    assert get(doc, "1").text == "民事再生手続その他、法令の制定・改廃及び“You”の定義に従います。"


def test_spaces_touching_japanese_go_and_latin_word_spaces_stay() -> None:
    doc = parse("第1条（目的）", "本規約は、 SORACOM Flux の IoT アプリ に 適用 します。")
    assert get(doc, "1").text == "本規約は、SORACOM FluxのIoTアプリに適用します。"


def test_latin_words_wrapped_across_lines_are_joined_with_one_space() -> None:
    doc = parse(
        "第1条（目的）",
        "本約款は、株式会社ソラコムが契約者に対して提供するSORACOM",
        "Fluxに適用します。",
    )
    assert (
        get(doc, "1").text
        == "本約款は、株式会社ソラコムが契約者に対して提供するSORACOM Fluxに適用します。"
    )


def test_space_next_to_punctuation_is_layout_and_goes_while_word_spaces_stay() -> None:
    # docs/decisions/0001: PDF producers add or omit spaces around kerned brackets and cell gaps,
    # so only a space between two letters or digits is content.
    doc = parse("第1条（目的）", "本規約は、Microsoft (Azure OpenAI Service) の利用に適用します。")
    assert get(doc, "1").text == "本規約は、Microsoft(Azure OpenAI Service)の利用に適用します。"


def test_full_width_latin_and_digits_are_folded() -> None:
    doc = parse(
        "第1条（延滞利息）", "ＳＯＲＡＣＯＭ　Ｆｌｕｘの料金は、年１４．５％の割合で計算します。"
    )
    assert get(doc, "1").text == "SORACOM Fluxの料金は、年14.5%の割合で計算します。"


def test_zero_width_characters_and_crlf_leave_no_trace() -> None:
    doc = normalise("第1条（目的）\r\n本規約は、\u200b利用\xad条件を定めます。\r\n", source="t.txt")
    assert get(doc, "1").text == "本規約は、利用条件を定めます。"


# --------------------------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "こんにちは",
        "第",
        "第条",
        "第1",
        "（",
        "附則",
        "別表",
        "目次",
        "\x00\x01",
        "2023年99月99日制定",
    ],
)
def test_text_without_articles_gives_a_document_not_an_error(text: str) -> None:
    doc = normalise(text, source="bad.txt")
    assert isinstance(doc, Document)
    assert doc.source == "bad.txt"
    assert doc.articles == ()
