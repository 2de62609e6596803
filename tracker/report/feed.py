"""The Atom feed of changed agreements (RFC 4287): one entry per change, newest first.

Entry ids are `urn:uuid:` names derived from the document's URL and the content hashes of the
two versions, so re-rendering the feed (or rebuilding the database) never makes a feed reader
show a change twice. Built with ElementTree, which escapes every text; characters XML 1.0 cannot
carry (control characters from a broken PDF) are dropped.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedEntry:
    document: str
    name: str
    url: str
    previous: int | None
    version: int | None
    from_hash: str
    to_hash: str
    updated: datetime
    counts: tuple[int, int, int, int]  # added, removed, modified, renumbered
    link: str | None  # the run report that shows the change
    history: str | None = None  # the document's history page, at this change (#v2)

    @property
    def id(self) -> str:
        name = f"{self.url}#{self.document}:{self.from_hash}:{self.to_hash}"
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"

    def title(self, language: str = "ja") -> str:
        versions = f"v{self.previous} → v{self.version}" if self.previous else f"v{self.version}"
        if language == "en":
            return f"{self.name}: changes {versions}"
        return f"{self.name}: {versions} の変更"

    def summary(self, language: str = "ja") -> str:
        added, removed, modified, renumbered = self.counts
        if language == "en":
            return (
                f"{added} added, {removed} removed, {modified} modified, "
                f"{renumbered} renumbered ({self.document})"
            )
        return (
            f"新設 {added}、削除 {removed}、改正 {modified}、条番号変更 {renumbered}"
            f"（{self.document}）"
        )


def feed_id(location: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'tracker-feed:' + location)}"


def render_feed(
    entries: Sequence[FeedEntry],
    *,
    location: str,
    self_link: str | None,
    index_link: str | None,
    generated: datetime,
    language: str = "ja",
) -> str:
    """The feed as a string; `location` (where the reports live) names it for its stable id."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": language})
    english = language == "en"
    _text(feed, "title", "tracker: changes of the terms" if english else "tracker: 規約の変更")
    _text(
        feed,
        "subtitle",
        "Changes of the tracked terms and agreements, article by article"
        if english
        else "監視している規約・約款の変更（条単位の新旧対照）",
    )
    _text(feed, "id", feed_id(location))
    newest = max((e.updated for e in entries), default=generated)
    _text(feed, "updated", newest.isoformat(timespec="seconds"))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "tracker")
    _text(feed, "generator", "tracker")
    if self_link:
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": self_link})
    if index_link:
        ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": index_link})
    for entry in entries:
        element = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title(language))
        _text(element, "updated", entry.updated.isoformat(timespec="seconds"))
        _text(element, "summary", entry.summary(language))
        # The run report when it is there (quiet runs write none, `keep` prunes old ones),
        # else the history page, which always shows the change.
        alternate = entry.link or entry.history
        if alternate:
            attributes = {"rel": "alternate", "type": "text/html", "href": alternate}
            ET.SubElement(element, f"{{{ATOM}}}link", attributes)
        if entry.history and entry.history != alternate:
            attributes = {"rel": "related", "type": "text/html", "href": entry.history}
            ET.SubElement(element, f"{{{ATOM}}}link", attributes)
        ET.SubElement(element, f"{{{ATOM}}}category", {"term": entry.document})
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = _NOT_XML.sub("", text)
    return element
