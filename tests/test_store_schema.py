"""Opening stores: Alembic migrations on SQLite and PostgreSQL, stores made before Alembic
(storytrace 0.1's ``schema_version``) migrated forward with their data, refusals."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from storytrace.errors import StoreError
from storytrace.store import Store, latest_version, load_story_articles
from storytrace.store import schema as store_schema
from storytrace.types import Article

DATA = Path(__file__).parent / "data"
# Made by storytrace at commit a11ba7c (schema_version 2, before Alembic): six invented
# ferry articles (f0..f3, copy0 repeating f0, other), ten near-duplicate links, stories
# st-1 (f0, f1, copy0) and st-2 (other), state keys 'cluster' and 'dedup_signature'.
SCHEMA2_STORE = DATA / "store_schema2.sqlite"
LEGACY_SQL = DATA / "legacy_schema"


def query(store: Store, sql: str) -> list[tuple[object, ...]]:
    with store.read() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def test_new_store_is_at_the_head_revision(store_url: str) -> None:
    with Store(store_url) as store:
        revision = query(store, "SELECT version_num FROM alembic_version")
        versions = query(store, "SELECT version FROM schema_version ORDER BY version")
    assert revision == [(store_schema.head(),)]
    assert [v for (v,) in versions] == list(range(1, latest_version() + 1))


def test_sqlite_store_is_in_wal_mode(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        assert query(store, "PRAGMA journal_mode") == [("wal",)]


def test_reopening_applies_no_migration_twice(store_url: str) -> None:
    Store(store_url).close()
    with Store(store_url) as store:
        versions = query(store, "SELECT version FROM schema_version")
    assert sorted(v for (v,) in versions) == list(range(1, latest_version() + 1))


def test_store_of_newer_version_is_refused(store_url: str) -> None:
    with Store(store_url) as store, store.write() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="upgrade storytrace"):
        Store(store_url)


def test_failed_migration_rolls_back(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store(store_url).close()
    scripts = tmp_path / "migrations"
    shutil.copytree(store_schema.SCRIPT_LOCATION, scripts)
    nxt = latest_version() + 1
    (scripts / "versions" / f"{nxt:04d}_broken.py").write_text(
        "from alembic import op\n"
        f"revision = '{nxt:04d}'\ndown_revision = '{nxt - 1:04d}'\n"
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade() -> None:\n"
        "    op.execute('CREATE TABLE x (a INTEGER)')\n"
        "    op.execute('NOT SQL')\n"
    )
    broken = dataclasses.replace(store_schema.STORE_CHAIN, location=str(scripts))
    monkeypatch.setattr(store_schema, "STORE_CHAIN", broken)
    with pytest.raises(StoreError, match=r"(?s)migration from .* failed.*unchanged"):
        Store(store_url)
    monkeypatch.undo()
    with Store(store_url) as store:
        assert not sa.inspect(store.engine).has_table("x")  # nothing left behind
        assert query(store, "SELECT version_num FROM alembic_version") == [(store_schema.head(),)]


def test_schema2_store_of_storytrace_0_1_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(SCHEMA2_STORE, path)
    with sqlite3.connect(path) as old:
        before = {
            table: old.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("articles", "fingerprints", "duplicates", "assignments", "stories")
        }
        state = dict(old.execute("SELECT key, value FROM state"))
    old.close()
    with Store(path) as store:
        after = {table: query(store, f"SELECT * FROM {table} ORDER BY 1, 2") for table in before}
        assert after == before  # every row of every table, byte for byte
        assert store.get_state("cluster") == state["cluster"] == b"\x00\x01binary\xff"
        assert [s.id for s in store.stories()] == ["st-1", "st-2"]
        assert query(store, "SELECT MAX(version) FROM schema_version") == [(latest_version(),)]
        # The migrated store keeps working: a new copy of f0 links to f0 and its copy.
        f0 = store.get_articles(["f0"])[0]
        stats = store.add_articles([Article(id="again", raw=f0.raw, outlet="Third Paper")])
        assert stats.added == 1
        linked = {k.duplicate_of for k in store.duplicates_of("again")}
        assert {"f0", "copy0"} <= linked
    assert [a.id for a in load_story_articles(path, "st-1")] == ["f0", "f1", "copy0"]


def test_schema1_store_of_storytrace_0_1_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    with sqlite3.connect(path) as old:
        old.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL)"
        )
        old.executescript((LEGACY_SQL / "001_initial.sql").read_text())
        old.execute("INSERT INTO schema_version VALUES (1, '001_initial.sql', 'then')")
        old.execute("INSERT INTO lsh VALUES (1, 1)")
    old.close()
    with Store(path) as store:
        tables = set(sa.inspect(store.engine).get_table_names())
        assert "lsh" not in tables and "paragraphs" not in tables  # schema 2 dropped them
        assert query(store, "SELECT version_num FROM alembic_version") == [(store_schema.head(),)]
        assert store.add_articles([Article(id="n", raw="Some words of a new article.")]).added


def test_older_storytrace_refuses_a_migrated_store(tmp_path: Path) -> None:
    """storytrace 0.1 compared MAX(schema_version) with its two migrations."""
    path = tmp_path / "s.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    conn.close()
    assert version > 2


def test_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="not a storytrace store"):
        Store(path)


def test_missing_store_is_refused_when_reading(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="storytrace ingest"):
        Store(tmp_path / "none.sqlite", readonly=True)


def test_empty_postgresql_database_is_refused_when_reading(store_url: str) -> None:
    if "://" not in store_url:
        Path(store_url).unlink(missing_ok=True)
    with pytest.raises(StoreError, match="no store here"):
        Store(store_url, readonly=True)


def test_store_in_missing_folder_names_the_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nope" / "s.sqlite")


def test_default_path_comes_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYTRACE_DB", str(tmp_path / "env.sqlite"))
    with Store() as store:
        assert store.path == tmp_path / "env.sqlite"
    assert (tmp_path / "env.sqlite").exists()


def test_unreachable_postgresql_is_a_clear_error() -> None:
    pytest.importorskip("psycopg", reason="pip install 'storytrace[postgres]'")
    with pytest.raises(StoreError, match=r"127\.0\.0\.1:1/nowhere: .*unreachable"):
        Store("postgresql://someone:secret@127.0.0.1:1/nowhere")


def test_postgresql_store_is_named_without_its_password(pg_server: object) -> None:
    url = pg_server.new_database()  # type: ignore[attr-defined]
    with_password = url.replace("storytrace@", "storytrace:hunter2@")
    with Store(with_password) as store:
        assert "hunter2" not in str(store.path) and str(store.path).endswith(url[-12:])
        assert store.dialect == "postgresql"


def test_other_databases_are_refused_with_the_choices() -> None:
    with pytest.raises(StoreError, match=r"file path \(SQLite\) or a postgresql"):
        Store("mysql://someone@localhost/db")
