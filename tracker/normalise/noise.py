"""Extraction leftovers that are not part of the agreement, removed before structure is read."""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from urllib.parse import unquote

from tracker.normalise.chars import compact

_URL_ONLY = re.compile(r"^https?://[!-~]+$")
# What may continue a URL: an occurrence followed by one of these is the start of a longer URL.
_URL_GOES_ON = r"(?![A-Za-z0-9\-._~%/?#@!$&'*+,;=:\[\]])"


def page_break_url_lines(lines: list[str]) -> set[int]:
    """The indexes of lines that are a bare URL already present in the running text.

    PDF printers repeat the link targets of a page at its end (seed 000 has nine such lines, one
    percent-encoded: `https://sora-cam.com/%E3%80%8D…` is `https://sora-cam.com/」であるウェブサイト`).
    A bare URL that the text does not mention elsewhere is kept: it may be the only copy. The
    text is read without whitespace, so a mention the layout wrapped mid-URL still counts; a
    mention counts only as a whole URL (not the start of a longer one) and only where it
    reaches into a line that is not itself a bare URL (two copies at two page breaks do not
    vouch for each other, and a running-text URL wrapped right after `https://x.jp/share/p` is
    text, not a copy of `https://x.jp/share/privacy/`).

    >>> page_break_url_lines(["規約(https://a.jp/t/)による。", "https://a.jp/t/", "https://b.jp/"])
    {1}
    >>> page_break_url_lines(["https://a.jp/share/p", "rivacy/)による。", "https://a.jp/share/privacy/"])
    {2}
    """
    url_lines = {i for i, line in enumerate(lines) if _URL_ONLY.match(line)}
    if not url_lines:
        return set()
    keys = [compact(line) for line in lines]
    ends = list(accumulate(len(key) for key in keys))  # where each line ends in `text`
    text = "".join(keys)

    def reaches_running_text(start: int, end: int) -> bool:
        first, last = bisect.bisect_right(ends, start), bisect.bisect_right(ends, end - 1)
        return any(j not in url_lines for j in range(first, last + 1))

    noise: set[int] = set()
    for i in sorted(url_lines):
        for form in dict.fromkeys((keys[i], compact(unquote(lines[i])))):
            mentions = re.finditer(re.escape(form) + _URL_GOES_ON, text)
            if any(reaches_running_text(m.start(), m.end()) for m in mentions):
                noise.add(i)
                break
    return noise
