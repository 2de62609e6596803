"""Shared helpers for the store, tracking and history-command tests (no tests here).

Real SQLite files and real snapshot folders in `tmp_path`; the documents are the seed agreements
and their revisions under snapshots/.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tracker.history import Outcome, record_snapshot
from tracker.model import Document
from tracker.sources import ReadDocument, document_from_bytes
from tracker.store import Store

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "snapshots" / "seeds"
REVISIONS = ROOT / "snapshots" / "revisions"
SEED_003 = next(SEEDS.glob("003_*.txt"))
SEED_004 = next(SEEDS.glob("004_*.txt"))
REVISION_003 = REVISIONS / "003_v2_notice_and_fee.txt"

TOKYO = ZoneInfo("Asia/Tokyo")
T0 = datetime(2026, 11, 1, 3, 0, tzinfo=TOKYO)
DOC = "securecam"
URL = "https://example.jp/terms/securecam.txt"

NOTICE_3_MONTHS = "変更又は終了する 3 か月前までに通知します"

# A page that parses, but as a stub: two articles where the agreement has 56.
STUB = (
    "セキュアカメラクラウドサービス\n"
    "第1条（ご案内）\n"
    "利用規約は現在メンテナンス中です。しばらくしてから再度アクセスしてください。\n"
    "第2条（お問い合わせ）\n"
    "お問い合わせはサポート窓口までご連絡ください。\n"
).encode()


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def open_store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "tracker.db", tmp_path / "snapshots")


@cache
def seed_003() -> bytes:
    return SEED_003.read_bytes()


@cache
def revision_003() -> bytes:
    return REVISION_003.read_bytes()


def notice_shortened() -> bytes:
    """Seed 003 with one article changed (第8条: 3 months' notice becomes 1 month)."""
    text = seed_003().decode()
    assert text.count(NOTICE_3_MONTHS) == 1
    return text.replace(NOTICE_3_MONTHS, "変更又は終了する 1 か月前までに通知します").encode()


def history_config(tmp_path: Path, extra: str = "") -> Path:
    """A tracker.toml over the store `open_store(tmp_path)` opens, listing two documents (and
    `extra` TOML), for the commands that read the history."""
    config = tmp_path / "tracker.toml"
    config.write_text(
        "[tracker]\n"
        'database = "tracker.db"\n'
        'snapshots = "snapshots"\n'
        'timezone = "Asia/Tokyo"\n'
        "[[documents]]\n"
        'id = "securecam"\n'
        'name = "セキュアカメラ利用規約"\n'
        f'url = "{URL}"\n'
        "[[documents]]\n"
        'id = "beta"\n'
        'name = "ベータ版規約"\n'
        'url = "https://example.jp/beta"\n' + extra,
        encoding="utf-8",
    )
    return config


def record(
    store: Store,
    data: bytes,
    when: datetime,
    *,
    document_id: str = DOC,
    etag: str | None = None,
    last_modified: str | None = None,
    content_type: str | None = None,
    selector: str | None = None,
    url: str = URL,
    run_id: int | None = None,
) -> Outcome:
    return record_snapshot(
        store,
        document_id,
        data=data,
        content_type=content_type,
        url=url,
        final_url=url,
        status=200,
        headers={"content-type": content_type or "text/plain; charset=utf-8"},
        etag=etag,
        last_modified=last_modified,
        fetched_at=when,
        run_id=run_id,
        selector=selector,
        elapsed=0.25,
    )


def section_rows(store: Store, kind: str | None = None) -> int:
    if kind is None:
        return int(store.conn.execute("SELECT count(*) FROM sections").fetchone()[0])
    query = "SELECT count(*) FROM sections WHERE kind = ?"
    return int(store.conn.execute(query, (kind,)).fetchone()[0])


def count_rows(store: Store, table: str) -> int:
    assert table.isidentifier()
    return int(store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def normaliser_that(change: Callable[[Document], Document]) -> Callable[..., ReadDocument]:
    """`document_from_bytes` as a different normaliser would read: every Document it returns
    passed through `change` (for `monkeypatch.setattr(derive, "document_from_bytes", …)`)."""

    def read(data: bytes, **kwargs: Any) -> ReadDocument:
        real = document_from_bytes(data, **kwargs)
        return replace(real, document=change(real.document))

    return read
