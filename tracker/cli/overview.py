"""The commands for running tracker day to day: `status` (alias `list`), what every document
looks like now, and `changes`, what changed across every document in a period."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import click

from tracker.cli.options import format_option, language_option, reports_errors
from tracker.cli.session import Session
from tracker.clock import DAY, parse_day, today
from tracker.errors import UsageError
from tracker.words import Language

_DAYS_AGO = re.compile(r"(\d{1,5})d")


@click.command()
@format_option(("text", "json"), "A table for people, or JSON for scripts.")
@click.pass_obj
@reports_errors
def status(session: Session, output_format: str) -> None:
    """Every document: last checked, last change, versions, failures in a row, a snapshot held
    back as suspect. `tracker list` is the same."""
    from tracker.check.overview import load_status
    from tracker.report.status import status_to_json, status_to_text

    with session.open_store(read_only=True) as store:
        documents = load_status(session.config, store)
    if output_format == "json":
        click.echo(json.dumps(status_to_json(documents), ensure_ascii=False, indent=2))
    else:
        click.echo(status_to_text(documents), nl=False)


def since_day(value: str, now: date) -> date:
    """`7d` (the last seven days: from the start of the day a week ago) or YYYY-MM-DD.

    >>> since_day("7d", date(2026, 11, 24)), since_day("2026-11-01", date(2026, 11, 24))
    (datetime.date(2026, 11, 17), datetime.date(2026, 11, 1))
    """
    if days := _DAYS_AGO.fullmatch(value):
        return now - timedelta(days=int(days.group(1)))
    if DAY.fullmatch(value):
        return parse_day(value, "--since")
    raise UsageError(f"--since {value!r} is neither a number of days (7d) nor a date YYYY-MM-DD")


@click.command()
@click.option(
    "--since",
    default="7d",
    show_default=True,
    metavar="7d|YYYY-MM-DD",
    help="From this many days ago, or from this day (in [tracker] timezone).",
)
@format_option(
    ("text", "markdown", "html", "json"),
    "A list for the terminal, a page in Markdown or HTML (with each 新旧対照表), or JSON.",
)
@language_option
@click.pass_obj
@reports_errors
def changes(session: Session, since: str, output_format: str, language: Language | None) -> None:
    """What changed across every document since a day: each change with its findings (what to
    do, by when) and, in Markdown and HTML, its 新旧対照表; newest first."""
    from tracker.check.overview import load_changes
    from tracker.report.changes import (
        Period,
        period_to_html,
        period_to_json,
        period_to_markdown,
        period_to_text,
    )
    from tracker.report.language import document_language, text_language

    config = session.config
    now = today(session.clock, config.timezone)
    start = since_day(since, now)
    with session.open_store(read_only=True) as store:
        found = load_changes(config, store, since=start)
    language = language or config.report.language
    if language is None:
        changed = [e.outcome.comparison.new for e in found if e.outcome.comparison]
        language = (
            document_language(*changed)
            if changed
            else text_language([d.name for d in config.documents if d.name != d.id])
        )
    period = Period(start, now, tuple(found), language, tables=config.report.language)
    if output_format == "json":
        click.echo(json.dumps(period_to_json(period), ensure_ascii=False, indent=2))
    elif output_format == "markdown":
        click.echo(period_to_markdown(period, new_first=config.report.new_first), nl=False)
    elif output_format == "html":
        click.echo(period_to_html(period, new_first=config.report.new_first), nl=False)
    else:
        click.echo(period_to_text(period), nl=False)
