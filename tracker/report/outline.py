"""`tracker parse --format text` and `tracker show`: a readable outline of a document for a
terminal, and the text of one section."""

from __future__ import annotations

from tracker.model import Document, Section, SectionKind
from tracker.report.columns import fit as clip
from tracker.report.columns import pad
from tracker.report.columns import width as display_width
from tracker.report.language import counted

FIRST_WORDS = 36  # display columns of body text shown per section


def _label(section: Section) -> str:
    if section.kind is SectionKind.PREAMBLE:
        return "(前文)"
    number = section.number or ""
    return f"{number} {section.title}" if section.title else number


def _counts(section: Section) -> str:
    paragraphs = len(section.paragraphs)
    items = sum(len(p.items) for p in section.paragraphs)
    parts = [f"{paragraphs}項"] if paragraphs > 1 else []
    if items:
        parts.append(f"{items}号")
    if section.deleted:
        parts.append("削除")
    return f"  [{' '.join(parts)}]" if parts else ""


def outline(document: Document) -> str:
    dates = document.dates.as_json()
    articles = sum(1 for s in document.sections if s.kind is SectionKind.ARTICLE)
    others = [s.key for s in document.sections if s.kind is not SectionKind.ARTICLE]
    lines = [
        document.title or "(no title)",
        f"source: {document.source}",
        "dates: " + " · ".join(f"{k} {v or '—'}" for k, v in dates.items()),
        counted(articles, "article") + (f" · {', '.join(others)}" if others else ""),
        "",
    ]
    key_width = max((len(s.key) for s in document.sections), default=4) + 2
    label_width = min(34, max((display_width(_label(s)) for s in document.sections), default=0))
    chapter: str | None = None
    for section in document.sections:
        if section.chapter != chapter and section.chapter:
            lines.append(section.chapter)
        chapter = section.chapter
        first_line = section.text.split("\n", 1)[0]
        lines.append(
            "  "
            + pad(section.key, key_width)
            + pad(clip(_label(section), label_width), label_width + 2)
            + clip(first_line, FIRST_WORDS)
            + _counts(section)
        )
    return "\n".join(lines)


def section_text(heading: str, section: Section) -> str:
    """One section as `show ID KEY` prints it: its chapter, number and caption, then its text."""
    if section.kind is SectionKind.PREAMBLE:
        label = "(前文)"
    else:
        label = " ".join(p for p in (section.number, section.title) if p)
    lines = [heading, ""]
    if section.chapter:
        lines.append(section.chapter)
    lines.append(label + ("  (削除)" if section.deleted else ""))
    if section.text:
        lines.extend(["", section.text])
    return "\n".join(lines)
