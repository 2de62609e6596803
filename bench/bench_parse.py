"""How long parsing takes: the normaliser in-process, PDF text per page, and `tracker parse` wall.

usage: .venv/bin/python bench/bench_parse.py [--runs N] [--json PATH]

Targets (issue "Foundation and the article normaliser"): normalise the 60 KB agreement (seed
003) ≤ 20 ms in-process; PDF text ≤ 3 ms per page; `tracker parse` of a text file ≤ 300 ms
wall, start-up included. Issue "Real documents, real articles": normalise a statute the size of
会社法 (1,041 articles, 1.3 MB in e-Gov's text layout) ≤ 400 ms in-process. The statute is
`--statute PATH` (the corpus copy of 会社法 in `../shared/corpus` when it is there), else one
generated here in the same layout: 編/章/節 headings, a 目次, captions above the articles,
bodies opening with cross-references, items, 附則 with their own articles.

The PDF is built here with reportlab: all five seeds, one after another, wrapped at 40
characters, with a running header and page numbers, streams Flate-compressed as publishers'
PDFs are.

Two fonts, because the cost depends on them. Publishers' PDFs embed their (subset) fonts: the
target is measured on that PDF, with a Japanese TrueType font from the machine embedded
(`fc-match`). reportlab's built-in CID font is not embedded, so PDFium measures its glyphs with a
substitute: tracker's own 776-byte box font, never a font of the machine (before, PDFium loaded
a system CJK font: 1.6 ms/page with none, 4.5 with IPAGothic, 15-20 with Noto Sans CJK, and lost
characters without one). That figure is reported beside the target, measured here and again in
a child that sees no font of the machine (root only, see tests/support/fonts.py).
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from common import ROOT, SEEDS, TRACKER, Figures, add_json_option, seed, timed

from tracker.extract import extract
from tracker.normalise import normalise

sys.path.insert(0, str(ROOT / "tests"))
from support.fonts import fontless_unavailable, without_fonts

SEED_003 = seed("003")
TARGETS = {
    "normalise_ms": 20.0,
    "pdf_ms_per_page": 3.0,
    "parse_cli_ms": 300.0,
    "statute_ms": 400.0,
}
CORPUS_STATUTE = (
    Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs" / "ja-kaishaho-2017.txt"
)
_KANJI = "〇一二三四五六七八九"


def kanji_number(n: int) -> str:
    """Place-value kanji: 1041 → 千四十一."""
    out = ""
    for value, mark in ((1000, "千"), (100, "百"), (10, "十")):
        count, n = divmod(n, value)
        if count:
            out += ("" if count == 1 else _KANJI[count]) + mark
    return out + (_KANJI[n] if n else "")


def generated_statute(articles: int = 1041) -> str:
    """A statute in e-Gov's text layout, with `articles` articles, about 1.3 MB."""
    sentence = (
        "株式会社は、この法律の規定により定款に定めた事項について、株主総会の決議によって、"
        "その内容を変更することができる。"
    )
    toc = ["目次"]
    for c in range(1, articles // 20 + 1):
        first, last = kanji_number(c * 20 - 19), kanji_number(c * 20)
        toc.append(f"　第{kanji_number(c)}章　通則その{c}（第{first}条―第{last}条）")
    lines = ["サンプル法", "（令和七年法律第九十九号）", "", *toc, ""]
    for n in range(1, articles + 1):
        if n % 20 == 1:
            lines.append(f"　　　第{kanji_number(n // 20 + 1)}章　通則その{n // 20 + 1}")
        if n % 3:
            lines.append(f"　（定款の変更その{n}）")
        if n % 5 == 0:
            body = f"第{kanji_number(n - 1)}条第一項の規定にかかわらず、{sentence * 3}"
        else:
            body = sentence * 4
        lines.append(f"第{kanji_number(n)}条　{body}")
        lines.append(f"２　前項の規定は、{sentence * 2}")
        if n % 4 == 0:
            lines += [f"　{kanji_number(i)}　{sentence}" for i in range(1, 4)]
    for act in range(1, 20):
        lines += ["", f"　　　附　則　（令和{kanji_number(act)}年法律第{kanji_number(act)}号）　抄"]
        lines += [
            "　（施行期日）",
            f"第一条　この法律は、令和{kanji_number(act)}年四月一日から施行する。",
        ]
    return "\n".join(lines) + "\n"


def japanese_truetype() -> str | None:
    """A Japanese TrueType (.ttf) font file of this machine, which reportlab can embed."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "sans-serif:lang=ja:fontformat=TrueType"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return found if found.lower().endswith(".ttf") else None


def seeds_pdf(font_file: str | None = None, cid_font: str = "HeiseiMin-W3") -> tuple[bytes, int]:
    """The seeds as a PDF: with `font_file` embedded, else reportlab's built-in `cid_font`."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    # Streams compressed with Flate only, as Word and Acrobat write them (reportlab would add an
    # ASCII85 layer, which PDFs from publishers do not have and which costs a pure-Python decode
    # in the damaged-stream check).
    rl_config.useA85 = 0
    font = cid_font
    if font_file:
        font = "Embedded"
        pdfmetrics.registerFont(TTFont(font, font_file))
    else:
        pdfmetrics.registerFont(UnicodeCIDFont(font))
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
        pdf.setFont(font, 9)
        pdf.drawString(50, height - 30, "サービス利用規約")
        pdf.drawString(width / 2, 25, f"- {pages} -")
        pdf.setFont(font, 10.5)
        for index, line in enumerate(lines[start : start + per_page]):
            pdf.drawString(50, height - 70 - index * 17, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue(), pages


def pdf_figures(
    figures: Figures,
    timings: dict[str, dict[str, float]],
    variants: list[tuple[str, str | None]],
    runs: int,
) -> None:
    """Time `extract` on the seeds PDF of each (variant, embedded font file or None); the
    first variant's figure is the one with the target."""
    for variant, font in variants:
        data, pages = seeds_pdf(font)
        timing = timed(lambda data=data: extract(data, source="seeds.pdf"), max(5, runs // 3))
        timings[f"pdf_{variant}"] = dict(asdict(timing), pages=pages)
        best, median = timing.best_ms / pages, timing.median_ms / pages
        targeted = variant == variants[0][0] and font is not None
        label = (
            f"embedded {font.rsplit('/', 1)[-1]}"
            if font
            else "built-in CID font, not embedded: glyphs measured with tracker's box font"
        )
        target = f"target ≤ {TARGETS['pdf_ms_per_page']:.0f}; " if targeted else "no target; "
        print(
            f"PDF text, {pages} pages ({len(data):,} bytes), {label}: best {best:.2f} ms/page, "
            f"median {median:.2f} ms/page ({target}CPU {timing.cpu_median_ms / pages:.2f})"
        )
        figures.add(
            "pdf_ms_per_page" if targeted else "pdf_cid_ms_per_page",
            f"PDF text per page ({pages} pages, {label}), median",
            median,
            "ms/page",
            TARGETS["pdf_ms_per_page"] if targeted else None,
            cpu=timing.cpu_median_ms / pages,
        )


def cid_without_fonts(figures: Figures, runs: int) -> None:
    """The CID-font figure again, in a child process that sees no font of this machine (a
    private mount namespace, root only: tests/support/fonts.py)."""
    reason = fontless_unavailable()
    if reason:
        print(f"PDF text without CJK fonts: not measured ({reason})")
        return
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "cid.json"
        command = [sys.executable, __file__, "--cid-only", "--runs", str(runs), "--json", str(out)]
        child = subprocess.run(without_fonts(command), capture_output=True, text=True, cwd=ROOT)
        print(child.stdout.replace("PDF text,", "PDF text without CJK fonts,"), end="")
        if child.returncode != 0 or not out.exists():
            figures.problems.append(f"the run without fonts failed: {child.stderr[-2000:]}")
            return
        (figure,) = json.loads(out.read_text(encoding="utf-8"))["figures"]
    figures.add(
        "pdf_cid_nofonts_ms_per_page",
        figure["label"].replace("), median", ", no CJK font on the machine), median"),
        figure["value"],
        "ms/page",
        cpu=figure["cpu"],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--statute", type=Path, default=None, help="a statute as text")
    parser.add_argument("--cid-only", action="store_true", help=argparse.SUPPRESS)
    add_json_option(parser)
    args = parser.parse_args()
    runs: int = args.runs
    figures = Figures("parse")
    timings: dict[str, dict[str, float]] = {}  # best and median of each, in ms
    if args.cid_only:  # the child of cid_without_fonts
        pdf_figures(figures, timings, [("cid", None)], runs)
        figures.write(args.json)
        return 0

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

    statute_path = args.statute or (CORPUS_STATUTE if CORPUS_STATUTE.exists() else None)
    if statute_path is not None:
        statute, statute_name = statute_path.read_text(encoding="utf-8"), statute_path.name
    else:
        statute, statute_name = generated_statute(), "generated statute"
    parsed = normalise(statute, source=statute_name)
    count = len(parsed.articles)
    timing = timed(lambda: normalise(statute, source=statute_name), max(5, runs // 3))
    timings["statute"] = dict(asdict(timing), articles=count)
    rate = count / (timing.median_ms / 1000)
    print(
        f"normalise {statute_name} ({len(statute.encode()):,} bytes, {count:,} articles): "
        f"best {timing.best_ms:.0f} ms, median {timing.median_ms:.0f} ms, {rate:,.0f} articles/s "
        f"(target ≤ {TARGETS['statute_ms']:.0f}; CPU {timing.cpu_median_ms:.0f})"
    )
    figures.add(
        "statute_ms",
        f"normalise a statute ({statute_name}, {count:,} articles), median",
        timing.median_ms,
        "ms",
        TARGETS["statute_ms"],
        cpu=timing.cpu_median_ms,
    )

    font_file = japanese_truetype()
    variants = [("embedded", font_file), ("cid", None)] if font_file else [("cid", None)]
    if not font_file:
        print("no Japanese TrueType font here: the target is measured on the CID-font PDF")
    pdf_figures(figures, timings, variants, runs)
    cid_without_fonts(figures, runs)

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
