"""`tracker rebuild`: every stored version re-derived from its raw snapshot with the current
normaliser. What that changes is recorded as technical re-derivations, never as changes of the
agreement, and versions that no longer differ are merged."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tracker.compare import Summary
from tracker.compare.serialize import comparison_to_json
from tracker.errors import DocumentError
from tracker.history import derive
from tracker.history.rules import content_hash, is_suspect
from tracker.history.versions import relink_changes
from tracker.model import Document
from tracker.obligations import compare_flagged
from tracker.store import Store, StoreError, VersionRecord


class RebuildKind(StrEnum):
    TECHNICAL = "technical"  # re-derived: the content differs only because the normaliser changed
    MERGED = "merged"  # now equal to the version before it, folded into it
    KEPT = "kept"  # could not be re-derived (snapshot missing, unreadable, suspect): left as is


@dataclass(frozen=True)
class Rebuilt:
    """One thing a rebuild did to a version; numbers are those from before the rebuild."""

    document_id: str
    kind: RebuildKind
    version: int
    into: int | None = None  # MERGED: the version it was folded into
    summary: Summary | None = None  # TECHNICAL: stored derivation → re-derivation
    reason: str | None = None  # KEPT


def rebuild(store: Store, document_id: str | None = None) -> list[Rebuilt]:
    """Re-derive every version (of one document, or all) from its raw snapshot with the current
    normaliser. Idempotent: a second rebuild returns [] and writes nothing."""
    document_ids = [document_id] if document_id is not None else store.document_ids()
    return [entry for d in document_ids for entry in _rebuild_document(store, d)]


def _rebuild_document(store: Store, document_id: str) -> list[Rebuilt]:
    entries: list[Rebuilt] = []
    with store.transaction():
        before = store.versions(document_id)
        documents: dict[int, Document] = {}
        for version in before:
            entry, document = _rederive(store, version)
            if entry is not None:
                entries.append(entry)
            if document is not None:
                documents[version.id] = document
        kept: VersionRecord | None = None
        for version in store.versions(document_id):
            if kept is not None and kept.layout_hash == version.layout_hash:
                store.merge_into(kept, version)
                entries.append(
                    Rebuilt(document_id, RebuildKind.MERGED, version.number, into=kept.number)
                )
                kept = next(v for v in store.versions(document_id) if v.id == kept.id)
            else:
                kept = version
        relink_changes(store, document_id, documents)
        store.collect_sections()
    return entries


def _rederive(store: Store, version: VersionRecord) -> tuple[Rebuilt | None, Document | None]:
    def kept(reason: str) -> tuple[Rebuilt, None]:
        return Rebuilt(version.document, RebuildKind.KEPT, version.number, reason=reason), None

    if not store.snapshots.exists(version.sha256):
        path = store.snapshots.path(version.sha256)
        return kept(
            f"its raw snapshot is missing ({path}): restore the snapshots folder from a backup"
        )
    try:
        data = store.snapshots.read(version.sha256)
    except StoreError as error:
        return kept(str(error))
    content_type = store.snapshot_content_type(version.sha256)
    read = derive.read_snapshot(data, version.source, content_type, version.selector)
    if isinstance(read, DocumentError):
        return kept(f"the current normaliser cannot read it: {read}")
    parsed = read.document
    stored = store.load_document(version.id)
    reason = is_suspect(stored, parsed) if stored.articles else None
    if reason is not None:
        return kept(f"the current normaliser finds {reason}")
    extractor = derive.extractor_version()
    if parsed == stored:
        if version.extractor != extractor:
            store.set_extractor(version.id, extractor)
        return None, parsed
    comparison = compare_flagged(stored, parsed)
    new_hash = content_hash(parsed)
    store.add_rederivation(
        version,
        new_extractor=extractor,
        new_content_hash=new_hash,
        summary=comparison.summary,
        comparison=comparison_to_json(comparison),
    )
    store.rederive(version.id, parsed, content_hash=new_hash, extractor=extractor)
    store.delete_changes_of(version.id)
    entry = Rebuilt(
        version.document, RebuildKind.TECHNICAL, version.number, summary=comparison.summary
    )
    return entry, parsed
