"""What `check` tells the person or the cron job that ran it: aligned lines whatever the width
of the labels, the high findings with our deadline and what to do, and — with
`--exit-changed` — an exit status that says an agreement changed, while the contract's
0 / 3 / 2 stay as they were without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.http import Site
from support.run import REVISION_003, SEED_003, SEED_004, TEXT, run, write_config

from tracker.report.columns import width


@pytest.fixture
def config(tmp_path: Path, site: Site) -> Path:
    site.put("/securecam.txt", SEED_003.encode(), TEXT)
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    documents = {
        "securecam": site.url("/securecam.txt"),
        "a-rather-long-document-id": site.url("/beta.txt"),
    }
    return write_config(tmp_path, documents, names={"securecam": "セキュアカメラ利用規約"})


def test_the_lines_stay_aligned_with_wide_labels_and_long_ids(site: Site, config: Path) -> None:
    first = run(config, "check")
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    site.fail("/beta.txt", "500")
    second = run(config, "check")
    for result in (first, second):
        lines = [line for line in result.stdout.splitlines()[:2]]
        # the third column starts at the same terminal column on every line
        starts = [width(line[: line.index("v1")]) for line in lines if "v1" in line]
        starts += [width(line[: line.index("HTTP")]) for line in lines if "HTTP" in line]
        assert len(starts) == 2 and len(set(starts)) == 1, result.stdout
    assert "初回取得  v1" in first.stdout


def test_check_prints_the_high_findings_with_our_deadline_and_what_to_do(
    site: Site, config: Path
) -> None:
    run(config, "check")
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    result = run(config, "check")
    out = result.stdout
    assert "重要  securecam 第8条第2項: 第8条第2項は基本サービスの重要な変更の3か月前まで" in out
    assert "    当社の期限 " in out and " · 提供者の期限 " in out
    assert "    対応: 第8条第2項の約束どおり通知があったか提供者に確認し" in out
    assert "要確認" not in out.split("report:")[0].split("\n", 2)[2]  # only the high ones
    assert out.rstrip().splitlines()[-1].startswith("report: ")


def test_without_the_flag_the_exit_status_is_the_contracts(site: Site, config: Path) -> None:
    assert run(config, "check").exit_code == 0  # first versions
    assert run(config, "check").exit_code == 0  # nothing changed
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    assert run(config, "check").exit_code == 0  # changed: still 0, as the contract says
    site.fail("/beta.txt", "500")
    assert run(config, "check").exit_code == 3


def test_exit_changed_tells_cron_an_agreement_changed(site: Site, config: Path) -> None:
    assert run(config, "check", "--exit-changed").exit_code == 0  # first versions: no change
    assert run(config, "check", "--exit-changed").exit_code == 0  # nothing happened
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    assert run(config, "check", "--exit-changed").exit_code == 1  # changed, all fetched
    site.fail("/beta.txt", "500")
    assert run(config, "check", "--exit-changed").exit_code == 3  # failed, nothing changed
    site.put("/securecam.txt", SEED_003.encode(), TEXT)
    assert run(config, "check", "--exit-changed").exit_code == 5  # changed and failed


def test_the_run_records_the_status_it_exits_with(tmp_path: Path, site: Site, config: Path) -> None:
    import sqlite3

    run(config, "check")
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    run(config, "check", "--exit-changed")
    with sqlite3.connect(tmp_path / "tracker.db") as db:
        statuses = [row[0] for row in db.execute("SELECT exit_status FROM runs ORDER BY id")]
    assert statuses == [0, 1]
