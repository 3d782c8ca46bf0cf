"""WAL mode is set even while another connection holds the new file's lock."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from storytrace.sqlite_wal import use_wal


def test_use_wal_waits_out_another_connections_lock(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")  # as a process migrating the new file holds it
    # no busy handler: SQLite answers "locked" at once, as it does where waiting could deadlock
    other = sqlite3.connect(path, timeout=0)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("PRAGMA journal_mode=WAL")
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    assert use_wal(other, wait_s=10) == "wal"
    assert time.monotonic() - started >= 0.25
    release.join()
    assert use_wal(holder, wait_s=0) == "wal"  # already WAL: read, not switched


def test_use_wal_gives_up_after_its_wait(tmp_path: Path) -> None:
    path = tmp_path / "held.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(path, timeout=0)
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        use_wal(other, wait_s=0.2)
    assert time.monotonic() - started < 2
    holder.execute("COMMIT")


def test_use_wal_leaves_memory_databases_alone() -> None:
    assert use_wal(sqlite3.connect(":memory:"), wait_s=0) == "memory"
