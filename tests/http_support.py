"""A scriptable web site on loopback for end-to-end tests: real HTTP, real sockets.

`Site` serves pages put into it, with ETag / Last-Modified and 304 answers like a real server,
and can be told to misbehave per path: an HTTP status, a delay, a connection reset, a body
shorter than its Content-Length.
"""

from __future__ import annotations

import hashlib
import http.server
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate


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
    faults: dict[str, str] = field(default_factory=dict)  # path → "500", "reset", "truncate", …
    delays: dict[str, float] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def put(self, path: str, body: bytes, content_type: str, *, when: float | None = None) -> str:
        """Publish `body` at `path`; returns its URL."""
        with self.lock:
            self.pages[path] = Page(
                body,
                content_type,
                f'"{hashlib.sha256(body).hexdigest()[:16]}"',
                formatdate(when if when is not None else time.time(), usegmt=True),
            )
            self.faults.pop(path, None)
        return self.url(path)

    def fail(self, path: str, fault: str) -> None:
        with self.lock:
            self.faults[path] = fault


def _handler(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
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
            if fault == "reset":
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                self.connection.close()
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

        def _send(self, status: int, body: bytes, content_type: str, page: Page | None = None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if page is not None:
                self.send_header("ETag", page.etag)
                self.send_header("Last-Modified", page.last_modified)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def running_site() -> Iterator[Site]:
    site = Site()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
