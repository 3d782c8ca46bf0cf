"""WAL mode for storytrace's SQLite files (the corpus store, the service database, the
embedding cache), set in a way that survives processes opening one new file at once.

Switching a database to WAL needs it to itself for a moment, and when another connection is
making the same switch SQLite answers "database is locked" at once instead of waiting out the
busy timeout (it will not wait where waiting could deadlock). A server and its worker process
opening a new service database at the same moment hit exactly that (seen in CI: one of the
two processes died). So the mode is read first (a file already in WAL needs no switch, and the
mode is stored in the file) and the switch is retried, with backoff, until ``wait_s`` is spent.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any


def use_wal(conn: Any, wait_s: float) -> str:
    """Put ``conn``'s database (a DB-API SQLite connection) in WAL mode; the mode it is in.

    An in-memory database stays in ``memory`` mode. Raises :class:`sqlite3.OperationalError`
    when the file is still locked after ``wait_s`` seconds, or on any other error.
    """
    deadline = time.monotonic() + wait_s
    delay = 0.005
    while True:
        try:
            mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
            if mode in ("wal", "memory"):
                return mode
            return str(conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]).lower()
        except sqlite3.OperationalError as exc:
            if not _locked(exc) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.25)


def _locked(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text
