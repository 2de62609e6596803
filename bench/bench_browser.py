"""What `render = "browser"` costs per page: Chromium's start, each page after it, memory, and
`tracker check` end to end, against a plain fetch of the same agreement.

usage: .venv/bin/python bench/bench_browser.py [--documents N] [--runs R] [--json PATH]

The agreement is seed 003 (60 KB of text, 59 sections), one copy per document (its number
appended to a sentence so no two are alike), published on four loopback addresses twice: as a
single-page app (an empty `<div id="root">` and a script that fetches the agreement as JSON and
writes one `<p>` per line) and as the same text in static HTML. The site is the test suite's
(tests/support/http.py), served from threads of this process.

In process, through tracker.fetch: Chromium's start with the first page; later pages one at a
time, ready by `wait_for` and by network idle; a plain httpx GET of the static page; N pages on
four hosts, two at once (the default `browser_pages`). End to end, `tracker check` (the real
command in a subprocess) on N rendered documents and on the N static ones. Memory is the
proportional set size (PSS, from /proc/PID/smaps_rollup, so pages shared between Chromium's
processes count once) of every process below us, sampled every 50 ms; its peak is reported.

No targets: these are figures for the README ("Pages written by JavaScript").
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from common import ROOT, TRACKER, Figures, add_json_option, machine_line, seed, timed_run

from tracker.fetch import Fetched, FetchPolicy, FetchRequest, Render, fetch, fetch_many
from tracker.fetch.browser import SharedBrowser, chromium_executable

ADDRESSES = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
HTML = "text/html; charset=utf-8"
JSON = "application/json"
WAIT_FOR = "#terms p"
POLICY = FetchPolicy(retries=0, host_delay=0.0)
SCRIPT = """
fetch("/doc{number:04d}.json").then((r) => r.json()).then((lines) => {{
  const main = document.createElement("main");
  main.id = "terms";
  for (const line of lines) {{
    const p = document.createElement("p");
    p.textContent = line;
    main.append(p);
  }}
  document.getElementById("root").append(main);
}});
"""


def agreement_lines(number: int) -> list[str]:
    lines = seed("003").read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.rstrip().endswith("。"))
    lines[index] += f"（文書{number}）"
    return lines


@dataclass
class Served:
    hosts: tuple[str, ...]

    def url(self, number: int, kind: str) -> str:
        return f"http://{self.hosts[number % len(self.hosts)]}/doc{number:04d}.{kind}"


@contextmanager
def serving(documents: int) -> Iterator[Served]:
    sys.path.insert(0, str(ROOT / "tests"))
    from support.http import Site, _handler  # the project's loopback site, reused as is

    site = Site()
    for number in range(documents):
        lines = agreement_lines(number)
        shell = (
            '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>利用規約</title>'
            f'</head><body><div id="root"></div><script>{SCRIPT.format(number=number)}</script>'
            "</body></html>"
        )
        static = "".join(f"<p>{line}</p>" for line in lines)
        site.put(f"/doc{number:04d}.html", shell.encode(), HTML)
        site.put(f"/doc{number:04d}.json", json.dumps(lines, ensure_ascii=False).encode(), JSON)
        site.put(
            f"/doc{number:04d}.static.html",
            f"<html><body><main>{static}</main></body></html>".encode(),
            HTML,
        )
    with ExitStack() as stack:
        hosts = []
        for address in ADDRESSES:
            server = ThreadingHTTPServer((address, 0), _handler(site))
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
            stack.callback(server.server_close)
            stack.callback(server.shutdown)
            hosts.append(f"{address}:{server.server_address[1]}")
        yield Served(tuple(hosts))


# --- memory ---------------------------------------------------------------------------------


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def pss_mib(pids: Sequence[int]) -> float:
    total = 0
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
    return total / 1024


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds (user + system) of `root` and every process below it, with the children each
    of them has waited for: Chromium's renderers end with their page and leave their time to
    the process that reaped them."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in [root, *descendants(root)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return total / ticks


class PeakMemory:
    """The peak PSS of the processes below `root` (and of `root` itself if `include_root`), and
    the CPU seconds they used (`cpu`: each process's own user + system time as last seen alive;
    wait4 would miss Chromium's, whose processes are not all reaped by the ones it counts)."""

    def __init__(self, root: int, *, include_root: bool) -> None:
        self.root, self.include_root = root, include_root
        self.peak = 0.0
        self._cpu_ticks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def cpu(self) -> float:
        return sum(self._cpu_ticks.values()) / os.sysconf("SC_CLK_TCK")

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            pids = descendants(self.root) + ([self.root] if self.include_root else [])
            self.peak = max(self.peak, pss_mib(pids))
            for pid in pids:
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                self._cpu_ticks[pid] = int(fields[11]) + int(fields[12])  # utime stime


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Sample:
    wall: list[float]
    cpu: list[float]  # this process and every process below it (Playwright, Chromium)

    def add(self, figures: Figures, name: str, label: str) -> None:
        figures.add(
            name,
            label,
            statistics.median(self.wall) * 1000,
            "ms",
            cpu=statistics.median(self.cpu) * 1000,
        )


def sample(calls: Sequence[Callable[[], object]]) -> Sample:
    me = os.getpid()
    wall, cpu = [], []
    for call in calls:
        started, started_cpu = time.perf_counter(), tree_cpu_seconds(me)
        call()
        wall.append(time.perf_counter() - started)
        cpu.append(tree_cpu_seconds(me) - started_cpu)
    return Sample(wall, cpu)


def render(browser: SharedBrowser, url: str, wait_for: str | None) -> Callable[[], None]:
    def call() -> None:
        request = FetchRequest(url, render=Render(wait_for=wait_for))
        [(_, outcome)] = fetch_many([request], POLICY, browser=browser)
        if not isinstance(outcome, Fetched):
            raise SystemExit(f"UNEXPECTED: {url} did not render: {outcome}")

    return call


def in_process(served: Served, documents: int, runs: int, figures: Figures) -> None:
    me = os.getpid()
    urls = [served.url(number % documents, "html") for number in range(runs)]
    plain = sample(
        [partial(fetch, served.url(n % documents, "static.html"), POLICY) for n in range(runs)]
    )
    with PeakMemory(me, include_root=False) as memory, SharedBrowser(POLICY) as browser:
        first = sample([render(browser, served.url(0, "html"), WAIT_FOR)])
        idle_pss = pss_mib(descendants(me))
        by_selector = sample([render(browser, url, WAIT_FOR) for url in urls])
        by_idle = sample([render(browser, url, None) for url in urls])
        requests = [
            FetchRequest(served.url(n, "html"), render=Render(wait_for=WAIT_FOR))
            for n in range(documents)
        ]
        outcomes: list[Any] = []
        many = sample([lambda: outcomes.extend(fetch_many(requests, POLICY, browser=browser))])
    if not all(isinstance(outcome, Fetched) for _, outcome in outcomes):
        figures.problems.append("UNEXPECTED: a page of the concurrent run did not render")

    plain.add(figures, "plain_page_ms", "plain GET of the static page (httpx), median")
    first.add(figures, "first_page_ms", "Chromium's start + the first page (wait_for)")
    by_selector.add(figures, "page_wait_for_ms", "a later page, ready by wait_for, median")
    by_idle.add(figures, "page_idle_ms", "a later page, ready by network idle, median")
    per_page = Sample([many.wall[0] / documents], [many.cpu[0] / documents])
    per_page.add(
        figures,
        "page_two_at_once_ms",
        f"{documents} pages on {len(ADDRESSES)} hosts, 2 at once: per page",
    )
    figures.add(
        "browser_idle_mib", "Playwright + Chromium, one page rendered, PSS", idle_pss, "MiB"
    )
    figures.add(
        "browser_peak_mib", "Playwright + Chromium, peak PSS (2 pages open)", memory.peak, "MiB"
    )


def write_config(folder: Path, served: Served, documents: int, *, rendered: bool) -> Path:
    lines = ["[tracker]", "host_delay = 0", "retries = 0"]
    for number in range(documents):
        kind = "html" if rendered else "static.html"
        lines += ["[[documents]]", f'id = "doc{number:04d}"', f'url = "{served.url(number, kind)}"']
        if rendered:
            lines += ['render = "browser"', f'wait_for = "{WAIT_FOR}"']
    config = folder / "tracker.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def end_to_end(served: Served, documents: int, figures: Figures) -> None:
    for rendered in (False, True):
        with tempfile.TemporaryDirectory(prefix="bench-browser-") as folder:
            config = write_config(Path(folder), served, documents, rendered=rendered)
            with PeakMemory(os.getpid(), include_root=False) as memory:
                run = timed_run([str(TRACKER), "--config", str(config), "check"])
            if run.returncode != 0:
                figures.problems.append(f"UNEXPECTED: tracker check exited {run.returncode}")
            mode = "rendered" if rendered else "static"
            figures.add(
                f"check_{mode}_s",
                f"`tracker check`, {documents} {mode} pages, first run: wall",
                run.wall,
                "s",
                cpu=memory.cpu,
            )
            figures.add(
                f"check_{mode}_peak_mib",
                f"`tracker check`, {documents} {mode} pages: peak PSS of its processes",
                memory.peak,
                "MiB",
            )


def _missing_browser() -> str | None:
    """Why the browser cannot be measured here, or None."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "no Playwright (pip install 'tracker[browser]')"
    if chromium_executable() is None:
        return "no Chromium on the PATH (apt-get install chromium)"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--runs", type=int, default=10)
    add_json_option(parser)
    args = parser.parse_args(argv)
    figures = Figures("browser")
    print(machine_line())
    missing = _missing_browser()
    if missing:
        print(f"skipped: {missing}")
        figures.details["skipped"] = missing
        figures.write(args.json)
        return 0
    with serving(args.documents) as served:
        in_process(served, args.documents, args.runs, figures)
        end_to_end(served, args.documents, figures)
    for figure in figures.figures:
        cpu = f"  (CPU {figure.cpu:,.1f})" if figure.cpu is not None else ""
        print(f"{figure.label:<66} {figure.value:>9,.1f} {figure.unit}{cpu}")
    for problem in figures.problems:
        print(problem)
    figures.write(args.json)
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
