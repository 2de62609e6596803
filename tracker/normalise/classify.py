"""What each line could be, on its own: the first pass of `structure`.

`classify` asks the rules in `lines` about one folded line and records every candidate reading
(an article heading, a chapter, a caption, a date line …). The later passes (`toc`, `sequence`)
decide with the neighbours which candidates really are headings; a candidate they reject is
`demote`d to text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum, auto

from tracker.normalise import lines as rules
from tracker.normalise import markers
from tracker.normalise.chars import canonical_spacing
from tracker.normalise.dates import find_dates
from tracker.normalise.dates_en import MONTH


class LineKind(Enum):
    TEXT = auto()
    ARTICLE = auto()
    GROUP = auto()
    SUPPLEMENTARY = auto()
    APPENDIX = auto()
    CAPTION = auto()
    TOC = auto()
    METADATA = auto()
    END = auto()  # `以上`: the end of the agreement's text
    ATTACHMENT = auto()  # the first line of an attachment no 別表/別紙 heading announces


@dataclass(slots=True)  # not frozen: thousands are made per document, and only passes here own them
class Line:
    text: str  # folded
    kind: LineKind = LineKind.TEXT
    article: rules.ArticleHeading | None = None
    group: rules.GroupHeading | None = None
    appendix: rules.AppendixHeading | None = None
    supplementary: tuple[str | None, str] | None = None
    caption: str | None = None
    heading: int = 0  # the source's markup made this line a heading (`SourceLine.heading`)
    demoted_article: bool = False  # looked like 第N条 but is running text
    # Why a demoted heading was refused, when a reader should hear of it (`diagnostics`), and
    # the key it would have had.
    doubt: str | None = None
    refused_key: str | None = None


_METADATA_WORDS = re.compile(
    r"(?:最終)?(?:制定|改定|改訂|改正|変更|施行|実施|更新|発効|適用開始|効力発生)(?:日|年月日)?"
    r"|現在|公表日|発行日|作成日|以上"
    r"|(?i:\b(?:last|date|of|on|from|as|version|in|effect|force|effective|updated?|revised"
    r"|revision|amended|modified|adopted|enacted|established)\b)"
)
MAX_METADATA_LINE = 80  # characters
MAY_HOLD_DATE = re.compile(r"年|[0-9][/.-][0-9]")
_LATIN = re.compile(r"[A-Za-z]")
_MONTH_WORD = re.compile(rf"(?i:\b{MONTH}\b)")


def may_hold_date(line: str) -> bool:
    """A quick test before looking for dates: 年, a digit separator, or an English month (only
    looked for where there are Latin letters: the month pattern costs 4× the others)."""
    if MAY_HOLD_DATE.search(line):
        return True
    return bool(_LATIN.search(line) and _MONTH_WORD.search(line))


_METADATA_FILLER = re.compile(r"[ :：、,・/()（）\[\]【】]")
_END = re.compile(r"^[(（]?以上[)）]?$")
# A date left blank in a template: `令和＿年＿月＿日`, `20XX年X月X日`, `年 月 日`. It dates nothing,
# but the line is still metadata, not text.
_BLANK = r"[ _○〇◯Xx×]"
_PLACEHOLDER_DATE = re.compile(
    rf"(?:明治|大正|昭和|平成|令和|[0-9]{{2}}(?=[Xx_]))?{_BLANK}*年{_BLANK}*月{_BLANK}*日"
)
_SENTENCE_THEN_TAIL = re.compile(r"^(?P<body>.*。)\s*(?P<tail>[^。]{2,80})$")


def is_metadata_line(line: str) -> bool:
    """A line that only dates the document: `2023年9月15日制定`, `制定：2025年6月25日`,
    `2019年4月1日 制定 2021年4月1日 改定`, `令和5年11月7日現在`, `【2023 年 2 月 1 日制定】`.

    >>> is_metadata_line("2023年9月15日制定"), is_metadata_line("2024年4月1日から適用します。")
    (True, False)
    """
    if len(line) > MAX_METADATA_LINE or not may_hold_date(line):
        return False
    spans = [(f.start, f.end) for f in find_dates(line)]
    spans += [m.span() for m in _PLACEHOLDER_DATE.finditer(line)]  # 令和＿年＿月＿日制定
    if not spans:
        return False
    rest = line
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    if not _METADATA_WORDS.search(rest) and rest.strip(" :：、,・") != "":
        return False
    rest = _METADATA_WORDS.sub(" ", rest)
    return _METADATA_FILLER.sub("", rest).strip() == ""


def split_trailing_metadata(text: str) -> list[str]:
    """A sentence and the date line printed right after it on the same line
    (`…ものとします。2023年9月15日制定`, `…とします。以上`) as two lines.

    >>> split_trailing_metadata("…ものとします。2023年9月15日制定")
    ['…ものとします。', '2023年9月15日制定']
    >>> split_trailing_metadata("2023年9月15日から適用します。")
    ['2023年9月15日から適用します。']
    """
    if "。" not in text or text.endswith("。"):  # most lines: no tail after a sentence
        return [text]
    m = _SENTENCE_THEN_TAIL.match(text)
    if m is None:
        return [text]
    tail = canonical_spacing(m.group("tail"))
    if is_metadata_line(tail) or _END.match(tail):
        return [m.group("body").rstrip(), m.group("tail").strip()]
    return [text]


def classify(text: str, heading: int = 0) -> Line:
    """The candidate reading of one folded line; `heading` is what its markup says."""
    _, core = markers.split_bullet(text.replace("\t", " ") if "\t" in text else text)
    if core[:1] not in _HEADING_FIRST:  # most lines: not a heading; metadata or 以上 at most
        return _text_or_metadata(text, core, heading)
    if rules.is_toc_heading(core):
        return Line(text, LineKind.TOC, heading=heading)
    if group := rules.group_heading(core):
        return Line(text, LineKind.GROUP, group=group, heading=heading)
    if article := rules.article_heading(core):
        return Line(text, LineKind.ARTICLE, article=article, heading=heading)
    if (suppl := rules.supplementary_heading(core)) is not None:
        return Line(text, LineKind.SUPPLEMENTARY, supplementary=suppl, heading=heading)
    if appendix := rules.appendix_heading(core):
        return Line(text, LineKind.APPENDIX, appendix=appendix, heading=heading)
    if _is_metadata(core):
        return Line(text, LineKind.METADATA, heading=heading)
    if (caption := rules.caption_line(core)) is not None:
        return Line(text, LineKind.CAPTION, caption=caption, heading=heading)
    return _text_or_metadata(text, core, heading)


# What a heading, a caption or a 目次 line can start with (headings are read on folded text).
_HEADING_FIRST = frozenset("第附付別目([【〔")


def _is_metadata(core: str) -> bool:
    """`2 0 2 0 年 …` letter-spaced (twice as long), `【…制定】`."""
    return (
        len(core) <= MAX_METADATA_LINE * 2
        and may_hold_date(core)
        and is_metadata_line(canonical_spacing(core))
    )


def _text_or_metadata(text: str, core: str, heading: int) -> Line:
    if _is_metadata(core):
        return Line(text, LineKind.METADATA, heading=heading)
    if len(core) <= MAX_METADATA_LINE and "以" in core and _END.match(canonical_spacing(core)):
        return Line(text, LineKind.END, heading=heading)
    return Line(text, heading=heading)


def demote(line: Line, doubt: str | None = None) -> Line:
    """The line as running text: a heading candidate its context refused."""
    return Line(
        line.text,
        heading=line.heading,
        demoted_article=line.kind is LineKind.ARTICLE,
        doubt=doubt,
        refused_key=line.article.key if line.article else None,
    )


def with_kind(line: Line, kind: LineKind) -> Line:
    return replace(line, kind=kind)
