"""The pure rules of a history: when two versions are the same agreement (`content_hash`), when a
parse looks broken rather than new (`is_suspect`), and which version was in force on a day."""

from __future__ import annotations

import hashlib
from datetime import date
from zoneinfo import ZoneInfo

from tracker.model import Document
from tracker.store import VersionRecord
from tracker.store.codec import canonical_json

NO_ARTICLES = "no articles found (an error page, a login wall, or the wrong selector?)"
OPENING_CHARS = 40  # how much of a suspect page its reason quotes


def content_hash(document: Document) -> str:
    """What makes two versions the same agreement: the canonical content of every section, in
    order — not the source, the warnings, nor how the body splits into paragraph objects."""
    canonical = [
        [s.key, s.kind.value, s.number, s.title, s.chapter, s.text, s.deleted]
        for s in document.sections
    ]
    return hashlib.sha256(canonical_json(canonical).encode()).hexdigest()


def is_suspect(previous: Document | None, new: Document) -> str | None:
    """Why `new` looks like a broken parse rather than a new version, or None.

    The reason quotes the start of what was read, so the reader sees what came instead.

    >>> from tracker.model import Dates
    >>> empty = Document("x", None, Dates(), ())
    >>> is_suspect(None, empty)
    'no articles found (an error page, a login wall, or the wrong selector?)'
    >>> is_suspect(None, Document("x", "ページが見つかりません", Dates(), ())).split("; ")[1]
    'it begins 「ページが見つかりません」'
    """
    found = len(new.articles)
    if found == 0:
        return NO_ARTICLES + _opening(new)
    before = len(previous.articles) if previous else 0
    if 2 * found < before:
        return (
            f"only {found} of the {before} articles of the previous version found "
            f"(a stub or error page?){_opening(new)}; accept it as a version if the agreement "
            "really shrank"
        )
    return None


def _opening(document: Document) -> str:
    """`; it begins 「…」` with the first `OPENING_CHARS` characters of the document's text."""
    pieces = [document.title or "", *(section.text for section in document.sections)]
    text = " ".join(" ".join(pieces).split())
    if not text:
        return ""
    ellipsis = "…" if len(text) > OPENING_CHARS else ""
    return f"; it begins 「{text[:OPENING_CHARS]}{ellipsis}」"


def version_in_force(
    versions: list[VersionRecord], day: date, zone: ZoneInfo
) -> VersionRecord | None:
    """The version in force on `day` (a calendar day in `zone`): the latest whose effective
    date — if the document states one — else the day it was first seen, is on or before it."""
    in_force = None
    for version in versions:
        start = version.dates.effective or version.first_seen_at.astimezone(zone).date()
        if start <= day:
            in_force = version
    return in_force
