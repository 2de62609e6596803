"""What kind of document some bytes are: PDF, HTML or plain text, or something we refuse.

The bytes win over what the server or the file name claims: a Content-Type of text/html on a
`%PDF-` body is a PDF, and a `.pdf` URL that returns an HTML error page is HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from tracker.errors import CorruptDocument, EmptyDocument, UnsupportedDocument
from tracker.extract.decode import bom_codec


class MediaType(StrEnum):
    TEXT = "text/plain"
    MARKDOWN = "text/markdown"
    HTML = "text/html"
    PDF = "application/pdf"


@dataclass(frozen=True)
class Sniffed:
    media_type: MediaType
    warnings: tuple[str, ...] = ()


# Signatures of formats people mistake for documents, checked before anything textual.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (docx, xlsx, epub …)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data (decompress it first)"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"(\xb5/\xfd", "zstd-compressed data"),
    (b"7z\xbc\xaf'\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"%!PS", "a PostScript file"),
    (b"\x7fELF", "an executable"),
)
_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}

_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|script|iframe|h[1-6]|div|font|table|a|style|title"
    r"|b|br|p|meta|link|main|article|section|ul|ol)(?=[\s/>])|<!--",
)
_HTML_NEAR_START = re.compile(r"<!doctype\s+html|<(?:html|head|body)(?=[\s/>])")
_ANY_TAG = re.compile(rb"<[A-Za-z!/]")
# C0 controls that never occur in text; ESC stays allowed for ISO-2022-JP.
_BINARY_CONTROLS = bytes(b for b in range(0x20) if b not in b"\t\n\r\x0c\x1b")
_HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
_MARKDOWN_TYPES = ("text/markdown", "text/x-markdown")


def sniff(data: bytes, *, source: str, content_type: str | None = None) -> Sniffed:
    """Classify `data`; raise EmptyDocument or UnsupportedDocument for what we cannot read.

    >>> sniff(b"%PDF-1.7 ...", source="x", content_type="text/html").media_type
    <MediaType.PDF: 'application/pdf'>
    >>> sniff(b"  <!DOCTYPE html><p>hi", source="x").media_type
    <MediaType.HTML: 'text/html'>
    >>> sniff("第1条 本規約は".encode(), source="terms.txt").media_type
    <MediaType.TEXT: 'text/plain'>
    """
    if not data.strip():
        raise EmptyDocument(source, "the document is empty")
    if b"%PDF-" in data[:1024]:
        return Sniffed(MediaType.PDF)
    declared = _declared_type(content_type, source)
    _refuse_binary(data, source, declared)
    media_type = _markup_or_text(data, declared)
    if media_type is MediaType.TEXT and declared is MediaType.MARKDOWN:
        return Sniffed(MediaType.MARKDOWN)
    if media_type is MediaType.TEXT and declared is MediaType.HTML:
        return Sniffed(media_type, ("declared HTML but holds no markup; read as text",))
    if declared is MediaType.PDF:
        return Sniffed(
            media_type, (f"declared a PDF but the bytes are {media_type}; read as such",)
        )
    return Sniffed(media_type)


def _markup_or_text(data: bytes, declared: MediaType | None) -> MediaType:
    head = _text_head(data)
    if _HTML_START.match(head.lstrip()) or _HTML_NEAR_START.search(head):
        return MediaType.HTML
    if declared is MediaType.HTML and _ANY_TAG.search(data):
        return MediaType.HTML
    return MediaType.TEXT


def media_type_of(content_type: str | None) -> str | None:
    """The bare, lower-case media type of a Content-Type value.

    >>> media_type_of("Text/HTML; charset=Shift_JIS")
    'text/html'
    """
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _declared_type(content_type: str | None, source: str) -> MediaType | None:
    """What the Content-Type, or failing that the file extension, claims."""
    media_type = media_type_of(content_type)
    if media_type in _HTML_TYPES:
        return MediaType.HTML
    if media_type == "application/pdf":
        return MediaType.PDF
    if media_type in _MARKDOWN_TYPES:
        return MediaType.MARKDOWN
    if media_type and media_type.startswith("text/") and media_type != "text/plain":
        return MediaType.TEXT
    suffix = _suffix(source)
    if suffix in _MARKDOWN_EXTENSIONS:
        return MediaType.MARKDOWN
    if media_type == "text/plain":
        return MediaType.TEXT
    suffix = _suffix(source)
    if suffix in _HTML_EXTENSIONS:
        return MediaType.HTML
    if suffix == ".pdf":
        return MediaType.PDF
    return None


def _suffix(source: str) -> str:
    """The lower-case extension of a path or of a URL's path.

    >>> _suffix("https://example.jp/terms.HTML?x=1"), _suffix("/tmp/a.pdf"), _suffix("notes")
    ('.html', '.pdf', '')
    """
    path = urlsplit(source).path if "://" in source else source
    return PurePosixPath(path.replace("\\", "/")).suffix.lower()


def _refuse_binary(data: bytes, source: str, declared: MediaType | None) -> None:
    what = _binary_kind(data)
    if what is None:
        return
    if declared is MediaType.PDF:
        raise CorruptDocument(source, f"declared a PDF but has no %PDF- header; looks like {what}")
    raise UnsupportedDocument(source, f"not a text, HTML or PDF document; looks like {what}")


def _binary_kind(data: bytes) -> str | None:
    """A short description of what binary data looks like, or None if it may be text."""
    if bom_codec(data) is not None:
        return None  # UTF-16 and UTF-32 are full of NUL bytes
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            return what
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    if b"\x00" in data:
        return "binary data (it contains NUL bytes)"
    controls = len(data) - len(data.translate(None, _BINARY_CONTROLS))
    if controls > max(2, len(data) // 20):  # random bytes: ~10%; text: a stray BEL at most
        return f"binary data ({controls} control bytes in {len(data)})"
    return None


def _text_head(data: bytes) -> str:
    """The first KiB as lower-case text, good enough to look for markup in any encoding."""
    head = data[:1024]
    bom = bom_codec(head)
    if bom is not None:
        length, codec = bom
        return head[length:].decode(codec, "ignore").lower()
    return head.decode("latin-1").lower()
