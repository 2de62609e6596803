"""Marking the pieces of a change that accepted substitutions account for (the last step of
`substitutions.py`): where each rule applies in a section's body and caption, moved from the
renumbered body back onto the body as it stands, overlaid on the new text so that every
substituted piece carries the number of its substitution and the rest is an ordinary diff."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from tracker.compare.model import Change, MarkedOp
from tracker.compare.overlay import Region, overlay, to_source
from tracker.compare.substitution_hunks import Hunk, Rule, Subject, combined, display, expand


def regions_of(
    subject: Subject,
    field: int,
    chosen: set[int],
    rules: list[Rule],
    found: list[Hunk],
    index: int,
) -> list[Region]:
    """Where the chosen rules apply in one field of a subject, tagged with rule index + 1."""
    text = subject.old[field]
    patterned = sorted(
        (r for r in chosen if not rules[r].positional),
        key=lambda r: -len(display(rules[r].old)),
    )
    regions: list[Region] = []
    if patterned:
        expression = combined(tuple(rules[r].old for r in patterned))
        for match in expression.finditer(text):
            k = next(k for k in range(len(patterned)) if match.group(f"r{k}") is not None)
            r = patterned[k]
            values = [v for name, v in match.groupdict().items() if name.startswith(f"r{k}w")]
            regions.append((match.start(), match.end(), expand(rules[r].new, values), r + 1))
    for r in chosen:
        if not rules[r].positional:
            continue
        for h in found:
            same = (h.subject, h.field, h.deleted, h.inserted) == (index, field, *rules[r].core)
            if same and not any(_overlaps(h.start, h.end, other) for other in regions):
                regions.append((h.start, h.end, h.inserted, r + 1))
    return sorted(regions)


def _overlaps(start: int, end: int, region: Region) -> bool:
    return (start < region[1] and region[0] < end) or start == end == region[0] == region[1]


def marked_change(
    change: Change,
    index: int,
    subject: Subject,
    held: tuple[list[Rule], set[int], list[Hunk]],
    number: Mapping[int, int],
) -> tuple[Change, dict[int, int]]:
    """The change with its substituted pieces marked, and how often each rule applied."""
    rules, chosen, found = held
    counts: dict[int, int] = {}
    clean = True
    marked: list[tuple[MarkedOp, ...]] = []
    for field in (0, 1):
        regions = regions_of(subject, field, chosen, rules, found, index)
        for region in regions:
            counts[region[3] - 1] = counts.get(region[3] - 1, 0) + 1
        clean = clean and overlay(subject.old[field], regions, subject.new[field]).clean
        if field == 0:
            source, regions = subject.original, _to_original(regions, subject.references)
        else:
            source = subject.old[1]
        ops = overlay(source, regions, subject.new[field]).ops if regions else ()
        marked.append(tuple((op, text, number[tag - 1] if tag else 0) for op, text, tag in ops))
    return (
        replace(
            change,
            substitutions=tuple(sorted(number[r] for r in counts)),
            substitutions_only=clean,
            marked_diff=marked[0],
            marked_title=marked[1],
        ),
        counts,
    )


def _to_original(regions: list[Region], references: tuple[Region, ...]) -> list[Region]:
    """Regions of the renumbered body moved onto the body as it stands; one that lands on a
    region already placed is left to the residual diff."""
    moved: list[Region] = []
    for start, end, replacement, tag in regions:
        a = to_source(start, references, end=False)
        b = to_source(end, references, end=True)
        if moved and a < moved[-1][1]:
            continue
        moved.append((a, b, replacement, tag))
    return moved
