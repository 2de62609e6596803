"""What a reader has to read: `tracker compare` against `git diff --no-index --word-diff`.

usage: .venv/bin/python bench/bench_vs_git.py [--runs N] [--keep DIR] [--json PATH]

Both tools get the same pairs of canonical texts: each document normalised and written back as
plain text (title, chapter headings, `第N条（見出し）`, one line per paragraph and item), so a
line break moved by a new layout is not counted against git. The pairs are seed 003 with
snapshots/revisions/003_v2_notice_and_fee.txt, seed 000 with
snapshots/revisions/000_v2_article_inserted.txt, and the synthetic cases of bench_compare.py (a
60 KB agreement of 56 articles, edited). For each pair: the median wall time of both commands
(subprocesses, start-up included; tracker's also includes parsing both files), git's hunks
(`@@`) and changed lines, and tracker's changes split into substantive ones (added, removed,
modified) and mechanical ones (renumbered, or modified only in their cross-references).

No targets: the ratio is information. The run fails only when a canonical text does not parse
back to the same sections, or tracker's substantive count is not what the edit made.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench_compare import SCENARIOS, agreement
from common import REVISIONS, TRACKER, Figures, add_json_option, machine_line, seed, timed

from tracker.compare import compare_documents
from tracker.model import Document, Section, SectionKind
from tracker.normalise import normalise

# --- the pairs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    name: str
    label: str
    documents: Callable[[], tuple[Document, Document]]
    substantive: int | None  # what the edit made; None: not checked


def _parsed(path: Path) -> Document:
    return normalise(path.read_text(encoding="utf-8"), source=path.name)


def _files(old: Path, new: Path) -> Callable[[], tuple[Document, Document]]:
    return lambda: (_parsed(old), _parsed(new))


def _synthetic(pair: Callable[[Document], tuple[Document, Document]]) -> Callable[[], Any]:
    return lambda: pair(agreement())


PAIRS = (
    Pair(
        "seed003_notice_and_fee",
        "seed 003 → 003_v2_notice_and_fee",
        _files(seed("003"), REVISIONS / "003_v2_notice_and_fee.txt"),
        3,  # 第8条 notice period, 別紙 fees, a new 付則
    ),
    Pair(
        "seed000_article_inserted",
        "seed 000 → 000_v2_article_inserted",
        _files(seed("000"), REVISIONS / "000_v2_article_inserted.txt"),
        1,  # the new 第4条; the rest is renumbering and updated references
    ),
    *(Pair(s.name, f"synthetic: {s.label}", _synthetic(s.pair), s.substantive) for s in SCENARIOS),
)

# --- canonical text -------------------------------------------------------------------------


def heading(section: Section) -> str | None:
    if section.kind is SectionKind.PREAMBLE:
        return None
    number = section.number or ""
    if section.title is None:
        line = number
    elif section.kind is SectionKind.ARTICLE:
        line = f"{number}（{section.title}）"
    else:
        line = f"{number} {section.title}"
    return f"{line} 削除" if section.deleted else line


def canonical_text(document: Document) -> str:
    """The document as plain text in its canonical form: what `normalise` reads back as the same
    sections, with none of the source's line wrapping, numbering style or page furniture."""
    lines: list[str] = [document.title, ""] if document.title else []
    chapter = None
    for section in document.sections:
        if section.chapter and section.chapter != chapter:
            lines += [section.chapter, ""]
            chapter = section.chapter
        head = heading(section)
        lines += [head] if head else []
        lines += [section.text] if section.text else []
        lines.append("")
    return "\n".join(lines)


def _content(document: Document) -> list[tuple[object, ...]]:
    # The chapter is left out: a section added without one takes its neighbours' on reading.
    return [(s.key, s.kind, s.number, s.title, s.text, s.deleted) for s in document.sections]


# --- running both tools ---------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    """What one tool gives a reader for one pair."""

    median_ms: float
    best_ms: float
    lines: int  # lines of output for a person (git's word diff; tracker's text view)


@dataclass(frozen=True)
class Outcome:
    name: str
    label: str
    old_bytes: int
    new_bytes: int
    git: Read
    git_hunks: int
    git_changed_lines: int  # lines holding a [-…-] or {+…+}
    tracker: Read
    compare_ms: float  # compare_documents alone, in-process, median
    substantive: int  # added, removed, modified beyond cross-references
    renumbered: int
    references_only: int
    round_trip: bool  # the canonical texts parse back to the same sections

    @property
    def ratio(self) -> float:
        return self.tracker.median_ms / self.git.median_ms


def git_command(old: Path, new: Path) -> list[str]:
    return [
        "git",
        "diff",
        "--no-index",
        "--word-diff",
        "--no-color",
        "--no-ext-diff",
        str(old),
        str(new),
    ]


def _quiet_env(home: Path) -> dict[str, str]:
    """No user or system git config (pager, colour, diff drivers) and no pager."""
    env = dict(os.environ, HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_PAGER="cat")
    env.pop("XDG_CONFIG_HOME", None)
    return env


def count_tracker_changes(compare_json: str) -> tuple[int, int, int]:
    """(substantive, renumbered, references-only) changes in `tracker compare --format json`;
    a section changed by substitutions alone is read once, at the top, and not counted."""
    changes = json.loads(compare_json)["changes"]
    renumbered = sum(c["kind"] == "renumbered" for c in changes)
    references = sum(c["kind"] == "modified" and c["references_only"] for c in changes)
    alone = sum(c["substitutions_only"] for c in changes)
    return len(changes) - renumbered - references - alone, renumbered, references


def measure(pair: Pair, folder: Path, runs: int) -> Outcome:
    old_doc, new_doc = pair.documents()
    folder.mkdir(parents=True, exist_ok=True)
    old, new = folder / "old.txt", folder / "new.txt"
    old.write_text(canonical_text(old_doc), encoding="utf-8")
    new.write_text(canonical_text(new_doc), encoding="utf-8")
    round_trip = all(
        _content(document) == _content(_parsed(path))
        for document, path in ((old_doc, old), (new_doc, new))
    )
    env = _quiet_env(folder)

    git = git_command(old, new)
    git_out = subprocess.run(git, capture_output=True, text=True, env=env, cwd=folder).stdout
    git_time = timed(lambda: subprocess.run(git, capture_output=True, env=env, cwd=folder), runs)
    body = [
        line for line in git_out.splitlines() if not re.match(r"(diff |index |--- |\+\+\+ )", line)
    ]

    tracker = [str(TRACKER), "compare", str(old), str(new)]
    as_json = subprocess.run(
        [*tracker, "--format", "json"], capture_output=True, text=True, cwd=folder
    ).stdout
    as_text = subprocess.run(tracker, capture_output=True, text=True, cwd=folder).stdout
    tracker_time = timed(
        lambda: subprocess.run([*tracker, "--format", "json"], capture_output=True, cwd=folder),
        runs,
    )
    compare_time = timed(lambda: compare_documents(old_doc, new_doc), runs)
    substantive, renumbered, references = count_tracker_changes(as_json)
    return Outcome(
        name=pair.name,
        label=pair.label,
        old_bytes=old.stat().st_size,
        new_bytes=new.stat().st_size,
        git=Read(git_time.median_ms, git_time.best_ms, len(body)),
        git_hunks=sum(line.startswith("@@") for line in body),
        git_changed_lines=sum(("[-" in line or "{+" in line) for line in body),
        tracker=Read(tracker_time.median_ms, tracker_time.best_ms, len(as_text.splitlines())),
        compare_ms=compare_time.median_ms,
        substantive=substantive,
        renumbered=renumbered,
        references_only=references,
        round_trip=round_trip,
    )


COLUMNS = (
    f"{'pair':<50} {'git':>7} {'tracker':>8} {'ratio':>6} {'compare':>8}"
    f"   {'git: hunks':>10} {'changed':>7} {'lines':>5}"
    f"   {'tracker: substantive':>20} {'renumbered':>10} {'refs only':>9} {'lines':>5}"
)


def print_outcome(outcome: Outcome) -> None:
    print(
        f"{outcome.label:<50} {outcome.git.median_ms:>5.1f}ms {outcome.tracker.median_ms:>6.0f}ms"
        f" {outcome.ratio:>5.0f}× {outcome.compare_ms:>6.1f}ms"
        f"   {outcome.git_hunks:>10} {outcome.git_changed_lines:>7} {outcome.git.lines:>5}"
        f"   {outcome.substantive:>20} {outcome.renumbered:>10} {outcome.references_only:>9}"
        f" {outcome.tracker.lines:>5}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each command")
    parser.add_argument("--keep", type=Path, default=None, help="write the texts here, keep them")
    add_json_option(parser)
    args = parser.parse_args()
    if shutil.which("git") is None:
        print("git: not found; nothing to compare with")
        return 1
    version = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"machine: {machine_line()}")
    print(
        f"{version}; git and tracker: `git diff --no-index --word-diff` and `tracker compare"
        f" --format json`, wall with start-up, median of {args.runs}; compare: compare_documents"
        " in-process, parsing excluded; lines: what each shows a reader (git's word diff,"
        " tracker's text view)"
    )
    figures = Figures("vs_git")
    figures.details["git"] = version
    outcomes = []
    with ExitStack() as stack:
        work = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vs-git-")))
        print(COLUMNS)
        for pair in PAIRS:
            outcome = measure(pair, work / pair.name, args.runs)
            outcomes.append(outcome)
            print_outcome(outcome)
            figures.add(
                f"{pair.name}_vs_git",
                f"compare vs git diff --word-diff, {pair.label}: wall tracker / git",
                outcome.ratio,
                "×",
            )
            if not outcome.round_trip:
                figures.problems.append(f"{pair.name}: canonical text does not parse back")
            if pair.substantive is not None and outcome.substantive != pair.substantive:
                figures.problems.append(
                    f"{pair.name}: tracker found {outcome.substantive} substantive changes, "
                    f"the edit made {pair.substantive}"
                )
        if args.keep:
            print(f"kept: {work}")
    for problem in figures.problems:
        print(f"UNEXPECTED: {problem}")
    figures.details["pairs"] = [dict(asdict(o), ratio=o.ratio) for o in outcomes]
    figures.write(args.json)
    return figures.exit_code()


if __name__ == "__main__":
    sys.exit(main())
