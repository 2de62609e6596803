"""Typed errors. Each carries what the user needs in one line; none is classified by its message.

The CLI prints `str(error)` and exits 2 (3 for fetch failures during `check`, 4 when tracker
cannot write its own files: `WriteFailed`).
"""

from __future__ import annotations


class TrackerError(Exception):
    """Base of every error tracker reports to the user (never shown as a traceback)."""


class WriteFailed(TrackerError):
    """tracker could not write one of its own files — a snapshot, a report, the database —
    because of the machine (a full disk, a quota, a read-only or failing device), not the
    document. Written atomically or in a transaction, nothing half-written is left behind.
    The CLI says so in one line and exits 4."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(
            f"cannot write {path}: {reason}; nothing was lost (the store is as the last"
            " completed step left it): free some space, or fix the cause, and run again"
        )
        self.path = path
        self.reason = reason


class UsageError(TrackerError):
    """Bad arguments or options that click itself could not catch."""


class DocumentError(TrackerError):
    """A document could not be read, extracted or normalised.

    `source` names the document (path or URL), `cause` says why in words a person can act on.
    `media_type` is what the bytes were recognised as before reading them failed (a scanned PDF
    is still a PDF), when they were.
    """

    media_type: str | None = None

    def __init__(self, source: str, cause: str) -> None:
        super().__init__(f"{source}: {cause}")
        self.source = source
        self.cause = cause


class UnsupportedDocument(DocumentError):
    """Not a text, HTML or PDF document (binary garbage, an image, an archive …)."""


class EmptyDocument(DocumentError):
    """No bytes, or no text at all once extracted."""


class NoTextLayer(DocumentError):
    """A PDF whose pages carry no usable text: scanned, or a broken text layer."""

    def __init__(self, source: str, cause: str, page: int | None = None) -> None:
        super().__init__(source, cause)
        self.page = page


class EncryptedDocument(DocumentError):
    """A password-protected PDF."""


class CorruptDocument(DocumentError):
    """A file that claims a format but cannot be parsed as it."""


class SourceNotFound(DocumentError):
    """A local path that does not exist or cannot be read."""


class FetchError(DocumentError):
    """A URL could not be fetched. `transient` says whether trying again later may succeed
    (timeouts, resets, 5xx, 429) or not (404, 410, a body over the size cap).

    `status` is the HTTP status if a response came; `retry_after` the delay in seconds the
    server asked for (Retry-After), uncapped, so a scheduler can honour it; `attempts` how many
    requests were made before giving up.
    """

    def __init__(
        self,
        source: str,
        cause: str,
        *,
        transient: bool,
        status: int | None = None,
        retry_after: float | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(source, cause)
        self.transient = transient
        self.status = status
        self.retry_after = retry_after
        self.attempts = attempts
