"""The reports folder: what each run writes there and under which names.

File names come from the run's number and start time only, never from document ids or URLs.
"""

from __future__ import annotations

import json
from datetime import datetime

from tracker.report.run import RunReport, run_to_html, run_to_json, run_to_markdown

INDEX = "index.html"
FEED = "feed.atom"
SUFFIXES = (".html", ".md", ".json")


def report_stem(run_id: int, started: datetime) -> str:
    """`20261123T030000+0900-run42`: sortable by time, unique per run."""
    return f"{started.strftime('%Y%m%dT%H%M%S%z')}-run{run_id}"


def run_files(report: RunReport, *, new_first: bool) -> dict[str, str]:
    """The three renderings of a run report, by file suffix."""
    data = run_to_json(report)
    return {
        ".html": run_to_html(report, new_first=new_first),
        ".md": run_to_markdown(report),
        ".json": json.dumps(data, ensure_ascii=False, indent=2) + "\n",
    }
