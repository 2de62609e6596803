"""Folded lines → sections: what each line really is, decided with its neighbours.

The passes, in order:

1. classify every line with the rules in `lines` (candidate headings, captions, metadata);
2. drop a table of contents: a run of bare headings whose numbers the body repeats;
3. keep only article headings that continue the number sequence (a cross-reference wrapped to
   the start of a line is text); supplementary provisions and appendices only after the last
   article;
4. decide, once per document, whether an unbracketed phrase after `第N条` is a caption
   (`第1条 適用`) or the start of the body (`第1条 当社は、…`);
5. cut the lines into sections and hand each body to `body.parse_body`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, auto

from tracker.model import Dates, Document, Paragraph, Section, SectionKind, render_body
from tracker.normalise import lines as rules
from tracker.normalise.body import BodyLine, parse_body
from tracker.normalise.chars import canonical, canonical_spacing, compact
from tracker.normalise.dates import DateEvent, dated_events, find_dates

# An article number may skip a few (a heading lost in extraction), not dozens: a larger jump is a
# reference to a later article that happens to start a line.
MAX_ARTICLE_JUMP = 5


class LineKind(Enum):
    TEXT = auto()
    ARTICLE = auto()
    GROUP = auto()
    SUPPLEMENTARY = auto()
    APPENDIX = auto()
    CAPTION = auto()
    TOC = auto()
    METADATA = auto()


@dataclass(frozen=True)
class Line:
    text: str  # folded
    kind: LineKind = LineKind.TEXT
    article: rules.ArticleHeading | None = None
    group: rules.GroupHeading | None = None
    appendix: rules.AppendixHeading | None = None
    supplementary: tuple[str | None, str] | None = None
    caption: str | None = None
    demoted_article: bool = False  # looked like 第N条 but is running text


# --- 1. classification ----------------------------------------------------------------------

_METADATA_WORDS = re.compile(
    r"(?:最終)?(?:制定|改定|改訂|改正|変更|施行|実施|更新|発効|適用開始|効力発生)(?:日|年月日)?"
    r"|現在|公表日|発行日|作成日|以上"
)
_MAY_HOLD_DATE = re.compile(r"年|[0-9][/.-][0-9]")
_METADATA_FILLER = re.compile(r"[ :：、,・/()（）\[\]【】]")


def is_metadata_line(line: str) -> bool:
    """A line that only dates the document: `2023年9月15日制定`, `制定：2025年6月25日`,
    `2019年4月1日 制定 2021年4月1日 改定`, `令和5年11月7日現在`.

    >>> is_metadata_line("2023年9月15日制定"), is_metadata_line("2024年4月1日から適用します。")
    (True, False)
    """
    if len(line) > 80 or not _MAY_HOLD_DATE.search(line):
        return False
    found = find_dates(line)
    if not found:
        return False
    rest = line
    for f in reversed(found):
        rest = rest[: f.start] + " " + rest[f.end :]
    if not _METADATA_WORDS.search(rest) and rest.strip(" :：、,・") != "":
        return False
    rest = _METADATA_WORDS.sub(" ", rest)
    return _METADATA_FILLER.sub("", rest).strip() == ""


def classify(text: str) -> Line:
    _, core = rules.split_bullet(text.replace("\t", " "))  # headings are never table rows
    if rules.is_toc_heading(core):
        return Line(text, LineKind.TOC)
    if group := rules.group_heading(core):
        return Line(text, LineKind.GROUP, group=group)
    if article := rules.article_heading(core):
        return Line(text, LineKind.ARTICLE, article=article)
    if (suppl := rules.supplementary_heading(core)) is not None:
        return Line(text, LineKind.SUPPLEMENTARY, supplementary=suppl)
    if appendix := rules.appendix_heading(core):
        return Line(text, LineKind.APPENDIX, appendix=appendix)
    if (caption := rules.caption_line(core)) is not None:
        return Line(text, LineKind.CAPTION, caption=caption)
    if is_metadata_line(canonical_spacing(core)):  # `2 0 2 0 年 …` letter-spaced
        return Line(text, LineKind.METADATA)
    return Line(text)


def demote(line: Line) -> Line:
    return Line(line.text, demoted_article=line.kind is LineKind.ARTICLE)


# --- 2. table of contents -------------------------------------------------------------------

_HEADINGS = (LineKind.GROUP, LineKind.SUPPLEMENTARY, LineKind.APPENDIX, LineKind.CAPTION)


def _is_bare_heading(line: Line) -> bool:
    """A heading with no body on its line, as table-of-contents entries are."""
    if line.kind in (*_HEADINGS, LineKind.TOC):
        return not (line.supplementary and line.supplementary[1])
    if line.kind is LineKind.ARTICLE and line.article:
        rest = line.article.rest
        return rest == "" or rest == "削除" or rules.looks_like_caption(rest)
    return False


def drop_table_of_contents(lines: list[Line]) -> list[Line]:
    """Remove runs of bare headings whose article numbers the body repeats later."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_bare_heading(lines[j]):
            j += 1
        if j == i:
            out.append(lines[i])
            i += 1
            continue
        cut = _table_of_contents_end(lines, i, j)
        if cut is None:
            out.extend(lines[i:j])
        else:
            out.extend(lines[cut:j])
        i = j
    return [line for line in out if line.kind is not LineKind.TOC]


def _table_of_contents_end(lines: list[Line], start: int, end: int) -> int | None:
    """Where the table of contents in the heading run lines[start:end] stops, or None."""
    run = lines[start:end]
    keys = [line.article.key for line in run if line.article]
    has_marker = any(line.kind is LineKind.TOC for line in run)
    if len(keys) < 3 and not (has_marker and keys):
        return None
    seen: set[str] = set()
    for offset, line in enumerate(run):
        if line.article is None:
            continue
        if line.article.key in seen:
            cut = start + offset
            while cut > start and lines[cut - 1].kind in (LineKind.GROUP, LineKind.CAPTION):
                cut -= 1
            return cut
        seen.add(line.article.key)
    later = {line.article.key for line in lines[end:] if line.article}
    if has_marker or sum(k in later for k in keys) * 2 >= len(keys):
        return end
    return None


# --- 3. sequence ----------------------------------------------------------------------------


def keep_article_sequence(lines: list[Line]) -> list[Line]:
    """Demote headings that break the article sequence, and supplementary provisions or
    appendices that stand before the last article."""
    out = list(lines)
    previous: tuple[int, ...] | None = None
    last_article = -1
    for index, line in enumerate(out):
        if line.article is None:
            continue
        order = line.article.order
        if previous is None or (order > previous and order[0] <= previous[0] + MAX_ARTICLE_JUMP):
            previous = order
            last_article = index
        else:
            out[index] = demote(line)
    in_trailer = False
    for index, line in enumerate(out):
        if line.kind in (LineKind.SUPPLEMENTARY, LineKind.APPENDIX):
            if index < last_article:
                out[index] = demote(line)
            else:
                in_trailer = True
        elif in_trailer and line.kind is LineKind.ARTICLE:
            out[index] = demote(line)
    return out


# --- 4. captions ----------------------------------------------------------------------------


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


# --- 5. sections ----------------------------------------------------------------------------


@dataclass
class _SectionDraft:
    kind: SectionKind
    key: str
    number: str | None
    title: str | None
    chapter: str | None
    lines: list[BodyLine] = field(default_factory=list)
    trailing_metadata: list[str] = field(default_factory=list)


@dataclass
class _Parts:
    title: str | None = None
    sections: list[Section] = field(default_factory=list)
    events: list[tuple[DateEvent, date]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)


_TITLE_WORDS = re.compile(
    r"規約|約款|規定|規程|条件|ポリシー|契約|方針|特約|細則|要綱|ガイドライン|Terms|Agreement|Policy"
    r"|Conditions",
    re.IGNORECASE,
)


def _is_title(text: str) -> bool:
    body = compact(text)
    return (
        0 < len(body) <= 60
        and not any(c in body for c in "。、")
        and "以下" not in body
        and bool(_TITLE_WORDS.search(body))
        and rules.marker(text) is None
    )


def _unique_key(base: str, taken: set[str], numbered: bool) -> str:
    if base not in taken:
        return base
    stem = base.split("-")[0] if numbered else base
    n = 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def _finish(draft: _SectionDraft, parts: _Parts) -> None:
    body_lines = list(draft.lines)
    # Dates printed at the end of a section (`2023年9月15日制定`) describe the document.
    while body_lines and body_lines[-1].metadata:
        parts.events.extend(dated_events(canonical_spacing(body_lines.pop().text)))
    if draft.kind is SectionKind.PREAMBLE:
        body_lines = [b for b in body_lines if not _record_metadata(b, parts)]
        if parts.title is None and body_lines and _is_title(body_lines[0].text):
            parts.title = canonical(body_lines.pop(0).text)
        if not any(b.text for b in body_lines):
            return
    deleted = False
    if draft.kind is SectionKind.ARTICLE and [b.text for b in body_lines] == ["削除"]:
        deleted = True
        paragraphs: tuple[Paragraph, ...] = (Paragraph("1", "削除"),)
    else:
        paragraphs = parse_body(body_lines)
    text = render_body(paragraphs)
    if draft.kind is SectionKind.SUPPLEMENTARY:
        parts.events.extend(_supplementary_events(draft.title, text))
    key = _unique_key(draft.key, parts.keys, numbered=draft.kind is SectionKind.APPENDIX)
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


def _record_metadata(line: BodyLine, parts: _Parts) -> bool:
    if line.metadata:
        parts.events.extend(dated_events(canonical_spacing(line.text)))
    return line.metadata


def _supplementary_events(caption: str | None, text: str) -> list[tuple[DateEvent, date]]:
    """Dates in a 附則: a bare date in its caption (`附則（2023年11月1日）`) is the date the
    revision takes effect; in its text the words around each date decide."""
    events = []
    if caption:
        found = dated_events(caption)
        events.extend(found or [(DateEvent.EFFECTIVE, f.value) for f in find_dates(caption)])
    for sentence in re.split(r"(?<=。)", text):
        events.extend(dated_events(sentence))
    return events


def _dates(events: list[tuple[DateEvent, date]]) -> Dates:
    def pick(event: DateEvent, latest: bool) -> date | None:
        values = [d for e, d in events if e is event]
        if not values:
            return None
        return max(values) if latest else min(values)

    return Dates(
        enacted=pick(DateEvent.ENACTED, latest=False),
        revised=pick(DateEvent.REVISED, latest=True),
        effective=pick(DateEvent.EFFECTIVE, latest=True),
    )


def _chapter_label(group: rules.GroupHeading) -> str:
    title = canonical_spacing(group.title)
    return f"{group.number} {title}" if title else group.number


def build_document(folded: list[str], *, source: str) -> Document:
    lines = [classify(text) for text in folded]
    lines = drop_table_of_contents(lines)
    lines = keep_article_sequence(lines)
    unbracketed = uses_unbracketed_captions(lines)

    parts = _Parts()
    draft = _SectionDraft(SectionKind.PREAMBLE, "preamble", None, None, None)
    chapter: str | None = None
    suppl_count = 0
    skip_next = False
    for index, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        taken_by_next_article = (
            line.kind is LineKind.CAPTION
            and following is not None
            and following.article is not None
            and following.article.caption is None
        )
        if taken_by_next_article:
            continue
        if line.article:
            _finish(draft, parts)
            heading = line.article
            caption = heading.caption
            rest = heading.rest
            previous = lines[index - 1] if index > 0 else None
            if caption is None and previous and previous.kind is LineKind.CAPTION:
                caption = previous.caption
            if caption is None and rest and unbracketed and rules.looks_like_caption(rest):
                caption, rest = compact(rest), ""
            if caption is None and not rest and following and following.caption:
                caption, skip_next = following.caption, True
            draft = _SectionDraft(
                SectionKind.ARTICLE,
                heading.key,
                heading.number,
                canonical(caption) if caption else None,
                chapter,
            )
            if rest:
                draft.lines.append(BodyLine(rest))
        elif line.group:
            if line.group.unit in "編章":
                chapter = _chapter_label(line.group)
        elif line.supplementary is not None:
            _finish(draft, parts)
            suppl_count += 1
            caption, rest = line.supplementary
            draft = _SectionDraft(
                SectionKind.SUPPLEMENTARY,
                "suppl" if suppl_count == 1 else f"suppl-{suppl_count}",
                _suppl_number(rules.split_bullet(line.text)[1]),
                canonical(caption) if caption else None,
                None,
            )
            chapter = None
            if rest:
                draft.lines.append(BodyLine(rest))
        elif line.appendix:
            _finish(draft, parts)
            appendix = line.appendix
            draft = _SectionDraft(
                SectionKind.APPENDIX,
                "appendix" if appendix.value is None else f"appendix-{appendix.value}",
                appendix.number,
                canonical(appendix.title) if appendix.title else None,
                None,
            )
            chapter = None
        else:
            draft.lines.append(
                BodyLine(
                    line.text,
                    segment=line.demoted_article and draft.kind is SectionKind.SUPPLEMENTARY,
                    metadata=line.kind is LineKind.METADATA,
                )
            )
    _finish(draft, parts)

    warnings: list[str] = []
    if not any(s.kind is SectionKind.ARTICLE for s in parts.sections):
        warnings.append(
            "no articles (第N条) found: is this the agreement itself, not a login or error page?"
        )
    return Document(
        source=source,
        title=parts.title,
        dates=_dates(parts.events),
        sections=tuple(parts.sections),
        warnings=tuple(warnings),
    )


def _suppl_number(text: str) -> str:
    """`附則` or `付則` as printed, without its caption."""
    m = re.match(r"^([附付]) ?則", text)
    return f"{m.group(1)}則" if m else "附則"
