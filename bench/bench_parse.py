"""How long parsing takes: the normaliser in-process, PDF text per page, and `tracker parse` wall.

usage: .venv/bin/python bench/bench_parse.py [--runs N] [--json PATH]

Targets (issue "Foundation and the article normaliser"): normalise the 60 KB agreement (seed
003) ≤ 20 ms in-process; PDF text ≤ 3 ms per page; `tracker parse` of a text file ≤ 300 ms
wall, start-up included. The PDF is built here with reportlab's built-in CID font: all five
seeds, one after another, wrapped at 40 characters, with a running header and page numbers.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from dataclasses import asdict

from common import SEEDS, TRACKER, Figures, add_json_option, seed, timed

from tracker.extract import extract
from tracker.normalise import normalise

SEED_003 = seed("003")
TARGETS = {"normalise_ms": 20.0, "pdf_ms_per_page": 3.0, "parse_cli_ms": 300.0}


def seeds_pdf() -> tuple[bytes, int]:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    lines: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
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
    add_json_option(parser)
    args = parser.parse_args()
    runs: int = args.runs
    figures = Figures("parse")
    timings: dict[str, dict[str, float]] = {}  # best and median of each, in ms

    text = SEED_003.read_text(encoding="utf-8")
    timing = timed(lambda: normalise(text, source=SEED_003.name), runs)
    timings["normalise"] = asdict(timing)
    print(
        f"normalise seed 003 ({len(text.encode()):,} bytes): best {timing.best_ms:.1f} ms, "
        f"median {timing.median_ms:.1f} ms (target ≤ {TARGETS['normalise_ms']:.0f}; "
        f"CPU {timing.cpu_median_ms:.1f})"
    )
    figures.add(
        "normalise_ms",
        "normalise seed 003 (60 KB), median",
        timing.median_ms,
        "ms",
        TARGETS["normalise_ms"],
        cpu=timing.cpu_median_ms,
    )

    data, pages = seeds_pdf()
    timing = timed(lambda: extract(data, source="seeds.pdf"), max(5, runs // 3))
    timings["pdf_document"] = dict(asdict(timing), pages=pages)
    best, median = timing.best_ms / pages, timing.median_ms / pages
    print(
        f"PDF text, {pages} pages ({len(data):,} bytes): best {best:.2f} ms/page, "
        f"median {median:.2f} ms/page (target ≤ {TARGETS['pdf_ms_per_page']:.0f}; "
        f"CPU {timing.cpu_median_ms / pages:.2f})"
    )
    figures.add(
        "pdf_ms_per_page",
        f"PDF text per page ({pages} pages), median",
        median,
        "ms/page",
        TARGETS["pdf_ms_per_page"],
        cpu=timing.cpu_median_ms / pages,
    )

    command = [str(TRACKER), "parse", str(SEED_003), "--format", "json"]
    timing = timed(
        lambda: subprocess.run(command, check=True, capture_output=True), max(5, runs // 3)
    )
    timings["parse_cli"] = asdict(timing)
    print(
        f"tracker parse (text file, JSON out), wall: best {timing.best_ms:.0f} ms, "
        f"median {timing.median_ms:.0f} ms (target ≤ {TARGETS['parse_cli_ms']:.0f}; "
        f"CPU {timing.cpu_median_ms:.0f})"
    )
    figures.add(
        "parse_cli_ms",
        "`tracker parse` seed 003, wall with start-up, median",
        timing.median_ms,
        "ms",
        TARGETS["parse_cli_ms"],
        cpu=timing.cpu_median_ms,
    )
    figures.details["timings"] = timings
    figures.write(args.json)
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
