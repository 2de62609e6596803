"""Where documents come from: a local file or an http(s) URL, turned into a `Document`.

The one place the CLI goes through, so `parse`, `compare` and `check` read sources alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from tracker.errors import DocumentError, SourceNotFound
from tracker.extract import extract, sniff
from tracker.fetch import fetch, is_url
from tracker.fetch.policy import redact_userinfo
from tracker.model import Document
from tracker.normalise import normalise


def read_source(source: str) -> tuple[bytes, str | None]:
    """The raw bytes of `source` and its declared content type (None for files)."""
    if is_url(source):
        fetched = fetch(source)
        return fetched.content, fetched.content_type
    path = Path(source)
    try:
        return path.read_bytes(), None
    except FileNotFoundError:
        raise SourceNotFound(source, "no such file") from None
    except IsADirectoryError:
        raise SourceNotFound(source, "is a directory, not a document") from None
    except PermissionError:
        raise SourceNotFound(source, "permission denied") from None
    except OSError as error:
        raise SourceNotFound(source, f"cannot be read ({error.strerror})") from None


@dataclass(frozen=True)
class ReadDocument:
    """A document read from bytes, with what the bytes were recognised as."""

    document: Document
    media_type: str  # "text/plain" | "text/markdown" | "text/html" | "application/pdf"


def document_from_bytes(
    data: bytes,
    *,
    source: str,
    content_type: str | None = None,
    selector: str | None = None,
    remove: Sequence[str] = (),
) -> ReadDocument:
    """Extract and normalise `data`, sniffing what it is once. Raises a DocumentError; when the
    bytes were recognised before reading them failed, the error's `media_type` says as what.
    `selector` and `remove` choose what of an HTML page is read (tracker/extract/scope.py)."""
    sniffed = sniff(data, source=source, content_type=content_type)
    try:
        extracted = extract(
            data,
            source=source,
            content_type=content_type,
            selector=selector,
            sniffed=sniffed,
            remove=remove,
        )
        document = normalise(extracted.lines, source=source)
    except DocumentError as error:
        error.media_type = sniffed.media_type.value
        raise
    if extracted.warnings:
        document = replace(document, warnings=extracted.warnings + document.warnings)
    return ReadDocument(document, extracted.media_type)


def load_document(
    source: str, *, selector: str | None = None, remove: Sequence[str] = ()
) -> Document:
    data, content_type = read_source(source)
    # A password in a URL given on the command line is used, never shown.
    shown = redact_userinfo(source)
    read = document_from_bytes(
        data, source=shown, content_type=content_type, selector=selector, remove=remove
    )
    return read.document
