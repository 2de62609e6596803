"""Fixtures that many test files share, and the suite's clock. Helpers live in `support/`
(see tests/README.md)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from support.browser import browser
from support.clock import SUITE_TODAY, offset_to
from support.history import open_store
from support.http import Site, running_site

from tracker.clock import CLOCK_OFFSET
from tracker.store import Store

__all__ = ["browser"]  # the real Chromium of support/browser.py, one for the session


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today",
        default=None,
        metavar="YYYY-MM-DD",
        help=f"The day every tracker run of the suite reads (default {SUITE_TODAY}).",
    )


def pytest_configure(config: pytest.Config) -> None:
    """One clock for the session, in this process and every `tracker` it starts."""
    given = config.getoption("--today")
    day = date.fromisoformat(given) if given else SUITE_TODAY
    os.environ[CLOCK_OFFSET] = repr(offset_to(day))


@pytest.fixture
def site() -> Iterator[Site]:
    """A web server on loopback serving whatever the test puts on it (ETag, Last-Modified, 304;
    faults on demand)."""
    with running_site() as served:
        yield served


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A real store (SQLite file and snapshots folder) in the test's temporary directory."""
    with open_store(tmp_path) as opened:
        yield opened
