"""The 新旧対照表 as one self-contained HTML page: inline CSS, no scripts, no external assets.

Changed wording is underlined on the new side (`<ins>`) and struck through and underlined on
the old side (`<del>`), so the table reads without colour and prints in black and white; the
pale backgrounds only help. The page is a Jinja2 template with autoescape (`html_templates.py`); the
run report draws its tables with the same macro.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.compare.model import Comparison
from tracker.report.comparison_parts import summary_en, summary_ja, version_line
from tracker.report.comparison_table import comparison_table
from tracker.report.findings_view import FindingRow
from tracker.report.html_templates import render
from tracker.report.language import Labels, Language


def render_html(
    comparison: Comparison,
    *,
    new_first: bool = True,
    language: Language = "ja",
    findings: Sequence[FindingRow] = (),
) -> str:
    t = Labels(language)
    title = comparison.new.title or comparison.old.title
    versions = [version_line(t("after"), comparison.new), version_line(t("before"), comparison.old)]
    if not new_first:
        versions.reverse()
    return render(
        "comparison.html.j2",
        page_title=t("table") + (f": {title}" if title else ""),
        versions=versions,
        summary=summary_ja(comparison) if language == "ja" else summary_en(comparison),
        table=comparison_table(comparison),
        new_first=new_first,
        findings=findings,
        t=t,
        lang=language,
    )
