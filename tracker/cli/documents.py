"""The commands on documents given directly (files or URLs): `parse`, `compare`, `obligations`.

None of them needs a tracker.toml, except `obligations ID` for a tracked document.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from tracker.cli.options import (
    comparison_format_option,
    day_option,
    effective_date_option,
    format_option,
    language_option,
    old_first_option,
    reports_errors,
    use_colour,
    warn,
)
from tracker.cli.session import Session
from tracker.exitcodes import EXIT_CHANGES, EXIT_OK
from tracker.words import Language


@click.command()
@click.argument("source")
@format_option(("text", "json"), "An outline for people, or the contract's JSON.")
@click.option("--selector", default=None, help="CSS selector of the agreement in an HTML page.")
@reports_errors
def parse(source: str, output_format: str, selector: str | None) -> None:
    """Normalise one document (.txt, .html, .pdf or an http(s) URL) into sections."""
    from tracker.sources import load_document

    document = load_document(source, selector=selector)
    for message in document.warnings:
        warn(f"{source}: {message}")
    if output_format == "json":
        from tracker.serialize import document_to_json

        click.echo(json.dumps(document_to_json(document), ensure_ascii=False, indent=2))
    else:
        from tracker.report.outline import outline

        click.echo(outline(document))


@click.command()
@click.argument("source", metavar="ID|FILE")
@click.argument("rev", required=False, metavar="[REV]")
@format_option(("text", "json"), "A list for people, or JSON.")
@click.option("--selector", default=None, help="CSS selector of the agreement in an HTML page.")
@click.pass_obj
@reports_errors
def obligations(
    session: Session, source: str, rev: str | None, output_format: str, selector: str | None
) -> None:
    """What an agreement promises about changes: its change clause(s) and every notice period,
    each with the article and paragraph it comes from.

    SOURCE is a tracked document's id (REV as for `diff`, default the latest version) or a
    file or URL to read directly.
    """
    from tracker.obligations import read_promises
    from tracker.report.promises import promises_to_json, promises_to_text

    if Path(source).exists() or source.startswith(("http://", "https://")):
        if rev is not None:
            raise click.UsageError("REV applies to a tracked document id, not to a file")
        from tracker.sources import load_document

        document = load_document(source, selector=selector)
        title = f"{document.title or source} ({source})"
    else:
        from tracker.history.lookup import resolve_revision, tracked_document

        with session.open_store(read_only=True) as store:
            tracked = tracked_document(session.config, store, source)
            version = resolve_revision(
                source, store.versions(source), rev or "latest", tracked.zone
            )
            document = store.load_document(version.id)
        title = f"{document.title or source} ({source} v{version.number})"
    promises = read_promises(document)
    if output_format == "json":
        data = {"source": source, "title": document.title, **promises_to_json(promises)}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(promises_to_text(promises, title))


@click.command()
@click.argument("old")
@click.argument("new")
@comparison_format_option
@day_option("--old-date", "When OLD was published.")
@day_option("--new-date", "When NEW was first seen.")
@effective_date_option
@old_first_option
@language_option
@click.option("--selector", default=None, help="CSS selector of the agreement in HTML pages.")
@reports_errors
def compare(
    old: str,
    new: str,
    output_format: str,
    old_date: date | None,
    new_date: date | None,
    effective_date: date | None,
    old_first: bool,
    language: Language | None,
    selector: str | None,
) -> None:
    """Compare two documents (files or URLs, any mix of .txt, .html, .pdf) article by article,
    with what the changes oblige (notice promised and given, 民法548条の4): pass --new-date,
    the day NEW was first seen, for the deadlines.

    Exit status: 0 no changes, 1 changes, 2 error (the diff convention).
    """
    from tracker.obligations import assess, compare_flagged
    from tracker.report.comparison import render_comparison
    from tracker.sources import load_document

    old_document = load_document(old, selector=selector)
    new_document = load_document(new, selector=selector)
    for document in (old_document, new_document):
        for message in document.warnings:
            warn(f"{document.source}: {message}")
    comparison = compare_flagged(old_document, new_document)
    findings = assess(comparison, first_seen=new_date, effective=effective_date)
    if output_format == "json":
        from tracker.report.findings_json import comparison_with_findings

        sides = {
            side: {"first_seen": day.isoformat()} if day else {}
            for side, day in (("old", old_date), ("new", new_date))
        }
        data = comparison_with_findings(comparison, findings, **sides)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(
            render_comparison(
                comparison,
                output_format,
                color=use_colour(),
                new_first=not old_first,
                findings=findings,
                language=language,
            )
        )
    sys.exit(EXIT_CHANGES if comparison.changes else EXIT_OK)
