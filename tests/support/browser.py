"""A real headless Chromium (Debian's `chromium`, driven by Playwright) for the HTML reports,
and `require_chromium()` for the tests of tracker's own headless browser (render = "browser").

`.ci/run` installs the browser and sets TRACKER_REQUIRE_BROWSER=1, so there a missing browser
fails the tests; on a developer machine without it they are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def require_chromium() -> str:
    """Chromium's path, when it and Playwright are installed; else skip the test, or fail it
    where TRACKER_REQUIRE_BROWSER is set (CI)."""
    executable = chromium_path()
    try:
        import playwright  # noqa: F401
    except ImportError:  # pragma: no cover - dev extra not installed
        executable = None
    if executable is None:
        if os.environ.get("TRACKER_REQUIRE_BROWSER"):
            pytest.fail("TRACKER_REQUIRE_BROWSER is set but Chromium/Playwright is not available")
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium)")
    return executable


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives every launch a new, empty profile of its own.
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


class PageWatch:
    """What a page did while it was open: console messages, page errors, dialogs, requests."""

    def __init__(self) -> None:
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []


def open_page(browser: Any, path: Path) -> tuple[Any, PageWatch]:
    watch = PageWatch()
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.on("console", lambda message: watch.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda request: watch.requests.append(request.url))
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, watch
