"""What a comparison of two versions of an agreement produces: one `Change` per differing section.

Plain frozen dataclasses; the renderers in `tracker.report` turn them into JSON, terminal text
and 新旧対照表 tables, and the obligations stage fills `Change.flags`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from tracker.model import Document, Section

DELETE: Final = -1
EQUAL: Final = 0
INSERT: Final = 1

DiffOp = tuple[int, str]
"""One diff-match-patch operation: (DELETE | EQUAL | INSERT, text)."""

MarkedOp = tuple[int, str, int]
"""A diff operation with the number of the substitution it belongs to (0: none)."""


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"
    RENUMBERED = "renumbered"  # same content (and caption), new number


class TermType(StrEnum):
    DURATION = "duration"
    AMOUNT = "amount"
    PERCENTAGE = "percentage"
    DATE = "date"


@dataclass(frozen=True)
class KeyTerm:
    """A duration, amount, percentage or date that changed; None on the side where it is absent."""

    type: TermType
    old: str | None
    new: str | None


class SubstitutionKind(StrEnum):
    REPLACED = "replaced"  # 「old」を「new」に改める
    INSERTED = "inserted"  # the same text added in many places: 「new」を加える
    DELETED = "deleted"  # the same text removed in many places: 「old」を削る


@dataclass(frozen=True)
class Touch:
    """A section a substitution touched (or left standing), and how many times."""

    old_key: str | None
    new_key: str | None
    count: int


@dataclass(frozen=True)
class Substitution:
    """One edit made across the document: the same replacement in many sections, reported once.

    `old` and `new` are as a reader sees them; a digit run that differs from place to place is
    written `N` (第N条 → 第N条の). `sections` are the sections it touched, in the new document's
    order; `kept` the sections whose new text still holds `old` (none for a clean, global
    replacement). See `tracker.compare.substitutions` and docs/decisions/0003.
    """

    number: int  # 1, 2, …: what reports refer to (※1)
    kind: SubstitutionKind
    old: str
    new: str
    sections: tuple[Touch, ...]
    kept: tuple[Touch, ...] = ()
    key_terms: tuple[KeyTerm, ...] = ()
    flags: tuple[str, ...] = ()  # filled by the obligations stage, from every section touched

    @property
    def count(self) -> int:
        return sum(touch.count for touch in self.sections)


@dataclass(frozen=True)
class Change:
    """One section that differs between the versions.

    `old` is None for an added section and `new` for a removed one, except that a section
    replaced by a 削除 slot under the same number is `removed` with both sides kept (and one
    filled in a former 削除 slot is `added` with both sides kept).

    `diff` is over the canonical `text` only: ops EQUAL+DELETE rebuild `old.text`, EQUAL+INSERT
    `new.text`. A caption change shows in `old_title`/`title` and counts as a modification.
    """

    kind: ChangeKind
    old: Section | None
    new: Section | None
    diff: tuple[DiffOp, ...]
    moved: bool = False
    references_only: bool = False
    key_terms: tuple[KeyTerm, ...] = ()
    locations: tuple[str, ...] = ()  # changed 項/号 inside a modified section: "第8条第2項"
    split_from: str | None = None  # added: the old key whose content this section took over
    split_into: tuple[str, ...] = ()  # modified: new keys that took part of its content
    merged_from: tuple[str, ...] = ()  # modified: old keys whose content it absorbed
    merged_into: str | None = None  # removed: the new key that absorbed its content
    flags: tuple[str, ...] = ()  # filled by the obligations stage: "notice", "fees", …
    # Substitutions (`Comparison.substitutions`) that touched this section, by number; with
    # `substitutions_only` they explain every difference (cross-references that follow the
    # renumbering aside). `marked_diff` is the diff of `text` with each substituted piece
    # tagged with its number (also rebuilding both texts); `marked_title` the same for the
    # caption when a substitution changed it. Empty when no substitution touched the section.
    substitutions: tuple[int, ...] = ()
    substitutions_only: bool = False
    marked_diff: tuple[MarkedOp, ...] = ()
    marked_title: tuple[MarkedOp, ...] = ()

    @property
    def old_key(self) -> str | None:
        return self.old.key if self.old else None

    @property
    def new_key(self) -> str | None:
        return self.new.key if self.new else None

    @property
    def old_number(self) -> str | None:
        return self.old.number if self.old else None

    @property
    def new_number(self) -> str | None:
        return self.new.number if self.new else None

    @property
    def title(self) -> str | None:
        """The caption of the new version, or of the old one when the section was removed."""
        return self.section.title

    @property
    def old_title(self) -> str | None:
        return self.old.title if self.old else None

    @property
    def section(self) -> Section:
        """The section as it stands now, or as it stood when it was removed."""
        if self.kind is ChangeKind.REMOVED or self.new is None:
            assert self.old is not None
            return self.old
        return self.new


@dataclass(frozen=True)
class Summary:
    added: int = 0
    removed: int = 0
    modified: int = 0
    renumbered: int = 0

    @classmethod
    def of(cls, changes: tuple[Change, ...]) -> Summary:
        counts = {kind: 0 for kind in ChangeKind}
        for change in changes:
            counts[change.kind] += 1
        return cls(
            added=counts[ChangeKind.ADDED],
            removed=counts[ChangeKind.REMOVED],
            modified=counts[ChangeKind.MODIFIED],
            renumbered=counts[ChangeKind.RENUMBERED],
        )

    def as_json(self) -> dict[str, int]:
        return {
            "added": self.added,
            "removed": self.removed,
            "modified": self.modified,
            "renumbered": self.renumbered,
        }


@dataclass(frozen=True)
class Comparison:
    """Two versions and what differs between them, in the new document's order."""

    old: Document
    new: Document
    changes: tuple[Change, ...]
    pairs: tuple[tuple[str, str], ...] = ()  # (old key, new key) of every matched section
    substitutions: tuple[Substitution, ...] = ()  # edits made across the document, by number

    @property
    def number_map(self) -> dict[str, str]:
        """Old key → new key of every section found in both versions, changed or not."""
        return dict(self.pairs)

    @property
    def summary(self) -> Summary:
        return Summary.of(self.changes)
