"""History pages on disk: each document's page in the reports folder (`report/history_page.py`
renders it), read from the store and written atomically.

`check` writes the page of every document that got a version in the run (and of any whose page
is missing); `tracker report` writes those of the run's documents; `import`, `forget` and
`accept` write the page of the document they changed (`reports.refresh_after_edit`). A page
shows the whole history, so rewriting it after a change is all it takes to keep it true.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from itertools import pairwise
from pathlib import Path

from tracker.compare.model import Comparison
from tracker.config import Config
from tracker.files import write_atomic
from tracker.history.lookup import find_document
from tracker.model import Document
from tracker.obligations import Finding, assess, compare_flagged
from tracker.report.history_page import (
    DocumentHistory,
    PageChange,
    PageVersion,
    history_page_name,
    history_to_html,
)
from tracker.report.language import Language, document_language
from tracker.store import Store


def page_language(config: Config, documents: Iterable[Document]) -> Language:
    """`[report] language`, else the documents' own."""
    if config.report.language is not None:
        return config.report.language
    return document_language(*documents)


def load_history(
    config: Config,
    store: Store,
    document_id: str,
    *,
    generated: datetime,
    known: Mapping[int, tuple[Comparison, tuple[Finding, ...]]] | None = None,
) -> DocumentHistory:
    """A document's whole history, with the comparison and findings of every change; `known`
    holds comparisons and their findings already computed, by the number of the version they
    lead to (the run's own change: no need to compare and assess it twice)."""
    found = find_document(config, store, document_id)
    zone = found.zone if found else config.timezone
    versions = store.versions(document_id)
    summaries = store.change_summaries(document_id)
    documents = {v.id: store.load_document(v.id) for v in versions}
    changes = []
    for old, new in pairwise(versions):
        comparison = None
        findings: tuple[Finding, ...] = ()
        if not new.technical and (done := (known or {}).get(new.number)):
            comparison, findings = done
        elif not new.technical:
            comparison = compare_flagged(documents[old.id], documents[new.id])
            seen = new.first_seen_at.astimezone(zone).date()
            findings = assess(comparison, first_seen=seen, own=config.obligations, today=seen)
        changes.append(
            PageChange(
                previous=old.number,
                version=new.number,
                seen=new.first_seen_at.astimezone(zone),
                comparison=comparison,
                findings=findings,
            )
        )
    latest = [documents[versions[-1].id]] if versions else []
    return DocumentHistory(
        id=document_id,
        name=found.label if found else document_id,
        url=(found.url if found else None) or "",
        zone=zone,
        versions=tuple(
            PageVersion(
                number=v.number,
                first_seen=v.first_seen_at.astimezone(zone),
                last_seen=v.last_seen_at.astimezone(zone),
                dates=v.dates,
                articles=v.articles,
                origin=v.origin,
                technical=v.technical,
                doubts=len(v.warnings),
                summary=summaries.get(v.id) if v.number > 1 else None,
            )
            for v in versions
        ),
        changes=tuple(reversed(changes)),
        generated=generated.astimezone(zone),
        language=page_language(config, latest),
    )


def history_page_path(config: Config, document_id: str) -> Path:
    return config.reports / history_page_name(document_id)


def write_history_page(
    config: Config,
    store: Store,
    document_id: str,
    *,
    generated: datetime,
    known: Mapping[int, tuple[Comparison, tuple[Finding, ...]]] | None = None,
) -> Path:
    history = load_history(config, store, document_id, generated=generated, known=known)
    path = history_page_path(config, document_id)
    text = history_to_html(history, new_first=config.report.new_first)
    write_atomic(path, text.encode("utf-8"))
    return path


def documents_with_pages(
    config: Config, store: Store, document_ids: Iterable[str]
) -> dict[str, str]:
    """Document id → the name of its history page, for the documents that have versions."""
    return {
        document_id: history_page_name(document_id)
        for document_id in document_ids
        if store.latest_version(document_id) is not None
    }
