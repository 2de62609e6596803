"""The self-check every parse runs: could the structure have been read wrong?

A wrongly read structure fails silently downstream (a swallowed article shows up as "changes in
第28条"), so the normaliser says what it doubts. Each `Diagnostic` names the sections to check:

- `duplicate`: two articles with one number (kept apart as `4` and `4~2`);
- `out-of-sequence`: a number smaller than the one before, a jump, or a gap (第6条 missing);
- `heading-in-body`: a line that looks like a heading left inside a section's text (a caption
  line, a heading in the page's markup, a `第N条` line read as a cross-reference although its
  number was the next one);
- `long-section`: a section many times longer than the typical one (articles swallowed?);
- `large-preamble`: much text before the first article (headings not recognised?);
- `no-articles`: nothing numbered 第N条 at all.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from tracker.model import Diagnostic, Doubt, Section, SectionKind

# A statute's penalty article runs to 4,000 characters and 16 times the median article; twenty
# swallowed articles make one far longer.
LONG_SECTION_MIN = 5000  # characters: no article shorter than this is "unusually long"
LONG_SECTION_FACTOR = 20  # … and it must be this many times the median article
MIN_ARTICLES_FOR_LENGTH = 5
LARGE_PREAMBLE_MIN = 1500  # characters
LARGE_PREAMBLE_SHARE = 0.2  # of the document's text
MAX_REPORTED_GAP = 20  # a larger gap is a renumbering, reported once as out-of-sequence


@dataclass(frozen=True)
class BodyDoubt:
    """A line the section builder left in a body although it looked like a heading."""

    key: str  # the section it ended up in
    text: str
    why: str  # "caption" | "markup" | "next-number" | "out-of-sequence"
    refused_key: str | None = None  # the key the line would have had as a heading


_WHY = {
    "caption": "a caption line with no article after it",
    "markup": "a heading in the page's markup",
    "next-number": "a 第N条 line with the next article number, read as a cross-reference",
    "out-of-sequence": "a 第N条 line out of sequence, read as text",
}


def _order(section: Section) -> tuple[int, ...] | None:
    key = section.key.split("~")[0].split(":")[0]
    try:
        main, *branches = key.split("-")
        first, _, sub = main.partition(".")
        return (int(first), int(sub or 0), *(int(b) for b in branches))
    except ValueError:  # a range key "198:209" or something unusual: not ordered here
        return None


def _sequence(articles: list[Section]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    previous: tuple[Section, tuple[int, ...]] | None = None
    for section in articles:
        order = _order(section)
        if order is None:
            previous = None
            continue
        if "~" in section.key:
            base = section.key.split("~")[0]
            after = f", after {previous[0].number}" if previous and previous[1] > order else ""
            found.append(
                Diagnostic(
                    Doubt.DUPLICATE,
                    f"two articles numbered {section.number} (keys {base} and {section.key}"
                    f"{after}); both are kept: check the source",
                    (base, section.key),
                )
            )
        elif previous is not None:
            before, before_order = previous
            last = _range_end(before) or before_order[0]
            if order <= before_order:
                found.append(
                    Diagnostic(
                        Doubt.OUT_OF_SEQUENCE,
                        f"{section.number} follows {before.number}: the numbers go backwards",
                        (before.key, section.key),
                    )
                )
            elif order[0] > last + 1:
                missing = order[0] - last - 1
                what = (
                    f"第{last + 1}条 is missing"
                    if missing == 1
                    else f"{missing} numbers are missing"
                    if missing <= MAX_REPORTED_GAP
                    else "the numbers jump"
                )
                found.append(
                    Diagnostic(
                        Doubt.OUT_OF_SEQUENCE,
                        f"{section.number} follows {before.number}: {what} "
                        "(a heading not recognised, or numbers skipped in the source?)",
                        (before.key, section.key),
                    )
                )
        if previous is None or order > previous[1]:
            previous = (section, order)  # the highest so far: a step back does not reset it
    return found


def _path(section: Section) -> tuple[int, ...] | None:
    try:
        return tuple(int(part) for part in section.key.split("~")[0].split("."))
    except ValueError:
        return None


def _missing(before: tuple[int, ...], after: tuple[int, ...]) -> str | None:
    """What numbering skips from `before` to `after` (1.3 → 1.5: `1.4`; 1.6 → 3.1: `2`),
    None when nothing is skipped."""
    level = next((i for i in range(min(len(before), len(after))) if before[i] != after[i]), None)
    if level is None:  # a first child: 1 → 1.1 skips nothing, 1 → 1.3 skips 1.1 and 1.2
        if len(after) > len(before) and after[len(before)] > 1:
            return ".".join(map(str, (*after[: len(before)], 1)))
        return None
    gap = after[level] - before[level] - 1
    if gap <= 0:
        return None
    first = ".".join(map(str, (*after[:level], before[level] + 1)))
    return first if gap == 1 else f"{gap} numbers from {first}"


def _clause_sequence(sections: list[Section]) -> list[Diagnostic]:
    """The self-check of sections numbered the English way (1, 1.1, 1.1.1): duplicates, steps
    back and gaps; a gap with a section without a number in it is that section (its heading
    lost its number), not a doubt."""
    found: list[Diagnostic] = []
    previous: tuple[Section, tuple[int, ...]] | None = None
    unnumbered_between = False
    for section in sections:
        if section.kind is SectionKind.UNNUMBERED:
            unnumbered_between = True
            continue
        order = _path(section) if section.kind is SectionKind.ARTICLE else None
        if order is None:
            continue
        if "~" in section.key:
            base = section.key.split("~")[0]
            found.append(
                Diagnostic(
                    Doubt.DUPLICATE,
                    f"two sections numbered {base} (keys {base} and {section.key}); both are "
                    "kept: check the source",
                    (base, section.key),
                )
            )
        elif previous is not None:
            before, before_order = previous
            if order <= before_order:
                found.append(
                    Diagnostic(
                        Doubt.OUT_OF_SEQUENCE,
                        f"{section.number} follows {before.number}: the numbers go backwards",
                        (before.key, section.key),
                    )
                )
            elif (missing := _missing(before_order, order)) and not unnumbered_between:
                found.append(
                    Diagnostic(
                        Doubt.OUT_OF_SEQUENCE,
                        f"{section.number} follows {before.number}: {missing} is missing "
                        "(a heading not recognised, or numbers skipped in the source?)",
                        (before.key, section.key),
                    )
                )
        if previous is None or order > previous[1]:
            previous = (section, order)
        unnumbered_between = False
    return found


def _range_end(section: Section) -> int | None:
    if ":" not in section.key:
        return None
    try:
        return int(section.key.split(":")[1])
    except ValueError:
        return None


def _lengths(sections: list[Section], noun: str) -> list[Diagnostic]:
    articles = [s for s in sections if s.kind is SectionKind.ARTICLE and not s.deleted]
    if len(articles) < MIN_ARTICLES_FOR_LENGTH:
        return []
    median = statistics.median(len(s.text) for s in articles)
    limit = max(LONG_SECTION_MIN, LONG_SECTION_FACTOR * median)
    return [
        Diagnostic(
            Doubt.LONG_SECTION,
            f"{s.number or s.key} is {len(s.text)} characters long, "
            f"{len(s.text) / max(median, 1):.0f} times the typical {noun} "
            f"({noun}s swallowed into it?)",
            (s.key,),
        )
        for s in articles
        if len(s.text) > limit
    ]


def _preamble(sections: list[Section], noun: str) -> list[Diagnostic]:
    preamble = next((s for s in sections if s.kind is SectionKind.PREAMBLE), None)
    if preamble is None or not any(s.kind is SectionKind.ARTICLE for s in sections):
        return []
    total = sum(len(s.text) for s in sections)
    size = len(preamble.text)
    if size < LARGE_PREAMBLE_MIN or size < LARGE_PREAMBLE_SHARE * total:
        return []
    return [
        Diagnostic(
            Doubt.LARGE_PREAMBLE,
            f"{size} characters stand before the first {noun} "
            f"({size / total:.0%} of the text): are headings in it not recognised?",
            ("preamble",),
        )
    ]


def _body_doubts(doubts: list[BodyDoubt], keys: set[str]) -> list[Diagnostic]:
    found = []
    for doubt in doubts:
        if doubt.refused_key in keys:
            continue  # the article has its heading elsewhere: this line was a reference
        shown = doubt.text if len(doubt.text) <= 30 else doubt.text[:29] + "…"
        found.append(
            Diagnostic(
                Doubt.HEADING_IN_BODY,
                f"「{shown}」 is inside {_section_name(doubt.key)}: {_WHY[doubt.why]}",
                (doubt.key,),
            )
        )
    return found


def _section_name(key: str) -> str:
    return "the preamble" if key == "preamble" else f"section {key}"


def diagnose(
    sections: list[Section], doubts: list[BodyDoubt], *, western: bool = False
) -> list[Diagnostic]:
    """Every doubt about the structure of a parsed document, in document order of kind.
    `western`: the document is numbered the English way (1, 1.1, Section 2)."""
    articles = [s for s in sections if s.kind is SectionKind.ARTICLE]
    if not articles:
        what = "numbered sections (1., 1.1, Section 2)" if western else "articles (第N条)"
        return [
            Diagnostic(
                Doubt.NO_ARTICLES,
                f"no {what} found: is this the agreement itself, not a login or error page?",
            )
        ]
    noun = "section" if western else "article"
    return [
        *(_clause_sequence(sections) if western else _sequence(articles)),
        *_body_doubts(doubts, {s.key for s in sections}),
        *_lengths(sections, noun),
        *_preamble(sections, noun),
    ]
