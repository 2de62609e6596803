"""Which numbering a document uses, decided once per document, and the lines read with it.

A Japanese agreement numbers articles 第N条 and its paragraphs `1.`/`２．`; an English one numbers
sections and clauses `1.`, `1.1`, `Section 2`, `Article III`. The same `1.` at a line start is a
paragraph (項) in the first and a section in the second, so the document decides:

- any 第N条 heading: the Japanese scheme, read exactly as before (`lines`, `sequence`);
- text mostly in Latin script: the English scheme — `1.`, `1.1`, `1.1.1`, `Section 2`,
  `Article III`, `§ 4` are heading candidates (`clause_headings`), spaces separate words
  (`chars.LATIN_SPACING`); when the top level is written with a keyword (`Article 5` … `5.1`),
  a bare `1.` is a paragraph number as in Japanese;
- English text whose only numbers are an ordered list's (`<ol>`, a Markdown `1.` list; written
  `(1)` by extraction): its items that open with a caption (`(1) Acceptance of Terms. …`) are
  the sections;
- Japanese text with no 第N条 but English section headings (`Article 1（目的）`, or three or
  more `N.M` clauses): those headings, with Japanese spacing; otherwise nothing is a heading
  (a プライバシーポリシー numbered `1.` … `13.` has paragraphs, not articles).

`read_clauses` turns the candidates into article lines, and `mark_chapters` the headings
without a number that group numbered clauses (`Services` over `1.1` …) into chapters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

from tracker.normalise import lines as rules
from tracker.normalise import markers
from tracker.normalise.chars import CJK_SPACING, LATIN_SPACING, Spacing
from tracker.normalise.classify import Line, LineKind
from tracker.normalise.clause_headings import (
    is_title_phrase,
    keyword_heading,
    list_heading,
    numbered_heading,
    roman_heading,
)
from tracker.normalise.metadata import is_title

MIN_DOTTED: Final = 3  # `N.M` clauses that make a Japanese text without 第N条 English-numbered
MIN_LISTED: Final = 2  # captioned list items that make sections when nothing else is numbered
_LATIN_LETTER: Final = re.compile(r"[A-Za-z]")
_CJK: Final = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Scheme:
    spacing: Spacing
    clauses: bool = False  # English-style numbers are heading candidates
    keyword_top: bool = False  # the top level is `Article N`/`Section N`: a bare `1.` is a 項
    list_top: bool = False  # sections numbered by an ordered list only: `(1) Acceptance. …`

    @property
    def latin(self) -> bool:
        return self.spacing is LATIN_SPACING


JAPANESE: Final = Scheme(CJK_SPACING)


def is_mostly_latin(texts: list[str]) -> bool:
    """More Latin letters than kana and kanji: an agreement written in English (or another
    language in Latin script).

    >>> is_mostly_latin(["These Terms govern 株式会社"])
    True
    >>> is_mostly_latin(["本規約を適用します Terms"])
    False
    """
    latin = cjk = 0
    for text in texts:
        latin += len(_LATIN_LETTER.findall(text))
        cjk += len(_CJK.findall(text))
    return latin > cjk


def _candidate(line: Line, scheme: Scheme) -> rules.ArticleHeading | None:
    if line.kind not in (LineKind.TEXT, LineKind.CAPTION):
        return None
    bulleted, core = markers.split_bullet(line.text.replace("\t", " "))
    if bulleted:
        return None
    if scheme.list_top:
        return list_heading(core, markup=line.heading)
    keyword = keyword_heading(core, markup=line.heading)
    if keyword is not None:
        return keyword if scheme.keyword_top or not scheme.clauses else None
    numbered = numbered_heading(core, markup=line.heading) or roman_heading(
        core, markup=line.heading
    )
    if numbered is None or (scheme.keyword_top and len(numbered.order) == 1):
        return None
    return numbered


def choose_scheme(lines: list[Line]) -> Scheme:
    """The numbering scheme of a document (see the module doc)."""
    if any(line.kind is LineKind.ARTICLE for line in lines):
        return JAPANESE
    keyword = dotted = bare = listed = 0
    for line in lines:
        if line.kind not in (LineKind.TEXT, LineKind.CAPTION) or line.text[:1] == "-":
            continue
        core = line.text.replace("\t", " ")
        if keyword_heading(core, markup=line.heading):
            keyword += 1
        elif found := numbered_heading(core, markup=line.heading) or roman_heading(
            core, markup=line.heading
        ):
            if len(found.order) > 1:
                dotted += 1
            else:
                bare += 1
        elif list_heading(core, markup=line.heading):
            listed += 1
    latin = is_mostly_latin([line.text for line in lines])
    keyword_top = (keyword >= 2 and keyword >= bare) or (keyword >= 1 and not bare and not latin)
    if latin:
        list_top = listed >= MIN_LISTED and not (keyword or dotted or bare)
        return Scheme(LATIN_SPACING, clauses=True, keyword_top=keyword_top, list_top=list_top)
    if keyword_top or dotted >= MIN_DOTTED:
        return Scheme(CJK_SPACING, clauses=True, keyword_top=keyword_top)
    return JAPANESE


def read_clauses(lines: list[Line], scheme: Scheme) -> list[Line]:
    """The lines with English-style heading candidates as article lines."""
    if not scheme.clauses:
        return lines
    out = []
    for line in lines:
        heading = _candidate(line, scheme)
        if heading is None:
            out.append(line)
        else:
            out.append(Line(line.text, LineKind.ARTICLE, article=heading, heading=line.heading))
    return out


def _plain_heading(lines: list[Line], index: int) -> bool:
    """A line of plain text (no markup) that reads as a heading: a Title Case or ALL CAPS
    phrase with no full stop, after a line that ends a sentence or is a heading."""
    text = lines[index].text
    if text.rstrip().endswith((".", ",", ";", ":")) or not is_title_phrase(text):
        return False
    before = lines[index - 1] if index else None
    return (
        before is None
        or before.kind is not LineKind.TEXT
        or bool(before.heading)
        or (index == 1 and is_title(before.text))  # the document's title
        or before.text.rstrip().endswith((".", ":", ";", ")", "!", "?", "”", '"'))
    )


def mark_chapters(lines: list[Line]) -> list[Line]:
    """Headings without a number right above a numbered clause (`Services` ⏎ `1.1 …`) become
    chapters, and so does every later heading element of their level: `Complaints and
    Feedback` groups text that has no numbered clause of its own. In plain text (no markup) a
    Title Case line right above a numbered clause is a chapter too."""
    levels = set()
    first: int | None = None
    plain: set[int] = set()
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1]
        if line.kind is not LineKind.TEXT or following.article is None or following.heading:
            continue
        if line.heading:
            levels.add(line.heading)
            first = index if first is None else first
        elif _plain_heading(lines, index):
            plain.add(index)
    out = list(lines)
    for index, line in enumerate(out):
        later_heading = first is not None and index >= first and line.heading in levels
        if line.kind is LineKind.TEXT and (later_heading or index in plain):
            group = rules.GroupHeading(unit="章", number="", title=line.text)
            out[index] = replace(line, kind=LineKind.GROUP, group=group)
    return out
