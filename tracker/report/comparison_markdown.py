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
from tracker.report.comparison_parts import (
    OMITTED,
    Line,
    flags_ja,
    summary_en,
    summary_ja,
    version_line,
)
from tracker.report.comparison_substitutions import MARK
from tracker.report.comparison_table import Cell, Table, comparison_table
from tracker.report.language import Labels, Language

_SPECIAL: Final = re.compile(r"([\\`*_\[\]|~])")


def render_markdown(
    comparison: Comparison,
    *,
    new_first: bool = True,
    language: Language = "ja",
    findings: Sequence[str] = (),
) -> str:
    """The 新旧対照表 in Markdown; `findings` are the lines of the obligations section
    (`findings_view.findings_markdown`), shown before the table."""
    t = Labels(language)
    table = comparison_table(comparison)
    versions = [
        version_line(t("after"), comparison.new),
        version_line(t("before"), comparison.old),
    ]
    if not new_first:
        versions.reverse()
    title = comparison.new.title or comparison.old.title
    out = [f"# {t('table')}" + (f": {escape(title)}" if title else ""), ""]
    out += [f"- {escape(line)}" for line in versions]
    out += ["", summary_ja(comparison) if language == "ja" else summary_en(comparison)]
    if findings:
        out += ["", f"## {t('findings')}", "", *findings]
    out += _substitutions(table)
    if table.rows:
        columns = [t("after"), t("before")] if new_first else [t("before"), t("after")]
        out += ["", f"| {columns[0]} | {columns[1]} | {t('notes')} |", "| --- | --- | --- |"]
        for row in table.rows:
            cells = [_cell(row.new, INSERT), _cell(row.old, -INSERT)]
            if not new_first:
                cells.reverse()
            remarks = [*row.notes, flags_ja(row.change.flags)] if row.change.flags else row.notes
            notes = "<br>".join(escape(note) for note in remarks)
            out.append(f"| {cells[0]} | {cells[1]} | {notes} |")
    if table.renumbered:
        out += ["", "条番号のみの変更: " + escape("、".join(table.renumbered))]
    return "\n".join(out) + "\n"


def _substitutions(table: Table) -> list[str]:
    if not table.substitutions:
        return []
    out = ["", "一括改正（各条に共通の改正。表中では該当箇所に※番号を付す）:", ""]
    for entry in table.substitutions:
        line = f"- {entry.mark} {escape(entry.ja)}"
        if entry.substitution.flags:
            line += f" {escape(flags_ja(entry.substitution.flags))}"
        if entry.kept_ja:
            line += f"<br>{escape(entry.kept_ja)}"
        out.append(line)
    if table.substituted_only:
        out += ["", "一括改正のみの条: " + escape(table.substituted_only)]
    return out


def escape(text: str) -> str:
    """Text safe in a Markdown table cell: Markdown punctuation backslashed, HTML escaped.

    >>> escape("<script>a|b*c</script>")
    '&lt;script&gt;a\\\\|b\\\\*c&lt;/script&gt;'
    """
    return html.escape(_SPECIAL.sub(r"\\\1", text), quote=False)


def _cell(cell: Cell, side: int) -> str:
    if cell.placeholder:
        return cell.placeholder
    parts = [f"**{_line(cell.heading, side)}**"]
    parts += [OMITTED if line is None else _line(line, side) for line in cell.lines]
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
