"""How a document's web page is read: in the headless browser or not, and what of it is left out.

```toml
[[documents]]
id = "spa-terms"
url = "https://example.jp/terms"
render = "browser"          # the terms are written by the page's scripts
wait_for = "#terms h2"      # ready when this matches (else: when the network is quiet)
render_timeout = 30         # seconds for the whole page
remove = ["#cookie-banner", ".modal"]   # left out of the text, in both fetch modes
```

Every selector is checked here as CSS, so a typo is an error naming the line, not a failed run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tracker.config.validate import Allowed, ConfigError, Lines
from tracker.fetch import Render
from tracker.fetch.policy import DEFAULT_RENDER_TIMEOUT

BROWSER = "browser"
PAGE_KEYS: Allowed = {
    "render": str,
    "wait_for": str,
    "render_timeout": (int, float),
    "remove": list,
}
_BROWSER_ONLY = ("wait_for", "render_timeout")


def render_of(
    raw: dict[str, Any], where: tuple[str, int], zone: ZoneInfo, path: Path, lines: Lines
) -> Render | None:
    """`render = "browser"` with its `wait_for` and `render_timeout`; None for a plain fetch."""
    render = raw.get("render")
    if render is None:
        for key in _BROWSER_ONLY:
            if key in raw:
                raise ConfigError(
                    path,
                    f'only with render = "{BROWSER}" (the page is not rendered)',
                    line=lines.of(*where, key),
                    key=key,
                )
        return None
    if render != BROWSER:
        raise ConfigError(
            path,
            f'must be "{BROWSER}" (or leave it out for a plain fetch)',
            line=lines.of(*where, "render"),
            key="render",
        )
    wait_for = raw.get("wait_for")
    if wait_for is not None:
        check_css(wait_for, path, lines.of(*where, "wait_for"), "wait_for")
    timeout = raw.get("render_timeout", DEFAULT_RENDER_TIMEOUT)
    if not timeout > 0:
        raise ConfigError(
            path,
            "must be more than 0 (seconds)",
            line=lines.of(*where, "render_timeout"),
            key="render_timeout",
        )
    return Render(wait_for=wait_for, timeout=float(timeout), timezone=zone.key)


def remove_of(
    raw: dict[str, Any], where: tuple[str, int], path: Path, lines: Lines
) -> tuple[str, ...]:
    """`remove`: CSS selectors of elements left out of the page's text."""
    remove = raw.get("remove", [])
    line = lines.of(*where, "remove")
    if not all(isinstance(selector, str) and selector.strip() for selector in remove):
        raise ConfigError(path, "must be a list of CSS selectors", line=line, key="remove")
    for selector in remove:
        check_css(selector, path, line, "remove")
    return tuple(remove)


def check_css(selector: str, path: Path, line: int | None, key: str) -> None:
    """Refuse what soupsieve (the extractor's CSS engine) cannot parse."""
    import soupsieve  # lazily: only configurations that use these keys pay for it

    try:
        soupsieve.compile(selector)
    except soupsieve.SelectorSyntaxError as error:
        message = str(error).splitlines()[0]
        raise ConfigError(
            path, f"{selector!r} is not a CSS selector ({message})", line=line, key=key
        ) from None
