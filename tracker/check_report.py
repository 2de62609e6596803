"""Where a `check` run's results go: report files in `reports/`, and a summary on stdout."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tracker.check import NEWS, PROBLEMS, RunResult
from tracker.config import Config
from tracker.files import write_atomic
from tracker.obligations import Finding, assess
from tracker.report.run import OUTCOME_JA, DocumentOutcome, run_to_json, run_to_markdown
from tracker.store import Store


def document_outcomes(config: Config, result: RunResult) -> list[DocumentOutcome]:
    """Each outcome with its document's name and, for a change, the obligation findings: the
    new text was first seen today, in the document's time zone."""
    documents = {d.id: d for d in config.documents}
    outcomes = []
    for o in result.outcomes:
        document = documents[o.document_id]
        findings: tuple[Finding, ...] = ()
        if o.comparison is not None:
            seen = result.started.astimezone(document.timezone).date()
            findings = assess(o.comparison, first_seen=seen, own=config.obligations, today=seen)
        outcomes.append(
            DocumentOutcome(
                id=o.document_id,
                name=document.name,
                url=document.url,
                kind=o.kind.value,
                version=o.version,
                previous=o.previous,
                error=o.error,
                comparison=o.comparison,
                findings=findings,
            )
        )
    return outcomes


def report_stem(result: RunResult) -> str:
    """`20261123T030000+0900-run42`: sortable by time, unique per run."""
    return f"{result.started.strftime('%Y%m%dT%H%M%S%z')}-run{result.run_id}"


def write_run_reports(config: Config, result: RunResult, store: Store) -> tuple[Path, ...]:
    documents = document_outcomes(config, result)
    stem = config.reports / report_stem(result)
    data = run_to_json(result.run_id, result.started, result.finished, documents)
    paths = (stem.with_suffix(".json"), stem.with_suffix(".md"))
    write_atomic(paths[0], (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())
    markdown = run_to_markdown(result.run_id, result.started, result.finished, documents)
    write_atomic(paths[1], markdown.encode())
    return paths


def print_summary(result: RunResult, config: Config, *, colour: bool) -> None:
    """One line per document that needs a reader's attention, then where the reports are."""
    for outcome in document_outcomes(config, result):
        label = OUTCOME_JA.get(outcome.kind, outcome.kind)
        if outcome.comparison is not None:
            s = outcome.comparison.summary
            detail = (
                f"v{outcome.previous} → v{outcome.version}: {s.added} added, {s.removed} removed,"
                f" {s.modified} modified, {s.renumbered} renumbered"
            )
        elif outcome.version is not None and outcome.kind in ("first",):
            detail = f"v{outcome.version}"
        else:
            detail = outcome.error or (f"v{outcome.version}" if outcome.version else "")
        colour_name = None
        if colour and outcome.kind in {k.value for k in PROBLEMS}:
            colour_name = "red"
        elif colour and outcome.kind in {k.value for k in NEWS}:
            colour_name = "green"
        click.echo(click.style(f"{outcome.id:<16} {label:<12} {detail}", fg=colour_name))
    for path in result.reports:
        click.echo(f"report: {path}")
