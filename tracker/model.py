"""The plain data every stage passes around: a normalised agreement and its parts.

Mirrors the shape of e-Gov's 法令標準XML loosely: a `Document` holds `Section`s (preamble,
articles, supplementary provisions, appendices); an article holds `Paragraph`s (項), a
paragraph holds `Item`s (号), an item may hold sub-items (イ/ロ/ハ, (a), (i)).

Everything here is immutable and free of I/O so the core (normalise, compare, obligations) can
be tested with plain values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache


class SectionKind(StrEnum):
    PREAMBLE = "preamble"
    ARTICLE = "article"
    SUPPLEMENTARY = "supplementary"
    APPENDIX = "appendix"
    # Text under a heading without a number in an agreement numbered the English way (a
    # `Complaints and Feedback` heading with no `N.M` clause of its own): part of the agreement,
    # but no numbered section. Keyed by its heading (`complaints-and-feedback`).
    UNNUMBERED = "unnumbered"


@dataclass(frozen=True)
class SourceLine:
    """One line of extracted text, and what the source's markup says about it.

    `heading` is 1–6 when the markup makes the line a heading (HTML `<h1>`–`<h6>`, a Markdown
    `#`…`######` or setext heading), 7 for a definition term (`<dt>`), 0 for ordinary text. PDF
    and plain text carry no markup: every line is 0 and structure comes from the words alone.
    """

    text: str
    heading: int = 0


class Doubt(StrEnum):
    """What a structure diagnostic is about (see `Diagnostic`)."""

    OUT_OF_SEQUENCE = "out-of-sequence"  # an article number smaller than, or far past, the last
    DUPLICATE = "duplicate"  # two articles with the same number
    HEADING_IN_BODY = "heading-in-body"  # a heading-like line left inside a section's text
    LONG_SECTION = "long-section"  # a section far longer than the others (swallowed articles?)
    LARGE_PREAMBLE = "large-preamble"  # much text before the first article (missed headings?)
    NO_ARTICLES = "no-articles"


@dataclass(frozen=True)
class Diagnostic:
    """A doubt about how the document's structure was read: the parse went on, but a reader
    should check the sections named in `keys` against the source."""

    doubt: Doubt
    message: str
    keys: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {"doubt": self.doubt.value, "keys": list(self.keys), "message": self.message}


@dataclass(frozen=True)
class Dates:
    """The dates a document states about itself (not the dates we saw it)."""

    enacted: date | None = None  # 制定
    revised: date | None = None  # the latest 改定/改訂/改正/変更
    effective: date | None = None  # 施行/実施/適用開始/効力発生

    def as_json(self) -> dict[str, str | None]:
        return {
            "enacted": self.enacted.isoformat() if self.enacted else None,
            "revised": self.revised.isoformat() if self.revised else None,
            "effective": self.effective.isoformat() if self.effective else None,
        }


@dataclass(frozen=True)
class Item:
    """A 号 (or a sub-item inside one). `number` is the label without brackets: "1", "a", "イ"."""

    number: str
    text: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """A 項. The first paragraph of an article is number "1" even when it is printed unnumbered."""

    number: str
    text: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str  # stable identity: "1", "1.2", "3-2", "preamble", "suppl", "appendix-1"
    kind: SectionKind
    number: str | None  # as printed, canonical characters: "第1条", "第1.2条", "附則", "別紙1"
    title: str | None  # caption without brackets: "適用"
    chapter: str | None  # enclosing 章 heading as printed: "第1章 総則"
    text: str  # canonical body; see `render_body`
    paragraphs: tuple[Paragraph, ...] = ()
    deleted: bool = False  # "第13条 削除": the slot is kept, the content is gone


@dataclass(frozen=True)
class Document:
    source: str
    title: str | None
    dates: Dates
    sections: tuple[Section, ...]
    warnings: tuple[str, ...] = field(default=())  # extraction warnings, then diagnostics
    diagnostics: tuple[Diagnostic, ...] = field(default=())  # doubts about the structure

    def section(self, key: str) -> Section | None:
        for s in self.sections:
            if s.key == key:
                return s
        return None

    @property
    def articles(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind is SectionKind.ARTICLE)


def item_marker(number: str) -> str:
    """The canonical printed form of an item label: always bracketed.

    >>> item_marker("1"), item_marker("a"), item_marker("イ")
    ('(1)', '(a)', '(イ)')
    """
    return f"({number})"


def render_item(item: Item) -> list[str]:
    lines = [f"{item_marker(item.number)} {item.text}".rstrip()]
    for sub in item.items:
        lines.extend(render_item(sub))
    return lines


def render_body(paragraphs: tuple[Paragraph, ...] | list[Paragraph]) -> str:
    """Canonical text of a section body, the same whatever the source's layout or numbering style.

    One line per paragraph and per item. The first paragraph is unnumbered (statute style), later
    paragraphs start with their number and a space, items with "(n) ". Lines inside a paragraph
    that began with a bullet in the source keep it as "- " on a line of their own.

    >>> render_body([Paragraph("1", "本規約は…", (Item("1", "甲"),)), Paragraph("2", "乙")])
    '本規約は…\\n(1) 甲\\n2 乙'
    """
    lines: list[str] = []
    for index, para in enumerate(paragraphs):
        if index == 0 and para.number == "1":
            head = para.text
        else:
            head = f"{para.number} {para.text}".rstrip()
        if head:
            lines.append(head)
        for item in para.items:
            lines.extend(render_item(item))
    return "\n".join(lines)


def layout_key(text: str | None) -> str:
    r"""What two texts are compared on to decide whether they say the same: the text without
    any whitespace. The display text keeps the spaces, tabs and line breaks a reader needs,
    but where they fall is layout: a URL or an English word wrapped mid-token (`c om`), a table
    row's cells as tabs or as wrapped lines, a paragraph joined or split. Compare, and `check`
    deciding whether a fetch is a new version, use this key (docs/decisions/0001).

    >>> layout_key("https://x.jp/c om\n2 料金\t100円") == layout_key("https://x.jp/com 2料金 100円")
    True
    """
    return _without_whitespace(text) if text else ""


@lru_cache(maxsize=8192)
def _without_whitespace(text: str) -> str:
    # str.split() and the regex \s agree on every code point (both are str.isspace); split
    # and join is four times faster, and the cache serves compare's pairwise alignment, which
    # asks for the key of the same section text once per candidate.
    return "".join(text.split())


# (key, kind, number, title, chapter, text, deleted): what decides whether two sections are one.
SectionParts = tuple[str, str, str | None, str | None, str | None, str, bool]


def layout_hash_of(sections: Iterable[SectionParts]) -> str:
    """The hash of sections' content compared on `layout_key`: equal for two versions of an
    agreement that say the same, however they were laid out. `check` stores a new version only
    when it differs (the store computes it; a migration filled it in for older databases)."""
    canonical = [
        [
            key,
            kind,
            layout_key(number),
            layout_key(title),
            layout_key(chapter),
            layout_key(text),
            deleted,
        ]
        for key, kind, number, title, chapter, text, deleted in sections
    ]
    encoded = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()


def layout_hash(document: Document) -> str:
    return layout_hash_of(
        (s.key, s.kind.value, s.number, s.title, s.chapter, s.text, s.deleted)
        for s in document.sections
    )
