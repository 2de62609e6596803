"""The README's examples as a test reads them: every `$ tracker …` line of a code block, with
the output the block shows under it, and a comparison that honours the README's elisions.

An output line that is `…` alone stands for any number of lines (none included); `…` inside a
line stands for any text. Loopback ports (`127.0.0.1:34631`) differ from run to run and are
compared as `127.0.0.1:PORT`. A command's output is what a terminal shows: stdout and stderr
together. `$ echo $?` after a command shows that command's exit status.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

ELISION: Final = "…"
_FENCE: Final = re.compile(r"^```(\w*)\s*$")
_PORT: Final = re.compile(r"127\.0\.0\.1:\d+")


@dataclass(frozen=True)
class Example:
    line: int  # of the command, in README.md (1-based)
    command: str  # what follows `$ `
    output: tuple[str, ...]  # the lines the README shows under it
    status: int | None = None  # a following `$ echo $?` shows it

    @property
    def runs_tracker(self) -> bool:
        return self.command.startswith("tracker ")


CHECKED_FENCES: Final = ("", "console")
"""Blocks fenced ```text (or sh, toml …) show another setup's output or a file: not run."""


def examples(text: str) -> list[Example]:
    """Every `$ …` line inside a fenced code block (``` or ```console), with the output shown
    under it."""
    found: list[Example] = []
    lines = text.splitlines()
    inside = False
    current: list[tuple[int, str, list[str]]] = []

    def flush() -> None:
        for index, (number, command, output) in enumerate(current):
            if command == "echo $?":
                continue
            status = None
            following = current[index + 1] if index + 1 < len(current) else None
            if following and following[1] == "echo $?" and following[2]:
                status = int(following[2][0])
            found.append(Example(number, command, tuple(output), status))
        current.clear()

    checked = False
    for number, line in enumerate(lines, start=1):
        if fence := _FENCE.match(line):
            if inside:
                flush()
            else:
                checked = fence.group(1) in CHECKED_FENCES
            inside = not inside
            continue
        if not inside or not checked:
            continue
        if line.startswith("$ "):
            current.append((number, line[2:].strip(), []))
        elif current:
            current[-1][2].append(line)
    return found


def _pattern(line: str) -> re.Pattern[str]:
    pieces = [re.escape(piece) for piece in _PORT.sub("127.0.0.1:PORT", line).split(ELISION)]
    return re.compile(".*?".join(pieces) + r"\Z", re.DOTALL)


def _same(shown: str, actual: str) -> bool:
    return bool(_pattern(shown.rstrip()).match(_PORT.sub("127.0.0.1:PORT", actual.rstrip())))


def mismatch(shown: Sequence[str], actual: Sequence[str]) -> str | None:
    """None when `actual` is what the README shows (elisions honoured); else the first line
    that differs, as a message."""
    shown = [line for line in shown]
    while shown and not shown[-1].strip():
        shown.pop()
    actual = list(actual)
    while actual and not actual[-1].strip():
        actual.pop()
    if _match(shown, 0, actual, 0):
        return None
    for index, line in enumerate(shown):
        if line.strip() == ELISION:
            break
        if index >= len(actual) or not _same(line, actual[index]):
            got = actual[index] if index < len(actual) else "(nothing)"
            return f"README line {index + 1} of the output: {line!r}\n      the program: {got!r}"
    return "the output differs after an elision (lines missing, or more than shown)"


def _match(shown: Sequence[str], i: int, actual: Sequence[str], j: int) -> bool:
    """Does shown[i:] match actual[j:]? A table filled from the ends (elisions make it a
    search)."""
    rows, columns = len(shown), len(actual)
    # ok[a][b]: shown[a:] matches actual[b:]
    ok = [[False] * (columns + 1) for _ in range(rows + 1)]
    ok[rows][columns] = True
    for a in range(rows - 1, i - 1, -1):
        elided = shown[a].strip() == ELISION
        for b in range(columns, j - 1, -1):
            if elided:
                ok[a][b] = ok[a + 1][b] or (b < columns and ok[a][b + 1])
            else:
                ok[a][b] = b < columns and ok[a + 1][b + 1] and _same(shown[a], actual[b])
    return ok[i][j]
