"""A full disk, for real: `tracker` run on a small tmpfs filled to a chosen number of free bytes.

The tmpfs is mounted in a mount namespace of the child's own (`unshare -m --propagation
private`), over a folder of the test's: only that process sees it, nothing on the machine fills
up, and it disappears with the process. The script copies the workspace onto it, fills it with
`fallocate` until `free` bytes are left, runs the command, then copies what the run left behind
back out to a folder the test can read. Needs Linux and root (CI runs as root);
`small_disk_unavailable()` says why it cannot be done here, or None, and
`TRACKER_REQUIRE_MOUNTS=1` (set by `.ci/run`) turns that skip into a failure.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REQUIRE_MOUNTS = "TRACKER_REQUIRE_MOUNTS"
DISK_SIZE = 4 * 1024 * 1024


def mounts_required() -> bool:
    return os.environ.get(REQUIRE_MOUNTS) == "1"


@dataclass(frozen=True)
class FullDiskRun:
    returncode: int
    stdout: str
    stderr: str
    free_before: int  # bytes free on the disk when the command started
    left: Path  # a copy of what the command left on the disk


def _script(workspace: Path, disk: Path, left: Path, out: Path, free: int, command: str) -> str:
    w, d, o = (shlex.quote(str(p)) for p in (workspace, disk, out))
    return (
        "set -e\n"
        f"mount -t tmpfs -o size={DISK_SIZE} tracker-full-disk {d}\n"
        f"cp -a {w}/. {d}/\n"
        f"avail=$(df -B1 --output=avail {d} | tail -1)\n"
        f"if [ $((avail - {free})) -gt 0 ]; then fallocate -l $((avail - {free})) {d}/.filler; fi\n"
        f"df -B1 --output=avail {d} | tail -1 > {o}/free\n"
        "set +e\n"
        f"(cd {d} && {command}) > {o}/stdout 2> {o}/stderr\n"
        f"echo $? > {o}/returncode\n"
        f"rm -f {d}/.filler\n"
        f"cp -a {d}/. {shlex.quote(str(left))}/\n"
    )


def run_on_full_disk(workspace: Path, free: int, args: list[str], scratch: Path) -> FullDiskRun:
    """Run `python -m tracker ARGS` in a copy of `workspace` on a disk with `free` bytes left."""
    disk, left, out = scratch / "disk", scratch / "left", scratch / "out"
    for folder in (disk, left, out):
        folder.mkdir(parents=True)
    command = " ".join(shlex.quote(part) for part in [sys.executable, "-m", "tracker", *args])
    script = _script(workspace, disk, left, out, free, command)
    wrapper = ["unshare", "-m", "--propagation", "private", "sh", "-c", script]
    finished = subprocess.run(wrapper, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    return FullDiskRun(
        returncode=int((out / "returncode").read_text()),
        stdout=(out / "stdout").read_text(encoding="utf-8"),
        stderr=(out / "stderr").read_text(encoding="utf-8"),
        free_before=int((out / "free").read_text()),
        left=left,
    )


@functools.cache
def small_disk_unavailable() -> str | None:
    """Why this machine cannot give a process a small disk of its own; None when it can."""
    if not sys.platform.startswith("linux"):
        return f"a private tmpfs needs Linux mount namespaces (this is {sys.platform})"
    if os.geteuid() != 0:
        return "a private tmpfs needs root (unshare -m and mount; CI runs as root)"
    for tool in ("unshare", "fallocate", "df"):
        if shutil.which(tool) is None:
            return f"a full disk needs {tool}(1) from util-linux / coreutils"
    probe = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", "mount -t tmpfs none /mnt"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if probe.returncode != 0:
        return f"unshare/mount failed here: {probe.stderr.strip() or probe.returncode}"
    return None
