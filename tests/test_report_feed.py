"""The Atom feed `reports/feed.atom`, read by a real feed parser (feedparser)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
from support.http import Site
from support.run import REVISION_003, SEED_003, SEED_004, TEXT, report_files, run, write_config

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(folder: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((folder / "reports" / "feed.atom").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_one_entry_per_changed_agreement_with_stable_ids_and_links(
    tmp_path: Path, site: Site
) -> None:
    site.put("/securecam.txt", SEED_003.encode(), TEXT)
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    config = write_config(
        tmp_path,
        {"securecam": site.url("/securecam.txt"), "beta": site.url("/beta.txt")},
        names={"securecam": "セキュアカメラ <利用規約> & 料金"},
    )
    run(config, "check")
    assert feed(tmp_path).entries == []  # first versions are not changes

    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    run(config, "check")
    run(config, "check")  # nothing new: the feed keeps its one entry
    parsed = feed(tmp_path)
    (entry,) = parsed.entries
    assert entry.title == "セキュアカメラ <利用規約> & 料金: v1 → v2 の変更"
    assert entry.id.startswith("urn:uuid:")
    assert "新設 1" in entry.summary and "改正 2" in entry.summary
    run2 = [p for p in report_files(tmp_path, ".html") if p.name.endswith("-run2.html")]
    assert entry.link == run2[0].name
    assert parsed.feed.title and parsed.feed.id.startswith("urn:uuid:")

    # Re-rendering (or a later run) gives the same ids: a feed reader shows nothing twice.
    first_ids = [e.id for e in parsed.entries]
    run(config, "report", "1")
    assert [e.id for e in feed(tmp_path).entries] == first_ids
    assert feed(tmp_path).feed.id == parsed.feed.id


def test_base_url_makes_absolute_links_and_a_self_link(tmp_path: Path, site: Site) -> None:
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    extra = '[report]\nbase_url = "https://intranet.example.jp/tracker/reports"\nfeed_entries = 1\n'
    config = write_config(tmp_path, {"beta": site.url("/beta.txt")}, extra=extra)
    run(config, "check")
    changed = (
        SEED_004.replace("第1条", "第1条", 1)
        + "\n附則\nこの規約は、2026年12月1日から施行します。\n"
    )
    site.put("/beta.txt", changed.encode(), TEXT)
    run(config, "check")
    parsed = feed(tmp_path)
    (entry,) = parsed.entries
    assert entry.link.startswith("https://intranet.example.jp/tracker/reports/")
    assert entry.link.endswith("-run2.html")
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links["self"] == "https://intranet.example.jp/tracker/reports/feed.atom"
    # well-formed XML with the Atom namespace, whatever feedparser forgives
    root = ET.parse(tmp_path / "reports" / "feed.atom").getroot()
    assert root.tag == f"{ATOM}feed"
    assert all(e.find(f"{ATOM}updated") is not None for e in root.iter(f"{ATOM}entry"))
