"""The `tracker` command: the click group and one module per command family."""

from tracker.cli.group import cli, main

__all__ = ["cli", "main"]
