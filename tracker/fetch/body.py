"""The response body: decoded from gzip/deflate by us, in bounded steps, under the size cap.

We decompress ourselves rather than let httpx do it so the cap applies to the decoded size
while decoding: a 10 KB gzip bomb must stop at `max_bytes`, not after filling memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from tracker.errors import CorruptDocument, EmptyDocument, UnsupportedDocument
from tracker.extract.sniff import MediaType, media_type_of, sniff
from tracker.fetch.failures import CUT_SHORT, OVER_THE_CAP, AttemptFailed

ACCEPT_ENCODING = "gzip, deflate"
# Output per decompress() call: small enough that no single step can blow past the cap.
STEP = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_NOT_COMPRESSED = "body is not valid gzip/deflate data"
_DAMAGED = "the server sent damaged data"
_BOMB = "a small compressed answer that expands past max_bytes (a decompression bomb?)"
# Content types servers use when they do not know (or want to force a download).
GENERIC_TYPES = frozenset(
    {
        "application/octet-stream",
        "binary/octet-stream",
        "application/force-download",
        "application/x-download",
        "application/unknown",
    }
)


class _Identity:
    def decode(self, data: bytes) -> Iterator[bytes]:
        yield data

    def finish(self) -> Iterator[bytes]:
        yield from ()


class _Inflate:
    """gzip or deflate. Servers mix them up (zlib data labelled gzip, raw deflate labelled
    deflate), so the wrapper is read from the first two bytes instead of trusted."""

    def __init__(self) -> None:
        self._head = b""
        self._inflater: zlib._Decompress | None = None

    def decode(self, data: bytes) -> Iterator[bytes]:
        if self._inflater is None:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            self._inflater = zlib.decompressobj(_wbits_for(data[:2]))
        yield from self._drain(data)

    def finish(self) -> Iterator[bytes]:
        if self._head:
            raise AttemptFailed(_NOT_COMPRESSED, transient=False, hint=_DAMAGED)
        if self._inflater is None:
            return
        yield self._inflater.flush()
        # A stream without its end marker was cut short; keeping half a document would look
        # like a change to the terms.
        if not self._inflater.eof:
            raise AttemptFailed(
                "truncated body (compressed data ends early)", transient=True, hint=CUT_SHORT
            )

    def _drain(self, data: bytes) -> Iterator[bytes]:
        assert self._inflater is not None
        while True:
            try:
                out = self._inflater.decompress(data, STEP)
            except zlib.error:
                raise AttemptFailed(_NOT_COMPRESSED, transient=False, hint=_DAMAGED) from None
            yield out
            if self._inflater.eof:
                rest = self._inflater.unused_data
                if not rest.startswith(_GZIP_MAGIC):
                    return  # trailing bytes after the stream: ignored, as browsers do
                # Concatenated gzip members (RFC 1952 §2.2) form one body.
                self._inflater = zlib.decompressobj(_wbits_for(rest[:2]))
                data = rest
                continue
            data = self._inflater.unconsumed_tail
            # A full step may leave output pending inside zlib even with no input left.
            if not data and len(out) < STEP:
                return


def _wbits_for(head: bytes) -> int:
    """zlib's window-bits for data starting with `head`: gzip or zlib header (auto), else raw.

    >>> _wbits_for(b"\\x1f\\x8b"), _wbits_for(b"x\\x9c"), _wbits_for(b"\\xcbH")
    (47, 47, -15)
    """
    is_zlib = len(head) == 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
    if head.startswith(_GZIP_MAGIC) or is_zlib:
        return 32 + zlib.MAX_WBITS
    return -zlib.MAX_WBITS


def _decoder_for(content_encoding: str | None) -> _Identity | _Inflate:
    codings = [
        coding.strip().lower()
        for coding in (content_encoding or "").split(",")
        if coding.strip().lower() not in ("", "identity")
    ]
    if not codings:
        return _Identity()
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        return _Inflate()
    # We only ever ask for gzip and deflate; anything else cannot be read now or later.
    raise AttemptFailed(f"unsupported Content-Encoding {content_encoding!r}", transient=False)


class BodyReader:
    """Feed raw chunks as they arrive; `finish()` returns the decoded body.

    Raises AttemptFailed as soon as the raw or the decoded size passes `max_bytes`.

    >>> import gzip
    >>> reader = BodyReader("gzip", max_bytes=100)
    >>> reader.feed(gzip.compress(b"x" * 10_000))
    Traceback (most recent call last):
    ...
    tracker.fetch.failures.AttemptFailed: body larger than 100 bytes after decompression
    """

    def __init__(self, content_encoding: str | None, *, max_bytes: int) -> None:
        self._decoder = _decoder_for(content_encoding)
        self._compressed = isinstance(self._decoder, _Inflate)
        self._max_bytes = max_bytes
        self._raw_size = 0
        self._body = bytearray()

    def feed(self, chunk: bytes) -> None:
        self._raw_size += len(chunk)
        if self._raw_size > self._max_bytes:
            raise AttemptFailed(
                f"body larger than {self._max_bytes} bytes", transient=False, hint=OVER_THE_CAP
            )
        for piece in self._decoder.decode(chunk):
            self._keep(piece)

    def finish(self) -> bytes:
        for piece in self._decoder.finish():
            self._keep(piece)
        return bytes(self._body)

    def _keep(self, piece: bytes) -> None:
        self._body += piece
        if len(self._body) > self._max_bytes:
            after = " after decompression" if self._compressed else ""
            raise AttemptFailed(
                f"body larger than {self._max_bytes} bytes{after}",
                transient=False,
                hint=_BOMB if self._compressed else OVER_THE_CAP,
            )


def content_type_of(declared: str | None, body: bytes, url: str) -> str | None:
    """The declared Content-Type, unless it is missing or generic and the bytes say PDF or HTML.

    >>> content_type_of("application/octet-stream", b"%PDF-1.7", "https://x.jp/t")
    'application/pdf'
    >>> content_type_of(None, b"<!DOCTYPE html><p>", "https://x.jp/t")
    'text/html'
    >>> content_type_of("text/plain; charset=utf-8", b"%PDF-1.7", "https://x.jp/t")
    'text/plain; charset=utf-8'
    """
    if declared and media_type_of(declared) not in GENERIC_TYPES:
        return declared
    # The extractor's sniffer, so fetch and extract never disagree about what bytes are.
    try:
        sniffed = sniff(body, source=url).media_type
    except (EmptyDocument, UnsupportedDocument, CorruptDocument):
        return declared
    if sniffed is MediaType.TEXT:  # "text" is only the absence of evidence; claim nothing
        return declared
    return sniffed.value
