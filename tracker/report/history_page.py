"""A document's history page in the reports folder: every version with its dates, and the
新旧対照表 and obligations of each change, newest first (pure: a string out).

The page is named after the document (`history-securecam-3f1c2a9b.html`: the id reduced to
letters, digits, `_` and `-`, and a hash of the id, so two ids never share a page and nothing in
an id can reach outside the folder). The run reports, the index and the feed link to it, with
`#v2` for the change into version 2.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from tracker.compare.model import Comparison, Summary
from tracker.model import Dates
from tracker.obligations import Finding
from tracker.report.comparison_table import comparison_table
from tracker.report.findings_view import FindingRow, finding_rows
from tracker.report.html_templates import render
from tracker.report.language import Language, Phrases
from tracker.report.run import summary_of

_UNSAFE: Final = re.compile(r"[^A-Za-z0-9_-]+")


def history_page_name(document_id: str) -> str:
    """The file name of a document's history page.

    >>> history_page_name("securecam")
    'history-securecam-07ba7d89.html'
    >>> history_page_name("../a..b")
    'history-a-b-38bbb190.html'
    """
    slug = _UNSAFE.sub("-", document_id).strip("-")[:40] or "document"
    digest = hashlib.sha256(document_id.encode("utf-8")).hexdigest()[:8]
    return f"history-{slug}-{digest}.html"


@dataclass(frozen=True)
class PageVersion:
    number: int
    first_seen: datetime  # in the document's zone
    last_seen: datetime
    dates: Dates
    articles: int
    origin: str  # fetch, import, accepted
    technical: bool
    doubts: int  # warnings of the parse
    summary: Summary | None  # against the version before


@dataclass(frozen=True)
class PageChange:
    previous: int
    version: int
    seen: datetime  # when the new version was first seen
    comparison: Comparison | None  # None for a technical version: nothing to show
    findings: tuple[Finding, ...] = ()

    @property
    def anchor(self) -> str:
        return f"v{self.version}"


@dataclass(frozen=True)
class DocumentHistory:
    id: str
    name: str
    url: str
    zone: ZoneInfo
    versions: tuple[PageVersion, ...]
    changes: tuple[PageChange, ...]  # newest first
    generated: datetime
    language: Language = "ja"


def history_to_html(history: DocumentHistory, *, new_first: bool = True) -> str:
    t = Phrases(history.language)

    def rows(change: PageChange) -> list[FindingRow]:
        return finding_rows(change.findings, history.language)

    return render(
        "history.html.j2",
        h=history,
        t=t,
        lang=history.language,
        new_first=new_first,
        table_of=lambda comparison: comparison_table(comparison, history.language),
        summary_of=lambda comparison: summary_of(comparison, history.language),
        rows_of=rows,
        safe_url=_safe_url,
        stamp=lambda moment: moment.strftime("%Y-%m-%d %H:%M"),
    )


def _safe_url(url: str) -> str | None:
    return url if url.lower().startswith(("http://", "https://")) else None
