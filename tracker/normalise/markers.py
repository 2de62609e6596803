"""Paragraph and item numbers at the start of a line (`2.`, `(1)`, `一`, `イ`, `(a)`) and bullets.

One rule per numbering style; `body` reads the levels (項, 号, sub-items) from the sequence of
styles. Nothing here knows about neighbouring lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.normalise.numerals import parse_number

# Counters that may follow a number wrapped to the start of a line ("3 か月前までに").
_COUNTER = re.compile(
    r"^ ?(?:か月|ヶ月|ヵ月|カ月|ケ月|箇月|か年|ヶ年|年(?!額|度)|月(?!額|末|初)|日(?!本)"
    r"|週|時間|分|秒|営業日|円|%|条|項|号|章|歳|才|倍|割|以上|以下|未満|を超え|GB|MB|TB|KB|[.,][0-9])"
)


@dataclass(frozen=True)
class Marker:
    """A paragraph or item number at the start of a line."""

    style: str  # "para", "paren-digit", "digit-paren", "kanji", "paren-kanji", "paren-lower", …
    label: str  # "2", "a", "イ"
    value: int  # position in its sequence, from 1
    rest: str
    branch: tuple[int, ...] = ()  # 枝番号 of a statute item: `二の二` is value 2, branch (2,)


IROHA = (
    "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
)
AIUEO = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
)
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}

_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("paren-digit", re.compile(r"^\(([0-9]+)\) ?(.*)$")),
    ("paren-kanji", re.compile(r"^\(([一二三四五六七八九十]+)\) ?(.*)$")),
    ("paren-roman", re.compile(r"^\((i{1,3}|iv|vi{0,3}|ix|x)\) ?(.*)$")),
    ("paren-lower", re.compile(r"^\(([a-z])\) ?(.*)$")),
    ("paren-upper", re.compile(r"^\(([A-Z])\) ?(.*)$")),
    ("paren-kana", re.compile(rf"^\(([{AIUEO}])\) ?(.*)$")),
    ("digit-paren", re.compile(r"^([0-9]+)\) ?(.*)$")),
    ("para", re.compile(r"^([0-9]+)(?:\.(?![0-9]) ?| )(.+)$")),
    ("kanji", re.compile(r"^([一二三四五六七八九十]+)((?:の[一二三四五六七八九十]+)*)[ 、.](.+)$")),
    ("kana", re.compile(rf"^([{AIUEO}]) (.+)$")),
    ("lower-dot", re.compile(r"^([a-z])[.)] (.+)$")),
)


# The characters each style's marker can start with.
_FIRST_CHARACTERS = {
    "paren-digit": "(",
    "paren-kanji": "(",
    "paren-roman": "(",
    "paren-lower": "(",
    "paren-upper": "(",
    "paren-kana": "(",
    "digit-paren": "0123456789",
    "para": "0123456789",
    "kanji": "一二三四五六七八九十",
    "kana": AIUEO,
    "lower-dot": "abcdefghijklmnopqrstuvwxyz",
}


def _markers_by_first_character() -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    """For each character a marker can start with, the styles (in order) that can match: most
    lines are rejected by one lookup, and a numbered line tries two patterns, not eleven."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for style, pattern in _MARKERS:
        for char in _FIRST_CHARACTERS[style]:
            table.setdefault(char, []).append((style, pattern))
    return {char: tuple(styles) for char, styles in table.items()}


_MARKERS_BY_FIRST = _markers_by_first_character()


def _sequence_value(style: str, label: str) -> int:
    if style in ("paren-digit", "digit-paren", "para"):
        return int(label)
    if style in ("paren-kanji", "kanji"):
        return parse_number(label)
    if style == "paren-roman":
        return _ROMAN[label]
    if style in ("paren-lower", "lower-dot"):
        return ord(label) - ord("a") + 1
    if style == "paren-upper":
        return ord(label) - ord("A") + 1
    return AIUEO.index(label) + 1  # kana, re-read as iroha by the caller when it starts with イ


def marker(line: str) -> Marker | None:
    """The paragraph or item number that starts `line`, if any.

    >>> marker("2. 当社は").style, marker("(1)ネットワーク").label, marker("二 申込者").value
    ('para', '1', 2)
    >>> marker("3 か月前までに通知します") is None
    True
    >>> marker("二の二 監事 協会の業務").branch
    (2,)
    """
    for style, pattern in _MARKERS_BY_FIRST.get(line[:1], ()):
        m = pattern.match(line)
        if not m:
            continue
        label, rest = m.group(1), m.group(m.lastindex or 2)
        branch_text = m.group(2) if style == "kanji" else ""
        if style == "para" and _COUNTER.match(rest.replace(" ", "")):  # `3 月 額` is 月額
            return None
        if style == "kanji" and (label + rest.replace(" ", ""))[:2] in KANJI_WORDS:
            return None
        if style in ("para", "digit-paren") and len(label) > 3:
            return None
        try:
            value = _sequence_value(style, label)
            branch = tuple(parse_number(b) for b in branch_text.split("の")[1:])
        except ValueError:  # `(十十)`, or thousands of digits: no list counts that far
            return None
        return Marker(style=style, label=label, value=value, rest=rest, branch=branch)
    return None


# Words that begin with a kanji numeral: `一 切` in a letter-spaced line is 一切, not item 一.
_KANJI_WORDS_TEXT = """
    一切 一部 一定 一般 一方 一時 一括 一旦 一覧 一度 一致 一体 一連 一律 一件 一回 一人 一日
    一月 一年 一環 一端 一貫 一層 一面 一見 一次 一社 一種 一通 一つ 一個 一名 一点 二重 二次
    二つ 三者 三つ 十分 四半 五十 百万 千円
"""
KANJI_WORDS = frozenset(_KANJI_WORDS_TEXT.split())

_CLAUSE_END = tuple("。.:：、,)」』]】〕")


def ends_clause(text: str) -> bool:
    """Whether `text` ends where a numbered list may begin: after a sentence or clause, not in
    the middle of one (`…損害が生じても` ⏎ `一切…` is a wrapped line, not item 一).

    >>> ends_clause("次の各号のいずれかに該当する場合とします。"), ends_clause("損害が生じても")
    (True, False)
    """
    return text.rstrip().endswith(_CLAUSE_END)


def iroha_value(label: str) -> int:
    return IROHA.index(label) + 1


_BULLET = re.compile(r"^(?:[-*•●○■□◆◇▪▫◦‣⁃] ?|・ )(.*)$")


def split_bullet(line: str) -> tuple[bool, str]:
    """A leading bullet (`- `, `・ `, `●`) and the text after it.

    >>> split_bullet("- (1)契約者は"), split_bullet("・ティ・ティ")
    ((True, '(1)契約者は'), (False, '・ティ・ティ'))
    """
    m = _BULLET.match(line)
    if not m or not m.group(1):
        return False, line
    return True, m.group(1)
