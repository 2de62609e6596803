"""Decoded HTML → text lines, one block per line, without the page chrome.

`get_text("\\n")` breaks a line at every inline `<a>` or `<span>` and splits table rows; this walk
breaks lines only around block elements, keeps each `<tr>` on one line (cells joined by a TAB)
and writes the numbers browsers draw for `<ol>` into the text (notes §2, "Block-aware HTML").
The walk uses an explicit stack: lxml builds trees thousands of levels deep from broken markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bs4 import BeautifulSoup, ParserRejectedMarkup
from bs4.element import NavigableString, PageElement, Tag
from soupsieve import SelectorSyntaxError

from tracker.errors import CorruptDocument, DocumentError, UsageError
from tracker.extract.html_block import agreement_block
from tracker.extract.html_limits import check_element_count
from tracker.extract.html_lists import LISTS, ListState, without_literal_label
from tracker.model import SourceLine

# Never text: code, widgets, embedded media, ruby readings (振り仮名 would double the words).
_ALWAYS_NOISE = frozenset(
    ("script", "style", "noscript", "template", "button", "iframe", "svg", "select", "rt", "rp")
)
# Page chrome around the document; see `_Walker._is_noise` for when some are kept.
_LANDMARKS = frozenset(("nav", "header", "footer", "aside", "form"))
_SECTIONING = frozenset(("main", "article", "section"))
_ROOTS = ("main", "article", "body")

_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "center", "dd"),
        *("details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure"),
        *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr"),
        *("html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "search"),
        *("section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
    }
)

# Elements whose text is a heading: h1–h6 by level, a definition term (`<dt>第1条</dt>`) below.
_HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6, "dt": 7}

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_SPACES = re.compile(r" {2,}")
_SPACES_AROUND_TAB = re.compile(r" *\t *")


def html_lines(
    text: str, *, source: str, selector: str | None = None, remove: Sequence[str] = ()
) -> list[SourceLine]:
    """The text lines of an HTML document (already decoded to `str`), headings marked.

    `remove` are CSS selectors of elements taken out first, wherever they are (a cookie banner,
    an overlay); `selector` then chooses the root of the agreement.

    >>> lines = html_lines('<nav>menu</nav><main><h2>第1条</h2><p>本規約は<a href="#">当社</a>'
    ...     'が定めます。</p><ol><li>1. 甲</li><li>乙</li></ol><table><tr><td>料金<td>100円'
    ...     '</table></main>', source="x")
    >>> [(line.heading, line.text) for line in lines]  # doctest: +NORMALIZE_WHITESPACE
    [(2, '第1条'), (0, '本規約は当社が定めます。'), (0, '(1) 甲'), (0, '(2) 乙'),
     (0, '料金\\t100円')]
    """
    check_element_count(text, source=source)
    try:
        # An XHTML prolog only makes bs4 warn that lxml's HTML parser sees XML.
        soup = BeautifulSoup(_XML_DECLARATION.sub("", text, count=1), "lxml")
    except ParserRejectedMarkup as error:
        raise CorruptDocument(source, f"the HTML cannot be parsed ({error})") from None
    _remove(soup, remove)
    root = _root(soup, source, selector)
    if selector is None and root.name not in _SECTIONING:
        # No selector and no <main>/<article>: the agreement's own block, not the page around it.
        found = agreement_block(root)
        if found is not None:
            block, title = found
            return (_Walker(title).lines() if title else []) + _Walker(block).lines()
    return _Walker(root).lines()


def _remove(soup: BeautifulSoup, selectors: Sequence[str]) -> None:
    """Take out what `selectors` match. A selector that matches nothing is no error: banners
    come and go."""
    for selector in selectors:
        try:
            found = soup.select(selector)
        except SelectorSyntaxError as error:
            raise UsageError(f"invalid CSS selector {selector!r} in remove: {error}") from None
        for element in found:
            element.extract()  # not decompose(): an element inside one already taken out is fine


def _root(soup: BeautifulSoup, source: str, selector: str | None) -> Tag:
    if selector is None:
        return _first_of(soup, _ROOTS) or soup
    try:
        chosen = soup.select_one(selector)
    except SelectorSyntaxError as error:
        raise UsageError(f"invalid CSS selector {selector!r}: {error}") from None
    if chosen is None:
        raise DocumentError(source, f"selector {selector!r} matched nothing")
    return chosen


def _first_of(soup: BeautifulSoup, names: tuple[str, ...]) -> Tag | None:
    """The first element named `names[0]`, else `names[1]` …, in one pass over the tree."""
    found: dict[str, Tag] = {}
    for element in soup.descendants:
        if isinstance(element, Tag) and element.name in names:
            found.setdefault(element.name, element)
            if element.name == names[0]:
                break
    return next((found[name] for name in names if name in found), None)


def _text_size(tag: Tag) -> int:
    """Characters of visible text under `tag` (script and style strings have their own types)."""
    return sum(len(s.strip()) for s in tag.descendants if type(s) is NavigableString)


class _Lines:
    """Collects inline text into lines; a line ends only when a block starts or ends."""

    def __init__(self) -> None:
        self.lines: list[SourceLine] = []
        self.heading = 0  # the level of the heading element being written, 0 outside one
        self._parts: list[str] = []
        self._marker = ""  # list markers waiting for the item's first line
        self._label: str | None = None  # the innermost item's label, to drop a literal repeat

    def write(self, text: str) -> None:
        self._parts.append(text)

    def end_line(self) -> None:
        if not self._parts:
            return
        line = _SPACES.sub(" ", "".join(self._parts))
        line = _SPACES_AROUND_TAB.sub("\t", line).strip(" ")
        self._parts.clear()
        if not line.strip():
            return
        if self._marker:
            if self._label is not None:
                line = without_literal_label(line, self._label)
            line = (self._marker + line).rstrip()
            self.clear_marker()
        self.lines.append(SourceLine(line, self.heading))

    def mark_next_line(self, marker: str, label: str | None) -> None:
        self.end_line()
        self._marker += marker + " "
        self._label = label

    def clear_marker(self) -> None:
        self._marker = ""
        self._label = None


Action = Callable[[], None]


class _Walker:
    """Walks the tree in document order with an explicit stack of nodes and exit actions,
    skipping code and page chrome as it goes (cheaper than deleting them first)."""

    def __init__(self, root: Tag) -> None:
        self._root = root
        self._out = _Lines()
        self._lists: list[ListState] = []
        self._rows: list[int] = []  # cells seen so far in each open <tr>, innermost last
        self._pre = 0
        self._sections = sum(1 for parent in root.parents if parent.name in _SECTIONING)
        self._root_size: int | None = None

    def lines(self) -> list[SourceLine]:
        stack: list[PageElement | Action] = []
        self._enter(self._root, stack)  # the root is kept even if it is a <nav> or a <form>
        while stack:
            item = stack.pop()
            if isinstance(item, Tag):
                if not self._is_noise(item):
                    self._enter(item, stack)
            elif isinstance(item, NavigableString):
                # Comments, doctypes and script text are subclasses: only plain strings count.
                if type(item) is NavigableString:
                    self._text(str(item))
            elif not isinstance(item, PageElement):  # an exit action (a bs4 Tag is callable too)
                item()
        self._out.end_line()
        return self._out.lines

    def _is_noise(self, tag: Tag) -> bool:
        """Code, widgets, and page chrome around the document.

        A header or footer inside main/article/section belongs to that section (its title, its
        "2024年4月1日改定" line). A form holding most of the text is a wrapper: ASP.NET WebForms
        put the whole body in one `<form>`.
        """
        name = tag.name
        if name in _ALWAYS_NOISE:
            return True
        if name in ("header", "footer"):
            return not self._sections
        if name == "form":
            if self._root_size is None:
                self._root_size = _text_size(self._root)
            return _text_size(tag) * 2 <= self._root_size
        return name in _LANDMARKS

    def _enter(self, tag: Tag, stack: list[PageElement | Action]) -> None:
        name = tag.name
        if name == "br":
            self._break()
            return
        if name in _SECTIONING:
            self._sections += 1
            stack.append(self._leave_section)
        if name in LISTS:
            self._lists.append(ListState(tag))
            stack.append(self._leave_list)
        exit_action = self._open(tag, name)
        if exit_action is not None:
            stack.append(exit_action)
        stack.extend(reversed(tag.contents))

    def _leave_section(self) -> None:
        self._sections -= 1

    def _leave_list(self) -> None:
        self._lists.pop()

    def _open(self, tag: Tag, name: str) -> Action | None:
        """Start `tag` and return what to do when its children are done."""
        if name == "tr":
            return self._open_row()
        if name in ("td", "th") and self._rows:
            self._open_cell()
            return None
        if name == "li":
            return self._open_item(tag)
        if name == "pre":
            self._break()
            self._pre += 1
            return self._close_pre
        if name in _HEADING_LEVELS and not self._rows:
            return self._open_heading(_HEADING_LEVELS[name])
        if name in _BLOCKS:
            self._break()
            return self._break
        return None

    def _open_heading(self, level: int) -> Action:
        self._out.end_line()
        outer = self._out.heading
        self._out.heading = level

        def close() -> None:
            self._out.end_line()
            self._out.heading = outer

        return close

    def _open_row(self) -> Action:
        if self._rows:
            self._out.write(" ")  # a table nested in a cell stays inside that cell
        else:
            self._out.end_line()
        self._rows.append(0)
        return self._close_row

    def _close_row(self) -> None:
        self._rows.pop()
        if not self._rows:
            self._out.end_line()

    def _open_cell(self) -> None:
        if self._rows[-1]:
            self._out.write("\t" if len(self._rows) == 1 else " ")
        self._rows[-1] += 1

    def _open_item(self, tag: Tag) -> Action:
        marker = self._lists[-1].next_marker(tag) if self._lists else None
        if self._rows:
            self._out.write(f" {marker[0]} " if marker else " ")
            return self._break
        if marker:
            self._out.mark_next_line(*marker)
        else:
            self._out.end_line()
        return self._close_item

    def _close_item(self) -> None:
        self._out.end_line()
        self._out.clear_marker()

    def _close_pre(self) -> None:
        self._pre -= 1
        self._break()

    def _break(self) -> None:
        """End the line, or inside a table row keep the row whole with a space."""
        if self._rows:
            self._out.write(" ")
        else:
            self._out.end_line()

    def _text(self, text: str) -> None:
        if not self._pre:
            self._out.write(_WHITESPACE.sub(" ", text))
            return
        first, *rest = text.split("\n")
        self._out.write(first.replace("\t", " "))
        for line in rest:
            self._break()
            self._out.write(line.replace("\t", " "))
