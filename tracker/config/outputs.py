"""`[report]` and `[notify]` in tracker.toml: how reports look and who hears about changes.

```toml
[report]
order = "new-old"            # 新旧対照表 columns: "new-old" (改定後 │ 改定前) or "old-new"
base_url = "https://intranet.example.jp/tracker/reports/"   # links in the feed and messages
feed_entries = 50
language = "ja"              # "ja" or "en"; default: the documents' own
keep_quiet_runs = false      # write report files for runs where nothing happened
keep = 200                   # keep the report files of the newest 200 runs; or "90d"

[notify]
after_failures = 3           # tell when a document has failed this many runs in a row

[[notify.email]]
host = "smtp.example.jp"
port = 587
security = "starttls"        # "starttls", "ssl" or "none" (loopback relays only)
from = "tracker@example.jp"
to = ["legal@example.jp"]
username_env = "TRACKER_SMTP_USER"        # names of environment variables, never secrets
password_env = "TRACKER_SMTP_PASSWORD"

[[notify.webhook]]
url_env = "TRACKER_SLACK_WEBHOOK"         # or url = "https://…" when the URL is no secret
format = "slack"             # "json" (default) or "slack"
```

Credentials never live in the file: a `password`, `token` or `username` key is an error that
says which `*_env` key to use instead.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tracker.config.validate import Allowed, ConfigError, Lines, Problems, check_keys
from tracker.words import Language

_DAYS = re.compile(r"^(\d{1,5})d$")

SECRET_KEYS = ("password", "username", "user", "token", "secret", "api_key")
SECURITY = ("starttls", "ssl", "none")
WEBHOOK_FORMATS = ("json", "slack")


@dataclass(frozen=True)
class ReportSettings:
    new_first: bool = True
    base_url: str | None = None
    feed_entries: int = 50
    language: Language | None = None  # None: the documents' own
    keep_quiet_runs: bool = False  # report files for runs where nothing happened
    keep_runs: int | None = None  # keep the report files of the newest N runs …
    keep_days: int | None = None  # … or of the runs of the last N days

    def link(self, name: str) -> str:
        """Where a reader finds the report file `name`: under base_url, or relative."""
        return (self.base_url or "") + name


@dataclass(frozen=True)
class EmailChannel:
    host: str
    port: int
    security: str
    sender: str
    to: tuple[str, ...]
    username_env: str | None = None
    password_env: str | None = None
    ca_file: Path | None = None
    timeout: float = 30.0
    name: str | None = None

    @property
    def key(self) -> str:
        """The channel's identity in the outbox: what it is, not where it is in the file."""
        label = self.name or ",".join(sorted(self.to))
        return f"email:{label}"

    @property
    def label(self) -> str:
        """How messages to people name the channel: its `name`, else its addresses."""
        return f"email {self.name!r}" if self.name else f"email to {', '.join(self.to)}"


@dataclass(frozen=True)
class WebhookChannel:
    url: str | None
    url_env: str | None
    format: str = "json"
    timeout: float = 10.0
    name: str | None = None

    @property
    def key(self) -> str:
        source = self.url or f"${self.url_env}"
        label = self.name or hashlib.sha256(source.encode()).hexdigest()[:12]
        return f"webhook:{label}"

    @property
    def label(self) -> str:
        """How messages to people name the channel: its `name`, else the environment
        variable holding its URL, else the URL's host (never the whole URL: a webhook URL is
        often a secret)."""
        if self.name:
            return f"webhook {self.name!r}"
        if self.url_env:
            return f"webhook ${self.url_env}"
        host = urlsplit(self.url or "").hostname or "?"
        return f"webhook to {host}"


@dataclass(frozen=True)
class NotifySettings:
    after_failures: int = 3
    email: tuple[EmailChannel, ...] = ()
    webhook: tuple[WebhookChannel, ...] = ()

    @property
    def channels(self) -> tuple[EmailChannel | WebhookChannel, ...]:
        return (*self.email, *self.webhook)


_REPORT_KEYS: Allowed = {
    "order": str,
    "base_url": str,
    "feed_entries": int,
    "language": str,
    "keep_quiet_runs": bool,
    "keep": (int, str),
}
_NOTIFY_KEYS: Allowed = {"after_failures": int, "email": list, "webhook": list}
_EMAIL_KEYS: Allowed = {
    "name": str,
    "host": str,
    "port": int,
    "security": str,
    "from": str,
    "to": list,
    "username_env": str,
    "password_env": str,
    "ca_file": str,
    "timeout": (int, float),
}
_WEBHOOK_KEYS: Allowed = {
    "name": str,
    "url": str,
    "url_env": str,
    "format": str,
    "timeout": (int, float),
}


def report_settings(raw: Any, path: Path, lines: Lines) -> ReportSettings:
    if not isinstance(raw, dict):
        raise ConfigError(path, "must be a table", line=lines.of("", 0, "report"), key="report")
    check_keys(raw, _REPORT_KEYS, path, lines, ("report", 0), "[report]")
    problems = Problems()

    def problem(key: str, message: str) -> None:
        problems.errors.append(ConfigError(path, message, line=lines.of("report", 0, key), key=key))

    order = raw.get("order", "new-old")
    if order not in ("new-old", "old-new"):
        problem("order", 'must be "new-old" or "old-new"')
    base_url = raw.get("base_url")
    if base_url is not None:
        if not base_url.startswith(("http://", "https://", "file://")):
            problem("base_url", "must be an http(s):// or file:// URL")
        base_url = base_url if base_url.endswith("/") else base_url + "/"
    entries = raw.get("feed_entries", ReportSettings.feed_entries)
    if entries < 1:
        problem("feed_entries", "must be at least 1")
    language = raw.get("language")
    if language not in (None, "ja", "en"):
        problem("language", 'must be "ja" or "en"')
    keep_runs, keep_days = _keep(raw.get("keep"), problem)
    problems.raise_any()
    return ReportSettings(
        new_first=order == "new-old",
        base_url=base_url,
        feed_entries=entries,
        language=language,
        keep_quiet_runs=raw.get("keep_quiet_runs", False),
        keep_runs=keep_runs,
        keep_days=keep_days,
    )


def _keep(value: Any, problem: Any) -> tuple[int | None, int | None]:
    """`keep = 200` (runs) or `keep = "90d"` (days)."""
    if value is None:
        return None, None
    if isinstance(value, int):
        if value < 1:
            problem("keep", 'must be at least 1 (runs), or days as "90d"')
            return None, None
        return value, None
    days = _DAYS.match(value)
    if days is None or int(days.group(1)) < 1:
        problem("keep", 'must be a number of runs (200) or of days ("90d")')
        return None, None
    return None, int(days.group(1))


def notify_settings(raw: Any, path: Path, lines: Lines) -> NotifySettings:
    if not isinstance(raw, dict):
        raise ConfigError(path, "must be a table", line=lines.of("", 0, "notify"), key="notify")
    refuse_secrets(raw, path, lines, ("notify", 0))
    check_keys(raw, _NOTIFY_KEYS, path, lines, ("notify", 0), "[notify]")
    after = raw.get("after_failures", NotifySettings.after_failures)
    if after < 1:
        line = lines.of("notify", 0, "after_failures")
        raise ConfigError(path, "must be at least 1", line=line, key="after_failures")
    email = tuple(
        _email(table, path, lines, index) for index, table in _tables(raw, "email", path, lines)
    )
    webhook = tuple(
        _webhook(table, path, lines, index) for index, table in _tables(raw, "webhook", path, lines)
    )
    return NotifySettings(after_failures=after, email=email, webhook=webhook)


def _tables(
    raw: dict[str, Any], name: str, path: Path, lines: Lines
) -> list[tuple[int, dict[str, Any]]]:
    found = []
    for index, table in enumerate(raw.get(name, [])):
        if not isinstance(table, dict):
            line = lines.of(f"notify.{name}", index)
            raise ConfigError(path, f"must be an array of tables [[notify.{name}]]", line=line)
        found.append((index, table))
    return found


def refuse_secrets(table: dict[str, Any], path: Path, lines: Lines, where: tuple[str, int]) -> None:
    for key in table:
        if key in SECRET_KEYS:
            raise ConfigError(
                path,
                "credentials are never read from tracker.toml; put the secret in an environment"
                f" variable and name it with {key.removesuffix('_key')}_env"
                if key != "user"
                else "credentials are never read from tracker.toml; use username_env",
                line=lines.of(*where, key),
                key=key,
            )


def env_name(value: Any, path: Path, line: int | None, key: str) -> str | None:
    if value is None:
        return None
    if not value or not value.replace("_", "").isalnum() or not value.isascii():
        raise ConfigError(
            path,
            "must name an environment variable (e.g. TRACKER_SMTP_PASSWORD)",
            line=line,
            key=key,
        )
    return str(value)


def _email(table: dict[str, Any], path: Path, lines: Lines, index: int) -> EmailChannel:
    where = ("notify.email", index)
    refuse_secrets(table, path, lines, where)
    check_keys(table, _EMAIL_KEYS, path, lines, where, "[[notify.email]]")
    for required in ("host", "from", "to"):
        if required not in table:
            raise ConfigError(path, "missing", line=lines.of(*where), key=required)
    to = table["to"]
    if not to or not all(isinstance(a, str) and "@" in a for a in to):
        raise ConfigError(
            path, "must be a list of email addresses", line=lines.of(*where, "to"), key="to"
        )
    security = table.get("security", "starttls")
    if security not in SECURITY:
        raise ConfigError(
            path,
            f"must be one of {', '.join(SECURITY)}",
            line=lines.of(*where, "security"),
            key="security",
        )
    port = table.get("port", {"starttls": 587, "ssl": 465, "none": 25}[security])
    if not 0 < port < 65536:
        raise ConfigError(path, "must be a TCP port", line=lines.of(*where, "port"), key="port")
    ca_file = table.get("ca_file")
    return EmailChannel(
        host=table["host"],
        port=port,
        security=security,
        sender=table["from"],
        to=tuple(to),
        username_env=env_name(
            table.get("username_env"), path, lines.of(*where, "username_env"), "username_env"
        ),
        password_env=env_name(
            table.get("password_env"), path, lines.of(*where, "password_env"), "password_env"
        ),
        ca_file=(path.parent / ca_file) if ca_file else None,
        timeout=float(table.get("timeout", EmailChannel.timeout)),
        name=table.get("name"),
    )


def _webhook(table: dict[str, Any], path: Path, lines: Lines, index: int) -> WebhookChannel:
    where = ("notify.webhook", index)
    refuse_secrets(table, path, lines, where)
    check_keys(table, _WEBHOOK_KEYS, path, lines, where, "[[notify.webhook]]")
    url, url_env = table.get("url"), table.get("url_env")
    if (url is None) == (url_env is None):
        raise ConfigError(
            path, "give exactly one of url and url_env", line=lines.of(*where), key="url"
        )
    if url is not None and not url.startswith(("http://", "https://")):
        raise ConfigError(
            path, "must be an http:// or https:// URL", line=lines.of(*where, "url"), key="url"
        )
    form = table.get("format", "json")
    if form not in WEBHOOK_FORMATS:
        raise ConfigError(
            path,
            f"must be one of {', '.join(WEBHOOK_FORMATS)}",
            line=lines.of(*where, "format"),
            key="format",
        )
    return WebhookChannel(
        url=url,
        url_env=env_name(url_env, path, lines.of(*where, "url_env"), "url_env"),
        format=form,
        timeout=float(table.get("timeout", WebhookChannel.timeout)),
        name=table.get("name"),
    )
