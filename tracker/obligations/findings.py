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

Every finding also says what *we* should do and by when (`tracker.obligations.actions`): an
`action`, the provider's deadline (`provider_due`: the last day the provider could give the
notice it promised, or publish the change) and ours (`our_due`: the last day to object or
decide before the change takes effect, or an own obligation's due date). Its text comes in
English (`message`, stable for scripts) and Japanese (`text.ja`); a report shows one of them.

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
from datetime import date, timedelta
from typing import Final

from tracker.compare.model import Change, ChangeKind, Comparison
from tracker.model import SectionKind
from tracker.obligations.actions import Timing, action_for, own_action
from tracker.obligations.adverse import adverse_reasons
from tracker.obligations.clauses import read_promises
from tracker.obligations.finding import NO_ACTION, SEVERITIES, Assessed, Finding
from tracker.obligations.flags import flag_change
from tracker.obligations.policy import OwnObligation
from tracker.obligations.promises import ChangeClause, Promises
from tracker.obligations.timeliness import (
    adverse_findings,
    effective_date_findings,
    promised_notice_findings,
)
from tracker.words import Words

__all__ = ["NO_ACTION", "SEVERITIES", "Finding", "assess"]

_SOON: Final = 7  # days before an own obligation's due date when it becomes medium


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
    ...     print(finding.severity, finding.code, finding.provider_due, finding.our_due)
    high notice-shorter-than-promised 2026-09-02 2026-11-30
    medium adverse-change-548-4 2026-12-01 2026-11-30
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
    timing = Timing(first_seen, effective or _stated_effective(comparison), today)
    findings = [
        *effective_date_findings(comparison, timing),
        *promised_notice_findings(assessed, old_promises, timing),
        *adverse_findings(assessed, timing),
        *_change_clause_wording(old_promises, any(a.adverse for a in assessed)),
        *_own(assessed, own, timing),
    ]
    return tuple(sorted((_advised(f, timing) for f in findings), key=_urgency))


def _advised(finding: Finding, timing: Timing) -> Finding:
    """The finding with what we should do and by when (own obligations carry theirs)."""
    if finding.code == "own-obligation-due":
        return finding
    advice = action_for(finding.code, finding.location, timing)
    return Finding(
        finding.severity,
        finding.code,
        finding.text,
        finding.location,
        finding.due,
        finding.days,
        advice.action,
        advice.provider_due if advice.provider_due is not None else finding.due,
        advice.our_due,
    )


def _substantive(change: Change) -> bool:
    return (
        change.kind is not ChangeKind.RENUMBERED
        and not change.references_only
        and change.section.kind is not SectionKind.SUPPLEMENTARY
    )


def _assess_change(change: Change, old: Promises, new: Promises) -> Assessed:
    flags = change.flags or flag_change(change, old, new)
    return Assessed(change, flags, adverse_reasons(change, flags, old, new))


def _stated_effective(comparison: Comparison) -> date | None:
    """The new version's effective date, unless it is the old version's too (then it dates an
    earlier revision, not this one)."""
    new, old = comparison.new.dates.effective, comparison.old.dates.effective
    return None if new is not None and new == old else new


def _change_clause_wording(old_promises: Promises, adverse: bool) -> list[Finding]:
    if not old_promises.change_clauses:
        return [
            Finding(
                "low",
                "no-change-clause",
                Words(
                    "The old version has no change clause; whether the terms provide for "
                    "changes weighs in the reasonableness of a change (民法548条の4第1項第2号).",
                    "旧版には変更条項がありません。変更条項の有無は変更の合理性の判断に影響します"
                    "（民法548条の4第1項第2号）。",
                ),
                "",
            )
        ]
    severity = "medium" if adverse else "low"
    return [
        Finding(
            severity,
            code,
            Words(f"{clause.location} {text.en}", f"{clause.location}{text.ja}"),
            clause.location,
        )
        for clause in old_promises.change_clauses
        for code, text in _risky_wording(clause)
    ]


_RISK: Final = Words(
    "; a clause like this risks being void under 消費者契約法10条 and is no valid basis for "
    "changing the terms against the customer.",
    "。このような条項は消費者契約法10条により無効とされるおそれがあり、利用者に不利な変更の"
    "根拠にはなりません。",
)


def _risky_wording(clause: ChangeClause) -> list[tuple[str, Words]]:
    found = []
    if clause.no_notice:
        found.append(
            (
                "no-notice-clause",
                Words("allows changes without notice", "は通知なしの変更を認めています"),
            )
        )
    if clause.effective_on_posting:
        found.append(
            (
                "effective-on-posting",
                Words(
                    "makes changes apply as soon as notified, with no lead time",
                    "は通知と同時に変更を適用するとしており、予告期間がありません",
                ),
            )
        )
    if clause.deemed_consent:
        found.append(
            (
                "deemed-consent",
                Words(
                    "deems consent to changes from continued use of the service",
                    "はサービスの継続利用をもって変更に同意したものとみなしています",
                ),
            )
        )
    return [(code, Words(text.en + _RISK.en, text.ja + _RISK.ja)) for code, text in found]


def _own(assessed: list[Assessed], own: Sequence[OwnObligation], timing: Timing) -> list[Finding]:
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
            within = obligation.within_days
            by = Words(
                f"by {due.isoformat()}" if due else f"within {within} days",
                f"{due.isoformat()}まで" if due else f"{within}日以内",
            )
            basis = (
                Words(
                    f"first seen {timing.first_seen.isoformat()} + {within} days",
                    f"初回確認 {timing.first_seen.isoformat()} から{within}日",
                )
                if timing.first_seen
                else Words(
                    f"first-seen date unknown; {within} days from today",
                    f"初回確認日が不明のため本日から{within}日",
                )
            )
            overdue = (
                Words(f", overdue by {-left} days", f"、{-left}日超過")
                if left is not None and left < 0
                else Words("", "")
            )
            flags = ", ".join(met)
            findings[(obligation, item.location)] = Finding(
                severity,
                "own-obligation-due",
                Words(
                    f"{obligation.action} {by.en}: {item.location} changed ({flags}); "
                    f"{basis.en}{overdue.en}.",
                    f"{obligation.action}（{by.ja}）：{item.location}が変更されました（{flags}）。"
                    f"{basis.ja}{overdue.ja}。",
                ),
                item.location,
                due,
                left if left is not None else within,
                own_action(obligation.action),
                None,
                due,
            )
    return list(findings.values())


def _urgency(finding: Finding) -> tuple[int, date, str, str]:
    return (
        SEVERITIES.index(finding.severity),
        finding.due or date.max,
        finding.code,
        finding.location,
    )
