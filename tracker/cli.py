"""The `tracker` command: one click group, one verb per command.

Exit codes follow the contract: 0 ok, 1 changes (compare/diff, like `diff`), 2 error,
3 some documents failed (`check`). Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import json
import os
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


def _parse_day(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=option) from None


def use_colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "html", "json"]),
    default="text",
    show_default=True,
    help="Terminal view, a 新旧対照表 in Markdown or HTML, or the contract's JSON.",
)
@click.option("--old-date", default=None, metavar="YYYY-MM-DD", help="When OLD was published.")
@click.option("--new-date", default=None, metavar="YYYY-MM-DD", help="When NEW was first seen.")
@click.option(
    "--old-first",
    is_flag=True,
    help="Put the old text in the left column of the 新旧対照表 (default: 改定後 │ 改定前).",
)
@click.option("--selector", default=None, help="CSS selector of the agreement in HTML pages.")
@reports_errors
def compare(
    old: str,
    new: str,
    output_format: str,
    old_date: str | None,
    new_date: str | None,
    old_first: bool,
    selector: str | None,
) -> None:
    """Compare two documents (files or URLs, any mix of .txt, .html, .pdf) article by article.

    Exit status: 0 no changes, 1 changes, 2 error (the diff convention).
    """
    from tracker.compare import compare_documents
    from tracker.report import comparison_to_json, render_comparison
    from tracker.sources import load_document

    seen = {"old": _parse_day(old_date, "--old-date"), "new": _parse_day(new_date, "--new-date")}
    old_document = load_document(old, selector=selector)
    new_document = load_document(new, selector=selector)
    for document in (old_document, new_document):
        for message in document.warnings:
            warn(f"{document.source}: {message}")
    comparison = compare_documents(old_document, new_document)
    if output_format == "json":
        data = comparison_to_json(comparison)
        for side, day in seen.items():
            if day:
                data[side]["first_seen"] = day
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(
            render_comparison(
                comparison, output_format, color=use_colour(), new_first=not old_first
            )
        )
    sys.exit(EXIT_CHANGES if comparison.changes else EXIT_OK)


def main() -> None:
    cli(prog_name="tracker")
