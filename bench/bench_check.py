"""`tracker check` at scale: 1,000 agreements on loopback, first / unchanged / all-changed runs,
and urlwatch on the same URLs for comparison.

usage: .venv/bin/python bench/bench_check.py [--documents N] [--hosts H] [--concurrency C]
                                             [--urlwatch PATH] [--keep DIR] [--json PATH]

Targets (issue "Tracking over time"), for 1,000 documents: an unchanged run (every answer a 304)
≤ 10 s wall, a run where every document changed ≤ 60 s wall. The first run has no target.

Every run is the real command in a subprocess (`.venv/bin/tracker --config … check`), timed
wall clock, with its CPU seconds and peak RSS from `wait4`. The documents are the five seeds of
snapshots/seeds in rotation, each made distinct by a document number appended to a sentence of
its first article; the "changed" variant adds a proviso to one other article (a different one
from document to document). They are served by the project's test web site
(tests/support/http.py: ETag, Last-Modified, 304 on a matching If-None-Match; If-Modified-Since
is honoured here too) from threads of this process — tracker and urlwatch run in their own
processes, so the server never competes with them for a GIL, only for the CPUs.

urlwatch (not a dependency: install it into a throwaway virtualenv, e.g.
`python3 -m venv /tmp/urlwatch-venv && /tmp/urlwatch-venv/bin/pip install urlwatch`) is found
through --urlwatch or $URLWATCH; without it that part is skipped. It gets the same URLs (one `url`
job each), its own cache and config, its stdout reporter on (so it computes its diffs) into a
file, and the same three rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from email.utils import parsedate_to_datetime
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from common import ROOT, TRACKER, Figures, add_json_option, machine_line, show, timed_run

SEEDS = sorted((ROOT / "snapshots" / "seeds").glob("*.txt"))
TARGETS = {"unchanged": 10.0, "changed": 60.0}  # seconds of wall for 1,000 documents
ROUNDS = ("first", "unchanged", "changed")
EXPECTED = {"first": "first", "unchanged": "not-modified", "changed": "changed"}
CONTENT_TYPE = "text/plain; charset=utf-8"
_HEADING = re.compile(r"\s*第\s*[0-9０-９一二三四五六七八九十.]+\s*条")
PROVISO = "ただし、当社が別途定める場合はこの限りではありません。"


# --- the documents -------------------------------------------------------------------------


def sentence_lines(lines: Sequence[str]) -> list[int]:
    """Body lines from the first article on that hold a sentence end and occur only once."""
    first = next(i for i, line in enumerate(lines) if _HEADING.match(line))
    counts = Counter(lines)
    return [
        i
        for i in range(first + 1, len(lines))
        if "。" in lines[i]
        and len(lines[i].strip()) > 20
        and not _HEADING.match(lines[i])
        and counts[lines[i]] == 1
    ]


def _after_last_stop(line: str, addition: str) -> str:
    stop = line.rfind("。") + 1
    return line[:stop] + addition + line[stop:]


def make_documents(count: int) -> list[tuple[bytes, bytes]]:
    """(original, changed) bytes of `count` distinct agreements, the seeds in rotation."""
    seeds = [path.read_text(encoding="utf-8").split("\n") for path in SEEDS]
    candidates = [sentence_lines(lines) for lines in seeds]
    documents = []
    for number in range(count):
        lines = list(seeds[number % len(seeds)])
        spots = candidates[number % len(seeds)]
        marker = spots[0]
        lines[marker] = _after_last_stop(lines[marker], f"（文書番号{number:04d}）")
        original = "\n".join(lines)
        edited = spots[1 + (number * 7) % (len(spots) - 1)]
        lines[edited] = _after_last_stop(lines[edited], PROVISO)
        documents.append((original.encode(), "\n".join(lines).encode()))
    return documents


# --- the web site --------------------------------------------------------------------------


@dataclass
class Served:
    site: Any  # tests/support/http.Site
    hosts: tuple[str, ...]  # "127.0.0.1:40123", …
    statuses: Counter[int]
    lock: threading.Lock

    def url(self, number: int) -> str:
        return f"http://{self.hosts[number % len(self.hosts)]}/doc{number:04d}.txt"

    def publish(self, documents: Sequence[bytes], when: float) -> None:
        for number, body in enumerate(documents):
            self.site.put(f"/doc{number:04d}.txt", body, CONTENT_TYPE, when=when)

    def take_statuses(self) -> Counter[int]:
        with self.lock:
            taken = Counter(self.statuses)
            self.statuses.clear()
        return taken


@contextmanager
def serving(addresses: Sequence[str]) -> Iterator[Served]:
    """The test suite's `Site` on each loopback address (one server thread per address)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from support.http import Site, _handler  # the project's loopback site, reused as is

    site = Site()
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    base: Any = _handler(site)

    class Handler(base):  # type: ignore[misc]
        """Adds If-Modified-Since (when no If-None-Match is sent) and counts the answers."""

        # Headers and body go out in two writes; with Nagle's algorithm on, the body waits for
        # the client's delayed ACK of the headers (40 ms on Linux) on every 200 answer.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            since = self.headers.get("If-Modified-Since")
            with site.lock:
                page = site.pages.get(self.path)
            if page and since and self.headers.get("If-None-Match") is None:
                try:
                    fresh = parsedate_to_datetime(page.last_modified) <= parsedate_to_datetime(
                        since
                    )
                except (TypeError, ValueError):
                    fresh = False
                if fresh:
                    self.send_response(304)
                    self.send_header("Last-Modified", page.last_modified)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            super().do_GET()

        def send_response(self, code: int, message: str | None = None) -> None:
            with lock:
                statuses[code] += 1
            super().send_response(code, message)

    with ExitStack() as stack:
        hosts = []
        for address in addresses:
            server = ThreadingHTTPServer((address, 0), Handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            stack.callback(server.server_close)
            stack.callback(server.shutdown)
            hosts.append(f"{address}:{server.server_address[1]}")
        yield Served(site, tuple(hosts), statuses, lock)


# --- running and measuring -----------------------------------------------------------------


def tracker_setup(folder: Path, served: Served, count: int, concurrency: int) -> list[str]:
    """tracker.toml for the `count` documents; returns the command that checks them."""
    lines = [
        "[tracker]",
        'database = "tracker.db"',
        'snapshots = "snapshots"',
        'reports = "reports"',
        "host_delay = 0",
        f"concurrency = {concurrency}",
        "",
    ]
    for number in range(count):
        lines += [
            "[[documents]]",
            f'id = "doc{number:04d}"',
            f'name = "利用規約 {number:04d}"',
            f'url = "{served.url(number)}"',
            "",
        ]
    path = folder / "tracker.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return [str(TRACKER), "--config", str(path), "check"]


def urlwatch_setup(folder: Path, served: Served, count: int, urlwatch: Path) -> list[str]:
    """Jobs, config and cache for urlwatch; returns the command that runs them."""
    jobs = "---\n".join(
        f"name: doc{number:04d}\nurl: {served.url(number)}\n" for number in range(count)
    )
    (folder / "jobs.yaml").write_text(jobs, encoding="utf-8")
    # Merged over urlwatch's defaults: only the stdout reporter (on by default) stays on,
    # without colour; its output goes to a file.
    (folder / "config.yaml").write_text(
        "report:\n  stdout:\n    enabled: true\n    color: false\n", encoding="utf-8"
    )
    return [
        str(urlwatch),
        *("--urls", str(folder / "jobs.yaml"), "--config", str(folder / "config.yaml")),
        *("--cache", str(folder / "cache.db")),
    ]


def tracker_outcomes(folder: Path, stdout: Path) -> dict[str, int]:
    """The outcome counts of the latest run, rendered from the store: a run where nothing
    changed writes no report file, so the newest file may be an older run's."""
    command = [str(TRACKER), "--config", str(folder / "tracker.toml"), "report", "latest"]
    done = subprocess.run(
        [*command, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    counts: dict[str, int] = json.loads(done.stdout)["counts"]
    return counts


def urlwatch_outcomes(folder: Path, stdout: Path) -> dict[str, int]:
    """What urlwatch's text report lists: `01. NEW: …`, `02. CHANGED: …`, `03. ERROR: …`."""
    text = stdout.read_text(encoding="utf-8", errors="replace")
    return dict(Counter(m[1] for m in re.finditer(r"^\d+\. (NEW|CHANGED|ERROR):", text, re.M)))


@dataclass(frozen=True)
class Measured:
    wall: float
    cpu: float  # CPU seconds of the tool's process (user + system)
    peak_rss_mib: float
    answers: dict[int, int]  # HTTP status → how many the server sent
    outcomes: dict[str, int]
    ok: bool  # exit 0 and the outcomes expected


@dataclass(frozen=True)
class Tool:
    name: str
    command: list[str]
    folder: Path  # its state, and where its stdout goes
    env: dict[str, str]
    outcomes: Callable[[Path, Path], dict[str, int]]  # (folder, stdout) → counts
    expected: dict[str, dict[str, int]]  # round → counts


def measure(tool: Tool, round_name: str, served: Served, count: int) -> Measured:
    """Run one round of `tool`, print its line, return what it took and did."""
    stdout = tool.folder / f"stdout-{round_name}.txt"
    served.take_statuses()
    run = timed_run(tool.command, stdout=stdout, env=tool.env, cwd=tool.folder)
    answers = served.take_statuses()
    outcomes = tool.outcomes(tool.folder, stdout)
    ok = run.returncode == 0 and outcomes == tool.expected[round_name]
    served_text = ", ".join(f"{n} × {status}" for status, n in sorted(answers.items()))
    outcome_text = ", ".join(f"{n} {kind}" for kind, n in sorted(outcomes.items())) or "none"
    print(
        f"{round_name:<10} {tool.name:<9} {run.wall:>6.1f} s {run.cpu:>6.1f} s "
        f"{count / run.wall:>8.0f} {run.peak_rss_mib:>6.0f} MiB  {served_text} · {outcome_text}"
        + ("" if ok else f"  ← UNEXPECTED (exit {run.returncode}; see {stdout})")
    )
    if not ok:  # the folder may be a temporary one: show why here
        tail = stdout.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        print("\n".join(f"    | {line}" for line in tail))
    return Measured(run.wall, run.cpu, run.peak_rss_mib, dict(answers), outcomes, ok)


def find_urlwatch(explicit: str | None) -> Path | None:
    name = explicit or os.environ.get("URLWATCH")
    if not name:
        return None
    path = Path(name)
    if path.is_dir():
        path = path / "bin" / "urlwatch"
    # absolute: each tool runs in its own folder
    return path.absolute() if path.is_file() and os.access(path, os.X_OK) else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument(
        "--hosts", type=int, default=1, help="loopback addresses 127.0.0.1… as distinct hosts"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="tracker.toml concurrency")
    parser.add_argument("--urlwatch", default=None, help="urlwatch executable (or $URLWATCH)")
    parser.add_argument("--keep", default=None, help="work in this directory and keep it")
    add_json_option(parser)
    args = parser.parse_args()
    count: int = args.documents
    if not 1 <= args.hosts <= 254 or count < 1:
        parser.error("--hosts must be 1 … 254 and --documents at least 1")

    print(f"machine: {machine_line()}")
    figures = Figures("check")
    print(f"command: {shlex.join([show(Path(sys.executable)), *sys.argv])}")
    urlwatch = find_urlwatch(args.urlwatch)
    if urlwatch is None:
        wanted = args.urlwatch or os.environ.get("URLWATCH")
        why = f"{wanted} is not an executable" if wanted else "no --urlwatch and no $URLWATCH"
        print(f"urlwatch: skipped ({why}); install it into a throwaway virtualenv to compare")
        figures.details["urlwatch"] = f"skipped: {why}"
    documents = make_documents(count)
    sizes = [len(original) for original, _ in documents]
    print(
        f"documents: {count:,} (seeds in rotation), {min(sizes) / 1024:.0f}–"
        f"{max(sizes) / 1024:.0f} KiB each, {sum(sizes) / 1024**2:.1f} MiB in all, text/plain"
    )

    with ExitStack() as stack:
        if args.keep:
            work = Path(args.keep)
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-check-")))
        addresses = [f"127.0.0.{i}" for i in range(1, args.hosts + 1)]
        served = stack.enter_context(serving(addresses))
        print(
            f"server: tests/support/http.Site on {', '.join(served.hosts)} "
            "(ThreadingHTTPServer in threads of this process, TCP_NODELAY)"
        )
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        env["NO_PROXY"] = env["no_proxy"] = "127.0.0.0/8,localhost"
        folder = work / "tracker"
        folder.mkdir(parents=True, exist_ok=True)
        tools = [
            Tool(
                "tracker",
                tracker_setup(folder, served, count, args.concurrency),
                folder,
                env,
                tracker_outcomes,
                {round_name: {kind: count} for round_name, kind in EXPECTED.items()},
            )
        ]
        print(
            f"tracker: host_delay = 0, concurrency = {args.concurrency}, other settings default; "
            f"{shlex.join([show(TRACKER), '--config', 'tracker.toml', 'check'])}"
        )
        if urlwatch is not None:
            folder = work / "urlwatch"
            folder.mkdir(parents=True, exist_ok=True)
            version = subprocess.run(
                [str(urlwatch), "--version"], capture_output=True, text=True, check=False
            ).stdout.strip()
            tools.append(
                Tool(
                    "urlwatch",
                    urlwatch_setup(folder, served, count, urlwatch),
                    folder,
                    dict(env, HOME=str(folder)),  # nothing of it lands in the real home
                    urlwatch_outcomes,
                    {"first": {"NEW": count}, "unchanged": {}, "changed": {"CHANGED": count}},
                )
            )
            figures.details["urlwatch"] = version
            print(
                f"{version}: {shlex.join([str(urlwatch), '--urls', 'jobs.yaml'])} --config "
                "config.yaml --cache cache.db (10 worker threads: its fixed MAX_WORKERS)"
            )
        print(
            f"\n{'round':<10} {'tool':<9} {'wall':>8} {'CPU':>8} {'docs/s':>8} {'peak RSS':>10}  "
            "server answers · outcomes"
        )
        walls: dict[tuple[str, str], float] = {}
        rounds: list[dict[str, Any]] = []
        day = 86400.0
        for round_name in ROUNDS:
            if round_name == "first":
                served.publish([original for original, _ in documents], time.time() - 2 * day)
            elif round_name == "changed":
                served.publish([changed for _, changed in documents], time.time() - day)
            for tool in tools:
                measured = measure(tool, round_name, served, count)
                walls[round_name, tool.name] = measured.wall
                rounds.append(dict(asdict(measured), round=round_name, tool=tool.name))
                figures.add(
                    f"{round_name}_{tool.name}_s",
                    f"check, {round_name} round, {tool.name}, wall",
                    measured.wall,
                    "s",
                )
                if not measured.ok:
                    figures.problems.append(
                        f"{tool.name} {round_name} round: exit or outcomes not as expected "
                        f"({measured.outcomes})"
                    )

        print()
        if count < 1000:
            print("targets: not checked (they are for 1,000 documents; start-up dominates fewer)")
        cpus = {(r["round"], r["tool"]): r["cpu"] for r in rounds}
        for round_name, target in TARGETS.items() if count >= 1000 else ():
            per_thousand = walls[round_name, "tracker"] * 1000 / count
            figure = figures.add(
                f"{round_name}_per_1000_s",
                f"`tracker check`, {round_name} round, per 1,000 documents",
                per_thousand,
                "s",
                target,
                cpu=cpus[round_name, "tracker"] * 1000 / count,
            )
            print(
                f"target {round_name}: {per_thousand:.1f} s / 1,000 documents (≤ {target:.0f} s)"
                f" {'ok' if figure.ok else 'MISSED'}"
            )
        if urlwatch is not None:
            ratios = {r: walls[r, "tracker"] / walls[r, "urlwatch"] for r in ROUNDS}
            for round_name, ratio in ratios.items():
                figures.add(
                    f"{round_name}_vs_urlwatch",
                    f"check, {round_name} round, wall tracker / urlwatch",
                    ratio,
                    "×",
                )
            shown = ", ".join(f"{r} {ratio:.2f}×" for r, ratio in ratios.items())
            print(f"wall time tracker / urlwatch: {shown}")
        if args.keep:
            print(f"kept: {work}")
    figures.details.update(documents=count, hosts=args.hosts, rounds=rounds)
    figures.write(args.json)
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
