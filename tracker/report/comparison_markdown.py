"""The 新旧対照表 as GitHub-flavoured Markdown: a table with `<ins>`/`<del>` marking the wording.

Columns 改定後 | 改定前 | 備考 (or 改定前 first with `new_first=False`), after the list of edits
made across the document (一括改正, ※1 …); a substituted piece in a cell is plain text followed
by its number, `社員<sup>※1</sup>`, so only the other changes are underlined. Document text is
escaped for both Markdown and HTML, so nothing in an agreement can break the table or inject
markup; the only tags are the ones added here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Final

from tracker.compare.model import EQUAL, INSERT, Comparison
from tracker.report.comparison_parts import Line, flags_ja, summary_in, version_line
from tracker.report.comparison_substitutions import MARK
from tracker.report.comparison_table import Cell, Table, comparison_table
from tracker.report.labels import Labels
from tracker.report.language import Language, Phrases

_SPECIAL: Final = re.compile(r"([\\`*_\[\]|~])")


def render_markdown(
    comparison: Comparison,
    *,
    new_first: bool = True,
    language: Language | None = None,
    findings: Sequence[str] = (),
) -> str:
    """The 新旧対照表 in Markdown, in `language` else in the agreement's; `findings` are the
    lines of the obligations section (`findings_view.findings_markdown`), shown before the
    table."""
    table = comparison_table(comparison, language)
    labels = table.labels
    t = Phrases("en" if labels.english else "ja")
    versions = [
        version_line(labels.new, comparison.new, labels),
        version_line(labels.old, comparison.old, labels),
    ]
    if not new_first:
        versions.reverse()
    title = comparison.new.title or comparison.old.title
    out = [f"# {labels.title}" + (f": {escape(title)}" if title else ""), ""]
    out += [f"- {escape(line)}" for line in versions]
    out += ["", summary_in(comparison, labels)]
    if findings:
        out += ["", f"## {t('findings')}", "", *findings]
    out += _substitutions(table)
    if table.rows:
        columns = [labels.new, labels.old] if new_first else [labels.old, labels.new]
        out += ["", f"| {columns[0]} | {columns[1]} | {labels.notes} |", "| --- | --- | --- |"]
        for row in table.rows:
            cells = [_cell(row.new, INSERT, labels), _cell(row.old, -INSERT, labels)]
            if not new_first:
                cells.reverse()
            flags = [flags_ja(row.change.flags, labels)] if row.change.flags else []
            notes = "<br>".join(escape(note) for note in [*row.notes, *flags])
            out.append(f"| {cells[0]} | {cells[1]} | {notes} |")
    if table.renumbered:
        joined = labels.separator.join(table.renumbered)
        out += ["", f"{labels.renumbered}: " + escape(joined)]
    return "\n".join(out) + "\n"


def _substitutions(table: Table) -> list[str]:
    if not table.substitutions:
        return []
    labels = table.labels
    out = ["", f"{labels.substitutions}:", ""]
    for entry in table.substitutions:
        text, kept = (entry.en, entry.kept_en) if labels.english else (entry.ja, entry.kept_ja)
        line = f"- {entry.mark} {escape(text)}"
        if entry.substitution.flags:
            line += f" {escape(flags_ja(entry.substitution.flags, labels))}"
        if kept:
            line += f"<br>{escape(kept)}"
        out.append(line)
    if table.substituted_only:
        out += ["", f"{labels.substituted_only}: " + escape(table.substituted_only)]
    return out


def escape(text: str) -> str:
    """Text safe in a Markdown table cell: Markdown punctuation backslashed, HTML escaped.

    >>> escape("<script>a|b*c</script>")
    '&lt;script&gt;a\\\\|b\\\\*c&lt;/script&gt;'
    """
    return html.escape(_SPECIAL.sub(r"\\\1", text), quote=False)


def _cell(cell: Cell, side: int, labels: Labels) -> str:
    if cell.placeholder:
        return cell.placeholder
    parts = [f"**{_line(cell.heading, side)}**"]
    parts += [labels.omitted if line is None else _line(line, side) for line in cell.lines]
    return "<br>".join(parts)


def _line(line: Line, side: int) -> str:
    tag = "ins" if side == INSERT else "del"
    out = []
    for op, text, mark in line:
        if op == EQUAL:
            out.append(escape(text))
        elif mark:
            out.append(f"{escape(text)}<sup>{MARK}{mark}</sup>")
        else:
            out.append(f"<{tag}>{escape(text)}</{tag}>")
    return "".join(out)
