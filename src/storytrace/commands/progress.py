"""A live progress display on stderr for the :class:`~storytrace.progress.Progress` events
the application layer reports: one rich bar per stage, with counts, rate and ETA."""

from __future__ import annotations

import sys
from typing import Any

from ..progress import Progress


class ProgressBars:
    """Callable progress sink: ``api.ingest(..., progress=bars)``; ``bars.stop()`` at the end.

    Disabled (a no-op) when ``enabled`` is false, e.g. stderr is not a terminal.
    """

    def __init__(self, enabled: bool = True) -> None:
        self._bars: Any = None
        self._tasks: dict[str, Any] = {}
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import (
            Progress as RichProgress,
        )

        self._bars = RichProgress(
            TextColumn("{task.description:<10}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[unit]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[detail]}"),
            console=Console(stderr=True),
            transient=True,
        )
        self._bars.start()

    def __call__(self, event: Progress) -> None:
        if self._bars is None:
            return
        task = self._tasks.get(event.stage)
        if task is None:
            task = self._bars.add_task(
                event.stage, total=event.total, unit=event.unit, detail=event.detail
            )
            self._tasks[event.stage] = task
        self._bars.update(
            task, completed=event.done, total=event.total, detail=event.detail, unit=event.unit
        )

    def stop(self) -> None:
        if self._bars is not None:
            self._bars.stop()
            self._bars = None


def wanted(args: Any) -> bool:
    """Bars unless ``--no-progress`` or stderr is not a terminal."""
    return not getattr(args, "no_progress", False) and sys.stderr.isatty()


_NOTE_TEXT = {
    "renamed-id": "record(s) reused an id already read; each was renamed",
    "missing-id": "record(s) had no 'id'; each was named after its file and line",
}


def print_notes(report: Any, limit: int = 3) -> None:
    """Records read but changed on the way (renamed or made-up ids), counted, a few named."""
    shown: dict[str, int] = {}
    for kind, n in report.note_counts().items():
        text = _NOTE_TEXT.get(kind, kind)
        print(f"storytrace: note: {n:,} {text}:", file=sys.stderr)
        for note in report.notes:
            if note.reason == kind and shown.get(kind, 0) < limit:
                shown[kind] = shown.get(kind, 0) + 1
                print(f"  {note.source}: {note.message}", file=sys.stderr)
        if n > limit:
            print(f"  ... and {n - limit:,} more", file=sys.stderr)
