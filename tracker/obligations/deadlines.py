"""Which notice the *old* version promised for a change: the promise in force when it was made.

Two kinds of promise govern a change of the agreement: the change clause's own notice period
(`kind="change-clause"`, for every change), and the notice promised for changes of the service
(`kind="service-change"`, for changes flagged `service`: seed 003 第8条第2項 promises 3 months
for a material change of a basic service). Notice promised for termination or suspension governs
those events, not changes of the terms, and is not applied here. Only the provider's promises
with a stated lead time count; of several that apply, the longest binds.

- A promise limited to material changes (`重要な変更`) applies only to changes found adverse
  (`tracker.obligations.adverse`): `tracker` cannot judge materiality, and an adverse change is
  the one a customer would call material.
- A promise limited to one part of the service (`基本サービス`, `オプションサービス`) applies when
  the changed sentences name that part; when they name none, every such promise applies (and the
  longest binds), since the change may concern any of them.

Limits: the lead time is counted back from the effective date whatever the promise's anchor
says (変更日, 効力発生日 and "the change" are the same day for a change of terms); months are 30
days.
"""

from __future__ import annotations

from tracker.compare.model import Change
from tracker.obligations import wording
from tracker.obligations.flags import touched_sentences
from tracker.obligations.promises import PROVIDER, NoticeObligation, Promises

_SCOPES = ("基本サービス", "オプションサービス")
_MATERIAL = "重要な変更"


def promised_notice(
    change: Change, flags: tuple[str, ...], *, adverse: bool, old_promises: Promises
) -> NoticeObligation | None:
    """The old version's longest notice promise that applies to `change`, or None."""
    kinds = {"change-clause"} | ({"service-change"} if "service" in flags else set())
    candidates = [
        notice
        for notice in old_promises.notices
        if notice.party == PROVIDER
        and notice.kind in kinds
        and notice.lead_time is not None
        and (adverse or _MATERIAL not in notice.conditions)
    ]
    touched = "".join(sentence for side in touched_sentences(change) for sentence in side)
    named = {scope for scope in _SCOPES if wording.CONDITIONS[scope].search(touched)}
    if named:
        candidates = [
            notice
            for notice in candidates
            if named & set(notice.conditions) or not set(_SCOPES) & set(notice.conditions)
        ]
    return max(candidates, key=_days, default=None)


def _days(notice: NoticeObligation) -> int:
    return notice.lead_time.days() if notice.lead_time else 0


def describe(notice: NoticeObligation) -> str:
    """A promise in English, for messages.

    >>> from tracker.obligations.durations import Duration
    >>> describe(NoticeObligation("8", "第8条第2項", "service-change", Duration(3, "month"),
    ...     "変更又は終了", ("書面", "その他の方法"), ("重要な変更", "基本サービス"), ""))
    'written notice 3 months before a material change of a basic service'
    """
    adjectives = [
        wording.METHOD_ADJECTIVES[m] for m in notice.methods if m in wording.METHOD_ADJECTIVES
    ]
    how = " or ".join(adjectives) + " notice" if adjectives else "notice"
    when = f"{notice.lead_time.english()} before" if notice.lead_time else "before"
    return f"{how} {when} {_event(notice)}"


def _event(notice: NoticeObligation) -> str:
    material = "material " if _MATERIAL in notice.conditions else ""
    scope = (
        "a basic service"
        if "基本サービス" in notice.conditions
        else "an option service"
        if "オプションサービス" in notice.conditions
        else "the service"
    )
    if notice.kind == "change-clause":
        return f"a {material}change of the terms"
    if notice.kind == "service-change":
        return f"a {material}change of {scope}"
    if notice.kind == "termination":
        return "terminating the contract"
    if notice.kind == "suspension":
        return f"suspending {scope}"
    return "the event"


def describe_ja(notice: NoticeObligation) -> str:
    """A promise in Japanese, for messages.

    >>> from tracker.obligations.durations import Duration
    >>> describe_ja(NoticeObligation("8", "第8条第2項", "service-change", Duration(3, "month",
    ...     "3か月"), "変更又は終了", ("書面", "その他の方法"), ("重要な変更", "基本サービス"), ""))
    '基本サービスの重要な変更の3か月前までの書面・その他の方法による通知'
    """
    how = f"{'・'.join(notice.methods)}による通知" if notice.methods else "通知"
    when = (
        f"{notice.lead_time.text or notice.lead_time.english()}前までの"
        if notice.lead_time
        else "事前の"
    )
    return f"{_event_ja(notice)}の{when}{how}"


def _event_ja(notice: NoticeObligation) -> str:
    material = "重要な" if _MATERIAL in notice.conditions else ""
    scope = next((s for s in _SCOPES if s in notice.conditions), "サービス")
    if notice.kind == "change-clause":
        return f"規約の{material}変更"
    if notice.kind == "service-change":
        return f"{scope}の{material}変更"
    if notice.kind == "termination":
        return "契約の解除"
    if notice.kind == "suspension":
        return f"{scope}の停止"
    return "その事由"
