"""A section's lines → paragraphs (項), items (号) and sub-items.

Scraped agreements have no indentation, so levels come from the *sequence of numbering styles*:
the first paragraph is unnumbered or `1.`; later paragraphs continue that numbering (`2`, `2.`);
the first other style that starts at one (`(1)`, `一`, `1)`) is the item level of that
paragraph; a further style that starts at one inside an item (`(a)`, `イ`, `(i)`) is the
sub-item level. A marker that does not continue its sequence is text: `3 か月前` wrapped to the
start of a line stays in its sentence.

Lines that continue a paragraph or item are joined (layout never shows); a line that began with
a bullet keeps it as `- ` on a line of its own, and so does a table row (cells separated by tabs).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.model import Item, Paragraph
from tracker.normalise import markers
from tracker.normalise.chars import CJK_SPACING, Spacing, compact, is_table_row

PARAGRAPH_STYLES = ("para-dot", "para-space")
# Markers with no bracket, which also begin ordinary words (`一 切` letter-spaced is 一切).
BARE_STYLES = ("kanji", "kana", "lower-dot", "digit-paren", *PARAGRAPH_STYLES)
SHORT_LEAD = 20  # characters: a lead this short is a heading (`1. 適用`), not a wrapped sentence


@dataclass(frozen=True)
class BodyLine:
    text: str  # folded
    segment: bool = False  # starts a new line in the canonical text (e.g. 第1条 inside 附則)
    metadata: bool = False  # only dates the document (`2023年9月15日制定`)
    heading: int = 0  # the source's markup made it a heading (`SourceLine.heading`)


@dataclass
class _Node:
    number: str
    segments: list[list[str]] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    numbered: int = 0  # children that took a number (a branch item `二の二` takes none)

    def add(self, text: str, *, new_segment: bool = False) -> None:
        if not text:
            return
        if new_segment or not self.segments:
            self.segments.append([text])
        else:
            self.segments[-1].append(text)

    def text(self, spacing: Spacing) -> str:
        return "\n".join(spacing.join(segment) for segment in self.segments)

    def as_item(self, spacing: Spacing) -> Item:
        children = tuple(c.as_item(spacing) for c in self.children)
        return Item(self.number, self.text(spacing), children)

    def as_paragraph(self, spacing: Spacing) -> Paragraph:
        children = tuple(c.as_item(spacing) for c in self.children)
        return Paragraph(self.number, self.text(spacing), children)


def _paragraph_style(marker: markers.Marker, raw: str) -> str | None:
    if marker.style != "para":
        return None
    return "para-dot" if raw[len(marker.label) : len(marker.label) + 1] == "." else "para-space"


NUMERIC_STYLES = ("paren-digit", "digit-paren", "kanji", "paren-kanji", *PARAGRAPH_STYLES)


def canonical_label(style: str, found: markers.Marker) -> str:
    """Numbers as ASCII digits whatever their printed form (`一`, `①`, `（１）` → `1`); letters
    and kana as printed."""
    return str(found.value) if style in NUMERIC_STYLES else found.label


def _kana_value(label: str, order: str | None) -> int:
    return markers.iroha_value(label) if order == "iroha" else markers.AIUEO.index(label) + 1


@dataclass
class _BodyParser:
    spacing: Spacing = CJK_SPACING
    paragraphs: list[_Node] = field(default_factory=list)
    paragraph_style: str | None = None
    item_style: str | None = None
    sub_style: str | None = None
    kana_order: dict[str, str] = field(default_factory=dict)  # level → "iroha" | "aiu"
    item: _Node | None = None
    sub: _Node | None = None

    def paragraph(self) -> _Node:
        if not self.paragraphs:
            self.paragraphs.append(_Node("1"))
        return self.paragraphs[-1]

    def deepest(self) -> _Node:
        return self.sub or self.item or self.paragraph()

    def may_start_list(self) -> bool:
        """A first item with a bare marker needs the text before it to end a clause (or to be
        a short heading-like lead such as `適用`), so a numeral wrapped to the start of a line in
        mid-sentence stays text. Paragraph numbers need no such check: items and truncated
        sentences end without `。`, and the sequence and counter rules already guard them."""
        if not self.paragraphs:
            return True
        node = self.deepest()
        if not node.segments:
            return True
        last = self.spacing.join(node.segments[-1])
        return markers.ends_clause(last) or (len(node.segments) == 1 and len(last) <= SHORT_LEAD)

    def feed(self, line: BodyLine) -> None:
        bulleted, core = markers.split_bullet(line.text)
        found = markers.marker(core)
        if found and self._take_marker(found, core, bulleted):
            return
        text = self.spacing.spacing(core)
        if bulleted:
            self.deepest().add(f"- {text}", new_segment=True)
        else:
            self.deepest().add(text, new_segment=line.segment or is_table_row(core))

    def _take_marker(self, found: markers.Marker, core: str, bulleted: bool) -> bool:
        found = self._letter_or_roman(found)
        style = _paragraph_style(found, core)
        if style and not bulleted and self._try_paragraph(style, found):
            return True
        style = style or found.style
        return self._try_item(style, found) or self._try_sub_item(style, found)

    def _letter_or_roman(self, found: markers.Marker) -> markers.Marker:
        """`(i)`, `(v)`, `(x)` are Roman numerals, except where they continue a list of
        letters: (h) ⏎ (i) is the ninth item, not a first sub-item."""
        if found.style != "paren-roman" or len(found.label) != 1:
            return found
        value = ord(found.label) - ord("a") + 1
        items = self.paragraphs[-1].numbered if self.paragraphs else 0
        as_item = self.item_style == "paren-lower" and value == items + 1
        as_sub = (
            self.sub_style == "paren-lower"
            and self.item is not None
            and value == len(self.item.children) + 1
        )
        if as_item or as_sub:
            return markers.Marker("paren-lower", found.label, value, found.rest)
        return found

    def _try_paragraph(self, style: str, found: markers.Marker) -> bool:
        expected = len(self.paragraphs) + 1
        if self.paragraphs and not self.paragraphs[0].segments and not self.paragraphs[0].children:
            expected = 1  # an empty implicit first paragraph
        if self.paragraph_style not in (None, style) or found.value != expected:
            return False
        if self.paragraph_style is None and self.item_style == style:
            return False
        self.paragraph_style = style
        if expected == 1 and self.paragraphs:
            node = self.paragraphs[0]
        else:
            node = _Node(found.label)
            self.paragraphs.append(node)
        node.add(self.spacing.spacing(found.rest))
        # Each paragraph numbers its own items: (A)… in paragraph 1, (1)… in paragraph 4.
        self.item = self.sub = None
        self.item_style = self.sub_style = None
        self.kana_order.clear()
        return True

    def _value(self, style: str, found: markers.Marker, level: str) -> int:
        if style in ("kana", "paren-kana"):
            order = self.kana_order.get(level)
            if order is None:
                return 1 if found.label in "アイ" else 0
            return _kana_value(found.label, order)
        return found.value

    def _starts_level(self, style: str, found: markers.Marker, level: str) -> bool:
        if self._value(style, found, level) != 1:
            return False
        if style in BARE_STYLES and not self.may_start_list():
            return False
        if style in ("kana", "paren-kana"):
            self.kana_order[level] = "iroha" if found.label == "イ" else "aiu"
        return True

    def _try_item(self, style: str, found: markers.Marker) -> bool:
        if self.item_style is None:
            if style == self.paragraph_style or not self._starts_level(style, found, "item"):
                return False
            self.item_style = style
        elif style != self.item_style:
            return False
        paragraph = self.paragraph()
        if found.branch:  # `二の二` follows item 二 (or 二の…) without taking a number
            if not paragraph.children or found.value != paragraph.numbered:
                return False
            label = "-".join(str(n) for n in (found.value, *found.branch))
        elif self._value(style, found, "item") != paragraph.numbered + 1:
            return False
        else:
            label = canonical_label(style, found)
            paragraph.numbered += 1
        self.item = _Node(label)
        self.item.add(self.spacing.spacing(found.rest))
        paragraph.children.append(self.item)
        self.sub = None
        return True

    def _try_sub_item(self, style: str, found: markers.Marker) -> bool:
        if self.item is None or style == self.item_style:
            return False
        if self.sub_style is None:
            if style == self.paragraph_style or not self._starts_level(style, found, "sub"):
                return False
            self.sub_style = style
        elif style != self.sub_style:
            return False
        if self._value(style, found, "sub") != len(self.item.children) + 1:
            return False
        self.sub = _Node(canonical_label(style, found))
        self.sub.add(self.spacing.spacing(found.rest))
        self.item.children.append(self.sub)
        return True


def parse_body(lines: list[BodyLine], spacing: Spacing = CJK_SPACING) -> tuple[Paragraph, ...]:
    """Paragraphs of a section body, each with its items.

    >>> ps = parse_body([BodyLine("当社は、次の"), BodyLine("とおりとします。"),
    ...                  BodyLine("(1) 甲"), BodyLine("(2) 乙"), BodyLine("2 前項の")])
    >>> [(p.number, p.text, [i.text for i in p.items]) for p in ps]
    [('1', '当社は、次のとおりとします。', ['甲', '乙']), ('2', '前項の', [])]
    """
    parser = _BodyParser(spacing)
    for line, starts_line in zip(lines, _table_boundaries(lines), strict=True):
        parser.feed(BodyLine(line.text, line.segment or starts_line, line.metadata))
    return tuple(p.as_paragraph(spacing) for p in parser.paragraphs)


TABLE_TITLE = 40  # characters: a longer line before a table is a sentence, not its title


def _table_boundaries(lines: list[BodyLine]) -> list[bool]:
    """Which lines start a line of their own because of a table: the first line after a table
    row that is not a row (a note such as `(※1)…`), and the short title lines that lead into a
    table (`表1-1 初期費用(…)`). Table rows themselves are handled by the parser."""
    rows = [is_table_row(line.text) for line in lines]
    starts = [False] * len(lines)
    for index in range(1, len(lines)):
        starts[index] = rows[index - 1] and not rows[index]
    leads_into_table = False
    for index in range(len(lines) - 1, -1, -1):
        if rows[index]:
            leads_into_table = True
            continue
        text = lines[index].text
        is_title = (
            leads_into_table
            and len(compact(text)) <= TABLE_TITLE
            and not text.rstrip().endswith(("。", "、"))
            and markers.marker(text) is None
        )
        starts[index] = starts[index] or is_title
        leads_into_table = is_title
    return starts
