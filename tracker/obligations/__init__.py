"""Obligations: what an agreement promises about its own changes, and what a change obliges.

compare → **obligations** → report. Pure functions on frozen dataclasses; no I/O and no clock
(dates are parameters).

- `read_promises(document)`: the change clause(s) and every notice obligation of one version
  (`clauses`, `promises`, `wording`, `durations`, `sentences`);
- `flag_change` / `flag_comparison`: what each change touches, in the contract's vocabulary
  (`flags`); `compare_flagged`: a comparison with its flags, as every command and the store
  use it;
- `assess(comparison, first_seen=…)`: findings — notice promised against notice given, the
  effective date, 民法548条の4 for changes likely adverse to the customer (`adverse`,
  `deadlines`), risky change-clause wording, and the user's own obligations (`policy`) as due
  dates (`findings`).

Each module's docstring states the limits of its heuristics.
"""

from tracker.obligations.clauses import read_promises
from tracker.obligations.durations import Duration, find_durations
from tracker.obligations.findings import SEVERITIES, Finding, assess
from tracker.obligations.flags import FLAGS, compare_flagged, flag_change, flag_comparison
from tracker.obligations.policy import OwnObligation
from tracker.obligations.promises import ChangeClause, NoticeObligation, Promises

__all__ = [
    "FLAGS",
    "SEVERITIES",
    "ChangeClause",
    "Duration",
    "Finding",
    "NoticeObligation",
    "OwnObligation",
    "Promises",
    "assess",
    "compare_flagged",
    "find_durations",
    "flag_change",
    "flag_comparison",
    "read_promises",
]
