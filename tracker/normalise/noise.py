"""Extraction leftovers that are not part of the agreement, removed before structure is read."""

from __future__ import annotations

import re
from urllib.parse import unquote

from tracker.normalise.chars import compact

_URL_ONLY = re.compile(r"^https?://[!-~]+$")


def page_break_url_lines(lines: list[str]) -> set[int]:
    """The indexes of lines that are a bare URL already present in the running text.

    PDF printers repeat the link targets of a page at its end (seed 000 has nine such lines, one
    percent-encoded: `https://sora-cam.com/%E3%80%8D…` is `https://sora-cam.com/」であるウェブサイト`).
    A bare URL that the text does not mention elsewhere is kept: it may be the only copy.

    >>> page_break_url_lines(["規約(https://a.jp/t/)による。", "https://a.jp/t/", "https://b.jp/"])
    {1}
    """
    url_lines = {i for i, line in enumerate(lines) if _URL_ONLY.match(line)}
    if not url_lines:
        return set()
    running_text = compact("".join(line for i, line in enumerate(lines) if i not in url_lines))
    return {
        i
        for i in url_lines
        if compact(lines[i]) in running_text or compact(unquote(lines[i])) in running_text
    }
