"""Obligation findings as JSON (the `obligations` list of compare/diff JSON and run reports)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
