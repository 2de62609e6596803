"""`tracker check` on a disk that fills up, at every stage of a run: a real tmpfs of its own,
filled to a chosen number of free bytes (support/disk.py).

Each level must end in one of two ways: the run completes (exit 0), or it stops with one line on
stderr naming the file it could not write and why, and exit status 4 — never a traceback. Either
way nothing is lost: SQLite's checks pass, every referenced snapshot is whole, every visible
report is complete, and once there is space again the next run completes the work: the history
is exactly that of a run that never met a full disk.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support.crash import history, report_problems, run_reports, store_problems
from support.disk import mounts_required, run_on_full_disk, small_disk_unavailable
from support.http import running_site
from support.run import REVISION_003, SEED_003, SEED_004, TEXT, run, write_config

EXIT_WRITE_FAILED = 4  # tracker.exitcodes: the disk refused a write

# Free bytes left on the disk when run 2 starts: from none (the database cannot even be
# opened) through the snapshot, database and report writes, to enough for the whole run.
LEVELS = [0, 32, 48, 128, 192, 256, 280, 296, 304, 320, 344, 1024]
REVISION_004 = SEED_004.replace("東京地方裁判所", "大阪地方裁判所")
ONE_LINE = re.compile(
    r"tracker: error: cannot write (?P<path>\S+): (?P<reason>[^;]+); nothing was lost"
    r" \(the store is as the last completed step left it\): free some space, or fix the cause,"
    r" and run again\n"
)


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, list[str]]]:
    """A workspace after run 1 (both agreements at version 1, its site serving run 2's
    revisions from then on), and the history an uninterrupted run 2 leaves."""
    unavailable = small_disk_unavailable()
    if unavailable:
        if mounts_required():
            pytest.fail(f"TRACKER_REQUIRE_MOUNTS=1 but {unavailable}")
        pytest.skip(unavailable)
    with running_site() as site:
        first = tmp_path_factory.mktemp("first-run")
        site.put("/securecam.txt", SEED_003.encode(), TEXT)
        site.put("/beta.txt", SEED_004.encode(), TEXT)
        documents = {"securecam": site.url("/securecam.txt"), "beta": site.url("/beta.txt")}
        config = write_config(first, documents)
        assert run(config, "check").exit_code == 0
        site.put("/securecam.txt", REVISION_003.encode(), TEXT)
        site.put("/beta.txt", REVISION_004.encode(), TEXT)
        reference = tmp_path_factory.mktemp("uninterrupted")
        shutil.copytree(first, reference, dirs_exist_ok=True)
        assert run(reference / "tracker.toml", "check").exit_code == 0
        yield first, reference, history(reference)


@pytest.mark.parametrize("kib", LEVELS, ids=[f"{kib}KiB-free" for kib in LEVELS])
def test_a_full_disk_stops_the_run_in_one_line_and_loses_nothing(
    tmp_path: Path, setting: tuple[Path, Path, dict[str, list[str]]], kib: int
) -> None:
    first, _reference, expected = setting
    config = tmp_path / "disk" / "tracker.toml"  # where run_on_full_disk mounts the disk
    full = run_on_full_disk(first, kib * 1024, ["--config", str(config), "check"], tmp_path)

    assert "Traceback" not in full.stderr
    if full.returncode != 0:
        assert full.returncode == EXIT_WRITE_FAILED, full.stderr
        said = ONE_LINE.fullmatch(full.stderr)
        assert said is not None, full.stderr
        assert said["path"].startswith(str(tmp_path / "disk"))  # the file, on the full disk
        assert any(
            words in said["reason"]
            for words in (
                "no space left on device",
                "the database or the disk is full",
                "disk I/O error",
            )
        ), said["reason"]
    assert store_problems(full.left) == []
    assert report_problems(full.left / "reports") == []

    # Space again (the same files, on a disk with room): the next run completes the work.
    again = run(full.left / "tracker.toml", "check")
    assert again.exit_code == 0, again.output
    assert history(full.left) == expected
    assert store_problems(full.left) == [] and report_problems(full.left / "reports") == []
    reports = run_reports(full.left / "reports")
    changed = {
        document["id"]
        for report in reports.values()
        for document in report["documents"]
        if document["outcome"] == "changed"
    }
    assert changed == {"securecam", "beta"}  # each change is in a report, once run 2 or 3
