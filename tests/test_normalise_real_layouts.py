"""Layouts of real documents that none of the seeds shows, each on a fixture written here.

`tests/fixtures/layouts/` holds small documents in the layouts found in real agreements,
regulations and statutes (see its README): a statute in e-Gov's text layout, a 会則 kept as
Jekyll Markdown (two revisions, and the same 会則 as the HTML Jekyll renders and as plain
text), a terms page whose captions stand in their own `<h3>` before `<dt>第1条</dt>`. Smaller
cases are written inline. Every test names the layout it protects.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker.extract import extract
from tracker.model import Document, Doubt, Section, SectionKind
from tracker.normalise import normalise
from tracker.sources import document_from_bytes

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


def load(name: str, content_type: str | None = None) -> Document:
    path = LAYOUTS / name
    return document_from_bytes(path.read_bytes(), source=name, content_type=content_type).document


def parse(*lines: str) -> Document:
    return normalise("\n".join(lines), source="test.txt")


def keys(doc: Document, kind: SectionKind | None = None) -> list[str]:
    return [s.key for s in doc.sections if kind is None or s.kind is kind]


def get(doc: Document, key: str) -> Section:
    found = doc.section(key)
    assert found is not None, f"no section {key!r}; keys {keys(doc)}"
    return found


def doubts(doc: Document) -> list[Doubt]:
    return [d.doubt for d in doc.diagnostics]


# --------------------------------------------------------------------------------------------
# 1. Bodies that open with a cross-reference (statutes and the 規程 modelled on them)


@pytest.fixture(scope="module")
def statute() -> Document:
    return load("statute-egov.txt")


def test_statute_articles_whose_body_opens_with_a_reference_are_not_swallowed(
    statute: Document,
) -> None:
    assert keys(statute, SectionKind.ARTICLE) == [
        "1", "2", "3", "4", "5", "5-2", "6:7", "8", "9", "10", "11", "12",
    ]  # fmt: skip
    assert get(statute, "3").text.startswith("第一条の目的を達成するため")
    assert get(statute, "5").text.startswith("第四条第二項の規定による通知")
    assert get(statute, "11").text.startswith("第十条の決定は")
    assert get(statute, "12").text.startswith("第八条及び第十一条の規定は")
    # the article before keeps only its own text
    assert "第一条の目的" not in get(statute, "2").text
    assert statute.diagnostics == ()


def test_a_reference_wrapped_to_a_line_start_stays_in_its_sentence() -> None:
    # 第5条 is the next number, but the line before stops mid-clause: a wrapped reference.
    doc = parse(
        "第4条（利用料金）",
        "契約者は、利用料金を支払うものとします。ただし、当社が別に定める場合において、",
        "第5条第2項に定める手続を経たときは、この限りではありません。",
        "第5条（支払方法）",
        "利用料金は、当社が指定する方法で支払うものとします。",
    )
    assert keys(doc, SectionKind.ARTICLE) == ["4", "5"]
    assert "第5条第2項に定める手続を経たときは" in get(doc, "4").text
    assert get(doc, "5").title == "支払方法"
    assert doc.diagnostics == ()  # 第5条 has its own heading: the wrapped line was a reference


def test_a_reference_opening_a_body_needs_the_next_number() -> None:
    doc = parse(
        "第1条（目的）",
        "本規程は、会の運営について定める。",
        "第3条 第1条に定める目的のため、会は事業を行う。",  # 3 is not next: a reference
        "第2条（事業）",
        "会は、次の事業を行う。",
    )
    assert keys(doc, SectionKind.ARTICLE) == ["1", "2"]


def test_a_refused_next_number_heading_is_reported() -> None:
    # 第2条 is the next number and no other 第2条 follows: it may be a swallowed article.
    doc = parse(
        "第1条（目的）",
        "本規程は、会の運営について定めるものとし、会員は、",
        "第2条第1項の規定にかかわらず、会の事業に協力する。",
    )
    assert keys(doc, SectionKind.ARTICLE) == ["1"]
    assert doubts(doc) == [Doubt.HEADING_IN_BODY]
    assert doc.diagnostics[0].keys == ("1",)


def test_statute_items_with_branch_numbers(statute: Document) -> None:
    items = get(statute, "2").paragraphs[0].items
    assert [i.number for i in items] == ["1", "2", "2-2", "3"]
    assert items[2].text.startswith("監事")


# --------------------------------------------------------------------------------------------
# 6. Statute furniture


def test_statute_table_of_contents_with_ranges_is_not_a_section(statute: Document) -> None:
    preamble = get(statute, "preamble")
    assert "目次" not in preamble.text and "第一条―第三条" not in preamble.text
    assert statute.title == "サンプル協会運営規程"


def test_statute_parts_chapters_and_sections(statute: Document) -> None:
    assert get(statute, "1").chapter == "第一章 通則"
    assert get(statute, "5-2").chapter == "第二章 会員"
    assert get(statute, "10").chapter == "第一章 理事会"  # 第二編's 第一章


def test_statute_long_caption_above_the_article(statute: Document) -> None:
    title = get(statute, "5-2").title
    assert (
        title
        == "会費の額及び納付の方法等についての特則であって会員の区分ごとに理事会が別に定めるもの"
    )
    assert title is not None and len(title) > 40


def test_statute_deleted_range_keeps_its_slot(statute: Document) -> None:
    deleted = get(statute, "6:7")
    assert deleted.deleted and deleted.number == "第六条から第七条まで"


def test_statute_supplementary_provisions_keep_their_own_articles(statute: Document) -> None:
    assert keys(statute, SectionKind.SUPPLEMENTARY) == ["suppl", "suppl-2"]
    first = get(statute, "suppl")
    assert "第一条この規程は、令和三年四月一日から施行する。" in first.text
    assert "第二条この規程の施行の際" in first.text
    # the amending act's number is the 附則's caption, not a date of this document
    assert get(statute, "suppl-2").title == "令和四年三月一日規程第二号"
    assert statute.dates.effective == dt.date(2022, 4, 1)


def test_statute_numbered_appendix_tables(statute: Document) -> None:
    assert keys(statute, SectionKind.APPENDIX) == ["appendix-1", "appendix-2"]
    assert get(statute, "appendix-1").number == "別表第一"
    assert get(statute, "appendix-1").title == "第五条の二関係"
    assert "正会員\t一万二千円" in get(statute, "appendix-1").text


def test_kanji_appendix_numbers_up_to_ten() -> None:
    numerals = "一二三四五六七八九十"
    lines = ["第1条（目的）", "本規程は、料金について定める。"]
    for n, numeral in enumerate(numerals, start=1):
        lines += [f"別表第{numeral}（第1条関係）", f"区分{n}\t{n * 100}円"]
    doc = parse(*lines)
    assert keys(doc, SectionKind.APPENDIX) == [f"appendix-{n}" for n in range(1, 11)]


# --------------------------------------------------------------------------------------------
# 2. Markdown


@pytest.fixture(scope="module")
def kaisoku() -> Document:
    return load("kaisoku-v1.md")


def test_markdown_headings_give_articles_captions_and_chapters(kaisoku: Document) -> None:
    assert keys(kaisoku) == ["1", "2", "3", "4", "5", "suppl"]
    assert [s.title for s in kaisoku.articles] == ["名称", "目的", "活動", "会員", "会費"]
    assert get(kaisoku, "1").chapter == "第1章 総則"
    assert get(kaisoku, "4").chapter == "第2章 会員"
    assert kaisoku.title == "会則"  # from the front matter
    assert kaisoku.diagnostics == ()


def test_markdown_syntax_never_reaches_the_text(kaisoku: Document) -> None:
    text = "\n".join(s.text for s in kaisoku.sections)
    for syntax in ("**", "](", "{{", "{:", "|", "---", "##", "TOC", "*4月"):
        assert syntax not in text, syntax
    assert "親睦を目的とし、活動方針に定める活動を行う。" in get(kaisoku, "2").text
    assert get(kaisoku, "5").text.split("\n")[1:3] == ["区分\t年会費", "正会員\t3,000円"]


def test_markdown_lists_become_items(kaisoku: Document) -> None:
    items = get(kaisoku, "3").paragraphs[0].items
    assert [(i.number, i.text) for i in items] == [
        ("1", "撮影会の開催"), ("2", "作品展の開催"), ("3", "その他、目的の達成に必要な活動"),
    ]  # fmt: skip


def test_markdown_supplementary_history_dates_with_same_day(kaisoku: Document) -> None:
    # 発効 is not 制定; 同日 is the revision day; the latest 改定/改正 and its 施行 day win
    assert kaisoku.dates.enacted is None
    assert kaisoku.dates.revised == dt.date(2020, 3, 14)
    assert kaisoku.dates.effective == dt.date(2020, 4, 1)


@pytest.mark.parametrize("name", ["kaisoku-v1.html", "kaisoku-v1.txt"])
def test_the_same_kaisoku_as_markdown_html_and_text_parses_the_same(
    kaisoku: Document, name: str
) -> None:
    other = load(name)

    def signature(doc: Document) -> list[tuple[str, str | None, str | None, str]]:
        return [(s.key, s.title, s.chapter, s.text) for s in doc.sections]

    assert signature(other) == signature(kaisoku)
    assert (other.title, other.dates) == (kaisoku.title, kaisoku.dates)


@pytest.mark.parametrize(
    ("source", "content_type"),
    [("kaisoku.md", None), ("kaisoku.markdown", None), ("kaisoku", "text/markdown"),
     ("kaisoku.txt", None), ("https://example.jp/raw/kaisoku.md", "text/plain; charset=utf-8")],
)  # fmt: skip
def test_markdown_is_recognised_by_extension_type_or_content(
    source: str, content_type: str | None
) -> None:
    data = (LAYOUTS / "kaisoku-v1.md").read_bytes()
    assert extract(data, source=source, content_type=content_type).media_type == "text/markdown"


def test_plain_text_with_numbered_lines_is_not_markdown() -> None:
    text = "第1条（目的）\n1. 本規約は、利用条件を定めます。\n- 甲\n- 乙\n"
    assert extract(text.encode(), source="terms.txt").media_type == "text/plain"


def test_markdown_heading_styles_atx_closing_and_setext() -> None:
    markdown = (
        "利用規約\n========\n\n第1章 総則\n----------\n\n"
        "### 第1条　目的 ###\n本規約は、利用条件を定めます。\n\n"
        "#### 第2条（適用）\n本規約は、全ての利用者に適用されます。\n"
    )
    doc = document_from_bytes(markdown.encode(), source="terms.md").document
    assert doc.title == "利用規約"
    assert [(s.key, s.title, s.chapter) for s in doc.articles] == [
        ("1", "目的", "第1章 総則"), ("2", "適用", "第1章 総則"),
    ]  # fmt: skip


def test_markdown_revision_pair_compares_article_by_article() -> None:
    from tracker.compare import compare_documents as compare

    changes = compare(load("kaisoku-v1.md"), load("kaisoku-v2.md")).changes
    summary = {(c.kind.value, c.old_key or c.new_key) for c in changes}
    # 第2条 and 第4条 changed only a link's target, which is not text (as on the rendered page)
    assert summary == {
        ("modified", "1"), ("modified", "3"), ("modified", "5"), ("added", "6"),
        ("modified", "suppl"),
    }  # fmt: skip


# --------------------------------------------------------------------------------------------
# 3. HTML structure from elements


@pytest.fixture(scope="module")
def dl_page() -> Document:
    return load("terms-dl-captions.html")


def test_html_caption_in_its_own_element_before_the_number(dl_page: Document) -> None:
    assert [(s.key, s.title) for s in dl_page.articles] == [
        ("1", "名称"), ("2", "適用"), ("3", "利用契約の成立"), ("4", "駐車料金"),
        ("5", "禁止事項"), ("6", "損害賠償"), ("7", "規約の変更"),
    ]  # fmt: skip
    for section in dl_page.articles:  # no caption glued to the end of the article before
        assert section.text.endswith(("。", "妨害")), section.text


def test_html_chapters_in_h2_and_title_after_a_site_menu(dl_page: Document) -> None:
    assert get(dl_page, "1").chapter == "第1章 総則"
    assert get(dl_page, "4").chapter == "第2章 利用"
    assert dl_page.title == "サンプル駐車場利用規約"
    assert dl_page.dates.enacted == dt.date(2023, 2, 1)  # 【2023 年 2 月 1 日制定】


def test_html_article_headings_in_h2_with_unbracketed_captions() -> None:
    page = (
        "<main><h1>利用規約</h1><h2>第1条 定義</h2><p>本規約において、次の用語を用います。</p>"
        "<h2>第2条 本規約への同意</h2><p>利用者は、本規約に同意するものとします。</p>"
        "<h2>第3条 第三者への提供</h2><p>当社は、個人情報を第三者に提供しません。</p></main>"
    )
    doc = document_from_bytes(page.encode(), source="terms.html").document
    assert [(s.key, s.title) for s in doc.articles] == [
        ("1", "定義"), ("2", "本規約への同意"), ("3", "第三者への提供"),
    ]  # fmt: skip


# --------------------------------------------------------------------------------------------
# 4. Duplicate and out-of-sequence numbers


DUPLICATES = (
    "サンプル会員規約",
    "第一条（目的）", "本規約は、サンプル会の会員に関する事項を定めます。",
    "第二条（会員）", "会員は、本会の目的に賛同する個人とします。",
    "第三条（会費）", "会員は、会費を納めるものとします。",
    "第四条（退会）", "会員は、いつでも退会することができます。",
    "第四条（除名）", "本会は、会員が本規約に違反したときは、その会員を除名することができます。",
    "第五条（規約の変更）", "本会は、本規約を変更することができます。",
    "第三条（附帯事項）", "本規約に定めのない事項は、理事会が定めます。",
    "第六条（管轄）", "本規約に関する紛争は、東京地方裁判所を管轄裁判所とします。",
)  # fmt: skip


def test_duplicate_numbers_are_kept_apart_and_reported() -> None:
    doc = parse(*DUPLICATES)
    assert keys(doc, SectionKind.ARTICLE) == ["1", "2", "3", "4", "4~2", "5", "3~2", "6"]
    assert get(doc, "4~2").title == "除名" and get(doc, "4").title == "退会"
    assert "除名" not in get(doc, "4").text
    assert [(d.doubt, d.keys) for d in doc.diagnostics] == [
        (Doubt.DUPLICATE, ("4", "4~2")), (Doubt.DUPLICATE, ("3", "3~2")),
    ]  # fmt: skip
    assert all("both are kept" in w for w in doc.warnings)


def test_a_sequence_that_goes_back_is_reported() -> None:
    doc = parse(
        "第1条（目的）", "本規約は目的を定めます。",
        "第2条（定義）", "本規約の用語を定めます。",
        "第3条（適用）", "本規約は全ての利用者に適用します。",
        "第2条（利用料金）", "利用料金は別に定めます。",
    )  # fmt: skip
    assert keys(doc, SectionKind.ARTICLE) == ["1", "2", "3", "2~2"]
    assert doubts(doc) == [Doubt.DUPLICATE]


def test_a_gap_in_the_numbers_is_reported() -> None:
    doc = parse(
        "第1条（目的）", "本規約は目的を定めます。",
        "第2条（定義）", "本規約の用語を定めます。",
        "第4条（適用）", "本規約は全ての利用者に適用します。",
    )  # fmt: skip
    assert keys(doc, SectionKind.ARTICLE) == ["1", "2", "4"]
    assert [(d.doubt, d.keys) for d in doc.diagnostics] == [(Doubt.OUT_OF_SEQUENCE, ("2", "4"))]
    assert "第3条 is missing" in doc.warnings[0]


def test_compare_keeps_duplicate_articles_apart() -> None:
    from tracker.compare import compare_documents as compare

    old = parse(*DUPLICATES)
    new_lines = list(DUPLICATES)
    new_lines[new_lines.index("第四条（除名）") + 1] = (
        "本会は、会員が本規約に違反したときは、除名できます。"
    )
    changes = compare(old, parse(*new_lines)).changes
    assert [(c.kind.value, c.old_key, c.new_key) for c in changes] == [("modified", "4~2", "4~2")]


# --------------------------------------------------------------------------------------------
# 5. Dates


@pytest.mark.parametrize(
    ("line", "event", "expected"),
    [
        ("【2023 年 2 月 1 日制定】", "enacted", dt.date(2023, 2, 1)),
        ("2023/02/28 改定", "revised", dt.date(2023, 2, 28)),
        ("改定日：2023/02/28", "revised", dt.date(2023, 2, 28)),
        ("2024年4月1日発効", "effective", dt.date(2024, 4, 1)),
        ("令和5年4月1日 改定・施行", "effective", dt.date(2023, 4, 1)),
    ],
)
def test_date_lines(line: str, event: str, expected: dt.date) -> None:
    doc = parse("利用規約", line, "第1条（目的）", "本規約は目的を定めます。")
    assert getattr(doc.dates, event) == expected
    assert line not in get(doc, "1").text


@pytest.mark.parametrize(
    "placeholder", ["令和＿年＿月＿日制定", "令和 年 月 日 改定", "20XX年XX月XX日施行"]
)
def test_placeholder_dates_give_no_date_and_stay_out_of_the_text(placeholder: str) -> None:
    doc = parse("第1条（目的）", "本規約は目的を定めます。", placeholder)
    assert doc.dates.enacted is doc.dates.revised is doc.dates.effective is None
    assert get(doc, "1").text == "本規約は目的を定めます。"


def test_a_date_after_the_last_sentence_on_the_same_line_is_metadata() -> None:
    doc = parse("第1条（目的）", "本規約は目的を定めるものとします。2023年9月15日制定")
    assert get(doc, "1").text == "本規約は目的を定めるものとします。"
    assert doc.dates.enacted == dt.date(2023, 9, 15)


def test_supplementary_list_of_revisions_resolves_same_day() -> None:
    doc = parse(
        "第1条（目的）",
        "本会則は目的を定める。",
        "附則",
        "1. この会則は、平成30年2月19日に発効する。",
        "2. この会則は、令和元年10月17日に改正され、同日より施行する。",
        "3. この会則は、令和2年12月14日に改正され、令和3年1月1日より施行する。(英文での表記の改正)",
    )
    assert doc.dates.enacted is None
    assert doc.dates.revised == dt.date(2020, 12, 14)
    assert doc.dates.effective == dt.date(2021, 1, 1)


# --------------------------------------------------------------------------------------------
# 7. Attachments after the last article


def test_numbered_attachment_after_the_last_article_is_an_appendix() -> None:
    doc = parse(
        "第1条（目的）", "本規約は駐車場の利用について定めます。",
        "第2条（管轄）", "本規約に関する紛争は、東京地方裁判所を管轄裁判所とします。",
        "１．物件概要", "所在地は東京都千代田区とします。",
        "２．注意事項", "駐車場内での事故については責任を負いません。",
    )  # fmt: skip
    assert keys(doc) == ["1", "2", "appendix"]
    assert get(doc, "2").text == "本規約に関する紛争は、東京地方裁判所を管轄裁判所とします。"
    assert "物件概要" in get(doc, "appendix").text and "注意事項" in get(doc, "appendix").text


def test_numbered_items_announced_by_the_last_article_stay_in_it() -> None:
    doc = parse(
        "第1条（目的）", "本規約は会員について定めます。",
        "第2条（届出）", "会員は、次の事項を届け出るものとします。",
        "1. 氏名", "漢字で記載します。", "2. 住所", "住民票の住所とします。",
    )  # fmt: skip
    assert keys(doc) == ["1", "2"]


def test_text_after_ijo_is_an_attachment() -> None:
    doc = parse(
        "第1条（目的）", "本規約は駐車場の利用について定めます。",
        "以上",
        "お問い合わせ先 サンプル株式会社 管理部",
    )  # fmt: skip
    assert keys(doc) == ["1", "appendix"]
    assert get(doc, "1").text == "本規約は駐車場の利用について定めます。"


def test_a_heading_element_after_the_last_article_starts_an_attachment() -> None:
    page = (
        "<main><h2>第1条（目的）</h2><p>本規約は利用条件を定めます。</p>"
        "<h2>第2条（管轄）</h2><p>東京地方裁判所を管轄裁判所とします。</p>"
        "<h2>お問い合わせ窓口</h2><p>サンプル株式会社 カスタマーサポート</p></main>"
    )
    doc = document_from_bytes(page.encode(), source="terms.html").document
    assert keys(doc) == ["1", "2", "appendix"]
    assert get(doc, "appendix").title == "お問い合わせ窓口"
    assert get(doc, "2").text == "東京地方裁判所を管轄裁判所とします。"


# --------------------------------------------------------------------------------------------
# The self-check


def test_the_seeds_and_fixtures_parse_without_doubts(statute: Document, kaisoku: Document) -> None:
    from support.render import SEED_NAMES, seed_text

    for name in SEED_NAMES:
        assert normalise(seed_text(name)).diagnostics == (), name
    for doc in (statute, kaisoku, load("terms-dl-captions.html"), load("kaisoku-v1.html")):
        assert doc.diagnostics == (), doc.source


def test_a_caption_line_left_inside_an_article_is_reported() -> None:
    doc = parse(
        "第1条（目的）", "本規約は目的を定めます。",
        "（定義）", "本規約の用語は、次のとおりとします。",
    )  # fmt: skip
    assert [(d.doubt, d.keys) for d in doc.diagnostics] == [(Doubt.HEADING_IN_BODY, ("1",))]
    assert "「(定義)」" in doc.warnings[0]


def test_an_unusually_long_article_is_reported() -> None:
    lines = []
    for n in range(1, 8):
        lines += [f"第{n}条（条項{n}）", "本条は短い条文です。"]
    lines += [
        "第8条（長い条項）",
        *["この条は、他の条と比べて非常に長い本文を持っています。" * 4] * 60,
    ]
    doc = parse(*lines)
    assert [(d.doubt, d.keys) for d in doc.diagnostics] == [(Doubt.LONG_SECTION, ("8",))]


def test_a_large_preamble_is_reported() -> None:
    preamble = ["この文書は、利用に関する重要な説明を含んでいます。" * 3] * 40
    doc = parse("利用規約", *preamble, "第1条（目的）", "本規約は目的を定めます。")
    assert doubts(doc) == [Doubt.LARGE_PREAMBLE]


def test_no_articles_is_a_diagnostic_too() -> None:
    doc = parse("ページが見つかりません", "お探しのページは移動または削除されました。")
    assert doubts(doc) == [Doubt.NO_ARTICLES]


def test_parse_json_lists_diagnostics(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from tracker.cli import cli

    path = tmp_path / "dup.txt"
    path.write_text("\n".join(DUPLICATES), encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [d["doubt"] for d in data["diagnostics"]] == ["duplicate", "duplicate"]
    assert data["diagnostics"][0]["keys"] == ["4", "4~2"]
    assert "two articles numbered 第四条" in result.stderr


# --------------------------------------------------------------------------------------------
# Chapters that only the markup announces


def test_markdown_chapters_without_dai_n_sho_are_chapters_not_text() -> None:
    markdown = (
        "# 規程\n\n## 1 総則\n\n### 第1条（目的）\n\n本規程は目的を定める。\n\n"
        "### 第2条（定義）\n\n用語を定義する。\n\n"
        "## 2 会員\n\n### 第3条（入会）\n\n入会の手続を定める。\n"
    )
    doc = document_from_bytes(markdown.encode(), source="rules.md").document
    assert [(s.key, s.chapter, s.text) for s in doc.articles] == [
        ("1", "1 総則", "本規程は目的を定める。"),
        ("2", "1 総則", "用語を定義する。"),  # not "用語を定義する。\n2 会員"
        ("3", "2 会員", "入会の手続を定める。"),
    ]
    assert doc.diagnostics == () and doc.section("preamble") is None


def test_html_chapters_in_h2_above_some_articles() -> None:
    page = (
        "<main><h1>規程</h1><h2>総則</h2><h3>第1条（目的）</h3><p>本規程は目的を定める。</p>"
        "<h3>第2条（定義）</h3><p>用語を定義する。</p><h2>会員</h2><h3>第3条</h3>"
        "<p>入会の手続を定める。</p></main>"
    )
    doc = document_from_bytes(page.encode(), source="rules.html").document
    assert [(s.key, s.title, s.chapter) for s in doc.articles] == [
        ("1", "目的", "総則"), ("2", "定義", "総則"), ("3", None, "会員"),
    ]  # fmt: skip
    assert get(doc, "2").text == "用語を定義する。"
