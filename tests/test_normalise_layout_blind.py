"""Layout never decides what an agreement says: furniture split by a re-wrap, and numbers in URLs.

A re-laid-out PDF wraps lines the original kept whole. Body text is joined whatever its breaks
(`test_normalise_properties`); these tests cover what is read line by line: the title, revision-date
lines, 目次, and page-break URL lines, split at random places (never between two ASCII letters
or digits, where no rule can tell a wrap from a space), with random spaces between kana and
kanji. The parse must not change. Key terms never come from inside an address.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from support.render import HEADINGISH, MARKER_START, SEED_NAMES, is_ascii_alnum, seed_text
from test_normalise_properties import (
    SEED_RUNS,
    assert_same_parse,
    densities,
    insert_cjk_spaces,
    randoms,
)

from tracker.compare import compare_documents
from tracker.compare.keyterms import find_terms
from tracker.normalise import normalise
from tracker.normalise.chars import fold
from tracker.normalise.classify import is_metadata_line
from tracker.normalise.markers import marker
from tracker.normalise.metadata import is_title

_URL_ONLY = re.compile(r"^https?://[!-~]+$")


def _is_furniture(line: str, index: int) -> bool:
    folded = fold(line)
    return (
        (index == 0 and is_title(folded))
        or folded in ("目次", "目 次")
        or bool(_URL_ONLY.match(folded))
        or is_metadata_line(folded)
    )


def _split(line: str, rnd: random.Random) -> str:
    """`line` broken in two at a random place where a wrap can be undone."""
    text = line.strip()
    places = [
        i
        for i in range(1, len(text))
        if not (is_ascii_alnum(text[i - 1]) and is_ascii_alnum(text[i]))
        and not text[i].isspace()
        and not text[i - 1].isspace()
        and marker(fold(text[i:])) is None  # `ス 利用規約` would read as item ス
    ]
    if not places:
        return line
    cut = rnd.choice(places)
    return text[:cut] + "\n" + text[cut:]


def split_furniture(text: str, rnd: random.Random) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(
        _split(line, rnd) if _is_furniture(line, index) else line
        for index, line in enumerate(lines)
    )


def test_the_seeds_have_furniture_to_split() -> None:
    furniture = [
        line
        for name in SEED_NAMES
        for index, line in enumerate(x for x in seed_text(name).splitlines() if x.strip())
        if _is_furniture(line, index)
    ]
    assert any(_URL_ONLY.match(fold(line)) for line in furniture)
    assert any(fold(line) in ("目次", "目 次") for line in furniture)
    assert sum(is_metadata_line(fold(line)) for line in furniture) >= 3


@pytest.mark.parametrize("name", SEED_NAMES)
@SEED_RUNS
@given(rnd=randoms)
def test_furniture_split_over_two_lines_is_still_furniture(name: str, rnd: random.Random) -> None:
    assert_same_parse(name, split_furniture(seed_text(name), rnd))


@pytest.mark.parametrize("name", SEED_NAMES)
@SEED_RUNS
@given(rnd=randoms)
def test_split_furniture_with_spaces_between_kana_and_kanji(name: str, rnd: random.Random) -> None:
    assert_same_parse(name, insert_cjk_spaces(split_furniture(seed_text(name), rnd), rnd, 0.3))


@pytest.mark.parametrize(
    ("split", "title"),
    [
        ("セキュアカメラクラウドサービス\n利用規約", "セキュアカメラクラウドサービス利用規約"),
        ("サンプル\n利用規約", "サンプル利用規約"),
    ],
)
def test_a_title_split_over_two_lines(split: str, title: str) -> None:
    doc = normalise(f"{split}\n2020年12月\n14日改定\n第1条（目的）\n本規約は目的を定めます。")
    assert doc.title == title
    assert doc.section("preamble") is None
    assert doc.dates.revised is not None and doc.dates.revised.isoformat() == "2020-12-14"


def test_two_date_lines_stay_two() -> None:
    doc = normalise("2019年4月1日制定\n2021年4月1日改定\n第1条（目的）\n本規約は目的を定めます。")
    assert (doc.dates.enacted.isoformat() if doc.dates.enacted else None) == "2019-04-01"
    assert (doc.dates.revised.isoformat() if doc.dates.revised else None) == "2021-04-01"


def test_a_page_break_url_wrapped_over_three_lines_is_still_noise() -> None:
    url = "https://example.jp/%E3%80%8D%E3%81%A7%E3%81%82%E3%82%8B%E3%82%A6%E3%82%A7"
    body = f"第1条（目的）\n本規約は、{url} に掲げるとおりとします。"
    wrapped = f"{body}\n{url[:25]}\n{url[25:50]}\n{url[50:]}\n第2条（適用）\n全員に適用します。"
    doc = normalise(wrapped)
    assert [s.key for s in doc.sections] == ["1", "2"]
    assert doc.section("1") is not None
    assert doc.sections[0].text.count("https://") == 1


# --------------------------------------------------------------------------------------------
# Key terms


@pytest.mark.parametrize(
    "text",
    [
        "https://sora-cam.com/%E3%80%8D%E3%81%A7%E3%81%82",
        "www.example.jp/price/30%off/3000円",
        "サイト(https://x.jp/a?rate=5%25&days=30日)を参照",
        "%E3%80%8D%E3%81%A7 E 3%82%8B%E3%82",  # a URL tail a wrap cut off, with a space in it
    ],
)
def test_no_key_term_comes_from_inside_an_address(text: str) -> None:
    assert find_terms(text) == []


def test_a_changed_url_reports_no_percentages() -> None:
    old = normalise(
        "第1条（参照）\n詳細は https://x.jp/%E3%80%8D%E3%81%A7 を参照し、30日以内に届け出ます。"
    )
    new = normalise(
        "第1条（参照）\n詳細は https://x.jp/%E3%81%82%E3%82%8B を参照し、30日以内に届け出ます。"
    )
    (change,) = compare_documents(old, new).changes
    assert change.key_terms == ()


# --------------------------------------------------------------------------------------------
# Equality on the layout key: whitespace anywhere is layout


_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


def break_inside_words(text: str, rnd: random.Random, density: float) -> str:
    """Line breaks and spaces inside ASCII words and URLs of body lines (`c om`, `Fl⏎ux`): the
    one kind of wrap no rule can undo in the display text. Never before something that reads as
    a marker, so the structure stays; heading and furniture lines are left alone."""
    out: list[str] = []
    for index, line in enumerate(text.splitlines()):
        furniture = _is_furniture(line, index) or is_title(fold(line))
        if furniture or MARKER_START.match(line.strip()) or HEADINGISH.match(line):
            out.append(line)
            continue
        pieces = [line[0]] if line else []
        for i in range(1, len(line)):
            left, right = line[i - 1], line[i]
            if (
                _ASCII_WORD.match(left)
                and _ASCII_WORD.match(right)
                and not MARKER_START.match(line[i:])
                and rnd.random() < density
            ):
                pieces.append(rnd.choice(["\n", " ", "\t"]))
            pieces.append(right)
        out.append("".join(pieces))
    return "\n".join(out)


def test_breaking_words_does_change_the_display_text() -> None:
    text = seed_text(SEED_NAMES[0])
    broken = break_inside_words(text, random.Random(1), 0.5)
    old, new = normalise(text), normalise(broken)
    assert [s.text for s in old.sections] != [s.text for s in new.sections]


@pytest.mark.parametrize("name", SEED_NAMES)
@SEED_RUNS
@given(rnd=randoms, density=densities)
def test_compare_is_blind_to_whitespace_inside_words(
    name: str, rnd: random.Random, density: float
) -> None:
    text = seed_text(name)
    broken = break_inside_words(text, rnd, density / 3)
    comparison = compare_documents(normalise(text), normalise(broken))
    assert comparison.changes == ()


def test_a_table_row_as_tabs_or_wrapped_is_the_same() -> None:
    old = normalise("第1条（料金）\n料金は次のとおりです。\n基本設定費\t15,000円\t1契約あたり")
    new = normalise("第1条（料金）\n料金は次のとおりです。\n基本設定費\n15,000円\n1契約あたり")
    assert old.section("1") != new.section("1")
    assert compare_documents(old, new).changes == ()


def test_a_real_change_next_to_a_layout_change_is_still_found() -> None:
    old = normalise("第1条（通知）\n詳細は https://x.jp/terms を参照し、3か月前までに通知します。")
    new = normalise("第1条（通知）\n詳細は https://x.jp/te rms を参照し、1か月前までに通知します。")
    (change,) = compare_documents(old, new).changes
    assert [(t.old, t.new) for t in change.key_terms] == [("3か月", "1か月")]
