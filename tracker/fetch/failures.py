"""Why one attempt failed, before we know whether it was the last one.

An attempt raises `AttemptFailed`; the retry loop either tries again or turns it into the
`FetchError` the caller sees: the technical cause, how many attempts were made, and a hint in
plain words for the compliance officer who reads the run report.
"""

from __future__ import annotations

from tracker.errors import FetchError

# Statuses where the same request may well succeed later (RFC 9110 and RFC 8470 for 425).
TRANSIENT_STATUSES = frozenset({408, 425, 429})
# Statuses whose Retry-After we honour; elsewhere it is rare and means little.
RETRY_AFTER_STATUSES = frozenset({429, 503})
CUT_SHORT = "the connection closed before the whole document arrived"
OVER_THE_CAP = "raise max_bytes in tracker.toml if the document is really this big"
# What a status means for the person reading the report, not for a web developer.
_STATUS_HINTS = {
    401: "the page asks for a login",
    403: "the server refuses us access (blocked, or behind a login?)",
    404: "nothing is published at this address now (moved or removed?)",
    410: "the publisher says the page was removed for good",
    429: "the server limits how often we may ask",
    500: "the publisher's server failed",
    502: "a gateway in front of the publisher's server failed",
    503: "the site is down or under maintenance",
    504: "a gateway in front of the publisher's server timed out",
}


def is_transient_status(status: int) -> bool:
    """
    >>> [is_transient_status(s) for s in (404, 408, 429, 500, 503)]
    [False, True, True, True, True]
    """
    return status in TRANSIENT_STATUSES or status >= 500


def status_hint(status: int, retry_after: float | None = None) -> str:
    """What an error status means, in plain words, with the wait the server asked for.

    >>> status_hint(404)
    'nothing is published at this address now (moved or removed?)'
    >>> status_hint(503, 7200.0)
    'the site is down or under maintenance; it asked us to come back in 2 h'
    >>> status_hint(418), status_hint(599)
    ('the server refused the request', "the publisher's server failed")
    """
    hint = _STATUS_HINTS.get(status)
    if hint is None:
        hint = _STATUS_HINTS[500] if status >= 500 else "the server refused the request"
    if retry_after is not None:
        hint += f"; it asked us to come back in {duration_words(retry_after)}"
    return hint


def duration_words(seconds: float) -> str:
    """
    >>> [duration_words(s) for s in (0.4, 45, 120, 5400, 86400)]
    ['0.4 s', '45 s', '2 min', '90 min', '24 h']
    """
    if seconds < 120:
        return f"{seconds:g} s"
    if seconds < 2 * 3600:
        return f"{round(seconds / 60)} min"
    return f"{round(seconds / 3600)} h"


class AttemptFailed(Exception):
    """One request went wrong; `cause` says what, technically, without the URL; `hint` what
    that means for the reader of a report, when the cause alone does not say."""

    def __init__(
        self,
        cause: str,
        *,
        transient: bool,
        status: int | None = None,
        retry_after: float | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(cause)
        self.cause = cause
        self.transient = transient
        self.status = status
        self.retry_after = retry_after
        self.hint = hint

    def to_error(self, url: str, attempts: int) -> FetchError:
        """The error to report once we stop trying.

        >>> str(AttemptFailed("HTTP 503 Service Unavailable", transient=True).to_error("u", 4))
        'u: HTTP 503 Service Unavailable after 4 attempts'
        >>> str(AttemptFailed("HTTP 410 Gone", transient=False, hint="removed").to_error("u", 1))
        'u: HTTP 410 Gone after 1 attempt: removed'
        """
        plural = "" if attempts == 1 else "s"
        hint = f": {self.hint}" if self.hint else ""
        return FetchError(
            url,
            f"{self.cause} after {attempts} attempt{plural}{hint}",
            transient=self.transient,
            status=self.status,
            retry_after=self.retry_after,
            attempts=attempts,
        )
