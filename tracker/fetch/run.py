"""fetch() and fetch_many(): attempts with retries, paced per host, many hosts at once.

httpx is imported by the first fetch, not by `import tracker.fetch`, so commands that read only
local files start fast; the headless browser (asyncio, Playwright) only by a request to render.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from tracker.errors import FetchError
from tracker.fetch.failures import AttemptFailed
from tracker.fetch.policy import Fetched, FetchPolicy, FetchRequest, Render, redact_userinfo
from tracker.fetch.politeness import HostPacer, host_of
from tracker.fetch.retry import delay_before_retry

if TYPE_CHECKING:
    import httpx

    from tracker.fetch.browser import SharedBrowser

Sleep = Callable[[float], None]
Outcome = Fetched | FetchError
OnDone = Callable[[FetchRequest, Outcome], None]


def fetch(
    url: str,
    policy: FetchPolicy | None = None,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    sleep: Sleep = time.sleep,
    client: httpx.Client | None = None,
    render: Render | None = None,
) -> Fetched:
    """GET `url` with retries for transient failures; raise FetchError when it cannot be had.

    `etag` / `last_modified` make the request conditional (a 304 gives `not_modified`).
    `sleep` is every wait (backoff, Retry-After, host delay); `client` lets a caller share one
    (made by `tracker.fetch.client.new_client`, whose sockets are held to each deadline).
    `render` loads the page in headless Chromium instead (tracker/fetch/browser.py).
    """
    policy = policy or FetchPolicy()
    request = FetchRequest(url, etag=etag, last_modified=last_modified, render=render)
    pacer = HostPacer(policy.host_delay, sleep=sleep)
    with _tools(policy, [request], client, None) as (own_client, browser):
        return _fetch_with_retries(
            own_client, browser, request, policy, pacer, sleep, random.Random()
        )


def fetch_many(
    requests: Sequence[FetchRequest],
    policy: FetchPolicy | None = None,
    *,
    on_done: OnDone | None = None,
    sleep: Sleep = time.sleep,
    client: httpx.Client | None = None,
    browser: SharedBrowser | None = None,
) -> list[tuple[FetchRequest, Outcome]]:
    """Fetch every request; results come back in the order of `requests`.

    Hosts are fetched concurrently (at most `max_concurrency` at once); the URLs of one host go
    one after the other, `host_delay` apart. A URL's failure is its result, never an exception.
    `on_done` is called as each URL finishes, from worker threads but never two at once.
    Requests to `render` share one headless browser (`browser`, else one started for them).
    """
    policy = policy or FetchPolicy()
    if not requests:
        return []
    with _tools(policy, requests, client, browser) as (own_client, own_browser):
        return _run_lanes(own_client, own_browser, requests, policy, on_done, sleep)


@contextmanager
def _tools(
    policy: FetchPolicy,
    requests: Sequence[FetchRequest],
    client: httpx.Client | None,
    browser: SharedBrowser | None,
) -> Iterator[tuple[httpx.Client, SharedBrowser | None]]:
    """The caller's client, else one of ours; the caller's browser, else one of ours when a
    request needs it. Ours are closed on the way out."""
    with ExitStack() as own:
        if client is None:
            from tracker.fetch.client import new_client

            client = own.enter_context(new_client(policy))
        if browser is None and any(request.render for request in requests):
            from tracker.fetch.browser import SharedBrowser

            browser = own.enter_context(SharedBrowser(policy))
        yield client, browser


def _run_lanes(
    client: httpx.Client,
    browser: SharedBrowser | None,
    requests: Sequence[FetchRequest],
    policy: FetchPolicy,
    on_done: OnDone | None,
    sleep: Sleep,
) -> list[tuple[FetchRequest, Outcome]]:
    # One lane per host, run by one thread: URLs of a host never wait on a pool slot that
    # another host's URL holds, and a busy host cannot take every thread.
    lanes: dict[str, list[int]] = {}
    for index, request in enumerate(requests):
        lanes.setdefault(host_of(request.url), []).append(index)
    pacer = HostPacer(policy.host_delay, sleep=sleep)
    outcomes: list[Outcome | None] = [None] * len(requests)
    report_lock = threading.Lock()

    def run_lane(indices: list[int]) -> None:
        rng = random.Random()  # per thread: Random is not documented as thread-safe
        for index in indices:
            request = requests[index]
            outcome: Outcome
            try:
                outcome = _fetch_with_retries(client, browser, request, policy, pacer, sleep, rng)
            except FetchError as error:
                outcome = error
            outcomes[index] = outcome
            if on_done is not None:
                with report_lock:
                    on_done(request, outcome)

    workers = min(policy.max_concurrency, len(lanes))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
        for future in [pool.submit(run_lane, indices) for indices in lanes.values()]:
            future.result()  # re-raises what on_done raised, once every lane has run
    return [(request, _done(outcome)) for request, outcome in zip(requests, outcomes, strict=True)]


def _done(outcome: Outcome | None) -> Outcome:
    assert outcome is not None, "every lane fills each of its slots"
    return outcome


def _fetch_with_retries(
    client: httpx.Client,
    browser: SharedBrowser | None,
    request: FetchRequest,
    policy: FetchPolicy,
    pacer: HostPacer,
    sleep: Sleep,
    rng: random.Random,
) -> Fetched:
    from tracker.fetch.client import fetch_once

    host = host_of(request.url)
    started: float | None = None
    attempts = 0
    while True:
        attempts += 1
        # Backoff is slept inside the turn: a host that just failed is not asked for another
        # of its URLs meanwhile, and Retry-After then holds for the whole host.
        with pacer.turn(host):
            if started is None:
                started = time.monotonic()
            try:
                if request.render is not None:
                    assert browser is not None, "_tools starts one for a request to render"
                    fetched = browser.render(request, policy)
                else:
                    fetched = fetch_once(client, request, policy)
            except AttemptFailed as failure:
                if (
                    not failure.transient
                    or attempts > policy.retries
                    or _wants_later(failure, policy)
                ):
                    url = redact_userinfo(request.url)  # errors are shown and stored
                    raise failure.to_error(url, attempts) from failure
                sleep(delay_before_retry(failure, attempts, policy, rng))
                continue
        return replace(fetched, attempts=attempts, elapsed=time.monotonic() - started)


def _wants_later(failure: AttemptFailed, policy: FetchPolicy) -> bool:
    """Whether the server asked (Retry-After) for a longer wait than we would sleep: asking
    again sooner ignores the request and holds the host's lane, so the next run tries."""
    return failure.retry_after is not None and failure.retry_after > policy.backoff_max
