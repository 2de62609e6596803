"""PDF bytes → text lines with pypdfium2, minus running headers, footers and page numbers.

Why pypdfium2, and the rules below: the extraction notes, §1 and §3.5. Each page's text comes
from `get_text_range()`; every line also gets the baseline height of its first character, so a
header that PDFium emits at the *end* of a page (content-stream order) is still seen at the top.
A line is a page-edge line if it is among the first or last three lines of its page, or if it
sits in the top or bottom band of the page. Edge lines that repeat at the same edge of half the
pages (and less often in the body), and edge lines that are only a page number, are dropped.

Fonts: a font the PDF does not embed is measured with tracker's own substitute (`pdf_fonts`),
never with the machine's fonts, so the text is the same on every machine; text PDFium leaves out
because it cannot see its glyphs is reported, never silently missing.
"""

from __future__ import annotations

import ctypes
import math
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from tracker.errors import (
    CorruptDocument,
    DocumentError,
    EmptyDocument,
    EncryptedDocument,
    NoTextLayer,
)
from tracker.extract.decode import clean_text
from tracker.extract.pdf_fonts import DroppedText, dropped_text, install_box_font
from tracker.extract.pdf_streams import damaged_streams

# PDFium keeps global state and is not thread-safe.
_PDFIUM_LOCK = threading.Lock()

EDGE_LINES = 3  # first and last non-empty lines of a page that may be header or footer
CELL_GAP = 1.5  # font sizes of empty space that separate two table cells
EDGE_BAND = 0.12  # share of the page height, at top and bottom, where headers and footers sit
BAD_CHAR_SHARE = 0.01  # above this share of unusable characters a page has no text layer
# Points: PDFium gives a glyph without an outline a box 1/1,000 of the font size high; the
# flattest visible glyph (an underscore) is ~5% of it, so this holds up to 100-point text.
FLAT_GLYPH = 0.1
# Far beyond any agreement (a dense A4 page holds ~12,000 characters), and what stops a small file
# from costing minutes and gigabytes: one page listed 300,000 times in the page tree, or 44 KB of
# deflated drawing operators that draw 11 million characters on one page.
MAX_PAGES = 10_000
MAX_PAGE_CHARS = 200_000
MAX_CHARS = 5_000_000

_BAD_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff]|\\(cid:"
)
_DIGITS = re.compile(r"\d+")
_WHITESPACE = re.compile(r"\s+")
_DASHES = r"[-‐‑–—―ー\s]*"
_PAGE_NUMBER = re.compile(
    rf"{_DASHES}(?:(?:page|p\.?)\s*)?\d+(?:\s*(?:/|of)\s*\d+)?\s*(?:ページ|頁)?{_DASHES}"
    r"|第\s*\d+\s*(?:ページ|頁)",
    re.I,
)
_HEADING_KEY = re.compile(r"第#+[条章節款項]")
# PDFium replaces a hyphen at a line end with U+FFFE and joins the lines; put both back.
_PDFIUM_HYPHEN = "\ufffe"


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _RawPage:
    text: str  # as PDFium returns it: CRLF line breaks, content-stream order
    heights: list[float | None]  # baseline y of each line's first character
    bottom: float  # the body band: lines below `bottom` or above `top` are edge lines
    top: float
    dropped: list[DroppedText]  # text PDFium left out: glyphs it cannot see


@dataclass(frozen=True)
class _Line:
    text: str
    edge: str | None  # "top" or "bottom" for a page-edge line, else None


def pdf_text(data: bytes, *, source: str) -> PdfText:
    """The text of a PDF, one visual line per line, pages joined by a newline."""
    raw_pages, encrypted = _read_document(data, source)
    if not raw_pages:
        raise EmptyDocument(source, "the PDF has no pages")
    damaged = 0 if encrypted else damaged_streams(data)
    if damaged:
        # PDFium shows what it could decode; some of the text would be silently missing.
        raise CorruptDocument(
            source,
            f"not a readable PDF (damaged: {damaged} compressed part{'s' * (damaged > 1)} "
            "cannot be decoded, so some of the text would be missing)",
        )
    for number, raw in enumerate(raw_pages, 1):
        _check_text_layer(raw.text, source, number)
    lost = _dropped_warnings(raw_pages, source)
    empty = [number for number, raw in enumerate(raw_pages, 1) if not raw.text.strip()]
    if len(empty) == len(raw_pages):
        raise NoTextLayer(source, "no text layer (scanned PDF? OCR is not supported)")
    kept = _drop_running_lines([_edge_lines(raw) for raw in raw_pages])
    # Bare URLs repeated at page breaks are dropped by the normaliser, for every source.
    lines = [line for page in kept for line in _clean_lines(page)]
    warnings = tuple(f"page {number} has no text (image only?)" for number in empty)
    return PdfText("\n".join(lines), len(raw_pages), warnings + lost)


def _read_document(data: bytes, source: str) -> tuple[list[_RawPage], bool]:
    """The pages, and whether the PDF is encrypted (one that opens without a password)."""
    import pypdfium2  # lazily: reading text or HTML must not pay for loading PDFium
    import pypdfium2.raw as pdfium_c

    with _PDFIUM_LOCK:
        install_box_font()  # before any font is loaded: no glyph depends on the machine's fonts
        try:
            pdf = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as error:
            raise _open_error(error.err_code, source) from None
        pages: list[_RawPage] = []
        try:
            encrypted = pdfium_c.FPDF_GetSecurityHandlerRevision(pdf) != -1
            if len(pdf) > MAX_PAGES:
                raise CorruptDocument(source, f"{len(pdf):,} pages, far more than any agreement")
            budget = _CharBudget(source)
            for index in range(len(pdf)):
                pages.append(_read_page(pdf[index], budget))
        except pypdfium2.PdfiumError:
            raise CorruptDocument(source, f"page {len(pages) + 1} cannot be read") from None
        finally:
            pdf.close()
    return pages, encrypted


def _open_error(code: int | None, source: str) -> DocumentError:
    import pypdfium2.raw as pdfium_c

    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return EncryptedDocument(source, "the PDF is password-protected")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return EncryptedDocument(source, "the PDF uses an encryption PDFium cannot open")
    return CorruptDocument(source, "not a readable PDF (truncated or damaged)")


class _CharBudget:
    """Characters read so far; raises CorruptDocument when a page or the document holds more
    than an agreement could, before any of that text is worked on."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pages = 0
        self.chars = 0

    def spend(self, chars: int) -> None:
        self.pages += 1
        self.chars += chars
        if chars > MAX_PAGE_CHARS:
            cause = f"page {self.pages} holds {chars:,} characters, far more than a page can"
            raise CorruptDocument(self.source, cause)
        if self.chars > MAX_CHARS:
            cause = (
                f"over {MAX_CHARS:,} characters by page {self.pages}, far more than any agreement"
            )
            raise CorruptDocument(self.source, cause)


def _read_page(page: Any, budget: _CharBudget) -> _RawPage:
    textpage = page.get_textpage()
    try:
        budget.spend(textpage.count_chars())
        text: str = _cell_gaps_as_tabs(textpage, textpage.get_text_range())
        heights, flat = _line_starts(textpage, text)
        # Looking for left-out text costs ~1 µs a text object; only a page with a flat glyph
        # can have any (every line of the fonts concerned is made of them).
        dropped = dropped_text(page, textpage) if flat else []
        _, bottom, _, top = page.get_bbox()
    finally:
        textpage.close()
        page.close()
    margin = (top - bottom) * EDGE_BAND
    return _RawPage(text, heights, bottom + margin, top - margin, dropped)


def _cell_gaps_as_tabs(textpage: Any, text: str) -> str:
    """Write a tab where PDFium joined two pieces of text on one line across a wide gap.

    PDFium separates table cells drawn at different x positions with a generated space; a gap
    wider than `CELL_GAP` font sizes is a cell boundary, as a tab is in a text file or an HTML
    `<tr>`, so a fee table reads as rows in every format. Word spaces are narrower.
    """
    if " " not in text:
        return text
    import pypdfium2.raw as pdfium_c

    left, right, bottom, top = (ctypes.c_double() for _ in range(4))

    def box(char: int) -> tuple[float, float] | None:
        if pdfium_c.FPDFText_GetCharBox(textpage, char, left, right, bottom, top):
            return left.value, right.value
        return None

    out = list(text)
    offset = 0  # PDFium counts text in UTF-16 units
    for position, char in enumerate(text):
        if char == " " and 0 < position < len(text) - 1:
            index = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, offset)
            if index > 0 and pdfium_c.FPDFText_IsGenerated(textpage, index) == 1:
                before, after = box(index - 1), box(index + 1)
                size = pdfium_c.FPDFText_GetFontSize(textpage, index - 1) or 10.0
                if before and after and after[0] - before[1] > CELL_GAP * size:
                    out[position] = "\t"
        offset += 2 if ord(char) > 0xFFFF else 1
    return "".join(out)


def _line_starts(textpage: Any, text: str) -> tuple[list[float | None], bool]:
    """The baseline y of the first character of each CRLF-separated line of `text`, and whether
    any of these characters is flat: a glyph PDFium found no outline for (`dropped_text`).

    Three PDFium calls per line, not one per character: ~0.15 ms a page. PDFium counts text in
    UTF-16 units, so a character beyond the BMP (𠮷) counts twice.
    """
    import pypdfium2.raw as pdfium_c

    char_index, origin, char_box = (
        pdfium_c.FPDFText_GetCharIndexFromTextIndex,
        pdfium_c.FPDFText_GetCharOrigin,
        pdfium_c.FPDFText_GetCharBox,
    )
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    heights: list[float | None] = []
    flat = False
    start = 0
    for line in text.split("\r\n"):
        indent = len(line) - len(line.lstrip())  # PDFium's generated spaces have no position
        char = char_index(textpage, start + indent) if line.strip() else -1
        heights.append(y.value if char >= 0 and origin(textpage, char, x, y) else None)
        if char >= 0 and not flat and char_box(textpage, char, left, right, bottom, top):
            flat = top.value - bottom.value < FLAT_GLYPH
        start += len(line.encode("utf-16-le")) // 2 + 2
    return heights, flat


def _check_text_layer(text: str, source: str, page: int) -> None:
    """Raise NoTextLayer when the page's text is glyph ids rather than characters.

    A font without a usable /ToUnicode map yields C0 controls, U+FFFD, private-use characters
    or `(cid:n)`: about 85% of such a page, 0% of a good one.
    """
    bad = _BAD_CHARS.findall(text)
    if "(cid:" in bad or len(bad) > len(text) * BAD_CHAR_SHARE:
        raise NoTextLayer(
            source,
            f"no text layer on page {page} (scanned or broken PDF; OCR is not supported)",
            page=page,
        )


def _dropped_warnings(raw_pages: list[_RawPage], source: str) -> tuple[str, ...]:
    """Say where PDFium left text out because it cannot see its glyphs (`dropped_text`).

    In a font the PDF embeds, the PDF itself has no outline for them (they are invisible there
    too): a warning. In a font it does not embed, tracker's substitute font should have given
    every glyph a box; that it did not means the text depends on this machine's fonts after all,
    and a shortened text must never be stored: an error.
    """
    warnings = []
    for number, raw in enumerate(raw_pages, 1):
        for dropped in raw.dropped:
            pieces = f"{dropped.pieces} piece{'s' * (dropped.pieces > 1)} of text"
            font = f"font {dropped.font!r}" if dropped.font else "font without a name"
            if not dropped.embedded:
                raise DocumentError(
                    source,
                    f"page {number}: {pieces} in the {font}, which the PDF does not embed, "
                    "cannot be read on this machine (PDFium found no glyphs for it and left "
                    "the text out)",
                )
            warnings.append(
                f"page {number}: {pieces} left out: the embedded {font} has no glyph outlines "
                "for them (invisible in the PDF too: an OCR text layer?)"
            )
    return tuple(warnings)


def _edge_lines(raw: _RawPage) -> list[_Line]:
    placed = [
        (line, height)
        for line, height in zip(raw.text.split("\r\n"), raw.heights, strict=True)
        if line.strip()
    ]
    last_start = len(placed) - EDGE_LINES
    return [
        _Line(line, _edge(height, raw, index < EDGE_LINES, index >= last_start))
        for index, (line, height) in enumerate(placed)
    ]


def _edge(height: float | None, raw: _RawPage, first: bool, last: bool) -> str | None:
    """Which page edge a line belongs to: by its position when known, else by its order.

    Position wins over order: a body line that happens to be among the first or last lines of
    a page is not an edge line (seed 004 repeats one sentence in three articles, and order alone
    took it for a running footer)."""
    if height is None:
        return "top" if first else "bottom" if last else None
    if not raw.bottom <= height <= raw.top:
        return "top" if height > (raw.bottom + raw.top) / 2 else "bottom"
    return None


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[str]]:
    """Drop edge lines that repeat at the same edge of at least half the pages (documents of
    3+ pages) more often than in the body, and edge lines that are only a page number.

    The body count keeps a sentence the layout happens to put at the top of two of four pages
    (seed 004 ends three articles with the same line) when it also appears mid-page: a running
    header is never body text. Body lines are compared by their text without spaces with the
    edge lines that repeat (keying every body line would cost ~0.2 ms a page)."""
    keys = [
        [(line.edge, edge_key(line.text)) if line.edge else None for line in page] for page in pages
    ]
    counts = Counter(key for page in keys for key in set(page) if key)
    needed = max(2, math.ceil(len(pages) / 2)) if len(pages) >= 3 else math.inf
    repeated = {
        "".join(line.text.split()): key
        for page, page_keys in zip(pages, keys, strict=True)
        for line, key in zip(page, page_keys, strict=True)
        if key and counts[key] >= needed
    }
    in_body = Counter(
        repeated[text]
        for page in pages
        for line in page
        if not line.edge and (text := "".join(line.text.split())) in repeated
    )

    def running(line: _Line, key: tuple[str, str] | None) -> bool:
        if key is None:
            return False
        return is_page_number(line.text) or (counts[key] >= needed and counts[key] > in_body[key])

    return [
        [line.text for line, key in zip(page, page_keys, strict=True) if not running(line, key)]
        for page, page_keys in zip(pages, keys, strict=True)
    ]


def edge_key(line: str) -> str:
    """What a running header or footer line has in common from page to page.

    Digits are masked so "- 3 -" and "- 4 -" match, except in article and chapter headings,
    where the number is the whole difference between two lines.

    >>> edge_key("サービス利用規約　2024年4月1日"), edge_key("- 12 -"), edge_key("第12条")
    ('サービス利用規約#年#月#日', '-#-', '第12条')
    """
    key = _WHITESPACE.sub("", unicodedata.normalize("NFKC", line))
    masked = _DIGITS.sub("#", key)
    return key if _HEADING_KEY.match(masked) else masked


def is_page_number(line: str) -> bool:
    """Whether a line holds nothing but a page number.

    >>> lines = ["3", "- 3 -", "2 / 10", "Page 3 of 9", "３ページ", "第3条", "2024年", "3 総則"]
    >>> [is_page_number(line) for line in lines]
    [True, True, True, True, True, False, False, False]
    """
    return _PAGE_NUMBER.fullmatch(unicodedata.normalize("NFKC", line).strip()) is not None


def _clean_lines(page: list[str]) -> list[str]:
    text = clean_text("\n".join(page).replace(_PDFIUM_HYPHEN, "-\n"))
    return [stripped for line in text.split("\n") if (stripped := line.strip())]
