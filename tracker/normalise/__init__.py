"""Normalise: extracted text → a `Document` of numbered sections with canonical text.

Pure: a string in, a `Document` out, no I/O. The same agreement published as PDF, HTML or plain
text gives the same sections and the same `text` for each (see `chars` for the character and
spacing rules, `structure` for how lines become sections, `body` for paragraphs and items).
"""

from __future__ import annotations

from tracker.model import Document
from tracker.normalise.chars import collapse_whitespace, fold_characters
from tracker.normalise.noise import drop_page_break_urls
from tracker.normalise.structure import build_document

__all__ = ["normalise"]


def normalise(text: str, *, source: str = "") -> Document:
    """Parse an agreement's text into sections. Never raises on odd input: a text with no
    articles gives a Document whose `warnings` say so."""
    lines = (collapse_whitespace(raw) for raw in fold_characters(text).splitlines())
    folded = [line for line in lines if line]
    return build_document(drop_page_break_urls(folded), source=source)
