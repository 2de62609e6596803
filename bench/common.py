"""What every benchmark script shares: timing, the machine's description, and the figures file.

Each script prints its own numbers for people and, with `--json PATH`, writes the same numbers
as a `Figures` file so `run_all.py` can gather them without parsing text. Targets are upper
bounds ("≤"); a figure without a target is shown but never fails a run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
SEEDS = ROOT / "snapshots" / "seeds"
REVISIONS = ROOT / "snapshots" / "revisions"
TRACKER = Path(sys.executable).with_name("tracker")
# The packages whose speed the figures depend on (tracker's own dependencies and the PDF maker).
KEY_PACKAGES = (
    "tracker",
    "pypdfium2",
    "diff-match-patch",
    "lxml",
    "beautifulsoup4",
    "httpx",
    "charset-normalizer",
    "click",
    "reportlab",
)


def seed(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` ("003" → snapshots/seeds/003_….txt)."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


# --- timing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """Wall time of repeated calls, in milliseconds. The median is what targets are checked on:
    on a shared machine the best is luck and the mean is dragged by one stall. The median CPU
    time is beside it because other processes inflate it far less than the wall time: a wall
    figure well above its CPU figure was waiting for a CPU."""

    best_ms: float
    median_ms: float
    runs: int
    cpu_median_ms: float  # this process and the children it waited for, user + system


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and by its children that have been waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # µs resolution; os.times has 10 ms
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(function: Callable[[], object], runs: int, *, warm_up: bool = True) -> Timing:
    """Best and median wall time of `runs` calls of `function`, after one untimed warm-up call
    (imports, caches) unless `warm_up` is false; and the median CPU time."""
    if warm_up:
        function()
    samples, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), cpu_seconds()
        function()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((cpu_seconds() - start_cpu) * 1000)
    return Timing(min(samples), statistics.median(samples), runs, statistics.median(cpu))


@dataclass(frozen=True)
class Run:
    """One finished child process: wall seconds, its own peak RSS, its exit status, and the CPU
    seconds it used (user + system, its own children included), which a busy machine inflates
    far less than the wall time."""

    wall: float
    peak_rss_mib: float
    returncode: int
    cpu: float


def timed_run(
    command: Sequence[str],
    *,
    stdout: Path | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> Run:
    """Run `command` to completion (stdout and stderr into the file `stdout`, or discarded):
    wall time, and the child's own peak RSS from wait4 (not the largest of all children so far,
    which is what getrusage(RUSAGE_CHILDREN) would give)."""
    with open(stdout or os.devnull, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_maxrss / 1024, process.returncode, usage.ru_utime + usage.ru_stime)


# --- the machine ----------------------------------------------------------------------------


def _proc_field(path: str, prefix: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.system()


def package_versions(names: Sequence[str] = KEY_PACKAGES) -> dict[str, str]:
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_revision() -> str:
    """The commit the tree is at, with "+changes" when the working tree differs from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{head}+changes" if head and dirty else head or "unknown"


def japanese_fonts() -> str:
    """The system fonts that cover Japanese (fontconfig). PDFium used to substitute one of them
    for each CJK font a PDF does not embed (installing fonts-noto-cjk took PDF text from 2 to
    16 ms a page); tracker now gives it its own substitute, so they should not matter: recorded
    so that can be seen."""
    if shutil.which("fc-list") is None:
        return "unknown (no fc-list)"
    listed = subprocess.run(
        ["fc-list", ":lang=ja", "family"], capture_output=True, text=True
    ).stdout.splitlines()
    families = sorted({line.split(",")[0].strip() for line in listed if line.strip()})
    if not families:
        return "none"
    shown = ", ".join(families[:3]) + (" …" if len(families) > 3 else "")
    return f"{len(families)} families ({shown})"


def machine() -> dict[str, Any]:
    """CPU model, cores, RAM, OS, Python and the key package versions, as JSON-able values."""
    memory = _proc_field("/proc/meminfo", "MemTotal")
    return {
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": len(os.sched_getaffinity(0)),
        "cores_online": os.cpu_count(),
        "ram_gib": round(int(memory.split()[0]) / 1024**2, 1) if memory else None,
        "os": _os_name(),
        "kernel": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": package_versions(),
        "japanese_fonts": japanese_fonts(),
        "git": git_revision(),
    }


def machine_line(described: dict[str, Any] | None = None) -> str:
    """One line for a script's header: "2 CPUs (Intel …), 24 GiB, Linux 6.1, Python 3.11.7"."""
    m = described or machine()
    ram = f", {m['ram_gib']:.0f} GiB" if m["ram_gib"] else ""
    return f"{m['cores']} CPUs ({m['cpu']}){ram}, {m['kernel']}, Python {m['python'].split()[-1]}"


@dataclass(frozen=True)
class CpuSample:
    """Cumulative CPU jiffies of the whole machine (/proc/stat) and of this process's reaped
    children, to tell afterwards how much of the machine others used while a benchmark ran."""

    at: float
    busy: int  # user + nice + system + irq + softirq, all CPUs
    steal: int  # taken by the hypervisor for other guests
    children: float  # CPU seconds of our finished children


def cpu_sample() -> CpuSample:
    ticks = [0] * 8
    try:
        with open("/proc/stat") as stat:
            ticks = [int(v) for v in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        pass
    user, nice, system, _idle, _iowait, irq, softirq, steal = ticks
    children = os.times()
    return CpuSample(
        time.monotonic(),
        user + nice + system + irq + softirq,
        steal,
        children.children_user + children.children_system,
    )


def others_load(before: CpuSample, after: CpuSample) -> dict[str, float]:
    """Share of all CPUs busy with work that was not ours, and share stolen, between two samples.

    Our children's CPU time is only counted once they are reaped, so sample after waiting."""
    hertz = os.sysconf("SC_CLK_TCK")
    capacity = max(after.at - before.at, 1e-9) * (os.cpu_count() or 1)
    busy = (after.busy - before.busy) / hertz
    ours = after.children - before.children
    return {
        "others": round(max(busy - ours, 0.0) / capacity, 3),
        "steal": round((after.steal - before.steal) / hertz / capacity, 3),
    }


# --- figures --------------------------------------------------------------------------------


@dataclass
class Figure:
    """One number a benchmark reports; `target` is an upper bound, or None for information."""

    name: str  # stable identifier: "normalise_003_ms"
    label: str  # for people: "normalise seed 003, median"
    value: float
    unit: str
    target: float | None = None
    cpu: float | None = None  # the CPU time behind a wall-time value, same unit

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else self.value <= self.target


@dataclass
class Figures:
    """Everything one script measured: its figures, what went wrong, and free-form details."""

    bench: str
    command: list[str] = field(default_factory=lambda: [sys.executable, *sys.argv])
    figures: list[Figure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # a run that did not do what it should
    details: dict[str, Any] = field(default_factory=dict)

    def add(
        self,
        name: str,
        label: str,
        value: float,
        unit: str,
        target: float | None = None,
        *,
        cpu: float | None = None,
    ) -> Figure:
        figure = Figure(name, label, value, unit, target, cpu)
        self.figures.append(figure)
        return figure

    @property
    def failed(self) -> bool:
        return bool(self.problems) or any(f.ok is False for f in self.figures)

    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def as_json(self) -> dict[str, Any]:
        return {
            "bench": self.bench,
            "command": self.command,
            "figures": [dict(asdict(f), ok=f.ok) for f in self.figures],
            "problems": self.problems,
            "details": self.details,
            "failed": self.failed,
        }

    def write(self, path: Path | None) -> None:
        if path is not None:
            path.write_text(
                json.dumps(self.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        metavar="PATH",
        help="also write the figures to PATH as JSON (run_all.py reads them)",
    )


def show(path: Path) -> str:
    """`path` relative to the current directory when it is below it, for printed commands."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
