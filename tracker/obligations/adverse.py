"""Is a change likely adverse to the customer? The trigger for 民法548条の4's strictest rule.

548条の4 lets a business change standard terms without consent when the change is in the
customers' general interest (item 1) or reasonable (item 2); an item-2 change has **no effect
unless publicised before its effective date**. Whether a change is reasonable is for a court;
what `tracker` can do is spot the changes that are plainly not in the customer's interest, for
which item 1 cannot be the basis. Each reason is a short phrase with the numbers, in English
and in Japanese (`Words`):

- a fee goes up, or a new charge appears (an amount or rate key term that rose, in a change
  flagged `fees`);
- the provider's notice period gets shorter or its notice promise disappears, or the customer's
  own notice period gets longer;
- a liability cap goes down (an amount or duration that fell in a sentence with 上限/限度), or a
  new sentence excludes liability;
- a new duty or prohibition for the customer (a new sentence with the customer as subject and
  しなければならない / してはならない …, or a new item in a 禁止事項/禁止行為 article), or a new
  power of the provider over the customer (`当社は…停止することができます`, `…提出を求めることが
  できる`);
- narrower termination rights: a removed sentence letting the customer cancel, a new item in an
  article letting the provider cancel, or a longer minimum term;
- the change clause itself gains no-notice, effective-on-posting or deemed-consent wording.

Limits: only these patterns. A new burden worded otherwise is not seen, nor a price moved into a
separate price list, nor a fee increase written in words. Every rising amount or rate in a
change flagged `fees` reads as a fee increase (a higher discount rate too). New wording is found
by comparing each new sentence with the most similar old one, so a sentence reworded beyond
recognition (less than half alike) reads as wholly new. A change with no reason found is not
thereby in the customer's interest.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Final

from tracker.compare.english_terms import AMOUNT_EN, PERCENTAGE_EN, amount_value
from tracker.compare.keyterms import AMOUNT, PERCENTAGE, amount_number, percentage_number
from tracker.compare.model import Change, KeyTerm, TermType
from tracker.obligations import wording
from tracker.obligations.durations import find_durations
from tracker.obligations.flags import touched_sentences
from tracker.obligations.promises import CUSTOMER, PROVIDER, NoticeObligation, Promises
from tracker.words import Words

# 上限とします, 限度として: a sentence that caps the provider's liability.
_CAP: Final = re.compile(r"上限|限度|を限り|に限り")
# Sentences at least this alike are versions of each other; at least half alike, related.
_SAME: Final = 0.8
_RELATED: Final = 0.5
# The number in front of a paragraph or item line: "2 ", "(3) ", "- ".
_MARKER: Final = re.compile(r"^(?:\d+ |\([^)]{1,4}\) |- )")


def adverse_reasons(
    change: Change, flags: tuple[str, ...], old_promises: Promises, new_promises: Promises
) -> tuple[Words, ...]:
    """Why `change` is likely adverse to the customer; () when no reason is found.

    `old_promises` and `new_promises` may be the whole documents' or just this section's.
    """
    old_touched, new_touched = touched_sentences(change)
    before = old_promises.in_section(change.old_key)
    after = new_promises.in_section(change.new_key)
    reasons = [
        *_money(change.key_terms, flags, "".join(new_touched)),
        *_notice_periods(before.notices, after.notices),
        *_change_clause(before, after),
        *_duties(new_touched, old_touched, change.section.title),
        *_termination(new_touched, old_touched, change),
    ]
    return tuple(dict.fromkeys(reasons))


def _money(terms: tuple[KeyTerm, ...], flags: tuple[str, ...], touched: str) -> list[Words]:
    increases: list[str] = []
    charges: list[str] = []
    caps: list[str] = []
    about_caps = "liability" in flags and bool(
        _CAP.search(touched) or wording.LIABILITY_CAP_EN.search(touched)
    )
    for term in terms:
        old, new = _quantity(term, term.old), _quantity(term, term.new)
        if about_caps:  # an amount in a cap is not a price: only a lower one is adverse
            if old is not None and new is not None and new < old:
                caps.append(f"{term.old} → {term.new}")
        elif term.type in (TermType.AMOUNT, TermType.PERCENTAGE) and "fees" in flags:
            if old is not None and new is not None and new > old:
                increases.append(f"{term.old} → {term.new}")
            elif term.old is None and new is not None:
                charges.append(f"{term.new}")
    return [
        Words(f"{label} {', '.join(values)}", f"{label_ja} {'、'.join(values)}")
        for label, label_ja, values in (
            ("fee increase", "料金の値上げ", increases),
            ("new charge", "新たな料金", charges),
            ("lower liability cap", "責任上限の引下げ", caps),
        )
        if values
    ]


def _quantity(term: KeyTerm, text: str | None) -> Decimal | None:
    """A key term's value as a number to compare: yen, percent, or days."""
    if text is None:
        return None
    if term.type is TermType.AMOUNT:
        match = AMOUNT.search(text)
        if match:
            return amount_number(match)
        english = AMOUNT_EN.search(text)
        value = amount_value(english) if english else None
        return value[1] if value else None
    if term.type is TermType.PERCENTAGE:
        match = PERCENTAGE.search(text) or PERCENTAGE_EN.search(text)
        return percentage_number(match) if match else None
    if term.type is TermType.DURATION:
        found = find_durations(text)
        return Decimal(found[0].duration.days()) if found else None
    return None


def _notice_periods(
    before: tuple[NoticeObligation, ...], after: tuple[NoticeObligation, ...]
) -> list[Words]:
    """Provider notice shorter or gone; customer notice longer. Notices pair by what they are
    about (party, kind, conditions; else party and kind), in order."""
    reasons: list[Words] = []
    remaining = list(after)
    for old in before:
        if old.lead_time is None and old.party == CUSTOMER:
            continue
        twin = next(
            (n for n in remaining if _about(n) == _about(old)),
            next((n for n in remaining if _about(n)[:2] == _about(old)[:2]), None),
        )
        if twin is not None:
            remaining.remove(twin)
        if old.party == PROVIDER:
            if twin is None:
                reasons.append(
                    Words(
                        f"notice promise of {old.location} removed",
                        f"{old.location}の通知の約束の削除",
                    )
                )
            elif old.lead_time is not None and (
                twin.lead_time is None or twin.lead_time.days() < old.lead_time.days()
            ):
                shown = twin.lead_time.text if twin.lead_time else "no period"
                shown_ja = twin.lead_time.text if twin.lead_time else "期間なし"
                reasons.append(
                    Words(
                        f"shorter notice {old.lead_time.text} → {shown}",
                        f"通知期間の短縮 {old.lead_time.text} → {shown_ja}",
                    )
                )
        elif (
            twin is not None
            and old.lead_time is not None
            and twin.lead_time is not None
            and twin.lead_time.days() > old.lead_time.days()
        ):
            reasons.append(
                Words(
                    f"longer notice required from the customer {old.lead_time.text} → "
                    f"{twin.lead_time.text}",
                    f"利用者に求める通知期間の延長 {old.lead_time.text} → {twin.lead_time.text}",
                )
            )
    return reasons


def _about(notice: NoticeObligation) -> tuple[str, str, tuple[str, ...]]:
    return (notice.party, notice.kind, notice.conditions)


def _change_clause(before: Promises, after: Promises) -> list[Words]:
    if not after.change_clauses:
        return []
    new = after.change_clauses[0]
    old = before.change_clauses[0] if before.change_clauses else None
    gained = []
    if new.no_notice and not (old and old.no_notice):
        gained.append(Words("changes without notice", "通知なしの変更"))
    if new.effective_on_posting and not (old and old.effective_on_posting):
        gained.append(Words("changes effective on posting", "掲示と同時の変更の効力発生"))
    if new.deemed_consent and not (old and old.deemed_consent):
        gained.append(Words("consent deemed from continued use", "継続利用による同意のみなし"))
    if not gained:
        return []
    return [
        Words(
            f"change clause now allows {', '.join(g.en for g in gained)}",
            f"変更条項が{'・'.join(g.ja for g in gained)}を認めるようになったこと",
        )
    ]


def _duties(news: list[str], olds: list[str], caption: str | None) -> list[Words]:
    """New duties, prohibitions and powers over the customer, and new exclusions of liability:
    wording a new sentence has and the old sentence closest to it lacks."""
    prohibitions = bool(caption and wording.PROHIBITIONS_CAPTION.search(caption))
    reasons = []
    for sentence in news:
        if prohibitions and _is_item(sentence) and _is_new(sentence, olds):
            reasons.append(_quoted("new prohibition", "新たな禁止事項", sentence))
        elif wording.CUSTOMER_SUBJECT.search(sentence) and _gained(wording.DUTY, sentence, olds):
            reasons.append(_quoted("new obligation", "新たな義務", sentence))
        elif _gained(wording.PROVIDER_POWER, sentence, olds) or _gained(
            wording.PROVIDER_POWER_EN, sentence, olds
        ):
            reasons.append(_quoted("new power of the provider", "提供者の新たな権限", sentence))
        if _gained(wording.LIABILITY_EXCLUSION, sentence, olds):
            reasons.append(_quoted("new exclusion of liability", "新たな免責", sentence))
    return reasons


def _termination(news: list[str], olds: list[str], change: Change) -> list[Words]:
    reasons = [
        _quoted("customer's right to cancel removed", "利用者の解約権の削除", s)
        for s in olds
        if wording.CUSTOMER_SUBJECT.search(s) and _gained(wording.CUSTOMER_MAY_LEAVE, s, news)
    ]
    section = change.new
    first = section.paragraphs[0].text if section and section.paragraphs else ""
    if re.search(r"当社は.*(?:解除|解約)", first) or wording.PROVIDER_TERMINATES_EN.search(first):
        reasons.extend(
            _quoted("new ground for termination by the provider", "提供者による解除事由の追加", s)
            for s in news
            if _is_item(s) and _is_new(s, olds)
        )
    if wording.COMMITMENT.search("".join(olds + news)):
        for term in change.key_terms:
            old, new = _quantity(term, term.old), _quantity(term, term.new)
            if term.type is TermType.DURATION and old is not None and new is not None and new > old:
                reasons.append(
                    Words(
                        f"longer commitment {term.old} → {term.new}",
                        f"最低利用期間の延長 {term.old} → {term.new}",
                    )
                )
    return reasons


def _gained(pattern: re.Pattern[str], sentence: str, others: list[str]) -> bool:
    """Does `sentence` have wording of `pattern` that the closest of `others` lacks? A pattern's
    `what` group, when it has one, is what counts (not the words around it)."""
    twin = _closest(sentence, others)

    def found(text: str) -> Counter[str]:
        return Counter(
            m["what"] if "what" in m.re.groupindex else m.group()
            for m in pattern.finditer(_MARKER.sub("", text))
        )

    return bool(found(sentence) - (found(twin) if twin else Counter()))


def _is_new(sentence: str, others: list[str]) -> bool:
    """No sentence of `others` is a version of this one (at least 80% alike)."""
    twin = _closest(sentence, others)
    return twin is None or _likeness(sentence, twin) < _SAME


def _closest(sentence: str, others: list[str]) -> str | None:
    """The sentence of `others` most like `sentence`, if at least half alike."""
    scored = [(_likeness(sentence, other), other) for other in others]
    best = max(scored, default=None, key=lambda pair: pair[0])
    return best[1] if best is not None and best[0] >= _RELATED else None


def _likeness(a: str, b: str) -> float:
    return SequenceMatcher(None, _MARKER.sub("", a), _MARKER.sub("", b), autojunk=False).ratio()


def _is_item(sentence: str) -> bool:
    return sentence.startswith("(")


def _quoted(label: str, label_ja: str, sentence: str) -> Words:
    """A reason that quotes the sentence it comes from: `new obligation: …`."""
    return Words(f"{label}: {_short(sentence)}", f"{label_ja}「{_short(sentence)}」")


def _short(sentence: str, limit: int = 40) -> str:
    """A sentence for a message: without its number, cut at `limit` characters."""
    text = _MARKER.sub("", sentence)
    return text if len(text) <= limit else text[:limit] + "…"
