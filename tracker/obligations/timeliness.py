"""Was the change made in time? Findings about its effective date, the notice the old version
promised (and the notice given), and 民法548条の4 for changes likely adverse to the customer
(see findings.py for the codes)."""

from __future__ import annotations

from datetime import timedelta

from tracker.compare.model import Comparison
from tracker.obligations.actions import Timing
from tracker.obligations.deadlines import describe, describe_ja, promised_notice
from tracker.obligations.finding import Assessed, Finding
from tracker.obligations.promises import NoticeObligation, Promises
from tracker.words import Words, joined


def effective_date_findings(comparison: Comparison, timing: Timing) -> list[Finding]:
    if timing.effective is None:
        stale = comparison.new.dates.effective
        why = (
            Words(
                f"it repeats the old version's {stale.isoformat()}",
                f"旧版の{stale.isoformat()}のまま",
            )
            if stale is not None
            else Words("none is stated", "記載なし")
        )
        return [
            Finding(
                "medium",
                "no-effective-date",
                Words(
                    f"No effective date for this revision ({why.en}); 民法548条の4第2項 requires "
                    f"the business to fix one and publish it with the new terms; first seen "
                    f"{timing.seen()}.",
                    f"この改定の効力発生日がありません（{why.ja}）。民法548条の4第2項は効力発生時期を"
                    "定めて新しい約款と併せて周知することを求めています。"
                    f"初回確認 {timing.seen_ja()}。",
                ),
                "",
            )
        ]
    if timing.first_seen is not None and timing.first_seen >= timing.effective:
        late = (timing.first_seen - timing.effective).days
        first, effective = timing.first_seen.isoformat(), timing.effective.isoformat()
        return [
            Finding(
                "high",
                "published-after-effective-date",
                Words(
                    f"The new text was first seen {first}, {_days_phrase(late)} its effective "
                    f"date {effective}: changes not in the customers' general interest have no "
                    f"effect (民法548条の4第3項).",
                    f"新しい文面を初めて確認したのは{first}で、効力発生日{effective}の"
                    f"{'当日' if late == 0 else f'{late}日後'}です。利用者の一般の利益に適合しない"
                    "変更は効力を生じません（民法548条の4第3項）。",
                ),
                "",
                timing.effective,
                timing.observed,
            )
        ]
    return []


def _days_phrase(late: int) -> str:
    return "on" if late == 0 else f"{late} day{'s' if late != 1 else ''} after"


def promised_notice_findings(
    assessed: list[Assessed], old_promises: Promises, timing: Timing
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


def _notice_finding(notice: NoticeObligation, places: list[str], timing: Timing) -> Finding:
    assert notice.lead_time is not None
    promised = notice.lead_time.days()
    due = timing.effective - timedelta(days=promised) if timing.effective else None
    head = Words(
        f"{notice.location} promises {describe(notice)}",
        f"{notice.location}は{describe_ja(notice)}を約束しています",
    )
    changed = list(dict.fromkeys(places))
    changes = Words(f" (changed: {', '.join(changed)})", f"（変更箇所: {'、'.join(changed)}）")
    observed = timing.observed
    if observed is None or timing.effective is None:
        missing = (
            Words("first-seen date", "初回確認日")
            if timing.first_seen is None
            else Words("effective date", "効力発生日")
        )
        return Finding(
            "low",
            "notice-unverifiable",
            Words(
                f"{head.en}; without a {missing.en} the notice given cannot be checked"
                f"{changes.en}.",
                f"{head.ja}が、{missing.ja}がないため通知期間を確かめられません{changes.ja}。",
            ),
            notice.location,
            due,
        )
    assert timing.first_seen is not None
    first, effective = timing.first_seen.isoformat(), timing.effective.isoformat()
    dates = f"first seen {first}, effective {effective}"
    numbers = f"promised {promised} days, observed {observed} days"
    dates_ja = (
        f"初回確認 {first}、効力発生日 {effective}：約束 {promised}日に対し実際は{observed}日前"
    )
    if observed < promised:
        return Finding(
            "high",
            "notice-shorter-than-promised",
            Words(
                f"{head.en}; {dates}: {numbers}{changes.en}.",
                f"{head.ja}。{dates_ja}でした{changes.ja}。",
            ),
            notice.location,
            due,
            observed,
        )
    return Finding(
        "info",
        "notice-as-promised",
        Words(
            f"{head.en}; {dates}: {numbers}, as promised{changes.en}.",
            f"{head.ja}。{dates_ja}で、約束どおりです{changes.ja}。",
        ),
        notice.location,
        due,
        observed,
    )


def adverse_findings(assessed: list[Assessed], timing: Timing) -> list[Finding]:
    findings = []
    for item in assessed:
        if not item.adverse:
            continue
        why = joined(item.adverse)
        head = Words(
            f"{item.location}: {why.en} is likely adverse to the customer (民法548条の4第1項第2号)",
            f"{item.location}：{why.ja}は利用者に不利な変更と見られます（民法548条の4第1項第2号）",
        )
        effective, observed = timing.effective, timing.observed
        if effective is None:
            severity = "medium"
            tail = Words(
                ": void unless published before an effective date, and none is stated",
                "。効力発生日より前に周知されなければ効力を生じませんが、効力発生日の記載がありません",
            )
        elif observed is None:
            severity = "medium"
            tail = Words(
                f": needs publication before the effective date {effective.isoformat()} or it "
                f"is void; first-seen date unknown",
                f"。効力発生日{effective.isoformat()}より前に周知されなければ効力を生じません"
                "（初回確認日は不明）",
            )
        elif observed <= 0:
            severity = "high"
            tail = Words(
                f": void unless published before the effective date {effective.isoformat()}, "
                f"but first seen {timing.seen()}",
                f"。効力発生日{effective.isoformat()}より前に周知されなければ効力を生じませんが、"
                f"初めて確認したのは{timing.seen_ja()}です",
            )
        else:
            severity = "medium"
            tail = Words(
                f": needs publication before the effective date {effective.isoformat()} or it "
                f"is void; first seen {timing.seen()}, {observed} days before",
                f"。効力発生日{effective.isoformat()}より前に周知されなければ効力を生じません"
                f"（初回確認 {timing.seen_ja()}、{observed}日前）",
            )
        findings.append(
            Finding(
                severity,
                "adverse-change-548-4",
                Words(head.en + tail.en + ".", head.ja + tail.ja + "。"),
                item.location,
                effective,
                observed,
            )
        )
    return findings
