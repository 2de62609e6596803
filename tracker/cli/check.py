"""`tracker check`, the nightly job, and `tracker demo`, the same job offline; what they print."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from tracker.check.run import NEWS, PROBLEMS, RunResult, run_check
from tracker.cli.options import reports_errors, use_colour, warn
from tracker.cli.session import Session
from tracker.exitcodes import EXIT_FAILURES, EXIT_OK
from tracker.report.run import OUTCOME_JA


@click.command()
@click.option("--only", "only", multiple=True, metavar="ID", help="Check only these documents.")
@click.pass_obj
@reports_errors
def check(session: Session, only: tuple[str, ...]) -> None:
    """Fetch every document in the config, store new versions, report changes.

    Silent when nothing changed and stdout is not a terminal (for cron). Exit status: 0 every
    document fetched, 3 some failed or look suspect, or stored versions lost their raw
    snapshot file (the others are still processed), 2 config or usage error, or another run
    holding the lock.
    """
    config = session.config
    clock = session.clock
    interactive = sys.stdout.isatty()
    with _progress(interactive, len(only) or len(config.documents)) as advance:
        result = run_check(
            config,
            only=only,
            now=lambda: clock().astimezone(config.timezone),
            on_outcome=lambda outcome: advance(),
            reports=True,
            notify=True,
        )
    if interactive or result.has_news or result.has_problems:
        print_summary(result, colour=use_colour())
    for missing in result.missing:
        warn(missing.words(str(config.snapshots)))
    for delivery in result.deliveries:
        if delivery.error:
            warn(
                f"notification to {delivery.channel} failed: {delivery.error}"
                " (it will be retried on the next run)"
            )
    sys.exit(EXIT_FAILURES if result.has_problems else EXIT_OK)


@click.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    default=None,
    help="Work in this directory (default: a new temporary one, kept afterwards).",
)
@click.option(
    "--data",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="The demo publications (default: snapshots/demo of the checkout).",
)
@reports_errors
def demo(directory: str | None, data: str | None) -> None:
    """Run the nightly job offline: a loopback server, five agreements, two rounds of `check`."""
    import tempfile

    from tracker.check.demo import DEMO_START, find_demo_data, run_demo
    from tracker.clock import running_from
    from tracker.config import load_config

    source = find_demo_data(Path(data) if data else None)
    workdir = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="tracker-demo-"))
    clock = running_from(DEMO_START)  # the same day whenever it runs: the README's figures

    def run_round(config_path: Path, title: str) -> None:
        config = load_config(config_path)
        click.echo(f"\n== {title}")
        result = run_check(config, now=lambda: clock().astimezone(config.timezone), reports=True)
        print_summary(result, colour=use_colour())

    config_path = run_demo(source, workdir, run_round=run_round, say=click.echo, clock=clock)
    click.echo(
        "\nThe store, raw snapshots and reports are in "
        f"{workdir}. Look around:\n"
        f"  tracker --config {config_path} log securecam\n"
        f"  tracker --config {config_path} diff securecam\n"
        f"  tracker --config {config_path} diff soracam --format html > soracam.html"
    )


def print_summary(result: RunResult, *, colour: bool) -> None:
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


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for people at a terminal; nothing for cron."""
    if not enabled:
        yield lambda: None
        return
    with click.progressbar(length=total, label="checking", file=sys.stderr) as progress:
        yield lambda: progress.update(1)
