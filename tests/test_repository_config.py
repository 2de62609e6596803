"""The repository's own tracker.toml: running tracker in a checkout keeps what it fetches out of
the bundled data, and the commands that only read leave nothing behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.config import load_config

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "snapshots"


def test_the_repositorys_config_keeps_fetched_data_out_of_the_bundled_snapshots() -> None:
    config = load_config(ROOT / "tracker.toml")
    for path in (config.database, config.snapshots, config.reports):
        resolved = path.resolve()
        assert not resolved.is_relative_to(BUNDLED), path
        assert resolved.parent != ROOT, f"{path}: in the repository root"
        assert resolved.is_relative_to(ROOT / "var")
    assert "/var/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    "command",
    [
        ["log", "soracam"],
        ["log", "soracam", "--format", "json"],
        ["diff", "soracam"],
        ["show", "soracam"],
        ["status"],
        ["changes", "--since", "30d"],
        ["obligations", "soracam"],
        ["notify"],
        ["report", "--format", "json"],
    ],
)
def test_reading_commands_create_no_database_and_no_folders(
    tmp_path: Path, command: list[str]
) -> None:
    shutil.copy(ROOT / "tracker.toml", tmp_path / "tracker.toml")
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "tracker.toml"), *command])
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 2), result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.toml"]


def test_log_in_the_checkout_itself_leaves_the_checkout_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = sorted(p.name for p in ROOT.iterdir())
    bundled = sorted(str(p) for p in BUNDLED.rglob("*"))
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["log", "soracam"])
    assert result.exit_code == 0, result.output
    assert "no versions stored yet" in result.stdout
    assert sorted(p.name for p in ROOT.iterdir()) == before
    assert sorted(str(p) for p in BUNDLED.rglob("*")) == bundled
