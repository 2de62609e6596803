"""Which paragraphs (項) and items (号) of a modified article changed."""

from __future__ import annotations

from tracker.compare.locations import changed_locations
from tracker.model import Item, Paragraph, Section, SectionKind, render_body


def article(number: str, *paragraphs: Paragraph) -> Section:
    return Section(
        number,
        SectionKind.ARTICLE,
        f"第{number}条",
        None,
        None,
        render_body(paragraphs),
        paragraphs,
    )


def test_changed_paragraph() -> None:
    old = article("8", Paragraph("1", "甲"), Paragraph("2", "乙"))
    new = article("8", Paragraph("1", "甲"), Paragraph("2", "丙"))
    assert changed_locations(old, new) == ("第8条第2項",)


def test_single_paragraph_article_is_named_by_the_article_alone() -> None:
    assert changed_locations(
        article("6", Paragraph("1", "甲")), article("6", Paragraph("1", "乙"))
    ) == ("第6条",)


def test_changed_item_inside_a_paragraph() -> None:
    items = (Item("1", "一"), Item("2", "二"), Item("3", "三"))
    edited = (Item("1", "一"), Item("2", "二"), Item("3", "参"))
    old = article("11.1", Paragraph("1", "頭"), Paragraph("2", "次の各号", items))
    new = article("11.1", Paragraph("1", "頭"), Paragraph("2", "次の各号", edited))
    assert changed_locations(old, new) == ("第11.1条第2項第3号",)


def test_inserted_and_removed_paragraphs_are_marked() -> None:
    old = article("3", Paragraph("1", "甲"), Paragraph("2", "乙"), Paragraph("3", "丙"))
    new = article("3", Paragraph("1", "甲"), Paragraph("2", "丁"), Paragraph("3", "乙"))
    assert changed_locations(old, new) == ("第3条第2項（新設）", "第3条第3項（削除）")


def test_inserted_item_does_not_flag_the_shifted_ones() -> None:
    old = article("5", Paragraph("1", "次の各号", (Item("1", "一"), Item("2", "二"))))
    new = article(
        "5", Paragraph("1", "次の各号", (Item("1", "一"), Item("2", "新"), Item("3", "二")))
    )
    assert changed_locations(old, new) == ("第5条第2号（新設）",)


def test_sections_without_paragraphs_have_no_locations() -> None:
    old = Section("9", SectionKind.ARTICLE, "第9条", None, None, "甲")
    new = Section("9", SectionKind.ARTICLE, "第9条", None, None, "乙")
    assert changed_locations(old, new) == ()
