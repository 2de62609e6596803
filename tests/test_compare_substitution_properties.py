"""Properties of substitutions over random documents and random replacements."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from support.compare import BASE, Spec, build
from support.substitution import replace_all, work_rules
from test_compare_properties import edited_agreements

from tracker.compare import Comparison, compare_documents
from tracker.compare.chardiff import new_text, old_text

# Words of the two test documents found in three articles or more, and what may replace them.
TERMS = ("労働者", "会社", "当社", "ユーザー", "本サービス", "本規約")
REPLACEMENTS = ("社員", "従業員", "弊社", "利用者", "お客様", "甲", "本件業務", "規約等", "X社")


def text_of(specs: list[Spec]) -> str:
    document = build(specs)
    return "\n".join(f"{s.title}\n{s.text}" for s in document.sections)


def check_marked_diffs_rebuild(comparison: Comparison) -> None:
    for change in comparison.changes:
        assert old_text(change.diff) == (change.old.text if change.old else "")
        assert new_text(change.diff) == (change.new.text if change.new else "")
        if change.marked_diff:
            plain = tuple((op, text) for op, text, _ in change.marked_diff)
            assert old_text(plain) == (change.old.text if change.old else "")
            assert new_text(plain) == (change.new.text if change.new else "")
        if change.substitutions_only:
            assert change.substitutions


@st.composite
def substituted(draw: st.DrawFn) -> tuple[list[Spec], list[Spec], str]:
    """A document, the same with one term replaced everywhere, and the term."""
    specs = draw(st.sampled_from([list(BASE), work_rules(draw(st.integers(3, 12)))]))
    text = text_of(specs)
    term = draw(st.sampled_from([t for t in TERMS if t in text]))
    replacement = draw(st.sampled_from(REPLACEMENTS))
    assume(replacement not in text and term not in replacement and replacement not in term)
    assume(sum(term in s.text for s in build(specs).sections) >= 3)
    return specs, replace_all(specs, term, replacement), term


@settings(max_examples=60, deadline=None)
@given(substituted())
def test_one_replacement_everywhere_is_one_substitution_and_no_other_change(
    case: tuple[list[Spec], list[Spec], str],
) -> None:
    specs, replaced, term = case
    old, new = build(specs), build(replaced, source="new.txt")
    comparison = compare_documents(old, new)
    (substitution,) = comparison.substitutions
    assert all(c.substitutions_only for c in comparison.changes)
    occurrences = sum(s.text.count(term) + (s.title or "").count(term) for s in old.sections)
    assert substitution.count == occurrences
    assert {t.new_key for t in substitution.sections} == {c.new_key for c in comparison.changes}
    check_marked_diffs_rebuild(comparison)


@settings(max_examples=40, deadline=None)
@given(edited_agreements(), st.sampled_from(REPLACEMENTS))
def test_random_edits_with_a_substitution_still_rebuild_both_texts(
    specs: list[Spec], replacement: str
) -> None:
    old = build(BASE)
    new = build(replace_all(specs, "ユーザー", replacement), source="new.txt")
    comparison = compare_documents(old, new)
    check_marked_diffs_rebuild(comparison)
    for substitution in comparison.substitutions:
        assert len(substitution.sections) >= 2
    assert compare_documents(new, new).substitutions == ()


@settings(max_examples=30, deadline=None)
@given(edited_agreements())
def test_random_edits_alone_are_not_substitutions_unless_repeated(specs: list[Spec]) -> None:
    comparison = compare_documents(build(BASE), build(specs, source="new.txt"))
    check_marked_diffs_rebuild(comparison)
    for substitution in comparison.substitutions:
        assert len(substitution.sections) >= 2
