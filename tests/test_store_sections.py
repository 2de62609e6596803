"""Sections are stored once by content and a stored version loads back exactly as parsed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from support.db import query
from support.history import (
    SEEDS,
    T0,
    at,
    count_rows,
    notice_shortened,
    open_store,
    record,
    section_rows,
    seed_003,
)
from support.render import to_pdf

from tracker.history import content_hash
from tracker.model import Paragraph, Section
from tracker.sources import document_from_bytes


def test_an_unchanged_article_is_stored_once_however_many_versions_hold_it(
    tmp_path: Path,
) -> None:
    with open_store(tmp_path) as store:
        record(store, seed_003(), T0)
        assert section_rows(store, "article") == 56
        assert section_rows(store) == 59  # and the preamble, 付則, 別紙
        outcome = record(store, notice_shortened(), at(1))
        assert outcome.version == 2
        # 55 of 56 articles shared: 57 article rows, not 112.
        assert section_rows(store, "article") == 57
        assert section_rows(store) == 60
        assert count_rows(store, "section_links") == 2 * 59


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_a_stored_version_loads_back_as_the_parsed_document(tmp_path: Path, seed: str) -> None:
    data = (SEEDS / seed).read_bytes()
    url = f"https://example.jp/{seed}"
    parsed = document_from_bytes(data, source=url).document
    with open_store(tmp_path) as store:
        record(store, data, T0, document_id="doc", url=url)
        (version,) = store.versions("doc")
        loaded = store.load_document(version.id)
    assert loaded.sections == parsed.sections
    assert loaded == parsed  # title, dates, source and warnings too
    assert version.content_hash == content_hash(parsed)


def test_a_pdf_version_loads_back_exactly(tmp_path: Path) -> None:
    pdf = to_pdf(seed_003().decode(), chars_per_line=38)
    url = "https://example.jp/terms.pdf"
    parsed = document_from_bytes(pdf, source=url, content_type="application/pdf").document
    with open_store(tmp_path) as store:
        record(store, pdf, T0, url=url, content_type="application/pdf")
        loaded = store.load_document(store.versions("securecam")[0].id)
        media_type = next(query(store, "SELECT media_type FROM snapshots"))["media_type"]
    assert loaded == parsed
    assert media_type == "application/pdf"


def test_content_hash_ignores_source_warnings_and_paragraph_objects() -> None:
    document = document_from_bytes(seed_003(), source="a.txt").document
    article = document.sections[1]
    flattened = replace(article, paragraphs=(Paragraph("1", article.text),))
    other = replace(
        document,
        source="https://elsewhere/b.pdf",
        warnings=("a warning",),
        sections=(document.sections[0], flattened, *document.sections[2:]),
    )
    assert content_hash(other) == content_hash(document)


@pytest.mark.parametrize(
    "change",
    [
        {"text": "変わった本文"},
        {"title": "新しい見出し"},
        {"number": "第99条"},
        {"key": "99"},
        {"chapter": "第9章 雑則"},
        {"deleted": True},
    ],
)
def test_content_hash_sees_every_canonical_field(change: dict[str, object]) -> None:
    document = document_from_bytes(seed_003(), source="a.txt").document
    article: Section = replace(document.sections[1], **change)  # type: ignore[arg-type]
    changed = replace(document, sections=(document.sections[0], article, *document.sections[2:]))
    assert content_hash(changed) != content_hash(document)
