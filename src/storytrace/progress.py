"""Progress events: what a long step reports while it runs.

A step reports ``Progress(stage, done, total, unit)`` to a callback the caller passes in
(``api.analyze_inputs(..., progress=print)``): the CLI draws a live bar from them, a web
service stores the latest one in its job. Deep inside a stage (the embedder runs in
align, claims and quotes) the callback is not threaded through every signature: the
caller opens :func:`reporting` around the work, and :func:`report` sends to whatever
callback is open in the current context (a :class:`~contextvars.ContextVar`, so threads
and async tasks each see their own).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Progress:
    """``done`` of ``total`` ``unit`` of ``stage`` are finished (``total`` None: unknown).

    ``done == 0`` announces a stage; ``done == total`` ends it.
    """

    stage: str
    done: int
    total: int | None = None
    unit: str = ""
    detail: str = ""

    def __str__(self) -> str:
        of = f"/{self.total:,}" if self.total is not None else ""
        text = f"{self.stage}: {self.done:,}{of} {self.unit}".rstrip()
        return f"{text} ({self.detail})" if self.detail else text


ProgressFn = Callable[[Progress], None]

_CURRENT: ContextVar[ProgressFn | None] = ContextVar("storytrace_progress", default=None)


@contextmanager
def reporting(callback: ProgressFn | None) -> Iterator[None]:
    """Send :func:`report` calls made inside the block to ``callback``."""
    token = _CURRENT.set(callback)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def report(
    stage: str, done: int, total: int | None = None, unit: str = "", detail: str = ""
) -> None:
    """Report progress to the callback of the enclosing :func:`reporting`, if any."""
    callback = _CURRENT.get()
    if callback is not None:
        callback(Progress(stage, done, total, unit, detail))
