"""Edits laid over a diff: a text rewritten at known places, then diffed against its target.

A substitution is applied to the old text where it occurs (`Region`s); the rewritten text is
diffed with the new one (the residual). `overlay` combines the two into one diff over the old and
new texts, in which every applied piece is its own deletion and insertion tagged with the
substitution's number and the residual shows everything else. A region the residual does not
keep whole was not the substitution there after all: it is reported `broken` and shown as an
ordinary change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.compare.chardiff import char_diff
from tracker.compare.model import DELETE, EQUAL, INSERT, MarkedOp

Region = tuple[int, int, str, int]
"""start and end in the source text, the replacement, and a tag (> 0)."""


def apply_regions(text: str, regions: Sequence[Region]) -> str:
    """`text` with each region (sorted, not overlapping) replaced.

    >>> apply_regions("甲は乙に", [(0, 1, "当社", 1), (2, 3, "利用者", 2)])
    '当社は利用者に'
    """
    parts: list[str] = []
    last = 0
    for start, end, replacement, _ in regions:
        parts += [text[last:start], replacement]
        last = end
    parts.append(text[last:])
    return "".join(parts)


def to_source(position: int, regions: Sequence[Region], *, end: bool) -> int:
    """Where a position of the rewritten text lies in the source; a position strictly inside a
    replacement maps to the region's start (or its end, with `end`).

    >>> to_source(5, [(0, 1, "当社", 1)], end=False), to_source(1, [(0, 1, "当社", 1)], end=True)
    (4, 1)
    """
    shift = 0
    for start, stop, replacement, _ in regions:
        rewritten_start = start + shift
        rewritten_end = rewritten_start + len(replacement)
        if position <= rewritten_start:
            break
        if position < rewritten_end:
            return stop if end else start
        shift += len(replacement) - (stop - start)
    return position - shift


@dataclass(frozen=True)
class Overlay:
    ops: tuple[MarkedOp, ...]  # rebuilds the source (EQUAL+DELETE) and the target (EQUAL+INSERT)
    broken: frozenset[int]  # tags of regions the residual did not keep whole
    residual: bool  # True when something besides the regions differs

    @property
    def clean(self) -> bool:
        return not self.broken and not self.residual


def overlay(source: str, regions: Sequence[Region], target: str) -> Overlay:
    """The diff from `source` to `target` with `regions` applied first and tagged.

    >>> overlay("甲は3日", [(0, 1, "当社", 1)], "当社は5日").ops
    ((-1, '甲', 1), (1, '当社', 1), (0, 'は', 0), (-1, '3', 0), (1, '5', 0), (0, '日', 0))
    """
    rewritten = apply_regions(source, regions)
    residual = char_diff(rewritten, target)
    spans: list[tuple[int, int, Region]] = []
    shift = 0
    for region in regions:
        start, end, replacement, _ = region
        spans.append((start + shift, start + shift + len(replacement), region))
        shift += len(replacement) - (end - start)
    broken = _broken(residual, spans)
    walk = _Walk(source, broken)
    at = 0
    for op, text in residual:
        if op == INSERT:
            walk.zero_width(spans, at)
            walk.ops.append((INSERT, text, 0))
            continue
        stop = at + len(text)
        while at < stop:
            walk.zero_width(spans, at)
            inside = next((s for s in spans if s[0] <= at < s[1]), None)
            if inside is None:
                following = [s[0] for s in spans if s[0] > at]
                piece_end = min([stop, *following])
                walk.ops.append((op, rewritten[at:piece_end], 0))
            else:
                piece_end = min(stop, inside[1])
                walk.region_piece(inside, at, op, rewritten[at:piece_end])
            at = piece_end
    walk.zero_width(spans, at)
    residual_left = any(op != EQUAL for op, _ in residual)
    return Overlay(_merged(walk.ops), frozenset(broken), residual_left)


class _Walk:
    """The marked ops being built, and the zero-width regions already emitted."""

    def __init__(self, source: str, broken: set[int]) -> None:
        self.source = source
        self.broken = broken
        self.ops: list[MarkedOp] = []
        self.done: set[int] = set()

    def zero_width(self, spans: list[tuple[int, int, Region]], at: int) -> None:
        """Emit the regions that replace their source with nothing, at this position."""
        for index, (start, end, region) in enumerate(spans):
            if start == end == at and index not in self.done:
                self.done.add(index)
                tag = 0 if region[3] in self.broken else region[3]
                self.ops.append((DELETE, self.source[region[0] : region[1]], tag))

    def region_piece(self, span: tuple[int, int, Region], at: int, op: int, text: str) -> None:
        """A piece of residual op `op` lying inside a region's replacement."""
        start, _, (source_start, source_end, replacement, tag) = span
        original = self.source[source_start:source_end]
        if tag not in self.broken:
            if at == start:  # a kept region is one EQUAL stretch of the residual: emit it once
                self.ops += [(DELETE, original, tag), (INSERT, replacement, tag)]
            return
        if at == start:
            self.ops.append((DELETE, original, 0))
        if op == EQUAL:  # text of the replacement that the target has: inserted
            self.ops.append((INSERT, text, 0))


def _broken(
    residual: tuple[tuple[int, str], ...], spans: list[tuple[int, int, Region]]
) -> set[int]:
    """Tags of the regions that a residual deletion overlaps or a residual insertion splits."""
    changed: list[tuple[int, int, int]] = []  # op, start, end in the rewritten text
    at = 0
    for op, text in residual:
        if op == INSERT:
            changed.append((INSERT, at, at))
        else:
            if op == DELETE:
                changed.append((DELETE, at, at + len(text)))
            at += len(text)
    broken: set[int] = set()
    for start, end, region in spans:
        for op, a, b in changed:
            overlapped = op == DELETE and a < end and start < b
            split = op == INSERT and (start < a < end or start == end == a)
            if overlapped or split:
                broken.add(region[3])
    return broken


def _merged(ops: list[MarkedOp]) -> tuple[MarkedOp, ...]:
    """Adjacent ops of the same kind and tag joined; empty ones dropped."""
    result: list[MarkedOp] = []
    for op, text, tag in ops:
        if not text:
            continue
        if result and result[-1][0] == op and result[-1][2] == tag:
            result[-1] = (op, result[-1][1] + text, tag)
        else:
            result.append((op, text, tag))
    return tuple(result)
