"""What a change set between two versions obliges: what is due by when, and what may be void.

`assess` combines the old version's promises (the ones in force when the change was published),
the effective date (given, or the new version's own: 附則, 施行/実施), the day the new version
was first seen, and the user's own obligations. Codes (stable; reports and scripts key on them):

- `notice-shorter-than-promised` (high): the old version promised a lead time for this kind of
  change and the new text was seen later than that before its effective date. `due`: the last
  day notice could be given; `days`: observed.
- `notice-as-promised` (info): the same, kept. `notice-unverifiable` (low): a promise applies
  but the first-seen or effective date is missing.
- `no-effective-date` (medium): no new effective date; 548条の4第2項 requires one.
- `published-after-effective-date` (high): first seen on or after the effective date.
  `due`: the effective date; `days`: observed (≤ 0).
- `adverse-change-548-4` (high when first seen on or after the effective date, else medium:
  "needs publication before the effective date"): a change likely adverse to the customer.
  `due`: the effective date; `days`: observed.
- `no-notice-clause`, `effective-on-posting`, `deemed-consent` (medium when a change is
  adverse, else low): the old change clause's wording, a 消費者契約法10条 risk, never a basis.
  `no-change-clause` (low): the old version has none.
- `own-obligation-due` (high when overdue on `today`, medium within 7 days, else low): a
  configured obligation whose flags a change meets. `due`: first seen + within_days;
  `days`: days left on `today`, else within_days.

"observed" is effective − first seen, in days. Only substantive changes count: added, removed
and modified sections, not renumbered ones, not changes of cross-references only, and not the
supplementary provisions (附則), which carry the dates rather than the terms.

Limits: a new version that repeats the old version's effective date is read as publishing no
effective date (the date belongs to an earlier revision); every adverse change is treated as
an item-2 change (548条の4第1項第2号) — whether a change is in the customers' general interest
is not judged; a version first seen is assumed published that day (publication may have been
earlier, never later, so a late finding may be a crawl gap: check the provider's notice page).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from tracker.compare.locations import section_label
from tracker.compare.model import Change, ChangeKind, Comparison
from tracker.model import SectionKind
from tracker.obligations.adverse import adverse_reasons
from tracker.obligations.clauses import read_promises
from tracker.obligations.deadlines import describe, promised_notice
from tracker.obligations.flags import flag_change
from tracker.obligations.policy import OwnObligation
from tracker.obligations.promises import ChangeClause, NoticeObligation, Promises

SEVERITIES: Final = ("high", "medium", "low", "info")
"""Most urgent first."""

_SOON: Final = 7  # days before an own obligation's due date when it becomes medium


@dataclass(frozen=True)
class Finding:
    severity: str  # one of SEVERITIES
    code: str  # stable id, see the module docstring
    message: str  # one English sentence with the numbers
    location: str  # 第8条第2項; "" for the version as a whole
    due: date | None = None
    days: int | None = None


@dataclass(frozen=True)
class _Timing:
    first_seen: date | None
    effective: date | None
    today: date | None

    @property
    def observed(self) -> int | None:
        """Days between first seeing the new text and its effective date."""
        if self.first_seen is None or self.effective is None:
            return None
        return (self.effective - self.first_seen).days

    def seen(self) -> str:
        return self.first_seen.isoformat() if self.first_seen else "unknown"


@dataclass(frozen=True)
class _Assessed:
    change: Change
    flags: tuple[str, ...]
    adverse: tuple[str, ...]

    @property
    def location(self) -> str:
        change = self.change
        return change.locations[0] if change.locations else section_label(change.section)


def assess(
    comparison: Comparison,
    *,
    first_seen: date | None,
    effective: date | None = None,
    own: Sequence[OwnObligation] = (),
    today: date | None = None,
) -> tuple[Finding, ...]:
    """Findings for the changes between `comparison.old` and `comparison.new`, most urgent first.

    `effective` overrides the new version's stated effective date; `today` only dates the
    user's own obligations (overdue or not).

    >>> from tracker.compare import compare_documents
    >>> from tracker.model import Dates, Document, Paragraph, Section, SectionKind
    >>> def version(months: int, effective: date | None) -> Document:
    ...     text = f"当社は、基本サービスの重要な変更は書面で{months}か月前までに通知します。"
    ...     article = Section("8", SectionKind.ARTICLE, "第8条", "サービスの変更", None, text,
    ...                       (Paragraph("1", text),))
    ...     return Document("v.txt", None, Dates(effective=effective), (article,))
    >>> comparison = compare_documents(version(3, None), version(1, date(2026, 12, 1)))
    >>> for finding in assess(comparison, first_seen=date(2026, 11, 23)):
    ...     print(finding.severity, finding.code, finding.due, finding.days)
    high notice-shorter-than-promised 2026-09-02 8
    medium adverse-change-548-4 2026-12-01 8
    low no-change-clause None None
    """
    old_promises, new_promises = read_promises(comparison.old), read_promises(comparison.new)
    assessed = [
        _assess_change(change, old_promises, new_promises)
        for change in comparison.changes
        if _substantive(change)
    ]
    if not assessed:
        return ()
    timing = _Timing(first_seen, effective or _stated_effective(comparison), today)
    findings = [
        *_effective_date(comparison, timing),
        *_promised_notice(assessed, old_promises, timing),
        *_adverse(assessed, timing),
        *_change_clause_wording(old_promises, any(a.adverse for a in assessed)),
        *_own(assessed, own, timing),
    ]
    return tuple(sorted(findings, key=_urgency))


def _substantive(change: Change) -> bool:
    return (
        change.kind is not ChangeKind.RENUMBERED
        and not change.references_only
        and change.section.kind is not SectionKind.SUPPLEMENTARY
    )


def _assess_change(change: Change, old: Promises, new: Promises) -> _Assessed:
    flags = change.flags or flag_change(change, old, new)
    return _Assessed(change, flags, adverse_reasons(change, flags, old, new))


def _stated_effective(comparison: Comparison) -> date | None:
    """The new version's effective date, unless it is the old version's too (then it dates an
    earlier revision, not this one)."""
    new, old = comparison.new.dates.effective, comparison.old.dates.effective
    return None if new is not None and new == old else new


def _effective_date(comparison: Comparison, timing: _Timing) -> list[Finding]:
    if timing.effective is None:
        stale = comparison.new.dates.effective
        why = (
            f"it repeats the old version's {stale.isoformat()}"
            if stale is not None
            else "none is stated"
        )
        return [
            Finding(
                "medium",
                "no-effective-date",
                f"No effective date for this revision ({why}); 民法548条の4第2項 requires the "
                f"business to fix one and publish it with the new terms; first seen "
                f"{timing.seen()}.",
                "",
            )
        ]
    if timing.first_seen is not None and timing.first_seen >= timing.effective:
        late = (timing.first_seen - timing.effective).days
        return [
            Finding(
                "high",
                "published-after-effective-date",
                f"The new text was first seen {timing.first_seen.isoformat()}, "
                f"{_days_phrase(late)} its effective date {timing.effective.isoformat()}: "
                f"changes not in the customers' general interest have no effect "
                f"(民法548条の4第3項).",
                "",
                timing.effective,
                timing.observed,
            )
        ]
    return []


def _days_phrase(late: int) -> str:
    return "on" if late == 0 else f"{late} day{'s' if late != 1 else ''} after"


def _promised_notice(
    assessed: list[_Assessed], old_promises: Promises, timing: _Timing
) -> list[Finding]:
    """One finding per promise that applies to at least one change."""
    applied: dict[NoticeObligation, list[str]] = {}
    for item in assessed:
        notice = promised_notice(
            item.change, item.flags, adverse=bool(item.adverse), old_promises=old_promises
        )
        if notice is not None:
            applied.setdefault(notice, []).append(item.location)
    return [_notice_finding(notice, places, timing) for notice, places in applied.items()]


def _notice_finding(notice: NoticeObligation, places: list[str], timing: _Timing) -> Finding:
    assert notice.lead_time is not None
    promised = notice.lead_time.days()
    due = timing.effective - timedelta(days=promised) if timing.effective else None
    head = f"{notice.location} promises {describe(notice)}"
    changes = f" (changed: {', '.join(dict.fromkeys(places))})"
    observed = timing.observed
    if observed is None or timing.effective is None:
        missing = "first-seen date" if timing.first_seen is None else "effective date"
        return Finding(
            "low",
            "notice-unverifiable",
            f"{head}; without a {missing} the notice given cannot be checked{changes}.",
            notice.location,
            due,
        )
    dates = f"first seen {timing.seen()}, effective {timing.effective.isoformat()}"
    numbers = f"promised {promised} days, observed {observed} days"
    if observed < promised:
        return Finding(
            "high",
            "notice-shorter-than-promised",
            f"{head}; {dates}: {numbers}{changes}.",
            notice.location,
            due,
            observed,
        )
    return Finding(
        "info",
        "notice-as-promised",
        f"{head}; {dates}: {numbers}, as promised{changes}.",
        notice.location,
        due,
        observed,
    )


def _adverse(assessed: list[_Assessed], timing: _Timing) -> list[Finding]:
    findings = []
    for item in assessed:
        if not item.adverse:
            continue
        why = "; ".join(item.adverse)
        head = f"{item.location}: {why} is likely adverse to the customer (民法548条の4第1項第2号)"
        effective, observed = timing.effective, timing.observed
        if effective is None:
            severity = "medium"
            tail = ": void unless published before an effective date, and none is stated"
        elif observed is None:
            severity = "medium"
            tail = (
                f": needs publication before the effective date {effective.isoformat()} or it is "
                f"void; first-seen date unknown"
            )
        elif observed <= 0:
            severity = "high"
            tail = (
                f": void unless published before the effective date {effective.isoformat()}, "
                f"but first seen {timing.seen()}"
            )
        else:
            severity = "medium"
            tail = (
                f": needs publication before the effective date {effective.isoformat()} or it is "
                f"void; first seen {timing.seen()}, {observed} days before"
            )
        findings.append(
            Finding(
                severity,
                "adverse-change-548-4",
                head + tail + ".",
                item.location,
                effective,
                observed,
            )
        )
    return findings


def _change_clause_wording(old_promises: Promises, adverse: bool) -> list[Finding]:
    if not old_promises.change_clauses:
        return [
            Finding(
                "low",
                "no-change-clause",
                "The old version has no change clause; whether the terms provide for changes "
                "weighs in the reasonableness of a change (民法548条の4第1項第2号).",
                "",
            )
        ]
    severity = "medium" if adverse else "low"
    return [
        Finding(severity, code, f"{clause.location} {text}", clause.location)
        for clause in old_promises.change_clauses
        for code, text in _risky_wording(clause)
    ]


_RISK: Final = (
    "; a clause like this risks being void under 消費者契約法10条 and is no valid basis for "
    "changing the terms against the customer."
)


def _risky_wording(clause: ChangeClause) -> list[tuple[str, str]]:
    found = []
    if clause.no_notice:
        found.append(("no-notice-clause", "allows changes without notice" + _RISK))
    if clause.effective_on_posting:
        found.append(
            (
                "effective-on-posting",
                "makes changes apply as soon as notified, with no lead time" + _RISK,
            )
        )
    if clause.deemed_consent:
        found.append(
            ("deemed-consent", "deems consent to changes from continued use of the service" + _RISK)
        )
    return found


def _own(assessed: list[_Assessed], own: Sequence[OwnObligation], timing: _Timing) -> list[Finding]:
    findings: dict[tuple[OwnObligation, str], Finding] = {}
    start = timing.first_seen or timing.today
    for obligation in own:
        for item in assessed:
            met = [flag for flag in item.flags if flag in obligation.flags]
            if not met or (obligation, item.location) in findings:
                continue
            due = start + timedelta(days=obligation.within_days) if start else None
            left = (due - timing.today).days if due and timing.today else None
            severity = (
                "high"
                if left is not None and left < 0
                else "medium"
                if left is not None and left <= _SOON
                else "low"
            )
            by = f"by {due.isoformat()}" if due else f"within {obligation.within_days} days"
            basis = (
                f"first seen {timing.first_seen.isoformat()} + {obligation.within_days} days"
                if timing.first_seen
                else f"first-seen date unknown; {obligation.within_days} days from today"
            )
            overdue = f", overdue by {-left} days" if left is not None and left < 0 else ""
            findings[(obligation, item.location)] = Finding(
                severity,
                "own-obligation-due",
                f"{obligation.action} {by}: {item.location} changed ({', '.join(met)}); "
                f"{basis}{overdue}.",
                item.location,
                due,
                left if left is not None else obligation.within_days,
            )
    return list(findings.values())


def _urgency(finding: Finding) -> tuple[int, date, str, str]:
    return (
        SEVERITIES.index(finding.severity),
        finding.due or date.max,
        finding.code,
        finding.location,
    )
