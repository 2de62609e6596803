"""One attempt at one URL over httpx: redirects, conditional headers, the total deadline, and
every failure turned into an `AttemptFailed` by exception type and status code.

Redirects are followed here, hop by hop, so each target's scheme is checked and the total
deadline covers the whole chain: every socket wait of the attempt (name lookup, connecting,
TLS, the response head, the body) ends by it (`tracker.fetch.network`).
"""

from __future__ import annotations

import base64
import os
import socket
import ssl
import time
from collections.abc import Callable

import httpx

from tracker.fetch.body import ACCEPT_ENCODING, BodyReader, content_type_of
from tracker.fetch.failures import (
    CUT_SHORT,
    OVER_THE_CAP,
    RETRY_AFTER_STATUSES,
    AttemptFailed,
    duration_words,
    is_transient_status,
    status_hint,
)
from tracker.fetch.network import LookupTimedOut, PrivateAddressRefused, bound, exchange
from tracker.fetch.policy import SCHEMES, Fetched, FetchPolicy, FetchRequest, redact_userinfo
from tracker.fetch.retry import retry_after_seconds

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5"
ACCEPT_LANGUAGE = "ja,en;q=0.5"


def new_client(policy: FetchPolicy) -> httpx.Client:
    """A client sized for `policy.max_concurrency`, its sockets held to each attempt's
    deadline; the caller closes it."""
    client = httpx.Client(
        timeout=_timeout(policy, policy.total_timeout),
        follow_redirects=False,
        limits=httpx.Limits(
            max_connections=policy.max_concurrency,
            max_keepalive_connections=policy.max_concurrency,
        ),
    )
    return bound(client)


def fetch_once(
    client: httpx.Client,
    request: FetchRequest,
    policy: FetchPolicy,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> Fetched:
    """GET `request.url` once, following redirects; raise AttemptFailed on any failure."""
    deadline = clock() + policy.total_timeout
    socket_deadline = time.monotonic() + policy.total_timeout  # the sockets' own clock
    url = _checked_url(request.url, redirected=False)
    headers = _request_headers(request, policy)
    authorization = _authorization(request)
    visited = [url]
    for _hop in range(policy.max_redirects + 1):
        remaining = deadline - clock()
        if remaining <= 0:
            raise _past_deadline(policy)
        timeout = _timeout(policy, remaining)
        # The configured host is trusted whatever its address; a host a redirect names is not.
        refuse = policy.refuse_private_redirects and url.host != visited[0].host
        hop_headers = dict(headers)
        if authorization and _same_origin(url, visited[0]):  # credentials go home only
            hop_headers[b"Authorization"] = authorization
        with exchange(socket_deadline, guarded_host=url.host if refuse else None):
            try:
                sent = client.build_request("GET", url, headers=hop_headers, timeout=timeout)
                response = client.send(sent, stream=True, follow_redirects=False)
            except httpx.TransportError as error:
                late = clock() >= deadline
                raise _transport_failure(error, policy, in_body=False, late=late) from error
            try:
                target = _redirect_target(response)
                if target is None:
                    return _read(response, request, policy, deadline, clock)
            except httpx.TransportError as error:
                late = clock() >= deadline
                raise _transport_failure(error, policy, in_body=True, late=late) from error
            finally:
                response.close()
        if target in visited:
            raise _redirect_loop([*visited[visited.index(target) :], target])
        url = target
        visited.append(url)
    raise AttemptFailed(
        f"too many redirects (more than {policy.max_redirects})",
        transient=False,
        hint="the address sends us on from page to page without reaching the document",
    )


def _redirect_loop(cycle: list[httpx.URL]) -> AttemptFailed:
    return AttemptFailed(
        "redirect loop (" + " → ".join(redact_userinfo(str(url)) for url in cycle) + ")",
        transient=False,
        hint="the address redirects in a circle and never reaches the document",
    )


def _timeout(policy: FetchPolicy, remaining: float) -> httpx.Timeout:
    # No single wait may outlast what is left of the total budget.
    connect = min(policy.connect_timeout, remaining)
    read = min(policy.read_timeout, remaining)
    return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)


def _request_headers(request: FetchRequest, policy: FetchPolicy) -> dict[bytes, bytes]:
    headers = {
        b"User-Agent": policy.user_agent_header.encode(),
        b"Accept": ACCEPT.encode(),
        b"Accept-Language": ACCEPT_LANGUAGE.encode(),
        b"Accept-Encoding": ACCEPT_ENCODING.encode(),
    }
    # Validators go back as the server sent them. Bytes, because a stored ETag may hold
    # non-ASCII that httpx would refuse to encode from a str.
    if request.etag:
        headers[b"If-None-Match"] = request.etag.encode()
    if request.last_modified:
        headers[b"If-Modified-Since"] = request.last_modified.encode()
    return headers


def _authorization(request: FetchRequest) -> bytes | None:
    """The HTTP Basic credentials named by the request, read from the environment now."""
    if not (request.username_env or request.password_env):
        return None
    values = []
    for name in (request.username_env, request.password_env):
        value = os.environ.get(name, "") if name else ""
        if name and not value:
            raise AttemptFailed(
                f"environment variable {name} is not set",
                transient=False,
                hint="tracker.toml names it for this document's credentials",
            )
        values.append(value)
    token = base64.b64encode(":".join(values).encode("utf-8"))
    return b"Basic " + token


def _same_origin(url: httpx.URL, origin: httpx.URL) -> bool:
    return (url.scheme, url.host, url.port) == (origin.scheme, origin.host, origin.port)


def _checked_url(url: str | httpx.URL, *, redirected: bool) -> httpx.URL:
    where = "redirect to " if redirected else ""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise AttemptFailed(f"{where}invalid URL ({error})", transient=False) from error
    if not parsed.scheme:
        raise AttemptFailed(f"{where}not an http(s) URL", transient=False)
    if parsed.scheme not in SCHEMES:
        target = f" ({parsed})" if redirected else ""
        raise AttemptFailed(
            f"{where}unsupported URL scheme {parsed.scheme!r}{target}",
            transient=False,
            hint="tracker fetches only http and https addresses" if redirected else None,
        )
    if not parsed.host:
        raise AttemptFailed(f"{where}invalid URL (no host)", transient=False)
    return parsed


def _redirect_target(response: httpx.Response) -> httpx.URL | None:
    """Where a redirect points, checked; None when `response` is not a redirect."""
    location = response.headers.get("location")
    if response.status_code not in REDIRECT_STATUSES or location is None:
        return None
    try:
        target = response.url.join(location)
    except httpx.InvalidURL as error:
        raise AttemptFailed(f"redirect to invalid URL ({error})", transient=False) from error
    # Credentials a server writes into a Location are neither used nor kept.
    return _checked_url(target.copy_with(fragment=None, userinfo=b""), redirected=True)


def _read(
    response: httpx.Response,
    request: FetchRequest,
    policy: FetchPolicy,
    deadline: float,
    clock: Callable[[], float],
) -> Fetched:
    status = response.status_code
    headers = dict(response.headers)
    if status == 304 and (request.etag or request.last_modified):
        # A 304 may omit the validators; the ones we sent are still the current ones.
        return Fetched(
            url=redact_userinfo(str(response.url)),
            status=304,
            content=b"",
            content_type=headers.get("content-type"),
            headers=headers,
            etag=headers.get("etag", request.etag),
            last_modified=headers.get("last-modified", request.last_modified),
        )
    if not 200 <= status < 300:
        raise _status_failure(response)
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        # Refuse before reading: the server told us it is too big.
        raise AttemptFailed(
            f"body larger than {policy.max_bytes} bytes ({declared} announced)",
            transient=False,
            hint=OVER_THE_CAP,
        )
    reader = BodyReader(headers.get("content-encoding"), max_bytes=policy.max_bytes)
    for chunk in response.iter_raw():
        # Read timeouts reset on every byte; only this check stops a slow trickle.
        if clock() > deadline:
            raise _past_deadline(policy)
        reader.feed(chunk)
    content = reader.finish()
    if not content:
        raise AttemptFailed(
            "empty response",
            transient=False,
            status=status,
            hint=f"the server answered HTTP {status} with no content",
        )
    url = redact_userinfo(str(response.url))
    return Fetched(
        url=url,
        status=status,
        content=content,
        content_type=content_type_of(headers.get("content-type"), content, url),
        headers=headers,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
    )


def _status_failure(response: httpx.Response) -> AttemptFailed:
    status = response.status_code
    # The standard phrase, not the server's: some send whole HTML pages as reason phrases.
    reason = httpx.codes.get_reason_phrase(status) or response.reason_phrase
    retry_after = None
    if status in RETRY_AFTER_STATUSES:
        retry_after = retry_after_seconds(response.headers.get("retry-after"))
    return AttemptFailed(
        f"HTTP {status} {reason}".rstrip(),
        transient=is_transient_status(status),
        status=status,
        retry_after=retry_after,
        hint=status_hint(status, retry_after),
    )


def _past_deadline(policy: FetchPolicy) -> AttemptFailed:
    return AttemptFailed(
        f"took longer than the total timeout of {duration_words(policy.total_timeout)}",
        transient=True,
        hint="the server sends the document too slowly",
    )


_TIMEOUT_KINDS: tuple[tuple[type[httpx.TimeoutException], str, str, str | None], ...] = (
    (
        httpx.ConnectTimeout,
        "connect",
        "connect_timeout",
        "the server did not accept a connection (down, or a firewall drops us?)",
    ),
    (httpx.ReadTimeout, "read", "read_timeout", "the server stopped answering"),
    (httpx.WriteTimeout, "write", "read_timeout", None),
    (httpx.PoolTimeout, "waiting for a free connection", "connect_timeout", None),
)


def _transport_failure(
    error: httpx.TransportError, policy: FetchPolicy, *, in_body: bool, late: bool
) -> AttemptFailed:
    """Classify a transport error by its type and the OS error beneath it (never its text).

    `in_body` says whether the response head had arrived; `late` whether the total deadline
    had passed, in which case our clamped timeout, not the server's silence, is to blame.
    """
    if isinstance(error, httpx.TimeoutException):
        if isinstance(_os_error_beneath(error), LookupTimedOut):
            limit = policy.total_timeout if late else policy.connect_timeout
            return AttemptFailed(
                f"host name lookup timed out (after {duration_words(limit)})",
                transient=True,
                hint="the DNS resolver did not answer",
            )
        if late:
            return _past_deadline(policy)
        for kind, what, setting, hint in _TIMEOUT_KINDS:
            if isinstance(error, kind):
                limit = getattr(policy, setting)
                return AttemptFailed(
                    f"{what} timed out (after {limit:g} s)", transient=True, hint=hint
                )
        return AttemptFailed("timed out", transient=True)
    if isinstance(error, httpx.UnsupportedProtocol):
        return AttemptFailed("unsupported URL scheme", transient=False)
    if isinstance(error, httpx.LocalProtocolError):
        return AttemptFailed("the request could not be sent (invalid header?)", transient=False)
    if isinstance(error, httpx.RemoteProtocolError):
        # In the body this is h11 seeing the connection close before Content-Length (or the
        # last chunk) arrived.
        if in_body:
            return AttemptFailed("truncated body", transient=True, hint=CUT_SHORT)
        return AttemptFailed(
            "no valid HTTP response",
            transient=True,
            hint="the server closed the connection without answering",
        )
    if isinstance(error, httpx.ConnectError):
        return _connect_failure(_os_error_beneath(error))
    os_error = _os_error_beneath(error)
    if isinstance(os_error, ConnectionResetError):
        return AttemptFailed(
            "connection reset by the server",
            transient=True,
            hint="the server broke off the answer (overloaded or restarting?)",
        )
    if isinstance(error, httpx.ReadError):
        return AttemptFailed("connection lost while reading", transient=True)
    if isinstance(error, httpx.WriteError):
        return AttemptFailed("connection lost while sending the request", transient=True)
    return AttemptFailed(f"network error ({type(error).__name__})", transient=True)


def _connect_failure(os_error: OSError | None) -> AttemptFailed:
    if isinstance(os_error, PrivateAddressRefused):
        return AttemptFailed(
            f"redirect to a private address refused ({os_error.host} is at {os_error.address})",
            transient=False,
            hint="the publisher's site sent us into a private network; tracker.toml says"
            ' private_redirects = "refuse"',
        )
    if isinstance(os_error, ConnectionRefusedError):
        return AttemptFailed(
            "connection refused", transient=True, hint="nothing answers at this address (down?)"
        )
    if isinstance(os_error, socket.gaierror):
        return AttemptFailed(
            "host name could not be resolved",
            transient=True,
            hint="the domain does not exist (any more?) or DNS failed",
        )
    if isinstance(os_error, ssl.SSLCertVerificationError):
        # A bad certificate stays bad until someone fixes it; retrying within seconds is noise.
        return AttemptFailed("TLS certificate verification failed", transient=False)
    if isinstance(os_error, ssl.SSLError):
        return AttemptFailed("TLS handshake failed", transient=True)
    return AttemptFailed("could not connect", transient=True)


def _os_error_beneath(error: BaseException) -> OSError | None:
    """The OSError that httpx and httpcore wrapped (each re-raises `from` the one below)."""
    cause: BaseException | None = error
    for _depth in range(8):  # the chain is two links deep today; bound it anyway
        if cause is None:
            return None
        if isinstance(cause, OSError):
            return cause
        cause = cause.__cause__ or cause.__context__
    return None
