"""Driving `tracker check` end to end for report and notification tests: a config file pointing
at a loopback `Site`, the real CLI, and the files it writes.

Their dates move with the suite's today (support/clock.py): `REVISION_003` (a shorter notice
period and a fee rise) takes effect `EFFECTIVE`, a week after the suite's today whatever day
that is, as it did on 2026-11-24."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from support.clock import dated, on_suite_day
from support.render import seed_text
from tracker.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SEED_003 = dated(seed_text("003_4624b84317b8ee68.txt"))
SEED_004 = dated(seed_text("004_dd3f312f96aab035.txt"))
REVISION_003 = dated(
    (ROOT / "snapshots" / "revisions" / "003_v2_notice_and_fee.txt").read_text(encoding="utf-8")
)
EFFECTIVE = on_suite_day(date(2026, 12, 1))  # REVISION_003's 附則: 2026年12月1日から改定実施
TEXT = "text/plain; charset=utf-8"


def write_config(
    folder: Path, documents: dict[str, str], *, extra: str = "", names: dict[str, str] | None = None
) -> Path:
    """A tracker.toml in `folder` tracking `documents` (id → URL), plus `extra` TOML."""
    lines = ["[tracker]", "host_delay = 0", "retries = 0", "timeout = 2"]
    for document_id, url in documents.items():
        lines += ["[[documents]]", f'id = "{document_id}"', f"url = {json.dumps(url)}"]
        if names and document_id in names:
            lines.append(f"name = {json.dumps(names[document_id], ensure_ascii=False)}")
    config = folder / "tracker.toml"
    config.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return config


def run(config: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--config", str(config), *args], catch_exceptions=False)


def assert_one_line_error(result: Result, *words: str) -> None:
    """Exit status 2 and one line on stderr, `tracker: error: …` with each of `words`."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tracker: error: ")
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0]


def report_files(folder: Path, suffix: str) -> list[Path]:
    """The run reports with `suffix`, oldest first (index.html excluded)."""
    return sorted(p for p in (folder / "reports").glob(f"*-run*{suffix}"))


def latest_json(folder: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(report_files(folder, ".json")[-1].read_text("utf-8"))
    return data


def run_report(config: Path, run_id: str = "latest") -> dict[str, Any]:
    """A run's JSON report as `tracker report RUN --format json` renders it: what `check`
    wrote, or would have written for a run where nothing happened (it writes none)."""
    result = run(config, "report", run_id, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data
