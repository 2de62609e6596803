"""Properties of English agreements: a re-wrapped agreement parses the same, an agreement
compared with itself has no changes, and the word diff rebuilds both texts and mirrors.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from support.english import agreements, rewrap

from tracker.compare import compare_documents
from tracker.compare.chardiff import char_diff, mirror
from tracker.compare.model import DELETE, INSERT
from tracker.model import Document
from tracker.normalise import normalise

FIXTURES = Path(__file__).parent / "fixtures" / "english"


def shape(doc: Document) -> list[tuple[str, str | None, str | None, str]]:
    return [(s.key, s.number, s.title, s.text) for s in doc.sections]


@settings(max_examples=60, deadline=None)
@given(agreements(), st.integers(30, 90))
def test_rewrapping_an_english_agreement_never_changes_the_parse(text: str, width: int) -> None:
    original = normalise(text, source="a.txt")
    rewrapped = normalise(rewrap(text, width), source="a.txt")
    assert shape(rewrapped) == shape(original)
    assert rewrapped.dates == original.dates
    assert compare_documents(original, rewrapped).changes == ()


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(["plain.txt", "articles.txt", "sections.txt"]), st.integers(30, 90))
def test_rewrapping_the_fixtures_never_changes_the_parse(name: str, width: int) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    original = normalise(text, source=name)
    assert shape(normalise(rewrap(text, width), source=name)) == shape(original)


@settings(max_examples=40, deadline=None)
@given(agreements())
def test_an_english_agreement_compared_with_itself_has_no_changes(text: str) -> None:
    doc = normalise(text, source="a.txt")
    assert [s.key for s in doc.sections if s.kind.value == "article"]
    assert compare_documents(doc, doc).changes == ()


_WORDS = st.sampled_from(
    ["the", "Service", "fees", "30", "days'", "notice", "non-exclusive", "Société", "(a)", ",", "."]
)


@st.composite
def english_texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(_WORDS, min_size=0, max_size=40))
    separators = draw(st.lists(st.sampled_from([" ", " ", "\n"]), min_size=len(words)))
    return "".join(w + s for w, s in zip(words, separators, strict=False)).strip()


@settings(max_examples=200, deadline=None)
@given(english_texts(), english_texts())
def test_the_word_diff_rebuilds_both_texts_and_mirrors(old: str, new: str) -> None:
    diff = char_diff(old, new)
    assert "".join(text for op, text in diff if op != INSERT) == old
    assert "".join(text for op, text in diff if op != DELETE) == new
    assert char_diff(new, old) == mirror(diff)


@settings(max_examples=40, deadline=None)
@given(agreements(), st.data())
def test_an_edited_english_agreement_is_accounted_for(text: str, data: st.DataObject) -> None:
    lines = text.split("\n")
    index = data.draw(st.integers(3, len(lines) - 1))
    edited = [*lines[:index], lines[index].replace("fee", "charge"), *lines[index + 1 :]]
    old, new = normalise(text, source="a"), normalise("\n".join(edited), source="b")
    comparison = compare_documents(old, new)
    for change in comparison.changes:
        before = change.old.text if change.old else ""
        after = change.new.text if change.new else ""
        assert "".join(t for op, t in change.diff if op != INSERT) == before
        assert "".join(t for op, t in change.diff if op != DELETE) == after
    assert len(comparison.changes) <= 1
