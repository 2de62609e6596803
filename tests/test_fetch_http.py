"""fetch() against a scripted HTTP server on loopback: success, validators, statuses, retries,
redirects, decompression, size caps and content-type sniffing.

Waits go to an injected `sleep` that only records, so retry tests take milliseconds.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from support.fetch import FAST, Site, redirect, reply

from tracker.errors import FetchError
from tracker.fetch import USER_AGENT, Fetched, FetchPolicy, FetchRequest, fetch, fetch_many
from tracker.sources import read_source

TERMS = "第1条（目的）本規約は、当社のサービスの利用条件を定めるものです。".encode()
ETAG = '"v1-abc"'
LAST_MODIFIED = "Tue, 01 Apr 2025 00:00:00 GMT"


@pytest.fixture
def site() -> Iterator[Site]:
    with Site().running() as running:
        yield running


@pytest.fixture
def sleeps() -> list[float]:
    return []


def fetch_error(
    url: str, policy: FetchPolicy = FAST, sleeps: list[float] | None = None
) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, policy, sleep=(sleeps if sleeps is not None else []).append)
    return caught.value


# --- success and validators ------------------------------------------------------------------


def test_200_returns_the_body_its_type_and_its_validators(site: Site) -> None:
    headers = {
        "Content-Type": "text/html; charset=utf-8",
        "ETag": ETAG,
        "Last-Modified": LAST_MODIFIED,
    }
    site.route("/terms", reply(200, TERMS, headers))
    fetched = fetch(site.url("/terms"), FAST)
    assert (fetched.status, fetched.content, fetched.url) == (200, TERMS, site.url("/terms"))
    assert fetched.content_type == "text/html; charset=utf-8"
    assert (fetched.etag, fetched.last_modified) == (ETAG, LAST_MODIFIED)
    assert fetched.headers["etag"] == ETAG  # lower-case names
    assert fetched.attempts == 1 and not fetched.not_modified
    assert fetched.elapsed > 0


def test_if_none_match_is_sent_and_a_304_is_not_modified(site: Site) -> None:
    site.route("/terms", reply(304, headers={"ETag": ETAG}))
    fetched = fetch(site.url("/terms"), FAST, etag=ETAG)
    assert site.seen[0].headers["if-none-match"] == ETAG
    assert "if-modified-since" not in site.seen[0].headers
    assert fetched.not_modified and fetched.status == 304 and fetched.content == b""
    assert fetched.etag == ETAG


def test_if_modified_since_is_sent_and_a_304_is_not_modified(site: Site) -> None:
    site.route("/terms", reply(304))
    fetched = fetch(site.url("/terms"), FAST, last_modified=LAST_MODIFIED)
    assert site.seen[0].headers["if-modified-since"] == LAST_MODIFIED
    assert "if-none-match" not in site.seen[0].headers
    assert fetched.not_modified
    # The 304 carried no validators: the ones we sent stay the current ones.
    assert fetched.last_modified == LAST_MODIFIED and fetched.etag is None


def test_a_304_to_an_unconditional_request_is_an_error_not_an_empty_document(site: Site) -> None:
    site.route("/terms", reply(304))
    error = fetch_error(site.url("/terms"))
    assert not error.transient and error.status == 304


def test_requests_name_tracker_the_contact_and_the_encodings_we_decode(site: Site) -> None:
    site.route("/terms", reply(200, TERMS))
    fetch(site.url("/terms"), replace(FAST, contact="legal-ops@example.jp"))
    sent = site.seen[0].headers
    assert sent["user-agent"] == f"{USER_AGENT}; contact: legal-ops@example.jp"
    assert sent["user-agent"].startswith("tracker/")
    assert sent["accept-encoding"] == "gzip, deflate"


def test_an_injected_client_is_used_and_left_open(site: Site) -> None:
    site.route("/terms", reply(200, TERMS))
    sent: list[httpx.Request] = []
    with httpx.Client(event_hooks={"request": [sent.append]}) as client:
        fetch(site.url("/terms"), FAST, client=client)
        assert not client.is_closed
    assert [str(request.url) for request in sent] == [site.url("/terms")]


def test_sources_read_a_url_through_fetch(site: Site) -> None:
    site.route("/terms.txt", reply(200, TERMS, {"Content-Type": "text/plain; charset=utf-8"}))
    assert read_source(site.url("/terms.txt")) == (TERMS, "text/plain; charset=utf-8")


# --- statuses and retries --------------------------------------------------------------------


def test_500_then_200_is_retried_once(site: Site, sleeps: list[float]) -> None:
    site.route("/terms", reply(500, b"oops"), reply(200, TERMS))
    fetched = fetch(site.url("/terms"), FAST, sleep=sleeps.append)
    assert fetched.content == TERMS and fetched.attempts == 2
    assert len(sleeps) == 1 and 0 <= sleeps[0] <= FAST.backoff_base  # full jitter, attempt 1


def test_a_lasting_503_fails_transient_and_says_after_how_many_attempts(
    site: Site, sleeps: list[float]
) -> None:
    site.route("/terms", reply(503, b"busy"))
    error = fetch_error(site.url("/terms"), sleeps=sleeps)
    assert error.cause == (
        "HTTP 503 Service Unavailable after 4 attempts: the site is down or under maintenance"
    )
    assert error.transient and error.status == 503 and error.attempts == 4
    assert len(site.seen) == 4 and len(sleeps) == 3


def test_503_retry_after_seconds_is_honoured(site: Site, sleeps: list[float]) -> None:
    site.route("/terms", reply(503, b"busy", {"Retry-After": "1"}), reply(200, TERMS))
    fetched = fetch(site.url("/terms"), FAST, sleep=sleeps.append)
    assert fetched.attempts == 2
    assert sleeps == [1.0]


def test_a_retry_after_beyond_backoff_max_is_left_to_the_next_run_and_kept_on_the_error(
    site: Site, sleeps: list[float]
) -> None:
    # Asking again after backoff_max would ignore what the server asked for.
    site.route("/terms", reply(429, b"slow down", {"Retry-After": "120"}))
    error = fetch_error(site.url("/terms"), replace(FAST, retries=1, backoff_max=2.0), sleeps)
    assert sleeps == [] and len(site.seen) == 1
    assert error.transient and error.status == 429 and error.retry_after == 120.0
    assert error.cause == (
        "HTTP 429 Too Many Requests after 1 attempt: the server limits how often we may ask;"
        " it asked us to come back in 2 min"
    )


def test_429_retry_after_as_an_http_date(site: Site, sleeps: list[float]) -> None:
    past = {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}
    site.route("/terms", reply(429, b"", past), reply(200, TERMS))
    assert fetch(site.url("/terms"), FAST, sleep=sleeps.append).attempts == 2
    assert sleeps == [0.0]  # a date in the past: go now


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (404, "Not Found: nothing is published at this address now (moved or removed?)"),
        (410, "Gone: the publisher says the page was removed for good"),
    ],
)
def test_404_and_410_are_permanent_and_not_retried(
    site: Site, sleeps: list[float], status: int, reason: str
) -> None:
    site.route("/terms", reply(status, b"no"))
    error = fetch_error(site.url("/terms"), sleeps=sleeps)
    head, hint = reason.split(": ")
    assert error.cause == f"HTTP {status} {head} after 1 attempt: {hint}"
    assert not error.transient and error.status == status and error.attempts == 1
    assert len(site.seen) == 1 and sleeps == []


def test_408_and_425_are_retried(site: Site) -> None:
    site.route("/terms", reply(408), reply(425), reply(200, TERMS))
    assert fetch(site.url("/terms"), FAST, sleep=lambda seconds: None).attempts == 3


# --- redirects -------------------------------------------------------------------------------


def test_redirects_are_followed_with_the_validators_to_the_final_url(site: Site) -> None:
    site.route("/old", redirect("/moved", 301))
    site.route("/moved", redirect(site.url("/terms?v=2#top"), 307))
    site.route("/terms?v=2", reply(200, TERMS))
    fetched = fetch(site.url("/old"), FAST, etag=ETAG)
    assert fetched.url == site.url("/terms?v=2")
    assert [seen.path for seen in site.seen] == ["/old", "/moved", "/terms?v=2"]
    assert site.seen[-1].headers["if-none-match"] == ETAG


def test_a_redirect_loop_is_named_as_such_at_its_first_repeat(site: Site) -> None:
    site.route("/a", redirect("/b"))
    site.route("/b", redirect("/a"))
    error = fetch_error(site.url("/a"), replace(FAST, max_redirects=3))
    a, b = site.url("/a"), site.url("/b")
    assert error.cause == (
        f"redirect loop ({a} → {b} → {a}) after 1 attempt:"
        " the address redirects in a circle and never reaches the document"
    )
    assert not error.transient
    assert len(site.seen) == 2


def test_a_redirect_chain_longer_than_max_redirects_is_too_many_redirects(site: Site) -> None:
    for hop in range(5):
        site.route(f"/r{hop}", redirect(f"/r{hop + 1}"))
    error = fetch_error(site.url("/r0"), replace(FAST, max_redirects=3))
    assert error.cause.startswith("too many redirects (more than 3) after 1 attempt: ")
    assert not error.transient
    assert len(site.seen) == 4  # the first request and three redirects


def test_a_redirect_to_ftp_is_refused(site: Site) -> None:
    site.route("/terms", redirect("ftp://files.example.jp/terms.pdf"))
    error = fetch_error(site.url("/terms"))
    assert error.cause == (
        "redirect to unsupported URL scheme 'ftp' (ftp://files.example.jp/terms.pdf)"
        " after 1 attempt: tracker fetches only http and https addresses"
    )
    assert not error.transient


REFUSE_PRIVATE = replace(FAST, refuse_private_redirects=True, retries=0)


def test_a_redirect_to_another_host_at_a_private_address_is_refused_when_asked(
    site: Site,
) -> None:
    # 127.0.0.1 is the configured host; `localhost` is another name, a loopback address too.
    elsewhere = site.url("/terms").replace("127.0.0.1", "localhost")
    site.route("/old", redirect(elsewhere, 301))
    site.route("/terms", reply(200, TERMS))
    error = fetch_error(site.url("/old"), REFUSE_PRIVATE)
    assert error.cause.startswith("redirect to a private address refused (localhost is at ")
    assert error.cause.endswith(
        "after 1 attempt: the publisher's site sent us into a private network;"
        ' tracker.toml says private_redirects = "refuse"'
    )
    assert not error.transient
    assert [seen.path for seen in site.seen] == ["/old"]  # never connected to the target
    assert fetch(site.url("/old"), FAST).url == elsewhere  # followed by default


def test_a_redirect_within_the_configured_host_is_followed_even_when_it_is_private(
    site: Site,
) -> None:
    site.route("/old", redirect("/terms", 301))
    site.route("/terms", reply(200, TERMS))
    assert fetch(site.url("/old"), REFUSE_PRIVATE).content == TERMS


def test_a_kept_alive_connection_to_a_private_host_is_refused_when_a_redirect_reuses_it(
    site: Site,
) -> None:
    from tracker.fetch.client import new_client

    elsewhere = site.url("/terms").replace("127.0.0.1", "localhost")
    site.route("/terms", reply(200, TERMS))
    site.route("/old", redirect(elsewhere, 302))
    with new_client(REFUSE_PRIVATE) as client:
        # Configured as such, localhost is trusted: its connection stays open in the pool …
        assert fetch(elsewhere, REFUSE_PRIVATE, client=client).content == TERMS
        # … and is not a way round the check when a redirect from another host leads there.
        with pytest.raises(FetchError) as caught:
            fetch(site.url("/old"), REFUSE_PRIVATE, client=client)
    assert caught.value.cause.startswith("redirect to a private address refused (localhost is at")
    assert [seen.path for seen in site.seen] == ["/terms", "/old"]


# --- credentials ---------------------------------------------------------------------------


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> FetchRequest:
    monkeypatch.setenv("TEST_TERMS_USER", "legal")
    monkeypatch.setenv("TEST_TERMS_PASSWORD", "s3cret:pa55")
    return FetchRequest("", username_env="TEST_TERMS_USER", password_env="TEST_TERMS_PASSWORD")


def fetch_as(request: FetchRequest, url: str) -> Fetched:
    ((_, outcome),) = fetch_many([replace(request, url=url)], FAST)
    if isinstance(outcome, FetchError):
        raise outcome
    return outcome


def test_credentials_from_the_environment_go_to_the_documents_own_origin_only(
    site: Site, credentials: FetchRequest
) -> None:
    site.route("/terms", reply(200, TERMS))
    site.route("/moved", redirect("/terms"))
    site.route("/away", redirect(site.url("/terms").replace("127.0.0.1", "localhost")))
    basic = "Basic " + base64.b64encode(b"legal:s3cret:pa55").decode()
    assert fetch_as(credentials, site.url("/moved")).content == TERMS
    assert [s.headers.get("authorization") for s in site.seen] == [basic, basic]
    assert fetch_as(credentials, site.url("/away")).content == TERMS
    assert [s.headers.get("authorization") for s in site.seen[2:]] == [basic, None]


def test_credentials_named_but_not_in_the_environment_fail_the_document_and_say_which(
    site: Site, credentials: FetchRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEST_TERMS_PASSWORD")
    site.route("/terms", reply(200, TERMS))
    with pytest.raises(FetchError) as caught:
        fetch_as(credentials, site.url("/terms"))
    assert caught.value.cause == (
        "environment variable TEST_TERMS_PASSWORD is not set after 1 attempt:"
        " tracker.toml names it for this document's credentials"
    )
    assert not caught.value.transient and site.seen == []


def test_a_password_in_a_url_is_used_but_never_shown(site: Site) -> None:
    site.route("/terms", reply(200, TERMS))
    site.route("/gone", reply(404))
    secret_url = site.url("/terms").replace("http://", "http://legal:s3cret@")
    fetched = fetch(secret_url, FAST)
    assert site.seen[0].headers["authorization"] == "Basic " + base64.b64encode(
        b"legal:s3cret"
    ).decode("ascii")
    assert fetched.url == site.url("/terms").replace("http://", "http://***@")
    error = fetch_error(secret_url.replace("/terms", "/gone"))
    assert "s3cret" not in str(error) and "http://***@127.0.0.1" in str(error)


def test_credentials_in_a_redirect_are_neither_sent_nor_kept(site: Site) -> None:
    site.route("/old", redirect(site.url("/terms").replace("http://", "http://u:leaked@")))
    site.route("/terms", reply(200, TERMS))
    fetched = fetch(site.url("/old"), FAST)
    assert fetched.url == site.url("/terms")
    assert "authorization" not in site.seen[1].headers


@pytest.mark.parametrize(
    ("url", "cause"),
    [
        ("ftp://example.jp/terms", "unsupported URL scheme 'ftp'"),
        ("http:///terms", "invalid URL (no host)"),
        ("terms.html", "not an http(s) URL"),
    ],
)
def test_urls_we_cannot_fetch_fail_permanently_without_a_request(url: str, cause: str) -> None:
    error = fetch_error(url)
    assert error.cause == f"{cause} after 1 attempt" and not error.transient


# --- bodies ----------------------------------------------------------------------------------


def test_a_gzip_body_is_decompressed(site: Site) -> None:
    site.route("/terms", reply(200, gzip.compress(TERMS), {"Content-Encoding": "gzip"}))
    assert fetch(site.url("/terms"), FAST).content == TERMS


def test_a_gzip_bomb_stops_at_max_bytes_after_decompression(site: Site) -> None:
    bomb = gzip.compress(bytes(10 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 20_000
    site.route("/terms", reply(200, bomb, {"Content-Encoding": "gzip"}))
    error = fetch_error(site.url("/terms"), replace(FAST, max_bytes=1024 * 1024))
    assert error.cause == (
        "body larger than 1048576 bytes after decompression after 1 attempt:"
        " a small compressed answer that expands past max_bytes (a decompression bomb?)"
    )
    assert not error.transient


def test_a_body_over_the_cap_is_refused(site: Site) -> None:
    site.route("/terms", reply(200, TERMS * 100))
    error = fetch_error(site.url("/terms"), replace(FAST, max_bytes=1000))
    assert error.cause == (
        f"body larger than 1000 bytes ({len(TERMS) * 100} announced) after 1 attempt:"
        " raise max_bytes in tracker.toml if the document is really this big"
    )
    assert not error.transient


def test_an_empty_200_is_a_permanent_error(site: Site) -> None:
    site.route("/terms", reply(200, b""))
    error = fetch_error(site.url("/terms"))
    assert (
        error.cause
        == "empty response after 1 attempt: the server answered HTTP 200 with no content"
    )
    assert not error.transient and error.status == 200


def test_a_pdf_served_as_octet_stream_is_typed_from_its_bytes(site: Site) -> None:
    pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
    site.route("/download", reply(200, pdf, {"Content-Type": "application/octet-stream"}))
    fetched = fetch(site.url("/download"), FAST)
    assert fetched.content_type == "application/pdf"
    assert fetched.headers["content-type"] == "application/octet-stream"


def test_markup_without_a_content_type_is_html_and_a_declared_type_is_kept(site: Site) -> None:
    page = "<!DOCTYPE html><html><body><p>第1条</p></body></html>".encode()
    site.route("/untyped", reply(200, page))
    site.route("/typed", reply(200, page, {"Content-Type": "text/plain; charset=utf-8"}))
    assert fetch(site.url("/untyped"), FAST).content_type == "text/html"
    assert fetch(site.url("/typed"), FAST).content_type == "text/plain; charset=utf-8"
