"""How long to wait before trying again: the server's Retry-After, else backoff with full jitter.

Full jitter (a uniform draw up to the exponential ceiling) keeps many failed fetches from
retrying in lock-step against the same struggling server.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from tracker.clock import system_clock
from tracker.fetch.failures import AttemptFailed
from tracker.fetch.policy import FetchPolicy


def backoff_delay(attempt: int, policy: FetchPolicy, rng: random.Random) -> float:
    """A random wait in [0, min(backoff_max, backoff_base * 2**(attempt - 1))].

    `attempt` is the 1-based number of the attempt that just failed.

    >>> policy = FetchPolicy(backoff_base=0.5, backoff_max=3.0)
    >>> [0 <= backoff_delay(n, policy, random.Random(n)) <= c for n, c in [(1, .5), (9, 3)]]
    [True, True]
    """
    # min() before the power would overflow float for a large attempt count.
    ceiling = policy.backoff_max if attempt > 60 else policy.backoff_base * 2 ** (attempt - 1)
    return rng.uniform(0, min(policy.backoff_max, ceiling))


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delay-seconds or an HTTP-date), or None.

    >>> retry_after_seconds("120"), retry_after_seconds("soon"), retry_after_seconds(None)
    (120.0, None, None)
    >>> now = datetime(2025, 4, 1, 12, 0, 0, tzinfo=UTC)
    >>> retry_after_seconds("Tue, 01 Apr 2025 12:00:30 GMT", now)
    30.0
    >>> retry_after_seconds("Tue, 01 Apr 2025 11:00:00 GMT", now)  # already past
    0.0
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive result means "-0000"
        when = when.replace(tzinfo=UTC)
    # The server's date is the world's: compared with the system clock, never a shifted one.
    now = now or system_clock()
    return max(0.0, (when - now).total_seconds())


def delay_before_retry(
    failure: AttemptFailed, attempt: int, policy: FetchPolicy, rng: random.Random
) -> float:
    """The wait before the next attempt; the server's wish wins but never beyond backoff_max."""
    if failure.retry_after is not None:
        return min(failure.retry_after, policy.backoff_max)
    return backoff_delay(attempt, policy, rng)
