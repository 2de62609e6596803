"""`tracker demo`: the nightly job, offline, end to end.

A real HTTP server on loopback serves the bundled publications in `snapshots/demo/round1` (two
PDFs, two HTML pages, one text file). `check` runs against it with the real fetcher and a real
store in a fresh directory; then the server's files are replaced by `round2` (two agreements
revised, one re-laid out, two untouched) and `check` runs again.

The demo runs on its own clock, started at `DEMO_START` whatever day it is, so it prints the
figures the README shows (securecam's revision takes effect on 2026-12-01, seven days after).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tracker.clock import Clock
from tracker.errors import UsageError

DEMO_START = datetime(2026, 11, 24, 6, 32, 37, tzinfo=ZoneInfo("Asia/Tokyo"))
"""The demo's "now" when it starts: a week before the revised securecam terms take effect."""

DEMO_DOCUMENTS = (
    ("soracam", "Soracom Cloud Camera Services「ソラカメ」利用規約", "soracam.pdf"),
    ("hajimete", "SORACOMはじめてサポート規約", "hajimete.txt"),
    ("flux", "SORACOM Flux 契約約款", "flux.html"),
    ("securecam", "セキュアカメラクラウドサービス 利用規約", "securecam.pdf"),
    ("beta", "SORACOMベータ版規約", "beta.html"),
)


@dataclass(frozen=True)
class DemoSite:
    folder: Path  # what the server serves
    base_url: str


def find_demo_data(explicit: Path | None) -> Path:
    """The bundled demo publications: --data, else snapshots/demo here or beside the package."""
    candidates = [explicit] if explicit else []
    candidates += [
        Path.cwd() / "snapshots" / "demo",
        Path(__file__).resolve().parents[2] / "snapshots" / "demo",
    ]
    for candidate in candidates:
        if candidate and (candidate / "round1").is_dir() and (candidate / "round2").is_dir():
            return candidate
    raise UsageError(
        "demo data not found: run from the tracker checkout (snapshots/demo) or pass --data DIR"
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK wait
    """Serves files with Last-Modified and answers If-Modified-Since with 304, like a web
    server in front of static terms pages."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[DemoSite]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="tracker-demo-http", daemon=True)
    thread.start()
    try:
        yield DemoSite(folder, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


def publish(source: Path, site: Path, *, at: float) -> None:
    """Put a round's files on the site, stamped `at` (their Last-Modified)."""
    for name in sorted(os.listdir(source)):
        target = site / name
        if target.exists() and target.read_bytes() == (source / name).read_bytes():
            continue  # untouched: the server keeps answering 304
        shutil.copyfile(source / name, target)
        os.utime(target, (at, at))


def write_config(folder: Path, base_url: str) -> Path:
    lines = [
        "# Written by `tracker demo`: five agreements served from loopback.",
        "[tracker]",
        'database = "tracker.db"',
        'snapshots = "snapshots"',
        'reports = "reports"',
        "host_delay = 0.05",
        "",
    ]
    for document_id, name, file_name in DEMO_DOCUMENTS:
        lines += [
            "[[documents]]",
            f'id = "{document_id}"',
            f'name = "{name}"',
            f'url = "{base_url}/{file_name}"',
            "",
        ]
    path = folder / "tracker.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run_demo(
    data: Path,
    workdir: Path,
    *,
    run_round: Callable[[Path, str], None],
    say: Callable[[str], None],
    clock: Clock,
) -> Path:
    """Serve round 1, check, serve round 2, check; returns the config it wrote.

    `run_round(config_path, title)` runs one `check` and shows its result; `clock` dates the
    publications (their Last-Modified: round 1 a day before, round 2 an hour after that).
    """
    site = workdir / "site"
    site.mkdir(parents=True, exist_ok=True)
    with serve(site) as demo:
        config_path = write_config(workdir, demo.base_url)
        say(f"serving snapshots/demo on {demo.base_url} (loopback), working in {workdir}")
        first = (clock() - timedelta(days=1)).timestamp()
        publish(data / "round1", site, at=first)
        run_round(config_path, "Round 1 — first fetch of five agreements")
        publish(data / "round2", site, at=first + 3600)
        run_round(config_path, "Round 2 — two revised, one re-laid out, two untouched")
    return config_path
