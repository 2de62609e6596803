"""The same agreement published as text, HTML (three markup styles), Markdown (two styles) and PDF
parses the same.

The contract: "the same document published as PDF, as HTML and as plain text gives the same
`text` for every section. Layout (line breaks, page headers and footers, spacing, full-width/
half-width forms, look-alike code points) never shows up in it." Each seed is rendered by
`support.render` (which changes only layout, see its docstring), run through
`tracker.extract.extract` and `tracker.normalise.normalise`, and compared with the parse of the
seed text itself: the same (key, kind, number, title, chapter) list, identical `text` for every
section, identical `dates`.

The PDFs use reportlab's built-in CID fonts, which PDFs do not embed, in both faces, and two of
them end paragraphs in one- and two-character lines (the lines PDFium used to drop on a machine
without CJK fonts). `test_extract_pdf_fonts.py` runs these PDF tests again without fonts.

The first group of tests checks the fixtures themselves (they need no parser): the PDFs carry
a running header and a page-numbered footer on every page and lose no character, the HTML
pages lose no character, the cp932 page declares no charset.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from bs4 import BeautifulSoup
from support.markdown import to_markdown
from support.render import (
    DEFAULT_PDF_HEADER,
    HTML_STYLES,
    MARKER_START,
    SEED_NAMES,
    footer_text,
    is_ascii_alnum,
    rewrap,
    seed_text,
    to_html,
    to_pdf,
)

from tracker.extract.pdf_fonts import install_box_font
from tracker.model import Document

Renderer = Callable[[str], bytes]

FORMATS: dict[str, tuple[Renderer, str]] = {
    "html-landmarks": (lambda text: to_html(text, "landmarks"), "terms.html"),
    "html-sections": (lambda text: to_html(text, "sections"), "terms.html"),
    "html-cp932-soup": (lambda text: to_html(text, "cp932-soup"), "terms.htm"),
    "pdf-narrow": (lambda text: to_pdf(text, chars_per_line=31), "terms.pdf"),
    "pdf-wide": (
        lambda text: to_pdf(text, chars_per_line=61, header="利用規約 / Terms of Service"),
        "terms.pdf",
    ),
    "pdf-header-only": (
        lambda text: to_pdf(text, chars_per_line=47, footer_with_page_numbers=False),
        "terms.pdf",
    ),
    "pdf-last-line-1": (lambda text: to_pdf(text, chars_per_line=33, tail=1), "terms.pdf"),
    "pdf-last-line-2-gothic": (
        lambda text: to_pdf(text, chars_per_line=41, font="HeiseiKakuGo-W5", tail=2),
        "terms.pdf",
    ),
    "txt-rewrapped": (lambda text: rewrap(text, 43).encode("utf-8"), "terms.txt"),
    "md-jekyll": (lambda text: to_markdown(text, "jekyll").encode("utf-8"), "terms.md"),
    "md-setext": (lambda text: to_markdown(text, "setext").encode("utf-8"), "terms.md"),
}


@functools.cache
def rendered(name: str, fmt: str) -> bytes:
    render, _ = FORMATS[fmt]
    return render(seed_text(name))


@functools.cache
def from_text(name: str) -> Document:
    from tracker.normalise import normalise

    return normalise(seed_text(name), source=name)


@functools.cache
def from_format(name: str, fmt: str) -> Document:
    from tracker.extract import extract
    from tracker.normalise import normalise

    _, source = FORMATS[fmt]
    extracted = extract(rendered(name, fmt), source=source)
    return normalise(extracted.lines, source=source)


def _strip(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _where(expected: str, got: str) -> str:
    """A short, readable account of where two texts part."""
    diff = difflib.unified_diff(expected.split("\n"), got.split("\n"), "text", "rendered", n=0)
    return "\n".join(list(diff)[:12])


# --------------------------------------------------------------------------------------------
# The fixtures themselves


def _pdf_pages(data: bytes) -> list[str]:
    """The raw text of each page, as PDFium reads it with tracker's substitute font for the
    fonts a PDF does not embed (without it, on a machine without CJK fonts, PDFium drops every
    character drawn alone)."""
    install_box_font()
    return [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(data)]


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("fmt", ["pdf-narrow", "pdf-wide"])
def test_pdf_fixture_has_header_and_page_number_on_every_page(name: str, fmt: str) -> None:
    pages = _pdf_pages(rendered(name, fmt))
    assert len(pages) >= 3
    header = DEFAULT_PDF_HEADER if fmt == "pdf-narrow" else "利用規約 / Terms of Service"
    for number, page in enumerate(pages, start=1):
        assert page.startswith(header), page[:80]
        assert page.rstrip().endswith(footer_text(number, len(pages))), page[-80:]


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("fmt", ["pdf-narrow", "pdf-last-line-1", "pdf-last-line-2-gothic"])
def test_pdf_fixture_loses_no_character(name: str, fmt: str) -> None:
    pages = _pdf_pages(rendered(name, fmt))
    body = "".join(
        page.replace(DEFAULT_PDF_HEADER, "", 1).replace(footer_text(n, len(pages)), "")
        for n, page in enumerate(pages, start=1)
    )
    assert _strip(body) == _strip(seed_text(name))


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize(("fmt", "tail"), [("pdf-last-line-1", 1), ("pdf-last-line-2-gothic", 2)])
def test_pdf_fixture_ends_paragraphs_in_lines_of_one_or_two_characters(
    name: str, fmt: str, tail: int
) -> None:
    # Drawn lines of `tail` characters, each the end of a paragraph (the next line starts
    # another block, or it is the last).
    lines = [
        line.strip() for page in _pdf_pages(rendered(name, fmt)) for line in page.split("\r\n")
    ]
    short = [line for line in lines if len(line) == tail]
    assert len(short) >= 10 + name.startswith(("000", "002", "003")) * 40


@pytest.mark.parametrize("name", SEED_NAMES)
def test_pdf_fixture_breaks_lines_elsewhere_than_the_source(name: str) -> None:
    source_lines = {line.strip() for line in seed_text(name).splitlines() if line.strip()}
    pdf_lines = [
        line.strip()
        for page in _pdf_pages(rendered(name, "pdf-narrow"))
        for line in page.splitlines()
    ]
    kept = sum(line in source_lines for line in pdf_lines)
    assert kept < 0.6 * len(pdf_lines)


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("style", HTML_STYLES)
def test_html_fixture_loses_no_character(name: str, style: str) -> None:
    data = rendered(name, f"html-{style}")
    soup = BeautifulSoup(data.decode("cp932" if style == "cp932-soup" else "utf-8"), "lxml")
    root = soup.find("main") or soup.body
    assert root is not None
    for noise in root.find_all(["script", "style", "nav", "header", "footer"]):
        noise.decompose()
    got, want = _strip(root.get_text()), _strip(seed_text(name))
    if style == "sections":  # auto-numbered <ol> items carry no literal marker
        marker = re.compile(r"(?:-)?\([0-9]+\)")
        got, want = marker.sub("", got), marker.sub("", want)
    assert got == want


def test_html_fixtures_join_wrapped_lines_into_paragraphs() -> None:
    # One <p> per paragraph, not per published line: the page is laid out differently.
    source_lines = sum(
        1 for name in SEED_NAMES for line in seed_text(name).splitlines() if line.strip()
    )
    paragraphs = sum(
        len(BeautifulSoup(rendered(name, "html-landmarks"), "lxml").find_all("p"))
        for name in SEED_NAMES
    )
    assert paragraphs < 0.7 * source_lines


def test_cp932_fixture_declares_no_charset_and_is_not_utf8() -> None:
    data = rendered(SEED_NAMES[1], "html-cp932-soup")
    assert b"charset" not in data.lower()
    assert b"\xef\xbb\xbf" not in data[:3]
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "株式会社ソラコム" in data.decode("cp932")


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("width", [26, 33, 47, 80])
def test_rewrap_keeps_characters_and_lines_that_start_with_a_marker(name: str, width: int) -> None:
    source = seed_text(name)
    wrapped = rewrap(source, width)
    assert _strip(wrapped) == _strip(source)

    def marker_lines(text: str) -> list[str]:
        lines = (line.strip() for line in text.splitlines())
        return [line[:12] for line in lines if MARKER_START.match(line)]

    assert marker_lines(wrapped) == marker_lines(source)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_rewrap_never_breaks_between_two_ascii_characters_of_one_word(name: str) -> None:
    # A new break between ASCII characters is only allowed at a word space between two letters
    # or digits (the join puts the space back); see support.render.
    source = [line.strip() for line in seed_text(name).splitlines() if line.strip()]
    published = set(itertools.pairwise(source))
    lines = rewrap(seed_text(name), 29).split("\n")
    for before, after in itertools.pairwise(lines):
        if (before, after) in published or MARKER_START.match(after):
            continue
        a, b = before[-1], after[0]
        if a.isascii() and b.isascii():
            assert is_ascii_alnum(a) and is_ascii_alnum(b), (before, after)


# --------------------------------------------------------------------------------------------
# Every format parses like the text


CASES = [(name, fmt) for name in SEED_NAMES for fmt in FORMATS]
IDS = [f"{name[:3]}-{fmt}" for name, fmt in CASES]


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=IDS)
def test_same_sections_in_every_format(name: str, fmt: str) -> None:
    def outline(doc: Document) -> list[tuple[str, str, str | None, str | None, str | None]]:
        return [(s.key, str(s.kind), s.number, s.title, s.chapter) for s in doc.sections]

    assert outline(from_format(name, fmt)) == outline(from_text(name))


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=IDS)
def test_identical_text_for_every_section_in_every_format(name: str, fmt: str) -> None:
    expected = {s.key: s.text for s in from_text(name).sections}
    got = {s.key: s.text for s in from_format(name, fmt).sections}
    differing = [key for key in expected if key in got and got[key] != expected[key]]
    if differing:
        key = differing[0]
        pytest.fail(
            f"{len(differing)} sections differ ({', '.join(differing[:8])}); "
            f"first, {key}:\n{_where(expected[key], got[key])}"
        )
    assert sorted(got) == sorted(expected)


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=IDS)
def test_same_dates_in_every_format(name: str, fmt: str) -> None:
    assert from_format(name, fmt).dates == from_text(name).dates


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=IDS)
def test_same_document_title_in_every_format(name: str, fmt: str) -> None:
    assert from_format(name, fmt).title == from_text(name).title


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("fmt", ["pdf-narrow", "html-sections", "html-cp932-soup"])
def test_load_document_reads_files_by_suffix(name: str, fmt: str, tmp_path: Path) -> None:
    from tracker.sources import load_document

    _, filename = FORMATS[fmt]
    path = tmp_path / filename
    path.write_bytes(rendered(name, fmt))
    doc = load_document(str(path))
    assert [(s.key, s.title, s.text) for s in doc.sections] == [
        (s.key, s.title, s.text) for s in from_text(name).sections
    ]
    assert doc.dates == from_text(name).dates
