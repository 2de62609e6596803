"""PDF text does not depend on the fonts of the machine that reads it.

PDFium measures the glyphs of a font the PDF does not embed with a substitute font; without a CJK
font on the machine it had none, and a character drawn on its own — a paragraph's one-character
last line — vanished from the text (issue 12). tracker now gives PDFium its own substitute
(`tracker.extract.pdf_fonts`). These tests run twice: here, with this machine's fonts (CI
installs IPA Gothic), and in a child pytest on the same machine with every font folder hidden
(`support.fonts.without_fonts`, started by the last test below). Both runs expect the same text.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from support.fonts import (
    FONTLESS_RUN,
    REQUIRE_FONTLESS,
    cjk_fonts,
    fontless_required,
    fontless_unavailable,
    in_fontless_run,
    pdfium_alone_reads_lone_glyph,
    without_fonts,
)
from support.render import PDF_FONTS, SEED_NAMES, assemble_pdf, seed_text, to_pdf

from tracker.extract import extract
from tracker.extract.pdf_fonts import FACE_NAME, box_font

ROOT = Path(__file__).resolve().parent.parent
for _font in PDF_FONTS:
    pdfmetrics.registerFont(UnicodeCIDFont(_font))

WIDTH, HEIGHT = A4
SIZE = 10.5

# The cases: a paragraph whose last line is one character (「為」) or two (「する」),
# a one-character line at the top of a page, and 「利用規約」 losing its last character.
PARAGRAPHS = (
    ("1 ユーザーは、本サービスの利用にあたり、次の各号に該当する行", "為"),
    ("2 当社は、前項の規定に違反したユーザーに対し、利用の停止を求めることが", "できる"),
    ("3 ユーザーは、本規約に定めのない事項について、当社の定める利用規", "約"),
)


def build(draw: Callable[[canvas.Canvas], None], pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    for _ in range(pages):
        draw(pdf)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def draw_lines(pdf: canvas.Canvas, lines: Sequence[str], font: str, top: float) -> None:
    pdf.setFont(font, SIZE)
    for index, line in enumerate(lines):
        pdf.drawString(60, top - index * 16, line)


def draw_glyph_by_glyph(pdf: canvas.Canvas, line: str, font: str, y: float) -> None:
    """Each character its own text object, as PDFs from some typesetters and printer drivers
    place CJK text: every one of them is a lone glyph."""
    pdf.setFont(font, SIZE)
    x = 60.0
    for char in line:
        pdf.drawString(x, y, char)
        x += pdfmetrics.stringWidth(char, font, SIZE)


LINES = [line for paragraph in PARAGRAPHS for line in paragraph]


@pytest.mark.parametrize("font", PDF_FONTS)
def test_one_and_two_character_last_lines_of_a_font_the_pdf_does_not_embed_are_read(
    font: str,
) -> None:
    text = extract(build(lambda pdf: draw_lines(pdf, LINES, font, HEIGHT - 100)), source="a.pdf")
    assert text.text.split("\n") == LINES
    assert text.warnings == ()


@pytest.mark.parametrize("font", PDF_FONTS)
def test_a_character_alone_at_the_top_and_bottom_of_a_page_is_read(font: str) -> None:
    alone = ("約", "為", "る")

    def draw(pdf: canvas.Canvas) -> None:
        page = pdf.getPageNumber() - 1
        draw_lines(pdf, [alone[page]], font, HEIGHT - 80)  # the first body line: the top band
        draw_lines(pdf, LINES[:2], font, HEIGHT / 2)
        draw_lines(pdf, [alone[-1 - page]], font, 60)  # the last: the bottom band

    lines = extract(build(draw, pages=3), source="a.pdf").text.split("\n")
    assert lines == [line for n in range(3) for line in (alone[n], *LINES[:2], alone[-1 - n])]


@pytest.mark.parametrize("font", PDF_FONTS)
def test_text_placed_glyph_by_glyph_is_read(font: str) -> None:
    line = "第3条（利用料金）ユーザーは、SORACOM Flux の料金を支払う。"
    text = extract(build(lambda pdf: draw_glyph_by_glyph(pdf, line, font, 700)), source="a.pdf")
    assert text.text == line


def test_the_substitute_is_a_valid_truetype_font_with_a_box_for_every_character() -> None:
    from reportlab.pdfbase.ttfonts import TTFontFile

    data = box_font()
    parsed = TTFontFile(io.BytesIO(data), validate=1)  # table checksums and head adjustment
    assert parsed.name == FACE_NAME
    assert parsed.bbox == [0, -120, 1000, 880]
    assert len(data) < 1024


# --- the safety net: text PDFium leaves out is reported ---------------------------------------

# In a fresh interpreter: read a PDF once (tracker installs its substitute), then put PDFium's
# own system font lookup back, as another user of pypdfium2 in the same process could, and read
# a PDF with a one-character line again.
_SUBSTITUTE_REPLACED = """
import io, sys
import pypdfium2.raw as pdfium_c
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from tracker.errors import DocumentError
from tracker.extract import extract
pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
buffer = io.BytesIO()
pdf = canvas.Canvas(buffer)
pdf.setFont("HeiseiMin-W3", 10)
pdf.drawString(50, 700, "ユーザーは、次の各号に該当する行")
pdf.drawString(50, 685, "為")
pdf.save()
extract(buffer.getvalue(), source="first.pdf")
pdfium_c.FPDF_SetSystemFontInfo(pdfium_c.FPDF_GetDefaultSystemFontInfo())
try:
    print("text:", extract(buffer.getvalue(), source="terms.pdf").text.replace("\\n", "|"))
except DocumentError as error:
    print("error:", error)
"""


def test_text_left_out_for_want_of_glyphs_is_an_error_never_a_shorter_text() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _SUBSTITUTE_REPLACED], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    if pdfium_alone_reads_lone_glyph():  # this machine's own CJK font gives the glyph a box
        assert result.stdout.strip() == "text: ユーザーは、次の各号に該当する行|為"
    else:
        assert result.stdout.strip() == (
            "error: terms.pdf: page 1: 1 piece of text in the font 'HeiseiMin-W3', which the "
            "PDF does not embed, cannot be read on this machine (PDFium found no glyphs for it "
            "and left the text out)"
        )


def ocr_layer_pdf() -> bytes:
    """An invisible text layer as OCR tools write it: an embedded (Type 3) font whose glyphs
    draw nothing, one line of three characters and two lines of one."""
    to_unicode = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def"
        b" /CMapName /Adobe-Identity-UCS def /CMapType 2 def"
        b" 1 begincodespacerange <00> <FF> endcodespacerange"
        b" 3 beginbfchar <41> <5229> <42> <7528> <43> <70BA> endbfchar"
        b" endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    content = (
        b"BT 3 Tr /F1 10 Tf 50 700 Td (ABC) Tj ET"
        b" BT 3 Tr /F1 10 Tf 50 680 Td (C) Tj ET BT 3 Tr /F1 10 Tf 50 660 Td (A) Tj ET"
    )
    glyph = b"1000 0 d0"

    def stream(data: bytes) -> bytes:
        return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)

    return assemble_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 0 0]"
            b" /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /g 6 0 R >>"
            b" /Encoding << /Type /Encoding /Differences [65 /g /g /g] >>"
            b" /FirstChar 65 /LastChar 67 /Widths [1000 1000 1000] /ToUnicode 7 0 R >>",
            stream(content),
            stream(glyph),
            stream(to_unicode),
        ]
    )


def test_text_an_embedded_font_has_no_glyphs_for_is_a_warning() -> None:
    extracted = extract(ocr_layer_pdf(), source="ocr.pdf")
    # The three-character line is read; the lone 「為」 and 「利」 are lost, and said to be.
    assert extracted.text == "利用為"
    assert extracted.warnings == (
        "page 1: 2 pieces of text left out: the embedded font without a name has no glyph "
        "outlines for them (invisible in the PDF too: an OCR text layer?)",
    )


# --- the two machines: with this machine's fonts, and without any -----------------------------


def test_this_run_has_the_fonts_it_claims() -> None:
    """The no-font run really has no CJK font (PDFium alone drops a lone glyph there); the
    normal run has one where CI installed it (PDFium alone keeps the glyph)."""
    if in_fontless_run():
        assert cjk_fonts() == []
        assert not pdfium_alone_reads_lone_glyph(), "a CJK font is still visible to PDFium"
    elif cjk_fonts():
        assert pdfium_alone_reads_lone_glyph()
    elif fontless_required():
        pytest.fail(f"{REQUIRE_FONTLESS}=1 but this machine has no CJK font to compare with")
    else:
        pytest.skip("no CJK font here: the with-fonts half runs where one is (CI installs one)")


# Parse every PDF of a folder and report its sections and the boxes of the characters of its
# first page, as tracker measures them; and how many characters PDFium alone (before tracker's
# substitute font is installed) finds in the same files.
_PARSE_ALL = """
import ctypes, json, sys
from pathlib import Path
import pypdfium2, pypdfium2.raw as pdfium_c
paths = sorted(Path(sys.argv[1]).glob("*.pdf"))
alone = {p.name: sum(len("".join(page.get_textpage().get_text_range().split()))
                     for page in pypdfium2.PdfDocument(p.read_bytes())) for p in paths}
from tracker.sources import load_document
parsed = {p.name: [[s.key, s.title, s.text] for s in load_document(str(p)).sections]
          for p in paths}
boxes = {}
for p in paths:
    textpage = pypdfium2.PdfDocument(p.read_bytes())[0].get_textpage()
    box = [ctypes.c_double() for _ in range(4)]
    boxes[p.name] = [[round(v.value, 3) for v in box]
                     for i in range(textpage.count_chars())
                     if pdfium_c.FPDFText_GetCharBox(textpage, i, *box)]
print(json.dumps({"alone": alone, "parsed": parsed, "boxes": boxes}, ensure_ascii=False))
"""


def _parse_all(folder: Path, *, hide_fonts: bool) -> dict[str, dict[str, object]]:
    command = [sys.executable, "-c", _PARSE_ALL, str(folder)]
    result = subprocess.run(
        without_fonts(command) if hide_fonts else command,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    parsed: dict[str, dict[str, object]] = json.loads(result.stdout)
    return parsed


def _skip_unless_both_machines() -> None:
    if in_fontless_run():
        pytest.skip("compares this machine with and without fonts: runs in the normal run")
    reason = fontless_unavailable() or (None if cjk_fonts() else "no CJK font on this machine")
    if reason and fontless_required():
        pytest.fail(f"{REQUIRE_FONTLESS}=1 but {reason}")
    if reason:
        pytest.skip(reason)


def test_every_seed_as_pdf_parses_the_same_with_and_without_cjk_fonts(tmp_path: Path) -> None:
    _skip_unless_both_machines()
    for name in SEED_NAMES:
        for font, tail in zip(PDF_FONTS, (1, 2), strict=True):
            data = to_pdf(seed_text(name), chars_per_line=37, font=font, tail=tail)
            (tmp_path / f"{name[:3]}-{font}-{tail}.pdf").write_bytes(data)
    with_fonts = _parse_all(tmp_path, hide_fonts=False)
    without = _parse_all(tmp_path, hide_fonts=True)
    assert without["parsed"] == with_fonts["parsed"]
    assert without["boxes"] == with_fonts["boxes"]  # glyphs are measured alike, too
    # PDFium alone loses characters of every file with one-character last lines on the machine
    # without fonts: what tracker's substitute font is for.
    alone_with, alone_without = with_fonts["alone"], without["alone"]
    assert isinstance(alone_with, dict) and isinstance(alone_without, dict)
    shortened = {file for file in alone_with if alone_without[file] < alone_with[file]}
    assert {file for file in alone_with if file.endswith("-1.pdf")} <= shortened


# The PDF tests, as a machine without CJK fonts runs them: test modules and `-k` expression.
PDF_TESTS = (
    "tests/test_extract_pdf.py",
    "tests/test_extract_pdf_fonts.py",
    "tests/test_normalise_cross_format.py",
    "tests/test_compare_cross_format.py",
    "tests/test_compare_properties_extra.py",
    "tests/test_check.py",
    "tests/test_history_record.py",
    "tests/test_store_sections.py",
)


def test_the_pdf_tests_pass_on_a_machine_without_cjk_fonts(tmp_path: Path) -> None:
    if in_fontless_run():
        pytest.skip("this is the run without fonts")
    reason = fontless_unavailable()
    if reason and fontless_required():
        pytest.fail(f"{REQUIRE_FONTLESS}=1 but {reason}")
    if reason:
        pytest.skip(reason)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += [f"--basetemp={tmp_path / 'run'}", "-k", "pdf", *PDF_TESTS]
    result = subprocess.run(
        without_fonts(command),
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=ROOT,
        env={**os.environ, FONTLESS_RUN: "1"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"the PDF tests without CJK fonts failed:\n{output[-6000:]}"
    summary = result.stdout.strip().splitlines()[-1]
    passed = int(summary.split(" passed")[0].split()[-1])
    assert passed >= 200, summary
