"""The character diff: Japanese-friendly, deterministic, and always rebuilding both texts."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.compare.chardiff import char_diff, hunks, mirror, new_text, old_text

# Kanji, kana, digits, Latin, punctuation and line breaks, as canonical text has them.
ALPHABET = st.sampled_from(
    list("当社本規約のはをにへ契者利用料金円日月年か月前ア-ビスー0123456789.,%ABC 、。()\n")
)
TEXTS = st.text(ALPHABET, max_size=120)


def marked(diff: tuple[tuple[int, str], ...]) -> str:
    return "".join(
        text if op == 0 else f"[-{text}-]" if op < 0 else f"{{+{text}+}}" for op, text in diff
    )


def test_notice_period_digit_is_the_whole_change() -> None:
    old = "当社は、本サービスを変更又は終了する3か月前までに通知します。"
    new = "当社は、本サービスを変更又は終了する1か月前までに通知します。"
    assert char_diff(old, new) == (
        (0, "当社は、本サービスを変更又は終了する"),
        (-1, "3"),
        (1, "1"),
        (0, "か月前までに通知します。"),
    )


def test_japanese_clause_rewrite_keeps_the_shared_words() -> None:
    # the shared notes' example: character diff plus cleanupEfficiency gives this balance
    diff = char_diff(
        "以下の行為をしてはなりません", "次の各号に定める行為をしてはならないものとします"
    )
    assert marked(diff) == (
        "[-以下の-]{+次の各号に定める+}行為をしてはな[-りません-]{+らないものとします+}"
    )


def test_numbers_change_as_a_whole() -> None:
    assert marked(char_diff("年14.5%の割合", "年10.0%の割合")) == "年[-14.5-]{+10.0+}%の割合"
    assert marked(char_diff("税込16,500円", "税込19,800円")) == "税込[-16,500-]{+19,800+}円"
    assert marked(char_diff("30日前", "14日前")) == "[-30-]{+14+}日前"


def test_latin_words_are_not_cut() -> None:
    assert marked(char_diff("SORACOM Fluxの", "SORACOM Flux Studioの")) == (
        "SORACOM Flux{+ Studio+}の"
    )


def test_equal_and_empty_texts() -> None:
    assert char_diff("", "") == ()
    assert char_diff("同じ", "同じ") == ((0, "同じ"),)
    assert char_diff("", "新") == ((1, "新"),)
    assert char_diff("旧", "") == ((-1, "旧"),)


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS)
def test_diff_rebuilds_both_texts(old: str, new: str) -> None:
    diff = char_diff(old, new)
    assert old_text(diff) == old
    assert new_text(diff) == new
    assert all(text for _, text in diff)


@settings(max_examples=300, deadline=None)
@given(
    TEXTS,
    st.lists(st.tuples(st.integers(0, 120), st.integers(0, 8), TEXTS.map(lambda t: t[:6]))),
)
def test_diff_of_an_edited_text_rebuilds_both_and_stays_canonical(
    text: str, edits: list[tuple[int, int, str]]
) -> None:
    edited = text
    for at, length, insert in edits:
        at = min(at, len(edited))
        edited = edited[:at] + insert + edited[at + length :]
    diff = char_diff(text, edited)
    assert (old_text(diff), new_text(diff)) == (text, edited)
    # canonical: equal ops never touch, and each change is one deletion then one insertion
    ops = [op for op, _ in diff]
    assert all(a != b for a, b in itertools.pairwise(ops))
    assert (1, -1) not in itertools.pairwise(ops)


@settings(max_examples=200, deadline=None)
@given(TEXTS, TEXTS)
def test_swapping_the_texts_mirrors_the_diff(old: str, new: str) -> None:
    assert char_diff(new, old) == mirror(char_diff(old, new))


def test_hunks_locate_each_change_in_both_texts() -> None:
    old, new = "甲は3か月前に乙へ", "甲は1か月前に丙へ"
    found = hunks(char_diff(old, new))
    assert [(old[h.old_start : h.old_end], new[h.new_start : h.new_end]) for h in found] == [
        ("3", "1"),
        ("乙", "丙"),
    ]


CLAUSES = st.lists(
    st.sampled_from(
        [
            "当社は、",
            "ユーザーに対し、",
            "本サービスの利用料として月額1,000円を請求します。",
            "30日前までに通知します。",
            "(ただし、別途定める場合を除く)",
            "\n2 ",
            "SORACOM Flux、",
            "第5条に定める場合を除き、",
            "契約者は当社の承諾なく第三者に譲渡できません。",
        ]
    ),
    min_size=20,
    max_size=60,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(CLAUSES, CLAUSES)
def test_long_texts_diffed_clause_by_clause_still_rebuild_and_mirror(old: str, new: str) -> None:
    diff = char_diff(old, new)
    assert (old_text(diff), new_text(diff)) == (old, new)
    assert char_diff(new, old) == mirror(diff)


def test_a_long_rewrite_keeps_the_clauses_it_shares() -> None:
    shared = "当社は、本サービスの利用料として月額1,000円を請求します。" * 12
    old = shared + "契約者は当社の承諾なく第三者に譲渡できません。" * 10
    new = shared + "ユーザーは30日前までに通知して解約できます。" * 10
    diff = char_diff(old, new)
    assert diff[0] == (0, shared)
    assert (old_text(diff), new_text(diff)) == (old, new)
