"""Chapters that only the page's markup announces: `## 総則` ⏎ `### 第1条（目的）`.

A 章 printed as `第1章 総則` is read from its words (`lines.group_heading`). Web pages and
Markdown often drop the 第N章 and let the heading level say it: `<h2>会員</h2>` above
`<h3>第3条（入会）</h3>`, or `## 2 会員` above `### 第3条`. Left as text, such a heading would be
glued to the end of the article before it (and `2 会員` would even become its paragraph 2).

The same markup also carries captions: `<h3>名称</h3><dt>第1条</dt>` puts a heading right above
every article. The two are told apart per document: headings above (nearly) every article that
has no caption of its own are captions (`structure` takes them); headings above only some
articles are chapters.
"""

from __future__ import annotations

from dataclasses import replace

from tracker.normalise import lines as rules
from tracker.normalise import markers
from tracker.normalise.classify import Line, LineKind

CAPTION_SHARE = 0.8  # of the articles: headings above this many of them are their captions


def _heading_above(lines: list[Line], index: int) -> int | None:
    """The heading element right above the article at `index` (a caption line may stand between
    them), if there is one."""
    above = index - 1
    while above >= 0 and lines[above].kind is LineKind.CAPTION:
        above -= 1
    if above >= 0 and lines[above].kind is LineKind.TEXT and lines[above].heading:
        return above
    return None


def _captioned(line: Line) -> bool:
    return line.article is not None and line.article.caption is not None


def _chapter(text: str) -> rules.GroupHeading:
    """`2 会員` keeps its number apart from its title, as `第2章 会員` does."""
    found = markers.marker(text)
    if found is not None and found.style == "para" and found.rest:
        number = text[: len(text) - len(found.rest)].strip()
        return rules.GroupHeading(unit="章", number=number, title=found.rest)
    return rules.GroupHeading(unit="章", number="", title=text)


def mark_markup_chapters(lines: list[Line]) -> list[Line]:
    """Turn the heading elements that stand above some articles into chapter headings."""
    articles = [i for i, line in enumerate(lines) if line.kind is LineKind.ARTICLE]
    above = {i: _heading_above(lines, i) for i in articles}
    headed = [i for i in articles if above[i] is not None]
    if not headed:
        return lines
    uncaptioned = [i for i in headed if not _captioned(lines[i])]
    if len(uncaptioned) >= CAPTION_SHARE * len(articles):
        return lines  # a heading above every article: its caption
    out = list(lines)
    for i in headed:
        index = above[i]
        assert index is not None
        line = out[index]
        if line.heading >= lines[i].heading > 0:
            continue  # not a higher rank than the article's own heading: a sub-heading
        out[index] = replace(line, kind=LineKind.GROUP, group=_chapter(line.text))
    return out
