"""`tracker demo`, the README's first command: two rounds against bundled publications."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tracker.cli import cli


def test_the_demo_finds_the_two_revisions_and_nothing_else(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "--dir", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    first, second = sorted((tmp_path / "reports").glob("*.json"))
    outcomes = [
        {d["id"]: d["outcome"] for d in json.loads(path.read_text(encoding="utf-8"))["documents"]}
        for path in (first, second)
    ]
    assert set(outcomes[0].values()) == {"first"}
    assert outcomes[1] == {
        "soracam": "changed",  # an article inserted, the rest renumbered
        "hajimete": "not-modified",
        "flux": "unchanged",  # new HTML markup, same agreement: fetched, not a version
        "securecam": "changed",  # 3か月 → 1か月, fee raised
        "beta": "not-modified",
    }
    report = json.loads(second.read_text(encoding="utf-8"))
    securecam = next(d for d in report["documents"] if d["id"] == "securecam")
    # First seen is today; whatever today is, 1 month's notice breaks the 3 months promised.
    codes = [(f["severity"], f["code"]) for f in securecam["obligations"]]
    assert ("high", "notice-shorter-than-promised") in codes
    assert any(code == "adverse-change-548-4" for _, code in codes)
    assert "要対応 — obligations" in second.with_suffix(".md").read_text(encoding="utf-8")
    log = CliRunner().invoke(
        cli, ["--config", str(tmp_path / "tracker.toml"), "log", "securecam", "--format", "json"]
    )
    versions = json.loads(log.stdout)["versions"]
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[1]["dates"]["effective"] == "2026-12-01"
