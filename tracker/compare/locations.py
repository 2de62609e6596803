"""Which paragraphs (項) and items (号) of a modified section changed: "第8条第2項", "第3条第1号".

Paragraphs are aligned by their whole content (text and items), the unmatched ones paired in
order; inside a pair, a changed paragraph sentence names the paragraph, and changed items name
the items. Names use the new numbering; a paragraph or item that is gone uses the old one and
says （削除）, a new one says （新設）. An article with a single paragraph on both sides is named
without 第1項, as statutes do.

A section numbered the English way is named the English way: `3.4`, `3.4(7)`, `3.4 ¶2`,
`Section 2(a)`, with ` (new)` and ` (deleted)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import Final, TypeVar

from tracker.model import (
    Item,
    Paragraph,
    Section,
    SectionKind,
    item_marker,
    layout_key,
    render_item,
)
from tracker.normalise.scheme import is_mostly_latin

ADDED_MARK = "（新設）"
REMOVED_MARK = "（削除）"

_UNNAMED = {
    SectionKind.PREAMBLE: "前文",
    SectionKind.SUPPLEMENTARY: "附則",
    SectionKind.APPENDIX: "別表",
    SectionKind.ARTICLE: "条",
    SectionKind.UNNUMBERED: "見出しのみの部分",
}
_UNNAMED_EN = {
    SectionKind.PREAMBLE: "Preamble",
    SectionKind.SUPPLEMENTARY: "Supplementary provisions",
    SectionKind.APPENDIX: "Appendix",
    SectionKind.ARTICLE: "Section",
    SectionKind.UNNUMBERED: "Unnumbered part",
}
_JAPANESE_NUMBER: Final = re.compile(r"[第条條附付則別表紙記添図]")


def is_western(section: Section) -> bool:
    """Numbered the English way (`1.1`, `Section 2`, `Article III`), or in English with no
    number at all: named the English way in reports.

    >>> is_western(Section("1.1", SectionKind.ARTICLE, "1.1", None, None, "You agree"))
    True
    >>> is_western(Section("1.1", SectionKind.ARTICLE, "第1.1条", None, None, "本約款"))
    False
    """
    if section.kind is SectionKind.UNNUMBERED:
        return True
    if section.number:
        return not _JAPANESE_NUMBER.search(section.number)
    return is_mostly_latin([section.title or "", section.text[:400]])


def section_label(section: Section) -> str:
    """How a section is named in reports: its printed number, its heading when it has no
    number, or a word for its kind."""
    if section.number:
        return section.number
    if section.kind is SectionKind.UNNUMBERED and section.title:
        return section.title
    return (_UNNAMED_EN if is_western(section) else _UNNAMED)[section.kind]


def added_mark(section: Section) -> str:
    return " (new)" if is_western(section) else ADDED_MARK


def removed_mark(section: Section) -> str:
    return " (deleted)" if is_western(section) else REMOVED_MARK


def paragraph_location(section: Section, base: str, number: str, *, single: bool) -> str:
    """`第8条第2項` (or `第8条` when the article has one paragraph); `3.4 ¶2` (`3.4`)."""
    if single:
        return base
    return f"{base} ¶{number}" if is_western(section) else f"{base}第{number}項"


def item_location(section: Section, item: Item) -> str:
    """What an item adds to its paragraph's name: `第3号`, `(イ)`; `(3)`, `(a)`."""
    return item_marker(item.number) if is_western(section) else _item_name(item)


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

    def old_name(paragraph: Paragraph) -> str:
        return paragraph_location(old, old_base, paragraph.number, single=single)

    def new_name(paragraph: Paragraph) -> str:
        return paragraph_location(new, new_base, paragraph.number, single=single)

    found: list[str] = []
    for before, after in _align(old.paragraphs, new.paragraphs, _paragraph_content):
        if after is None:
            assert before is not None
            found.append(old_name(before) + removed_mark(old))
        elif before is None:
            found.append(new_name(after) + added_mark(new))
        else:
            if layout_key(before.text) != layout_key(after.text):
                found.append(new_name(after))
            names = (old_name(before), new_name(after))
            found.extend(_changed_items(before.items, after.items, names, (old, new)))
    return tuple(found)


def _changed_items(
    old: tuple[Item, ...],
    new: tuple[Item, ...],
    bases: tuple[str, str],
    sections: tuple[Section, Section],
) -> list[str]:
    (old_base, new_base), (old_section, new_section) = bases, sections
    found: list[str] = []
    for before, after in _align(old, new, _item_content):
        if after is None:
            assert before is not None
            found.append(old_base + item_location(old_section, before) + removed_mark(old_section))
        elif before is None:
            found.append(new_base + item_location(new_section, after) + added_mark(new_section))
        elif _item_content(before) != _item_content(after):
            found.append(new_base + item_location(new_section, after))
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
