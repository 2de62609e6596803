"""The 新旧対照表 (old/new comparison table) of a comparison, before any markup.

One row per added, removed or modified section; each side holds the heading and the text of
that version, with the changed wording marked on both sides and runs of unchanged lines
replaced by （略）. A side that does not exist says （新設） or （削除）. Sections that were only
renumbered are listed apart, compactly. Edits made across the document come before the rows,
once each, with the sections they alone changed (those get no row); a substituted piece in a row
carries its substitution's number. The Markdown and HTML views only add markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.compare.model import DELETE, INSERT, Change, ChangeKind, Comparison
from tracker.report.comparison_parts import (
    ADDED_PLACEHOLDER,
    REMOVED_PLACEHOLDER,
    Line,
    RenumberRun,
    change_ops,
    collapse,
    group_changes,
    heading_diff,
    notes_ja,
    numbers,
    side_lines,
)
from tracker.report.comparison_substitutions import (
    SubstitutionEntry,
    only_labels,
    substitution_entries,
)


@dataclass(frozen=True)
class Cell:
    """One side of a row: a heading and lines (None = （略）), or only a placeholder."""

    heading: Line = ()
    lines: tuple[Line | None, ...] = ()
    placeholder: str | None = None


@dataclass(frozen=True)
class Row:
    change: Change
    new: Cell
    old: Cell
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    renumbered: tuple[str, ...]  # "第4条→第5条 … 第24条→第25条 (21)", "第9条→第3条（移動）"
    substitutions: tuple[SubstitutionEntry, ...] = ()
    substituted_only: str = ""  # "第1条〜第9条、第11条〜第61条": changed by substitutions alone


def comparison_table(comparison: Comparison) -> Table:
    rows: list[Row] = []
    renumbered: list[str] = []
    for entry in group_changes(comparison.changes):
        if isinstance(entry, RenumberRun):
            renumbered.append(entry.describe())
        elif entry.kind is ChangeKind.RENUMBERED:
            renumbered.append(numbers(entry) + "（移動）")
        else:
            new = _cell(entry, INSERT) if entry.new else Cell(placeholder=REMOVED_PLACEHOLDER)
            old = _cell(entry, DELETE) if entry.old else Cell(placeholder=ADDED_PLACEHOLDER)
            rows.append(Row(entry, new, old, tuple(notes_ja(entry, comparison))))
    return Table(
        tuple(rows),
        tuple(renumbered),
        tuple(substitution_entries(comparison)),
        only_labels(comparison),
    )


def _cell(change: Change, side: int) -> Cell:
    (head,) = side_lines(heading_diff(change), side)
    lines = side_lines(change_ops(change), side)
    shown = collapse(lines) if change.kind is ChangeKind.MODIFIED else lines
    return Cell(heading=head, lines=tuple(shown))
