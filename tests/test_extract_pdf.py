"""PDF extraction on PDFs built at test time: reportlab with the built-in CID font HeiseiMin-W3
(no font files), or small hand-written PDFs where reportlab cannot make the breakage we need."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable, Sequence
from urllib.parse import quote

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from support.render import assemble_pdf

from tracker.errors import CorruptDocument, EmptyDocument, EncryptedDocument, NoTextLayer
from tracker.extract import extract
from tracker.normalise import normalise

MINCHO = "HeiseiMin-W3"
pdfmetrics.registerFont(UnicodeCIDFont(MINCHO))

WIDTH, HEIGHT = A4
HEADER = "株式会社サンプル　サービス利用規約"
TERMS_URL = "https://example.jp/terms/利用規約"

DrawPage = Callable[[canvas.Canvas, int], None]


def build_pdf(pages: int, draw: DrawPage, **canvas_options: object) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, **canvas_options)
    for number in range(1, pages + 1):
        draw(pdf, number)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def draw_lines(pdf: canvas.Canvas, lines: Sequence[str], top: float = HEIGHT - 90) -> None:
    pdf.setFont(MINCHO, 10.5)
    for index, line in enumerate(lines):
        pdf.drawString(60, top - index * 18, line)


def draw_header(pdf: canvas.Canvas) -> None:
    pdf.setFont(MINCHO, 9)
    pdf.drawString(50, HEIGHT - 35, HEADER)


def draw_footer(pdf: canvas.Canvas, number: int, total: int) -> None:
    pdf.setFont(MINCHO, 9)
    pdf.drawCentredString(WIDTH / 2, 30, f"- {number} -")
    pdf.drawRightString(WIDTH - 50, 30, f"{number} / {total}")


CLAUSES = (
    "当社は、本サービスの提供にあたり、ユーザーの個人情報を適切に取り扱います。",
    "ユーザーは、登録情報に変更があった場合、速やかに届け出るものとします。",
    "料金は、別表に定めるところにより、毎月末日までに支払うものとします。",
    "当社は、天災地変その他の不可抗力により生じた損害について責任を負いません。",
    "本規約の変更は、当社のウェブサイトに掲示した時点から効力を生じます。",
    "ユーザーは、第三者に本サービスを利用させてはならないものとします。",
    "当社は、保守のため、事前に通知した上で本サービスを停止することがあります。",
    "前各項の規定にかかわらず、法令に別段の定めがある場合はその定めに従います。",
)


PARTIES = ("会員", "利用者", "契約者", "申込者", "お客様")


def body_lines(page: int) -> list[str]:
    """Distinct lines: real terms rarely repeat a whole sentence."""
    party = PARTIES[(page - 1) % len(PARTIES)]
    lines = [f"第{page}条（{party}の義務）"]
    lines += [f"{i} {party}について、{CLAUSES[(page + i) % len(CLAUSES)]}" for i in range(1, 8)]
    if page == 2:
        lines.append(f"詳細は{TERMS_URL}をご覧ください。")
    return lines


def terms_pdf(pages: int = 5) -> bytes:
    """Running header and footer, page numbers, and the terms URL repeated (percent-encoded)
    as the last line of pages 3 and 5, as browsers print a link cut by a page break."""

    def draw(pdf: canvas.Canvas, number: int) -> None:
        draw_header(pdf)
        lines = body_lines(number)
        if number in (3, 5):
            lines.append(quote(TERMS_URL, safe=":/"))
        draw_lines(pdf, lines)
        draw_footer(pdf, number, pages)

    return build_pdf(pages, draw)


def test_running_header_footer_and_page_numbers_are_removed() -> None:
    extracted = extract(terms_pdf(), source="terms.pdf")
    url_repeat = [quote(TERMS_URL, safe=":/")]  # left for the normaliser, which drops it
    expected = [
        line
        for page in range(1, 6)
        for line in body_lines(page) + (url_repeat if page in (3, 5) else [])
    ]
    assert extracted.text.split("\n") == expected
    assert extracted.pages == 5
    assert extracted.media_type == "application/pdf"
    assert extracted.encoding is None and extracted.encoding_source is None


def test_url_repeated_at_a_page_break_is_dropped_but_the_sentence_keeps_it() -> None:
    # Extraction keeps every line; the normaliser drops the page-break repeat for all sources.
    document = normalise(extract(terms_pdf(), source="terms.pdf").text)
    text = "\n".join(section.text for section in document.sections)
    assert "%E5" not in text
    assert text.count(TERMS_URL) == 1


def test_header_drawn_last_in_the_content_stream_is_still_removed() -> None:
    # Content-stream order puts this header after the footer: only its position gives it away.
    def draw(pdf: canvas.Canvas, number: int) -> None:
        draw_lines(pdf, body_lines(number))
        draw_footer(pdf, number, 4)
        pdf.setFont(MINCHO, 9)
        pdf.drawString(50, HEIGHT - 30, "改定日：2024年4月1日")
        draw_header(pdf)

    text = extract(build_pdf(4, draw), source="terms.pdf").text
    assert text.split("\n") == [line for page in range(1, 5) for line in body_lines(page)]


def test_article_headings_at_the_top_of_every_page_are_not_taken_for_a_running_header() -> None:
    def draw(pdf: canvas.Canvas, number: int) -> None:
        draw_lines(pdf, [f"第{number}条", "本規約は全てのユーザーに適用されます。"])

    text = extract(build_pdf(4, draw), source="terms.pdf").text
    assert [line for line in text.split("\n") if line.startswith("第")] == [
        "第1条",
        "第2条",
        "第3条",
        "第4条",
    ]


def test_a_sentence_the_layout_puts_at_the_top_of_half_the_pages_is_not_a_header() -> None:
    # Seed 004 ends three articles with the same sentence; wrapped 47 to a line, its last part
    # opened two of four pages. It is body text, since it also stands mid-page.
    sentence = "っても有効に存続するものとします。"

    def page_lines(number: int) -> list[str]:
        lines = body_lines(number)
        return [sentence, *lines] if number % 2 == 0 else [*lines[:3], sentence, *lines[3:]]

    def draw(pdf: canvas.Canvas, number: int) -> None:
        draw_header(pdf)
        draw_lines(pdf, page_lines(number))
        draw_footer(pdf, number, 4)

    text = extract(build_pdf(4, draw), source="terms.pdf").text
    assert text.split("\n") == [line for page in range(1, 5) for line in page_lines(page)]


def test_two_page_document_loses_page_numbers_but_keeps_repeated_lines() -> None:
    # With fewer than three pages a repeated line is as likely content as a header.
    def draw(pdf: canvas.Canvas, number: int) -> None:
        draw_header(pdf)
        draw_lines(pdf, body_lines(number))
        draw_footer(pdf, number, 2)

    lines = extract(build_pdf(2, draw), source="terms.pdf").text.split("\n")
    assert lines.count(HEADER) == 2
    assert not any(line in ("- 1 -", "- 2 -", "1 / 2", "2 / 2") for line in lines)


def test_a_hyphen_pdfium_joins_across_lines_is_put_back() -> None:
    def draw(pdf: canvas.Canvas, number: int) -> None:
        pdf.setFont("Helvetica", 11)
        pdf.drawString(60, 700, "Use of the e-")
        pdf.drawString(60, 686, "mail service")

    assert extract(build_pdf(1, draw), source="a.pdf").text == "Use of the e-\nmail service"


def png_image() -> ImageReader:
    buffer = io.BytesIO()
    Image.new("L", (300, 400), 180).save(buffer, "PNG")
    return ImageReader(io.BytesIO(buffer.getvalue()))


def test_scanned_pdf_has_no_text_layer() -> None:
    def draw(pdf: canvas.Canvas, number: int) -> None:
        pdf.drawImage(png_image(), 50, 100, width=495, height=660)

    with pytest.raises(NoTextLayer) as raised:
        extract(build_pdf(3, draw), source="scan.pdf")
    assert raised.value.page is None
    assert "no text layer" in str(raised.value) and "scan.pdf" in str(raised.value)


def test_blank_pdf_has_no_text_layer() -> None:
    with pytest.raises(NoTextLayer):
        extract(build_pdf(1, lambda pdf, number: None), source="blank.pdf")


def test_one_image_page_among_text_pages_is_a_warning() -> None:
    def draw(pdf: canvas.Canvas, number: int) -> None:
        if number == 2:
            pdf.drawImage(png_image(), 50, 100, width=495, height=660)
        else:
            draw_lines(pdf, body_lines(number))

    extracted = extract(build_pdf(3, draw), source="a.pdf")
    assert extracted.warnings == ("page 2 has no text (image only?)",)
    assert extracted.text.split("\n") == body_lines(1) + body_lines(3)


def test_password_protected_pdf_is_encrypted() -> None:
    data = build_pdf(1, lambda pdf, number: draw_lines(pdf, ["秘密"]), encrypt="pw")
    with pytest.raises(EncryptedDocument, match="password"):
        extract(data, source="secret.pdf")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"%PDF-1.7\n1 0 obj << /Type /Catalog", id="garbled"),
        pytest.param(b"%PDF-", id="magic only"),
        pytest.param(terms_pdf()[:2000], id="truncated"),
    ],
)
def test_unparsable_pdf_is_corrupt(data: bytes) -> None:
    with pytest.raises(CorruptDocument, match="not a readable PDF"):
        extract(data, source="bad.pdf")


# Hand-written PDFs: the breakage we need (fonts without a usable Unicode map) is exactly what
# reportlab takes care never to produce.


def handmade_pdf(pages: Sequence[tuple[bytes, bytes]], extra: Sequence[bytes] = ()) -> bytes:
    """A PDF with one page per (font dictionary, content stream) pair, then the `extra`
    objects (numbered from 3 + 3 × pages), and a correct xref."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for font, content in pages:
        page_id = len(objects) + 1
        kids.append(b"%d 0 R" % page_id)
        objects += [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (page_id + 1, page_id + 2),
            font,
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        ]
    objects += extra
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return assemble_pdf(objects, version=b"1.4")


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
GOOD_PAGE = (HELVETICA, b"BT /F1 12 Tf 50 700 Td (Terms of service) Tj ET")
# A CID font with Identity-H encoding, not embedded and without /ToUnicode: glyph ids come out
# as C0 control characters, as with a Word or LibreOffice PDF whose ToUnicode map was lost.
IDENTITY_H_WITHOUT_TOUNICODE = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /Mincho /Encoding /Identity-H"
    b" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Mincho"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
    b" /FontDescriptor << /Type /FontDescriptor /FontName /Mincho /Flags 4"
    b" /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200"
    b" /CapHeight 700 /StemV 80 >> >>] >>"
)
GLYPH_IDS = b"<" + b"".join(b"%04x" % cid for cid in range(1, 60)) + b">"
PRIVATE_USE_CMAP = (
    b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap"
    b" /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def"
    b" /CMapName /Adobe-Identity-UCS def /CMapType 2 def"
    b" 1 begincodespacerange <00> <FF> endcodespacerange"
    b" 1 beginbfrange <20> <7E> <E000> endbfrange"
    b" endcmap CMapName currentdict /CMap defineresource pop end end"
)


def test_glyph_ids_instead_of_characters_is_no_text_layer_on_that_page() -> None:
    broken = (IDENTITY_H_WITHOUT_TOUNICODE, b"BT /F1 12 Tf 50 700 Td " + GLYPH_IDS + b" Tj ET")
    with pytest.raises(NoTextLayer) as raised:
        extract(handmade_pdf([GOOD_PAGE, broken]), source="broken.pdf")
    assert raised.value.page == 2
    assert "no text layer on page 2" in str(raised.value)
    assert "OCR is not supported" in str(raised.value)


def test_private_use_characters_are_no_text_layer() -> None:
    # A ToUnicode map pointing into the private-use area: what gaiji-heavy PDFs look like.
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    pages = [(font, b"BT /F1 12 Tf 50 700 Td (Terms of service apply) Tj ET")]
    cmap = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(PRIVATE_USE_CMAP), PRIVATE_USE_CMAP)
    with pytest.raises(NoTextLayer) as raised:
        extract(handmade_pdf(pages, [cmap]), source="gaiji.pdf")
    assert raised.value.page == 1


def test_pdfminer_style_cid_markers_are_no_text_layer() -> None:
    page = (HELVETICA, b"BT /F1 12 Tf 50 700 Td ((cid:12)(cid:34) Terms of service) Tj ET")
    with pytest.raises(NoTextLayer):
        extract(handmade_pdf([page]), source="cid.pdf")


def test_good_handmade_page_reads() -> None:
    extracted = extract(handmade_pdf([GOOD_PAGE]), source="a.pdf")
    assert extracted.text == "Terms of service"


def test_pdf_without_pages_is_empty() -> None:
    data = handmade_pdf([])
    with pytest.raises((EmptyDocument, CorruptDocument)):
        extract(data, source="none.pdf")


def test_characters_beyond_the_bmp_survive() -> None:
    # 𠮷 (U+20BB7) is the 吉 of 𠮷野家: UTF-16 surrogates inside PDFium.
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def"
        b" /CMapName /Adobe-Identity-UCS def /CMapType 2 def"
        b" 1 begincodespacerange <00> <FF> endcodespacerange"
        b" 3 beginbfchar <41> <D842DFB7> <42> <91CE> <43> <5BB6> endbfchar"
        b" endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    content = b"BT /F1 12 Tf 50 700 Td (ABC) Tj 0 -20 Td (CBA) Tj ET"
    stream = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap)
    assert extract(handmade_pdf([(font, content)], [stream]), source="a.pdf").text == (
        "𠮷野家\n家野𠮷"
    )


def test_reading_plain_text_does_not_load_pdfium_or_bs4() -> None:
    code = (
        "import sys; from tracker.extract import extract; extract(b'terms', source='a.txt');"
        "print(sorted({'pypdfium2', 'bs4'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_a_real_pdf_served_as_html_is_read_as_pdf() -> None:
    extracted = extract(terms_pdf(), source="https://example.jp/terms", content_type="text/html")
    assert extracted.media_type == "application/pdf"
    assert extracted.text.split("\n")[0] == body_lines(1)[0]


def test_table_cells_drawn_apart_are_separated_by_tabs_and_word_spaces_stay() -> None:
    rows = [
        ("品目", "初期費用", "契約単位"),
        ("基本設定費", "15,000 円(税込 16,500円)", "1契約あたり"),
    ]

    def draw(pdf: canvas.Canvas, number: int) -> None:
        pdf.setFont(MINCHO, 10.5)
        for row_index, row in enumerate(rows):
            for x, cell in zip((60, 200, 380), row, strict=True):
                pdf.drawString(x, HEIGHT - 100 - row_index * 18, cell)
        pdf.drawString(60, HEIGHT - 160, "SORACOM Flux と Microsoft Online Subscription Agreement")

    lines = extract(build_pdf(1, draw), source="fees.pdf").text.split("\n")
    assert lines == [
        "品目\t初期費用\t契約単位",
        "基本設定費\t15,000 円(税込 16,500円)\t1契約あたり",
        "SORACOM Flux と Microsoft Online Subscription Agreement",
    ]
