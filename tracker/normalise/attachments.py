"""Attachments after the last article that no 別表/別紙 heading announces.

Agreements end with material that is not part of the last article: a property summary and
notes (`１．物件概要` … `２．注意事項` …), a heading in the page's markup (`<h2>お問い合わせ</h2>`),
or anything after the `以上` that closes the text. Glued to the last article, it would make every
change to it a change "in 第15条". This pass finds where such an attachment starts and marks
that line `LineKind.ATTACHMENT`; `structure` opens an appendix section there.
"""

from __future__ import annotations

from dataclasses import replace

from tracker.normalise import lines as rules
from tracker.normalise import markers
from tracker.normalise.classify import Line, LineKind

# A sentence that announces a list: its numbered lines are items, not attachment headings.
_ANNOUNCES_LIST = ("次の", "以下の", "各号", "次に掲げる", "下記")
_SENTENCE_ENDS = ("。", "。)", "。」")


def _numbered_heading(line: Line, value: int) -> markers.Marker | None:
    """`1. 物件概要`: a `N.` number with a short caption-like text and nothing after it."""
    if line.kind is not LineKind.TEXT:
        return None
    found = markers.marker(line.text)
    if found is None or found.style != "para" or found.value != value:
        return None
    after_number = line.text[len(found.label) : len(found.label) + 1]
    if after_number != "." or not rules.looks_like_caption(found.rest):
        return None
    return found


def _numbered_attachment(lines: list[Line], start: int, end: int) -> int | None:
    """The line in lines[start:end] (a last article's body) where `1. 見出し` … `2. 見出し`
    headings, each followed by text of its own, begin; None if there are none."""
    for index in range(start + 1, end):
        if _numbered_heading(lines[index], 1) is None:
            continue
        before = lines[index - 1].text.rstrip()
        if not before.endswith(_SENTENCE_ENDS) or any(w in before for w in _ANNOUNCES_LIST):
            continue
        has_body = False
        for following in range(index + 1, end):
            if _numbered_heading(lines[following], 2) is not None:
                if has_body:
                    return index
                break
            has_body = has_body or markers.marker(lines[following].text) is None
    return None


def mark_attachments(lines: list[Line]) -> list[Line]:
    """Mark where unlabelled attachments begin (see the module doc)."""
    articles = [i for i, line in enumerate(lines) if line.kind is LineKind.ARTICLE]
    out = list(lines)
    # Anything but dates after 以上 is an attachment, wherever 以上 stands.
    for index, line in enumerate(out):
        if line.kind is not LineKind.END:
            continue
        for following in range(index + 1, len(out)):
            kind = out[following].kind
            if kind is LineKind.TEXT:
                out[following] = replace(out[following], kind=LineKind.ATTACHMENT)
                break
            if kind is not LineKind.METADATA:
                break
    if not articles:
        return out
    last = articles[-1]
    end = next(
        (
            i
            for i in range(last + 1, len(out))
            if out[i].kind
            in (LineKind.SUPPLEMENTARY, LineKind.APPENDIX, LineKind.ATTACHMENT, LineKind.END)
        ),
        len(out),
    )
    article_level = out[last].heading
    for index in range(last + 1, end):
        line = out[index]
        if (
            line.kind is LineKind.TEXT
            and line.heading
            and (not article_level or line.heading <= article_level)
        ):
            out[index] = replace(line, kind=LineKind.ATTACHMENT)
            return out
    numbered = _numbered_attachment(out, last, end)
    if numbered is not None:
        out[numbered] = replace(out[numbered], kind=LineKind.ATTACHMENT)
    return out
