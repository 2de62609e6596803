"""What every command shares: one-line errors (exit code 2, never a traceback), options, colour."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import NoReturn, ParamSpec, TypeVar

import click
import click.shell_completion

from tracker.clock import parse_day
from tracker.errors import TrackerError, UsageError, WriteFailed
from tracker.exitcodes import EXIT_ERROR, EXIT_WRITE_FAILED

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, *, status: int = EXIT_ERROR) -> NoReturn:
    """One line on stderr per problem (a config with several has one each), then exit."""
    for line in message.splitlines() or [""]:
        click.echo(f"tracker: error: {line}", err=True)
    sys.exit(status)


def warn(message: str) -> None:
    click.echo(f"tracker: warning: {message}", err=True)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn every TrackerError, and a database another process keeps locked, into one line on
    stderr and exit code 2; a file tracker cannot write (a full disk) into one line and 4."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except WriteFailed as error:
            fail(str(error), status=EXIT_WRITE_FAILED)
        except TrackerError as error:
            fail(str(error))
        except sqlite3.OperationalError as error:
            fail(f"database: {error}")
        except OSError as error:  # our own files, where nothing above named the failure
            where = f"{error.filename}: " if error.filename else ""
            fail(f"{where}{error.strerror or error}", status=EXIT_WRITE_FAILED)

    return wrapper


def format_option(
    choices: tuple[str, ...], help: str
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The `--format` option every command offers, with the choices that command supports."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


COMPARISON_FORMATS = ("text", "markdown", "html", "json")

comparison_format_option = format_option(
    COMPARISON_FORMATS, "Terminal view, a 新旧対照表 in Markdown or HTML, or the contract's JSON."
)
old_first_option = click.option(
    "--old-first",
    is_flag=True,
    help="Put the old text in the left column of the 新旧対照表 (default: 改定後 │ 改定前).",
)


def day_option(name: str, help: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """An optional YYYY-MM-DD option, handed to the command as a `date` (or None); a bad value
    is a usage error naming the option."""

    def to_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
        if value is None:
            return None
        try:
            return parse_day(value, name)
        except UsageError:
            raise click.BadParameter(
                f"{value!r} is not a date YYYY-MM-DD", param_hint=name
            ) from None

    return click.option(name, default=None, metavar="YYYY-MM-DD", help=help, callback=to_day)


effective_date_option = day_option(
    "--effective-date",
    "When the new version takes effect, if the document does not say (or says otherwise).",
)


language_option = click.option(
    "--language",
    type=click.Choice(["ja", "en"]),
    default=None,
    help="The language of Markdown and HTML: labels, severities, findings "
    "(default: [report] language, else the documents').",
)


def complete_document_ids(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Shell completion of a document ID: the ids in the tracker.toml the command line names
    (`--config`, else ./tracker.toml), each with its name as help; nothing when it cannot be
    read (completion never prints an error)."""
    from pathlib import Path

    from tracker.config import load_config
    from tracker.errors import TrackerError

    root = ctx.find_root()
    path = Path(root.params.get("config_path") or "tracker.toml")
    try:
        documents = load_config(path).documents
    except (TrackerError, OSError):
        return []
    return [
        click.shell_completion.CompletionItem(d.id, help=d.name)
        for d in documents
        if d.id.startswith(incomplete)
    ]


def document_argument(name: str = "document_id") -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The ID argument of the history commands, completed from tracker.toml."""
    return click.argument(name, metavar="ID", shell_complete=complete_document_ids)


def use_colour() -> bool:
    """Colour for people at a terminal, unless NO_COLOR says otherwise."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
