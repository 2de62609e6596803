"""The 新旧対照表 as one self-contained HTML page: inline CSS, no scripts, no external assets.

Changed wording is underlined on the new side (`<ins>`) and struck through and underlined on
the old side (`<del>`), so the table reads without colour and prints in black and white; the
pale backgrounds only help. The page is a Jinja2 template with autoescape (`html_templates.py`); the
run report draws its tables with the same macro.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.compare.model import Comparison
from tracker.report.comparison_parts import summary_in, version_line
from tracker.report.comparison_table import comparison_table
from tracker.report.findings_view import FindingRow
from tracker.report.html_templates import render
from tracker.report.language import Language, Phrases


def render_html(
    comparison: Comparison,
    *,
    new_first: bool = True,
    language: Language | None = None,
    findings: Sequence[FindingRow] = (),
) -> str:
    """The page in `language`, else in the agreement's."""
    title = comparison.new.title or comparison.old.title
    table = comparison_table(comparison, language)
    labels = table.labels
    versions = [
        version_line(labels.new, comparison.new, labels),
        version_line(labels.old, comparison.old, labels),
    ]
    if not new_first:
        versions.reverse()
    spoken: Language = "en" if labels.english else "ja"
    return render(
        "comparison.html.j2",
        page_title=labels.title + (f": {title}" if title else ""),
        versions=versions,
        summary=summary_in(comparison, labels),
        table=table,
        new_first=new_first,
        findings=findings,
        t=Phrases(spoken),
        lang=labels.lang,
    )
