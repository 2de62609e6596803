"""Sections to rows and back. A section row is identified by the hash of everything it holds,
so the same article in two versions is one row; loading a version gives back exactly the
`Section`s that were stored (paragraphs, items and sub-items included)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from tracker.model import Item, Paragraph, Section, SectionKind
from tracker.serialize import paragraph_to_json


@dataclass(frozen=True)
class SectionRow:
    hash: str
    key: str
    kind: str
    number: str | None
    title: str | None
    chapter: str | None
    deleted: int
    text: str
    paragraphs: str  # JSON, the shape of `parse --format json`

    def as_params(self) -> tuple[str, str, str, str | None, str | None, str | None, int, str, str]:
        return (
            self.hash,
            self.key,
            self.kind,
            self.number,
            self.title,
            self.chapter,
            self.deleted,
            self.text,
            self.paragraphs,
        )


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def section_row(section: Section) -> SectionRow:
    paragraphs = canonical_json([paragraph_to_json(p) for p in section.paragraphs])
    identity = canonical_json(
        [
            section.key,
            section.kind.value,
            section.number,
            section.title,
            section.chapter,
            section.deleted,
            section.text,
            paragraphs,
        ]
    )
    return SectionRow(
        hash=hashlib.sha256(identity.encode()).hexdigest(),
        key=section.key,
        kind=section.kind.value,
        number=section.number,
        title=section.title,
        chapter=section.chapter,
        deleted=int(section.deleted),
        text=section.text,
        paragraphs=paragraphs,
    )


def section_from_row(
    key: str,
    kind: str,
    number: str | None,
    title: str | None,
    chapter: str | None,
    deleted: int,
    text: str,
    paragraphs: str,
) -> Section:
    return Section(
        key=key,
        kind=SectionKind(kind),
        number=number,
        title=title,
        chapter=chapter,
        text=text,
        paragraphs=tuple(_paragraph(p) for p in json.loads(paragraphs)),
        deleted=bool(deleted),
    )


def _paragraph(data: dict[str, Any]) -> Paragraph:
    return Paragraph(
        number=data["number"], text=data["text"], items=tuple(_item(i) for i in data["items"])
    )


def _item(data: dict[str, Any]) -> Item:
    return Item(
        number=data["number"], text=data["text"], items=tuple(_item(i) for i in data["items"])
    )
