"""Cross-references to articles (第5条, 第5.1条, 第3条の2, 第十二条) inside a section's text.

Renumbering an article rewrites every reference to it. Alignment ignores the referenced numbers
(`mask_references`), and a pair whose texts differ only in references that follow the
renumbering is a references-only change (`differs_only_in_references`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from tracker.normalise.numerals import KANJI_DIGITS, OLD_KANJI_DIGITS, parse_number

_NUMERAL: Final = rf"[0-9]+|[{KANJI_DIGITS}{OLD_KANJI_DIGITS}]+"
# A kanji numeral after の is a branch number (第3条の二) unless more kanji follow it:
# 第3条の一部 is "part of article 3". 第/項/号 may follow a branch (第3条の二第1項).
_BRANCH: Final = (
    rf"の(?:[0-9]+|[{KANJI_DIGITS}{OLD_KANJI_DIGITS}]+(?![\u3400-\u9fff々](?<![第項号])))"
)
REFERENCE: Final = re.compile(
    rf"第(?P<num>{_NUMERAL})(?:\.(?P<sub>[0-9]+))?[条條](?P<branch>(?:{_BRANCH})*)"
)
MASK: Final = "第#条"


def reference_key(match: re.Match[str]) -> str:
    """The section key a reference points at, in the form of `Section.key`.

    >>> [reference_key(m) for m in REFERENCE.finditer("第5.1条、第3条の2、第十二条、第1条の2の3")]
    ['5.1', '3-2', '12', '1-2-3']
    >>> [reference_key(m) for m in REFERENCE.finditer("第十十条")]
    ['第十十条']
    """
    try:
        key = str(parse_number(match["num"]))
        if match["sub"]:
            key += f".{int(match['sub'])}"
        for branch in match["branch"].split("の")[1:]:
            key += f"-{parse_number(branch)}"
    except ValueError:  # 第十十条, thousands of digits: no article's key, compared as written
        return match.group()
    return key


def mask_references(text: str) -> str:
    """The text with every article number in a reference replaced by "#".

    >>> mask_references("第5.1条(利用の制限)第3項各号及び第3条の2並びに第3条の一部")
    '第#条(利用の制限)第3項各号及び第#条並びに第#条の一部'
    """
    return REFERENCE.sub(MASK, text)


def differs_only_in_references(old: str, new: str, number_map: Mapping[str, str]) -> bool:
    """True when `old` and `new` are the same text apart from references renumbered by the map.

    A reference counts as renumbered when `number_map[old key] == new key`; an unchanged
    reference (same key on both sides) is just equal text.

    >>> differs_only_in_references("第5条に定める", "第6条に定める", {"5": "6"})
    True
    >>> differs_only_in_references("第5条に定める", "第7条に定める", {"5": "6"})
    False
    """
    old_literals, old_keys = _split(old)
    new_literals, new_keys = _split(new)
    if old_literals != new_literals:
        return False
    return all(a == b or number_map.get(a) == b for a, b in zip(old_keys, new_keys, strict=True))


def _split(text: str) -> tuple[list[str], list[str]]:
    """The literal text between references, and the key of each reference."""
    literals: list[str] = []
    keys: list[str] = []
    last = 0
    for match in REFERENCE.finditer(text):
        literals.append(text[last : match.start()])
        keys.append(reference_key(match))
        last = match.end()
    literals.append(text[last:])
    return literals, keys


def renumbered(text: str, number_map: Mapping[str, str]) -> list[tuple[int, int, str, int]]:
    """The references that follow a renumbering, as (start, end, rewritten reference, 0): what
    turns the old text's references into the new numbers. References written with kanji or with
    a number the map does not move are left alone.

    >>> renumbered("第5条及び第3条の2並びに第九条", {"5": "6", "3-2": "4-2", "9": "10"})
    [(0, 3, '第6条', 0), (5, 10, '第4条の2', 0)]
    """
    regions = []
    for match in REFERENCE.finditer(text):
        key = reference_key(match)
        target = number_map.get(key)
        written = match["num"] + "".join(match["branch"].split("の")[1:])
        if target is None or target == key or not written.isascii():
            continue
        head, *branches = target.split("-")
        rewritten = f"第{head}条" + "".join(f"の{branch}" for branch in branches)
        regions.append((match.start(), match.end(), rewritten, 0))
    return regions
