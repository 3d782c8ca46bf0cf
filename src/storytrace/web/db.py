"""The service's own tables (users, sessions, tokens, feeds, jobs, cached reports).

SQLAlchemy Core, so the same tables live in SQLite (``DATA/web.sqlite``, the default) or
in PostgreSQL (``--db postgresql://...``, beside the article store's tables). They are
kept apart from the article store's (``web_`` names, a version of their own) so that each
migrates on its own.

The schema is versioned: ``web_schema_version`` holds the number of every migration
applied, and :func:`migrate` applies the missing ones of :data:`MIGRATIONS` in order, in
one transaction (PostgreSQL: under an advisory lock, so the server and its worker process
opening a new database at once cannot both create it). A database made by a newer
storytrace (a version this one does not know) is refused, never downgraded. To change a
table: change it here and append a migration that brings a database of the previous
version to it.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine

from ..errors import StorytraceError

metadata = MetaData()

users = Table(
    "web_users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("pw_hash", Text, nullable=False),
    Column("created", Float, nullable=False),
)

sessions = Table(
    "web_sessions",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 of the cookie value
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires", Float, nullable=False),
)

tokens = Table(
    "web_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("scope", String(8), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),  # sha256 of the token
    Column("created", Float, nullable=False),
    Column("revoked", Float),
    Column("last_used", Float),
)

feeds = Table(
    "web_feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False, unique=True),
    Column("title", Text),
    Column("interval_s", Float, nullable=False),
    Column("created", Float, nullable=False),
    Column("last_polled", Float),
    Column("last_error", Text),
    Column("items", Integer, nullable=False, default=0),
)

feed_items = Table(
    "web_feed_items",
    metadata,
    Column("feed_id", Integer, ForeignKey("web_feeds.id", ondelete="CASCADE"), nullable=False),
    Column("key", Text, nullable=False),  # the entry's link (else its id)
    Column("content_hash", String(64), nullable=False),
    Column("seen", Float, nullable=False),
    UniqueConstraint("feed_id", "key"),
)

jobs = Table(
    "web_jobs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("params", Text, nullable=False),
    Column("status", String(12), nullable=False),  # queued, running, done, failed
    Column("step", Text, nullable=False, default=""),
    Column("done", Integer, nullable=False, default=0),
    Column("total", Integer, nullable=False, default=0),
    Column("result", Text),
    Column("error", Text),
    Column("attempts", Integer, nullable=False, default=0),
    Column("user_id", Integer),
    Column("created", Float, nullable=False),
    Column("updated", Float, nullable=False),
)

reports = Table(
    "web_reports",
    metadata,
    Column("story_id", String(100), primary_key=True),
    Column("members", String(64), nullable=False),  # sha256 of the sorted article hashes
    Column("built", Float, nullable=False),
    Column("independent", Integer, nullable=False),
    Column("root_title", Text),
    Column("root_outlet", Text),
    Column("outlets", Text),  # JSON list: every member's outlet as the analysis named it
    Column("report_json", Text, nullable=False),
    Column("page_html", Text, nullable=False),
    Column("markdown", Text, nullable=False),
    Column("html_file", Text, nullable=False),
)


schema_version = Table(
    "web_schema_version",
    MetaData(),
    Column("version", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("applied", Float, nullable=False),
)
MIGRATE_LOCK_KEY = 0x5374_5765  # PostgreSQL advisory lock id of the web schema ("StWe")


def _v1_initial(conn: Connection) -> None:
    """The tables of the first service release (a database made before versioning has
    them already: ``checkfirst`` keeps them and their rows)."""
    metadata.create_all(conn, checkfirst=True)


MIGRATIONS: tuple[tuple[str, Any], ...] = (("initial", _v1_initial),)
"""Migration ``i + 1`` is ``MIGRATIONS[i]``: a name and a function of a connection."""


def version(conn: Connection) -> int:
    """The database's web schema version (0: none of the service's tables yet)."""
    from sqlalchemy import inspect

    if not inspect(conn).has_table(schema_version.name):
        return 0
    return int(conn.execute(select(func.max(schema_version.c.version))).scalar() or 0)


def migrate(engine: Engine, where: str) -> int:
    """Apply the pending migrations; return the resulting version."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATE_LOCK_KEY})
        have = version(conn)
        if have > len(MIGRATIONS):
            raise StorytraceError(
                f"{where}: the service's tables are at version {have}, made by a newer "
                f"storytrace (this one knows {len(MIGRATIONS)}); upgrade storytrace"
            )
        schema_version.create(conn, checkfirst=True)
        for number, (name, step) in enumerate(MIGRATIONS[have:], start=have + 1):
            step(conn)
            conn.execute(insert(schema_version).values(version=number, name=name, applied=now()))
    return len(MIGRATIONS)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine on ``url`` (a ``sqlite:///`` file or a ``postgresql://`` database) with
    the service's tables migrated to this storytrace's version."""
    from ..store.schema import engine_url, where

    target = engine_url(url)
    if target.get_backend_name() == "sqlite":
        engine = create_engine(target, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        from ..store.schema import create_engine as store_engine

        engine = store_engine(target)  # says to install psycopg when it is missing
    try:
        migrate(engine, where(target))
    except BaseException:
        engine.dispose()
        raise
    return engine


def now() -> float:
    return time.time()
