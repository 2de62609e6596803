"""The `tracker` command: one click group, one verb per command.

Exit codes follow the contract: 0 ok, 1 changes (compare/diff, like `diff`), 2 error,
3 some documents failed (`check`), 4 tracker could not write its own files (a full disk). Errors
are one line on stderr, never a traceback.

Each command lives in the module of its family and loads only when it runs, so `tracker parse`
does not pay for the store and the fetcher.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import ClassVar

import click

from tracker import __version__
from tracker.cli.session import Session


class LazyGroup(click.Group):
    """Commands whose modules load only when the command runs."""

    lazy: ClassVar[dict[str, str]] = {
        "parse": "tracker.cli.documents:parse",
        "compare": "tracker.cli.documents:compare",
        "obligations": "tracker.cli.documents:obligations",
        "check": "tracker.cli.check:check",
        "demo": "tracker.cli.check:demo",
        "log": "tracker.cli.history:log",
        "diff": "tracker.cli.history:diff",
        "show": "tracker.cli.history:show",
        "import": "tracker.cli.history:import_command",
        "rebuild": "tracker.cli.history:rebuild_command",
        "accept": "tracker.cli.curate:accept",
        "forget": "tracker.cli.curate:forget",
        "report": "tracker.cli.report:report",
        "notify": "tracker.cli.notify:notify",
        "status": "tracker.cli.overview:status",
        "list": "tracker.cli.overview:status",
        "changes": "tracker.cli.overview:changes",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, attribute = self.lazy[name].split(":")
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tracker")
@click.option(
    "--config",
    "config_path",
    default="tracker.toml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The tracker.toml listing the documents to track.",
)
@click.pass_context
def cli(ctx: click.Context, config_path: str) -> None:
    """Track published service agreements article by article: what changed, and what it
    obliges you to do."""
    ctx.obj = Session(Path(config_path))


def main() -> None:
    cli(prog_name="tracker")
