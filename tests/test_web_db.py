"""The service's tables are on Alembic (their own chain, ``web_alembic_version``): a new
database is created at the head revision, a database made by the first service release
(tables versioned by hand in ``web_schema_version``) or before any versioning is upgraded
in place with its rows, and one made by a newer storytrace is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="pip install 'storytrace[web]'")

import sqlalchemy as sa
from sqlalchemy import create_engine, select

from storytrace.errors import StorytraceError
from storytrace.store import Store
from storytrace.store.schema import engine_url
from storytrace.web import auth, db

# The tables as the first service release created them (its ``metadata.create_all`` and
# migration 1, written out for SQLite and PostgreSQL: ``{serial}`` is the id column's
# type), then its version row. Rows of every kind go in before the upgrade.
OLD_DDL = """
CREATE TABLE web_users (id {serial} NOT NULL, name VARCHAR(100) NOT NULL,
    role VARCHAR(16) NOT NULL, pw_hash TEXT NOT NULL, created FLOAT NOT NULL,
    PRIMARY KEY (id), UNIQUE (name));
CREATE TABLE web_sessions (id VARCHAR(64) NOT NULL, user_id INTEGER NOT NULL,
    csrf VARCHAR(64) NOT NULL, expires FLOAT NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(user_id) REFERENCES web_users (id) ON DELETE CASCADE);
CREATE TABLE web_tokens (id {serial} NOT NULL, user_id INTEGER NOT NULL,
    name VARCHAR(100) NOT NULL, scope VARCHAR(8) NOT NULL, hash VARCHAR(64) NOT NULL,
    created FLOAT NOT NULL, revoked FLOAT, last_used FLOAT, PRIMARY KEY (id),
    FOREIGN KEY(user_id) REFERENCES web_users (id) ON DELETE CASCADE, UNIQUE (hash));
CREATE TABLE web_feeds (id {serial} NOT NULL, url TEXT NOT NULL, title TEXT,
    interval_s FLOAT NOT NULL, created FLOAT NOT NULL, last_polled FLOAT, last_error TEXT,
    items INTEGER NOT NULL, PRIMARY KEY (id), UNIQUE (url));
CREATE TABLE web_feed_items (feed_id INTEGER NOT NULL, key TEXT NOT NULL,
    content_hash VARCHAR(64) NOT NULL, seen FLOAT NOT NULL, UNIQUE (feed_id, key),
    FOREIGN KEY(feed_id) REFERENCES web_feeds (id) ON DELETE CASCADE);
CREATE TABLE web_jobs (id {serial} NOT NULL, kind VARCHAR(16) NOT NULL, params TEXT NOT NULL,
    status VARCHAR(12) NOT NULL, step TEXT NOT NULL, done INTEGER NOT NULL,
    total INTEGER NOT NULL, result TEXT, error TEXT, attempts INTEGER NOT NULL,
    user_id INTEGER, created FLOAT NOT NULL, updated FLOAT NOT NULL, PRIMARY KEY (id));
CREATE TABLE web_reports (story_id VARCHAR(100) NOT NULL, members VARCHAR(64) NOT NULL,
    built FLOAT NOT NULL, independent INTEGER NOT NULL, root_title TEXT, root_outlet TEXT,
    outlets TEXT, report_json TEXT NOT NULL, page_html TEXT NOT NULL, markdown TEXT NOT NULL,
    html_file TEXT NOT NULL, PRIMARY KEY (story_id));
"""
OLD_VERSION = """
CREATE TABLE web_schema_version (version {serial} NOT NULL, name VARCHAR(100) NOT NULL,
    applied FLOAT NOT NULL, PRIMARY KEY (version));
INSERT INTO web_schema_version (version, name, applied) VALUES (1, 'initial', 1.0);
"""
OLD_ROWS = """
INSERT INTO web_users (name, role, pw_hash, created) VALUES ('ed', 'editor', 'x', 1.0);
INSERT INTO web_tokens (user_id, name, scope, hash, created) VALUES (1, 't', 'read', 'h', 1.0);
INSERT INTO web_feeds (url, interval_s, created, items) VALUES ('http://f.test/rss', 300, 1, 2);
INSERT INTO web_feed_items (feed_id, key, content_hash, seen) VALUES (1, 'http://f.test/a', 'c', 1);
INSERT INTO web_jobs (kind, params, status, step, done, total, attempts, created, updated)
    VALUES ('poll', '{"feed": 1}', 'queued', 'queued', 0, 0, 0, 1.0, 1.0);
"""


def web_url(store_url: str, tmp_path: Path) -> str:
    return store_url if "://" in store_url else f"sqlite:///{tmp_path / 'web.sqlite'}"


def run_sql(url: str, script: str) -> None:
    engine = create_engine(engine_url(url))
    serial = "SERIAL" if engine.dialect.name == "postgresql" else "INTEGER"
    try:
        with engine.begin() as conn:
            for statement in script.replace("{serial}", serial).split(";"):
                if statement.strip():
                    conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def test_new_database_gets_every_table_and_the_head_revision(
    store_url: str, tmp_path: Path
) -> None:
    engine = db.make_engine(web_url(store_url, tmp_path))
    try:
        auth.add_user(engine, "ada", "admin", "correct horse battery")
        with engine.connect() as conn:
            assert db.current_revision(conn) == db.head()
            assert set(db.metadata.tables) <= set(sa.inspect(conn).get_table_names())
            assert conn.execute(select(db.users.c.name)).scalars().all() == ["ada"]
    finally:
        engine.dispose()
    again = db.make_engine(web_url(store_url, tmp_path))  # opening twice changes nothing
    try:
        with again.connect() as conn:
            rows = conn.execute(select(db.schema_version.c.version)).scalars().all()
            assert db.version(conn) == rows[-1] == len(rows)
    finally:
        again.dispose()


@pytest.mark.parametrize("versioned", [True, False], ids=["release-1", "unversioned"])
def test_database_of_the_first_release_is_upgraded_with_its_rows(
    store_url: str, tmp_path: Path, versioned: bool
) -> None:
    url = web_url(store_url, tmp_path)
    run_sql(url, OLD_DDL + (OLD_VERSION if versioned else "") + OLD_ROWS)
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            assert db.current_revision(conn) == db.head()
            assert conn.execute(select(db.users.c.name)).scalars().all() == ["ed"]
            assert conn.execute(select(db.feeds.c["items"])).scalar() == 2
            assert conn.execute(select(db.feed_items.c.key)).scalar() == "http://f.test/a"
            assert conn.execute(select(db.jobs.c.status)).scalar() == "queued"
            versions = conn.execute(select(db.schema_version.c.version)).scalars().all()
            assert versions == list(range(1, db.version(conn) + 1)), "each number once"
        auth.add_user(engine, "ada", "admin", "correct horse battery")  # ids go on
        with engine.connect() as conn:
            ids = conn.execute(select(db.users.c.id).order_by(db.users.c.id)).scalars()
            assert ids.all() == [1, 2]
    finally:
        engine.dispose()


def test_web_tables_and_store_share_a_postgresql_database(pg_server: object) -> None:
    """Both Alembic chains in one database, each with its own version table."""
    url = pg_server.new_database("both")  # type: ignore[attr-defined]
    with Store(url):
        pass
    db.make_engine(url).dispose()
    with Store(url) as store:
        assert store.count() == 0  # the store still opens: its revision was not touched
    engine = create_engine(engine_url(url))
    try:
        with engine.connect() as conn:
            names = set(sa.inspect(conn).get_table_names())
            store_rev = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            web_rev = conn.exec_driver_sql(f"SELECT version_num FROM {db.VERSION_TABLE}").scalar()
    finally:
        engine.dispose()
    assert {"articles", "alembic_version", db.VERSION_TABLE, "web_users"} <= names
    assert web_rev == db.head() and store_rev != web_rev


def test_database_of_a_newer_storytrace_is_refused(store_url: str, tmp_path: Path) -> None:
    url = web_url(store_url, tmp_path)
    db.make_engine(url).dispose()
    newer = create_engine(engine_url(url))
    with newer.begin() as conn:
        conn.exec_driver_sql(f"UPDATE {db.VERSION_TABLE} SET version_num = 'web9999'")
    newer.dispose()
    with pytest.raises(StorytraceError, match="web9999, made by a newer storytrace"):
        db.make_engine(url)


def test_hand_versioned_database_of_a_newer_release_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.sqlite'}"
    run_sql(url, OLD_DDL + OLD_VERSION.replace("(1, 'initial'", "(7, 'later'"))
    with pytest.raises(StorytraceError, match="newer storytrace"):
        db.make_engine(url)


def test_processes_opening_a_new_database_at_once_migrate_it_once(
    store_url: str, tmp_path: Path
) -> None:
    """The server and its worker process open a new database at the same moment."""
    import subprocess
    import sys

    url = web_url(store_url, tmp_path)
    code = "import sys; from storytrace.web import db; db.make_engine(sys.argv[1]).dispose()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, url], stderr=subprocess.PIPE, text=True)
        for _ in range(2)  # the server and its worker process
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            versions = conn.execute(select(db.schema_version.c.version)).scalars().all()
            assert db.current_revision(conn) == db.head()
    finally:
        engine.dispose()
    assert versions == [1]
