"""The reports folder a team reads day to day: a history page per document linked from the
index and the feed, one language per report, quiet runs that write no report files, old ones
pruned, and an index that tells the truth about the run that just finished.

Real `check` runs against a loopback site, real SQLite; pages read as text (Chromium tests of
the same pages are in test_report_browser.py).
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
from support.http import Site
from support.run import (
    EFFECTIVE,
    REVISION_003,
    SEED_003,
    SEED_004,
    TEXT,
    report_files,
    run,
    write_config,
)

from tracker.clock import CLOCK_OFFSET
from tracker.report.history_page import history_page_name

ATOM = "{http://www.w3.org/2005/Atom}"
NAMES = {"securecam": "セキュアカメラ利用規約", "beta": "ベータ版規約"}


@pytest.fixture
def config(tmp_path: Path, site: Site) -> Path:
    site.put("/securecam.txt", SEED_003.encode(), TEXT)
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    documents = {"securecam": site.url("/securecam.txt"), "beta": site.url("/beta.txt")}
    return write_config(tmp_path, documents, names=NAMES)


def revise(site: Site) -> None:
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)


def reports(tmp_path: Path) -> Path:
    return tmp_path / "reports"


# --- history pages ---------------------------------------------------------------------------


def test_every_document_gets_a_history_page_with_every_version_and_each_change(
    tmp_path: Path, site: Site, config: Path
) -> None:
    assert run(config, "check").exit_code == 0
    revise(site)
    assert run(config, "check").exit_code == 0
    page = (reports(tmp_path) / history_page_name("securecam")).read_text(encoding="utf-8")
    assert "<title>改定履歴 — セキュアカメラ利用規約</title>" in page
    rows = re.findall(r"<tr><td>(?:<a href=\"#v\d\">)?v(\d)", page)
    assert rows == ["2", "1"]  # every version, newest first
    assert '<section class="agreement" id="v2">' in page  # the change into v2, with …
    assert "<h3>新旧対照表</h3>" in page and "<del>3</del>か月" in page  # … its 新旧対照表
    assert "約束 90日に対し実際は7日前でした" in page  # … and its findings
    assert f"施行 {EFFECTIVE}" in page  # the dates version 2 states
    beta = (reports(tmp_path) / history_page_name("beta")).read_text(encoding="utf-8")
    assert "版は一つだけで、比較する改定はありません。" in beta


def test_the_index_and_the_feed_link_to_the_history_pages(
    tmp_path: Path, site: Site, config: Path
) -> None:
    run(config, "check")
    revise(site)
    run(config, "check")
    index = (reports(tmp_path) / "index.html").read_text(encoding="utf-8")
    for document_id in ("securecam", "beta"):
        assert f'<a href="{history_page_name(document_id)}">履歴</a>' in index
    parsed = feedparser.parse((reports(tmp_path) / "feed.atom").read_bytes())
    (entry,) = parsed.entries
    links = {link.rel: link.href for link in entry.links}
    assert links["alternate"].endswith("-run2.html")
    assert links["related"] == history_page_name("securecam") + "#v2"
    report = report_files(tmp_path, ".html")[-1].read_text(encoding="utf-8")
    assert f'<a href="{history_page_name("securecam")}">' in report


def test_a_feed_entry_whose_run_report_is_gone_links_to_the_history_page(
    tmp_path: Path, site: Site, config: Path
) -> None:
    run(config, "check")
    revise(site)
    run(config, "check")
    for path in report_files(tmp_path, ""):
        path.unlink()
    run(config, "check")  # quiet: writes the feed again, and no report of its own
    root = ET.parse(reports(tmp_path) / "feed.atom").getroot()
    (entry,) = root.iter(f"{ATOM}entry")
    links = [(link.get("rel"), link.get("href")) for link in entry.iter(f"{ATOM}link")]
    assert links == [("alternate", history_page_name("securecam") + "#v2")]


def test_history_page_names_never_leave_the_folder(tmp_path: Path, site: Site) -> None:
    site.put("/x.txt", SEED_004.encode(), TEXT)
    config = write_config(tmp_path, {"a..b": site.url("/x.txt"), "a_b": site.url("/x.txt")})
    run(config, "check")
    pages = sorted(p.name for p in reports(tmp_path).glob("history-*.html"))
    assert len(pages) == 2 and all(".." not in p and "/" not in p for p in pages)


# --- one language --------------------------------------------------------------------------


def test_a_japanese_report_is_japanese_throughout(tmp_path: Path, site: Site, config: Path) -> None:
    run(config, "check")
    revise(site)
    run(config, "check")
    markdown = report_files(tmp_path, ".md")[-1].read_text(encoding="utf-8")
    html = report_files(tmp_path, ".html")[-1].read_text(encoding="utf-8")
    for text in (markdown, html):
        assert "約束 90日に対し実際は7日前でした" in text
        assert "promises" not in text and "is likely adverse" not in text
    assert "- **重要** セキュアカメラ利用規約 · 第8条第2項" in markdown
    assert "**high**" not in markdown and "**medium**" not in markdown
    data = json.loads(report_files(tmp_path, ".json")[-1].read_text(encoding="utf-8"))
    assert data["language"] == "ja"


def test_language_en_makes_the_whole_report_english(
    tmp_path: Path, site: Site, config: Path
) -> None:
    config.write_text(config.read_text(encoding="utf-8") + '[report]\nlanguage = "en"\n')
    run(config, "check")
    revise(site)
    result = run(config, "check")
    markdown = report_files(tmp_path, ".md")[-1].read_text(encoding="utf-8")
    assert markdown.startswith("# Terms change report — run 2")
    assert "| Agreement | Outcome | Version | Notes |" in markdown
    assert "## To do, most urgent first" in markdown
    provider = EFFECTIVE - timedelta(days=90)  # 3 months' notice promised
    assert f"- **high** セキュアカメラ利用規約 · 第8条第2項 (Provider's deadline {provider}" in (
        markdown
    )
    assert "promised 90 days, observed 7 days" in markdown and "**重要**" not in markdown
    html = report_files(tmp_path, ".html")[-1].read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "<th>New version</th><th>Old version</th>" in html
    assert "high  securecam 第8条第2項" in result.stdout  # the console too


# --- quiet runs, pruning -----------------------------------------------------------------------


def test_a_run_where_nothing_happened_writes_no_report_files(tmp_path: Path, config: Path) -> None:
    run(config, "check")
    before = report_files(tmp_path, "")
    result = run(config, "check")
    assert result.exit_code == 0 and result.stdout == ""
    assert report_files(tmp_path, "") == before
    index = (reports(tmp_path) / "index.html").read_text(encoding="utf-8")
    assert "変更のなかった実行 1件は省略しています" in index
    assert run(config, "report", "2").exit_code == 0  # asked for: written
    assert any(p.name.endswith("-run2.html") for p in report_files(tmp_path, ".html"))


def test_keep_quiet_runs_writes_them_anyway(tmp_path: Path, config: Path) -> None:
    config.write_text(config.read_text(encoding="utf-8") + "[report]\nkeep_quiet_runs = true\n")
    run(config, "check")
    run(config, "check")
    assert len(report_files(tmp_path, ".json")) == 2


def test_keep_prunes_the_report_files_of_older_runs(
    tmp_path: Path, site: Site, config: Path
) -> None:
    config.write_text(config.read_text(encoding="utf-8") + "[report]\nkeep = 2\n")
    for round_ in range(4):  # something in every run (a change, a failure): each writes files
        if round_ % 2:
            site.fail("/beta.txt", "500")
        else:
            more = f"\n第99条（追加{round_}）\n追加。\n"
            site.put("/beta.txt", (SEED_004 + more).encode(), TEXT)
        run(config, "check")
    kept = sorted(p.name.rsplit("-", 1)[1] for p in report_files(tmp_path, ".json"))
    assert kept == ["run3.json", "run4.json"]
    index = (reports(tmp_path) / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr><td>") >= 4  # the runs stay listed, without links
    assert history_page_name("beta") in index


def test_keep_in_days(tmp_path: Path, site: Site, config: Path) -> None:
    """`keep = "1d"`: only the runs of the last day keep their files; the suite's clock is
    moved two days on between the runs."""
    config.write_text(config.read_text(encoding="utf-8") + '[report]\nkeep = "1d"\n')
    run(config, "check")
    offset = float(os.environ[CLOCK_OFFSET])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CLOCK_OFFSET, repr(offset + 2 * 86400))
        site.fail("/beta.txt", "500")
        run(config, "check")
    assert [p.name.rsplit("-", 1)[1] for p in report_files(tmp_path, ".json")] == ["run2.json"]


# --- the index's bugs ----------------------------------------------------------------------------


def test_the_index_never_calls_the_run_that_just_finished_interrupted(
    tmp_path: Path, config: Path
) -> None:
    run(config, "check")
    index = (reports(tmp_path) / "index.html").read_text(encoding="utf-8")
    assert "（中断）" not in index


def test_the_index_shows_start_times_to_the_second_in_the_configured_zone(
    tmp_path: Path, config: Path
) -> None:
    run(config, "check")
    index = (reports(tmp_path) / "index.html").read_text(encoding="utf-8")
    (started,) = re.findall(r"<tr><td>1</td><td>([^<]*)</td>", index)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", started), started


def test_messages_and_the_feed_speak_the_reports_language(
    tmp_path: Path, site: Site, config: Path
) -> None:
    config.write_text(config.read_text(encoding="utf-8") + '[report]\nlanguage = "en"\n')
    run(config, "check")
    revise(site)
    run(config, "check")
    parsed = feedparser.parse((reports(tmp_path) / "feed.atom").read_bytes())
    assert parsed.feed.title == "tracker: changes of the terms"
    (entry,) = parsed.entries
    assert entry.title == "セキュアカメラ利用規約: changes v1 → v2"
    assert entry.summary.startswith("1 added, 0 removed, 2 modified, 0 renumbered")
