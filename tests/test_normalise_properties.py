"""Properties of the normaliser: layout noise never changes the parse, and nothing crashes it.

Each seed is disturbed the way publishers and extractors disturb text (re-wrapped lines, spaces
between kana/kanji, Kangxi-radical look-alikes, full-width digits) and must parse exactly like
the original. Arbitrary strings and bytes must never crash the pipeline, and a parsed document
printed back as plain text must parse to the same sections.
"""

from __future__ import annotations

import functools
import random
import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from support.render import SEED_NAMES, is_cjk, render_document, rewrap, seed_text, to_html, to_pdf

from tracker.errors import DocumentError
from tracker.model import Document, Item, Paragraph, render_body
from tracker.normalise import normalise

# A seed example is a (generator seed, density, width) triple: shrinking it buys little and
# costs a parse of a whole agreement per step, so failures are reported as generated.
SEED_RUNS = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ_RUNS = settings(max_examples=150, deadline=None, derandomize=True)


@functools.cache
def parsed(name: str) -> Document:
    return normalise(seed_text(name), source=name)


Signature = list[tuple[str, str, str | None, str | None, str | None, str]]


def signature(doc: Document) -> Signature:
    return [(s.key, str(s.kind), s.number, s.title, s.chapter, s.text) for s in doc.sections]


def assert_same_parse(name: str, disturbed: str) -> None:
    assert_same_document(name, normalise(disturbed, source=name))


def assert_same_document(name: str, got: Document) -> None:
    """`got` parsed like the seed's own text: sections, texts, dates and title."""
    expected = parsed(name)
    want, have = signature(expected), signature(got)
    if have != want:
        first = next((w, h) for w, h in zip([*want, None], [*have, None], strict=False) if w != h)
        pytest.fail(f"first differing section:\n  want {first[0]}\n  have {first[1]}")
    assert got.dates == expected.dates
    assert got.title == expected.title


# --------------------------------------------------------------------------------------------
# Disturbances


def _lookalikes() -> dict[str, str]:
    """Unified ideograph → a code point NFKC (or the canonical table) folds back to it."""
    table: dict[str, str] = {}
    for code in range(0x2F00, 0x2FD6):  # Kangxi radicals
        radical = chr(code)
        table.setdefault(unicodedata.normalize("NFKC", radical), radical)
    table["民"] = "\u2ea0"  # ⺠, which NFKC leaves alone
    table["・"] = "\u2027"  # ‧
    table["“"] = "\u201f"  # ‟
    return table


LOOKALIKES = _lookalikes()


def test_lookalike_table_covers_the_ideographs_seen_in_the_seeds() -> None:
    assert len(LOOKALIKES) >= 214
    assert {LOOKALIKES[c] for c in "月日用生"} == {"\u2f49", "\u2f47", "\u2f64", "\u2f63"}


def insert_cjk_spaces(text: str, rnd: random.Random, density: float) -> str:
    """Spaces between kana/kanji, as letter-spaced PDF lines have them.

    Never right after the first character of a line: `イ ト…` or `一 つの…` at a line start
    would read as sub-item イ or item 一, which no rule could tell from the real thing.
    """
    out: list[str] = []
    line_start = True
    for a, b in zip(text, [*text[1:], ""], strict=True):
        out.append(a)
        if b and not line_start and is_cjk(a) and is_cjk(b) and rnd.random() < density:
            out.append(rnd.choice([" ", "  ", "\u3000"]))
        line_start = a == "\n"
    return "".join(out)


def swap_lookalikes(text: str, rnd: random.Random, density: float) -> str:
    return "".join(LOOKALIKES[c] if c in LOOKALIKES and rnd.random() < density else c for c in text)


def widen_digits(text: str, rnd: random.Random, density: float) -> str:
    return "".join(
        chr(ord(c) - 0x30 + 0xFF10) if "0" <= c <= "9" and rnd.random() < density else c
        for c in text
    )


densities = st.floats(min_value=0.05, max_value=1.0)
# A seeded generator rather than st.randoms(): one draw per character would make every example
# tens of thousands of choices long.
randoms = st.integers(min_value=0, max_value=2**32 - 1).map(random.Random)


@pytest.mark.parametrize("name", SEED_NAMES)
@SEED_RUNS
@given(width=st.integers(min_value=26, max_value=100))
def test_rewrapping_lines_never_changes_the_parse(name: str, width: int) -> None:
    # support.render.rewrap never breaks inside an ASCII word nor before a marker; see there.
    assert_same_parse(name, rewrap(seed_text(name), width))


@pytest.mark.parametrize("name", SEED_NAMES)
@SEED_RUNS
@given(rnd=randoms, density=densities)
def test_spaces_between_cjk_characters_never_change_the_parse(
    name: str, rnd: random.Random, density: float
) -> None:
    assert_same_parse(name, insert_cjk_spaces(seed_text(name), rnd, density))


@pytest.mark.parametrize("name", SEED_NAMES)
@SEED_RUNS
@given(rnd=randoms, density=densities)
def test_kangxi_lookalikes_never_change_the_parse(
    name: str, rnd: random.Random, density: float
) -> None:
    assert_same_parse(name, swap_lookalikes(seed_text(name), rnd, density))


@pytest.mark.parametrize("name", SEED_NAMES)
@SEED_RUNS
@given(rnd=randoms, density=densities)
def test_full_width_digits_never_change_the_parse(
    name: str, rnd: random.Random, density: float
) -> None:
    assert_same_parse(name, widen_digits(seed_text(name), rnd, density))


@pytest.mark.parametrize("name", SEED_NAMES)
@SEED_RUNS
@given(
    rnd=randoms,
    width=st.integers(min_value=26, max_value=100),
    density=densities,
)
def test_all_layout_noise_at_once_never_changes_the_parse(
    name: str, rnd: random.Random, width: int, density: float
) -> None:
    text = rewrap(seed_text(name), width)
    text = insert_cjk_spaces(text, rnd, density / 2)
    text = swap_lookalikes(text, rnd, density)
    assert_same_parse(name, widen_digits(text, rnd, density))


# --------------------------------------------------------------------------------------------
# Nothing crashes

FRAGMENTS = [
    "第", "条", "章", "節", "の", "1", "２", "12", "十", "百", "一", ".", "．", "(", ")", "（",
    "）", "【", "】", "附則", "付則", "別表", "別紙", "別記", "第二", "目次", "削除", "制定",
    "改定", "施行", "現在", "令和", "平成", "元", "年", "月", "日", "①", "⑴", "イ", "ロ", "ア",
    "(a)", "(i)", "- ", "・", " ", "　", "\t", "\n", "\n", "\n", "\r\n", "\r", "。", "、",
    "本規約", "当社は、", "⽉", "⺠", "‧", "‟", "https://x.jp/", "%E3%80%8D", "\u200b", "\xad",
    "\ufeff", "\x00", "\x0c", "\ud7ff", "\U0001f600", "2023年9月15日制定", "第1条（目的）",
    "第 37 条(割増金)及び", "第3条の2", "第1.2条", "第13条 削除", "第1章 総則",
]  # fmt: skip

agreement_like_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=120
).map("".join)


@FUZZ_RUNS
@given(text=st.one_of(st.text(max_size=400), agreement_like_text))
def test_any_text_gives_a_document_with_unique_keys(text: str) -> None:
    doc = normalise(text, source="fuzz.txt")
    assert isinstance(doc, Document)
    section_keys = [s.key for s in doc.sections]
    assert len(set(section_keys)) == len(section_keys), section_keys
    for s in doc.sections:
        assert s.text == render_body(s.paragraphs)


@functools.cache
def _real_pdf() -> bytes:
    return to_pdf(seed_text(SEED_NAMES[4]), chars_per_line=40)


@functools.cache
def _real_html() -> bytes:
    return to_html(seed_text(SEED_NAMES[4]), "cp932-soup")


any_bytes = st.one_of(
    st.binary(max_size=2048),
    st.binary(max_size=512).map(lambda b: b"%PDF-1.7\n" + b),
    st.binary(max_size=512).map(lambda b: b"<html><body><main>" + b),
    st.integers(min_value=0, max_value=20000).map(lambda n: _real_pdf()[:n]),
    st.integers(min_value=0, max_value=20000).map(lambda n: _real_html()[:n]),
    st.text(max_size=200).map(lambda t: t.encode("utf-16")),
)


@FUZZ_RUNS
@given(
    data=any_bytes,
    source=st.sampled_from(["x.pdf", "x.html", "x.htm", "x.txt", "x", "x.bin"]),
    content_type=st.sampled_from(
        [None, "application/pdf", "text/html", "text/html; charset=shift_jis", "text/plain"]
    ),
)
def test_any_bytes_extract_to_text_or_raise_a_document_error(
    data: bytes, source: str, content_type: str | None
) -> None:
    from tracker.extract import extract

    try:
        extracted = extract(data, source=source, content_type=content_type)
    except DocumentError as error:
        assert error.source == source
        return
    assert isinstance(extracted.text, str)
    assert isinstance(normalise(extracted.text, source=source), Document)


# --------------------------------------------------------------------------------------------
# Printing a parse back to text and parsing again gives the same sections


@pytest.mark.parametrize("name", SEED_NAMES)
def test_reparsing_a_rendered_seed_gives_the_same_sections(name: str) -> None:
    doc = parsed(name)
    again = normalise(render_document(doc), source=name)
    assert signature(again) == signature(doc)
    assert again.title == doc.title


# Generated agreements: structure drawn at random, printed in one of the publishing styles the
# normaliser promises to read, then parsed. Sentences use kana and kanji that cannot start a
# marker, a date or a heading.
WORDS = "あいうえおかきくけこさしすせそたちつてとなにぬねはひふへほまみむめもやゆよらりるれろわん"
KANJI = "当社契約者利本料金通知義務責任損害賠償提供申込承諾解除停止顧客情報"
text_chars = st.sampled_from(WORDS + KANJI)
sentence = st.text(text_chars, min_size=2, max_size=30).map(lambda s: f"当{s}。")
# Captions are noun phrases ending in a kanji (適用, 契約の解除): printed bare after the number,
# `第1条 当社は` could as well be the start of a wrapped sentence, and a parser may read a
# trailing kana as one.
caption = st.tuples(st.text(text_chars, max_size=8), st.sampled_from(KANJI)).map(
    lambda parts: f"当{parts[0]}{parts[1]}"
)


@st.composite
def paragraphs(draw: st.DrawFn) -> tuple[Paragraph, ...]:
    count = draw(st.integers(min_value=1, max_value=3))
    out = []
    for n in range(1, count + 1):
        items = tuple(
            Item(str(i), draw(sentence))
            for i in range(1, draw(st.integers(min_value=0, max_value=3)) + 1)
        )
        out.append(Paragraph(str(n), draw(sentence), items))
    return tuple(out)


FULL = str.maketrans("0123456789", "０１２３４５６７８９")
CIRCLED = "①②③④⑤⑥⑦⑧⑨"
Style = Callable[[int], str]
ARTICLE_STYLES: dict[str, Style] = {
    "ascii": lambda n: f"第{n}条",
    "full-width": lambda n: f"第{str(n).translate(FULL)}条",
    "spaced": lambda n: f"第 {n} 条",
}
PARAGRAPH_STYLES: dict[str, Style] = {
    "digit": lambda n: f"{n} ",
    "full-width": lambda n: f"{str(n).translate(FULL)}\u3000",
    "dot": lambda n: f"{n}. ",
    "full-width-dot": lambda n: f"{str(n).translate(FULL)}．",
}
ITEM_STYLES: dict[str, Style] = {
    "paren": lambda n: f"({n}) ",
    "full-width-paren": lambda n: f"（{str(n).translate(FULL)}）",
    "circled": lambda n: f"{CIRCLED[n - 1]} ",
    "bullet-paren": lambda n: f"- ({n}) ",
}
CAPTION_STYLES = ("before", "after-bracket", "after-space", "next-line")


@st.composite
def agreements(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, str | None, str]]]:
    """A printed agreement and the (key, title, chapter, text) the parser must find in it."""
    article = ARTICLE_STYLES[draw(st.sampled_from(sorted(ARTICLE_STYLES)))]
    paragraph = PARAGRAPH_STYLES[draw(st.sampled_from(sorted(PARAGRAPH_STYLES)))]
    item = ITEM_STYLES[draw(st.sampled_from(sorted(ITEM_STYLES)))]
    placement = draw(st.sampled_from(CAPTION_STYLES))
    chapters = draw(st.booleans())
    lines = ["テスト利用規約"]
    expected: list[tuple[str, str, str | None, str]] = []
    chapter: str | None = None
    chapter_number = 0
    for n in range(1, draw(st.integers(min_value=1, max_value=6)) + 1):
        if chapters and (n == 1 or draw(st.booleans())):
            chapter_number += 1
            chapter = f"第{chapter_number}章 {draw(caption)}"
            lines.append(chapter)
        title, body = draw(caption), draw(paragraphs())
        head = article(n)
        if placement == "before":
            lines += [f"（{title}）", head]
        elif placement == "after-bracket":
            lines.append(f"{head}（{title}）")
        elif placement == "after-space":
            lines.append(f"{head} {title}")
        else:
            lines += [head, f"（{title}）"]
        for p in body:
            lines.append(("" if p.number == "1" else paragraph(int(p.number))) + p.text)
            lines += [item(int(i.number)) + i.text for i in p.items]
        expected.append((str(n), title, chapter, render_body(body)))
    return "\n".join(lines) + "\n", expected


@settings(max_examples=100, deadline=None, derandomize=True)
@given(agreement=agreements())
def test_generated_agreements_parse_to_their_structure(
    agreement: tuple[str, list[tuple[str, str, str | None, str]]],
) -> None:
    text, expected = agreement
    doc = normalise(text, source="generated.txt")
    assert [(s.key, s.title, s.chapter, s.text) for s in doc.sections] == expected
