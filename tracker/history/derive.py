"""Deriving a version from raw bytes: the one place the history parses a snapshot, and the
`extractor_version` that names the code that did it.

Every path that reads stored or fetched bytes (record, import, accept, technical upgrades,
rebuild) goes through `read_snapshot`, and stamps what it stores with `extractor_version()`.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
from pathlib import Path

from tracker import __version__
from tracker.errors import DocumentError
from tracker.extract.scope import scope_of
from tracker.sources import ReadDocument, document_from_bytes
from tracker.store import VersionRecord


@functools.cache
def extractor_version() -> str:
    """Identifies the code that turns bytes into sections: tracker's version, a digest of the
    extract and normalise sources, and the versions of the libraries they read documents with."""
    import tracker.extract
    import tracker.normalise
    import tracker.sources

    digest = hashlib.sha256()
    folders = [Path(m.__file__ or "").parent for m in (tracker.extract, tracker.normalise)]
    files = [p for folder in folders for p in sorted(folder.glob("*.py"))]
    for path in [*files, Path(tracker.sources.__file__ or "")]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for distribution in ("pypdfium2", "beautifulsoup4", "lxml", "charset-normalizer"):
        try:
            digest.update(f"{distribution}={importlib.metadata.version(distribution)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{distribution}=none".encode())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def read_snapshot(
    data: bytes, source: str, content_type: str | None, selector: str | None
) -> ReadDocument | DocumentError:
    """The Document in `data` with its media type, or the error saying why there is none (as a
    value: callers decide what an unreadable snapshot means for the history).

    `selector` is the stored scope: the root's selector, with the removals when there are any
    (`tracker.extract.scope`)."""
    root, remove = scope_of(selector)
    try:
        return document_from_bytes(
            data, source=source, content_type=content_type, selector=root, remove=remove
        )
    except DocumentError as error:
        return error


def derived_alike(latest: VersionRecord | None, sha256: str, selector: str | None) -> bool:
    """Same bytes, same selector, same extractor: parsing again would give the same version."""
    return (
        latest is not None
        and latest.sha256 == sha256
        and latest.selector == selector
        and latest.extractor == extractor_version()
    )
