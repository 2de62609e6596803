"""What every part of `tracker.toml` validation shares: the error that points at the file, the
line and the key, where tables and keys start, and key/type checks."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.errors import TrackerError

_TABLE_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?")
_KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")

Allowed = dict[str, type | tuple[type, ...]]


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
    for key, value in table.items():
        line = lines.of(*where, key)
        if key not in allowed:
            known = ", ".join(allowed)
            raise ConfigError(path, f"unknown key in {label} (known: {known})", line=line, key=key)
        expected = allowed[key]
        if isinstance(value, bool) or not isinstance(value, expected):
            names = expected.__name__ if isinstance(expected, type) else "number"
            raise ConfigError(path, f"must be a {names}", line=line, key=key)
