"""Fixtures that many test files share. Helpers live in `support/` (see tests/README.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.history import open_store
from support.http import Site, running_site

from tracker.store import Store


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
