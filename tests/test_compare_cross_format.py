"""The same agreement published differently is no change: `compare` across formats and layouts.

Uses the publishing renderers of the parse suite (tests/support/render.py): HTML in three markup
styles, PDFs re-wrapped at other widths with running headers and page numbers (both built-in CID
fonts, paragraphs ending in one- and two-character lines), and the text re-wrapped. Every pair
must compare with no changes at all, as `tracker compare` exit 0 — on a machine with CJK fonts
and without (`test_extract_pdf_fonts.py` runs these again with the fonts hidden).
"""

from __future__ import annotations

import pytest
from support.render import SEED_NAMES, HtmlStyle, rewrap, seed_text, to_html, to_pdf

from tracker.compare import compare_documents
from tracker.model import Document
from tracker.sources import document_from_bytes

HTML_STYLES: tuple[HtmlStyle, ...] = ("landmarks", "sections", "cp932-soup")


def load(data: bytes, source: str) -> Document:
    return document_from_bytes(data, source=source).document


@pytest.fixture(scope="module", params=SEED_NAMES)
def seed(request: pytest.FixtureRequest) -> tuple[str, Document]:
    name: str = request.param
    text = seed_text(name)
    return text, load(text.encode("utf-8"), f"{name}")


@pytest.mark.parametrize(
    ("font", "tail"), [("HeiseiMin-W3", None), ("HeiseiMin-W3", 1), ("HeiseiKakuGo-W5", 2)]
)
def test_the_pdf_of_an_agreement_compares_equal_to_its_text(
    seed: tuple[str, Document], font: str, tail: int | None
) -> None:
    text, original = seed
    published = load(to_pdf(text, chars_per_line=33, font=font, tail=tail), "published.pdf")
    assert compare_documents(original, published).changes == ()
    assert compare_documents(published, original).changes == ()


@pytest.mark.parametrize("style", HTML_STYLES)
def test_the_html_of_an_agreement_compares_equal_to_its_text(
    seed: tuple[str, Document], style: HtmlStyle
) -> None:
    text, original = seed
    published = load(to_html(text, style), "published.html")
    assert compare_documents(original, published).changes == ()


@pytest.mark.parametrize("width", [24, 61])
def test_a_rewrapped_text_compares_equal(seed: tuple[str, Document], width: int) -> None:
    text, original = seed
    rewrapped = load(rewrap(text, width).encode("utf-8"), "rewrapped.txt")
    assert compare_documents(original, rewrapped).changes == ()


def test_pdf_against_html_of_the_same_agreement(seed: tuple[str, Document]) -> None:
    text, _ = seed
    pdf = load(to_pdf(text, chars_per_line=45, font="HeiseiKakuGo-W5", tail=1), "a.pdf")
    html = load(to_html(text, "sections"), "a.html")
    assert compare_documents(pdf, html).changes == ()
