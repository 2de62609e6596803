"""What the commands of one `tracker` invocation share, loaded only when a command asks for it
(`parse` and `compare` need no tracker.toml)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.config import Config
    from tracker.store import Store


class Session:
    def __init__(self, config_path: Path) -> None:
        self.config_path = config_path
        self._config: Config | None = None

    @property
    def config(self) -> Config:
        """tracker.toml, read and validated on first use."""
        if self._config is None:
            from tracker.config import load_config

            self._config = load_config(self.config_path)
        return self._config

    def open_store(self) -> Store:
        from tracker.store import Store

        return Store.open(self.config.database, self.config.snapshots)
