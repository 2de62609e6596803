"""One small rule per kind of line: headings, captions, cross-references (numbers and bullets
at the start of a line are in `markers`).

Every function takes a *folded* line (`chars.fold`: NFKC, single spaces) and answers one
question. Nothing here knows about neighbouring lines; `structure` combines the answers with
the sequence of numbers to decide what a line really is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.normalise.numerals import parse_number

_KANJI = "〇一二三四五六七八九十百千"
NUM = rf"[0-9]+(?: [0-9]+)*|[{_KANJI}]+"

_ARTICLE = re.compile(
    rf"^第 ?(?P<num>{NUM}) ?(?:\. ?(?P<sub>[0-9]+) ?)?[条條]"
    rf"(?P<branch>(?: ?[のノ] ?(?:{NUM}))*)"
    rf"(?: ?から ?第 ?(?P<to>{NUM}) ?[条條] ?まで)?"
    r" ?(?P<rest>.*)$"
)
_BRANCH = re.compile(rf"[のノ] ?({NUM})")
_GROUP = re.compile(
    rf"^第 ?(?P<num>{NUM}) ?(?P<unit>[編章節款目])(?P<branch>(?: ?の ?(?:{NUM}))*) ?(?P<rest>.*)$"
)
_ARTICLE_RANGE = re.compile(r" ?[(（]第[^()（）]*条[^()（）]*[)）]$")
_SUPPL = re.compile(r"^[附付] ?則 ?(?P<rest>.*)$")
_APPENDIX = re.compile(
    rf"^(?P<label>別表|別紙|別記|別添|別図|付表|附表) ?(?:第 ?)?(?P<num>{NUM})? ?(?P<rest>.*)$"
)
_TOC = re.compile(r"^目 ?次$")
# Leaders and a page number after a table-of-contents entry: "第1条 (目的) ・・・・ 3".
_LEADERS = re.compile(r"^[.・…‥· ]*[0-9]*$")

# What follows a number in a cross-reference and never opens an article's body: a particle or
# a conjunction (`第37条(割増金)及び第38条…`, `第5条に定める`, `第8条その他の…`).
_REFERENCE_CONTINUATION = re.compile(
    r"^(?:及び|および|並びに|ならびに|又は|または"
    r"|若しくは|もしくは|乃至|ないし|その他|等|各号|各項|ただし|但し|から|まで|より|[、,・.)]"
    r"|[にのをでがとへはもや])"
)
# What may follow a number in a cross-reference (`第5条第2項に定める`) but may also open a body:
# statutes write `第二十九条　第二十七条各号及び…`. Only the line's context can tell them apart.
_REFERENCE_OPENING = re.compile(r"^第 ?[0-9一二三四五六七八九十百千]+ ?[項号条章]")
# Hiragana a caption does not end with: verb endings and particles.
_NOT_CAPTION_END = set("のるたてにをはがでとへもやかばずしうくすつぬむりれよ")


@dataclass(frozen=True)
class ArticleHeading:
    key: str  # "1", "1.2", "3-2", "198:209"
    order: tuple[int, ...]  # for sequence checks: (main, sub, *branches)
    number: str  # printed, canonical: "第1条"
    caption: str | None  # bracketed caption on the same line
    rest: str  # what follows the number and caption (folded)
    # The body opens with a cross-reference (`第二十九条 第二十七条各号…`): the same words as a
    # reference wrapped to the start of a line, so `structure` decides from the context.
    opens_with_reference: bool = False
    spaced: bool = False  # a space between the number and what follows (U+3000 in statutes)
    last: int | None = None  # the last number of a range (`第198条から第209条まで`)
    # Numbered the English way (`1.1`, `Section 2`, `Article III`): `order` is the number's
    # path (1, 1), read by `sequence.keep_clause_sequence`, not (main, sub, *branches).
    western: bool = False


@dataclass(frozen=True)
class GroupHeading:
    unit: str  # 編 章 節 款 目
    number: str  # "第1章"
    title: str


@dataclass(frozen=True)
class AppendixHeading:
    label: str  # 別表 別紙 別記 …
    value: int | None
    number: str  # "別表1", "別表第二", "別紙"
    title: str | None


def _number(text: str) -> int:
    return parse_number(text.replace(" ", ""))


def _compact(text: str) -> str:
    return text.replace(" ", "")


_CLOSING = {"(": ")", "[": "]", "【": "】", "〔": "〕"}
# Statutes have captions of 44 characters and more (会社法 第八百条); a bracketed sentence is
# told apart by its 。, not by its length.
MAX_CAPTION = 80


def _closing_bracket(text: str) -> int | None:
    """Index of the bracket closing the one `text` starts with, nesting included."""
    opening = text[:1]
    if opening not in _CLOSING:
        return None
    depth = 0
    for index, char in enumerate(text[: MAX_CAPTION + 2]):
        if char == opening:
            depth += 1
        elif char == _CLOSING[opening]:
            depth -= 1
            if depth == 0:
                return index
    return None


def split_caption(text: str) -> tuple[str | None, str]:
    """A bracketed caption at the start of `text`, and what follows it.

    >>> split_caption("(利用規約の適用) 株式会社は")
    ('利用規約の適用', '株式会社は')
    >>> split_caption("(名義変更(契約上の地位の移転又は承継))")
    ('名義変更(契約上の地位の移転又は承継)', '')
    >>> split_caption("(1) ネットワーク")
    (None, '(1) ネットワーク')
    """
    end = _closing_bracket(text)
    if end is None or not is_caption_text(text[1:end]):
        return None, text
    return _compact(text[1:end]), text[end + 1 :].lstrip()


def is_caption_text(text: str) -> bool:
    """Inside brackets, a caption is words, not an item label like (1), (a), (イ) or (注)."""
    body = _compact(text)
    if len(body) < 2 or body.isdigit() or re.fullmatch(r"[ivxIVX]+|[A-Za-z]", body):
        return False
    if "。" in body or body.startswith(("以下", "※")) or re.fullmatch(r"注[0-9]*", body):
        return False  # (以下「甲」という。), (注1)
    return not re.fullmatch(rf"[{_KANJI}]+", body)


def looks_like_caption(text: str) -> bool:
    """An unbracketed caption: short, no sentence punctuation, not ending like a verb.

    >>> looks_like_caption("利用契約上の地位の譲渡等"), looks_like_caption("本規約又は本契約の")
    (True, False)
    >>> looks_like_caption("ソラコムより、ベータ版の")
    False
    """
    body = _compact(text)
    if not body or len(body) > 30 or any(c in body for c in "。、,「」"):
        return False
    if body[-1] in _NOT_CAPTION_END or reads_as_reference(body):
        return False
    return not body[0].isdigit()


def reads_as_reference(rest: str) -> bool:
    """What follows a heading word in a reference, including another number (`第2条の規定`):
    a chapter, 附則 or appendix heading is never followed by one.

    >>> reads_as_reference("第2条の規定により"), reads_as_reference("総則")
    (True, False)
    """
    rest = _compact(rest)
    return bool(_REFERENCE_CONTINUATION.match(rest) or _REFERENCE_OPENING.match(rest))


def is_reference_continuation(rest: str) -> bool:
    """What follows `第N条` (and any caption) in running text: `及び第38条…`, `に定める`, `その他`.

    >>> is_reference_continuation("及び第38条(延滞損害金)に定める")
    True
    >>> is_reference_continuation("本規約は、"), is_reference_continuation("及 び第 38 条")
    (False, True)
    """
    return bool(_REFERENCE_CONTINUATION.match(_compact(rest)))


def article_heading(line: str) -> ArticleHeading | None:
    """`第N条`, `第N.M条`, `第N条の2`, `第N条から第M条まで` at the start of a line, unless it is
    a cross-reference (`第37条(割増金)及び第38条…`, `第8条その他の…`, `第5条第2項に定める`).

    >>> h = article_heading("第 3 条の2 (本人認証サービス) 当社は")
    >>> h.key, h.number, h.caption, h.rest
    ('3-2', '第3条の2', '本人認証サービス', '当社は')
    >>> article_heading("第 37 条(割増金)及び第 38 条(延滞損害金)に定める") is None
    True
    >>> article_heading("第十二条 削除").key
    '12'
    >>> h = article_heading("第二十九条 第二十七条各号及び前条各号に掲げる事項のほか")
    >>> h.key, h.opens_with_reference, h.spaced
    ('29', True, True)
    """
    m = _ARTICLE.match(line)
    if not m:
        return None
    caption, rest = split_caption(m.group("rest"))
    if is_reference_continuation(rest) and not (caption and rest == ""):
        return None
    try:
        key, order = _article_key(m)
        last = _number(m.group("to")) if m.group("to") else None
    except ValueError:  # `第十十条`, or thousands of digits: a number no article has
        return None
    number = _compact(line[: m.start("rest")])
    if _LEADERS.match(rest):
        rest = ""
    return ArticleHeading(
        key=key,
        order=order,
        number=number,
        caption=caption,
        rest=rest,
        opens_with_reference=caption is None and bool(_REFERENCE_OPENING.match(rest)),
        spaced=line[m.start("rest") - 1 : m.start("rest")] == " ",
        last=last,
    )


def _article_key(m: re.Match[str]) -> tuple[str, tuple[int, ...]]:
    """The key and sequence order of a matched article heading; ValueError if a numeral in it
    is not a number."""
    main = _number(m.group("num"))
    sub = int(m.group("sub")) if m.group("sub") else None
    branches = [_number(b) for b in _BRANCH.findall(m.group("branch") or "")]
    key = str(main) if sub is None else f"{main}.{sub}"
    key += "".join(f"-{b}" for b in branches)
    if m.group("to"):
        key = f"{key}:{_number(m.group('to'))}"
    return key, (main, sub or 0, *branches)


def group_heading(line: str) -> GroupHeading | None:
    """`第1章 総則`, `第 3 章`, `第2節 …` — but not `第17章の付加機能` in running text.

    >>> group_heading("第 1 章 総 則")
    GroupHeading(unit='章', number='第1章', title='総則')
    >>> group_heading("第17章の付加機能を含みますが") is None
    True
    >>> group_heading("第四節の二 特別支配株主の株式等売渡請求").number
    '第四節の二'
    """
    m = _GROUP.match(line)
    if not m:
        return None
    rest = m.group("rest")
    # A statute's 目次 adds the article range: `第一章 通則(第一条―第五条)`.
    title_only = _ARTICLE_RANGE.sub("", rest)
    if rest and (reads_as_reference(rest) or len(_compact(title_only)) > 60 or "。" in rest):
        return None
    caption, after = split_caption(rest)
    title = caption if caption and not after else _compact(rest)
    number = f"第{_compact(m.group('num'))}{m.group('unit')}{_compact(m.group('branch') or '')}"
    return GroupHeading(unit=m.group("unit"), number=number, title=title)


def supplementary_heading(line: str) -> tuple[str | None, str] | None:
    """`附則` / `付則`, with an optional bracketed caption (`附則（2023年11月1日）`) and any body
    text on the same line. Returns (caption, rest) or None.

    >>> supplementary_heading("付則")
    (None, '')
    >>> supplementary_heading("附則 (令和5年4月1日)")
    ('令和5年4月1日', '')
    >>> supplementary_heading("付則に定める") is None
    True
    """
    m = _SUPPL.match(line)
    if not m:
        return None
    caption, rest = split_caption(m.group("rest"))
    if not caption and rest and reads_as_reference(rest):
        return None
    return caption, rest


def appendix_heading(line: str) -> AppendixHeading | None:
    """`別表`, `別表1`, `別表第二`, `別紙 料金表`, `別記(様式)`.

    >>> appendix_heading("別紙 料金表")
    AppendixHeading(label='別紙', value=None, number='別紙', title='料金表')
    >>> appendix_heading("別表第二 (料金)").number
    '別表第二'
    >>> appendix_heading("別紙1料金表に定めるとおりとします。") is None
    True
    """
    m = _APPENDIX.match(line)
    if not m:
        return None
    rest = m.group("rest")
    caption, after = split_caption(rest)
    if caption is not None and after:
        return None
    if caption is None and rest and not looks_like_caption(rest):
        return None
    num = m.group("num")
    try:
        value = _number(num) if num else None
    except ValueError:  # `別表十十`: no appendix number
        return None
    number = _compact(line[: m.start("rest")])
    title = caption if caption is not None else (_compact(rest) or None)
    return AppendixHeading(label=m.group("label"), value=value, number=number, title=title)


def is_toc_heading(line: str) -> bool:
    return bool(_TOC.match(line))


def caption_line(line: str) -> str | None:
    """A line that is only a bracketed caption: `（目的）` → `目的`."""
    caption, rest = split_caption(line)
    return caption if caption and not rest else None
