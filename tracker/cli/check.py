"""`tracker check`, the nightly job, and `tracker demo`, the same job offline; what they print."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from tracker.check.run import NEWS, PROBLEMS, RunResult, run_check
from tracker.cli.options import complete_document_ids, reports_errors, use_colour, warn
from tracker.cli.session import Session
from tracker.report.columns import table
from tracker.report.findings_view import finding_rows
from tracker.report.language import Phrases


@click.command()
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="ID",
    help="Check only these documents.",
    shell_complete=complete_document_ids,
)
@click.option(
    "--exit-changed",
    is_flag=True,
    help="Exit 1 when an agreement changed (4 when one changed and some documents failed), "
    "so cron can tell; without it the contract's 0 / 3 / 2.",
)
@click.pass_obj
@reports_errors
def check(session: Session, only: tuple[str, ...], exit_changed: bool) -> None:
    """Fetch every document in the config, store new versions, report changes.

    Prints one line per document that changed or failed and the urgent obligations; silent
    when nothing happened and stdout is not a terminal (for cron). Exit status: 0 every
    document fetched, 3 some failed or look suspect, or stored versions lost their raw
    snapshot file (the others are still processed), 2 config or usage error, or another run
    holding the lock, 4 tracker could not write its own files; with --exit-changed, 1 an
    agreement changed, 5 one changed and some failed.
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
            exit_changed=exit_changed,
        )
    if interactive or result.has_news or result.has_problems:
        print_summary(result, colour=use_colour())
    for missing in result.missing:
        warn(missing.words(str(config.snapshots)))
    for delivery in result.deliveries:
        if delivery.error:
            warn(
                f"notification to {delivery.named} failed: {delivery.error}"
                " (it will be retried on the next run)"
            )
    sys.exit(result.exit_status)


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
    """One line per document (aligned, whatever the width of its labels), the high findings
    with what to do and by when, then where the report is. In the report's language."""
    t = Phrases(result.report.language if result.report else "ja")
    rows = []
    for outcome in result.outcomes:
        label = t.outcome(outcome.kind.value)
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
        rows.append([outcome.document_id, label, detail])
    for outcome, line in zip(result.outcomes, table(rows, limits=(24, 20)), strict=True):
        colour_name = None
        if colour and outcome.kind in PROBLEMS:
            colour_name = "red"
        elif colour and outcome.kind in NEWS:
            colour_name = "green"
        click.echo(click.style(line, fg=colour_name))
    for line in high_findings(result, t):
        click.echo(click.style(line, fg="red", bold=True) if colour else line)
    if result.report_file is not None:
        click.echo(f"report: {result.report_file}")


def high_findings(result: RunResult, t: Phrases) -> list[str]:
    """The high findings of the run: severity, document and place, the finding, then our
    deadline and what to do."""
    if result.report is None:
        return []
    lines = []
    for finding, document in result.report.urgent():
        if finding.severity != "high":
            continue
        (row,) = finding_rows([finding], t.language)
        lines.append(f"{row.severity_label}  {document.id} {row.location}: {row.message}")
        lines.append(f"    {t('our-due')} {row.our_due} · {t('provider-due')} {row.provider_due}")
        if row.action:
            lines.append(f"    {t('action')}: {row.action}")
    return lines


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for people at a terminal; nothing for cron."""
    if not enabled:
        yield lambda: None
        return
    with click.progressbar(length=total, label="checking", file=sys.stderr) as progress:
        yield lambda: progress.update(1)
