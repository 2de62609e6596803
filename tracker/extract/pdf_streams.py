"""Damage PDFium forgives in silence: a compressed stream that stops decoding half way.

PDFium shows what it could decode of a broken content stream and reports nothing, so a PDF
damaged on its way (a transfer in text mode, a proxy that rewrote bytes, a bad disk) reads as the
agreement minus a few articles: a plausible, and false, change of the terms. Here every stream
compressed with Flate, ASCII85 or ASCIIHex is decoded and its output thrown away; one that fails
to decode makes the whole PDF corrupt. Images are skipped (their damage cannot change the text),
as are filters we do not decode (LZW, JBIG2 …) and encrypted files (their streams are ciphertext).
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib

# The end of a stream's dictionary and the keyword; the dictionary starts at its "obj".
_STREAM = re.compile(rb">>\s*stream\r?\n")
_END = b"endstream"
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_STEP = 1 << 20  # inflate output per call: memory stays bounded on a big stream


def damaged_streams(data: bytes) -> int:
    """How many streams of an (unencrypted) PDF cannot be decoded.

    One pass: the search resumes after each stream's `endstream`, and a dictionary is looked
    for back to where the previous stream ended, so no byte is read more than a few times.

    >>> good = zlib.compress(b"BT (Terms) Tj ET")
    >>> pdf = b"1 0 obj << /Length %d /Filter /FlateDecode >> stream\\n%s\\nendstream endobj"
    >>> damaged_streams(pdf % (len(good), good)), damaged_streams(pdf % (9, b"not zlib!"))
    (0, 1)
    """
    damaged = 0
    position = 0
    while (match := _STREAM.search(data, position)) is not None:
        end = data.find(_END, match.end())
        if end < 0:
            break
        head = data.rfind(b"obj", position, match.start())
        dictionary = data[head : match.start()] if head >= 0 else b""
        position = end + len(_END)
        if not dictionary or b"stream" in dictionary or _IMAGE.search(dictionary):
            continue  # not a stream's dictionary we can see, or an image
        if not _decodes(_filters(dictionary), data[match.end() : end]):
            damaged += 1
    return damaged


def _filters(dictionary: bytes) -> list[bytes]:
    found = _FILTER.search(dictionary)
    return _NAME.findall(found.group(1)) if found else []


def _decodes(filters: list[bytes], data: bytes) -> bool:
    """Whether `data` decodes through `filters` as far as we know them."""
    try:
        for index, name in enumerate(filters):
            if name in (b"FlateDecode", b"Fl"):
                if index == len(filters) - 1:  # where Flate always is in practice
                    _inflate(data)
                return True  # a filter after Flate is not checked
            if name in (b"ASCII85Decode", b"A85"):
                data = _ascii85(data)
            elif name in (b"ASCIIHexDecode", b"AHx"):
                data = _ascii_hex(data)
            else:
                return True  # a filter we do not decode: nothing to say
    except (ValueError, zlib.error):  # binascii.Error is a ValueError
        return False
    return True


def _inflate(data: bytes) -> None:
    """Inflate `data` in bounded steps, output discarded (a bomb inside a PDF costs time, not
    memory). Raises zlib.error on damage; an unfinished stream (no end marker) is tolerated, as
    PDFium tolerates it and some writers produce it."""
    inflater = zlib.decompressobj()
    inflater.decompress(data, _STEP)
    while inflater.unconsumed_tail and not inflater.eof:
        inflater.decompress(inflater.unconsumed_tail, _STEP)


def _ascii85(data: bytes) -> bytes:
    """
    >>> _ascii85(b"<~87cURD]j7BEbo7~>")
    b'Hello world'
    """
    data = data.strip()
    data = data.removeprefix(b"<~")
    end = data.find(b"~>")
    return base64.a85decode(data if end < 0 else data[:end], ignorechars=b" \t\r\n\x0c\x00")


def _ascii_hex(data: bytes) -> bytes:
    """
    >>> _ascii_hex(b"48 65 6C 6C 6F 2>")
    b'Hello '
    """
    digits = bytes(byte for byte in data.split(b">", 1)[0] if not chr(byte).isspace())
    if len(digits) % 2:
        digits += b"0"  # the spec: an odd final digit is followed by an implied 0
    return binascii.unhexlify(digits)
