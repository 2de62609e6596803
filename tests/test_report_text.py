"""The terminal view: a summary line, headers, inline markers, compact renumbering."""

from __future__ import annotations

from support.compare import BASE, NEW_ARTICLE, build, filler, recaption, replace_text

from tracker.compare import compare_documents
from tracker.report.comparison import render_comparison


def test_summary_line_comes_first() -> None:
    old, new = (
        build(BASE, source="v1.txt"),
        build([*BASE[:3], NEW_ARTICLE, *BASE[3:]], source="v2.txt"),
    )
    text = render_comparison(compare_documents(old, new), "text")
    assert text.splitlines()[0] == "v1.txt → v2.txt: 1 added, 0 removed, 3 modified, 4 renumbered"


def test_no_changes() -> None:
    document = build(BASE, source="v1.txt")
    assert render_comparison(compare_documents(document, document), "text") == (
        "v1.txt → v1.txt: no changes\n"
    )


def test_modified_article_shows_its_header_and_only_the_changed_line() -> None:
    new = build(replace_text(BASE, "サービスの終了", "3か月前", "1か月前"))
    text = render_comparison(compare_documents(build(BASE), new), "text")
    lines = text.splitlines()
    assert lines[2] == "modified 第6条 「サービスの終了」  (at 第6条第1項)"
    assert lines[3] == (
        "  当社は、本サービスの全部又は一部を変更又は終了する[-3-]{+1+}か月前までに"
        "ユーザーに通知します。"
    )
    assert lines[4] == "  …"
    assert lines[5] == "  duration: 3か月 → 1か月"
    assert "\x1b[" not in text


def test_colour_uses_strike_and_underline() -> None:
    new = build(replace_text(BASE, "サービスの終了", "3か月前", "1か月前"))
    text = render_comparison(compare_documents(build(BASE), new), "text", color=True)
    assert "\x1b[9;31m3\x1b[0m\x1b[4;32m1\x1b[0m" in text
    assert "[-" not in text and "{+" not in text


def test_renumbered_runs_take_one_line() -> None:
    # insert after 第1条: 第2条–第10条 shift; references make 第4, 第5, 第8条 modified
    specs = [*BASE[:1], NEW_ARTICLE, *BASE[1:]]
    text = render_comparison(compare_documents(build(BASE), build(specs)), "text")
    renumbered = [line for line in text.splitlines() if line.startswith("renumbered")]
    assert "renumbered 第2条→第3条、第3条→第4条" in renumbered
    assert "renumbered 第9条→第10条、第10条→第11条" in renumbered


def test_a_long_run_is_abbreviated() -> None:
    old = build([BASE[0], *filler(6)])
    new = build([BASE[0], recaption(BASE[2], "追加"), *filler(6)])
    text = render_comparison(compare_documents(old, new), "text")
    assert "renumbered 第2条→第3条 … 第7条→第8条 (6)" in text.splitlines()


def test_caption_change_is_shown_in_the_header() -> None:
    specs = list(BASE)
    specs[6] = recaption(BASE[6], "禁止事項")
    text = render_comparison(compare_documents(build(BASE), build(specs)), "text")
    assert "modified 第7条 「禁止行為」→「禁止事項」" in text
    assert "(text unchanged)" in text


def test_added_article_is_shown_whole() -> None:
    new = build([*BASE, NEW_ARTICLE])
    text = render_comparison(compare_documents(build(BASE), new), "text")
    assert "added 第11条 「本人確認」" in text
    assert (
        "  {+当社は、ユーザーに対し、運転免許証その他の本人確認書類の提出を求めることができます。+}"
        in text
    )
