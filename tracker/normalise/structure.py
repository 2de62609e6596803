"""Folded lines → sections: what each line really is, decided with its neighbours.

The passes, in order:

1. `classify` every line with the rules in `lines` (candidate headings, captions, metadata),
   with what the source's markup says (a heading element, a Markdown `##`);
2. `scheme`: decide the document's numbering — Japanese (`第N条`, exactly as before) or English
   (`1.1`, `Section 2`, `Article III`: `clause_headings`), and with it the spacing of its text;
3. `toc`: drop a table of contents, a run of bare headings the body repeats;
4. `sequence`: keep the article headings the number sequence and their context confirm (a
   cross-reference wrapped to the start of a line is text); 附則 and appendices end the articles;
5. `attachments`: mark where an unlabelled attachment after the last article begins (Japanese);
   `scheme.mark_chapters`: headings without numbers over English clauses are chapters;
6. decide, once per document, whether an unbracketed phrase after `第N条` is a caption
   (`第1条 適用`) or the start of the body (`第1条 当社は、…`);
7. cut the lines into sections, hand each body to `body.parse_body`, and run the self-check
   (`diagnostics`) on the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.model import Document, Paragraph, Section, SectionKind, render_body
from tracker.normalise import lines as rules
from tracker.normalise import markers
from tracker.normalise.attachments import mark_attachments
from tracker.normalise.body import BodyLine, parse_body
from tracker.normalise.chapters import mark_markup_chapters
from tracker.normalise.chars import CJK_SPACING, Spacing, compact
from tracker.normalise.classify import Line, LineKind, classify, split_trailing_metadata
from tracker.normalise.clause_headings import split_clause_caption, unfinished, unnumbered_key
from tracker.normalise.dates import dated_events
from tracker.normalise.diagnostics import BodyDoubt, diagnose
from tracker.normalise.metadata import Event, dates_of, is_title, supplementary_events
from tracker.normalise.scheme import Scheme, choose_scheme, mark_chapters, read_clauses
from tracker.normalise.sequence import keep_article_sequence, keep_clause_sequence
from tracker.normalise.toc import drop_table_of_contents


def uses_unbracketed_captions(lines: list[Line]) -> bool:
    """Whether this document writes captions after the number without brackets (`第1条 適用`).

    Decided by a vote over every article heading with text after its number and no bracketed
    caption, so one short wrapped line cannot turn body text into a caption.
    """
    votes = 0
    for index, line in enumerate(lines):
        heading = line.article
        if heading is None or heading.caption or not heading.rest or heading.rest == "削除":
            continue
        if index > 0 and lines[index - 1].kind is LineKind.CAPTION:
            continue
        votes += 1 if rules.looks_like_caption(heading.rest) else -1
    return votes > 0


@dataclass
class _SectionDraft:
    kind: SectionKind
    key: str
    number: str | None
    title: str | None
    chapter: str | None
    lines: list[BodyLine] = field(default_factory=list)


@dataclass
class _Parts:
    title: str | None = None
    sections: list[Section] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    doubts: list[BodyDoubt] = field(default_factory=list)


def _unique_key(base: str, taken: set[str]) -> str:
    """`base`, or `base~2`, `base~3` … for a second and later section with the same number
    (never `base-2`: that is the key of 第N条の2)."""
    if base not in taken:
        return base
    n = 2
    while f"{base}~{n}" in taken:
        n += 1
    return f"{base}~{n}"


def _finish(draft: _SectionDraft, parts: _Parts, spacing: Spacing = CJK_SPACING) -> None:
    body_lines = list(draft.lines)
    # Dates printed at the end of a section (`2023年9月15日制定`) describe the document.
    while body_lines and body_lines[-1].metadata:
        parts.events.extend(dated_events(spacing.spacing(body_lines.pop().text)))
    if draft.kind is SectionKind.PREAMBLE:
        body_lines = [b for b in body_lines if not _record_metadata(b, parts, spacing)]
        if parts.title is None and (found := _title_lines(body_lines, spacing)) is not None:
            start, end = found
            title = spacing.join(
                [spacing.canonical(b.text.replace("\t", " ")) for b in body_lines[start:end]]
            )
            parts.title = title
            del body_lines[start:end]
        if not any(b.text for b in body_lines):
            return
    deleted = False
    if draft.kind is SectionKind.ARTICLE and [b.text for b in body_lines] == ["削除"]:
        deleted = True
        paragraphs: tuple[Paragraph, ...] = (Paragraph("1", "削除"),)
    else:
        paragraphs = parse_body(body_lines, spacing)
    text = render_body(paragraphs)
    if draft.kind is SectionKind.SUPPLEMENTARY:
        parts.events.extend(supplementary_events(draft.title, text))
    if draft.kind is SectionKind.SUPPLEMENTARY:
        key = draft.key
    else:
        key = _unique_key(draft.key, parts.keys)
    parts.keys.add(key)
    parts.sections.append(
        Section(
            key=key,
            kind=draft.kind,
            number=draft.number,
            title=draft.title,
            chapter=draft.chapter,
            text=text,
            paragraphs=paragraphs,
            deleted=deleted,
        )
    )


def _title_lines(lines: list[BodyLine], spacing: Spacing) -> tuple[int, int] | None:
    """Which preamble lines hold the document's title, as a range: the first line if it reads as
    one, or the first two when a re-wrap split it (`セキュアカメラクラウドサービス` ⏎ `利用規約`),
    else the first heading in the page's markup that does (a site menu may come before the
    `<h1>`)."""
    if lines and is_title(lines[0].text):
        return 0, 1
    if (
        len(lines) > 1
        and lines[0].heading == lines[1].heading
        and not markers.marker(lines[1].text)
    ):
        first, second = lines[0].text, lines[1].text
        if not first.endswith(("。", "、")) and is_title(spacing.join([first, second])):
            return 0, 2
    headings = [i for i, line in enumerate(lines) if line.heading]
    top = min((lines[i].heading for i in headings), default=0)
    found = next((i for i in headings if lines[i].heading == top and is_title(lines[i].text)), None)
    return None if found is None else (found, found + 1)


def _record_metadata(line: BodyLine, parts: _Parts, spacing: Spacing) -> bool:
    if line.metadata:
        parts.events.extend(dated_events(spacing.spacing(line.text)))
    return line.metadata


def _chapter_label(group: rules.GroupHeading, spacing: Spacing) -> str:
    title = spacing.spacing(group.title)
    return " ".join(part for part in (group.number, title) if part)


def _heading_caption(line: Line) -> str | None:
    """A heading element's text standing for the caption of the article after it
    (`<h3>名称</h3><dt>第1条</dt>`)."""
    if line.kind is not LineKind.TEXT or not line.heading:
        return None
    text = compact(line.text)
    if not text or len(text) > rules.MAX_CAPTION or "。" in text or markers.marker(line.text):
        return None
    return text


def _heading_rest_is_caption(rest: str) -> bool:
    """In a heading element the words after `第N条` are its caption (`<h2>第1条 総則</h2>`,
    `### 第1条　目的`), unless they are a sentence."""
    body = compact(rest)
    return len(body) <= rules.MAX_CAPTION and "。" not in body and not markers.marker(rest)


def _takes_caption(line: Line, following: Line | None, before_articles: bool) -> str | None:
    """The caption `line` gives the article heading right after it, if it does."""
    if following is None or following.article is None or following.article.caption:
        return None
    if line.kind is LineKind.CAPTION:
        return line.caption
    caption = _heading_caption(line)
    if caption is None or (before_articles and is_title(line.text)):
        return None
    if following.article.rest and not following.heading:
        return None  # `第1条 本規約は…` with its body: the heading line above is not its caption
    return caption


def _wrapped_caption(line: Line, caption: str | None, rest: str, following: Line | None) -> bool:
    """An English heading line whose caption a wrap cut short, followed by its continuation."""
    return bool(
        line.article
        and line.article.western
        and not line.heading
        and caption
        and not rest
        and following is not None
        and following.kind is LineKind.TEXT
        and unfinished(caption)
    )


class _Builder:
    """Cuts classified lines into sections (pass 7)."""

    def __init__(self, lines: list[Line], scheme: Scheme) -> None:
        self.lines = lines
        self.scheme = scheme
        self.spacing = scheme.spacing
        self.unbracketed = uses_unbracketed_captions(lines)
        self.parts = _Parts()
        self.draft = _SectionDraft(SectionKind.PREAMBLE, "preamble", None, None, None)
        self.chapter: str | None = None
        self.supplementary = 0
        self.article_level = next((line.heading for line in lines if line.article), 0)
        self.pending_caption: str | None = None  # taken from the line before an article
        # A chapter heading (English scheme) whose text has come before any numbered clause.
        self.open_chapter: Line | None = None

    def build(self) -> _Parts:
        skip_next = False
        seen_article = False
        for index, line in enumerate(self.lines):
            if skip_next:
                skip_next = False
                continue
            following = self.lines[index + 1] if index + 1 < len(self.lines) else None
            caption = _takes_caption(line, following, not seen_article)
            if caption is not None:
                self.pending_caption = caption
                continue
            if line.article:
                seen_article = True
                skip_next = self._article(line, following)
            elif line.group:
                if line.group.unit in "編章":
                    self.chapter = _chapter_label(line.group, self.spacing)
                    self.open_chapter = line if self.scheme.clauses else None
            elif line.supplementary is not None:
                self._supplementary(line)
            elif line.appendix:
                self._appendix(line.appendix)
            elif line.kind is LineKind.ATTACHMENT:
                self._attachment(line)
            elif line.kind is not LineKind.END:
                self._body_line(line)
        _finish(self.draft, self.parts, self.spacing)
        return self.parts

    def _start(self, draft: _SectionDraft) -> None:
        _finish(self.draft, self.parts, self.spacing)
        self.draft = draft
        self.open_chapter = None

    def _article(self, line: Line, following: Line | None) -> bool:
        """Open an article; True when the caption on the next line was taken."""
        heading = line.article
        assert heading is not None
        caption, rest = heading.caption, heading.rest
        if caption is None:
            caption = self.pending_caption
        self.pending_caption = None
        body_may_be_caption = (
            caption is None
            and bool(rest)
            and not heading.opens_with_reference
            and rest != "削除"
            and not heading.western  # its caption is read with its number (clause_headings)
        )
        if body_may_be_caption and (
            (line.heading and _heading_rest_is_caption(rest))
            or (self.unbracketed and rules.looks_like_caption(rest))
        ):
            caption, rest = compact(rest), ""
        took_next = False
        if caption is None and not rest and following is not None and following.caption:
            caption, took_next = following.caption, True
        elif _wrapped_caption(line, caption, rest, following):
            assert caption is not None and following is not None
            # `1.2 Subscription Renewals and` ⏎ `Cancellations. You agree…`: a wrap
            caption, rest = split_clause_caption(f"{caption} {following.text}", markup=False)
            took_next = True
        self._start(
            _SectionDraft(
                SectionKind.ARTICLE,
                heading.key,
                heading.number,
                self.spacing.canonical(caption) if caption else None,
                self.chapter,
            )
        )
        if rest:
            self.draft.lines.append(BodyLine(rest))
        return took_next

    def _supplementary(self, line: Line) -> None:
        assert line.supplementary is not None
        self.supplementary += 1
        caption, rest = line.supplementary
        self._start(
            _SectionDraft(
                SectionKind.SUPPLEMENTARY,
                "suppl" if self.supplementary == 1 else f"suppl-{self.supplementary}",
                _suppl_number(markers.split_bullet(line.text)[1]),
                self.spacing.canonical(caption) if caption else None,
                None,
            )
        )
        self.chapter = None
        if rest:
            self.draft.lines.append(BodyLine(rest))

    def _appendix(self, appendix: rules.AppendixHeading) -> None:
        self._start(
            _SectionDraft(
                SectionKind.APPENDIX,
                "appendix" if appendix.value is None else f"appendix-{appendix.value}",
                appendix.number,
                self.spacing.canonical(appendix.title) if appendix.title else None,
                None,
            )
        )
        self.chapter = None

    def _attachment(self, line: Line) -> None:
        title = self.spacing.canonical(line.text) if line.heading else None
        self._start(_SectionDraft(SectionKind.APPENDIX, "appendix", None, title, None))
        self.chapter = None
        if title is None:
            self.draft.lines.append(BodyLine(line.text))

    def _body_line(self, line: Line) -> None:
        why = self._doubt(line)
        if why is not None:
            self.parts.doubts.append(
                BodyDoubt(self.draft.key, self.spacing.canonical(line.text), why, line.refused_key)
            )
        if self.open_chapter is not None:
            self._unnumbered(self.open_chapter)
        self.draft.lines.append(
            BodyLine(
                line.text,
                segment=line.demoted_article and self.draft.kind is SectionKind.SUPPLEMENTARY,
                metadata=line.kind is LineKind.METADATA,
                heading=line.heading,
            )
        )

    def _unnumbered(self, heading: Line) -> None:
        """Text under a chapter heading with no numbered clause of its own (`Complaints and
        Feedback` between 6.2 and 8.1) is a section of its own, keyed by its heading."""
        title = self.spacing.canonical(heading.text)
        self._start(_SectionDraft(SectionKind.UNNUMBERED, unnumbered_key(title), None, title, None))

    def _doubt(self, line: Line) -> str | None:
        """Why a line going into a body looks like a heading, if it does."""
        if self.draft.kind is not SectionKind.ARTICLE:
            return None
        if line.doubt is not None:
            return line.doubt
        if line.kind is LineKind.CAPTION:
            return "caption"
        if line.heading and (not self.article_level or line.heading <= self.article_level):
            return "markup"
        return None


def build_document(folded: list[tuple[str, int]], *, source: str) -> Document:
    """A `Document` from folded lines, each with its markup's heading level (0 for none)."""
    lines = [
        classify(piece, heading)
        for text, heading in folded
        for piece in split_trailing_metadata(text)
    ]
    scheme = choose_scheme(lines)
    lines = read_clauses(lines, scheme)
    lines = drop_table_of_contents(lines)
    if scheme.clauses:
        lines = mark_chapters(keep_clause_sequence(lines))
    else:
        lines = mark_attachments(mark_markup_chapters(keep_article_sequence(lines)))
    parts = _Builder(lines, scheme).build()
    diagnostics = diagnose(parts.sections, parts.doubts, western=scheme.latin or scheme.clauses)
    return Document(
        source=source,
        title=parts.title,
        dates=dates_of(parts.events),
        sections=tuple(parts.sections),
        warnings=tuple(d.message for d in diagnostics),
        diagnostics=tuple(diagnostics),
    )


def _suppl_number(text: str) -> str:
    """`附則` or `付則` as printed, without its caption."""
    m = re.match(r"^([附付]) ?則", text)
    return f"{m.group(1)}則" if m else "附則"
