"""The service's own tables (users, sessions, tokens, feeds, jobs, cached reports).

SQLAlchemy Core, so the same tables live in SQLite (``DATA/web.sqlite``, the default) or
in PostgreSQL (``--db postgresql://...``). They are kept apart from the article store's
tables so that each can migrate on its own.
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
)
from sqlalchemy.engine import Engine

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


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine with the tables created (idempotent)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    metadata.create_all(engine)
    return engine


def now() -> float:
    return time.time()
