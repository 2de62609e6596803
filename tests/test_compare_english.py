"""Comparing two versions of an English agreement: the same alignment as Japanese (by content),
renumbering, moves, references-only changes (`Section 5` → `Section 6`), headings that lost
their numbers, and a diff that works word by word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.compare import ChangeKind, Comparison, compare_documents
from tracker.compare.chardiff import char_diff, mirror
from tracker.compare.model import DELETE, EQUAL, INSERT
from tracker.compare.references import mask_references, with_parent_numbers
from tracker.compare.similarity import dice, words
from tracker.model import Document
from tracker.normalise import normalise
from tracker.sources import document_from_bytes

ENGLISH = Path(__file__).parent / "fixtures" / "english"


def load(name: str) -> Document:
    return document_from_bytes((ENGLISH / name).read_bytes(), source=name).document


@pytest.fixture(scope="module")
def dropped() -> Comparison:
    return compare_documents(load("dropped-v1.md"), load("dropped-v2.md"))


def by_kind(comparison: Comparison) -> dict[ChangeKind, set[tuple[str | None, str | None]]]:
    found: dict[ChangeKind, set[tuple[str | None, str | None]]] = {k: set() for k in ChangeKind}
    for change in comparison.changes:
        found[change.kind].add((change.old_key, change.new_key))
    return found


def test_clauses_align_when_the_section_headings_lose_their_numbers(dropped: Comparison) -> None:
    found = by_kind(dropped)
    assert found[ChangeKind.ADDED] == {(None, "4.1"), (None, "4.2")}
    assert found[ChangeKind.REMOVED] == set()
    assert found[ChangeKind.MODIFIED] == {("1.2", "1.2"), ("3.1", "3.1"), ("6.2", "7.2")}
    assert found[ChangeKind.RENUMBERED] == {
        ("4.3", "2.3"),
        ("4.1", "5.1"),
        ("4.2", "5.2"),
        ("5", "contact"),
        ("6.1", "7.1"),
    }
    # a numbered heading with no text that survives as a heading without a number is no change
    assert not any(c.old_key in {"1", "2", "3", "4", "6"} for c in dropped.changes)


def test_a_clause_moved_into_another_section_is_moved(dropped: Comparison) -> None:
    (moved,) = [c for c in dropped.changes if c.old_key == "4.3"]
    assert moved.moved and moved.new_key == "2.3"
    assert not any(c.moved for c in dropped.changes if c.old_key in {"4.1", "4.2", "6.1"})


def test_a_reference_that_follows_the_renumbering_is_references_only(
    dropped: Comparison,
) -> None:
    (change,) = [c for c in dropped.changes if c.new_key == "7.2"]
    assert change.references_only
    assert [(op, text) for op, text in change.diff if op != EQUAL] == [(-1, "5"), (1, "6")]


def test_key_terms_of_the_modified_clauses(dropped: Comparison) -> None:
    terms = {
        c.new_key: [(t.type.value, t.old, t.new) for t in c.key_terms] for c in dropped.changes
    }
    assert terms["1.2"] == [("duration", "at least 14 days", "at least 7 days")]
    assert terms["3.1"] == [("amount", "$4", "$5")]


def test_comparing_a_document_with_itself_finds_nothing() -> None:
    for name in ("plain.txt", "setext.md", "articles.txt", "dropped-v2.md"):
        doc = load(name)
        assert compare_documents(doc, doc).changes == ()


def test_the_same_agreement_in_three_layouts_compares_equal() -> None:
    plain, markdown, html = (load(n) for n in ("plain.txt", "setext.md", "headings.html"))
    assert compare_documents(plain, markdown).changes == ()
    assert compare_documents(markdown, html).changes == ()


# --------------------------------------------------------------------------------------------
# The word diff


def test_the_diff_of_english_text_changes_whole_words() -> None:
    diff = char_diff("adjustments to the method, and", "adjustments to the methods, and")
    assert diff == ((0, "adjustments to the "), (-1, "method"), (1, "methods"), (0, ", and"))
    diff = char_diff("the Société Générale agrees", "the Société Général agrees")
    assert (-1, "Générale") in diff and (1, "Général") in diff


def test_a_phrase_replaced_reads_as_one_replacement() -> None:
    old = "we will provide the fullest cooperation and handling."
    new = "we will use commercially reasonable efforts to provide cooperation and handling."
    changed = [(op, text) for op, text in char_diff(old, new) if op != EQUAL]
    assert changed == [
        (-1, "provide the fullest"),
        (1, "use commercially reasonable efforts to provide"),
    ]


def test_the_word_diff_rebuilds_both_texts_and_mirrors() -> None:
    old = "Either Party may terminate upon 30 days' notice. The Parties agree (a) to (b)."
    new = "Either party may terminate upon 60 days' written notice. The parties agree to (b)."
    diff = char_diff(old, new)
    assert "".join(t for op, t in diff if op != INSERT) == old
    assert "".join(t for op, t in diff if op != DELETE) == new
    assert char_diff(new, old) == mirror(diff)


def test_a_long_english_clause_is_diffed_sentence_by_sentence_within_budget() -> None:
    sentences = [f"Sentence number {n} says the Service is provided as is." for n in range(120)]
    old = " ".join(sentences)
    new = " ".join(
        s.replace("as is", "as available") if i % 7 == 0 else s for i, s in enumerate(sentences)
    )
    diff = char_diff(old, new)
    assert "".join(t for op, t in diff if op != INSERT) == old
    assert "".join(t for op, t in diff if op != DELETE) == new
    assert sum(1 for op, t in diff if op == INSERT and "available" in t) == len(range(0, 120, 7))


# --------------------------------------------------------------------------------------------
# What alignment and references are made of


def test_english_clauses_are_compared_on_their_words() -> None:
    one = "You must keep your password confidential and tell us at once if it is compromised."
    other = "You may close your account at any time from the settings page."
    rewritten = "You must keep your password secret and tell us at once if someone else knows it."
    a, b, c = (words(t) for t in (one, other, rewritten))
    assert a is not None and b is not None and c is not None
    assert dice(a, b) < 0.4 < 0.6 < dice(a, c)


def test_english_references_are_masked_for_alignment() -> None:
    assert mask_references("as described in Section 5 and Sections 4.2 and 4.3") == (
        "as described in Section # and Sections # and #"
    )
    assert mask_references("under Article IV or § 12") == "under Article # or § #"


def test_a_section_number_follows_its_clauses() -> None:
    assert with_parent_numbers({"9.1": "10.1", "9.2": "10.2"})["9"] == "10"
    # clauses of one section that went to different sections give the section no number
    assert "4" not in with_parent_numbers({"4.1": "5.1", "4.2": "6.2"})


def test_japanese_documents_are_compared_by_characters_as_before() -> None:
    old = normalise("規約\n第1条（料金）\n料金は月額1,000円とします。", source="a")
    new = normalise("規約\n第1条（料金）\n料金は月額1,200円とします。", source="b")
    (change,) = compare_documents(old, new).changes
    assert [(op, t) for op, t in change.diff if op != EQUAL] == [(-1, "000"), (1, "200")]
    assert change.key_terms[0].old == "1,000円"
