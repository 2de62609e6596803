"""Exact expectations on the five seed agreements, read from the seed files by eye.

Every literal here was copied from snapshots/seeds/*.txt and put into canonical form by hand
(NFKC, Kangxi radicals folded, spaces touching kana/kanji removed, wrapped lines joined), never
taken from the parser's output.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

import pytest
from support.render import SEED_NAMES, seed_text

from tracker.model import Document, Item, Section, SectionKind, render_body
from tracker.normalise import normalise

S000, S001, S002, S003, S004 = SEED_NAMES


@functools.cache
def parsed(name: str) -> Document:
    return normalise(seed_text(name), source=name)


def section(name: str, key: str) -> Section:
    found = parsed(name).section(key)
    assert found is not None, f"{name}: no section {key!r}; keys {keys(name)}"
    return found


def keys(name: str) -> list[str]:
    return [s.key for s in parsed(name).sections]


def article_keys(name: str) -> list[str]:
    return [s.key for s in parsed(name).articles]


def numbered(n: int) -> list[str]:
    return [str(i) for i in range(1, n + 1)]


FLUX_KEYS = [
    "1.1", "1.2", "1.3", "2.1", "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2", "5.1", "5.2",
    "5.3", "6.1", "6.2", "7.1", "7.2", "7.3", "8.1", "8.2", "8.3", "9.1", "9.2", "9.3", "10.1",
    "11.1", "12.1", "12.2", "12.3", "12.4", "13.1", "14.1", "15.1", "15.2", "16.1", "16.2",
    "16.3", "16.4", "16.5", "16.6", "17.1", "17.2", "17.3",
]  # fmt: skip


# --------------------------------------------------------------------------------------------
# Keys and kinds


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (S000, numbered(24)),
        (S001, numbered(19)),
        (S002, FLUX_KEYS),
        (S003, numbered(56)),
        (S004, numbered(12)),
    ],
)
def test_article_keys_follow_the_printed_numbers(name: str, expected: list[str]) -> None:
    assert article_keys(name) == expected


def test_seed_000_is_a_preamble_and_24_articles() -> None:
    assert keys(S000) == ["preamble", *numbered(24)]


def test_seed_001_has_no_preamble_when_only_a_title_and_a_date_precede_article_1() -> None:
    assert keys(S001) == numbered(19)


def test_seed_002_has_nothing_but_its_44_decimal_articles() -> None:
    assert keys(S002) == FLUX_KEYS


def test_seed_003_toc_is_skipped_and_its_suppl_and_appendix_follow_the_articles() -> None:
    # The preamble of 003 (the company name after the title) is not pinned down here; what
    # follows it must be exactly the articles, the 付則 and the 別紙, each once.
    assert [k for k in keys(S003) if k != "preamble"] == [*numbered(56), "suppl", "appendix"]
    kinds = [s.kind for s in parsed(S003).sections if s.kind is not SectionKind.PREAMBLE]
    assert kinds == [SectionKind.ARTICLE] * 56 + [
        SectionKind.SUPPLEMENTARY,
        SectionKind.APPENDIX,
    ]


def test_seed_003_toc_does_not_leak_into_any_section() -> None:
    for s in parsed(S003).sections:
        assert "目次" not in s.text, s.key
        assert "- 第" not in s.text, s.key
    preamble = parsed(S003).section("preamble")
    if preamble is not None:
        assert "第1条" not in preamble.text
        assert "改定" not in preamble.text


def test_seed_004_is_a_preamble_and_12_articles() -> None:
    assert keys(S004) == ["preamble", *numbered(12)]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_article_numbers_are_printed_numbers_in_canonical_characters(name: str) -> None:
    for s in parsed(name).articles:
        assert s.kind is SectionKind.ARTICLE
        assert s.number == f"第{s.key}条"
        assert s.deleted is False


# --------------------------------------------------------------------------------------------
# Captions (titles)

CAPTIONS_000 = [
    "適用", "定義", "ハードウェアその他の設備", "申込の方法", "申込の承諾", "契約の効力発生",
    "アカウント", "禁止行為", "映像等の撮影", "ユーザーによる第三者への提供",
    "本サービスの停止・終了等", "権利の帰属", "保証の否認及び免責", "損害賠償",
    "サービス利用料の支払義務", "期限の利益喪失", "契約の解除", "ユーザー情報の取扱い",
    "本規約の変更", "連絡/通知", "反社会的勢力の排除", "利用契約上の地位の譲渡等",
    "分離可能性", "準拠法及び管轄裁判所",
]  # fmt: skip

CAPTIONS_001 = [
    "利用規約の適用", "本契約の締結", "アカウント等", "規約の変更", "本サービスの内容",
    "対価及びその支払い方法", "指揮監督", "知的財産権", "秘密保持", "権利義務の譲渡禁止",
    "不可抗力", "解除", "中途解約", "プライバシーポリシー", "反社会的勢力の排除", "損害賠償",
    "分離可能性", "準拠法・管轄裁判所", "協議",
]  # fmt: skip

CAPTIONS_002 = [
    "約款の適用", "約款の変更", "用語の定義", "サービスの概要", "申込の方法", "申込の承諾",
    "契約の効力発生", "契約者識別番号", "アカウント", "契約者の氏名等の変更の届出",
    "名義変更(契約上の地位の移転又は承継)", "利用の制限", "サービスの提供中止",
    "サービスの廃止", "契約者が行う契約の解除", "当社が行う契約の解除", "守秘義務",
    "信用の維持", "必要事項の通知", "再提供の前提条件", "商標の使用", "提供条件等の説明等",
    "SORACOMシステムの提供", "SORACOMサイトへの接続", "SORACOMシステムの利用条件",
    "生成AIサービスの利用", "禁止行為", "サービス利用料", "サービス利用料の支払方法",
    "延滞利息", "期限の利益喪失", "知的財産権", "保証の否認", "補償", "責任の制限",
    "約款の掲示", "プライバシーポリシー", "反社会的勢力の排除", "分離可能性", "合意管轄",
    "準拠法", "通則", "外部サービス等連携機能", "クーポン",
]  # fmt: skip

# From the article headings in the body; the table of contents differs (第7条 there reads
# 他者サービスの利用, the body 他社サービスの利用).
CAPTIONS_003 = [
    "利用規約の適用", "利用規約の変更", "サービスの種別", "サービスの提供区域",
    "サービスの提供条件", "第三者への委託", "他社サービスの利用", "サービスの終了",
    "契約の単位", "契約者", "最低利用期間", "契約申込", "保証金", "契約の成立",
    "サービス内容等の変更", "契約者情報の変更", "契約者の地位の承継", "契約者の地位の譲渡",
    "契約者が行う利用契約の解除", "当社が行う利用契約の解除", "利用責任者",
    "アカウント及びパスワードの管理", "提供情報の維持", "電子メールによる応答義務",
    "利用基準の遵守", "本サービス用カメラの管理", "禁止行為", "非常時の利用の制限",
    "サービスの制限等", "提供中止", "利用停止", "免責", "料金", "料金等の支払義務",
    "料金等の計算方法", "料金等の支払方法", "割増金", "延滞損害金", "割増金等の支払方法",
    "消費税等", "端数処理", "入金案内業務の委託", "ソフトウェアの著作権等",
    "ソフトウェア等の管理", "データの取り扱い", "データの利用", "データの消去", "責任の制限",
    "免責", "注意喚起", "第三者利用", "利用責任", "お客さま情報の保護", "通信の秘密の非開示",
    "準拠法・管轄裁判所", "分離可能性",
]  # fmt: skip

CAPTIONS_004 = [
    "適用", "規約の変更", "利用料金", "フィードバック等", "知的財産権", "禁止事項", "解約",
    "免責", "守秘義務", "反社会的勢力の排除", "分離可能性", "準拠法・管轄",
]  # fmt: skip


def test_seed_000_captions_printed_after_the_number_are_titles() -> None:
    # `第1条 適用`, `第10条ユーザーによる…` (no space), `第17条（契約の解除）`, `第22条 　…`.
    assert [s.title for s in parsed(S000).articles] == CAPTIONS_000


def test_seed_001_captions_on_the_line_before_are_titles_with_radicals_folded() -> None:
    assert [s.title for s in parsed(S001).articles] == CAPTIONS_001


def test_seed_002_captions_after_decimal_numbers_are_titles() -> None:
    assert [s.title for s in parsed(S002).articles] == CAPTIONS_002


def test_seed_003_captions_come_from_the_body_not_the_table_of_contents() -> None:
    assert [s.title for s in parsed(S003).articles] == CAPTIONS_003


def test_seed_004_captions_on_the_line_before_are_titles() -> None:
    assert [s.title for s in parsed(S004).articles] == CAPTIONS_004


def test_seed_004_body_glued_to_the_number_is_not_taken_for_a_caption() -> None:
    # `（反社会的勢力の排除）` then `第10条ソラコム及び利用者は、…`: the caption came first.
    art = section(S004, "10")
    assert art.title == "反社会的勢力の排除"
    assert art.text.startswith("ソラコム及び利用者は、自己が反社会的勢力(「企業が反社会的勢力")
    assert section(S004, "12").text.startswith("本規約又は本契約の成立、効力、解釈及び履行")


# --------------------------------------------------------------------------------------------
# Chapters

CHAPTERS_002 = {
    "1": "第1章 総則",
    "2": "第2章 サービスの概要",
    "3": "第3章 本契約の締結",
    "4": "第4章 契約者の変更等",
    "5": "第5章 利用の制限、中断、中止及び停止等",
    "6": "第6章 契約の解除",
    "7": "第7章 責務等",
    "8": "第8章 契約者による第三者への提供",
    "9": "第9章 SORACOMシステムの利用",
    "10": "第10章 生成AIサービス",
    "11": "第11章 禁止行為",
    "12": "第12章 料金等",
    "13": "第13章 知的財産",
    "14": "第14章 保証の否認",
    "15": "第15章 補償",
    "16": "第16章 雑則",
    "17": "第17章 付加機能",
}

CHAPTERS_003 = [
    (range(1, 9), "第1章 総則"),
    (range(9, 21), "第2章 契約"),
    (range(21, 28), "第3章 契約者の義務"),  # printed `第 3 章 契約者の義務`
    (range(28, 33), "第4章 サービスの制限"),
    (range(33, 43), "第5章 料金等"),
    (range(43, 48), "第6章 データ・ソフトウェア等の取り扱い"),
    (range(48, 50), "第7章 損害賠償"),
    (range(50, 57), "第8章 雑則"),
]


def test_seed_002_every_article_carries_its_chapter() -> None:
    got = {s.key: s.chapter for s in parsed(S002).articles}
    assert got == {key: CHAPTERS_002[key.split(".")[0]] for key in FLUX_KEYS}


def test_seed_003_every_article_carries_its_chapter_with_canonical_spacing() -> None:
    got = {s.key: s.chapter for s in parsed(S003).articles}
    assert got == {str(n): chapter for numbers, chapter in CHAPTERS_003 for n in numbers}


@pytest.mark.parametrize("name", [S000, S001, S004])
def test_documents_without_chapters_have_no_chapter(name: str) -> None:
    assert {s.chapter for s in parsed(name).sections} == {None}


# --------------------------------------------------------------------------------------------
# Titles of the documents and preambles


@pytest.mark.parametrize(
    ("name", "title"),
    [
        (S000, "Soracom Cloud Camera Services「ソラカメ」利用規約"),
        (S001, "SORACOMはじめてサポート規約"),
        (S003, "セキュアカメラクラウドサービス利用規約"),
        (S004, "SORACOMベータ版規約"),
    ],
)
def test_document_title_is_the_first_line_in_canonical_form(name: str, title: str) -> None:
    assert parsed(name).title == title


def test_seed_000_preamble_is_the_text_between_title_and_article_1() -> None:
    preamble = section(S000, "preamble")
    assert preamble.kind is SectionKind.PREAMBLE
    assert preamble.text == (
        "本利用規約(以下「本規約」といいます。)には、株式会社ソラコム(以下「当社」といいます。)"
        "が提供するSoracom Cloud Camera Services「ソラカメ」(以下「本サービス」といいます。)"
        "の提供条件及び当社とユーザーの皆様との間の権利義務関係が定められています。"
        "本サービスの利用に際しては、本規約の全文をお読みいただいたうえで、"
        "本規約に同意していただく必要があります。"
    )


def test_seed_004_preamble_joins_a_line_broken_after_a_bracket_without_a_space() -> None:
    # `…サービス（` ⏎ `Technology Preview、 Private Beta…`: nothing between `(` and `T`, and
    # the space after `、` touches Japanese punctuation, so it goes.
    assert section(S004, "preamble").text == (
        "SORACOMベータ版規約(以下、「本規約」といいます。)は、株式会社ソラコム又はその子会社"
        "(以下、あわせて「ソラコム」といいます。)が、未公開又は開発中の機能又はサービス"
        "(Technology Preview、Private Beta又はLimited Previewと題されるものを含みますが、"
        "これらに限られません。以下、「ベータ版」といいます。)を候補者、申込者又は利用者"
        "(それぞれの定義は第1条に定める通りです。これらを総称して、以下、「利用者等」"
        "といいます。)に紹介又は提供するにあたり、適用されるものです。本規約に同意いただけない"
        "場合は、利用者等は、ベータ版を利用することができません。"
    )


# --------------------------------------------------------------------------------------------
# Whole article texts


def test_seed_000_article_1_numbered_first_paragraph_prints_unnumbered() -> None:
    # `１ 本規約は…` then an unnumbered line (a continuation), then `２ …`.
    art = section(S000, "1")
    assert [p.number for p in art.paragraphs] == ["1", "2"]
    assert art.text == (
        "本規約は、本サービスの利用に関する当社とユーザーとの間の権利義務関係を定めることを"
        "目的とし、ユーザーと当社の間の本サービスの利用に関わる一切の関係に適用されます。"
        "本ウェブサイト(第2条に定義します。)上の本サービスの仕様、本サービスの利用に関する"
        "ルール及び当社が別途ユーザーに提示する本サービスに関する説明資料(以下、これらを総称"
        "して「本サービス仕様等」といいます。)は本規約に基づく契約の一部を構成します。"
        "ユーザーは、本サービス仕様等について十分に理解をした上で本サービスを利用しなければ"
        "ならないものとします。\n"
        "2 本規約の内容と、本サービス仕様等とが異なる場合は、本規約の規定が優先して適用されます。"
    )


SEED_000_ARTICLE_2 = "\n".join(
    [
        "本規約において使用する以下の用語は各々以下に定める意味を有するものとします。",
        "(1) 「ユーザー」とは、本サービスを利用する者を意味します。",
        "(2) 「アトムテック」とは、本サービスに用いるアプリケーションの開発元である、"
        "アトムテック株式会社を意味します。",
        "(3) 「知的財産権」とは、著作権、特許権、実用新案権、意匠権、商標権その他の知的財産権"
        "(それらの権利を取得し、又はそれらの権利につき登録等を出願する権利を含みます。)"
        "を意味します。",
        "(4) 「本ウェブサイト」とは、当社が運営するウェブサイト及び、そのドメインが"
        "「atomtech.co.jp」であるアトムテックが運営するウェブサイト(理由の如何を問わず"
        "アトムテックのウェブサイトのドメイン又は内容が変更された場合は、当該変更後の"
        "ウェブサイトを含みます。)を意味します。当社が運営するウェブサイトは以下を含みますが、"
        "これに限られません。",
        "(a) ドメインが「https://sora-cam.com/」であるウェブサイト",
        "(b) https://soracom.jp/sora_cam/",
        "(c) https://users.soracom.io/ja-jp/tools/api/reference/#/SoraCam",
        "(d) https://users.soracom.io/ja-jp/docs/soracom-cloud-camera-services/",
        "(5) 「本サービス利用料」とは、本サービスの料金ページ(https://soracom.jp/sora_cam/"
        "又はhttps://sora-cam.com/pricing/)に規定する本サービスの利用料を意味します。",
        "(6) 「利用契約」とは、本規約及び当社とユーザーの間で締結する、本サービスの利用契約を"
        "意味します。",
        "(7) 「本製品」とは、本サービスの利用のために当社が提供するハードウェアを意味します。",
        "(8) 「接続機器」とは、本サービスの利用のために本製品とインターネットにより接続される"
        "家庭用電気機器を意味します。)",
        "(9) 「ISP等」とは、ユーザーにインターネット接続サービス等を提供する事業者を意味します。",
    ]
)


def test_seed_000_article_2_is_one_paragraph_of_nine_items() -> None:
    art = section(S000, "2")
    assert len(art.paragraphs) == 1
    assert [i.number for i in art.paragraphs[0].items] == numbered(9)


def test_seed_000_article_2_item_4_holds_sub_items_a_to_d() -> None:
    item4 = section(S000, "2").paragraphs[0].items[3]
    assert item4.number == "4"
    assert item4.items == (
        Item("a", "ドメインが「https://sora-cam.com/」であるウェブサイト"),
        Item("b", "https://soracom.jp/sora_cam/"),
        Item("c", "https://users.soracom.io/ja-jp/tools/api/reference/#/SoraCam"),
        Item("d", "https://users.soracom.io/ja-jp/docs/soracom-cloud-camera-services/"),
    )


def test_seed_000_article_2_text_drops_the_page_break_url_lines() -> None:
    # The six bare URL lines after item (9) repeat URLs of the text (one percent-encoded).
    assert section(S000, "2").text == SEED_000_ARTICLE_2
    for s in parsed(S000).sections:
        assert "%E3%80%8D" not in s.text


@pytest.mark.parametrize(
    ("key", "text"),
    [
        (
            "4",
            "本サービスの利用申込者(以下、「申込者」といいます。)は、本規約を承認した上で、"
            "当社所定の手続に従ってオンラインサインアップによる申込(以下、「申込」といいます。)"
            "を行うものとします。",
        ),
        (
            "6",
            "利用契約は、申込を当社が第5条(申込の承諾)に基づき承諾した日に申込者と当社の間で"
            "効力を生じるものとします。",
        ),
        (
            "24",
            "本規約及び利用契約の準拠法は日本法とし、本規約又は利用契約に起因し又は関連する"
            "一切の紛争については、東京地方裁判所を第一審の専属的合意管轄裁判所とします。",
        ),
    ],
)
def test_seed_000_single_paragraph_articles_have_exact_text(key: str, text: str) -> None:
    assert section(S000, key).text == text


@pytest.mark.parametrize(
    ("name", "key", "items_per_paragraph"),
    [
        (S000, "5", [0, 8]),
        (S000, "8", [18, 0, 0]),
        (S000, "16", [6]),
        (S000, "17", [0, 11, 0, 0]),
        (S000, "21", [5, 0, 2]),
        (S001, "3", [0, 0, 0, 0, 0, 0]),
        (S001, "9", [5, 0, 0]),
        (S001, "12", [5, 0]),
        (S001, "15", [5, 0, 0, 0]),
        (S002, "3.2", [0, 9, 0]),
        (S002, "5.1", [0, 0, 5]),
        (S002, "16.3", [5, 0, 2]),
        (S003, "8", [0, 0, 0, 0, 0, 0]),
        (S003, "14", [0, 0, 7, 0]),
        (S003, "20", [6, 0, 0]),
        (S003, "26", [3, 0, 0]),
        (S003, "31", [10, 0, 0, 0]),
        (S004, "5", [0, 0, 2, 0]),
        (S004, "6", [16]),
        (S004, "10", [5, 0, 2]),
    ],
)
def test_paragraph_and_item_counts(name: str, key: str, items_per_paragraph: list[int]) -> None:
    art = section(name, key)
    assert [p.number for p in art.paragraphs] == numbered(len(items_per_paragraph))
    assert [len(p.items) for p in art.paragraphs] == items_per_paragraph
    for p in art.paragraphs:
        assert [i.number for i in p.items] == numbered(len(p.items))


def test_seed_000_item_after_a_full_width_space_has_no_leading_space() -> None:
    # `(1)　ユーザーが支払不能に陥ったと当社が認めたとき。`
    item = section(S000, "16").paragraphs[0].items[0]
    assert item.text == "ユーザーが支払不能に陥ったと当社が認めたとき。"


def test_seed_000_url_line_from_a_page_break_inside_a_paragraph_is_dropped() -> None:
    # `…ソラコムアカウントの` ⏎ `https://soracom.jp/files/terms/devicejp_terms.pdf` ⏎ `不正使用…`
    art = section(S000, "7")
    assert "ソラコムアカウントの不正使用若しくはそのおそれを認識した場合" in art.text
    assert art.text.count("devicejp_terms.pdf") == 0
    assert "(https://soracom.jp/files/terms/devicejp_terms.pdf)が適用されます。" in (
        section(S000, "3").text
    )


def test_seed_000_reference_to_article_8_stays_inside_article_9() -> None:
    art = section(S000, "9")
    assert len(art.paragraphs) == 3
    assert "当社が第8条その他の本規約の規定に違反しているものと判断した場合には" in art.text


def test_seed_001_article_1_joins_its_wrapped_lines_and_folds_radicals() -> None:
    assert section(S001, "1").text == (
        "株式会社ソラコム(以下「当社」といいます。)は、この規約(以下「本規約」といいます。)"
        "に基づき、利用者に対してSORACOMはじめてサポート(以下「本サービス」といいます。)"
        "を提供します。"
    )


def test_seed_001_letter_spaced_lines_lose_their_spaces() -> None:
    art = section(S001, "3")
    assert art.paragraphs[2].number == "3"
    assert art.paragraphs[2].text == (
        "利用者は、自己の責任において本ログインID及び本ログインパスワードを管理するものとし、"
        "本ログインID及び本ログインパスワードを第三者に貸与、譲渡若しくは使用許諾又は第三者の"
        "利益のために使用してはならないものとします。また、利用者は、ソラコムアカウントの"
        "不正使用若しくはそのおそれを認識した場合又はソラコムアカウント情報の紛失若しくは盗難が"
        "あった場合、直ちに当社にその旨通知するものとします。利用者は、自らのソラコムアカウント"
        "に基づき生じるあらゆる事象につき、かかる事象が利用者、利用者の役員若しくは従業員、"
        "又は第三者による不正使用若しくは誤使用のいずれによるものかを問わず一切の責任を負う"
        "ものとし、当社は何らの責任も負担しないものとします。また、かかるソラコムアカウントの"
        "使用に基づき当社に損害が発生した場合、利用者は当社に対し、当該損害を賠償しなければ"
        "ならないものとします。"
    )


def test_seed_001_change_clause_paragraphs_numbered_with_a_dot() -> None:
    assert section(S001, "4").text == (
        "当社は、本規約を随時変更することができるものとします。なお、この場合には、利用者の"
        "利用条件その他本契約の内容は、変更後の本規約を適用するものとします。\n"
        "2 当社は、前項の変更を行う場合は、ウェブサイトへの掲載その他当社が定めた方法により、"
        "その内容を利用者に通知するものとします。通知された新たな内容の本規約は、当該通知の"
        "時から適用されることとします。"
    )


def test_seed_001_reference_wrapped_after_dai_is_rejoined_not_a_paragraph() -> None:
    # `…利⽤者は、第 ` ⏎ ` 9条（秘密保持）に違反しない…`: `9条` at a line start is no paragraph 9.
    art = section(S001, "8")
    assert [p.number for p in art.paragraphs] == ["1", "2", "3"]
    assert "利用者は、第9条(秘密保持)に違反しない範囲でのみ、提出物を利用することが" in art.text


def test_seed_001_full_width_digit_in_text_is_folded() -> None:
    assert section(S001, "9").paragraphs[2].text == (
        "本条に定める秘密保持義務は、本契約の終了後も3年間存続します。"
    )


def test_seed_001_one_dot_leader_becomes_a_middle_dot_and_radicals_fold() -> None:
    assert section(S001, "11").text == (
        "利用者及び当社は、地震、津波、暴風雨、洪水、戦争、暴動、内乱、反乱、革命、テロ、"
        "大規模火災、感染症、疫病、伝染病、ストライキ、ロックアウト、法令の制定・改廃、その他"
        "当事者の合理的支配を超えた偶発的事象(以下「不可抗力」という。)による本契約の全部または"
        "一部の履行遅滞または履行不能については、責任を負わないものとします。ただし、金銭債務の"
        "遅滞及び不能は不可抗力により免責されないものとします。"
    )


def test_seed_001_radical_supplement_min_becomes_the_unified_ideograph() -> None:
    # `⺠事再⽣` (U+2EA0, which NFKC leaves alone) must read 民事再生.
    item = section(S001, "12").paragraphs[0].items[1]
    assert item.text == (
        "支払の停止があった場合、又は仮差押、差押、競売、破産手続開始、民事再生手続開始、"
        "会社更生手続開始又は特別清算開始の申立てがあった場合"
    )


def test_seed_001_space_between_latin_and_kana_goes() -> None:
    # `Web ミーティング`: the space touches a kana. (extraction.md §3.3 would keep it, but the
    # canonical rule removes every space touching a CJK character: a PDF that breaks the line
    # there rejoins it with nothing, so keeping it would make the text depend on layout.)
    assert "希望したスケジュール通りにWebミーティングが実施できない場合" in section(S001, "2").text


def test_seed_002_decimal_article_text_keeps_latin_word_spaces() -> None:
    assert section(S002, "1.1").text == (
        "株式会社ソラコム(以下、「当社」といいます。)は、SORACOM Fluxに関する本契約約款及び"
        "これに関連する個別規約(以下、総称して「本約款」といいます。)を定め、本約款に従って"
        "締結される契約(以下、「本契約」といいます。)に基づき、SORACOM Fluxを提供します。"
    )


def test_seed_002_change_clause_text() -> None:
    assert section(S002, "1.2").text == (
        "当社は、本約款を変更することがあります。かかる変更を実施する場合、当社は、当社の"
        "ウェブサイトへの掲示又は当社が別途定める方法で契約者に対して変更内容を告知するものと"
        "します。当該告知が行なわれた後に契約者がSORACOM Fluxを利用した場合には、契約者は、"
        "かかる変更に同意したものとみなし、当社は、変更後の約款に規定される料金その他の"
        "提供条件を適用します。"
    )


def test_seed_002_paragraphs_numbered_from_1_dot_print_statute_style() -> None:
    art = section(S002, "3.2")
    assert art.text.startswith(
        "当社は、申込者に対して、申込者がSORACOM Fluxの提供に関し負担すべき金額の支払いを"
        "怠るおそれがあるか否かを当社が判断するために必要な情報の提出を求めることがあります。\n"
        "2 当社は、次に掲げる事由に該当すると判断する場合を除き、当該申込を承諾します。\n"
        "(1) 申込者が本約款上の債務の履行を怠るおそれがあるとき\n"
    )
    assert art.text.endswith(
        "\n3 当社は、前項の規定にかかわらず、通信の取扱上余裕がないときは、その申込みの承諾を"
        "延期することがあります。"
    )


def test_seed_002_latin_words_wrapped_across_lines_are_joined_with_one_space() -> None:
    # `…により、SORACOM ` ⏎ ⏎ `Flux用に使用される…`
    item = section(S002, "11.1").paragraphs[0].items[2]
    assert item.text == (
        "当社所定の基準を超過したトラヒック量を継続的に発生させることにより、SORACOM Flux用に"
        "使用される設備又はシステムに過大な負荷を生じさせる行為"
    )


def test_seed_002_spaces_around_latin_words_next_to_kana_go() -> None:
    assert (
        "生成AIによる分析・意思決定を含むアクションを組み合わせたIoTアプリケーションをローコードで"
        "構築できるサービスです。" in section(S002, "2.1").text
    )
    assert section(S002, "12.1").text == (
        "当社が提供するSORACOM Fluxの料金(以下、「SORACOM Fluxサービス料」といいます。)は、"
        "当社ウェブサイトに定めるところによります。"
    )


def test_seed_002_opening_bracket_wrapped_before_latin_word_joins_without_space() -> None:
    assert section(S002, "9.1").text == (
        "当社は、契約者に対し、SORACOM Fluxを使うことのできるコンソールシステム(以下、"
        "「SORACOMシステム」といいます。)を、WEBサイト(以下、「SORACOMサイト」といいます。)"
        "を通じて提供します。"
    )


def test_seed_002_article_10_1_has_seven_paragraphs_and_six_items_in_the_fourth() -> None:
    # Paragraph 1 lists `(A) Microsoft …` with `- ` bullet lines: their shape is not pinned here.
    art = section(S002, "10.1")
    assert [p.number for p in art.paragraphs] == numbered(7)
    assert [i.number for i in art.paragraphs[3].items] == numbered(6)


def test_seed_002_english_titles_keep_their_word_spaces() -> None:
    text = section(S002, "10.1").text
    assert "Microsoft Online Subscription Agreement" in text
    assert "Supplemental Terms of Use for Microsoft Azure Previews" in text
    # A space next to a bracket is layout (docs/decisions/0001); between words it is content.
    assert "Microsoft(Azure OpenAI Service)" in text
    assert "Gemini(Google)" in text


def test_seed_002_double_low_quote_becomes_a_left_double_quote() -> None:
    # `“Customer”、‟You” その他`: ‟ (U+201F) → “, the space before その goes.
    assert "“Customer”、“You”その他表現の如何を問わず" in section(S002, "17.2").text


SEED_003_ARTICLE_8 = "\n".join(
    [
        "当社は、本サービスの一部若しくは全部を終了し、又は本サービスの提供仕様、技術要項等"
        "(契約者に対して非開示の内容を含む)を変更することができるものとします。",
        "2 当社は、基本サービスの重要な変更又は終了のときは、書面その他の方法をもって該当する"
        "基本サービスの契約者に対し、変更又は終了する3か月前までに通知します。",
        "3 当社は、オプションサービスの重要な変更又は終了のときは、書面その他の方法をもって"
        "該当するオプションサービスの契約者に対し、変更又は終了する2か月前までに通知します。",
        "4 当社は、前2項に定める場合以外の本サービスの変更を行う場合には、該当する本サービス"
        "の契約者に対し、事前に当社の定める方法により通知又は周知します。ただし、契約者に開示"
        "されていない提供仕様、技術要項等の変更については、通知又は周知を行わないことができる"
        "ものとします。",
        "5 前3項にかかわらず、本サービスの提供に必要な他社のサービスの提供終了又は仕様変更等"
        "により、本サービスの変更又は終了をする場合は、当社がその事実を知った時から速やかに"
        "契約者に通知するものとします。",
        "6 当社は、第2条(利用規約の変更)に基づき行った利用規約等の変更又は本条に基づき行った"
        "本サービスの変更・終了により、本サービスのために契約者が使用する電気通信サービス、"
        "通信機器等の変更、改造や契約者による利用方法の変更等のために要する費用は契約者の負担"
        "とし、これにより契約者が何らかの損害を被った場合も当社は責任を負いません。",
    ]
)


def test_seed_003_article_8_has_six_paragraphs_with_exact_text() -> None:
    art = section(S003, "8")
    assert [p.number for p in art.paragraphs] == numbered(6)
    assert art.text == SEED_003_ARTICLE_8


def test_seed_003_article_1_body_is_not_the_toc_entry() -> None:
    assert section(S003, "1").text == (
        "株式会社エヌ・ティ・ティピー・シーコミュニケーションズ(以下「当社」といいます。)は、"
        "セキュアカメラクラウドサービス利用規約(以下「利用規約」といいます。)を定め、この"
        "利用規約に基づきセキュアカメラクラウドサービス(以下「本サービス」といいます。)を"
        "提供します。\n"
        "2 契約者は利用規約を遵守して、本サービスを利用するものとします。\n"
        "3 当社は、利用規約に対して、特定の契約者に対してのみ適用される特約を定めることが"
        "できます。この場合、特約は、当該契約者に対して利用規約の一部として適用されるものとします。"
    )


def test_seed_003_items_glued_to_their_marker_are_items() -> None:
    assert section(S003, "3").text == (
        "本サービスで提供する基本サービスは次のとおりとし、その内容は、仕様書に定めるとおりと"
        "します。\n"
        "(1) ネットワークカメラタイプ\n"
        "(2) サーマルカメラタイプ\n"
        "2 当社は前項の基本サービスに付随して、オプションサービスを提供します。オプション"
        "サービスの種類は、別紙1料金表に定めるとおりとします。\n"
        "3 本サービスの詳細は、別途当社が提示する提供仕様等(以下「サービス仕様」といいます。)"
        "によるものとします。"
    )


def test_seed_003_bulleted_items_lose_the_bullet() -> None:
    # `- (1) 本サービス用カメラの改造又は改変`
    art = section(S003, "26")
    assert [i.text for i in art.paragraphs[0].items] == [
        "本サービス用カメラの改造又は改変",
        "本来の利用方法、またはサービス仕様範囲以外の利用",
        "公序良俗に反する利用",
    ]
    assert "\n(1) 本サービス用カメラの改造又は改変\n" in art.text


def test_seed_003_item_starting_with_a_spaced_reference_is_one_item() -> None:
    item = section(S003, "20").paragraphs[0].items[0]
    assert item.text == (
        "第31条(利用停止)第1項に基づき当社が本サービスの提供を停止した場合、停止の日から14日"
        "以内に停止の原因となった事由が解消されないとき"
    )


def test_seed_003_reference_with_captions_at_line_start_stays_in_article_39() -> None:
    # `第 37 条(割増金)及び第 38 条(延滞損害金)に定める…` is the first line of 第39条's body.
    assert section(S003, "39").text == (
        "第37条(割増金)及び第38条(延滞損害金)に定める割増金、延滞損害金の支払いについては、"
        "当社が指定する方法により支払うものとし、"
    )
    assert section(S003, "37").title == "割増金"
    assert section(S003, "38").title == "延滞損害金"
    assert section(S003, "40").title == "消費税等"


def test_seed_003_fee_table_rows_stay_rows() -> None:
    # extraction.md §3.4: a table row, and a short title line such as `表1-2 月額費用(…)`,
    # start a new block; neither is a wrapped line to join to its neighbour. (Spacing aside.)
    lines = [re.sub(r"\s", "", line) for line in section(S003, "appendix").text.split("\n")]
    assert "基本設定費15,000円(税込16,500円)1契約あたり" in lines
    assert "IP-VPNID初期費(オプション)3,000円(税込3,300円)1IDあたり(※1)" in lines
    assert "表1-2月額費用(ネットワークカメラタイプ)" in lines
    assert "追加ストレージ利用料2,000円(税込2,200円)30日/サーマルカメラ1台ごと" in lines


def test_seed_003_fee_table_cells_are_separated_by_tabs() -> None:
    # A tab separates cells in the text file, as a <tr> does in HTML and a cell gap in a PDF
    # (docs/decisions/0001); inside a cell the usual space rule applies.
    lines = section(S003, "appendix").text.split("\n")
    assert "品目\t初期費用\t契約単位" in lines
    assert "基本設定費\t15,000円(税込16,500円)\t1契約あたり" in lines
    assert "IP-VPN ID初期費(オプション)\t3,000円(税込3,300円)\t1IDあたり(※1)" in lines


def test_seed_003_supplementary_provision_is_its_own_section() -> None:
    suppl = section(S003, "suppl")
    assert suppl.kind is SectionKind.SUPPLEMENTARY
    assert suppl.number == "付則"
    assert suppl.text == "この利用規約は、2020年12月14日から改定実施します。"
    assert "付則" not in section(S003, "56").text


def test_seed_003_appendix_is_the_fee_table_with_title() -> None:
    appendix = section(S003, "appendix")
    assert appendix.kind is SectionKind.APPENDIX
    assert appendix.number == "別紙"
    assert appendix.title == "料金表"
    assert "15,000円(税込16,500円)" in appendix.text
    assert "5,000円(税込5,500円)" in appendix.text
    assert "IP-VPN IDは標準2ID提供とし、3ID以上必要な場合はオプション申込が必要となります。" in (
        appendix.text
    )
    assert "別紙" not in section(S003, "suppl").text


def test_seed_004_last_article_ends_before_the_enactment_line() -> None:
    art = section(S004, "12")
    assert "制定" not in art.text
    assert "2023" not in art.text
    assert art.text == (
        "本規約又は本契約の成立、効力、解釈及び履行については、日本国法に準拠するものとします。\n"
        "2 本契約に起因し又は関連する一切の紛争については、東京地方裁判所を第一審の専属的合意"
        "管轄裁判所とします。\n"
        "3 本条はベータ版の利用が終了した場合、又は本契約が解除又はその他の理由により終了した"
        "場合であっても有効に存続するものとします。"
    )


def test_seed_004_full_width_bracketed_items() -> None:
    items = section(S004, "5").paragraphs[2].items
    assert [i.number for i in items] == ["1", "2"]
    assert items[0].text == (
        "ソラコムに帰属することとなる特許権等について、必要となる職務発明に関する特許権等の"
        "取得又は承継の適正手続(職務発明規程の整備等の職務発明制度の適切な運用、譲渡手続など)"
        "を履践する。"
    )
    assert items[1].text == "ソラコムの要請に応じて特許権等の取得手続に必要な協力を行う。"


def test_seed_004_stray_spaces_inside_japanese_text_go() -> None:
    items = section(S004, "6").paragraphs[0].items
    assert items[4].text == (
        "ベータ版の利用者資格及びベータ版を通してソラコムから提供される情報(以下、"
        "「ソラコム提供情報」といいます。)の全部若しくは一部の第三者への譲渡、承継、転貸、"
        "質権その他担保に供する等の行為"
    )
    assert items[11].text == (
        "不正なアクセス、コンピューターウィルス等を用いてソラコム提供情報を格納するサーバーに"
        "対して攻撃を行う行為"
    )


# --------------------------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    ("name", "enacted", "revised", "effective"),
    [
        (S000, None, None, None),
        (S001, dt.date(2025, 6, 25), None, None),
        (S002, None, None, None),
        (S003, None, dt.date(2020, 12, 14), dt.date(2020, 12, 14)),
        (S004, dt.date(2023, 9, 15), None, None),
    ],
)
def test_document_dates(
    name: str, enacted: dt.date | None, revised: dt.date | None, effective: dt.date | None
) -> None:
    dates = parsed(name).dates
    assert (dates.enacted, dates.revised, dates.effective) == (enacted, revised, effective)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_date_lines_are_not_section_text(name: str) -> None:
    for s in parsed(name).sections:
        assert not re.search(r"[0-9]{4}年[0-9]+月[0-9]+日(制定|改定)", s.text), s.key


# --------------------------------------------------------------------------------------------
# Canonical form, checked on every section of every seed

_RADICALS = re.compile("[\u2e80-\u2fdf\u2027\u201f]")
_CJK_OR_JP_PUNCT = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _spaces_are_canonical(line: str) -> bool:
    """Single spaces, only between two letters or digits that are not CJK; tabs only between
    table cells; no leading/trailing whitespace (docs/decisions/0001)."""
    if line != line.strip() or re.search(r"\s\s|[^\S \t]", line):
        return False
    for m in re.finditer(" ", line):
        a, b = line[m.start() - 1], line[m.end()]
        if _CJK_OR_JP_PUNCT.match(a) or _CJK_OR_JP_PUNCT.match(b):
            return False
        if not (a.isalnum() and b.isalnum()):
            return False
    return True


def _body_lines(s: Section) -> list[str]:
    """The texts the space rule applies to: paragraphs and items, without their markers."""
    lines: list[str] = []

    def walk(items: tuple[Item, ...]) -> None:
        for item in items:
            lines.extend(item.text.split("\n"))
            walk(item.items)

    for p in s.paragraphs:
        lines.extend(p.text.split("\n"))
        walk(p.items)
    # A line that began with a bullet keeps "- " (see render_body): the marker is not text.
    return [line.removeprefix("- ") for line in lines if line]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_section_text_is_rendered_from_its_paragraphs(name: str) -> None:
    for s in parsed(name).sections:
        assert s.text == render_body(s.paragraphs), s.key


@pytest.mark.parametrize("name", SEED_NAMES)
def test_all_text_is_nfkc_with_radicals_and_look_alikes_folded(name: str) -> None:
    doc = parsed(name)
    strings = [doc.title or ""]
    for s in doc.sections:
        strings += [s.text, s.title or "", s.chapter or "", s.number or ""]
    for string in strings:
        assert unicodedata.normalize("NFKC", string) == string, string[:80]
        assert not _RADICALS.search(string), string[:80]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_spaces_survive_only_between_latin_digit_or_ascii_characters(name: str) -> None:
    doc = parsed(name)
    for s in doc.sections:
        for line in _body_lines(s):
            assert _spaces_are_canonical(line), f"{s.key}: {line!r}"
        assert s.title is None or _spaces_are_canonical(s.title), s.title
    assert doc.title is None or _spaces_are_canonical(doc.title)


@pytest.mark.parametrize("name", [S002, S003])
def test_chapters_have_one_space_after_the_number(name: str) -> None:
    for s in parsed(name).articles:
        assert s.chapter is not None
        assert re.fullmatch(r"第[0-9]+章 \S+", s.chapter), s.chapter
