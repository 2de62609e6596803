"""Real servers on loopback for the fetch tests (helpers only; named test_fetch_* to sit with
the tests it serves).

`Site`: an HTTP/1.1 server whose answers each test scripts per path, recording what it saw
(headers, server-side start and end times). `RawServer`: a bare socket server for what a
well-behaved HTTP server will not do (resets, short bodies, trickles, silence).
"""

from __future__ import annotations

import contextlib
import http.server
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tracker.fetch import FetchPolicy

# Small timeouts, no politeness pause: fast tests. Tests that are about a setting override it.
FAST = FetchPolicy(
    connect_timeout=1.0,
    read_timeout=1.0,
    total_timeout=3.0,
    retries=3,
    backoff_base=0.01,
    backoff_max=5.0,
    host_delay=0.0,
)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]  # lower-case names
    started: float  # time.monotonic() on the server side
    ended: float = 0.0


Handler = http.server.BaseHTTPRequestHandler
Route = Callable[[Handler], None]


def reply(
    status: int = 200,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    *,
    delay: float = 0.0,
) -> Route:
    """A route answering `status` with `body` (Content-Length set unless given)."""

    def route(handler: Handler) -> None:
        if delay:
            time.sleep(delay)
        handler.send_response(status)
        sent = {name.lower() for name in headers or {}}
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        if "content-length" not in sent:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return route


def redirect(location: str, status: int = 302) -> Route:
    return reply(status, headers={"Location": location})


@dataclass
class Site:
    """An HTTP server on `host`, port chosen by the OS; `route()` scripts a path's answers."""

    host: str = "127.0.0.1"
    port: int = 0  # set once running
    seen: list[Seen] = field(default_factory=list)
    _routes: dict[str, list[Route]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def route(self, path: str, *answers: Route) -> None:
        """Answer `path` with each of `answers` in turn; the last one repeats."""
        self._routes[path] = list(answers)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def requests_to(self, path: str) -> list[Seen]:
        return [seen for seen in self.seen if seen.path == path]

    def _next_answer(self, path: str) -> Route:
        with self._lock:
            answers = self._routes.get(path) or [reply(404, b"not scripted")]
            return answers.pop(0) if len(answers) > 1 else answers[0]

    @contextmanager
    def running(self) -> Iterator[Site]:
        site = self

        class ScriptedHandler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive and Content-Length, as real servers

            def do_GET(self) -> None:
                seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, 0.0)
                seen.started = time.monotonic()
                with site._lock:
                    site.seen.append(seen)
                site._next_answer(self.path)(self)
                self.wfile.flush()
                seen.ended = time.monotonic()

            def log_message(self, format: str, *args: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer((self.host, 0), ScriptedHandler)
        self.port = server.server_address[1]
        thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()


Conversation = Callable[[socket.socket, int], None]  # (connection, 0-based connection number)


class RawServer:
    """Accepts connections on 127.0.0.1 and hands each to `conversation` in its own thread."""

    def __init__(self, conversation: Conversation) -> None:
        self._conversation = conversation
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._stop = threading.Event()
        self.connections = 0
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}/terms"

    @contextmanager
    def running(self) -> Iterator[RawServer]:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()
            self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            number = self.connections
            self.connections += 1
            threading.Thread(target=self._talk, args=(connection, number), daemon=True).start()

    def _talk(self, connection: socket.socket, number: int) -> None:
        # OSError: the client hung up first, as it does in the timeout tests.
        with connection, contextlib.suppress(OSError):
            self._conversation(connection, number)


def read_request_head(connection: socket.socket) -> bytes:
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = connection.recv(4096)
        if not chunk:
            break
        head += chunk
    return head


def reset(connection: socket.socket) -> None:
    """Close with an RST instead of a FIN (SO_LINGER on, timeout 0)."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def ok_response(body: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (
        len(body),
        body,
    )
