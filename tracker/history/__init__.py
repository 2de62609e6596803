"""The history of each tracked document: versions, what changed between them, and why.

- `record`: what one fetch means (`record_snapshot`, `record_not_modified`, `record_failure`),
  called by `check`;
- `imports`, `accept`, `rebuild`: what a person does to a history (backfill an archived copy,
  take a held-back snapshot, re-derive everything with the current normaliser);
- `rules`: when two versions are the same agreement, when a parse looks broken, which version
  was in force on a day (pure); `derive`: the one parse of raw snapshots;
- `versions`: the writes those paths share; `lookup`: which document, which revision;
- `integrity`: which stored versions lost their raw snapshot file.
"""

from tracker.history.accept import accept_suspect
from tracker.history.imports import import_copy
from tracker.history.integrity import MissingSnapshots, missing_snapshots
from tracker.history.outcome import HistoryError, Outcome, OutcomeKind
from tracker.history.rebuild import RebuildKind, Rebuilt, rebuild
from tracker.history.record import record_failure, record_not_modified, record_snapshot
from tracker.history.rules import content_hash, is_suspect, version_in_force

__all__ = [
    "HistoryError",
    "MissingSnapshots",
    "Outcome",
    "OutcomeKind",
    "RebuildKind",
    "Rebuilt",
    "accept_suspect",
    "content_hash",
    "import_copy",
    "is_suspect",
    "missing_snapshots",
    "rebuild",
    "record_failure",
    "record_not_modified",
    "record_snapshot",
    "version_in_force",
]
