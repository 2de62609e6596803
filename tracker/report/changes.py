"""`tracker changes --since 7d|DATE`: what changed across every document in a period, as text,
Markdown, HTML and JSON (pure). Each change as the run report showed it — versions and dates,
the findings with what to do and by when, the 新旧対照表 — newest first, with links to the
document's history page and the report of the run that found it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.compare.serialize import comparison_to_json
from tracker.report.comparison_markdown import render_markdown
from tracker.report.comparison_parts import summary_en
from tracker.report.comparison_table import comparison_table
from tracker.report.findings_json import findings_to_json
from tracker.report.findings_view import finding_rows, findings_markdown, findings_text
from tracker.report.html_templates import render
from tracker.report.language import Language, Phrases
from tracker.report.run import DocumentOutcome, safe_url, summary_of, term_changes


@dataclass(frozen=True)
class PeriodChange:
    outcome: DocumentOutcome  # kind "changed", with its comparison and findings
    history: str | None = None  # link to the document's history page, at this change
    report: str | None = None  # link to the report of the run that found it


@dataclass(frozen=True)
class Period:
    since: date
    until: date  # today
    changes: tuple[PeriodChange, ...]  # newest first
    language: Language = "ja"
    # The words of the 新旧対照表s: `[report] language` when set, else each agreement's own.
    tables: Language | None = None


def _versions(d: DocumentOutcome) -> str:
    return f"v{d.previous} → v{d.version}"


def _seen(d: DocumentOutcome) -> str:
    return d.version_seen.date().isoformat() if d.version_seen else "?"


def period_to_text(period: Period) -> str:
    """The terminal view (English, like every terminal view): one block per change."""
    head = f"changes since {period.since} (until {period.until}): "
    count = len(period.changes)
    lines = [head + (f"{count} change{'s' if count != 1 else ''}" if count else "none")]
    for entry in period.changes:
        d = entry.outcome
        assert d.comparison is not None
        effective = f"; effective {d.effective}" if d.effective else ""
        lines += [
            "",
            f"{_seen(d)}  {d.id}  {d.name}  {_versions(d)}: {summary_en(d.comparison)}{effective}",
        ]
        urgent = [f for f in d.findings if f.severity in ("high", "medium")]
        lines += [line for line in findings_text(urgent)[2:]]
        if entry.history:
            lines.append(f"  history: {entry.history}")
    return "\n".join(lines) + "\n"


def period_to_markdown(period: Period, *, new_first: bool = True) -> str:
    t = Phrases(period.language)
    lines = [f"# {t('changes-title', since=period.since)}", ""]
    if not period.changes:
        lines.append(t("changes-none"))
    for entry in period.changes:
        d = entry.outcome
        assert d.comparison is not None
        lines += [f"## {d.name} (`{d.id}`): {_versions(d)}", ""]
        lines.append(f"- {t('seen')}: {_seen(d)}")
        lines.append(f"- {t('effective')}: {d.effective or t('not-stated')}")
        lines.append(f"- {t('summary')}: {summary_of(d.comparison, period.tables)}")
        for label, link in ((t("history"), entry.history), (t("run-report"), entry.report)):
            if link:
                lines.append(f"- {label}: <{link}>")
        for term in term_changes(d.comparison, period.tables):
            lines.append(f"- {term.where} {term.label}: {term.old} → {term.new}")
        if d.findings:
            lines += ["", f"### {t('obligations')}", ""]
            lines += findings_markdown(finding_rows(d.findings, period.language), period.language)
        table = render_markdown(d.comparison, new_first=new_first, language=period.tables)
        lines += ["", *table.split("\n", 1)[1].lstrip("\n").splitlines(), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def period_to_html(period: Period, *, new_first: bool = True) -> str:
    t = Phrases(period.language)
    return render(
        "changes.html.j2",
        period=period,
        t=t,
        lang=period.language,
        new_first=new_first,
        table_of=lambda comparison: comparison_table(comparison, period.tables),
        terms_of=lambda comparison: term_changes(comparison, period.tables),
        summary_of=lambda comparison: summary_of(comparison, period.tables),
        rows_of=lambda d: finding_rows(d.findings, period.language),
        safe_url=safe_url,
    )


def period_to_json(period: Period) -> dict[str, Any]:
    return {
        "since": period.since.isoformat(),
        "until": period.until.isoformat(),
        "language": period.language,
        "changes": [
            {
                "document": e.outcome.id,
                "name": e.outcome.name,
                "url": e.outcome.url,
                "previous": e.outcome.previous,
                "version": e.outcome.version,
                "first_seen": e.outcome.version_seen.isoformat(timespec="seconds")
                if e.outcome.version_seen
                else None,
                "effective": e.outcome.effective.isoformat() if e.outcome.effective else None,
                "summary": e.outcome.comparison.summary.as_json() if e.outcome.comparison else None,
                "obligations": findings_to_json(e.outcome.findings),
                "comparison": comparison_to_json(e.outcome.comparison)
                if e.outcome.comparison
                else None,
                "history": e.history,
                "report": e.report,
            }
            for e in period.changes
        ],
    }
