"""Where documents come from: a local file or an http(s) URL, turned into a `Document`.

The one place the CLI goes through, so `parse`, `compare` and `check` read sources alike.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tracker.errors import SourceNotFound
from tracker.extract import extract
from tracker.fetch import fetch, is_url
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


def document_from_bytes(
    data: bytes, *, source: str, content_type: str | None = None, selector: str | None = None
) -> Document:
    extracted = extract(data, source=source, content_type=content_type, selector=selector)
    document = normalise(extracted.lines, source=source)
    if extracted.warnings:
        document = replace(document, warnings=extracted.warnings + document.warnings)
    return document


def load_document(source: str, *, selector: str | None = None) -> Document:
    data, content_type = read_source(source)
    return document_from_bytes(data, source=source, content_type=content_type, selector=selector)
