"""Findings where the reader is: `compare` and `diff` show the obligation findings in every
format, each saying what to do and by when — the provider's deadline and ours, named so — in
the report's one language (`[report] language`, `--language`, else the documents').
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from support.history import REVISION_003, SEED_003, at, history_config, open_store, record

from tracker.cli import cli
from tracker.compare import compare_documents
from tracker.obligations import OwnObligation, assess, compare_flagged
from tracker.report.language import document_language, text_language
from tracker.sources import load_document


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def compare(*extra: str) -> Result:
    return run("compare", str(SEED_003), str(REVISION_003), "--new-date", "2026-11-24", *extra)


def revision_findings(first_seen: date = date(2026, 11, 24)) -> list:
    comparison = compare_flagged(load_document(str(SEED_003)), load_document(str(REVISION_003)))
    own = (OwnObligation(("fees",), 30, "料金改定を販売店に通知する"),)
    return list(assess(comparison, first_seen=first_seen, own=own, today=first_seen))


def test_each_finding_names_the_providers_deadline_ours_and_what_to_do() -> None:
    findings = {f.code + ":" + f.location: f for f in revision_findings()}
    notice = findings["notice-shorter-than-promised:第8条第2項"]
    # The provider owed notice 3 months before 2026-12-01; we have until the day before it.
    assert (notice.provider_due, notice.our_due) == (date(2026, 9, 2), date(2026, 11, 30))
    assert notice.due == notice.provider_due  # the JSON's `due`, as before
    assert "Confirm with the provider" in notice.action.en and "2026-11-30" in notice.action.en
    assert "提供者に確認" in notice.action.ja and "書面で異議" in notice.action.ja
    fee = findings["adverse-change-548-4:別紙第4号"]
    assert (fee.provider_due, fee.our_due) == (date(2026, 12, 1), date(2026, 11, 30))
    assert "accept it, object in writing or terminate" in fee.action.en
    own = findings["own-obligation-due:別紙第4号"]
    assert (own.provider_due, own.our_due) == (None, date(2026, 12, 24))
    assert own.action.en == own.action.ja == "料金改定を販売店に通知する"
    for finding in findings.values():
        assert finding.text.ja and finding.text.en and finding.action.ja and finding.action.en
        assert finding.message == finding.text.en


def test_a_change_seen_after_it_took_effect_leaves_us_no_date_to_beat_but_now() -> None:
    findings = revision_findings(first_seen=date(2026, 12, 3))
    late = next(f for f in findings if f.code == "published-after-effective-date")
    assert (late.provider_due, late.our_due) == (date(2026, 12, 1), None)
    notice = next(f for f in findings if f.code == "notice-shorter-than-promised")
    assert notice.our_due is None and "now" in notice.action.en


def test_compare_text_lists_the_findings_with_both_deadlines_and_the_action() -> None:
    result = compare()
    assert result.exit_code == 1
    text = result.stdout
    section = text[text.index("obligations (most urgent first)") :]
    assert "high    第8条第2項 promises written notice 3 months" in section
    assert "provider's deadline 2026-09-02 · our deadline 2026-11-30" in section
    assert "→ Confirm with the provider whether notice was given" in section


def test_compare_html_shows_the_officer_the_notice_shorter_than_promised() -> None:
    """What an officer forwards: the HTML 新旧対照表 carries the findings, in Japanese for a
    Japanese agreement, with severities in Japanese too."""
    html = compare("--format", "html").stdout
    assert '<html lang="ja">' in html
    assert "<h2>義務・期限（期限の近い順）</h2>" in html
    assert "約束 90日に対し実際は7日前でした" in html  # notice shorter than promised
    assert '<span class="severity high">重要</span>' in html
    assert '<th class="due">提供者の期限</th><th class="due">当社の期限</th>' in html
    assert '<td class="due ours">2026-11-30</td>' in html
    assert "対応:</strong> 第8条第2項の約束どおり通知があったか提供者に確認" in html
    assert "promises" not in html and ">high<" not in html  # one language


def test_compare_markdown_says_the_severity_in_the_reports_language() -> None:
    markdown = compare("--format", "markdown").stdout
    assert "## 義務・期限（期限の近い順）" in markdown
    assert "- **重要** 第8条第2項（提供者の期限 2026-09-02 · 当社の期限 2026-11-30）:" in markdown
    assert "  - 対応: " in markdown
    assert "**high**" not in markdown and "**medium**" not in markdown
    english = compare("--format", "markdown", "--language", "en").stdout
    assert "## Obligations, most urgent first" in english
    assert (
        "- **high** 第8条第2項 (Provider's deadline 2026-09-02 · Our deadline 2026-11-30):"
        in english
    )
    assert "| New version | Old version | Notes |" in english
    assert "**重要**" not in english and "約束" not in english


def test_compare_json_keeps_its_fields_and_adds_the_deadlines_and_actions() -> None:
    data = json.loads(compare("--format", "json").stdout)
    first = data["obligations"][0]
    assert first["code"] == "notice-shorter-than-promised" and first["due"] == "2026-09-02"
    assert first["provider_deadline"] == "2026-09-02" and first["our_deadline"] == "2026-11-30"
    assert first["action"].startswith("Confirm with the provider")
    assert first["message_ja"].startswith("第8条第2項は") and first["action_ja"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_diff_shows_the_findings_of_the_stored_change(tmp_path: Path, fmt: str) -> None:
    config = history_config(tmp_path, '[report]\nlanguage = "en"\n')
    with open_store(tmp_path) as store:
        record(store, SEED_003.read_bytes(), at(0))
        record(store, REVISION_003.read_bytes(), at(3))  # first seen 2026-11-04
    result = run("--config", str(config), "diff", "securecam", "--format", fmt)
    assert result.exit_code == 1
    out = result.stdout
    # 27 days between first seen and effective, 90 promised; the provider's deadline 2026-09-02
    assert "promised 90 days, observed 27 days" in out
    assert "2026-09-02" in out and "2026-11-30" in out
    if fmt != "text":
        assert "Our deadline" in out and "**重要**" not in out and ">重要<" not in out


def test_a_documents_language_is_read_from_its_text() -> None:
    assert document_language(load_document(str(SEED_003))) == "ja"
    english = load_document_text("Terms of Service\n1. Fees\nWe may change the fees.\n")
    assert document_language(english) == "en"
    assert text_language([]) == "ja" and text_language(["", "123"], default="en") == "en"


def load_document_text(text: str):  # type: ignore[no-untyped-def]
    from tracker.sources import document_from_bytes

    return document_from_bytes(text.encode(), source="terms.txt").document


def test_compare_with_no_findings_says_nothing_about_obligations() -> None:
    text = run("compare", str(SEED_003), str(SEED_003)).stdout
    assert "obligations" not in text
    html = run("compare", str(SEED_003), str(SEED_003), "--format", "html").stdout
    assert "義務・期限" not in html
    comparison = compare_documents(load_document(str(SEED_003)), load_document(str(SEED_003)))
    assert assess(comparison, first_seen=None) == ()
    assert not re.search(r"obligations", text)
