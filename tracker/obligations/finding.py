"""A finding: what a change set obliges, as `assess` (findings.py) reports it — severity, a
stable code, the sentence in English and Japanese, the provision, the dates that matter, what we
should do and by when. The change as `assess` weighs it (`Assessed`) travels with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from tracker.compare.locations import section_label
from tracker.compare.model import Change
from tracker.words import Language, Words

SEVERITIES: Final = ("high", "medium", "low", "info")
"""Most urgent first."""

NO_ACTION: Final = Words("", "")


@dataclass(frozen=True)
class Finding:
    severity: str  # one of SEVERITIES
    code: str  # stable id, listed in findings.py
    text: Words  # one sentence with the numbers, in English and Japanese
    location: str  # 第8条第2項; "" for the version as a whole
    due: date | None = None  # the date that matters (kept for scripts: `due` in the JSON)
    days: int | None = None
    action: Words = NO_ACTION  # what we should do
    provider_due: date | None = None  # the provider's deadline (notice, publication)
    our_due: date | None = None  # ours: object, decide or act by this day

    @property
    def message(self) -> str:
        """The finding in English (the JSON's `message`)."""
        return self.text.en

    def says(self, language: Language) -> str:
        return self.text.in_(language)


@dataclass(frozen=True)
class Assessed:
    """A substantive change as `assess` weighs it: its flags and why it is adverse, if it is."""

    change: Change
    flags: tuple[str, ...]
    adverse: tuple[Words, ...]

    @property
    def location(self) -> str:
        change = self.change
        return change.locations[0] if change.locations else section_label(change.section)
