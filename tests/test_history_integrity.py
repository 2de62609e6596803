"""A raw archive that lost files: the snapshots folder deleted, or some of its files.

`check` used to exit 0 and recreate the folder empty; the bytes as published were gone and
nobody was told. Now every run checks that each stored version's snapshot is on disk, fetches a
document whose current snapshot is gone without validators (the same bytes put it back), and
says what is still missing — on stderr, in the report, and in its exit status.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from support.http import Site
from support.run import REVISION_003, SEED_003, SEED_004, TEXT, report_files, run, write_config


def two_documents(tmp_path: Path, site: Site) -> Path:
    """securecam at version 2 (revised in the second run) and beta at version 1."""
    site.put("/securecam.txt", SEED_003.encode(), TEXT)
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    documents = {"securecam": site.url("/securecam.txt"), "beta": site.url("/beta.txt")}
    config = write_config(tmp_path, documents)
    assert run(config, "check").exit_code == 0
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    assert run(config, "check").exit_code == 0
    return config


def test_a_deleted_snapshots_folder_is_reported_and_what_can_be_fetched_again_is_restored(
    tmp_path: Path, site: Site
) -> None:
    config = two_documents(tmp_path, site)
    stored = sorted(
        p.relative_to(tmp_path) for p in (tmp_path / "snapshots").rglob("*") if p.is_file()
    )
    shutil.rmtree(tmp_path / "snapshots")

    result = run(config, "check")
    assert result.exit_code == 3, result.output
    assert result.stderr.strip() == (
        f"tracker: warning: securecam: the raw snapshot of version 1 is missing from"
        f" {tmp_path / 'snapshots'} (deleted?): what was published cannot be shown again or"
        " re-derived (rebuild); restore the folder from a backup"
    )
    # The publisher still serves beta v1 and securecam v2: asked without validators, they came
    # back whole and their files are on disk again; securecam v1 is gone for good.
    assert [r["if-none-match"] for r in map(lower, site.requests[-2:])] == [None, None]
    back = sorted(
        p.relative_to(tmp_path) for p in (tmp_path / "snapshots").rglob("*") if p.is_file()
    )
    assert len(back) == len(stored) - 1 and set(back) < set(stored)

    report = json.loads(report_files(tmp_path, ".json")[-1].read_text("utf-8"))
    missing = {d["id"]: d["missing_snapshots"] for d in report["documents"]}
    assert missing == {"securecam": [1], "beta": []}
    markdown = report_files(tmp_path, ".md")[-1].read_text("utf-8")
    assert "## 生データの欠落" in markdown and "(`securecam`): v1" in markdown
    html = report_files(tmp_path, ".html")[-1].read_text("utf-8")
    assert "生データの欠落" in html
    # `tracker report` says the same as the run did.
    assert run(config, "report", "3").exit_code == 0
    assert report_files(tmp_path, ".md")[-1].read_text("utf-8") == markdown

    rebuilt = run(config, "rebuild")
    assert rebuilt.exit_code == 0
    assert "securecam: version 1 cannot be re-derived, kept as stored: its raw snapshot is" in (
        rebuilt.stdout
    )
    assert "restore the snapshots folder from a backup" in rebuilt.stdout
    assert rebuilt.stderr.startswith("tracker: warning: 1 version(s) could not be re-derived")


def test_restoring_the_folder_from_a_backup_ends_the_warning(tmp_path: Path, site: Site) -> None:
    config = two_documents(tmp_path, site)
    shutil.copytree(tmp_path / "snapshots", tmp_path / "backup")
    shutil.rmtree(tmp_path / "snapshots")
    assert run(config, "check").exit_code == 3
    shutil.copytree(tmp_path / "backup", tmp_path / "snapshots", dirs_exist_ok=True)
    result = run(config, "check")
    assert result.exit_code == 0 and result.stderr == ""


def lower(request: tuple[str, dict[str, str]]) -> dict[str, str | None]:
    headers = {name.lower(): value for name, value in request[1].items()}
    return {"if-none-match": headers.get("if-none-match")}
