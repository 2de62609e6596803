"""Cross-references to articles (第5条, 第5.1条, 第3条の2, 第十二条) inside a section's text, and
to the sections of an English agreement (Section 4.2, Sections 4.2 and 4.3, Article III, § 4).

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
# `Section 4.2`, `Sections 4.2 and 4.3`, `Article III`, `clause 5.1`, `§ 4`: the keyword, then
# one number or a short list of them.
_EN_NUMBER: Final = r"[0-9]{1,3}(?:\.[0-9]{1,3}){0,3}(?![0-9])|[IVXLC]{1,7}(?![A-Za-z])"
ENGLISH_REFERENCE: Final = re.compile(
    rf"(?<![A-Za-z])(?:sections?|articles?|clauses?|§§?)\s*(?:{_EN_NUMBER})"
    rf"(?:(?:\s*,\s*|\s+(?:and|or|to|through)\s+|\s*-\s*)(?:{_EN_NUMBER}))*",
    re.IGNORECASE,
)
_EN_NUMBER_IN: Final = re.compile(_EN_NUMBER)
_EN_KEYWORD: Final = re.compile(r"(?:sections?|articles?|clauses?|§§?)\s*", re.IGNORECASE)
_EN_HINTS: Final = ("ection", "ECTION", "rticle", "RTICLE", "lause", "LAUSE", "§")


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


def _english_key(number: str) -> str:
    if number[0].isdigit():
        return number
    from tracker.normalise.clause_headings import roman_to_int  # numbers as headings read them

    value = roman_to_int(number)
    return number if value is None else str(value)


def _english_numbers(match: re.Match[str]) -> list[re.Match[str]]:
    """The numbers of an English reference (after its keyword), each a match in the text."""
    keyword = _EN_KEYWORD.match(match.string, match.start())
    start = keyword.end() if keyword else match.start()
    return list(_EN_NUMBER_IN.finditer(match.string, start, match.end()))


def _has_english(text: str) -> bool:
    return any(hint in text for hint in _EN_HINTS)


Span = tuple[int, int, str]  # where a referenced number stands, and the key it points at


def reference_spans(text: str) -> list[Span]:
    """Every referenced number in `text`, in order: (start, end, key) — for 第5条 the whole
    reference, for `Sections 4.2 and 4.3` each number.

    >>> text = "第5条 and Sections 4.2 and 4.3 of Article IV"
    >>> [(text[a:b], key) for a, b, key in reference_spans(text)]
    [('第5条', '5'), ('4.2', '4.2'), ('4.3', '4.3'), ('IV', '4')]
    """
    spans = [(m.start(), m.end(), reference_key(m)) for m in REFERENCE.finditer(text)]
    if _has_english(text):
        for match in ENGLISH_REFERENCE.finditer(text):
            spans += [
                (n.start(), n.end(), _english_key(n.group())) for n in _english_numbers(match)
            ]
        spans.sort()
    return spans


def mask_references(text: str) -> str:
    """The text with every article number in a reference replaced by "#".

    >>> mask_references("第5.1条(利用の制限)第3項各号及び第3条の2並びに第3条の一部")
    '第#条(利用の制限)第3項各号及び第#条並びに第#条の一部'
    >>> mask_references("as set out in Sections 4.2 and 4.3")
    'as set out in Sections # and #'
    """
    masked = REFERENCE.sub(MASK, text)
    if not _has_english(masked):
        return masked
    out, last = [], 0
    for match in ENGLISH_REFERENCE.finditer(masked):
        for number in _english_numbers(match):
            out += [masked[last : number.start()], "#"]
            last = number.end()
    return "".join(out) + masked[last:]


def with_parent_numbers(number_map: Mapping[str, str]) -> dict[str, str]:
    """The map of section keys, with each section number its clauses all agree on: when every
    clause 10.N became 11.N, section 10 became section 11 (a reference to `Section 10` then
    follows the renumbering even where the heading of section 10 has no number of its own).

    >>> with_parent_numbers({"10.1": "11.1", "10.2": "11.2", "3.1": "3.1", "4.4": "5.1"})
    {'10.1': '11.1', '10.2': '11.2', '3.1': '3.1', '4.4': '5.1', '10': '11', '3': '3'}
    """
    votes: dict[str, set[str] | None] = {}
    for old, new in number_map.items():
        old_parent, _, old_last = old.rpartition(".")
        new_parent, _, new_last = new.rpartition(".")
        if not old_parent or not new_parent:
            continue
        if old_last != new_last:
            votes[old_parent] = None  # clauses moved between sections: no single answer
        elif votes.get(old_parent, set()) is not None:
            found = votes.setdefault(old_parent, set())
            assert found is not None
            found.add(new_parent)
    result = dict(number_map)
    for parent, targets in votes.items():
        if targets is not None and len(targets) == 1 and parent not in result:
            result[parent] = next(iter(targets))
    return result


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
    for start, end, key in reference_spans(text):
        literals.append(text[last:start])
        keys.append(key)
        last = end
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
    if _has_english(text):
        for match in ENGLISH_REFERENCE.finditer(text):
            for number in _english_numbers(match):
                target = number_map.get(_english_key(number.group()))
                if target is not None and target != number.group() and number.group()[0].isdigit():
                    regions.append((number.start(), number.end(), target, 0))
    for match in REFERENCE.finditer(text):
        key = reference_key(match)
        target = number_map.get(key)
        written = match["num"] + "".join(match["branch"].split("の")[1:])
        if target is None or target == key or not written.isascii():
            continue
        head, *branches = target.split("-")
        rewritten = f"第{head}条" + "".join(f"の{branch}" for branch in branches)
        regions.append((match.start(), match.end(), rewritten, 0))
    return sorted(regions)
