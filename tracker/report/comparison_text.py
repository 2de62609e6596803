"""The terminal view of a comparison: a summary line, then each change with its inline diff.

Deletions and insertions show as `[-…-]` and `{+…+}`, or, with colour, as red struck-through
and green underlined text (strike and underline keep them apart without colour too). Only the
changed lines of a modified section are shown, long unchanged stretches inside them cut to
`CONTEXT` characters either side; runs of renumbered-only sections take one line.

Edits made across the document come first, once each (`comparison_substitutions`), with the
sections they alone changed on one line; inside the other sections a substituted piece shows
as CriticMarkup's substitution, `{~~労働者~>社員~~}` (cyan with colour), so what else changed
stands out.
"""

from __future__ import annotations

from typing import Final

from tracker.compare.model import DELETE, EQUAL, INSERT, Change, ChangeKind, Comparison
from tracker.report.comparison_parts import (
    Line,
    RenumberRun,
    change_ops,
    combined_lines,
    group_changes,
    is_changed,
    notes_en,
    numbers,
    side_lines,
    summary_line,
)
from tracker.report.comparison_substitutions import only_labels, substitution_entries
from tracker.report.labels import Labels, labels_for

CONTEXT: Final = 30
ELLIPSIS: Final = "…"
_RESET: Final = "\x1b[0m"
_ANSI: Final = {DELETE: "\x1b[9;31m", INSERT: "\x1b[4;32m", EQUAL: ""}
_SUBSTITUTED: Final = "\x1b[36m"
_MARKS: Final = {DELETE: ("[-", "-]"), INSERT: ("{+", "+}"), EQUAL: ("", "")}


def render_text(comparison: Comparison, *, color: bool = False) -> str:
    labels = labels_for(comparison)
    out = [summary_line(comparison)]
    if comparison.substitutions:
        out += ["", _bold("substitutions", color) + " (each once; marked {~~old~>new~~} below)"]
        for item in substitution_entries(comparison):
            out.append(f"  {item.mark} {item.en}")
            if item.substitution.flags:
                out.append("     flags: " + ", ".join(item.substitution.flags))
            if item.kept_en:
                out.append(f"     {item.kept_en}")
        alone = only_labels(comparison, english=labels.english)
        if alone:
            out.append(f"  changed by these alone: {alone}")
    for entry in group_changes(comparison.changes):
        out.append("")
        if isinstance(entry, RenumberRun):
            out.append(_bold("renumbered", color) + " " + entry.describe(labels.separator))
        else:
            out.extend(_change(entry, comparison, color, labels))
    return "\n".join(out) + "\n"


def _change(change: Change, comparison: Comparison, color: bool, labels: Labels) -> list[str]:
    head = _bold(change.kind.value, color) + " " + numbers(change)
    caption = _caption(change, labels.english)
    if caption:
        head += " " + caption
    notes = notes_en(change, comparison)
    if notes:
        head += "  (" + "; ".join(notes) + ")"
    out = [head]
    lines = combined_lines(change_ops(change))
    if change.kind is ChangeKind.MODIFIED:
        shown = [_elide(line, labels.english) if is_changed(line) else None for line in lines]
        if all(line is None for line in shown):
            out.append("  (text unchanged)")
        previous_skipped = False
        for line in shown:
            if line is None:
                if not previous_skipped and any(x is not None for x in shown):
                    out.append("  " + ELLIPSIS)
                previous_skipped = True
            else:
                out.append("  " + _paint(line, color))
                previous_skipped = False
    elif change.old is None or change.new is None:  # wholly added or removed: one side only
        side = INSERT if change.old is None else DELETE
        out.extend("  " + _paint(line, color) for line in side_lines(change_ops(change), side))
    elif change.kind is not ChangeKind.RENUMBERED:
        out.extend("  " + _paint(line, color) for line in lines)
    for term in change.key_terms:
        out.append(f"  {term.type.value}: {term.old or '-'} → {term.new or '-'}")
    return out


def _caption(change: Change, english: bool = False) -> str:
    opening, closing = ("“", "”") if english else ("「", "」")
    before, after = change.old_title, change.new.title if change.new else None
    if change.old and change.new and before != after:
        return f"{opening}{before or ''}{closing}→{opening}{after or ''}{closing}"
    title = change.title
    if not title or (change.new and change.new.number is None and english):
        return ""  # a part without a number is named by its heading already
    return f"{opening}{title}{closing}"


def _elide(line: Line, english: bool = False) -> Line:
    """The line with unchanged stretches longer than 2 × CONTEXT cut in the middle (at a space
    in English, so that no word is cut)."""
    result = []
    last = len(line) - 1
    for index, (op, text, mark) in enumerate(line):
        if op == EQUAL and len(text) > 2 * CONTEXT + len(ELLIPSIS):
            head, tail = _head(text, english), _tail(text, english)
            if index == 0:
                text = ELLIPSIS + tail
            elif index == last:
                text = head + ELLIPSIS
            else:
                text = head + ELLIPSIS + tail
        result.append((op, text, mark))
    return tuple(result)


def _head(text: str, english: bool) -> str:
    head = text[:CONTEXT]
    if english and " " in head[1:] and not text[CONTEXT : CONTEXT + 1].isspace():
        head = head[: head.rindex(" ") + 1]
    return head


def _tail(text: str, english: bool) -> str:
    tail = text[-CONTEXT:]
    if english and " " in tail[:-1] and not text[-CONTEXT - 1 : -CONTEXT].isspace():
        tail = tail[tail.index(" ") :]
    return tail


def _paint(line: Line, color: bool) -> str:
    """The line with its marks: `[-…-]`, `{+…+}`, and `{~~old~>new~~}` for a substituted piece
    (an old or new side alone when the other is empty or on another line).

    >>> _paint(((0, "は", 0), (-1, "甲", 1), (1, "当社", 1), (-1, "3", 0), (1, "1", 0)), False)
    'は{~~甲~>当社~~}[-3-]{+1+}'
    """
    out = []
    for index, (op, text, mark) in enumerate(line):
        if mark:
            before = line[index - 1] if index else None
            after = line[index + 1] if index + 1 < len(line) else None
            if op == DELETE:
                paired = after is not None and after[0] == INSERT and after[2] == mark
                piece = "{~~" + text + ("~>" if paired else "~>~~}")
            else:
                paired = before is not None and before[0] == DELETE and before[2] == mark
                piece = ("" if paired else "{~~~>") + text + "~~}"
            out.append(_SUBSTITUTED + piece + _RESET if color else piece)
        elif color:
            out.append(_ANSI[op] + text + (_RESET if op != EQUAL else ""))
        else:
            out.append(_MARKS[op][0] + text + _MARKS[op][1])
    return "".join(out)


def _bold(text: str, color: bool) -> str:
    return f"\x1b[1m{text}{_RESET}" if color else text
