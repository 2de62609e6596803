"""Edits made across the document, found once: 「労働者」を「社員」に改める（全条）.

A revision often makes one edit everywhere — a term, a company name, an amount, a reference
style — and every section it touches is "modified". This module finds those edits in the
per-section diffs so a report can state each once and show what else changed
(docs/decisions/0002-substitutions.md has the reasons and the measured edges):

1. **Subjects**: every modified section found in both versions: its body, with the
   cross-references that follow the renumbering rewritten to the new numbers (a renumbering is
   never an edit here), and its caption.
2. **Candidates**: the hunks of each subject's character diff, a pure insertion or deletion slid
   as far right as it goes, grouped by what they delete and insert. A group seen in two sections
   or more becomes a rule: its text plus as much of the unchanged tokens around it as makes it
   consistent in the most sections, the shortest such (a number keeps the unit after it: 3か月);
   a digit run in that context stands for any digit run (第N条 → 第N条の).
3. **Consistency**: a rule holds in a section when every place its old text occurs there became
   its new text: all the rules that hold are applied, the rest is diffed (`overlay`), and no
   applied place is touched by that residual diff. Where it does not hold, the edit stays an
   ordinary change of that section.
4. **Support**: a rule is accepted when it holds in `MIN_SECTIONS` sections, or in two when its
   old text occurs nowhere else in the old document (a whole-document replacement); never for
   one section. A pure insertion or deletion without a consistent context is accepted as a
   repeated edit of the same text (`MIN_REPEATED` characters or more) in `MIN_SECTIONS` sections.

Nothing is removed from a change: `diff`, `key_terms` and flags stay as they were; the change
gains the numbers of its substitutions, `substitutions_only`, and a `marked_diff` in which each
substituted piece is tagged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Final

from tracker.compare.chardiff import char_diff, fine_diff, hunks, tokens
from tracker.compare.keyterms import changed_terms
from tracker.compare.model import (
    DELETE,
    EQUAL,
    INSERT,
    Change,
    ChangeKind,
    Comparison,
    DiffOp,
    MarkedOp,
    Substitution,
    SubstitutionKind,
    Touch,
)
from tracker.compare.overlay import Region, apply_regions, overlay, to_source
from tracker.compare.references import renumbered
from tracker.model import Document

MIN_SECTIONS: Final = 3
MIN_WHOLE_DOCUMENT: Final = 2
MIN_REPEATED: Final = 4  # characters of a repeated insertion or deletion without context
CONTEXT: Final = 3  # tokens of unchanged text either side that a rule may take
CONTEXT_CHARS: Final = 24  # how far to look for them
MAX_PATTERNS: Final = 40  # contexts tried per group of hunks
MAX_SPLIT: Final = 60  # characters of a hunk worth splitting into its parts
MAX_GAP: Final = 3  # unchanged characters between two hunks that may be one replacement
WILDCARD: Final = "N"  # how a digit run that varies is written

Part = str | None  # literal text, or None: any run of digits
_NUMERIC: Final = re.compile(r"[0-9][0-9.,]*")


@dataclass(frozen=True)
class Rule:
    """A candidate substitution: a pattern and its replacement, or (`positional`) one text
    inserted or deleted at the places the diffs put it."""

    old: tuple[Part, ...]
    new: tuple[Part, ...]
    core: tuple[str, str]  # what the hunks it came from delete and insert
    positional: bool = False

    @property
    def kind(self) -> SubstitutionKind:
        if self.positional:
            return SubstitutionKind.DELETED if self.core[0] else SubstitutionKind.INSERTED
        return SubstitutionKind.DELETED if not _display(self.new) else SubstitutionKind.REPLACED

    @property
    def pattern(self) -> re.Pattern[str]:
        return _combined((self.old,))


@dataclass(frozen=True)
class _Subject:
    change: int  # index into the changes
    old: tuple[str, str]  # body (references renumbered), caption
    new: tuple[str, str]
    original: str  # the old body as it stands
    references: tuple[Region, ...]  # original → old[0]
    diff: tuple[DiffOp, ...]  # of the body, old[0] → new[0]


@dataclass(frozen=True)
class _Hunk:
    subject: int
    field: int  # 0 body, 1 caption
    start: int  # in the subject's old field
    end: int
    deleted: str
    inserted: str
    left: tuple[Part, ...]  # unchanged tokens before it, nearest last
    right: tuple[Part, ...]


def find_substitutions(
    old: Document,
    new: Document,
    changes: Sequence[Change],
    number_map: Mapping[str, str],
    pairs: Sequence[tuple[str, str]] = (),
) -> tuple[list[Change], tuple[Substitution, ...]]:
    """The changes with their substitutions marked, and the substitutions, numbered from 1."""
    subjects = _subjects(changes, number_map)
    found = [h for index, subject in enumerate(subjects) for h in _hunks(index, subject)]
    rules = _propose(found, subjects)
    held = _simplest(rules, subjects, found, old)
    accepted = sorted({r for rules_held in held.values() for r in rules_held})
    if not accepted:
        return list(changes), ()
    first_seen = {r: min(s for s, rs in held.items() if r in rs) for r in accepted}
    support = {r: sum(r in rs for rs in held.values()) for r in accepted}
    order = sorted(accepted, key=lambda r: (-support[r], first_seen[r]))
    number = {r: n for n, r in enumerate(order, 1)}
    result = list(changes)
    touches: dict[int, list[Touch]] = {r: [] for r in accepted}
    for index, rules_held in sorted(held.items()):
        if not rules_held:
            continue
        subject = subjects[index]
        change, counts = _marked(
            result[subject.change], index, subject, (rules, rules_held, found), number
        )
        result[subject.change] = change
        for r, count in counts.items():
            touches[r].append(Touch(change.old_key, change.new_key, count))
    old_key_of = {n: o for o, n in pairs}
    substitutions = tuple(
        _substitution(number[r], rules[r], touches[r], new, old_key_of) for r in order
    )
    return result, substitutions


def _subjects(changes: Sequence[Change], number_map: Mapping[str, str]) -> list[_Subject]:
    subjects = []
    for index, change in enumerate(changes):
        if change.kind is not ChangeKind.MODIFIED or change.old is None or change.new is None:
            continue
        if change.split_into or change.merged_from:
            continue
        references = tuple(renumbered(change.old.text, number_map))
        body = apply_regions(change.old.text, references)
        # the comparison's own diff serves when no reference was renumbered (the common case)
        diff = change.diff if not references else char_diff(body, change.new.text)
        subjects.append(
            _Subject(
                index,
                (body, change.old.title or ""),
                (change.new.text, change.new.title or ""),
                change.old.text,
                references,
                diff,
            )
        )
    return subjects


def _hunks(index: int, subject: _Subject) -> list[_Hunk]:
    """The hunks of each field's diff, and the parts of each short hunk that a diff without
    cleanup tells apart (甲及び乙 → 当社及び利用者 is also 甲 → 当社 and 乙 → 利用者)."""
    found = []
    for field in (0, 1):
        old, new = subject.old[field], subject.new[field]
        if old == new:
            continue
        diff = subject.diff if field == 0 else char_diff(old, new)
        spans = [(h.old_start, h.old_end, h.deleted, h.inserted) for h in hunks(diff)]
        found += _described(index, field, old, spans)
        for joined, bounds in _joined_neighbours(old, spans):
            found += _described(index, field, old, [joined], within=bounds)
        for k, (start, _, deleted, inserted) in enumerate(spans):
            if not deleted or not inserted or len(deleted) + len(inserted) > MAX_SPLIT:
                continue
            parts = [
                (start + h.old_start, start + h.old_end, h.deleted, h.inserted)
                for h in hunks(fine_diff(deleted, inserted))
            ]
            if len(parts) > 1:
                floor = spans[k - 1][1] if k else 0
                ceiling = spans[k + 1][0] if k + 1 < len(spans) else len(old)
                found += _described(index, field, old, parts, within=(floor, ceiling))
    return found


def _joined_neighbours(
    old: str, spans: list[tuple[int, int, str, str]]
) -> list[tuple[tuple[int, int, str, str], tuple[int, int]]]:
    """Each two hunks a few unchanged characters apart as one (本規約 → 規約等 is 本 deleted and
    等 inserted around 規約): a candidate for a replacement the diff cut in two; with the
    unchanged text around it."""
    joined = []
    for k in range(len(spans) - 1):
        start, end, deleted, inserted = spans[k]
        start2, end2, deleted2, inserted2 = spans[k + 1]
        gap = old[end:start2]
        if 0 < len(gap) <= MAX_GAP and "\n" not in gap:
            floor = spans[k - 1][1] if k else 0
            ceiling = spans[k + 2][0] if k + 2 < len(spans) else len(old)
            hunk = (start, end2, deleted + gap + deleted2, inserted + gap + inserted2)
            joined.append((hunk, (floor, ceiling)))
    return joined


def _described(
    index: int,
    field: int,
    old: str,
    spans: list[tuple[int, int, str, str]],
    within: tuple[int, int] | None = None,
) -> list[_Hunk]:
    """Hunks with the unchanged tokens around them (up to the neighbouring hunks)."""
    found = []
    for k, (start, end, deleted, inserted) in enumerate(spans):
        floor = spans[k - 1][1] if k else (within[0] if within else 0)
        ceiling = spans[k + 1][0] if k + 1 < len(spans) else (within[1] if within else len(old))
        if not deleted or not inserted:
            start, end, deleted, inserted = _slid(old, start, end, deleted, inserted, ceiling)
        left = _context(old[floor:start], before=True)
        right = _context(old[end:ceiling], before=False)
        found.append(_Hunk(index, field, start, end, deleted, inserted, left, right))
    return found


def _slid(
    text: str, start: int, end: int, deleted: str, inserted: str, ceiling: int
) -> tuple[int, int, str, str]:
    """A pure insertion or deletion moved as far right as the unchanged text after it allows,
    so the same sentence added after a 。 reads the same everywhere."""
    moving = deleted or inserted
    while end < ceiling and text[end] == moving[0] and not _joins(moving[0], text[end]):
        moving = moving[1:] + text[end]
        start, end = start + 1, end + 1
    return (start, end, moving, "") if deleted else (start, end, "", moving)


def _joins(a: str, b: str) -> bool:
    return a.isascii() and a.isalnum() and b.isascii() and b.isalnum()


def _context(text: str, *, before: bool) -> tuple[Part, ...]:
    """Up to CONTEXT tokens of `text` next to a hunk, never across a line break."""
    if before:
        text = text.rsplit("\n", 1)[-1]
        cut = len(text) > CONTEXT_CHARS
        found = tokens(text[-CONTEXT_CHARS:])
        found = found[1:] if cut and len(found) > 1 else found
        found = found[-CONTEXT:]
    else:
        text = text.split("\n", 1)[0]
        cut = len(text) > CONTEXT_CHARS
        found = tokens(text[:CONTEXT_CHARS])
        found = found[:-1] if cut and len(found) > 1 else found
        found = found[:CONTEXT]
    return tuple(None if token.isdigit() and token.isascii() else token for token in found)


def _propose(found: list[_Hunk], subjects: list[_Subject]) -> list[Rule]:
    """Candidate rules from the groups of hunks seen in two sections or more."""
    groups: dict[tuple[str, str], list[_Hunk]] = {}
    for h in found:
        groups.setdefault((h.deleted, h.inserted), []).append(h)
    ranked = sorted(
        groups.items(), key=lambda g: (-len({h.subject for h in g[1]}), -len("".join(g[0])))
    )
    rules: list[Rule] = []
    for core, members in ranked:
        remaining = members
        text = core[0] or core[1]
        pure = not core[0] or not core[1]
        if pure and len(text) >= MIN_REPEATED:  # a sentence added everywhere needs no anchor
            if len({h.subject for h in remaining}) >= 2:
                rules.append(Rule((), (), core, positional=True))
            continue
        while len({h.subject for h in remaining}) >= 2:
            best = _best_rule(core, remaining, subjects)
            if best is None:
                break
            rule, covered = best
            rules.append(rule)
            remaining = [h for h in remaining if h not in covered]
    return rules


def _best_rule(
    core: tuple[str, str], members: list[_Hunk], subjects: list[_Subject]
) -> tuple[Rule, set[_Hunk]] | None:
    """The context that makes the group's edit consistent in the most sections."""
    by_context: dict[tuple[tuple[Part, ...], tuple[Part, ...]], list[_Hunk]] = {}
    for h in members:
        for before in range(len(h.left) + 1):
            for after in range(len(h.right) + 1):
                if not core[0] and before + after == 0:
                    continue  # an insertion needs an anchor to be a pattern
                key = (h.left[len(h.left) - before :], h.right[:after])
                by_context.setdefault(key, []).append(h)
    candidates = [(key, hs) for key, hs in by_context.items() if len({h.subject for h in hs}) >= 2]
    candidates.sort(key=lambda c: (-len({h.subject for h in c[1]}), len(c[0][0]) + len(c[0][1])))
    numeric = bool(_NUMERIC.fullmatch(core[0]) or _NUMERIC.fullmatch(core[1]))
    best: tuple[tuple[int, int, int, int], Rule, list[_Hunk]] | None = None
    for (left, right), hs in candidates[:MAX_PATTERNS]:
        rule = Rule((*left, core[0], *right), (*left, core[1], *right), core)
        sections, score = _consistent_sections(rule, hs, subjects)
        if sections < 2:
            continue
        # a number is stated with its unit (3か月, 16,500円): the context that makes it a term
        unitless = int(numeric and not _is_term(rule))
        rank = (-score, unitless, len(left) + len(right), len(left))
        if best is None or rank < best[0]:
            best = (rank, rule, hs)
        if score == len(members) and not unitless:
            break  # consistent everywhere it was seen: no context can do better
    if best is None:
        return None
    return best[1], set(best[2])


def _is_term(rule: Rule) -> bool:
    old, new = _display(rule.old), _display(rule.new)
    return bool(changed_terms(old, new, char_diff(old, new)))


def _consistent_sections(rule: Rule, hs: list[_Hunk], subjects: list[_Subject]) -> tuple[int, int]:
    """The sections where the rule holds, and the hunks it explains there. It holds where its
    pattern occurs exactly where the hunks are, or, when it occurs more often (inside a hunk
    that also changed something else), where applying it leaves no place that the rest of the
    diff touches. The more hunks a rule explains the better: 労働者 → 社員 over 労働者は →
    社員は when one section kept a 労働者."""
    pattern = rule.pattern
    seen: dict[int, int] = {}
    for h in hs:
        seen[h.subject] = seen.get(h.subject, 0) + 1
    sections = explained = 0
    for index, count in seen.items():
        subject = subjects[index]
        occurrences = sum(len(pattern.findall(text)) for text in subject.old)
        if occurrences == count or (occurrences > count and _holds_alone(rule, subject)):
            sections += 1
            explained += count
    return sections, explained


def _holds_alone(rule: Rule, subject: _Subject) -> bool:
    for field in (0, 1):
        text = subject.old[field]
        regions = [
            (m.start(), m.end(), _expand(rule.new, list(m.groupdict().values())), 1)
            for m in rule.pattern.finditer(text)
        ]
        if regions and overlay(text, regions, subject.new[field]).broken:
            return False
    return True


def _simplest(
    rules: list[Rule], subjects: list[_Subject], found: list[_Hunk], old: Document
) -> dict[int, set[int]]:
    """Which rules hold in which subject, described as simply as the edit allows: where one rule
    is part of another (山 of 山田商事, 甲 of 甲乙), each is dropped in turn when the others
    explain as much, shortest first and longest first; the description that leaves least
    unexplained, with the fewest and then the shortest rules, wins (山田商事 → 川田ホールディング
    ス rather than 山 → 川 and 商事 → ホールディングス; 甲 → 当社 and 乙 → 利用者 rather than
    甲乙 → 当社利用者 as well)."""
    held = _settle(rules, subjects, found, old, set(range(len(rules))))
    accepted = {r for rs in held.values() for r in rs}
    # parts that the longer rules took every place of are candidates again
    accepted |= {p for p in range(len(rules)) for r in accepted if _part_of(rules[p], rules[r])}
    related = sorted(
        r
        for r in accepted
        if any(_part_of(rules[o], rules[r]) or _part_of(rules[r], rules[o]) for o in accepted - {r})
    )
    if not related:
        return held

    def size(r: int) -> int:
        return len(_display(rules[r].old) + rules[r].core[1])

    outcomes = []
    for order in (sorted(related, key=size), sorted(related, key=lambda r: -size(r))):
        current, kept = held, set(accepted)
        left = _leftover(current, rules, subjects, found)
        for r in order:
            if r not in kept:
                continue
            trial = _settle(rules, subjects, found, old, kept - {r})
            trial_left = _leftover(trial, rules, subjects, found)
            if trial_left <= left:
                current, left = trial, trial_left
                kept = {o for rs in trial.values() for o in rs}
        outcomes.append(((left, len(kept), sum(size(r) for r in kept)), current))
    return min(outcomes, key=lambda outcome: outcome[0])[1]


def _part_of(part: Rule, whole: Rule) -> bool:
    return (
        not part.positional and not whole.positional and _display(part.old) in _display(whole.old)
    )


def _leftover(
    held: dict[int, set[int]], rules: list[Rule], subjects: list[_Subject], found: list[_Hunk]
) -> int:
    """Characters of the subjects' differences that the held rules leave unexplained."""
    total = 0
    for index, chosen in held.items():
        subject = subjects[index]
        for field in (0, 1):
            regions = _regions(subject, field, chosen, rules, found, index)
            ops = overlay(subject.old[field], regions, subject.new[field]).ops
            total += sum(len(text) for op, text, tag in ops if op and not tag)
    return total


def _settle(
    rules: list[Rule],
    subjects: list[_Subject],
    found: list[_Hunk],
    old: Document,
    active: set[int],
) -> dict[int, set[int]]:
    """Which of the active rules hold in which subject, once those without support are gone."""
    while True:
        held: dict[int, set[int]] = {}
        for index, subject in enumerate(subjects):
            candidates = {r for r in active if _occurs(rules[r], index, subject, found)}
            while candidates:
                broken: set[int] = set()
                applied: set[int] = set()
                for field in (0, 1):
                    regions = _regions(subject, field, candidates, rules, found, index)
                    result = overlay(subject.old[field], regions, subject.new[field])
                    broken |= {tag - 1 for tag in result.broken}
                    applied |= {region[3] - 1 for region in regions}
                # a rule whose every place a longer one took does not hold here either
                broken |= candidates - applied
                if not broken:
                    break
                candidates -= broken
            held[index] = candidates
        keep = {r for r in active if _accepted(r, rules[r], held, subjects, old)}
        if keep == active:
            return held
        active = keep


def _occurs(rule: Rule, index: int, subject: _Subject, found: list[_Hunk]) -> bool:
    if rule.positional:
        return any(h.subject == index and (h.deleted, h.inserted) == rule.core for h in found)
    return any(rule.pattern.search(text) for text in subject.old)


def _accepted(
    r: int, rule: Rule, held: dict[int, set[int]], subjects: list[_Subject], old: Document
) -> bool:
    where = [index for index, rs in held.items() if r in rs]
    if len(where) >= MIN_SECTIONS:
        return True
    if rule.positional or len(where) < MIN_WHOLE_DOCUMENT:
        return False
    pattern = rule.pattern
    everywhere = sum(
        len(pattern.findall(text)) for s in old.sections for text in (s.text, s.title or "")
    )
    touched = sum(
        len(pattern.findall(text))
        for index in where
        for text in (subjects[index].original, subjects[index].old[1])
    )
    return everywhere == touched


def _regions(
    subject: _Subject,
    field: int,
    chosen: set[int],
    rules: list[Rule],
    found: list[_Hunk],
    index: int,
) -> list[Region]:
    """Where the chosen rules apply in one field of a subject, tagged with rule index + 1."""
    text = subject.old[field]
    patterned = sorted(
        (r for r in chosen if not rules[r].positional),
        key=lambda r: -len(_display(rules[r].old)),
    )
    regions: list[Region] = []
    if patterned:
        combined = _combined(tuple(rules[r].old for r in patterned))
        for match in combined.finditer(text):
            k = next(k for k in range(len(patterned)) if match.group(f"r{k}") is not None)
            r = patterned[k]
            values = [v for name, v in match.groupdict().items() if name.startswith(f"r{k}w")]
            regions.append((match.start(), match.end(), _expand(rules[r].new, values), r + 1))
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


def _marked(
    change: Change,
    index: int,
    subject: _Subject,
    held: tuple[list[Rule], set[int], list[_Hunk]],
    number: Mapping[int, int],
) -> tuple[Change, dict[int, int]]:
    """The change with its substituted pieces marked, and how often each rule applied."""
    rules, chosen, found = held
    counts: dict[int, int] = {}
    clean = True
    marked: list[tuple[MarkedOp, ...]] = []
    for field in (0, 1):
        regions = _regions(subject, field, chosen, rules, found, index)
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


def _substitution(
    number: int,
    rule: Rule,
    touches: list[Touch],
    new: Document,
    old_key_of: Mapping[str, str],
) -> Substitution:
    old_text, new_text = _display(rule.old), _display(rule.new)
    if rule.positional:
        old_text, new_text = rule.core
    touched = {t.new_key for t in touches}
    kept: list[Touch] = []
    pattern = rule.pattern
    if not rule.positional and not pattern.search(new_text.replace(WILDCARD, "1")):
        for section in new.sections:
            count = sum(len(pattern.findall(t)) for t in (section.text, section.title or ""))
            if count and section.key not in touched:
                kept.append(Touch(old_key_of.get(section.key), section.key, count))
    terms = (
        () if None in rule.old else changed_terms(old_text, new_text, char_diff(old_text, new_text))
    )
    return Substitution(number, rule.kind, old_text, new_text, tuple(touches), tuple(kept), terms)


def _display(parts: tuple[Part, ...]) -> str:
    return "".join(WILDCARD if part is None else part for part in parts)


def _expand(parts: tuple[Part, ...], values: list[str]) -> str:
    filled = iter(values)
    return "".join(next(filled) if part is None else part for part in parts)


def _source(parts: tuple[Part, ...], prefix: str) -> str:
    """The regular expression of a pattern; digit and Latin runs match whole, never a piece of a
    longer run."""
    pieces = []
    wild = 0
    for part in parts:
        if part is None:
            pieces.append(f"(?P<{prefix}{wild}>[0-9]+)")
            wild += 1
        else:
            pieces.append(re.escape(part))
    text = [p for p in parts if p != ""]
    first = "0" if not text or text[0] is None else text[0][0]
    last = "0" if not text or text[-1] is None else text[-1][-1]
    head = _guard(first, behind=True)
    tail = _guard(last, behind=False)
    return head + "".join(pieces) + tail


def _guard(char: str, *, behind: bool) -> str:
    if char.isascii() and char.isdigit():
        return "(?<![0-9])" if behind else "(?![0-9])"
    if char.isascii() and char.isalpha():
        return "(?<![A-Za-z])" if behind else "(?![A-Za-z])"
    return ""


@cache
def _combined(patterns: tuple[tuple[Part, ...], ...]) -> re.Pattern[str]:
    """One expression matching any of the patterns, longest first."""
    return re.compile("|".join(f"(?P<r{k}>{_source(p, f'r{k}w')})" for k, p in enumerate(patterns)))


def substitution_parts(comparison: Comparison, number: int) -> list[Change]:
    """Each section a substitution touched, as a change holding that substitution alone: what
    the obligations stage reads to flag it (a substitution of 3か月 → 1か月 is about notice)."""
    parts = []
    for change in comparison.changes:
        if number not in change.substitutions or change.old is None:
            continue
        diff = _only(change.marked_diff, number)
        title = _only(change.marked_title, number)
        text = "".join(t for op, t in diff if op != DELETE)
        caption = "".join(t for op, t in title if op != DELETE) if title else change.old.title
        new = replace(change.old, text=text, title=caption)
        terms = changed_terms(change.old.text, text, diff)
        parts.append(Change(ChangeKind.MODIFIED, change.old, new, diff, key_terms=terms))
    return parts


def _only(ops: Sequence[MarkedOp], number: int) -> tuple[DiffOp, ...]:
    """The ops of one substitution; every other change undone (its old text kept)."""
    result: list[DiffOp] = []
    for op, text, mark in ops:
        if mark != number:
            if op == INSERT:
                continue
            op = EQUAL
        if result and result[-1][0] == op:
            result[-1] = (op, result[-1][1] + text)
        else:
            result.append((op, text))
    return tuple(result)
