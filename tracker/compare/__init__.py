"""Article-level comparison of two versions of an agreement.

align (match sections by content) → describe each pair (kind, references-only, moved) →
character diff, key terms and changed paragraphs per section → splits and merges.
Pure functions over `tracker.model` values; the renderers live in `tracker.report`.
"""

from tracker.compare.changes import compare_documents
from tracker.compare.model import (
    Change,
    ChangeKind,
    Comparison,
    DiffOp,
    KeyTerm,
    Substitution,
    SubstitutionKind,
    Summary,
    TermType,
    Touch,
)

__all__ = [
    "Change",
    "ChangeKind",
    "Comparison",
    "DiffOp",
    "KeyTerm",
    "Substitution",
    "SubstitutionKind",
    "Summary",
    "TermType",
    "Touch",
    "compare_documents",
]
