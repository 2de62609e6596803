"""The Jinja2 environment every HTML view renders through: autoescape on for everything, so
document text (which may contain `<script>`, `onerror=`, `javascript:`) is always text."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from tracker.report.comparison_parts import FLAG_JA, OMITTED


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("tracker.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(flag_ja=FLAG_JA, omitted=OMITTED)
    return env


@cache
def stylesheet() -> str:
    """The one style sheet, inlined into every page."""
    return (files("tracker.report") / "templates" / "report.css").read_text(encoding="utf-8")


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(css=stylesheet(), **context)
