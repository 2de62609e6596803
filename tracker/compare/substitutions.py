"""Edits made across the document, found once: 「労働者」を「社員」に改める（全条）.

A revision often makes one edit everywhere — a term, a company name, an amount, a reference
style — and every section it touches is "modified". This module finds those edits in the
per-section diffs so a report can state each once and show what else changed
(docs/decisions/0003-substitutions.md has the reasons and the measured edges):

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
from typing import Final

from tracker.compare.chardiff import char_diff
from tracker.compare.keyterms import changed_terms
from tracker.compare.model import (
    Change,
    Substitution,
    Touch,
)
from tracker.compare.overlay import overlay
from tracker.compare.substitution_hunks import (
    WILDCARD,
    Hunk,
    Part,
    Rule,
    Subject,
    display,
    expand,
    hunks_in,
    subjects_of,
    substitution_parts,
)
from tracker.compare.substitution_marks import marked_change, regions_of
from tracker.model import Document

__all__ = ["find_substitutions", "substitution_parts"]

MIN_SECTIONS: Final = 3
MIN_WHOLE_DOCUMENT: Final = 2
MIN_REPEATED: Final = 4  # characters of a repeated insertion or deletion without context
MAX_PATTERNS: Final = 40  # contexts tried per group of hunks

_NUMERIC: Final = re.compile(r"[0-9][0-9.,]*")


def find_substitutions(
    old: Document,
    new: Document,
    changes: Sequence[Change],
    number_map: Mapping[str, str],
    pairs: Sequence[tuple[str, str]] = (),
) -> tuple[list[Change], tuple[Substitution, ...]]:
    """The changes with their substitutions marked, and the substitutions, numbered from 1."""
    subjects = subjects_of(changes, number_map)
    found = [h for index, subject in enumerate(subjects) for h in hunks_in(index, subject)]
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
        change, counts = marked_change(
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


def _propose(found: list[Hunk], subjects: list[Subject]) -> list[Rule]:
    """Candidate rules from the groups of hunks seen in two sections or more."""
    groups: dict[tuple[str, str], list[Hunk]] = {}
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
    core: tuple[str, str], members: list[Hunk], subjects: list[Subject]
) -> tuple[Rule, set[Hunk]] | None:
    """The context that makes the group's edit consistent in the most sections."""
    by_context: dict[tuple[tuple[Part, ...], tuple[Part, ...]], list[Hunk]] = {}
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
    best: tuple[tuple[int, int, int, int], Rule, list[Hunk]] | None = None
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
    old, new = display(rule.old), display(rule.new)
    return bool(changed_terms(old, new, char_diff(old, new)))


def _consistent_sections(rule: Rule, hs: list[Hunk], subjects: list[Subject]) -> tuple[int, int]:
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


def _holds_alone(rule: Rule, subject: Subject) -> bool:
    for field in (0, 1):
        text = subject.old[field]
        regions = [
            (m.start(), m.end(), expand(rule.new, list(m.groupdict().values())), 1)
            for m in rule.pattern.finditer(text)
        ]
        if regions and overlay(text, regions, subject.new[field]).broken:
            return False
    return True


def _simplest(
    rules: list[Rule], subjects: list[Subject], found: list[Hunk], old: Document
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
        return len(display(rules[r].old) + rules[r].core[1])

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
    return not part.positional and not whole.positional and display(part.old) in display(whole.old)


def _leftover(
    held: dict[int, set[int]], rules: list[Rule], subjects: list[Subject], found: list[Hunk]
) -> int:
    """Characters of the subjects' differences that the held rules leave unexplained."""
    total = 0
    for index, chosen in held.items():
        subject = subjects[index]
        for field in (0, 1):
            regions = regions_of(subject, field, chosen, rules, found, index)
            ops = overlay(subject.old[field], regions, subject.new[field]).ops
            total += sum(len(text) for op, text, tag in ops if op and not tag)
    return total


def _settle(
    rules: list[Rule],
    subjects: list[Subject],
    found: list[Hunk],
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
                    regions = regions_of(subject, field, candidates, rules, found, index)
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


def _occurs(rule: Rule, index: int, subject: Subject, found: list[Hunk]) -> bool:
    if rule.positional:
        return any(h.subject == index and (h.deleted, h.inserted) == rule.core for h in found)
    return any(rule.pattern.search(text) for text in subject.old)


def _accepted(
    r: int, rule: Rule, held: dict[int, set[int]], subjects: list[Subject], old: Document
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


def _substitution(
    number: int,
    rule: Rule,
    touches: list[Touch],
    new: Document,
    old_key_of: Mapping[str, str],
) -> Substitution:
    old_text, new_text = display(rule.old), display(rule.new)
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
