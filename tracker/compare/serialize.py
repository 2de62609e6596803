"""A comparison as the JSON of CONTRACT.md (`compare --format json`).

The contract's keys come first, in its order; the fields it leaves to us follow `flags`:
`old_title` (the caption before, so a caption change is visible), `locations` (the changed
paragraphs and items), and the split/merge links `split_from`, `split_into`, `merged_from`,
`merged_into` (old keys on the old side, new keys on the new side).

Edits made across the document are listed once in `substitutions` (after `changes`); each
change says which touched it (`substitutions`, by number), whether they explain all of it
(`substitutions_only`), and gives `marked_diff`, its diff with every substituted piece tagged
`[op, text, number]` (0: not a substitution). Every change and its `diff` stay as they are:
nothing is left out because a substitution explains it.
"""

from __future__ import annotations

from typing import Any

from tracker.compare.model import Change, Comparison, KeyTerm, Substitution, Touch
from tracker.model import Document


def comparison_to_json(comparison: Comparison) -> dict[str, Any]:
    return {
        "old": _version(comparison.old),
        "new": _version(comparison.new),
        "summary": comparison.summary.as_json(),
        "changes": [change_to_json(change) for change in comparison.changes],
        "substitutions": [substitution_to_json(s) for s in comparison.substitutions],
    }


def substitution_to_json(substitution: Substitution) -> dict[str, Any]:
    return {
        "number": substitution.number,
        "kind": substitution.kind.value,
        "old": substitution.old,
        "new": substitution.new,
        "count": substitution.count,
        "sections": [_touch(t) for t in substitution.sections],
        "kept": [_touch(t) for t in substitution.kept],
        "key_terms": [_term(term) for term in substitution.key_terms],
        "flags": list(substitution.flags),
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
        "substitutions": list(change.substitutions),
        "substitutions_only": change.substitutions_only,
        "marked_diff": [[op, text, mark] for op, text, mark in change.marked_diff],
    }


def _version(document: Document) -> dict[str, Any]:
    return {"source": document.source, "dates": document.dates.as_json()}


def _touch(touch: Touch) -> dict[str, Any]:
    return {"old_key": touch.old_key, "new_key": touch.new_key, "count": touch.count}


def _term(term: KeyTerm) -> dict[str, str | None]:
    return {"type": term.type.value, "old": term.old, "new": term.new}
