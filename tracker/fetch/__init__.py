"""Fetch: HTTP GETs with explicit timeouts, a size cap enforced while streaming (also on the
decompressed size), conditional requests, retries for transient failures only, and politeness
per host. Failures are `FetchError`s that say whether trying again later may help.

policy    FetchPolicy, FetchRequest, Render, Fetched, is_url: plain data, no I/O
client    one attempt over httpx: redirects, deadline, errors classified by type and status
browser   the run's headless Chromium (Playwright), shared, a cap on pages open at once
page      one page rendered: loaded, its scripts run, its DOM kept; failures classified
body      gzip/deflate decoded by us in bounded steps; content type sniffed when generic
retry     Retry-After and exponential backoff with full jitter
politeness one request at a time per host, `host_delay` apart
run       fetch() and fetch_many(): the retry loop and the threads
"""

from __future__ import annotations

from tracker.fetch.policy import (
    DEFAULT_MAX_BYTES,
    USER_AGENT,
    Fetched,
    FetchPolicy,
    FetchRequest,
    Render,
    is_url,
)
from tracker.fetch.run import fetch, fetch_many

__all__ = [
    "DEFAULT_MAX_BYTES",
    "USER_AGENT",
    "FetchPolicy",
    "FetchRequest",
    "Fetched",
    "Render",
    "fetch",
    "fetch_many",
    "is_url",
]
