"""`tracker notify`: the notification channels of tracker.toml and their outbox; `--test`
sends a test message on every channel, so a new setup is known to work before a change
depends on it."""

from __future__ import annotations

import sys

import click

from tracker.cli.options import reports_errors
from tracker.cli.session import Session
from tracker.exitcodes import EXIT_FAILURES, EXIT_OK


@click.command()
@click.option("--test", "send_test", is_flag=True, help="Send a test message on every channel.")
@click.pass_obj
@reports_errors
def notify(session: Session, send_test: bool) -> None:
    """List the channels in [notify] with what their outbox holds; with --test, send each a
    test message and say which arrived.

    Exit status: 0, or 3 when a test message could not be delivered (2 config error).
    """
    config = session.config
    channels = config.notify.channels
    if not channels:
        click.echo(f"{config.path}: no [[notify.email]] or [[notify.webhook]] configured")
        return
    if send_test:
        from tracker.notify.deliver import send_test as deliver_tests

        failed = False
        for delivery in deliver_tests(config, session.clock()):
            if delivery.error:
                failed = True
                click.echo(f"{delivery.named}: failed: {delivery.error}")
            else:
                click.echo(f"{delivery.named}: test message sent")
        sys.exit(EXIT_FAILURES if failed else EXIT_OK)
    with session.open_store(read_only=True) as store:
        for channel in channels:
            rows = [n for n in store.notifications() if n["channel"] == channel.key]
            pending = [n for n in rows if n["sent"] is None]
            failing = [n for n in pending if n["last_error"]]
            line = f"{channel.label}: {len(rows) - len(pending)} sent, {len(pending)} pending"
            if failing:
                line += f" (last error: {failing[-1]['last_error']})"
            click.echo(line)
