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
    Line,
    RenumberRun,
    change_ops,
    collapse,
    group_changes,
    heading_diff,
    notes_in,
    numbers,
    side_lines,
)
from tracker.report.comparison_substitutions import (
    SubstitutionEntry,
    only_labels,
    substitution_entries,
)
from tracker.report.labels import JAPANESE, Labels, labels_for
from tracker.words import Language


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
    labels: Labels = JAPANESE  # the words of the table: the agreement's language


def comparison_table(comparison: Comparison, language: Language | None = None) -> Table:
    """The table's rows and notes, in the words of `language`, else of the agreement."""
    labels = labels_for(comparison, language)
    rows: list[Row] = []
    renumbered: list[str] = []
    for entry in group_changes(comparison.changes):
        if isinstance(entry, RenumberRun):
            renumbered.append(entry.describe(labels.separator))
        elif entry.kind is ChangeKind.RENUMBERED:
            renumbered.append(numbers(entry) + labels.moved)
        else:
            new = _cell(entry, INSERT) if entry.new else Cell(placeholder=labels.removed)
            old = _cell(entry, DELETE) if entry.old else Cell(placeholder=labels.added)
            rows.append(Row(entry, new, old, tuple(notes_in(entry, comparison, labels))))
    return Table(
        tuple(rows),
        tuple(renumbered),
        tuple(substitution_entries(comparison)),
        only_labels(comparison, english=labels.english),
        labels,
    )


def _cell(change: Change, side: int) -> Cell:
    (head,) = side_lines(heading_diff(change), side)
    lines = side_lines(change_ops(change), side)
    shown = collapse(lines) if change.kind is ChangeKind.MODIFIED else lines
    return Cell(heading=head, lines=tuple(shown))
