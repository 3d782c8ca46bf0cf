"""Settings as plain dicts: a thin view over :mod:`storytrace.settings`, kept so code
written before the typed settings still runs. New code takes a typed table instead."""

from __future__ import annotations

from typing import Any

from .settings import Settings


def section(name: str, user_file: str | None = None) -> dict[str, Any]:
    """One table as a dict: the packaged defaults, overlaid with ``user_file`` if given.

    Prefer ``Settings.load(user_file).<table>``: it is typed, and a caller that loads the
    settings once can pass them on.
    """
    return Settings.load(user_file).table(name).as_dict()
