"""Where the agreement sits in a page that does not say (no selector, no `<main>`/`<article>`):
the smallest element holding every article heading, and the page's title before it.

Text around that block — a "last updated 06:00" line, a session token, an advertisement, a
copyright year — changes from one fetch to the next without the agreement changing; read with
the agreement, every such change was a new version. Headings are recognised on the text itself
(`第1条`, `第１条`, `第十二条`, `附則`, `別表第一`), at the start of a text node, outside scripts
and navigation; at least two are needed, else the whole page is read as before.
"""

from __future__ import annotations

import re

from bs4.element import NavigableString, Tag

# The start of an article, 附則 or 別表 heading: enough to find where the agreement sits.
_HEADING = re.compile(
    r"^[\s\u3000]*(?:第[\s\u3000]*[0-9０-９〇一二三四五六七八九十百千]+[\s\u3000]*(?:[.．][0-9０-９]+)?"
    r"[\s\u3000]*条|[附付][\s\u3000]*則|別[\s\u3000]*[表紙記])"
)
# Never where the agreement is: code, and the page's own navigation and asides.
_SKIPPED = frozenset(
    ("script", "style", "noscript", "template", "nav", "aside", "header", "footer", "select")
)
_TITLES = ("h1", "h2")
MIN_HEADINGS = 2


def agreement_block(root: Tag) -> tuple[Tag, Tag | None] | None:
    """The block holding the agreement under `root`, and the title heading before it when
    that lies outside it; None when there is no block smaller than `root` (fewer than two
    headings, or the headings are children of `root` itself)."""
    headings: list[Tag] = []
    stack: list[Tag] = [root]
    while stack:
        tag = stack.pop()
        for child in tag.contents:
            if isinstance(child, Tag):
                if child.name not in _SKIPPED:
                    stack.append(child)
            elif type(child) is NavigableString and _HEADING.match(child):
                headings.append(tag)
    if len(headings) < MIN_HEADINGS:
        return None
    block = _common_ancestor(headings, root)
    if block is root:
        return None
    return block, _title_before(block, root)


def _common_ancestor(tags: list[Tag], root: Tag) -> Tag:
    """The deepest element under `root` (or `root`) that holds every one of `tags`."""

    def path(tag: Tag) -> list[Tag]:
        chain = [tag]
        for parent in tag.parents:
            chain.append(parent)
            if parent is root:
                break
        return chain[::-1]  # root first

    common = path(tags[0])
    for tag in tags[1:]:
        other = path(tag)
        depth = 0
        while depth < min(len(common), len(other)) and common[depth] is other[depth]:
            depth += 1
        common = common[:depth]
    return common[-1] if common else root


def _title_before(block: Tag, root: Tag) -> Tag | None:
    """The nearest `<h1>` before `block` and outside it (else, when the block has no `<h2>`,
    the nearest `<h2>`): the page's name for the agreement when the template puts it above the
    text's container. None when the block has a heading of that level itself."""
    for level in _TITLES:
        if block.find(level) is not None:
            return None
        for candidate in block.find_all_previous(level):
            if not _skipped(candidate, root):
                return candidate
    return None


def _skipped(tag: Tag, root: Tag) -> bool:
    """Whether `tag` is outside `root`, or inside an element the search skips."""
    for parent in tag.parents:
        if parent is root:
            return False
        if parent.name in _SKIPPED:
            return True
    return True
