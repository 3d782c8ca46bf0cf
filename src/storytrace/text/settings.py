"""Typed reads of the settings that several stage families share the shape of."""

from __future__ import annotations

from ..errors import ConfigError


def share_setting(table: str, cfg: dict[str, object], key: str, default: float) -> float:
    """A 0-1 setting of ``[table]``; a clear ConfigError when it is not one."""
    value = cfg.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(
            f"[{table}] {key} must be a number from 0 to 1 (got {value!r}): fix your settings file"
        )
    return float(value)


def word_list_setting(table: str, cfg: dict[str, object], key: str) -> list[str]:
    """A list-of-words setting of ``[table]``; a clear ConfigError when it is not one."""
    value = cfg.get(key, [])
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, str) and v.strip() for v in value
    ):
        raise ConfigError(f"[{table}] {key} must be a list of words (got {value!r})")
    return [v.strip() for v in value]
