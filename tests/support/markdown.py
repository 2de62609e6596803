"""Publish a seed agreement as Markdown, the way terms and 会則 kept in git are written.

Like `support.render`, a renderer may change only what the canonical rules say is layout: here
the Markdown syntax itself. Headings get `#` marks (or setext underlines), paragraphs are
separated by blank lines and keep their published line breaks, tab-separated rows become pipe
tables, URLs become links, a few words get emphasis, and every character Markdown would read as
syntax is escaped with a backslash (`2\\. 当社は` stays a paragraph number, not a list).
"""

from __future__ import annotations

import re
from typing import Literal

from support.render import CAPTION_ONLY, _block_lines, _classify, blocks

MarkdownStyle = Literal["jekyll", "setext"]
MARKDOWN_STYLES: tuple[MarkdownStyle, ...] = ("jekyll", "setext")

# ASCII punctuation Markdown (or kramdown and Liquid) may read as syntax.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~])")
_LIST_START = re.compile(r"^(\s*)([0-9]+)([.)])(\s|$)")
_BULLET_START = re.compile(r"^([-+*])(\s)")
_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+")


def _escape(text: str) -> str:
    text = text.replace("&", "&amp;")
    out: list[str] = []
    pos = 0
    for m in _URL.finditer(text):
        out.append(_SPECIAL.sub(r"\\\1", text[pos : m.start()]))
        url = m.group()
        label = _SPECIAL.sub(r"\\\1", url)
        out.append(f"[{label}]({url.replace(')', '%29')})")
        pos = m.end()
    out.append(_SPECIAL.sub(r"\\\1", text[pos:]))
    escaped = "".join(out)
    escaped = _LIST_START.sub(r"\1\2\\\3\4", escaped)  # `2. 当社は`: a number, not a list
    escaped = _BULLET_START.sub(r"\\\1\2", escaped)
    return escaped.replace("本サービス", "**本サービス**")


def _table(rows: list[str]) -> list[str]:
    out = []
    for index, row in enumerate(rows):
        cells = [_escape(cell) for cell in row.split("\t")]
        out.append("| " + " | ".join(cells) + " |")
        if index == 0:
            out.append("|" + "---|" * len(cells))
    out.append("")
    return out


def to_markdown(text: str, style: MarkdownStyle) -> str:
    """The agreement as a Markdown file in one of `MARKDOWN_STYLES`.

    - jekyll: YAML front matter with the title, kramdown's `- TOC` / `{:toc}`, `##` headings for
      chapters, articles and 附則/別表, `---` closing sequences never.
    - setext: the title underlined with `===`, chapters underlined with `---`, articles as
      `### …` headings with a closing `###`.
    """
    all_blocks = blocks(text)
    title = all_blocks[0].lines[0] if all_blocks else ""
    out: list[str] = []
    if style == "jekyll":
        out += ["---", "layout: docs", f'title: "{title}"', "---", "", "- TOC", "{:toc}", ""]
    else:
        out += [_escape(title), "=" * 8, ""]
    rows: list[str] = []
    for block in all_blocks[1:]:
        lines = _block_lines(block, None)
        paragraph: list[str] = []
        for line in lines:
            kind = _classify(line)
            if kind == "row":
                rows.append(line)
                continue
            if rows:
                out += _flush(paragraph) + _table(rows)
                paragraph, rows = [], []
            if kind == "chapter" and style == "setext":
                out += [*_flush(paragraph), _escape(line), "-" * 6, ""]
                paragraph = []
            elif kind in ("chapter", "annex") or (kind == "article" and style == "jekyll"):
                out += [*_flush(paragraph), f"## {_escape(line)}", ""]
                paragraph = []
            elif kind == "article":
                out += [*_flush(paragraph), f"### {_escape(line)} ###", ""]
                paragraph = []
            elif kind == "caption" and CAPTION_ONLY.fullmatch(line):
                out += [*_flush(paragraph), _escape(line), ""]
                paragraph = []
            else:
                paragraph.append(_escape(line))
        out += _flush(paragraph)
    if rows:
        out += _table(rows)
    return "\n".join(out) + "\n"


def _flush(paragraph: list[str]) -> list[str]:
    return [*paragraph, ""] if paragraph else []
