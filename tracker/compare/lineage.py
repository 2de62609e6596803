"""Splits and merges: where an added section's text came from, where a removed one's went.

A split leaves the original article modified (it lost text) and adds a new one holding that
text; a merge removes an article and makes another one gain its text. So an added section whose
bigrams lie mostly (`CONTAINMENT_THRESHOLD`) inside the text a modified section *deleted* was
split from it, and a removed section whose bigrams lie mostly inside the text a modified section
*inserted* was merged into it. Comparing the other way round turns one into the other exactly.
"""

from __future__ import annotations

import dataclasses
from typing import Final

from tracker.compare.model import DELETE, INSERT, Change, ChangeKind
from tracker.compare.references import mask_references
from tracker.compare.similarity import bigrams, containment, words

CONTAINMENT_THRESHOLD: Final = 0.6
MIN_CHARS: Final = 8  # shorter sections (削除, a one-line heading) share bigrams with anything


def trace_lineage(changes: list[Change]) -> list[Change]:
    """The same changes with split_from/split_into and merged_from/merged_into filled in."""
    result = list(changes)
    modified = [k for k, c in enumerate(result) if c.kind is ChangeKind.MODIFIED]
    lost = {k: _grams(_text(result[k], DELETE)) for k in modified}
    gained = {k: _grams(_text(result[k], INSERT)) for k in modified}
    for k, change in enumerate(changes):
        if change.kind is ChangeKind.ADDED and change.new is not None:
            source = _best(change.new.text, lost)
            if source is not None:
                origin = result[source]
                assert origin.old is not None
                result[k] = dataclasses.replace(result[k], split_from=origin.old.key)
                result[source] = dataclasses.replace(
                    origin, split_into=(*origin.split_into, change.new.key)
                )
        elif change.kind is ChangeKind.REMOVED and change.old is not None:
            target = _best(change.old.text, gained)
            if target is not None:
                heir = result[target]
                assert heir.new is not None
                result[k] = dataclasses.replace(result[k], merged_into=heir.new.key)
                result[target] = dataclasses.replace(
                    heir, merged_from=(*heir.merged_from, change.old.key)
                )
    return result


def _grams(text: str) -> frozenset[str]:
    """What containment is measured on: words of English text, else character bigrams."""
    masked = mask_references(text)
    found = words(masked)
    return bigrams(masked) if found is None else found


def _text(change: Change, op: int) -> str:
    return "\n".join(text for kind, text in change.diff if kind == op)


def _best(text: str, candidates: dict[int, frozenset[str]]) -> int | None:
    if len(text) < MIN_CHARS:
        return None
    part = _grams(text)
    scored = [(containment(part, whole), -k) for k, whole in candidates.items()]
    scored = [entry for entry in scored if entry[0] >= CONTAINMENT_THRESHOLD]
    return -max(scored)[1] if scored else None
