"""Which matched sections moved relative to the others, not merely shifted by an insertion.

Take the matched pairs in old order and look at their new positions: the longest increasing
subsequence is the largest set of sections that kept their relative order. Every pair off it
moved. Among equally long subsequences the one keeping most sections at their own key wins, so
when two articles swap places around an unchanged one, the unchanged one is not called moved.
"""

from __future__ import annotations

from collections.abc import Sequence


def moved_pairs(pairs: Sequence[tuple[int, int]], keep: Sequence[bool]) -> frozenset[int]:
    """Indices into `pairs` (sorted by old index) that are off the longest increasing run of new
    indices; `keep[k]` prefers pair k on that run when lengths tie.

    >>> sorted(moved_pairs([(0, 0), (1, 4), (2, 1), (3, 2), (4, 3)], [False] * 5))
    [1]
    >>> sorted(moved_pairs([(0, 2), (1, 1), (2, 0)], [False, True, False]))
    [0, 2]
    """
    count = len(pairs)
    if count == 0:
        return frozenset()
    bonus = count + 1  # one more kept pair always outweighs every preference together
    weights = [bonus + (1 if kept else 0) for kept in keep]
    size = max(j for _, j in pairs) + 1
    tree = _MaxTree(size)
    best: list[int] = [0] * count
    previous: list[int] = [-1] * count
    for k, (_, j) in enumerate(pairs):
        value, before = tree.best_below(j)
        best[k] = value + weights[k]
        previous[k] = before
        tree.offer(j, best[k], k)
    k = max(range(count), key=lambda index: (best[index], -index))
    on_run: set[int] = set()
    while k != -1:
        on_run.add(k)
        k = previous[k]
    return frozenset(range(count)) - on_run


class _MaxTree:
    """A Fenwick tree over positions answering: the best (value, pair) at any position below j."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._value = [0] * (size + 1)
        self._pair = [-1] * (size + 1)

    def best_below(self, position: int) -> tuple[int, int]:
        value, pair = 0, -1
        index = position  # positions 0..position-1 are tree slots 1..position
        while index > 0:
            if self._value[index] > value:
                value, pair = self._value[index], self._pair[index]
            index -= index & -index
        return value, pair

    def offer(self, position: int, value: int, pair: int) -> None:
        index = position + 1
        while index <= self._size:
            if value > self._value[index]:
                self._value[index], self._pair[index] = value, pair
            index += index & -index
