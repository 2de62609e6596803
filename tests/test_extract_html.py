"""HTML extraction: charset scenarios from the extraction notes, and the block-aware walk."""

from __future__ import annotations

import pytest

from tracker.errors import DocumentError, EmptyDocument, UsageError
from tracker.extract import Extracted, extract
from tracker.extract.scope import scope_key, scope_of

# ① ㈱ ～ are cp932 extensions: Python's shift_jis rejects the first two and maps ～ to 〜.
BODY_LINES = [
    "サービス利用規約",
    "第1条（適用）",
    "①本規約は、㈱サンプル（以下「当社」）が提供する全てのサービスに適用されます。",
    "②料金は月額1,000円～5,000円とし、－、∥、￢、￤、№の記号も含みます。",
    "第2条（変更）",
    "当社は、必要に応じて本規約を変更できるものとします。",
]
SHIFT_JIS_META = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'


def terms_page(meta: str = "", padding: int = 0, body: list[str] = BODY_LINES) -> str:
    """A page with chrome around the terms; `padding` bytes of comment push the meta back."""
    comment = f"<!-- {'x' * padding} -->" if padding else ""
    return (
        f"<!DOCTYPE html>\n<html lang='ja'><head>{comment}{meta}<title>利用規約</title>"
        "<style>p { color: red }</style><script>var menu = '会社概要';</script></head>\n"
        "<body><header><a href='/'>サンプル株式会社</a></header>\n"
        "<nav><ul><li>ホーム</li><li>会社概要</li></ul></nav>\n"
        "<main>\n"
        f"<h1>{body[0]}</h1>\n<h2>{body[1]}</h2>\n<p>{body[2]}</p>\n<p>{body[3]}</p>\n"
        f"<h2>{body[4]}</h2>\n<p>{body[5]}</p>\n"
        "</main>\n<footer>Copyright サンプル株式会社</footer></body></html>\n"
    )


def lines(extracted: Extracted) -> list[str]:
    return extracted.text.split("\n")


@pytest.mark.parametrize(
    ("meta", "content_type", "padding", "source"),
    [
        pytest.param(SHIFT_JIS_META, "text/html; charset=Shift_JIS", 0, "header", id="A-both"),
        pytest.param(SHIFT_JIS_META, "text/html", 0, "meta", id="B-meta-only"),
        pytest.param("", "text/html", 0, "detected", id="C-none"),
        pytest.param('<meta charset="utf-8">', "text/html", 0, "detected", id="D-meta-utf8"),
        pytest.param(SHIFT_JIS_META, "text/html; charset=ISO-8859-1", 0, "meta", id="E-header"),
        pytest.param("", "text/html; charset=ISO-8859-1", 0, "detected", id="E-header-only"),
        pytest.param(SHIFT_JIS_META, None, 1100, "meta", id="F-meta-after-1024"),
    ],
)
def test_cp932_page_decodes_exactly_in_every_charset_scenario(
    meta: str, content_type: str | None, padding: int, source: str
) -> None:
    data = terms_page(meta, padding).encode("cp932")
    extracted = extract(data, source="https://example.jp/terms", content_type=content_type)
    assert lines(extracted) == BODY_LINES
    assert extracted.encoding == "cp932"
    assert extracted.encoding_source == source
    assert extracted.media_type == "text/html"


def test_wrong_label_says_so_in_a_warning() -> None:
    data = terms_page('<meta charset="utf-8">').encode("cp932")
    extracted = extract(data, source="x.html")
    assert any("utf-8" in warning for warning in extracted.warnings)


def test_latin_label_that_decodes_is_overruled_when_the_bytes_are_japanese() -> None:
    # Chosen so that cp1252 accepts every byte: the wrong label "works", the text has no kana.
    text = "こんにちはソフトウェア利用規約に同意します"
    data = f"<p>{text}</p>".encode("cp932")
    data.decode("cp1252")  # the trap is real
    extracted = extract(data, source="x.html", content_type="text/html; charset=iso-8859-1")
    assert extracted.text == text
    assert (extracted.encoding, extracted.encoding_source) == ("cp932", "detected")


def test_euc_jp_page_decodes() -> None:
    # EUC-JP has ¬ where cp932 has ￢, and no ￤.
    body = [line.replace("￢、￤、", "¬、") for line in BODY_LINES]
    data = terms_page('<meta charset="EUC-JP">', body=body).encode("euc_jis_2004")
    extracted = extract(data, source="x.html")
    assert lines(extracted) == body
    assert (extracted.encoding, extracted.encoding_source) == ("euc_jis_2004", "meta")


def test_utf8_page_with_bom_decodes() -> None:
    data = b"\xef\xbb\xbf" + terms_page('<meta charset="Shift_JIS">').encode("utf-8")
    extracted = extract(data, source="x.html", content_type="text/html; charset=Shift_JIS")
    assert lines(extracted) == BODY_LINES
    assert (extracted.encoding, extracted.encoding_source) == ("utf-8", "bom")


def test_utf8_page_labelled_shift_jis_is_read_as_utf8() -> None:
    data = terms_page(SHIFT_JIS_META).encode("utf-8")
    extracted = extract(data, source="x.html", content_type="text/html; charset=Shift_JIS")
    assert lines(extracted) == BODY_LINES
    assert (extracted.encoding, extracted.encoding_source) == ("utf-8", "detected")


def html(body: str, **kwargs: str) -> list[str]:
    page = f"<html><body>{body}</body></html>".encode()
    return lines(extract(page, source="x.html", **kwargs))


def test_chrome_and_code_are_removed() -> None:
    body = (
        "<header>ロゴ</header><nav>メニュー</nav><aside>広告</aside>"
        "<form><input name=q><button>検索</button></form>"
        "<p>本文<script>document.write('スクリプト')</script><noscript>JS無効</noscript></p>"
        "<template><p>テンプレート</p></template><iframe>埋め込み</iframe>"
        "<svg><text>図</text></svg><footer>フッター</footer>"
    )
    assert html(body) == ["本文"]


def test_header_and_footer_of_an_article_are_its_own_and_kept() -> None:
    body = (
        "<header>サイト名</header><article><header><h1>利用規約</h1></header>"
        "<p>第1条 本規約は…</p><footer>2024年4月1日改定</footer></article>"
    )
    assert html(body) == ["利用規約", "第1条 本規約は…", "2024年4月1日改定"]


def test_a_form_wrapping_the_whole_page_is_kept() -> None:
    # ASP.NET WebForms put the whole body in one <form>.
    body = "<form id='form1'><p>第1条 本規約は、当社が提供するサービスに適用されます。</p></form>"
    assert html(body) == ["第1条 本規約は、当社が提供するサービスに適用されます。"]


def test_inline_elements_do_not_break_lines() -> None:
    body = (
        "<p>本規約は<a href='/company'>当社</a>が定める<span class='em'>全ての</span>"
        "<strong>サービス</strong>に<em>適用</em>されます。</p>"
    )
    assert html(body) == ["本規約は当社が定める全てのサービスに適用されます。"]


def test_block_elements_each_start_a_line() -> None:
    body = (
        "<div>前文<p>第1条</p>続き<h3>第2条</h3>"
        "<blockquote>引用</blockquote><dl><dt>用語<dd>意味</dl></div>"
    )
    assert html(body) == ["前文", "第1条", "続き", "第2条", "引用", "用語", "意味"]


def test_br_breaks_a_line() -> None:
    assert html("<p>一行目<br>二行目<br/><br>三行目</p>") == ["一行目", "二行目", "三行目"]


def test_whitespace_is_collapsed_and_lines_stripped() -> None:
    assert html("<p>\n   利用  規約\t\tです \n</p><p> </p>") == ["利用 規約 です"]


def test_pre_keeps_its_line_breaks() -> None:
    assert html("<pre>第1条\n  第2条\n\n第3条</pre><p>後</p>") == ["第1条", "第2条", "第3条", "後"]


def test_ordered_list_numbers_are_written() -> None:
    body = "<p>禁止事項</p><ol><li>法令違反</li><li>公序良俗違反</li></ol>"
    assert html(body) == ["禁止事項", "(1) 法令違反", "(2) 公序良俗違反"]


def test_literal_numbers_repeating_the_list_numbers_are_dropped() -> None:
    body = (
        "<ol><li>1. 法令違反</li><li>（２）公序良俗違反</li>"
        "<li>３．虚偽登録</li><li>4 不正</li></ol>"
    )
    assert html(body) == ["(1) 法令違反", "(2) 公序良俗違反", "(3) 虚偽登録", "(4) 不正"]


def test_a_literal_number_that_differs_is_kept() -> None:
    assert html("<ol><li>2. 法令違反</li></ol>") == ["(1) 2. 法令違反"]


def test_ordered_list_honours_start_reversed_value_and_type() -> None:
    assert html("<ol start='3'><li>甲</li><li>乙</li></ol>") == ["(3) 甲", "(4) 乙"]
    assert html("<ol reversed><li>甲</li><li>乙</li></ol>") == ["(2) 甲", "(1) 乙"]
    assert html("<ol><li value='5'>甲</li><li>乙</li></ol>") == ["(5) 甲", "(6) 乙"]
    assert html("<ol type='a'><li>甲</li><li>(b) 乙</li></ol>") == ["(a) 甲", "(b) 乙"]


def test_list_item_starting_with_a_block_gets_its_number_on_the_same_line() -> None:
    assert html("<ol><li><p>甲</p><p>補足</p></li></ol>") == ["(1) 甲", "補足"]


def test_unnumbered_ordered_list_is_not_numbered() -> None:
    body = (
        "<ol style='list-style: none'><li>第1条 甲</li></ol>"
        "<ol style='list-style-type:none'><li>乙</li></ol>"
    )
    assert html(body) == ["第1条 甲", "乙"]


def test_nested_lists_number_their_own_items() -> None:
    body = "<ol><li>甲<ol><li>い</li><li>ろ</li></ol></li><li>乙</li></ol>"
    assert html(body) == ["(1) 甲", "(1) い", "(2) ろ", "(2) 乙"]


def test_unordered_list_items_get_a_dash() -> None:
    assert html("<ul><li>メール</li><li>電話</li></ul>") == ["- メール", "- 電話"]


def test_table_rows_are_single_tab_separated_lines() -> None:
    body = (
        "<table><caption>料金表</caption><thead><tr><th>プラン</th><th>月額</th></tr></thead>"
        "<tbody><tr><td><p>ベーシック</p><p>(個人)</p></td><td>1,000<br>円</td></tr>"
        "<tr><td>プロ</td><td></td></tr></tbody></table>"
    )
    assert html(body) == ["料金表", "プラン\t月額", "ベーシック (個人)\t1,000 円", "プロ\t"]


def test_a_table_inside_a_cell_stays_in_that_cell() -> None:
    inner = "<table><tr><td>内1</td><td>内2</td></tr></table>"
    body = f"<table><tr><td>外</td><td>{inner}</td></tr></table>"
    assert html(body) == ["外\t内1 内2"]


def test_main_is_preferred_then_article_then_body() -> None:
    assert html("<p>外</p><main><p>中</p></main><article><p>記事</p></article>") == ["中"]
    assert html("<p>外</p><article><p>記事</p></article>") == ["記事"]


def test_selector_chooses_the_root() -> None:
    body = "<main><div class='crumbs'>ホーム</div><div id='terms'><p>第1条</p></div></main>"
    assert html(body, selector="#terms") == ["第1条"]


def test_selector_matching_nothing_is_a_document_error() -> None:
    with pytest.raises(DocumentError, match=r"selector '#nope' matched nothing"):
        html("<p>本文</p>", selector="#nope")


def test_invalid_selector_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="invalid CSS selector"):
        html("<p>本文</p>", selector="p[")


BANNERED = (
    "<main><div id='cookie'>Cookieを使用します<a>同意する</a></div><h2>第1条</h2>"
    "<p>本文<span class='ad'>広告</span>です。</p><div class='modal'><p>登録しませんか</p></div>"
    "</main>"
)


def test_remove_takes_banners_and_overlays_out_of_the_text() -> None:
    page = f"<html><body>{BANNERED}</body></html>".encode()
    assert lines(extract(page, source="x.html")) == [
        "Cookieを使用します同意する",
        "第1条",
        "本文広告です。",
        "登録しませんか",
    ]
    removed = extract(page, source="x.html", remove=["#cookie", ".modal", ".ad", "#absent"])
    assert lines(removed) == ["第1条", "本文です。"]


def test_remove_applies_before_the_selector_and_to_nested_matches() -> None:
    page = f"<html><body>{BANNERED}</body></html>".encode()
    chosen = extract(page, source="x.html", selector="main", remove=["div", "#cookie a"])
    assert lines(chosen) == ["第1条", "本文広告です。"]


def test_removing_everything_is_an_empty_document() -> None:
    with pytest.raises(EmptyDocument):
        extract(b"<html><body><main><p>x</p></main></body></html>", source="x.html", remove=["p"])


def test_an_invalid_remove_selector_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"invalid CSS selector 'p\[' in remove"):
        extract(b"<p>x</p>", source="x.html", content_type="text/html", remove=["p["])


def test_remove_does_not_touch_plain_text() -> None:
    assert extract(b"#cookie", source="x.txt", remove=["#cookie"]).text == "#cookie"


@pytest.mark.parametrize(
    ("selector", "remove"),
    [(None, ()), ("main", ()), (None, ("#cookie",)), ("#terms > div", (".a", "#b[x='{']"))],
)
def test_a_scope_key_gives_back_its_selector_and_removals(
    selector: str | None, remove: tuple[str, ...]
) -> None:
    key = scope_key(selector, remove)
    assert scope_of(key) == (selector, tuple(sorted(remove)))
    if not remove:
        assert key == selector  # what versions stored before `remove` existed still reads


def test_the_order_of_removals_does_not_make_another_scope() -> None:
    assert scope_key("main", [".b", ".a"]) == scope_key("main", [".a", ".b", ".a"])
    assert scope_key("main", [".a"]) != scope_key(None, [".a"])


def test_page_with_only_chrome_is_empty() -> None:
    with pytest.raises(EmptyDocument, match="JavaScript"):
        html("<nav>メニュー</nav><div id='app'></div><script>render()</script>")


def test_invisible_characters_are_removed() -> None:
    assert html("<p>利用\u200b規約\u00adに\ufeff同意\u2060</p>") == ["利用規約に同意"]


def test_characters_are_not_normalised() -> None:
    line = "⽉額　ＡＢＣ 料金 ①"
    assert html(f"<p>{line}</p>") == [line]


def test_deeply_nested_markup_does_not_exhaust_the_stack() -> None:
    assert html("<div>" * 5000 + "深い" + "</div>" * 5000) == ["深い"]


def test_comments_and_entities() -> None:
    assert html("<p>A&amp;B<!-- 注釈 -->&nbsp;C&lt;D</p>") == ["A&B\u00a0C<D"]


def test_a_page_of_more_elements_than_any_agreement_is_refused_before_parsing() -> None:
    # 100,001 tiny elements: 800 KB, far below any size cap, 5 s and 140 MB of parse tree
    # when parsed (a million: 37 s and 1 GB). The limit is a clear error, not a slow crawl.
    from tracker.extract.html_limits import MAX_ELEMENTS

    page = "<html><body>" + "<p>a</p>" * (MAX_ELEMENTS - 2) + "</body></html>"
    assert extract(page.encode(), source="many.html").text.count("a") == MAX_ELEMENTS - 2
    bomb = page.replace("</body>", "<p>a</p></body>")
    with pytest.raises(DocumentError) as caught:
        extract(bomb.encode(), source="bomb.html")
    assert str(caught.value) == (
        "bomb.html: the HTML has more than 100,000 elements, far more than any agreement"
        " (a generated or hostile page?); not parsed"
    )


def test_angle_brackets_in_text_and_end_tags_do_not_count_as_elements() -> None:
    from tracker.extract.html_limits import MAX_ELEMENTS

    text = "<p>" + "1 < 2 " * MAX_ELEMENTS + "</p>" + "<i></i>" * 10
    assert extract(text.encode(), source="t.html").text.startswith("1 < 2 1 < 2")


def furnished(visit: int, *, title_outside: bool = True) -> bytes:
    """An agreement in a `<div>` of a page without `<main>`/`<article>`, between a bar and an
    advertisement that change on every visit."""
    title = "<h1>サービス利用規約</h1>"
    return (
        "<html><body><div id=page>"
        f"<div class=bar>最終更新 06:{visit:02d} · token {visit * 7919:x}</div>"
        f"{title if title_outside else ''}"
        "<div class=col><div class=terms>"
        f"{'' if title_outside else title}"
        "<p>この規約は、当社のサービスの利用条件を定めます。</p>"
        "<h3>第1条（適用）</h3><p>本規約は全ての利用者に適用されます。</p>"
        "<h3>第２条（変更）</h3><p>当社は本規約を変更できます。</p>"
        "<h3>附則</h3><p>2023年4月1日制定</p>"
        "</div>"
        f"<div class=ad>広告: 今だけ{visit}0%オフ</div></div>"
        f"</div><div class=copy>© 20{20 + visit} サンプル</div></body></html>"
    ).encode()


AGREEMENT = [
    "サービス利用規約",
    "この規約は、当社のサービスの利用条件を定めます。",
    "第1条（適用）",
    "本規約は全ての利用者に適用されます。",
    "第２条（変更）",
    "当社は本規約を変更できます。",
    "附則",
    "2023年4月1日制定",
]


@pytest.mark.parametrize("title_outside", [True, False])
def test_without_main_or_article_only_the_block_holding_the_articles_is_read(
    title_outside: bool,
) -> None:
    first = extract(furnished(1, title_outside=title_outside), source="t.html")
    again = extract(furnished(2, title_outside=title_outside), source="t.html")
    assert lines(first) == lines(again) == AGREEMENT
    assert first.lines[0].heading == 1  # the page's title, taken from above the block


def test_a_page_whose_articles_sit_directly_in_the_body_is_read_whole() -> None:
    page = (
        "<body><p>最終更新 06:01</p><h2>第1条</h2><p>甲。</p><h2>第2条</h2><p>乙。</p>"
        "<p>広告</p></body>"
    )
    assert lines(extract(page.encode(), source="t.html")) == [
        "最終更新 06:01",
        "第1条",
        "甲。",
        "第2条",
        "乙。",
        "広告",
    ]


def test_article_links_in_navigation_or_scripts_do_not_widen_the_block() -> None:
    page = (
        "<body><div class=side><nav><a>第1条</a><a>第2条</a></nav>"
        "<script>var t = '第3条';</script><p>更新 06:01</p></div>"
        "<div class=doc><h2>第1条</h2><p>甲。</p><h2>第2条</h2><p>乙。</p></div></body>"
    )
    assert lines(extract(page.encode(), source="t.html")) == ["第1条", "甲。", "第2条", "乙。"]


def test_a_page_with_one_article_heading_or_a_main_element_is_read_as_before() -> None:
    one = "<body><p>更新 06:01</p><div><h2>第1条</h2><p>甲。</p></div></body>"
    assert lines(extract(one.encode(), source="t.html"))[0] == "更新 06:01"
    main = (
        "<body><main><p>更新 06:01</p><div><h2>第1条</h2><p>甲。</p><h2>第2条</h2></div></main>"
        "</body>"
    )
    assert lines(extract(main.encode(), source="t.html"))[0] == "更新 06:01"
    chosen = extract(furnished(1), source="t.html", selector="#page")
    assert lines(chosen)[0] == "最終更新 06:01 · token 1eef"
