"""render = "browser": pages whose scripts write the agreement, loaded in a real headless
Chromium (tracker/fetch/browser.py, page.py) from loopback servers.

Most tests share one browser (a module fixture, as a run shares one); those about starting it
(missing Playwright or Chromium, one launch a run, the cap on pages) start their own. Without
Chromium the tests skip, or fail where TRACKER_REQUIRE_BROWSER is set (.ci/run).
"""

from __future__ import annotations

import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from support.browser import require_chromium
from support.fetch import FAST, Handler, Route, Site, reply
from support.spa import (
    FAILING_SCRIPT,
    HTML,
    JSON,
    POLLING_SCRIPT,
    shell,
    terms_json,
)

from tracker.errors import EmptyDocument, FetchError
from tracker.fetch import Fetched, FetchPolicy, FetchRequest, Render, fetch, fetch_many
from tracker.fetch.browser import CHROMIUM_ENV, SharedBrowser
from tracker.sources import document_from_bytes

POLICY = replace(FAST, retries=0)


@pytest.fixture(scope="module")
def shared() -> Iterator[SharedBrowser]:
    require_chromium()
    with SharedBrowser(POLICY) as browser:
        yield browser


@pytest.fixture
def site() -> Iterator[Site]:
    with Site().running() as running:
        yield running


def rendered(
    browser: SharedBrowser | None, url: str, policy: FetchPolicy = POLICY, **render: object
) -> Fetched | FetchError:
    request = FetchRequest(url, render=Render(**render))  # type: ignore[arg-type]
    [(_, outcome)] = fetch_many([request], policy, browser=browser)
    return outcome


def failure(browser: SharedBrowser | None, url: str, **render: object) -> FetchError:
    outcome = rendered(browser, url, **render)
    assert isinstance(outcome, FetchError), outcome
    return outcome


def publish(
    site: Site, page: bytes, terms: bytes | Route | None = None, *, content_type: str = HTML
) -> str:
    site.route("/terms", reply(200, page, {"Content-Type": content_type}))
    if terms is not None:
        answer = terms if callable(terms) else reply(200, terms, {"Content-Type": JSON})
        site.route("/terms.json", answer)
    return site.url("/terms")


def silent(seconds: float) -> Route:
    """Never answers (within `seconds`, after which the connection is dropped)."""

    def route(handler: Handler) -> None:
        time.sleep(seconds)
        handler.close_connection = True

    return route


def article_headings(outcome: Fetched | FetchError) -> list[str]:
    assert isinstance(outcome, Fetched), outcome
    read = document_from_bytes(outcome.content, source=outcome.url, content_type=None)
    return [f"{article.number}（{article.title}）" for article in read.document.articles]


HEADINGS = ["第1条（目的）", "第2条（料金）", "第3条（変更）"]


# --- the agreement a script writes ----------------------------------------------------------


def test_a_page_that_writes_its_agreement_from_json_is_read_as_rendered(
    site: Site, shared: SharedBrowser
) -> None:
    url = publish(site, shell(), terms_json())
    plain = fetch(url, POLICY)
    assert "第1条" not in plain.content.decode()
    with pytest.raises(EmptyDocument, match='set render = "browser"'):
        document_from_bytes(plain.content, source=url, content_type=plain.content_type)

    outcome = rendered(shared, url, wait_for="#terms h2")
    assert isinstance(outcome, Fetched)
    assert (outcome.status, outcome.url) == (200, url)
    assert outcome.content_type == "text/html; charset=utf-8"
    assert '<main id="terms">' in outcome.content.decode("utf-8-sig")
    assert article_headings(outcome) == HEADINGS
    assert len(site.requests_to("/terms.json")) == 1  # the plain GET ran no script


def test_without_wait_for_the_page_is_read_once_the_network_is_quiet(
    site: Site, shared: SharedBrowser
) -> None:
    url = publish(site, shell(), terms_json())
    assert article_headings(rendered(shared, url)) == HEADINGS


def test_the_rendered_snapshot_is_utf8_whatever_the_page_declared(
    site: Site, shared: SharedBrowser
) -> None:
    """The DOM keeps <meta charset="shift_jis">; the snapshot says UTF-8 in its own bytes (a
    BOM), so it reads right without the Content-Type too: a file given to `tracker parse`."""
    url = publish(site, shell(charset="shift_jis"), terms_json(), content_type="text/html")
    outcome = rendered(shared, url, wait_for="#terms")
    assert isinstance(outcome, Fetched)
    assert b'charset="shift_jis"' in outcome.content
    assert outcome.content.startswith("\ufeff".encode())
    read = document_from_bytes(outcome.content, source="snapshot.html")
    assert "利用条件を定める" in read.document.articles[0].text


def test_the_browser_names_tracker_and_loads_no_images(site: Site, shared: SharedBrowser) -> None:
    page = shell().replace(b"<body>", b'<body><img src="/logo.png" alt="">')
    url = publish(site, page, terms_json())
    site.route("/logo.png", reply(200, b"\x89PNG", {"Content-Type": "image/png"}))
    assert isinstance(rendered(shared, url, wait_for="#terms"), Fetched)
    (seen,) = site.requests_to("/terms")
    assert "tracker/" in seen.headers["user-agent"]
    assert "Chrome/" in seen.headers["user-agent"]
    assert seen.headers["accept-language"].startswith("ja")
    assert site.requests_to("/logo.png") == []


def test_a_transient_failure_is_retried_as_for_a_plain_fetch(
    site: Site, shared: SharedBrowser
) -> None:
    publish(site, shell(), terms_json())
    site.route("/terms", reply(503), reply(200, shell(), {"Content-Type": HTML}))
    outcome = rendered(shared, site.url("/terms"), replace(POLICY, retries=2), wait_for="#terms")
    assert isinstance(outcome, Fetched) and outcome.attempts == 2


# --- failures -------------------------------------------------------------------------------


def test_a_script_that_fails_fails_the_fetch_at_once(site: Site, shared: SharedBrowser) -> None:
    url = publish(site, shell(FAILING_SCRIPT))
    started = time.monotonic()
    error = failure(shared, url, timeout=30)
    assert time.monotonic() - started < 15  # not after its 30 s budget
    assert not error.transient
    assert "a script of the page failed: TypeError: window.renderTerms is not a function" in (
        error.cause
    )
    assert "set wait_for" in error.cause


def test_a_script_failing_on_the_json_names_its_error(site: Site, shared: SharedBrowser) -> None:
    url = publish(site, shell(), reply(500, b"oops", {"Content-Type": "text/plain"}))
    error = failure(shared, url)
    assert "a script of the page failed" in error.cause
    assert "terms.json answered 500" in error.cause


def test_with_wait_for_a_script_error_is_named_when_the_agreement_never_comes(
    site: Site, shared: SharedBrowser
) -> None:
    url = publish(site, shell(FAILING_SCRIPT))
    error = failure(shared, url, wait_for="#terms", timeout=1.5)
    assert "window.renderTerms is not a function" in error.cause
    assert "wait_for '#terms' never matched" in error.cause


def test_a_script_error_is_harmless_once_wait_for_matches(
    site: Site, shared: SharedBrowser
) -> None:
    page = shell().replace(b"</body>", b"<script>window.analytics.track()</script></body>")
    url = publish(site, page, terms_json())
    assert article_headings(rendered(shared, url, wait_for="#terms h2")) == HEADINGS


def test_a_page_whose_agreement_never_arrives_times_out(site: Site, shared: SharedBrowser) -> None:
    url = publish(site, shell(), silent(5))
    error = failure(shared, url, wait_for="#terms", timeout=1.5)
    assert error.transient
    assert error.cause.startswith(
        "the page was not ready within 1.5 s (wait_for '#terms' never matched)"
    )
    assert "raise render_timeout" in error.cause


def test_a_page_that_keeps_the_network_busy_times_out_without_wait_for(
    site: Site, shared: SharedBrowser
) -> None:
    url = publish(site, shell(POLLING_SCRIPT))
    site.route("/ping", reply(204))
    error = failure(shared, url, timeout=1.5)
    assert error.transient
    assert "not ready within 1.5 s (the page kept loading)" in error.cause
    assert "set wait_for" in error.cause


def test_a_server_that_never_answers_times_out(site: Site, shared: SharedBrowser) -> None:
    site.route("/terms", silent(5))
    error = failure(shared, site.url("/terms"), timeout=1.5)
    assert "not ready within 1.5 s (no answer from the server)" in error.cause


def test_error_statuses_fail_as_for_a_plain_fetch(site: Site, shared: SharedBrowser) -> None:
    site.route("/gone", reply(404, b"<p>not found</p>", {"Content-Type": HTML}))
    site.route("/busy", reply(503, b"busy", {"Retry-After": "120"}))
    gone = failure(shared, site.url("/gone"))
    assert (gone.status, gone.transient) == (404, False)
    assert "HTTP 404 Not Found" in gone.cause and "nothing is published" in gone.cause
    busy = failure(shared, site.url("/busy"))
    assert (busy.status, busy.transient, busy.retry_after) == (503, True, 120.0)
    assert "asked us to come back in 2 min" in busy.cause


def test_a_pdf_needs_no_browser(site: Site, shared: SharedBrowser) -> None:
    site.route("/terms.pdf", reply(200, b"%PDF-1.7\n", {"Content-Type": "application/pdf"}))
    error = failure(shared, site.url("/terms.pdf"))
    assert not error.transient
    assert "not a web page (application/pdf)" in error.cause
    assert 'remove render = "browser"' in error.cause


def test_a_download_or_an_empty_answer_is_no_page(site: Site, shared: SharedBrowser) -> None:
    site.route("/empty", reply(204))
    attachment = {"Content-Type": HTML, "Content-Disposition": "attachment; filename=t.html"}
    site.route("/download", reply(200, shell(), attachment))
    for path in ("/empty", "/download"):
        error = failure(shared, site.url(path))
        assert not error.transient
        assert error.cause.startswith("the browser did not open the page (a download, or an")


def test_a_refused_connection_is_named(shared: SharedBrowser) -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
    error = failure(shared, f"http://127.0.0.1:{port}/terms")
    assert error.cause.startswith("connection refused") and error.transient


def test_a_rendered_page_over_the_size_cap_is_refused(site: Site, shared: SharedBrowser) -> None:
    url = publish(site, shell(), terms_json())
    outcome = rendered(shared, url, replace(POLICY, max_bytes=200), wait_for="#terms")
    assert isinstance(outcome, FetchError) and not outcome.transient
    assert "rendered page larger than 200 bytes" in outcome.cause


# --- the browser of a run -------------------------------------------------------------------


def test_one_browser_a_run_with_at_most_max_pages_open() -> None:
    """Six pages on three hosts (three lanes at once), two pages at a time: every page's JSON
    takes a second to come, so the requests that overlap show the pages open together."""
    require_chromium()
    policy = replace(POLICY, max_pages=2)
    with (
        Site("127.0.0.1").running() as one,
        Site("127.0.0.2").running() as two,
        Site("127.0.0.3").running() as three,
    ):
        requests = []
        for site in (one, two, three):
            for path in ("/a", "/b"):
                site.route(path, reply(200, shell(), {"Content-Type": HTML}))
            site.route("/terms.json", reply(200, terms_json(), {"Content-Type": JSON}, delay=0.6))
            render = Render(wait_for="#terms h2")
            requests += [FetchRequest(site.url(p), render=render) for p in ("/a", "/b")]
        with SharedBrowser(policy) as browser:
            results = fetch_many(requests, policy, browser=browser)
    assert browser.launches == 1
    assert all(isinstance(outcome, Fetched) for _, outcome in results)
    spans = [
        (s.started, s.ended) for site in (one, two, three) for s in site.requests_to("/terms.json")
    ]
    assert len(spans) == 6
    assert _most_at_once(spans) == 2


def _most_at_once(spans: list[tuple[float, float]]) -> int:
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    most = current = 0
    for _, step in events:
        current += step
        most = max(most, current)
    return most


def test_a_missing_chromium_fails_each_page_with_the_install_command(
    site: Site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    require_chromium()  # with Playwright there, the missing Chromium is what is named
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "no-chromium"))
    url = publish(site, shell(), terms_json())
    requests = [FetchRequest(url, render=Render()), FetchRequest(url + "?2", render=Render())]
    with SharedBrowser(POLICY) as browser:
        results = fetch_many(requests, POLICY, browser=browser)
    assert browser.launches == 0  # refused before starting anything
    for _, outcome in results:
        assert isinstance(outcome, FetchError) and not outcome.transient
        assert f"{CHROMIUM_ENV} names" in outcome.cause
        assert "apt-get install chromium" in outcome.cause
    assert site.seen == []


def test_on_a_machine_without_chromium_the_launch_is_tried_once_a_run(
    site: Site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No Chromium on the PATH and none downloaded by Playwright: what a fresh machine with only
    `pip install 'tracker[browser]'` has."""
    require_chromium()  # Playwright must be there for the launch to be tried
    (tmp_path / "bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "browsers"))
    monkeypatch.delenv(CHROMIUM_ENV, raising=False)
    url = publish(site, shell(), terms_json())
    requests = [FetchRequest(f"{url}?{n}", render=Render()) for n in range(3)]
    with SharedBrowser(POLICY) as browser:
        results = fetch_many(requests, POLICY, browser=browser)
    assert browser.launches == 1
    for _, outcome in results:
        assert isinstance(outcome, FetchError) and not outcome.transient
        assert outcome.cause.startswith("Chromium could not be started (")
        assert "apt-get install chromium, or python -m playwright install chromium" in (
            outcome.cause
        )
    assert site.seen == []


def test_a_missing_playwright_names_the_pip_command(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "playwright.async_api", None)  # what `import` then refuses
    url = publish(site, shell(), terms_json())
    error = failure(None, url)
    assert not error.transient
    assert error.cause.startswith("the headless browser is not installed (no Playwright)")
    assert "pip install 'tracker[browser]'" in error.cause


def test_plain_fetches_start_no_browser(site: Site) -> None:
    site.route("/terms", reply(200, b"<p>x</p>", {"Content-Type": HTML}))
    with SharedBrowser(POLICY) as browser:
        [(_, outcome)] = fetch_many([FetchRequest(site.url("/terms"))], POLICY, browser=browser)
    assert isinstance(outcome, Fetched) and browser.launches == 0
