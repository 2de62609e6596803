"""Build agreements for the comparison tests straight from the model dataclasses.

An article is written as `Spec(caption, paragraphs)`; a paragraph is a string or a
`(text, [items])` pair. A reference is written by caption, `{禁止行為}`, and becomes `第7条`
wherever that article stands in the document being built, so inserting, deleting or moving an
article renumbers the references the way a careful editor would.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tracker.model import Dates, Document, Item, Paragraph, Section, SectionKind, render_body

ParagraphSpec = str | tuple[str, Sequence[str]]


@dataclass(frozen=True)
class Spec:
    caption: str | None
    paragraphs: tuple[ParagraphSpec, ...]
    deleted: bool = False
    name: str | None = None  # what `{name}` references resolve against; the caption by default

    @property
    def ref_name(self) -> str | None:
        return self.name or self.caption


def spec(caption: str | None, *paragraphs: ParagraphSpec) -> Spec:
    return Spec(caption, paragraphs)


def recaption(article: Spec, caption: str | None) -> Spec:
    """The same article under another caption; references to it still resolve."""
    return replace(article, caption=caption, name=article.ref_name)


DELETED = Spec(None, ("削除",), deleted=True)

BASE: tuple[Spec, ...] = (
    spec(
        "適用",
        "本規約は、本サービスの利用に関する当社とユーザーとの間の権利義務関係を定めることを目的と"
        "し、ユーザーと当社の間の本サービスの利用に関わる一切の関係に適用されます。",
        "本規約の内容と、本サービス仕様等とが異なる場合は、本規約の規定が優先して適用されます。",
    ),
    spec(
        "定義",
        (
            "本規約において使用する以下の用語は各々以下に定める意味を有するものとします。",
            [
                "「ユーザー」とは、本サービスを利用する者を意味します。",
                "「本サービス利用料」とは、本サービスの料金ページに規定する利用料を意味します。",
            ],
        ),
    ),
    spec(
        "申込の方法",
        "本サービスの利用申込者は、本規約を承認した上で、当社所定の手続に従ってオンラインサイン"
        "アップによる申込を行うものとします。",
    ),
    spec(
        "申込の承諾",
        "当社は、申込者に対して、当社が判断するために必要な情報の提出を求めることがあります。",
        (
            "当社は、次に掲げる事由に該当すると判断する場合を除き、当該申込を承諾します。",
            [
                "申込者が本規約上の債務の履行を怠るおそれがあるとき",
                "申込者が{禁止行為}に定める行為を行うおそれがあるとき",
            ],
        ),
    ),
    spec(
        "契約の効力発生",
        "利用契約は、申込を当社が{申込の承諾}(申込の承諾)に基づき承諾した日に申込者と当社の間で"
        "効力を生じるものとします。",
    ),
    spec(
        "サービスの終了",
        "当社は、本サービスの全部又は一部を変更又は終了する3か月前までにユーザーに通知します。",
        "当社は、本条に基づき当社が行った措置によってユーザーに生じた損害について一切の責任を負い"
        "ません。",
    ),
    spec(
        "禁止行為",
        (
            "ユーザーは、本サービスの利用にあたり、以下の各号のいずれかに該当する行為をしてはなりま"
            "せん。",
            [
                "当社のネットワーク又はシステムに不正にアクセスする行為",
                "有害なコンピュータプログラム等を送信する行為",
                "前各号の他、法令もしくは公序良俗に違反する行為",
            ],
        ),
        "当社は、ユーザーの行為が前項各号のいずれかに該当すると判断した場合には、本サービスの利用"
        "停止等の措置を採ることができるものとします。",
    ),
    spec(
        "サービス利用料の支払義務",
        "ユーザーは、本サービス利用料を、当社が指定する日までに支払うものとします。",
        "ユーザーは、支払期日を経過してもなお支払いがない場合には、年14.5%の割合で計算して得た額"
        "を延滞利息として支払っていただきます。",
        "{サービスの終了}第1項の通知は、電子メールにより行います。",
    ),
    spec(
        "本規約の変更",
        "当社は、本規約を変更できるものとします。当社は、本規約を変更する場合には、変更の効力発生"
        "日の30日前までに当社のウェブサイトへの掲示により告知します。",
    ),
    spec(
        "準拠法及び管轄裁判所",
        "本規約及び利用契約の準拠法は日本法とし、本規約又は利用契約に起因し又は関連する一切の紛争"
        "については、東京地方裁判所を第一審の専属的合意管轄裁判所とします。",
    ),
)

NEW_ARTICLE = spec(
    "本人確認",
    "当社は、ユーザーに対し、運転免許証その他の本人確認書類の提出を求めることができます。",
    "ユーザーが前項の求めに応じない場合、当社は{申込の承諾}に基づく承諾を取り消すことがあります。",
)


def filler(count: int) -> list[Spec]:
    """`count` distinct plain articles, for long documents."""
    return [
        spec(
            f"雑則{n}",
            f"当社は、本サービスの第{n}区分に係る運用について、別途定める細則{n}号に従い処理します。",
        )
        for n in range(1, count + 1)
    ]


def number_of(key: str) -> str:
    """The printed number of an article key: "3-2" → "第3条の2", "3.6" → "第3.6条"."""
    head, *branches = key.split("-")
    return f"第{head}条" + "".join(f"の{b}" for b in branches)


def build(
    specs: Sequence[Spec],
    *,
    keys: Sequence[str] | None = None,
    source: str = "old.txt",
    extra: Sequence[Section] = (),
    chapters: Sequence[str | None] | None = None,
) -> Document:
    """A document with one article per spec, numbered 1, 2, … unless `keys` says otherwise,
    followed by `extra` sections (supplementary provisions, appendices)."""
    keys = list(keys) if keys is not None else [str(n) for n in range(1, len(specs) + 1)]
    where = {s.ref_name: number_of(k) for s, k in zip(specs, keys, strict=True) if s.ref_name}
    sections = []
    for index, (article_spec, key) in enumerate(zip(specs, keys, strict=True)):
        paragraphs = _paragraphs(article_spec.paragraphs, where)
        sections.append(
            Section(
                key=key,
                kind=SectionKind.ARTICLE,
                number=number_of(key),
                title=article_spec.caption,
                chapter=chapters[index] if chapters else None,
                text=render_body(paragraphs),
                paragraphs=paragraphs,
                deleted=article_spec.deleted,
            )
        )
    return Document(
        source=source, title="テスト利用規約", dates=Dates(), sections=(*sections, *extra)
    )


def other(
    kind: SectionKind, key: str, number: str | None, title: str | None, *paragraphs: ParagraphSpec
) -> Section:
    """A preamble, supplementary provision or appendix."""
    body = _paragraphs(paragraphs, {})
    return Section(key, kind, number, title, None, render_body(body), body)


def with_source(document: Document, source: str) -> Document:
    return replace(document, source=source)


def replace_text(specs: Sequence[Spec], caption: str, old: str, new: str) -> list[Spec]:
    """The specs with `old` replaced by `new` inside the article captioned `caption`."""
    result = []
    for s in specs:
        if s.caption == caption:
            s = replace(s, paragraphs=tuple(_replace_in(p, old, new) for p in s.paragraphs))
        result.append(s)
    return result


def renumber_references(text: str, mapping: dict[int, int]) -> str:
    """Rewrite 第N条 through `mapping` (for tests on real text)."""
    return re.sub(r"第([0-9]+)条", lambda m: f"第{mapping.get(int(m[1]), int(m[1]))}条", text)


def _replace_in(paragraph: ParagraphSpec, old: str, new: str) -> ParagraphSpec:
    if isinstance(paragraph, str):
        return paragraph.replace(old, new)
    text, items = paragraph
    return (text.replace(old, new), [i.replace(old, new) for i in items])


def _paragraphs(specs: Sequence[ParagraphSpec], where: dict[str, str]) -> tuple[Paragraph, ...]:
    result = []
    for number, paragraph in enumerate(specs, 1):
        text, items = (paragraph, ()) if isinstance(paragraph, str) else paragraph
        result.append(
            Paragraph(
                str(number),
                text.format_map(where),
                tuple(Item(str(n), i.format_map(where)) for n, i in enumerate(items, 1)),
            )
        )
    return tuple(result)
