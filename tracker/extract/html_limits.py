"""What an HTML page may cost before it is parsed: an element count checked on the text.

bs4 over lxml takes about 40 µs of CPU and 1 KB per element, so a page of a million tiny elements
(8 MB of `<p>a</p>`, under the default size cap) cost 37 s and 1 GB. Agreements are a few hundred
to a few thousand elements (the demo's pages 215 and 440); one at the limit parses in about 4 s
and 140 MB (bench/bench_faults.py). A page with more than `MAX_ELEMENTS` is refused before the
parse, by counting `<` (under a millisecond for a normal page) and, only when there are that
many, start tags.
"""

from __future__ import annotations

import re
from itertools import islice

from tracker.errors import CorruptDocument

MAX_ELEMENTS = 100_000
# A start tag: `<` and a letter. Also counts one in a comment or a script: an upper bound.
_START_TAG = re.compile(r"<[A-Za-z]")


def check_element_count(text: str, *, source: str) -> None:
    """Refuse an HTML text with more than `MAX_ELEMENTS` start tags.

    >>> check_element_count("<p>a</p>" * 3, source="x.html")
    >>> try:
    ...     check_element_count("<b>" * (MAX_ELEMENTS + 1), source="x.html")
    ... except CorruptDocument as error:
    ...     print(error.cause.split(",")[:2])
    ['the HTML has more than 100', '000 elements']
    """
    if text.count("<") <= MAX_ELEMENTS:  # every page of an agreement: no tag counted
        return
    tags = _START_TAG.finditer(text)
    if next(islice(tags, MAX_ELEMENTS, None), None) is not None:
        raise CorruptDocument(
            source,
            f"the HTML has more than {MAX_ELEMENTS:,} elements, far more than any agreement"
            " (a generated or hostile page?); not parsed",
        )
