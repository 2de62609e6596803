"""Properties of whole-document comparisons over random edits of an agreement."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from support.compare import BASE, NEW_ARTICLE, Spec, build, filler, recaption, replace_text

from tracker.compare import ChangeKind, Comparison, compare_documents
from tracker.compare.chardiff import mirror, new_text, old_text
from tracker.model import Document

EXTRA = [NEW_ARTICLE, *filler(3)]
WORDS = ["当社", "ユーザー", "本サービス", "3か月", "30日", "14.5%", "通知"]


@st.composite
def edited_agreements(draw: st.DrawFn) -> list[Spec]:
    """BASE after a few random deletions, insertions, moves, caption and wording changes.

    Articles referenced by others are never deleted (the references would dangle)."""
    specs = list(BASE)
    spare = list(EXTRA)
    for _ in range(draw(st.integers(0, 5))):
        action = draw(st.sampled_from(["insert", "delete", "move", "caption", "word"]))
        at = draw(st.integers(0, len(specs) - 1))
        if action == "insert" and spare:
            specs.insert(at, spare.pop(0))
        elif action == "delete" and specs[at].caption in ("適用", "定義", "準拠法及び管轄裁判所"):
            del specs[at]
        elif action == "move":
            specs.insert(draw(st.integers(0, len(specs) - 1)), specs.pop(at))
        elif action == "caption":
            specs[at] = recaption(specs[at], f"{specs[at].caption}等")
        elif action == "word":
            old, new = draw(st.sampled_from(WORDS)), draw(st.sampled_from(WORDS))
            specs = replace_text(specs, specs[at].caption or "", old, new)
    return specs


def check_accounts_for_every_section(comparison: Comparison, old: Document, new: Document) -> None:
    olds = Counter(k for k, _ in comparison.pairs)
    news = Counter(k for _, k in comparison.pairs)
    for change in comparison.changes:
        if change.kind is ChangeKind.REMOVED and change.new is None:
            olds[change.old_key or ""] += 1
        if change.kind is ChangeKind.ADDED and change.old is None:
            news[change.new_key or ""] += 1
    assert olds == Counter(s.key for s in old.sections)
    assert news == Counter(s.key for s in new.sections)


@settings(max_examples=80, deadline=None)
@given(edited_agreements())
def test_every_change_rebuilds_its_sections_and_mirrors(specs: list[Spec]) -> None:
    old, new = build(BASE), build(specs, source="new.txt")
    forward = compare_documents(old, new)
    check_accounts_for_every_section(forward, old, new)
    for change in forward.changes:
        assert old_text(change.diff) == (change.old.text if change.old else "")
        assert new_text(change.diff) == (change.new.text if change.new else "")
        if change.kind is ChangeKind.RENUMBERED:
            assert change.old_key != change.new_key and change.key_terms == ()
    summary = forward.summary
    assert summary.added + summary.removed + summary.modified + summary.renumbered == len(
        forward.changes
    )
    backward = {(c.old_key, c.new_key): c for c in compare_documents(new, old).changes}
    flip = {ChangeKind.ADDED: ChangeKind.REMOVED, ChangeKind.REMOVED: ChangeKind.ADDED}
    assert len(backward) == len(forward.changes)
    for change in forward.changes:
        twin = backward[(change.new_key, change.old_key)]
        assert twin.kind is flip.get(change.kind, change.kind)
        assert twin.diff == mirror(change.diff)
        assert twin.references_only == change.references_only


@settings(max_examples=30, deadline=None)
@given(edited_agreements())
def test_a_version_compared_with_itself_has_no_changes(specs: list[Spec]) -> None:
    document = build(specs)
    assert compare_documents(document, document).changes == ()
