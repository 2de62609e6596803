"""The 新旧対照表 in Markdown: new column first by default, <ins>/<del>, placeholders, escaping."""

from __future__ import annotations

from support.compare import BASE, NEW_ARTICLE, build, replace_text

from tracker.compare import compare_documents
from tracker.report.comparison import render_comparison

HEADER_NEW_FIRST = "| 改定後 | 改定前 | 備考 |"


def table_rows(markdown: str) -> list[str]:
    lines = markdown.splitlines()
    start = lines.index(HEADER_NEW_FIRST) if HEADER_NEW_FIRST in lines else None
    if start is None:
        start = lines.index("| 改定前 | 改定後 | 備考 |")
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def test_modified_article_row_marks_both_sides() -> None:
    new = build(replace_text(BASE, "サービスの終了", "3か月前", "1か月前"), source="v2.txt")
    markdown = render_comparison(compare_documents(build(BASE, source="v1.txt"), new), "markdown")
    assert markdown.startswith("# 新旧対照表: テスト利用規約\n")
    assert "- 改定後: v2.txt\n- 改定前: v1.txt" in markdown
    assert "変更 1件（新設 0、削除 0、改正 1、条番号変更 0）" in markdown
    (row,) = table_rows(markdown)
    new_cell, old_cell, notes = row.strip("| ").split(" | ")
    assert new_cell == (
        "**第6条（サービスの終了）**<br>当社は、本サービスの全部又は一部を変更又は終了する"
        "<ins>1</ins>か月前までにユーザーに通知します。<br>（略）"
    )
    assert "<del>3</del>か月前" in old_cell
    assert notes == "改正<br>変更箇所: 第6条第1項<br>期間: 3か月 → 1か月"


def test_old_column_first_when_asked() -> None:
    new = build(replace_text(BASE, "サービスの終了", "3か月前", "1か月前"))
    markdown = render_comparison(compare_documents(build(BASE), new), "markdown", new_first=False)
    assert "| 改定前 | 改定後 | 備考 |" in markdown
    (row,) = table_rows(markdown)
    assert row.index("<del>3</del>") < row.index("<ins>1</ins>")


def test_added_and_removed_rows_use_placeholders_and_renumbered_ones_are_listed_below() -> None:
    old = build(BASE)
    new = build([*BASE[:3], NEW_ARTICLE, BASE[3], *BASE[5:]])  # add 第4条, remove old 第5条
    markdown = render_comparison(compare_documents(old, new), "markdown")
    rows = table_rows(markdown)
    assert rows[0].startswith("| **<ins>第4条（本人確認）</ins>**<br><ins>当社は")
    assert " | （新設） | 新設 |" in rows[0]
    assert rows[1].startswith("| （削除） | **<del>第5条（契約の効力発生）</del>**<br><del>")
    assert markdown.rstrip().endswith("条番号のみの変更: 第4条→第5条")
    # unchanged sections are not in the table
    assert "適用" not in markdown


def test_no_changes_means_no_table() -> None:
    document = build(BASE)
    markdown = render_comparison(compare_documents(document, document), "markdown")
    assert "変更なし" in markdown
    assert "|" not in markdown


def test_document_text_cannot_break_the_table_or_inject_markup() -> None:
    hostile = "<script>alert(1)</script> a|b **x** [l](javascript:alert(1))"
    new = build(replace_text(BASE, "サービスの終了", "3か月前", hostile))
    markdown = render_comparison(compare_documents(build(BASE), new), "markdown")
    (row,) = table_rows(markdown)
    assert "<script>" not in markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in row
    assert row.count(" | ") == 2  # the pipe inside the text is escaped
    assert "a\\|b \\*\\*x\\*\\* \\[l\\](javascript:alert(1))" in row
