"""Canonical characters and spacing: the rules that make layout disappear from the text.

Two steps, applied per line:

1. `fold` — code points: circled numbers to "(n)" *before* NFKC (NFKC would turn ① into a bare
   "1" and erase the difference between a paragraph and an item), NFKC (full-width forms,
   Kangxi radicals such as ⽉ → 月), then the look-alikes NFKC misses (⺠ → 民, ‧ → ・, ‟ → “),
   whitespace runs collapsed to one space.
2. `canonical_spacing` — spaces: a space survives only between two narrow letters or digits
   (`SORACOM Flux`). Every space touching a CJK character is layout (letter-spaced headings,
   justified PDF lines, `第 1 条`), and so is a space next to punctuation, which PDF producers add
   or omit at table-cell gaps and kerned brackets (`(税込16,500円) 1契約` vs `…円)1契約`).

`join_lines` glues wrapped lines by the same rule: one space between two narrow letters or
digits (`SORACOM⏎Flux` → `SORACOM Flux`), nothing otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

# U+2460–2473 ①–⑳, U+2474–2487 ⑴–⒇, U+24F5–24FE ⓵–⓾, U+2776–277F ❶–❿, U+2780–2793.
_CIRCLED: dict[int, str] = {}
for _start, _count in ((0x2460, 20), (0x2474, 20), (0x24F5, 10), (0x2776, 10), (0x2780, 10)):
    for _i in range(_count):
        _CIRCLED[_start + _i] = f"({_i + 1})"
for _cp in range(0x278A, 0x2794):
    _CIRCLED[_cp] = f"({_cp - 0x2789})"
_CIRCLED[0x24EA] = "(0)"

# CJK Radicals Supplement code points that stand for a whole ideograph in Japanese text and that
# NFKC leaves alone (only ⺟ and ⻳ are folded by it). From Unicode's
# EquivalentUnifiedIdeograph.txt, restricted to radicals whose equivalent is a standalone
# character; component-only forms (⺅ 亻, ⺡ 氵 …) never appear as text and are left alone.
_RADICALS_SUPPLEMENT = {
    "⺌": "小",
    "⺒": "巳",
    "⺓": "幺",
    "⺗": "心",
    "⺜": "日",
    "⺝": "月",
    "⺠": "民",
    "⺧": "牛",
    "⺩": "王",
    "⺪": "疋",
    "⺫": "目",
    "⺬": "示",
    "⺶": "羊",
    "⺼": "肉",
    "⺽": "臼",
    "⻁": "虎",
    "⻄": "西",
    "⻆": "角",
    "⻑": "長",
    "⻗": "雨",
    "⻘": "青",
    "⻝": "食",
    "⻣": "骨",
    "⻤": "鬼",
    "⻨": "麦",
    "⻩": "黄",
    "⻫": "斉",
    "⻭": "歯",
    "⻯": "竜",
    "⻲": "亀",
}

# Punctuation look-alikes that NFKC does not fold but that fonts and PDF producers swap freely.
_LOOKALIKES = {
    "‧": "・",  # U+2027 HYPHENATION POINT (seed 001: 制定‧改廃)
    "･": "・",  # half-width katakana middle dot survives NFKC in some versions
    "‟": "“",  # U+201F
    "‛": "‘",  # U+201B
    "−": "-",  # U+2212 MINUS SIGN, used for hyphens in PDFs
    "‐": "-",  # U+2010
    "‑": "-",  # U+2011
    "–": "-",  # U+2013
    "―": "ー",
}

_TABLE = {**{chr(k): v for k, v in _CIRCLED.items()}, **_RADICALS_SUPPLEMENT}

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_WHITESPACE_RUN = re.compile(r"\s+")


_NEEDS_TABLE = re.compile("[\u2460-\u24ff\u2776-\u2793\u2e80-\u2eff]")
_NEEDS_LOOKALIKES = re.compile("[" + "".join(_LOOKALIKES) + "]")


def _from_table(match: re.Match[str]) -> str:
    return _TABLE.get(match.group(), match.group())


def _lookalike(match: re.Match[str]) -> str:
    return _LOOKALIKES[match.group()]


def fold_characters(text: str) -> str:
    """Canonical code points only (no whitespace handling); works on a whole text at once.

    >>> fold_characters("⺠事再⽣ ① 制定‧改廃")
    '民事再生 (1) 制定・改廃'
    """
    text = _INVISIBLE.sub("", text)
    # `re.sub` visits only the characters to replace; `str.translate` with a dict table costs
    # ~0.1 µs for every character of the text (0.15 s for a 1.3 MB statute).
    if _NEEDS_TABLE.search(text):
        text = _NEEDS_TABLE.sub(_from_table, text)
    text = _nfkc(text)
    if _NEEDS_LOOKALIKES.search(text):
        text = _NEEDS_LOOKALIKES.sub(_lookalike, text)
    return text


# Characters NFKC leaves as they are and that no combining mark follows by itself: printable
# ASCII, CJK punctuation (but 〶 and the 〸〹〺 numerals), kana (but the voicing marks, ゟ, ヿ),
# and the unified ideographs. Lines are normalised only in the runs of other characters (and
# the one character before each run, which a combining mark may compose with): a statute of
# 1.3 MB costs 15 ms instead of 80. `tests/test_normalise_chars.py` checks the ranges.
NFKC_STABLE = (
    "\x20-\x7e\u3001-\u3029\u3030-\u3035\u303b-\u303f"
    "\u3041-\u3096\u309d\u309e\u30a0-\u30fe\u4e00-\u9fff"
)
_NFKC_WORK = re.compile(f"(?:[{NFKC_STABLE}])?[^{NFKC_STABLE}\n]+")


def _nfkc(text: str) -> str:
    """NFKC, applied only to the runs of characters it may change (see `NFKC_STABLE`)."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    return _NFKC_WORK.sub(_nfkc_run, text)


def _nfkc_run(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def collapse_whitespace(line: str) -> str:
    r"""Runs of whitespace to one space, trimmed; a tab stays a tab: it separates table cells
    (text files, HTML `<tr>`, PDF cells; see docs/decisions/0001-canonical-text.md).

    >>> collapse_whitespace("  基本設定費\t 15,000 円 \t\t1契約あたり ")
    '基本設定費\t15,000 円\t1契約あたり'
    >>> collapse_whitespace("\t字下げ")
    '字下げ'
    """
    if "\t" not in line:
        return " ".join(line.split())  # 3× faster than a regex substitution
    cells = (_WHITESPACE_RUN.sub(" ", cell).strip() for cell in line.split("\t"))
    return "\t".join(cell for cell in cells if cell)


def fold(line: str) -> str:
    """Canonical code points, whitespace collapsed to single spaces, trimmed.

    >>> fold("第１条　（利⽤規約の適⽤）")
    '第1条 (利用規約の適用)'
    """
    return collapse_whitespace(fold_characters(line))


def is_wide(char: str) -> bool:
    """True for CJK ideographs, kana, and full-width punctuation (East Asian Wide/Fullwidth).

    >>> is_wide("条"), is_wide("ア"), is_wide("。"), is_wide("A"), is_wide("(")
    (True, True, True, False, False)
    """
    return unicodedata.east_asian_width(char) in ("W", "F")


def _is_letter_spaced(tokens: list[str]) -> bool:
    """A line printed with a space after every character or two (`本  ロ  グ  イ  ン`)."""
    isolated = sum(1 for t in tokens if len(t) <= 2 and any(is_wide(c) for c in t))
    return isolated >= 4 and isolated * 2 >= len(tokens)


def is_word_char(char: str) -> bool:
    """A narrow letter or digit: the only characters a space is kept between.

    >>> is_word_char("A"), is_word_char("7"), is_word_char("("), is_word_char("条")
    (True, True, False, False)
    """
    return char.isalnum() and not is_wide(char)


def canonical_spacing(text: str) -> str:
    """Drop every space except one between two narrow letters or digits.

    In a letter-spaced line, single letters are glued too (`1 0` → `10`, `A I` → `AI`).

    >>> canonical_spacing("本  ロ  グ  イ  ン  ID  及  び")
    '本ログインID及び'
    >>> canonical_spacing("第 1 0 章 生 成 A I")
    '第10章生成AI'
    >>> canonical_spacing("SORACOM Flux の IoT アプリ (税込 16,500円) 1契約")
    'SORACOM FluxのIoTアプリ(税込16,500円)1契約'
    """
    if "\t" in text:
        return "\t".join(canonical_spacing(cell) for cell in text.split("\t"))
    if " " not in text:
        return text
    tokens = [t for t in _WHITESPACE_RUN.split(text.strip()) if t]
    if not tokens:
        return ""
    letter_spaced = _is_letter_spaced(tokens)
    out = [tokens[0]]
    for token in tokens[1:]:
        prev = out[-1]
        keep = is_word_char(prev[-1]) and is_word_char(token[0])
        if keep and letter_spaced:
            keep = len(prev) >= 2 and len(token) >= 2
        if keep:
            out.append(" ")
        out.append(token)
    return "".join(out)


def canonical(line: str) -> str:
    """`fold` then `canonical_spacing`: the form titles, chapters and text are stored in."""
    return canonical_spacing(fold(line))


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines of canonical text: a space only between two narrow letters or digits.

    >>> join_lines(["SORACOM", "Flux を", "利用"])
    'SORACOM Flux を利用'
    """
    out = ""
    for line in lines:
        if not line:
            continue
        if out and is_word_char(out[-1]) and is_word_char(line[0]):
            out += " "
        out += line
    return out


def is_table_row(line: str) -> bool:
    """A line whose cells are separated by tabs."""
    return "\t" in line


def compact(text: str) -> str:
    """All whitespace removed: the key two texts are compared on when layout must not count."""
    return _WHITESPACE_RUN.sub("", text)


def latin_spacing(text: str) -> str:
    """Spacing of a text in Latin script (an English agreement): spaces are words' boundaries
    and stay (one each); only a space next to a CJK character is layout and goes.

    >>> latin_spacing("Terms. You agree (a) to pay  in advance ( 株式会社 ABC )")
    'Terms. You agree (a) to pay in advance (株式会社ABC )'
    """
    if "\t" in text:
        return "\t".join(latin_spacing(cell) for cell in text.split("\t"))
    tokens = [t for t in _WHITESPACE_RUN.split(text.strip()) if t]
    if not tokens:
        return ""
    out = [tokens[0]]
    for token in tokens[1:]:
        if not (is_wide(out[-1][-1]) or is_wide(token[0])):
            out.append(" ")
        out.append(token)
    return "".join(out)


_HYPHENATED = re.compile(r"[^\W\d_]-$")


def join_latin(lines: list[str]) -> str:
    """Join wrapped lines of Latin-script text: one space between them, none after a word
    broken at its hyphen (`non-` ⏎ `exclusive`) or next to a CJK character.

    >>> join_latin(["as set forth in these Terms.", "You agree to a non-", "exclusive licence"])
    'as set forth in these Terms. You agree to a non-exclusive licence'
    """
    out = ""
    for line in lines:
        if not line:
            continue
        if out and not (_HYPHENATED.search(out) or is_wide(out[-1]) or is_wide(line[0])):
            out += " "
        out += line
    return out


@dataclass(frozen=True)
class Spacing:
    """How a document's script spaces and joins its text: CJK (spaces are layout) or Latin
    (spaces separate words). Chosen once per document (`normalise.scheme`)."""

    spacing: Callable[[str], str]
    join: Callable[[list[str]], str]

    def canonical(self, line: str) -> str:
        """`fold`, then this script's spacing: the form titles, captions and text take."""
        return self.spacing(fold(line))


CJK_SPACING: Final = Spacing(canonical_spacing, join_lines)
LATIN_SPACING: Final = Spacing(latin_spacing, join_latin)
