"""Characters lost from PDF text with and without CJK fonts on the machine: PDFium alone, tracker.

usage: .venv/bin/python bench/bench_pdf_fonts.py [--json PATH]

The five seeds laid out as PDFs with reportlab's built-in CID fonts (HeiseiMin-W3 and
HeiseiKakuGo-W5, never embedded, so PDFium measures their glyphs with a substitute font) in three
layouts: cut every 40 characters (bench_parse's layout), wrapped at 33 characters at safe places
(tests/support/render.py), and wrapped at 33 with every paragraph that can ending in a
one-character line. For each PDF, the characters that do not come back, per 1,000 drawn (space
ignored; a multiset difference, so a character lost here and one extra there do not cancel):

- PDFium alone: `get_text_range()` of every page, against every string drawn (running header
  and page number included), before tracker's substitute font is installed;
- tracker: `extract()` against the agreement's lines (tracker drops the header and footer).

Then the same in a child process with every font folder hidden (`unshare -m`, root only; see
tests/support/fonts.py), as on a server without CJK fonts. Target: tracker loses nothing, either
way. Last, for comparison, the cut-at-40 PDF with a Japanese TrueType font of the machine
embedded (no target: what it loses is missing from the embedded font, see `embedded_font_loss`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter

from bench_parse import japanese_truetype, seeds_pdf
from common import ROOT, Figures, add_json_option

sys.path.insert(0, str(ROOT / "tests"))
from support.fonts import cjk_fonts, fontless_unavailable, without_fonts
from support.render import (
    DEFAULT_PDF_HEADER,
    PDF_FONTS,
    SEED_NAMES,
    footer_text,
    pdf_lines,
    seed_text,
    to_pdf,
)

LAYOUTS = ("cut at 40", "wrapped at 33", "wrapped at 33, 1-character last lines")


def _characters(text: str) -> Counter[str]:
    return Counter(char for char in text if not char.isspace())


def _lost(expected: Counter[str], got: Counter[str]) -> int:
    return sum((expected - got).values())


def layouts(font: str) -> dict[str, list[tuple[bytes, list[str], str]]]:
    """Per layout: (PDF, body lines, every string drawn) for each seed, or all seeds at once."""
    out: dict[str, list[tuple[bytes, list[str], str]]] = {}
    data, _ = seeds_pdf(cid_font=font)
    body = [
        raw.strip()[i : i + 40]
        for name in SEED_NAMES
        for raw in seed_text(name).splitlines()
        for i in range(0, len(raw.strip()), 40)
    ]
    pages = (len(body) + 43) // 44
    drawn = "".join(body) + "サービス利用規約" * pages
    drawn += "".join(f"- {page} -" for page in range(1, pages + 1))
    out[LAYOUTS[0]] = [(data, body, drawn)]
    for layout, tail in zip(LAYOUTS[1:], (None, 1), strict=True):
        out[layout] = []
        for name in SEED_NAMES:
            text = seed_text(name)
            lines = [line.replace("\t", "") for line in pdf_lines(text, 33, tail)]
            pdf = to_pdf(text, chars_per_line=33, font=font, tail=tail)
            count = (len(lines) + 39) // 40
            drawn = "".join(lines) + DEFAULT_PDF_HEADER * count
            drawn += "".join(footer_text(page, count) for page in range(1, count + 1))
            out[layout].append((pdf, lines, drawn))
    return out


def measure() -> dict[str, dict[str, dict[str, list[int]]]]:
    """{reader: {font: {layout: [lost, drawn]}}}, PDFium alone first (before tracker installs
    its substitute font in this process), then tracker."""
    import pypdfium2

    from tracker.extract import extract

    made = {font: layouts(font) for font in PDF_FONTS}
    result: dict[str, dict[str, dict[str, list[int]]]] = {"pdfium": {}, "tracker": {}}
    for font, by_layout in made.items():
        result["pdfium"][font] = {}
        for layout, pdfs in by_layout.items():
            lost = total = 0
            for data, _, drawn in pdfs:
                pages = pypdfium2.PdfDocument(data)
                got = "".join(page.get_textpage().get_text_range() for page in pages)
                lost += _lost(_characters(drawn), _characters(got))
                total += sum(_characters(drawn).values())
            result["pdfium"][font][layout] = [lost, total]
    for font, by_layout in made.items():
        result["tracker"][font] = {}
        for layout, pdfs in by_layout.items():
            lost = total = 0
            for data, lines, _ in pdfs:
                expected = _characters("".join(lines))
                lost += _lost(expected, _characters(extract(data, source="seeds.pdf").text))
                total += sum(expected.values())
            result["tracker"][font][layout] = [lost, total]
    return result


def embedded_font_loss(figures: Figures) -> None:
    """The cut-at-40 layout with a Japanese TrueType font of this machine embedded (as
    bench_parse measures speed): the machine's fonts play no part, but characters the embedded
    font lacks are drawn as its empty .notdef, and one drawn alone is lost to PDFium's text page
    and to tracker alike (reportlab writes each run of another subset as a text object)."""
    import pypdfium2

    from tracker.extract import extract

    font = japanese_truetype()
    if font is None:
        print("\nno Japanese TrueType font here to embed")
        return
    data, _ = seeds_pdf(font)
    _, body, drawn = layouts(PDF_FONTS[0])[LAYOUTS[0]][0]
    got = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(data))
    alone = _characters(drawn) - _characters(got)
    ours = _characters("".join(body)) - _characters(extract(data, source="seeds.pdf").text)
    name = font.rsplit("/", 1)[-1]
    print(f"\nembedded {name}, cut at 40 (the same on any machine):")
    for who, lost, total in (
        ("PDFium alone", alone, _characters(drawn)),
        ("tracker", ours, _characters("".join(body))),
    ):
        rate = 1000 * sum(lost.values()) / sum(total.values())
        common = "".join(char for char, _ in lost.most_common(8))
        print(f"  {who}: {rate:.2f} lost per 1,000 (most often: {common or '-'})")
        figures.add(
            f"{'pdfium' if who.startswith('PDFium') else 'tracker'}_lost_per_1000_embedded",
            f"characters lost per 1,000, {who}, {name} embedded (glyphs the font lacks)",
            rate,
            "‰",
        )


def per_1000(pair: list[int]) -> float:
    lost, total = pair
    return 1000 * lost / total if total else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    add_json_option(parser)
    args = parser.parse_args()
    if args.child:  # one measurement, as JSON on stdout
        print(json.dumps({"fonts": cjk_fonts(), "lost": measure()}))
        return 0

    figures = Figures("pdf_fonts")
    runs = {"with": {"fonts": cjk_fonts(), "lost": measure()}}
    reason = fontless_unavailable()
    if reason is None:
        child = subprocess.run(
            without_fonts([sys.executable, __file__, "--child"]),
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=1800,
        )
        if child.returncode != 0:
            figures.problems.append(f"the run without fonts failed: {child.stderr[-2000:]}")
        else:
            runs["without"] = json.loads(child.stdout)
    else:
        print(f"no run without fonts: {reason}")

    for machine, run in runs.items():
        fonts = ", ".join(run["fonts"]) or "none"
        print(f"\n{machine} this machine's CJK fonts (fontconfig sees: {fonts})")
        print(f"  {'chars lost per 1,000':<56} {'PDFium alone':>16} {'tracker':>10}")
        for font in PDF_FONTS:
            for layout in LAYOUTS:
                alone = per_1000(run["lost"]["pdfium"][font][layout])
                ours = per_1000(run["lost"]["tracker"][font][layout])
                print(f"  {font + ', ' + layout:<56} {alone:>16.2f} {ours:>10.2f}")
        for reader in ("pdfium", "tracker"):
            pairs = [pair for font in run["lost"][reader].values() for pair in font.values()]
            lost, total = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
            who = "PDFium alone" if reader == "pdfium" else "tracker"
            figures.add(
                f"{reader}_lost_per_1000_{machine}_fonts",
                f"characters lost per 1,000, {who}, {machine} CJK fonts "
                f"({total:,} characters, {len(PDF_FONTS)} fonts × {len(LAYOUTS)} layouts)",
                1000 * lost / total,
                "‰",
                0.0 if reader == "tracker" else None,
            )
    embedded_font_loss(figures)
    figures.details["runs"] = runs
    figures.write(args.json)
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
