"""`tracker parse --format text` and `tracker show`: a readable outline of a document for a
terminal, and the text of one section."""

from __future__ import annotations

from tracker.model import Document, Section, SectionKind
from tracker.normalise.scheme import is_mostly_latin
from tracker.report.columns import fit as clip
from tracker.report.columns import pad
from tracker.report.columns import width as display_width
from tracker.report.language import counted

FIRST_WORDS = 36  # display columns of body text shown per section


def _label(section: Section, english: bool = False) -> str:
    if section.kind is SectionKind.PREAMBLE:
        return "(preamble)" if english else "(前文)"
    number = section.number or ""
    if not section.title or section.title == number:
        return number
    return f"{number} {section.title}".strip()


def _counts(section: Section, english: bool = False) -> str:
    paragraphs = len(section.paragraphs)
    items = sum(len(p.items) for p in section.paragraphs)
    words = ("paragraphs", " items", "deleted") if english else ("項", "号", "削除")
    parts = [f"{paragraphs}{' ' if english else ''}{words[0]}"] if paragraphs > 1 else []
    if items:
        parts.append(f"{items}{words[1]}")
    if section.deleted:
        parts.append(words[2])
    return f"  [{' '.join(parts)}]" if parts else ""


def outline(document: Document) -> str:
    dates = document.dates.as_json()
    english = is_mostly_latin([document.title or ""] + [s.text[:200] for s in document.sections])
    articles = sum(1 for s in document.sections if s.kind is SectionKind.ARTICLE)
    others = [s.key for s in document.sections if s.kind is not SectionKind.ARTICLE]
    lines = [
        document.title or "(no title)",
        f"source: {document.source}",
        "dates: " + " · ".join(f"{k} {v or '—'}" for k, v in dates.items()),
        counted(articles, "section" if english else "article")
        + (f" · {', '.join(others)}" if others else ""),
        "",
    ]
    key_width = max((len(s.key) for s in document.sections), default=4) + 2
    labels = {s.key: _label(s, english) for s in document.sections}
    label_width = min(34, max((display_width(label) for label in labels.values()), default=0))
    chapter: str | None = None
    for section in document.sections:
        if section.chapter != chapter and section.chapter:
            lines.append(section.chapter)
        chapter = section.chapter
        first_line = section.text.split("\n", 1)[0]
        lines.append(
            "  "
            + pad(section.key, key_width)
            + pad(clip(labels[section.key], label_width), label_width + 2)
            + clip(first_line, FIRST_WORDS)
            + _counts(section, english)
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
