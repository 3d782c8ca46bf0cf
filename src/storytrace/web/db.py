"""The service's own tables (users, sessions, tokens, feeds, jobs, cached reports).

SQLAlchemy Core, so the same tables live in SQLite (``DATA/web.sqlite``, the default) or
in PostgreSQL (``--db postgresql://...``, beside the article store's tables). They are
kept apart from the article store's (``web_`` names) and migrate on their own: an Alembic
chain of their own (``web/migrations``, revision ``webNNNN`` is web schema N) whose
revision is kept in ``web_alembic_version``, so in one PostgreSQL database the store's
``alembic_version`` and this one never meet, and a SQLite ``web.sqlite`` holds only the
service's tables. Why not one chain with the store's: under SQLite the two live in
different files (one chain would create the store's tables in ``web.sqlite`` or the
service's in every store the CLI makes), and a store must stay usable without the
``web`` extra.

:func:`migrate` applies the pending revisions when the service opens its tables (the
store's migration code, ``store.schema.migrate_chain``, with this chain), in one
transaction (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: under an advisory lock, so the
server and its worker process opening a new database at once cannot both create it). A
database made by a newer storytrace (a revision this one does not know) is refused,
never downgraded. Each revision also records its number in ``web_schema_version``, the
table the first service release versioned by hand: a database of that release (version
1) is stamped ``web0001`` and goes on from there, and that release refuses a database a
later revision changed. To change a table: change it here and add a revision.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine

from ..errors import StorytraceError
from ..sqlite_wal import use_wal
from ..store.schema import Chain, chain_head, chain_revision, migrate_chain

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
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(100), nullable=False),
    Column("applied", Float, nullable=False),
)
_BUSY_WAIT_S = 30.0  # how long a connection waits for another's write (SQLite)
MIGRATE_LOCK_KEY = 0x5374_5765  # PostgreSQL advisory lock id of the web schema ("StWe")
SCRIPT_LOCATION = str(Path(__file__).with_name("migrations"))
VERSION_TABLE = "web_alembic_version"


def _legacy_revision(conn: Connection) -> str | None:
    """The revision of a database the first service release versioned by hand."""
    if not inspect(conn).has_table(schema_version.name):
        return None
    legacy = conn.execute(select(func.max(schema_version.c.version))).scalar()
    return f"web{int(legacy):04d}" if legacy else None


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[Connection]:
    """A transaction that one process at a time holds to migrate."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
            return
        with conn.begin():
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATE_LOCK_KEY})
            yield conn


CHAIN = Chain(
    location=SCRIPT_LOCATION,
    version_table=VERSION_TABLE,
    legacy=_legacy_revision,
    lock=_migration_lock,
    newer="{place}: the service's tables are at version {rev}, made by a newer storytrace "
    "(this one knows up to {head}); upgrade storytrace",
    failed="{place}: migrating the service's tables from {rev} to {head} failed ({why}); "
    "the database is unchanged",
    error=StorytraceError,
)


def head() -> str:
    """The newest web revision this storytrace knows."""
    return chain_head(CHAIN)


def version(conn: Connection) -> int:
    """The database's web schema number (0: none of the service's tables yet)."""
    rev = current_revision(conn)
    return int(rev.removeprefix("web")) if rev else 0


def current_revision(conn: Connection) -> str | None:
    """The web tables' Alembic revision; for a database the first service release
    versioned by hand, the revision of its ``web_schema_version``; else None."""
    return chain_revision(conn, CHAIN)


def record_version(number: int, name: str) -> None:
    """For a revision: note its number in ``web_schema_version`` (read by the first
    service release, which refuses a database whose version it does not know)."""
    from alembic import op

    op.execute(insert(schema_version).values(version=number, name=name, applied=now()))


def migrate(engine: Engine, where: str) -> str:
    """Apply the pending revisions (one transaction, under a lock); the resulting one."""
    return migrate_chain(engine, where, CHAIN)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    use_wal(dbapi_conn, _BUSY_WAIT_S)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine on ``url`` (a ``sqlite:///`` file or a ``postgresql://`` database) with
    the service's tables migrated to this storytrace's version."""
    from ..store.schema import engine_url, where

    target = engine_url(url)
    if target.get_backend_name() == "sqlite":
        engine = create_engine(
            target, connect_args={"check_same_thread": False, "timeout": _BUSY_WAIT_S}
        )
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
