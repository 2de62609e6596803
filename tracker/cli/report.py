"""`tracker report [RUN]`: re-render a past run's report from the database."""

from __future__ import annotations

import click

from tracker.cli.options import reports_errors
from tracker.cli.session import Session
from tracker.store.runs import RunRecord

FORMAT_SUFFIX = {"html": ".html", "markdown": ".md", "json": ".json"}


@click.command()
@click.argument("run", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(tuple(FORMAT_SUFFIX)),
    default=None,
    help="Print this rendering to stdout instead of writing the files.",
)
@click.pass_obj
@reports_errors
def report(session: Session, run: str | None, output_format: str | None) -> None:
    """Re-render run RUN's report (default: the latest run) from the database.

    Writes the HTML, Markdown and JSON report into the reports folder, with the index of runs
    and the Atom feed, and prints their paths; with --format, prints one rendering instead.
    """
    from tracker.check.reports import load_run_report, write_reports
    from tracker.report.folder import run_files

    config = session.config
    with session.open_store(read_only=True) as store:
        run_id = _run_number(run, store.runs(limit=1))
        if output_format is None:
            for path in write_reports(config, store, run_id, always=True).paths:
                click.echo(str(path))
            return
        loaded = load_run_report(config, store, run_id)
        rendered = run_files(loaded, new_first=config.report.new_first)
        click.echo(rendered[FORMAT_SUFFIX[output_format]], nl=False)


def _run_number(run: str | None, latest: list[RunRecord]) -> int:
    from tracker.check.reports import ReportError

    if run is None or run == "latest":
        if not latest:
            raise ReportError("no runs yet: run `tracker check` first")
        return latest[0].id
    if not run.isdigit():
        raise ReportError(f"{run!r} is not a run number (see reports/index.html, or `latest`)")
    return int(run)
