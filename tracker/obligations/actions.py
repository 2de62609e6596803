"""What a finding asks *us* to do, and by when: the suggested action and the two deadlines a
reader must not confuse.

- the **provider's deadline** (`provider_due`): the last day the provider could give the notice
  it promised (effective date − promised lead time), or publish a change (the effective date);
- **ours** (`our_due`): the last day to act before the change binds us — the day before the
  effective date, to confirm, object in writing or decide to terminate — or an own obligation's
  due date. None when there is no date to beat (record it; ask when convenient), and none once
  the effective date has passed (then: now).

The actions are suggestions a compliance officer can follow or ignore, never legal advice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.words import Words


@dataclass(frozen=True)
class Timing:
    """The dates a change set is judged by."""

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

    def seen_ja(self) -> str:
        return self.first_seen.isoformat() if self.first_seen else "不明"

    @property
    def last_day_before_effective(self) -> date | None:
        """Ours: the day before the change takes effect, while that is still ahead of the day
        it was first seen."""
        if self.effective is None or (self.observed is not None and self.observed <= 0):
            return None
        return self.effective - timedelta(days=1)


@dataclass(frozen=True)
class Advice:
    action: Words
    provider_due: date | None = None
    our_due: date | None = None


def action_for(code: str, location: str, timing: Timing) -> Advice:
    """The suggested action for a finding `code` about `location` (a provision, or "")."""
    ours = timing.last_day_before_effective
    by = (
        Words(f" by {ours.isoformat()}", f"{ours.isoformat()}までに")
        if ours is not None
        else Words(" now", "直ちに")
    )
    where = location or "the provision"
    where_ja = location or "該当条項"
    if code == "notice-shorter-than-promised":
        return Advice(
            Words(
                f"Confirm with the provider whether notice was given as {where} promises, and "
                f"record the answer; if it was not, object in writing{by.en}.",
                f"{where_ja}の約束どおり通知があったか提供者に確認し、回答を記録してください。"
                f"通知がなかった場合は{by.ja}書面で異議を申し入れてください。",
            ),
            our_due=ours,
        )
    if code == "adverse-change-548-4":
        return Advice(
            Words(
                f"Review the change with the business owner and decide{by.en} whether to "
                "accept it, object in writing or terminate; record the decision.",
                f"事業部門と変更内容を確認し、{by.ja}受け入れ・書面での異議・解約のいずれかを"
                "決めて記録してください。",
            ),
            provider_due=timing.effective,
            our_due=ours,
        )
    if code == "published-after-effective-date":
        return Advice(
            Words(
                "Confirm with the provider when the revision was published, and record that "
                "changes against our interest do not bind us until it is properly published.",
                "改定がいつ周知されたか提供者に確認し、当社に不利な変更は適切に周知されるまで"
                "効力を生じない旨を記録してください。",
            ),
            provider_due=timing.effective,
        )
    if code == "no-effective-date":
        return Advice(
            Words(
                "Ask the provider when the revision takes effect, and record the answer.",
                "改定の効力発生日を提供者に問い合わせ、回答を記録してください。",
            )
        )
    if code == "notice-unverifiable":
        return Advice(
            Words(
                "Find the missing date (the provider's notice page, the 附則) and check the "
                "notice given against the promise.",
                "提供者のお知らせや附則で不足している日付を確かめ、約束どおりの通知か確認して"
                "ください。",
            )
        )
    if code in ("no-notice-clause", "effective-on-posting", "deemed-consent"):
        return Advice(
            Words(
                "Record the risk, and ask for the clause to be amended when the agreement is "
                "next negotiated.",
                "リスクとして記録し、次回の契約交渉で条項の修正を求めてください。",
            )
        )
    return Advice(
        Words(
            "Record the change; no reply is needed.", "変更を記録してください（対応は不要です）。"
        )
    )


def own_action(action: str) -> Words:
    """An own obligation's action, as configured: the user wrote it in their language."""
    return Words(action, action)
