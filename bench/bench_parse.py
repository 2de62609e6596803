"""How long parsing takes: the normaliser in-process, PDF text per page, and `tracker parse` wall.

usage: .venv/bin/python bench/bench_parse.py [--runs N]

Targets (issue "Foundation and the article normaliser"): normalise the 60 KB agreement (seed
003) ≤ 20 ms in-process; PDF text ≤ 3 ms per page; `tracker parse` of a text file ≤ 300 ms
wall, start-up included. The PDF is built here with reportlab's built-in CID font: all five
seeds, one after another, wrapped at 40 characters, with a running header and page numbers.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tracker.extract import extract
from tracker.normalise import normalise

ROOT = Path(__file__).resolve().parent.parent
SEED_003 = next((ROOT / "snapshots" / "seeds").glob("003_*.txt"))
TRACKER = Path(sys.executable).with_name("tracker")


def timed(function: Callable[[], object], runs: int) -> tuple[float, float]:
    """Best and median wall time in milliseconds, after one warm-up call."""
    function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return min(samples), statistics.median(samples)


def seeds_pdf() -> tuple[bytes, int]:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    lines: list[str] = []
    for path in sorted((ROOT / "snapshots" / "seeds").glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            raw = raw.strip()
            lines.extend(raw[i : i + 40] for i in range(0, len(raw), 40))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    per_page, pages = 44, 0
    for start in range(0, len(lines), per_page):
        pages += 1
        pdf.setFont("HeiseiMin-W3", 9)
        pdf.drawString(50, height - 30, "サービス利用規約")
        pdf.drawString(width / 2, 25, f"- {pages} -")
        pdf.setFont("HeiseiMin-W3", 10.5)
        for index, line in enumerate(lines[start : start + per_page]):
            pdf.drawString(50, height - 70 - index * 17, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue(), pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    failed = False

    text = SEED_003.read_text(encoding="utf-8")
    best, median = timed(lambda: normalise(text, source=SEED_003.name), runs)
    print(
        f"normalise seed 003 ({len(text.encode()):,} bytes): best {best:.1f} ms, "
        f"median {median:.1f} ms (target ≤ 20)"
    )
    failed |= median > 20

    data, pages = seeds_pdf()
    best, median = timed(lambda: extract(data, source="seeds.pdf"), max(5, runs // 3))
    print(
        f"PDF text, {pages} pages ({len(data):,} bytes): best {best / pages:.2f} ms/page, "
        f"median {median / pages:.2f} ms/page (target ≤ 3)"
    )
    failed |= median / pages > 3

    command = [str(TRACKER), "parse", str(SEED_003), "--format", "json"]
    best, median = timed(
        lambda: subprocess.run(command, check=True, capture_output=True), max(5, runs // 3)
    )
    print(
        f"tracker parse (text file, JSON out), wall: best {best:.0f} ms, "
        f"median {median:.0f} ms (target ≤ 300)"
    )
    failed |= median > 300
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
