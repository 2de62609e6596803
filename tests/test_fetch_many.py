"""fetch_many(): order, isolation of failures, and politeness observed from the server side.

Two hosts are 127.0.0.1 and 127.0.0.2 (Linux routes all of 127.0.0.0/8 to loopback). Two ports
on one address would not do: politeness is keyed on the host name, port left out, since two
ports are the same machine.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from support.fetch import FAST, Seen, Site, reply

from tracker.errors import FetchError
from tracker.fetch import Fetched, FetchRequest, fetch_many

TERMS = "第1条（目的）".encode()


@pytest.fixture
def site() -> Iterator[Site]:
    with Site("127.0.0.1").running() as running:
        yield running


@pytest.fixture
def other_site() -> Iterator[Site]:
    with Site("127.0.0.2").running() as running:
        yield running


def test_results_come_in_request_order_and_failures_stay_with_their_url(site: Site) -> None:
    site.route("/a", reply(200, b"A"))
    site.route("/gone", reply(404))
    site.route("/b", reply(304))
    requests = [
        FetchRequest(site.url("/a"), key="doc-a"),
        FetchRequest(site.url("/gone"), key="doc-gone"),
        FetchRequest("ftp://example.jp/terms", key="doc-ftp"),
        FetchRequest(site.url("/b"), etag='"v1"', key="doc-b"),
    ]
    done: list[str | None] = []
    results = fetch_many(requests, FAST, on_done=lambda request, _: done.append(request.key))
    assert [request for request, _ in results] == requests
    a, gone, ftp, b = (outcome for _, outcome in results)
    assert isinstance(a, Fetched) and a.content == b"A"
    assert isinstance(gone, FetchError) and gone.status == 404
    assert isinstance(ftp, FetchError) and not ftp.transient
    assert isinstance(b, Fetched) and b.not_modified
    assert sorted(key or "" for key in done) == ["doc-a", "doc-b", "doc-ftp", "doc-gone"]


def test_no_requests_no_work() -> None:
    assert fetch_many([], FAST) == []


def test_one_host_is_asked_one_request_at_a_time_while_two_hosts_overlap(
    site: Site, other_site: Site
) -> None:
    slow = reply(200, TERMS, delay=0.2)
    for each in (site, other_site):
        for path in ("/1", "/2", "/3"):
            each.route(path, slow)
    requests = [
        FetchRequest(each.url(p)) for p in ("/1", "/2", "/3") for each in (site, other_site)
    ]
    policy = replace(FAST, host_delay=0.1, max_concurrency=4)
    results = fetch_many(requests, policy)
    assert all(isinstance(outcome, Fetched) for _, outcome in results)
    for each in (site, other_site):
        visits = sorted(each.seen, key=lambda seen: seen.started)
        assert len(visits) == 3
        for earlier, later in itertools.pairwise(visits):
            # Never overlapping, and at least host_delay apart (server-side clock).
            assert later.started - earlier.ended >= policy.host_delay - 0.01
    assert overlaps(site.seen, other_site.seen)


def test_max_concurrency_one_runs_hosts_one_after_the_other(site: Site, other_site: Site) -> None:
    for each in (site, other_site):
        each.route("/terms", reply(200, TERMS, delay=0.1))
    requests = [FetchRequest(site.url("/terms")), FetchRequest(other_site.url("/terms"))]
    fetch_many(requests, replace(FAST, max_concurrency=1))
    assert not overlaps(site.seen, other_site.seen)


def test_retry_waits_go_to_the_injected_sleep(site: Site) -> None:
    site.route("/terms", reply(503, headers={"Retry-After": "1"}), reply(200, TERMS))
    sleeps: list[float] = []
    [(_, outcome)] = fetch_many([FetchRequest(site.url("/terms"))], FAST, sleep=sleeps.append)
    assert isinstance(outcome, Fetched) and outcome.attempts == 2
    assert sleeps == [1.0]


def test_on_done_is_never_called_from_two_threads_at_once(site: Site, other_site: Site) -> None:
    for each in (site, other_site):
        each.route("/terms", reply(200, TERMS))
    inside = threading.Lock()
    calls: list[bool] = []

    def on_done(request: FetchRequest, outcome: Fetched | FetchError) -> None:
        calls.append(inside.acquire(blocking=False))
        threading.Event().wait(0.05)  # widen the window for an overlap
        inside.release()

    requests = [FetchRequest(each.url("/terms")) for each in (site, other_site)]
    fetch_many(requests, FAST, on_done=on_done)
    assert calls == [True, True]


def overlaps(these: list[Seen], those: list[Seen]) -> bool:
    return any(a.started < b.ended and b.started < a.ended for a in these for b in those)
