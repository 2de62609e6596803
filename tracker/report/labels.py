"""The words a comparison view is written in: Japanese for a Japanese agreement (新旧対照表,
改定後 │ 改定前, （略）), English for an English one (New │ Old, (omitted)).

The language is the agreement's, read from its text (`is_english`), so a compliance team that
follows both kinds reads each 新旧対照表 in the words of the agreement it quotes. A report
given a language (`[report] language`, `--language`) speaks it throughout, tables included; the
report's other words are in `language.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from tracker.compare.model import ChangeKind, Comparison
from tracker.model import Document
from tracker.normalise.scheme import is_mostly_latin
from tracker.words import Language


@dataclass(frozen=True)
class Labels:
    english: bool
    title: str  # the page's name
    new: str  # the column of the new version
    old: str
    notes: str
    omitted: str  # unchanged lines left out
    added: str  # the empty old cell of an added section
    removed: str  # the empty new cell of a removed section
    renumbered: str  # the line listing sections whose number alone changed
    moved: str
    substitutions: str  # the heading of the edits made across the document
    substituted_only: str  # the line listing sections changed by them alone
    related: str  # before the flags of a change
    lang: str  # the HTML lang attribute
    separator: str  # between items of a list on one line
    kinds: dict[ChangeKind, str]
    terms: dict[str, str]
    flags: dict[str, str]
    dates: dict[str, str]


JAPANESE: Final = Labels(
    english=False,
    title="新旧対照表",
    new="改定後",
    old="改定前",
    notes="備考",
    omitted="（略）",
    added="（新設）",
    removed="（削除）",
    renumbered="条番号のみの変更",
    moved="（移動）",
    substitutions="一括改正（各条に共通の改正。表中では該当箇所に※番号を付す）",
    substituted_only="一括改正のみの条",
    related="関連",
    lang="ja",
    separator="、",
    kinds={
        ChangeKind.ADDED: "新設",
        ChangeKind.REMOVED: "削除",
        ChangeKind.MODIFIED: "改正",
        ChangeKind.RENUMBERED: "条番号変更",
    },
    terms={"duration": "期間", "amount": "金額", "percentage": "割合", "date": "日付"},
    flags={
        "change-clause": "変更条項",
        "notice": "通知",
        "fees": "料金",
        "termination": "解約・終了",
        "liability": "責任",
        "data": "データ",
        "service": "サービス",
        "jurisdiction": "準拠法・管轄",
    },
    dates={"enacted": "制定", "revised": "改定", "effective": "施行"},
)

ENGLISH: Final = Labels(
    english=True,
    title="Comparison of versions",
    new="New version",
    old="Old version",
    notes="Notes",
    omitted="(omitted)",
    added="(new)",
    removed="(deleted)",
    renumbered="Renumbered only",
    moved=" (moved)",
    substitutions="Changes made throughout (marked ※ in the table)",
    substituted_only="Sections changed by these alone",
    related="Touches",
    lang="en",
    separator=", ",
    kinds={
        ChangeKind.ADDED: "added",
        ChangeKind.REMOVED: "removed",
        ChangeKind.MODIFIED: "modified",
        ChangeKind.RENUMBERED: "renumbered",
    },
    terms={"duration": "period", "amount": "amount", "percentage": "rate", "date": "date"},
    flags={
        "change-clause": "change clause",
        "notice": "notice",
        "fees": "fees",
        "termination": "termination",
        "liability": "liability",
        "data": "data",
        "service": "service",
        "jurisdiction": "governing law",
    },
    dates={"enacted": "adopted", "revised": "revised", "effective": "effective"},
)


def is_english(document: Document) -> bool:
    """An agreement written in English (or another language in Latin script): its title and
    the start of its sections are mostly Latin letters.

    >>> from tracker.model import Dates
    >>> is_english(Document("x", "Terms of Service", Dates(), ()))
    True
    """
    sample = [document.title or ""] + [s.text[:100] for s in document.sections[:20]]
    return is_mostly_latin(sample)


def labels_for(comparison: Comparison, language: Language | None = None) -> Labels:
    """The words for a comparison: those of `language` ("ja" or "en", a report's setting)
    when given, else of the new version's language (the old one's when the new version is
    empty)."""
    if language is not None:
        return ENGLISH if language == "en" else JAPANESE
    document = comparison.new if comparison.new.sections else comparison.old
    return ENGLISH if is_english(document) else JAPANESE
