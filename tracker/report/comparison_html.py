"""The 新旧対照表 as one self-contained HTML page: inline CSS, no scripts, no external assets.

Changed wording is underlined on the new side (`<ins>`) and struck through and underlined on
the old side (`<del>`), so the table reads without colour and prints in black and white; the
pale backgrounds only help. Every piece of document text goes through `html.escape`.
"""

from __future__ import annotations

from html import escape
from typing import Final

from tracker.compare.model import EQUAL, INSERT, Comparison
from tracker.report.comparison_parts import OMITTED, Line, summary_ja, version_line
from tracker.report.comparison_table import Cell, comparison_table

STYLE: Final = """
body { font-family: "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic", YuGothic,
  Meiryo, "Noto Sans CJK JP", "Noto Sans JP", "Source Han Sans JP", sans-serif;
  line-height: 1.7; margin: 2rem; color: #111; background: #fff; }
h1 { font-size: 1.4rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #666; padding: .5em .75em; vertical-align: top; text-align: left; }
th { background: #eee; }
td { white-space: pre-wrap; overflow-wrap: anywhere; }
col.notes { width: 20%; }
.heading { font-weight: bold; }
.placeholder, .omitted { color: #444; }
ins { text-decoration: underline; text-decoration-thickness: 2px; background: #e6ffec; }
del { text-decoration: line-through underline; background: #ffebe9; }
@media print { body { margin: 0; } ins, del { background: none; } }
""".strip()


def render_html(comparison: Comparison, *, new_first: bool = True) -> str:
    table = comparison_table(comparison)
    title = comparison.new.title or comparison.old.title
    page_title = "新旧対照表" + (f": {title}" if title else "")
    versions = [version_line("改定後", comparison.new), version_line("改定前", comparison.old)]
    if not new_first:
        versions.reverse()
    out = [
        "<!DOCTYPE html>",
        '<html lang="ja">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(page_title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(page_title)}</h1>",
        "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in versions) + "</ul>",
        f"<p>{escape(summary_ja(comparison))}</p>",
    ]
    if table.rows:
        columns = ["改定後", "改定前"] if new_first else ["改定前", "改定後"]
        out += [
            "<table>",
            '<colgroup><col><col><col class="notes"></colgroup>',
            f"<thead><tr><th>{columns[0]}</th><th>{columns[1]}</th><th>備考</th></tr></thead>",
            "<tbody>",
        ]
        for row in table.rows:
            cells = [_cell(row.new, INSERT), _cell(row.old, -INSERT)]
            if not new_first:
                cells.reverse()
            notes = escape("\n".join(row.notes))
            out.append(f"<tr><td>{cells[0]}</td><td>{cells[1]}</td><td>{notes}</td></tr>")
        out += ["</tbody>", "</table>"]
    if table.renumbered:
        out.append(f"<p>条番号のみの変更: {escape('、'.join(table.renumbered))}</p>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def _cell(cell: Cell, side: int) -> str:
    if cell.placeholder:
        return f'<span class="placeholder">{escape(cell.placeholder)}</span>'
    parts = [f'<span class="heading">{_line(cell.heading, side)}</span>']
    for line in cell.lines:
        parts.append(
            f'<span class="omitted">{OMITTED}</span>' if line is None else _line(line, side)
        )
    return "\n".join(parts)


def _line(line: Line, side: int) -> str:
    tag = "ins" if side == INSERT else "del"
    return "".join(
        escape(text) if op == EQUAL else f"<{tag}>{escape(text)}</{tag}>" for op, text in line
    )
