"""What the bounds of issue 13 ("no bogus versions, no hangs, no leaks") cost and guarantee.

usage: .venv/bin/python bench/bench_faults.py [--quick] [--json PATH]

1. Header trickle: a loopback server that sends its response head one byte every 0.5 s (200 s
   in all), against the real `tracker check` with `timeout = 2`: with `retries = 0` and with the
   default 3 retries. Targets: the documented bounds, 4 × `timeout` per attempt (8 s) plus the
   backoff between attempts (at most 0.5 + 1 + 2 s), plus 2 s for start-up and the report.
2. HTML limits: `html_lines` on pages of N `<p>a</p>` elements in a child process (wall and
   its own peak RSS): 10,000, 50,000 and 99,998 (the limit, parsed) and 1,000,000 and
   5,000,000 (refused before parsing; 37 s / 1 GB and 194 s / 5.2 GB when they were parsed).
   Targets: a refused page ≤ 2 s; the element count on a normal page (the demo's flux.html)
   ≤ 1 ms.
3. What a normal page pays for the rest: finding the agreement's block in a page without
   `<main>` (seed 003 as nested `<div>`s), and the share of the previous text a new version
   keeps (seed 003 → its revision), each ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, TRACKER, Figures, add_json_option, seed, timed, timed_run

from tracker.extract.html_limits import MAX_ELEMENTS, check_element_count

TRICKLE_HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-Padding: "
    + b"x" * 340
    + b"\r\nContent-Length: 2\r\n\r\nok"
)
CHILD_PARSE = """
import sys
from tracker.errors import DocumentError
from tracker.extract.html import html_lines
page = "<html><body>" + "<p>a</p>" * int(sys.argv[1]) + "</body></html>"
try:
    print(len(html_lines(page, source="bench.html")))
except DocumentError as error:
    print(error)
"""


def trickle_server() -> tuple[socket.socket, int]:
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=talk, args=(connection,), daemon=True).start()

    def talk(connection: socket.socket) -> None:
        with connection:
            try:
                connection.recv(65536)
                for byte in TRICKLE_HEAD:
                    connection.sendall(bytes([byte]))
                    time.sleep(0.5)
            except OSError:
                pass

    threading.Thread(target=serve, daemon=True).start()
    return listener, int(listener.getsockname()[1])


def header_trickle(figures: Figures, retries: int) -> None:
    listener, port = trickle_server()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-faults-") as folder:
            config = Path(folder) / "tracker.toml"
            config.write_text(
                f"[tracker]\ntimeout = 2\nretries = {retries}\nhost_delay = 0\n"
                f'[[documents]]\nid = "slow"\nurl = "http://127.0.0.1:{port}/terms"\n',
                encoding="utf-8",
            )
            run = timed_run([str(TRACKER), "--config", str(config), "check"])
    finally:
        listener.close()
    if run.returncode != 3:
        figures.problems.append(f"header trickle, retries = {retries}: exit {run.returncode}")
    # 4 × timeout per attempt; full-jitter backoff of at most 0.5, 1 and 2 s between them.
    bound = (retries + 1) * 8 + sum(0.5 * 2**n for n in range(retries))
    figures.add(
        f"header_trickle_retries_{retries}_s",
        f"check, timeout = 2, head trickled 1 byte/0.5 s, retries = {retries}",
        round(run.wall, 2),
        "s",
        target=bound + 2,
        cpu=round(run.cpu, 2),
    )


def html_pages(figures: Figures, sizes: list[int]) -> None:
    for size in sizes:
        run = timed_run([sys.executable, "-c", CHILD_PARSE, str(size)], cwd=ROOT)
        refused = size > MAX_ELEMENTS
        what = "refused" if refused else "parsed"
        figures.add(
            f"html_{size}_elements_s",
            f"html_lines, {size:,} elements ({what}), child wall",
            round(run.wall, 2),
            "s",
            target=2.0 if refused else None,
            cpu=round(run.cpu, 2),
        )
        figures.add(
            f"html_{size}_elements_rss_mib",
            f"html_lines, {size:,} elements ({what}), child peak RSS",
            round(run.peak_rss_mib),
            "MiB",
        )


def normal_page_costs(figures: Figures, runs: int) -> None:
    flux = (ROOT / "snapshots" / "demo" / "round1" / "flux.html").read_text(encoding="utf-8")
    count = timed(lambda: check_element_count(flux, source="flux.html"), runs * 20)
    figures.add(
        "element_count_flux_ms",
        "element count on the demo's flux.html (24 KB)",
        round(count.median_ms, 4),
        "ms",
        target=1.0,
    )

    sys.path.insert(0, str(ROOT / "tests"))
    from bs4 import BeautifulSoup
    from support.render import to_html

    from tracker.extract.html_block import agreement_block
    from tracker.history.rules import surviving_share
    from tracker.sources import load_document

    page = to_html(seed("003").read_text(encoding="utf-8"), "cp932-soup").decode("cp932")
    body = BeautifulSoup(page, "lxml").body
    assert body is not None
    block = timed(lambda: agreement_block(body), runs)
    figures.add(
        "agreement_block_003_ms",
        "finding the agreement's block, seed 003 as nested <div>s (66 KB)",
        round(block.median_ms, 2),
        "ms",
        target=50.0,
    )
    old = load_document(str(seed("003")))
    new = load_document(str(ROOT / "snapshots" / "revisions" / "003_v2_notice_and_fee.txt"))
    share = timed(lambda: surviving_share(old, new), runs)
    figures.add(
        "surviving_share_003_ms",
        "share of seed 003 kept by its revision (6-character pieces)",
        round(share.median_ms, 2),
        "ms",
        target=50.0,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="no retries run, fewer sizes")
    add_json_option(parser)
    args = parser.parse_args()
    figures = Figures("faults")
    header_trickle(figures, retries=0)
    if not args.quick:
        header_trickle(figures, retries=3)
    at_limit = MAX_ELEMENTS - 2  # with <html> and <body>: exactly the limit
    sizes = [10_000, at_limit, 1_000_000]
    if not args.quick:
        sizes = [10_000, 50_000, at_limit, 1_000_000, 5_000_000]
    html_pages(figures, sizes)
    normal_page_costs(figures, runs=5 if args.quick else 20)
    for figure in figures.figures:
        mark = "" if figure.ok is None else ("  ok" if figure.ok else "  MISSED")
        target = f" (target ≤ {figure.target:g})" if figure.target is not None else ""
        cpu = f", cpu {figure.cpu:g}" if figure.cpu is not None else ""
        print(f"{figure.label}: {figure.value:g} {figure.unit}{cpu}{target}{mark}")
    for problem in figures.problems:
        print(f"UNEXPECTED: {problem}")
    figures.write(args.json)
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
