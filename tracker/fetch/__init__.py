"""Fetch: one HTTP GET with explicit timeouts, a size cap enforced while streaming, and typed
errors that say whether trying again may help. httpx is imported only when a URL is fetched."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker import __version__
from tracker.errors import FetchError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
USER_AGENT = f"tracker/{__version__} (terms change tracker)"


@dataclass(frozen=True)
class FetchPolicy:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str | None
    headers: dict[str, str] = field(default_factory=dict)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _is_transient_status(status: int) -> bool:
    return status in (408, 425, 429) or status >= 500


def fetch(url: str, policy: FetchPolicy | None = None) -> Fetched:
    """GET `url`; raise FetchError on any failure, never a library exception."""
    import httpx

    policy = policy or FetchPolicy()
    timeout = httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout)
    headers = {"User-Agent": policy.user_agent, "Accept-Language": "ja,en;q=0.5"}
    try:
        with (
            httpx.Client(
                timeout=timeout,
                follow_redirects=True,
                max_redirects=policy.max_redirects,
                headers=headers,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(
                    url,
                    f"HTTP {response.status_code} {response.reason_phrase}",
                    transient=_is_transient_status(response.status_code),
                    status=response.status_code,
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > policy.max_bytes:
                    raise FetchError(
                        url, f"body larger than the {policy.max_bytes} byte cap", transient=False
                    )
            return Fetched(
                url=str(response.url),
                status=response.status_code,
                content=bytes(body),
                content_type=response.headers.get("content-type"),
                headers=dict(response.headers),
            )
    except httpx.TooManyRedirects:
        raise FetchError(url, "too many redirects", transient=False) from None
    except httpx.TimeoutException:
        raise FetchError(url, "timed out", transient=True) from None
    except httpx.UnsupportedProtocol:
        raise FetchError(url, "unsupported URL scheme", transient=False) from None
    except (httpx.TransportError, httpx.DecodingError) as error:
        raise FetchError(
            url, f"connection failed ({type(error).__name__})", transient=True
        ) from None
