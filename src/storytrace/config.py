"""Settings: the packaged ``defaults.toml`` merged with an optional user file."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError

ENV_VAR = "STORYTRACE_CONFIG"


def _merge(base: dict[str, Any], over: dict[str, Any], where: str) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if key not in base:
            raise ConfigError(f"{where}: unknown setting '{key}' (see storytrace/defaults.toml)")
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: '{key}' must be a table")
            out[key] = _merge(base[key], value, f"{where}[{key}]")
        else:
            out[key] = value
    return out


class _Settings:
    """``load_settings(user_file=None)``: the defaults, overridden by ``user_file`` or
    ``$STORYTRACE_CONFIG`` if set. ``load_settings.cache_clear()`` forgets loaded files."""

    def __call__(self, user_file: str | None = None) -> dict[str, Any]:
        return _load(user_file or os.environ.get(ENV_VAR) or None)

    @staticmethod
    def cache_clear() -> None:
        _load.cache_clear()


load_settings = _Settings()


@lru_cache(maxsize=8)
def _load(path: str | None) -> dict[str, Any]:
    # Cached per resolved path, so a changed $STORYTRACE_CONFIG takes effect.
    text = resources.files("storytrace").joinpath("defaults.toml").read_text("utf-8")
    settings = tomllib.loads(text)
    if path:
        p = Path(path)
        try:
            user = tomllib.loads(p.read_text("utf-8"))
        except OSError as exc:
            raise ConfigError(f"{p}: cannot read settings file ({exc.strerror})") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{p}: not valid TOML ({exc})") from exc
        settings = _merge(settings, user, str(p))
    return settings


def section(name: str, user_file: str | None = None) -> dict[str, Any]:
    """One table of the settings, e.g. ``section("clean")``."""
    return dict(load_settings(user_file).get(name, {}))
