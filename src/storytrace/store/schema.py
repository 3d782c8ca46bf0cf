"""Open a store file and bring its schema up to date.

Migrations are the packaged ``store/migrations/NNN_name.sql`` files, applied in order, each
in one transaction together with its row in ``schema_version``. A store written by a newer
storytrace (a higher version than any migration we know) is refused, never downgraded.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from ..errors import StoreError

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 30_000


def migrations() -> list[tuple[int, str, str]]:
    """The packaged migrations as ``(version, file name, sql)``, oldest first."""
    folder = resources.files("storytrace").joinpath("store/migrations")
    found: list[tuple[int, str, str]] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(found) + 1)):
        raise StoreError(f"store migrations are not numbered 1..n: {versions}")
    return found


def latest_version() -> int:
    return len(migrations())


def current_version(conn: sqlite3.Connection) -> int:
    """The schema version of an open store (0 for an empty file)."""
    row = conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name='schema_version'"
    ).fetchone()
    if row is None:
        return 0
    value = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    return int(value or 0)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def migrate(conn: sqlite3.Connection, where: str) -> int:
    """Apply every pending migration; return the resulting version."""
    known = migrations()
    version = current_version(conn)
    if version > len(known):
        raise StoreError(
            f"{where}: the store has schema version {version} but this storytrace knows "
            f"only up to {len(known)}; upgrade storytrace or use another --db"
        )
    for number, name, sql in known[version:]:
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                (number, name, _now()),
            )
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"{where}: migration {name} failed ({exc})") from exc
    return max(version, len(known))


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (comments dropped; no ';' inside literals)."""
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """Open (or create) a store in WAL mode and migrate it; errors become StoreError."""
    where = str(path)
    if readonly and not path.exists():
        raise StoreError(f"{where}: no store here; run 'storytrace ingest ... --db {where}' first")
    if path.is_dir():
        raise StoreError(f"{where}: is a folder; give --db a file path")
    if not readonly and not path.parent.exists():
        raise StoreError(f"{where}: folder {path.parent} does not exist; create it first")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # 32 MB of page cache: LSH and paragraph inserts land at random B-tree pages.
        conn.execute("PRAGMA cache_size = -32768")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{where}: not a storytrace store ({exc}); use another --db") from exc
    try:
        if readonly:
            version = current_version(conn)
            if version != latest_version():
                migrate(conn, where)
        else:
            migrate(conn, where)
    except sqlite3.OperationalError as exc:
        conn.close()
        raise StoreError(f"{where}: store is locked or unreadable ({exc}); retry later") from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{where}: not a storytrace store ({exc}); use another --db") from exc
    except StoreError:
        conn.close()
        raise
    return conn
