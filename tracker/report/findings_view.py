"""Obligation findings as people read them: in the terminal (English, like the rest of the
terminal view) and in Markdown (in the report's language). The HTML views draw them with the
`findings` macro (templates/macros.html.j2) from the same `FindingRow`s.

Each finding says what it found, what we should do, and the two deadlines under names that say
whose they are: the provider's (the notice it owed, the publication it owed) and ours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tracker.obligations import Finding
from tracker.report.comparison_markdown import escape
from tracker.report.language import Language, Phrases


@dataclass(frozen=True)
class FindingRow:
    """A finding as a report shows it, in one language; `document` names the agreement in a
    report about several."""

    severity: str  # the code: high, medium, low, info (for CSS)
    severity_label: str
    location: str
    message: str
    action: str
    provider_due: str
    our_due: str
    document: str = ""


def finding_rows(
    findings: Sequence[Finding], language: Language, document: str = ""
) -> list[FindingRow]:
    t = Phrases(language)
    return [
        FindingRow(
            severity=f.severity,
            severity_label=t.severity(f.severity),
            location=f.location or "—",
            message=f.says(language),
            action=f.action.in_(language),
            provider_due=_day(f.provider_due),
            our_due=_day(f.our_due) if f.our_due else _our_default(f, t),
            document=document,
        )
        for f in findings
    ]


def _day(day: date | None) -> str:
    return day.isoformat() if day else "—"


def _our_default(finding: Finding, t: Phrases) -> str:
    """No date of ours: act now when the provider's deadline has passed with the change in
    force, else there is nothing to beat."""
    if finding.code == "published-after-effective-date" or (
        finding.code in ("notice-shorter-than-promised", "adverse-change-548-4")
        and finding.days is not None
        and finding.days <= 0
    ):
        return t("now")
    return "—"


def findings_text(findings: Sequence[Finding]) -> list[str]:
    """The terminal view's section: most urgent first, each with its deadlines and action."""
    if not findings:
        return []
    out = ["", "obligations (most urgent first)"]
    for row in finding_rows(findings, "en"):
        out.append(f"  {row.severity:<6}  {row.message}")  # the message names the place
        if (row.provider_due, row.our_due) != ("—", "—"):
            dues = f"provider's deadline {row.provider_due} · our deadline {row.our_due}"
            out.append(f"          {dues}")
        if row.action:
            out.append(f"          → {row.action}")
    return out


def findings_markdown(rows: Sequence[FindingRow], language: Language) -> list[str]:
    """One list item per finding: severity, where, both deadlines, the finding; the action
    under it. Document text inside a message is escaped."""
    t = Phrases(language)
    out = []
    for row in rows:
        where = f"{escape(row.document)} · " if row.document else ""
        dues = f"{t('provider-due')} {row.provider_due} · {t('our-due')} {row.our_due}"
        out.append(
            f"- **{row.severity_label}** {where}{escape(row.location)}（{dues}）: "
            f"{escape(row.message)}"
            if language == "ja"
            else f"- **{row.severity_label}** {where}{escape(row.location)} ({dues}): "
            f"{escape(row.message)}"
        )
        if row.action:
            out.append(f"  - {t('action')}: {escape(row.action)}")
    return out
