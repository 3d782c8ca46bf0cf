"""Open a store (SQLite file or PostgreSQL database) and bring its schema up to date.

The tables are declared once here (SQLAlchemy Core) and created by the Alembic migrations
in ``store/migrations/versions``, the same for both databases. Opening a store runs the
pending migrations in one transaction under the store's write lock, so two processes
opening a new store at once cannot both create it. A store written by a newer storytrace
(a revision this one does not know) is refused, never downgraded.

Stores made before Alembic (storytrace 0.1 kept its version in ``schema_version``, from
``001_initial.sql`` and ``002_lsh_in_memory.sql``) are stamped with the revision that
matches their version and migrated forward from there; revision ``NNNN`` is schema ``N``,
and every migration also records its number in ``schema_version``, so an older storytrace
refuses a store it can no longer write safely.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine

from ..errors import DependencyError, StoreError, StorytraceError
from ..sqlite_wal import use_wal

BUSY_TIMEOUT_MS = 60_000
WRITE_LOCK_KEY = 0x5374_7254  # PostgreSQL advisory lock id of a store's writer ("StrT")
SCRIPT_LOCATION = str(Path(__file__).with_name("migrations"))

metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("id", sa.Text, nullable=False, unique=True),
    sa.Column("ident", sa.Text, nullable=False, unique=True),
    sa.Column("hash", sa.Text, nullable=False),
    sa.Column("norm_hash", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("raw", sa.Text, nullable=False),
    sa.Column("lead", sa.Text, nullable=False),
    sa.Column("chars", sa.Integer, nullable=False),
    sa.Column("meta", sa.Text, nullable=False, server_default="{}"),
    sa.Column("added_at", sa.Text, nullable=False),
    sa.Index("articles_norm_hash", "norm_hash"),
    sa.Index("articles_hash", "hash"),
)
fingerprints = sa.Table(
    "fingerprints",
    metadata,
    sa.Column("seq", sa.Integer, sa.ForeignKey("articles.seq"), primary_key=True),
    sa.Column("minhash", sa.LargeBinary, nullable=False),
    sa.Column("paragraphs", sa.LargeBinary, nullable=False),
)
duplicates = sa.Table(
    "duplicates",
    metadata,
    sa.Column("article", sa.Text, primary_key=True),
    sa.Column("duplicate_of", sa.Text, primary_key=True),
    sa.Column("similarity", sa.Float, nullable=False),
    sa.Column("method", sa.Text, nullable=False),
    sa.Index("duplicates_of", "duplicate_of"),
    sqlite_with_rowid=False,
)
assignments = sa.Table(
    "assignments",
    metadata,
    sa.Column("article", sa.Text, primary_key=True),
    sa.Column("story", sa.Text, nullable=False),
    sa.Index("assignments_story", "story"),
    sqlite_with_rowid=False,
)
stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("first_published", sa.Text),
    sa.Column("last_published", sa.Text),
    sa.Column("languages", sa.Text, nullable=False, server_default="[]"),
    sa.Column("outlets", sa.Text, nullable=False, server_default="[]"),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
)
state = sa.Table(
    "state",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.LargeBinary),
)


def is_url(target: str | os.PathLike[str]) -> bool:
    return "://" in str(target)


def engine_url(target: str | os.PathLike[str]) -> URL:
    """The SQLAlchemy URL of ``--db``: a file path (SQLite) or a ``postgresql://`` URL."""
    if not is_url(target):
        return URL.create("sqlite+pysqlite", database=str(target))
    try:
        url = sa.make_url(str(target))
    except sa.exc.ArgumentError as exc:
        raise StoreError(f"{target}: not a database URL ({exc})") from exc
    if url.get_backend_name() not in ("postgresql", "postgres", "sqlite"):
        raise StoreError(
            f"{url.render_as_string()}: unsupported database; give a file path (SQLite) "
            "or a postgresql://user@host/dbname URL"
        )
    if url.get_backend_name() in ("postgresql", "postgres") and "+" not in url.drivername:
        url = url.set(drivername="postgresql+psycopg")
    return url


def where(url: URL) -> str:
    """How messages name a store: the SQLite file, else the URL without its password."""
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def create_engine(url: URL) -> Engine:
    """An engine with storytrace's connection settings (SQLite: WAL, busy timeout, foreign
    keys; transactions begun explicitly so a writer can take the lock with BEGIN IMMEDIATE)."""
    if url.get_backend_name() != "sqlite":
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise DependencyError("psycopg", extra="postgres") from exc
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # pysqlite's own BEGIN handling off: see _on_begin
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        use_wal(dbapi_conn, BUSY_TIMEOUT_MS / 1000)
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        # 32 MB of page cache: inserts land at random B-tree pages.
        cur.execute("PRAGMA cache_size = -32768")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))

    return engine


@contextmanager
def write_lock(engine: Engine) -> Iterator[Connection]:
    """One transaction holding the store's write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL:
    a transaction-scoped advisory lock). Writers queue here; readers are never blocked."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
            yield conn


# -- migrations ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Chain:
    """An Alembic chain of migrations and how a database keeps its place in it: the
    store's (here) and the service's tables (``web.db``) migrate the same way, each with
    a chain of its own.

    ``legacy`` names the revision of a database versioned by hand before Alembic (None:
    none); ``lock`` is the transaction one migrating process holds at a time; ``newer``
    and ``failed`` are the messages (``{place}``, ``{rev}``, ``{head}``, ``{why}``) of
    ``error`` for a database of a newer storytrace and for a migration that failed.
    """

    location: str
    version_table: str
    legacy: Callable[[Connection], str | None]
    lock: Callable[[Engine], AbstractContextManager[Connection]]
    newer: str
    failed: str
    error: type[StorytraceError]


def _config(chain: Chain, conn: Connection | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", chain.location)
    cfg.attributes["connection"] = conn
    cfg.attributes["version_table"] = chain.version_table
    return cfg


@lru_cache(maxsize=4)
def _script(location: str) -> Any:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", location)
    return ScriptDirectory.from_config(cfg)


def chain_head(chain: Chain) -> str:
    """The newest revision of ``chain`` this storytrace knows."""
    return str(_script(chain.location).get_current_head())


def chain_revision(conn: Connection, chain: Chain) -> str | None:
    """The database's revision in ``chain``; for a database versioned by hand before
    Alembic, the revision of its hand-kept version; None when it has neither."""
    from alembic.runtime.migration import MigrationContext

    ctx = MigrationContext.configure(conn, opts={"version_table": chain.version_table})
    rev = ctx.get_current_revision()
    return str(rev) if rev is not None else chain.legacy(conn)


def migrate_chain(engine: Engine, place: str, chain: Chain) -> str:
    """Apply every pending revision of ``chain`` (one transaction, under its lock, so two
    processes opening a new database at once cannot both create it); return the
    resulting revision. A revision this storytrace does not know is refused."""
    from alembic import command

    head = chain_head(chain)
    known = {s.revision for s in _script(chain.location).walk_revisions()}
    with engine.connect() as conn:
        rev = chain_revision(conn, chain)
        conn.rollback()
    _refuse_unknown(rev, known, place, chain)
    if rev == head:
        return rev
    with chain.lock(engine) as conn:
        rev = chain_revision(conn, chain)  # another process may have migrated meanwhile
        _refuse_unknown(rev, known, place, chain)
        if rev != head:
            cfg = _config(chain, conn)
            try:
                if rev is not None and not sa.inspect(conn).has_table(chain.version_table):
                    command.stamp(cfg, rev)  # versioned by hand: start from its version
                command.upgrade(cfg, "head")
            except sa.exc.SQLAlchemyError as exc:
                why = getattr(exc, "orig", exc)
                raise chain.error(
                    chain.failed.format(place=place, rev=rev, head=head, why=why)
                ) from exc
    return head


def _refuse_unknown(rev: str | None, known: set[str], place: str, chain: Chain) -> None:
    if rev is not None and rev not in known:
        raise chain.error(chain.newer.format(place=place, rev=rev, head=chain_head(chain)))


def _legacy_version(conn: Connection) -> int:
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    value = conn.execute(sa.text("SELECT MAX(version) FROM schema_version")).scalar()
    return int(value or 0)


def _legacy_revision(conn: Connection) -> str | None:
    legacy = _legacy_version(conn)
    return f"{legacy:04d}" if legacy else None


STORE_CHAIN = Chain(
    location=SCRIPT_LOCATION,
    version_table="alembic_version",
    legacy=_legacy_revision,
    lock=write_lock,
    newer="{place}: the store has schema version {rev} but this storytrace knows only up to "
    "{head}; upgrade storytrace or use another --db",
    failed="{place}: migration from {rev} to {head} failed ({why}); the store is unchanged",
    error=StoreError,
)


def head() -> str:
    """The newest revision this storytrace knows."""
    return chain_head(STORE_CHAIN)


def latest_version() -> int:
    """The newest schema number (revision ``NNNN`` is schema ``N``)."""
    return int(head())


def current_revision(conn: Connection) -> str | None:
    """The store's Alembic revision; for a store made before Alembic, the revision of its
    ``schema_version``; None for an empty database."""
    return chain_revision(conn, STORE_CHAIN)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def record_version(number: int, name: str) -> None:
    """For a migration: note its number in ``schema_version`` (read by storytrace 0.1,
    which refuses a store whose version it does not know)."""
    from alembic import op

    op.execute(
        sa.text(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (:v, :n, :t)"
        ).bindparams(v=number, n=name, t=_now())
    )


def migrate(engine: Engine, place: str) -> str:
    """Apply every pending migration (one transaction, under the write lock); return the
    resulting revision."""
    return migrate_chain(engine, place, STORE_CHAIN)


def open_engine(target: str | os.PathLike[str], readonly: bool = False) -> tuple[Engine, str]:
    """Open (or create) a store and migrate it; returns the engine and how to name it.
    Errors (missing, not a store, locked, newer) become :class:`StoreError`."""
    url = engine_url(target)
    place = where(url)
    if url.get_backend_name() == "sqlite":
        path = Path(str(url.database))
        if readonly and not path.exists():
            raise StoreError(
                f"{place}: no store here; run 'storytrace ingest ... --db {place}' first"
            )
        if path.is_dir():
            raise StoreError(f"{place}: is a folder; give --db a file path")
        if not readonly and not path.parent.exists():
            raise StoreError(f"{place}: folder {path.parent} does not exist; create it first")
    engine = create_engine(url)
    try:
        if readonly and url.get_backend_name() != "sqlite":
            with engine.connect() as conn:
                empty = current_revision(conn) is None
            if empty:
                raise StoreError(
                    f"{place}: no store here; run 'storytrace ingest ... --db {place}' first"
                )
        migrate(engine, place)
    except StoreError:
        engine.dispose()
        raise
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise StoreError(
            f"{place}: store is locked or unreachable ({exc.orig}); retry later"
        ) from exc
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        raise StoreError(f"{place}: not a storytrace store ({exc.orig}); use another --db") from exc
    except BaseException:
        engine.dispose()
        raise
    return engine, place
