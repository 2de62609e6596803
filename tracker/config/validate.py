"""What every part of `tracker.toml` validation shares: the error that points at the file, the
line and the key, where tables and keys start, and key/type checks."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.errors import TrackerError

_TABLE_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?")
_KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")

Allowed = dict[str, type | tuple[type, ...]]
T = TypeVar("T")


class ConfigError(TrackerError):
    """A problem in tracker.toml: names the file, the line (when known) and the key."""

    def __init__(
        self, path: Path, message: str, *, line: int | None = None, key: str | None = None
    ):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}" if key is None else f"{where}: {key}: {message}")
        self.path = path
        self.line = line
        self.key = key


class ConfigErrors(ConfigError):
    """Several problems in one tracker.toml, reported together (one line each, by line)."""

    def __init__(self, errors: list[ConfigError]) -> None:
        self.errors = sorted(errors, key=lambda e: e.line or 0)
        first = self.errors[0]
        TrackerError.__init__(self, "\n".join(str(e) for e in self.errors))
        self.path, self.line, self.key = first.path, first.line, first.key


class Problems:
    """Collects every problem of a file, so the user fixes them in one go instead of one per
    run: each independent part (a table, a document) is checked in `collect()` or `attempt()`,
    and `raise_any()` raises them all at the end."""

    def __init__(self) -> None:
        self.errors: list[ConfigError] = []

    @contextmanager
    def collect(self) -> Iterator[None]:
        try:
            yield
        except ConfigErrors as errors:
            self.errors.extend(errors.errors)
        except ConfigError as error:
            self.errors.append(error)

    def attempt(self, check: Callable[[], T], default: T) -> T:
        """`check()`, or `default` when it found a problem (recorded)."""
        with self.collect():
            return check()
        return default

    def raise_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise ConfigErrors(self.errors)


class Lines:
    """Where each table and key starts in the TOML text (tomllib does not say)."""

    def __init__(self, text: str) -> None:
        self.tables: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        table, index = "", 0
        for number, line in enumerate(text.splitlines(), start=1):
            if header := _TABLE_HEADER.match(line):
                table = header.group(2)
                index = counts.get(table, 0)
                counts[table] = index + 1
                self.tables[table, index] = number
            elif key := _KEY_LINE.match(line):
                self.keys.setdefault((table, index, key.group(1)), number)

    def of(self, table: str, index: int, key: str | None = None) -> int | None:
        if key is not None and (table, index, key) in self.keys:
            return self.keys[table, index, key]
        return self.tables.get((table, index))


def toml_error_line(error: tomllib.TOMLDecodeError) -> int | None:
    """The line of a TOML syntax error. Python 3.14 gives `lineno`; before it the position is
    only in the message ("… (at line 3, column 11)"), so it is read from there."""
    lineno = getattr(error, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    found = re.search(r"at line (\d+)", str(error))
    return int(found.group(1)) if found else None


def zone_named(name: str, path: Path, line: int | None, key: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(path, f"unknown time zone {name!r}", line=line, key=key) from None


def check_keys(
    table: dict[str, Any],
    allowed: Allowed,
    path: Path,
    lines: Lines,
    where: tuple[str, int],
    label: str,
) -> None:
    """Every unknown key and every value of the wrong type in `table`, all at once."""
    problems = []
    for key, value in table.items():
        line = lines.of(*where, key)
        if key not in allowed:
            known = ", ".join(allowed)
            problems.append(
                ConfigError(path, f"unknown key in {label} (known: {known})", line=line, key=key)
            )
            continue
        expected = allowed[key]
        if (isinstance(value, bool) and expected is not bool) or not isinstance(value, expected):
            names = expected.__name__ if isinstance(expected, type) else "number"
            problems.append(ConfigError(path, f"must be a {names}", line=line, key=key))
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ConfigErrors(problems)
