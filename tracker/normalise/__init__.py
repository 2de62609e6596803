"""Normalise: extracted text → a `Document` of numbered sections with canonical text.

Pure: lines in, a `Document` out, no I/O. The same agreement published as PDF, HTML, Markdown or
plain text gives the same sections and the same `text` for each (see `chars` for the character
and spacing rules, `structure` for how lines become sections, `scheme` for the choice between
Japanese numbering and English numbering made per document, `body` for paragraphs and items,
`diagnostics` for the doubts every parse reports).
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.model import Document, SourceLine
from tracker.normalise.chars import collapse_whitespace, fold_characters
from tracker.normalise.noise import page_break_url_lines
from tracker.normalise.rejoin import rejoin_furniture
from tracker.normalise.structure import build_document

__all__ = ["normalise"]


def normalise(text: str | Sequence[SourceLine], *, source: str = "") -> Document:
    """Parse an agreement into sections: plain text, or extracted lines that keep what their
    markup said (`SourceLine.heading`). Never raises on odd input: a text with no articles gives
    a Document whose `warnings` say so."""
    if isinstance(text, str):
        lines = [SourceLine(line) for line in text.splitlines()]
    else:
        lines = [
            piece_line
            for line in text
            for piece_line in (
                [SourceLine(piece, line.heading) for piece in line.text.split("\n")]
                if "\n" in line.text
                else [line]
            )
        ]
    if not lines:
        return build_document([], source=source)
    folded_texts = fold_characters("\n".join(line.text for line in lines)).split("\n")
    folded: list[tuple[str, int]] = []
    for line, folded_text in zip(lines, folded_texts, strict=True):
        for piece in folded_text.splitlines():
            collapsed = collapse_whitespace(piece)
            if collapsed:
                folded.append((collapsed, line.heading))
    folded = rejoin_furniture(folded)
    noise = page_break_url_lines([text for text, _ in folded])
    kept = [line for index, line in enumerate(folded) if index not in noise]
    return build_document(kept, source=source)
