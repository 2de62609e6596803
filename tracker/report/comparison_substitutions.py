"""How every view states the edits made across the document, once, at the top.

A substitution reads as a person would write it in a 新旧対照表: 「労働者」を「社員」に改める
（全条、61条 124箇所）, 「…」を加える, 「…」を削る; the terminal says the same in English. The
sections it touched are named in runs of the new document's order (第1条〜第9条、第11条〜第61条),
and the sections that changed by substitutions alone are listed compactly, like renumbered ones.
Substituted pieces inside a diff are marked with the substitution's number (※1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.compare.locations import section_label
from tracker.compare.model import (
    Change,
    Comparison,
    Substitution,
    SubstitutionKind,
    Touch,
)
from tracker.model import Document, SectionKind
from tracker.report.comparison_parts import numbers
from tracker.report.labels import is_english

MARK = "※"  # ※1: the piece belongs to substitution 1


@dataclass(frozen=True)
class SubstitutionEntry:
    """One substitution, worded for a view."""

    substitution: Substitution
    ja: str  # 「労働者」を「社員」に改める（全条、61条 124箇所）
    en: str  # 労働者 → 社員: 61 sections, 124 times (第1条–第61条)
    kept_ja: str | None  # なお「労働者」のまま: 第5条（1箇所）
    kept_en: str | None

    @property
    def mark(self) -> str:
        return f"{MARK}{self.substitution.number}"


def substitution_entries(comparison: Comparison) -> list[SubstitutionEntry]:
    return [_entry(s, comparison) for s in comparison.substitutions]


def substitution_only(comparison: Comparison) -> list[Change]:
    """The changes whose every difference is a substitution, in the new document's order."""
    return [change for change in comparison.changes if change.substitutions_only]


def only_labels(comparison: Comparison, *, english: bool = False) -> str:
    """第1条〜第9条、第11条→第10条〜第60条→第59条、第3条→第9条（移動）: the sections changed by
    substitutions alone, in runs; a run of renumbered ones shows its first and last numbers
    (`1.1–1.6, 3.1 (moved)` for an English agreement)."""
    dash, separator, moved = ("–", ", ", " (moved)") if english else ("〜", "、", "（移動）")
    changes = substitution_only(comparison)
    by_key = {c.new_key: c for c in changes if c.new_key is not None and not c.moved}
    runs: list[list[Change]] = []
    previous: Change | None = None
    for section in comparison.new.sections:
        change = by_key.get(section.key)
        renumbered = change is not None and change.old_key != change.new_key
        if change is not None and previous is not None and renumbered == _renumbered(previous):
            runs[-1].append(change)
        elif change is not None:
            runs.append([change])
        previous = change
    parts = [
        numbers(run[0]) if len(run) == 1 else f"{numbers(run[0])}{dash}{numbers(run[-1])}"
        for run in runs
    ]
    parts += [numbers(c) + moved for c in changes if c.moved]
    return separator.join(parts)


def _renumbered(change: Change) -> bool:
    return change.old_key != change.new_key


def _entry(substitution: Substitution, comparison: Comparison) -> SubstitutionEntry:
    old, new = substitution.old, substitution.new
    if substitution.kind is SubstitutionKind.INSERTED:
        action_ja, action_en = f"「{new}」を加える", f"+「{new}」"
    elif substitution.kind is SubstitutionKind.DELETED:
        action_ja, action_en = f"「{old}」を削る", f"-「{old}」"
    else:
        action_ja, action_en = f"「{old}」を「{new}」に改める", f"{old} → {new}"
    touched = [t.new_key for t in substitution.sections if t.new_key]
    where = _where(touched, comparison)
    where_en = _where(touched, comparison, english=is_english(comparison.new))
    sections, count = len(substitution.sections), substitution.count
    ja = f"{action_ja}（{where}、{sections}条 {count}箇所）"
    en = f"{action_en}: {_plural(sections, 'section')}, {_plural(count, 'time')} ({where_en})"
    kept_ja = kept_en = None
    if substitution.kept:
        kept = _kept(substitution.kept, comparison.new)
        kept_ja, kept_en = f"なお「{old}」のまま: {kept}", f"{old} still in {kept}"
    return SubstitutionEntry(substitution, ja, en, kept_ja, kept_en)


def _where(keys: Sequence[str], comparison: Comparison, *, english: bool = False) -> str:
    """全条 when every article of the new version was touched, else the runs of sections."""
    everything, separator, dash = ("all sections", ", ", "–") if english else ("全条", "、", "〜")
    articles = [s.key for s in comparison.new.sections if s.kind is SectionKind.ARTICLE]
    articles = [k for k in articles if not _deleted(comparison.new, k)]
    if len(articles) > 1 and set(articles) <= set(keys):
        others = [k for k in keys if k not in set(articles)]
        rest = _runs(others, comparison.new, dash)
        return everything + (separator + separator.join(rest) if others else "")
    return separator.join(_runs(keys, comparison.new, dash))


def _deleted(document: Document, key: str) -> bool:
    section = document.section(key)
    return section is not None and section.deleted


def _runs(keys: Sequence[str], document: Document, dash: str = "〜") -> list[str]:
    """Keys in runs of consecutive sections of `document`: 第1条〜第9条, 第11条."""
    wanted = set(keys)
    runs: list[list[str]] = []
    previous_in = False
    for section in document.sections:
        inside = section.key in wanted
        if inside and previous_in:
            runs[-1].append(section_label(section))
        elif inside:
            runs.append([section_label(section)])
        previous_in = inside
    return [run[0] if len(run) == 1 else f"{run[0]}{dash}{run[-1]}" for run in runs]


def _kept(kept: Sequence[Touch], document: Document) -> str:
    parts = []
    for touch in kept:
        section = document.section(touch.new_key) if touch.new_key else None
        label = section_label(section) if section else touch.new_key or "?"
        parts.append(f"{label}（{touch.count}箇所）")
    return "、".join(parts)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")
