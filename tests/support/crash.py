"""Killing `tracker check` at chosen or random points, and checking what it left behind.

Three parts, used by `test_check_crash_harness.py` and `test_check_concurrency.py`:

- **Probes, in the child.** A run of the real CLI in a child process whose I/O functions are
  wrapped: `BodyReader.feed` (each chunk of a download), `write_atomic` and the `os`/`tempfile`
  calls inside it (snapshots and reports), `write_transaction` and SQLite's statement trace
  (every BEGIN, write and COMMIT). Each wrapper appends one line to a marker log and, on the
  chosen call, `SIGKILL`s its own process. With no kill point the log counts the calls of an
  uninterrupted run (what the kill points are drawn from), and after a kill from outside it
  says which phases were open when the signal landed.
- **A zygote.** An interpreter that has imported tracker once and forks a child per run, so a
  kill costs the run's own work and not 0.3 s of imports. It also delivers wall-clock kills:
  `SIGKILL` to its child after a given delay.
- **Checks, in the parent.** What must hold after any kill: SQLite's own integrity checks, every
  referenced snapshot on disk with the bytes its name promises, every visible report file
  complete; and what the history of a completed run looks like, to compare with an
  uninterrupted one.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import re
import select
import signal
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

TESTS = Path(__file__).resolve().parent.parent
SNAPSHOT_NAME = re.compile(r"[0-9a-f]{64}")
WRITE_STEPS = ("before", "created", "half-written", "written", "synced", "replaced", "done")
"""Where a kill lands inside one atomic file write: on entry, after the temporary file is
created, half-way through writing it, before its fsync, after it, after the rename, on return."""
DATABASE_POINTS = ("inside", "before-commit", "after-commit")
SQL_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")
PHASES = ("fetch", "snapshot", "database", "report")


# --- in the child ---------------------------------------------------------------------------


class Probe:
    """Counts the instrumented calls of one run, logs them, and kills the run at `kill`.

    `kill` is a JSON object: {"event": "feed", "nth": 3}; {"event": "write:report", "nth": 2,
    "step": "synced"}; {"event": "sql", "txn": 5, "nth": 2} (the 2nd write of the 5th
    transaction); {"event": "commit" | "committed", "nth": 4}; or {"event": "hold",
    "release": PATH}: keep the first transaction that adds a version open, before its COMMIT,
    until PATH exists."""

    def __init__(self, log: str | None, kill: dict[str, Any] | None, areas: dict[str, str]):
        self.fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644) if log else None
        self.kill = kill or {}
        self.areas = areas  # "snapshot" / "report" → the folder it writes in
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.transaction = 0
        self.writes_in_transaction = 0
        self.step: str | None = None  # the step the current atomic write dies at, if targeted
        self.fsyncs = 0

    def mark(self, line: str) -> None:
        if self.fd is not None:
            os.write(self.fd, (line + "\n").encode())

    def count(self, event: str) -> int:
        with self.lock:
            self.counts[event] += 1
            self.mark(event)
            return self.counts[event]

    def targets(self, event: str, nth: int) -> bool:
        return self.kill.get("event") == event and self.kill.get("nth") == nth

    def die(self, where: str) -> None:
        self.mark(f"kill {where}")
        os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(60)  # never reached: SIGKILL cannot be caught

    def area_of(self, path: Path) -> str:
        resolved = str(Path(path).resolve())
        for area, folder in self.areas.items():
            if resolved.startswith(folder.rstrip("/") + "/"):
                return area
        return "file"

    def trace(self, statement: str) -> None:
        """SQLite's statement trace: called as each statement starts, before it runs."""
        words = statement.lstrip().split(None, 1)
        head = words[0].upper() if words else ""
        if head == "BEGIN":
            self.transaction = self.count("begin")
            self.writes_in_transaction = 0
        elif head == "COMMIT":
            if self.targets("commit", self.count("commit")):
                self.die("before COMMIT")
        elif head in SQL_WRITES:
            self.writes_in_transaction += 1
            self.mark(f"sql {self.transaction} {self.writes_in_transaction}")
            if (
                self.kill.get("event") == "sql"
                and self.kill.get("txn") == self.transaction
                and self.kill.get("nth") == self.writes_in_transaction
            ):
                self.die(f"write {self.writes_in_transaction} of transaction {self.transaction}")


class _HalfWriter:
    """The temporary file of a targeted write: writes half of the data, then dies."""

    def __init__(self, handle: IO[bytes], probe: Probe) -> None:
        self.handle = handle
        self.probe = probe

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        self.probe.die("half-written")
        return 0

    def flush(self) -> None:
        self.handle.flush()

    def fileno(self) -> int:
        return self.handle.fileno()


def _rebind(original: object, replacement: object) -> None:
    """Point every tracker module's name for `original` at `replacement`: modules bind
    `from tracker.files import write_atomic` at import time."""
    for name, module in list(sys.modules.items()):
        if not (name == "tracker" or name.startswith("tracker.")):
            continue
        for attribute, value in list(vars(module).items()):
            if value is original:
                setattr(module, attribute, replacement)


def install(probe: Probe) -> None:
    """Wrap the run's I/O with `probe` (every tracker module must be imported already)."""
    import tempfile

    import tracker.fetch.body
    import tracker.fetch.client
    import tracker.files
    import tracker.store.migrations

    fetch_once = tracker.fetch.client.fetch_once

    def probed_fetch_once(*args: Any, **kwargs: Any) -> Any:
        probe.mark("+fetch")
        try:
            return fetch_once(*args, **kwargs)
        finally:
            probe.mark("-fetch")

    tracker.fetch.client.fetch_once = probed_fetch_once

    feed = tracker.fetch.body.BodyReader.feed

    def probed_feed(reader: Any, chunk: bytes) -> None:
        if probe.targets("feed", probe.count("feed")):
            probe.die("mid-download")
        feed(reader, chunk)

    tracker.fetch.body.BodyReader.feed = probed_feed  # type: ignore[method-assign,assignment]

    write_atomic = tracker.files.write_atomic

    def probed_write_atomic(path: Path, data: bytes) -> None:
        area = probe.area_of(path)
        nth = probe.count(f"write:{area}")
        step = probe.kill.get("step") if probe.targets(f"write:{area}", nth) else None
        probe.mark(f"+{area}")
        if step == "before":
            probe.die(f"{area} write: before")
        probe.step, probe.fsyncs = step, 0
        write_atomic(path, data)
        probe.step = None
        probe.mark(f"-{area}")
        if step == "done":
            probe.die(f"{area} write: done")

    _rebind(write_atomic, probed_write_atomic)
    _install_file_steps(probe, tempfile)

    write_transaction = tracker.store.migrations.write_transaction

    @contextmanager
    def probed_write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
        probe.mark("+database")
        hold = probe.kill.get("event") == "hold" and not probe.counts["held"]
        try:
            with write_transaction(conn):
                versions = _count_versions(conn) if hold else 0
                yield
                if hold and _count_versions(conn) > versions:
                    _hold(probe, Path(probe.kill["release"]))
        finally:
            probe.mark("-database")
        if probe.targets("committed", probe.count("committed")):
            probe.die("after COMMIT")

    _rebind(write_transaction, probed_write_transaction)

    connect = sqlite3.connect

    def probed_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn: sqlite3.Connection = connect(*args, **kwargs)
        conn.set_trace_callback(probe.trace)
        return conn

    sqlite3.connect = probed_connect  # type: ignore[assignment]


def _install_file_steps(probe: Probe, tempfile: Any) -> None:
    """The steps inside `write_atomic`, found through the `os`/`tempfile` calls it makes; they
    act only while the write chosen to be killed is under way."""
    mkstemp, fdopen, fsync, replace = tempfile.mkstemp, os.fdopen, os.fsync, os.replace

    def probed_mkstemp(*args: Any, **kwargs: Any) -> Any:
        made = mkstemp(*args, **kwargs)
        if probe.step == "created":
            probe.die("created")
        return made

    def probed_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = fdopen(fd, *args, **kwargs)
        return _HalfWriter(handle, probe) if probe.step == "half-written" else handle

    def probed_fsync(fd: int) -> None:
        first = probe.step is not None and probe.fsyncs == 0
        if probe.step is not None:
            probe.fsyncs += 1
        if first and probe.step == "written":
            probe.die("written, not synced")
        fsync(fd)
        if first and probe.step == "synced":
            probe.die("synced, not renamed")

    def probed_replace(source: Any, target: Any) -> None:
        replace(source, target)
        if probe.step == "replaced":
            probe.die("renamed, folder not synced")

    tempfile.mkstemp = probed_mkstemp
    os.fdopen = probed_fdopen
    os.fsync = probed_fsync  # type: ignore[assignment]
    os.replace = probed_replace  # type: ignore[assignment]


def _count_versions(conn: sqlite3.Connection) -> int:
    try:
        return int(conn.execute("SELECT count(*) FROM versions").fetchone()[0])
    except sqlite3.OperationalError:  # migrations not applied yet
        return 0


def _hold(probe: Probe, release: Path) -> None:
    probe.count("held")
    deadline = time.monotonic() + 60
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def preload() -> None:
    """Import every tracker module and the heavy libraries its commands load lazily."""
    import importlib
    import pkgutil

    import tracker

    for module in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if module.name.endswith("__main__"):
            continue
        # A module that does not import (half-way through an edit) is the CLI's to report.
        with suppress(Exception):
            importlib.import_module(module.name)
    for library in ("httpx", "pypdfium2", "lxml.html", "bs4", "jinja2"):
        with suppress(ImportError):
            importlib.import_module(library)
    # Compiled report templates are cached per process: compile them once here, not in every
    # child (0.2 s a run). Nothing else a run does is warmed up.
    with suppress(Exception):
        environment = importlib.import_module("tracker.report.html_templates").environment()
        for name in environment.list_templates():
            environment.get_template(name)


def child_run(request: dict[str, Any]) -> int:
    """In the forked child: redirect output, install the probes, run the CLI; the exit code."""
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, name in ((1, "stdout"), (2, "stderr")):
        target = os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(target, fd)
        os.close(target)
    if request.get("log") or request.get("kill"):
        areas = {area: str(Path(folder).resolve()) for area, folder in request["areas"].items()}
        install(Probe(request.get("log"), request.get("kill"), areas))
    from tracker.cli import cli

    try:
        cli.main(args=request["args"], prog_name="tracker")
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 99
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def _wait(pid: int, kill_after: float | None) -> tuple[int, bool]:
    """Wait for `pid`, SIGKILLing it after `kill_after` seconds; its wait status."""
    sent = False
    if kill_after is not None:
        pidfd = os.pidfd_open(pid)
        try:
            ready, _, _ = select.select([pidfd], [], [], kill_after)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                sent = True
        finally:
            os.close(pidfd)
    _, status = os.waitpid(pid, 0)
    return status, sent


def zygote_main() -> None:
    """Serve run requests (JSON lines on stdin), one forked child each; answer on stdout."""
    preload()
    for line in sys.stdin:
        request = json.loads(line)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            code = 99
            try:
                code = child_run(request)
            finally:
                os._exit(code)
        status, sent = _wait(pid, request.get("kill_after"))
        answer = {
            "seconds": time.monotonic() - started,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "sent": sent,
        }
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


BOOT = (
    f"import sys; sys.path.insert(0, {str(TESTS)!r}); "
    "from support.crash import zygote_main; zygote_main()"
)


def spawn(workspace: Path, args: list[str], *, kill: dict[str, Any], log: Path) -> Any:
    """Start one probed `tracker` run as its own process (not through a zygote): for tests
    that act while it runs. Its output goes to `log` + ".out" / ".err"."""
    request = {
        "args": ["--config", str(workspace / "tracker.toml"), *args],
        "stdout": f"{log}.out",
        "stderr": f"{log}.err",
        "log": str(log),
        "kill": kill,
        "areas": {"snapshot": str(workspace / "snapshots"), "report": str(workspace / "reports")},
    }
    script = (
        f"import sys, json; sys.path.insert(0, {str(TESTS)!r}); from support import crash as c; "
        "c.preload(); sys.exit(c.child_run(json.loads(sys.argv[1])))"
    )
    return subprocess.Popen([sys.executable, "-c", script, json.dumps(request)])


@dataclass(frozen=True)
class RunResult:
    seconds: float
    signal: int | None
    code: int | None
    stdout: str
    stderr: str
    log: list[str]

    @property
    def killed(self) -> bool:
        return self.signal == signal.SIGKILL


class Zygote:
    """A preloaded interpreter that runs `tracker` commands in forked children, one at a time."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", BOOT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(
        self,
        workspace: Path,
        args: list[str],
        *,
        kill: dict[str, Any] | None = None,
        kill_after: float | None = None,
        probe: bool = True,
        name: str = "run",
    ) -> RunResult:
        """Run `tracker --config workspace/tracker.toml ARGS`, probed (and killed as asked)."""
        log = workspace.parent / f"{workspace.name}.{name}.log"
        out = workspace.parent / f"{workspace.name}.{name}.out"
        err = workspace.parent / f"{workspace.name}.{name}.err"
        log.unlink(missing_ok=True)
        request = {
            "args": ["--config", str(workspace / "tracker.toml"), *args],
            "stdout": str(out),
            "stderr": str(err),
            "log": str(log) if probe else None,
            "kill": kill,
            "kill_after": kill_after,
            "areas": {
                "snapshot": str(workspace / "snapshots"),
                "report": str(workspace / "reports"),
            },
        }
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the zygote died (exit {self.process.poll()})")
        answer = json.loads(line)
        # A run killed right after the fork may not have opened its output files yet.
        texts = [
            p.read_text(encoding="utf-8", errors="replace") if p.exists() else ""
            for p in (out, err)
        ]
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        for path in (log, out, err):
            path.unlink(missing_ok=True)
        return RunResult(
            answer["seconds"], answer["signal"], answer["code"], texts[0], texts[1], lines
        )

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- reading the marker log -----------------------------------------------------------------


@dataclass(frozen=True)
class Calls:
    """How often an uninterrupted run made each probed call: the range kill points come from."""

    feeds: int
    writes: dict[str, int]
    transactions: dict[int, int]  # transaction number → its write statements (when any)
    commits: int
    committed: int
    seconds: float

    @classmethod
    def of(cls, run: RunResult) -> Calls:
        counts = Counter(line for line in run.log if not line.startswith("sql "))
        transactions: dict[int, int] = {}
        for line in run.log:
            if line.startswith("sql "):
                _, number, nth = line.split()
                transactions[int(number)] = int(nth)
        writes = {
            line.split(":", 1)[1]: n for line, n in counts.items() if line.startswith("write:")
        }
        return cls(
            feeds=counts["feed"],
            writes=writes,
            transactions=transactions,
            commits=counts["commit"],
            committed=counts["committed"],
            seconds=run.seconds,
        )


def open_phases(log: list[str]) -> tuple[str, ...]:
    """The phases a run was in when it was killed: opened in the log and never closed."""
    depth: Counter[str] = Counter()
    for line in log:
        if line[:1] in "+-" and line[1:] in PHASES:
            depth[line[1:]] += 1 if line[0] == "+" else -1
    return tuple(phase for phase in PHASES if depth[phase] > 0)


# --- checks in the parent -------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(conn: sqlite3.Connection, kind: str) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,)).fetchall()
    return {str(row[0]) for row in rows}


def store_problems(workspace: Path) -> list[str]:
    """What is wrong with the database and the snapshots after a kill (empty: nothing)."""
    database = workspace / "tracker.db"
    problems: list[str] = []
    if database.exists():
        conn = sqlite3.connect(database)
        try:
            problems += _database_problems(conn, workspace / "snapshots")
        finally:
            conn.close()
    problems += snapshot_file_problems(workspace / "snapshots")
    return problems


def _database_problems(conn: sqlite3.Connection, snapshots: Path) -> list[str]:
    problems = []
    integrity = conn.execute("PRAGMA integrity_check").fetchall()
    if integrity != [("ok",)]:
        problems.append(f"integrity_check: {integrity}")
    foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    if foreign:
        problems.append(f"foreign_key_check: {foreign}")
    tables = _tables(conn, "table")
    applied: set[int] = set()
    if "schema_migrations" in tables:
        applied = {int(r[0]) for r in conn.execute("SELECT version FROM schema_migrations")}
    for table in ("documents", "versions", "snapshots", "fetches", "runs"):
        if (table in tables) != (1 in applied):
            problems.append(f"half a migration: table {table} present={table in tables}")
    if "versions" not in tables:
        return problems
    referenced = conn.execute(
        "SELECT 'version ' || id, sha256 FROM versions"
        " UNION ALL SELECT 'snapshot row', sha256 FROM snapshots"
        " UNION ALL SELECT 'fetch ' || id, sha256 FROM fetches WHERE sha256 IS NOT NULL"
    ).fetchall()
    for what, sha256 in referenced:
        path = snapshots / sha256[:2] / sha256
        if not path.is_file():
            problems.append(f"{what}: snapshot {sha256[:12]} missing")
        elif sha256_file(path) != sha256:
            problems.append(f"{what}: snapshot {sha256[:12]} does not match its name")
    orphans = conn.execute(
        "SELECT id FROM versions WHERE sha256 NOT IN (SELECT sha256 FROM snapshots)"
    ).fetchall()
    if orphans:
        problems.append(f"versions without a snapshots row: {orphans}")
    return problems


def snapshot_file_problems(snapshots: Path) -> list[str]:
    """Every visible file under snapshots/ is a finished snapshot whose bytes hash to its name."""
    problems: list[str] = []
    if not snapshots.exists():
        return problems
    for path in sorted(p for p in snapshots.rglob("*") if p.is_file()):
        if path.name.startswith("."):
            if not path.name.endswith(".tmp"):
                problems.append(f"{path.name}: hidden file that is not a temporary file")
        elif not SNAPSHOT_NAME.fullmatch(path.name):
            problems.append(f"{path.name}: not a snapshot name")
        elif sha256_file(path) != path.name:
            problems.append(f"{path.name}: bytes do not match the name")
    return problems


def temporary_files(workspace: Path) -> list[Path]:
    return [p for p in workspace.rglob(".*.tmp") if p.is_file()]


def report_problems(reports: Path) -> list[str]:
    """Every report a reader can see is whole: JSON loads, Markdown ends its last line, HTML
    ends with </html>, Atom parses as XML; a run's Markdown and HTML name every document its
    JSON lists. Hidden temporary files are allowed (no reader sees them)."""
    problems: list[str] = []
    if not reports.exists():
        return problems
    for path in sorted(reports.iterdir()):
        if path.is_dir():
            continue
        if path.name.startswith("."):
            if not path.name.endswith(".tmp"):
                problems.append(f"{path.name}: hidden file that is not a temporary file")
            continue
        problem = _report_file_problem(path)
        if problem:
            problems.append(f"{path.name}: {problem}")
    return problems


def _report_file_problem(path: Path) -> str | None:
    data = path.read_bytes()
    if not data:
        return "empty"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"not UTF-8 ({error})"
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            json.loads(text)
        except ValueError as error:
            return f"JSON does not load ({error})"
    elif suffix in (".atom", ".xml"):
        try:
            ElementTree.fromstring(data)
        except ElementTree.ParseError as error:
            return f"XML does not parse ({error})"
    elif suffix in (".html", ".htm") and not text.rstrip().lower().endswith("</html>"):
        return "HTML does not end with </html>"
    elif suffix == ".md" and not text.endswith("\n"):
        return "Markdown cut mid-line"
    if suffix in (".md", ".html"):
        missing = [i for i in _run_document_ids(path.with_suffix(".json")) if i not in text]
        if missing:
            return f"does not name {missing}, which its JSON lists"
    return None


def _run_document_ids(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, list):
        return []
    return [str(d["id"]) for d in documents if isinstance(d, dict) and "id" in d]


def history(workspace: Path) -> dict[str, list[str]]:
    """Each document's versions, oldest first, as the sha256 of the snapshot each came from."""
    conn = sqlite3.connect(workspace / "tracker.db")
    try:
        rows = conn.execute(
            "SELECT document, sha256 FROM versions ORDER BY document, julianday(first_seen), id"
        ).fetchall()
    finally:
        conn.close()
    found: dict[str, list[str]] = {}
    for document, sha256 in rows:
        found.setdefault(str(document), []).append(str(sha256))
    return found


def scalar(workspace: Path, sql: str) -> Any:
    conn = sqlite3.connect(workspace / "tracker.db")
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def run_reports(reports: Path) -> dict[int, dict[str, Any]]:
    """The JSON run reports in `reports/`, by run number (from the file name)."""
    found = {}
    for path in reports.glob("*-run*.json"):
        number = re.search(r"-run(\d+)$", path.stem)
        if number:
            found[int(number.group(1))] = json.loads(path.read_text(encoding="utf-8"))
    return found


def reported_outcomes(reports: Path) -> dict[str, set[str]]:
    """Document id → every outcome any run report gave it."""
    outcomes: dict[str, set[str]] = {}
    for report in run_reports(reports).values():
        for document in report.get("documents", []):
            outcomes.setdefault(str(document["id"]), set()).add(str(document.get("outcome")))
    return outcomes


@dataclass
class Tally:
    """Counts for the summary a campaign prints."""

    by_point: Counter[str] = field(default_factory=Counter)
    by_area: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, area: str, point: str) -> None:
        with self.lock:
            self.by_area[area] += 1
            self.by_point[f"{area}: {point}"] += 1

    def note(self, what: str, n: int = 1) -> None:
        with self.lock:
            self.notes[what] += n


# --- a site whose bodies arrive in pieces ---------------------------------------------------


class _Trickle:
    """A response stream that sends large writes in pieces, so a download is under way for a
    while and a kill can land half-way through a body."""

    def __init__(self, raw: Any, piece: int, pause: float) -> None:
        self.raw = raw
        self.piece = piece
        self.pause = pause

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        for start in range(0, len(view), self.piece):
            self.raw.write(view[start : start + self.piece])
            if len(view) > self.piece:
                time.sleep(self.pause)
        return len(data)

    def flush(self) -> None:
        self.raw.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


class _QuietServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """A loopback server whose clients are killed mid-answer: a broken pipe is expected."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def trickling_site(piece: int = 8192, pause: float = 0.002) -> Iterator[Any]:
    """`support.http.Site` (pages, faults, delays, requests), its bodies sent `piece` bytes at a
    time, `pause` seconds apart."""
    from support.http import Site, _handler

    site = Site()

    class Trickling(_handler(site)):  # type: ignore[misc]
        def setup(self) -> None:
            super().setup()
            self.wfile: Any = _Trickle(self.wfile, piece, pause)

    server = _QuietServer(("127.0.0.1", 0), Trickling)
    server.daemon_threads = True
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


LINK = re.compile(r"""href=["']([^"'#?]+)""")


def dangling_links(reports: Path) -> list[str]:
    """Links from the report files (index, feed, run reports) to report files that do not exist."""
    problems: list[str] = []
    if not reports.exists():
        return problems
    for path in sorted(reports.glob("*")):
        if path.name.startswith(".") or path.suffix not in (".html", ".atom", ".md"):
            continue
        for target in LINK.findall(path.read_text(encoding="utf-8", errors="replace")):
            if "://" in target or target.startswith(("mailto:", "/", "data:")):
                continue
            if not (reports / target).exists():
                problems.append(f"{path.name} links to {target}, which does not exist")
    return problems
