"""Sentences of a section, each with the printed place it stands: "第8条第2項", "第27条第1項第3号".

Promises are read one sentence at a time: a paragraph (項) often holds a rule and its proviso
(ただし書), and an item (号) is a sentence of its own.

Limits: a sentence ends at 。 outside brackets (`(…を除きます。)` does not end one) or at a line
break; a sentence that runs on with 、 to the end of a paragraph (seed 003 does this) is one
sentence. In English a sentence ends at `.`, `!` or `?` outside brackets followed by a space and
a capital, a quote or a bracket, unless the word before is a common abbreviation (`e.g.`,
`Inc.`, `U.S.`, `No.`); Japanese canonical text has no space after a full stop, so it is never
split there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from tracker.compare.locations import item_location, paragraph_location, section_label
from tracker.model import Item, Section

_OPENING: Final = "(「『"
_CLOSING: Final = ")」』"
_MARKS: Final = re.compile("[" + re.escape(_OPENING + _CLOSING) + "。\n.!?]")
_ENGLISH_START: Final = re.compile(r" [A-Z\"“‘'(\[]")
_ABBREVIATION: Final = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|inc|ltd|co|corp|no|nos|vs|mr|mrs|ms|dr|st|ste|sec|art|para|cf|approx"
    r"|u\.s|u\.k|e\.u)|\b[A-Za-z])$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sentence:
    key: str  # the section's key
    location: str  # 第8条第2項
    text: str


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of `text` starts and ends: after 。 outside brackets, or at a line
    break (items and bullets are lines of their own).

    >>> text = "当社は通知します。ただし、緊急時(天災等を含みます。)は除きます。\\n2 契約者は"
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['当社は通知します。', 'ただし、緊急時(天災等を含みます。)は除きます。', '2 契約者は']
    >>> text = "We may change these Terms (e.g. fees). Perplexity AI, Inc. will notify you."
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['We may change these Terms (e.g. fees).', 'Perplexity AI, Inc. will notify you.']
    """
    spans: list[tuple[int, int]] = []
    start = depth = 0
    for mark in _MARKS.finditer(text):  # only the characters that matter, not every one
        char, index = mark.group(), mark.start()
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(depth - 1, 0)
        elif char in ".!?":
            if depth == 0 and _ends_english_sentence(text, index):
                spans.append((start, index + 1))
                start = index + 2  # after the space
        elif char == "\n" or depth == 0:  # a line break, or 。 outside brackets
            end = index + 1 if char == "。" else index
            spans.append((start, end))
            start, depth = index + 1, 0
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _ends_english_sentence(text: str, index: int) -> bool:
    """A `.`, `!` or `?` at `index` followed by a space and the start of a sentence, not the
    full stop of an abbreviation (`e.g. The`, `Inc. The`)."""
    if not _ENGLISH_START.match(text, index + 1):
        return False
    return text[index] != "." or not _ABBREVIATION.search(text, max(0, index - 6), index)


def split_sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def sentences_of(section: Section) -> list[Sentence]:
    """The sentences of a section in reading order, located by paragraph and item.

    An article with one paragraph is named without 第1項, as statutes do (and as `compare`
    names changed places).
    """
    base = section_label(section)
    if not section.paragraphs:
        return [Sentence(section.key, base, s) for s in split_sentences(section.text)]
    single = len(section.paragraphs) == 1
    found: list[Sentence] = []
    for paragraph in section.paragraphs:
        where = paragraph_location(section, base, paragraph.number, single=single)
        found.extend(Sentence(section.key, where, s) for s in split_sentences(paragraph.text))
        for item in paragraph.items:
            found.extend(_item_sentences(section, where, item))
    return found


def _item_sentences(section: Section, base: str, item: Item) -> list[Sentence]:
    where = base + item_location(section, item)
    found = [Sentence(section.key, where, s) for s in split_sentences(item.text)]
    for sub in item.items:
        found.extend(_item_sentences(section, where, sub))
    return found
