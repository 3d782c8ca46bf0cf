"""The service's tables are versioned: an existing web database is upgraded in place (its
rows kept), a new one is created, one made by a newer storytrace is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="pip install 'storytrace[web]'")

from sqlalchemy import create_engine, insert, select

from storytrace.errors import StorytraceError
from storytrace.store.schema import engine_url
from storytrace.web import auth, db


def web_url(store_url: str, tmp_path: Path) -> str:
    return store_url if "://" in store_url else f"sqlite:///{tmp_path / 'web.sqlite'}"


def test_new_database_gets_every_table_and_the_current_version(
    store_url: str, tmp_path: Path
) -> None:
    engine = db.make_engine(web_url(store_url, tmp_path))
    try:
        auth.add_user(engine, "ada", "admin", "correct horse battery")
        with engine.connect() as conn:
            assert db.version(conn) == len(db.MIGRATIONS)
            assert conn.execute(select(db.users.c.name)).scalars().all() == ["ada"]
    finally:
        engine.dispose()
    again = db.make_engine(web_url(store_url, tmp_path))  # opening twice changes nothing
    try:
        with again.connect() as conn:
            rows = conn.execute(select(db.schema_version.c.version)).scalars().all()
        assert rows == list(range(1, len(db.MIGRATIONS) + 1))
    finally:
        again.dispose()


def test_database_made_before_versioning_is_upgraded_with_its_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.sqlite'}"
    old = create_engine(engine_url(url))
    db.metadata.create_all(old)  # what the first service build did: tables, no version
    with old.begin() as conn:
        conn.execute(insert(db.users).values(name="ed", role="editor", pw_hash="x", created=1.0))
    old.dispose()
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            assert db.version(conn) == len(db.MIGRATIONS)
            assert conn.execute(select(db.users.c.name)).scalars().all() == ["ed"]
    finally:
        engine.dispose()


def test_database_of_a_newer_storytrace_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.sqlite'}"
    db.make_engine(url).dispose()
    newer = create_engine(engine_url(url))
    with newer.begin() as conn:
        conn.execute(
            insert(db.schema_version).values(version=len(db.MIGRATIONS) + 1, name="x", applied=0)
        )
    newer.dispose()
    with pytest.raises(StorytraceError, match="newer storytrace"):
        db.make_engine(url)
