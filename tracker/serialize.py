"""Documents as the JSON of `tracker parse --format json` (the contract's shape)."""

from __future__ import annotations

from typing import Any

from tracker.model import Document, Item, Paragraph, Section


def item_to_json(item: Item) -> dict[str, Any]:
    return {
        "number": item.number,
        "text": item.text,
        "items": [item_to_json(i) for i in item.items],
    }


def paragraph_to_json(paragraph: Paragraph) -> dict[str, Any]:
    return {
        "number": paragraph.number,
        "text": paragraph.text,
        "items": [item_to_json(i) for i in paragraph.items],
    }


def section_to_json(section: Section) -> dict[str, Any]:
    return {
        "key": section.key,
        "kind": section.kind.value,
        "number": section.number,
        "title": section.title,
        "chapter": section.chapter,
        "deleted": section.deleted,
        "text": section.text,
        "paragraphs": [paragraph_to_json(p) for p in section.paragraphs],
    }


def document_to_json(document: Document) -> dict[str, Any]:
    return {
        "source": document.source,
        "title": document.title,
        "dates": document.dates.as_json(),
        "sections": [section_to_json(s) for s in document.sections],
        "warnings": list(document.warnings),
        "diagnostics": [d.as_json() for d in document.diagnostics],
    }
