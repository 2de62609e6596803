"""Read the promises of one version: its change clause(s) and every notice duty.

A section is a **change clause** when its caption says so (`規約の変更`, `約款の変更`) or a
sentence says the provider may change the agreement (`本規約を変更することがあります`) or cites
民法548条の4. A sentence is a **notice obligation** when it has a notice word (通知, 告知, 周知,
掲示, 公表 …) and either a lead time (`3か月前までに`), prior-notice wording (`事前に`,
`あらかじめ`), or it stands in a change clause. The customer's own notice periods (`当社に対し
解除日の3か月前までに…通知`) are kept too, with `party="customer"`; the customer's other duties to
inform (`直ちに当社に通知`) are not.

    >>> from tracker.model import Paragraph, Section, SectionKind
    >>> text = "当社は、基本サービスの重要な変更のときは、書面をもって3か月前までに通知します。"
    >>> article = Section("8", SectionKind.ARTICLE, "第8条", "サービスの終了", None, text,
    ...                   (Paragraph("1", text),))
    >>> [(n.location, n.kind, n.lead_time, n.methods, n.conditions)
    ...  for n in section_promises(article).notices]
    [('第8条', 'service-change', Duration(count=3, unit='month', text='3か月'), ('書面',), \
('重要な変更', '基本サービス'))]

Limits: one sentence at a time, so a lead time stated in one sentence and the notice promised in
the next is missed; a sentence waiving notice (`事前の通知なく`) is never a promise even when it
also promises something; the kind of a notice is read from its own words (else its paragraph's),
so `前2項に定める場合以外の変更` is a service change whatever 前2項 said; the first lead time in a
sentence is the one kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracker.compare.locations import section_label
from tracker.model import Document, Section
from tracker.obligations import wording
from tracker.obligations.durations import lead_times
from tracker.obligations.promises import (
    CUSTOMER,
    PROVIDER,
    ChangeClause,
    NoticeObligation,
    Promises,
)
from tracker.obligations.sentences import Sentence, sentences_of

# A proviso qualifies the sentence before it, and these words continue it.
_PROVISO = re.compile(r"^(?:ただし|但し|(?i:provided,?\s+(?:however|that)\b|however,))")
_CONTINUES = re.compile(
    r"^(?:この場合|前項の場合|その場合|(?i:in\s+(?:such\s+an?|such|that|this)\s+case\b))"
)
# Statute-like wording alone is not a change clause (合理的なもの appears in fee clauses too).
_STATUTE_CITED = re.compile(r"548\s*条\s*の\s*4|定型約款の変更|一般の利益に適合")


def read_promises(document: Document) -> Promises:
    """The change clauses and notice obligations of a whole document, in its order."""
    clauses: list[ChangeClause] = []
    notices: list[NoticeObligation] = []
    for section in document.sections:
        found = section_promises(section, _heading_above(document, section))
        clauses.extend(found.change_clauses)
        notices.extend(found.notices)
    return Promises(tuple(clauses), tuple(notices))


def _heading_above(document: Document, section: Section) -> str | None:
    """The caption of the section a clause numbered the English way belongs to (`7 CHANGES TO
    THESE TERMS` for 7.2), or its chapter (a heading without a number)."""
    parent_key, dot, _ = section.key.rpartition(".")
    parent = document.section(parent_key) if dot else None
    if parent is not None and parent.title:
        return parent.title
    return section.chapter if dot else None


@lru_cache(maxsize=8192)
def section_promises(section: Section, heading_above: str | None = None) -> Promises:
    """What one section promises; nothing for a deleted (削除) slot or an empty one (a section
    heading whose clauses follow it). A clause under a heading about changes of the agreement
    (`Changes to These Terms`) is part of the change clause.

    Cached by value (sections are frozen): the articles two versions share are read once, and
    flagging a change, then assessing it for the report, does not read them again."""
    if section.deleted or not section.text:
        return Promises()
    sentences = sentences_of(section)
    in_clause = is_change_clause(section, sentences) or bool(
        heading_above and wording.CHANGE_CAPTION.search(heading_above)
    )
    notices = tuple(_notices(sentences, in_clause=in_clause))
    if not in_clause:
        return Promises((), notices)
    return Promises((_change_clause(section, notices),), notices)


def is_change_clause(section: Section, sentences: list[Sentence] | None = None) -> bool:
    """Does this section govern changes to the agreement itself?

    >>> from tracker.model import SectionKind
    >>> def article(caption: str | None, text: str) -> Section:
    ...     return Section("2", SectionKind.ARTICLE, "第2条", caption, None, text)
    >>> is_change_clause(article("規約の変更", "…"))
    True
    >>> is_change_clause(article(None, "当社は、本規約を随時変更することができるものとします。"))
    True
    >>> is_change_clause(article("サービス内容等の変更", "契約者が変更を希望する場合は…"))
    False
    """
    if section.title and wording.CHANGE_CAPTION.search(section.title):
        return True
    texts = [s.text for s in sentences] if sentences is not None else [section.text]
    return any(wording.CHANGE_BODY.search(t) or _STATUTE_CITED.search(t) for t in texts)


def _notices(sentences: list[Sentence], *, in_clause: bool) -> list[NoticeObligation]:
    paragraph_text: dict[str, str] = {}
    for sentence in sentences:
        paragraph_text[sentence.location] = (
            paragraph_text.get(sentence.location, "") + sentence.text
        )
    found: list[NoticeObligation] = []
    for index, sentence in enumerate(sentences):
        if _PROVISO.match(sentence.text):
            continue  # read with the sentence it qualifies
        before = _neighbour(sentences, index, -1)
        after = _neighbour(sentences, index, +1)
        context = _Context(
            lead_in=before if _CONTINUES.match(sentence.text) else "",
            proviso=after if _PROVISO.match(after) else "",
            paragraph=paragraph_text[sentence.location],
        )
        notice = _notice(sentence, context, in_clause=in_clause)
        if notice is not None:
            found.append(notice)
    return found


@dataclass(frozen=True)
class _Context:
    lead_in: str  # the sentence before, when this one continues it (この場合、…)
    proviso: str  # the ただし sentence after it
    paragraph: str  # the whole paragraph, to tell what the notice is about


def _neighbour(sentences: list[Sentence], index: int, step: int) -> str:
    """The text of the sentence `step` away in the same paragraph or item, else ""."""
    other = index + step
    if 0 <= other < len(sentences) and sentences[other].location == sentences[index].location:
        return sentences[other].text
    return ""


def _notice(sentence: Sentence, context: _Context, *, in_clause: bool) -> NoticeObligation | None:
    text = sentence.text
    if not wording.NOTICE_GIVEN.search(text):
        return None
    leads = lead_times(text)
    if wording.NO_NOTICE.search(text) and not leads:
        return None
    party = _party(text)
    if party == CUSTOMER and not leads:
        return None  # "直ちに当社に通知": a duty to inform, not a notice period
    if party == PROVIDER and not (leads or wording.PRIOR.search(text) or in_clause):
        return None  # notice after the fact ("措置を行ったときは…通知"): no promise about timing
    lead = leads[0] if leads else None
    return NoticeObligation(
        key=sentence.key,
        location=sentence.location,
        kind="change-clause" if in_clause else _kind(text) or _kind(context.paragraph) or "other",
        lead_time=lead.duration if lead else None,
        anchor=_anchor(text[: lead.start], text[lead.end :]) if lead else None,
        methods=labels(wording.METHODS, text),
        conditions=labels(wording.CONDITIONS, text + context.proviso),
        quote=context.lead_in + text + context.proviso,
        party=party,
    )


def _party(text: str) -> str:
    """Who gives the notice: the customer when it goes to the provider, else the provider."""
    if wording.TO_PROVIDER.search(text) and not wording.TO_CUSTOMER.search(text):
        return CUSTOMER
    return PROVIDER


def _kind(text: str) -> str | None:
    for kind, pattern in wording.NOTICE_KINDS:
        if pattern.search(text):
            return kind
    return None


def _anchor(before_lead: str, after_lead: str = "") -> str | None:
    """What a lead time counts back from: the words right before it in Japanese, right after it
    in English.

    >>> _anchor("効力発生日の"), _anchor("変更又は終了する"), _anchor("当社は、利用者に対し")
    ('効力発生日', '変更又は終了', None)
    >>> _anchor("at least", "' prior notice before the effective date of the change.")
    'effective date of the change'
    """
    for pattern in (wording.ANCHOR_DAY, wording.ANCHOR_EVENT):
        match = pattern.search(before_lead)
        if match:
            return match.group(1)
    english = wording.ANCHOR_EN.match(after_lead)
    return english["anchor"] if english else None


def labels(table: dict[str, re.Pattern[str]], text: str) -> tuple[str, ...]:
    """The labels of a table whose wording `text` has, in the table's order.

    >>> labels(wording.METHODS, "書面その他の方法をもって")
    ('書面', 'その他の方法')
    """
    return tuple(label for label, pattern in table.items() if pattern.search(text))


def _change_clause(section: Section, notices: tuple[NoticeObligation, ...]) -> ChangeClause:
    text = section.text
    compact = "".join(text.split())  # deemed consent is matched across layout spaces
    timed = next((n for n in notices if n.lead_time is not None), None)
    return ChangeClause(
        key=section.key,
        location=section_label(section),
        no_notice=bool(wording.NO_NOTICE.search(text)),
        effective_on_posting=bool(wording.EFFECTIVE_ON_POSTING.search(text)),
        deemed_consent=bool(
            wording.DEEMED_CONSENT.search(compact) or wording.DEEMED_CONSENT_EN.search(text)
        ),
        materiality_trigger=_first(wording.MATERIALITY, text),
        statutory_basis=_first(wording.STATUTORY_BASIS, text),
        opt_out=_first(wording.OPT_OUT, text),
        methods=tuple(dict.fromkeys(m for n in notices for m in n.methods)),
        lead_time=timed.lead_time if timed else None,
        anchor=timed.anchor if timed else None,
        quote=text,
    )


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group() if match else None
