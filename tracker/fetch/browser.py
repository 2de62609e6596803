"""The headless browser of a run: one Chromium, started for the first page that needs it and
shared by every fetch thread, with at most `FetchPolicy.max_pages` pages open at once.

Playwright's async API runs on an event loop of its own, in a thread of its own; fetch threads
hand it pages to render and wait for the result (the sync API cannot be shared between threads).
Chromium is found through `TRACKER_CHROMIUM`, else on the PATH (Debian's `chromium`), else the
copy `python -m playwright install chromium` downloads. When Playwright or Chromium is missing,
every page that needs them fails with the command that installs them; the launch is tried once
a run, not once a page.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import shutil
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.fetch.failures import AttemptFailed, duration_words
from tracker.fetch.policy import Fetched, FetchPolicy, FetchRequest, Render

if TYPE_CHECKING:
    from playwright.async_api import Browser, Playwright

CHROMIUM_ENV = "TRACKER_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_PLAYWRIGHT = "pip install 'tracker[browser]'"
INSTALL_CHROMIUM = "apt-get install chromium, or python -m playwright install chromium"
# Servers and containers have no GPU, and often a /dev/shm too small for Chromium's renderers.
CHROMIUM_FLAGS = ("--disable-gpu", "--disable-dev-shm-usage")
LAUNCH_TIMEOUT = 30.0
# A page that outlives its own budget by this much is abandoned (Playwright's own timeouts
# should have ended it; this bounds what they do not cover, such as closing the page).
GRACE = 10.0
SHUTDOWN_TIMEOUT = 30.0


def chromium_executable() -> str | None:
    """The Chromium to launch: `TRACKER_CHROMIUM`, else one on the PATH; None leaves the choice
    to Playwright (the browser it downloads). Raises AttemptFailed when TRACKER_CHROMIUM names
    no program."""
    given = os.environ.get(CHROMIUM_ENV)
    if given:
        found = shutil.which(given)
        if found is None:
            raise AttemptFailed(
                f"{CHROMIUM_ENV} names {given!r}, which is not a program",
                transient=False,
                hint=f"point {CHROMIUM_ENV} at Chromium, or unset it and {INSTALL_CHROMIUM}",
            )
        return found
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    return None


@dataclass(frozen=True)
class _Launched:
    playwright: Playwright
    browser: Browser
    user_agent: str  # Chromium's own; tracker's identification goes after it
    pages: asyncio.Semaphore


class SharedBrowser:
    """Renders pages (`render`, from any thread) in one Chromium, launched on first use, at
    most `policy.max_pages` at once.

    `launches` counts the times Chromium was started (at most once). Use as a context manager,
    or call `close()`: it closes Chromium and stops the browser's thread.
    """

    def __init__(self, policy: FetchPolicy) -> None:
        self._policy = policy
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._launch_task: asyncio.Task[_Launched] | None = None  # touched on the loop only
        self.launches = 0

    def __enter__(self) -> SharedBrowser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def render(self, request: FetchRequest, policy: FetchPolicy) -> Fetched:
        """The page at `request.url` as Chromium rendered it, within `policy`'s size cap and
        with its User-Agent; raises AttemptFailed."""
        rendering = self._render(request, policy)
        return asyncio.run_coroutine_threadsafe(rendering, self._running_loop()).result()

    def close(self) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        try:
            # A browser that cannot be closed in time is left to die with its driver, which
            # exits with this process: the run's results are in by now.
            with contextlib.suppress(concurrent.futures.TimeoutError):
                asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(SHUTDOWN_TIMEOUT)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(
                    target=self._loop.run_forever, name="tracker-browser", daemon=True
                )
                self._thread.start()
            return self._loop

    async def _render(self, request: FetchRequest, policy: FetchPolicy) -> Fetched:
        if self._launch_task is None:
            self._launch_task = asyncio.ensure_future(self._launch())
        launched = await self._launch_task
        from playwright.async_api import Error as PlaywrightError

        from tracker.fetch.page import render_page

        budget = (request.render or Render()).timeout
        async with launched.pages:  # the budget starts once the page has its turn
            try:
                return await asyncio.wait_for(
                    render_page(
                        launched.browser,
                        request,
                        policy,
                        user_agent=f"{launched.user_agent} {policy.user_agent_header}",
                    ),
                    budget + GRACE,
                )
            except TimeoutError:
                raise AttemptFailed(
                    f"the page was not ready within {duration_words(budget)}", transient=True
                ) from None
            except PlaywrightError as error:  # the browser itself failed (crashed, closed)
                raise AttemptFailed(
                    f"the browser failed ({_first_line(error)})", transient=True
                ) from None

    async def _launch(self) -> _Launched:
        try:
            from playwright.async_api import Error as PlaywrightError
            from playwright.async_api import async_playwright
        except ImportError:
            raise AttemptFailed(
                "the headless browser is not installed (no Playwright)",
                transient=False,
                hint=f"{INSTALL_PLAYWRIGHT}, then {INSTALL_CHROMIUM}",
            ) from None
        executable = chromium_executable()
        playwright = await async_playwright().start()
        try:
            self.launches += 1
            browser = await playwright.chromium.launch(
                executable_path=executable,
                args=list(CHROMIUM_FLAGS),
                timeout=LAUNCH_TIMEOUT * 1000,
            )
            page = await browser.new_page()
            own_agent = await page.evaluate("navigator.userAgent")
            await page.close()
        except PlaywrightError as error:
            await playwright.stop()
            raise AttemptFailed(
                f"Chromium could not be started ({_first_line(error)})",
                transient=False,
                hint=f"{INSTALL_CHROMIUM}, or name it in {CHROMIUM_ENV}",
            ) from None
        pages = asyncio.Semaphore(self._policy.max_pages)
        return _Launched(playwright, browser, own_agent, pages)

    async def _shutdown(self) -> None:
        task = self._launch_task
        if task is None or not task.done() or task.cancelled() or task.exception() is not None:
            return
        from playwright.async_api import Error as PlaywrightError

        launched = task.result()
        with contextlib.suppress(PlaywrightError):  # it crashed, or its driver is gone
            await launched.browser.close()
        with contextlib.suppress(PlaywrightError):
            await launched.playwright.stop()


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
