"""The article store: a SQLite file (WAL, the default) or a PostgreSQL database, one schema
and one chain of Alembic migrations for both (``store/migrations``).

API (stable; the clustering stage, ``analyze --db --story`` and the service build on it)::

    Store(path=None, readonly=False)        # path: --db, else $STORYTRACE_DB, else
                                            # ./storytrace.sqlite; a postgresql://... URL
                                            # needs storytrace[postgres]; migrates on open
    Store.path                              # the file (Path), or the URL without password
    Store.add_articles(articles, report=None, progress=None) -> IngestStats
        # idempotent by content hash; links near-duplicates; batches commit atomically;
        # any number of processes may add to one store at once: batches take the store's
        # write lock in turn and link as one sequential run would
    Store.iter_records(batch_size=1000, after_seq=0) -> Iterator[list[ArticleRecord]]
        # ingest order; ArticleRecord(seq, id, hash, title, lead, language, published,
        #                             outlet, url, source, chars)
    Store.texts(ids) -> dict[str, str]          # full raw text by id
    Store.get_articles(ids) -> list[Article]    # rebuilt Articles, ingest order
    Store.count() -> int
    Store.duplicates() -> Iterator[DuplicateLink]; Store.duplicates_of(id) -> list[...]
        # DuplicateLink(article, duplicate_of, similarity, method)
    Store.save_assignments({article_id: story_id})  # upsert; story ids are the caller's
    Store.assignments() -> dict[str, str]
    Store.story_article_ids(story_id) -> list[str]
    Store.refresh_stories(story_ids=None) -> list[StoryInfo]
        # recompute size, time span, languages, outlets, title from the assignments
    Store.save_stories(infos); Store.stories() -> list[StoryInfo]   # largest first
        # StoryInfo(id, size, title, first_published, last_published, languages,
        #           outlets, updated_at)
    Store.get_state(key) -> bytes | None; Store.set_state(key, value)  # free state
    load_story_articles(db_path, story_id) -> list[Article]
    Store.read() / Store.write()   # context managers yielding a SQLAlchemy Connection:
        # a read snapshot, or a transaction holding the write lock (tables: store.schema)

Errors are :class:`~storytrace.errors.StoreError` (missing, locked, unreachable, not a
store, or a schema newer than this storytrace).
"""

from __future__ import annotations

from .ingest import IngestSettings, IngestStats, ingest_articles
from .schema import latest_version
from .store import (
    ArticleRecord,
    DuplicateLink,
    Store,
    StoryInfo,
    default_db_path,
    load_story_articles,
)

__all__ = [
    "ArticleRecord",
    "DuplicateLink",
    "IngestSettings",
    "IngestStats",
    "Store",
    "StoryInfo",
    "default_db_path",
    "ingest_articles",
    "latest_version",
    "load_story_articles",
]
