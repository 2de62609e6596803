"""Which paragraphs (項) and items (号) of a modified section changed: "第8条第2項", "第3条第1号".

Paragraphs are aligned by their whole content (text and items), the unmatched ones paired in
order; inside a pair, a changed paragraph sentence names the paragraph, and changed items name
the items. Names use the new numbering; a paragraph or item that is gone uses the old one and
says （削除）, a new one says （新設）. An article with a single paragraph on both sides is named
without 第1項, as statutes do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

from tracker.model import (
    Item,
    Paragraph,
    Section,
    SectionKind,
    item_marker,
    layout_key,
    render_item,
)

ADDED_MARK = "（新設）"
REMOVED_MARK = "（削除）"

_UNNAMED = {
    SectionKind.PREAMBLE: "前文",
    SectionKind.SUPPLEMENTARY: "附則",
    SectionKind.APPENDIX: "別表",
    SectionKind.ARTICLE: "条",
    SectionKind.UNNUMBERED: "見出しのみの部分",
}


def section_label(section: Section) -> str:
    """How a section is named in reports: its printed number, or a word for its kind."""
    return section.number or _UNNAMED[section.kind]


def changed_locations(old: Section, new: Section) -> tuple[str, ...]:
    """The changed paragraphs and items of a section present in both versions.

    >>> def article(*texts: str) -> Section:
    ...     paragraphs = tuple(Paragraph(str(n), t) for n, t in enumerate(texts, 1))
    ...     return Section("8", SectionKind.ARTICLE, "第8条", None, None, "", paragraphs)
    >>> changed_locations(article("甲", "乙"), article("甲", "丙"))
    ('第8条第2項',)
    """
    if not old.paragraphs and not new.paragraphs:
        return ()
    single = len(old.paragraphs) <= 1 and len(new.paragraphs) <= 1
    old_base, new_base = section_label(old), section_label(new)

    def paragraph_name(base: str, paragraph: Paragraph) -> str:
        return base if single else f"{base}第{paragraph.number}項"

    found: list[str] = []
    for before, after in _align(old.paragraphs, new.paragraphs, _paragraph_content):
        if after is None:
            assert before is not None
            found.append(paragraph_name(old_base, before) + REMOVED_MARK)
        elif before is None:
            found.append(paragraph_name(new_base, after) + ADDED_MARK)
        else:
            old_name, new_name = paragraph_name(old_base, before), paragraph_name(new_base, after)
            if layout_key(before.text) != layout_key(after.text):
                found.append(new_name)
            found.extend(_changed_items(before.items, after.items, old_name, new_name))
    return tuple(found)


def _changed_items(
    old: tuple[Item, ...], new: tuple[Item, ...], old_base: str, new_base: str
) -> list[str]:
    found: list[str] = []
    for before, after in _align(old, new, _item_content):
        if after is None:
            assert before is not None
            found.append(old_base + _item_name(before) + REMOVED_MARK)
        elif before is None:
            found.append(new_base + _item_name(after) + ADDED_MARK)
        elif _item_content(before) != _item_content(after):
            found.append(new_base + _item_name(after))
    return found


def _item_name(item: Item) -> str:
    return f"第{item.number}号" if item.number.isdigit() else item_marker(item.number)


def _paragraph_content(paragraph: Paragraph) -> str:
    return "\n".join([paragraph.text, *(line for i in paragraph.items for line in render_item(i))])


def _item_content(item: Item) -> str:
    """An item's text and sub-items, without its own number (which shifts when one is inserted)."""
    return "\n".join([item.text, *(line for sub in item.items for line in render_item(sub))])


_Part = TypeVar("_Part", Paragraph, Item)


def _align(
    old: Sequence[_Part], new: Sequence[_Part], content: Callable[[_Part], str]
) -> list[tuple[_Part | None, _Part | None]]:
    """The parts that differ: equal content aligned away, the rest paired in order."""
    matcher = SequenceMatcher(None, [content(p) for p in old], [content(p) for p in new], False)
    pairs: list[tuple[_Part | None, _Part | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = old[i1:i2], new[j1:j2]
        for k in range(max(len(olds), len(news))):
            pairs.append((olds[k] if k < len(olds) else None, news[k] if k < len(news) else None))
    return pairs
