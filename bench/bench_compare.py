"""How long `compare_documents` takes on a 60 KB agreement of 56 articles.

usage: .venv/bin/python bench/bench_compare.py [--runs N]

The agreement is built from the seeds' own articles (000 and 003, normalised), cycled and
varied until it holds 56 articles and about 60 KB of canonical text (UTF-8). Each scenario
compares it with an edited copy; the numbers are in-process wall time per comparison (best and
median of N runs), without parsing. Targets: one article changed ≤ 50 ms, every article
changed ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from tracker.compare import compare_documents
from tracker.model import Dates, Document, Paragraph, Section, SectionKind, render_body
from tracker.normalise import normalise
from tracker.report import render_comparison

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "snapshots" / "seeds"
ARTICLES = 56
TARGET_BYTES = 60_000
VARIANTS = ("当社", "弊社", "運営者", "提供者")


def seed_articles() -> list[Section]:
    found: list[Section] = []
    for prefix in ("003", "000"):
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        found += normalise(path.read_text(encoding="utf-8"), source=path.name).articles
    return [s for s in found if s.paragraphs]


def agreement() -> Document:
    """56 articles, cycled from the seeds and varied so no two bodies are equal, ~60 KB."""
    pool = seed_articles()
    sections: list[Section] = []
    size = 0
    index = 0
    while len(sections) < ARTICLES:
        base = pool[index % len(pool)]
        variant = VARIANTS[(index // len(pool)) % len(VARIANTS)]
        sections.append(_renumbered(base, len(sections) + 1, variant))
        size += len(sections[-1].text.encode("utf-8"))
        index += 1
    # lengthen the shortest articles until the whole reaches the target size
    while size < TARGET_BYTES:
        shortest = min(range(len(sections)), key=lambda i: len(sections[i].text))
        longer = _with_paragraph(sections[shortest], pool[shortest % len(pool)].paragraphs[0].text)
        size += len(longer.text.encode("utf-8")) - len(sections[shortest].text.encode("utf-8"))
        sections[shortest] = longer
    return Document("bench.txt", "ベンチマーク利用規約", Dates(), tuple(sections))


def _renumbered(section: Section, number: int, variant: str) -> Section:
    paragraphs = tuple(replace(p, text=p.text.replace("当社", variant)) for p in section.paragraphs)
    return replace(
        section,
        key=str(number),
        number=f"第{number}条",
        title=f"{section.title or '規定'}{number}",
        text=render_body(paragraphs),
        paragraphs=paragraphs,
    )


def _with_paragraph(section: Section, text: str) -> Section:
    number = str(len(section.paragraphs) + 1)
    paragraphs = (*section.paragraphs, Paragraph(number, text))
    return replace(section, text=render_body(paragraphs), paragraphs=paragraphs)


def edit_article(section: Section, salt: int) -> Section:
    """One realistic edit in the middle of the first paragraph."""
    first, *rest = section.paragraphs
    middle = len(first.text) // 2
    inserted = f"(ただし、別途定める場合{salt}を除く。)"
    edited = replace(first, text=first.text[:middle] + inserted + first.text[middle:])
    paragraphs = (edited, *rest)
    return replace(section, text=render_body(paragraphs), paragraphs=paragraphs)


def one_changed(document: Document) -> Document:
    sections = list(document.sections)
    sections[20] = edit_article(sections[20], 0)
    return replace(document, sections=tuple(sections))


def all_changed(document: Document) -> Document:
    sections = tuple(edit_article(s, n) for n, s in enumerate(document.sections))
    return replace(document, sections=sections)


def inserted(document: Document) -> Document:
    """A new 第4条; every later article one number higher."""
    new = Section(
        "4",
        SectionKind.ARTICLE,
        "第4条",
        "本人確認",
        None,
        "当社は、契約者に対し、本人確認書類の提出を求めることができます。",
        (Paragraph("1", "当社は、契約者に対し、本人確認書類の提出を求めることができます。"),),
    )
    shifted = [
        replace(s, key=str(int(s.key) + 1), number=f"第{int(s.key) + 1}条")
        for s in document.sections[3:]
    ]
    return replace(document, sections=(*document.sections[:3], new, *shifted))


def measure(label: str, old: Document, new: Document, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        comparison = compare_documents(old, new)
        times.append((time.perf_counter() - start) * 1000)
    summary = comparison.summary
    renders = {}
    for fmt in ("json", "text", "markdown", "html"):
        start = time.perf_counter()
        render_comparison(comparison, fmt)
        renders[fmt] = (time.perf_counter() - start) * 1000
    print(
        f"{label:<34} best {min(times):6.1f} ms  median {statistics.median(times):6.1f} ms"
        f"  ({summary.added}+ {summary.removed}- {summary.modified}~ {summary.renumbered}#)"
        "  render " + " ".join(f"{k} {v:.1f}" for k, v in renders.items())
    )
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    base = agreement()
    size = sum(len(s.text.encode("utf-8")) for s in base.sections)
    print(f"agreement: {len(base.sections)} articles, {size:,} bytes of canonical text (UTF-8)")
    scenarios: list[tuple[str, Callable[[Document], Document], float | None]] = [
        ("identical", lambda d: d, None),
        ("one article changed", one_changed, 50.0),
        ("one article inserted, rest renumbered", inserted, None),
        ("every article changed", all_changed, 200.0),
        ("every article changed + renumbered", lambda d: all_changed(inserted(d)), None),
    ]
    uncaptioned = replace(base, sections=tuple(replace(s, title=None) for s in base.sections))
    failed = False
    for label, edit, target in scenarios:
        median = measure(label, base, edit(base), runs)
        if target is not None and median > target:
            print(f"  over the {target:.0f} ms target")
            failed = True
    # without captions every leftover pair is scored by similarity: the alignment's worst case
    measure("every article changed, no captions", uncaptioned, all_changed(uncaptioned), runs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
