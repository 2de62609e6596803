"""How every command reports problems: one line on stderr and exit code 2, never a traceback."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from functools import wraps
from typing import NoReturn, ParamSpec, TypeVar

import click

from tracker.errors import TrackerError
from tracker.exitcodes import EXIT_ERROR

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str) -> NoReturn:
    click.echo(f"tracker: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def warn(message: str) -> None:
    click.echo(f"tracker: warning: {message}", err=True)


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn every TrackerError, and a database another process keeps locked, into one line on
    stderr and exit code 2."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except TrackerError as error:
            fail(str(error))
        except sqlite3.OperationalError as error:
            fail(f"database: {error}")

    return wrapper
