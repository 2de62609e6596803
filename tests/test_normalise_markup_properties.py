"""Properties of the Markdown and HTML paths: markup and layout noise never change the parse.

Each seed is re-wrapped and given full-width digits, published as Markdown or HTML, disturbed
inside the page (spaces between kana/kanji, look-alike code points), extracted with
what the markup says about each line (`Extracted.lines`, headings marked) and normalised. The
parse must equal the parse of the undisturbed seed text: the same sections, texts, title, dates.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.markdown import MARKDOWN_STYLES, MarkdownStyle, to_markdown
from support.render import HTML_STYLES, SEED_NAMES, HtmlStyle, rewrap, seed_text, to_html
from test_normalise_properties import (
    SEED_RUNS,
    assert_same_document,
    densities,
    insert_cjk_spaces,
    randoms,
    swap_lookalikes,
    widen_digits,
)

from tracker.extract import extract
from tracker.normalise import normalise


def _published(name: str, rnd: random.Random, width: int, density: float) -> str:
    """The seed re-wrapped and with full-width digits, as a publisher would write it."""
    return widen_digits(rewrap(seed_text(name), width), rnd, density)


_ASCII_RUN = re.compile(r"([\x00-\x7f]+)")


def _disturb_rendering(markup: str, rnd: random.Random, density: float) -> str:
    """Spaces between kana/kanji and look-alike code points inside the rendered page.

    Only the runs of non-ASCII text are touched, each as if it started a line: markup stays
    intact, and no space lands right after the first character of an element's text (`一 つの`
    there would read as item 一, which no rule could tell from the real thing).
    """
    pieces = _ASCII_RUN.split(markup)
    return "".join(
        piece
        if index % 2 or not piece
        else swap_lookalikes(insert_cjk_spaces(piece, rnd, density / 2), rnd, density)
        for index, piece in enumerate(pieces)
    )


@pytest.mark.parametrize("style", MARKDOWN_STYLES)
@pytest.mark.parametrize("name", SEED_NAMES)
@SEED_RUNS
@given(rnd=randoms, width=st.integers(min_value=26, max_value=100), density=densities)
def test_markdown_rendering_with_layout_noise_parses_like_the_text(
    name: str, style: MarkdownStyle, rnd: random.Random, width: int, density: float
) -> None:
    markdown = to_markdown(_published(name, rnd, width, density), style)
    markdown = _disturb_rendering(markdown, rnd, density)
    extracted = extract(markdown.encode("utf-8"), source="terms.md")
    assert extracted.media_type == "text/markdown"
    assert_same_document(name, normalise(extracted.lines, source=name))


@pytest.mark.parametrize("style", HTML_STYLES)
@pytest.mark.parametrize("name", SEED_NAMES)
@SEED_RUNS
@given(rnd=randoms, width=st.integers(min_value=26, max_value=100), density=densities)
def test_html_rendering_with_layout_noise_parses_like_the_text(
    name: str, style: HtmlStyle, rnd: random.Random, width: int, density: float
) -> None:
    codec = "cp932" if style == "cp932-soup" else "utf-8"
    page = to_html(_published(name, rnd, width, density), style).decode(codec)
    page = _disturb_rendering(page, rnd, density)
    extracted = extract(page.encode(codec, errors="xmlcharrefreplace"), source="terms.html")
    assert_same_document(name, normalise(extracted.lines, source=name))


@pytest.mark.parametrize("style", MARKDOWN_STYLES)
@pytest.mark.parametrize("name", SEED_NAMES)
def test_markdown_saved_as_txt_is_recognised_by_its_content(
    name: str, style: MarkdownStyle
) -> None:
    extracted = extract(to_markdown(seed_text(name), style).encode("utf-8"), source="terms.txt")
    assert extracted.media_type == "text/markdown"
    assert_same_document(name, normalise(extracted.lines, source=name))
