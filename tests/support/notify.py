"""Real peers for notification tests: an SMTP server (aiosmtpd) on loopback, with STARTTLS or
implicit TLS from a throw-away CA (trustme), and an HTTP server that records webhook POSTs."""

from __future__ import annotations

import http.server
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "tracker", "s3cret-from-env"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            login, password = data.login.decode(), data.password.decode()
            self.logins.append(login)
            return AuthResult(success=(login, password) == (USER, PASSWORD), handled=False)
        return AuthResult(success=False, handled=False)


@dataclass
class SmtpServer:
    port: int
    mailbox: Mailbox
    ca_file: Path | None


@contextmanager
def smtp_server(
    folder: Path, *, security: str = "starttls", port: int | None = None
) -> Iterator[SmtpServer]:
    mailbox = Mailbox()
    port = port or free_port()
    ca_file: Path | None = None
    kwargs: dict[str, Any] = {"authenticator": mailbox.authenticate}
    if security != "none":
        ca = trustme.CA()
        certificate = ca.issue_cert("127.0.0.1", "localhost")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(context)
        ca_file = folder / "test-ca.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        if security == "starttls":
            kwargs |= {"tls_context": context, "require_starttls": True}
        else:
            # aiosmtpd does not see the implicit TLS, so it would not offer AUTH otherwise.
            kwargs |= {"ssl_context": context, "auth_require_tls": False}
    else:
        kwargs |= {"auth_require_tls": False}
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield SmtpServer(port, mailbox, ca_file)
    finally:
        controller.stop()


@dataclass
class Hook:
    """A webhook receiver: records every POST; answers `status` (settable while it runs)."""

    base_url: str = ""
    status: int = 200
    posts: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.base_url + "/hook"


@contextmanager
def webhook_server() -> Iterator[Hook]:
    hook = Hook()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            hook.posts.append((self.path, dict(self.headers), body))
            self.send_response(hook.status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()
