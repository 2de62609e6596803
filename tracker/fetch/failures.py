"""Why one attempt failed, before we know whether it was the last one.

An attempt raises `AttemptFailed`; the retry loop either tries again or turns it into the
`FetchError` the caller sees, whose message ends with how many attempts were made.
"""

from __future__ import annotations

from tracker.errors import FetchError

# Statuses where the same request may well succeed later (RFC 9110 and RFC 8470 for 425).
TRANSIENT_STATUSES = frozenset({408, 425, 429})
# Statuses whose Retry-After we honour; elsewhere it is rare and means little.
RETRY_AFTER_STATUSES = frozenset({429, 503})


def is_transient_status(status: int) -> bool:
    """
    >>> [is_transient_status(s) for s in (404, 408, 429, 500, 503)]
    [False, True, True, True, True]
    """
    return status in TRANSIENT_STATUSES or status >= 500


class AttemptFailed(Exception):
    """One request went wrong; `cause` says what, in words, without the URL."""

    def __init__(
        self,
        cause: str,
        *,
        transient: bool,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(cause)
        self.cause = cause
        self.transient = transient
        self.status = status
        self.retry_after = retry_after

    def to_error(self, url: str, attempts: int) -> FetchError:
        """The error to report once we stop trying.

        >>> str(AttemptFailed("HTTP 503 Service Unavailable", transient=True).to_error("u", 4))
        'u: HTTP 503 Service Unavailable after 4 attempts'
        """
        plural = "" if attempts == 1 else "s"
        return FetchError(
            url,
            f"{self.cause} after {attempts} attempt{plural}",
            transient=self.transient,
            status=self.status,
            retry_after=self.retry_after,
            attempts=attempts,
        )
