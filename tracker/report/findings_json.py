"""Obligation findings as JSON (the `obligations` list of compare/diff JSON and run reports),
and the JSON of `compare` and `diff`: the contract's comparison with the findings added."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from tracker.compare.model import Comparison
from tracker.compare.serialize import comparison_to_json
from tracker.obligations import Finding


def findings_to_json(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Each finding: `message` and `action` in English (stable for scripts), the same in
    Japanese (`message_ja`, `action_ja`), and both deadlines: `provider_deadline` (the notice
    or publication the provider owed) and `our_deadline` (ours, null when there is no date to
    beat). `due` is kept: the date that matters, as before."""
    return [
        {
            "severity": f.severity,
            "code": f.code,
            "location": f.location or None,
            "message": f.message,
            "due": _day(f.due),
            "days": f.days,
            "provider_deadline": _day(f.provider_due),
            "our_deadline": _day(f.our_due),
            "action": f.action.en,
            "message_ja": f.text.ja,
            "action_ja": f.action.ja,
        }
        for f in findings
    ]


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def comparison_with_findings(
    comparison: Comparison,
    findings: Sequence[Finding],
    *,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
) -> dict[str, Any]:
    """`compare`/`diff --format json`: the comparison, what each side adds about itself (when
    it was first seen, its version number …) and the findings as `obligations`."""
    data = comparison_to_json(comparison)
    data["old"].update(old)
    data["new"].update(new)
    data["obligations"] = findings_to_json(findings)
    return data
