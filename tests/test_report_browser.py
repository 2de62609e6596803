"""The HTML reports in a real headless Chromium: they load with no console errors, render (a
screenshot is taken), print on A4 with a page per agreement, and document text that looks like
markup or script is shown as text and never runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from support.browser import open_page
from support.http import Site, running_site
from support.run import REVISION_003, SEED_003, TEXT, report_files, run, write_config

HOSTILE = (
    '<script>window.__pwned = 1; alert("script")</script>'
    ' <img src=x onerror="window.__pwned = 2; alert(2)">'
    ' <a href="javascript:window.__pwned=3">javascript:window.__pwned=3</a>'
    ' <svg onload="window.__pwned=4"></svg> </td></tr></table><style>body{display:none}</style>'
)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with running_site() as served:
        yield served


def hostile_agreement(base: str) -> str:
    """Seed 003 with hostile text inserted into an article and a caption."""
    marked = base.replace("（目的）", "（目的<b onmouseover=alert(5)>）", 1)
    return marked.replace("利用規約", "利用規約" + HOSTILE, 2)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reports")


@pytest.fixture(scope="module")
def reports(workdir: Path, site: Site) -> Path:
    """Two runs; the second changes both agreements, one of them full of hostile text."""
    tmp_path = workdir
    site.put("/terms.txt", SEED_003.encode(), TEXT)
    site.put("/beta.txt", SEED_003.encode(), TEXT)
    config = write_config(
        tmp_path,
        {"terms": site.url("/terms.txt"), "beta": site.url("/beta.txt")},
        names={"terms": "<script>alert('name')</script>規約", "beta": "第二の規約"},
    )
    assert run(config, "check").exit_code == 0
    site.put("/terms.txt", hostile_agreement(REVISION_003).encode(), TEXT)
    site.put("/beta.txt", REVISION_003.encode(), TEXT)
    result = run(config, "check")
    assert result.exit_code == 0, result.output
    return tmp_path / "reports"


def dom_count(page: Any, selector: str) -> int:
    count: int = page.evaluate(f"document.querySelectorAll({selector!r}).length")
    return count


def test_the_run_report_loads_cleanly_and_hostile_text_never_runs(
    browser: Any, reports: Path, workdir: Path, tmp_path: Path
) -> None:
    html = report_files(workdir, ".html")[-1]
    page, watch = open_page(browser, html)
    try:
        shot = tmp_path / "run-report.png"  # kept with the test's files, for a person to look at
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
        page.mouse.move(300, 300)
        page.hover("body")
        assert watch.errors == [] and watch.dialogs == []
        assert [m for m in watch.console if m.startswith("error")] == []
        assert page.evaluate("typeof window.__pwned") == "undefined"
        # nothing but the file itself was loaded: no external assets
        assert watch.requests == [html.resolve().as_uri()]
        for selector in ("script", "img", "svg", "style:not(head style)", "b", "[onerror]"):
            assert dom_count(page, selector) == 0, selector
        assert dom_count(page, "a[href^='javascript']") == 0
        body = page.inner_text("body")
        # (canonical text drops the spaces around "=" and ";")
        assert "<script>window.__pwned" in body and "</script>" in body
        assert 'onerror="window.__pwned=2;alert(2)"' in body
        assert "<script>alert('name')</script>規約" in body
        assert "javascript:window.__pwned=3" in body
        assert page.is_visible("table.diff")
    finally:
        page.close()


def test_print_layout_is_a4_with_each_agreement_on_a_new_page(
    browser: Any, reports: Path, workdir: Path, tmp_path: Path
) -> None:
    html = report_files(workdir, ".html")[-1]
    page, watch = open_page(browser, html)
    try:
        page.emulate_media(media="print")
        breaks = page.evaluate(
            "[...document.querySelectorAll('section.agreement')]"
            ".map(s => getComputedStyle(s).breakBefore)"
        )
        assert breaks == ["page", "page"]
        # Readable without colour: insertions underlined, deletions struck through.
        ins = page.evaluate("getComputedStyle(document.querySelector('ins')).textDecorationLine")
        deleted = page.evaluate(
            "getComputedStyle(document.querySelector('del')).textDecorationLine"
        )
        assert "underline" in ins and "line-through" in deleted
        pdf = pdfium.PdfDocument(page.pdf(format="A4", print_background=False))
        width, height = pdf[0].get_size()
        assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5  # A4 in points
        assert len(pdf) >= 3  # the overview, then a page (at least) per agreement
        assert watch.errors == []
    finally:
        page.close()


def test_the_index_and_the_comparison_page_load_without_errors(
    browser: Any, reports: Path, workdir: Path, tmp_path: Path
) -> None:
    for path in (reports / "index.html",):
        page, watch = open_page(browser, path)
        try:
            assert watch.errors == [] and watch.dialogs == []
            assert [m for m in watch.console if m.startswith("error")] == []
            assert page.locator("table.runs tbody tr").count() == 2
            assert page.locator("table.documents tbody tr").count() == 2
            assert "feed.atom" in page.get_attribute("a[href='feed.atom']", "href")
        finally:
            page.close()
    config = workdir / "tracker.toml"
    comparison = tmp_path / "terms.html"
    result = run(config, "diff", "terms", "--format", "html")
    comparison.write_text(result.stdout, encoding="utf-8")
    page, watch = open_page(browser, comparison)
    try:
        assert watch.errors == [] and watch.dialogs == []
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert dom_count(page, "script") == 0
    finally:
        page.close()
