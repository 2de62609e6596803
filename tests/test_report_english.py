"""An English agreement's comparison reads in English — the columns, placeholders, notes and
headings of its 新旧対照表 — while a Japanese one reads exactly as before, and a run report
shows each agreement's table in that agreement's language.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tracker.compare import Comparison
from tracker.model import Document
from tracker.obligations import compare_flagged, read_promises
from tracker.report import comparison_html, comparison_markdown, comparison_text
from tracker.report.promises import promises_to_text
from tracker.report.run import DocumentOutcome, RunReport, run_to_html, run_to_markdown
from tracker.sources import document_from_bytes

ENGLISH = Path(__file__).parent / "fixtures" / "english"
ROOT = Path(__file__).parent.parent
JAPANESE_LABELS = re.compile("改定後|改定前|備考|新設|削除|改正|条番号|（略）|関連")


def load(path: Path) -> Document:
    return document_from_bytes(path.read_bytes(), source=path.name).document


@pytest.fixture(scope="module")
def english() -> Comparison:
    return compare_flagged(load(ENGLISH / "dropped-v1.md"), load(ENGLISH / "dropped-v2.md"))


@pytest.fixture(scope="module")
def japanese() -> Comparison:
    seed = ROOT / "snapshots" / "revisions" / "003_v2_notice_and_fee.txt"
    old = next((ROOT / "snapshots" / "seeds").glob("003_*.txt"))
    return compare_flagged(load(old), load(seed))


def test_the_markdown_table_of_an_english_agreement_is_in_english(english: Comparison) -> None:
    text = comparison_markdown.render_markdown(english)
    assert text.startswith("# Comparison of versions: Lumen Notes Terms of Service\n")
    assert "- New version: dropped-v2.md (revised 2024-09-01)" in text
    assert "10 changes (2 added, 0 removed, 3 modified, 5 renumbered)" in text
    assert "| New version | Old version | Notes |" in text
    assert "| **<ins>4.1</ins>**<br><ins>We may offer features" in text
    assert "| (new) | added" in text
    assert "amount: $4 → $5" in text and "Touches: fees" in text
    assert "Renumbered only: 4.3→2.3 (moved), 4.1→5.1 … 6.1→7.1 (4)" in text
    assert not JAPANESE_LABELS.search(text)


def test_the_html_table_of_an_english_agreement_is_in_english(english: Comparison) -> None:
    page = comparison_html.render_html(english, new_first=False)
    assert '<html lang="en">' in page
    headers = re.findall(r"<th>(.*?)</th>", page)
    assert headers == ["Old version", "New version", "Notes"]
    visible = _text(page)
    assert "(omitted)" in visible or "(new)" in visible
    assert not JAPANESE_LABELS.search(visible)


def test_a_japanese_agreement_keeps_its_japanese_table(japanese: Comparison) -> None:
    text = comparison_markdown.render_markdown(japanese)
    assert text.startswith("# 新旧対照表: ")
    assert "| 改定後 | 改定前 | 備考 |" in text and "（新設）" in text
    page = comparison_html.render_html(japanese)
    assert '<html lang="ja">' in page and "<th>改定後</th>" in page


def test_the_terminal_view_quotes_english_captions_in_english(english: Comparison) -> None:
    text = comparison_text.render_text(english)
    assert "renumbered 4.3→2.3  (moved)" in text
    assert "modified 6.2→7.2  (references only; at 7.2; flags: change-clause)" in text
    assert "「" not in text


def test_a_run_report_shows_each_agreement_in_its_language(
    english: Comparison, japanese: Comparison
) -> None:
    moment = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
    outcomes = tuple(
        DocumentOutcome(id, name, f"https://example.com/{id}", "changed", 2, 1, None, comparison)
        for id, name, comparison in (
            ("lumen", "Lumen Notes Terms", english),
            ("securecam", "セキュアカメラ利用規約", japanese),
        )
    )
    report = RunReport(7, moment, moment, outcomes)
    markdown = run_to_markdown(report)
    assert "| 規約 | 結果 | 版 | 備考 |" in markdown  # the report's own frame stays Japanese
    english_part, japanese_part = markdown.split("## セキュアカメラ利用規約")
    assert "| New version | Old version | Notes |" in english_part
    assert "| 改定後 | 改定前 | 備考 |" in japanese_part
    page = _text(run_to_html(report))
    assert "10 changes (2 added, 0 removed, 3 modified, 5 renumbered)" in page
    assert "$4" in page and "$5" in page


def test_obligations_of_an_english_agreement_name_methods_in_english() -> None:
    promises = read_promises(load(ENGLISH / "plain.txt"))
    text = promises_to_text(promises, "Nimbus")
    assert "7.1  thirty (30) days before the change; by email, posting on the website" in text
    assert "電子メール" not in text


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag == "style"

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chunks.append(data)


def _text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return "".join(parser.chunks)
