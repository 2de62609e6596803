"""Extraction leftovers that are not part of the agreement, removed before structure is read."""

from __future__ import annotations

import re
from urllib.parse import unquote

from tracker.normalise.chars import compact

_URL_ONLY = re.compile(r"^https?://[!-~]+$")


def drop_page_break_urls(lines: list[str]) -> list[str]:
    """Drop lines that are a bare URL already present in the running text.

    PDF printers repeat the link targets of a page at its end (seed 000 has nine such lines, one
    percent-encoded: `https://sora-cam.com/%E3%80%8D…` is `https://sora-cam.com/」であるウェブサイト`).
    A bare URL that the text does not mention elsewhere is kept: it may be the only copy.

    >>> drop_page_break_urls(["規約(https://a.jp/t/)による。", "https://a.jp/t/", "https://b.jp/"])
    ['規約(https://a.jp/t/)による。', 'https://b.jp/']
    """
    url_lines = {i for i, line in enumerate(lines) if _URL_ONLY.match(line)}
    if not url_lines:
        return lines
    running_text = compact("".join(line for i, line in enumerate(lines) if i not in url_lines))
    return [
        line
        for i, line in enumerate(lines)
        if i not in url_lines or compact(unquote(line)) not in running_text
    ]
