"""`tracker.toml`: what to track, where to keep it, how to report and whom to tell."""

from tracker.config.load import DEFAULT_ZONE, Config, DocumentConfig, FetchSettings, load_config
from tracker.config.validate import ConfigError

__all__ = [
    "DEFAULT_ZONE",
    "Config",
    "ConfigError",
    "DocumentConfig",
    "FetchSettings",
    "load_config",
]
