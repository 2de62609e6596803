"""fetch() against a bare socket server: resets, refusals, silence, trickles and short bodies,
which a well-behaved HTTP server library will not produce on demand."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from support.disk import mounts_required, small_disk_unavailable
from support.fetch import FAST, RawServer, ok_response, read_request_head, reset
from support.http import unaccepting_port

from tracker.errors import FetchError
from tracker.fetch import FetchPolicy, fetch

TERMS = "第1条（目的）".encode()


def fetch_error(url: str, policy: FetchPolicy) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, policy, sleep=lambda seconds: None)
    return caught.value


def test_a_connection_reset_is_transient_and_retried() -> None:
    def reset_then_answer(connection: socket.socket, number: int) -> None:
        read_request_head(connection)
        if number == 0:
            reset(connection)
        else:
            connection.sendall(ok_response(TERMS))

    with RawServer(reset_then_answer).running() as server:
        fetched = fetch(server.url, FAST, sleep=lambda seconds: None)
    assert fetched.content == TERMS and fetched.attempts == 2


def test_a_lasting_reset_says_so() -> None:
    def always_reset(connection: socket.socket, number: int) -> None:
        read_request_head(connection)
        reset(connection)

    with RawServer(always_reset).running() as server:
        error = fetch_error(server.url, replace(FAST, retries=1))
    assert error.cause == (
        "connection reset by the server after 2 attempts:"
        " the server broke off the answer (overloaded or restarting?)"
    )
    assert error.transient and error.status is None


def test_a_refused_connection_is_transient() -> None:
    with socket.create_server(("127.0.0.1", 0)) as placeholder:
        port = placeholder.getsockname()[1]
    # Nothing listens on `port` now.
    error = fetch_error(f"http://127.0.0.1:{port}/terms", replace(FAST, retries=0))
    assert error.transient
    assert (
        error.cause == "connection refused after 1 attempt: nothing answers at this address (down?)"
    )


def test_a_connection_never_accepted_is_a_connect_timeout_not_a_read_timeout() -> None:
    policy = replace(FAST, connect_timeout=0.3, read_timeout=5.0, retries=0)
    with unaccepting_port() as port:
        started = time.monotonic()
        error = fetch_error(f"http://127.0.0.1:{port}/terms", policy)
        assert time.monotonic() - started < 2.0
    assert error.transient
    assert error.cause == (
        "connect timed out (after 0.3 s) after 1 attempt:"
        " the server did not accept a connection (down, or a firewall drops us?)"
    )


def test_a_server_silent_past_the_read_timeout_times_out() -> None:
    def silent(connection: socket.socket, number: int) -> None:
        read_request_head(connection)
        time.sleep(1.0)

    policy = replace(FAST, read_timeout=0.2, retries=0)
    with RawServer(silent).running() as server:
        started = time.monotonic()
        error = fetch_error(server.url, policy)
        assert time.monotonic() - started < 0.8
    assert error.transient
    assert (
        error.cause == "read timed out (after 0.2 s) after 1 attempt: the server stopped answering"
    )


def test_a_slow_trickle_is_cut_at_the_total_timeout() -> None:
    # Each byte comes well within the read timeout, so only the total deadline can stop it.
    def trickle(connection: socket.socket, number: int) -> None:
        read_request_head(connection)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
        for _ in range(100):
            connection.sendall(b"x")
            time.sleep(0.05)

    policy = replace(FAST, read_timeout=0.5, total_timeout=0.4, retries=0)
    with RawServer(trickle).running() as server:
        started = time.monotonic()
        error = fetch_error(server.url, policy)
        assert time.monotonic() - started < 1.0
    assert error.cause == (
        "took longer than the total timeout of 0.4 s after 1 attempt:"
        " the server sends the document too slowly"
    )
    assert error.transient


def test_a_body_shorter_than_its_content_length_is_truncated_and_transient() -> None:
    def short(connection: socket.socket, number: int) -> None:
        read_request_head(connection)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789")

    with RawServer(short).running() as server:
        error = fetch_error(server.url, replace(FAST, retries=1))
        assert server.connections == 2
    assert error.transient
    assert error.cause == (
        "truncated body after 2 attempts: the connection closed before the whole document arrived"
    )


def test_a_close_delimited_body_over_the_cap_is_stopped_while_streaming() -> None:
    # No Content-Length, so the cap cannot be checked up front.
    def endless(connection: socket.socket, number: int) -> None:
        read_request_head(connection)
        connection.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
        for _ in range(64):
            connection.sendall(b"x" * 16384)

    with RawServer(endless).running() as server:
        error = fetch_error(server.url, replace(FAST, max_bytes=100_000))
    assert error.cause == (
        "body larger than 100000 bytes after 1 attempt:"
        " raise max_bytes in tracker.toml if the document is really this big"
    )
    assert not error.transient


def test_a_server_that_hangs_up_without_answering_is_transient() -> None:
    def hang_up(connection: socket.socket, number: int) -> None:
        read_request_head(connection)

    with RawServer(hang_up).running() as server:
        error = fetch_error(server.url, replace(FAST, retries=0))
    assert error.transient
    assert error.cause == (
        "no valid HTTP response after 1 attempt: the server closed the connection without answering"
    )


def trickled_head(connection: socket.socket, number: int) -> None:
    """A response head sent one byte every 0.1 s: each byte within any read timeout."""
    read_request_head(connection)
    head = b"HTTP/1.1 200 OK\r\nX-Padding: " + b"x" * 200 + b"\r\nContent-Length: 2\r\n\r\nok"
    for byte in head:
        connection.sendall(bytes([byte]))
        time.sleep(0.1)


def test_a_response_head_sent_byte_by_byte_is_cut_at_the_total_timeout() -> None:
    # The head alone takes 22 s; read timeouts start again with every byte.
    policy = replace(FAST, read_timeout=0.5, total_timeout=1.0, retries=0)
    with RawServer(trickled_head).running() as server:
        started = time.monotonic()
        error = fetch_error(server.url, policy)
        elapsed = time.monotonic() - started
    assert elapsed < 1.5, elapsed
    assert error.cause == (
        "took longer than the total timeout of 1 s after 1 attempt:"
        " the server sends the document too slowly"
    )
    assert error.transient


def test_the_total_timeout_bounds_every_attempt_of_a_head_trickle() -> None:
    policy = replace(FAST, read_timeout=0.5, total_timeout=0.6, retries=2, backoff_max=0.0)
    with RawServer(trickled_head).running() as server:
        started = time.monotonic()
        error = fetch_error(server.url, policy)
        elapsed = time.monotonic() - started
        assert server.connections == 3
    assert elapsed < 3 * 0.6 + 0.5, elapsed
    assert error.attempts == 3


def test_a_tls_handshake_trickled_byte_by_byte_is_cut_at_the_total_timeout() -> None:
    # The server answers the ClientHello with a record header, then one byte every 0.1 s;
    # the connect timeout, which also bounds the handshake, is longer than the whole budget.
    def trickled_hello(connection: socket.socket, number: int) -> None:
        connection.recv(4096)
        for byte in b"\x16\x03\x03\x40\x00" + b"\x02" * 16384:
            connection.sendall(bytes([byte]))
            time.sleep(0.1)

    policy = replace(FAST, read_timeout=0.5, connect_timeout=5.0, total_timeout=1.0, retries=0)
    with RawServer(trickled_hello).running() as server:
        started = time.monotonic()
        error = fetch_error(server.url.replace("http://", "https://"), policy)
        elapsed = time.monotonic() - started
    assert elapsed < 1.5, elapsed
    assert error.cause.startswith("took longer than the total timeout of 1 s"), error.cause


CHILD_LOOKUP = """
import sys, time
from tracker.errors import FetchError
from tracker.fetch import FetchPolicy, fetch
policy = FetchPolicy(read_timeout=1.0, connect_timeout=5.0, total_timeout=1.0, retries=0)
started = time.monotonic()
try:
    fetch("http://terms.tracker-silent-resolver.example/terms", policy)
except FetchError as error:
    print(f"{time.monotonic() - started:.2f} {error.cause}")
"""


def test_a_resolver_that_never_answers_is_cut_at_the_total_timeout(tmp_path: Path) -> None:
    # The child sees a resolv.conf naming a loopback resolver that reads every query and never
    # answers (its own mount namespace); glibc would wait 30 s on it.
    reason = small_disk_unavailable()  # the same needs: Linux, root, mount namespaces
    if reason:
        if mounts_required():
            pytest.fail(f"TRACKER_REQUIRE_MOUNTS=1 but {reason}")
        pytest.skip(reason)
    address = "127.83.41.7"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as resolver:
        resolver.bind((address, 53))
        resolv_conf = tmp_path / "resolv.conf"
        resolv_conf.write_text(f"nameserver {address}\noptions timeout:30 attempts:1\n")
        script = f'mount --bind {resolv_conf} /etc/resolv.conf && exec "$@"'
        command = [sys.executable, "-c", CHILD_LOOKUP]
        wrapped = ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh", *command]
        started = time.monotonic()
        child = subprocess.run(wrapped, capture_output=True, text=True, timeout=60)
        elapsed = time.monotonic() - started
        resolver.settimeout(0)
        asked = resolver.recv(512)  # the query did reach the silent resolver
    assert child.returncode == 0, child.stderr
    took, cause = child.stdout.strip().split(" ", 1)
    assert float(took) < 1.5 and elapsed < 10, (took, elapsed)
    assert asked
    assert cause == (
        "host name lookup timed out (after 1 s) after 1 attempt: the DNS resolver did not answer"
    )
