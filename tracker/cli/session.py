"""What the commands of one `tracker` invocation share, loaded only when a command asks for it
(`parse` and `compare` need no tracker.toml): the configuration, the store, the clock."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tracker.clock import Clock, clock_from_environment

if TYPE_CHECKING:
    from tracker.config import Config
    from tracker.store import Store


class Session:
    def __init__(self, config_path: Path) -> None:
        self.config_path = config_path
        self._config: Config | None = None
        self._clock: Clock | None = None

    @property
    def clock(self) -> Clock:
        """The one clock of this command (the system's, or as TRACKER_CLOCK_OFFSET shifts it)."""
        if self._clock is None:
            self._clock = clock_from_environment()
        return self._clock

    @property
    def config(self) -> Config:
        """tracker.toml, read and validated on first use."""
        if self._config is None:
            from tracker.config import load_config

            self._config = load_config(self.config_path)
        return self._config

    def open_store(self, *, read_only: bool = False) -> Store:
        """The store; `read_only` for commands that only read, which never create a database
        or a snapshots folder (`tracker log` in a fresh checkout leaves nothing behind)."""
        from tracker.store import Store

        return Store.open(
            self.config.database, self.config.snapshots, clock=self.clock, create=not read_only
        )
