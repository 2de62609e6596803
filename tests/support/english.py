"""English agreements for property tests: a generator of agreement-like text and a re-wrapper
that lays the same text out at another width, as a new PDF or a narrower page would.

`rewrap` breaks lines only where a renderer of running text would: at a space, never so that a
continuation line starts with what opens a heading or an item (a number, `(`, `§`, `Section`,
`Article`), and never inside a heading line's caption. Those are the breaks a layout makes;
the parser relies on a heading starting its line.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

_OPENS_STRUCTURE = re.compile(r"^(?:[0-9(§•*-]|(?:section|article|clause)\b)", re.IGNORECASE)
_HEADING = re.compile(r"^(?:[0-9]+(?:\.[0-9]+)*\.?|(?:Section|Article|ARTICLE|SECTION|§) ?\S+)")
_RUN_IN_END = re.compile(r"^\S+ [^.]{1,80}?\. ")
MIN_PIECE = 20  # characters a wrapped line keeps at least


def _first_break(line: str) -> int:
    """Where the first allowed break of `line` is: after a heading's caption, if it has one."""
    if not _HEADING.match(line):
        return 0
    run_in = _RUN_IN_END.match(line)
    return run_in.end() if run_in else len(line)


def wrap_line(line: str, width: int) -> list[str]:
    """`line` broken at spaces into pieces of about `width` characters (see the module doc)."""
    pieces: list[str] = []
    rest = line
    floor = _first_break(line)
    while len(rest) > width:
        spaces = [i for i, c in enumerate(rest) if c == " " and i >= max(MIN_PIECE, floor)]
        allowed = [i for i in spaces if not _OPENS_STRUCTURE.match(rest[i + 1 :])]
        if not allowed:
            break
        cut = max((i for i in allowed if i <= width), default=min(allowed))
        pieces.append(rest[:cut])
        rest = rest[cut + 1 :]
        floor = 0
    pieces.append(rest)
    return pieces


def rewrap(text: str, width: int) -> str:
    """The same agreement with its lines broken at `width` characters. The first line (the
    title) and lines of 60 characters or fewer (headings, date lines) stay whole."""
    lines = text.split("\n")
    out = lines[:1]
    for line in lines[1:]:
        out += [line] if len(line) <= 60 else wrap_line(line, width)
    return "\n".join(out)


_WORDS_TEXT = """service account customer provider data content fee payment notice term agreement
    law licence access update support request period right obligation information user website"""
_VERBS_TEXT = "provide keep use pay review store delete send receive process suspend change"
_WORDS = _WORDS_TEXT.split()
_VERBS = _VERBS_TEXT.split()


@st.composite
def sentences(draw: st.DrawFn) -> str:
    count = draw(st.integers(3, 14))
    words = draw(st.lists(st.sampled_from([*_WORDS, *_VERBS, "the", "of", "to", "and"]),
                          min_size=count, max_size=count))  # fmt: skip
    number = draw(st.sampled_from(["", " within 30 days", " for $25", " at 2 percent"]))
    return ("The " + " ".join(words) + number + ".").replace("  ", " ")


@st.composite
def captions(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3))
    return " ".join(word.capitalize() for word in words)


@st.composite
def agreements(draw: st.DrawFn) -> str:
    """A plain-text English agreement: a title, a date line, a preamble, numbered sections with
    captions, clauses with run-in captions and several sentences, sometimes lettered items."""
    lines = ["Example Service Terms of Service", "Last updated: March 3, 2025"]
    lines.append(" ".join(draw(st.lists(sentences(), min_size=1, max_size=3))))
    for section in range(1, draw(st.integers(1, 4)) + 1):
        lines.append(f"{section}. {draw(captions()).upper()}")
        for clause in range(1, draw(st.integers(1, 4)) + 1):
            body = " ".join(draw(st.lists(sentences(), min_size=1, max_size=4)))
            lines.append(f"{section}.{clause} {draw(captions())}. {body}")
            items = draw(st.integers(0, 3))
            for letter in "abc"[:items]:
                lines.append(f"({letter}) {draw(sentences())}")
    return "\n".join(lines)
