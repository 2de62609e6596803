"""The run lock: one holder at a time, a bounded wait, released even when the holder is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tracker.check.lock import LockTimeout, exclusive_lock

HOLD = """
import sys, time
from pathlib import Path
from tracker.check.lock import exclusive_lock
with exclusive_lock(Path(sys.argv[1]), timeout=5):
    print("locked", flush=True)
    time.sleep(60)
"""


def hold_in_subprocess(path: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_second_holder_waits_a_bounded_time_then_fails_clearly(tmp_path: Path) -> None:
    lock = tmp_path / "tracker.db.lock"
    holder = hold_in_subprocess(lock)
    try:
        started = time.monotonic()
        with (
            pytest.raises(LockTimeout, match="another tracker run holds"),
            exclusive_lock(lock, timeout=0.3),
        ):
            pass
        assert 0.25 <= time.monotonic() - started < 3
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_is_released_when_the_holder_is_killed(tmp_path: Path) -> None:
    lock = tmp_path / "tracker.db.lock"
    holder = hold_in_subprocess(lock)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with exclusive_lock(lock, timeout=2):
        pass


def test_the_lock_can_be_taken_again_after_release(tmp_path: Path) -> None:
    lock = tmp_path / "sub" / "tracker.db.lock"
    with exclusive_lock(lock, timeout=1):
        pass
    with exclusive_lock(lock, timeout=1):
        assert lock.read_text().strip() == str(os.getpid())
