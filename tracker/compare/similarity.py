"""How alike two section bodies are: Dice's coefficient over their sets of character bigrams.

Measured on the five seeds (bodies with references masked): two different articles of one
agreement score at most 0.52 (median 0.17); an article with 30 % of its text replaced scores
0.63 or more, one with 10 % replaced 0.85 or more. Bigrams suit Japanese, which has no spaces
to split words on, and set intersection is fast enough to score every leftover pair.
"""

from __future__ import annotations

import operator


def bigrams(text: str) -> frozenset[str]:
    """The distinct two-character substrings of `text` (the text itself when shorter).

    >>> sorted(bigrams("当社は"))
    ['当社', '社は']
    """
    if len(text) < 2:
        return frozenset((text,)) if text else frozenset()
    return frozenset(map(operator.add, text, text[1:]))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """2|A∩B| / (|A|+|B|): 1.0 for equal sets, 0.0 for disjoint ones (and for two empty ones).

    >>> dice(bigrams("本規約"), bigrams("本規約"))
    1.0
    """
    total = len(a) + len(b)
    return 2 * len(a & b) / total if total else 0.0


def dice_bound(a: frozenset[str], b: frozenset[str]) -> float:
    """An upper bound of `dice(a, b)` from the sizes alone, to skip hopeless pairs cheaply."""
    total = len(a) + len(b)
    return 2 * min(len(a), len(b)) / total if total else 0.0


def containment(part: frozenset[str], whole: frozenset[str]) -> float:
    """The share of `part`'s bigrams found in `whole`: 1.0 when `part` reads as a piece of it."""
    return len(part & whole) / len(part) if part else 0.0
