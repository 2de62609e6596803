"""A scriptable web site on loopback for end-to-end tests: real HTTP, real sockets.

`Site` serves pages put into it, with ETag / Last-Modified and 304 answers like a real server,
and can be told to misbehave per path: an HTTP status, a delay, a connection reset, a body
shorter than its Content-Length, or any `Answer` (a function that writes the whole response,
see `status`, `redirect`, `trickle`, `trickled_head`, `truncated`, `gzip_bomb`, `endless`).
`unaccepting_port()` is a port where connecting times out.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.server
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate

Handler = http.server.BaseHTTPRequestHandler
Answer = Callable[[Handler], None]  # writes a whole response (or misbehaves) on the handler


@dataclass
class Page:
    body: bytes
    content_type: str
    etag: str
    last_modified: str


@dataclass
class Site:
    base_url: str = ""
    pages: dict[str, Page] = field(default_factory=dict)
    # path → "500", "reset", "truncate", or an Answer
    faults: dict[str, str | Answer] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def put(self, path: str, body: bytes, content_type: str, *, when: float | None = None) -> str:
        """Publish `body` at `path` (its fault and delay cleared); returns its URL."""
        with self.lock:
            self.pages[path] = Page(
                body,
                content_type,
                f'"{hashlib.sha256(body).hexdigest()[:16]}"',
                formatdate(when if when is not None else time.time(), usegmt=True),
            )
            self.faults.pop(path, None)
            self.delays.pop(path, None)
        return self.url(path)

    def fail(self, path: str, fault: str | Answer) -> None:
        with self.lock:
            self.faults[path] = fault

    def requests_to(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [headers for seen, headers in self.requests if seen == path]


def _handler(site: Site) -> type[Handler]:
    class SiteHandler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out as two writes: without TCP_NODELAY every answer waits ~40 ms
        # for the client's delayed ACK.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            with site.lock:
                site.requests.append((self.path, dict(self.headers)))
                page = site.pages.get(self.path)
                fault = site.faults.get(self.path)
                delay = site.delays.get(self.path, 0.0)
            if delay:
                time.sleep(delay)
            if callable(fault):
                self.close_connection = True  # an Answer may leave the connection unusable
                fault(self)
                return
            if fault == "reset":
                reset(self)
                return
            if fault and fault.isdigit():
                self._send(int(fault), b"error", "text/plain")
                return
            if page is None:
                self._send(404, b"not found", "text/plain")
                return
            if self.headers.get("If-None-Match") == page.etag:
                self.send_response(304)
                self.send_header("ETag", page.etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if fault == "truncate":
                self.send_response(200)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body) + 1000))
                self.end_headers()
                self.wfile.write(page.body[:10])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self._send(200, page.body, page.content_type, page)

        def _send(
            self, status: int, body: bytes, content_type: str, page: Page | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if page is not None:
                self.send_header("ETag", page.etag)
                self.send_header("Last-Modified", page.last_modified)
            self.end_headers()
            self.wfile.write(body)

    return SiteHandler


@contextmanager
def running_site() -> Iterator[Site]:
    site = Site()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    # A short poll: shutdown() waits for the loop to notice, 0.5 s per test by default.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


# --- answers: what a misbehaving server sends ----------------------------------------------


def status(code: int, body: bytes = b"error", headers: dict[str, str] | None = None) -> Answer:
    """An answer with status `code`, `body` and extra `headers` (Content-Length is set)."""

    def answer(handler: Handler) -> None:
        handler.send_response(code)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def redirect(location: str, code: int = 302, headers: dict[str, str] | None = None) -> Answer:
    return status(code, b"", {"Location": location, **(headers or {})})


def trickle(body: bytes, content_type: str, *, interval: float) -> Answer:
    """The whole body announced, then sent one byte every `interval` seconds: each byte comes
    within any read timeout, so only a total deadline stops it."""

    def answer(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.flush()
        with contextlib.suppress(OSError):  # the client gives up first
            for index in range(len(body)):
                handler.wfile.write(body[index : index + 1])
                handler.wfile.flush()
                time.sleep(interval)

    return answer


def trickled_head(body: bytes, content_type: str, *, interval: float, size: int = 200) -> Answer:
    """The response head, padded to `size` bytes, sent one byte every `interval` seconds, then
    the body: read timeouts start again with every byte, so only a deadline on the whole
    exchange stops it."""

    def answer(handler: Handler) -> None:
        head = (
            f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\nX-Padding: "
        ).encode()
        head += b"x" * max(0, size - len(head) - 4) + b"\r\n\r\n"
        with contextlib.suppress(OSError):  # the client gives up first
            for index in range(len(head)):
                handler.wfile.write(head[index : index + 1])
                handler.wfile.flush()
                time.sleep(interval)
            handler.wfile.write(body)

    return answer


def truncated(body: bytes, content_type: str) -> Answer:
    """The whole body announced (Content-Length), half of it sent, the connection closed:
    whatever the request's validators said."""

    def answer(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
        handler.connection.shutdown(socket.SHUT_RDWR)

    return answer


def gzip_bomb(size: int, content_type: str = "text/html") -> Answer:
    """`size` zero bytes, gzip-compressed (about a thousandth of `size` on the wire)."""
    compressed = gzip.compress(bytes(size), compresslevel=9)
    return status(200, compressed, {"Content-Type": content_type, "Content-Encoding": "gzip"})


def endless(content_type: str = "text/plain", chunk: bytes = b"x" * 16384) -> Answer:
    """A close-delimited body (no Content-Length) that never ends: only a size cap stops it."""

    def answer(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Connection", "close")
        handler.end_headers()
        with contextlib.suppress(OSError):  # the client hangs up at its cap
            while True:
                handler.wfile.write(chunk)

    return answer


def reset(handler: Handler) -> None:
    """Close with an RST instead of a FIN (SO_LINGER on, timeout 0) before answering.

    The handler's reader holds the socket open after `connection.close()`: it is closed
    first, or the client would wait for an answer until its read timeout."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    handler.rfile.close()
    handler.connection.close()


@contextmanager
def unaccepting_port() -> Iterator[int]:
    """A loopback port where connecting times out: a listener with a backlog of one that never
    accepts, its queue filled by one idle connection. Linux then drops further SYNs (it does not
    refuse them), so a client's connect waits until its own timeout, every time. (A
    non-routable address is no substitute: what it does depends on the network it runs on.)"""
    with socket.create_server(("127.0.0.1", 0), backlog=0) as listener:
        port = listener.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            yield port
