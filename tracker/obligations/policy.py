"""The user's own obligations: what *we* must do, and by when, when an agreement changes.

A reseller may have to tell its own customers within 30 days of a fee change; a data processor
may have to update its records when data handling changes. The configuration (`tracker.toml`,
read elsewhere) turns each such rule into an `OwnObligation`; `assess` turns every change whose
flags meet one into a due date.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.obligations.flags import FLAGS


@dataclass(frozen=True)
class OwnObligation:
    """React to changes flagged with any of `flags` within `within_days` of first seeing them.

    >>> OwnObligation(("fees", "data"), 30, "notify our customers").action
    'notify our customers'
    >>> OwnObligation(("fess",), 30, "notify our customers")
    Traceback (most recent call last):
    ...
    ValueError: unknown flag 'fess' (known: change-clause, notice, fees, termination, liability, \
data, service, jurisdiction)
    """

    flags: tuple[str, ...]
    within_days: int
    action: str

    def __post_init__(self) -> None:
        if not self.flags:
            raise ValueError("an obligation needs at least one flag to react to")
        for flag in self.flags:
            if flag not in FLAGS:
                raise ValueError(f"unknown flag {flag!r} (known: {', '.join(FLAGS)})")
        if self.within_days < 0:
            raise ValueError(f"within_days must be 0 or more, not {self.within_days}")
        if not self.action.strip():
            raise ValueError("an obligation needs an action (what to do)")

    def applies_to(self, flags: tuple[str, ...]) -> bool:
        return any(flag in self.flags for flag in flags)
