"""Shell completion (bash, zsh, fish through click): commands, and document ids from the
tracker.toml the command line names."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support.history import history_config

from tracker.cli import cli


def complete(words: str, *, shell: str = "bash") -> list[str]:
    """What the shell would offer after `words` (the last one being completed)."""
    parts = words.split(" ")
    env = {
        "_TRACKER_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
    }
    result = CliRunner().invoke(cli, [], env=env, prog_name="tracker")
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_document_ids_complete_from_the_configured_file(tmp_path: Path) -> None:
    config = history_config(tmp_path)
    assert complete(f"tracker --config {config} log s") == ["plain,securecam"]
    assert complete(f"tracker --config {config} diff ") == ["plain,securecam", "plain,beta"]
    assert complete(f"tracker --config {config} check --only b") == ["plain,beta"]
    assert complete(f"tracker --config {config} forget be") == ["plain,beta"]


def test_the_default_config_is_read_from_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert complete("tracker show s") == ["plain,securecam"]


def test_a_missing_or_broken_config_completes_nothing_and_says_nothing(tmp_path: Path) -> None:
    assert complete(f"tracker --config {tmp_path / 'none.toml'} log ") == []
    broken = tmp_path / "broken.toml"
    broken.write_text("[tracker\n", encoding="utf-8")
    assert complete(f"tracker --config {broken} log ") == []


def test_commands_complete_too() -> None:
    offered = complete("tracker st")
    assert "plain,status" in offered
    assert "plain,changes" in complete("tracker ch")
