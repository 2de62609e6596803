"""Where a `check` run's results go: report files in `reports/`, and a summary on stdout."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.check.reports import write_reports
from tracker.check.run import NEWS, PROBLEMS, RunResult
from tracker.config import Config
from tracker.report.run import OUTCOME_JA
from tracker.store import Store


def write_run_reports(config: Config, result: RunResult, store: Store) -> tuple[Path, ...]:
    """The run's report (HTML, Markdown, JSON), the index of runs and the feed. The comparisons
    the run computed are reused; everything else is read back from the database."""
    comparisons = {o.document_id: o.comparison for o in result.outcomes if o.comparison}
    return write_reports(
        config,
        store,
        result.run_id,
        comparisons=comparisons,
        finished=result.finished,
        recover=True,
    )


def print_summary(result: RunResult, config: Config, *, colour: bool) -> None:
    """One line per document that needs a reader's attention, then where the reports are."""
    for outcome in result.outcomes:
        label = OUTCOME_JA.get(outcome.kind.value, outcome.kind.value)
        if outcome.comparison is not None:
            s = outcome.comparison.summary
            detail = (
                f"v{outcome.previous} → v{outcome.version}: {s.added} added, {s.removed} removed,"
                f" {s.modified} modified, {s.renumbered} renumbered"
            )
        elif outcome.version is not None and outcome.kind.value in ("first",):
            detail = f"v{outcome.version}"
        else:
            detail = outcome.error or (f"v{outcome.version}" if outcome.version else "")
        colour_name = None
        if colour and outcome.kind in PROBLEMS:
            colour_name = "red"
        elif colour and outcome.kind in NEWS:
            colour_name = "green"
        click.echo(click.style(f"{outcome.document_id:<16} {label:<12} {detail}", fg=colour_name))
    for path in result.reports:
        if path.suffix == ".html" and path.name != "index.html":
            click.echo(f"report: {path}")
