"""Markdown → text lines, one block per line, with headings marked.

Terms and 会則 kept in git are Markdown: `## 第1条(目的)` headings, `1.` lists, `-` bullets,
tables, links, emphasis, and site generators' furniture (Jekyll front matter, kramdown's
`{:toc}`, Liquid tags). This reader gives the lines a browser would show for the rendered page,
the way `html.py` walks a rendered page, so the same agreement published as Markdown, as the
HTML made from it, or as plain text gives the same sections:

- headings (`#`…`######`, setext `===`/`---` underlines) become lines with
  `SourceLine.heading` set to their level;
- an ordered list item becomes `(n) text`, numbered as a renderer numbers it (from the first
  item's number on: `1.` `1.` `1.` is 1, 2, 3), exactly as `html.py` writes an `<ol>`;
- a bullet item becomes `- text`, a table row tab-separated cells (the delimiter row dropped);
- links keep their text, images and raw HTML tags go (their text stays), emphasis and code marks
  go, backslash escapes and entities are resolved;
- front matter goes, but for its `title`, which site generators print as the page's `<h1>`;
  link reference definitions, attribute lists (`{: …}`, `{:toc}` and the `- TOC`
  item before it), `[TOC]`, Liquid tags and HTML comments go.

It is a line reader for documents, not a full CommonMark implementation: indentation never makes
a code block (agreements are indented for looks), and nested lists keep their markers but not
their depth (the normaliser reads levels from numbering styles anyway).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from itertools import pairwise

from tracker.model import SourceLine

_FRONT_MATTER = {"---": ("---", "..."), "+++": ("+++",)}
MAX_FRONT_MATTER = 200  # lines: a longer "front matter" is a document that starts with a rule

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BULLET = re.compile(r"^([ \t]*)[-*+][ \t]+(.*)$")
_ORDERED = re.compile(r"^([ \t]*)([0-9]{1,9})([.)])(?:[ \t]+(.*))?$")
_QUOTE = re.compile(r"^ {0,3}> ?")
_TABLE_DELIMITER = re.compile(r"^ *\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")
_ATTRIBUTE_LIST = re.compile(r"^ {0,3}\{:[^}]*\}\s*$")
_TOC_MARKERS = re.compile(r"^\s*(?:\[TOC\]|\[\[_TOC_\]\]|\{:toc\}|\[\[toc\]\])\s*$", re.I)
_TOC_ITEM = re.compile(r"^\s*[-*+]\s+TOC\s*$")
_HEADING_ID = re.compile(r"\s*\{[#:.][^}]*\}\s*$")

# Inline syntax.
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_IMAGE = re.compile(r"!\[[^\]]*\](?:\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS_STAR = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9_])_(?=\S)(.+?)(?<=\S)_(?![A-Za-z0-9_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
# Escaped characters are parked in the private use area while inline syntax is read.
_PARK = 0xF0000


def looks_like_markdown(text: str) -> bool:
    """Whether a text file is Markdown: front matter, or headings with other Markdown syntax.

    Plain-text agreements number their lines (`1.`, `(1)`, `・`) but never write `## `, setext
    underlines or `[text](url)` links, so two such marks, or one heading and one other mark, say
    Markdown.

    >>> looks_like_markdown("---\\ntitle: 会則\\n---\\n第1条 …")
    True
    >>> looks_like_markdown("## 第1条(目的)\\n本会は…\\n## 第2条(会員)\\n…")
    True
    >>> looks_like_markdown("第1条 (目的)\\n1. 本規約は…\\n- 甲\\n")
    False
    """
    lines = text.lstrip("\ufeff").splitlines()
    if _front_matter_end(lines) is not None:
        return True
    headings = sum(1 for line in lines if _ATX.match(line) and line.lstrip().startswith("#"))
    underlines = sum(
        1
        for before, line in pairwise(lines)
        if before.strip() and _SETEXT.match(line) and not _RULE.match(before)
    )
    others = sum(
        1
        for line in lines
        if _LINK.search(line) or _STRONG.search(line) or _TABLE_DELIMITER.match(line)
    )
    headings += underlines
    return headings >= 2 or (headings >= 1 and others >= 1) or others >= 3


def markdown_lines(text: str) -> tuple[SourceLine, ...]:
    """The lines of a Markdown document as a browser shows its rendering.

    >>> [(line.heading, line.text) for line in markdown_lines(
    ...     "---\\ntitle: x\\n---\\n## 第1条(目的)\\n本会は**菊月**の[会](/a)である。\\n"
    ...     "1. 慰霊祭\\n1. 出版\\n\\n| 項目 | 料金 |\\n|---|---|\\n| 基本 | 100円 |"
    ... )]  # doctest: +NORMALIZE_WHITESPACE
    [(1, 'x'), (2, '第1条(目的)'), (0, '本会は菊月の会である。'), (0, '(1) 慰霊祭'),
     (0, '(2) 出版'), (0, '項目\\t料金'), (0, '基本\\t100円')]
    """
    return tuple(_Reader(text).read())


def _front_matter_end(lines: list[str]) -> int | None:
    """The index of the line closing the front matter that opens `lines`, if there is one."""
    if not lines or lines[0].rstrip() not in _FRONT_MATTER:
        return None
    closers = _FRONT_MATTER[lines[0].rstrip()]
    for index in range(1, min(len(lines), MAX_FRONT_MATTER)):
        if lines[index].rstrip() in closers:
            return index
    return None


_TITLE_KEY = re.compile(r"""^title\s*[:=]\s*(?P<q>["']?)(?P<title>.+?)(?P=q)\s*$""")


def _front_matter_title(lines: list[str]) -> str | None:
    """The `title:` of YAML (or `title =` of TOML) front matter."""
    for line in lines:
        if m := _TITLE_KEY.match(line):
            return m.group("title").strip() or None
    return None


@dataclass
class _List:
    indent: int
    delimiter: str  # "." or ")"
    next_number: int


@dataclass
class _Reader:
    source: str
    out: list[SourceLine] = field(default_factory=list)
    lists: list[_List] = field(default_factory=list)  # open ordered lists, outermost first
    after_blank: bool = False
    in_paragraph: bool = False  # the last line written was paragraph text (a setext candidate)
    in_table: bool = False

    def read(self) -> list[SourceLine]:
        lines = _COMMENT.sub("", self.source.lstrip("\ufeff")).replace("\r\n", "\n").split("\n")
        end = _front_matter_end(lines)
        index = 0 if end is None else end + 1
        if end is not None and (title := _front_matter_title(lines[1:end])):
            self.out.append(SourceLine(title, heading=1))  # site generators print it as <h1>
        fence: str | None = None
        while index < len(lines):
            line = lines[index]
            index += 1
            if fence is not None:
                if line.strip().startswith(fence):
                    fence = None
                elif line.strip():
                    self._write(line.strip(), raw=True)
                continue
            if opened := _FENCE.match(line):
                fence = opened.group(1)[0] * 3
                self._end_block()
                continue
            if _TOC_ITEM.match(line) and index < len(lines) and _TOC_MARKERS.match(lines[index]):
                index += 1  # kramdown's `- TOC` + `{:toc}`: a generated table of contents
                continue
            following = lines[index] if index < len(lines) else ""
            if "|" in line and "-" in following and _TABLE_DELIMITER.match(following):
                index += 1  # a table: this header row, then the delimiter row (dropped)
                self.in_table = self._table(line)
                continue
            if self.in_table and "|" in line and self._table(line):
                continue
            self.in_table = False
            self._line(line)
        return self.out

    def _line(self, line: str) -> None:
        line = _QUOTE.sub("", line)
        if not line.strip():
            self.after_blank = True
            self.in_paragraph = False
            return
        if (
            _TOC_MARKERS.match(line)
            or _ATTRIBUTE_LIST.match(line)
            or _REFERENCE_DEFINITION.match(line)
        ):
            return
        if self.in_paragraph and not self.after_blank and _SETEXT.match(line):
            last = self.out[-1]
            self.out[-1] = SourceLine(last.text, heading=1 if line.strip()[0] == "=" else 2)
            self._end_block()
            return
        if _RULE.match(line):
            self._end_block()
            return
        if heading := _ATX.match(line):
            self._end_block()
            text = _inline(_HEADING_ID.sub("", heading.group(2) or ""))
            if text:
                self.out.append(SourceLine(text, heading=len(heading.group(1))))
            return
        if ordered := _ORDERED.match(line):
            number = self._list_number(ordered)
            self._write(f"({number}) {_inline(ordered.group(4) or '')}".rstrip())
            self.in_paragraph = False
            return
        if bullet := _BULLET.match(line):
            self._close_lists_deeper_than(len(bullet.group(1).expandtabs(4)))
            self._write(f"- {_inline(bullet.group(2))}".rstrip())
            self.in_paragraph = False
            return
        if self.after_blank and not line[:1].isspace():
            self.lists.clear()  # a paragraph at the margin after a blank line ends every list
        self._write(_inline(line.strip()))
        self.in_paragraph = True

    def _table(self, line: str) -> bool:
        """Write `line` as a table row (tab-separated cells) if it has two cells or more."""
        cells = [_inline(cell.strip()) for cell in _split_cells(line.strip())]
        if len(cells) < 2:
            return False
        self._write("\t".join(cell for cell in cells if cell))
        self.in_paragraph = False
        return True

    def _list_number(self, item: re.Match[str]) -> int:
        indent = len(item.group(1).expandtabs(4))
        self._close_lists_deeper_than(indent)
        current = self.lists[-1] if self.lists else None
        if current is None or current.indent < indent or current.delimiter != item.group(3):
            if current is not None and current.indent == indent:
                self.lists.pop()  # a new delimiter starts a new list
            current = _List(indent, item.group(3), int(item.group(2)))
            self.lists.append(current)
        number = current.next_number
        current.next_number += 1
        return number

    def _close_lists_deeper_than(self, indent: int) -> None:
        while self.lists and self.lists[-1].indent > indent:
            self.lists.pop()

    def _end_block(self) -> None:
        self.lists.clear()
        self.after_blank = False
        self.in_paragraph = False

    def _write(self, text: str, *, raw: bool = False) -> None:
        self.after_blank = False
        if raw:
            self.out.append(SourceLine(text))
            return
        for piece in _BREAK_TAG.split(_HARD_BREAK.sub("", text)):
            if piece.strip():
                self.out.append(SourceLine(piece.strip()))


def _split_cells(row: str) -> list[str]:
    """A table row's cells, split at `|` not escaped with a backslash."""
    inner = row[1:] if row.startswith("|") else row
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner)]


def _inline(text: str) -> str:
    """Inline Markdown → the text a reader sees.

    >>> _inline(r"**1.1 Input.** see [Terms](https://x.jp/t_(1)) and \\*not\\* ~~old~~ `code`")
    '1.1 Input. see Terms and *not* old code'
    >>> _inline("[支援規程]({{ \\"/rules/patronage.html\\" | relative_url }})に定める")
    '支援規程に定める'
    """
    parked = _ESCAPE.sub(lambda m: chr(_PARK + ord(m.group(1))), text)
    parked = _LIQUID.sub("", parked)
    parked = _CODE.sub(lambda m: _park_all(m.group(2).strip()), parked)
    parked = _IMAGE.sub("", parked)
    parked = _LINK.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), parked)
    parked = _AUTOLINK.sub(r"\1", parked)
    parked = _TAG.sub("", parked)
    for pattern in (_STRONG, _STRIKE):
        parked = pattern.sub(lambda m: m.group(m.lastindex or 0), parked)
    parked = _EMPHASIS_STAR.sub(r"\1", parked)
    parked = _EMPHASIS_UNDERSCORE.sub(r"\1", parked)
    unparked = "".join(
        chr(ord(c) - _PARK) if ord(c) >= _PARK and ord(c) < _PARK + 128 else c for c in parked
    )
    return html.unescape(unparked).strip()


def _park_all(text: str) -> str:
    """Code spans are literal: every ASCII punctuation character in them is parked."""
    return "".join(chr(_PARK + ord(c)) if c in "*_~[]()<>`\\{}" else c for c in text)
