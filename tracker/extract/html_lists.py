"""How browsers number `<ol>` and `<ul>` items, for the HTML walk (`html.py`): the marker an
item draws (`(2)`, `(b)`, `(IV)`, `(ロ)`, `-`), and the text without a number its author also
typed (`<li>2. 利用</li>` in a list that draws 2 itself)."""

from __future__ import annotations

import re

from bs4.element import Tag

LISTS = ("ol", "ul", "menu", "dir")
_NO_MARKER = re.compile(r"list-style(?:-type)?\s*:\s*none", re.I)
_STYLE_TYPE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.I)

_IROHA = (
    "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
)
_AIUEO = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
)
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_DIGIT_CHARS = frozenset("0123456789０１２３４５６７８９")
MAX_LIST_NUMBER = 2**31 - 1


class ListState:
    """The numbering of one open `<ol>`/`<ul>`: what its next item's marker is."""

    def __init__(self, tag: Tag) -> None:
        self.ordered = tag.name == "ol"
        self.marked = not _NO_MARKER.search(_attr(tag, "style")) and _attr(tag, "type") != "none"
        self.style = _list_style(tag) if self.ordered else ""
        self.step = -1 if self.ordered and tag.has_attr("reversed") else 1
        first = _count_items(tag) if self.step < 0 and not tag.has_attr("start") else 1
        self.number = _int_attr(tag, "start", first)

    def next_marker(self, item: Tag) -> tuple[str, str | None] | None:
        """(marker, label) for `item`, or None when no marker is drawn; advances the count
        either way, as a hidden marker still takes its number."""
        number = _int_attr(item, "value", self.number) if self.ordered else 0
        self.number = number + self.step
        if not self.marked or _NO_MARKER.search(_attr(item, "style")):
            return None
        if not self.ordered:
            return "-", None
        label = _label(number, self.style)
        return f"({label})", label


def _count_items(tag: Tag) -> int:
    """How many items a list numbers: the `<li>` under `tag` with no other list in between.

    One walk that stops at nested lists, so each element is counted by its own list only:
    searching every `<li>` below and then its nearest list took minutes on 3,000 nested
    reversed lists."""
    count = 0
    stack = list(tag.contents)
    while stack:
        node = stack.pop()
        if isinstance(node, Tag) and node.name not in LISTS:
            count += node.name == "li"
            stack.extend(node.contents)
    return count


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def _int_attr(tag: Tag, name: str, default: int) -> int:
    """An integer attribute as browsers read a list number (32 bits), else `default`: a longer
    number is noise, and one of 4,300 digits would not even print."""
    try:
        value = int(_attr(tag, name).strip())
    except ValueError:
        return default
    return value if abs(value) <= MAX_LIST_NUMBER else default


def _list_style(tag: Tag) -> str:
    """The numbering style of an `<ol>` from its inline style or `type` attribute."""
    match = _STYLE_TYPE.search(_attr(tag, "style"))
    if match:
        return match.group(1).lower()
    return {"a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}.get(
        _attr(tag, "type"), "decimal"
    )


def _label(number: int, style: str) -> str:
    """The label an `<ol>` item shows, as browsers draw it (falls back to decimal).

    >>> [_label(n, s) for n, s in [(3, "decimal"), (2, "lower-alpha"), (4, "upper-roman"),
    ...                            (2, "katakana-iroha"), (3, "katakana")]]
    ['3', 'b', 'IV', 'ロ', 'ウ']
    """
    if number >= 1:
        if style in ("lower-alpha", "lower-latin", "upper-alpha", "upper-latin") and number <= 26:
            letter = chr(ord("a") + number - 1)
            return letter.upper() if style.startswith("upper") else letter
        if style in ("lower-roman", "upper-roman") and number < 4000:
            roman = _roman(number)
            return roman.upper() if style == "upper-roman" else roman
        if style == "katakana-iroha" and number <= len(_IROHA):
            return _IROHA[number - 1]
        if style == "katakana" and number <= len(_AIUEO):
            return _AIUEO[number - 1]
    return str(number)


def _roman(number: int) -> str:
    digits = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def without_literal_label(line: str, label: str) -> str:
    """The item text without a number the author typed that the list also draws.

    The label as written (`2`, or `２`) bracketed (`(2)`, `（２）`), followed by punctuation
    (`2.` but not `2.1`, `2、`, `2)`) or by a space. Plain string tests: a regex per label cost
    1.4 ms to compile for every item of a long list.

    >>> items = ["2. 利用", "（２）利用", "２．利用", "2.1 利用", "2024年", "( 2 ) 利用", "2 利用"]
    >>> [without_literal_label(item, "2") for item in items]
    ['利用', '利用', '利用', '2.1 利用', '2024年', '利用', '利用']
    """
    for written in dict.fromkeys((label, label.translate(_FULLWIDTH_DIGITS))):
        end = _literal_label_end(line, written)
        if end is not None:
            return line[end:].lstrip(" \u3000")
    return line


def _literal_label_end(line: str, written: str) -> int | None:
    """Where a literal `written` label at the start of `line` ends, punctuation included."""
    if line[:1] in ("(", "（"):
        start = _after_spaces(line, 1)
        if not line.startswith(written, start):
            return None
        end = _after_spaces(line, start + len(written))
        return end + 1 if line[end : end + 1] in (")", "）") else None
    if not line.startswith(written):
        return None
    end = _after_spaces(line, len(written))
    mark = line[end : end + 1]
    if mark in (".", "．") and line[end + 1 : end + 2] not in _DIGIT_CHARS:
        return end + 1
    if mark and mark in "、,，)）:：":
        return end + 1
    return len(written) if line[len(written) : len(written) + 1] in (" ", "\u3000") else None


def _after_spaces(line: str, start: int) -> int:
    """The index of the first non-whitespace character of `line` from `start` on."""
    while start < len(line) and line[start].isspace():
        start += 1
    return start
