"""Running tracker day to day: `status` (alias `list`) shows every document at a glance and
`changes --since` what changed in a period, in every format."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from support.clock import today
from support.http import Site
from support.run import REVISION_003, SEED_003, SEED_004, TEXT, run, write_config

from tracker.cli.overview import since_day
from tracker.report.history_page import history_page_name

NAMES = {"securecam": "セキュアカメラ利用規約", "beta": "ベータ版規約"}


@pytest.fixture
def config(tmp_path: Path, site: Site) -> Path:
    """Two runs: securecam revised in the second, beta failing since then."""
    site.put("/securecam.txt", SEED_003.encode(), TEXT)
    site.put("/beta.txt", SEED_004.encode(), TEXT)
    documents = {"securecam": site.url("/securecam.txt"), "beta": site.url("/beta.txt")}
    path = write_config(tmp_path, documents, names=NAMES)
    run(path, "check")
    site.put("/securecam.txt", REVISION_003.encode(), TEXT)
    site.fail("/beta.txt", "500")
    run(path, "check")
    return path


def test_status_lists_every_document_with_its_state(config: Path) -> None:
    result = run(config, "status")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "id",
        "name",
        "last",
        "checked",
        "versions",
        "last",
        "change",
        "state",
    ]
    securecam = next(line for line in lines if line.startswith("securecam"))
    assert f"v2 {today()}" in securecam and securecam.endswith("ok")
    beta = next(line for line in lines if line.startswith("beta "))
    assert beta.endswith("failing: 1 check in a row")
    assert any(line.startswith("beta: last error: HTTP 500") for line in lines)
    assert run(config, "list").stdout == result.stdout


def test_status_json_is_for_scripts(config: Path) -> None:
    data = json.loads(run(config, "status", "--format", "json").stdout)
    by_id = {d["id"]: d for d in data["documents"]}
    assert list(by_id) == ["securecam", "beta"]  # the configuration's order
    securecam = by_id["securecam"]
    assert securecam["versions"] == 2 and securecam["last_change"]["version"] == 2
    assert securecam["effective"] is not None and securecam["state"] == "ok"
    assert securecam["history"] == history_page_name("securecam")
    assert securecam["last_checked"].startswith(str(today()))
    beta = by_id["beta"]
    assert beta["consecutive_failures"] == 1 and beta["last_error"].startswith("HTTP 500")
    assert beta["last_change"] is None and beta["suspect"] is None


def test_status_shows_a_suspect_snapshot_and_a_document_never_checked(
    tmp_path: Path, site: Site
) -> None:
    site.put("/securecam.txt", SEED_003.encode(), TEXT)
    documents = {"securecam": site.url("/securecam.txt"), "later": site.url("/later.txt")}
    config = write_config(tmp_path, documents)
    run(config, "check", "--only", "securecam")
    site.put("/securecam.txt", "<html><body>メンテナンス中</body></html>".encode(), "text/html")
    run(config, "check", "--only", "securecam")
    data = json.loads(run(config, "status", "--format", "json").stdout)
    securecam, later = data["documents"]
    assert securecam["suspect"]["reason"].startswith("no articles found")
    assert "suspect snapshot held back (tracker accept securecam)" in securecam["state"]
    assert later["state"] == "never checked" and later["versions"] == 0


@pytest.mark.parametrize("since", ["7d", "1d", "0d", "TODAY"])
def test_changes_since_lists_the_change_with_its_findings(config: Path, since: str) -> None:
    since = str(today()) if since == "TODAY" else since
    result = run(config, "changes", "--since", since)
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(f"changes since {since_day(since, today())}")
    assert "securecam  セキュアカメラ利用規約  v1 → v2: 3 changes" in out
    assert "high    第8条第2項 promises written notice 3 months" in out
    assert (
        f"history: file://{config.parent.resolve()}/reports/{history_page_name('securecam')}#v2"
        in out
    )


def test_changes_before_the_period_are_not_listed(config: Path) -> None:
    tomorrow = str(today() + timedelta(days=1))
    out = run(config, "changes", "--since", tomorrow).stdout
    assert out.startswith(f"changes since {tomorrow}") and "none" in out.splitlines()[0]
    html = run(config, "changes", "--since", tomorrow, "--format", "html").stdout
    assert "この期間に変更された規約はありません。" in html


def test_changes_in_markdown_html_and_json(config: Path) -> None:
    markdown = run(config, "changes", "--format", "markdown").stdout
    assert markdown.startswith(f"# {today() - timedelta(days=7)} 以降の変更")
    assert "## セキュアカメラ利用規約 (`securecam`): v1 → v2" in markdown
    assert (
        "- **重要** 第8条第2項（提供者の期限" in markdown
        and "| 改定後 | 改定前 | 備考 |" in markdown
    )
    html = run(config, "changes", "--format", "html").stdout
    assert '<section class="agreement" id="change-1">' in html
    assert "<h3>新旧対照表</h3>" in html and "当社の期限" in html
    data = json.loads(run(config, "changes", "--format", "json").stdout)
    (change,) = data["changes"]
    assert (change["document"], change["previous"], change["version"]) == ("securecam", 1, 2)
    assert change["obligations"][0]["code"] == "notice-shorter-than-promised"
    assert change["comparison"]["summary"] == {
        "added": 1,
        "removed": 0,
        "modified": 2,
        "renumbered": 0,
    }
    assert change["report"].endswith("-run2.html")
    english = run(config, "changes", "--format", "markdown", "--language", "en").stdout
    assert "Changes since" in english and "**high**" in english


@pytest.mark.parametrize("bad", ["week", "7", "2026-13-01", "-3d"])
def test_a_bad_since_is_one_line(config: Path, bad: str) -> None:
    result = run(config, "changes", "--since", bad)
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("tracker: error: --since") and len(result.stderr.splitlines()) == 1
    )
