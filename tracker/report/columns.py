"""Columns for the terminal that stay aligned with Japanese in them.

A kanji or kana takes two columns of a terminal, a Latin letter one, so `f"{label:<12}"` pads
`初回取得` to twelve *characters* — sixteen columns — and every row after it shifts. These
functions count what a terminal shows (`unicodedata.east_asian_width`: W and F are two).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Final

ELLIPSIS: Final = "…"


def width(text: str) -> int:
    """Terminal columns `text` takes.

    >>> width("soracam"), width("初回取得"), width("変更なし (304)")
    (7, 8, 14)
    """
    return sum(
        0
        if unicodedata.combining(char)
        else 2
        if unicodedata.east_asian_width(char) in ("W", "F")
        else 1
        for char in text
    )


def fit(text: str, columns: int) -> str:
    """`text` cut to at most `columns` terminal columns, with … where it was cut.

    >>> fit("セキュアカメラクラウドサービス", 10)
    'セキュア…'
    >>> fit("beta", 10)
    'beta'
    """
    if width(text) <= columns:
        return text
    out, used = [], 0
    for char in text:
        step = width(char)
        if used + step > columns - 1:
            break
        out.append(char)
        used += step
    return "".join(out) + ELLIPSIS


def pad(text: str, columns: int) -> str:
    """`text` followed by spaces up to `columns` terminal columns.

    >>> pad("初回取得", 12) + "|"
    '初回取得    |'
    """
    return text + " " * max(0, columns - width(text))


def table(rows: Sequence[Sequence[str]], *, limits: Sequence[int | None] = ()) -> list[str]:
    """Rows as aligned lines: each column as wide as its widest cell (at most its limit, cells
    cut with …), two spaces apart; the last column is never padded.

    >>> for line in table([["id", "state"], ["securecam", "変更あり"], ["a", "ok"]]):
    ...     print(line + "|")
    id         state|
    securecam  変更あり|
    a          ok|
    """
    if not rows:
        return []
    count = max(len(row) for row in rows)
    limit = [*limits, *([None] * count)][:count]
    cells = [[_limited(cell, limit[i]) for i, cell in enumerate(row)] for row in rows]
    widths = [
        max((width(row[i]) for row in cells if i < len(row)), default=0) for i in range(count)
    ]
    lines = []
    for row in cells:
        parts = [cell if i == len(row) - 1 else pad(cell, widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(parts).rstrip())
    return lines


def _limited(cell: str, columns: int | None) -> str:
    return fit(cell, columns) if columns else cell
