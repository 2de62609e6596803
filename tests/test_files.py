"""Files tracker writes get the permissions of the process's umask, as SQLite's database does:
readable by a web server under the usual umask 022, private under 027 or 077."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.http import Site
from support.run import SEED_004, TEXT, run, write_config

from tracker.files import umask, write_atomic


@pytest.fixture
def mask(request: pytest.FixtureRequest) -> Iterator[int]:
    wanted: int = request.param
    before = os.umask(wanted)
    try:
        yield wanted
    finally:
        os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o077], indirect=True)
def test_written_files_follow_the_umask(tmp_path: Path, mask: int) -> None:
    assert umask() == mask
    path = tmp_path / "report.html"
    write_atomic(path, b"<html></html>")
    assert mode(path) == 0o666 & ~mask


@pytest.mark.parametrize("mask", [0o022, 0o027], indirect=True)
def test_a_check_writes_the_store_and_the_reports_alike(
    tmp_path: Path, site: Site, mask: int
) -> None:
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    config = write_config(tmp_path, {"beta": site.url("/beta.txt")})
    assert run(config, "check").exit_code == 0
    expected = 0o666 & ~mask
    assert mode(tmp_path / "tracker.db") == expected
    reports = sorted((tmp_path / "reports").iterdir())
    assert reports and all(mode(p) == expected for p in reports)
    snapshots = [p for p in (tmp_path / "snapshots").rglob("*") if p.is_file()]
    assert snapshots and all(mode(p) == expected for p in snapshots)
