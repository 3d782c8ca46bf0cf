"""CPU seconds and memory of an analysis whose parser runs in a process of its own.

A cold analysis starts spaCy in a child process (storytrace/quotes/preload.py); its CPU
seconds are the analysis's too, and ``time.process_time()`` does not see them. Read here
from ``/proc`` (Linux; elsewhere the child counts 0)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any


def parser_process() -> Any:
    """The parser's live process when the analysis started one, else None."""
    preload = sys.modules.get("storytrace.quotes.preload")
    child = getattr(preload, "_child", None)
    return child if child is not None and child.poll() is None else None


def cpu_now() -> float:
    """CPU seconds of this process and of a live parser process it started."""
    total = time.process_time()
    child = parser_process()
    if child is not None:
        try:
            fields = Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


def parser_peak_mb() -> float:
    """Peak resident memory of a live parser process (VmHWM), 0 when there is none."""
    child = parser_process()
    try:
        for line in Path(f"/proc/{child.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (AttributeError, OSError, ValueError):
        pass
    return 0.0
