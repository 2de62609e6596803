"""Run every benchmark, check every target, and record the figures with the machine they ran on.

usage: .venv/bin/python bench/run_all.py [--quick] [--only NAME,…] [--urlwatch PATH | --no-urlwatch]
                                         [--results DIR] [--no-readme]

Runs, each script in its own process (so one's heap and imports do not slow the next): parse,
pdf_fonts (characters lost with and without CJK fonts), compare, vs_git (compare against `git
diff --word-diff`), store_growth, cron_year (what a year of hourly cron writes), check (1,000
loopback documents, against urlwatch) and browser (the cost of render = "browser" per page;
skipped without Chromium). Every script's output is shown as it runs; its figures come back
through its `--json` file. Exits 1 when a target is missed or a benchmark did not do what it
should (exit status other than 0 or 1, no figures, an UNEXPECTED outcome), else 0.

Writes bench/results/latest.md and latest.json (machine, command, date, every number, every
script's output), and replaces the figures block of bench/README.md. `--quick` is a smoke run
(a few runs each, 100 documents, 10 revisions; about a minute): it writes quick.md and
quick.json instead and leaves the README alone, since its figures are not comparable.

urlwatch is compared only when available: --urlwatch PATH, $URLWATCH, or the virtualenv
bench/.cache/urlwatch-venv, which is created with `pip install urlwatch` when missing. When the
package index cannot be reached, that ratio is skipped and the run says so.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from common import BENCH, ROOT, cpu_sample, machine, machine_line, others_load, show

URLWATCH_VENV = BENCH / ".cache" / "urlwatch-venv"
README = BENCH / "README.md"
BLOCK_BEGIN = "<!-- run_all: figures begin -->"
BLOCK_END = "<!-- run_all: figures end -->"


@dataclass(frozen=True)
class Bench:
    name: str
    script: str
    full: tuple[str, ...]  # arguments of the recorded run
    quick: tuple[str, ...]  # arguments of the smoke run


BENCHES = (
    Bench("parse", "bench_parse.py", ("--runs", "30"), ("--runs", "5")),
    Bench("pdf_fonts", "bench_pdf_fonts.py", (), ()),
    Bench("compare", "bench_compare.py", ("--runs", "20"), ("--runs", "3")),
    Bench("vs_git", "bench_vs_git.py", ("--runs", "10"), ("--runs", "2")),
    Bench("store_growth", "bench_store_growth.py", ("--revisions", "100"), ("--revisions", "10")),
    Bench("cron_year", "bench_cron_year.py", ("--runs", "200"), ("--runs", "20")),
    Bench("check", "bench_check.py", ("--documents", "1000"), ("--documents", "100")),
    Bench(
        "browser",
        "bench_browser.py",
        ("--documents", "20", "--runs", "10"),
        ("--documents", "4", "--runs", "2"),
    ),
)


# --- urlwatch -------------------------------------------------------------------------------


def _executable(path: Path) -> Path | None:
    if path.is_dir():
        path = path / "bin" / "urlwatch"
    return path.absolute() if path.is_file() and os.access(path, os.X_OK) else None


def install_urlwatch(venv: Path) -> tuple[Path | None, str]:
    """A throwaway virtualenv with urlwatch in it, or None and why not (index unreachable…)."""
    print(f"urlwatch: not found; installing it into {show(venv)} (pip install urlwatch) …")
    venv.parent.mkdir(parents=True, exist_ok=True)
    steps = (
        [sys.executable, "-m", "venv", "--clear", str(venv)],
        # short timeouts: an unreachable index should cost seconds, not pip's default minutes
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--timeout",
            "20",
            "--retries",
            "1",
            "urlwatch",
        ],
    )
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            shutil.rmtree(venv, ignore_errors=True)
            return None, f"`{shlex.join(step[-3:])}` took over 10 minutes"
        if done.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            errors = [line for line in done.stderr.splitlines() if "ERROR" in line]
            last = (errors or done.stderr.strip().splitlines() or ["no message"])[-1]
            return None, f"could not install it (is the package index reachable?): {last}"
    return _executable(venv), "installed"


def find_urlwatch(explicit: str | None, wanted: bool) -> tuple[Path | None, str]:
    """The urlwatch to compare with, and where it came from (or why there is none)."""
    if not wanted:
        return None, "skipped (--no-urlwatch)"
    named = explicit or os.environ.get("URLWATCH")
    if named:
        found = _executable(Path(named))
        return (found, f"{named}") if found else (None, f"skipped: {named} is not an executable")
    cached = _executable(URLWATCH_VENV)
    if cached:
        return cached, show(URLWATCH_VENV)
    installed, why = install_urlwatch(URLWATCH_VENV)
    if installed is None:
        return None, f"skipped: {why}"
    return installed, f"{show(URLWATCH_VENV)} (just installed)"


# --- running the benchmarks -----------------------------------------------------------------


def run_bench(bench: Bench, arguments: list[str], folder: Path) -> dict[str, Any]:
    """Run one script, echo its output as it comes, and return its figures file with the run's
    exit status, wall time, output and how busy the rest of the machine was meanwhile."""
    figures_file = folder / f"{bench.name}.json"
    script = os.path.relpath(BENCH / bench.script, ROOT)  # run from ROOT: shown as bench/…
    command = [sys.executable, script, *arguments, "--json", str(figures_file)]
    shown = shlex.join([show(Path(sys.executable)), script, *arguments])
    print(f"\n=== {bench.name}: {shown}", flush=True)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    output: list[str] = []
    before = cpu_sample()
    started = time.perf_counter()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            output.append(line)
    wall = time.perf_counter() - started
    load = others_load(before, cpu_sample())
    result: dict[str, Any]
    try:
        result = json.loads(figures_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        result = {"bench": bench.name, "figures": [], "details": {}, "failed": True}
        result["problems"] = [f"exited {process.returncode} without writing its figures"]
    if process.returncode not in (0, 1) and not result["problems"]:
        result["problems"].append(f"exited {process.returncode}")
        result["failed"] = True
    result.update(
        command=shown,
        exit=process.returncode,
        wall_s=round(wall, 1),
        load=load,
        output="".join(output),
    )
    return result


# --- the record -----------------------------------------------------------------------------


def _number(value: float, unit: str) -> str:
    digits = 2 if abs(value) < 10 else 1 if abs(value) < 100 else 0
    return f"{value:,.{digits}f} {unit}".replace(" ×", "×")


def targets_table(results: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| Benchmark | Figure | Measured | Target | | CPU time behind it |",
        "|---|---|--:|--:|---|--:|",
    ]
    for result in results:
        for figure in result["figures"]:
            if figure["target"] is None:
                continue
            verdict = "ok" if figure["ok"] else "**MISSED**"
            cpu = figure.get("cpu")
            lines.append(
                f"| {result['bench']} | {figure['label']} | "
                f"{_number(figure['value'], figure['unit'])} | "
                f"≤ {_number(figure['target'], figure['unit'])} | {verdict} | "
                f"{'—' if cpu is None else _number(cpu, figure['unit'])} |"
            )
    return lines


def git_table(result: dict[str, Any]) -> list[str]:
    lines = [
        "| Pair | git | tracker | tracker / git | git hunks | git changed lines | git lines "
        "| tracker substantive | renumbered | references only | tracker lines |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for pair in result["details"].get("pairs", []):
        lines.append(
            f"| {pair['label']} | {pair['git']['median_ms']:.1f} ms | "
            f"{pair['tracker']['median_ms']:.0f} ms | {pair['ratio']:.0f}× | {pair['git_hunks']} | "
            f"{pair['git_changed_lines']} | {pair['git']['lines']} | {pair['substantive']} | "
            f"{pair['renumbered']} | {pair['references_only']} | {pair['tracker']['lines']} |"
        )
    return lines


def check_table(result: dict[str, Any]) -> list[str]:
    rounds = result["details"].get("rounds", [])
    by = {(r["round"], r["tool"]): r for r in rounds}
    lines = [
        "| Round | tracker | urlwatch | tracker / urlwatch | tracker CPU | urlwatch CPU "
        "| tracker peak RSS | urlwatch peak RSS |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for round_name in ("first", "unchanged", "changed"):
        ours, theirs = by.get((round_name, "tracker")), by.get((round_name, "urlwatch"))
        if ours is None:
            continue
        wall = f"{theirs['wall']:.1f} s" if theirs else "—"
        ratio = f"{ours['wall'] / theirs['wall']:.2f}×" if theirs else "—"
        cpu = f"{theirs['cpu']:.1f} s" if theirs else "—"
        rss = f"{theirs['peak_rss_mib']:.0f} MiB" if theirs else "—"
        lines.append(
            f"| {round_name} | {ours['wall']:.1f} s | {wall} | {ratio} | {ours['cpu']:.1f} s | "
            f"{cpu} | {ours['peak_rss_mib']:.0f} MiB | {rss} |"
        )
    return lines


def other_figures(results: list[dict[str, Any]]) -> list[str]:
    lines = []
    for result in results:
        if result["bench"] in ("vs_git", "check"):
            continue  # in their own tables
        for figure in result["figures"]:
            if figure["target"] is None:
                lines.append(
                    f"- {result['bench']}: {figure['label']}: "
                    f"{_number(figure['value'], figure['unit'])}"
                )
    return lines


def summary(record: dict[str, Any]) -> list[str]:
    """The figures as Markdown: header, targets, the two side-by-side comparisons."""
    m = record["machine"]
    by_name = {r["bench"]: r for r in record["benches"]}
    packages = ", ".join(f"{name} {version}" for name, version in m["packages"].items())
    missed = [
        f"{r['bench']}: {f['label']}"
        for r in record["benches"]
        for f in r["figures"]
        if f["ok"] is False
    ]
    problems = [f"{r['bench']}: {p}" for r in record["benches"] for p in r["problems"]]
    verdict = "every target met" if not missed else f"{len(missed)} target(s) MISSED"
    if problems:
        verdict += f"; {len(problems)} benchmark(s) did not run as they should"
    busy = ", ".join(
        f"{r['bench']} {r['load']['others']:.0%}"
        + (f" (steal {r['load']['steal']:.0%})" if r["load"]["steal"] >= 0.01 else "")
        for r in record["benches"]
    )
    lines = [
        f"- Command: `{record['command']}`"
        + (" (smoke run, not comparable)" if record["quick"] else ""),
        f"- Date: {record['date']}; took {record['elapsed_s']:.0f} s",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, {m['os']} "
        f"({m['kernel']}), {m['python']}",
        f"- Tree: {m['git']}; packages: {packages}",
        f"- Japanese system fonts (tracker never lets PDFium use them; pdf_fonts also runs "
        f"without them): {m['japanese_fonts']}",
        f"- Other processes' share of the CPUs while each ran: {busy}",
        f"- urlwatch: {record['urlwatch']}",
        f"- Result: {verdict}",
        *(f"  - {line}" for line in missed + problems),
        "",
        "Targets:",
        "",
        *targets_table(record["benches"]),
    ]
    if "vs_git" in by_name:
        lines += [
            "",
            "`tracker compare` against `git diff --no-index --word-diff` on the same canonical "
            "texts (wall with start-up, medians):",
            "",
            *git_table(by_name["vs_git"]),
        ]
    if "check" in by_name:
        count = by_name["check"]["details"].get("documents", 0)
        lines += [
            "",
            f"`tracker check` against urlwatch, {count:,} documents on loopback (wall, and CPU "
            "seconds of each tool's process):",
            "",
            *check_table(by_name["check"]),
        ]
        if count < 1000:
            lines += ["", "(The check targets are for 1,000 documents: not checked here.)"]
    others = other_figures(record["benches"])
    if others:
        lines += ["", "Other figures:", "", *others]
    return lines


def markdown(record: dict[str, Any]) -> str:
    lines = ["# Benchmark results", "", *summary(record), "", "## Output of each benchmark"]
    for result in record["benches"]:
        lines += [
            "",
            f"### {result['bench']} — `{result['command']}` "
            f"({result['wall_s']:.0f} s, exit {result['exit']})",
            "",
            "```",
            result["output"].rstrip("\n"),
            "```",
        ]
    return "\n".join(lines) + "\n"


def update_readme(record: dict[str, Any]) -> bool:
    """Replace the block between the markers in bench/README.md; False when they are missing."""
    text = README.read_text(encoding="utf-8")
    begin, end = text.find(BLOCK_BEGIN), text.find(BLOCK_END)
    if begin < 0 or end < begin:
        return False
    block = "\n".join([BLOCK_BEGIN, *summary(record), ""])
    README.write_text(text[:begin] + block + text[end:], encoding="utf-8")
    return True


def write_record(record: dict[str, Any], folder: Path, stem: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    as_json, as_markdown = folder / f"{stem}.json", folder / f"{stem}.md"
    as_json.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    as_markdown.write_text(markdown(record), encoding="utf-8")
    return [as_json, as_markdown]


# --- main -----------------------------------------------------------------------------------


def chosen(only: str | None) -> list[Bench]:
    if not only:
        return list(BENCHES)
    names = {name.strip() for name in only.split(",")}
    unknown = names - {bench.name for bench in BENCHES}
    if unknown:
        known = ", ".join(bench.name for bench in BENCHES)
        raise SystemExit(f"--only: unknown {', '.join(sorted(unknown))} (known: {known})")
    return [bench for bench in BENCHES if bench.name in names]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: a minute, no README")
    parser.add_argument(
        "--only",
        default=None,
        help="comma-separated: " + ", ".join(bench.name for bench in BENCHES),
    )
    parser.add_argument("--urlwatch", default=None, help="urlwatch executable or virtualenv")
    parser.add_argument("--no-urlwatch", action="store_true", help="measure tracker alone")
    parser.add_argument("--results", type=Path, default=BENCH / "results", help="output folder")
    parser.add_argument("--no-readme", action="store_true", help="leave bench/README.md alone")
    args = parser.parse_args()
    benches = chosen(args.only)

    described = machine()
    command = shlex.join([show(Path(sys.executable)), *sys.argv])
    date = datetime.now().astimezone().isoformat(timespec="seconds")
    print(f"machine: {machine_line(described)}; {described['os']}; tree {described['git']}")
    print(f"command: {command}\ndate: {date}")
    urlwatch, urlwatch_note = None, "not used (check not run)"
    if any(bench.name == "check" for bench in benches):
        urlwatch, urlwatch_note = find_urlwatch(args.urlwatch, not args.no_urlwatch)
        print(f"urlwatch: {urlwatch_note}")

    started = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-all-") as folder:
        for bench in benches:
            arguments = list(bench.quick if args.quick else bench.full)
            if bench.name == "check" and urlwatch is not None:
                arguments += ["--urlwatch", os.path.relpath(urlwatch, ROOT)]
            results.append(run_bench(bench, arguments, Path(folder)))
    record = {
        "command": command,
        "date": date,
        "quick": args.quick,
        "elapsed_s": round(time.perf_counter() - started, 1),
        "machine": described,
        "urlwatch": urlwatch_note,
        "failed": any(r["failed"] for r in results),
        "benches": results,
    }

    stem = "quick" if args.quick else "latest" if not args.only else "partial"
    print("\n=== summary\n")
    print("\n".join(summary(record)))
    written = write_record(record, args.results, stem)
    print(f"\nwritten: {', '.join(show(path) for path in written)}")
    if not (args.quick or args.only or args.no_readme):
        if update_readme(record):
            print(f"updated: {show(README)} (the figures block)")
        else:
            print(f"{show(README)}: no {BLOCK_BEGIN} … {BLOCK_END} block; left alone")
    return 1 if record["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
