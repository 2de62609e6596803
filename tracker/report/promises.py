"""`tracker obligations`: what a version of an agreement promises about changes and notice."""

from __future__ import annotations

from typing import Any

from tracker.normalise.scheme import is_mostly_latin
from tracker.obligations import ChangeClause, Duration, NoticeObligation, Promises

# The labels of methods and conditions (codes, kept in the JSON) as an English clause reads.
_ENGLISH_LABELS = {
    "書面": "written notice",
    "電子メール": "email",
    "ウェブサイト掲示": "posting on the website",
    "サービス上の表示": "a notice in the service",
    "個別通知": "individual notice",
    "当社が定める方法": "a method the provider chooses",
    "その他の方法": "other means",
    "重要な変更": "material changes",
    "緊急時を除く": "except in an emergency",
    "基本サービス": "the basic service",
    "オプションサービス": "option services",
}


def _names(labels: tuple[str, ...], quote: str) -> str:
    """Labels as they read beside the clause they come from: English for an English clause."""
    if is_mostly_latin([quote]):
        return ", ".join(_ENGLISH_LABELS.get(label, label) for label in labels)
    return ", ".join(labels)


def _clause_words(clause: ChangeClause) -> list[str]:
    words = []
    if clause.lead_time:
        anchor = f" before {clause.anchor}" if clause.anchor else " before the change"
        words.append(f"{clause.lead_time.text or clause.lead_time.english()}{anchor}")
    else:
        words.append("no lead time stated")
    if clause.methods:
        words.append("by " + _names(clause.methods, clause.quote))
    flags = [
        ("no_notice", "changes without notice"),
        ("effective_on_posting", "effective on posting/notice"),
        ("deemed_consent", "consent deemed from continued use"),
    ]
    words += [label for field, label in flags if getattr(clause, field)]
    if clause.materiality_trigger:
        trigger = clause.materiality_trigger
        words.append(
            "notice only for material changes"
            if is_mostly_latin([clause.quote])
            else f"notice only for {trigger}"
        )
    if clause.statutory_basis:
        words.append(f"cites {clause.statutory_basis}")
    if clause.opt_out:
        words.append(f"opt-out: {clause.opt_out}")
    if clause.risky:
        words.append("RISKY under 消費者契約法10条")
    return words


def _notice_words(notice: NoticeObligation) -> list[str]:
    lead = notice.lead_time.text if notice.lead_time else "in advance (no period)"
    words = [notice.kind, f"{lead}" + (f" before {notice.anchor}" if notice.anchor else "")]
    if notice.methods:
        words.append("by " + _names(notice.methods, notice.quote))
    if notice.conditions:
        words.append("when " + _names(notice.conditions, notice.quote))
    if notice.party != "provider":
        words.append(f"owed by the {notice.party}")
    return words


def promises_to_text(promises: Promises, title: str) -> str:
    lines = [title, "", "change clause:"]
    if not promises.change_clauses:
        lines.append("  none found (no section governs changes to the terms)")
    for clause in promises.change_clauses:
        lines.append(f"  {clause.location}  " + "; ".join(_clause_words(clause)))
    lines += ["", "notice obligations:"]
    if not promises.notices:
        lines.append("  none found")
    for notice in promises.notices:
        lines.append(f"  {notice.location}  " + "; ".join(_notice_words(notice)))
    return "\n".join(lines)


def _duration(value: Duration | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"count": value.count, "unit": value.unit, "text": value.text, "days": value.days()}


def promises_to_json(promises: Promises) -> dict[str, Any]:
    return {
        "change_clauses": [
            {
                "key": c.key,
                "location": c.location,
                "lead_time": _duration(c.lead_time),
                "anchor": c.anchor,
                "methods": list(c.methods),
                "no_notice": c.no_notice,
                "effective_on_posting": c.effective_on_posting,
                "deemed_consent": c.deemed_consent,
                "materiality_trigger": c.materiality_trigger,
                "statutory_basis": c.statutory_basis,
                "opt_out": c.opt_out,
                "risky": c.risky,
                "quote": c.quote,
            }
            for c in promises.change_clauses
        ],
        "notices": [
            {
                "key": n.key,
                "location": n.location,
                "kind": n.kind,
                "party": n.party,
                "lead_time": _duration(n.lead_time),
                "anchor": n.anchor,
                "methods": list(n.methods),
                "conditions": list(n.conditions),
                "quote": n.quote,
            }
            for n in promises.notices
        ],
    }
