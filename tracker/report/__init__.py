"""Renderers: turn results of the core (a `Comparison`, …) into JSON, terminal text, Markdown
and HTML. Pure: each returns a string; writing it somewhere is the caller's business."""

from __future__ import annotations

import json
from typing import Final

from tracker.compare.model import Comparison
from tracker.compare.serialize import comparison_to_json
from tracker.errors import UsageError
from tracker.report.comparison_html import render_html
from tracker.report.comparison_markdown import render_markdown
from tracker.report.comparison_text import render_text

FORMATS: Final = ("text", "markdown", "html", "json")


def render_comparison(
    comparison: Comparison, fmt: str, *, color: bool = False, new_first: bool = True
) -> str:
    """The comparison in `fmt` (one of `FORMATS`); `color` is for text, `new_first` for the
    column order of the Markdown and HTML 新旧対照表."""
    if fmt == "text":
        return render_text(comparison, color=color)
    if fmt == "markdown":
        return render_markdown(comparison, new_first=new_first)
    if fmt == "html":
        return render_html(comparison, new_first=new_first)
    if fmt == "json":
        return json.dumps(comparison_to_json(comparison), ensure_ascii=False, indent=2)
    raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "comparison_to_json", "render_comparison"]
