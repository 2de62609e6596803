"""`tracker check` end to end: a real site on loopback, the real fetcher, a real SQLite store.

What cron and compliance staff rely on: a new version only when the agreement changed, every
raw snapshot kept, failures reported with exit 3 while the other documents are processed, one
run at a time, and a store that survives a run killed at any point.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from support.http import Site
from support.render import to_pdf
from support.run import REVISION_003, SEED_003, SEED_004, TEXT, run_report

from tracker.check.lock import exclusive_lock
from tracker.cli import cli
from tracker.report.history_page import history_page_name


def write_config(tmp_path: Path, site: Site, paths: dict[str, str], **settings: object) -> Path:
    lines = ["[tracker]", "host_delay = 0", "retries = 0", "timeout = 2"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    for document_id, path in paths.items():
        lines += ["[[documents]]", f'id = "{document_id}"', f'url = "{site.url(path)}"']
    config = tmp_path / "tracker.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def run(config: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--config", str(config), *args], catch_exceptions=False)


def versions(config: Path, document_id: str) -> list[dict[str, object]]:
    result = run(config, "log", document_id, "--format", "json")
    assert result.exit_code == 0, result.output
    listed: list[dict[str, object]] = json.loads(result.stdout)["versions"]
    return listed


def latest_report(tmp_path: Path) -> dict[str, Any]:
    """The latest run's report (rendered: a run where nothing happened writes no files)."""
    return run_report(tmp_path / "tracker.toml")


@pytest.fixture
def two_documents(tmp_path: Path, site: Site) -> Path:
    site.put("/securecam.txt", SEED_003.encode(), TEXT)
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    return write_config(tmp_path, site, {"securecam": "/securecam.txt", "beta": "/beta.txt"})


def test_first_fetch_makes_version_1_and_writes_the_reports_index_and_feed(
    tmp_path: Path, two_documents: Path
) -> None:
    result = run(two_documents, "check")
    assert result.exit_code == 0, result.output
    assert [v["number"] for v in versions(two_documents, "securecam")] == [1]
    assert versions(two_documents, "securecam")[0]["sections"] == 59
    report = latest_report(tmp_path)
    assert [d["outcome"] for d in report["documents"]] == ["first", "first"]  # type: ignore[index]
    names = sorted(p.name for p in (tmp_path / "reports").iterdir())
    stem = names[0].rsplit(".", 1)[0]
    assert stem.endswith("-run1")
    pages = [history_page_name("securecam"), history_page_name("beta")]
    assert names == sorted(
        ["feed.atom", "index.html", f"{stem}.html", f"{stem}.json", f"{stem}.md", *pages]
    )


def test_an_unchanged_document_makes_no_version_whether_304_or_same_bytes(
    tmp_path: Path, site: Site, two_documents: Path
) -> None:
    assert run(two_documents, "check").exit_code == 0
    result = run(two_documents, "check")
    assert result.exit_code == 0
    assert result.stdout == ""  # silent for cron when nothing happened
    sent = [headers for path, headers in site.requests if path == "/securecam.txt"]
    assert sent[-1].get("If-None-Match")  # the second fetch was conditional
    site.put("/securecam.txt", SEED_003.encode(), TEXT)  # same bytes, new Last-Modified
    site.pages["/securecam.txt"].etag = '"changed-etag"'
    assert run(two_documents, "check").exit_code == 0
    found = versions(two_documents, "securecam")
    assert [v["number"] for v in found] == [1]
    assert found[0]["last_seen"] != found[0]["first_seen"]


def test_a_relaid_out_pdf_is_not_a_new_version(tmp_path: Path, site: Site) -> None:
    site.put("/terms.pdf", to_pdf(SEED_004, chars_per_line=30), "application/pdf")
    config = write_config(tmp_path, site, {"beta": "/terms.pdf"})
    assert run(config, "check").exit_code == 0
    site.put(
        "/terms.pdf", to_pdf(SEED_004, chars_per_line=47, header="新ヘッダー"), "application/pdf"
    )
    assert run(config, "check").exit_code == 0
    assert [v["number"] for v in versions(config, "beta")] == [1]


def test_a_changed_agreement_becomes_version_2_with_its_changes(
    tmp_path: Path, site: Site, two_documents: Path
) -> None:
    assert run(two_documents, "check").exit_code == 0
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    result = run(two_documents, "check")
    assert result.exit_code == 0
    assert "securecam" in result.stdout  # something happened: the summary is printed
    found = versions(two_documents, "securecam")
    assert [v["number"] for v in found] == [1, 2]
    assert found[1]["summary"] == {"added": 1, "removed": 0, "modified": 2, "renumbered": 0}
    report = latest_report(tmp_path)
    (changed,) = [d for d in report["documents"] if d["outcome"] == "changed"]  # type: ignore[attr-defined]
    article_8 = next(c for c in changed["comparison"]["changes"] if c["new_key"] == "8")
    assert {"type": "duration", "old": "3か月", "new": "1か月"} in article_8["key_terms"]
    diff = run(two_documents, "diff", "securecam", "--format", "json")
    assert diff.exit_code == 1
    diffed = json.loads(diff.stdout)
    assert "fees" in next(c for c in diffed["changes"] if c["new_key"] == "appendix")["flags"]
    assert "notice-shorter-than-promised" in [f["code"] for f in diffed["obligations"]]


@pytest.mark.parametrize("fault", ["404", "500", "reset", "truncate", "slow"])
def test_a_failing_document_exits_3_and_the_others_are_processed(
    tmp_path: Path, site: Site, two_documents: Path, fault: str
) -> None:
    if fault == "slow":
        site.delays["/securecam.txt"] = 4.0  # over the configured 2 s read timeout
    else:
        site.fail("/securecam.txt", fault)
    result = run(two_documents, "check")
    assert result.exit_code == 3, result.output
    assert "securecam" in result.stdout
    assert versions(two_documents, "securecam") == []
    assert [v["number"] for v in versions(two_documents, "beta")] == [1]
    report = latest_report(tmp_path)
    outcomes = {d["id"]: d for d in report["documents"]}  # type: ignore[attr-defined]
    assert outcomes["securecam"]["outcome"] == "failed"
    assert outcomes["securecam"]["error"]
    assert outcomes["beta"]["outcome"] == "first"


def test_a_stub_page_is_suspect_not_a_mass_deletion_until_accepted(
    tmp_path: Path, site: Site, two_documents: Path
) -> None:
    assert run(two_documents, "check").exit_code == 0
    stub = "\n".join(
        ["利用規約", "第1条（目的）", "メンテナンス中です。", "第2条（その他）", "お待ちください。"]
    )
    site.put("/securecam.txt", stub.encode(), TEXT)
    result = run(two_documents, "check")
    assert result.exit_code == 3
    assert [v["number"] for v in versions(two_documents, "securecam")] == [1]
    assert run(two_documents, "accept", "securecam", "--yes").exit_code == 0
    assert [v["number"] for v in versions(two_documents, "securecam")] == [1, 2]


def test_an_overlapping_run_waits_then_exits_with_a_clear_message(
    tmp_path: Path, site: Site
) -> None:
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    config = write_config(tmp_path, site, {"beta": "/beta.txt"}, lock_timeout=0.3)
    with exclusive_lock(tmp_path / "tracker.db.lock", timeout=1):
        result = run(config, "check")
    assert result.exit_code == 2
    assert "another tracker run holds" in result.stderr
    assert run(config, "check").exit_code == 0


def test_only_checks_the_named_documents_and_rejects_unknown_ids(
    tmp_path: Path, two_documents: Path
) -> None:
    assert run(two_documents, "check", "--only", "beta").exit_code == 0
    assert versions(two_documents, "securecam") == []
    result = run(two_documents, "check", "--only", "nope")
    assert result.exit_code == 2
    assert "nope" in result.stderr


def test_a_run_killed_mid_way_leaves_a_consistent_store_and_the_next_run_completes(
    tmp_path: Path, site: Site
) -> None:
    paths = {f"doc{n}": f"/doc{n}.txt" for n in range(6)}
    for n, path in enumerate(paths.values()):
        site.put(path, (SEED_003 if n % 2 else SEED_004).encode(), TEXT)
        site.delays[path] = 0.4
    config = write_config(tmp_path, site, paths, concurrency=1)
    tracker = Path(sys.executable).with_name("tracker")
    process = subprocess.Popen(
        [str(tracker), "--config", str(config), "check"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while len(site.requests) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    database = tmp_path / "tracker.db"
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for delay_path in paths.values():
        site.delays[delay_path] = 0.0
    result = run(config, "check")
    assert result.exit_code == 0, result.output
    for document_id in paths:
        found = versions(config, document_id)
        assert [v["number"] for v in found] == [1]
        sha = str(found[0]["sha256"])
        assert (tmp_path / "snapshots" / sha[:2] / sha).is_file()
    assert not list((tmp_path / "reports").glob(".*.tmp"))


def test_own_obligations_from_the_config_are_due_in_the_run_report(
    tmp_path: Path, site: Site, two_documents: Path
) -> None:
    with two_documents.open("a", encoding="utf-8") as config:
        config.write(
            '[[obligations]]\nwhen = ["fees"]\nwithin_days = 30\naction = "tell resellers"\n'
        )
    assert run(two_documents, "check").exit_code == 0
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    assert run(two_documents, "check").exit_code == 0
    report = latest_report(tmp_path)
    (changed,) = [d for d in report["documents"] if d["outcome"] == "changed"]  # type: ignore[attr-defined]
    own = [f for f in changed["obligations"] if f["code"] == "own-obligation-due"]
    assert own and "tell resellers" in own[0]["message"]
    assert own[0]["location"] == "別紙第4号"
    obligations = run(two_documents, "obligations", "securecam", "1")
    assert obligations.exit_code == 0
    assert "securecam v1" in obligations.stdout and "第8条第2項" in obligations.stdout
