"""What the text, Markdown and HTML views of a comparison share: diff lines, headings, wording.

A view shows a diff line by line. `side_lines` keeps one side (the old text with its deletions,
or the new text with its insertions) for the two columns of a 新旧対照表; `combined_lines` keeps
both for the inline terminal view. A line is a tuple of `(op, text, mark)` segments: `mark` is
the number of the substitution a changed piece belongs to (`Change.marked_diff`), 0 for none.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from tracker.compare.chardiff import char_diff
from tracker.compare.locations import ADDED_MARK, REMOVED_MARK, is_western, section_label
from tracker.compare.model import EQUAL, Change, ChangeKind, Comparison, DiffOp, MarkedOp
from tracker.model import Document, Section
from tracker.report.labels import JAPANESE, Labels

Line = tuple[MarkedOp, ...]
NEWLINE_MARK = "↵"  # an inserted or deleted line break, made visible
OMITTED = "（略）"
ADDED_PLACEHOLDER = ADDED_MARK  # the empty old cell of an added section
REMOVED_PLACEHOLDER = REMOVED_MARK  # the empty new cell of a removed section

KIND_JA = JAPANESE.kinds
TERM_JA = JAPANESE.terms
FLAG_JA = JAPANESE.flags


def marked(diff: Sequence[DiffOp]) -> tuple[MarkedOp, ...]:
    """A plain diff as marked ops, no piece belonging to a substitution."""
    return tuple((op, text, 0) for op, text in diff)


def change_ops(change: Change) -> tuple[MarkedOp, ...]:
    """The diff of a change's text, with its substituted pieces marked when it has any."""
    return change.marked_diff or marked(change.diff)


def side_lines(diff: Sequence[MarkedOp], side: int) -> list[Line]:
    """One side of a diff (DELETE: the old text, INSERT: the new one), split into lines.

    >>> side_lines([(0, "a\\nb", 0), (-1, "c", 0), (1, "d", 1)], 1)
    [((0, 'a', 0),), ((0, 'b', 0), (1, 'd', 1))]
    """
    return _split([piece for piece in diff if piece[0] in (EQUAL, side)], show_breaks=False)


def combined_lines(diff: Sequence[MarkedOp]) -> list[Line]:
    """Both sides of a diff, split into lines; a changed line break shows as ↵ at the line end.

    >>> combined_lines([(0, "a", 0), (1, "\\nb", 0)])
    [((0, 'a', 0), (1, '↵', 0)), ((1, 'b', 0),)]
    """
    return _split(list(diff), show_breaks=True)


def is_changed(line: Line) -> bool:
    return any(op != EQUAL and text for op, text, _ in line)


def collapse(lines: Sequence[Line]) -> list[Line | None]:
    """The changed lines, with None standing for each run of unchanged ones (shown as （略）)."""
    result: list[Line | None] = []
    for line in lines:
        if is_changed(line):
            result.append(line)
        elif not result or result[-1] is not None:
            result.append(None)
    return result


def heading(section: Section) -> str:
    """第8条（サービスの終了）, or the number alone when there is no caption; English sections
    as English headings are printed: `1.1 Input and Output`.

    >>> from tracker.model import SectionKind
    >>> heading(Section("1.1", SectionKind.ARTICLE, "1.1", "Input and Output", None, ""))
    '1.1 Input and Output'
    """
    label = section_label(section)
    if not section.title or section.title == label:
        return label
    return f"{label} {section.title}" if is_western(section) else f"{label}（{section.title}）"


def heading_diff(change: Change) -> tuple[MarkedOp, ...]:
    """The diff between the old and the new heading (number and caption), with the pieces a
    substitution changed in the caption marked."""
    if change.marked_title and change.old and change.new:
        label = marked(char_diff(section_label(change.old), section_label(change.new)))
        if is_western(change.new):
            return (*label, (EQUAL, " ", 0), *change.marked_title)
        return (*label, (EQUAL, "（", 0), *change.marked_title, (EQUAL, "）", 0))
    before = heading(change.old) if change.old else ""
    after = heading(change.new) if change.new else ""
    return marked(char_diff(before, after))


def numbers(change: Change) -> str:
    """第4条, or 第4条→第5条 when the number changed."""
    before = section_label(change.old) if change.old else None
    after = section_label(change.new) if change.new else None
    if before and after and before != after:
        return f"{before}→{after}"
    return after or before or ""


def summary_line(comparison: Comparison) -> str:
    """old.txt → new.txt: 1 added, 0 removed, 2 modified, 34 renumbered (or: no changes)."""
    head = f"{comparison.old.source} → {comparison.new.source}"
    if not comparison.changes:
        return f"{head}: no changes"
    counts = comparison.summary.as_json()
    parts = [f"{count} {kind}" for kind, count in counts.items()]
    alone = sum(change.substitutions_only for change in comparison.changes)
    if alone:
        parts[2] += f" ({alone} by substitutions alone)"
    return head + ": " + ", ".join(parts)


def summary_ja(comparison: Comparison) -> str:
    """変更 5件（新設 1、削除 0、改正 2、条番号変更 2）, or 変更なし."""
    if not comparison.changes:
        return "変更なし"
    summary = comparison.summary
    alone = sum(change.substitutions_only for change in comparison.changes)
    parts = (
        f"新設 {summary.added}",
        f"削除 {summary.removed}",
        f"改正 {summary.modified}" + (f"（うち一括改正のみ {alone}）" if alone else ""),
        f"条番号変更 {summary.renumbered}",
    )
    return f"変更 {len(comparison.changes)}件（{'、'.join(parts)}）"


def summary_en(comparison: Comparison) -> str:
    """5 changes (1 added, 0 removed, 2 modified, 2 renumbered), or no changes."""
    if not comparison.changes:
        return "no changes"
    counts = comparison.summary.as_json()
    parts = [f"{count} {kind}" for kind, count in counts.items()]
    alone = sum(change.substitutions_only for change in comparison.changes)
    if alone:
        parts[2] += f" ({alone} by changes made throughout alone)"
    total = len(comparison.changes)
    return f"{total} change{'s' if total != 1 else ''} ({', '.join(parts)})"


def summary_in(comparison: Comparison, labels: Labels) -> str:
    return summary_en(comparison) if labels.english else summary_ja(comparison)


def version_line(label: str, document: Document, labels: Labels = JAPANESE) -> str:
    """改定前: v1.pdf（制定 2023-09-15、施行 2024-01-01）, or in English
    `Old version: v1.md (revised 2025-04-28)`."""
    dates = [f"{labels.dates[k]} {v}" for k, v in document.dates.as_json().items() if v]
    if not dates:
        return f"{label}: {document.source}"
    if labels.english:
        return f"{label}: {document.source} ({', '.join(dates)})"
    return f"{label}: {document.source}（{'、'.join(dates)}）"


def notes_ja(change: Change, comparison: Comparison) -> list[str]:
    """The remarks (備考) on one change, in Japanese: kind, move, split, changed terms."""
    notes = [KIND_JA[change.kind]]
    if change.references_only:
        notes.append("参照条番号のみの変更")
    if change.substitutions:
        notes.append("一括改正 " + "・".join(f"※{n}" for n in change.substitutions) + " を含む")
    if change.moved:
        notes.append("移動")
    if change.old and change.new and change.old.title != change.new.title:
        notes.append("見出しの変更")
    if change.split_from:
        notes.append(f"{_old_label(comparison, change.split_from)}から分割")
    if change.split_into:
        notes.append("一部を" + "・".join(_new_labels(comparison, change.split_into)) + "へ分割")
    if change.merged_from:
        notes.append("・".join(_old_labels(comparison, change.merged_from)) + "を統合")
    if change.merged_into:
        notes.append(f"{_new_label(comparison, change.merged_into)}へ統合")
    if change.locations:
        notes.append("変更箇所: " + "、".join(change.locations))
    for term in change.key_terms:
        notes.append(f"{TERM_JA[term.type.value]}: {term.old or 'なし'} → {term.new or 'なし'}")
    return notes


def flags_ja(flags: Sequence[str], labels: Labels = JAPANESE) -> str:
    """関連: 通知（notice）、料金（fees）: the flags of a change, for views without badges; in
    English `Touches: notice, fees`."""
    if labels.english:
        return f"{labels.related}: " + ", ".join(labels.flags.get(f, f) for f in flags)
    return "関連: " + "、".join(f"{FLAG_JA.get(flag, flag)}（{flag}）" for flag in flags)


def notes_in(change: Change, comparison: Comparison, labels: Labels) -> list[str]:
    """The remarks on one change in the words of the table (`notes_ja`, or their English)."""
    if not labels.english:
        return notes_ja(change, comparison)
    notes = [labels.kinds[change.kind]]
    if change.old and change.new and change.old.title != change.new.title:
        notes.append("heading changed")
    notes += [note for note in notes_en(change, comparison) if not note.startswith("flags:")]
    for term in change.key_terms:
        notes.append(f"{labels.terms[term.type.value]}: {term.old or '—'} → {term.new or '—'}")
    return notes


def notes_en(change: Change, comparison: Comparison) -> list[str]:
    """The same remarks for the terminal view, in English."""
    notes = []
    if change.references_only:
        notes.append("references only")
    if change.substitutions:
        notes.append("with substitutions " + ", ".join(f"※{n}" for n in change.substitutions))
    if change.moved:
        notes.append("moved")
    if change.split_from:
        notes.append(f"split from {_old_label(comparison, change.split_from)}")
    if change.split_into:
        notes.append("split into " + ", ".join(_new_labels(comparison, change.split_into)))
    if change.merged_from:
        notes.append("merged from " + ", ".join(_old_labels(comparison, change.merged_from)))
    if change.merged_into:
        notes.append(f"merged into {_new_label(comparison, change.merged_into)}")
    if change.locations:
        notes.append("at " + ", ".join(change.locations))
    if change.flags:
        notes.append("flags: " + ", ".join(change.flags))
    return notes


@dataclass(frozen=True)
class RenumberRun:
    """Consecutive renumbered-only sections, shown on one line."""

    changes: tuple[Change, ...]

    def describe(self, separator: str = "、") -> str:
        """第4条→第5条, or 第4条→第5条 … 第24条→第25条 (21) for three or more."""
        shown = [numbers(change) for change in self.changes]
        if len(shown) < 3:
            return separator.join(shown)
        return f"{shown[0]} … {shown[-1]} ({len(shown)})"


def group_changes(changes: Sequence[Change]) -> Iterator[Change | RenumberRun]:
    """The changes in order, with each run of renumbered-only sections (not moved) as one.
    Sections changed by substitutions alone are left out: the views list them with the
    substitutions, at the top."""
    run: list[Change] = []
    for change in changes:
        if change.substitutions_only:
            continue
        if change.kind is ChangeKind.RENUMBERED and not change.moved:
            run.append(change)
            continue
        if run:
            yield RenumberRun(tuple(run))
            run = []
        yield change
    if run:
        yield RenumberRun(tuple(run))


def _split(ops: list[MarkedOp], *, show_breaks: bool) -> list[Line]:
    lines: list[Line] = []
    current: list[MarkedOp] = []
    for op, text, mark in ops:
        pieces = text.split("\n")
        for index, piece in enumerate(pieces):
            if index > 0:
                if show_breaks and op != EQUAL:
                    current.append((op, NEWLINE_MARK, mark))
                lines.append(tuple(current))
                current = []
            if piece:
                current.append((op, piece, mark))
    lines.append(tuple(current))
    return lines


def _old_label(comparison: Comparison, key: str) -> str:
    section = comparison.old.section(key)
    return section_label(section) if section else key


def _new_label(comparison: Comparison, key: str) -> str:
    section = comparison.new.section(key)
    return section_label(section) if section else key


def _old_labels(comparison: Comparison, keys: Sequence[str]) -> list[str]:
    return [_old_label(comparison, key) for key in keys]


def _new_labels(comparison: Comparison, keys: Sequence[str]) -> list[str]:
    return [_new_label(comparison, key) for key in keys]
