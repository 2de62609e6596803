"""The sockets under httpx, held to the attempt's deadline: name lookup, connecting, the TLS
handshake, sending, and every read of the response head and body.

httpx's timeouts are per operation: a read timeout starts again with every byte, so a server
that sends its response headers one byte a second holds a fetch for as long as it likes (a
`timeout = 2` run was held 90 s). Here every socket wait is cut to what is left of the deadline
that `exchange()` sets for the current thread, and a wait that would outlast it fails as a
timeout, which the client reports as past the total timeout.

The same layer refuses a redirect to a private address when the policy says so: the addresses
checked are the ones connected to (a name that resolves differently a second later is not a
way round it).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

_local = threading.local()


class PrivateAddressRefused(OSError):
    """A redirect led to a host whose address is not on the public internet."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} is at {address}, a private address")
        self.host = host
        self.address = address


class LookupTimedOut(OSError):
    """The resolver did not answer for a host name within the time left."""


@contextmanager
def exchange(deadline: float, *, guarded_host: str | None = None) -> Iterator[None]:
    """Within this block, every socket wait of this thread ends by `deadline` (a
    `time.monotonic()` value); connections to `guarded_host` must reach a public address."""
    outer = getattr(_local, "limits", None)
    _local.limits = (deadline, guarded_host)
    try:
        yield
    finally:
        _local.limits = outer


def _connect_error(cause: OSError) -> httpcore.ConnectError:
    """httpcore's ConnectError over `cause`. The pool re-raises `from None`, which drops
    `__cause__`; the client finds the OSError beneath through `__context__`, kept here too."""
    error = httpcore.ConnectError(str(cause))
    error.__cause__ = error.__context__ = cause
    return error


def _deadline() -> float | None:
    limits = getattr(_local, "limits", None)
    return limits[0] if limits else None


def _guarded_host() -> str | None:
    limits = getattr(_local, "limits", None)
    return limits[1] if limits else None


def _bounded(timeout: float | None, late: type[Exception]) -> float | None:
    """`timeout` cut to what is left before the deadline; `late` raised when nothing is."""
    deadline = _deadline()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise late("the total timeout has passed")
    return remaining if timeout is None else min(timeout, remaining)


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not loopback, private, link-local,
    shared, reserved, multicast or unspecified).

    >>> [is_public(a) for a in ("93.184.216.34", "127.0.0.1", "10.1.2.3", "169.254.169.254")]
    [True, False, False, False]
    >>> [is_public(a) for a in ("::1", "fd00::1", "::ffff:192.168.0.1", "2001:4860::8888")]
    [False, False, False, True]
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _BoundedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, host: str) -> None:
        self._inner = inner
        self._host = host

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # A connection kept alive from an earlier request is checked when it is reused.
        if self._host == _guarded_host():
            peer = self._inner.get_extra_info("server_addr")
            if peer and not is_public(str(peer[0])):
                raise _connect_error(PrivateAddressRefused(self._host, str(peer[0])))
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(
            self._inner.start_tls(ssl_context, server_hostname, bounded), self._host
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _BoundedBackend(httpcore.NetworkBackend):
    """httpcore's own socket backend, with the name lookup and every wait held to the deadline."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _resolve(host, port, _bounded(timeout, httpcore.ConnectTimeout))
        if host == _guarded_host():
            for address in addresses:
                if not is_public(address):
                    raise _connect_error(PrivateAddressRefused(host, address))
        error: Exception | None = None
        for address in addresses:  # as socket.create_connection does, on the checked addresses
            try:
                stream = self._inner.connect_tcp(
                    address,
                    port,
                    _bounded(timeout, httpcore.ConnectTimeout),
                    local_address,
                    socket_options,
                )
            except httpcore.ConnectError as failed:
                error = failed
                continue
            return _BoundedStream(stream, host)
        assert error is not None  # _resolve never returns an empty list
        raise error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(self._inner.connect_unix_socket(path, bounded, socket_options), "")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _resolve(host: str, port: int, timeout: float | None) -> list[str]:
    """The addresses of `host`, looked up on a helper thread so that a resolver that does not
    answer holds us no longer than `timeout` (the thread ends when the resolver gives up)."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    found: list[str] = []
    failure: list[OSError] = []
    done = threading.Event()

    def look_up() -> None:
        try:
            for *_, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
                if str(address[0]) not in found:
                    found.append(str(address[0]))
        except OSError as error:
            failure.append(error)
        finally:
            done.set()

    threading.Thread(target=look_up, name="tracker-resolve", daemon=True).start()
    if not done.wait(timeout):
        error = httpcore.ConnectTimeout(f"looking up {host} took too long")
        error.__cause__ = error.__context__ = LookupTimedOut(f"no answer for {host}")
        raise error
    if failure or not found:
        raise _connect_error(
            failure[0] if failure else socket.gaierror(socket.EAI_NONAME, "no address")
        )
    return found


def bound(client: httpx.Client) -> httpx.Client:
    """`client` with every connection it opens going through the bounded backend.

    httpx has no public way to choose httpcore's network backend, so each transport's pool is
    given it here; a transport of another kind is an error, not a silent unbounded fetch."""
    transports = [client._transport, *client._mounts.values()]
    for transport in transports:
        if transport is None:
            continue
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is None:
            raise TypeError(f"cannot bound the sockets of {type(transport).__name__}")
        if not isinstance(backend, _BoundedBackend):
            pool._network_backend = _BoundedBackend(backend)  # type: ignore[union-attr]
    return client
