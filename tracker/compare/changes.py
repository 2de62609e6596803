"""Compare two versions of an agreement: align the sections, describe each difference, then
find the edits made across the document (`substitutions`)."""

from __future__ import annotations

from collections.abc import Mapping

from tracker.compare.align import Alignment, align_sections
from tracker.compare.chardiff import char_diff
from tracker.compare.keyterms import changed_terms
from tracker.compare.lineage import trace_lineage
from tracker.compare.locations import changed_locations
from tracker.compare.model import Change, ChangeKind, Comparison
from tracker.compare.moves import moved_pairs
from tracker.compare.references import differs_only_in_references, with_parent_numbers
from tracker.compare.substitutions import find_substitutions
from tracker.model import Document, Section, SectionKind, layout_key


def compare_documents(old: Document, new: Document) -> Comparison:
    """Every section that differs between `old` and `new`, in the new document's order; removed
    sections come right after the section that preceded them in the old one."""
    alignment = align_sections(old.sections, new.sections)
    pairs = [(old.sections[i], new.sections[j]) for i, j in alignment.pairs]
    implied = _implied_numbers(new)
    number_map = with_parent_numbers(
        {
            o.key: implied.get(n.key, n.key)
            for o, n in pairs
            if o.kind is SectionKind.ARTICLE and not o.deleted and not n.deleted
        }
    )
    moved = moved_pairs(alignment.pairs, [o.key == n.key for o, n in pairs])
    placed: list[tuple[tuple[int, int, int], Change]] = []
    for k, ((_, j), (o, n)) in enumerate(zip(alignment.pairs, pairs, strict=True)):
        change = describe_pair(o, n, number_map, moved=k in moved)
        if change is not None:
            placed.append(((j, 0, 0), change))
    old_chapters, new_chapters = _chapters(old), _chapters(new)
    for i in alignment.removed:
        section = old.sections[i]
        if _heading_only(section, new_chapters):
            continue
        change = _whole(ChangeKind.REMOVED, section.text, "", old=section, new=None)
        placed.append(((_anchor(alignment, i), 1, i), change))
    for j in alignment.added:
        section = new.sections[j]
        if _heading_only(section, old_chapters):
            continue
        placed.append(
            ((j, 0, 0), _whole(ChangeKind.ADDED, "", section.text, old=None, new=section))
        )
    placed.sort(key=lambda entry: entry[0])
    changes = trace_lineage([change for _, change in placed])
    matched = tuple((o.key, n.key) for o, n in pairs)
    changes, substitutions = find_substitutions(old, new, changes, number_map, matched)
    return Comparison(
        old=old,
        new=new,
        changes=tuple(changes),
        pairs=matched,
        substitutions=substitutions,
    )


def describe_pair(
    old: Section, new: Section, number_map: Mapping[str, str], *, moved: bool = False
) -> Change | None:
    """The change between two matched sections, or None when nothing a reader sees differs."""
    if old.deleted != new.deleted:
        kind = ChangeKind.ADDED if old.deleted else ChangeKind.REMOVED
        return _whole(kind, old.text, new.text, old=old, new=new, moved=moved)
    if layout_key(old.text) == layout_key(new.text) and layout_key(old.title) == layout_key(
        new.title
    ):
        if old.key == new.key:
            return None
        return Change(ChangeKind.RENUMBERED, old, new, char_diff(old.text, new.text), moved=moved)
    diff = char_diff(old.text, new.text)
    references_only = old.title == new.title and differs_only_in_references(
        old.text, new.text, number_map
    )
    return Change(
        ChangeKind.MODIFIED,
        old,
        new,
        diff,
        moved=moved,
        references_only=references_only,
        key_terms=changed_terms(old.text, new.text, diff),
        locations=changed_locations(old, new),
    )


def _whole(
    kind: ChangeKind,
    old_text: str,
    new_text: str,
    *,
    old: Section | None,
    new: Section | None,
    moved: bool = False,
) -> Change:
    diff = char_diff(old_text, new_text)
    terms = changed_terms(old_text, new_text, diff)
    return Change(kind, old, new, diff, moved=moved, key_terms=terms)


def _implied_numbers(document: Document) -> dict[str, str]:
    """The number a section without one stands for, where the numbers around it leave exactly
    one free: text under `Contact` between clauses 5.2 and 7.1 is section 6 (what a reference
    to `Section 6` points at)."""
    implied: dict[str, str] = {}
    tops = [
        (index, int(top))
        for index, section in enumerate(document.sections)
        if section.kind is SectionKind.ARTICLE and (top := section.key.split(".")[0]).isdigit()
    ]
    for index, section in enumerate(document.sections):
        if section.kind is not SectionKind.UNNUMBERED:
            continue
        before = [top for i, top in tops if i < index]
        after = [top for i, top in tops if i > index]
        if before and after and after[0] - before[-1] == 2:
            implied[section.key] = str(before[-1] + 1)
    return implied


def _chapters(document: Document) -> set[str]:
    return {layout_key(s.chapter) for s in document.sections if s.chapter}


def _heading_only(section: Section, chapters: set[str]) -> bool:
    """A numbered section with no text of its own whose heading the other version keeps as a
    heading without a number (`1. Services` → `Services` over clauses 1.1 …): the numbers were
    dropped, nothing was added or removed."""
    return (
        section.kind is SectionKind.ARTICLE
        and not layout_key(section.text)
        and section.title is not None
        and layout_key(section.title) in chapters
    )


def _anchor(alignment: Alignment, removed: int) -> int:
    """The new index of the nearest matched section before an old one; -1 when there is none."""
    best = -1
    for i, j in alignment.pairs:
        if i > removed:
            break
        best = j
    return best
