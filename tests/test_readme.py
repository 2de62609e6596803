"""The README's examples are what the real program prints: every `$ tracker …` line of its
code blocks runs, in README order, in one workspace, and prints what the README shows
(`support/readme.py`: `…` elides). Blocks fenced as ```text show output from another setup
(an SMTP server, a crontab) and are not run.

The workspace holds what the examples name: `snapshots/` and `tests/` of this checkout, the
demo's store in `demo/` (`tracker demo --dir demo`, on its own clock), and the re-wrapped seed
`003_rewrapped.txt`. Commands run through bash with this virtualenv's `bin/` first on PATH, as
a reader's shell would after putting `tracker` on the PATH, with stdout and stderr together.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from support.readme import Example, examples, mismatch
from support.render import rewrap

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
EXAMPLES = [e for e in examples(README.read_text(encoding="utf-8")) if e.runs_tracker]
SEED_003 = ROOT / "snapshots" / "seeds" / "003_4624b84317b8ee68.txt"


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["NO_COLOR"] = "1"
    env.pop("TRACKER_SLACK_WEBHOOK", None)
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("readme")
    for name in ("snapshots", "tests"):
        (folder / name).symlink_to(ROOT / name)
    (folder / "003_rewrapped.txt").write_text(
        rewrap(SEED_003.read_text(encoding="utf-8"), 30), encoding="utf-8"
    )
    made = shell("tracker demo --dir demo", folder)
    assert made.returncode == 0, made.stdout
    return folder


def expected_status(example: Example) -> set[int]:
    if example.status is not None:
        return {example.status}
    if any(line.startswith("tracker: error:") for line in example.output):
        return {2}
    words = example.command.split()
    if "compare" in words or "diff" in words:
        return {0, 1}
    return {0}


def test_the_readme_has_examples_to_check() -> None:
    commands = {
        e.command.split()[1]
        if not e.command.startswith("tracker --config")
        else e.command.split()[3]
        for e in EXAMPLES
    }
    assert {"parse", "compare", "demo", "log", "status", "changes", "report"} <= commands


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"README:{e.line}")
def test_each_readme_command_runs_and_prints_what_the_readme_shows(
    workspace: Path, example: Example
) -> None:
    done = shell(example.command, workspace)
    output = done.stdout
    assert done.returncode != 127, f"README line {example.line}: command not found"
    assert "Traceback" not in output, output
    assert done.returncode in expected_status(example), (
        f"README line {example.line}: `{example.command}` exited {done.returncode}:\n{output}"
    )
    if example.output:
        # a temporary folder is where the reader's system puts it: /tmp, here TMPDIR
        shown = output.replace(tempfile.gettempdir().rstrip("/"), "/tmp")
        problem = mismatch(example.output, shown.splitlines())
        assert problem is None, f"README line {example.line}: `{example.command}`\n{problem}"


def test_every_option_of_every_command_is_in_the_readme() -> None:
    """As sqlite-utils' test_docs.py: a new option is documented, or this fails."""
    import click

    from tracker.cli import cli

    text = README.read_text(encoding="utf-8")
    context = click.Context(cli)
    missing = [
        f"tracker {name} {option}"
        for name in cli.list_commands(context)
        for parameter in getattr(cli.get_command(context, name), "params", [])
        if isinstance(parameter, click.Option)
        for option in parameter.opts
        if option.startswith("--") and option != "--help" and option not in text
    ]
    assert missing == []
