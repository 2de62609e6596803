"""Two `tracker check` runs at once, and reading the store while a run writes.

cron may start a run while the last one is still going, and compliance staff read the history
(`log`, `diff`, Datasette) whenever they like. The README promises one run at a time (`flock`
on `tracker.db.lock`; the second waits `lock_timeout` seconds, then exits 2) and a WAL database
that readers can use during a write. Everything here is real: `tracker` processes, a loopback
site, SQLite files, Datasette's own client.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from click.testing import CliRunner
from support.crash import spawn, store_problems, trickling_site

from tracker.check.demo import DEMO_DOCUMENTS
from tracker.cli import cli

T = TypeVar("T")

DEMO = Path(__file__).resolve().parent.parent / "snapshots" / "demo"
TRACKER = [sys.executable, "-m", "tracker"]
IDS = [document_id for document_id, _, _ in DEMO_DOCUMENTS]


def publish(site: Any, round_name: str) -> None:
    for _, _, file_name in DEMO_DOCUMENTS:
        body = (DEMO / round_name / file_name).read_bytes()
        site.put(f"/{file_name}", body, mimetypes.guess_type(file_name)[0] or "text/plain")


def write_config(workspace: Path, site: Any, **settings: object) -> Path:
    lines = ["[tracker]", "host_delay = 0", "retries = 0", "timeout = 10"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    for document_id, name, file_name in DEMO_DOCUMENTS:
        url = site.url(f"/{file_name}")
        lines += ["[[documents]]", f'id = "{document_id}"', f'name = "{name}"', f'url = "{url}"']
    config = workspace / "tracker.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def cli_run(config: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--config", str(config), *args], catch_exceptions=False)


def rows(workspace: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(workspace / "tracker.db") as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def site() -> Iterator[Any]:
    with trickling_site() as served:
        publish(served, "round1")
        yield served


@dataclass(frozen=True)
class Finished:
    code: int
    stderr: str
    seconds: float


def start_together(config: Path, count: int = 2) -> list[Finished]:
    """Start `count` `tracker check` processes at the same moment; wait for all of them, noting
    when each one ended."""
    errors = [config.with_name(f"check{n}.err") for n in range(count)]
    started = time.monotonic()
    processes = []
    for error in errors:
        with error.open("w") as stderr:
            processes.append(
                subprocess.Popen(
                    [*TRACKER, "--config", str(config), "check"],
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                )
            )
    ended: dict[int, float] = {}
    while len(ended) < count:
        assert time.monotonic() - started < 120, "the runs did not end"
        for n, process in enumerate(processes):
            if n not in ended and process.poll() is not None:
                ended[n] = time.monotonic() - started
        time.sleep(0.01)
    return [
        Finished(int(process.returncode), errors[n].read_text(encoding="utf-8"), ended[n])
        for n, process in enumerate(processes)
    ]


def runs(workspace: Path) -> list[tuple[Any, ...]]:
    return rows(
        workspace,
        "SELECT id, julianday(started), julianday(finished), exit_status FROM runs ORDER BY id",
    )


def test_two_runs_started_together_take_turns_and_record_nothing_twice(
    tmp_path: Path, site: Any
) -> None:
    for _, _, file_name in DEMO_DOCUMENTS:
        site.delays[f"/{file_name}"] = 0.2  # the first run holds the lock for a second or more
    config = write_config(tmp_path, site, lock_timeout=60)

    results = start_together(config)

    assert [r.code for r in results] == [0, 0], [r.stderr for r in results]
    first, second = runs(tmp_path)
    assert first[3] == second[3] == 0
    assert second[1] >= first[2], "the second run started before the first had finished"
    assert rows(tmp_path, "SELECT document, count(*) FROM versions GROUP BY document") == sorted(
        (document_id, 1) for document_id in IDS
    )
    outcomes = rows(tmp_path, "SELECT run, outcome, count(*) FROM fetches GROUP BY run, outcome")
    assert outcomes == [(first[0], "first", 5), (second[0], "not-modified", 5)]
    assert rows(tmp_path, "SELECT count(*) FROM snapshots") == [(5,)]
    # the second run found nothing new: a quiet run writes no report files
    assert len(list((tmp_path / "reports").glob("*-run*.json"))) == 1
    assert store_problems(tmp_path) == []


def test_a_run_that_cannot_get_the_lock_in_time_exits_2_and_leaves_no_trace(
    tmp_path: Path, site: Any
) -> None:
    for _, _, file_name in DEMO_DOCUMENTS:
        site.delays[f"/{file_name}"] = 0.6  # the winner holds the lock for 3 s or more
    config = write_config(tmp_path, site, lock_timeout=0.5)

    results = sorted(start_together(config), key=lambda r: r.code)

    winner, loser = results
    assert (winner.code, loser.code) == (0, 2), [r.stderr for r in results]
    assert "another tracker run holds" in loser.stderr
    assert "tracker.db.lock" in loser.stderr and "waited 0.5 s" in loser.stderr
    assert loser.stderr.count("\n") == 1  # one line, no traceback
    assert loser.seconds < winner.seconds  # it gave up; it did not wait the run out
    ((_, _, finished, status),) = runs(tmp_path)  # the loser never started a run
    assert finished is not None and status == 0
    assert rows(tmp_path, "SELECT count(*) FROM versions") == [(5,)]
    assert rows(tmp_path, "SELECT count(*) FROM fetches") == [(5,)]
    assert len(list((tmp_path / "reports").glob("*-run*.json"))) == 1
    assert store_problems(tmp_path) == []


# --- reading while a run writes -------------------------------------------------------------


@dataclass(frozen=True)
class HeldWrite:
    """A real `tracker check` (round 2) stopped inside the transaction that records soracam's
    new version, before its COMMIT; securecam's v2 is already committed by an earlier run."""

    workspace: Path
    config: Path
    process: subprocess.Popen[bytes]
    release: Path


@pytest.fixture(scope="module")
def round2_site() -> Iterator[Any]:
    with trickling_site() as served:
        publish(served, "round2")
        yield served


@pytest.fixture(scope="module")
def securecam_revised(tmp_path_factory: pytest.TempPathFactory, round2_site: Any) -> Path:
    """A store after round 1, then round 2 for securecam only (its v2 committed): copied by
    every test that holds a write."""
    workspace = tmp_path_factory.mktemp("securecam-revised")
    with trickling_site() as round1_site:
        publish(round1_site, "round1")
        assert cli_run(write_config(workspace, round1_site), "check").exit_code == 0
    config = write_config(workspace, round2_site, lock_timeout=5)
    assert cli_run(config, "check", "--only", "securecam").exit_code == 0
    return workspace


@pytest.fixture
def held_write(tmp_path: Path, securecam_revised: Path) -> Iterator[HeldWrite]:
    workspace = tmp_path / "ws"
    shutil.copytree(securecam_revised, workspace)
    log, release = tmp_path / "held.log", tmp_path / "release"
    process = spawn(workspace, ["check"], kill={"event": "hold", "release": str(release)}, log=log)
    try:
        deadline = time.monotonic() + 60
        while "held" not in _read(log) and process.poll() is None:
            assert time.monotonic() < deadline, "the check never reached its transaction"
            time.sleep(0.05)
        assert process.poll() is None, _read(Path(f"{log}.err"))
        yield HeldWrite(workspace, workspace / "tracker.toml", process, release)
        release.touch()
        assert process.wait(timeout=60) == 0, _read(Path(f"{log}.err"))
    finally:
        release.touch()
        if process.poll() is None:
            process.kill()
            process.wait()


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_a_held_write_is_a_real_uncommitted_version(held_write: HeldWrite) -> None:
    """The fixture's premise: the check is inside its write transaction, and its version
    becomes visible only at the COMMIT."""
    conn = sqlite3.connect(held_write.workspace / "tracker.db", timeout=0.2)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            conn.execute("BEGIN IMMEDIATE")
    finally:
        conn.close()
    held_write.release.touch()
    assert held_write.process.wait(timeout=60) == 0
    assert rows(held_write.workspace, "SELECT count(*) FROM versions") == [(7,)]


def test_a_read_only_connection_reads_the_committed_rows_during_the_write(
    held_write: HeldWrite,
) -> None:
    started = time.monotonic()
    uri = f"file:{held_write.workspace / 'tracker.db'}?mode=ro"
    with sqlite3.connect(uri, uri=True, timeout=0.5) as conn:
        counts = dict(
            conn.execute("SELECT document, count(*) FROM versions GROUP BY document").fetchall()
        )
        latest = conn.execute("SELECT count(*) FROM latest_versions").fetchone()[0]
    assert time.monotonic() - started < 1.0
    assert counts == {"soracam": 1, "hajimete": 1, "flux": 1, "securecam": 2, "beta": 1}
    assert latest == 5


def test_datasette_reads_the_committed_rows_during_the_write(held_write: HeldWrite) -> None:
    """The README points at Datasette for browsing: its own client (no server needed) reads the
    tables and views while the check's transaction is open."""
    # Skipped where Datasette is not installed: it is not (yet) in pyproject's dev extras.
    datasette_app = pytest.importorskip("datasette.app")
    database = held_write.workspace / "tracker.db"

    async def query(path: str) -> Any:
        datasette = datasette_app.Datasette([str(database)])
        response = await datasette.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    started = time.monotonic()
    versions = _in_own_loop(query("/tracker/versions.json?_shape=array&_size=max"))
    latest = _in_own_loop(query("/tracker/latest_versions.json?_shape=array"))
    assert time.monotonic() - started < 10
    committed = rows(held_write.workspace, "SELECT document, sha256 FROM versions")
    assert sorted((v["document"], v["sha256"]) for v in versions) == sorted(committed)
    assert len(versions) == 6  # soracam's v2 is not committed yet
    assert {row["document"] for row in latest} == set(IDS)


def test_log_and_diff_answer_promptly_during_the_write(held_write: HeldWrite) -> None:
    config = str(held_write.config)
    started = time.monotonic()
    log = subprocess.run(
        [*TRACKER, "--config", config, "log", "securecam", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=4,
    )
    diff = subprocess.run(
        [*TRACKER, "--config", config, "diff", "securecam", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=4,
    )
    assert time.monotonic() - started < 6
    assert log.returncode == 0, log.stderr
    assert [v["number"] for v in json.loads(log.stdout)["versions"]] == [1, 2]
    assert diff.returncode == 1, diff.stderr  # changes between v1 and v2
    assert json.loads(diff.stdout)["changes"]


def test_log_and_diff_during_a_running_check_see_committed_states(
    tmp_path: Path, site: Any
) -> None:
    """No held transaction: a real round-2 check on a slow site (0.3 s an answer), read over
    and over while it runs. Every read succeeds and sees v1 or v1+v2, never anything else, and
    some read falls between its two commits (soracam's first, securecam's three fetches on)."""
    config = write_config(tmp_path, site, lock_timeout=5)
    assert cli_run(config, "check").exit_code == 0
    publish(site, "round2")
    for _, _, file_name in DEMO_DOCUMENTS:
        site.delays[f"/{file_name}"] = 0.3
    process = subprocess.Popen(
        [*TRACKER, "--config", str(config), "check"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    seen: list[tuple[tuple[int, ...], ...]] = []
    slowest = 0.0
    try:
        while process.poll() is None:
            states = []
            for document_id in ("soracam", "securecam"):
                started = time.monotonic()
                log = cli_run(config, "log", document_id, "--format", "json")
                slowest = max(slowest, time.monotonic() - started)
                assert log.exit_code == 0, log.output
                states.append(tuple(v["number"] for v in json.loads(log.stdout)["versions"]))
            seen.append(tuple(states))
    finally:
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert set(seen) <= {((1,), (1,)), ((1, 2), (1,)), ((1, 2), (1, 2))}, set(seen)
    assert ((1, 2), (1,)) in seen, f"no read fell between the run's commits ({len(seen)} reads)"
    assert cli_run(config, "diff", "securecam").exit_code == 1  # both versions, after the run
    assert slowest < 5.0, f"a read took {slowest:.1f} s"


def _in_own_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` in a thread of its own: the session's Playwright (the browser tests) keeps
    an event loop running in the main thread, where `asyncio.run` refuses to start another."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
