"""Obligation findings as JSON (the `obligations` list of compare/diff JSON and run reports),
and the JSON of `compare` and `diff`: the contract's comparison with the findings added."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tracker.compare.model import Comparison
from tracker.compare.serialize import comparison_to_json
from tracker.obligations import Finding


def findings_to_json(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    return [
        {
            "severity": f.severity,
            "code": f.code,
            "location": f.location or None,
            "message": f.message,
            "due": f.due.isoformat() if f.due else None,
            "days": f.days,
        }
        for f in findings
    ]


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
