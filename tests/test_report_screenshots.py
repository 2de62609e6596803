"""The pages a compliance team reads, in a real Chromium, on the demo's data: the run report,
a history page and the `changes` page load with no error and no request but themselves, show
what they promise (the findings with both deadlines, every version, the 新旧対照表), and are
photographed for the README.

The screenshots go to the test's folder; `TRACKER_SCREENSHOTS=docs` writes them to docs/ (how
the README's images are made: `TRACKER_SCREENSHOTS=docs pytest tests/test_report_screenshots.py`).
`test_the_readme_shows_the_screenshots` checks the ones in docs/ are there and are PNGs.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support.browser import open_page

from tracker.cli import cli
from tracker.report.history_page import history_page_name

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SHOTS = {
    "run report": "report-run.png",
    "history page": "history-page.png",
    "changes page": "changes-page.png",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["demo", "--dir", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    config = str(folder / "tracker.toml")
    arguments = ["--config", config, "changes", "--since", "2026-11-01", "--format", "html"]
    changes = CliRunner().invoke(cli, arguments, catch_exceptions=False)
    (folder / "changes.html").write_text(changes.stdout, encoding="utf-8")
    return folder


def photograph(page: Any, name: str, tmp_path: Path) -> Path:
    """A screenshot of the top of the page (what a reader sees first), where it belongs."""
    folder = DOCS if os.environ.get("TRACKER_SCREENSHOTS") == "docs" else tmp_path
    path = folder / name
    page.screenshot(path=str(path), full_page=False)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000
    return path


def clean(page: Any, watch: Any, path: Path) -> None:
    assert watch.errors == [] and watch.dialogs == []
    assert [m for m in watch.console if m.startswith("error")] == []
    assert watch.requests == [path.resolve().as_uri()]  # nothing but the page itself


def test_the_run_report(browser: Any, demo: Path, tmp_path: Path) -> None:
    (report,) = demo.glob("reports/*-run2.html")
    page, watch = open_page(browser, report)
    try:
        clean(page, watch, report)
        headers = page.locator("table.findings").first.locator("th").all_inner_texts()
        assert headers == ["重要度", "規約", "箇所", "内容", "提供者の期限", "当社の期限"]
        first = page.locator("table.findings tbody tr").first.locator("td").all_inner_texts()
        assert first[0].endswith("重要") and first[-2:] == ["2026-09-02", "2026-11-30"]
        assert "対応:" in first[3]
        link = page.locator(f"a[href='{history_page_name('securecam')}']").first
        assert link.count() == 1
        photograph(page, SHOTS["run report"], tmp_path)
    finally:
        page.close()


def test_a_history_page(browser: Any, demo: Path, tmp_path: Path) -> None:
    path = demo / "reports" / history_page_name("securecam")
    page, watch = open_page(browser, path)
    try:
        clean(page, watch, path)
        versions = page.locator("table.versions tbody tr").all_inner_texts()
        assert [row.split()[0] for row in versions] == ["v2", "v1"]
        assert page.locator("section#v2 table.diff").count() == 1
        assert page.locator("section#v2 table.findings tbody tr").count() >= 3
        photograph(page, SHOTS["history page"], tmp_path)
    finally:
        page.close()


def test_the_changes_page(browser: Any, demo: Path, tmp_path: Path) -> None:
    path = demo / "changes.html"
    page, watch = open_page(browser, path)
    try:
        clean(page, watch, path)
        assert page.title() == "2026-11-01 以降の変更"
        rows = page.locator("section.overview table tbody tr").all_inner_texts()
        assert len(rows) == 2 and all(re.match(r"2026-11-24", row) for row in rows)
        assert page.locator("section.agreement").count() == 2
        assert page.locator("section.agreement table.diff").count() == 2
        photograph(page, SHOTS["changes page"], tmp_path)
    finally:
        page.close()


def test_the_readme_shows_the_screenshots() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in SHOTS.values():
        path = DOCS / name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        assert f"(docs/{name})" in readme, name
