"""Glyph boxes for the fonts a PDF does not embed, so PDFium reads the same text on every machine.

PDFium measures each glyph to place it, and a text object (one `Tj`) whose glyphs have no outline
has no width: the text page leaves it out. For a font the PDF does not embed (reportlab's
HeiseiMin-W3, "do not embed system fonts" in Word or Acrobat) the outlines come from a font of the
machine that PDFium substitutes. On a machine without a CJK font (a Docker image, a cron host)
there is none, and every character drawn on its own — the last line `為` of a paragraph, or the
one character a line-wrapping publisher leaves over — vanished from the text without a word: 0.3
to 9.3 characters per 1,000 of the five seeds laid out as PDFs, none with a CJK font installed
(bench/bench_pdf_fonts.py).

So tracker gives PDFium its own substitute for every font the PDF does not embed, except the 14
standard fonts PDFium has built in: `box_font()`, a 776-byte TrueType font made here whose glyph for
every character is a box (an empty one for spaces). Reading text needs positions and sizes,
never shapes, and the advance widths come from the PDF itself. PDFium then never reads the
machine's fonts, so the text is the same with and without them (decision record 0004).

The substitute is installed for the whole process (`FPDF_SetSystemFontInfo` is global in
PDFium): another user of pypdfium2 in the same process who renders pages sees boxes for
non-embedded fonts.
"""

from __future__ import annotations

import ctypes
import functools
import struct
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

FACE_NAME = b"TrackerGlyphBoxes"
UNITS_PER_EM = 1000
ASCENT, DESCENT = 880, -120
# Glyph boxes, as ink sits in a CJK font's em square (the boxes of real glyphs are what PDFium
# measured before; table cells and word gaps are judged on them, see pdf.CELL_GAP).
_FULL_BOX = (50, -80, 950, 820)
_HALF_BOX = (50, -80, 450, 820)

_NOTDEF, _SPACE, _FULL, _HALF = range(4)
# Characters → glyph, as (first, last, glyph) ranges; anything not listed is a full-width box.
_SPACES = (
    *((0x0000, 0x0020), (0x007F, 0x00A0), (0x2000, 0x200B), (0x2028, 0x2029)),
    *((0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF)),
)
_HALF_WIDTH = ((0x0021, 0x007E), (0x00A1, 0x024F), (0xFF61, 0xFF9F))

# PDFium's own fonts for these (CFX_FontMapper's base-14 names, after aliases such as Arial →
# Helvetica; Symbol and ZapfDingbats never reach us): they cover what their encodings can
# address, on every machine alike, and carry the metrics of PDFs that give no widths for them.
STANDARD_FONTS = frozenset(
    name.encode()
    for family in ("Courier", "Helvetica")
    for name in (family, f"{family}-Bold", f"{family}-BoldOblique", f"{family}-Oblique")
) | {b"Times-Roman", b"Times-Bold", b"Times-BoldItalic", b"Times-Italic"}
# FX_Charset values of Japanese, Korean, simplified and traditional Chinese.
CJK_CHARSETS = frozenset({128, 129, 134, 136})


@functools.cache
def box_font() -> bytes:
    """A TrueType font whose glyph for every Unicode character is a box (empty for spaces).

    Four glyphs: .notdef and every unlisted character a full-width box, a half-width box for
    Latin letters, digits and half-width katakana, and an empty glyph for spaces and controls.
    A format 13 `cmap` (many characters to one glyph) covers all of Unicode in a few groups.
    """
    glyphs = [_outline(_FULL_BOX), b"", _outline(_FULL_BOX), _outline(_HALF_BOX)]
    advances = [UNITS_PER_EM, UNITS_PER_EM // 2, UNITS_PER_EM, UNITS_PER_EM // 2]
    offsets = [0]
    for glyph in glyphs:
        offsets.append(offsets[-1] + len(glyph))
    count = len(glyphs)
    tables = {
        b"cmap": _cmap(),
        b"glyf": b"".join(glyphs),
        b"head": _head(),
        b"hhea": _hhea(count),
        b"hmtx": b"".join(struct.pack(">Hh", advance, 0) for advance in advances),
        b"loca": struct.pack(f">{len(offsets)}I", *offsets),
        b"maxp": struct.pack(">IHHH4xH16x", 0x00010000, count, 4, 1, 2),  # 4 points, 1 contour
        b"name": _name_table(),
        b"post": struct.pack(">I28x", 0x00030000),  # no glyph names
    }
    return _sfnt(tables)


def _head() -> bytes:
    version = revision = 0x00010000
    magic, flags = 0x5F0F3CF5, 0x000B  # integer scaling, baseline and left side bearing at 0
    dates = b"\0" * 16  # created, modified
    bounds = struct.pack(">4h", 0, DESCENT, UNITS_PER_EM, ASCENT)
    # macStyle, smallest readable size, direction hint, long offsets in loca, glyf format 0
    tail = struct.pack(">HHhhh", 0, 8, 2, 1, 0)
    # checkSumAdjustment (0 here) is set by _sfnt once the file is complete
    return (
        struct.pack(">IIIIHH", version, revision, 0, magic, flags, UNITS_PER_EM)
        + dates
        + bounds
        + tail
    )


def _hhea(glyphs: int) -> bytes:
    version = 0x00010000
    metrics = struct.pack(">hhhH", ASCENT, DESCENT, 0, UNITS_PER_EM)  # line gap 0, widest advance
    extents = struct.pack(">hhh", 0, 0, UNITS_PER_EM)  # min left/right bearings, max x extent
    caret = struct.pack(">hhh", 1, 0, 0)  # upright
    reserved = b"\0" * 8
    return (
        struct.pack(">I", version)
        + metrics
        + extents
        + caret
        + reserved
        + struct.pack(">hH", 0, glyphs)
    )


def _outline(box: tuple[int, int, int, int]) -> bytes:
    """A simple glyph: one closed contour of four on-curve points around `box`."""
    left, bottom, right, top = box
    # Clockwise from the bottom left; coordinates are deltas from the previous point.
    x_steps = (left, 0, right - left, 0)
    y_steps = (bottom, top - bottom, 0, bottom - top)
    glyph = struct.pack(">h4hHH", 1, left, bottom, right, top, 3, 0)  # last point 3, no hinting
    glyph += bytes([1] * 4)  # flags: on the curve, x and y as 16-bit deltas
    glyph += struct.pack(">8h", *x_steps, *y_steps)
    return glyph + b"\0" * (-len(glyph) % 4)


def _cmap() -> bytes:
    """Windows Unicode (UCS-4) `cmap` of format 13: every range maps to a single glyph."""
    listed = [(first, last, _SPACE) for first, last in _SPACES]
    listed += [(first, last, _HALF) for first, last in _HALF_WIDTH]
    groups: list[tuple[int, int, int]] = []
    next_char = 0
    for first, last, glyph in sorted(listed):
        if first > next_char:
            groups.append((next_char, first - 1, _FULL))
        groups.append((first, last, glyph))
        next_char = last + 1
    groups.append((next_char, 0x10FFFF, _FULL))
    subtable = struct.pack(">HHIII", 13, 0, 16 + 12 * len(groups), 0, len(groups))
    subtable += b"".join(struct.pack(">III", *group) for group in groups)
    return struct.pack(">HHHHI", 0, 1, 3, 10, 12) + subtable


def _name_table() -> bytes:
    """Family (1) and full name (4), both the face name, in Windows English."""
    name = FACE_NAME.decode().encode("utf-16-be")
    records = b"".join(struct.pack(">6H", 3, 1, 0x409, name_id, len(name), 0) for name_id in (1, 4))
    return struct.pack(">HHH", 0, 2, 6 + len(records)) + records + name


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(data) // 4}I", data)
    return sum(words) & 0xFFFFFFFF


def _sfnt(tables: dict[bytes, bytes]) -> bytes:
    """The font file: offset table, table directory (sorted by tag), the tables 4-byte aligned,
    and head.checkSumAdjustment set as the TrueType specification asks."""
    count = len(tables)
    power = 1 << (count.bit_length() - 1)
    search = (16 * power, power.bit_length() - 1, 16 * (count - power))
    out = bytearray(struct.pack(">IHHHH", 0x00010000, count, *search))
    offset = 12 + 16 * count
    body = bytearray()
    head_at = 0
    for tag in sorted(tables):
        data = tables[tag]
        if tag == b"head":
            head_at = offset + len(body)
        out += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    out += body
    struct.pack_into(">I", out, head_at + 8, (0xB1B0AFBA - _checksum(bytes(out))) & 0xFFFFFFFF)
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# Handing the font to PDFium

_installed: list[Any] = []  # the FPDF_SYSFONTINFO and its callbacks, alive as long as PDFium


def install_box_font() -> None:
    """Make `box_font()` PDFium's substitute for every font a PDF does not embed, except the
    standard 14 (idempotent; call with the PDFium lock held, before opening a document).

    PDFium asks its system font info (`FPDF_SYSFONTINFO`) for a font by weight, charset and
    family; ours answers with the box font, or with nothing for a standard font, which sends
    PDFium to its built-in one. It lists no installed fonts, so the machine's are never read.
    """
    if _installed:
        return
    import pypdfium2.raw as pdfium_c

    data = box_font()
    buffer = (ctypes.c_ubyte * len(data)).from_buffer_copy(data)
    face = FACE_NAME + b"\0"
    handle = 1  # PDFium only hands it back to us

    def map_font(
        _info: Any, _weight: int, _italic: int, charset: int, _pitch: int, family: Any, _exact: Any
    ) -> int | None:
        name = ctypes.cast(family, ctypes.c_char_p).value
        return None if name in STANDARD_FONTS and charset not in CJK_CHARSETS else handle

    def font_data(_info: Any, _font: Any, table: int, out: Any, size: int) -> int:
        if table != 0:  # a single table: PDFium asks for the whole file first and needs no other
            return 0
        if out and size >= len(data):
            ctypes.memmove(out, buffer, len(data))
        return len(data)

    def face_name(_info: Any, _font: Any, out: Any, size: int) -> int:
        if out and size >= len(face):
            ctypes.memmove(out, face, len(face))
        return len(face)

    def nothing(*_args: Any) -> None:
        return None

    callbacks = {
        "Release": nothing,
        "EnumFonts": nothing,  # no installed fonts: PDFium asks map_font for everything
        "MapFont": map_font,
        "GetFont": lambda _info, _family: None,
        "GetFontData": font_data,
        "GetFaceName": face_name,
        "GetFontCharset": lambda _info, _font: 1,  # DEFAULT_CHARSET: whatever was asked for
        "DeleteFont": nothing,
    }
    info = pdfium_c.FPDF_SYSFONTINFO()
    info.version = 1
    kinds = dict(pdfium_c.FPDF_SYSFONTINFO._fields_)
    for name, function in callbacks.items():
        callback = kinds[name](function)
        setattr(info, name, callback)
        _installed.append(callback)
    _installed.extend([info, buffer])
    pdfium_c.FPDF_SetSystemFontInfo(ctypes.byref(info))


# ---------------------------------------------------------------------------------------------
# Text PDFium left out all the same

ZERO = 0.01  # PDFium's kSizeEpsilon: a text object narrower than this is left out of the text
_OBJECT_TEXT, _OBJECT_FORM = 1, 5  # FPDF_PAGEOBJ_TEXT, FPDF_PAGEOBJ_FORM


@dataclass(frozen=True)
class DroppedText:
    """Text objects of one font that the text page left out: their glyphs have no outline."""

    font: str
    embedded: bool
    pieces: int  # text objects (one `Tj`/`TJ` each, usually a single character)


def dropped_text(page: Any, textpage: Any) -> list[DroppedText]:
    """Text PDFium measured as having no glyphs, in fonts whose visible characters have none.

    A text object whose glyphs have no outline is flat (zero height) and, if its glyphs sit at
    one point (a single character), has no width either: the text page leaves it out and
    `FPDFTextObj_GetText` has nothing for it. A space does the same in any font, so a flat,
    empty object alone proves nothing; it is counted when its font also draws a flat object
    with visible text — a font PDFium cannot see the glyphs of. With `install_box_font` that
    never happens to a font the PDF does not embed; it does to an embedded font without outlines
    (Tesseract's invisible OCR text layer, a subset that lacks the glyph).
    """
    import pypdfium2.raw as pdfium_c

    bounds = [ctypes.c_float() for _ in range(4)]
    flat_empty: Counter[int] = Counter()  # font → objects left out
    blind: dict[int, Any] = {}  # font → its handle, for fonts with flat visible text
    for item in _text_objects(page, pdfium_c):
        if not pdfium_c.FPDFPageObj_GetBounds(item, *bounds):
            continue
        left, bottom, right, top = (value.value for value in bounds)
        if top - bottom >= ZERO:
            continue
        font = pdfium_c.FPDFTextObj_GetFont(item)
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if right - left < ZERO:
            flat_empty[key] += 1
        elif key not in blind and _object_text(item, textpage, pdfium_c).strip():
            blind[key] = font
    return [
        DroppedText(_font_name(blind[key], pdfium_c), _is_embedded(blind[key], pdfium_c), n)
        for key, n in flat_empty.items()
        if key in blind
    ]


def _text_objects(holder: Any, pdfium_c: Any, form: bool = False) -> Iterator[Any]:
    """Every text object of a page, inside form XObjects too."""
    count = (pdfium_c.FPDFFormObj_CountObjects if form else pdfium_c.FPDFPage_CountObjects)(holder)
    get = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
    for index in range(count):
        item = get(holder, index)
        kind = pdfium_c.FPDFPageObj_GetType(item)
        if kind == _OBJECT_TEXT:
            yield item
        elif kind == _OBJECT_FORM:
            yield from _text_objects(item, pdfium_c, form=True)


def _object_text(item: Any, textpage: Any, pdfium_c: Any) -> str:
    size = pdfium_c.FPDFTextObj_GetText(item, textpage, None, 0)  # bytes, with the final NUL
    buffer = (ctypes.c_ushort * max(size // 2, 1))()
    pdfium_c.FPDFTextObj_GetText(item, textpage, buffer, size)
    return bytes(buffer).decode("utf-16-le", errors="replace").rstrip("\0")


def _font_name(font: Any, pdfium_c: Any) -> str:
    # FPDFFont_GetBaseFontName since PDFium 6611, FPDFFont_GetFontName before
    get = getattr(pdfium_c, "FPDFFont_GetBaseFontName", None) or pdfium_c.FPDFFont_GetFontName
    buffer = ctypes.create_string_buffer(256)
    size = get(font, buffer, len(buffer))
    return buffer.raw[: max(min(size, len(buffer)) - 1, 0)].decode("utf-8", errors="replace")


def _is_embedded(font: Any, pdfium_c: Any) -> bool:
    return bool(pdfium_c.FPDFFont_GetIsEmbedded(font) == 1)
