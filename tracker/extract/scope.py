"""What of an HTML page is the agreement, as one value: the CSS selector of its root and the
selectors of elements to leave out (`remove`: cookie banners, overlays).

The history keeps this value with every fetch and version (the store's `selector` column), so a
version is derived again exactly as it was (rebuild, accept, technical upgrades), and a change
of either setting is seen as a new way of reading the same snapshot. Without removals the value
is the selector itself, as it always was; with them it is canonical JSON, which no CSS selector
can be mistaken for (none starts with "{").
"""

from __future__ import annotations

import json
from collections.abc import Sequence


def scope_key(selector: str | None, remove: Sequence[str] = ()) -> str | None:
    """The value stored for `selector` and `remove`; the order of `remove` does not matter.

    >>> scope_key("main"), scope_key(None)
    ('main', None)
    >>> scope_key("main", ["#cookie", ".overlay", "#cookie"])
    '{"remove":["#cookie",".overlay"],"selector":"main"}'
    """
    if not remove:
        return selector
    scope = {"selector": selector, "remove": sorted(set(remove))}
    return json.dumps(scope, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def scope_of(key: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The selector and the removals a stored value stands for.

    >>> scope_of('{"remove":["#cookie"],"selector":null}'), scope_of("main")
    ((None, ('#cookie',)), ('main', ()))
    """
    if key is None or not key.startswith("{"):
        return key, ()
    scope = json.loads(key)
    return scope["selector"], tuple(scope["remove"])
