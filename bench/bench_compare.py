"""How long `compare_documents` takes on a 60 KB agreement of 56 articles.

usage: .venv/bin/python bench/bench_compare.py [--runs N] [--json PATH]

The agreement is built from the seeds' own articles (000 and 003, normalised), cycled and
varied until it holds 56 articles and about 60 KB of canonical text (UTF-8). Each scenario
compares it with an edited copy; the numbers are in-process wall time per comparison (best and
median of N runs), without parsing, substitutions included. Targets: one article changed
≤ 50 ms, every article changed ≤ 200 ms, one term replaced throughout ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from common import SEEDS, Figures, add_json_option

from tracker.compare import compare_documents
from tracker.model import Dates, Document, Paragraph, Section, SectionKind, render_body
from tracker.normalise import normalise
from tracker.report.comparison import render_comparison

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


def substituted(document: Document, old: str = "契約者", new: str = "お客様") -> Document:
    """`old` replaced by `new` throughout, captions included (45 of the 56 articles)."""

    def swapped(part: Any) -> Any:
        return replace(
            part, text=part.text.replace(old, new), items=tuple(swapped(i) for i in part.items)
        )

    sections = []
    for s in document.sections:
        paragraphs = tuple(swapped(p) for p in s.paragraphs)
        title = s.title.replace(old, new) if s.title else s.title
        sections.append(
            replace(s, title=title, text=render_body(paragraphs), paragraphs=paragraphs)
        )
    return replace(document, sections=tuple(sections))


def uncaptioned(document: Document) -> Document:
    """The same agreement without captions: every leftover pair is then scored by similarity,
    the alignment's worst case."""
    return replace(document, sections=tuple(replace(s, title=None) for s in document.sections))


@dataclass(frozen=True)
class Scenario:
    name: str  # identifier in the figures: "one_changed"
    label: str
    pair: Callable[[Document], tuple[Document, Document]]  # the agreement → (old, new)
    target_ms: float | None  # median of compare_documents, in-process
    substantive: int  # changes a reader must read: added, removed, modified beyond references


SCENARIOS = (
    Scenario("identical", "identical", lambda d: (d, d), None, 0),
    Scenario("one_changed", "one article changed", lambda d: (d, one_changed(d)), 50.0, 1),
    Scenario(
        "inserted", "one article inserted, rest renumbered", lambda d: (d, inserted(d)), None, 1
    ),
    Scenario("all_changed", "every article changed", lambda d: (d, all_changed(d)), 200.0, 56),
    Scenario(
        "all_changed_renumbered",
        "every article changed + renumbered",
        lambda d: (d, all_changed(inserted(d))),
        None,
        57,
    ),
    Scenario(
        "global_substitution",
        "one term replaced throughout",
        lambda d: (d, substituted(d)),
        200.0,
        0,
    ),
    Scenario(
        "global_substitution_one_edit",
        "term replaced throughout + one edit",
        lambda d: (d, one_changed(substituted(d))),
        None,
        1,
    ),
    Scenario(
        "all_changed_uncaptioned",
        "every article changed, no captions",
        lambda d: (uncaptioned(d), all_changed(uncaptioned(d))),
        None,
        56,
    ),
)


def measure(label: str, old: Document, new: Document, runs: int) -> dict[str, Any]:
    """Times `compare_documents` and each renderer; prints one line, returns the numbers."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        comparison = compare_documents(old, new)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    summary = comparison.summary
    alone = sum(change.substitutions_only for change in comparison.changes)
    renders = {}
    for fmt in ("json", "text", "markdown", "html"):
        render_comparison(comparison, fmt)  # untimed: the first call imports the renderer
        start = time.perf_counter()
        render_comparison(comparison, fmt)
        renders[fmt] = (time.perf_counter() - start) * 1000
    median = statistics.median(times)
    print(
        f"{label:<34} best {min(times):6.1f} ms  median {median:6.1f} ms"
        f"  ({summary.added}+ {summary.removed}- {summary.modified}~ {summary.renumbered}#"
        f"{f', {alone} by substitutions alone' if alone else ''})"
        "  render " + " ".join(f"{k} {v:.1f}" for k, v in renders.items())
    )
    return {
        "best_ms": min(times),
        "median_ms": median,
        "cpu_median_ms": statistics.median(cpu),
        "runs": runs,
        "summary": summary.as_json(),
        "substitutions": len(comparison.substitutions),
        "substitutions_only": alone,
        "render_ms": renders,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    add_json_option(parser)
    args = parser.parse_args()
    base = agreement()
    size = sum(len(s.text.encode("utf-8")) for s in base.sections)
    print(f"agreement: {len(base.sections)} articles, {size:,} bytes of canonical text (UTF-8)")
    figures = Figures("compare")
    figures.details["agreement"] = {"articles": len(base.sections), "bytes": size}
    for scenario in SCENARIOS:
        old, new = scenario.pair(base)
        measured = measure(scenario.label, old, new, args.runs)
        figures.details[scenario.name] = measured
        figure = figures.add(
            f"{scenario.name}_ms",
            f"{scenario.label}, median (in-process)",
            measured["median_ms"],
            "ms",
            scenario.target_ms,
            cpu=measured["cpu_median_ms"],
        )
        if figure.ok is False:
            print(f"  over the {scenario.target_ms:.0f} ms target")
    figures.write(args.json)
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
