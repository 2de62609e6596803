"""Politeness: one request at a time per host, with a pause between two requests to it.

Terms pages often sit on one corporate host; hammering it in parallel is how a tracker gets
blocked (Open Terms Archive saw 403s when it ran jobs concurrently).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit


def host_of(url: str) -> str:
    """The host name that politeness is keyed on: lower case, without port or credentials.

    Two ports are one machine, and http→https redirects are the norm, so the port is left out.

    >>> host_of("https://User@Example.JP:8443/terms"), host_of("not a url")
    ('example.jp', '')
    """
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # e.g. an unbalanced "[" in the netloc; the fetch itself will refuse it
        return ""


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_allowed: float = 0.0  # clock() value before which the host must not be asked again


class HostPacer:
    """Thread-safe per-host turns: `with pacer.turn(host): ...` holds the host exclusively,
    after waiting until `delay` seconds have passed since the previous turn on it ended."""

    def __init__(
        self,
        delay: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._delay = delay
        self._sleep = sleep
        self._clock = clock
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()  # guards the dict, never held while waiting

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        with self._hosts_lock:
            state = self._hosts.setdefault(host, _Host())
        with state.lock:
            wait = state.next_allowed - self._clock()
            if wait > 0:
                self._sleep(wait)
            try:
                yield
            finally:
                state.next_allowed = self._clock() + self._delay
