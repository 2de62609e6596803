"""English-style headings: sections and clauses numbered `1.`, `1.1`, `1.1.1`, `Section 2`,
`Article III`, `§ 4`, and the caption each may carry (one small rule per form, as `lines` has
for 第N条).

A heading's `order` is its number's path — `1.1.1` is (1, 1, 1), `Article III` is (3,) — and its
key that path written with dots. Nothing here knows the neighbouring lines: `scheme` decides per
document which of these forms can be headings at all (in a Japanese agreement `1.` opens a
paragraph, 項), and `sequence.keep_clause_sequence` which candidates the numbering confirms.

Captions are read from the words alone, never from bold or italics, so a Markdown page, the HTML
rendered from it and its plain text agree: a heading line (markup) is all caption; otherwise a
caption is a title-like phrase — Title Case or ALL CAPS, a dozen words at most — standing alone
after the number (`1.1 Input and Output.`) or ending in a full stop before the text
(`1.2 Eligibility. You must be 13…`).
"""

from __future__ import annotations

import re
from typing import Final

from tracker.normalise.chars import is_wide
from tracker.normalise.lines import ArticleHeading, looks_like_caption, split_caption

MAX_DEPTH: Final = 4  # 1.1.1.1
MAX_SECTION: Final = 200  # a larger first number is a year or an amount, not a section
MAX_CAPTION_WORDS: Final = 12
MAX_HEADING: Final = 200  # characters of a heading element taken as its caption

# `1.`, `1.1`, `1.1.1.`, `1.Services` (Markdown `1.**Services**` once emphasis is gone).
_NUMBERED: Final = re.compile(
    r"^(?P<num>[0-9]{1,3}(?:\.[0-9]{1,3}){0,3})(?P<dot>\.)?(?![0-9])(?P<rest>.*)$"
)
# `Section 2`, `SECTION 2.1`, `Article III`, `ARTICLE 3`, `§ 4`, `Clause 5`.
_KEYWORD: Final = re.compile(
    r"^(?P<word>article|section|sec\.|clause|§§?) ?"
    r"(?P<num>[0-9]{1,3}(?:\.[0-9]{1,3}){0,3}|[IVXLC]{1,7}|[ivxlc]{1,7})(?![0-9A-Za-z])\.?"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
# What separates a keyword heading's number from its caption: `Article 1 - Definitions`,
# `ARTICLE 1: DEFINITIONS`, `Section 2. Fees`.
_SEPARATOR: Final = re.compile(r"^[ .:\-)]*")
# What starts the words after a heading's number: a capital, a quote, a bracket, CJK. A small
# letter, a comma or a unit continues a sentence wrapped to the line start (`10.2 above`,
# `1.5 million`, `12.5%`).
_OPENS: Final = re.compile(r"^(?:[A-Z\"“‘'(\[]|[^\x00-\x7f])")
_UNIT: Final = re.compile(r"^(?:%|GB|MB|TB|KB|USD|EUR|GBP|JPY|US\$|\$|€|£|¥)")
# A caption bracketed after a keyword heading: `Article 1 (Purpose)`.
_BRACKETED: Final = re.compile(r"^\((?P<caption>[^()]{2,80})\)\s*(?P<rest>.*)$")
# A run-in caption: `Eligibility. You must…`, `Changes: We may…`.
_RUN_IN: Final = re.compile(r"^(?P<caption>[^.:!?]{2,120}?)[.:]\s+(?P<rest>[A-Z\"“‘'(\[].*)$")
_WORD: Final = re.compile(r"[^\W\d_][\w'’&-]*")
# Words Title Case leaves in small letters.
_SMALL_WORDS_TEXT: Final = """
    a an the and or nor but of to in on at by for from with without into onto upon over under
    as via per vs v than that this these those your our its their you we us if not
"""
_SMALL_WORDS: Final = frozenset(_SMALL_WORDS_TEXT.split())
_ROMAN: Final = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(text: str) -> int | None:
    """The value of a Roman numeral (`III`, `iv`, `XII`), None when it is not one.

    >>> roman_to_int("III"), roman_to_int("iv"), roman_to_int("XIV"), roman_to_int("IIII")
    (3, 4, 14, None)
    """
    values = [_ROMAN.get(char) for char in text.upper()]
    if not values or None in values:
        return None
    total = 0
    digits = [v for v in values if v is not None]
    for index, value in enumerate(digits):
        following = digits[index + 1] if index + 1 < len(digits) else 0
        total += -value if value < following else value
    return total if total > 0 and _to_roman(total) == text.upper() else None


def _to_roman(value: int) -> str:
    out = ""
    for number, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X")):
        count, value = divmod(value, number)
        out += letters * count
    for number, letters in ((9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, value = divmod(value, number)
        out += letters * count
    return out


def is_title_phrase(text: str) -> bool:
    """Title Case or ALL CAPS words, a dozen at most, no sentence inside: a caption.

    >>> is_title_phrase("Restrictions On Your Use of the Services.")
    True
    >>> is_title_phrase("WAIVER OF RIGHT TO BRING CLASS ACTION"), is_title_phrase("Eligibility")
    (True, True)
    >>> is_title_phrase("The Services are primarily intended for adults")
    False
    """
    body = text.strip().rstrip(".").strip()
    if not body or ". " in body or not (body[0].isupper() or body[0] in "\"“‘'("):
        return False
    words = _WORD.findall(body)
    if not words or len(words) > MAX_CAPTION_WORDS:
        return False
    if all(not c.isalpha() or c.isupper() for word in words for c in word):
        return True
    return all(
        word[0].isupper() or word.lower() in _SMALL_WORDS or not word[0].isalpha() for word in words
    )


def _has_cjk(text: str) -> bool:
    return any(is_wide(char) for char in text[:40])


def split_clause_caption(rest: str, *, markup: bool) -> tuple[str | None, str]:
    """The caption at the start of what follows a heading's number, and the text after it.

    >>> split_clause_caption("Input and Output.", markup=False)
    ('Input and Output', '')
    >>> split_clause_caption("Eligibility. You must be 13 years of age.", markup=False)
    ('Eligibility', 'You must be 13 years of age.')
    >>> split_clause_caption("DeepSeek's products and services include those", markup=False)
    (None, "DeepSeek's products and services include those")
    >>> split_clause_caption("(Purpose) These Terms govern", markup=False)
    ('Purpose', 'These Terms govern')
    """
    rest = rest.strip()
    if not rest:
        return None, ""
    if markup and len(rest) <= MAX_HEADING:
        return rest.rstrip(". ").strip() or None, ""
    if (bracketed := _BRACKETED.match(rest)) and is_title_phrase(bracketed["caption"]):
        return bracketed["caption"].strip(), bracketed["rest"]
    if _has_cjk(rest):  # a Japanese agreement with English numbering: 1. 総則, Article 1 (目的)
        caption, after = split_caption(rest)
        if caption is not None:
            return caption, after
        return (rest, "") if looks_like_caption(rest) else (None, rest)
    if is_title_phrase(rest):
        return rest.rstrip(". ").strip(), ""
    run_in = _RUN_IN.match(rest)
    if run_in and is_title_phrase(run_in["caption"]):
        return run_in["caption"].strip(), run_in["rest"]
    return None, rest


def unfinished(caption: str) -> bool:
    """A caption a line break cut short: it ends with a small word, a comma or a hyphen
    (`Subscription Renewals and` ⏎ `Cancellations. You agree…`).

    >>> unfinished("Subscription Renewals and"), unfinished("Input and Output")
    (True, False)
    """
    words = caption.rstrip().split(" ")
    return caption.rstrip().endswith((",", "-", "&")) or words[-1].lower() in _SMALL_WORDS


def _opens_heading_text(rest: str) -> bool:
    """What follows a number at the start of a heading, not of a wrapped reference."""
    body = rest.lstrip(" ")
    return body == "" or (bool(_OPENS.match(body)) and not _UNIT.match(body))


def _path(number: str) -> tuple[int, ...] | None:
    parts = tuple(int(part) for part in number.split("."))
    if len(parts) > MAX_DEPTH or parts[0] < 1 or parts[0] > MAX_SECTION:
        return None
    return parts


def numbered_heading(line: str, *, markup: int = 0) -> ArticleHeading | None:
    """`1. THE SERVICES`, `1.1 Input and Output.`, `1.1.1 As a part of…`, `4.Inputs and Outputs`
    at the start of a line; `1 Definitions` (no full stop) only as a heading element or with a
    caption alone. `markup` is the line's heading level in the source (0: none).

    >>> h = numbered_heading("1.2 Eligibility. You must be 13 years of age or older.")
    >>> h.key, h.order, h.number, h.caption, h.rest
    ('1.2', (1, 2), '1.2', 'Eligibility', 'You must be 13 years of age or older.')
    >>> numbered_heading("4.Inputs and Outputs", markup=2).caption
    'Inputs and Outputs'
    >>> [numbered_heading(t) for t in ("10.2 above, the Company", "1.5 million users", "12.5%")]
    [None, None, None]
    """
    m = _NUMBERED.match(line)
    if m is None:
        return None
    number, rest = m["num"], m["rest"]
    dotted = "." in number
    if not dotted and not m["dot"]:  # `1 Definitions`: a heading only by markup or caption
        if not rest.startswith(" ") or not (markup or is_title_phrase(rest)):
            return None
    elif dotted and rest and not rest.startswith(" ") and not markup:
        return None  # `1.1Input`: not a number followed by words
    if not _opens_heading_text(rest):
        return None
    path = _path(number)
    if path is None:
        return None
    caption, body = split_clause_caption(rest, markup=bool(markup))
    return ArticleHeading(
        key=number,
        order=path,
        number=number,
        caption=caption,
        rest=body,
        spaced=rest.startswith(" "),
        western=True,
    )


_ROMAN_HEADING: Final = re.compile(r"^(?P<num>[IVXLC]{1,7})\.\s+(?P<rest>\S.*)$")


def roman_heading(line: str, *, markup: int = 0) -> ArticleHeading | None:
    """`II. ACCOUNTS`, `IV. Limitation of Liability`: a section numbered in capital Roman
    numerals, as a heading element or with a caption (a line starting `I.` is otherwise text).

    >>> h = roman_heading("IV. LIMITATION OF LIABILITY")
    >>> h.key, h.number, h.caption
    ('4', 'IV', 'LIMITATION OF LIABILITY')
    >>> roman_heading("I. think so.") is None
    True
    """
    m = _ROMAN_HEADING.match(line)
    value = roman_to_int(m["num"]) if m else None
    if m is None or value is None or value > MAX_SECTION:
        return None
    caption, body = split_clause_caption(m["rest"], markup=bool(markup))
    if caption is None:
        return None
    return ArticleHeading(
        key=str(value), order=(value,), number=m["num"], caption=caption, rest=body, western=True
    )


_LIST_ITEM: Final = re.compile(r"^\((?P<num>[0-9]{1,3})\) (?P<rest>.+)$")


def list_heading(line: str, *, markup: int = 0) -> ArticleHeading | None:
    """`(1) Acceptance of Terms. By using…`: a section numbered by an ordered list (`<ol>`, a
    Markdown `1.` list, which extraction writes `(1)`), recognised only by its caption — Title
    Case or ALL CAPS, alone or run in — since items are numbered the same way.

    >>> h = list_heading("(2) Changes to These Terms. We may modify these Terms.")
    >>> h.key, h.number, h.caption, h.rest
    ('2', '2', 'Changes to These Terms', 'We may modify these Terms.')
    >>> list_heading("(1) is hateful, defamatory or offensive;") is None
    True
    """
    m = _LIST_ITEM.match(line)
    if m is None or m["rest"].rstrip().endswith((";", ",")):
        return None
    caption, body = split_clause_caption(m["rest"], markup=bool(markup))
    path = _path(m["num"])
    if caption is None or path is None:
        return None
    return ArticleHeading(
        key=m["num"], order=path, number=m["num"], caption=caption, rest=body, western=True
    )


def keyword_heading(line: str, *, markup: int = 0) -> ArticleHeading | None:
    """`Section 2`, `SECTION 2.1 FEES`, `Article III`, `ARTICLE 3: TERM`, `§ 4`, `Article 1
    (Purpose)` at the start of a line; not a reference a wrap put there (`Section 5 of these
    Terms`, `Section 4.2, above`).

    >>> h = keyword_heading("ARTICLE III - LIMITATION OF LIABILITY")
    >>> h.key, h.number, h.caption
    ('3', 'ARTICLE III', 'LIMITATION OF LIABILITY')
    >>> keyword_heading("§ 4 Fees").key, keyword_heading("Section 2.3").key
    ('4', '2.3')
    >>> [keyword_heading(t) for t in ("Section 5 of these Terms", "Section 4.2, above")]
    [None, None]
    """
    m = _KEYWORD.match(line)
    if m is None:
        return None
    word, number = m["word"], m["num"]
    if number[0].isdigit():
        path = _path(number)
    else:
        value = roman_to_int(number)
        path = (value,) if value is not None and value <= MAX_SECTION else None
    if path is None:
        return None
    after_number = m["rest"]
    if after_number[:1] not in ("", " ", ".", ":", "-", ")", "("):
        return None
    rest = _SEPARATOR.sub("", after_number) if after_number[:1] != "(" else after_number
    if not _opens_heading_text(rest):
        return None
    caption, body = split_clause_caption(rest, markup=bool(markup))
    printed = word if word.startswith("§") else word.rstrip(".")
    return ArticleHeading(
        key=".".join(str(part) for part in path),
        order=path,
        number=f"{printed} {number}",
        caption=caption,
        rest=body,
        spaced=True,
        western=True,
    )


_NOT_IN_KEY = re.compile(r"[^\w]+")


def unnumbered_key(title: str) -> str:
    """The key of a section under a heading without a number: its words, in small letters,
    joined by hyphens.

    >>> unnumbered_key("Disclaimer of Warranties, Limitations of Liability, and Indemnity")
    'disclaimer-of-warranties-limitations-of-liability-and-indemnity'
    """
    return _NOT_IN_KEY.sub("-", title.lower()).strip("-") or "unnumbered"
