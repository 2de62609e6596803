"""Extraction: document bytes → clean text lines, the input of the normaliser.

`extract()` finds out what the bytes are (sniff), decodes text and HTML (decode), walks HTML
blocks (html), reads Markdown's block syntax (markdown) or reads the PDF text layer (pdf). HTML
and Markdown lines keep what their markup says about them (a heading: `SourceLine.heading`).
It removes layout noise only: navigation, running headers and footers, page numbers, invisible
characters. Characters themselves (full-width forms, Kangxi radicals, spaces between CJK) are
left to the normaliser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from tracker.errors import EmptyDocument
from tracker.extract.decode import charset_of, decode
from tracker.extract.markdown import looks_like_markdown, markdown_lines
from tracker.extract.sniff import MediaType, Sniffed, sniff
from tracker.model import SourceLine

__all__ = ["Extracted", "Sniffed", "extract", "sniff"]


@dataclass(frozen=True)
class Extracted:
    lines: tuple[SourceLine, ...]  # one block (paragraph/heading/list item/table row) per line
    media_type: str  # "text/plain" | "text/markdown" | "text/html" | "application/pdf"
    encoding: str | None  # codec used for text/HTML ("utf-8", "cp932", …); None for PDF
    encoding_source: str | None  # "bom" | "header" | "meta" | "detected" | "fallback" | None
    pages: int | None  # PDF page count
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The lines joined by "\\n", without what the markup said about them."""
        return "\n".join(line.text for line in self.lines)


def plain_lines(text: str) -> tuple[SourceLine, ...]:
    return tuple(SourceLine(line) for line in text.split("\n"))


def extract(
    data: bytes,
    *,
    source: str,
    content_type: str | None = None,
    selector: str | None = None,
    sniffed: Sniffed | None = None,
    remove: Sequence[str] = (),
) -> Extracted:
    """The text of a document, whatever it is: plain text, HTML or PDF.

    `source` names the document in errors and lends its extension as a hint; `content_type` is
    the HTTP header value if known; `selector` is a CSS selector choosing the HTML root and
    `remove` CSS selectors of elements left out of it (cookie banners, overlays);
    `sniffed` is what `sniff` already found out about these bytes (it is not asked again).
    Raises a `tracker.errors.DocumentError` subclass when there is no text to be had.

    >>> extract("<p>第1条<span>（目的）</span></p>".encode("cp932"), source="a.html").text
    '第1条（目的）'
    >>> extract(b"a\\r\\nb", source="a.txt").text
    'a\\nb'
    """
    sniffed = sniffed or sniff(data, source=source, content_type=content_type)
    if sniffed.media_type is MediaType.PDF:
        extracted = _extract_pdf(data, source)
    else:
        extracted = _extract_markup_or_text(data, source, content_type, selector, sniffed, remove)
    if not any(line.text.strip() for line in extracted.lines):
        raise EmptyDocument(source, _no_text_cause(sniffed.media_type))
    return replace(extracted, warnings=sniffed.warnings + extracted.warnings)


def _extract_pdf(data: bytes, source: str) -> Extracted:
    from tracker.extract.pdf import pdf_text  # lazily: it loads PDFium

    pdf = pdf_text(data, source=source)
    return Extracted(
        plain_lines(pdf.text), MediaType.PDF.value, None, None, pdf.pages, pdf.warnings
    )


def _extract_markup_or_text(
    data: bytes,
    source: str,
    content_type: str | None,
    selector: str | None,
    sniffed: Sniffed,
    remove: Sequence[str],
) -> Extracted:
    is_html = sniffed.media_type is MediaType.HTML
    decoded = decode(data, declared_charset=charset_of(content_type), html=is_html)
    media_type = sniffed.media_type
    if is_html:
        from tracker.extract.html import html_lines  # lazily: bs4 and lxml take ~90 ms to load

        lines = tuple(html_lines(decoded.text, source=source, selector=selector, remove=remove))
    elif media_type is MediaType.MARKDOWN or (
        media_type is MediaType.TEXT and looks_like_markdown(decoded.text)
    ):
        media_type = MediaType.MARKDOWN
        lines = markdown_lines(decoded.text)
    else:
        lines = plain_lines(decoded.text.strip("\n"))
    return Extracted(
        lines, media_type.value, decoded.encoding, decoded.source, None, decoded.warnings
    )


def _no_text_cause(media_type: MediaType) -> str:
    if media_type is MediaType.HTML:
        return (
            "no text in the HTML once navigation and scripts are removed (written by"
            ' JavaScript? set render = "browser" for this document in tracker.toml)'
        )
    if media_type is MediaType.PDF:
        return "the PDF holds only page headers, footers and numbers"
    return "the document holds only whitespace"
