"""One comparison in the format asked for (`compare`, `diff`): the terminal text, the
Markdown or HTML 新旧対照表 with its obligation findings, or the contract's JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Final

from tracker.compare.model import Comparison
from tracker.compare.serialize import comparison_to_json
from tracker.errors import UsageError
from tracker.obligations import Finding
from tracker.report.comparison_html import render_html
from tracker.report.comparison_markdown import render_markdown
from tracker.report.comparison_text import render_text
from tracker.report.findings_json import comparison_with_findings
from tracker.report.findings_view import finding_rows, findings_markdown, findings_text
from tracker.report.language import Language, document_language

FORMATS: Final = ("text", "markdown", "html", "json")


def render_comparison(
    comparison: Comparison,
    fmt: str,
    *,
    color: bool = False,
    new_first: bool = True,
    findings: Sequence[Finding] = (),
    language: Language | None = None,
) -> str:
    """The comparison in `fmt` (one of `FORMATS`) with its obligation findings; `color` is for
    text, `new_first` for the column order of the Markdown and HTML 新旧対照表, `language` for
    Markdown and HTML (default: the documents' own). The terminal view is English."""
    if fmt == "text":
        text = render_text(comparison, color=color)
        return text + "".join(line + "\n" for line in findings_text(findings))
    language = language or document_language(comparison.new, comparison.old)
    if fmt == "markdown":
        rows = finding_rows(findings, language)
        return render_markdown(
            comparison,
            new_first=new_first,
            language=language,
            findings=findings_markdown(rows, language),
        )
    if fmt == "html":
        rows = finding_rows(findings, language)
        return render_html(comparison, new_first=new_first, language=language, findings=rows)
    if fmt == "json":
        data = (
            comparison_with_findings(comparison, findings, old={}, new={})
            if findings
            else comparison_to_json(comparison)
        )
        return json.dumps(data, ensure_ascii=False, indent=2)
    raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "comparison_to_json", "render_comparison"]
