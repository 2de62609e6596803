"""Tag each change with what it touches, in the contract's vocabulary (`Change.flags`).

A flag comes from three places:

- the section's **caption** (old and new): `（料金）` → fees, `（準拠法・管轄）` → jurisdiction;
- the **sentences the change touched**, on either side (the whole text of an added or removed
  section): keywords from `TOPICS`;
- its **key terms**: a changed amount or percentage is `fees` (a liability cap when the touched
  sentences are only about liability).

Two flags are decided by the promises, not by keywords: `change-clause` whenever the section is
a change clause in either version (any change to it, however small), and `notice` whenever the
touched sentences say something different about notice — a lead time, a method, prior notice
or its waiver (`事前の通知なく`) — or the caption is about notice.

A renumbered section carries no flags, and a change of cross-references only
(`references_only`) none but `change-clause` (its text did change, if only in numbers): nothing
of substance changed, and downstream obligations ("notify our customers of fee changes") must
not fire on a renumbering.

Limits: keywords, so a sentence that mentions 料金 in passing flags `fees`; touched sentences
are found through the character diff, so a change of one word flags that whole sentence's
topics; an amount in a sentence about both fees and liability flags both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Final

from tracker.compare import compare_documents
from tracker.compare.chardiff import hunks
from tracker.compare.model import Change, ChangeKind, Comparison, KeyTerm, TermType
from tracker.compare.substitutions import substitution_parts
from tracker.model import Document, Section
from tracker.obligations import wording
from tracker.obligations import wording_en as en
from tracker.obligations.clauses import is_change_clause, labels, read_promises
from tracker.obligations.durations import Duration, find_durations
from tracker.obligations.promises import Promises
from tracker.obligations.sentences import sentence_spans

FLAGS: Final = (
    "change-clause",
    "notice",
    "fees",
    "termination",
    "liability",
    "data",
    "service",
    "jurisdiction",
)
"""The contract's vocabulary, in the order flags are listed."""

# Keywords per flag, matched on captions and touched sentences (canonical text).
_TOPICS_JA: Final[dict[str, re.Pattern[str]]] = {
    # Prices and payment; 支払停止/支払不能 are grounds for termination, not fees.
    "fees": re.compile(
        r"料金|利用料|使用料|手数料|費用|対価|委託料|代金|価格|単価|初期費|月額|年額"
        r"|支払(?!停止|不能)|課金|割増金|延滞|消費税|税込|返金|払い?戻|保証金|請求書"
    ),
    # Ending the contract, and what keeps the customer in it.
    "termination": re.compile(r"解約|解除|退会|契約の終了|契約期間|最低利用期間|自動更新|更新拒絶"),
    # Damages, disclaimers and caps.
    "liability": re.compile(
        r"損害賠償|賠償|責任を負|責任の制限|免責|保証(?!金)|補償|逸失利益|間接損害"
    ),
    # Personal and customer data, confidentiality; not ログイン (accounts).
    "data": re.compile(
        r"個人情報|プライバシー|パーソナルデータ|データ|お客さま情報|お客様情報|利用者情報"
        r"|ユーザー情報|契約者情報|通信の秘密|秘密情報|秘密保持|守秘|映像|画像|録画|ログ(?!イン)"
        r"|アクセス状況"
    ),
    # Suspension, discontinuation or specification of the service; not 利用契約の終了.
    "service": re.compile(
        r"(?:サービス|提供|利用)(?:(?!契約)[^。、]){0,12}?(?:停止|中止|中断|休止|廃止|終了|制限)"
        r"|仕様|サービス(?:の)?内容|サービスの種別|基本サービス|オプションサービス|メンテナンス"
        r"|保守|提供区域|サービスの変更"
    ),
    # Governing law and courts.
    "jurisdiction": re.compile(r"準拠法|管轄|裁判所|仲裁"),
}

# … and in English (`wording_en.TOPICS`): fees, terminate, liability, personal data, suspend,
# governing law.
TOPICS: Final = {
    topic: wording.either(pattern, en.TOPICS[topic]) for topic, pattern in _TOPICS_JA.items()
}

# A caption about notice itself (（通知）, （連絡/通知）): any change to it is about notice.
_NOTICE_CAPTION: Final = re.compile(r"通知|連絡|告知|周知|(?i:\bnotices?\b|\bnotifications?\b)")

NoticeFact = tuple[tuple[Duration, ...], tuple[str, ...], bool, bool]


def compare_flagged(old: Document, new: Document) -> Comparison:
    """`compare_documents` with every change's `flags` filled: what every command and the store
    use, so flags appear in compare/diff JSON, stored changes and reports alike."""
    return flag_comparison(compare_documents(old, new))


def flag_comparison(comparison: Comparison) -> Comparison:
    """A copy of `comparison` with every change's `flags` filled in, and every substitution's:
    what it touches in any section it changed, read from that section with only it applied."""
    old_promises, new_promises = read_promises(comparison.old), read_promises(comparison.new)
    changes = tuple(
        replace(change, flags=flag_change(change, old_promises, new_promises))
        for change in comparison.changes
    )
    substitutions = tuple(
        replace(
            s,
            flags=_union(
                flag_change(part, old_promises, new_promises)
                for part in substitution_parts(comparison, s.number)
            ),
        )
        for s in comparison.substitutions
    )
    return replace(comparison, changes=changes, substitutions=substitutions)


def _union(flag_sets: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    found = {flag for flags in flag_sets for flag in flags}
    return tuple(flag for flag in FLAGS if flag in found)


def flag_change(
    change: Change, old_promises: Promises | None = None, new_promises: Promises | None = None
) -> tuple[str, ...]:
    """What a change touches, from `FLAGS`, in that order.

    The promises of the two versions say which sections are change clauses; without them the
    sections are read on their own.

    >>> from tracker.compare.chardiff import char_diff
    >>> from tracker.model import Paragraph, SectionKind
    >>> def article(text: str) -> Section:
    ...     return Section("8", SectionKind.ARTICLE, "第8条", "サービスの終了", None, text,
    ...                    (Paragraph("1", text),))
    >>> old = article("当社は、基本サービスの重要な変更のときは、3か月前までに通知します。")
    >>> new = article("当社は、基本サービスの重要な変更のときは、1か月前までに通知します。")
    >>> flag_change(Change(ChangeKind.MODIFIED, old, new, char_diff(old.text, new.text)))
    ('notice', 'service')
    """
    if change.kind is ChangeKind.RENUMBERED:
        return ()
    clause = _is_change_clause(change.old, old_promises) or _is_change_clause(
        change.new, new_promises
    )
    if change.references_only:
        return ("change-clause",) if clause else ()
    old_touched, new_touched = touched_sentences(change)
    found = {"change-clause"} if clause else set()
    captions = " ".join(s.title for s in (change.old, change.new) if s and s.title)
    if _NOTICE_CAPTION.search(captions) or _notice_facts(old_touched) != _notice_facts(new_touched):
        found.add("notice")
    touched = "".join([*old_touched, *new_touched])
    found.update(labels(TOPICS, captions))
    topics_in_text = set(labels(TOPICS, touched))
    found.update(topics_in_text)
    found.update(_key_term_flags(change.key_terms, topics_in_text))
    return tuple(flag for flag in FLAGS if flag in found)


def touched_sentences(change: Change) -> tuple[list[str], list[str]]:
    """The sentences a change touched: (old side, new side). A sentence touches a hunk when it
    overlaps it or is adjacent to it, the same on both sides, so a sentence appended after an
    unchanged one touches that one on both sides and leaves its facts equal."""
    old_text = change.old.text if change.old else ""
    new_text = change.new.text if change.new else ""
    spans = hunks(change.diff)
    olds = _touching(old_text, [(h.old_start, h.old_end) for h in spans])
    news = _touching(new_text, [(h.new_start, h.new_end) for h in spans])
    return olds, news


def _touching(text: str, ranges: list[tuple[int, int]]) -> list[str]:
    return [
        text[a:b]
        for a, b in sentence_spans(text)
        if any(start <= b and a <= end for start, end in ranges)
    ]


def _is_change_clause(section: Section | None, promises: Promises | None) -> bool:
    if section is None:
        return False
    if promises is not None:
        return promises.is_change_clause(section.key)
    return is_change_clause(section)


def _notice_facts(sentences: Iterable[str]) -> list[NoticeFact]:
    """What the sentences say about notice: lead times, methods, prior notice, waiver."""
    facts: list[NoticeFact] = []
    for text in sentences:
        given = wording.NOTICE_GIVEN.search(text)
        waived = wording.NO_NOTICE.search(text)
        if not (given or waived):
            continue
        leads = tuple(f.duration for f in find_durations(text) if f.before)
        methods = labels(wording.METHODS, text) if given else ()
        prior = bool(wording.PRIOR.search(text))
        if leads or methods or prior or waived:
            facts.append((leads, methods, prior, bool(waived)))
    return sorted(facts, key=repr)


def _key_term_flags(terms: tuple[KeyTerm, ...], topics: set[str]) -> set[str]:
    """Changed amounts and percentages are about money: fees, or a cap when only liability is
    in the touched sentences."""
    if not any(term.type in (TermType.AMOUNT, TermType.PERCENTAGE) for term in terms):
        return set()
    if "liability" in topics and "fees" not in topics:
        return {"liability"}
    return {"fees"}
