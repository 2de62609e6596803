"""`tracker check` on pages that write their terms with JavaScript (render = "browser") and on
pages with a cookie banner (`remove`): a real loopback site, a real headless Chromium, the real
CLI and store.

The rendered HTML is the raw snapshot and goes through the same extraction, comparison and
versioning as any page; a page that fails to render is a failed fetch, never a version. Without
Chromium the tests that need it skip, or fail where TRACKER_REQUIRE_BROWSER is set (.ci/run).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from support.browser import require_chromium
from support.http import Handler, Site
from support.run import run, run_report
from support.spa import FAILING_SCRIPT, HTML, JSON, revised, shell, terms_json

from tracker.fetch.browser import CHROMIUM_ENV

# With wait_for, a page whose script failed is waited for until its budget is spent.
BROWSER = ['render = "browser"', 'wait_for = "#terms h2"', "render_timeout = 3"]
STATIC_PAGE = (
    '<html><body><main><div class="cookie">当サイトはCookieを使用します（{token}）</div>'
    "<h1>会員規約</h1><h2>第1条（目的）</h2><p>本規約は会員の権利義務を定めます。</p>"
    "<h2>第2条（退会）</h2><p>会員はいつでも退会できます。</p></main></body></html>"
)


def write_config(tmp_path: Path, site: Site, documents: dict[str, tuple[str, list[str]]]) -> Path:
    """A tracker.toml: documents are id → (path on `site`, extra TOML lines)."""
    lines = ["[tracker]", "host_delay = 0", "retries = 0", "timeout = 2"]
    for document_id, (path, extra) in documents.items():
        lines += ["[[documents]]", f'id = "{document_id}"', f"url = {json.dumps(site.url(path))}"]
        lines += extra
    config = tmp_path / "tracker.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def versions(config: Path, document_id: str) -> list[dict[str, Any]]:
    result = run(config, "log", document_id, "--format", "json")
    assert result.exit_code == 0, result.output
    listed: list[dict[str, Any]] = json.loads(result.stdout)["versions"]
    return listed


def outcomes(tmp_path: Path) -> dict[str, dict[str, Any]]:
    """The documents of the latest run's report, by id (rendered: a run where nothing happened
    writes no files)."""
    data = run_report(tmp_path / "tracker.toml")
    return {document["id"]: document for document in data["documents"]}


def publish_spa(site: Site, articles: tuple[tuple[str, str], ...] | None = None) -> None:
    site.put("/terms", shell(), HTML)
    site.put("/terms.json", terms_json(articles) if articles else terms_json(), JSON)


@pytest.fixture
def spa(tmp_path: Path, site: Site) -> Path:
    """A single-page app's terms, and a plain text agreement beside it."""
    require_chromium()
    publish_spa(site)
    site.put("/plain.html", STATIC_PAGE.format(token="a1").encode(), HTML)
    return write_config(tmp_path, site, {"spa": ("/terms", BROWSER), "plain": ("/plain.html", [])})


def test_check_tracks_a_change_of_the_rendered_text(tmp_path: Path, site: Site, spa: Path) -> None:
    result = run(spa, "check")
    assert result.exit_code == 0, result.output
    (first,) = versions(spa, "spa")
    assert first["sections"] == 3
    snapshot = (tmp_path / "snapshots" / first["sha256"][:2] / first["sha256"]).read_bytes()
    assert '<main id="terms"><h1>サービス利用規約</h1>' in snapshot.decode("utf-8-sig")

    site.put("/terms.json", terms_json(revised()), JSON)
    result = run(spa, "check")
    assert result.exit_code == 0, result.output
    found = versions(spa, "spa")
    assert [v["number"] for v in found] == [1, 2]
    assert found[1]["summary"] == {"added": 0, "removed": 0, "modified": 1, "renumbered": 0}
    assert outcomes(tmp_path)["spa"]["outcome"] == "changed"
    diff = run(spa, "diff", "spa")
    assert "その[-30-]{+14+}日前までに通知します" in diff.stdout
    assert "duration: 30日 → 14日" in diff.stdout

    assert run(spa, "check").exit_code == 0  # rendered again, the same: no version
    assert [v["number"] for v in versions(spa, "spa")] == [1, 2]


def test_a_script_that_fails_is_a_failed_fetch_not_a_version(
    tmp_path: Path, site: Site, spa: Path
) -> None:
    assert run(spa, "check").exit_code == 0
    site.put("/terms", shell(FAILING_SCRIPT), HTML)
    site.put(
        "/plain.html", STATIC_PAGE.format(token="a1").replace("いつでも", "月末に").encode(), HTML
    )
    result = run(spa, "check")
    assert result.exit_code == 3, result.output
    spa_outcome = outcomes(tmp_path)["spa"]
    assert spa_outcome["outcome"] == "failed"
    assert (
        "a script of the page failed: TypeError: window.renderTerms is not a function"
        in (spa_outcome["error"])
    )
    assert outcomes(tmp_path)["plain"]["outcome"] == "changed"  # the other page went on
    assert [v["number"] for v in versions(spa, "spa")] == [1]

    publish_spa(site)
    assert run(spa, "check").exit_code == 0
    assert outcomes(tmp_path)["spa"]["outcome"] == "unchanged"


def test_a_page_that_never_finishes_is_a_failed_fetch(
    tmp_path: Path, site: Site, spa: Path
) -> None:
    assert run(spa, "check").exit_code == 0

    def never(handler: Handler) -> None:  # the agreement's JSON never comes
        time.sleep(4)

    site.fail("/terms.json", never)
    config = write_config(
        tmp_path, site, {"spa": ("/terms", [*BROWSER[:2], "render_timeout = 1.5"])}
    )
    result = run(config, "check")
    assert result.exit_code == 3, result.output
    spa_outcome = outcomes(tmp_path)["spa"]
    assert spa_outcome["outcome"] == "failed"
    assert spa_outcome["error"].startswith(
        "the page was not ready within 1.5 s (wait_for '#terms h2' never matched)"
    )
    assert [v["number"] for v in versions(config, "spa")] == [1]


def test_without_chromium_only_the_pages_that_need_it_fail_and_the_report_says_how_to_install(
    tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "no-chromium"))
    publish_spa(site)
    site.put("/plain.html", STATIC_PAGE.format(token="a1").encode(), HTML)
    config = write_config(
        tmp_path, site, {"spa": ("/terms", BROWSER), "plain": ("/plain.html", [])}
    )
    result = run(config, "check")
    assert result.exit_code == 3, result.output
    found = outcomes(tmp_path)
    assert found["plain"]["outcome"] == "first"
    assert found["spa"]["outcome"] == "failed"
    assert "apt-get install chromium" in found["spa"]["error"]
    markdown = sorted((tmp_path / "reports").glob("*-run*.md"))[-1].read_text(encoding="utf-8")
    assert "apt-get install chromium" in markdown
    assert site.requests_to("/terms") == []
    assert versions(config, "spa") == []


def test_remove_keeps_a_cookie_banner_out_in_both_fetch_modes(tmp_path: Path, site: Site) -> None:
    require_chromium()
    site.put("/terms", shell(), HTML)
    site.put("/terms.json", terms_json(banner="Cookieに同意してください（a1）"), JSON)
    site.put("/plain.html", STATIC_PAGE.format(token="a1").encode(), HTML)
    config = write_config(
        tmp_path,
        site,
        {
            "spa": ("/terms", [*BROWSER, 'remove = ["#cookie-banner"]']),
            "plain": ("/plain.html", ['remove = [".cookie"]']),
        },
    )
    assert run(config, "check").exit_code == 0
    for document_id in ("spa", "plain"):
        shown = run(config, "show", document_id)
        assert "Cookie" not in shown.stdout and "第1条" in shown.stdout

    site.put("/terms.json", terms_json(banner="Cookieに同意してください（b2）"), JSON)
    site.put("/plain.html", STATIC_PAGE.format(token="b2").encode(), HTML)
    assert run(config, "check").exit_code == 0
    assert {d: o["outcome"] for d, o in outcomes(tmp_path).items()} == {
        "spa": "unchanged",
        "plain": "unchanged",
    }
    snapshot = (tmp_path / "snapshots").rglob("*")
    rendered = [p.read_bytes() for p in snapshot if p.is_file() and b"b2" in p.read_bytes()]
    assert any(b'id="cookie-banner"' in data for data in rendered)  # kept in the raw snapshot

    rebuilt = run(config, "rebuild")  # re-read with the removals each version was made with
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "0 technical, 0 merged" in rebuilt.stdout


def test_adding_remove_later_changes_no_reported_version(tmp_path: Path, site: Site) -> None:
    site.put("/plain.html", STATIC_PAGE.format(token="a1").encode(), HTML)
    config = write_config(tmp_path, site, {"plain": ("/plain.html", [])})
    assert run(config, "check").exit_code == 0
    assert "Cookie" in run(config, "show", "plain").stdout

    site.put("/plain.html", STATIC_PAGE.format(token="b2").encode(), HTML)
    config = write_config(tmp_path, site, {"plain": ("/plain.html", ['remove = [".cookie"]'])})
    result = run(config, "check")
    assert result.exit_code == 0, result.output
    assert outcomes(tmp_path)["plain"]["outcome"] == "unchanged"
    assert "Cookie" not in run(config, "show", "plain").stdout
    found = versions(config, "plain")
    assert [v["technical"] for v in found] == [False, True]  # the banner's removal: technical
