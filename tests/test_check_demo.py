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
    # The demo runs on its own clock: first seen 2026-11-24 whatever today is, a week before
    # the revision takes effect, where 3 months' notice was promised (the README's figures).
    findings = [(f["severity"], f["code"], f["due"], f["days"]) for f in securecam["obligations"]]
    assert findings[0] == ("high", "notice-shorter-than-promised", "2026-09-02", 7)
    assert ("medium", "adverse-change-548-4", "2026-12-01", 7) in findings
    assert "observed 7 days" in securecam["obligations"][0]["message"]
    assert first.name.startswith("20261124T0632") and second.name.startswith("20261124T0632")
    assert "## 要対応（期限の近い順）" in second.with_suffix(".md").read_text(encoding="utf-8")
    log = CliRunner().invoke(
        cli, ["--config", str(tmp_path / "tracker.toml"), "log", "securecam", "--format", "json"]
    )
    versions = json.loads(log.stdout)["versions"]
    assert [v["number"] for v in versions] == [1, 2]
    assert versions[1]["dates"]["effective"] == "2026-12-01"
