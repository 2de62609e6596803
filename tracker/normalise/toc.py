"""Tables of contents: runs of bare headings that the body repeats. They are not sections."""

from __future__ import annotations

from tracker.normalise import lines as rules
from tracker.normalise.classify import Line, LineKind

_HEADINGS = (LineKind.GROUP, LineKind.SUPPLEMENTARY, LineKind.APPENDIX, LineKind.CAPTION)


def _is_bare_heading(line: Line) -> bool:
    """A heading with no body on its line, as table-of-contents entries are."""
    if line.kind in (*_HEADINGS, LineKind.TOC):
        return not (line.supplementary and line.supplementary[1])
    if line.kind is LineKind.ARTICLE and line.article:
        rest = line.article.rest
        return rest == "" or rest == "削除" or rules.looks_like_caption(rest)
    return False


_UNITS = "編章節款目"


def _entry_keys(run: list[Line]) -> list[str | None]:
    """What identifies each heading of a run, in a table of contents and again in the body.

    Chapters restart their numbers in every part (第一編 第一章, 第二編 第一章), so a group is
    known by its path: `第二編/第一章`. Captions and other lines have no key.
    """
    path: dict[str, str] = {}
    keys: list[str | None] = []
    for line in run:
        if line.article:
            keys.append(f"article {line.article.key}")
        elif line.group:
            level = _UNITS.index(line.group.unit)
            path = {unit: number for unit, number in path.items() if _UNITS.index(unit) < level}
            path[line.group.unit] = line.group.number
            keys.append("group " + "/".join(path[unit] for unit in _UNITS if unit in path))
        else:
            keys.append(None)
    return keys


def drop_table_of_contents(lines: list[Line]) -> list[Line]:
    """Remove runs of bare headings whose article numbers the body repeats later, and a run
    after `目次` that the body repeats (a statute's 目次 lists only 編, 章 and 節 with article
    ranges: `第一章 通則(第一条―第五条)`)."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_bare_heading(lines[j]):
            j += 1
        if j == i:
            out.append(lines[i])
            i += 1
            continue
        start = next((k for k in range(i, j) if lines[k].kind is LineKind.TOC), i)
        out.extend(lines[i:start])  # what stands before `目次` is not part of it
        cut = _table_of_contents_end(lines, start, j)
        if cut is None:
            out.extend(lines[start:j])
        else:
            out.extend(lines[cut:j])
        i = j
    return [line for line in out if line.kind is not LineKind.TOC]


def _table_of_contents_end(lines: list[Line], start: int, end: int) -> int | None:
    """Where the table of contents in the heading run lines[start:end] stops, or None."""
    run = lines[start:end]
    keys = [line.article.key for line in run if line.article]
    has_marker = any(line.kind is LineKind.TOC for line in run)
    if len(keys) < 3 and not has_marker:
        return None
    entries = _entry_keys(run)
    seen: set[str] = set()
    for offset, entry in enumerate(entries):
        if entry is None:
            continue
        if entry in seen:
            cut = offset
            if run[offset].article:  # the chapter and caption right before it open the body
                while cut > 0 and run[cut - 1].kind in (LineKind.GROUP, LineKind.CAPTION):
                    cut -= 1
            return start + cut
        seen.add(entry)
    later = {line.article.key for line in lines[end:] if line.article}
    if has_marker and seen:
        return end
    if keys and sum(k in later for k in keys) * 2 >= len(keys):
        return end
    return None
