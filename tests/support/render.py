"""Publish a seed agreement's text in other layouts: re-wrapped text, three HTML styles, PDF.

The cross-format tests parse the same agreement from each layout and demand the same sections
and the same canonical `text`. For that to be a fair demand, a renderer may change only what the
canonical rules say is layout: line breaks, spacing, markup, pages. So the renderers

- re-flow only runs of body lines whose breaks the rules can undo (`blocks`): a run ends at a
  line that starts with a marker (第N条, 2, (1), 附則 …), and a run whose end is ambiguous (a
  short line or a `。` followed by an unnumbered line) is left exactly as published;
- never break a line between two ASCII characters, except at a space between two letters or
  digits. The rules join wrapped lines with one space only between Latin letters or digits and
  with nothing elsewhere, so a break inside `https://…`, `14.5%` or `Microsoft (Azure` could not
  be undone by any parser; a break next to a kana/kanji, or at a word space, can;
- never start a new line with something that reads as a marker (a digit, a bracket, 第, a kanji
  numeral, a bullet, 附則/別表/目次, an era year …): a break before `3 か月前` would print a
  paragraph number the source does not have;
- never leave a line shorter than `MIN_LINE` in the middle of a paragraph, nor a line without a
  single kana/kanji (a bare URL line is page-break noise the normaliser may drop); the last line
  of a paragraph may be one character long, and `tail` asks for paragraphs ending so;
- publish a tab-separated line (a fee-table row) as a real table row: `<tr>`/`<td>` in HTML,
  cells drawn at column positions in the PDF. Neither format can carry a tab character.
"""

from __future__ import annotations

import functools
import html
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tracker.model import Document, SectionKind

SEEDS_DIR = Path(__file__).resolve().parents[2] / "snapshots" / "seeds"
SEED_NAMES = (
    "000_3c77ce43546e0bc6.txt",
    "001_cc46c699d6aa69c1.txt",
    "002_161b8dc7f6ff9c60.txt",
    "003_4624b84317b8ee68.txt",
    "004_dd3f312f96aab035.txt",
)

# The shortest line a renderer leaves inside a paragraph. A PDF line shorter than this reads as
# the end of a block (a title, the last line of a paragraph), see extraction notes §3.4.
MIN_LINE = 25


@functools.cache
def seed_text(name: str) -> str:
    return (SEEDS_DIR / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Character classes, judged on the folded form (NFKC, circled numbers as "(n)").

_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # CJK radicals supplement, Kangxi radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # kana
    (0x3190, 0x31FF),
    (0x3200, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF5F, 0xFF9F),  # half-width corner brackets and katakana
)
_EXTRA_CJK = {"\u2027"}  # ‧ folds to ・ in the canonical rules


def _fold(ch: str) -> str:
    if "\u2460" <= ch <= "\u2473":  # ①–⑳
        return f"({ord(ch) - 0x2460 + 1})"
    return unicodedata.normalize("NFKC", ch)


def is_cjk(ch: str) -> bool:
    """Kana, kanji, radicals and Japanese punctuation (after folding full-width forms)."""
    if ch in _EXTRA_CJK:
        return True
    folded = _fold(ch)
    return bool(folded) and all(any(lo <= ord(c) <= hi for lo, hi in _CJK_RANGES) for c in folded)


def is_ascii_alnum(ch: str) -> bool:
    folded = _fold(ch)
    return len(folded) == 1 and folded.isascii() and folded.isalnum()


# A line that starts like this may be read as a heading, a number or a date: never create one.
MARKER_START = re.compile(
    r"[0-9０-９]"
    r"|[-‐－−―・•●○■□◆◇※＊*]"
    r"|[(（【\[［〔<＜《]"
    r"|[①-⑳⑴-⒇]"
    r"|[一二三四五六七八九十百千〇]"
    r"|第"
    r"|[附付]\s*[則表]|別\s*[表紙記図]|目\s*次|表\s*[0-9０-９]|削\s*除"
    r"|明治|大正|昭和|平成|令和"
    r"|[制改施]\s*[定訂正行]|最\s*終"
    r"|[イロハニホヘトアウエオカキクケコ](?:[\s.．)）、]|$)"
    r"|[A-Za-zＡ-Ｚａ-ｚ][.．)）]"
    r"|Article"
)

# Lines that are headings (or may be): they are never joined to a neighbour nor split.
HEADINGISH = re.compile(
    r"第\s*[0-9０-９一二三四五六七八九十百千〇]+(?:\s*[.．]\s*[0-9０-９]+)?\s*[条章節款編]"
    r"|[(（【\[［][^)）】\]］]{1,40}[)）】\]］]$"
    r"|[附付]\s*則|別\s*[表紙記図]|[付附]\s*表|目\s*次|表\s*[0-9０-９]"
    r"|[制改施]\s*[定訂正行]|最\s*終"
    r"|[0-9０-９]{4}\s*年"
)
CAPTION_ONLY = re.compile(r"[(（【\[［][^)）】\]］]*[)）】\]］]")
ITEM_LINE = re.compile(r"(?:[-‐]\s*)?[(（]([0-9０-９]+)[)）]\s*")
ARTICLE_HEAD = re.compile(
    r"第\s*[0-9０-９一二三四五六七八九十百千〇]+(?:\s*[.．]\s*[0-9０-９]+)?\s*条"
    r"(?:\s*の\s*[0-9０-９]+)*"
    r"(?!\s*(?:[(（][^)）]*[)）])?\s*(?:第\s*[0-9０-９]+\s*[項号]|及び|および|並びに|又は|または"
    r"|若しくは|[、・]|から|まで|[にのをでがと](?!\s*\d)))"
)
CHAPTER_HEAD = re.compile(r"第\s*[0-9０-９一二三四五六七八九十百千〇]+\s*章")
SUPPL_OR_APPENDIX = re.compile(r"[附付]\s*則|別\s*[表紙記図]|[付附]\s*表")


def _is_headingish(line: str) -> bool:
    return bool(HEADINGISH.match(line)) or "\t" in line


def _joint(left: str, right: str) -> str | None:
    """What goes between two wrapped pieces so the canonical join restores the original.

    None when no parser could tell: both sides ASCII and not a space between two letters/digits.
    """
    a, b = left[-1], right[0]
    if is_cjk(a) or is_cjk(b):
        return ""
    if is_ascii_alnum(a) and is_ascii_alnum(b):
        return " "
    return None


# ---------------------------------------------------------------------------------------------
# Blocks: runs of source lines that a publisher could have wrapped differently.


@dataclass(frozen=True)
class Block:
    lines: tuple[str, ...]  # the published lines, stripped
    reflowable: bool  # False: keep the lines exactly as published

    @property
    def joined(self) -> str:
        text = self.lines[0]
        for line in self.lines[1:]:
            joint = _joint(text, line)
            assert joint is not None
            text += joint + line
        return text


def _joinable(prev: str, line: str) -> bool:
    return (
        _has_cjk(prev)
        and _has_cjk(line)  # a bare URL line is page-break noise: keep it a line of its own
        and not _is_headingish(prev)
        and not _is_headingish(line)
        and not MARKER_START.match(line)
        and len(prev) >= MIN_LINE
        and not prev.endswith("。")
        and _joint(prev, line) is not None
    )


def blocks(text: str) -> list[Block]:
    """Group a document's non-blank lines into blocks; see the module docstring."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    out: list[Block] = []
    if not lines:
        return out
    # The first line is the document's title: a block of its own, never re-flowed.
    out.append(Block((lines[0],), reflowable=False))
    current: list[str] = []
    for line in lines[1:]:
        if current and _joinable(current[-1], line):
            current.append(line)
            continue
        if current:
            successor_starts_block = bool(MARKER_START.match(line)) or _is_headingish(line)
            out.append(_close(current, successor_starts_block))
        current = [line]
    if current:
        out.append(_close(current, successor_starts_block=True))
    return out


def _close(lines: list[str], successor_starts_block: bool) -> Block:
    # A run followed by an unnumbered line it could not be joined to ends ambiguously (a short
    # line, a sentence end): keep it as published so the evidence stays the same.
    reflowable = successor_starts_block and not _is_headingish(lines[0])
    return Block(tuple(lines), reflowable)


def _has_cjk(text: str) -> bool:
    return any(is_cjk(c) for c in text)


def _can_break(text: str, index: int) -> bool:
    left, right = text[:index].rstrip(), text[index:].lstrip()
    if len(left) < MIN_LINE or not right:
        return False
    spaced = len(left) < index or len(right) < len(text) - index
    a, b = left[-1], right[0]
    if not (is_cjk(a) or is_cjk(b) or (spaced and is_ascii_alnum(a) and is_ascii_alnum(b))):
        return False
    if MARKER_START.match(right) or _is_headingish(right):
        return False
    if CAPTION_ONLY.fullmatch(left):
        return False
    return _has_cjk(left) and _has_cjk(right)


def split_line(text: str, width: int, tail: int | None = None) -> list[str]:
    """Split one logical line into pieces of about `width` characters at safe places only.

    With `tail`, the last piece holds exactly `tail` characters where a safe break allows it
    (the lines before it are then wrapped at a nearby width so none is shorter than
    `MIN_LINE`): the one- and two-character last lines publishers' layouts leave.
    """
    if tail is not None:
        text = text.strip()
        cut = len(text) - tail
        if cut > 0 and _can_break(text, cut):
            head = text[:cut].rstrip()
            for near in sorted(range(MIN_LINE, 2 * width), key=lambda w: (abs(w - width), w)):
                head_lines = split_line(head, near)
                if len(head_lines[-1]) >= MIN_LINE:
                    return [*head_lines, text[cut:].lstrip()]
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > width:
        candidates = [*range(min(width, len(rest) - 1), 0, -1), *range(width + 1, len(rest))]
        cut = next((i for i in candidates if _can_break(rest, i)), None)
        if cut is None:
            break
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    pieces.append(rest)
    return pieces


def _block_lines(block: Block, width: int | None, tail: int | None = None) -> list[str]:
    if not block.reflowable:
        return list(block.lines)
    if width is None:
        return [block.joined]
    return split_line(block.joined, width, tail)


def rewrap(text: str, width: int, tail: int | None = None) -> str:
    """The same text with different line breaks: paragraphs re-flowed at `width` characters
    (ending in a line of `tail` characters where they can, see `split_line`)."""
    return "\n".join(line for block in blocks(text) for line in _block_lines(block, width, tail))


# ---------------------------------------------------------------------------------------------
# HTML


HtmlStyle = Literal["landmarks", "sections", "cp932-soup"]
HTML_STYLES: tuple[HtmlStyle, ...] = ("landmarks", "sections", "cp932-soup")

# Noise that must never reach the text: dates and article headings the agreement does not have.
_NOISE_HEADER = "<header><p>サンプル株式会社 法務ポータル</p><p>2019年4月1日改定</p></header>"
_NOISE_NAV = (
    '<nav><ul><li><a href="/">ホーム</a></li><li><a href="#top">第99条（目次）</a></li>'
    "<li>2019年4月1日施行</li></ul></nav>"
)
_NOISE_FOOTER = (
    "<footer><p>© 2019 サンプル株式会社</p><p>第98条（お問い合わせ） 2019年4月1日制定</p></footer>"
)
_NOISE_SCRIPT = '<script>var banner = "第97条（偽の条項）2018年1月1日制定";</script>'


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+")


def _inline(text: str) -> str:
    """Escape a line and dress it with inline markup that must not change its text."""
    out: list[str] = []
    pos = 0
    for m in _URL.finditer(text):
        out.append(_spans(text[pos : m.start()]))
        out.append(f'<a href="{html.escape(m.group(), quote=True)}">{_esc(m.group())}</a>')
        pos = m.end()
    out.append(_spans(text[pos:]))
    return "".join(out)


def _spans(text: str) -> str:
    escaped = _esc(text)
    escaped = escaped.replace("当社", '<span class="party">当社</span>')
    return escaped.replace("本サービス", "<em>本サービス</em>")


def _table(rows: list[str], *, close_tags: bool = True) -> str:
    """Tab-separated rows as an HTML table (soup style leaves `<td>`/`<tr>` unclosed)."""
    out = ["<table>" if close_tags else "<table border=1>"]
    for row in rows:
        cells = row.split("\t")
        if close_tags:
            out.append("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in cells) + "</tr>")
        else:
            out.append("<tr>" + "".join(f"<td>{_esc(c)}" for c in cells))
    out.append("</table>")
    return "".join(out)


def _classify(line: str) -> str:
    if CHAPTER_HEAD.match(line):
        return "chapter"
    if ARTICLE_HEAD.match(line):
        return "article"
    if SUPPL_OR_APPENDIX.match(line):
        return "annex"
    if CAPTION_ONLY.fullmatch(line):
        return "caption"
    if "\t" in line:
        return "row"
    return "text"


def to_html(text: str, style: HtmlStyle) -> bytes:
    """The agreement as a web page, in one of `HTML_STYLES`.

    - landmarks: utf-8; `<main>` between a site `<header>`, `<nav>` and `<footer>`, plus a
      `<nav>` and `<script>` inside `<main>`; one `<p>` per paragraph with its wrapped lines
      joined, headings as `<h2>`/`<h3>`, table rows as `<table>`.
    - sections: utf-8; each article a `<section>`; item lists `(1)…` as auto-numbered `<ol>`
      (the literal markers dropped: the extractor writes `(n)` back); `<span>`/`<em>`/`<a>`
      inside sentences.
    - cp932-soup: nested `<div>`s with `<br>` line breaks re-wrapped at another width, encoded
      as cp932 without any charset declaration; characters cp932 lacks (Kangxi radicals, ‧, ‟)
      as numeric character references.
    """
    if style == "landmarks":
        return _html_landmarks(text).encode("utf-8")
    if style == "sections":
        return _html_sections(text).encode("utf-8")
    if style == "cp932-soup":
        return _html_soup(text).encode("cp932", errors="xmlcharrefreplace")
    raise ValueError(style)


def _html_landmarks(text: str) -> str:
    body: list[str] = []
    all_blocks = blocks(text)
    title = all_blocks[0].lines[0] if all_blocks else ""
    body.append(f"<h1>{_esc(title)}</h1>")
    body.append(
        '<nav class="breadcrumb"><a href="/">トップ</a> &gt; <a href="/terms">規約</a></nav>'
    )
    rows: list[str] = []
    for block in all_blocks[1:]:
        for line in _block_lines(block, None):
            kind = _classify(line)
            if kind == "row":
                rows.append(line)
                continue
            if rows:
                body.append(_table(rows))
                rows = []
            if kind in ("chapter", "annex"):
                body.append(f"<h2>{_esc(line)}</h2>")
            elif kind == "article":
                body.append(f"<h3>{_esc(line)}</h3>")
            else:
                body.append(f"<p>{_inline(line)}</p>")
    if rows:
        body.append(_table(rows))
    body.append(_NOISE_SCRIPT)
    return (
        '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8">'
        f"<title>{_esc(title)} | サンプル株式会社</title>"
        "<style>p { margin: 0 0 .5em }</style></head>\n<body>"
        f"{_NOISE_HEADER}{_NOISE_NAV}\n<main>\n" + "\n".join(body) + "\n</main>\n"
        f"{_NOISE_FOOTER}{_NOISE_SCRIPT}</body></html>\n"
    )


def _html_sections(text: str) -> str:
    all_blocks = blocks(text)
    title = all_blocks[0].lines[0] if all_blocks else ""
    out: list[str] = [f"<h1>{_esc(title)}</h1>"]
    open_section = False
    in_article = False
    captioned = False  # a caption line has just opened the next article's section
    items: list[str] = []
    item_start = 0
    expected = 0

    def flush_items() -> None:
        nonlocal items
        if items:
            start = f' start="{item_start}"' if item_start != 1 else ""
            out.append(f"<ol{start}>" + "".join(items) + "</ol>")
            items = []

    def open_new_section(kind: str) -> None:
        nonlocal open_section
        flush_items()
        if open_section:
            out.append("</section>")
        out.append(f'<section class="{kind}">')
        open_section = True

    rows: list[str] = []
    for block in all_blocks[1:]:
        for line in _block_lines(block, None):
            kind = _classify(line)
            if kind == "row":
                flush_items()
                rows.append(line)
                continue
            if rows:
                out.append(_table(rows))
                rows = []
            item = ITEM_LINE.match(line)
            if in_article and kind == "text" and item:
                number = int(unicodedata.normalize("NFKC", item.group(1)))
                if items and number != expected:
                    flush_items()
                if not items:
                    item_start = number
                items.append(f"<li>{_inline(line[item.end() :])}</li>")
                expected = number + 1
                continue
            flush_items()
            was_captioned, captioned = captioned, False
            if kind == "chapter":
                if open_section:
                    out.append("</section>")
                    open_section = False
                out.append(f"<h2>{_esc(line)}</h2>")
            elif kind == "article":
                if not was_captioned:
                    open_new_section("article")
                in_article = True
                out.append(f"<h3>{_esc(line)}</h3>")
            elif kind == "annex":
                open_new_section("annex")
                in_article = False
                out.append(f"<h3>{_esc(line)}</h3>")
            elif kind == "caption":
                # A caption printed before its article heading opens the article's section.
                open_new_section("article")
                captioned = True
                out.append(f'<p class="caption">{_esc(line)}</p>')
            else:
                out.append(f"<p>{_inline(line)}</p>")
    flush_items()
    if rows:
        out.append(_table(rows))
    if open_section:
        out.append("</section>")
    return (
        '<!DOCTYPE html>\n<html lang="ja"><head><meta charset="utf-8">'
        f"<title>{_esc(title)}</title></head>\n"
        '<body><div id="app"><main><article class="terms">\n'
        + "\n".join(out)
        + "\n</article></main></div></body></html>\n"
    )


def _html_soup(text: str, width: int = 37) -> str:
    all_blocks = blocks(text)
    title = all_blocks[0].lines[0] if all_blocks else ""
    out: list[str] = [f"<div class=ttl><b>{_esc(title)}</b></div>"]
    rows: list[str] = []
    for n, block in enumerate(all_blocks[1:]):
        lines = _block_lines(block, width)
        if _classify(lines[0]) == "row":
            rows += lines
            continue
        if rows:
            out.append(_table(rows, close_tags=False))
            rows = []
        indent = "&nbsp;&nbsp;" if n % 3 == 0 else ""
        inner = "<br>\n".join(_esc(line) for line in lines)
        if _classify(lines[0]) in ("article", "chapter", "annex"):
            out.append(f"<div class=h><font size=3><b>{inner}</b></font></div>")
        else:
            out.append(f"<div>{indent}{inner}</div>")
    if rows:
        out.append(_table(rows, close_tags=False))
    return (
        "<html><head><title>" + _esc(title) + "</title></head>\n"
        "<body bgcolor=#ffffff><div id=container><div class=doc>\n"
        + "\n".join(out)
        + "\n</div></div></body></html>\n"
    )


# ---------------------------------------------------------------------------------------------
# PDF

# reportlab's built-in CID fonts: never embedded, so PDFium measures their glyphs with a
# substitute (on a machine without CJK fonts, before tracker gave it one, with none at all).
PDF_FONT = "HeiseiMin-W3"
PDF_FONTS = ("HeiseiMin-W3", "HeiseiKakuGo-W5")
PDF_FONT_SIZE = 10.0
PDF_LEADING = 15.0
PDF_MARGIN = 56.0
PDF_LINES_PER_PAGE = 40
DEFAULT_PDF_HEADER = "サンプル株式会社 ご利用条件（公開版）"


@functools.cache
def _register_font(font: str) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(font))


def pdf_lines(text: str, chars_per_line: int, tail: int | None = None) -> list[str]:
    """The body lines `to_pdf` draws, in order (without header and footer).

    A line with tabs is a table row: its cells are drawn at column positions, as a real table
    is; no tab character reaches the PDF.
    """
    return rewrap(text, chars_per_line, tail).split("\n")


def _column_starts(lines: list[str], font: str) -> list[float]:
    """x offsets of table columns: the widest cell of each column plus a gutter."""
    from reportlab.pdfbase import pdfmetrics

    widths: list[float] = []
    for line in lines:
        if "\t" not in line:
            continue
        for index, cell in enumerate(line.split("\t")):
            width = pdfmetrics.stringWidth(cell, font, PDF_FONT_SIZE)
            if index == len(widths):
                widths.append(width)
            widths[index] = max(widths[index], width)
    starts, x = [], 0.0
    for width in widths:
        starts.append(x)
        x += width + 24
    return starts


def _pages(lines: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(lines), PDF_LINES_PER_PAGE):
        yield lines[start : start + PDF_LINES_PER_PAGE]


def footer_text(page: int, pages: int) -> str:
    return f"- {page} / {pages} -"


def to_pdf(
    text: str,
    *,
    chars_per_line: int,
    header: str = DEFAULT_PDF_HEADER,
    footer_with_page_numbers: bool = True,
    font: str = PDF_FONT,
    tail: int | None = None,
) -> bytes:
    """The agreement as a PDF with one of reportlab's built-in CID fonts (`PDF_FONTS`, no font
    file needed, not embedded).

    Paragraphs are re-wrapped at `chars_per_line` (see `rewrap`; `tail`: ending in a line of
    that many characters where they can); every page carries `header` at the top and, if
    asked, a footer with the page number. Pages are A4, widened when a line that cannot be
    broken (a long URL) would not fit, so no glyph falls outside the page.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    _register_font(font)
    lines = pdf_lines(text, chars_per_line, tail)
    columns = _column_starts(lines, font)
    widest = max(
        [pdfmetrics.stringWidth(line, font, PDF_FONT_SIZE) for line in [*lines, header]]
        + [columns[-1] + 200 if columns else 0]
    )
    width, height = max(A4[0], widest + 2 * PDF_MARGIN), A4[1]
    pages = list(_pages(lines))
    buffer = io.BytesIO()
    pdf: Any = canvas.Canvas(buffer, pagesize=(width, height), invariant=True)
    pdf.setTitle("seed agreement")
    for number, page in enumerate(pages, start=1):
        pdf.setFont(font, 8)
        pdf.drawString(PDF_MARGIN, height - 32, header)
        pdf.setFont(font, PDF_FONT_SIZE)
        y = height - PDF_MARGIN - 20
        for line in page:
            for start, cell in zip(columns or [0.0], line.split("\t"), strict=False):
                pdf.drawString(PDF_MARGIN + start, y, cell)
            y -= PDF_LEADING
        if footer_with_page_numbers:
            pdf.setFont(font, 8)
            pdf.drawCentredString(width / 2, 28, footer_text(number, len(pages)))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# A parsed document back to plain text (for the idempotence property)


def render_document(doc: Document) -> str:
    """Print a `Document` as a plain agreement: title, chapters, `第N条（caption）` + text …"""
    out: list[str] = []
    if doc.title:
        out.append(doc.title)
    chapter = None
    for section in doc.sections:
        if section.chapter and section.chapter != chapter:
            out.append(section.chapter)
            chapter = section.chapter
        if section.kind is SectionKind.PREAMBLE:
            out.append(section.text)
            continue
        if section.kind is SectionKind.ARTICLE:
            if section.deleted:
                out.append(f"{section.number} 削除")
                continue
            caption = f"（{section.title}）" if section.title else ""
            out.append(f"{section.number}{caption}")
        elif section.kind is SectionKind.SUPPLEMENTARY:
            caption = f"（{section.title}）" if section.title else ""
            out.append(f"{section.number or '附則'}{caption}")
        else:
            title = f" {section.title}" if section.title else ""
            out.append(f"{section.number or '別表'}{title}")
        if section.text:
            out.append(section.text)
    return "\n".join(out) + "\n"


def assemble_pdf(objects: Sequence[bytes], *, version: bytes = b"1.4") -> bytes:
    """A PDF file of `objects` (numbered from 1; object 1 is the catalogue) with a correct xref,
    for tests that build a PDF by hand to have exactly the structure they need."""
    out = bytearray(b"%PDF-" + version + b"\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
