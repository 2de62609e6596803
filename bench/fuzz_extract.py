"""A fuzzing campaign against extraction and normalisation, with a fixed time budget per target.

usage: .venv/bin/python bench/fuzz_extract.py [--minutes 10] [--targets html,pdf,text]
           [--engine auto|atheris|mutate] [--timeout 10] [--rss-mb 2048] [--json PATH]
       .venv/bin/python bench/fuzz_extract.py --minimise FILE --target html

Each target feeds bytes to `document_from_bytes` under one name (`fuzz.html`, `fuzz.pdf`,
`fuzz.txt`); every call must keep the contract of tests/test_extract_fuzz.py (`check_contract`):
a sound Document or a DocumentError with a one-line cause. Anything else is a finding: another
exception, a call longer than `--timeout` seconds, a child over `--rss-mb` MiB, a crash in native
code (PDFium, lxml).

Engines: `atheris` (coverage-guided libFuzzer over instrumented `tracker` and `bs4` code; `pip
install atheris`) when it is installed, else `mutate`: a seeded loop of the test suite's
mutations (bit flips, insertions, deletions, truncations, splices, format tokens, PDF xref and
stream edits) over the same seeds. Either way each target runs in a child process, restarted
after a finding until its budget is spent; findings are kept in
bench/.cache/fuzz/<target>/findings/ and grouped by signature (exception type and innermost
tracker frame); an input that fails is taken out of the corpus, so a restart goes on. Corpora
persist in bench/.cache/fuzz/<target>/corpus/ (or $FUZZ_CACHE/<target>/), seeded from the test
corpus and tests/fuzz_cases/ (`--no-case-seeds`: without the latter, to see what the campaign
finds on its own). The summary gives executions, coverage (atheris: libFuzzer's edge and feature
counts of the instrumented code; with the `coverage` package installed, also the line coverage
of tracker/extract and tracker/normalise by the final corpus) and findings.

`--minutes 0` fuzzes nothing: it replays the corpora kept from earlier runs for the coverage
figures. `--minimise FILE` cuts a finding down (in-process, delta debugging) to the smallest
input with the same signature and writes FILE.min: what goes into tests/fuzz_cases/.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import textwrap
import time
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
CACHE = Path(os.environ.get("FUZZ_CACHE", ROOT / "bench" / ".cache" / "fuzz"))
SOURCES = {"html": "fuzz.html", "pdf": "fuzz.pdf", "text": "fuzz.txt"}
MAX_LEN = 32_768  # bytes: the seeds are 2-15 KB; longer inputs only slow each execution
RESTARTS = 40  # child restarts per target after findings, at most
KEPT_PER_SIGNATURE = 5  # inputs saved per kind of finding (the mutate engine finds many alike)

sys.path.insert(0, str(TESTS))


# --------------------------------------------------------------------------------------------
# Findings


@dataclass
class Finding:
    signature: str  # "AssertionError at tracker/extract/html.py:84 in html_lines", "timeout" …
    path: str  # the saved input
    size: int
    detail: str  # the first line of the message


@dataclass
class TargetResult:
    target: str
    engine: str
    seconds: float
    executions: int
    children: int
    findings: list[Finding] = field(default_factory=list)
    coverage: dict[str, Any] = field(default_factory=dict)

    @property
    def signatures(self) -> Counter[str]:
        return Counter(finding.signature for finding in self.findings)


def signature_of(error: BaseException) -> str:
    """Exception type and the two innermost frames in tracker/ (the function that raised and
    its caller: `parse_number` alone says little)."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if "/tracker/" in frame.filename] or frames[-1:]
    where = " ← ".join(
        f"{_short(frame.filename)}:{frame.lineno} {frame.name}" for frame in reversed(ours[-2:])
    )
    return f"{type(error).__name__} at {where}" if where else type(error).__name__


def _short(filename: str) -> str:
    """tracker/… for the package's files, else the path relative to the checkout."""
    if "/tracker/" in filename:
        return "tracker/" + filename.split("/tracker/", 1)[1]
    return filename.removeprefix(f"{ROOT}/")


_TRACKER_FRAME = re.compile(r'File "[^"]*/(tracker/[^"]+)", line (\d+), in (\S+)')


def signature_from_log(log: str) -> tuple[str, str]:
    """(signature, detail) of a libFuzzer/atheris crash log."""
    if "ALARM: working on the last Unit" in log or "libFuzzer: timeout" in log:
        return "timeout", "a call ran past --timeout"
    if "libFuzzer: out-of-memory" in log:
        line = next((x for x in log.splitlines() if "out-of-memory" in x), "")
        return "out of memory", line.strip()
    match = re.search(r"=== Uncaught Python exception: ===\n(.*)\n", log)
    if match:
        detail = match.group(1)
        kind = detail.split(":", 1)[0]
        frames = _TRACKER_FRAME.findall(log)[-2:]
        where = " ← ".join(f"{path}:{line} {name}" for path, line, name in reversed(frames))
        return f"{kind} at {where}" if where else kind, detail[:300]
    if "deadly signal" in log:
        return "native crash (deadly signal)", "a signal in native code"
    return "child exited", log.strip().splitlines()[-1][:300] if log.strip() else ""


# --------------------------------------------------------------------------------------------
# Seeds and dictionary


def seed_inputs(target: str, with_cases: bool = True) -> list[tuple[str, bytes]]:
    """The test corpus samples of the target's format, and the regression files of its suffix."""
    from test_extract_fuzz import FUZZ_CASES, corpus

    kind = {"html": " html", "pdf": " pdf", "text": " text"}[target]
    suffix = {"html": ".html", "pdf": ".pdf", "text": ".txt"}[target]
    seeds = [(s.name.replace(" ", "_"), s.data) for s in corpus() if kind in s.name]
    if with_cases:
        seeds += [(p.name, p.read_bytes()) for p in sorted(FUZZ_CASES.glob(f"*{suffix}"))]
    return seeds


def prepare(target: str, with_cases: bool) -> Path:
    """Write the seeds and the dictionary; return the target's cache directory."""
    from test_extract_fuzz import TOKENS

    home = CACHE / target
    for sub in ("seeds", "corpus", "findings"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    for name, data in seed_inputs(target, with_cases):
        (home / "seeds" / name).write_bytes(data[:MAX_LEN])
    lines = ['"' + "".join(_dict_char(b) for b in token) + '"' for token in TOKENS]
    (home / "tokens.dict").write_text("\n".join(lines) + "\n", encoding="ascii")
    return home


def _dict_char(byte: int) -> str:
    char = chr(byte)
    return char if 0x20 <= byte < 0x7F and char not in '"\\' else f"\\x{byte:02x}"


# --------------------------------------------------------------------------------------------
# Children


def atheris_child(target: str, libfuzzer_args: list[str]) -> None:
    """Run libFuzzer over the target in this process (it exits when done or on a finding)."""
    import pkgutil

    import atheris

    # Everything imported in this block is instrumented; extract imports its html and pdf
    # modules lazily, at the first call, so every module of the two packages is imported here.
    with atheris.instrument_imports(include=["tracker", "bs4"]):
        importlib.import_module("bs4")  # coverage feedback on tree building too
        for name in ("tracker.extract", "tracker.normalise"):
            package = importlib.import_module(name)
            for module in pkgutil.iter_modules(package.__path__, name + "."):
                importlib.import_module(module.name)
        importlib.import_module("tracker.sources")
        from test_extract_fuzz import check_contract

    source = SOURCES[target]

    def one_input(data: bytes) -> None:
        check_contract(data, source=source, seconds=None)  # libFuzzer's -timeout is the watchdog

    atheris.Setup([sys.argv[0], *libfuzzer_args], one_input)
    atheris.Fuzz()


def mutate_child(target: str, home: Path, seconds: float, timeout: float, seed: int) -> None:
    """The seeded mutation loop. Prints one JSON line per finding and a final count; the input
    being tried is kept in `current` so the parent can save it if the process dies."""
    import faulthandler

    from test_extract_fuzz import (
        INTERESTING_NUMBERS,
        MUTATION_KINDS,
        PDF_FIELDS,
        Mutation,
        PdfEdit,
        check_contract,
    )

    seeds = [path.read_bytes() for path in sorted((home / "seeds").iterdir())]
    rnd = random.Random(seed)
    current = home / "current"
    source = SOURCES[target]
    deadline = time.monotonic() + seconds
    executions = 0
    seen: Counter[str] = Counter()

    def edit() -> Mutation | PdfEdit:
        if target == "pdf" and rnd.random() < 0.4:
            value = rnd.choice([rnd.choice(INTERESTING_NUMBERS), rnd.randrange(10**11)])
            return PdfEdit(rnd.choice(sorted(PDF_FIELDS)), rnd.randrange(200), value)
        kind = rnd.choice(MUTATION_KINDS)
        payload = rnd.randbytes(rnd.randint(1, 64))
        return Mutation(
            kind, rnd.randrange(2**20), rnd.randrange(4096), payload, rnd.randrange(2**20)
        )

    while time.monotonic() < deadline:
        data = rnd.choice(seeds) if rnd.random() < 0.95 else rnd.randbytes(rnd.randrange(4096))
        for _ in range(rnd.randint(1, 6)):
            data = edit().apply(data)
        data = data[:MAX_LEN]
        current.write_bytes(data)
        faulthandler.dump_traceback_later(timeout * 3, exit=True)  # a hang in native code
        try:
            check_contract(data, source=source, seconds=timeout)
        except BaseException as error:
            signature = signature_of(error)
            seen[signature] += 1
            path = home / "findings" / f"{type(error).__name__}-{rnd.getrandbits(40):010x}"
            if seen[signature] <= KEPT_PER_SIGNATURE:
                path.write_bytes(data)
            report = {"signature": signature, "path": str(path), "size": len(data)}
            print(json.dumps({**report, "detail": str(error)[:300]}))
        finally:
            faulthandler.cancel_dump_traceback_later()
        executions += 1
    current.unlink(missing_ok=True)
    print(json.dumps({"executions": executions}), flush=True)


def limit_memory(rss_mb: int) -> None:
    """Child preexec: cap the address space (the mutate engine's memory watchdog)."""
    limit = rss_mb * 2 * 1024 * 1024  # address space runs ahead of resident memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


# --------------------------------------------------------------------------------------------
# The parent: one target at a time, children restarted after findings


def run_target(target: str, engine: str, args: argparse.Namespace) -> TargetResult:
    home = prepare(target, not args.no_case_seeds)
    result = TargetResult(target, engine, 0.0, 0, 0)
    started = time.monotonic()
    deadline = started + args.minutes * 60
    while (remaining := deadline - time.monotonic()) > 5 and result.children < RESTARTS:
        result.children += 1
        if engine == "atheris":
            executions, findings, coverage = run_atheris_child(target, home, remaining, args)
            result.coverage = coverage or result.coverage
        else:
            executions, findings = run_mutate_child(target, home, remaining, args, result.children)
        result.executions += executions
        for finding in findings:
            result.findings.append(finding)
            print(f"  {target}: finding {finding.signature} ({finding.size} bytes) {finding.path}")
            if Path(finding.path).exists():
                drop_from_corpus(home, Path(finding.path).read_bytes())
    result.seconds = time.monotonic() - started
    return result


def drop_from_corpus(home: Path, data: bytes) -> None:
    """Take a failing input out of the seeds and the corpus: libFuzzer stops at a failing seed,
    and the restarted child would stop there again."""
    for folder in ("seeds", "corpus"):
        for path in (home / folder).iterdir():
            if path.read_bytes() == data:
                path.unlink()


_STATUS = re.compile(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/", re.M)


def run_atheris_child(
    target: str, home: Path, seconds: float, args: argparse.Namespace
) -> tuple[int, list[Finding], dict[str, Any]]:
    libfuzzer = [
        f"-max_total_time={int(seconds)}",
        f"-timeout={int(args.timeout)}",
        f"-rss_limit_mb={args.rss_mb}",
        f"-max_len={MAX_LEN}",
        "-len_control=0",  # mutate whole seeds from the start: a cut PDF is only a corrupt PDF
        f"-dict={home / 'tokens.dict'}",
        f"-artifact_prefix={home / 'findings'}/",
        "-print_final_stats=1",
        str(home / "corpus"),
        str(home / "seeds"),
    ]
    command = [sys.executable, __file__, "--child", "atheris", "--target", target, "--", *libfuzzer]
    log_path = home / "last.log"
    with open(log_path, "w") as log:
        child = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, check=False)
    log_text = log_path.read_text(errors="replace")
    statuses = _STATUS.findall(log_text)
    final = re.search(r"stat::number_of_executed_units: (\d+)", log_text)
    executions = int(final.group(1)) if final else int(statuses[-1][0]) if statuses else 0
    coverage: dict[str, Any] = {}
    if statuses:
        _, cov, ft, corp = statuses[-1]
        coverage = {"edges": int(cov), "features": int(ft), "corpus_files": int(corp)}
    artifact = re.search(r"Test unit written to (\S+)", log_text)
    if child.returncode == 0 or artifact is None:
        return executions, [], coverage
    signature, detail = signature_from_log(log_text)
    path = Path(artifact.group(1))
    return executions, [Finding(signature, str(path), path.stat().st_size, detail)], coverage


def run_mutate_child(
    target: str, home: Path, seconds: float, args: argparse.Namespace, child_number: int
) -> tuple[int, list[Finding]]:
    seed = args.seed * 1000 + child_number
    command = [sys.executable, __file__, "--child", "mutate", "--target", target]
    command += ["--seconds", str(seconds), "--timeout", str(args.timeout), "--seed", str(seed)]
    child = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: limit_memory(args.rss_mb),
    )
    executions = 0
    findings = []
    for line in child.stdout.splitlines():
        record = json.loads(line)
        if "executions" in record:
            executions = record["executions"]
        else:
            findings.append(
                Finding(record["signature"], record["path"], record["size"], record["detail"])
            )
    current = home / "current"
    if child.returncode != 0 and current.exists():  # died: native crash, hang or out of memory
        path = home / "findings" / f"died-{int(time.time())}"
        current.rename(path)
        detail = child.stderr.strip().splitlines()[-1] if child.stderr.strip() else ""
        signature = f"child died ({child.returncode})"
        findings.append(Finding(signature, str(path), path.stat().st_size, detail))
    return executions, findings


# --------------------------------------------------------------------------------------------
# Line coverage of the final corpus (optional: needs the `coverage` package)


REPLAY_FOR_COVERAGE = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from test_extract_fuzz import check_contract
    for folder in sys.argv[1:]:
        for path in sorted(Path(folder).iterdir()):
            try:
                check_contract(path.read_bytes(), source={source!r}, seconds=30)
            except BaseException:
                pass  # findings are counted by the campaign; here only the lines run count
    """
)


def corpus_line_coverage(target: str) -> float | None:
    """Percentage of the lines of tracker/extract and tracker/normalise run by replaying the
    target's final corpus and seeds, or None without the `coverage` package."""
    try:
        import coverage  # noqa: F401
    except ImportError:
        return None
    home = CACHE / target
    data_file = home / ".coverage"
    script = home / "replay_for_coverage.py"
    script.write_text(REPLAY_FOR_COVERAGE.format(tests=str(TESTS), source=SOURCES[target]))
    import tracker

    package = Path(tracker.__file__).parent  # the tracker the children import
    include = f"{package}/extract/*,{package}/normalise/*"
    coverage_command = [sys.executable, "-m", "coverage"]
    run = [*coverage_command, "run", f"--data-file={data_file}", f"--include={include}"]
    run += [str(script), str(home / "corpus"), str(home / "seeds")]
    report = [*coverage_command, "report", f"--data-file={data_file}", "--format=total"]
    subprocess.run(run, check=False, capture_output=True)
    total = subprocess.run([*report, "--precision=1"], check=False, capture_output=True, text=True)
    return float(total.stdout) if total.returncode == 0 else None


def combined_line_coverage(targets: list[str]) -> str | None:
    """The per-file line coverage of tracker/extract and tracker/normalise by all the targets'
    corpora together (a report table), or None without coverage data."""
    files = [str(CACHE / t / ".coverage") for t in targets if (CACHE / t / ".coverage").exists()]
    if not files:
        return None
    combined = CACHE / ".coverage"
    command = [sys.executable, "-m", "coverage"]
    combine = [*command, "combine", "--keep", f"--data-file={combined}", *files]
    subprocess.run(combine, check=False, capture_output=True)
    report = [*command, "report", f"--data-file={combined}", "--precision=1"]
    table = subprocess.run(report, check=False, capture_output=True, text=True)
    if table.returncode != 0:
        return None
    return table.stdout.replace(f"{Path(files[0]).parents[3]}/", "").rstrip()


# --------------------------------------------------------------------------------------------
# Minimising a finding


def minimise(path: Path, target: str, timeout: float) -> Path:
    """Delta debugging: drop ever smaller chunks while the signature stays the same."""
    from test_extract_fuzz import check_contract

    source = SOURCES[target]

    def signature(data: bytes) -> str | None:
        try:
            check_contract(data, source=source, seconds=timeout)
        except BaseException as error:
            return signature_of(error)
        return None

    data = path.read_bytes()
    wanted = signature(data)
    if wanted is None:
        raise SystemExit(f"{path}: keeps the contract now; nothing to minimise")
    chunk = max(1, len(data) // 2)
    while chunk >= 1:
        start, shrunk = 0, False
        while start < len(data):
            candidate = data[:start] + data[start + chunk :]
            if candidate and signature(candidate) == wanted:
                data, shrunk = candidate, True
            else:
                start += chunk
        if not shrunk:
            chunk //= 2
    out = path.with_name(path.name + ".min")
    out.write_bytes(data)
    print(f"{wanted}: {path.stat().st_size} → {len(data)} bytes, {out}")
    return out


# --------------------------------------------------------------------------------------------
# Main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="budget per target")
    parser.add_argument("--targets", default="html,pdf,text")
    parser.add_argument("--engine", choices=("auto", "atheris", "mutate"), default="auto")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per call")
    parser.add_argument("--rss-mb", type=int, default=2048, help="memory per child")
    parser.add_argument("--seed", type=int, default=1, help="mutate engine's random seed")
    parser.add_argument("--json", type=Path, help="write the summary here")
    parser.add_argument(
        "--no-case-seeds", action="store_true", help="do not seed with tests/fuzz_cases/"
    )
    parser.add_argument("--minimise", type=Path, help="minimise this finding and stop")
    parser.add_argument("--target", choices=sorted(SOURCES), help="with --minimise / --child")
    parser.add_argument("--child", choices=("atheris", "mutate"), help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    parser.add_argument("libfuzzer", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "atheris":
        atheris_child(args.target, args.libfuzzer)
        return 0
    if args.child == "mutate":
        mutate_child(args.target, CACHE / args.target, args.seconds, args.timeout, args.seed)
        return 0
    if args.minimise:
        minimise(args.minimise, args.target or "html", args.timeout)
        return 0

    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris"
        except ImportError:
            engine = "mutate"
    results = []
    for target in args.targets.split(","):
        print(f"{target}: {engine}, {args.minutes:g} min …", flush=True)
        result = run_target(target, engine, args)
        result.coverage["line_coverage_percent"] = corpus_line_coverage(target)
        results.append(result)
        print(summary_line(result), flush=True)
    print_summary(results, engine, args)
    table = combined_line_coverage([r.target for r in results])
    if table:
        print("\nline coverage by the corpora of all targets together:\n" + table)
    if args.json:
        records = [{**asdict(r), "signatures": dict(r.signatures)} for r in results]
        args.json.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    return 1 if any(r.findings for r in results) else 0


def summary_line(result: TargetResult) -> str:
    rate = result.executions / result.seconds if result.seconds else 0.0
    coverage = ", ".join(f"{k} {v}" for k, v in result.coverage.items() if v is not None)
    return (
        f"{result.target}: {result.executions:,} executions in {result.seconds:.0f} s "
        f"({rate:,.0f}/s), {result.children} child(ren), {len(result.findings)} finding(s)"
        + (f"; {coverage}" if coverage else "")
    )


def print_summary(results: list[TargetResult], engine: str, args: argparse.Namespace) -> None:
    print(f"\nengine {engine}, {args.minutes:g} min per target, timeout {args.timeout:g} s, "
          f"memory {args.rss_mb} MiB")  # fmt: skip
    for result in results:
        print(summary_line(result))
        for signature, count in result.signatures.most_common():
            example = next(f for f in result.findings if f.signature == signature)
            print(f"    {count} × {signature}: {example.detail} ({example.path})")
    total = sum(len(r.findings) for r in results)
    print(f"findings: {total}")


if __name__ == "__main__":
    sys.exit(main())
