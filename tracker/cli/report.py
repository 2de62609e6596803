"""`tracker report [RUN]`: re-render a past run's report from the database."""

from __future__ import annotations

import click

from tracker.check.reports import ReportError, load_run_report, render_run_files, write_reports
from tracker.cli.history import open_store
from tracker.cli.options import reports_errors
from tracker.config import Config
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
def report(session: object, run: str | None, output_format: str | None) -> None:
    """Re-render run RUN's report (default: the latest run) from the database.

    Writes the HTML, Markdown and JSON report into the reports folder, with the index of runs
    and the Atom feed, and prints their paths; with --format, prints one rendering instead.
    """
    config: Config = click.get_current_context().obj["config"]
    with open_store() as store:
        run_id = _run_number(run, store.runs(limit=1))
        if output_format is None:
            for path in write_reports(config, store, run_id):
                click.echo(str(path))
            return
        rendered = render_run_files(config, load_run_report(config, store, run_id))
        click.echo(rendered[FORMAT_SUFFIX[output_format]], nl=False)


def _run_number(run: str | None, latest: list[RunRecord]) -> int:
    if run is None or run == "latest":
        if not latest:
            raise ReportError("no runs yet: run `tracker check` first")
        return latest[0].id
    if not run.isdigit():
        raise ReportError(f"{run!r} is not a run number (see reports/index.html, or `latest`)")
    return int(run)
