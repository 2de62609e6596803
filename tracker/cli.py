"""The `tracker` command: one click group, one verb per command.

Exit codes follow the contract: 0 ok, 1 changes (compare/diff, like `diff`), 2 error,
3 some documents failed (`check`). Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import NoReturn, ParamSpec, TypeVar

import click

from tracker import __version__
from tracker.errors import TrackerError

EXIT_OK = 0
EXIT_CHANGES = 1
EXIT_ERROR = 2
EXIT_FAILURES = 3

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str) -> NoReturn:
    click.echo(f"tracker: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def warn(message: str) -> None:
    click.echo(f"tracker: warning: {message}", err=True)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn every TrackerError into one line on stderr and exit code 2."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except TrackerError as error:
            fail(str(error))

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    ctx.obj = {"config_path": config_path}


@cli.command()
@click.argument("source")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="An outline for people, or the contract's JSON.",
)
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
        from tracker.outline import outline

        click.echo(outline(document))


def main() -> None:
    cli(prog_name="tracker")
