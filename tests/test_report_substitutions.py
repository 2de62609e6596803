"""Every view states each substitution once, at the top, lists the sections it alone changed
compactly, and sets the substituted pieces apart from the other changes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from support.compare import Spec, build
from support.substitution import replace_all, without, work_rules
from test_report_html import parsed

from tracker.cli import cli
from tracker.compare import Comparison
from tracker.obligations import compare_flagged
from tracker.report.comparison import render_comparison
from tracker.report.run import DocumentOutcome, RunReport, run_to_html, run_to_json, run_to_markdown

ROOT = Path(__file__).resolve().parent.parent


def revised() -> Comparison:
    """A 就業規則 of 12 articles: 労働者 → 社員 throughout, article 5 deleted (the rest
    renumbered), and one real edit in article 9 (now 8)."""
    old = work_rules(12)
    new = replace_all(without(old, "規則5"), "労働者", "社員")
    edited = new[7]
    new[7] = Spec(
        edited.caption,
        (str(edited.paragraphs[0]), "会社は、社員から申出があったときは、10日以内に回答する。"),
        name=edited.ref_name,
    )
    return compare_flagged(build(old, source="old.txt"), build(new, source="new.txt"))


def test_text_states_the_substitution_once_and_marks_it_inside_the_real_change() -> None:
    text = render_comparison(revised(), "text")
    lines = text.splitlines()
    assert lines[0] == (
        "old.txt → new.txt: 0 added, 1 removed, 11 modified (9 by substitutions alone), "
        "0 renumbered"
    )
    assert "  ※1 労働者 → 社員: 11 sections, 22 times (全条)" in lines
    assert (
        "  changed by these alone: 第1条〜第3条、第6条→第5条〜第8条→第7条、"
        "第10条→第9条〜第12条→第11条" in lines
    )
    real = text[text.index("modified 第9条→第8条") :]
    assert "{~~労働者~>社員~~}から申出があったときは、[-速やか-]{+10日以内+}に回答する。" in real
    # a substitution-only section gets no entry of its own
    assert "modified 第2条" not in text


def test_markdown_lists_the_substitution_before_the_table_and_numbers_its_pieces() -> None:
    markdown = render_comparison(revised(), "markdown")
    head, table = markdown.split("| 改定後 | 改定前 | 備考 |")
    assert "- ※1 「労働者」を「社員」に改める（全条、11条 22箇所）" in head
    assert "一括改正のみの条: 第1条〜第3条" in head
    assert "社員<sup>※1</sup>から申出" in table and "<ins>10日以内</ins>" in table
    assert "労働者<sup>※1</sup>から申出" in table and "<del>速やか</del>" in table
    assert table.count("\n| ") == 4  # the header rule, 第4条 (its reference), 第5条, 第8条


def test_html_sets_substituted_pieces_apart_from_insertions() -> None:
    page = render_comparison(revised(), "html")
    collector = parsed(page)
    assert "一括改正（各条に共通の改正。表中では該当箇所に※番号を付す）" in "".join(collector.text)
    assert '<span class="subst">社員<sup>※1</sup></span>' in page
    assert "<ins>10日以内</ins>" in page
    assert page.index("一括改正のみの条") < page.index('<table class="diff">')


def test_json_keeps_every_change_and_adds_the_substitutions() -> None:
    data = json.loads(render_comparison(revised(), "json"))
    (substitution,) = data["substitutions"]
    assert substitution["old"] == "労働者" and substitution["new"] == "社員"
    assert substitution["count"] == 22 and len(substitution["sections"]) == 11
    assert substitution["sections"][4] == {"old_key": "6", "new_key": "5", "count": 2}
    assert len(data["changes"]) == 12
    only = [c["new_key"] for c in data["changes"] if c["substitutions_only"]]
    assert len(only) == 9 and "8" not in only and "4" not in only
    real = next(c for c in data["changes"] if c["new_key"] == "8")
    assert real["substitutions"] == [1] and real["diff"]
    assert [1, "社員", 1] in real["marked_diff"] and [1, "10日以内", 0] in real["marked_diff"]


def test_the_run_reports_carry_the_substitutions() -> None:
    moment = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    outcome = DocumentOutcome(
        "rules", "就業規則", "https://example.jp/rules.pdf", "changed", 2, 1, None, revised()
    )
    report = RunReport(7, moment, moment, (outcome,))
    markdown = run_to_markdown(report)
    assert "- ※1 「労働者」を「社員」に改める（全条、11条 22箇所）" in markdown
    html = run_to_html(report)
    assert "※1</span> 「労働者」を「社員」に改める" in html
    assert "うち一括改正のみ 9" in html
    data = run_to_json(report)
    assert data["documents"][0]["comparison"]["substitutions"][0]["new"] == "社員"


def test_a_shortened_notice_period_everywhere_is_flagged_at_the_top() -> None:
    old = work_rules(4)
    old = [
        Spec(
            s.caption,
            (*s.paragraphs, "会社は、変更の3か月前までに労働者に通知する。"),
            name=s.ref_name,
        )
        for s in old
    ]
    new = replace_all(old, "3か月", "1か月")
    comparison = compare_flagged(build(old), build(new, source="new.txt"))
    text = render_comparison(comparison, "text")
    assert "※1 3か月 → 1か月: 4 sections, 4 times (全条)" in text
    assert "     flags: notice" in text
    markdown = render_comparison(comparison, "markdown")
    assert "関連: 通知（notice）" in markdown


def test_the_readme_example_is_what_the_program_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- substitution-example begins -->")[1]
    block = block.split("<!-- substitution-example ends -->")[0].strip().strip("`").strip()
    command, expected = block.split("\n", 1)
    arguments = command.removeprefix("$ tracker ").split()
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, arguments, catch_exceptions=False)
    assert result.exit_code == 1
    assert result.output.rstrip("\n") == expected.rstrip("\n").rstrip("`").rstrip()
