"""`tracker.toml`: what to track and where to keep it, validated with errors that point at the
file, the line and the key.

```toml
[tracker]
database = "tracker.db"     # relative to this file
snapshots = "snapshots"
reports = "reports"

[[documents]]
id = "soracam"              # ASCII, unique
name = "Soracom Cloud Camera Services 利用規約"
url = "https://example.jp/terms/soracam.pdf"
# selector = "main"
# render = "browser"        # see tracker/config/pages.py: the headless browser, `remove`
```
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tracker.config.outputs import (
    NotifySettings,
    ReportSettings,
    env_name,
    notify_settings,
    refuse_secrets,
    report_settings,
)
from tracker.config.pages import PAGE_KEYS, remove_of, render_of
from tracker.config.validate import (
    Allowed,
    ConfigError,
    Lines,
    Problems,
    check_keys,
    toml_error_line,
    zone_named,
)
from tracker.extract.scope import scope_key
from tracker.fetch import Render
from tracker.fetch.policy import DEFAULT_MAX_PAGES, has_userinfo, redact_userinfo
from tracker.obligations.policy import OwnObligation

DEFAULT_ZONE = "Asia/Tokyo"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MAX_NAME = 200
_LINE_BREAKS = frozenset("\r\n\v\f\x85\u2028\u2029")


def name_problem(name: str) -> str | None:
    r"""Why `name` cannot name a document, or None. A name goes into email subjects, terminal
    lines and reports: a line break stopped every message about it (the header is refused),
    other control characters can rewrite a terminal.

    >>> name_problem("ソラカメ利用規約"), name_problem("利用規約\r\nBcc: x@example.jp")
    (None, 'must be one line of text (it holds a line break, U+000D)')
    >>> name_problem("利用規約\x1b[2J")
    'must be one line of text (it holds a control character, U+001B)'
    """
    if len(name) > MAX_NAME:
        return f"must be at most {MAX_NAME} characters (it has {len(name)})"
    for character in name:
        if unicodedata.category(character) in ("Cc", "Zl", "Zp"):
            kind = "a line break" if character in _LINE_BREAKS else "a control character"
            return f"must be one line of text (it holds {kind}, U+{ord(character):04X})"
    return None


@dataclass(frozen=True)
class DocumentConfig:
    id: str
    name: str
    url: str
    selector: str | None
    timezone: ZoneInfo
    remove: tuple[str, ...] = ()  # CSS selectors of elements left out (cookie banners)
    render: Render | None = None  # load the page in the headless browser
    # Names of environment variables holding HTTP Basic credentials, never the secrets.
    username_env: str | None = None
    password_env: str | None = None

    @property
    def scope(self) -> str | None:
        """What of the page is the agreement (selector and removals), as the history keeps it."""
        return scope_key(self.selector, self.remove)


@dataclass(frozen=True)
class FetchSettings:
    contact: str | None = None
    concurrency: int = 8
    host_delay: float = 1.0
    timeout: float = 30.0
    max_bytes: int = 50 * 1024 * 1024
    retries: int = 3
    browser_pages: int = DEFAULT_MAX_PAGES
    refuse_private_redirects: bool = False


@dataclass(frozen=True)
class Config:
    path: Path
    database: Path
    snapshots: Path
    reports: Path
    timezone: ZoneInfo
    lock_timeout: float
    fetch: FetchSettings
    documents: tuple[DocumentConfig, ...]
    obligations: tuple[OwnObligation, ...] = ()
    report: ReportSettings = field(default_factory=ReportSettings)
    notify: NotifySettings = field(default_factory=NotifySettings)

    def document(self, document_id: str) -> DocumentConfig:
        for document in self.documents:
            if document.id == document_id:
                return document
        known = ", ".join(d.id for d in self.documents) or "none"
        raise ConfigError(self.path, f"no document {document_id!r} (known: {known})")


_TABLES = ("tracker", "documents", "obligations", "report", "notify")

# Every key a table may hold, with its type: unknown keys are errors, not silently ignored.
_TRACKER_KEYS: dict[str, type | tuple[type, ...]] = {
    "database": str,
    "snapshots": str,
    "reports": str,
    "timezone": str,
    "lock_timeout": (int, float),
    "contact": str,
    "concurrency": int,
    "host_delay": (int, float),
    "timeout": (int, float),
    "max_bytes": int,
    "retries": int,
    "browser_pages": int,
    "private_redirects": str,
}
PRIVATE_REDIRECTS = ("follow", "refuse")
_OBLIGATION_KEYS: dict[str, type | tuple[type, ...]] = {
    "when": list,
    "within_days": int,
    "action": str,
}
_DOCUMENT_KEYS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "name": str,
    "url": str,
    "selector": str,
    "timezone": str,
    **PAGE_KEYS,
    "username_env": str,
    "password_env": str,
}


# Lower bounds of the numeric settings: (minimum, whether the minimum itself is allowed).
_MINIMUMS: dict[str, tuple[float, bool]] = {
    "lock_timeout": (0, True),
    "concurrency": (1, True),
    "host_delay": (0, True),
    "timeout": (0, False),
    "max_bytes": (1, True),
    "retries": (0, True),
    "browser_pages": (1, True),
}


def _check_ranges(settings: dict[str, Any], path: Path, lines: Lines, problems: Problems) -> None:
    for key, (minimum, inclusive) in _MINIMUMS.items():
        if key not in settings:
            continue
        value = settings[key]
        if value < minimum or (value == minimum and not inclusive):
            bound = f"at least {minimum}" if inclusive else f"more than {minimum}"
            problems.errors.append(
                ConfigError(path, f"must be {bound}", line=lines.of("tracker", 0, key), key=key)
            )
    if settings.get("private_redirects", "follow") not in PRIVATE_REDIRECTS:
        problems.errors.append(
            ConfigError(
                path,
                'must be "follow" or "refuse"',
                line=lines.of("tracker", 0, "private_redirects"),
                key="private_redirects",
            )
        )
    contact = settings.get("contact")
    if contact is not None and (not contact.isascii() or "\n" in contact or "\r" in contact):
        problems.errors.append(
            ConfigError(
                path,
                "must be one line of ASCII (it is sent in the User-Agent header)",
                line=lines.of("tracker", 0, "contact"),
                key="contact",
            )
        )


def _valid_only(table: dict[str, Any], allowed: Allowed) -> dict[str, Any]:
    """The keys of `table` that are known and of the right type: what the checks after a
    failed `check_keys` may read."""
    return {
        key: value
        for key, value in table.items()
        if key in allowed
        and (allowed[key] is bool or not isinstance(value, bool))
        and isinstance(value, allowed[key])
    }


def _own_obligations(
    raw: Any, path: Path, lines: Lines, problems: Problems
) -> tuple[OwnObligation, ...]:
    """`[[obligations]]`: what the user must do when a change carries some flags, e.g.
    `when = ["fees", "data"]`, `within_days = 30`, `action = "notify our customers"`."""
    if not isinstance(raw, list):
        raise ConfigError(path, "must be an array of tables [[obligations]]", key="obligations")
    found = []
    for index, table in enumerate(raw):
        with problems.collect():
            found.append(_own_obligation(table, index, path, lines))
    return tuple(found)


def _own_obligation(table: Any, index: int, path: Path, lines: Lines) -> OwnObligation:
    where = ("obligations", index)
    if not isinstance(table, dict):
        raise ConfigError(path, "each obligation must be a table", line=lines.of(*where))
    check_keys(table, _OBLIGATION_KEYS, path, lines, where, "[[obligations]]")
    for required in ("when", "within_days", "action"):
        if required not in table:
            raise ConfigError(path, "missing", line=lines.of(*where), key=required)
    when = table["when"]
    if not all(isinstance(flag, str) for flag in when):
        raise ConfigError(
            path, "must be a list of flags", line=lines.of(*where, "when"), key="when"
        )
    try:
        return OwnObligation(tuple(when), table["within_days"], table["action"])
    except ValueError as error:
        raise ConfigError(path, str(error), line=lines.of(*where, "when")) from None


def load_config(path: Path) -> Config:
    """Read and validate `path`; every problem is a ConfigError naming file, line and key, and
    all of them are reported at once (`ConfigErrors`), each table and document checked on its
    own. Only a file that cannot be read or parsed as TOML stops at the first problem."""
    data, lines = _read_toml(path)
    problems = Problems()
    for key in data:
        if key not in _TABLES:
            line = lines.of(key, 0) or lines.of("", 0, key)
            known = ", ".join(_TABLES)
            problems.errors.append(
                ConfigError(path, f"unknown table (known: {known})", line=line, key=key)
            )
    settings = data.get("tracker", {})
    if not isinstance(settings, dict):
        problems.errors.append(
            ConfigError(path, "must be a table", line=lines.of("", 0, "tracker"), key="tracker")
        )
        settings = {}
    with problems.collect():
        check_keys(settings, _TRACKER_KEYS, path, lines, ("tracker", 0), "[tracker]")
    settings = _valid_only(settings, _TRACKER_KEYS)
    zone_name = settings.get("timezone", DEFAULT_ZONE)
    line = lines.of("tracker", 0, "timezone")
    zone = problems.attempt(
        lambda: zone_named(zone_name, path, line, "timezone"), ZoneInfo(DEFAULT_ZONE)
    )
    no_documents: tuple[DocumentConfig, ...] = ()
    documents = problems.attempt(
        lambda: _documents(data.get("documents", []), zone, path, lines, problems), no_documents
    )
    _check_ranges(settings, path, lines, problems)
    no_obligations: tuple[OwnObligation, ...] = ()
    obligations = problems.attempt(
        lambda: _own_obligations(data.get("obligations", []), path, lines, problems),
        no_obligations,
    )
    report = problems.attempt(
        lambda: report_settings(data.get("report", {}), path, lines), ReportSettings()
    )
    notify = problems.attempt(
        lambda: notify_settings(data.get("notify", {}), path, lines), NotifySettings()
    )
    problems.raise_any()
    base = path.parent
    return Config(
        obligations=obligations,
        report=report,
        notify=notify,
        path=path,
        database=base / settings.get("database", "tracker.db"),
        snapshots=base / settings.get("snapshots", "snapshots"),
        reports=base / settings.get("reports", "reports"),
        timezone=zone,
        lock_timeout=float(settings.get("lock_timeout", 60)),
        fetch=_fetch_settings(settings),
        documents=documents,
    )


def _read_toml(path: Path) -> tuple[dict[str, Any], Lines]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "no such file (create it, or pass --config)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, f"cannot be read ({error})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"not valid TOML: {error}", line=toml_error_line(error)) from None
    return data, Lines(text)


def _documents(
    raw_documents: Any, zone: ZoneInfo, path: Path, lines: Lines, problems: Problems
) -> tuple[DocumentConfig, ...]:
    """`[[documents]]`, each checked on its own; ids unique; `zone` unless a document names
    its own."""
    if not isinstance(raw_documents, list):
        line = lines.of("", 0, "documents")
        raise ConfigError(path, "must be an array of tables [[documents]]", line=line)
    seen: dict[str, int | None] = {}  # id → the line it was first given on
    documents = []
    for index, raw in enumerate(raw_documents):
        with problems.collect():
            documents.append(_document(raw, ("documents", index), zone, seen, path, lines))
    return tuple(documents)


def _document(
    raw: Any,
    where: tuple[str, int],
    zone: ZoneInfo,
    seen: dict[str, int | None],
    path: Path,
    lines: Lines,
) -> DocumentConfig:
    if not isinstance(raw, dict):
        raise ConfigError(path, "each document must be a table", line=lines.of(*where))
    refuse_secrets(raw, path, lines, where)
    check_keys(raw, _DOCUMENT_KEYS, path, lines, where, "[[documents]]")
    for required in ("id", "url"):
        if required not in raw:
            raise ConfigError(
                path, "missing (every document needs one)", line=lines.of(*where), key=required
            )
    document_id, url = raw["id"], raw["url"]
    if not _ID.match(document_id):
        raise ConfigError(
            path,
            f"{document_id!r} is not a plain ASCII id (letters, digits, '.', '_', '-')",
            line=lines.of(*where, "id"),
            key="id",
        )
    if document_id in seen:
        raise ConfigError(
            path,
            f"duplicate id {document_id!r} (first on line {seen[document_id]})",
            line=lines.of(*where, "id"),
            key="id",
        )
    seen[document_id] = lines.of(*where, "id")
    if not url.startswith(("http://", "https://")):
        raise ConfigError(
            path, "must be an http:// or https:// URL", line=lines.of(*where, "url"), key="url"
        )
    if has_userinfo(url):
        # It would be shown in every report and stored in four tables.
        raise ConfigError(
            path,
            f"holds a user name or password ({redact_userinfo(url)}); credentials are never"
            " read from tracker.toml: put them in environment variables and name them with"
            " username_env and password_env",
            line=lines.of(*where, "url"),
            key="url",
        )
    if "timezone" in raw:
        zone = zone_named(raw["timezone"], path, lines.of(*where, "timezone"), "timezone")
    if "name" in raw and (problem := name_problem(raw["name"])):
        raise ConfigError(path, problem, line=lines.of(*where, "name"), key="name")
    return DocumentConfig(
        id=document_id,
        name=str(raw.get("name") or document_id),
        url=url,
        selector=raw.get("selector"),
        timezone=zone,
        remove=remove_of(raw, where, path, lines),
        render=render_of(raw, where, zone, path, lines),
        username_env=env_name(
            raw.get("username_env"), path, lines.of(*where, "username_env"), "username_env"
        ),
        password_env=env_name(
            raw.get("password_env"), path, lines.of(*where, "password_env"), "password_env"
        ),
    )


def _fetch_settings(settings: dict[str, Any]) -> FetchSettings:
    return FetchSettings(
        contact=settings.get("contact"),
        concurrency=settings.get("concurrency", FetchSettings.concurrency),
        host_delay=float(settings.get("host_delay", FetchSettings.host_delay)),
        timeout=float(settings.get("timeout", FetchSettings.timeout)),
        max_bytes=settings.get("max_bytes", FetchSettings.max_bytes),
        retries=settings.get("retries", FetchSettings.retries),
        browser_pages=settings.get("browser_pages", FetchSettings.browser_pages),
        refuse_private_redirects=settings.get("private_redirects") == "refuse",
    )
