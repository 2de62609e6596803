"""The `tracker` command: one click group, one verb per command.

Exit codes follow the contract: 0 ok, 1 changes (compare/diff, like `diff`), 2 error,
3 some documents failed (`check`). Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import click

from tracker import __version__
from tracker.cli.options import (
    comparison_format_option,
    effective_date_option,
    format_option,
    old_first_option,
    parse_day_option,
    reports_errors,
    warn,
)

if TYPE_CHECKING:
    from tracker.config import Config
    from tracker.store import Store

from tracker.exitcodes import EXIT_CHANGES, EXIT_FAILURES, EXIT_OK


class LazyGroup(click.Group):
    """Commands whose modules load only when the command runs, so `tracker parse` does not pay
    for the store and the fetcher."""

    lazy: ClassVar[dict[str, str]] = {
        "log": "tracker.cli.history:log",
        "diff": "tracker.cli.history:diff",
        "show": "tracker.cli.history:show",
        "import": "tracker.cli.history:import_command",
        "rebuild": "tracker.cli.history:rebuild_command",
        "accept": "tracker.cli.history:accept",
        "report": "tracker.cli.report:report",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            import importlib

            module, attribute = self.lazy[name].split(":")
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tracker")
@click.option(
    "--config",
    "config_path",
    default="tracker.toml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The tracker.toml listing the documents to track.",
)
@click.pass_context
def cli(ctx: click.Context, config_path: str) -> None:
    """Track published service agreements article by article: what changed, and what it
    obliges you to do."""
    ctx.obj = Session(Path(config_path))


class Session(Mapping[str, Any]):
    """What commands share, loaded only when a command asks for it (`parse` and `compare` need
    no tracker.toml): "config", "documents" (id → DocumentConfig) and "store" (a callable that
    opens the configured store)."""

    def __init__(self, config_path: Path) -> None:
        self.config_path = config_path
        self._config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            from tracker.config import load_config

            self._config = load_config(self.config_path)
        return self._config

    def open_store(self) -> Store:
        from tracker.store import Store

        return Store.open(self.config.database, self.config.snapshots)

    def __getitem__(self, key: str) -> Any:
        if key == "config":
            return self.config
        if key == "documents":
            return {document.id: document for document in self.config.documents}
        if key == "store":
            return self.open_store
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(("config", "documents", "store"))

    def __len__(self) -> int:
        return 3


@cli.command()
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


@cli.command()
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
        from tracker.cli.history import resolve_revision, target

        with session.open_store() as store:
            tracked = target(store, source)
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


def use_colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@cli.command()
@click.argument("old")
@click.argument("new")
@comparison_format_option
@click.option("--old-date", default=None, metavar="YYYY-MM-DD", help="When OLD was published.")
@click.option("--new-date", default=None, metavar="YYYY-MM-DD", help="When NEW was first seen.")
@effective_date_option
@old_first_option
@click.option("--selector", default=None, help="CSS selector of the agreement in HTML pages.")
@reports_errors
def compare(
    old: str,
    new: str,
    output_format: str,
    old_date: str | None,
    new_date: str | None,
    effective_date: str | None,
    old_first: bool,
    selector: str | None,
) -> None:
    """Compare two documents (files or URLs, any mix of .txt, .html, .pdf) article by article.

    Exit status: 0 no changes, 1 changes, 2 error (the diff convention).
    """
    from tracker.obligations import compare_flagged
    from tracker.report import comparison_to_json, render_comparison
    from tracker.sources import load_document

    seen = {
        "old": parse_day_option(old_date, "--old-date"),
        "new": parse_day_option(new_date, "--new-date"),
    }
    effective = parse_day_option(effective_date, "--effective-date")
    old_document = load_document(old, selector=selector)
    new_document = load_document(new, selector=selector)
    for document in (old_document, new_document):
        for message in document.warnings:
            warn(f"{document.source}: {message}")
    comparison = compare_flagged(old_document, new_document)
    if output_format == "json":
        from tracker.obligations import assess
        from tracker.report.findings_json import findings_to_json

        data = comparison_to_json(comparison)
        for side, day in seen.items():
            if day:
                data[side]["first_seen"] = day.isoformat()
        findings = assess(comparison, first_seen=seen["new"], effective=effective)
        data["obligations"] = findings_to_json(findings)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(
            render_comparison(
                comparison, output_format, color=use_colour(), new_first=not old_first
            )
        )
    sys.exit(EXIT_CHANGES if comparison.changes else EXIT_OK)


@cli.command()
@click.option("--only", "only", multiple=True, metavar="ID", help="Check only these documents.")
@click.pass_obj
@reports_errors
def check(session: Session, only: tuple[str, ...]) -> None:
    """Fetch every document in the config, store new versions, report changes.

    Silent when nothing changed and stdout is not a terminal (for cron). Exit status: 0 every
    document fetched, 3 some failed or look suspect (the others are still processed), 2 config
    or usage error, or another run holding the lock.
    """
    from datetime import datetime

    from tracker.check.run import run_check
    from tracker.cli.check import print_summary, write_run_reports

    config = session.config
    zone = config.timezone
    interactive = sys.stdout.isatty()
    with _progress(interactive, len(only) or len(config.documents)) as advance:
        result = run_check(
            config,
            only=only,
            now=lambda: datetime.now(zone),
            on_outcome=lambda outcome: advance(),
            write_reports=write_run_reports,
            notify=True,
        )
    if interactive or result.has_news or result.has_problems:
        print_summary(result, config, colour=use_colour())
    for delivery in result.deliveries:
        if delivery.error:
            warn(
                f"notification to {delivery.channel} failed: {delivery.error}"
                " (it will be retried on the next run)"
            )
    sys.exit(EXIT_FAILURES if result.has_problems else EXIT_OK)


@cli.command()
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
    from datetime import datetime

    from tracker.check.demo import find_demo_data, run_demo
    from tracker.check.run import run_check
    from tracker.cli.check import print_summary, write_run_reports
    from tracker.config import load_config

    source = find_demo_data(Path(data) if data else None)
    workdir = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="tracker-demo-"))

    def run_round(config_path: Path, title: str) -> None:
        config = load_config(config_path)
        click.echo(f"\n== {title}")
        result = run_check(
            config, now=lambda: datetime.now(config.timezone), write_reports=write_run_reports
        )
        print_summary(result, config, colour=use_colour())

    config_path = run_demo(source, workdir, run_round=run_round, say=click.echo)
    click.echo(
        "\nThe store, raw snapshots and reports are in "
        f"{workdir}. Look around:\n"
        f"  tracker --config {config_path} log securecam\n"
        f"  tracker --config {config_path} diff securecam\n"
        f"  tracker --config {config_path} diff soracam --format html > soracam.html"
    )


def _progress(enabled: bool, total: int) -> Any:
    """A progress bar on stderr for people at a terminal; nothing for cron."""
    from contextlib import contextmanager

    @contextmanager
    def bar() -> Iterator[Callable[[], None]]:
        if not enabled:
            yield lambda: None
            return
        with click.progressbar(length=total, label="checking", file=sys.stderr) as progress:
            yield lambda: progress.update(1)

    return bar()


def main() -> None:
    cli(prog_name="tracker")
