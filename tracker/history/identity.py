"""Is an archived copy the agreement it is being imported into? (pure)

`tracker import` of a different agreement is an easy mistake — the wrong file from a folder of
PDFs, the 利用規約 of another service by the same provider — and it would sit in the history as
a version of this one. Two signs are read before importing, and either stops the import until
`--force` says the person is sure:

- the copy's title is not the agreement's: neither contains the other, and they are less than
  half alike (ignoring spaces, brackets and 「」);
- the day given is before the agreement's 制定 (enacted) date, as its stored versions state it,
  or before the copy's own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from difflib import SequenceMatcher
from typing import Final

from tracker.model import Document
from tracker.store import VersionRecord

_NOISE: Final = re.compile(r"[\s「」『』()（）\[\]【】・,、]+")
_ALIKE: Final = 0.5


def _plain(title: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", title)).lower()


def titles_differ(a: str, b: str) -> bool:
    """Do two titles name different agreements?

    >>> titles_differ("セキュアカメラ利用規約", "セキュアカメラ 利用規約")
    False
    >>> titles_differ("SORACOMベータ版規約", "セキュアカメラクラウドサービス利用規約")
    True
    >>> titles_differ("利用規約", "ソラカメ利用規約")
    False
    """
    x, y = _plain(a), _plain(b)
    if not x or not y or x in y or y in x:
        return False
    return SequenceMatcher(None, x, y, autojunk=False).ratio() < _ALIKE


def doubts_about_copy(
    copy: Document, day: date, versions: Sequence[VersionRecord], source: str
) -> list[str]:
    """Why `copy`, dated `day`, may not be a version of the agreement `versions` hold; [] when
    nothing says so."""
    doubts = []
    titled = [v for v in versions if v.title]
    if copy.title and titled:
        known = titled[-1]
        if titles_differ(copy.title, known.title or ""):
            doubts.append(
                f"{source} is titled 「{copy.title}」, not 「{known.title}」 like version "
                f"{known.number}: another agreement?"
            )
    enacted = min((v.dates.enacted for v in versions if v.dates.enacted), default=None)
    if enacted is not None and day < enacted:
        doubts.append(f"--date {day} is before the agreement's 制定 {enacted}")
    elif copy.dates.enacted is not None and day < copy.dates.enacted:
        doubts.append(f"--date {day} is before the copy's own 制定 {copy.dates.enacted}")
    return doubts
