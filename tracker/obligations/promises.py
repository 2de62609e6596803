"""What one version of an agreement promises about notice: its change clauses and notice duties.

Plain frozen dataclasses; `tracker.obligations.clauses.read_promises` fills them from a
`Document`, and `flags` and `findings` compare the promises of two versions.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.obligations.durations import Duration

PROVIDER = "provider"
CUSTOMER = "customer"

NOTICE_KINDS = ("change-clause", "service-change", "termination", "suspension", "other")


@dataclass(frozen=True)
class NoticeObligation:
    """One sentence in which a party undertakes to give notice, with what it says about it.

    `party` is who owes the notice: the provider (a promise to the customer), or the customer
    (a notice period the customer must keep, such as 解除日の3か月前までに in seed 003 第19条).
    """

    key: str  # section key: "8"
    location: str  # printed place: "第8条第2項"
    kind: str  # one of NOTICE_KINDS
    lead_time: Duration | None  # 3か月 in 3か月前までに; None for 事前に, or none given
    anchor: str | None  # what the lead time counts back from: 効力発生日, 変更又は終了
    methods: tuple[str, ...]  # 書面, 電子メール, ウェブサイト掲示, … (see wording.METHODS)
    conditions: tuple[str, ...]  # 重要な変更, 基本サービス, 緊急時を除く, …
    quote: str  # the sentence (and its ただし proviso) as written
    party: str = PROVIDER

    @property
    def terms(self) -> tuple[str, str, Duration | None, tuple[str, ...], tuple[str, ...]]:
        """What is promised, without where: equal across versions when nothing of substance
        changed (a renumbered article, a respelled duration)."""
        return (self.party, self.kind, self.lead_time, self.methods, self.conditions)


@dataclass(frozen=True)
class ChangeClause:
    """A section that governs changes to the agreement itself (`第19条（本規約の変更）`)."""

    key: str
    location: str  # 第19条
    no_notice: bool  # 予告なく, 事前の通知なく
    effective_on_posting: bool  # 掲示した時点から効力, 通知の時から適用
    deemed_consent: bool  # 利用した場合には…同意したものとみなします
    materiality_trigger: str | None  # the wording, when only some changes get notice: 重要な変更
    statutory_basis: str | None  # 548条の4 or its wording: 一般の利益に適合
    opt_out: str | None  # a way out the clause offers: 承諾しない場合, 解約することができ
    methods: tuple[str, ...]
    lead_time: Duration | None  # the first lead time the clause names
    anchor: str | None
    quote: str  # the clause's text

    @property
    def risky(self) -> bool:
        """Wording that 消費者契約法10条 case law treats as a risk, not as a basis for changes."""
        return self.no_notice or self.effective_on_posting or self.deemed_consent


@dataclass(frozen=True)
class Promises:
    """Everything one version promises about notice, in the order of the document."""

    change_clauses: tuple[ChangeClause, ...] = ()
    notices: tuple[NoticeObligation, ...] = ()

    def in_section(self, key: str | None) -> Promises:
        """Only what the section `key` says (nothing for None)."""
        return Promises(
            tuple(c for c in self.change_clauses if c.key == key),
            tuple(n for n in self.notices if n.key == key),
        )

    def is_change_clause(self, key: str | None) -> bool:
        return any(clause.key == key for clause in self.change_clauses)
