"""The pure rules of a history: when two versions are the same agreement (`content_hash`), when a
parse looks broken rather than new (`is_suspect`), and which version was in force on a day."""

from __future__ import annotations

import hashlib
from datetime import date
from zoneinfo import ZoneInfo

from tracker.compare.similarity import containment
from tracker.model import Document, layout_key
from tracker.store import VersionRecord
from tracker.store.codec import canonical_json

NO_ARTICLES = "no articles found (an error page, a login wall, or the wrong selector?)"
OPENING_CHARS = 40  # how much of a suspect page its reason quotes
# How much of the previous text must survive in the new one for it to be a revision, not
# another document (a cookie policy, another product's terms) served at the address. Measured
# as the share of the previous text's 6-character pieces (layout key) found in the new text:
# real revisions in snapshots/, tests/fixtures and the developer corpus keep 0.62 to 1.0 (two
# years of 会則 revisions squashed: 0.62; consecutive revisions 0.75 or more); another
# agreement of the same company keeps 0.03 to 0.44, a cookie policy 0.01.
PIECE = 6
SURVIVAL_WITH_NEW_TITLE = 0.5  # below this with a changed title: a different document
SURVIVAL_WITH_SAME_TITLE = 0.05  # below this whatever the title says
MAX_COMPARED_CHARS = 300_000  # of each text: the share is a rough measure, its memory is not
KEPT_WHOLE = 0.9  # of the previous text in sections the new one keeps word for word


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
    if previous is not None and previous.articles:
        return _another_document(previous, new)
    return None


def _another_document(previous: Document, new: Document) -> str | None:
    """Why `new` reads as another document than `previous` rather than its revision, or None:
    its title changed and less than half of the previous text survives in it, or almost none
    of the previous text does whatever the title."""
    old_title, new_title = layout_key(previous.title), layout_key(new.title)
    renamed = old_title != new_title
    limit = SURVIVAL_WITH_NEW_TITLE if renamed else SURVIVAL_WITH_SAME_TITLE
    if _mostly_kept(previous, new):
        return None
    share = surviving_share(previous, new)
    if share >= limit:
        return None
    how_much = f"{share:.0%}" if share >= 0.01 else "under 1%"
    title = (
        f"the title changed (「{previous.title or '—'}」 → 「{new.title or '—'}」) and "
        if renamed
        else ""
    )
    return (
        f"a different document, not a revision: {title}only {how_much} of the previous text "
        f"is found in it (another page served at this address?){_opening(new)}; accept it "
        "as a version if the agreement was really replaced"
    )


def _mostly_kept(previous: Document, new: Document) -> bool:
    """Whether sections holding `KEPT_WHOLE` of the previous text stand word for word in the
    new one: every piece inside them survives, so the share is far above either limit and the
    pieces need not be counted (that count was a third of recording an ordinary revision)."""
    kept = {layout_key(s.text) for s in new.sections}
    total = same = 0
    for section in previous.sections:
        size = len(layout_key(section.text))
        total += size
        same += size if layout_key(section.text) in kept else 0
    return total > 0 and same >= KEPT_WHOLE * total


def surviving_share(previous: Document, new: Document) -> float:
    """The share of the previous text's 6-character pieces that the new text holds (titles,
    captions and bodies, on the layout key): 1.0 when nothing was removed.

    >>> from tracker.model import Dates, Section, SectionKind
    >>> def doc(text: str) -> Document:
    ...     article = Section("1", SectionKind.ARTICLE, "第1条", None, None, text)
    ...     return Document("x", None, Dates(), (article,))
    >>> surviving_share(doc("当社は本規約を変更できる。"), doc("当社は 本規約を 変更できる。"))
    1.0
    >>> surviving_share(doc("当社は本規約を変更できる。"), doc("Cookieとは小さなファイルです。"))
    0.0
    """
    return containment(_pieces(previous), _pieces(new))


def _pieces(document: Document) -> frozenset[str]:
    text = layout_key("".join((s.title or "") + s.text for s in document.sections))
    text = text[:MAX_COMPARED_CHARS]
    if len(text) <= PIECE:
        return frozenset((text,)) if text else frozenset()
    return frozenset(text[i : i + PIECE] for i in range(len(text) - PIECE + 1))


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
