"""What a fetch may do (FetchPolicy), what to fetch (FetchRequest) and what came back (Fetched).

Plain frozen dataclasses with no I/O, so callers can build and store them without importing httpx.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker import __version__

# Placeholder until the repository is public: servers' operators read this to find who we are.
# No project URL: the tool has none of its own; operators add theirs with `contact`.
USER_AGENT = f"tracker/{__version__} (terms change tracker)"
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
SCHEMES = ("http", "https")
# A connect or total timeout left at this value is derived from `read_timeout`, so the one
# `timeout` in tracker.toml bounds a whole fetch (a trickle or a dropped SYN included), and the
# defaults stay 10 s and 120 s.
FROM_READ_TIMEOUT = -1.0
MAX_DERIVED_CONNECT_TIMEOUT = 10.0
TOTAL_PER_READ_TIMEOUT = 4.0
DEFAULT_RENDER_TIMEOUT = 30.0
DEFAULT_MAX_PAGES = 2


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and manners of fetching. Timeouts and delays are in seconds.

    `total_timeout` bounds one attempt: name lookups, connecting, TLS, redirects, the response
    head and the body (every socket wait is cut to what is left of it). Not given,
    `connect_timeout` is `read_timeout` capped at 10 s and `total_timeout` four times
    `read_timeout`.
    `retries` counts extra attempts after the first, for transient failures only.
    `refuse_private_redirects`: a redirect to another host whose address is loopback, private,
    link-local or otherwise not public fails the fetch instead of being followed.
    `host_delay` is the pause between the end of one request and the start of the next to the
    same host name (ports do not make another host: it is the same machine being asked).
    `max_pages` caps the pages open at once in the headless browser (each costs a renderer
    process), however many hosts are fetched concurrently.
    """

    connect_timeout: float = FROM_READ_TIMEOUT
    read_timeout: float = 30.0
    total_timeout: float = FROM_READ_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    refuse_private_redirects: bool = False
    user_agent: str = USER_AGENT
    contact: str | None = None
    retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    host_delay: float = 1.0
    max_concurrency: int = 8
    max_pages: int = DEFAULT_MAX_PAGES

    def __post_init__(self) -> None:
        """Derive the timeouts not given, then refuse a policy that cannot work.

        >>> policy = FetchPolicy(read_timeout=2.0)
        >>> policy.connect_timeout, policy.total_timeout, FetchPolicy().connect_timeout
        (2.0, 8.0, 10.0)
        """
        if self.connect_timeout == FROM_READ_TIMEOUT:
            connect = min(self.read_timeout, MAX_DERIVED_CONNECT_TIMEOUT)
            object.__setattr__(self, "connect_timeout", connect)
        if self.total_timeout == FROM_READ_TIMEOUT:
            object.__setattr__(self, "total_timeout", TOTAL_PER_READ_TIMEOUT * self.read_timeout)
        # Fail when the policy is built, not on the hundredth URL of a nightly run.
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"FetchPolicy.{name} must be > 0")
        for name in ("retries", "max_redirects", "backoff_base", "backoff_max", "host_delay"):
            if getattr(self, name) < 0:
                raise ValueError(f"FetchPolicy.{name} must be >= 0")
        if self.max_bytes < 1 or self.max_concurrency < 1 or self.max_pages < 1:
            raise ValueError("FetchPolicy.max_bytes, max_concurrency and max_pages must be >= 1")
        for name in ("user_agent", "contact"):
            value = getattr(self, name)
            if value is not None and not _is_header_safe(value):
                raise ValueError(f"FetchPolicy.{name} must be printable ASCII on one line")

    @property
    def user_agent_header(self) -> str:
        """The User-Agent sent: `user_agent`, with "; contact: …" when a contact is set.

        >>> FetchPolicy(user_agent="tracker/1 (x)", contact="ops@example.jp").user_agent_header
        'tracker/1 (x); contact: ops@example.jp'
        """
        if self.contact is None:
            return self.user_agent
        return f"{self.user_agent}; contact: {self.contact}"


@dataclass(frozen=True)
class Render:
    """Load the page in headless Chromium and keep the DOM its scripts built (for terms that a
    single-page app writes into an empty `<div id="root">`).

    The page is ready when `wait_for` (a CSS selector) matches, else when the network has been
    idle for half a second; `timeout` (seconds) bounds the whole page, load and scripts included.
    `timezone` is the zone the page's scripts see, so dates they write do not depend on the
    machine.
    """

    wait_for: str | None = None
    timeout: float = DEFAULT_RENDER_TIMEOUT
    timezone: str = "Asia/Tokyo"

    def __post_init__(self) -> None:
        if not self.timeout > 0:
            raise ValueError("Render.timeout must be > 0")


@dataclass(frozen=True)
class FetchRequest:
    """One URL to fetch, with the validators stored from its last fetch (if any) and where its
    credentials are, if it needs any.

    `key` is the caller's own id (a document id), handed back untouched with the result.
    `render` loads it in the headless browser instead of a plain GET; validators are then not
    sent (they describe the page's HTML, not what its scripts make of it).
    """

    url: str
    etag: str | None = None
    last_modified: str | None = None
    key: str | None = None
    render: Render | None = None
    # Names of the environment variables holding HTTP Basic credentials for `url`'s own
    # origin (never sent to another host a redirect leads to).
    username_env: str | None = None
    password_env: str | None = None


@dataclass(frozen=True)
class Fetched:
    """A successful fetch: a 2xx with a body, or a 304 to a conditional request.

    `url` is the final URL after redirects; `headers` has lower-case names; `content_type` is
    the header, or what the bytes show when the header is absent or generic; `etag` and
    `last_modified` are the validators to send next time; `elapsed` covers every attempt and
    the waits between them.
    """

    url: str
    status: int
    content: bytes
    content_type: str | None
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 1
    elapsed: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def is_url(source: str) -> bool:
    """Whether `source` names an http(s) URL rather than a file.

    >>> is_url("https://example.jp/terms"), is_url("HTTP://EXAMPLE.JP"), is_url("terms.html")
    (True, True, False)
    """
    return source[:8].lower().startswith(tuple(f"{scheme}://" for scheme in SCHEMES))


def redact_userinfo(url: str) -> str:
    """`url` with a user name and password replaced by `***`: what may be shown or stored.

    >>> redact_userinfo("https://legal:s3cret@example.jp/terms?a=b@c")
    'https://***@example.jp/terms?a=b@c'
    >>> redact_userinfo("https://example.jp/@terms"), redact_userinfo("terms.html")
    ('https://example.jp/@terms', 'terms.html')
    """
    scheme, separator, rest = url.partition("://")
    authority = rest[: min((i for i in map(rest.find, "/?#") if i >= 0), default=len(rest))]
    if not separator or "@" not in authority:
        return url
    return f"{scheme}://***@{authority.rpartition('@')[2]}{rest[len(authority) :]}"


def has_userinfo(url: str) -> bool:
    """Whether `url` carries a user name or password (`https://user:pass@host/`).

    >>> has_userinfo("https://u:p@example.jp/"), has_userinfo("https://example.jp/a@b")
    (True, False)
    """
    return redact_userinfo(url) != url


def _is_header_safe(value: str) -> bool:
    return value.isascii() and value.isprintable()
