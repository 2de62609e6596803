"""How much disk the store takes for a long history: database + raw snapshots against the
distinct text it holds.

usage: .venv/bin/python bench/bench_store_growth.py [--revisions N] [--keep DIR] [--json PATH]

Seed 003 (the 60 KB agreement, 56 articles) is recorded, then N cumulative revisions, each
changing one sentence of one article (a different article each time, in rotation), one a day,
through `record_snapshot` on a real SQLite file and snapshots folder. Every revision must come
out as one modified article.

"Distinct text" is the bytes of the distinct documents recorded (what the raw snapshots must
hold, once each). Target: database + snapshots ≤ 2× that. The database alone is also shown
against the distinct canonical section text, to show what storing sections once saves.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from common import Figures, add_json_option, seed

from tracker.history import OutcomeKind, record_snapshot
from tracker.store import Store

SEED = seed("003")
TARGET_RATIO = 2.0
START = datetime(2026, 11, 1, 3, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def one_article_revisions(text: str, count: int) -> list[str]:
    """`count` cumulative revisions, each appending a phrase to one body sentence.

    The sentences are body lines ending in 。 that occur once, between the first article after
    the table of contents and the last 付則; revision i edits sentence i (mod their number).
    """
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(r"第\s*1\s*条", line) and i > 20)
    end = max(i for i, line in enumerate(lines) if line.strip() in ("附則", "付則"))
    candidates = [
        i
        for i in range(start, end)
        if lines[i].endswith("。")
        and len(lines[i]) > 30
        and not lines[i].startswith("第")
        and lines.count(lines[i]) == 1
    ]
    revisions = []
    for number in range(1, count + 1):
        index = candidates[number % len(candidates)]
        lines[index] = lines[index][:-1] + f"（第{number}次改定）。"
        revisions.append("\n".join(lines))
    return revisions


@dataclass(frozen=True)
class Growth:
    versions: int
    distinct_text: int  # bytes of the distinct documents recorded
    snapshots: int  # bytes of the snapshot files
    database: int  # bytes of the database file (write-ahead log folded in)
    section_text: int  # bytes of canonical text in the sections table
    seconds_per_record: float

    @property
    def ratio(self) -> float:
        return (self.database + self.snapshots) / self.distinct_text


def measure(revisions: int, workdir: Path) -> Growth:
    seed = SEED.read_bytes()
    documents = [seed] + [t.encode() for t in one_article_revisions(seed.decode(), revisions)]
    database = workdir / "tracker.db"
    started = time.perf_counter()
    with Store.open(database, workdir / "snapshots") as store:
        for day, data in enumerate(documents):
            outcome = record_snapshot(
                store,
                "securecam",
                data=data,
                content_type="text/plain; charset=utf-8",
                url="https://example.jp/securecam.txt",
                final_url="https://example.jp/securecam.txt",
                status=200,
                headers={"content-type": "text/plain; charset=utf-8"},
                etag=None,
                last_modified=None,
                fetched_at=START + timedelta(days=day),
                run_id=None,
            )
            expected = OutcomeKind.FIRST if day == 0 else OutcomeKind.CHANGED
            if outcome.kind is not expected or (
                day and (outcome.comparison is None or len(outcome.comparison.changes) != 1)
            ):
                raise SystemExit(f"revision {day}: {outcome.kind}, expected one changed article")
        elapsed = time.perf_counter() - started
        store.checkpoint()
        versions = len(store.versions("securecam"))
        (section_text,) = store.conn.execute(
            "SELECT sum(length(CAST(text AS BLOB))) FROM sections"
        ).fetchone()
    snapshot_bytes = sum(
        p.stat().st_size for p in (workdir / "snapshots").rglob("*") if p.is_file()
    )
    database_bytes = sum(p.stat().st_size for p in workdir.glob("tracker.db*") if p.is_file())
    return Growth(
        versions=versions,
        distinct_text=sum(len(d) for d in set(documents)),
        snapshots=snapshot_bytes,
        database=database_bytes,
        section_text=int(section_text),
        seconds_per_record=elapsed / len(documents),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--revisions", type=int, default=100)
    parser.add_argument("--keep", type=Path, default=None, help="Leave the store in this folder.")
    add_json_option(parser)
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        growth = measure(args.revisions, args.keep)
    else:
        with tempfile.TemporaryDirectory() as folder:
            growth = measure(args.revisions, Path(folder))
    print(f"seed 003 + {args.revisions} one-article revisions: {growth.versions} versions")
    print(f"distinct text      {growth.distinct_text:>12,} bytes")
    print(f"snapshots          {growth.snapshots:>12,} bytes")
    print(
        f"database           {growth.database:>12,} bytes"
        f"  (canonical section text in it: {growth.section_text:,})"
    )
    print(f"database + snapshots = {growth.ratio:.2f}× the distinct text (target ≤ {TARGET_RATIO})")
    print(f"record_snapshot: {growth.seconds_per_record * 1000:.1f} ms per revision")
    figures = Figures("store_growth")
    figures.add(
        "store_ratio",
        f"database + snapshots / distinct text, {args.revisions} one-article revisions",
        growth.ratio,
        "×",
        TARGET_RATIO,
    )
    figures.add(
        "record_snapshot_ms",
        "record_snapshot per revision (parse, compare, SQLite)",
        growth.seconds_per_record * 1000,
        "ms",
    )
    figures.details = dict(asdict(growth), revisions=args.revisions)
    figures.write(args.json)
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
