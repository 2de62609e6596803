"""Which article headings are real: the numbers' sequence and each line's context decide.

A line that starts with `第N条` is a heading, or a cross-reference that a wrapped line put at the
start of a line. The words after the number settle most cases (`lines.article_heading` refuses
`第37条(割増金)及び…`), but not all: statutes open bodies with references (`第二十九条　第二十七条
各号及び…`), and real documents number twice (two 第四条) or go backwards. This pass reads the
headings in order and keeps

- a heading that continues the sequence (the next number, a branch 第N条の2, or a small gap);
- a heading whose body opens with a reference only when it is exactly the expected next number
  *and* its context says heading: a caption line before it, markup that makes it a heading, a
  chapter heading before it, the line before it ends a sentence, or a space after the number
  while the line before it does not stop mid-clause;
- a heading out of sequence (a duplicate, a step back, a jump of more than `MAX_ARTICLE_JUMP`)
  only with a heading's marks (a caption, heading markup) and no reference after it; it is kept
  as an article, never merged into its neighbour, and `diagnostics` reports it.

Supplementary provisions (附則) and appendices end the articles: the first one that is not
followed by an article continuing the sequence starts the trailer, where `第1条` … belong to
that 附則. One followed by the next article is a mention at a line start, not a heading.
"""

from __future__ import annotations

from tracker.normalise.classify import Line, LineKind, demote
from tracker.normalise.lines import ArticleHeading, is_reference_continuation

# An article number may skip a few (a heading lost in extraction), not dozens: a larger jump is a
# reference to a later article that happens to start a line.
MAX_ARTICLE_JUMP = 5

_SENTENCE_ENDS = ("。", "。)", "。」", "。』", ".")
_MID_CLAUSE = tuple("、,のにをはがでとへもや")

Order = tuple[int, ...]


def _next_orders(previous: ArticleHeading | None) -> set[Order]:
    """The numbers that may come right after `previous`: 第N+1条, 第N条の2, the next branch."""
    if previous is None:
        return {(1, 0)}
    main, sub, *branches = previous.order
    last = previous.last if previous.last is not None else main
    following = {(last + 1, 0), (main, sub, 2)}
    if sub:
        following.add((main, sub + 1))
    if branches:
        following.add((main, sub, *branches[:-1], branches[-1] + 1))
        following.add((main, sub, *branches, 2))
    return following


def _continues(previous: ArticleHeading | None, heading: ArticleHeading) -> bool:
    if previous is None:
        return True
    last = previous.last if previous.last is not None else previous.order[0]
    return heading.order > previous.order and heading.order[0] <= last + MAX_ARTICLE_JUMP


def _context_says_heading(lines: list[Line], index: int) -> bool:
    line = lines[index]
    assert line.article is not None
    if line.heading:
        return True
    before = lines[index - 1] if index else None
    if before is None or before.kind in (LineKind.CAPTION, LineKind.GROUP):
        return True
    tail = before.text.rstrip()
    if tail.endswith(_SENTENCE_ENDS):
        return True
    return line.article.spaced and not tail.endswith(_MID_CLAUSE)


def _has_heading_marks(lines: list[Line], index: int) -> bool:
    """Enough to keep a heading out of sequence: heading markup, or a caption with a heading's
    context — the line before ends a sentence (or is a caption or a chapter) and no particle
    continues a sentence on the next line (`…及び⏎第37条(割増金)⏎に定める` is a reference)."""
    line = lines[index]
    article = line.article
    assert article is not None
    if article.opens_with_reference or is_reference_continuation(article.rest):
        return False
    if line.heading:
        return True
    before = lines[index - 1] if index else None
    caption_before = before is not None and before.kind is LineKind.CAPTION
    if not (article.caption or caption_before):
        return False
    if not caption_before and not _context_says_heading(lines, index):
        return False
    after = lines[index + 1] if index + 1 < len(lines) else None
    return bool(article.rest) or after is None or not is_reference_continuation(after.text)


def _trailer_starts(lines: list[Line], index: int, previous: ArticleHeading | None) -> bool:
    """Whether the 附則 or appendix heading at `index` ends the articles: the first article
    heading after it (if any) does not continue the sequence. Before the first article, only a
    document without articles has its 附則 there."""
    for line in lines[index + 1 :]:
        article = line.article
        if article is None or article.opens_with_reference:
            continue
        if previous is None:
            return False
        return not _continues(previous, article) or article.order[0] == 1
    return True


def keep_article_sequence(lines: list[Line]) -> list[Line]:
    """Demote the heading candidates the sequence and context refuse (see the module doc).

    The sequence goes on from the highest number kept so far: a duplicate or a step back that
    is kept does not pull it back (1 … 5, 3 again, then 6 continues)."""
    out = list(lines)
    previous: ArticleHeading | None = None  # the highest article kept so far
    in_trailer = False
    for index, line in enumerate(out):
        if line.kind in (LineKind.SUPPLEMENTARY, LineKind.APPENDIX):
            if in_trailer or _trailer_starts(out, index, previous):
                in_trailer = True
            else:
                out[index] = demote(line)
            continue
        article = line.article
        if article is None:
            continue
        if in_trailer:
            out[index] = demote(line)
        elif article.opens_with_reference:
            if article.order in _next_orders(previous) and _context_says_heading(out, index):
                previous = article
            else:
                doubt = "next-number" if article.order in _next_orders(previous) else None
                out[index] = demote(line, doubt)
        elif _continues(previous, article):
            previous = article
        elif _has_heading_marks(out, index):
            if previous is None or article.order > previous.order:
                previous = article  # out of sequence, kept; `diagnostics` says so
        else:
            out[index] = demote(line, "out-of-sequence")
    return out


# --- English-style numbering: 1, 1.1, 1.1.1 ----------------------------------------------------


def _follows(previous: Order, path: Order, jump: int) -> bool:
    """Whether `path` may come after `previous` in a numbering of sections and clauses: a first
    child (1 → 1.1), the next number at any level (1.1.2 → 1.1.3, 1.2, 2), possibly straight
    into its first clause (1.6 → 2.1, where section 2's heading has no number), skipping at most
    `jump - 1` numbers on the way.

    >>> [_follows((1, 6), p, 1) for p in [(2, 1), (1, 7), (1, 6, 1), (1, 5), (3,)]]
    [True, True, True, False, False]
    """
    if path[: len(previous)] == previous and len(path) > len(previous):
        return all(1 <= part <= jump for part in path[len(previous) :])
    for level in range(min(len(previous), len(path))):
        if path[:level] != previous[:level]:
            return False
        step = path[level] - previous[level]
        if step != 0:
            return 1 <= step <= jump and all(1 <= part <= jump for part in path[level + 1 :])
    return False


def _first_clause(path: Order) -> bool:
    return all(part == 1 for part in path)


_CLAUSE_ENDS = (".", ":", ";", ")", "!", "?", "”", '"', "。")


def _gap_is_a_heading(lines: list[Line], index: int, previous: Order) -> bool:
    """A candidate that skips numbers (1.1 → 5) is a heading only when its context says so:
    heading markup, or the line before ends a sentence or is a heading; and the next candidate
    does not carry on from before it (1.1 → 5 → 1.2 makes `5.` a number wrapped to a line
    start)."""
    line = lines[index]
    before = lines[index - 1] if index else None
    if (
        not line.heading
        and before is not None
        and before.kind is LineKind.TEXT
        and not before.heading
        and not before.text.rstrip().endswith(_CLAUSE_ENDS)
    ):
        return False
    assert line.article is not None
    path = line.article.order
    following = next(
        (other.article for other in lines[index + 1 :] if other.article and other.article.western),
        None,
    )
    if following is None:
        return True
    return _follows(path, following.order, MAX_ARTICLE_JUMP) or not _follows(
        previous, following.order, MAX_ARTICLE_JUMP
    )


def keep_clause_sequence(lines: list[Line]) -> list[Line]:
    """Demote the English-style heading candidates the numbering refuses.

    A candidate is kept when it follows the highest number kept so far (`_follows`, with a
    gap of a few numbers allowed), or when it repeats or goes back but is a heading element in
    the source (kept apart as `N~2`; `diagnostics` reports it). The first one must be a first
    clause (`1`, `1.1`), unless the document has none. The rest is text: a wrapped line that
    starts with `10.2 above` is refused by its words already, one that starts with a number out
    of sequence is refused here.
    """
    out = list(lines)
    candidates = [line.article.order for line in lines if line.article and line.article.western]
    any_first = any(_first_clause(path) for path in candidates)
    previous: Order | None = None
    for index, line in enumerate(out):
        article = line.article
        if article is None or not article.western:
            continue
        path = article.order
        if previous is None:
            keep = _first_clause(path) or not any_first
        elif _follows(previous, path, 1):
            keep = True
        elif _follows(previous, path, MAX_ARTICLE_JUMP):
            keep = _gap_is_a_heading(out, index, previous)
        else:
            keep = bool(line.heading) and path <= previous
            if keep:
                continue  # out of sequence but marked up as a heading: kept, sequence goes on
        if keep:
            previous = path
        else:
            out[index] = demote(line, "out-of-sequence" if line.heading else None)
    return out
