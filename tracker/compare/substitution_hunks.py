"""The material substitutions are found in, and the rules they are written as.

`subjects_of` picks the modified sections (old body with renumbered references rewritten, and
caption); `hunks_in` gives their hunks with the unchanged tokens around them, plus the pieces a
cleaned-up diff hides (the parts of a short hunk, two hunks a few characters apart as one). A
`Rule` is a pattern of literal text and digit wildcards with its replacement, or a text inserted
or deleted where the hunks put it. `substitution_parts` turns a found substitution back into one
change per section for the obligations stage. See `tracker.compare.substitutions`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Final

from tracker.compare.chardiff import char_diff, fine_diff, hunks, tokens
from tracker.compare.keyterms import changed_terms
from tracker.compare.model import (
    DELETE,
    EQUAL,
    INSERT,
    Change,
    ChangeKind,
    Comparison,
    DiffOp,
    MarkedOp,
    SubstitutionKind,
)
from tracker.compare.overlay import Region, apply_regions
from tracker.compare.references import renumbered

CONTEXT: Final = 3  # tokens of unchanged text either side that a rule may take
CONTEXT_CHARS: Final = 24  # how far to look for them
MAX_SPLIT: Final = 60  # characters of a hunk worth splitting into its parts
MAX_GAP: Final = 3  # unchanged characters between two hunks that may be one replacement
WILDCARD: Final = "N"  # how a digit run that varies is written

Part = str | None  # literal text, or None: any run of digits


@dataclass(frozen=True)
class Rule:
    """A candidate substitution: a pattern and its replacement, or (`positional`) one text
    inserted or deleted at the places the diffs put it."""

    old: tuple[Part, ...]
    new: tuple[Part, ...]
    core: tuple[str, str]  # what the hunks it came from delete and insert
    positional: bool = False

    @property
    def kind(self) -> SubstitutionKind:
        if self.positional:
            return SubstitutionKind.DELETED if self.core[0] else SubstitutionKind.INSERTED
        return SubstitutionKind.DELETED if not display(self.new) else SubstitutionKind.REPLACED

    @property
    def pattern(self) -> re.Pattern[str]:
        return combined((self.old,))


@dataclass(frozen=True)
class Subject:
    change: int  # index into the changes
    old: tuple[str, str]  # body (references renumbered), caption
    new: tuple[str, str]
    original: str  # the old body as it stands
    references: tuple[Region, ...]  # original → old[0]
    diff: tuple[DiffOp, ...]  # of the body, old[0] → new[0]


@dataclass(frozen=True)
class Hunk:
    subject: int
    field: int  # 0 body, 1 caption
    start: int  # in the subject's old field
    end: int
    deleted: str
    inserted: str
    left: tuple[Part, ...]  # unchanged tokens before it, nearest last
    right: tuple[Part, ...]


def subjects_of(changes: Sequence[Change], number_map: Mapping[str, str]) -> list[Subject]:
    subjects = []
    for index, change in enumerate(changes):
        if change.kind is not ChangeKind.MODIFIED or change.old is None or change.new is None:
            continue
        if change.split_into or change.merged_from:
            continue
        references = tuple(renumbered(change.old.text, number_map))
        body = apply_regions(change.old.text, references)
        # the comparison's own diff serves when no reference was renumbered (the common case)
        diff = change.diff if not references else char_diff(body, change.new.text)
        subjects.append(
            Subject(
                index,
                (body, change.old.title or ""),
                (change.new.text, change.new.title or ""),
                change.old.text,
                references,
                diff,
            )
        )
    return subjects


def hunks_in(index: int, subject: Subject) -> list[Hunk]:
    """The hunks of each field's diff, and the parts of each short hunk that a diff without
    cleanup tells apart (甲及び乙 → 当社及び利用者 is also 甲 → 当社 and 乙 → 利用者)."""
    found = []
    for field in (0, 1):
        old, new = subject.old[field], subject.new[field]
        if old == new:
            continue
        diff = subject.diff if field == 0 else char_diff(old, new)
        spans = [(h.old_start, h.old_end, h.deleted, h.inserted) for h in hunks(diff)]
        found += _described(index, field, old, spans)
        for joined, bounds in _joined_neighbours(old, spans):
            found += _described(index, field, old, [joined], within=bounds)
        for k, (start, _, deleted, inserted) in enumerate(spans):
            if not deleted or not inserted or len(deleted) + len(inserted) > MAX_SPLIT:
                continue
            parts = [
                (start + h.old_start, start + h.old_end, h.deleted, h.inserted)
                for h in hunks(fine_diff(deleted, inserted))
            ]
            if len(parts) > 1:
                floor = spans[k - 1][1] if k else 0
                ceiling = spans[k + 1][0] if k + 1 < len(spans) else len(old)
                found += _described(index, field, old, parts, within=(floor, ceiling))
    return found


def _joined_neighbours(
    old: str, spans: list[tuple[int, int, str, str]]
) -> list[tuple[tuple[int, int, str, str], tuple[int, int]]]:
    """Each two hunks a few unchanged characters apart as one (本規約 → 規約等 is 本 deleted and
    等 inserted around 規約): a candidate for a replacement the diff cut in two; with the
    unchanged text around it."""
    joined = []
    for k in range(len(spans) - 1):
        start, end, deleted, inserted = spans[k]
        start2, end2, deleted2, inserted2 = spans[k + 1]
        gap = old[end:start2]
        if 0 < len(gap) <= MAX_GAP and "\n" not in gap:
            floor = spans[k - 1][1] if k else 0
            ceiling = spans[k + 2][0] if k + 2 < len(spans) else len(old)
            hunk = (start, end2, deleted + gap + deleted2, inserted + gap + inserted2)
            joined.append((hunk, (floor, ceiling)))
    return joined


def _described(
    index: int,
    field: int,
    old: str,
    spans: list[tuple[int, int, str, str]],
    within: tuple[int, int] | None = None,
) -> list[Hunk]:
    """Hunks with the unchanged tokens around them (up to the neighbouring hunks)."""
    found = []
    for k, (start, end, deleted, inserted) in enumerate(spans):
        floor = spans[k - 1][1] if k else (within[0] if within else 0)
        ceiling = spans[k + 1][0] if k + 1 < len(spans) else (within[1] if within else len(old))
        if not deleted or not inserted:
            start, end, deleted, inserted = _slid(old, start, end, deleted, inserted, ceiling)
        left = _context(old[floor:start], before=True)
        right = _context(old[end:ceiling], before=False)
        found.append(Hunk(index, field, start, end, deleted, inserted, left, right))
    return found


def _slid(
    text: str, start: int, end: int, deleted: str, inserted: str, ceiling: int
) -> tuple[int, int, str, str]:
    """A pure insertion or deletion moved as far right as the unchanged text after it allows,
    so the same sentence added after a 。 reads the same everywhere."""
    moving = deleted or inserted
    while end < ceiling and text[end] == moving[0] and not _joins(moving[0], text[end]):
        moving = moving[1:] + text[end]
        start, end = start + 1, end + 1
    return (start, end, moving, "") if deleted else (start, end, "", moving)


def _joins(a: str, b: str) -> bool:
    return a.isascii() and a.isalnum() and b.isascii() and b.isalnum()


def _context(text: str, *, before: bool) -> tuple[Part, ...]:
    """Up to CONTEXT tokens of `text` next to a hunk, never across a line break."""
    if before:
        text = text.rsplit("\n", 1)[-1]
        cut = len(text) > CONTEXT_CHARS
        found = tokens(text[-CONTEXT_CHARS:])
        found = found[1:] if cut and len(found) > 1 else found
        found = found[-CONTEXT:]
    else:
        text = text.split("\n", 1)[0]
        cut = len(text) > CONTEXT_CHARS
        found = tokens(text[:CONTEXT_CHARS])
        found = found[:-1] if cut and len(found) > 1 else found
        found = found[:CONTEXT]
    return tuple(None if token.isdigit() and token.isascii() else token for token in found)


def display(parts: tuple[Part, ...]) -> str:
    return "".join(WILDCARD if part is None else part for part in parts)


def expand(parts: tuple[Part, ...], values: list[str]) -> str:
    filled = iter(values)
    return "".join(next(filled) if part is None else part for part in parts)


def _source(parts: tuple[Part, ...], prefix: str) -> str:
    """The regular expression of a pattern; digit and Latin runs match whole, never a piece of a
    longer run."""
    pieces = []
    wild = 0
    for part in parts:
        if part is None:
            pieces.append(f"(?P<{prefix}{wild}>[0-9]+)")
            wild += 1
        else:
            pieces.append(re.escape(part))
    text = [p for p in parts if p != ""]
    first = "0" if not text or text[0] is None else text[0][0]
    last = "0" if not text or text[-1] is None else text[-1][-1]
    head = _guard(first, behind=True)
    tail = _guard(last, behind=False)
    return head + "".join(pieces) + tail


def _guard(char: str, *, behind: bool) -> str:
    if char.isascii() and char.isdigit():
        return "(?<![0-9])" if behind else "(?![0-9])"
    if char.isascii() and char.isalpha():
        return "(?<![A-Za-z])" if behind else "(?![A-Za-z])"
    return ""


@lru_cache(maxsize=1024)
def combined(patterns: tuple[tuple[Part, ...], ...]) -> re.Pattern[str]:
    """One expression matching any of the patterns, longest first."""
    return re.compile("|".join(f"(?P<r{k}>{_source(p, f'r{k}w')})" for k, p in enumerate(patterns)))


def substitution_parts(comparison: Comparison, number: int) -> list[Change]:
    """Each section a substitution touched, as a change holding that substitution alone: what
    the obligations stage reads to flag it (a substitution of 3か月 → 1か月 is about notice)."""
    parts = []
    for change in comparison.changes:
        if number not in change.substitutions or change.old is None:
            continue
        diff = _only(change.marked_diff, number)
        title = _only(change.marked_title, number)
        text = "".join(t for op, t in diff if op != DELETE)
        caption = "".join(t for op, t in title if op != DELETE) if title else change.old.title
        new = replace(change.old, text=text, title=caption)
        terms = changed_terms(change.old.text, text, diff)
        parts.append(Change(ChangeKind.MODIFIED, change.old, new, diff, key_terms=terms))
    return parts


def _only(ops: Sequence[MarkedOp], number: int) -> tuple[DiffOp, ...]:
    """The ops of one substitution; every other change undone (its old text kept)."""
    result: list[DiffOp] = []
    for op, text, mark in ops:
        if mark != number:
            if op == INSERT:
                continue
            op = EQUAL
        if result and result[-1][0] == op:
            result[-1] = (op, result[-1][1] + text)
        else:
            result.append((op, text))
    return tuple(result)
