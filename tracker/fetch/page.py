"""One page in headless Chromium: load it, let its scripts build the agreement, keep the DOM.

Every way this goes wrong becomes an `AttemptFailed`, as a plain GET's failures do: the page's
address cannot be reached (Chromium's `net::ERR_…` code, read from the failed navigation
request), an HTTP error status, a page that is not a web page, a script that throws, a page that
is never ready within its budget. A page is ready when `Render.wait_for` matches; without it,
when the network has been idle for half a second and no script failed — with nothing to say
that the agreement is there, a script error cannot be told harmless, so it fails the fetch
rather than risk half a page becoming a version.

Imported only once Playwright is known to be installed (tracker/fetch/browser.py).
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from http import HTTPStatus

from playwright.async_api import Browser, Page, Request, Route
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from tracker.fetch.failures import (
    OVER_THE_CAP,
    RETRY_AFTER_STATUSES,
    AttemptFailed,
    duration_words,
    is_transient_status,
    status_hint,
)
from tracker.fetch.policy import Fetched, FetchPolicy, FetchRequest, Render
from tracker.fetch.retry import retry_after_seconds

# The rendered DOM is serialised as UTF-8 whatever the page declared in its <meta charset>
# (which the DOM keeps): the BOM says so to anything that reads the snapshot file later.
RENDERED_TYPE = "text/html; charset=utf-8"
BOM = "\ufeff".encode()
HTML_TYPES = ("text/html", "application/xhtml+xml")
# What a text-reading page never needs: fewer requests to the publisher, less work per page.
SKIPPED_RESOURCES = frozenset({"image", "media", "font"})
MAX_SCRIPT_ERROR = 200  # characters of a script's error message kept in the cause

NEEDS_NO_BROWSER = 'no browser is needed to read it: remove render = "browser"'
WAIT_FOR_INSTEAD = (
    "if the error does not concern the agreement, set wait_for to a selector of it: tracker "
    "then waits for that instead"
)
# Chromium's network error codes (net/base/net_error_list.h) → what the report says.
_NET_ERRORS: dict[str, tuple[str, bool, str | None]] = {
    "ERR_CONNECTION_REFUSED": (
        "connection refused",
        True,
        "nothing answers at this address (down?)",
    ),
    "ERR_NAME_NOT_RESOLVED": (
        "host name could not be resolved",
        True,
        "the domain does not exist (any more?) or DNS failed",
    ),
    "ERR_CONNECTION_RESET": (
        "connection reset by the server",
        True,
        "the server broke off the answer (overloaded or restarting?)",
    ),
    "ERR_CONNECTION_CLOSED": ("connection closed by the server", True, None),
    "ERR_EMPTY_RESPONSE": (
        "no valid HTTP response",
        True,
        "the server closed the connection without answering",
    ),
    "ERR_CONNECTION_TIMED_OUT": (
        "connect timed out",
        True,
        "the server did not accept a connection (down, or a firewall drops us?)",
    ),
    "ERR_TIMED_OUT": ("timed out", True, "the server stopped answering"),
    "ERR_TOO_MANY_REDIRECTS": (
        "too many redirects",
        False,
        "the address sends us on from page to page without reaching the document",
    ),
    "ERR_UNSAFE_PORT": ("Chromium refuses to connect to this port", False, None),
    "ERR_INVALID_URL": ("invalid URL", False, None),
    # Chromium stops a navigation that downloads a file or answers 204 No Content.
    "ERR_ABORTED": (
        "the browser did not open the page (a download, or an answer with no content?)",
        False,
        None,
    ),
}


@dataclass
class _Watch:
    """What the page did while it loaded: uncaught script errors, and why its own navigation
    failed (Chromium's error code), if it did."""

    errors: list[str] = field(default_factory=list)
    navigation_failure: str | None = None

    def attach(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.errors.append(_one_line(error)))

        def on_failed(request: Request) -> None:
            if request.is_navigation_request() and request.frame == page.main_frame:
                self.navigation_failure = request.failure

        page.on("requestfailed", on_failed)


async def render_page(
    browser: Browser,
    request: FetchRequest,
    policy: FetchPolicy,
    *,
    user_agent: str,
) -> Fetched:
    """Load `request.url` in a fresh context of `browser` (no cookies or storage shared with
    other pages) and return the rendered HTML; raise AttemptFailed on any failure."""
    render = request.render or Render()
    deadline = time.monotonic() + render.timeout
    context = await browser.new_context(
        user_agent=user_agent,
        locale="ja-JP",
        timezone_id=render.timezone,
        service_workers="block",
        accept_downloads=False,
    )
    try:
        await context.route("**/*", _skip_media)
        page = await context.new_page()
        watch = _Watch()
        watch.attach(page)
        status, headers = await _load(page, request.url, render, watch, deadline)
        if render.wait_for is not None:
            await _wait_for(page, render, watch, deadline)
        elif watch.errors:
            raise _script_failed(watch, hint=WAIT_FOR_INSTEAD)
        html = await _content(page)
        url = page.url
    finally:
        with contextlib.suppress(PlaywrightError):  # a crashed page: its failure says more
            await context.close()
    content = BOM + html.encode("utf-8", errors="replace")
    if len(content) > policy.max_bytes:
        raise AttemptFailed(
            f"rendered page larger than {policy.max_bytes} bytes",
            transient=False,
            hint=OVER_THE_CAP,
        )
    return Fetched(
        url=url, status=status, content=content, content_type=RENDERED_TYPE, headers=headers
    )


async def _skip_media(route: Route) -> None:
    if route.request.resource_type in SKIPPED_RESOURCES:
        await route.abort()
    else:
        await route.continue_()


async def _load(
    page: Page, url: str, render: Render, watch: _Watch, deadline: float
) -> tuple[int, dict[str, str]]:
    """Navigate; check the answer as soon as it arrives (an error status or a PDF needs no
    waiting); then wait for the page's first readiness. Returns the main response's status
    and headers (lower-case names)."""
    try:
        response = await page.goto(url, wait_until="commit", timeout=_ms_left(deadline))
    except PlaywrightTimeout:
        raise _not_ready(render, "no answer from the server") from None
    except PlaywrightError:
        raise _navigation_failure(watch.navigation_failure) from None
    if response is None:
        raise AttemptFailed("the browser received no response for the page", transient=True)
    headers = await response.all_headers()
    if not 200 <= response.status < 300:
        raise _status_failure(response.status, headers.get("retry-after"))
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type and media_type not in HTML_TYPES:
        raise AttemptFailed(
            f"not a web page ({media_type})",
            transient=False,
            hint=NEEDS_NO_BROWSER,
        )
    try:
        # Without wait_for: ready once no request has been in flight for 500 ms.
        await page.wait_for_load_state(
            "domcontentloaded" if render.wait_for is not None else "networkidle",
            timeout=_ms_left(deadline),
        )
    except PlaywrightTimeout:
        if watch.errors:
            raise _script_failed(watch, hint=WAIT_FOR_INSTEAD) from None
        raise _not_ready(render, "the page kept loading") from None
    return response.status, headers


async def _wait_for(page: Page, render: Render, watch: _Watch, deadline: float) -> None:
    assert render.wait_for is not None
    try:
        await page.wait_for_selector(
            f"css={render.wait_for}", state="attached", timeout=_ms_left(deadline)
        )
    except PlaywrightTimeout:
        missing = f"wait_for {render.wait_for!r} never matched"
        if watch.errors:
            raise _script_failed(watch, hint=missing) from None
        raise _not_ready(render, missing) from None
    except PlaywrightError:
        # soupsieve accepted the selector when the configuration was read; Chromium did not.
        raise AttemptFailed(
            f"wait_for {render.wait_for!r} is not a selector Chromium understands",
            transient=False,
            hint="use plain CSS in wait_for",
        ) from None


async def _content(page: Page) -> str:
    try:
        return await page.content()
    except PlaywrightError:
        # A script navigated away (a redirect in JavaScript) while the DOM was being read.
        raise AttemptFailed(
            "the page navigated away while it was being read", transient=True
        ) from None


def _ms_left(deadline: float) -> float:
    """Milliseconds left before `deadline`; at least 1, since Playwright reads 0 as no limit."""
    return max(1.0, (deadline - time.monotonic()) * 1000)


def _one_line(error: PlaywrightError) -> str:
    text = f"{error.name}: {error.message}" if error.name else error.message
    text = " ".join(text.split())
    return text if len(text) <= MAX_SCRIPT_ERROR else text[: MAX_SCRIPT_ERROR - 1] + "…"


def _script_failed(watch: _Watch, *, hint: str) -> AttemptFailed:
    more = f" (and {len(watch.errors) - 1} more)" if len(watch.errors) > 1 else ""
    return AttemptFailed(
        f"a script of the page failed: {watch.errors[0]}{more}", transient=False, hint=hint
    )


def _not_ready(render: Render, what: str) -> AttemptFailed:
    return AttemptFailed(
        f"the page was not ready within {duration_words(render.timeout)} ({what})",
        transient=True,
        hint=(
            "raise render_timeout if the page is only slow"
            if render.wait_for is not None
            else "set wait_for to a selector of the agreement, so tracker knows when it is "
            "there without waiting for the network to fall quiet"
        ),
    )


def _navigation_failure(code: str | None) -> AttemptFailed:
    name = (code or "").removeprefix("net::")
    if name in _NET_ERRORS:
        cause, transient, hint = _NET_ERRORS[name]
        return AttemptFailed(cause, transient=transient, hint=hint)
    if name.startswith("ERR_CERT_"):
        return AttemptFailed(f"TLS certificate verification failed ({name})", transient=False)
    if name.startswith("ERR_SSL_"):
        return AttemptFailed(f"TLS handshake failed ({name})", transient=True)
    return AttemptFailed(
        f"the browser could not load the page ({name or 'no error code'})", transient=True
    )


def _status_failure(status: int, retry_after_header: str | None) -> AttemptFailed:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    retry_after = None
    if status in RETRY_AFTER_STATUSES:
        retry_after = retry_after_seconds(retry_after_header)
    return AttemptFailed(
        f"HTTP {status} {reason}".rstrip(),
        transient=is_transient_status(status),
        status=status,
        retry_after=retry_after,
        hint=status_hint(status, retry_after),
    )
