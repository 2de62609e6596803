"""A comparison as the JSON of CONTRACT.md (`compare --format json`).

The contract's keys come first, in its order; the fields it leaves to us follow `flags`:
`old_title` (the caption before, so a caption change is visible), `locations` (the changed
paragraphs and items), and the split/merge links `split_from`, `split_into`, `merged_from`,
`merged_into` (old keys on the old side, new keys on the new side).
"""

from __future__ import annotations

from typing import Any

from tracker.compare.model import Change, Comparison, KeyTerm
from tracker.model import Document


def comparison_to_json(comparison: Comparison) -> dict[str, Any]:
    return {
        "old": _version(comparison.old),
        "new": _version(comparison.new),
        "summary": comparison.summary.as_json(),
        "changes": [change_to_json(change) for change in comparison.changes],
    }


def change_to_json(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind.value,
        "old_key": change.old_key,
        "new_key": change.new_key,
        "old_number": change.old_number,
        "new_number": change.new_number,
        "title": change.title,
        "moved": change.moved,
        "references_only": change.references_only,
        "diff": [[op, text] for op, text in change.diff],
        "key_terms": [_term(term) for term in change.key_terms],
        "flags": list(change.flags),
        "old_title": change.old_title,
        "locations": list(change.locations),
        "split_from": change.split_from,
        "split_into": list(change.split_into),
        "merged_from": list(change.merged_from),
        "merged_into": change.merged_into,
    }


def _version(document: Document) -> dict[str, Any]:
    return {"source": document.source, "dates": document.dates.as_json()}


def _term(term: KeyTerm) -> dict[str, str | None]:
    return {"type": term.type.value, "old": term.old, "new": term.new}
