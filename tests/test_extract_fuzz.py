"""Fuzzing the way in: whatever bytes arrive, under whatever name and Content-Type, `tracker parse`
either gives a sound `Document` or raises a `DocumentError` whose message is one clear line —
never another exception, never a hang, never unbounded memory.

Inputs, all through `document_from_bytes` (what `parse`, `compare` and `check` call):

- random bytes under every source name and Content-Type;
- real documents mutated: the seeds rendered as HTML in the three styles (cp932 among them),
  as text in four codecs and as reportlab PDFs, compressed and not, then bit flips, insertions,
  deletions, truncations, splices of two inputs and format tokens; PDFs also get their xref
  offsets, `startxref`, `/Length`, `/Count`, object references and filters edited;
- generated tag soup: deep nesting, huge attributes, broken entities, scripts, comments, CDATA,
  and pages in odd encodings whose `<meta>` and Content-Type name the wrong charset or none;
- agreement-like text full of headings with odd numerals (`第十十条`, 5,000 digits), in every
  Japanese codec.

Each call runs under a watchdog (`CALL_SECONDS`); inputs that once broke the contract are kept in
`tests/fuzz_cases/` and replayed in a child process under an address-space limit, so a crash in
native code or a memory blow-up fails one test instead of the run. The long, coverage-guided
campaign is `bench/fuzz_extract.py`; it uses `check_contract`, `corpus` and `Mutation` from here.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.render import HTML_STYLES, SEED_NAMES, assemble_pdf, seed_text, to_html, to_pdf

from tracker.errors import CorruptDocument, DocumentError
from tracker.model import Document, render_body
from tracker.serialize import document_to_json
from tracker.sources import document_from_bytes

TESTS = Path(__file__).resolve().parent
FUZZ_CASES = TESTS / "fuzz_cases"

CALL_SECONDS = 20.0  # the watchdog: a call still running after this is a hang
MAX_CAUSE = 200  # characters: an error's cause is a short sentence, never a dump of the input
MAX_WARNING = 300

# --------------------------------------------------------------------------------------------
# The contract


class Hang(BaseException):
    """Raised inside a call that outlived its time limit. A BaseException, so that no
    `except Exception` in the code under test swallows it."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the block with `Hang` after `seconds` (SIGALRM: main thread only; a loop in
    native code is interrupted when it returns to Python, the campaign's child process kill
    covers the rest). None: no limit, for a caller with its own watchdog (libFuzzer's)."""
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_contract(
    data: bytes,
    *,
    source: str,
    content_type: str | None = None,
    seconds: float | None = CALL_SECONDS,
) -> Document | DocumentError:
    """Parse `data` as `tracker parse` does; fail unless the result is a sound `Document` or a
    clear `DocumentError`, within `seconds`. Returns what it got, for further checks."""
    try:
        with time_limit(seconds):
            document = document_from_bytes(data, source=source, content_type=content_type).document
    except DocumentError as error:
        assert_clear_error(error, source)
        return error
    except Hang as hang:
        raise AssertionError(f"{source} ({len(data)} bytes): {hang}") from None
    assert_sound_document(document)
    return document


def assert_clear_error(error: DocumentError, source: str) -> None:
    """One line naming the document and saying why, as the CLI prints it."""
    assert error.source == source
    assert str(error) == f"{source}: {error.cause}"
    assert error.cause.strip(), "an error without a cause"
    assert len(error.cause.splitlines()) == 1, f"a cause of several lines: {error.cause!r}"
    assert len(error.cause) <= MAX_CAUSE, f"a cause of {len(error.cause)} characters"


def assert_sound_document(document: Document) -> None:
    """Unique keys, text that is its paragraphs, one-line warnings, and nothing that cannot be
    printed or stored: the JSON `tracker parse` writes must encode as UTF-8 (a lone surrogate
    from a decoder would crash the output and the store)."""
    keys = [section.key for section in document.sections]
    assert len(set(keys)) == len(keys), keys
    for section in document.sections:
        assert section.text == render_body(section.paragraphs)
    for warning in document.warnings:
        assert warning.strip() and len(warning.splitlines()) == 1, repr(warning)
        assert len(warning) <= MAX_WARNING, f"a warning of {len(warning)} characters"
    json.dumps(document_to_json(document), ensure_ascii=False).encode("utf-8")


# --------------------------------------------------------------------------------------------
# Real inputs to mutate: the first lines of two seeds in every format


@dataclass(frozen=True)
class Sample:
    name: str  # what it is: "004 html sections", "000 pdf plain" …
    source: str  # the name it is parsed under; its suffix is a hint to the sniffer
    data: bytes


EXCERPT_CHARS = 1500  # one or two PDF pages: mutations stay fast


def excerpt(name: str, size: int = EXCERPT_CHARS) -> str:
    """The first lines of a seed, up to about `size` characters (whole lines only)."""
    lines: list[str] = []
    for line in seed_text(name).splitlines():
        if sum(map(len, lines)) + len(line) > size and lines:
            break
        lines.append(line)
    return "\n".join(lines) + "\n"


def uncompressed_pdf(text: str) -> bytes:
    """`to_pdf` with plain content streams, so byte mutations hit drawing operators, strings
    and stream lengths rather than deflate noise."""
    from reportlab import rl_config

    compression = rl_config.pageCompression
    rl_config.pageCompression = 0
    try:
        return to_pdf(text, chars_per_line=40)
    finally:
        rl_config.pageCompression = compression


@functools.cache
def corpus() -> tuple[Sample, ...]:
    samples: list[Sample] = []
    for seed in (SEED_NAMES[0], SEED_NAMES[4]):
        label = seed[:3]
        text = excerpt(seed)
        for codec in ("utf-8", "cp932", "euc_jis_2004", "utf-16"):
            samples.append(Sample(f"{label} text {codec}", "a.txt", text.encode(codec, "replace")))
        for style in HTML_STYLES:
            samples.append(Sample(f"{label} html {style}", "a.html", to_html(text, style)))
        samples.append(Sample(f"{label} pdf", "a.pdf", to_pdf(text, chars_per_line=40)))
        samples.append(Sample(f"{label} pdf plain", "a.pdf", uncompressed_pdf(text)))
    return tuple(samples)


def samples_of(kind: str) -> tuple[Sample, ...]:
    return tuple(sample for sample in corpus() if f" {kind}" in sample.name)


# --------------------------------------------------------------------------------------------
# Mutations, shared with the campaign's seeded loop

TOKENS: tuple[bytes, ...] = (
    *(b"obj", b"endobj", b"stream\n", b"\nendstream", b"xref", b"trailer", b"startxref 0"),
    *(b"%%EOF", b"<<", b">>", b"/Length 99999999", b"/Filter /FlateDecode", b"/Type /Page"),
    *(b"/Kids [3 0 R 3 0 R]", b"/Count 2147483648", b"1 0 R", b"(", b")", b"\\", b"BT", b"ET"),
    *(b"Tj", b"[(a) -9999 (b)] TJ", b"/F2 0 Tf", b"<FEFF>", b"%PDF-1.7\n"),
    *(b"<", b"</", b">", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"&#", b"&#x110000;", b"&#0;"),
    *(b"<script>", b"</script>", b"<ol reversed>", b'<li value="-3">', b"<table><tr><td>"),
    *(b"<pre>", b'<meta charset="utf-16">', b'<meta charset="x-sjis">', b"<form>", b"<main>"),
    *(b"\xef\xbb\xbf", b"\xff\xfe", b"\x1b$B", b"\x1b(B", b"\r", b"\n", b"\t", b"\x00"),
    *(token.encode(codec) for token in ("第", "条", "十", "の", "附則", "別表", "（１）", "①")
      for codec in ("utf-8", "cp932")),
)  # fmt: skip
MUTATION_KINDS = ("flip", "insert", "delete", "truncate", "splice", "duplicate", "token")


@dataclass(frozen=True)
class Mutation:
    """One edit of an input. Positions are taken modulo the length, so any draw applies."""

    kind: str  # one of MUTATION_KINDS
    at: int  # where
    size: int  # how many bytes (delete, duplicate), which bit (flip), which token or sample
    payload: bytes = b""  # inserted bytes
    other_at: int = 0  # where the spliced-in sample is cut

    def apply(self, data: bytes) -> bytes:
        at = self.at % (len(data) + 1)
        if self.kind == "flip":
            if not data:
                return data
            at %= len(data)
            return data[:at] + bytes([data[at] ^ (1 << self.size % 8)]) + data[at + 1 :]
        if self.kind == "insert":
            return data[:at] + self.payload + data[at:]
        if self.kind == "delete":
            return data[:at] + data[at + self.size :]
        if self.kind == "truncate":
            return data[:at]
        if self.kind == "splice":
            other = corpus()[self.size % len(corpus())].data
            return data[:at] + other[self.other_at % (len(other) + 1) :]
        if self.kind == "duplicate":
            return data[:at] + data[at : at + self.size] * 2 + data[at + self.size :]
        if self.kind == "token":
            return data[:at] + TOKENS[self.size % len(TOKENS)] + data[at:]
        raise ValueError(self.kind)


# Edits a PDF parser must survive: numbers it trusts (offsets, lengths, counts, references)
# made wrong, and filters swapped.
PDF_FIELDS: dict[str, re.Pattern[bytes]] = {
    "xref": re.compile(rb"(?m)^\d{10}(?= \d{5} [nf])"),
    "startxref": re.compile(rb"(?<=startxref\s)\d+"),
    "length": re.compile(rb"(?<=/Length )\d+"),
    "count": re.compile(rb"(?<=/Count )\d+"),
    "reference": re.compile(rb"\d+(?= 0 R)"),
    "filter": re.compile(rb"/(?:FlateDecode|ASCII85Decode)"),
}
FILTERS = (b"/ASCII85Decode", b"/LZWDecode", b"/DCTDecode", b"/JBIG2Decode", b"/Crypt", b"/Fl")
FILTERS += (b"/RunLengthDecode", b"/ASCIIHexDecode", b"[/FlateDecode /FlateDecode]", b"/Nope")
INTERESTING_NUMBERS = (0, 1, 2, 3, 7, 255, 256, 65535, 2**31 - 1, 2**31, 2**32 + 1, 10**10 - 1)


@dataclass(frozen=True)
class PdfEdit:
    field: str  # a key of PDF_FIELDS
    which: int  # which occurrence (modulo their number)
    value: int  # the new number, or which filter

    def apply(self, data: bytes) -> bytes:
        found = list(PDF_FIELDS[self.field].finditer(data))
        if not found:
            return data
        match = found[self.which % len(found)]
        if self.field == "filter":
            new = FILTERS[self.value % len(FILTERS)]
        elif self.field == "xref":
            new = b"%010d" % (self.value % 10**10)
        else:
            new = b"%d" % self.value
        return data[: match.start()] + new + data[match.end() :]


Edit = Mutation | PdfEdit


def mutate(data: bytes, edits: list[Edit]) -> bytes:
    for edit in edits:
        data = edit.apply(data)
    return data


positions = st.integers(min_value=0, max_value=2**20)
mutations = st.builds(
    Mutation,
    kind=st.sampled_from(MUTATION_KINDS),
    at=positions,
    size=st.integers(min_value=0, max_value=4096),
    payload=st.binary(min_size=1, max_size=64),
    other_at=positions,
)
pdf_edits = st.builds(
    PdfEdit,
    field=st.sampled_from(sorted(PDF_FIELDS)),
    which=st.integers(min_value=0, max_value=200),
    value=st.one_of(st.sampled_from(INTERESTING_NUMBERS), st.integers(0, 10**11)),
)

SOURCES = ("fuzz.html", "fuzz.htm", "fuzz.pdf", "fuzz.txt", "fuzz", "https://example.jp/t?id=1")
CONTENT_TYPES = (
    *(None, "text/html", "text/html; charset=shift_jis", "text/html; charset=utf-16"),
    *("application/pdf", "text/plain; charset=euc-jp", "application/octet-stream"),
    *("text/html; charset=x-unknown", 'text/plain; charset="utf-8"', "text/html; charset=utf-7"),
)  # fmt: skip

FUZZ = settings(
    deadline=10_000,  # ms: a slow example fails; the watchdog stops a hang at CALL_SECONDS
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------------------------
# Random and mutated bytes


@settings(FUZZ, max_examples=300)
@given(
    data=st.one_of(
        st.binary(max_size=4096),
        st.binary(max_size=1024).map(lambda b: b"%PDF-1.7\n" + b),
        st.binary(max_size=1024).map(lambda b: b"<!DOCTYPE html><meta charset=utf-8>" + b),
        st.binary(max_size=1024).map(lambda b: b"\xef\xbb\xbf" + b),
        st.binary(max_size=1024).map(lambda b: b"\xff\xfe" + b),
    ),
    source=st.sampled_from(SOURCES),
    content_type=st.sampled_from(CONTENT_TYPES),
)
def test_random_bytes_parse_or_raise_a_clear_document_error(
    data: bytes, source: str, content_type: str | None
) -> None:
    check_contract(data, source=source, content_type=content_type)


@settings(FUZZ, max_examples=400)
@given(
    index=st.integers(min_value=0, max_value=255),  # which sample, modulo their number
    edits=st.lists(mutations, min_size=1, max_size=6),
    content_type=st.sampled_from(CONTENT_TYPES),
)
def test_mutated_documents_parse_or_raise_a_clear_document_error(
    index: int, edits: list[Edit], content_type: str | None
) -> None:
    sample = corpus()[index % len(corpus())]
    check_contract(mutate(sample.data, edits), source=sample.source, content_type=content_type)


@settings(FUZZ, max_examples=300)
@given(
    index=st.integers(min_value=0, max_value=255),
    edits=st.lists(st.one_of(pdf_edits, pdf_edits, mutations), min_size=1, max_size=5),
)
def test_pdfs_with_broken_xref_lengths_counts_and_filters_read_or_raise(
    index: int, edits: list[Edit]
) -> None:
    pdfs = samples_of("pdf")
    sample = pdfs[index % len(pdfs)]
    check_contract(mutate(sample.data, edits), source=sample.source)


def test_the_corpus_to_mutate_parses_in_every_format_and_codec() -> None:
    # The mutation tests are only as good as what they start from: agreements that parse into
    # articles, as text in four codecs, HTML in three styles, PDF compressed and not.
    for sample in corpus():
        document = check_contract(sample.data, source=sample.source)
        assert isinstance(document, Document), sample.name
        assert sum(s.kind == "article" for s in document.sections) >= 2, sample.name
    formats = Counter(sample.name.split()[1] for sample in corpus())
    assert formats == {"text": 8, "html": 6, "pdf": 4}
    assert all(b"FlateDecode" not in s.data for s in samples_of("pdf plain"))
    assert all(b"FlateDecode" in s.data for s in corpus() if s.name.endswith(" pdf"))


# --------------------------------------------------------------------------------------------
# Tag soup

TAGS = (
    *("p", "div", "span", "a", "b", "font", "center", "br", "hr", "ol", "ul", "menu", "li", "dl"),
    *("dt", "dd", "table", "tbody", "tr", "td", "th", "caption", "pre", "xmp", "listing"),
    *("plaintext", "textarea", "script", "style", "noscript", "template", "iframe", "svg"),
    *("math", "select", "option", "button", "form", "nav", "header", "footer", "aside", "main"),
    *("article", "section", "h1", "h3", "ruby", "rt", "rp", "html", "head", "body", "title"),
    *("meta", "frameset", "object", "blockquote", "details", "summary"),
)  # fmt: skip
ATTRIBUTES = st.one_of(
    st.tuples(st.sampled_from(["start", "value"]), st.sampled_from(
        ["1", "0", "-3", "2147483648", "9" * 4299, "9" * 5000, "1e3", "٣", " 7 ", ""])),
    st.tuples(st.just("reversed"), st.just("")),
    st.tuples(st.just("type"), st.sampled_from(["a", "A", "i", "I", "1", "none", "disc"])),
    st.tuples(st.just("style"), st.sampled_from([
        "list-style-type: katakana-iroha", "list-style: none", "list-style-type:lower-roman",
        "list-style-type: katakana", "list-style-type:" + "x" * 500])),
    st.tuples(st.sampled_from(["class", "title", "href", "id"]), st.sampled_from(
        ["x", "\"'<>&", "a" * 100_000, "&#xD800;", "javascript:alert(1)"])),
    st.tuples(st.sampled_from(["charset", "http-equiv", "content"]), st.sampled_from(
        ["utf-16", "Content-Type", "text/html; charset=euc-jp", "base64"])),
)  # fmt: skip
TEXT_BITS = (
    *("第1条（目的）", "本規約は、当社が定めます。", "2 前項の場合", "(1) 甲", "①乙", "附則"),
    *("別表1", "2023年9月15日制定", "第十十条", "&amp;", "&amp", "&;", "&#;", "&#0;", "&#xD800;"),
    *("&#x110000;", "&#99999999999999;", "&#-1;", "&nbsp;", "&notin", "<![CDATA[ x ]]>"),
    *("<!-- c -->", "<!-- unclosed", "<!--->", "<?php echo 1; ?>", "<!doctype html>", "]]>"),
    *("<", ">", "</>", "< p>", "</p >", "<p/>", "\u3000", "\t", "\n", "\r\n", "\x0c", "\u2028"),
    *("\u200b", "\ufeff", "\U0001f600", "⺠", "‧", "𠮷"),
)  # fmt: skip


@st.composite
def elements(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    """An element around some children: attributes, and a closing tag that may be missing or
    name another element."""
    tag = draw(st.sampled_from(TAGS))
    attributes = draw(st.lists(ATTRIBUTES, max_size=3))
    opening = f"<{tag}" + "".join(f' {name}="{value}"' for name, value in attributes) + ">"
    closing = draw(
        st.sampled_from([f"</{tag}>", f"</{tag}>", "", f"</{draw(st.sampled_from(TAGS))}>"])
    )
    return opening + "".join(draw(st.lists(children, max_size=4))) + closing


tag_soup = st.recursive(
    st.one_of(st.sampled_from(TEXT_BITS), st.text(max_size=8)),
    lambda children: elements(children),
    max_leaves=40,
)


@st.composite
def deep_nesting(draw: st.DrawFn) -> str:
    """A chain of one to three tags repeated hundreds to thousands of levels deep."""
    chain = draw(st.lists(st.sampled_from(TAGS), min_size=1, max_size=3))
    depth = draw(st.integers(min_value=100, max_value=3000))
    level = "".join(f"<{tag}>" for tag in chain) + draw(st.sampled_from(["", "a", "第1条 x"]))
    closed = draw(st.booleans())
    closing = "".join(f"</{tag}>" for tag in reversed(chain)) if closed else ""
    return level * depth + "本文" + closing * depth


CODECS = ("utf-8", "utf-8-sig", "cp932", "euc_jp", "iso2022_jp", "utf-16", "cp1252", "latin-1")
CHARSET_LABELS = (
    *("utf-8", "shift_jis", "Shift-JIS", "euc-jp", "iso-2022-jp", "utf-16", "utf-16le", "utf-32"),
    *("iso-8859-1", "windows-1252", "us-ascii", "utf-7", "x-unknown", "", "'", "base64", "hex"),
    *("rot13", "zlib", "undefined", "punycode", "idna", "unicode_escape", "raw-unicode-escape"),
    *("mbcs", "x-user-defined", "replacement", "a" * 300),
)  # fmt: skip


@st.composite
def encoded_pages(draw: st.DrawFn, markup: st.SearchStrategy[str]) -> tuple[bytes, str | None]:
    """Markup encoded in one codec, with a `<meta>` and a Content-Type that may name another."""
    page = draw(markup)
    meta = draw(st.one_of(st.none(), st.sampled_from(CHARSET_LABELS)))
    if meta is not None:
        page = draw(st.sampled_from([
            f'<meta charset="{meta}">',
            f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">',
            f"<?xml version='1.0' encoding='{meta}'?>",
        ])) + page  # fmt: skip
    codec = draw(st.sampled_from(CODECS))
    header = draw(st.one_of(st.none(), st.sampled_from(CHARSET_LABELS)))
    content_type = None if header is None else f"text/html; charset={header}"
    return page.encode(codec, "xmlcharrefreplace"), content_type


@settings(FUZZ, max_examples=250)
@given(page=encoded_pages(tag_soup), source=st.sampled_from(["page.html", "page", "page.pdf"]))
def test_tag_soup_in_any_encoding_parses_or_raises_a_clear_document_error(
    page: tuple[bytes, str | None], source: str
) -> None:
    data, content_type = page
    check_contract(data, source=source, content_type=content_type)


@settings(FUZZ, max_examples=25)
@given(page=encoded_pages(deep_nesting()))
def test_deeply_nested_markup_parses_in_bounded_time(page: tuple[bytes, str | None]) -> None:
    data, content_type = page
    check_contract(data, source="deep.html", content_type=content_type)


# --------------------------------------------------------------------------------------------
# Agreement-like text: headings with every kind of numeral, in every Japanese codec

numerals = st.one_of(
    st.text("0123456789０１２３ ", min_size=1, max_size=8),
    st.text("〇一二三四五六七八九十百千万壱弐参拾零元", min_size=1, max_size=6),
    st.sampled_from(["1" * 5000, "一" * 5000, "1 " * 3000, "十十", "百百", "万万", "零"]),
)
heading_like = st.tuples(
    st.sampled_from(["第", "第 ", "(", "（", "別表", "別表第", "附則", "", "- ", "・ "]),
    numerals,
    st.sampled_from(["条", "章", "節", ") ", "）", ". ", " ", "条の", "条から第", "条(目的)"]),
    st.one_of(st.just(""), numerals, st.sampled_from(["条まで 削除", "に定める", "項", "号"])),
    st.sampled_from(["", " 本文です。", "当社は、", "第十十条に定める。", "(定義)"]),
).map("".join)
agreement_text = st.lists(
    st.one_of(
        heading_like,
        st.sampled_from(TEXT_BITS[:9]),
        st.text(max_size=12),
        st.sampled_from(["令和元年5月1日改定", "2023年9月15日制定", "目次", "https://a.jp/%E3"]),
    ),
    max_size=40,
).map("\n".join)


@settings(FUZZ, max_examples=200)
@given(
    text=agreement_text,
    codec=st.sampled_from(["utf-8", "cp932", "euc_jis_2004", "utf-16", "iso2022_jp_ext"]),
    source=st.sampled_from(["terms.txt", "terms"]),
)
def test_agreement_like_text_in_any_japanese_codec_parses(
    text: str, codec: str, source: str
) -> None:
    check_contract(text.encode(codec, "replace"), source=source)


# --------------------------------------------------------------------------------------------
# Handmade PDFs

PDF_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def handmade_pdf(
    contents: bytes, *, kids: int = 1, filtered: bool = False, extra: bytes = b""
) -> bytes:
    """A one-font PDF whose page tree lists the same page `kids` times; `contents` is its
    content stream (deflated if `filtered`), `extra` one more unreferenced stream."""
    stream = zlib.compress(contents, 9) if filtered else contents
    flate = b" /Filter /FlateDecode" if filtered else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b"3 0 R " * kids + b"] /Count %d >>" % kids,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        PDF_FONT,
        b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(stream), flate, stream),
    ]
    if extra:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(extra), extra))
    return assemble_pdf(objects, version=b"1.7")


TEXT_LINE = b"BT /F1 12 Tf 72 700 Td (Article 1. The terms apply.) Tj ET"


# --------------------------------------------------------------------------------------------
# PDFs that draw more text than any agreement: refused before the text is worked on


def drawn_characters(count: int) -> bytes:
    """A one-page PDF whose content stream (deflated) draws `count` × 11 characters."""
    return handmade_pdf(b"BT /F1 1 Tf [" + b"(ab cd ef gh) -9 " * count + b"] TJ ET", filtered=True)


def test_a_page_drawing_a_million_characters_is_refused_as_corrupt() -> None:
    # 5 KB of deflated operators; before the limit its 1.1 million characters took 5 s and
    # ~300 MB, and 44 KB of the same a minute and 3 GB.
    from tracker.extract.pdf import MAX_PAGE_CHARS

    data = drawn_characters(100_000)
    assert len(data) < 6_000
    error = check_contract(data, source="bomb.pdf")
    assert isinstance(error, CorruptDocument)
    assert error.cause == "page 1 holds 1,100,000 characters, far more than a page can"
    assert MAX_PAGE_CHARS < 100_000 * 11


def test_a_page_of_an_ordinary_size_is_read() -> None:
    # The other side of the limit: 2,000 drawn runs (22,000 characters, a dense page) read.
    document = check_contract(drawn_characters(2_000), source="dense.pdf")
    assert isinstance(document, Document)
    assert document.sections[0].text.startswith("ab cd ef ghab cd")
    assert len(document.sections[0].text) > 20_000


def test_a_page_tree_listing_more_pages_than_any_agreement_is_refused() -> None:
    from tracker.extract.pdf import MAX_PAGES

    error = check_contract(handmade_pdf(TEXT_LINE, kids=MAX_PAGES + 1), source="tree.pdf")
    assert isinstance(error, CorruptDocument)
    assert error.cause == f"{MAX_PAGES + 1:,} pages, far more than any agreement"


# --------------------------------------------------------------------------------------------
# Regressions: inputs that once broke the contract, replayed in a child process under limits

REPLAY_SECONDS = 15.0  # per case; each took minutes (or gigabytes) before its fix
REPLAY_ADDRESS_SPACE = 3 << 30  # bytes of virtual memory for the whole child


def built_cases() -> dict[str, tuple[str, bytes]]:
    """Cases whose point is their size, built here rather than kept: (source name, bytes)."""
    return {
        # 3,000 nested reversed lists: each counted its items over the whole subtree (minutes).
        "html-nested-reversed-lists": ("a.html", b"<body>" + b"<ol reversed><li>a" * 3000),
        # 50,000 items of one list: a regex compiled per item label (29 s).
        "html-fifty-thousand-items": ("a.html", b"<ol>" + b"<li>1. a" * 50_000 + b"</ol>"),
        # One page listed 300,000 times in the page tree: every listing read (40 s).
        "pdf-page-tree-bomb": ("a.pdf", handmade_pdf(TEXT_LINE, kids=300_000)),
        # 100,000 `>> stream` keywords inside one stream: each searched back to its `obj`.
        "pdf-stream-keywords-in-a-stream": (
            "a.pdf",
            handmade_pdf(TEXT_LINE, extra=b">>stream\n" * 100_000),
        ),
    }


def regression_cases() -> dict[str, tuple[str, bytes]]:
    """Every regression case: the files in tests/fuzz_cases/ (parsed under `case.<suffix>`)
    and the built ones."""
    cases = {
        path.name: (f"case{path.suffix}", path.read_bytes())
        for path in sorted(FUZZ_CASES.iterdir())
        if path.suffix in (".html", ".pdf", ".txt", ".bin")
    }
    return {**cases, **built_cases()}


def replay(names: list[str]) -> None:
    """Child process: run each case, printing a JSON line per case (the parent reads them)."""
    cases = regression_cases()
    for name in names:
        source, data = cases[name]
        print(json.dumps({"start": name}), flush=True)
        started = time.perf_counter()
        try:
            result = check_contract(data, source=source, seconds=REPLAY_SECONDS)
        except BaseException as failure:  # reported to the parent
            outcome = f"FAILED {type(failure).__name__}: {failure}"[:2000]
        else:
            outcome = f"error: {result}" if isinstance(result, DocumentError) else "document"
        seconds = round(time.perf_counter() - started, 3)
        print(json.dumps({"case": name, "outcome": outcome, "seconds": seconds}), flush=True)


CHILD = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    sys.path.insert(0, {tests!r})
    import test_extract_fuzz
    test_extract_fuzz.replay(sys.argv[1:])
    """
)


@functools.cache
def replayed() -> dict[str, dict[str, object]]:
    """Run every regression case in one child process with limited address space."""
    names = sorted(regression_cases())
    script = CHILD.format(limit=REPLAY_ADDRESS_SPACE, tests=str(TESTS))
    child = subprocess.run(
        [sys.executable, "-c", script, *names],
        capture_output=True,
        text=True,
        timeout=REPLAY_SECONDS * len(names) + 60,
    )
    results: dict[str, dict[str, object]] = {}
    started = None
    for line in child.stdout.splitlines():
        if not line.startswith("{"):
            continue
        record = json.loads(line)
        if "start" in record:
            started = record["start"]
        else:
            results[record["case"]] = record
            started = None
    if started is not None:  # the child died on this case: a native crash or out of memory
        results[started] = {
            "outcome": f"FAILED child exited {child.returncode}: {child.stderr[-2000:]}"
        }
    return results


@pytest.mark.parametrize("name", sorted(regression_cases()))
def test_a_case_that_once_broke_the_contract_now_keeps_it(name: str) -> None:
    result = replayed().get(name)
    assert result is not None, "not reached: an earlier case killed the child"
    assert not str(result["outcome"]).startswith("FAILED"), result["outcome"]


def test_the_regression_cases_are_kept_as_files() -> None:
    names = {path.name for path in FUZZ_CASES.iterdir()}
    assert "README.md" in names
    readme = (FUZZ_CASES / "README.md").read_text(encoding="utf-8")
    for name in regression_cases():
        assert f"`{name}`" in readme, f"{name} is not described in tests/fuzz_cases/README.md"
