"""What kind of document bytes are, how text is decoded, and that nothing else ever escapes."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.errors import CorruptDocument, DocumentError, EmptyDocument, UnsupportedDocument
from tracker.extract import extract
from tracker.extract.decode import decode

TERMS = "第1条（適用）\n本規約は、㈱サンプルが提供する全てのサービスに適用されます。①～③を含む。"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        pytest.param(PNG, "PNG image", id="png"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image", id="jpeg"),
        pytest.param(b"GIF89a\x01\x00", "GIF image", id="gif"),
        pytest.param(docx_bytes(), r"ZIP archive \(docx", id="docx"),
        pytest.param(gzip.compress(TERMS.encode()), "gzip", id="gzip"),
        pytest.param(b"terms\x00\x00\x01\x02 of service", "NUL bytes", id="nul"),
        pytest.param(bytes(range(1, 32)) * 4 + b"text", "control bytes", id="controls"),
    ],
)
def test_binary_data_is_unsupported_and_named(data: bytes, looks_like: str) -> None:
    with pytest.raises(UnsupportedDocument, match=looks_like):
        extract(data, source="https://example.jp/terms")


@pytest.mark.parametrize("data", [b"", b"   \r\n\t ", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_or_blank_is_empty(data: bytes) -> None:
    with pytest.raises(EmptyDocument):
        extract(data, source="terms.txt")


def test_html_content_type_on_pdf_bytes_trusts_the_bytes() -> None:
    # Magic alone: the document itself is garbage, so the PDF reader reports it as corrupt.
    with pytest.raises(CorruptDocument, match="not a readable PDF"):
        extract(b"%PDF-1.4\ngarbage", source="x", content_type="text/html; charset=utf-8")


def test_pdf_magic_after_junk_within_the_first_kib_is_a_pdf() -> None:
    with pytest.raises(CorruptDocument, match="not a readable PDF"):
        extract(b"\r\n" * 100 + b"%PDF-1.4\ngarbage", source="x")


def test_pdf_url_answering_with_an_html_page_is_html() -> None:
    data = "<!DOCTYPE html><p>ページが見つかりません</p>".encode()
    extracted = extract(data, source="https://example.jp/terms.pdf", content_type="application/pdf")
    assert (extracted.media_type, extracted.text) == ("text/html", "ページが見つかりません")
    assert extracted.warnings == ("declared a PDF but the bytes are text/html; read as such",)


def test_declared_pdf_that_is_binary_garbage_is_corrupt() -> None:
    with pytest.raises(CorruptDocument, match="no %PDF- header"):
        extract(b"\x00\x01\x02garbage" * 10, source="terms.pdf")


@pytest.mark.parametrize(
    ("data", "source", "content_type", "media_type"),
    [
        (b"<!doctype html><title>t</title>", "x", None, "text/html"),
        (b"\n  <HTML lang=ja><p>x", "x", None, "text/html"),
        (b"<p>plain paragraph</p>", "x", None, "text/html"),
        (b"<?xml version='1.0'?><html xmlns='x'><body>x", "x", None, "text/html"),
        (b"terms <b>bold</b>", "terms.html", None, "text/html"),
        (b"terms <b>bold</b>", "x", "text/html", "text/html"),
        (b"terms <b>bold</b>", "terms.txt", None, "text/plain"),
        (b"a < b and c > d", "x", None, "text/plain"),
    ],
)
def test_markup_content_type_and_extension_decide_html(
    data: bytes, source: str, content_type: str | None, media_type: str
) -> None:
    assert extract(data, source=source, content_type=content_type).media_type == media_type


def test_declared_html_without_markup_is_read_as_text_keeping_its_lines() -> None:
    extracted = extract(TERMS.encode(), source="x", content_type="text/html")
    assert (extracted.media_type, extracted.text) == ("text/plain", TERMS)
    assert extracted.warnings == ("declared HTML but holds no markup; read as text",)


@pytest.mark.parametrize(
    ("codec", "content_type", "encoding", "source"),
    [
        ("utf-8", None, "utf-8", "detected"),
        ("cp932", None, "cp932", "detected"),
        ("cp932", "text/plain; charset=Shift_JIS", "cp932", "header"),
        ("cp932", "text/plain; charset=x-sjis", "cp932", "header"),
        ("cp932", "text/plain; charset=ISO-8859-1", "cp932", "detected"),
        ("euc_jis_2004", None, "euc_jis_2004", "detected"),
        ("euc_jis_2004", "text/plain; charset=EUC-JP", "euc_jis_2004", "header"),
        ("iso2022_jp_ext", None, "iso2022_jp_ext", "detected"),
        ("utf-8-sig", None, "utf-8", "bom"),
        ("utf-16", None, "utf-16-le", "bom"),
    ],
)
def test_plain_text_decodes_exactly(
    codec: str, content_type: str | None, encoding: str, source: str
) -> None:
    # ISO-2022-JP has neither ㈱ nor circled numbers.
    text = TERMS if codec != "iso2022_jp_ext" else TERMS.replace("㈱", "").replace("①～③", "")
    extracted = extract(text.encode(codec), source="terms.txt", content_type=content_type)
    assert extracted.text == text
    assert (extracted.encoding, extracted.encoding_source) == (encoding, source)
    assert extracted.media_type == "text/plain"


def test_mixed_encodings_fall_back_to_utf8_with_a_warning() -> None:
    # A UTF-8 page with a cp932 fragment pasted in: no codec reads all of it.
    utf8_part = "本規約は当社の提供するサービスに適用されます。" * 3
    data = utf8_part.encode() + "①㈱".encode("cp932")
    decoded = decode(data)
    assert (decoded.encoding, decoded.source) == ("utf-8", "fallback")
    assert decoded.text.startswith(utf8_part) and "\ufffd" in decoded.text
    assert decoded.warnings == ("encoding unknown: decoded as UTF-8 with replacement characters",)


def test_unknown_label_is_ignored_with_a_warning() -> None:
    decoded = decode("規約".encode(), declared_charset="x-klingon")
    assert (decoded.text, decoded.source) == ("規約", "detected")
    assert decoded.warnings == ("Content-Type names an unknown charset 'x-klingon'; ignored",)


def test_newlines_are_normalised_and_invisible_characters_dropped() -> None:
    data = "第1条\r\n本\u200b規約は\u00ad\rソフト\u200dウェア\ufeffに\x07適用\r\n".encode()
    assert extract(data, source="a.txt").text == "第1条\n本規約は\nソフトウェアに適用"


def test_plain_text_keeps_its_characters_and_spacing() -> None:
    text = "第 1 条　⽉額　ＡＢＣ\t料金 ①"
    assert extract(text.encode(), source="a.txt").text == text


# Arbitrary bytes, biased towards the prefixes that send them down each path.
PREFIXES = st.sampled_from(
    [b"", b"%PDF-1.4\n", b"<!DOCTYPE html>", b"<p>", b"\xef\xbb\xbf", b"\xff\xfe", b"PK\x03\x04"]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=PREFIXES,
    body=st.binary(max_size=2048),
    content_type=st.sampled_from(
        [
            None,
            "text/html",
            "text/plain; charset=shift_jis",
            "application/pdf",
            "text/html; charset=bogus",
        ]
    ),
)
def test_arbitrary_bytes_raise_nothing_but_document_errors(
    prefix: bytes, body: bytes, content_type: str | None
) -> None:
    try:
        extracted = extract(prefix + body, source="fuzz", content_type=content_type)
    except DocumentError:
        return
    assert extracted.text.strip()
    assert "\r" not in extracted.text
