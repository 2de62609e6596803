"""The one language a report speaks (`[report] language = "ja" | "en"`), and its words.

Everything a reader sees in a report — headings, column names, outcomes, severities, findings
and the actions they suggest — comes from here or from `Words` built with both wordings
(`tracker.words`), so a Japanese report never shows `**high**` next to `重要`.
Without a setting, the documents decide: Japanese when their text is mostly Japanese.

The 新旧対照表's own remarks (備考, 一括改正 entries) are Japanese in both languages for now.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from tracker.model import Document
from tracker.words import LANGUAGES, Language, Words

__all__ = ["LANGUAGES", "Language", "Words", "document_language", "label", "text_language"]

# Share of letters that must be kana or kanji for a text to read as Japanese.
_JAPANESE_SHARE: Final = 0.2
_SAMPLE: Final = 4000  # characters of a document looked at


_KANA_KANJI: Final = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f"
_JAPANESE: Final = re.compile(f"[{_KANA_KANJI}]")  # hiragana, katakana, ideographs, ｶﾀｶﾅ
_OTHER_LETTER: Final = re.compile(rf"[^\W\d_{_KANA_KANJI}]")  # any other letter


def text_language(texts: Iterable[str], default: Language = "ja") -> Language:
    """Japanese when kana and kanji make up a fifth of the letters, else English; `default`
    when there are no letters at all.

    >>> text_language(["セキュアカメラ利用規約"]), text_language(["Terms of Service"])
    ('ja', 'en')
    >>> text_language(["Soracom Cloud Camera Services「ソラカメ」利用規約"]), text_language([""])
    ('ja', 'ja')
    """
    japanese = letters = 0
    for text in texts:
        sample = text[:_SAMPLE]
        found = len(_JAPANESE.findall(sample))  # a regex: a loop over characters cost 13 ms
        japanese += found  # a document, for every history page a run writes
        letters += found + len(_OTHER_LETTER.findall(sample))
    if not letters:
        return default
    return "ja" if japanese / letters >= _JAPANESE_SHARE else "en"


def document_language(*documents: Document) -> Language:
    """The language of the documents' titles and text."""
    texts: list[str] = []
    for document in documents:
        texts.append(document.title or "")
        texts.extend(section.text for section in document.sections[:20])
    return text_language(texts)


LABELS: Final[dict[str, Words]] = {
    # run report
    "report-title": Words("Terms change report", "規約変更レポート"),
    "interrupted": Words("(interrupted)", "（中断）"),
    "counts": Words(
        "{changed} changed · {problems} failed or suspect · {documents} checked",
        "変更 {changed}件 · 取得失敗・要確認 {problems}件 · 対象 {documents}件",
    ),
    "changed-agreements": Words("Agreements that changed", "変更された規約"),
    "no-changes": Words(
        "No agreement changed in this run.", "この実行で変更された規約はありません。"
    ),
    "agreement": Words("Agreement", "規約"),
    "version": Words("Version", "版"),
    "added": Words("Added", "新設"),
    "removed": Words("Removed", "削除"),
    "modified": Words("Modified", "改正"),
    "renumbered": Words("Renumbered", "条番号変更"),
    "effective": Words("Effective", "効力発生日"),
    "not-stated": Words("not stated", "記載なし"),
    "urgent": Words("To do, most urgent first", "要対応（期限の近い順）"),
    "problems": Words("Failed or suspect", "取得失敗・要確認"),
    "doubtful": Words(
        "Structure in doubt (read these versions against the source)",
        "構成に疑義（原文と照合してください）",
    ),
    "doubtful-version": Words(
        "the structure of this version was read with doubts:",
        "この版の条文構成の読み取りに疑義があります:",
    ),
    "doubt-count": Words("structure in doubt: {count}", "構成に疑義 {count}件"),
    "missing": Words("Raw snapshots missing from the snapshots folder", "生データの欠落"),
    "missing-text": Words(
        "What was published cannot be shown again or re-derived (tracker rebuild) for these"
        " versions: restore the snapshots folder from a backup.",
        "次の版の取得時のデータ（生データ）が snapshots フォルダにありません。公開された内容を"
        "再表示・再抽出（tracker rebuild）できません。バックアップからフォルダを復元してください。",
    ),
    "missing-count": Words("raw snapshot missing: {versions}", "生データ欠落 {versions}"),
    "moved": Words(
        "Redirected (the configured address led elsewhere)", "転送（設定の URL から別の URL へ）"
    ),
    "moved-text": Words(
        "The agreement may have moved. If the new address is right, update url in tracker.toml.",
        "規約が移転した可能性があります。"
        "転送先が正しければ tracker.toml の url を更新してください。",
    ),
    "moved-to": Words("redirected to {url}", "転送先 {url}"),
    "documents": Words("Documents checked", "対象の文書"),
    "outcome": Words("Outcome", "結果"),
    "before": Words("Before", "改定前"),
    "after": Words("After", "改定後"),
    "seen-on": Words("first seen {day}", "{day} 取得"),
    "revised": Words("Revised", "改定日"),
    "summary": Words("Summary", "概要"),
    "terms": Words("Numbers and periods that changed", "変わった数値・期間"),
    "obligations": Words("Obligations and deadlines", "義務・期限"),
    "table": Words("Old and new text", "新旧対照表"),
    "notes": Words("Notes", "備考"),
    "footer": Words(
        "Underlined: wording added; struck through: wording deleted (readable without colour).",
        "下線は追加、取り消し線は削除された文言です（色がなくても読めます）。",
    ),
    "history": Words("history", "履歴"),
    "none": Words("none", "なし"),
    "index": Words("All runs", "実行の一覧"),
    "feed": Words("Atom feed", "Atom フィード"),
    "feed-title": Words("tracker: changes of the terms", "tracker: 規約の変更"),
    "runs": Words("Runs", "実行"),
    "started": Words("Started", "開始"),
    "checked": Words("Checked", "対象"),
    "first": Words("First", "初回"),
    "failed": Words("Failed", "失敗"),
    "suspect": Words("Suspect", "要確認"),
    "reports": Words("Reports", "レポート"),
    "last-change": Words("Last change", "最終改定"),
    "quiet-runs": Words(
        "{count} runs where nothing changed are not listed (the latest started {last}).",
        "変更のなかった実行 {count}件は省略しています（最新の開始 {last}）。",
    ),
    # history pages
    "history-title": Words("History", "改定履歴"),
    "versions": Words("Versions", "版の一覧"),
    "version-count": Words("Versions", "版数"),
    "first-seen": Words("First seen", "初回確認"),
    "last-seen": Words("Last seen", "最終確認"),
    "stated-dates": Words("Dates it states", "記載の日付"),
    "articles": Words("Articles", "条数"),
    "how": Words("How", "取得"),
    "changes-newest-first": Words("Changes, newest first", "改定内容（新しい順）"),
    "technical": Words(
        "technical: the normaliser changed, not the agreement",
        "技術的な版（正規化の変更のみで、規約の変更ではありません）",
    ),
    "no-versions": Words("No version stored yet.", "まだ版がありません。"),
    "one-version": Words(
        "One version so far: nothing to compare.", "版は一つだけで、比較する改定はありません。"
    ),
    "times-in": Words("times in {zone}", "時刻は {zone}"),
    # changes over a period
    "changes-title": Words("Changes since {since}", "{since} 以降の変更"),
    "changes-none": Words(
        "No agreement changed in this period.", "この期間に変更された規約はありません。"
    ),
    "seen": Words("Seen", "確認日"),
    "run-report": Words("run report", "実行レポート"),
    # findings
    "severity": Words("Severity", "重要度"),
    "where": Words("Where", "箇所"),
    "finding": Words("Finding", "内容"),
    "action": Words("What to do", "対応"),
    "provider-due": Words("Provider's deadline", "提供者の期限"),
    "our-due": Words("Our deadline", "当社の期限"),
    "now": Words("now", "直ちに"),
    "findings": Words("Obligations, most urgent first", "義務・期限（期限の近い順）"),
}

SEVERITY: Final[dict[str, Words]] = {
    "high": Words("high", "重要"),
    "medium": Words("medium", "要確認"),
    "low": Words("low", "参考"),
    "info": Words("info", "情報"),
}

OUTCOME: Final[dict[str, Words]] = {
    "first": Words("first version", "初回取得"),
    "changed": Words("changed", "変更あり"),
    "unchanged": Words("unchanged", "変更なし"),
    "not-modified": Words("unchanged (304)", "変更なし (304)"),
    "suspect": Words("suspect (extraction problem)", "要確認 (抽出の異常)"),
    "failed": Words("failed", "取得失敗"),
}

ORIGIN: Final[dict[str, Words]] = {
    "fetch": Words("fetched", "取得"),
    "import": Words("imported", "取込"),
    "accepted": Words("accepted", "承認"),
}

DATE_KIND: Final[dict[str, Words]] = {
    "enacted": Words("enacted", "制定"),
    "revised": Words("revised", "改定"),
    "effective": Words("effective", "施行"),
}

TERM: Final[dict[str, Words]] = {
    "duration": Words("period", "期間"),
    "amount": Words("amount", "金額"),
    "percentage": Words("rate", "割合"),
    "date": Words("date", "日付"),
}


def counted(count: int, noun: str) -> str:
    """`1 article`, `56 articles`: English nouns take their plural after any other count.

    >>> counted(1, "article"), counted(0, "version"), counted(3, "failure")
    ('1 article', '0 versions', '3 failures')
    """
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def label(key: str, language: Language, **values: object) -> str:
    """The label `key` in `language`, with `{placeholders}` filled from `values`."""
    text = LABELS[key].in_(language)
    return text.format(**values) if values else text


def severity(name: str, language: Language) -> str:
    found = SEVERITY.get(name)
    return found.in_(language) if found else name


def outcome(kind: str, language: Language) -> str:
    found = OUTCOME.get(kind)
    return found.in_(language) if found else kind


class Phrases:
    """The words of one language, for templates: `t("urgent")`, `t.severity("high")`."""

    def __init__(self, language: Language) -> None:
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        return label(key, self.language, **values)

    def severity(self, name: str) -> str:
        return severity(name, self.language)

    def outcome(self, kind: str) -> str:
        return outcome(kind, self.language)

    def term(self, kind: str) -> str:
        found = TERM.get(kind)
        return found.in_(self.language) if found else kind

    def origin(self, origin: str) -> str:
        found = ORIGIN.get(origin)
        return found.in_(self.language) if found else origin

    def dates(self, stated: dict[str, str | None]) -> str:
        """`制定 2023-09-15、施行 2024-01-01`, or — when the document states none."""
        separator = "、" if self.language == "ja" else ", "
        shown = [f"{DATE_KIND[k].in_(self.language)} {v}" for k, v in stated.items() if v]
        return separator.join(shown) or "—"

    def words(self, words: Words) -> str:
        return words.in_(self.language)
